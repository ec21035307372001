package kql

import (
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"
)

// This file lowers the grammar tree to the AST: one function per
// production, called by the rule that parsed it (see grammar.go). The
// hand-written expression productions build AST nodes as they parse, with
// the token helpers at the end of this file.

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
	return &LetStmt{Span: lowerSpan(g.Tokens), Name: g.Name.X, Value: g.Value.X}
}

func lowerFunc(g *gFunc) *FuncExpr {
	return &FuncExpr{Span: lowerSpan(g.Tokens), View: g.View, Params: lowerColumns(g.Params), Body: lowerStmts(g.Body)}
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
	t := &Type{Span: lowerSpan(g.Tokens), Name: canonicalType(g.Name)}
	lowerSchemaItems(t, g.Items)
	return t
}

// lowerSchema lowers a schema written without parentheses.
func lowerSchema(g *gSchema) *Type {
	t := &Type{Span: lowerSpan(g.Tokens)}
	lowerSchemaItems(t, g.Items)
	return t
}

// lowerSchemaItems adds the columns and star of a schema to t.
func lowerSchemaItems(t *Type, items []*gSchemaItem) {
	for _, item := range items {
		if item.Star {
			t.Star = true
		} else {
			t.Columns = append(t.Columns, lowerColumn(item.Column))
		}
	}
}

// typeSynonyms maps the type names that have a synonym to the canonical
// one.
var typeSynonyms = map[string]string{"double": "real", "date": "datetime", "time": "timespan", "boolean": "bool"}

// canonicalType returns the canonical spelling of a type name.
func canonicalType(name string) string {
	if c, ok := typeSynonyms[name]; ok {
		return c
	}
	return name
}

func lowerDatatable(g *gDatatable) *DatatableExpr {
	return &DatatableExpr{Span: lowerSpan(g.Tokens), Options: lowerOptions(g.Options), Schema: lowerType(g.Schema), Values: g.Values.X}
}

func lowerExternalData(g *gExternalData) *ExternalDataExpr {
	return &ExternalDataExpr{Span: lowerSpan(g.Tokens), Schema: lowerType(g.Schema), URIs: lowerScalars(g.URIs), With: lowerWithOptions(g.With)}
}

// The lowerings of the tabular operators follow, in the order of opRules.

func lowerWhere(g *gWhere) *WhereOp {
	return &WhereOp{Span: lowerSpan(g.Tokens), Pred: g.Pred.X}
}

func lowerExtend(g *gExtend) *ExtendOp {
	return &ExtendOp{Span: lowerSpan(g.Tokens), Columns: lowerNamed(g.Columns)}
}

func lowerSummarize(g *gSummarize) *SummarizeOp {
	return &SummarizeOp{Span: lowerSpan(g.Tokens), Options: lowerOptions(g.Options), Aggs: lowerNamed(g.Aggs), By: lowerNamed(g.By)}
}

func lowerProject(g *gProject) *ProjectOp {
	return &ProjectOp{Span: lowerSpan(g.Tokens), Columns: lowerNamed(g.Columns)}
}

func lowerJoin(g *gJoin) Op {
	if g.Kw == "lookup" {
		return &LookupOp{Span: lowerSpan(g.Tokens), Options: lowerOptions(g.Options), Right: g.Right.X, On: lowerScalars(g.On)}
	}
	return &JoinOp{Span: lowerSpan(g.Tokens), Options: lowerOptions(g.Options), Right: g.Right.X, On: lowerScalars(g.On)}
}

func lowerSort(g *gSort) *SortOp {
	return &SortOp{Span: lowerSpan(g.Tokens), Options: lowerOptions(g.Options), By: lowerOrders(g.By)}
}

func lowerProjectAway(g *gProjectAway) Op {
	if g.Kw == "project-keep" {
		return &ProjectKeepOp{Span: lowerSpan(g.Tokens), Columns: lowerPatterns(g.Columns)}
	}
	return &ProjectAwayOp{Span: lowerSpan(g.Tokens), Columns: lowerPatterns(g.Columns)}
}

func lowerDistinct(g *gDistinct) *DistinctOp {
	return &DistinctOp{Span: lowerSpan(g.Tokens), Options: lowerOptions(g.Options), Columns: lowerScalars(g.Columns)}
}

func lowerTake(g *gTake) *TakeOp {
	return &TakeOp{Span: lowerSpan(g.Tokens), Options: lowerOptions(g.Options), Count: g.Count.X}
}

func lowerTop(g *gTop) *TopOp {
	return &TopOp{Span: lowerSpan(g.Tokens), Options: lowerOptions(g.Options), Count: g.Count.X, By: lowerOrders(g.By)}
}

