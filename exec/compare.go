package exec

import (
	"bytes"
	"strings"
	"time"
)

// CompareValues orders two row values: null first, then numbers
// numerically across int, long, real and decimal, strings by ordinal
// bytes, datetimes, timespans, bools (false first), guids by bytes, and
// dynamic arrays and bags by their JSON text. Values of unrelated types
// order by type.
func CompareValues(a, b Value) int {
	if a == nil || b == nil {
		switch {
		case a == nil && b == nil:
			return 0
		case a == nil:
			return -1
		}
		return 1
	}
	if fa, ok := numberOf(a); ok {
		if fb, ok := numberOf(b); ok {
			if ia, ok := a.(int64); ok {
				if ib, ok := b.(int64); ok {
					return cmpOrdered(ia, ib)
				}
			}
			return cmpOrdered(fa, fb)
		}
	}
	switch x := a.(type) {
	case string:
		if y, ok := b.(string); ok {
			return strings.Compare(x, y)
		}
	case time.Time:
		if y, ok := b.(time.Time); ok {
			return x.Compare(y)
		}
	case time.Duration:
		if y, ok := b.(time.Duration); ok {
			return cmpOrdered(x, y)
		}
	case bool:
		if y, ok := b.(bool); ok {
			switch {
			case x == y:
				return 0
			case !x:
				return -1
			}
			return 1
		}
	case GUID:
		if y, ok := b.(GUID); ok {
			return bytes.Compare(x[:], y[:])
		}
	}
	ta, tb := TypeOfValue(a), TypeOfValue(b)
	if ta != tb {
		return cmpOrdered(ta, tb)
	}
	return bytes.Compare(AppendJSON(nil, a), AppendJSON(nil, b))
}

func numberOf(v Value) (float64, bool) {
	switch x := v.(type) {
	case int32:
		return float64(x), true
	case int64:
		return float64(x), true
	case float64:
		return x, true
	case Decimal:
		return x.Float(), true
	}
	return 0, false
}

func cmpOrdered[T int64 | float64 | time.Duration | Type](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// EqualValues reports whether two non-null values are equal as KQL's ==
// compares them (numbers across numeric types).
func EqualValues(a, b Value) bool {
	return CompareValues(a, b) == 0
}
