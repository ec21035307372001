package exec

import (
	"fmt"
	"math"
	"math/big"
	"sort"
	"strings"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
)

// coreAggregates are the aggregates of the KQL reference's aggregation
// functions page.
var coreAggregates = []Aggregate{
	{Name: "count", Prefix: "count", Sig: Optional(TypeLong, nil, AnyType), New: newCount},
	{Name: "countif", Prefix: "countif", If: true, Sig: Fixed(TypeLong, TypeBool), New: newCount},
	{Name: "sum", Prefix: "sum", Sig: sumSig, New: newSum},
	{Name: "sumif", Prefix: "sumif", If: true, Sig: ifSig(sumSig), New: newSum},
	{Name: "min", Prefix: "min", Sig: minMaxSig, Row: minMaxRow(-1)},
	{Name: "max", Prefix: "max", Sig: minMaxSig, Row: minMaxRow(1)},
	{Name: "minif", Prefix: "minif", If: true, Sig: ifSig(SameAsArg(0, 1, 1)), Row: minMaxRow(-1)},
	{Name: "maxif", Prefix: "maxif", If: true, Sig: ifSig(SameAsArg(0, 1, 1)), Row: minMaxRow(1)},
	{Name: "avg", Prefix: "avg", Sig: avgSig, Row: avgRow, State: dynState},
	{Name: "avgif", Prefix: "avgif", If: true, Sig: ifSig(avgSig), Row: avgRow, State: dynState},
	{Name: "dcount", Prefix: "dcount", Sig: Optional(TypeLong, []Type{AnyType}, TypeLong), New: newDcount, State: dynState},
	{Name: "dcountif", Aliases: []string{"count_distinctif"}, Prefix: "dcountif", If: true, Sig: ifSig(Optional(TypeLong, []Type{AnyType}, TypeLong)), New: newDcount, State: dynState},
	{Name: "count_distinct", Prefix: "count_distinct", Sig: Fixed(TypeLong, AnyType), New: newDcount, State: dynState},
	{Name: "make_set", Aliases: []string{"makeset"}, Prefix: "set", Sig: Optional(TypeDynamic, []Type{AnyType}, TypeLong), Row: collectRow(true)},
	{Name: "make_set_if", Prefix: "set", If: true, Sig: ifSig(Optional(TypeDynamic, []Type{AnyType}, TypeLong)), Row: collectRow(true)},
	{Name: "make_list", Aliases: []string{"makelist"}, Prefix: "list", Sig: Optional(TypeDynamic, []Type{AnyType}, TypeLong), Row: collectRow(false)},
	{Name: "make_list_if", Prefix: "list", If: true, Sig: ifSig(Optional(TypeDynamic, []Type{AnyType}, TypeLong)), Row: collectRow(false)},
	{Name: "make_bag", Prefix: "bag", Sig: Optional(TypeDynamic, []Type{TypeDynamic}, TypeLong), Row: bagRow},
	{Name: "make_bag_if", Prefix: "bag", If: true, Sig: ifSig(Optional(TypeDynamic, []Type{TypeDynamic}, TypeLong)), Row: bagRow},
	{Name: "take_any", Aliases: []string{"any"}, Prefix: "take_any", Sig: SameAsArg(0, 1, 1), Row: anyRow},
	{Name: "take_anyif", Aliases: []string{"anyif"}, Prefix: "take_anyif", If: true, Sig: ifSig(SameAsArg(0, 1, 1)), Row: anyRow},
	{Name: "percentile", Prefix: "percentile", Sig: percentileSig, Row: percentileRow, State: dynState},
	{Name: "stdev", Prefix: "stdev", Sig: Fixed(TypeReal, TypeReal), Row: momentsRow(true, true), State: dynState},
	{Name: "stdevif", Prefix: "stdevif", If: true, Sig: Fixed(TypeReal, TypeReal, TypeBool), Row: momentsRow(true, true), State: dynState},
	{Name: "stdevp", Prefix: "stdevp", Sig: Fixed(TypeReal, TypeReal), Row: momentsRow(true, false), State: dynState},
	{Name: "variance", Prefix: "variance", Sig: Fixed(TypeReal, TypeReal), Row: momentsRow(false, true), State: dynState},
	{Name: "varianceif", Prefix: "varianceif", If: true, Sig: Fixed(TypeReal, TypeReal, TypeBool), Row: momentsRow(false, true), State: dynState},
	{Name: "variancep", Prefix: "variancep", Sig: Fixed(TypeReal, TypeReal), Row: momentsRow(false, false), State: dynState},
}

