package exec

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/crosshunt/crosshunt/kql"
)

// query compiles a whole query: its let statements, then its last
// expression statement.
func (c *compiler) query(ctx context.Context, q *kql.Query) (Operator, error) {
	sc := &scope{names: map[string]*binding{}}
	var last kql.Expr
	for _, st := range q.Stmts {
		if es, ok := st.(*kql.ExprStmt); ok {
			last = es.X
			continue
		}
		if err := c.stmt(ctx, sc, st); err != nil {
			c.releaseOwned()
			return nil, err
		}
	}
	if last == nil {
		c.releaseOwned()
		return nil, c.errorf(q, "the query has no tabular expression")
	}
	op, err := c.tabular(ctx, sc, last)
	if err != nil {
		c.releaseOwned()
		return nil, err
	}
	return &queryOp{Operator: op, c: c}, nil
}

func (c *compiler) releaseOwned() {
	releaseAll(c.owned)
	c.owned = nil
}

// queryOp is the root of a query: it also releases materialized results,
// including those of subqueries compiled while it runs (an `as` in a
// fork, partition or mv-apply branch).
type queryOp struct {
	Operator
	c *compiler
}

func (o *queryOp) Close() {
	o.Operator.Close()
	o.c.releaseOwned()
}

// stmt binds a let, declare or set statement in sc.
func (c *compiler) stmt(ctx context.Context, sc *scope, st kql.Stmt) error {
	switch st := st.(type) {
	case *kql.LetStmt:
		b, err := c.letBinding(ctx, sc, st.Value)
		if err != nil {
			return err
		}
		sc.names[st.Name.Name] = b
	case *kql.DeclareStmt:
		for _, p := range st.Params {
			if p.Default == nil {
				return c.errorf(p, "query parameter %q has no value", p.Name.Name)
			}
			e, err := c.scalar(ctx, &rowScope{sc: sc}, p.Default)
			if err != nil {
				return err
			}
			if p.Type != nil {
				if t, ok := ParseType(p.Type.Name); ok {
					e = c.convert(e, t)
				}
			}
			sc.names[p.Name.Name] = &binding{scalar: e}
		}
	case *kql.SetStmt:
		if (st.Name == "query_bin_auto_size" || st.Name == "query_bin_auto_at") && st.Value != nil {
			if c.binAuto == nil {
				c.binAuto = map[string]kql.Expr{}
			}
			c.binAuto[st.Name] = st.Value
		}
		if st.Name == "query_now" && st.Value != nil {
			e, err := c.scalar(ctx, &rowScope{sc: sc}, st.Value)
			if err != nil {
				return err
			}
			if v, ok := isConst(c.convert(e, TypeDateTime)); ok && v != nil {
				c.now = Convert(v, TypeDateTime).(time.Time)
			}
		}
	case *kql.ExprStmt:
		return c.errorf(st, "an expression statement must be the last statement")
	}
	return nil
}

// letBinding evaluates the right side of a let.
func (c *compiler) letBinding(ctx context.Context, sc *scope, v kql.Expr) (*binding, error) {
	return c.rowLetBinding(ctx, sc, nil, v)
}

// rowLetBinding evaluates the right side of a let inside a row context of
// the given schema (a scalar function's body called per row), or outside any
// when rowSchema is nil. A scalar that depends on the row is bound to it.
func (c *compiler) rowLetBinding(ctx context.Context, sc *scope, rowSchema *arrow.Schema, v kql.Expr) (*binding, error) {
	if fn, ok := v.(*kql.FuncExpr); ok {
		return &binding{function: fn, fnScope: sc}, nil
	}
	if c.isTabular(sc, v) {
		return c.tabularBinding(ctx, sc, v)
	}
	e, err := c.scalar(ctx, &rowScope{schema: rowSchema, sc: sc}, v)
	if err != nil {
		return nil, err
	}
	b := &binding{scalar: e}
	if _, ok := isConst(e); !ok && rowSchema != nil && rowSchema.NumFields() > 0 {
		b.rowSchema = rowSchema
	}
	return b, nil
}

