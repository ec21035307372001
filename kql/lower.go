package kql

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"
)

// This file lowers the grammar tree to the AST. The hand-written
// expression productions build AST nodes as they parse, with the token
// helpers at the end of this file; everything else is lowered here, in one
// pass over the tree participle returns.

// lowerQuery lowers a whole query.
func lowerQuery(g *gQuery, src string) *Query {
	return &Query{Span: Span{0, Pos(len(src))}, Stmts: lowerStmts(g.Stmts)}
}

// lowerStmts lowers a statement list.
func lowerStmts(gs []*gStmt) []Stmt {
	stmts := make([]Stmt, 0, len(gs))
	for _, g := range gs {
		stmts = append(stmts, lowerStmt(g))
	}
	return stmts
}

func lowerStmt(g *gStmt) Stmt {
	switch {
	case g.Let != nil:
		return lowerLet(g.Let)
	case g.Declare != nil:
		return &DeclareStmt{Span: lowerSpan(g.Declare.Tokens), Params: lowerColumns(g.Declare.Params)}
	case g.Set != nil:
		return &SetStmt{Span: lowerSpan(g.Set.Tokens), Name: strings.Join(g.Set.Name, ""), Value: lowerScalar(g.Set.Value)}
	}
	x := g.Query.X
	return &ExprStmt{Span: Span{x.Pos(), x.End()}, X: x}
}

func lowerLet(g *gLet) *LetStmt {
	let := &LetStmt{Span: lowerSpan(g.Tokens), Name: g.Name.X}
	if g.Func != nil {
		f := g.Func
		let.Value = &FuncExpr{Span: lowerSpan(f.Tokens), View: f.View, Params: lowerColumns(f.Params), Body: lowerStmts(f.Body)}
	} else {
		let.Value = g.Value.X
	}
	return let
}

func lowerColumns(gs []*gColumn) []*ColumnDecl {
	if len(gs) == 0 {
		return nil
	}
	cols := make([]*ColumnDecl, len(gs))
	for i, g := range gs {
		cols[i] = lowerColumn(g)
	}
	return cols
}

func lowerColumn(g *gColumn) *ColumnDecl {
	return &ColumnDecl{Span: lowerSpan(g.Tokens), Name: g.Name.X, Type: lowerType(g.Type), Default: lowerScalar(g.Default)}
}

// lowerType lowers a type, spelling each type name the canonical way.
func lowerType(g *gType) *Type {
	if g == nil {
		return nil
	}
	t := &Type{Span: lowerSpan(g.Tokens), Name: typeAliases.canonical(g.Name)}
	for _, item := range g.Items {
		if item.Star {
			t.Star = true
		} else {
			t.Columns = append(t.Columns, lowerColumn(item.Column))
		}
	}
	return t
}

// aliases maps alternative spellings to the canonical one.
type aliases map[string]string

func (a aliases) canonical(s string) string {
	if c, ok := a[s]; ok {
		return c
	}
	return s
}

// typeAliases are the type names with a canonical synonym.
var typeAliases = aliases{"double": "real", "date": "datetime", "time": "timespan", "boolean": "bool"}

// lowerSource lowers a tabular source.
func lowerSource(g *gSource) Expr {
	switch {
	case g.Datatable != nil:
		d := g.Datatable
		return &DatatableExpr{Span: lowerSpan(d.Tokens), Options: lowerOptions(d.Options), Schema: lowerType(d.Schema), Values: lowerScalars(d.Values)}
	case g.ExternalData != nil:
		e := g.ExternalData
		return &ExternalDataExpr{Span: lowerSpan(e.Tokens), Schema: lowerType(e.Schema), URIs: lowerScalars(e.URIs), With: lowerWithOptions(e.With)}
	}
	return lowerOp(g.Op).(Expr)
}