func lowerMvExpand(g *gMvExpand) *MvExpandOp {
	return &MvExpandOp{Span: lowerSpan(g.Tokens), Options: lowerOptions(g.Options), Items: lowerMvItems(g.Items), Limit: lowerScalar(g.Limit)}
}

func lowerUnion(g *gUnion) *UnionOp {
	return &UnionOp{Span: lowerSpan(g.Tokens), Options: lowerOptions(g.Options), Tables: lowerPatterns(g.Tables)}
}

func lowerProjectRename(g *gProjectRename) *ProjectRenameOp {
	op := &ProjectRenameOp{Span: lowerSpan(g.Tokens)}
	for _, r := range g.Columns {
		op.Columns = append(op.Columns, &NamedExpr{Span: lowerSpan(r.Tokens), Names: []*Ident{r.New.X}, X: r.Old.X})
	}
	return op
}

func lowerCount(g *gCount) *CountOp {
	op := &CountOp{Span: lowerSpan(g.Tokens)}
	if g.Name != nil {
		op.Name = g.Name.X
	}
	return op
}

func lowerParse(g *gParse) *ParseOp {
	return &ParseOp{Span: lowerSpan(g.Tokens), Where: g.Kw == "parse-where", Options: lowerOptions(g.Options), X: g.X.X, Pattern: lowerPattern(g.Pattern)}
}

func lowerEvaluate(g *gEvaluate) *EvaluateOp {
	return &EvaluateOp{Span: lowerSpan(g.Tokens), Options: lowerOptions(g.Options), Call: g.Call.X, Schema: lowerType(g.Schema)}
}

func lowerRender(g *gRender) *RenderOp {
	op := &RenderOp{Span: lowerSpan(g.Tokens), Chart: g.Chart.X}
	for _, o := range g.Legacy {
		op.With = append(op.With, o.X)
	}
	op.With = append(op.With, lowerWithOptions(g.With)...)
	return op
}

