package exec

import (
	"math"
	"sort"
	"time"
)

// extraAggregates are the aggregates of the KQL reference beyond the
// core ones: the weighted percentile, make_list_with_nulls, the bitwise
// binary_all_* and the hll family
// (https://learn.microsoft.com/kusto/query/aggregation-functions).
var extraAggregates = []Aggregate{
	{Name: "percentilew", Prefix: "percentile", Sig: percentilewSig, Row: percentilewRow, State: dynState},
	{Name: "percentiles_array", Prefix: "percentiles", Sig: percentilesArraySig(false), Row: percentilesArrayRow(false), State: dynState},
	{Name: "percentilesw_array", Prefix: "percentile", Sig: percentilesArraySig(true), Row: percentilesArrayRow(true), State: dynState},
	{Name: "make_list_with_nulls", Prefix: "list", Sig: Optional(TypeDynamic, []Type{AnyType}, TypeLong), Row: listWithNullsRow},
	{Name: "binary_all_and", Prefix: "binary_all_and", Sig: Fixed(TypeLong, TypeLong), Row: bitsRow(func(x, y int64) int64 { return x & y })},
	{Name: "binary_all_or", Prefix: "binary_all_or", Sig: Fixed(TypeLong, TypeLong), Row: bitsRow(func(x, y int64) int64 { return x | y })},
	{Name: "binary_all_xor", Prefix: "binary_all_xor", Sig: Fixed(TypeLong, TypeLong), Row: bitsRow(func(x, y int64) int64 { return x ^ y })},
	{Name: "hll", Prefix: "hll", Sig: Optional(TypeDynamic, []Type{AnyType}, TypeLong), Row: hllRow(false)},
	{Name: "hll_if", Prefix: "hll_if", If: true, Sig: ifSig(Optional(TypeDynamic, []Type{AnyType}, TypeLong)), Row: hllRow(false)},
	{Name: "hll_merge", Prefix: "hll_merge", Sig: Fixed(TypeDynamic, TypeDynamic), Row: hllRow(true)},
	{Name: "buildschema", Prefix: "schema", Sig: Fixed(TypeDynamic, TypeDynamic), Row: buildschemaRow},
}

func percentilewSig(args []Type) (Type, error) {
	if len(args) != 3 {
		return TypeInvalid, arityError(3, 3, len(args))
	}
	if err := checkArg(1, args[1], TypeLong); err != nil {
		return TypeInvalid, err
	}
	if err := checkArg(2, args[2], TypeReal); err != nil {
		return TypeInvalid, err
	}
	if args[0] == TypeInt {
		return TypeLong, nil
	}
	return args[0], nil
}

// weighted is one value of percentilew with its weight.
type weighted struct {
	v Value
	w int64
}

// percentilewRow is the weighted nearest-rank percentile: each value
// counts weight times (https://learn.microsoft.com/kusto/query/percentiles-aggregation-function).
var percentilewRow = &RowAggregate{
	Add: func(_ *AggCall, s any, args []Value) any {
		st, _ := s.(*[]weighted)
		if st == nil {
			st = &[]weighted{}
		}
		w, ok := argLong(args[1])
		if args[0] != nil && ok && w > 0 {
			*st = append(*st, weighted{args[0], w})
		}
		return st
	},
	Merge: mergeSlices[weighted],
	Final: func(c *AggCall, s any) Value {
		st, _ := s.(*[]weighted)
		if st == nil || len(*st) == 0 {
			return nil
		}
		p, _ := argReal(c.Consts[len(c.Consts)-1])
		vals := *st
		sort.Slice(vals, func(i, j int) bool { return CompareValues(vals[i].v, vals[j].v) < 0 })
		var total int64
		for _, x := range vals {
			total += x.w
		}
		rank := int64(math.Ceil(p / 100 * float64(total)))
		rank = min(max(rank, 1), total)
		for _, x := range vals {
			rank -= x.w
			if rank <= 0 {
				return x.v
			}
		}
		return vals[len(vals)-1].v
	},
	Encode: func(s any) Value {
		var out []Value
		for _, x := range *s.(*[]weighted) {
			out = append(out, []Value{dynOf(x.v), x.w})
		}
		return out
	},
	Decode: func(v Value) any {
		arr, _ := v.([]Value)
		st := make([]weighted, 0, len(arr))
		for _, e := range arr {
			if pair, ok := e.([]Value); ok && len(pair) == 2 {
				w, _ := argLong(pair[1])
				st = append(st, weighted{pair[0], w})
			}
		}
		return &st
	},
}