// lowerOp lowers a tabular operator.
func lowerOp(g *gOp) Op {
	switch {
	case g.Where != nil:
		return &WhereOp{Span: lowerSpan(g.Where.Tokens), Pred: g.Where.Pred.X}
	case g.Extend != nil:
		return &ExtendOp{Span: lowerSpan(g.Extend.Tokens), Columns: lowerNamed(g.Extend.Columns)}
	case g.Summarize != nil:
		s := g.Summarize
		return &SummarizeOp{Span: lowerSpan(s.Tokens), Options: lowerOptions(s.Options), Aggs: lowerNamed(s.Aggs), By: lowerNamed(s.By)}
	case g.Project != nil:
		return &ProjectOp{Span: lowerSpan(g.Project.Tokens), Columns: lowerNamed(g.Project.Columns)}
	case g.Join != nil:
		return lowerJoin(g.Join)
	case g.Sort != nil:
		return &SortOp{Span: lowerSpan(g.Sort.Tokens), Options: lowerOptions(g.Sort.Options), By: lowerOrders(g.Sort.By)}
	case g.ProjectAway != nil:
		return lowerProjectAway(g.ProjectAway)
	case g.Distinct != nil:
		return &DistinctOp{Span: lowerSpan(g.Distinct.Tokens), Options: lowerOptions(g.Distinct.Options), Columns: lowerScalars(g.Distinct.Columns)}
	case g.Take != nil:
		return &TakeOp{Span: lowerSpan(g.Take.Tokens), Options: lowerOptions(g.Take.Options), Count: g.Take.Count.X}
	case g.Top != nil:
		return &TopOp{Span: lowerSpan(g.Top.Tokens), Options: lowerOptions(g.Top.Options), Count: g.Top.Count.X, By: lowerOrders(g.Top.By)}
	case g.MvExpand != nil:
		m := g.MvExpand
		return &MvExpandOp{Span: lowerSpan(m.Tokens), Options: lowerOptions(m.Options), Items: lowerMvItems(m.Items), Limit: lowerScalar(m.Limit)}
	case g.Union != nil:
		return &UnionOp{Span: lowerSpan(g.Union.Tokens), Options: lowerOptions(g.Union.Options), Tables: lowerPatterns(g.Union.Tables)}
	case g.ProjectRename != nil:
		return &ProjectRenameOp{Span: lowerSpan(g.ProjectRename.Tokens), Columns: lowerNamed(g.ProjectRename.Columns)}
	case g.Count != nil:
		return &CountOp{Span: lowerSpan(g.Count.Tokens)}
	}
	return lowerRareOp(g)
}

// lowerRareOp lowers the less frequent operators.
func lowerRareOp(g *gOp) Op {
	switch {
	case g.Parse != nil:
		p := g.Parse
		return &ParseOp{Span: lowerSpan(p.Tokens), Where: p.Kw == "parse-where", Options: lowerOptions(p.Options), X: p.X.X, Pattern: lowerPattern(p.Pattern)}
	case g.Evaluate != nil:
		e := g.Evaluate
		return &EvaluateOp{Span: lowerSpan(e.Tokens), Options: lowerOptions(e.Options), Call: e.Call.X, Schema: lowerType(e.Schema)}
	case g.Render != nil:
		return &RenderOp{Span: lowerSpan(g.Render.Tokens), Chart: g.Render.Chart, With: lowerWithOptions(g.Render.With)}
	case g.MakeSeries != nil:
		return lowerMakeSeries(g.MakeSeries)
	case g.MvApply != nil:
		m := g.MvApply
		return &MvApplyOp{Span: lowerSpan(m.Tokens), Options: lowerOptions(m.Options), Items: lowerMvItems(m.Items), Limit: lowerScalar(m.Limit), Sub: lowerSubPipe(m.Sub)}
	case g.ProjectReorder != nil:
		return lowerProjectReorder(g.ProjectReorder)
	case g.Invoke != nil:
		return &InvokeOp{Span: lowerSpan(g.Invoke.Tokens), Call: g.Invoke.Call.X}
	case g.TopNested != nil:
		return lowerTopNested(g.TopNested)
	case g.Serialize != nil:
		return &SerializeOp{Span: lowerSpan(g.Serialize.Tokens), Columns: lowerNamed(g.Serialize.Columns)}
	case g.ParseKv != nil:
		p := g.ParseKv
		return &ParseKvOp{Span: lowerSpan(p.Tokens), X: p.X.X, Keys: lowerType(p.Keys), With: lowerWithOptions(p.With)}
	case g.As != nil:
		return &AsOp{Span: lowerSpan(g.As.Tokens), Options: lowerOptions(g.As.Options), Name: g.As.Name.X}
	case g.GetSchema != nil:
		return &GetSchemaOp{Span: lowerSpan(g.GetSchema.Tokens)}
	case g.SampleDistinct != nil:
		s := g.SampleDistinct
		return &SampleDistinctOp{Span: lowerSpan(s.Tokens), Count: s.Count.X, Of: s.Of.X}
	case g.Sample != nil:
		return &SampleOp{Span: lowerSpan(g.Sample.Tokens), Count: g.Sample.Count.X}
	}
	return lowerSourceOp(g)
}