func dynState([]Type) Type { return TypeDynamic }

// ifSig checks the arguments of an *if variant: those of base, then a
// bool predicate.
func ifSig(base Signature) Signature {
	return func(args []Type) (Type, error) {
		if len(args) == 0 {
			return TypeInvalid, arityError(1, -1, 0)
		}
		p := ifPredicate(len(args))
		if err := checkArg(p, args[p], TypeBool); err != nil {
			return TypeInvalid, err
		}
		rest := append(append([]Type{}, args[:p]...), args[p+1:]...)
		return base(rest)
	}
}

// ifPredicate is the position of the predicate among n arguments of an *if
// aggregate: right after the value (sumif(x, p), make_set_if(x, p, 10),
// dcountif(x, p, 1)), or alone (countif(p)).
func ifPredicate(n int) int {
	return min(1, n-1)
}

func sumSig(args []Type) (Type, error) {
	if len(args) != 1 {
		return TypeInvalid, arityError(1, 1, len(args))
	}
	switch t := args[0]; t {
	case TypeInt, TypeLong:
		return TypeLong, nil
	case TypeReal, TypeDecimal, TypeTimeSpan:
		return t, nil
	}
	return TypeInvalid, checkArg(0, args[0], TypeReal)
}

// minMaxSig takes one orderable value (as in Kusto, a dynamic one needs a
// conversion first) and returns its type.
func minMaxSig(args []Type) (Type, error) {
	if len(args) != 1 {
		return TypeInvalid, arityError(1, 1, len(args))
	}
	if args[0] == TypeDynamic || args[0] == TypeGUID {
		return TypeInvalid, fmt.Errorf("argument 1 must be a number, string, bool, datetime or timespan, got %s", args[0])
	}
	return args[0], nil
}

// countAcc counts rows (count(), countif) or non-null values (count(x)).
type countAcc struct {
	c      *AggCall
	counts []int64
}

func newCount(c *AggCall) Accumulator { return &countAcc{c: c} }

func (a *countAcc) grow(n int) {
	if n > len(a.counts) {
		a.counts = append(a.counts, make([]int64, n-len(a.counts)+n/2)...)
	}
}

func (a *countAcc) Update(groups []uint32, args []*Vector) error {
	// count(x) counts every row, nulls of x too, as count() does
	// (https://learn.microsoft.com/kusto/query/summarize-operator,
	// "The standard count function includes null values").
	for _, g := range groups {
		if g == skipGroup {
			continue
		}
		if int(g) >= len(a.counts) {
			a.grow(int(g) + 1)
		}
		a.counts[g]++
	}
	return nil
}

func (a *countAcc) Merge(groups []uint32, states arrow.Array) error {
	s := states.(*array.Int64)
	for i, g := range groups {
		if g == skipGroup || s.IsNull(i) {
			continue
		}
		if int(g) >= len(a.counts) {
			a.grow(int(g) + 1)
		}
		a.counts[g] += s.Value(i)
	}
	return nil
}

func (a *countAcc) State(n int) arrow.Array { return a.Result(n) }

func (a *countAcc) Result(n int) arrow.Array {
	a.grow(n)
	b := array.NewInt64Builder(a.c.Mem)
	defer b.Release()
	b.AppendValues(a.counts[:n], nil)
	return b.NewArray()
}

// sumAcc sums numbers and timespans, skipping nulls: a group whose values
// are all null sums to 0.
type sumAcc struct {
	c    *AggCall
	ints []int64
	flts []float64
	decs []*big.Int // exact sums of decimals, in 10^-18 units
	seen []bool
}

func newSum(c *AggCall) Accumulator { return &sumAcc{c: c} }

func (a *sumAcc) grow(n int) {
	for len(a.seen) < n {
		a.ints = append(a.ints, 0)
		a.flts = append(a.flts, 0)
		a.decs = append(a.decs, nil)
		a.seen = append(a.seen, false)
	}
}

