package exec

import (
	"context"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/crosshunt/crosshunt/kql"
)

// graphOp is the graph `make-graph` builds (learn.microsoft.com/kusto/query/make-graph-operator):
// the edges are the input's rows, the nodes the rows of the `with` tables
// plus every edge end they lack. It is no table: only graph-match reads it.
type graphOp struct {
	edges     Operator
	src, dst  int        // the edge columns holding the source and target node ids
	nodes     []Operator // the with tables
	keys      []int      // their node id columns
	nodeProps *arrow.Schema
	idName    string // with_node_id: a node property holding its id, or ""
}

var _ Operator = (*graphOp)(nil)

func (g *graphOp) Schema() *arrow.Schema { return arrow.NewSchema(nil, nil) }

func (g *graphOp) Next(context.Context) (arrow.Record, error) {
	return nil, fmt.Errorf("make-graph builds a graph, which only graph-match can read")
}

func (g *graphOp) Close() {
	g.edges.Close()
	for _, n := range g.nodes {
		n.Close()
	}
}

func (c *compiler) makeGraph(ctx context.Context, sc *scope, in Operator, n *kql.MakeGraphOp) (Operator, error) {
	if n.PartitionBy != nil {
		return nil, c.errorf(n.PartitionBy, "make-graph: partitioned-by is not supported")
	}
	g := &graphOp{edges: in, src: colIndex(in.Schema(), n.Source.Name), dst: colIndex(in.Schema(), n.Target.Name)}
	if g.src < 0 {
		return nil, c.errorf(n.Source, "make-graph: unknown column %q", n.Source.Name)
	}
	if g.dst < 0 {
		return nil, c.errorf(n.Target, "make-graph: unknown column %q", n.Target.Name)
	}
	fail := func(err error) (Operator, error) {
		for _, o := range g.nodes {
			o.Close()
		}
		return nil, err
	}
	for _, o := range n.Options {
		if strings.EqualFold(o.Name, "with_node_id") {
			g.idName = optionText(o.Value)
		}
	}
	var fields []arrow.Field
	if g.idName != "" {
		fields = append(fields, arrow.Field{Name: g.idName, Type: in.Schema().Field(g.src).Type, Nullable: true})
	}
	for _, nd := range n.Nodes {
		t, err := c.tabular(ctx, sc, nd.Table)
		if err != nil {
			return fail(err)
		}
		g.nodes = append(g.nodes, t)
		k := colIndex(t.Schema(), nd.Key.Name)
		if k < 0 {
			return fail(c.errorf(nd.Key, "make-graph: unknown column %q", nd.Key.Name))
		}
		g.keys = append(g.keys, k)
		for _, f := range t.Schema().Fields() {
			if colIndex(arrow.NewSchema(fields, nil), f.Name) < 0 {
				fields = append(fields, arrow.Field{Name: f.Name, Type: f.Type, Nullable: true})
			}
		}
	}
	g.nodeProps = arrow.NewSchema(fields, nil)
	return g, nil
}

// graph is a built graph: nodes in order of first appearance (the with
// tables' rows, then edge ends), each with its properties; edges in input
// order.
type graph struct {
	props [][]Value // per node, by g.nodeProps
	edges [][]Value // per edge, by the edges' schema
	from  []int     // per edge
	to    []int
	out   [][]int // per node, its edges by index
	in    [][]int
}

