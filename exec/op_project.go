package exec

import (
	"context"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/crosshunt/crosshunt/kql"
)

// projectOp computes its output columns one step at a time; a step may
// read the columns of the steps before it (extend a = 1, b = a + 1).
type projectOp struct {
	in     Operator
	schema *arrow.Schema
	steps  []projStep
	keep   []int // input columns that start the working set (extend); nil for project
	mem    memory.Allocator
}

// projStep computes one column and puts it at index at of the working
// set, or appends it when at is -1.
type projStep struct {
	e      expr
	at     int
	field  arrow.Field
	schema *arrow.Schema // the working set's schema the step reads
}

var _ Operator = (*projectOp)(nil)

// autoName names an unnamed projected expression as Kusto does: a column
// keeps its name, d.a and d['a'] become d_a, and a call of a function
// that passes a name on takes it from its first argument (see
// callResultName); other expressions get "".
func autoName(e kql.Expr) string {
	switch e := e.(type) {
	case *kql.Ident:
		return e.Name
	case *kql.SelectorExpr:
		if x := autoName(e.X); x != "" {
			return x + "_" + e.Sel.Name
		}
	case *kql.IndexExpr:
		if lit, ok := e.Index.(*kql.Lit); ok {
			if x := autoName(e.X); x != "" {
				return x + "_" + lit.Value
			}
		}
	case *kql.ParenExpr:
		return autoName(e.X)
	case *kql.CallExpr:
		return callResultName(e)
	}
	return ""
}

// resultName is how a scalar function names its result column when the
// query does not (Kusto.Language's ResultNameKind): from its first
// argument (bin(T, 1h) is T), or a prefix before it (strlen(s) is
// strlen_s, gettype(x) is type_x, strlen(1) is strlen_).
type resultName struct {
	prefix string // "" for the first argument's name alone
	only   bool   // only when the call has exactly one argument
}

var resultNames = map[string]resultName{
	"strlen": {prefix: "strlen"}, "string_size": {prefix: "string_size"},
	"dcount_hll": {prefix: "dcount_hll"}, "percentile_tdigest": {prefix: "percentile_tdigest"},
	"gettype": {prefix: "type"}, "treepath": {prefix: "tree"}, "repeat": {prefix: "repeat"},
	"percentiles_array_tdigest": {prefix: "percentile_tdigest"},
	"make_datetime":             {only: true}, "make_timespan": {only: true},
}

// firstArgNamed are the functions whose result takes the name of their
// first argument.
var firstArgNamed = map[string]bool{}

func init() {
	for _, f := range strings.Fields(`abs acos asin atan atan2 bin bin_at bin_auto binary_and binary_not
		binary_or binary_shift_left binary_shift_right binary_xor bitset_count_ones ceiling cos erf erfc
		exp exp10 exp2 floor format_bytes format_datetime format_timespan gamma log log10 log2 loggamma
		parse_csv parse_json parse_xml parsejson pow rand round series_fill_backward series_fill_const
		series_fill_forward series_fill_linear series_fir series_iir series_outliers sin split sqrt
		startofday tan tobool toboolean todatetime todecimal todouble todynamic toguid tohex toint tolong
		toobject toreal tostring totime totimespan`) {
		firstArgNamed[f] = true
	}
}

// callResultName is the column name Kusto gives an unnamed call, or "".
func callResultName(call *kql.CallExpr) string {
	name := callName(call)
	if firstArgNamed[name] {
		if len(call.Args) == 0 {
			return ""
		}
		return autoName(call.Args[0])
	}
	r, ok := resultNames[name]
	switch {
	case !ok:
		return ""
	case r.only:
		if len(call.Args) != 1 {
			return ""
		}
		return autoName(call.Args[0])
	}
	arg := ""
	if len(call.Args) > 0 {
		arg = autoName(call.Args[0])
	}
	return r.prefix + "_" + arg
}