func (a *sumAcc) add(groups []uint32, v *Vector) {
	switch col := v.Array.(type) {
	case *array.Int64:
		vals := col.Int64Values()
		for i, g := range groups {
			if g != skipGroup {
				a.grow(int(g) + 1)
				a.seen[g] = true
				if col.IsValid(i) {
					a.ints[g] += vals[i]
				}
			}
		}
	case *array.Float64:
		vals := col.Float64Values()
		for i, g := range groups {
			if g != skipGroup {
				a.grow(int(g) + 1)
				a.seen[g] = true
				if col.IsValid(i) {
					a.flts[g] += vals[i]
				}
			}
		}
	default:
		for i, g := range groups {
			if g == skipGroup {
				continue
			}
			a.grow(int(g) + 1)
			a.seen[g] = true
			switch x := v.Value(i).(type) {
			case int32:
				a.ints[g] += int64(x)
			case int64:
				a.ints[g] += x
			case time.Duration:
				a.ints[g] += int64(x)
			case float64:
				a.flts[g] += x
			case Decimal:
				if a.decs[g] == nil {
					a.decs[g] = new(big.Int)
				}
				a.decs[g].Add(a.decs[g], x.BigInt())
			}
		}
	}
}

func (a *sumAcc) Update(groups []uint32, args []*Vector) error {
	a.add(groups, args[0])
	return nil
}

func (a *sumAcc) Merge(groups []uint32, states arrow.Array) error {
	a.add(groups, &Vector{Type: a.c.StateType, Array: states, Len: states.Len()})
	return nil
}

func (a *sumAcc) State(n int) arrow.Array { return a.Result(n) }

func (a *sumAcc) Result(n int) arrow.Array {
	a.grow(n)
	vals := make([]Value, n)
	for g := range n {
		switch a.c.Result {
		case TypeLong:
			vals[g] = a.ints[g]
		case TypeTimeSpan:
			vals[g] = time.Duration(a.ints[g])
		case TypeDecimal:
			vals[g] = decimalOfInt(0)
			if a.decs[g] != nil {
				if d, ok := decimalOfBig(a.decs[g]); ok {
					vals[g] = d
				} else {
					vals[g] = nil // beyond 38 digits
				}
			}
		default:
			vals[g] = a.flts[g] + float64(a.ints[g])
		}
	}
	return columnFromValues(a.c.Mem, a.c.Result, vals)
}

// minMaxRow keeps the smallest (sign -1) or largest (sign 1) non-null
// value.
func minMaxRow(sign int) *RowAggregate {
	pick := func(a, b any) any {
		if a == nil {
			return b
		}
		if b == nil {
			return a
		}
		if CompareValues(b, a)*sign > 0 {
			return b
		}
		return a
	}
	return &RowAggregate{
		Add: func(_ *AggCall, s any, args []Value) any {
			if args[0] == nil {
				return s
			}
			if str, ok := args[0].(string); ok && str == "" {
				return s
			}
			return pick(s, args[0])
		},
		Merge:  func(_ *AggCall, a, b any) any { return pick(a, b) },
		Final:  func(_ *AggCall, s any) Value { return s },
		Encode: func(s any) Value { return s },
		Decode: func(v Value) any { return v },
	}
}

// avgSig: the average of numbers is real, of decimals decimal (exactly,
// as Kusto.Language types avg(decimal)), of datetimes a datetime and of
// timespans a timespan
// (https://learn.microsoft.com/kusto/query/avg-aggregation-function).
func avgSig(args []Type) (Type, error) {
	if len(args) != 1 {
		return TypeInvalid, arityError(1, 1, len(args))
	}
	switch args[0] {
	case TypeDecimal, TypeDateTime, TypeTimeSpan:
		return args[0], nil
	}
	return Fixed(TypeReal, TypeReal)(args)
}

// avgState sums the values of avg: reals in sum, decimals exactly in dec.
type avgState struct {
	sum float64
	dec *big.Int
	n   float64
}

// avgEpoch is the origin datetimes are averaged from: ticks since it are
// exact in a float64 for centuries around it.
var avgEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// avgNumber is the number an avg adds for a non-decimal value: datetimes
// and timespans count 100-ns ticks.
func avgNumber(v Value) (float64, bool) {
	switch x := v.(type) {
	case time.Time:
		return float64(x.Sub(avgEpoch) / 100), true
	case time.Duration:
		return float64(x / 100), true
	case string:
		return 0, false
	}
	return toFloat(v)
}

