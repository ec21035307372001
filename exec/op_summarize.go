package exec

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/crosshunt/crosshunt/kql"
)

// summarizeOp is hash aggregation: it reads its whole input, numbering
// groups by the bytes of their key values (no Go string per row), and
// feeds each aggregate's accumulator a batch at a time.
type summarizeOp struct {
	in      Operator
	schema  *arrow.Schema
	keys    []expr
	keyBld  []array.Builder
	aggs    []*aggSpec
	argAgg  []*argSpec
	order   []outCol // output columns after the keys
	groups  *interner
	mem     *memAccount
	done    bool
	keyBuf  []byte
	gids    []uint32
	colIDs  [2]*interner // two string keys: each column's values, numbered
	pairIDs *u64ids      // two string keys: the groups, by their values' numbers
	ids2    []uint32     // two string keys: the second column's numbers
	keys2   []uint64     // two string keys: the pairs of numbers
	noKeys  bool
	dictOf  arrow.ArrayData // the dictionary dictGid is for
	dictGid []uint32        // its index (last: null) → group id + 1; 0: not seen yet
	partial bool            // output states, not results
	name    string          // "summarize", "distinct", ... for errors
}

// outCol locates an output column: aggregate i, or column j of arg_max i.
type outCol struct {
	agg, arg, col int
}

// aggSpec is one aggregate call of a summarize.
type aggSpec struct {
	agg  *Aggregate
	call *AggCall
	args []expr
	pred expr // the *if predicate; or nil
	acc  Accumulator
	// state is the input column of partial states a final step merges;
	// -1 otherwise.
	state int
}

var _ Operator = (*summarizeOp)(nil)

// Summarize steps, chosen with the option crosshunt.step (or
// hint.crosshunt.step) = partial | final. A partial summarize outputs each
// aggregate's state instead of its result, in a column named as the result
// would be, whose field metadata records the aggregate and its argument
// types; a final summarize with the same aggregates and by clause reads
// those columns and merges the states. arg_max and arg_min need no
// special step: their partial output is rows, and the final step is
// arg_max over them.
const (
	stepComplete = ""
	stepPartial  = "partial"
	stepFinal    = "final"
)

// Field metadata keys of partial state columns.
const (
	metaAgg  = "crosshunt.agg"
	metaArgs = "crosshunt.args"
)

func (c *compiler) summarize(ctx context.Context, sc *scope, in Operator, op *kql.SummarizeOp) (Operator, error) {
	step := stepComplete
	for _, o := range op.Options {
		switch strings.ToLower(o.Name) {
		case "crosshunt.step", "hint.crosshunt.step":
			step = strings.ToLower(optionText(o.Value))
			if step != stepPartial && step != stepFinal {
				return nil, c.errorf(o, "summarize step must be partial or final, got %q", step)
			}
		}
	}
	c.summarizeStep = step
	defer func() { c.summarizeStep = stepComplete }()
	if step == stepComplete && c.needsSummarizeExprs(op.Aggs) {
		return c.summarizeExprs(ctx, sc, in, op)
	}
	return c.newSummarize(ctx, sc, in, op.Aggs, op.By, "summarize")
}