func (g *graphOp) build(ctx context.Context, c *compiler) (*graph, error) {
	gr := &graph{}
	ids := map[string]int{}
	node := func(id Value) int {
		k := fmt.Sprintf("%T|%s", id, FormatValue(id))
		if i, ok := ids[k]; ok {
			return i
		}
		i := len(gr.props)
		ids[k] = i
		p := make([]Value, g.nodeProps.NumFields())
		if g.idName != "" {
			p[0] = id
		}
		gr.props = append(gr.props, p)
		gr.out, gr.in = append(gr.out, nil), append(gr.in, nil)
		return i
	}
	for t, nt := range g.nodes {
		rec, err := drainOne(ctx, c.alloc(), nt)
		if err != nil {
			return nil, err
		}
		s := nt.Schema()
		for r := range int(rec.NumRows()) {
			i := node(ValueAt(rec.Column(g.keys[t]), r))
			for j, f := range s.Fields() {
				if v := ValueAt(rec.Column(j), r); v != nil || gr.props[i][colIndex(g.nodeProps, f.Name)] == nil {
					gr.props[i][colIndex(g.nodeProps, f.Name)] = v
				}
			}
		}
		rec.Release()
	}
	rec, err := drainOne(ctx, c.alloc(), g.edges)
	if err != nil {
		return nil, err
	}
	defer rec.Release()
	for r := range int(rec.NumRows()) {
		row := make([]Value, rec.NumCols())
		for j := range row {
			row[j] = ValueAt(rec.Column(j), r)
		}
		if row[g.src] == nil || row[g.dst] == nil {
			continue
		}
		a, b := node(row[g.src]), node(row[g.dst])
		e := len(gr.edges)
		gr.edges, gr.from, gr.to = append(gr.edges, row), append(gr.from, a), append(gr.to, b)
		gr.out[a], gr.in[b] = append(gr.out[a], e), append(gr.in[b], e)
	}
	return gr, nil
}

// graphMatchOp enumerates the matches of a graph-match pattern as rows:
// for each named node variable v and node property p a column "v.p", for
// each named edge variable e and edge column p a column "e.p" (a dynamic
// array along a variable-length edge). where and project then run over
// these rows with v.p rewritten to read the column "v.p".
type graphMatchOp struct {
	g      *graphOp
	c      *compiler
	pat    *kql.GraphPattern
	cycles string // within a variable-length edge: none (no node twice), unique_edges (no edge twice) or all
	schema *arrow.Schema
	fns    []*graphFn // the any/all/map calls, computed into the next columns
	// shortest adds the columns #from, #to and #hops (graph-shortest-paths).
	shortest bool
	done     bool
}

var _ Operator = (*graphMatchOp)(nil)

func (o *graphMatchOp) Schema() *arrow.Schema { return o.schema }

func (o *graphMatchOp) Close() { o.g.Close() }

// maxGraphMatches bounds the matches one graph-match enumerates.
const maxGraphMatches = 1_000_000