var avgRow = &RowAggregate{
	Add: func(_ *AggCall, s any, args []Value) any {
		st, _ := s.(*avgState)
		if st == nil {
			st = &avgState{}
		}
		if d, ok := args[0].(Decimal); ok {
			if st.dec == nil {
				st.dec = new(big.Int)
			}
			st.dec.Add(st.dec, d.BigInt())
			st.n++
		} else if f, ok := avgNumber(args[0]); ok {
			st.sum += f
			st.n++
		}
		return st
	},
	Merge: func(_ *AggCall, a, b any) any {
		if a == nil {
			return b
		}
		if b != nil {
			x, y := a.(*avgState), b.(*avgState)
			x.sum += y.sum
			x.n += y.n
			if y.dec != nil {
				if x.dec == nil {
					x.dec = new(big.Int)
				}
				x.dec.Add(x.dec, y.dec)
			}
		}
		return a
	},
	Final: func(c *AggCall, s any) Value {
		st, _ := s.(*avgState)
		if st == nil || st.n == 0 {
			// Kusto divides the sum by a count of 0: NaN for a real
			// average (summarize-operator page, default values).
			if c.Result == TypeReal {
				return math.NaN()
			}
			return nil
		}
		if c.Result == TypeDecimal {
			sum, ok := decimalOfBig(st.dec)
			if st.dec == nil || !ok {
				return nil
			}
			return decimalArith("/", sum, int64(st.n))
		}
		avg := st.sum / st.n
		switch c.Result {
		case TypeDateTime:
			return avgEpoch.Add(time.Duration(math.Round(avg)) * 100)
		case TypeTimeSpan:
			return time.Duration(math.Round(avg)) * 100
		}
		return avg
	},
	// The state is [sum, count]; a decimal sum is kept as its text so
	// that it stays exact through the dynamic encoding.
	Encode: func(s any) Value {
		st, _ := s.(*avgState)
		if st == nil {
			return nil
		}
		if st.dec != nil {
			if d, ok := decimalOfBig(st.dec); ok {
				return []Value{d.String(), st.n}
			}
		}
		return []Value{st.sum, st.n}
	},
	Decode: func(v Value) any {
		arr, _ := v.([]Value)
		if len(arr) != 2 {
			return nil
		}
		st := &avgState{}
		if text, ok := arr[0].(string); ok {
			if d, ok := parseDecimal(text); ok {
				st.dec = d.BigInt()
			}
		} else {
			st.sum, _ = toFloat(arr[0])
		}
		st.n, _ = toFloat(arr[1])
		return st
	},
}

// collected is the state of make_set and make_list: values in first-seen
// order, with an index of their keys for sets.
type collected struct {
	vals []Value
	seen map[string]struct{}
}

func collectRow(set bool) *RowAggregate {
	limit := func(c *AggCall) int {
		if len(c.Consts) > 1 {
			if n, ok := toInt64(c.Consts[1]); ok && n > 0 {
				return int(n)
			}
		}
		return 1048576
	}
	add := func(c *AggCall, st *collected, v Value) *collected {
		if v == nil {
			return st
		}
		if st == nil {
			st = &collected{}
			if set {
				st.seen = map[string]struct{}{}
			}
		}
		if len(st.vals) >= limit(c) {
			return st
		}
		if set {
			k := string(EncodeDynamic(nil, v))
			if _, dup := st.seen[k]; dup {
				return st
			}
			st.seen[k] = struct{}{}
		}
		st.vals = append(st.vals, v)
		return st
	}
	return &RowAggregate{
		Add: func(c *AggCall, s any, args []Value) any {
			st, _ := s.(*collected)
			v := Convert(args[0], TypeDynamic)
			if arr, ok := v.([]Value); ok && set {
				for _, e := range arr {
					st = add(c, st, e)
				}
				return st
			}
			return add(c, st, v)
		},
		Merge: func(c *AggCall, a, b any) any {
			x, _ := a.(*collected)
			if y, _ := b.(*collected); y != nil {
				for _, v := range y.vals {
					x = add(c, x, v)
				}
			}
			return x
		},
		Final: func(_ *AggCall, s any) Value {
			st, _ := s.(*collected)
			if st == nil {
				return []Value{}
			}
			return st.vals
		},
		Encode: func(s any) Value {
			st, _ := s.(*collected)
			if st == nil {
				return []Value{}
			}
			return st.vals
		},
		Decode: func(v Value) any {
			arr, _ := v.([]Value)
			st := &collected{vals: arr}
			if set {
				st.seen = map[string]struct{}{}
				for _, e := range arr {
					st.seen[string(EncodeDynamic(nil, e))] = struct{}{}
				}
			}
			return st
		},
	}
}

var bagRow = &RowAggregate{
	Add: bagAdd,
	Merge: func(c *AggCall, a, b any) any {
		if b == nil {
			return a
		}
		return bagAdd(c, a, []Value{b})
	},
	Final: func(_ *AggCall, s any) Value {
		if s == nil {
			return &Bag{}
		}
		return s
	},
	Encode: func(s any) Value { return s },
	Decode: func(v Value) any { return v },
}