func (c *compiler) newSummarize(ctx context.Context, sc *scope, in Operator, aggs, by []*kql.NamedExpr, where string) (*summarizeOp, error) {
	rs := &rowScope{schema: in.Schema(), sc: sc, where: where}
	o := &summarizeOp{in: in, groups: newInterner(), mem: c.mem, noKeys: len(by) == 0, name: where}
	var names []string
	var types []Type
	used := map[string]int{}
	addName := func(n string) string {
		if k, dup := used[n]; dup {
			for {
				k++
				cand := fmt.Sprintf("%s%d", n, k)
				if _, taken := used[cand]; !taken {
					used[n] = k
					n = cand
					break
				}
			}
		}
		used[n] = 0
		return n
	}
	declared := map[string]bool{}
	unnamed := 0
	colName := func() string {
		unnamed++
		return fmt.Sprintf("Column%d", unnamed)
	}
	for _, k := range by {
		e, err := c.scalar(ctx, rs, k.X)
		if err != nil {
			return nil, err
		}
		name := ""
		if len(k.Names) == 1 {
			name = k.Names[0].Name
		} else if name = byName(k.X); name == "" {
			name = colName()
		}
		if e.typ() == TypeDynamic {
			return nil, c.errorf(k.X, "%s: cannot group by a dynamic value (convert it, e.g. with tostring())", where)
		}
		if _, plain := unparen(k.X).(*kql.Ident); plain || len(k.Names) == 1 {
			// by x, x and by x=..., x: Kusto rejects a name the query
			// gives twice; a derived one is numbered (by tostring(x), x
			// is x, x1).
			if declared[name] {
				return nil, c.errorf(k, "%s: a column named %q is already declared", where, name)
			}
			declared[name] = true
		}
		o.keys = append(o.keys, e)
		names = append(names, addName(name))
		types = append(types, e.typ())
	}
	// add compiles one aggregate call whose result column is name.
	add := func(call *kql.CallExpr, name string) error {
		name = addName(name)
		var spec *aggSpec
		var err error
		if c.summarizeStep == stepFinal {
			spec, err = c.finalAggSpec(ctx, rs, call, name)
		} else {
			spec, err = c.aggSpec(ctx, rs, call)
		}
		if err != nil {
			return err
		}
		o.order = append(o.order, outCol{agg: len(o.aggs)})
		o.aggs = append(o.aggs, spec)
		names = append(names, name)
		if c.summarizeStep == stepPartial {
			types = append(types, spec.call.StateType)
		} else {
			types = append(types, spec.call.Result)
		}
		return nil
	}
	for _, a := range aggs {
		call, ok := unparen(a.X).(*kql.CallExpr)
		if !ok {
			return nil, c.errorf(a, "%s expects an aggregate function call", where)
		}
		fname := callName(call)
		switch fname {
		case "take_any", "any":
			if len(call.Args) < 2 && !isStar(call.Args) {
				break
			}
			fallthrough
		case "arg_max", "arg_min", "argmax", "argmin":
			spec, err := c.argSpec(ctx, rs, call, strings.HasSuffix(fname, "max"), by, a)
			if err != nil {
				return nil, err
			}
			for j, n := range spec.names {
				o.order = append(o.order, outCol{agg: -1, arg: len(o.argAgg), col: j})
				names = append(names, addName(n))
				types = append(types, spec.outs[j].typ())
			}
			o.argAgg = append(o.argAgg, spec)
			continue
		case "percentiles", "percentilesw":
			// percentiles(x, p1, p2, ...) is percentile(x, p1),
			// percentile(x, p2), ... with columns percentile_x_p1, ...
			// (and percentilesw the same over percentilew).
			subs, err := c.expandPercentiles(call, fname, a)
			if err != nil {
				return nil, err
			}
			for _, sub := range subs {
				if err := add(sub.call, sub.name); err != nil {
					return nil, err
				}
			}
			continue
		}
		name := ""
		if len(a.Names) == 1 {
			name = a.Names[0].Name
			if declared[name] {
				return nil, c.errorf(a, "%s: a column named %q is already declared", where, name)
			}
			declared[name] = true
		} else if name = c.aggAutoName(call); name == "" {
			name = colName()
		}
		if err := add(call, name); err != nil {
			return nil, err
		}
	}
	o.schema = schemaOf(names, types)
	if c.summarizeStep == stepPartial {
		o.partial = true
		fields := o.schema.Fields()
		for _, oc := range o.order {
			if oc.agg < 0 {
				continue
			}
			spec := o.aggs[oc.agg]
			at := len(o.keys) + indexOfOrder(o.order, oc)
			var args []string
			for _, t := range spec.call.ArgTypes {
				args = append(args, t.String())
			}
			fields[at].Metadata = arrow.NewMetadata([]string{metaAgg, metaArgs}, []string{spec.call.Name, strings.Join(args, ",")})
		}
		o.schema = arrow.NewSchema(fields, nil)
	}
	for _, e := range o.keys {
		o.keyBld = append(o.keyBld, newBuilder(c.alloc(), e.typ()))
	}
	return o, nil
}