// lowerSourceOp lowers the operators that can also start a query, and the
// ones that hold subqueries.
func lowerSourceOp(g *gOp) Op {
	switch {
	case g.Search != nil:
		s := g.Search
		return &SearchOp{Span: lowerSpan(s.Tokens), Options: lowerOptions(s.Options), Tables: lowerPatterns(s.Tables), Pred: s.Pred.X}
	case g.Find != nil:
		f := g.Find
		return &FindOp{Span: lowerSpan(f.Tokens), Options: lowerOptions(f.Options), Tables: lowerPatterns(f.Tables), Pred: f.Pred.X, ProjectSmart: f.Smart, Project: lowerScalars(f.Project)}
	case g.Facet != nil:
		f := g.Facet
		op := &FacetOp{Span: lowerSpan(f.Tokens), Columns: lowerScalars(f.Columns)}
		if f.With != nil {
			op.With = lowerSubPipe(f.With)
		}
		return op
	case g.Fork != nil:
		return lowerFork(g.Fork)
	case g.Partition != nil:
		return lowerPartition(g.Partition)
	case g.Scan != nil:
		return lowerScan(g.Scan)
	case g.Print != nil:
		return &PrintOp{Span: lowerSpan(g.Print.Tokens), Columns: lowerNamed(g.Print.Columns)}
	}
	r := g.Range
	return &RangeOp{Span: lowerSpan(r.Tokens), Name: r.Name.X, From: r.From.X, To: r.To.X, Step: r.Step.X}
}

func lowerJoin(g *gJoin) Op {
	if g.Kw == "lookup" {
		return &LookupOp{Span: lowerSpan(g.Tokens), Options: lowerOptions(g.Options), Right: g.Right.X, On: lowerScalars(g.On)}
	}
	return &JoinOp{Span: lowerSpan(g.Tokens), Options: lowerOptions(g.Options), Right: g.Right.X, On: lowerScalars(g.On)}
}

func lowerProjectAway(g *gProjectAway) Op {
	if g.Kw == "project-keep" {
		return &ProjectKeepOp{Span: lowerSpan(g.Tokens), Columns: lowerPatterns(g.Columns)}
	}
	return &ProjectAwayOp{Span: lowerSpan(g.Tokens), Columns: lowerPatterns(g.Columns)}
}

func lowerProjectReorder(g *gProjectReorder) Op {
	op := &ProjectReorderOp{Span: lowerSpan(g.Tokens)}
	for _, k := range g.Columns {
		op.Columns = append(op.Columns, &OrderExpr{Span: lowerSpan(k.Tokens), X: k.X.X, Order: k.Order})
	}
	return op
}