func lowerMakeSeries(g *gMakeSeries) *MakeSeriesOp {
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

func lowerMvApply(g *gMvApply) *MvApplyOp {
	return &MvApplyOp{Span: lowerSpan(g.Tokens), Options: lowerOptions(g.Options), Items: lowerMvItems(g.Items), Limit: lowerScalar(g.Limit), Sub: g.Sub.X}
}

func lowerProjectReorder(g *gProjectReorder) *ProjectReorderOp {
	op := &ProjectReorderOp{Span: lowerSpan(g.Tokens)}
	for _, k := range g.Columns {
		op.Columns = append(op.Columns, &OrderExpr{Span: lowerSpan(k.Tokens), X: k.X.X, Order: k.Order})
	}
	return op
}

func lowerInvoke(g *gInvoke) *InvokeOp {
	return &InvokeOp{Span: lowerSpan(g.Tokens), Call: g.Call.X}
}

func lowerTopNested(g *gTopNested) *TopNestedOp {
	op := &TopNestedOp{Span: lowerSpan(g.Tokens)}
	for _, l := range g.Levels {
		op.Levels = append(op.Levels, &TopNestedLevel{
			Span: lowerSpan(l.Tokens), Count: lowerScalar(l.Count), Of: l.Of.X,
			Others: lowerScalar(l.Others), By: l.By.X, Order: l.Order,
		})
	}
	return op
}

func lowerSerialize(g *gSerialize) *SerializeOp {
	return &SerializeOp{Span: lowerSpan(g.Tokens), Columns: lowerNamed(g.Columns)}
}

func lowerParseKv(g *gParseKv) *ParseKvOp {
	return &ParseKvOp{Span: lowerSpan(g.Tokens), X: g.X.X, Keys: lowerType(g.Keys), With: lowerWithOptions(g.With)}
}

func lowerAs(g *gAs) *AsOp {
	return &AsOp{Span: lowerSpan(g.Tokens), Options: lowerOptions(g.Options), Name: g.Name.X}
}

func lowerGetSchema(g *gGetSchema) *GetSchemaOp {
	return &GetSchemaOp{Span: lowerSpan(g.Tokens)}
}

func lowerSampleDistinct(g *gSampleDistinct) *SampleDistinctOp {
	return &SampleDistinctOp{Span: lowerSpan(g.Tokens), Count: g.Count.X, Of: g.Of.X}
}

func lowerSample(g *gSample) *SampleOp {
	return &SampleOp{Span: lowerSpan(g.Tokens), Count: g.Count.X}
}

func lowerSearch(g *gSearch) *SearchOp {
	return &SearchOp{Span: lowerSpan(g.Tokens), Options: lowerOptions(g.Options), Tables: lowerPatterns(g.Tables), Pred: g.Pred.X}
}

func lowerFind(g *gFind) *FindOp {
	return &FindOp{
		Span: lowerSpan(g.Tokens), Options: lowerOptions(g.Options), Tables: lowerPatterns(append(g.Tables, g.InTables...)),
		Pred: g.Pred.X, ProjectSmart: g.Smart, Project: lowerScalars(g.Project),
	}
}

func lowerFacet(g *gFacet) *FacetOp {
	op := &FacetOp{Span: lowerSpan(g.Tokens), Columns: lowerScalars(g.Columns)}
	if g.With != nil {
		op.With = g.With.X
	}
	return op
}

func lowerFork(g *gFork) *ForkOp {
	op := &ForkOp{Span: lowerSpan(g.Tokens)}
	for _, b := range g.Branches {
		n := &NamedExpr{Span: lowerSpan(b.Tokens), X: b.Sub.X}
		if b.Name != nil {
			n.Names = []*Ident{b.Name.X}
		}
		op.Branches = append(op.Branches, n)
	}
	return op
}

func lowerPartition(g *gPartition) *PartitionOp {
	op := &PartitionOp{Span: lowerSpan(g.Tokens), Options: lowerOptions(g.Options), By: g.By.X, Braces: g.Braces}
	if g.Braces {
		op.Sub = g.Body.X
	} else {
		op.Sub = g.Sub.X
	}
	return op
}

func lowerScan(g *gScan) *ScanOp {
	op := &ScanOp{Span: lowerSpan(g.Tokens), Options: lowerOptions(g.Options), Declare: lowerColumns(g.Declare)}
	for _, s := range g.Steps {
		op.Steps = append(op.Steps, &ScanStep{
			Span: lowerSpan(s.Tokens), Name: s.Name.X, Options: lowerOptions(s.Options),
			Pred: s.Pred.X, Assigns: lowerNamed(s.Assigns),
		})
	}
	return op
}

func lowerPrint(g *gPrint) *PrintOp {
	return &PrintOp{Span: lowerSpan(g.Tokens), Columns: lowerNamed(g.Columns)}
}

func lowerRange(g *gRange) *RangeOp {
	return &RangeOp{Span: lowerSpan(g.Tokens), Name: g.Name.X, From: g.From.X, To: g.To.X, Step: g.Step.X}
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

func lowerNamed(g *namedList) []*NamedExpr {
	if g == nil {
		return nil
	}
	return g.X
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

func lowerOptions[O option | hintOption](gs []*O) []*Option {
	var out []*Option
	for _, g := range gs {
		out = append(out, option(*g).X)
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
		lit.Type = canonicalType(t.Value[:open])
		lit.Value = strings.TrimSpace(t.Value[open+1 : len(t.Value)-1])
		if lit.Value == "" { // long(), datetime(): Kusto reads these as null
			lit.Value = "null"
		}
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
			i += 4
			// KQL strings are UTF-16: a high and a low surrogate escape
			// in a row make one rune; a lone surrogate is U+FFFD.
			if utf16.IsSurrogate(rune(r)) && strings.HasPrefix(s[i+1:], `\u`) && len(s) >= i+7 {
				if lo, err := strconv.ParseUint(s[i+3:i+7], 16, 32); err == nil {
					if pair := utf16.DecodeRune(rune(r), rune(lo)); pair != utf8.RuneError {
						b.WriteRune(pair)
						i += 6
						continue
					}
				}
			}
			b.WriteRune(rune(r))
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

func lowerReduce(g *gReduce) *ReduceOp {
	op := &ReduceOp{Span: lowerSpan(g.Tokens), By: g.By.X}
	for _, o := range g.Options {
		op.Options = append(op.Options, o.X)
	}
	for _, o := range g.With {
		op.With = append(op.With, o.X)
	}
	return op
}

func lowerTopHitters(g *gTopHitters) *TopHittersOp {
	return &TopHittersOp{Span: lowerSpan(g.Tokens), Count: g.Count.X, Of: g.Of.X, By: lowerScalar(g.By)}
}

func lowerConsume(g *gConsume) *ConsumeOp {
	return &ConsumeOp{Span: lowerSpan(g.Tokens), Options: lowerOptions(g.Options)}
}

func lowerMakeGraph(g *gMakeGraph) *MakeGraphOp {
	op := g.X.X
	op.Span = lowerSpan(g.Tokens)
	return op
}

func lowerGraphMatch(g *gGraphMatch) *GraphMatchOp {
	op := g.X.X
	op.Span = lowerSpan(g.Tokens)
	return op
}
