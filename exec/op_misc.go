package exec

import (
	"context"
	"io"
	"sort"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/crosshunt/crosshunt/kql"
)

// dotNetTypes names the CLR type getschema reports for each KQL type.
var dotNetTypes = map[Type]string{
	TypeBool: "System.Boolean", TypeInt: "System.Int32", TypeLong: "System.Int64",
	TypeReal: "System.Double", TypeDecimal: "System.Data.SqlTypes.SqlDecimal",
	TypeString: "System.String", TypeDateTime: "System.DateTime", TypeTimeSpan: "System.TimeSpan",
	TypeGUID: "System.Guid", TypeDynamic: "System.Object",
}

// getSchema describes its input's columns: ColumnName, ColumnOrdinal,
// DataType, ColumnType.
func (c *compiler) getSchema(in Operator) Operator {
	s := in.Schema()
	in.Close()
	schema := schemaOf([]string{"ColumnName", "ColumnOrdinal", "DataType", "ColumnType"},
		[]Type{TypeString, TypeInt, TypeString, TypeString})
	b := array.NewRecordBuilder(c.alloc(), schema)
	defer b.Release()
	for i, f := range s.Fields() {
		t := fieldType(s, i)
		AppendValue(b.Field(0), TypeString, f.Name)
		AppendValue(b.Field(1), TypeInt, int32(i))
		AppendValue(b.Field(2), TypeString, dotNetTypes[t])
		AppendValue(b.Field(3), TypeString, t.String())
	}
	return newRecordsOp(schema, b.NewRecord())
}

// materializeInput reads an operator whole and binds it as a replayable
// table.
func (c *compiler) materializeInput(ctx context.Context, in Operator) (*binding, error) {
	schema := in.Schema()
	rec, err := drainOne(ctx, c.alloc(), in)
	in.Close()
	if err != nil {
		return nil, err
	}
	c.owned = append(c.owned, rec)
	return &binding{schema: schema, tabular: func(context.Context) (Operator, error) {
		rec.Retain()
		return newRecordsOp(schema, rec), nil
	}}, nil
}

// invoke calls a let-defined tabular function with the input as its first
// argument.
func (c *compiler) invoke(ctx context.Context, sc *scope, in Operator, n *kql.InvokeOp) (Operator, error) {
	name := callName(n.Call)
	b := sc.lookup(name)
	if b == nil || b.function == nil || len(b.function.Params) == 0 {
		in.Close()
		return nil, c.errorf(n.Call, "invoke: %q is not a function taking a table", name)
	}
	input, err := c.materializeInput(ctx, in)
	if err != nil {
		return nil, err
	}
	tmp := sc.child()
	const inputName = "$invoke_input"
	tmp.names[inputName] = input
	args := append([]kql.Expr{&kql.Ident{Span: n.Span, Name: inputName}}, n.Call.Args...)
	return c.tabularCall(ctx, tmp, &kql.CallExpr{Span: n.Call.Span, Fun: n.Call.Fun, Args: args})
}

// evaluate runs a plugin: bag_unpack is built in.
func (c *compiler) evaluate(ctx context.Context, sc *scope, in Operator, n *kql.EvaluateOp) (Operator, error) {
	name := callName(n.Call)
	switch name {
	case "bag_unpack", "narrow", "pivot", "ipv4_lookup":
		if in == nil {
			return nil, c.errorf(n, "%s needs an input table", name)
		}
		var starCols []string
		for i, f := range in.Schema().Fields() {
			if name != "bag_unpack" || len(n.Call.Args) == 0 || autoName(n.Call.Args[0]) != f.Name {
				starCols = append(starCols, in.Schema().Field(i).Name)
			}
		}
		var op Operator
		var err error
		if name == "bag_unpack" {
			op, err = c.bagUnpack(ctx, sc, in, n.Call)
		} else {
			op, err = c.tablePlugin(ctx, sc, in, n.Call, name)
		}
		if err != nil || n.Schema == nil {
			return op, err
		}
		return c.pluginOutputSchema(ctx, op, n.Schema, starCols, name == "pivot")
	}
	if p, ok := rowPlugins[name]; ok {
		return c.runRowPlugin(ctx, sc, in, n.Call, name, p)
	}
	if in != nil {
		in.Close()
	}
	return nil, c.errorf(n.Call.Fun, "%v", unknownPluginError(name))
}