func (c *compiler) graphMatch(ctx context.Context, sc *scope, in Operator, n *kql.GraphMatchOp) (Operator, error) {
	g, ok := in.(*graphOp)
	if !ok {
		return nil, c.errorf(n, "graph-match expects a graph (make-graph) as its input")
	}
	if len(n.Patterns) != 1 {
		return nil, c.errorf(n, "graph-match: only one pattern is supported")
	}
	if len(n.Project) == 0 {
		return nil, c.errorf(n, "graph-match: project is required")
	}
	cycles, output := "unique_edges", "any"
	for _, o := range n.Options {
		switch {
		case strings.EqualFold(o.Name, "cycles") && !n.Shortest:
			switch cycles = strings.ToLower(optionText(o.Value)); cycles {
			case "none", "unique_edges", "all":
			default:
				return nil, c.errorf(o, "graph-match: cycles must be none, unique_edges or all, not %q", cycles)
			}
		case strings.EqualFold(o.Name, "output") && n.Shortest:
			switch output = strings.ToLower(optionText(o.Value)); output {
			case "any", "all":
			default:
				return nil, c.errorf(o, "graph-shortest-paths: output must be any or all, not %q", output)
			}
		case strings.HasPrefix(strings.ToLower(o.Name), "hint."):
		default:
			return nil, c.errorf(o, "%s: unknown option %s", opName(n), o.Name)
		}
	}
	if n.Shortest {
		cycles = "none" // a shortest path visits no node twice
		varLength := false
		for _, e := range n.Patterns[0].Edges {
			varLength = varLength || e.Min != nil
		}
		if !varLength {
			return nil, c.errorf(n, "graph-shortest-paths: the pattern needs a variable-length edge")
		}
	}
	pat := n.Patterns[0]
	var fields []arrow.Field
	vars := map[string]bool{}
	seen := map[string]bool{}
	for _, nd := range pat.Nodes {
		if nd.Name == nil || seen[nd.Name.Name] {
			continue
		}
		seen[nd.Name.Name], vars[nd.Name.Name] = true, true
		for _, f := range g.nodeProps.Fields() {
			fields = append(fields, arrow.Field{Name: nd.Name.Name + "." + f.Name, Type: f.Type, Nullable: true})
		}
	}
	for _, e := range pat.Edges {
		if e.Name == nil {
			continue
		}
		if seen[e.Name.Name] {
			return nil, c.errorf(e.Name, "graph-match: variable %q is used twice", e.Name.Name)
		}
		seen[e.Name.Name], vars[e.Name.Name] = true, true
		for _, f := range g.edges.Schema().Fields() {
			t := f.Type
			if e.Min != nil {
				t = TypeDynamic.ArrowType()
			}
			fields = append(fields, arrow.Field{Name: e.Name.Name + "." + f.Name, Type: t, Nullable: true})
		}
	}
	for _, e := range pat.Edges {
		for _, b := range []kql.Expr{e.Min, e.Max} {
			if b == nil {
				continue
			}
			if _, ok := b.(*kql.Lit); !ok {
				return nil, c.errorf(b, "graph-match: the hops of a variable-length edge must be integer literals")
			}
		}
	}
	var xs []kql.Expr
	if n.Where != nil {
		xs = append(xs, n.Where)
	}
	for _, p := range n.Project {
		xs = append(xs, p.X)
	}
	fns, err := c.graphFns(ctx, sc, g, pat, xs)
	if err != nil {
		return nil, err
	}
	for _, f := range fns {
		t := TypeBool
		if f.name == "map" {
			t = TypeDynamic
		}
		fields = append(fields, arrow.Field{Name: f.col, Type: t.ArrowType(), Nullable: true})
	}
	if n.Shortest {
		// The match's end nodes and length, for shortestOp.
		for _, name := range []string{"#from", "#to", "#hops"} {
			fields = append(fields, arrow.Field{Name: name, Type: TypeLong.ArrowType(), Nullable: true})
		}
	}
	var op Operator = &graphMatchOp{g: g, c: c, pat: pat, cycles: cycles, fns: fns, shortest: n.Shortest, schema: arrow.NewSchema(fields, nil)}
	if n.Where != nil {
		w, err := c.where(ctx, sc, op, &kql.WhereOp{Span: kql.Span{From: n.Where.Pos(), To: n.Where.End()}, Pred: qualifyGraphVars(n.Where, vars, fns)})
		if err != nil {
			op.Close()
			return nil, err
		}
		op = w
	}
	if n.Shortest {
		op = &shortestOp{in: op, all: output == "all", mem: c.alloc()}
	}
	var p Operator
	cols := make([]*kql.NamedExpr, len(n.Project))
	for i, p := range n.Project {
		cp := *p
		if len(cp.Names) == 0 {
			if sel, ok := cp.X.(*kql.SelectorExpr); ok {
				if id, ok := sel.X.(*kql.Ident); ok && vars[id.Name] {
					cp.Names = []*kql.Ident{{Span: sel.Span, Name: id.Name + "_" + sel.Sel.Name}}
				}
			}
		}
		cp.X = qualifyGraphVars(cp.X, vars, fns)
		cols[i] = &cp
	}
	p, err = c.project(ctx, sc, op, cols, false, "graph-match")
	if err != nil {
		op.Close()
		return nil, err
	}
	return p, nil
}

// graphFn is a call of a graph function over a variable-length edge:
// any(e, Cond), all(e, Cond), map(e, Expr), or the same over
// inner_nodes(e). Its value is computed for each match into a column.
type graphFn struct {
	call  *kql.CallExpr
	name  string // any, all or map
	edge  int    // the pattern edge
	inner bool   // over the path's inner nodes rather than its edges
	x     expr   // Cond or Expr, over the element's properties
	col   string
}

