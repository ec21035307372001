package exec

import (
	"fmt"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/memory"
)

// aggregateFamilies lists the tables of built-in aggregates, one row per
// family file (agg_<family>.go).
var aggregateFamilies = [][]Aggregate{
	coreAggregates,
	extraAggregates,
	tdigestAggregates,
}

// Aggregate is one aggregation function of a [Registry]. Every aggregate
// runs in one of three modes so that the planner can split it across
// tenants: complete (rows in, result out), partial (rows in, one state per
// group out) and final (states in, result out). The state of a group is
// one value of type State(args); merging two states gives the state of
// the union of their rows:
//
//	count, countif      state long: the count; final sums the counts
//	sum, sumif          state of the sum's type; final sums
//	min, max, ...if     state of the argument type; final takes min/max
//	avg, avgif          state dynamic [sum, count]
//	dcount, dcountif    state dynamic array of the distinct values (exact)
//	make_set(_if)       state dynamic array; final is the set union
//	make_list(_if)      state dynamic array; final concatenates
//	make_bag            state dynamic bag; final merges
//	percentile(s)       state dynamic array of every value (exact; see doc.go)
//	stdev, variance     state dynamic [count, mean, M2] (Chan et al. merge)
//	take_any, any       state of the argument type; final takes any
//	arg_max, arg_min    handled by summarize: the partial winners are rows
//	                    and the final step is arg_max over them
type Aggregate struct {
	// Name is the aggregate's KQL name.
	Name string
	// Aliases are other names (legacy spellings); or nil.
	Aliases []string
	// Sig checks argument types and gives the result type.
	Sig Signature
	// Prefix names the result column when the query does not: the column
	// is Prefix + "_" + the first argument's column name (sum_x), or
	// Prefix + "_" alone (count_).
	Prefix string
	// If marks the *if variants: the last argument is a bool predicate and
	// rows where it is not true are skipped.
	If bool
	// State gives the type of the partial state; nil means the result type.
	State func(args []Type) Type
	// New returns a vectorized accumulator; or nil when Row is set.
	New func(c *AggCall) Accumulator
	// Row is a row-level implementation the generic adapter vectorizes; or
	// nil when New is set.
	Row *RowAggregate
}

// AggCall is one use of an aggregate in a query.
type AggCall struct {
	// Name is the aggregate's name as written.
	Name string
	// ArgTypes are the types of the arguments (the predicate of *if
	// variants excluded), Result the result type.
	ArgTypes []Type
	Result   Type
	// StateType is the type of the partial state.
	StateType Type
	// Consts holds the constant arguments (percentile's 50, make_set's
	// size limit), nil where an argument is not constant.
	Consts []Value
	// Mem allocates the output columns.
	Mem memory.Allocator
}

// skipGroup in the groups passed to Accumulator.Update marks a row that
// must be ignored (its *if predicate was not true).
const skipGroup = ^uint32(0)

// Accumulator aggregates rows into numbered groups.
type Accumulator interface {
	// Update folds rows into groups: row i belongs to group groups[i], or
	// to no group when groups[i] is skipGroup. args are the argument
	// columns (the *if predicate excluded).
	Update(groups []uint32, args []*Vector) error
	// Merge folds partial states (a column of the state type) into groups.
	Merge(groups []uint32, states arrow.Array) error
	// State returns the partial state of groups 0..n-1.
	State(n int) arrow.Array
	// Result returns the final value of groups 0..n-1.
	Result(n int) arrow.Array
}

// RowAggregate is an aggregate written over row values; the generic
// adapter keeps one Go state per group. States move between tenants as
// dynamic values.
type RowAggregate struct {
	// Add folds one row's argument values into a group's state, which is
	// nil for a group's first row, and returns the new state.
	Add func(c *AggCall, state any, args []Value) any
	// Merge combines two states, either of which may be nil.
	Merge func(c *AggCall, a, b any) any
	// Final returns the result of a state (nil state: no rows).
	Final func(c *AggCall, state any) Value
	// Encode and Decode convert a state to and from its dynamic form.
	Encode func(state any) Value
	Decode func(v Value) any
}

// AddAggregate adds a under its name and aliases.
func (r *Registry) AddAggregate(a Aggregate) error {
	if a.Sig == nil || (a.New == nil) == (a.Row == nil) {
		return fmt.Errorf("exec: aggregate %q needs Sig and exactly one of New or Row", a.Name)
	}
	for _, n := range append([]string{a.Name}, a.Aliases...) {
		if _, dup := r.aggs[n]; dup {
			return fmt.Errorf("exec: aggregate %q registered twice", n)
		}
		r.aggs[n] = &a
	}
	return nil
}

// Aggregate returns the aggregate named name.
func (r *Registry) Aggregate(name string) (*Aggregate, bool) {
	a, ok := r.aggs[name]
	return a, ok
}

// newAccumulator returns the accumulator of a call.
func (a *Aggregate) newAccumulator(c *AggCall) Accumulator {
	if a.New != nil {
		return a.New(c)
	}
	return &rowAccumulator{c: c, impl: a.Row}
}

// rowAccumulator is the generic adapter of a RowAggregate.
type rowAccumulator struct {
	c      *AggCall
	impl   *RowAggregate
	states []any
	args   []Value
}

func (r *rowAccumulator) grow(g uint32) {
	for int(g) >= len(r.states) {
		r.states = append(r.states, nil)
	}
}

func (r *rowAccumulator) Update(groups []uint32, args []*Vector) error {
	if cap(r.args) < len(args) {
		r.args = make([]Value, len(args))
	}
	vals := r.args[:len(args)]
	for i, g := range groups {
		if g == skipGroup {
			continue
		}
		r.grow(g)
		for j, a := range args {
			vals[j] = a.Value(i)
		}
		r.states[g] = r.impl.Add(r.c, r.states[g], vals)
	}
	return nil
}

func (r *rowAccumulator) Merge(groups []uint32, states arrow.Array) error {
	for i, g := range groups {
		if g == skipGroup {
			continue
		}
		r.grow(g)
		v := ValueAt(states, i)
		if v == nil {
			continue
		}
		r.states[g] = r.impl.Merge(r.c, r.states[g], r.impl.Decode(v))
	}
	return nil
}

func (r *rowAccumulator) State(n int) arrow.Array {
	b := newBuilder(r.c.Mem, TypeDynamic)
	defer b.Release()
	for g := range n {
		var s any
		if g < len(r.states) {
			s = r.states[g]
		}
		if s == nil {
			AppendValue(b, TypeDynamic, nil)
			continue
		}
		AppendValue(b, TypeDynamic, r.impl.Encode(s))
	}
	return b.NewArray()
}

func (r *rowAccumulator) Result(n int) arrow.Array {
	b := newBuilder(r.c.Mem, r.c.Result)
	defer b.Release()
	for g := range n {
		var s any
		if g < len(r.states) {
			s = r.states[g]
		}
		AppendValue(b, r.c.Result, r.impl.Final(r.c, s))
	}
	return b.NewArray()
}