// percentName formats a percentile for a column name: 50, 99_9.
func percentName(v Value) string {
	return strings.ReplaceAll(FormatValue(v), ".", "_")
}

// byName derives a group-by column's name as autoName does: a column
// keeps its name, bin(Timestamp, 1h) and tostring(d.a) take their first
// argument's, strlen(s) is strlen_s, and tolower(s) has none (Column1).
func byName(e kql.Expr) string { return autoName(e) }

// firstArgAggs are the aggregates whose result column takes the name of
// their first argument, without a prefix (take_any(x) is x, but its
// alias any(x) is any_x).
var firstArgAggs = map[string]bool{
	"take_any": true, "take_anyif": true,
	"binary_all_and": true, "binary_all_or": true, "binary_all_xor": true,
}

// aggSpec compiles one aggregate call.
func (c *compiler) aggSpec(ctx context.Context, rs *rowScope, call *kql.CallExpr) (*aggSpec, error) {
	fname := callName(call)
	agg, ok := c.reg.Aggregate(fname)
	if !ok {
		if _, isFn := c.reg.Function(fname); isFn {
			return nil, c.errorf(call, "%q is not an aggregate function%s", fname, rs.in())
		}
		return nil, c.errorf(call.Fun, "unknown aggregate function %q%s", fname, rs.in())
	}
	spec := &aggSpec{agg: agg, state: -1}
	var types []Type
	for _, a := range call.Args {
		if w, ok := a.(*kql.Wildcard); ok && w.Pattern == "*" && (fname == "count" || fname == "take_any" || fname == "any") {
			continue
		}
		e, err := c.scalar(ctx, rs, a)
		if err != nil {
			return nil, err
		}
		spec.args = append(spec.args, e)
		types = append(types, e.typ())
	}
	result, err := agg.Sig(types)
	if err != nil {
		return nil, c.errorf(call, "%s(): %v%s", fname, err, rs.in())
	}
	if agg.If {
		p := ifPredicate(len(spec.args))
		spec.pred = c.convert(spec.args[p], TypeBool)
		spec.args = append(spec.args[:p:p], spec.args[p+1:]...)
		types = append(types[:p:p], types[p+1:]...)
	}
	if result == AnyType && len(types) > 0 {
		result = types[0]
	}
	consts := make([]Value, len(spec.args))
	for i, a := range spec.args {
		consts[i], _ = isConst(a)
	}
	stateType := result
	if agg.State != nil {
		stateType = agg.State(types)
	} else if agg.Row != nil {
		stateType = TypeDynamic
	}
	spec.call = &AggCall{Name: fname, ArgTypes: types, Result: result, StateType: stateType, Consts: consts, Mem: c.alloc()}
	spec.acc = agg.newAccumulator(spec.call)
	return spec, nil
}

func (o *summarizeOp) Schema() *arrow.Schema { return o.schema }

func (o *summarizeOp) Next(ctx context.Context) (arrow.Record, error) {
	if o.done {
		return nil, io.EOF
	}
	o.done = true
	for {
		rec, err := o.in.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		err = o.consume(rec)
		rec.Release()
		if err != nil {
			return nil, err
		}
		if err := o.mem.check(o.name, int64(o.ngroups())*64); err != nil {
			return nil, err
		}
	}
	return o.result()
}