// pluginOutputSchema gives a plugin's output the columns of the query's
// OutputSchema, in its order and types: * stands for the input's columns
// (bag_unpack's unpacked column excluded), a declared column the data
// lacks is null (0 for pivot, whose cells count), and undeclared columns
// are dropped
// (https://learn.microsoft.com/kusto/query/bag-unpack-plugin#output-schema-syntax).
func (c *compiler) pluginOutputSchema(ctx context.Context, op Operator, decl *kql.Type, starCols []string, zeroFill bool) (Operator, error) {
	t, err := c.toPluginTable(ctx, op)
	if err != nil {
		return nil, err
	}
	out := &pluginTable{}
	var src []int
	add := func(name string, typ Type) {
		out.Names = append(out.Names, name)
		out.Types = append(out.Types, typ)
		src = append(src, t.column(name))
	}
	if decl.Star {
		declared := map[string]bool{}
		for _, d := range decl.Columns {
			declared[d.Name.Name] = true
		}
		for _, n := range starCols {
			if i := t.column(n); i >= 0 && !declared[n] {
				add(n, t.Types[i])
			}
		}
	}
	for _, d := range decl.Columns {
		typ, err := c.declaredType(d.Type, TypeDynamic)
		if err != nil {
			return nil, err
		}
		add(d.Name.Name, typ)
	}
	for _, row := range t.Rows {
		nr := make([]Value, len(src))
		for j, i := range src {
			var v Value
			if i >= 0 {
				v = row[i]
			} else if zeroFill {
				v = int64(0)
			}
			nr[j] = Convert(v, out.Types[j])
		}
		out.Rows = append(out.Rows, nr)
	}
	return c.fromPluginTable(out), nil
}

// toPluginTable drains an operator into a row-level table.
func (c *compiler) toPluginTable(ctx context.Context, op Operator) (*pluginTable, error) {
	defer op.Close()
	s := op.Schema()
	t := &pluginTable{}
	for i, f := range s.Fields() {
		t.Names = append(t.Names, f.Name)
		t.Types = append(t.Types, fieldType(s, i))
	}
	recs, err := drain(ctx, op)
	if err != nil {
		return nil, err
	}
	defer releaseAll(recs)
	for _, r := range recs {
		for i := range int(r.NumRows()) {
			row := make([]Value, r.NumCols())
			for j := range row {
				row[j] = ValueAt(r.Column(j), i)
			}
			t.Rows = append(t.Rows, row)
		}
	}
	return t, nil
}

// fromPluginTable turns a row-level table back into an operator.
func (c *compiler) fromPluginTable(t *pluginTable) Operator {
	schema := schemaOf(t.Names, t.Types)
	b := array.NewRecordBuilder(c.alloc(), schema)
	defer b.Release()
	for _, row := range t.Rows {
		for j, v := range row {
			AppendValue(b.Field(j), t.Types[j], v)
		}
	}
	return newRecordsOp(schema, b.NewRecord())
}

// tablePlugin runs the row-level plugins narrow, pivot and ipv4_lookup.
func (c *compiler) tablePlugin(ctx context.Context, sc *scope, in Operator, call *kql.CallExpr, name string) (Operator, error) {
	var lookup Operator
	args := call.Args
	if name == "ipv4_lookup" {
		if len(args) < 3 {
			in.Close()
			return nil, c.errorf(call, "ipv4_lookup expects a lookup table, a source column and a range column")
		}
		var err error
		if lookup, err = c.tabular(ctx, sc, args[0]); err != nil {
			in.Close()
			return nil, err
		}
		args = args[1:]
	}
	t, err := c.toPluginTable(ctx, in)
	if err != nil {
		if lookup != nil {
			lookup.Close()
		}
		return nil, err
	}
	var out *pluginTable
	switch name {
	case "narrow":
		out = narrowPlugin(t)
	case "pivot":
		if len(args) < 1 {
			return nil, c.errorf(call, "pivot expects a pivot column")
		}
		agg := pivotAgg{Func: "count"}
		var groupBy []string
		for i, a := range args[1:] {
			if ce, ok := a.(*kql.CallExpr); ok && i == 0 {
				agg.Func = callName(ce)
				if len(ce.Args) > 0 {
					agg.Column = autoName(ce.Args[0])
				}
				continue
			}
			groupBy = append(groupBy, autoName(a))
		}
		out, err = pivotPlugin(t, autoName(args[0]), agg, groupBy)
	case "ipv4_lookup":
		lt, lerr := c.toPluginTable(ctx, lookup)
		if lerr != nil {
			return nil, lerr
		}
		unmatched := false
		var extra [][2]string
		for _, a := range args[2:] {
			if lit, ok := a.(*kql.Lit); ok && lit.Type == "bool" {
				unmatched = lit.Value == "true"
				continue
			}
			if ne, ok := a.(*kql.NamedExpr); ok && len(ne.Names) == 1 && ne.Names[0].Name == "return_unmatched" {
				unmatched = strings.EqualFold(autoName(ne.X), "true")
				if lit, ok := ne.X.(*kql.Lit); ok {
					unmatched = lit.Value == "true"
				}
				continue
			}
			k := autoName(a)
			extra = append(extra, [2]string{k, k})
		}
		out, err = ipv4LookupPlugin(t, lt, autoName(args[0]), autoName(args[1]), extra, unmatched)
	}
	if err != nil {
		return nil, c.errorf(call, "%v", err)
	}
	return c.fromPluginTable(out), nil
}