// graphFns compiles the graph function calls in xs.
func (c *compiler) graphFns(ctx context.Context, sc *scope, g *graphOp, pat *kql.GraphPattern, xs []kql.Expr) ([]*graphFn, error) {
	edges := map[string]int{}
	for i, e := range pat.Edges {
		if e.Name != nil && e.Min != nil {
			edges[e.Name.Name] = i
		}
	}
	var fns []*graphFn
	var err error
	for _, x := range xs {
		kql.Inspect(x, func(n kql.Node) bool {
			call, ok := n.(*kql.CallExpr)
			if !ok || err != nil {
				return err == nil
			}
			name := strings.ToLower(callName(call))
			if (name != "any" && name != "all" && name != "map") || len(call.Args) != 2 {
				return true
			}
			f := &graphFn{call: call, name: name, col: fmt.Sprintf("#graph%d", len(fns))}
			arg := unparen(call.Args[0])
			if in, ok := arg.(*kql.CallExpr); ok && strings.EqualFold(callName(in), "inner_nodes") && len(in.Args) == 1 {
				f.inner, arg = true, unparen(in.Args[0])
			}
			id, ok := arg.(*kql.Ident)
			if !ok {
				return true
			}
			i, ok := edges[id.Name]
			if !ok {
				err = c.errorf(id, "%s: %q is not a variable-length edge of the pattern", name, id.Name)
				return false
			}
			f.edge = i
			schema := g.edges.Schema()
			if f.inner {
				schema = g.nodeProps
			}
			f.x, err = c.scalar(ctx, &rowScope{schema: schema, sc: sc, where: name}, call.Args[1])
			if err == nil && name != "map" && f.x.typ() != TypeBool {
				err = c.errorf(call.Args[1], "%s: the condition must be bool, not %s", name, f.x.typ())
			}
			fns = append(fns, f)
			return false
		})
	}
	return fns, err
}

// evalRows evaluates x over rows of a schema, one value per row.
func evalRows(c *compiler, schema *arrow.Schema, rows [][]Value, x expr) ([]Value, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	mem := c.alloc()
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	for _, row := range rows {
		for j, v := range row {
			AppendValue(b.Field(j), fieldType(schema, j), v)
		}
	}
	rec := b.NewRecord()
	defer rec.Release()
	v, err := x.eval(&batch{rec: rec, mem: mem, n: len(rows)})
	if err != nil {
		return nil, err
	}
	defer v.release()
	out := make([]Value, len(rows))
	for i := range out {
		out[i] = v.Value(i)
	}
	return out, nil
}

// qualifyGraphVars returns a copy of x in which each v.p of a pattern
// variable v reads the column "v.p" and each graph function call its
// column.
func qualifyGraphVars(x kql.Expr, vars map[string]bool, fns []*graphFn) kql.Expr {
	calls := map[*kql.CallExpr]string{}
	for _, f := range fns {
		calls[f.call] = f.col
	}
	return qualifyValue(reflect.ValueOf(x), vars, calls).Interface().(kql.Expr)
}

var exprType = reflect.TypeOf((*kql.Expr)(nil)).Elem()

func qualifyValue(v reflect.Value, vars map[string]bool, calls map[*kql.CallExpr]string) reflect.Value {
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		out := reflect.New(v.Type()).Elem()
		out.Set(qualifyValue(v.Elem(), vars, calls))
		return out
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		if call, ok := v.Interface().(*kql.CallExpr); ok && calls[call] != "" {
			return reflect.ValueOf(&kql.Ident{Span: call.Span, Name: calls[call]})
		}
		if sel, ok := v.Interface().(*kql.SelectorExpr); ok {
			if id, ok := sel.X.(*kql.Ident); ok && vars[id.Name] {
				return reflect.ValueOf(&kql.Ident{Span: sel.Span, Name: id.Name + "." + sel.Sel.Name})
			}
		}
		if v.Elem().Kind() != reflect.Struct {
			return v
		}
		cp := reflect.New(v.Elem().Type())
		cp.Elem().Set(v.Elem())
		s := cp.Elem()
		for i := range s.NumField() {
			f := s.Field(i)
			if !f.CanSet() {
				continue
			}
			switch {
			case f.Kind() == reflect.Interface && f.Type() == exprType,
				f.Kind() == reflect.Pointer:
				f.Set(qualifyValue(f, vars, calls))
			case f.Kind() == reflect.Slice && !f.IsNil():
				ns := reflect.MakeSlice(f.Type(), f.Len(), f.Len())
				for j := range f.Len() {
					ns.Index(j).Set(qualifyValue(f.Index(j), vars, calls))
				}
				f.Set(ns)
			}
		}
		return cp
	}
	return v
}