func lowerMakeSeries(g *gMakeSeries) Op {
	op := &MakeSeriesOp{Span: lowerSpan(g.Tokens), Options: lowerOptions(g.Options), On: g.On.X, InRange: g.InRange, By: lowerNamed(g.By)}
	for _, a := range g.Aggs {
		agg := a.Agg.X
		ms := &MakeSeriesAgg{Span: lowerSpan(a.Tokens), Agg: agg.X, Default: lowerScalar(a.Default)}
		if len(agg.Names) > 0 {
			ms.Name = agg.Names[0]
		}
		op.Aggs = append(op.Aggs, ms)
	}
	if g.InRange {
		op.From, op.To, op.Step = g.RFrom.X, g.RTo.X, g.RStep.X
	} else {
		op.From, op.To, op.Step = lowerScalar(g.From), lowerScalar(g.To), g.Step.X
	}
	return op
}

func lowerTopNested(g *gTopNested) Op {
	op := &TopNestedOp{Span: lowerSpan(g.Tokens)}
	for _, l := range g.Levels {
		op.Levels = append(op.Levels, &TopNestedLevel{
			Span: lowerSpan(l.Tokens), Count: lowerScalar(l.Count), Of: l.Of.X,
			Others: lowerScalar(l.Others), By: l.By.X, Order: l.Order,
		})
	}
	return op
}

func lowerFork(g *gFork) Op {
	op := &ForkOp{Span: lowerSpan(g.Tokens)}
	for _, b := range g.Branches {
		n := &NamedExpr{Span: lowerSpan(b.Tokens), X: lowerSubPipe(b.Sub)}
		if b.Name != nil {
			n.Names = []*Ident{b.Name.X}
		}
		op.Branches = append(op.Branches, n)
	}
	return op
}

func lowerPartition(g *gPartition) Op {
	op := &PartitionOp{Span: lowerSpan(g.Tokens), Options: lowerOptions(g.Options), By: g.By.X, Braces: g.Braces}
	if g.Braces {
		op.Sub = g.Body.X
	} else {
		op.Sub = lowerSubPipe(g.Sub)
	}
	return op
}

func lowerScan(g *gScan) Op {
	op := &ScanOp{Span: lowerSpan(g.Tokens), Options: lowerOptions(g.Options), Declare: lowerColumns(g.Declare)}
	for _, s := range g.Steps {
		op.Steps = append(op.Steps, &ScanStep{
			Span: lowerSpan(s.Tokens), Name: s.Name.X, Options: lowerOptions(s.Options),
			Pred: s.Pred.X, Assigns: lowerNamed(s.Assigns),
		})
	}
	return op
}

// lowerSubPipe lowers operators without a source to a PipeExpr.
func lowerSubPipe(g *gSubPipe) Expr {
	ops := make([]Op, len(g.Ops))
	for i, o := range g.Ops {
		ops[i] = lowerOp(o)
	}
	return &PipeExpr{Span: lowerSpan(g.Tokens), Ops: ops}
}

func lowerMvItems(gs []*gMvItem) []*MvItem {
	items := make([]*MvItem, len(gs))
	for i, g := range gs {
		item := &MvItem{Span: lowerSpan(g.Tokens), X: g.Item.X.X, ToType: lowerType(g.ToType)}
		if len(g.Item.X.Names) > 0 {
			item.Name = g.Item.X.Names[0]
		}
		items[i] = item
	}
	return items
}

func lowerPattern(gs []*gPatternPiece) []Node {
	nodes := make([]Node, len(gs))
	for i, g := range gs {
		sp := lowerSpan(g.Tokens)
		switch {
		case g.Star:
			nodes[i] = &Wildcard{Span: sp, Pattern: "*"}
		case g.Col != nil:
			nodes[i] = &ColumnDecl{Span: sp, Name: g.Col.X, Type: lowerType(g.Type)}
		default:
			v, obf := decodeString(g.Str)
			nodes[i] = &Lit{Span: sp, Type: "string", Value: v, Obfuscated: obf}
		}
	}
	return nodes
}

func lowerOrders(gs []*gOrder) []*OrderExpr {
	out := make([]*OrderExpr, len(gs))
	for i, g := range gs {
		out[i] = &OrderExpr{Span: lowerSpan(g.Tokens), X: g.X.X, Order: g.Order, Nulls: g.Nulls}
	}
	return out
}