func (c *compiler) project(ctx context.Context, sc *scope, in Operator, cols []*kql.NamedExpr, extend bool, where string) (Operator, error) {
	inSchema := in.Schema()
	var fields []arrow.Field
	o := &projectOp{in: in, mem: c.alloc()}
	if extend {
		fields = append(fields, inSchema.Fields()...)
		o.keep = make([]int, len(fields))
		for i := range o.keep {
			o.keep[i] = i
		}
	}
	unnamed := 0
	window := false
	cols = spreadColumns(sc, cols)
	declared := map[string]bool{} // names the query gave: a=..., or a column
	named := map[string]bool{}    // names given as name=... in this operator
	for _, col := range cols {
		if len(col.Names) > 1 {
			return nil, c.errorf(col, "%s: assigning several names at once is not supported", where)
		}
		cur := arrow.NewSchema(append([]arrow.Field(nil), fields...), nil)
		readSchema := cur
		if !extend {
			readSchema = inSchema
		}
		rs := &rowScope{schema: readSchema, sc: sc, where: where}
		if extend {
			rs.inputCols = len(inSchema.Fields())
		}
		e, err := c.scalar(ctx, rs, col.X)
		if err != nil {
			return nil, err
		}
		window = window || hasWindow(e)
		name := ""
		if len(col.Names) == 1 {
			name = col.Names[0].Name
		} else if name = autoName(col.X); name == "" {
			unnamed++
			name = fmt.Sprintf("Column%d", unnamed)
			for colIndex(cur, name) >= 0 {
				unnamed++
				name = fmt.Sprintf("Column%d", unnamed)
			}
		}
		_, plain := unparen(col.X).(*kql.Ident)
		if !extend && colIndex(cur, name) >= 0 && (!(plain || len(col.Names) == 1) || !declared[name]) {
			// project d.x, d.x and project tostring(x), x number the
			// later name (d_x1, x1) unless both were given by the query
			// (project a=1, a=2 and project x, x are errors); extend
			// replaces the column.
			base := name
			for k := 1; colIndex(cur, name) >= 0; k++ {
				name = fmt.Sprintf("%s%d", base, k)
			}
		}
		if plain || len(col.Names) == 1 {
			declared[name] = true
		}
		f := arrow.Field{Name: name, Type: e.typ().ArrowType(), Nullable: true}
		at := colIndex(cur, name)
		if at >= 0 && (!extend || len(col.Names) == 1 && named[name]) {
			// extend y=1, y=2 is an error; extend x=2 replaces x.
			return nil, c.errorf(col, "%s: column %q is defined twice", where, name)
		}
		if len(col.Names) == 1 {
			named[name] = true
		}
		if at >= 0 {
			fields[at] = f
		} else {
			fields = append(fields, f)
		}
		o.steps = append(o.steps, projStep{e: e, at: at, field: f, schema: readSchema})
	}
	o.schema = arrow.NewSchema(fields, nil)
	if window {
		o.in = newGatherOp(in, c.alloc())
	}
	return o, nil
}

func (o *projectOp) Schema() *arrow.Schema { return o.schema }

func (o *projectOp) Next(ctx context.Context) (arrow.Record, error) {
	rec, err := o.in.Next(ctx)
	if err != nil {
		return nil, err
	}
	defer rec.Release()
	n := int(rec.NumRows())
	var cols []arrow.Array
	var fields []arrow.Field
	for _, i := range o.keep {
		c := rec.Column(i)
		c.Retain()
		cols = append(cols, c)
		fields = append(fields, rec.Schema().Field(i))
	}
	defer func() { releaseArrays(cols) }()
	for _, st := range o.steps {
		src := rec
		if o.keep != nil {
			src = array.NewRecord(arrow.NewSchema(fields, nil), cols, int64(n))
		}
		v, err := st.e.eval(&batch{rec: src, mem: o.mem, n: n})
		if o.keep != nil {
			src.Release()
		}
		if err != nil {
			return nil, err
		}
		arr := materializeVec(o.mem, v, n)
		if st.at >= 0 {
			cols[st.at].Release()
			cols[st.at] = arr
			fields[st.at] = st.field
		} else {
			cols = append(cols, arr)
			fields = append(fields, st.field)
		}
	}
	return array.NewRecord(o.schema, cols, int64(n)), nil
}

func (o *projectOp) Close() { o.in.Close() }

// materializeVec turns an evaluated vector into an owned array of n rows.
func materializeVec(mem memory.Allocator, v *Vector, n int) arrow.Array {
	if v.Array != nil {
		return v.Array
	}
	return constColumn(mem, v.Type, v.Const, n)
}