// hopBounds returns the hop range of an edge: 1..1 for a plain edge.
func hopBounds(e *kql.GraphEdge) (int, int) {
	if e.Min == nil {
		return 1, 1
	}
	lo, hi := 1, 1
	if l, ok := e.Min.(*kql.Lit); ok {
		fmt.Sscan(l.Value, &lo)
	}
	hi = lo
	if e.Max != nil {
		if l, ok := e.Max.(*kql.Lit); ok {
			fmt.Sscan(l.Value, &hi)
		}
	}
	return lo, hi
}

func (o *graphMatchOp) Next(ctx context.Context) (arrow.Record, error) {
	if o.done {
		return nil, io.EOF
	}
	o.done = true
	gr, err := o.g.build(ctx, o.c)
	if err != nil {
		return nil, err
	}
	b := array.NewRecordBuilder(o.c.alloc(), o.schema)
	defer b.Release()
	pat := o.pat
	bound := map[string]int{}
	nodesAt := make([]int, len(pat.Nodes))
	pathsAt := make([][]int, len(pat.Edges))
	hopsAt := make([][]int, len(pat.Edges)) // the node reached by each hop
	count := 0
	// Matches are listed shortest first (their variable-length edges'
	// hops in all), in enumeration order within a length.
	type match struct {
		row  []Value
		hops int
	}
	var matches []match
	emit := func() error {
		j := 0
		row := make([]Value, o.schema.NumFields())
		total := 0
		for _, p := range pathsAt {
			total += len(p)
		}
		done := map[string]bool{}
		for i, nd := range pat.Nodes {
			if nd.Name == nil || done[nd.Name.Name] {
				continue
			}
			done[nd.Name.Name] = true
			for k := range o.g.nodeProps.NumFields() {
				row[j] = gr.props[nodesAt[i]][k]
				j++
			}
		}
		for i, e := range pat.Edges {
			if e.Name == nil {
				continue
			}
			for k := range o.g.edges.Schema().NumFields() {
				var v Value
				if e.Min != nil {
					arr := make([]Value, len(pathsAt[i]))
					for h, ed := range pathsAt[i] {
						arr[h] = Convert(gr.edges[ed][k], TypeDynamic)
					}
					v = arr
				} else {
					v = gr.edges[pathsAt[i][0]][k]
				}
				row[j] = v
				j++
			}
		}
		for _, f := range o.fns {
			var rows [][]Value
			schema := o.g.edges.Schema()
			if f.inner {
				schema = o.g.nodeProps
				if h := hopsAt[f.edge]; len(h) > 0 {
					for _, nd := range h[:len(h)-1] {
						rows = append(rows, gr.props[nd])
					}
				}
			} else {
				for _, ed := range pathsAt[f.edge] {
					rows = append(rows, gr.edges[ed])
				}
			}
			vals, err := evalRows(o.c, schema, rows, f.x)
			if err != nil {
				return err
			}
			var v Value
			switch f.name {
			case "any", "all":
				all, any := true, false
				for _, x := range vals {
					t, _ := x.(bool)
					all, any = all && t, any || t
				}
				v = any
				if f.name == "all" {
					v = all
				}
			case "map":
				arr := make([]Value, len(vals))
				for k, x := range vals {
					arr[k] = Convert(x, TypeDynamic)
				}
				v = arr
			}
			row[j] = v
			j++
		}
		if o.shortest {
			hops := 0
			for _, p := range pathsAt {
				hops += len(p)
			}
			for _, v := range []int{nodesAt[0], nodesAt[len(nodesAt)-1], hops} {
				row[j] = int64(v)
				j++
			}
		}
		matches = append(matches, match{row, total})
		count++
		return nil
	}
	var walk func(i int) error
	// bindNode binds pattern node i to node n (a repeated name must bind
	// the same node) and goes on with edge i.
	bindNode := func(i, n int) error {
		nd := pat.Nodes[i]
		if nd.Name != nil {
			if prev, ok := bound[nd.Name.Name]; ok {
				if prev != n {
					return nil
				}
				nodesAt[i] = n
				return walk(i)
			}
			bound[nd.Name.Name] = n
			defer delete(bound, nd.Name.Name)
		}
		nodesAt[i] = n
		return walk(i)
	}
	// walk extends a match whose nodes up to i are bound along edge i.
	walk = func(i int) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if i == len(pat.Edges) {
			if count >= maxGraphMatches {
				return fmt.Errorf("graph-match: more than %d matches", maxGraphMatches)
			}
			return emit()
		}
		e := pat.Edges[i]
		lo, hi := hopBounds(e)
		used := map[int]bool{}
		visited := map[int]bool{nodesAt[i]: true}
		var path, hops []int
		var hop func(at, n int) error
		hop = func(at, n int) error {
			if n == 0 {
				pathsAt[i] = append([]int(nil), path...)
				hopsAt[i] = append([]int(nil), hops...)
				return bindNode(i+1, at)
			}
			step := func(ed, next int) error {
				if e.Min != nil && ((o.cycles == "unique_edges" && used[ed]) || (o.cycles == "none" && visited[next])) {
					return nil
				}
				used[ed], visited[next] = true, true
				path, hops = append(path, ed), append(hops, next)
				err := hop(next, n-1)
				path, hops = path[:len(path)-1], hops[:len(hops)-1]
				delete(used, ed)
				delete(visited, next)
				return err
			}
			if e.Dir != "<-" {
				for _, ed := range gr.out[at] {
					if err := step(ed, gr.to[ed]); err != nil {
						return err
					}
				}
			}
			if e.Dir != "->" {
				for _, ed := range gr.in[at] {
					if e.Dir == "-" && gr.from[ed] == gr.to[ed] {
						continue // a self loop is walked once, forwards
					}
					if err := step(ed, gr.from[ed]); err != nil {
						return err
					}
				}
			}
			return nil
		}
		// Shorter paths first, as Kusto lists variable-length matches.
		for n := lo; n <= hi; n++ {
			if err := hop(nodesAt[i], n); err != nil {
				return err
			}
		}
		return nil
	}
	for n := range gr.props {
		if err := bindNode(0, n); err != nil {
			return nil, err
		}
	}
	sort.SliceStable(matches, func(a, b int) bool { return matches[a].hops < matches[b].hops })
	for _, m := range matches {
		for j, v := range m.row {
			AppendValue(b.Field(j), fieldType(o.schema, j), v)
		}
	}
	return b.NewRecord(), nil
}