// consume folds one batch into the groups.
func (o *summarizeOp) consume(rec arrow.Record) error {
	n := int(rec.NumRows())
	b := &batch{rec: rec, mem: o.mem, n: n}
	if cap(o.gids) < n {
		o.gids = make([]uint32, n)
	}
	gids := o.gids[:n]
	if o.noKeys {
		if o.groups.len() == 0 {
			o.groups.id(nil)
		}
		for i := range gids {
			gids[i] = 0
		}
	} else {
		cols := make([]arrow.Array, len(o.keys))
		defer releaseArrays(cols)
		for i, k := range o.keys {
			v, err := k.eval(b)
			if err != nil {
				return err
			}
			cols[i] = materializeVec(o.mem, v, n)
		}
		single := len(cols) == 1
		for i, col := range cols {
			d, ok := col.(*array.Dictionary)
			if !ok {
				continue
			}
			if s, ok := d.Dictionary().(*array.String); ok && single {
				o.dictKey(d, s, gids)
				goto aggs
			}
			cols[i] = decodeDict(o.mem, d)
			d.Release()
		}
		if s, ok := cols[0].(*array.String); ok && single {
			// One string key: its raw bytes are the key (null and ""
			// group together, as appendKey has it).
			offs, data := strView(s)
			o.groups.internStrings(offs, data, gids, func(r int) { appendFrom(o.keyBld[0], s, r) })
			goto aggs
		}
		if len(cols) == 2 && o.keys[0].typ() == TypeString && o.keys[1].typ() == TypeString {
			// Every batch takes this path, as group keys must be
			// encoded alike.
			s0, ok0 := cols[0].(*array.String)
			s1, ok1 := cols[1].(*array.String)
			if !ok0 || !ok1 {
				return fmt.Errorf("%s: string keys arrived as %T and %T", o.name, cols[0], cols[1])
			}
			o.twoStringKeys(s0, s1, gids)
			goto aggs
		}
		for r := range n {
			o.keyBuf = o.keyBuf[:0]
			for _, col := range cols {
				if single {
					o.keyBuf = appendKey(o.keyBuf, col, r)
				} else {
					o.keyBuf = appendKeyPrefixed(o.keyBuf, col, r)
				}
			}
			id, added := o.groups.id(o.keyBuf)
			if added {
				for i, col := range cols {
					appendFrom(o.keyBld[i], col, r)
				}
			}
			gids[r] = id
		}
	}
aggs:
	for _, a := range o.aggs {
		if err := a.update(b, gids); err != nil {
			return err
		}
	}
	for _, a := range o.argAgg {
		if err := a.update(b, gids); err != nil {
			return err
		}
	}
	return nil
}

// dictKey numbers the groups of one dictionary-encoded string key (a
// join's build column): each index is looked up once per dictionary, by
// its value, so two indices holding the same value share a group, and
// the rows then map index to group without hashing their values.
func (o *summarizeOp) dictKey(d *array.Dictionary, s *array.String, gids []uint32) {
	if o.dictOf != d.Data().Dictionary() {
		o.dictOf = d.Data().Dictionary()
		o.dictGid = make([]uint32, s.Len()+1)
	}
	memo := o.dictGid
	nullAt := int32(s.Len())
	idx := d.Indices().(*array.Int32).Int32Values()
	nulls := d.NullN() > 0
	offs, data := strView(s)
	for r, k := range idx {
		if nulls && d.IsNull(r) {
			k = nullAt
		}
		g := memo[k]
		if g == 0 {
			// A null index groups with null and "" values, as
			// appendKey has it.
			var key []byte
			if k != nullAt {
				key = data[offs[k]:offs[k+1]]
			}
			id, added := o.groups.id(key)
			if added {
				if k == nullAt {
					o.keyBld[0].AppendNull()
				} else {
					appendFrom(o.keyBld[0], s, int(k))
				}
			}
			g = id + 1
			memo[k] = g
		}
		gids[r] = g - 1
	}
}