func lowerNamed(gs []*namedExpr) []*NamedExpr {
	if len(gs) == 0 {
		return nil
	}
	out := make([]*NamedExpr, len(gs))
	for i, g := range gs {
		out[i] = g.X
	}
	return out
}

func lowerScalars(gs []*scalarExpr) []Expr {
	var out []Expr
	for _, g := range gs {
		if g != nil {
			out = append(out, g.X)
		}
	}
	return out
}

func lowerPatterns(gs []*colPattern) []Expr {
	var out []Expr
	for _, g := range gs {
		out = append(out, g.X)
	}
	return out
}

// lowerScalar returns the expression of an optional grammar field, or nil.
func lowerScalar(g *scalarExpr) Expr {
	if g == nil {
		return nil
	}
	return g.X
}

func lowerOptions(gs []*option) []*Option {
	var out []*Option
	for _, g := range gs {
		out = append(out, g.X)
	}
	return out
}

func lowerWithOptions(gs []*withOption) []*Option {
	var out []*Option
	for _, g := range gs {
		out = append(out, g.X)
	}
	return out
}

// ---------------------------------------------------------------------------
// Tokens

// lowerSpan returns the source range of a grammar node's tokens.
func lowerSpan(toks []lexer.Token) Span {
	if len(toks) == 0 {
		return Span{}
	}
	return Span{Pos(toks[0].Pos.Offset), tokEnd(&toks[len(toks)-1])}
}

// tokSpan returns the source range of a token.
func tokSpan(t *lexer.Token) Span { return Span{Pos(t.Pos.Offset), tokEnd(t)} }

// tokEnd returns the offset just past a token.
func tokEnd(t *lexer.Token) Pos { return Pos(t.Pos.Offset + len(t.Value)) }

// identOf returns the name a tokIdent token stands for.
func identOf(t *lexer.Token) *Ident { return &Ident{Span: tokSpan(t), Name: t.Value} }

// tokenLit returns the literal a number, timespan or typed literal token
// stands for.
func tokenLit(t *lexer.Token) *Lit {
	lit := &Lit{Span: tokSpan(t), Value: t.Value}
	switch t.Type {
	case tokTimespan:
		lit.Type = "timespan"
	case tokTypedLit:
		open := strings.IndexByte(t.Value, '(')
		lit.Type = typeAliases.canonical(t.Value[:open])
		lit.Value = strings.TrimSpace(t.Value[open+1 : len(t.Value)-1])
	default:
		lit.Type = numberType(t.Value)
	}
	return lit
}

// numberType returns "real" for a number with a fraction or exponent and
// "long" otherwise.
func numberType(s string) string {
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") || !strings.ContainsAny(s, ".eE") {
		return "long"
	}
	return "real"
}

// decodeString returns the value of a string literal token (the lexer has
// checked its escapes) and whether it is obfuscated (h'...').
func decodeString(raw string) (string, bool) {
	obfuscated := raw[0] == 'h' || raw[0] == 'H'
	if obfuscated {
		raw = raw[1:]
	}
	switch {
	case strings.HasPrefix(raw, "```"):
		return raw[3 : len(raw)-3], obfuscated
	case raw[0] == '@':
		q := raw[1:2]
		return strings.ReplaceAll(raw[2:len(raw)-1], q+q, q), obfuscated
	}
	return unescape(raw[1 : len(raw)-1]), obfuscated
}

// unescape resolves the backslash escapes of a regular string, which the
// lexer has checked.
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch c := s[i]; c {
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case '0':
			b.WriteByte(0)
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'v':
			b.WriteByte('\v')
		case 'u':
			r, _ := strconv.ParseUint(s[i+1:i+5], 16, 32)
			b.WriteRune(rune(r))
			i += 4
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// quote renders a token for a message, shortened when long.
func quote(s string) string {
	if utf8.RuneCountInString(s) > 24 {
		s = string([]rune(s)[:21]) + "..."
	}
	return strconv.Quote(s)
}
