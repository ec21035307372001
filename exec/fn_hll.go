package exec

// hllFunctions read the sketches of the hll aggregates.
var hllFunctions = []Function{
	{Name: "dcount_hll", Sig: Fixed(TypeLong, TypeDynamic), Scalar: dcountHLLRow},
	{Name: "hll_merge", Sig: Variadic(TypeDynamic, 2, TypeDynamic), Scalar: hllMergeRow},
}

// hllMergeRow merges hll sketches (the scalar form of hll_merge)
// (https://learn.microsoft.com/kusto/query/hll-merge-function).
func hllMergeRow(_ *Call, a []Value) (Value, error) {
	seen := map[string]bool{}
	out := []Value{}
	for _, v := range a {
		vals, ok := hllValues(v)
		if !ok {
			return nil, nil
		}
		for _, e := range vals {
			if k := distinctKey(e); !seen[k] {
				seen[k] = true
				out = append(out, e)
			}
		}
	}
	return hllValue(out), nil
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