// decodeDict returns a dictionary array's values, row by row.
func decodeDict(mem memory.Allocator, d *array.Dictionary) arrow.Array {
	dict := d.Dictionary()
	b := array.NewBuilder(mem, dict.DataType())
	defer b.Release()
	b.Reserve(d.Len())
	for i := range d.Len() {
		if d.IsNull(i) {
			b.AppendNull()
		} else {
			appendFrom(b, dict, d.GetValueIndex(i))
		}
	}
	return b.NewArray()
}

// twoStringKeys numbers the groups of two string key columns: each
// column's values are numbered by a small interner of their own (raw
// bytes, null as ""), and the group by the pair of numbers, so the
// group table compares 8 bytes, not the values.
func (o *summarizeOp) twoStringKeys(s0, s1 *array.String, gids []uint32) {
	if o.colIDs[0] == nil {
		o.colIDs = [2]*interner{newInterner(), newInterner()}
		o.pairIDs = &u64ids{}
	}
	n := len(gids)
	if cap(o.ids2) < n {
		o.ids2, o.keys2 = make([]uint32, n), make([]uint64, n)
	}
	a, b, keys := gids, o.ids2[:n], o.keys2[:n] // gids holds the first numbers until the end
	o0, d0 := strView(s0)
	o1, d1 := strView(s1)
	o.colIDs[0].internStrings(o0, d0, a, nil)
	o.colIDs[1].internStrings(o1, d1, b, nil)
	for r := range keys {
		keys[r] = uint64(b[r])<<32 | uint64(a[r])
	}
	o.pairIDs.ids(keys, gids, func(r int) {
		appendFrom(o.keyBld[0], s0, r)
		appendFrom(o.keyBld[1], s1, r)
	})
}

// ngroups returns the number of groups so far.
func (o *summarizeOp) ngroups() int {
	if o.pairIDs != nil {
		return o.pairIDs.len()
	}
	return o.groups.len()
}

// update feeds one batch to an aggregate.
func (a *aggSpec) update(b *batch, gids []uint32) error {
	if a.state >= 0 {
		return a.acc.Merge(gids, b.rec.Column(a.state))
	}
	groups := gids
	if a.pred != nil {
		pv, err := a.pred.eval(b)
		if err != nil {
			return err
		}
		groups = make([]uint32, len(gids))
		for i, g := range gids {
			if t, ok := pv.Value(i).(bool); ok && t {
				groups[i] = g
			} else {
				groups[i] = skipGroup
			}
		}
		pv.release()
	}
	vecs := make([]*Vector, len(a.args))
	defer func() {
		for _, v := range vecs {
			v.release()
		}
	}()
	for i, e := range a.args {
		v, err := e.eval(b)
		if err != nil {
			return err
		}
		vecs[i] = v
	}
	return a.acc.Update(groups, vecs)
}

// result builds the output record.
func (o *summarizeOp) result() (arrow.Record, error) {
	if o.noKeys && o.groups.len() == 0 {
		o.groups.id(nil) // no rows still make one row: count() is 0
	}
	n := o.ngroups()
	cols := make([]arrow.Array, 0, o.schema.NumFields())
	for _, b := range o.keyBld {
		cols = append(cols, b.NewArray())
	}
	argCols := make([][]arrow.Array, len(o.argAgg))
	for i, a := range o.argAgg {
		argCols[i] = a.result(o.mem, n)
	}
	for _, oc := range o.order {
		if oc.agg >= 0 && o.partial {
			cols = append(cols, o.aggs[oc.agg].acc.State(n))
		} else if oc.agg >= 0 {
			cols = append(cols, o.aggs[oc.agg].acc.Result(n))
		} else {
			cols = append(cols, argCols[oc.arg][oc.col])
		}
	}
	defer releaseArrays(cols)
	return array.NewRecord(o.schema, cols, int64(n)), nil
}