// shortestOp keeps, of the matches graph-shortest-paths enumerates (and
// its where keeps), those of least length for each pair of end nodes: the
// first one (output=any) or all of them (output=all), in match order
// (learn.microsoft.com/kusto/query/graph-shortest-paths-operator).
type shortestOp struct {
	in   Operator
	all  bool
	mem  memory.Allocator
	done bool
}

var _ Operator = (*shortestOp)(nil)

func (o *shortestOp) Schema() *arrow.Schema { return o.in.Schema() }

func (o *shortestOp) Close() { o.in.Close() }

func (o *shortestOp) Next(ctx context.Context) (arrow.Record, error) {
	if o.done {
		return nil, io.EOF
	}
	o.done = true
	rec, err := drainOne(ctx, o.mem, o.in)
	if err != nil {
		return nil, err
	}
	defer rec.Release()
	s := rec.Schema()
	from, to, hops := rec.Column(colIndex(s, "#from")), rec.Column(colIndex(s, "#to")), rec.Column(colIndex(s, "#hops"))
	type pair struct{ a, b int64 }
	best := map[pair]int64{}
	n := int(rec.NumRows())
	for r := range n {
		k := pair{ValueAt(from, r).(int64), ValueAt(to, r).(int64)}
		h := ValueAt(hops, r).(int64)
		if b, ok := best[k]; !ok || h < b {
			best[k] = h
		}
	}
	taken := map[pair]bool{}
	var keep []int32
	for r := range n {
		k := pair{ValueAt(from, r).(int64), ValueAt(to, r).(int64)}
		if ValueAt(hops, r).(int64) != best[k] || (!o.all && taken[k]) {
			continue
		}
		taken[k] = true
		keep = append(keep, int32(r))
	}
	return takeRecord(ctx, o.mem, rec, keep)
}