func percentilesArraySig(weighted bool) Signature {
	return func(args []Type) (Type, error) {
		first := 1
		if weighted {
			first = 2
		}
		if len(args) < first+1 {
			return TypeInvalid, arityError(first+1, -1, len(args))
		}
		if weighted {
			if err := checkArg(1, args[1], TypeLong); err != nil {
				return TypeInvalid, err
			}
		}
		for i := first; i < len(args); i++ {
			if err := checkArg(i, args[i], TypeReal); err != nil && args[i] != TypeDynamic {
				return TypeInvalid, err
			}
		}
		return TypeDynamic, nil
	}
}

// percentilesArrayRow is percentiles_array and percentilesw_array: the
// nearest-rank percentiles (weighted by the second argument for the w
// form) of the percentages given as arguments or as one dynamic array,
// as one dynamic array (https://learn.microsoft.com/kusto/query/percentiles-aggregation-function).
func percentilesArrayRow(weightedForm bool) *RowAggregate {
	first := 1
	if weightedForm {
		first = 2
	}
	final := percentilewRow.Final
	return &RowAggregate{
		Add: func(c *AggCall, s any, args []Value) any {
			if !weightedForm {
				args = []Value{args[0], int64(1)}
			}
			return percentilewRow.Add(c, s, args)
		},
		Merge: percentilewRow.Merge,
		Final: func(c *AggCall, s any) Value {
			var ps []Value
			for _, v := range c.Consts[first:] {
				if arr, ok := argArray(v); ok {
					ps = append(ps, arr...)
				} else {
					ps = append(ps, v)
				}
			}
			out := make([]Value, len(ps))
			for i, p := range ps {
				one := &AggCall{Consts: []Value{p}}
				out[i] = dynOf(final(one, s))
			}
			return out
		},
		Encode: percentilewRow.Encode,
		Decode: percentilewRow.Decode,
	}
}

// listWithNullsRow is make_list keeping nulls
// (https://learn.microsoft.com/kusto/query/make-list-with-nulls-aggregation-function).
var listWithNullsRow = &RowAggregate{
	Add: func(_ *AggCall, s any, args []Value) any {
		st, _ := s.(*[]Value)
		if st == nil {
			st = &[]Value{}
		}
		*st = append(*st, dynOf(args[0]))
		return st
	},
	Merge: mergeSlices[Value],
	Final: func(_ *AggCall, s any) Value {
		st, _ := s.(*[]Value)
		if st == nil {
			return []Value{}
		}
		return *st
	},
	Encode: func(s any) Value { return *s.(*[]Value) },
	Decode: func(v Value) any { arr, _ := v.([]Value); return &arr },
}

// bitsRow folds the non-null values of a group with a bitwise operator
// (https://learn.microsoft.com/kusto/query/binary-all-and-aggregation-function).
func bitsRow(op func(x, y int64) int64) *RowAggregate {
	fold := func(a, b any) any {
		x, okx := a.(int64)
		y, oky := b.(int64)
		switch {
		case !okx:
			return b
		case !oky:
			return a
		}
		return op(x, y)
	}
	return &RowAggregate{
		Add: func(_ *AggCall, s any, args []Value) any {
			n, ok := argLong(args[0])
			if !ok {
				return s
			}
			return fold(s, n)
		},
		Merge:  func(_ *AggCall, a, b any) any { return fold(a, b) },
		Final:  func(_ *AggCall, s any) Value { return s },
		Encode: func(s any) Value { return s },
		Decode: func(v Value) any { n, _ := argLong(v); return n },
	}
}