// bagAdd merges the properties of a bag into the state, keeping the first
// value of each key.
func bagAdd(_ *AggCall, s any, args []Value) any {
	in, ok := args[0].(*Bag)
	if !ok {
		return s
	}
	st, _ := s.(*Bag)
	if st == nil {
		st = &Bag{}
	}
	for i, k := range in.Keys {
		if _, dup := st.Get(k); !dup {
			st.Set(k, in.Vals[i])
		}
	}
	return st
}

var anyRow = &RowAggregate{
	Add: func(_ *AggCall, s any, args []Value) any {
		if s != nil {
			return s
		}
		return args[0]
	},
	Merge: func(_ *AggCall, a, b any) any {
		if a != nil {
			return a
		}
		return b
	},
	Final:  func(_ *AggCall, s any) Value { return s },
	Encode: func(s any) Value { return s },
	Decode: func(v Value) any { return v },
}

// percentileSig is percentile(expr, percentage): the result is a value of
// expr, of its type.
func percentileSig(args []Type) (Type, error) {
	if len(args) != 2 {
		return TypeInvalid, arityError(2, 2, len(args))
	}
	if err := checkArg(1, args[1], TypeReal); err != nil {
		return TypeInvalid, err
	}
	return args[0], nil
}

// percentileRow keeps every value and answers with the nearest-rank
// percentile, a value of the input (exact; Kusto estimates with a
// t-digest, which is exact on small inputs).
var percentileRow = &RowAggregate{
	Add: func(_ *AggCall, s any, args []Value) any {
		st, _ := s.(*[]Value)
		if st == nil {
			st = &[]Value{}
		}
		if args[0] != nil {
			*st = append(*st, args[0])
		}
		return st
	},
	Merge: mergeSlices[Value],
	Final: func(c *AggCall, s any) Value {
		st, _ := s.(*[]Value)
		p, _ := toFloat(c.Consts[len(c.Consts)-1])
		if st == nil {
			return nil
		}
		return nearestRank(*st, p)
	},
	Encode: func(s any) Value {
		st, _ := s.(*[]Value)
		if st == nil {
			return []Value{}
		}
		return *st
	},
	Decode: func(v Value) any { arr, _ := v.([]Value); return &arr },
}

// nearestRank returns the p-th percentile of vals by the nearest-rank
// method, sorting vals in place.
func nearestRank(vals []Value, p float64) Value {
	if len(vals) == 0 {
		return nil
	}
	sort.Slice(vals, func(i, j int) bool { return CompareValues(vals[i], vals[j]) < 0 })
	rank := int(math.Ceil(p / 100 * float64(len(vals))))
	rank = min(max(rank, 1), len(vals))
	return vals[rank-1]
}

// momentsRow computes stdev or variance, sample (n-1) or population, by
// Welford's algorithm; states merge by Chan et al.'s formula.
func momentsRow(stdev, sample bool) *RowAggregate {
	type moments struct{ n, mean, m2 float64 }
	merge := func(a, b *moments) *moments {
		if a == nil {
			return b
		}
		if b == nil {
			return a
		}
		n := a.n + b.n
		if n == 0 {
			return a
		}
		d := b.mean - a.mean
		return &moments{n, a.mean + d*b.n/n, a.m2 + b.m2 + d*d*a.n*b.n/n}
	}
	return &RowAggregate{
		Add: func(_ *AggCall, s any, args []Value) any {
			st, _ := s.(*moments)
			f, ok := toFloat(args[0])
			if !ok {
				return st
			}
			return merge(st, &moments{1, f, 0})
		},
		Merge: func(_ *AggCall, a, b any) any {
			x, _ := a.(*moments)
			y, _ := b.(*moments)
			return merge(x, y)
		},
		Final: func(_ *AggCall, s any) Value {
			st, _ := s.(*moments)
			if st == nil || st.n == 0 {
				// variance, stdev and their *if forms default to 0 (the
				// summarize-operator page's default values); the
				// population forms to null.
				if sample {
					return 0.0
				}
				return nil
			}
			d := st.n
			if sample {
				if st.n < 2 {
					return 0.0
				}
				d = st.n - 1
			}
			v := st.m2 / d
			if stdev {
				return math.Sqrt(v)
			}
			return v
		},
		Encode: func(s any) Value {
			st, _ := s.(*moments)
			if st == nil {
				return nil
			}
			return []Value{st.n, st.mean, st.m2}
		},
		Decode: func(v Value) any {
			arr, _ := v.([]Value)
			if len(arr) != 3 {
				return nil
			}
			n, _ := toFloat(arr[0])
			m, _ := toFloat(arr[1])
			m2, _ := toFloat(arr[2])
			return &moments{n, m, m2}
		},
	}
}