// tabularBinding binds a tabular expression: compiled anew at each use,
// except materialize(...), which runs once and replays its result.
func (c *compiler) tabularBinding(ctx context.Context, sc *scope, v kql.Expr) (*binding, error) {
	if call, ok := unparen(v).(*kql.CallExpr); ok && callName(call) == "materialize" && len(call.Args) == 1 {
		op, err := c.tabular(ctx, sc, call.Args[0])
		if err != nil {
			return nil, err
		}
		return c.materializeInput(ctx, op)
	}
	// Compile once now to report errors early and learn the schema.
	op, err := c.tabular(ctx, sc, v)
	if err != nil {
		return nil, err
	}
	schema := op.Schema()
	op.Close()
	return &binding{schema: schema, tabular: func(ctx context.Context) (Operator, error) {
		return c.tabular(ctx, sc, v)
	}}, nil
}

func unparen(e kql.Expr) kql.Expr {
	for {
		p, ok := e.(*kql.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

// isTabular reports whether an expression denotes a table.
func (c *compiler) isTabular(sc *scope, e kql.Expr) bool {
	switch e := unparen(e).(type) {
	case *kql.PipeExpr, *kql.DatatableExpr, *kql.ExternalDataExpr, *kql.UnionOp,
		*kql.PrintOp, *kql.RangeOp, *kql.EvaluateOp, *kql.SearchOp, *kql.FindOp:
		return true
	case *kql.Ident:
		if b := sc.lookup(e.Name); b != nil {
			if b.tabular != nil {
				return true
			}
			if b.function != nil && len(b.function.Params) == 0 {
				return c.returnsTable(b)
			}
			return false
		}
		_, ok := c.tables[e.Name]
		return ok
	case *kql.CallExpr:
		switch name := callName(e); name {
		case "materialize", "table", "view":
			return true
		default:
			if b := sc.lookup(name); b != nil && b.function != nil {
				return c.returnsTable(b)
			}
		}
	}
	return false
}

// returnsTable reports whether a let-defined function's body ends with a
// tabular expression.
func (c *compiler) returnsTable(b *binding) bool {
	body := b.function.Body
	if len(body) == 0 {
		return false
	}
	last, ok := body[len(body)-1].(*kql.ExprStmt)
	if !ok {
		return false
	}
	sc := b.fnScope.child()
	for _, p := range b.function.Params {
		if p.Type != nil && p.Type.Name == "" {
			sc.names[p.Name.Name] = &binding{tabular: func(context.Context) (Operator, error) { return nil, nil }}
		} else {
			sc.names[p.Name.Name] = &binding{scalar: &constExpr{t: TypeDynamic}}
		}
	}
	for _, st := range body[:len(body)-1] {
		if let, ok := st.(*kql.LetStmt); ok {
			if c.isTabular(sc, let.Value) {
				sc.names[let.Name.Name] = &binding{tabular: func(context.Context) (Operator, error) { return nil, nil }}
			} else {
				sc.names[let.Name.Name] = &binding{scalar: &constExpr{t: TypeDynamic}}
			}
		}
	}
	return c.isTabular(sc, last.X)
}

// tabular compiles a tabular expression into an operator.
func (c *compiler) tabular(ctx context.Context, sc *scope, e kql.Expr) (Operator, error) {
	switch e := e.(type) {
	case *kql.ParenExpr:
		return c.tabular(ctx, sc, e.X)
	case *kql.PipeExpr:
		if e.Source == nil {
			return nil, c.errorf(e, "a pipeline needs a source table")
		}
		op, err := c.tabular(ctx, sc, e.Source)
		if err != nil {
			return nil, err
		}
		if _, isScan := op.(*tableScan); isScan {
			op = pruneScan(op, neededColumns(e.Ops))
		}
		defer func(old string) { c.pipeName = old }(c.pipeName)
		c.pipeName = sourceName(e.Source)
		return c.pipeline(ctx, sc, op, e.Ops)
	case *kql.Ident:
		return c.tableRef(ctx, sc, e)
	case *kql.CallExpr:
		return c.tabularCall(ctx, sc, e)
	case *kql.DatatableExpr:
		return c.datatable(ctx, sc, e)
	case *kql.PrintOp:
		return c.print(ctx, sc, e)
	case *kql.RangeOp:
		return c.rangeOp(ctx, sc, e)
	case *kql.UnionOp:
		return c.union(ctx, sc, nil, e)
	case *kql.ExternalDataExpr:
		return c.externalData(ctx, sc, e)
	case *kql.EvaluateOp:
		return c.evaluate(ctx, sc, nil, e)
	case *kql.SearchOp:
		return c.search(ctx, sc, nil, e)
	case *kql.FindOp:
		return c.find(ctx, sc, e)
	}
	return nil, c.errorf(e, "expected a tabular expression")
}

// sourceName is the name Kusto reports for a tabular expression's rows in
// union's withsource column, find's source_ and search's $table: a table
// or let name, or the name given by a final `as`; "" otherwise.
func sourceName(e kql.Expr) string {
	switch e := e.(type) {
	case *kql.ParenExpr:
		return sourceName(e.X)
	case *kql.Ident:
		return e.Name
	case *kql.PipeExpr:
		for i := len(e.Ops) - 1; i >= 0; i-- {
			if as, ok := e.Ops[i].(*kql.AsOp); ok {
				return as.Name.Name
			}
		}
	}
	return ""
}

// as binds its input to a name the rest of the query can read, as a
// let would (learn.microsoft.com/kusto/query/as-operator): the input is
// materialized once and the pipeline goes on over the same rows.
func (c *compiler) as(ctx context.Context, sc *scope, in Operator, n *kql.AsOp) (Operator, error) {
	b, err := c.materializeInput(ctx, in)
	if err != nil {
		return nil, err
	}
	sc.names[n.Name.Name] = b
	c.pipeName = n.Name.Name
	return b.tabular(ctx)
}

// pipeline applies operators to a source, closing everything on error.
func (c *compiler) pipeline(ctx context.Context, sc *scope, op Operator, ops []kql.Op) (Operator, error) {
	for i := 0; i < len(ops); i++ {
		stage := ops[i]
		c.rightNeed, c.joinOutNeed, c.joinDictCols = nil, nil, nil
		switch stage.(type) {
		case *kql.JoinOp, *kql.LookupOp:
			if w, ok := whereAfter(ops, i); ok && pushableWhere(stage, w, op.Schema()) {
				// join | where P runs as where P | join.
				ops = append(append(append(ops[:i:i], w), stage), ops[i+2:]...)
				i--
				continue
			}
			c.rightNeed = neededColumns(ops[i:])
			c.joinOutNeed = neededColumns(ops[i+1:])
			c.joinDictCols = dictKeyColumns(ops[i+1:])
		}
		next, err := c.stage(ctx, sc, op, stage)
		if err != nil {
			op.Close()
			return nil, err
		}
		op = next
	}
	return op, nil
}

// whereAfter returns the where that follows ops[i], if one does.
func whereAfter(ops []kql.Op, i int) (*kql.WhereOp, bool) {
	if i+1 >= len(ops) {
		return nil, false
	}
	w, ok := ops[i+1].(*kql.WhereOp)
	return w, ok
}

// tableRef resolves a table name: a let binding, then a table.
func (c *compiler) tableRef(ctx context.Context, sc *scope, id *kql.Ident) (Operator, error) {
	if b := sc.lookup(id.Name); b != nil {
		switch {
		case b.tabular != nil:
			return b.tabular(ctx)
		case b.function != nil && len(b.function.Params) == 0:
			return c.tabularCall(ctx, sc, &kql.CallExpr{Span: id.Span, Fun: id})
		}
		return nil, c.errorf(id, "%q is a scalar, expected a table", id.Name)
	}
	t, ok := c.tables[id.Name]
	if !ok {
		return nil, c.errorf(id, "unknown table %q", id.Name)
	}
	for _, f := range t.Schema().Fields() {
		if _, ok := TypeOfArrow(f.Type); !ok {
			return nil, c.errorf(id, "table %q: column %q has Arrow type %s, which has no KQL type (see exec.Normalize)", id.Name, f.Name, f.Type)
		}
	}
	return newTableScan(t, c.opts.batchSize()), nil
}

// tabularCall compiles materialize(), table() and calls of let-defined
// functions that return tables.
func (c *compiler) tabularCall(ctx context.Context, sc *scope, n *kql.CallExpr) (Operator, error) {
	name := callName(n)
	switch name {
	case "materialize":
		if len(n.Args) != 1 {
			return nil, c.errorf(n, "materialize expects 1 argument, got %d", len(n.Args))
		}
		b, err := c.tabularBinding(ctx, sc, n)
		if err != nil {
			return nil, err
		}
		return b.tabular(ctx)
	case "table", "view":
		if len(n.Args) < 1 {
			return nil, c.errorf(n, "%s expects a table name", name)
		}
		e, err := c.scalar(ctx, &rowScope{sc: sc}, n.Args[0])
		if err != nil {
			return nil, err
		}
		v, _ := isConst(e)
		return c.tableRef(ctx, sc, &kql.Ident{Span: kql.Span{From: n.Pos(), To: n.End()}, Name: FormatValue(v)})
	}
	b := sc.lookup(name)
	if b == nil || b.function == nil {
		return nil, c.errorf(n, "unknown tabular function %q", name)
	}
	fsc, err := c.bindParams(ctx, &rowScope{sc: sc}, n, b)
	if err != nil {
		return nil, err
	}
	body, last, err := c.functionBody(ctx, fsc, nil, b.function)
	if err != nil {
		return nil, err
	}
	return c.tabular(ctx, body, last)
}

// stage compiles one pipeline operator over its input.
func (c *compiler) stage(ctx context.Context, sc *scope, in Operator, op kql.Op) (Operator, error) {
	switch op := op.(type) {
	case *kql.WhereOp:
		return c.where(ctx, sc, in, op)
	case *kql.ProjectOp:
		return c.project(ctx, sc, in, op.Columns, false, "project")
	case *kql.ExtendOp:
		return c.project(ctx, sc, in, op.Columns, true, "extend")
	case *kql.ProjectAwayOp:
		return c.projectAway(in, op.Columns, false)
	case *kql.ProjectKeepOp:
		return c.projectAway(in, op.Columns, true)
	case *kql.ProjectRenameOp:
		return c.projectRename(in, op)
	case *kql.ProjectReorderOp:
		return c.projectReorder(in, op)
	case *kql.SummarizeOp:
		return c.summarize(ctx, sc, in, op)
	case *kql.DistinctOp:
		return c.distinct(ctx, sc, in, op)
	case *kql.CountOp:
		return c.count(in, op.Name), nil
	case *kql.TakeOp:
		return c.take(ctx, sc, in, op.Count)
	case *kql.SampleOp:
		return c.take(ctx, sc, in, op.Count)
	case *kql.SortOp:
		return c.sort(ctx, sc, in, op.By, nil)
	case *kql.TopOp:
		return c.sort(ctx, sc, in, op.By, op.Count)
	case *kql.JoinOp:
		return c.join(ctx, sc, in, op.Options, op.Right, op.On, false, op)
	case *kql.LookupOp:
		return c.join(ctx, sc, in, op.Options, op.Right, op.On, true, op)
	case *kql.UnionOp:
		return c.union(ctx, sc, in, op)
	case *kql.MvExpandOp:
		return c.mvExpand(ctx, sc, in, op)
	case *kql.MvApplyOp:
		return c.mvApply(ctx, sc, in, op)
	case *kql.ParseOp:
		return c.parse(ctx, sc, in, op)
	case *kql.ParseKvOp:
		return c.parseKv(ctx, sc, in, op)
	case *kql.MakeSeriesOp:
		return c.makeSeries(ctx, sc, in, op)
	case *kql.TopNestedOp:
		return c.topNested(ctx, sc, in, op)
	case *kql.SerializeOp:
		if len(op.Columns) == 0 {
			return in, nil
		}
		return c.project(ctx, sc, in, op.Columns, true, "serialize")
	case *kql.RenderOp:
		if !renderCharts[strings.ToLower(op.Chart)] {
			return nil, c.errorf(op, "render: unknown visualization %q", op.Chart)
		}
		return in, nil
	case *kql.AsOp:
		return c.as(ctx, sc, in, op)
	case *kql.GetSchemaOp:
		return c.getSchema(in), nil
	case *kql.EvaluateOp:
		return c.evaluate(ctx, sc, in, op)
	case *kql.InvokeOp:
		return c.invoke(ctx, sc, in, op)
	case *kql.PartitionOp:
		return c.partition(ctx, sc, in, op)
	case *kql.SearchOp:
		return c.search(ctx, sc, in, op)
	case *kql.ForkOp:
		return c.fork(ctx, sc, in, op)
	case *kql.FacetOp:
		return c.facet(ctx, sc, in, op)
	case *kql.ScanOp:
		return c.scan(ctx, sc, in, op)
	case *kql.TopHittersOp:
		return c.topHitters(ctx, sc, in, op)
	case *kql.SampleDistinctOp:
		return c.sampleDistinct(ctx, sc, in, op)
	case *kql.ConsumeOp:
		return &consumeOp{in: in}, nil
	case *kql.MakeGraphOp:
		return c.makeGraph(ctx, sc, in, op)
	case *kql.GraphMatchOp:
		return c.graphMatch(ctx, sc, in, op)
	case *kql.PrintOp, *kql.RangeOp:
		return nil, c.errorf(op, "%s cannot follow a pipe", opName(op))
	}
	return nil, c.errorf(op, "operator %s is not supported", opName(op))
}

// opName returns an operator's KQL name for messages.
func opName(op kql.Node) string {
	name := fmt.Sprintf("%T", op)
	name = strings.TrimSuffix(strings.TrimPrefix(name, "*kql."), "Op")
	switch name {
	case "GetSchema", "ExternalData", "Datatable":
		return strings.ToLower(name)
	}
	// SampleDistinct is sample-distinct, MakeGraph make-graph.
	var b strings.Builder
	for i, r := range name {
		if i > 0 && r >= 'A' && r <= 'Z' {
			b.WriteByte('-')
		}
		b.WriteRune(r)
	}
	return strings.ToLower(b.String())
}

// pruneScan narrows a table scan to the needed columns (all when need is
// nil), keeping their order.
func pruneScan(op Operator, need map[string]bool) Operator {
	if need == nil {
		return op
	}
	var idx []int
	for i, f := range op.Schema().Fields() {
		if need[f.Name] {
			idx = append(idx, i)
		}
	}
	if len(idx) == op.Schema().NumFields() {
		return op
	}
	return newSelectOp(op, idx, nil)
}

// renderCharts are the visualizations of render
// (https://learn.microsoft.com/kusto/query/render-operator).
var renderCharts = map[string]bool{
	"anomalychart": true, "areachart": true, "barchart": true, "card": true,
	"columnchart": true, "ladderchart": true, "linechart": true, "list": true,
	"piechart": true, "pivotchart": true, "scatterchart": true,
	"stackedareachart": true, "table": true, "timechart": true,
	"timepivot": true, "treemap": true, "3dchart": true, "plotly": true,
}
