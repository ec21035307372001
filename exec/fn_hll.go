package exec

// hllFunctions read the sketches of the hll aggregates.
var hllFunctions = []Function{
	{Name: "dcount_hll", Sig: Fixed(TypeLong, TypeDynamic), Scalar: dcountHLLRow},
}

// hllTag marks the exact sketch an hll aggregate returns: a bag
// {"hll": [distinct values]}.
const hllTag = "hll"

func hllValue(vals []Value) Value {
	if vals == nil {
		vals = []Value{}
	}
	return &Bag{Keys: []string{hllTag}, Vals: []Value{vals}}
}

func hllValues(v Value) ([]Value, bool) {
	b, ok := argBag(v)
	if !ok {
		return nil, false
	}
	inner, ok := b.Get(hllTag)
	if !ok {
		return nil, false
	}
	arr, ok := argArray(inner)
	return arr, ok
}

// dcountHLLRow counts the distinct values of an hll sketch
// (https://learn.microsoft.com/kusto/query/dcount-hll-function).
func dcountHLLRow(_ *Call, a []Value) (Value, error) {
	vals, ok := hllValues(a[0])
	if !ok {
		return nil, nil
	}
	return int64(len(vals)), nil
}