// selectOp picks and renames input columns without computing anything.
type selectOp struct {
	in     Operator
	schema *arrow.Schema
	idx    []int
}

var _ Operator = (*selectOp)(nil)

func newSelectOp(in Operator, idx []int, names []string) *selectOp {
	fields := make([]arrow.Field, len(idx))
	for i, j := range idx {
		fields[i] = in.Schema().Field(j)
		if names != nil {
			fields[i].Name = names[i]
		}
	}
	return &selectOp{in: in, idx: idx, schema: arrow.NewSchema(fields, nil)}
}

func (o *selectOp) Schema() *arrow.Schema { return o.schema }

func (o *selectOp) Next(ctx context.Context) (arrow.Record, error) {
	rec, err := o.in.Next(ctx)
	if err != nil {
		return nil, err
	}
	defer rec.Release()
	cols := make([]arrow.Array, len(o.idx))
	for i, j := range o.idx {
		cols[i] = rec.Column(j)
	}
	return array.NewRecord(o.schema, cols, rec.NumRows()), nil
}

func (o *selectOp) Close() { o.in.Close() }

// matchColumns returns the indices of the columns matching a name or a
// wildcard pattern, in schema order.
func matchColumns(s *arrow.Schema, pattern string) []int {
	var out []int
	for i, f := range s.Fields() {
		if ok, _ := path.Match(globPattern(pattern), f.Name); ok {
			out = append(out, i)
		}
	}
	return out
}