func (o *summarizeOp) Close() {
	for _, b := range o.keyBld {
		b.Release()
	}
	o.keyBld = nil
	for _, a := range o.argAgg {
		a.release()
	}
	o.in.Close()
}

func (c *compiler) distinct(ctx context.Context, sc *scope, in Operator, op *kql.DistinctOp) (Operator, error) {
	var by []*kql.NamedExpr
	if len(op.Columns) == 1 {
		if w, ok := op.Columns[0].(*kql.Wildcard); ok && w.Pattern == "*" {
			for _, f := range in.Schema().Fields() {
				by = append(by, &kql.NamedExpr{X: &kql.Ident{Name: f.Name}})
			}
			return c.newSummarize(ctx, sc, in, nil, by, "distinct")
		}
	}
	for _, col := range op.Columns {
		if ne, ok := col.(*kql.NamedExpr); ok {
			by = append(by, ne)
		} else {
			by = append(by, &kql.NamedExpr{Span: kql.Span{From: col.Pos(), To: col.End()}, X: col})
		}
	}
	return c.newSummarize(ctx, sc, in, nil, by, "distinct")
}

// count is `| count`: one row, one column Count.
// count compiles `count [as Name]`; the column is Count unless named.
func (c *compiler) count(in Operator, name *kql.Ident) Operator {
	col := "Count"
	if name != nil {
		col = name.Name
	}
	return &countOp{in: in, mem: c.alloc(), schema: schemaOf([]string{col}, []Type{TypeLong})}
}

type countOp struct {
	in     Operator
	mem    memory.Allocator
	schema *arrow.Schema
	done   bool
}

var _ Operator = (*countOp)(nil)

func (o *countOp) Schema() *arrow.Schema { return o.schema }

func (o *countOp) Next(ctx context.Context) (arrow.Record, error) {
	if o.done {
		return nil, io.EOF
	}
	o.done = true
	var n int64
	for {
		rec, err := o.in.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		n += rec.NumRows()
		rec.Release()
	}
	col := columnFromValues(o.mem, TypeLong, []Value{n})
	defer col.Release()
	return array.NewRecord(o.schema, []arrow.Array{col}, 1), nil
}

func (o *countOp) Close() { o.in.Close() }

// indexOfOrder returns the position of oc among the output columns after
// the keys.
func indexOfOrder(order []outCol, oc outCol) int {
	for i, o := range order {
		if o == oc {
			return i
		}
	}
	return -1
}

// constArg returns the value of a literal argument, for column names.
func constArg(e kql.Expr) Value {
	if lit, ok := unparen(e).(*kql.Lit); ok {
		v, _ := litValue(lit)
		return v
	}
	return nil
}

// finalAggSpec builds the merge step of an aggregate from the partial
// state column named name, whose metadata gives the argument types.
func (c *compiler) finalAggSpec(ctx context.Context, rs *rowScope, call *kql.CallExpr, name string) (*aggSpec, error) {
	fname := callName(call)
	agg, ok := c.reg.Aggregate(fname)
	if !ok {
		return nil, c.errorf(call.Fun, "unknown aggregate function %q%s", fname, rs.in())
	}
	i := colIndex(rs.schema, name)
	if i < 0 {
		return nil, c.errorf(call, "final summarize: no partial state column %q", name)
	}
	md := rs.schema.Field(i).Metadata
	var types []Type
	if k := md.FindKey(metaArgs); k >= 0 && md.Values()[k] != "" {
		for _, tn := range strings.Split(md.Values()[k], ",") {
			t, _ := ParseType(tn)
			types = append(types, t)
		}
	}
	sigTypes := types
	if agg.If {
		p := ifPredicate(len(types) + 1)
		sigTypes = append(append(append([]Type{}, types[:p]...), TypeBool), types[p:]...)
	}
	result, err := agg.Sig(sigTypes)
	if err != nil {
		return nil, c.errorf(call, "%s(): %v", fname, err)
	}
	if result == AnyType && len(types) > 0 {
		result = types[0]
	}
	stateType := result
	if agg.State != nil {
		stateType = agg.State(types)
	} else if agg.Row != nil {
		stateType = TypeDynamic
	}
	args := call.Args
	if agg.If && len(args) > 0 {
		p := ifPredicate(len(args))
		args = append(args[:p:p], args[p+1:]...)
	}
	consts := make([]Value, len(args))
	for j, a := range args {
		// A constant argument (percentile's 50, a dynamic array of
		// percentages) compiles over the state columns too.
		if e, err := c.scalar(ctx, rs, a); err == nil {
			consts[j], _ = isConst(e)
		}
	}
	spec := &aggSpec{agg: agg, state: i}
	spec.call = &AggCall{Name: fname, ArgTypes: types, Result: result, StateType: stateType, Consts: consts, Mem: c.alloc()}
	spec.acc = agg.newAccumulator(spec.call)
	return spec, nil
}

