package exec

import (
	"math"
	"time"
)

// This file holds the argument readers shared by the fn_*.go families.
// The engine checks argument types with a function's Sig but hands the
// values over as they are (an int column stays int32, a dynamic column
// holds any value), so every implementation reads its arguments through
// these converting readers instead of type assertions.

// argStr returns v as text: strings as they are, other scalars as
// tostring gives them; false for null.
func argStr(v Value) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", false
	case string:
		return x, true
	}
	return FormatValue(v), true
}

// argText returns v as text, "" for null (Kusto strings are never null).
func argText(v Value) string {
	s, _ := argStr(v)
	return s
}

// argLong returns v as a long; false for null or a value that does not
// convert.
func argLong(v Value) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case int32:
		return int64(x), true
	case nil:
		return 0, false
	}
	return toInt64(v)
}

// argReal returns v as a real; false for null or a value that does not
// convert.
func argReal(v Value) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	case nil:
		return 0, false
	}
	return toFloat(v)
}

// argTime returns v as a datetime; false for null or text that does not
// parse.
func argTime(v Value) (time.Time, bool) {
	if t, ok := v.(time.Time); ok {
		return t, true
	}
	t, ok := toDateTime(v).(time.Time)
	return t, ok
}

// argSpan returns v as a timespan; false for null or text that does not
// parse.
func argSpan(v Value) (time.Duration, bool) {
	if d, ok := v.(time.Duration); ok {
		return d, true
	}
	d, ok := toTimeSpan(v).(time.Duration)
	return d, ok
}

// argBool returns v as a bool; false for null.
func argBool(v Value) (bool, bool) {
	b, ok := toBool(v).(bool)
	return b, ok
}

// argArray returns v as a dynamic array; false when it is not one.
func argArray(v Value) ([]Value, bool) {
	a, ok := v.([]Value)
	return a, ok
}

// argBag returns v as a property bag; false when it is not one.
func argBag(v Value) (*Bag, bool) {
	b, ok := v.(*Bag)
	return b, ok
}

// finiteOrNull returns f, or null when f is NaN or infinite.
func finiteOrNull(f float64) Value {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return f
}

// strList converts string results to a dynamic array.
func strList(ss []string) []Value {
	out := make([]Value, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// dynOf converts a row value to its dynamic form (int widened to long,
// decimal to real).
func dynOf(v Value) Value { return Convert(v, TypeDynamic) }
