package exec

import (
	"crypto/rand"
	"time"
)

// conversionFunctions are the conversion and value-inspection functions
// beyond the core to* ones: new_guid and estimate_data_size
// (https://learn.microsoft.com/kusto/query/scalar-functions#conversion-functions).
var conversionFunctions = []Function{
	{Name: "new_guid", Sig: Fixed(TypeGUID), Scalar: newGUIDRow, Volatile: true},
	{Name: "estimate_data_size", Sig: Variadic(TypeLong, 1, AnyType), Scalar: estimateSizeRow},
}

// newGUIDRow returns a random (version 4) guid.
func newGUIDRow(*Call, []Value) (Value, error) {
	var g GUID
	_, _ = rand.Read(g[:])
	g[6] = g[6]&0x0f | 0x40
	g[8] = g[8]&0x3f | 0x80
	return g, nil
}

// estimateSizeRow estimates the bytes of its arguments: 8 for longs,
// reals, datetimes and timespans, 4 for ints, 1 for bools, 16 for guids
// and decimals, the UTF-8 length of strings, and the size of the
// contents of dynamic values (https://learn.microsoft.com/kusto/query/estimate-data-size-function).
func estimateSizeRow(_ *Call, a []Value) (Value, error) {
	var n int64
	for _, v := range a {
		n += valueSize(v)
	}
	return n, nil
}

func valueSize(v Value) int64 {
	switch x := v.(type) {
	case nil:
		return 0
	case bool:
		return 1
	case int32:
		return 4
	case int64, float64, time.Time, time.Duration:
		return 8
	case Decimal, GUID:
		return 16
	case string:
		return int64(len(x))
	case []Value:
		var n int64
		for _, e := range x {
			n += valueSize(e)
		}
		return n
	case *Bag:
		var n int64
		for i, k := range x.Keys {
			n += int64(len(k)) + valueSize(x.Vals[i])
		}
		return n
	}
	return 0
}
