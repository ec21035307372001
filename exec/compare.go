package exec

import (
	"bytes"
	"strings"
	"time"

	"github.com/apache/arrow/go/v15/arrow/decimal128"
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
			if c, ok := compareExact(a, b); ok {
				return c
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

// compareExact compares integers and decimals without going through
// float64, which rounds longs above 2^53 and decimals beyond 15 to 17
// significant digits; false when a real is involved.
func compareExact(a, b Value) (int, bool) {
	ia, aInt := integerOf(a)
	ib, bInt := integerOf(b)
	if aInt && bInt {
		return cmpOrdered(ia, ib), true
	}
	da, aDec := a.(Decimal)
	db, bDec := b.(Decimal)
	switch {
	case aDec && bDec:
	case aDec && bInt:
		db = decimalOfInt(ib)
	case aInt && bDec:
		da = decimalOfInt(ia)
	default:
		return 0, false
	}
	return da.Cmp(db.Num), true
}

func integerOf(v Value) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case int32:
		return int64(x), true
	}
	return 0, false
}

// decimalOfInt is n as a decimal, exactly (n·10^18 fits in 128 bits).
func decimalOfInt(n int64) Decimal {
	return Decimal{decimal128.FromI64(n).Mul(decimal128.FromU64(1e18))}
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
