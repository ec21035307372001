package exec

import (
	"math"
	"sort"
)

// The tdigest family keeps an exact "digest" here: a bag {"tdigest":
// [values]} holding every value, so percentile_tdigest answers exactly
// (the nearest-rank percentile, as percentile does) where Kusto's
// t-digest estimates (https://learn.microsoft.com/kusto/query/tdigest-aggregation-function).

// tdigestTag is the key of the digest bag.
const tdigestTag = "tdigest"

// tdigestFunctions read and merge digests.
var tdigestFunctions = []Function{
	{Name: "percentile_tdigest", Sig: Fixed(TypeReal, TypeDynamic, TypeReal), Scalar: percentileTDigestRow},
	{Name: "percentiles_array_tdigest", Sig: Variadic(TypeDynamic, 2, AnyType), Scalar: percentilesArrayTDigestRow},
	{Name: "rank_tdigest", Sig: Fixed(TypeLong, TypeDynamic, AnyType), Scalar: rankTDigestRow(false)},
	{Name: "percentrank_tdigest", Sig: Fixed(TypeReal, TypeDynamic, AnyType), Scalar: rankTDigestRow(true)},
	{Name: "merge_tdigest", Aliases: []string{"tdigest_merge"}, Sig: Variadic(TypeDynamic, 1, TypeDynamic), Scalar: mergeTDigestRow},
}

// tdigestAggregates build digests.
var tdigestAggregates = []Aggregate{
	{Name: "tdigest", Prefix: "tdigest", Sig: Optional(TypeDynamic, []Type{AnyType}, TypeLong), Row: tdigestRow(false)},
	{Name: "tdigest_merge", Aliases: []string{"merge_tdigest"}, Prefix: "tdigest_merge", Sig: Fixed(TypeDynamic, TypeDynamic), Row: tdigestRow(true)},
}

func digestValue(vals []Value) Value {
	if vals == nil {
		vals = []Value{}
	}
	return &Bag{Keys: []string{tdigestTag}, Vals: []Value{vals}}
}

func digestValues(v Value) ([]Value, bool) {
	b, ok := argBag(v)
	if !ok {
		return nil, false
	}
	inner, ok := b.Get(tdigestTag)
	if !ok {
		return nil, false
	}
	arr, ok := argArray(inner)
	return arr, ok
}

// tdigestRow collects values (or, for tdigest_merge, the values of
// digests) into a digest.
func tdigestRow(merge bool) *RowAggregate {
	return &RowAggregate{
		Add: func(_ *AggCall, s any, args []Value) any {
			st, _ := s.(*[]Value)
			if st == nil {
				st = &[]Value{}
			}
			if merge {
				vals, _ := digestValues(args[0])
				*st = append(*st, vals...)
			} else if args[0] != nil {
				*st = append(*st, dynOf(args[0]))
			}
			return st
		},
		Merge: mergeSlices[Value],
		Final: func(_ *AggCall, s any) Value {
			st, _ := s.(*[]Value)
			if st == nil {
				// No values: null, as Kusto's default value of
				// tdigest (summarize-operator page).
				return nil
			}
			return digestValue(*st)
		},
		Encode: func(s any) Value { return *s.(*[]Value) },
		Decode: func(v Value) any { arr, _ := v.([]Value); return &arr },
	}
}

// sortedDigest returns a sorted copy of a digest's values.
func sortedDigest(v Value) ([]Value, bool) {
	vals, ok := digestValues(v)
	if !ok {
		return nil, false
	}
	out := append([]Value(nil), vals...)
	sort.SliceStable(out, func(i, j int) bool { return CompareValues(out[i], out[j]) < 0 })
	return out, true
}

func digestPercentile(sorted []Value, p float64) Value {
	if len(sorted) == 0 || math.IsNaN(p) {
		return nil
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	rank = min(max(rank, 1), len(sorted))
	return sorted[rank-1]
}

// percentileTDigestRow is the p-th percentile of a digest
// (https://learn.microsoft.com/kusto/query/percentile-tdigest-function).
func percentileTDigestRow(_ *Call, a []Value) (Value, error) {
	sorted, ok := sortedDigest(a[0])
	p, ok2 := argReal(a[1])
	if !ok || !ok2 {
		return nil, nil
	}
	return digestPercentile(sorted, p), nil
}

// percentilesArrayTDigestRow gives several percentiles of a digest as an
// array (https://learn.microsoft.com/kusto/query/percentile-array-tdigest-function).
func percentilesArrayTDigestRow(_ *Call, a []Value) (Value, error) {
	sorted, ok := sortedDigest(a[0])
	if !ok {
		return nil, nil
	}
	var ps []Value
	for _, v := range a[1:] {
		if arr, isArr := argArray(v); isArr {
			ps = append(ps, arr...)
		} else {
			ps = append(ps, v)
		}
	}
	out := make([]Value, len(ps))
	for i, pv := range ps {
		if p, ok := argReal(pv); ok {
			out[i] = digestPercentile(sorted, p)
		}
	}
	return out, nil
}

// rankTDigestRow counts the digest's values at or below v (the rank), or
// gives that count as a percentage of all values
// (https://learn.microsoft.com/kusto/query/rank-tdigest-function).
func rankTDigestRow(percent bool) ScalarFunc {
	return func(_ *Call, a []Value) (Value, error) {
		vals, ok := digestValues(a[0])
		if !ok || a[1] == nil {
			return nil, nil
		}
		var n int64
		for _, x := range vals {
			if CompareValues(x, dynOf(a[1])) <= 0 {
				n++
			}
		}
		if !percent {
			return n, nil
		}
		if len(vals) == 0 {
			return nil, nil
		}
		return 100 * float64(n) / float64(len(vals)), nil
	}
}

// mergeTDigestRow merges digests (https://learn.microsoft.com/kusto/query/merge-tdigest-function).
func mergeTDigestRow(_ *Call, a []Value) (Value, error) {
	var out []Value
	for _, v := range a {
		vals, ok := digestValues(v)
		if !ok {
			return nil, nil
		}
		out = append(out, vals...)
	}
	return digestValue(out), nil
}