// globPattern escapes a KQL wildcard pattern for path.Match: only * is
// special.
func globPattern(p string) string {
	r := strings.NewReplacer(`\`, `\\`, `?`, `\?`, `[`, `\[`)
	return r.Replace(p)
}

func columnPattern(e kql.Expr) (string, bool) {
	switch e := e.(type) {
	case *kql.Ident:
		return e.Name, true
	case *kql.Wildcard:
		return e.Pattern, true
	}
	return "", false
}

func (c *compiler) projectAway(in Operator, cols []kql.Expr, keep bool) (Operator, error) {
	s := in.Schema()
	chosen := map[int]bool{}
	for _, col := range cols {
		p, ok := columnPattern(col)
		if !ok {
			return nil, c.errorf(col, "expected a column name or wildcard")
		}
		m := matchColumns(s, p)
		if len(m) == 0 && !strings.Contains(p, "*") {
			return nil, c.errorf(col, "unknown column %q", p)
		}
		for _, i := range m {
			chosen[i] = true
		}
	}
	var idx []int
	for i := range s.NumFields() {
		if chosen[i] == keep {
			idx = append(idx, i)
		}
	}
	return newSelectOp(in, idx, nil), nil
}

func (c *compiler) projectRename(in Operator, op *kql.ProjectRenameOp) (Operator, error) {
	s := in.Schema()
	names := make([]string, s.NumFields())
	idx := make([]int, s.NumFields())
	for i, f := range s.Fields() {
		names[i], idx[i] = f.Name, i
	}
	renamed := map[string]bool{}
	for _, col := range op.Columns {
		old, ok := col.X.(*kql.Ident)
		if !ok || len(col.Names) != 1 {
			return nil, c.errorf(col, "project-rename expects NewName = OldName")
		}
		i := colIndex(s, old.Name)
		if i < 0 {
			return nil, c.errorf(old, "unknown column %q in project-rename", old.Name)
		}
		// As in Kusto, the new name may be no column of the input (not
		// even the renamed one) nor a name given before in this operator.
		nn := col.Names[0].Name
		if colIndex(s, nn) >= 0 || renamed[nn] {
			return nil, c.errorf(col, "project-rename: a column named %q is already declared", nn)
		}
		renamed[nn] = true
		names[i] = nn
	}
	return newSelectOp(in, idx, names), nil
}

func (c *compiler) projectReorder(in Operator, op *kql.ProjectReorderOp) (Operator, error) {
	s := in.Schema()
	used := map[int]bool{}
	var idx []int
	for _, col := range op.Columns {
		p, ok := columnPattern(col.X)
		if !ok {
			return nil, c.errorf(col, "expected a column name or wildcard")
		}
		m := matchColumns(s, p)
		if len(m) == 0 && !strings.Contains(p, "*") {
			return nil, c.errorf(col, "unknown column %q in project-reorder", p)
		}
		if len(m) == 1 && !strings.Contains(p, "*") && used[m[0]] {
			return nil, c.errorf(col, "project-reorder: column %q is listed twice", p)
		}
		var fresh []int
		for _, i := range m {
			if !used[i] {
				fresh = append(fresh, i)
				used[i] = true
			}
		}
		if col.Order != "" {
			desc := strings.HasSuffix(col.Order, "desc")
			granny := strings.HasPrefix(col.Order, "granny")
			sort.SliceStable(fresh, func(a, b int) bool {
				x, y := s.Field(fresh[a]).Name, s.Field(fresh[b]).Name
				if desc {
					x, y = y, x
				}
				if granny {
					return grannyLess(x, y)
				}
				return x < y
			})
		}
		idx = append(idx, fresh...)
	}
	for i := range s.NumFields() {
		if !used[i] {
			idx = append(idx, i)
		}
	}
	return newSelectOp(in, idx, nil), nil
}

// spreadColumns expands each column computed by a series function that
// Kusto spreads over several columns (see seriesOutputs) into one column
// per output, named by the `(a, b, ...) =` list and then
// <function>_<argument>_<output>, as the project and extend pages say
// (learn.microsoft.com/kusto/query/extend-operator).
func spreadColumns(sc *scope, cols []*kql.NamedExpr) []*kql.NamedExpr {
	var out []*kql.NamedExpr
	for _, col := range cols {
		props, call, name := spreadOutputs(sc, col.X)
		if props == nil {
			out = append(out, col)
			continue
		}
		arg := ""
		if len(call.Args) > 0 {
			arg = autoName(call.Args[0])
		}
		for i, p := range props {
			sp := col.Span
			var x kql.Expr = &kql.SelectorExpr{Span: sp, X: call, Sel: &kql.Ident{Span: sp, Name: p}}
			if conv := seriesOutputConv(name, p); conv != "" {
				x = &kql.CallExpr{Span: sp, Fun: &kql.Ident{Span: sp, Name: conv}, Args: []kql.Expr{x}}
			}
			nc := &kql.NamedExpr{Span: sp, X: x, Names: []*kql.Ident{{Span: sp, Name: name + "_" + arg + "_" + p}}}
			if i < len(col.Names) {
				nc.Names[0] = col.Names[i]
			}
			out = append(out, nc)
		}
	}
	return out
}

// spreadOutputs returns the outputs of a call of a spread series function
// (nil for any other expression), the call and the function's name.
func spreadOutputs(sc *scope, x kql.Expr) ([]string, *kql.CallExpr, string) {
	call, ok := x.(*kql.CallExpr)
	if !ok {
		return nil, nil, ""
	}
	name := callName(call)
	if sc != nil && sc.lookup(name) != nil {
		return nil, nil, "" // a let function of that name
	}
	return seriesOutputs[name], call, name
}

// seriesOutputConv is the conversion giving a spread series output its
// Kusto type: tolong for indexes, todouble for statistics, none for the
// series (dynamic arrays).
func seriesOutputConv(fn, prop string) string {
	switch {
	case strings.HasSuffix(prop, "_idx"):
		return "tolong"
	case prop == "line_fit" || fn == "series_decompose" || fn == "series_decompose_anomalies":
		return ""
	}
	return "todouble"
}

// grannyLess orders names as granny-asc does: runs of digits compare as
// numbers, so a3 < a20 < a100.
func grannyLess(x, y string) bool {
	for x != "" && y != "" {
		dx, dy := digitRun(x), digitRun(y)
		if dx > 0 && dy > 0 {
			nx, ny := strings.TrimLeft(x[:dx], "0"), strings.TrimLeft(y[:dy], "0")
			if len(nx) != len(ny) {
				return len(nx) < len(ny)
			}
			if nx != ny {
				return nx < ny
			}
			x, y = x[dx:], y[dy:]
			continue
		}
		if x[0] != y[0] {
			return x[0] < y[0]
		}
		x, y = x[1:], y[1:]
	}
	return len(x) < len(y)
}

// digitRun is the length of the run of ASCII digits s starts with.
func digitRun(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}