// bagUnpack turns the properties of a dynamic column into columns. The
// columns depend on the data, so the input is read while compiling.
// Properties become columns sorted by name, typed by their values (one
// type for all rows, else dynamic), after the input's other columns.
func (c *compiler) bagUnpack(ctx context.Context, sc *scope, in Operator, call *kql.CallExpr) (Operator, error) {
	if len(call.Args) < 1 {
		in.Close()
		return nil, c.errorf(call, "bag_unpack expects a column")
	}
	e, err := c.scalar(ctx, &rowScope{schema: in.Schema(), sc: sc, where: "bag_unpack"}, call.Args[0])
	if err != nil {
		in.Close()
		return nil, err
	}
	// Optional arguments, by position or by name: OutputColumnPrefix,
	// columnsConflict (error, replace_source, keep_source) and
	// ignoredProperties (https://learn.microsoft.com/kusto/query/bag-unpack-plugin).
	opts := map[string]Value{}
	for i, a := range call.Args[1:] {
		key := []string{"outputcolumnprefix", "columnsconflict", "ignoredproperties"}[min(i, 2)]
		x := a
		if ne, ok := a.(*kql.NamedExpr); ok && len(ne.Names) == 1 {
			key, x = strings.ToLower(ne.Names[0].Name), ne.X
		}
		p, err := c.scalar(ctx, &rowScope{sc: sc}, x)
		if err != nil {
			in.Close()
			return nil, err
		}
		v, ok := isConst(p)
		if !ok {
			in.Close()
			return nil, c.errorf(a, "bag_unpack: %s must be a constant", key)
		}
		opts[key] = v
	}
	prefix := ""
	if v := opts["outputcolumnprefix"]; v != nil {
		prefix = FormatValue(v)
	}
	conflict := "error"
	if v := opts["columnsconflict"]; v != nil {
		conflict = strings.ToLower(FormatValue(v))
		if conflict != "error" && conflict != "replace_source" && conflict != "keep_source" {
			in.Close()
			return nil, c.errorf(call, "bag_unpack: columnsConflict must be error, replace_source or keep_source, got %q", conflict)
		}
	}
	ignored := map[string]bool{}
	if arr, ok := argArray(opts["ignoredproperties"]); ok {
		for _, k := range arr {
			ignored[FormatValue(k)] = true
		}
	}
	src := -1
	if ce, ok := e.(*colExpr); ok {
		src = ce.idx
	}
	schema := in.Schema()
	rec, err := drainOne(ctx, c.alloc(), in)
	in.Close()
	if err != nil {
		return nil, err
	}
	defer rec.Release()
	n := int(rec.NumRows())
	v, err := e.eval(&batch{rec: rec, mem: c.alloc(), n: n})
	if err != nil {
		return nil, err
	}
	col := materializeVec(c.alloc(), v, n)
	defer col.Release()
	bags := make([]*Bag, n)
	types := map[string]Type{}
	for r := range n {
		bag, _ := ValueAt(col, r).(*Bag)
		bags[r] = bag
		if bag == nil {
			continue
		}
		for i, k := range bag.Keys {
			if ignored[k] {
				continue
			}
			if bag.Vals[i] == nil {
				if _, ok := types[k]; !ok {
					types[k] = TypeInvalid
				}
				continue
			}
			t := TypeOfValue(bag.Vals[i])
			if s, ok := bag.Vals[i].(string); ok && t == TypeString {
				_ = s
			}
			switch old, seen := types[k]; {
			case !seen || old == TypeInvalid:
				types[k] = t
			case old != t:
				types[k] = TypeDynamic
			}
		}
	}
	keys := make([]string, 0, len(types))
	for k := range types {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	unpacked := map[string]bool{}
	for _, k := range keys {
		unpacked[prefix+k] = true
	}
	var fields []arrow.Field
	var cols []arrow.Array
	for i, f := range schema.Fields() {
		if i == src || (unpacked[f.Name] && conflict == "replace_source") {
			continue
		}
		if unpacked[f.Name] && conflict == "error" {
			return nil, c.errorf(call, "bag_unpack: property %q conflicts with the column of that name (see columnsConflict)", f.Name)
		}
		fields = append(fields, f)
		rec.Column(i).Retain()
		cols = append(cols, rec.Column(i))
	}
	for _, k := range keys {
		t := types[k]
		if t == TypeInvalid {
			t = TypeDynamic
		}
		vals := make([]Value, n)
		for r, bag := range bags {
			if bag != nil {
				vals[r], _ = bag.Get(k)
			}
		}
		name := prefix + k
		if colIndex(arrow.NewSchema(fields, nil), name) >= 0 {
			continue // keep_source
		}
		fields = append(fields, arrow.Field{Name: name, Type: t.ArrowType(), Nullable: true})
		cols = append(cols, columnFromValues(c.alloc(), t, vals))
	}
	defer releaseArrays(cols)
	out := arrow.NewSchema(fields, nil)
	return newRecordsOp(out, array.NewRecord(out, cols, int64(n))), nil
}

// optionBool reads a bool option such as isfuzzy=true.
func optionBool(e kql.Expr) bool { return strings.EqualFold(optionText(e), "true") }

// topHitters compiles `top-hitters N of X [by W]` as Kusto defines it:
// summarize count() (or sum(W)) by X, then the N largest, named
// approximate_count_X (approximate_sum_W). This engine counts exactly, so
// its figures are the ones the approximation aims at
// (learn.microsoft.com/kusto/query/top-hitters-operator).
func (c *compiler) topHitters(ctx context.Context, sc *scope, in Operator, n *kql.TopHittersOp) (Operator, error) {
	const tmp = "approximate_"
	agg := &kql.CallExpr{Span: n.Span, Fun: &kql.Ident{Span: n.Span, Name: "count"}}
	if n.By != nil {
		agg = &kql.CallExpr{Span: kql.Span{From: n.By.Pos(), To: n.By.End()}, Fun: &kql.Ident{Span: n.Span, Name: "sum"}, Args: []kql.Expr{n.By}}
	}
	sum, err := c.summarize(ctx, sc, in, &kql.SummarizeOp{Span: n.Span,
		Aggs: []*kql.NamedExpr{{Span: n.Span, Names: []*kql.Ident{{Span: n.Span, Name: tmp}}, X: agg}},
		By:   []*kql.NamedExpr{{Span: n.Span, X: n.Of}}})
	if err != nil {
		return nil, err
	}
	top, err := c.sort(ctx, sc, sum, []*kql.OrderExpr{{Span: n.Span, X: &kql.Ident{Span: n.Span, Name: tmp}, Order: "desc"}}, n.Count)
	if err != nil {
		return nil, err
	}
	key := top.Schema().Field(0).Name
	name := "approximate_count_" + key
	if n.By != nil {
		name = "approximate_sum_" + autoName(n.By)
	}
	return newSelectOp(top, []int{0, 1}, []string{key, name}), nil
}

// consumeOp reads its input to the end and returns no rows and no
// columns: `consume` (learn.microsoft.com/kusto/query/consume-operator).
type consumeOp struct {
	in   Operator
	done bool
}

var _ Operator = (*consumeOp)(nil)

func (o *consumeOp) Schema() *arrow.Schema { return arrow.NewSchema(nil, nil) }

func (o *consumeOp) Next(ctx context.Context) (arrow.Record, error) {
	if !o.done {
		o.done = true
		for {
			rec, err := o.in.Next(ctx)
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, err
			}
			rec.Release()
		}
	}
	return nil, io.EOF
}

func (o *consumeOp) Close() { o.in.Close() }

// sampleDistinct compiles `sample-distinct N of Col`: up to N distinct
// values of Col, in one column (learn.microsoft.com/kusto/query/sample-distinct-operator).
// Kusto picks any N; this engine takes the first N in order of appearance.
func (c *compiler) sampleDistinct(ctx context.Context, sc *scope, in Operator, n *kql.SampleDistinctOp) (Operator, error) {
	d, err := c.distinct(ctx, sc, in, &kql.DistinctOp{Span: n.Span, Columns: []kql.Expr{n.Of}})
	if err != nil {
		return nil, err
	}
	t, err := c.take(ctx, sc, d, n.Count)
	if err != nil {
		d.Close()
		return nil, err
	}
	return t, nil
}