// namedCall is one aggregate call of an expanded aggregate with the name
// of its result column.
type namedCall struct {
	call *kql.CallExpr
	name string
}

// expandPercentiles expands percentiles(x, p1, p2, ...) into
// percentile(x, p1), percentile(x, p2), ... and percentilesw(x, w, p1,
// ...) into percentilew(x, w, p1), ...; each result column is named
// percentile_x_p (50, 99_9) unless the query names it
// (https://learn.microsoft.com/kusto/query/percentiles-aggregation-function,
// https://learn.microsoft.com/kusto/query/percentilesw-aggregation-function).
func (c *compiler) expandPercentiles(call *kql.CallExpr, fname string, a *kql.NamedExpr) ([]namedCall, error) {
	sub, fixed := "percentile", 1
	if fname == "percentilesw" {
		sub, fixed = "percentilew", 2
	}
	if len(call.Args) <= fixed {
		what := "an expression"
		if fixed == 2 {
			what = "an expression, a weight"
		}
		return nil, c.errorf(call, "%s expects %s and percentages", fname, what)
	}
	var out []namedCall
	for i, p := range call.Args[fixed:] {
		args := append(append([]kql.Expr{}, call.Args[:fixed]...), p)
		name := "percentile_" + byName(call.Args[0]) + "_" + percentName(constArg(p))
		if len(a.Names) > i {
			name = a.Names[i].Name
		}
		out = append(out, namedCall{
			call: &kql.CallExpr{Span: call.Span, Fun: &kql.Ident{Span: call.Span, Name: sub}, Args: args},
			name: name,
		})
	}
	return out, nil
}

// aggAutoName names the result column of an aggregate call the query does
// not name, as Kusto does: the aggregate's prefix and the name of its
// first argument (sum_x, count_, countif_b, set_User), percentile_x_50;
// take_any and binary_all_* are named after their argument alone, and
// the legacy spellings any and anyif keep their any_ prefix.
func (c *compiler) aggAutoName(call *kql.CallExpr) string {
	fname := callName(call)
	agg, ok := c.reg.Aggregate(fname)
	if !ok {
		return ""
	}
	arg := ""
	if len(call.Args) > 0 {
		arg = byName(call.Args[0])
	}
	if firstArgAggs[fname] {
		return arg
	}
	switch fname {
	case "any", "anyif", "count_distinctif":
		return fname + "_" + arg
	}
	name := agg.Prefix + "_" + arg
	if last := len(call.Args) - 1; (fname == "percentile" && last == 1 || fname == "percentilew" && last == 2) && constArg(call.Args[last]) != nil {
		name += "_" + percentName(constArg(call.Args[last]))
	}
	return name
}

// isStar reports whether args is the single argument *.
func isStar(args []kql.Expr) bool {
	if len(args) != 1 {
		return false
	}
	w, ok := args[0].(*kql.Wildcard)
	return ok && w.Pattern == "*"
}