// dcountAcc counts distinct non-null values exactly: values are interned
// to numbers and the (group, value) pairs kept in a set. Its partial state
// is the array of a group's distinct values.
type dcountAcc struct {
	c      *AggCall
	values *interner
	first  []Value // a representative of each interned value, for states
	// pairs are the distinct group<<32 | value id.
	pairs  pairSet
	done   bool
	counts []int64
	key    []byte
	ids    []uint32 // a string batch's value numbers
}

func newDcount(c *AggCall) Accumulator {
	return &dcountAcc{c: c, values: newInterner()}
}

func (a *dcountAcc) add(g uint32, col arrow.Array, i int) {
	if col.IsNull(i) {
		return
	}
	a.key = appendKey(a.key[:0], col, i)
	id, added := a.values.id(a.key)
	if added {
		a.first = append(a.first, ValueAt(col, i))
	}
	a.addPair(g, id)
}

func (a *dcountAcc) addPair(g, id uint32) {
	a.pairs.add(uint64(g)<<32 | uint64(id))
}

// finish counts the distinct pairs per group.
func (a *dcountAcc) finish() {
	if a.done {
		return
	}
	a.done = true
	a.pairs.each(func(p uint64) {
		g := int(p >> 32)
		if g >= len(a.counts) {
			a.counts = append(a.counts, make([]int64, g+1-len(a.counts))...)
		}
		a.counts[g]++
	})
}

func (a *dcountAcc) Update(groups []uint32, args []*Vector) error {
	col := args[0].Array
	if col == nil {
		col = constColumn(a.c.Mem, args[0].Type, args[0].Const, len(groups))
		defer col.Release()
	}
	if s, ok := col.(*array.String); ok {
		// Strings: intern the raw bytes, no key copy per row.
		// Every row's value is numbered (those of skipped rows too, which
		// only adds to the values); then the pairs of the rows counted.
		offs, data := strView(s)
		if cap(a.ids) < len(groups) {
			a.ids = make([]uint32, len(groups))
		}
		ids := a.ids[:len(groups)]
		a.values.internStrings(offs, data, ids, func(i int) {
			a.first = append(a.first, strings.Clone(s.Value(i)))
		})
		nulls := s.NullN() > 0
		for i, g := range groups {
			if g == skipGroup || nulls && s.IsNull(i) {
				continue
			}
			a.addPair(g, ids[i])
		}
		return nil
	}
	for i, g := range groups {
		if g != skipGroup {
			a.add(g, col, i)
		}
	}
	return nil
}

func (a *dcountAcc) Merge(groups []uint32, states arrow.Array) error {
	st := states.(*array.Binary)
	for i, g := range groups {
		if g == skipGroup || st.IsNull(i) {
			continue
		}
		DynamicElems(st.Value(i), func(_ string, elem []byte) {
			v := DecodeDynamic(elem)
			t := TypeOfValue(v)
			col := columnFromValues(a.c.Mem, t, []Value{v})
			a.add(g, col, 0)
			col.Release()
		})
	}
	return nil
}

func (a *dcountAcc) State(n int) arrow.Array {
	sets := make([][]Value, n)
	a.finish()
	a.pairs.each(func(pair uint64) {
		g, id := pair>>32, uint32(pair)
		if int(g) < n {
			sets[g] = append(sets[g], a.first[id])
		}
	})
	vals := make([]Value, n)
	for g, s := range sets {
		if s == nil {
			s = []Value{}
		}
		vals[g] = s
	}
	return columnFromValues(a.c.Mem, TypeDynamic, vals)
}

func (a *dcountAcc) Result(n int) arrow.Array {
	a.finish()
	for len(a.counts) < n {
		a.counts = append(a.counts, 0)
	}
	b := array.NewInt64Builder(a.c.Mem)
	defer b.Release()
	b.AppendValues(a.counts[:n], nil)
	return b.NewArray()
}

// mergeSlices is the Merge of an aggregate whose state is a *[]T of the
// values seen: b's values appended to a's.
func mergeSlices[T any](_ *AggCall, a, b any) any {
	if a == nil {
		return b
	}
	if b != nil {
		x := a.(*[]T)
		*x = append(*x, *b.(*[]T)...)
	}
	return a
}