// hllRow is hll (and hll_merge, over hll values): here the "sketch" is
// exact, the array of distinct values, so dcount_hll of it counts
// exactly; Kusto's HyperLogLog estimates within its documented error
// (https://learn.microsoft.com/kusto/query/hll-aggregation-function).
func hllRow(merge bool) *RowAggregate {
	type set struct {
		keys map[string]bool
		vals []Value
	}
	add := func(st *set, v Value) *set {
		if v == nil {
			return st
		}
		if st == nil {
			st = &set{keys: map[string]bool{}}
		}
		k := distinctKey(dynOf(v))
		if !st.keys[k] {
			st.keys[k] = true
			st.vals = append(st.vals, dynOf(v))
		}
		return st
	}
	return &RowAggregate{
		Add: func(_ *AggCall, s any, args []Value) any {
			st, _ := s.(*set)
			if merge {
				arr, _ := hllValues(args[0])
				for _, v := range arr {
					st = add(st, v)
				}
				return st
			}
			return add(st, args[0])
		},
		Merge: func(_ *AggCall, a, b any) any {
			x, _ := a.(*set)
			if y, _ := b.(*set); y != nil {
				for _, v := range y.vals {
					x = add(x, v)
				}
			}
			return x
		},
		Final: func(_ *AggCall, s any) Value {
			st, _ := s.(*set)
			if st == nil {
				// No values: null, as Kusto's default value of hll
				// (summarize-operator page).
				return nil
			}
			return hllValue(st.vals)
		},
		Encode: func(s any) Value {
			if st, _ := s.(*set); st != nil {
				return st.vals
			}
			return []Value{}
		},
		Decode: func(v Value) any {
			arr, _ := v.([]Value)
			var st *set
			for _, e := range arr {
				st = add(st, e)
			}
			return st
		},
	}
}

// buildschemaRow is buildschema: the smallest schema admitting every
// value of the group. A schema is a primitive type name ("long",
// "double", "string", ...), a container bag of the properties' schemas
// (an array is a container with the one property "`indexer`", the
// schema of its elements), or an array of such alternatives when values
// differ; alternatives keep the order they were first seen in
// (https://learn.microsoft.com/kusto/query/buildschema-aggregation-function).
// The state is the schema so far; merging two is their union.
var buildschemaRow = &RowAggregate{
	Add: func(_ *AggCall, s any, args []Value) any {
		if args[0] == nil {
			return s
		}
		return unionSchema(s, valueSchema(args[0]))
	},
	Merge:  func(_ *AggCall, a, b any) any { return unionSchema(a, b) },
	Final:  func(_ *AggCall, s any) Value { return s },
	Encode: func(s any) Value { return s },
	Decode: func(v Value) any { return v },
}

// schemaIndexer is the property of an array's container schema.
const schemaIndexer = "`indexer`"

// valueSchema is the schema of one dynamic value; nil for null.
func valueSchema(v Value) Value {
	switch v := v.(type) {
	case nil:
		return nil
	case *Bag:
		out := &Bag{}
		for i, k := range v.Keys {
			if sv := valueSchema(v.Vals[i]); sv != nil {
				out.Set(k, sv)
			}
		}
		return out
	case []Value:
		var elem Value
		for _, e := range v {
			elem = unionSchema(elem, valueSchema(e))
		}
		out := &Bag{}
		if elem != nil {
			out.Set(schemaIndexer, elem)
		}
		return out
	case bool:
		return "bool"
	case int32:
		return "int"
	case int64:
		return "long"
	case float64:
		return "double"
	case Decimal:
		return "decimal"
	case string:
		return "string"
	case time.Time:
		return "datetime"
	case time.Duration:
		return "timespan"
	case GUID:
		return "guid"
	}
	return "string"
}

// unionSchema is the schema admitting what either schema admits: the
// alternatives of both, containers merged property by property.
func unionSchema(a, b Value) Value {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	alts := append([]Value{}, schemaAlternatives(a)...)
	for _, x := range schemaAlternatives(b) {
		merged := false
		for i, y := range alts {
			if xb, ok := x.(*Bag); ok {
				if yb, ok := y.(*Bag); ok {
					alts[i] = unionContainers(yb, xb)
					merged = true
					break
				}
			} else if x == y {
				merged = true
				break
			}
		}
		if !merged {
			alts = append(alts, x)
		}
	}
	if len(alts) == 1 {
		return alts[0]
	}
	return alts
}

func schemaAlternatives(s Value) []Value {
	if arr, ok := s.([]Value); ok {
		return arr
	}
	return []Value{s}
}

// unionContainers merges two container schemas into a new one.
func unionContainers(a, b *Bag) *Bag {
	out := &Bag{Keys: append([]string{}, a.Keys...), Vals: append([]Value{}, a.Vals...)}
	for i, k := range b.Keys {
		if v, ok := out.Get(k); ok {
			out.Set(k, unionSchema(v, b.Vals[i]))
		} else {
			out.Set(k, b.Vals[i])
		}
	}
	return out
}
