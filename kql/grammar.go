package kql

import (
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// This file holds the participle grammar: unexported structs that mirror
// the KQL syntax of statements and tabular operators, and the hand-written
// productions (types implementing participle.Parseable) for what a
// declarative grammar handles badly: expressions, parsed by precedence
// climbing straight into AST nodes, names, options and column lists.
//
// Each tabular operator and source has its own participle parser (a rule),
// picked by the operator's name; a rule lowers its grammar tree with
// lower.go's functions as soon as it is parsed, so the grammar trees are
// lowered in one bottom-up pass that runs alongside parsing.
//
// Every grammar decision is made on the next token (UseLookahead(0)), so a
// branch that has consumed a token is committed to and a syntax error is
// reported at the first token that cannot be accepted.

// parserOptions configure every parser built from the grammar.
var parserOptions = []participle.Option{
	participle.Lexer(kqlLexer{}),
	participle.UseLookahead(0),
}

// queryParser parses a whole query text.
var queryParser = participle.MustBuild[gQuery](parserOptions...)

var (
	// typeRule parses a type name or a parenthesised schema.
	typeRule = newRule(lowerType)
	// schemaRule parses a schema without parentheses.
	schemaRule = newRule(lowerSchema)
)

// rule parses one production from the token stream, lowered to an AST
// node, and leaves the stream after it.
type rule[N any] func(lex *lexer.PeekingLexer) (N, error)

// newRule builds a parser for the production G, lowered by lower.
func newRule[G, N any](lower func(*G) N) rule[N] {
	parser := participle.MustBuild[G](parserOptions...)
	return func(lex *lexer.PeekingLexer) (N, error) {
		g, err := parser.ParseFromLexer(lex, participle.AllowTrailing(true))
		if err != nil {
			var zero N
			return zero, err
		}
		return lower(g), nil
	}
}

// opRule is a rule for a tabular operator.
func opRule[G any, N Op](lower func(*G) N) rule[Op] {
	return newRule(func(g *G) Op { return lower(g) })
}

// sourceRule is a rule for a tabular source.
func sourceRule[G any, N Expr](lower func(*G) N) rule[Expr] {
	return newRule(func(g *G) Expr { return lower(g) })
}

// opRules parse the tabular operators after a pipe, by operator name.
// Dispatching on the name is much faster than a participle disjunction
// of all operators.
var opRules = map[string]rule[Op]{
	"where": opRule(lowerWhere), "filter": opRule(lowerWhere),
	"extend": opRule(lowerExtend), "summarize": opRule(lowerSummarize),
	"project": opRule(lowerProject), "join": opRule(lowerJoin),
	"lookup": opRule(lowerJoin), "sort": opRule(lowerSort), "order": opRule(lowerSort),
	"project-away": opRule(lowerProjectAway), "project-keep": opRule(lowerProjectAway),
	"distinct": opRule(lowerDistinct), "take": opRule(lowerTake), "limit": opRule(lowerTake),
	"top": opRule(lowerTop), "mv-expand": opRule(lowerMvExpand), "mvexpand": opRule(lowerMvExpand),
	"union": opRule(lowerUnion), "project-rename": opRule(lowerProjectRename),
	"count": opRule(lowerCount), "parse": opRule(lowerParse), "parse-where": opRule(lowerParse),
	"evaluate": opRule(lowerEvaluate), "render": opRule(lowerRender),
	"make-series": opRule(lowerMakeSeries), "mv-apply": opRule(lowerMvApply),
	"project-reorder": opRule(lowerProjectReorder), "invoke": opRule(lowerInvoke),
	"top-nested": opRule(lowerTopNested), "serialize": opRule(lowerSerialize),
	"parse-kv": opRule(lowerParseKv), "as": opRule(lowerAs), "getschema": opRule(lowerGetSchema),
	"sample-distinct": opRule(lowerSampleDistinct), "sample": opRule(lowerSample),
	"search": opRule(lowerSearch), "find": opRule(lowerFind), "facet": opRule(lowerFacet),
	"fork": opRule(lowerFork), "partition": opRule(lowerPartition), "scan": opRule(lowerScan),
	"make-graph": opRule(lowerMakeGraph), "graph-match": opRule(lowerGraphMatch),
	"graph-shortest-paths": opRule(lowerGraphMatch),
	"reduce":               opRule(lowerReduce), "top-hitters": opRule(lowerTopHitters), "consume": opRule(lowerConsume),
}

// sourceRules parse the tabular sources that are not expressions: the
// operators that start a query without input, datatable and externaldata.
var sourceRules = map[string]rule[Expr]{
	"union": sourceRule(lowerUnion), "print": sourceRule(lowerPrint),
	"search": sourceRule(lowerSearch), "find": sourceRule(lowerFind),
	"evaluate": sourceRule(lowerEvaluate), "range": sourceRule(lowerRange),
	"datatable": sourceRule(lowerDatatable), "externaldata": sourceRule(lowerExternalData),
}

// gQuery is a whole query: statements separated by semicolons.
type gQuery struct {
	Stmts []*gStmt `parser:"@@? ( ';' @@? )*"`
}

// gStmt is one statement.
type gStmt struct {
	Let     *gLet     `parser:"  @@"`
	Declare *gDeclare `parser:"| @@"`
	Set     *gSet     `parser:"| @@"`
	Query   *pipeExpr `parser:"| @@"`
}

// gLet is `let Name = Value`.
type gLet struct {
	Tokens []lexer.Token
	Name   *ident    `parser:"'let' @@ '='"`
	Value  *letValue `parser:"@@"`
}

// gFunc is a function or view body `[view] (Params) { Body }`.
type gFunc struct {
	Tokens []lexer.Token
	View   bool       `parser:"@'view'?"`
	Params []*gColumn `parser:"'(' ( @@ ( ',' @@ )* )? ')'"`
	Body   []*gStmt   `parser:"'{' @@? ( ';' @@? )* '}'"`
}

// gColumn is `Name:Type [= Default]`.
type gColumn struct {
	Tokens  []lexer.Token
	Name    *ident      `parser:"@@ ':'"`
	Type    *gType      `parser:"@@"`
	Default *scalarExpr `parser:"( '=' @@ )?"`
}

// gType is a scalar type name or a schema `(a:string, *)`.
type gType struct {
	Tokens []lexer.Token
	Name   string         `parser:"  @('string' | 'long' | 'int' | 'real' | 'double' | 'bool' | 'boolean' | 'datetime' | 'date' | 'timespan' | 'time' | 'guid' | 'dynamic' | 'decimal')"`
	Items  []*gSchemaItem `parser:"| '(' @@ ( ',' @@ )* ')'"`
}

// gSchema is a schema without parentheses, as in typeof(*, a:string).
type gSchema struct {
	Tokens []lexer.Token
	Items  []*gSchemaItem `parser:"@@ ( ',' @@ )*"`
}

// gSchemaItem is a column of a schema, or `*` for all other columns.
type gSchemaItem struct {
	Star   bool     `parser:"  @'*'"`
	Column *gColumn `parser:"| @@"`
}

// gDeclare is `declare query_parameters(Params)`.
type gDeclare struct {
	Tokens []lexer.Token
	Params []*gColumn `parser:"'declare' 'query_parameters' '(' ( @@ ( ',' @@ )* )? ')'"`
}

// gSet is `set Name [= Value]`.
type gSet struct {
	Tokens []lexer.Token
	Name   []string    `parser:"'set' @Ident ( @'.' @Ident )*"`
	Value  *scalarExpr `parser:"( '=' @@ )?"`
}

// gDatatable is `datatable (Schema) [Values]`.
type gDatatable struct {
	Tokens  []lexer.Token
	Options []*hintOption `parser:"'datatable' @@*"`
	Schema  *gType        `parser:"@@"`
	Values  *cells        `parser:"'[' @@ ']'"`
}

// gExternalData is `externaldata (Schema) [URIs] [with (Options)]`.
type gExternalData struct {
	Tokens []lexer.Token
	Schema *gType        `parser:"'externaldata' @@"`
	URIs   []*scalarExpr `parser:"'[' @@ ( ',' @@ )* ']'"`
	With   []*withOption `parser:"( 'with' '(' @@ ( ',' @@ )* ')' )?"`
}

// The productions of the tabular operators follow. Each mirrors the AST
// node of the same name (some serve two spellings or two nodes, recorded
// in Kw); lower.go lowers each one, and opRules maps operator names to
// them.

type gWhere struct {
	Tokens []lexer.Token
	Pred   *scalarExpr `parser:"( 'where' | 'filter' ) @@"`
}

type gExtend struct {
	Tokens  []lexer.Token
	Columns *namedList `parser:"'extend' @@"`
}

type gProject struct {
	Tokens  []lexer.Token
	Columns *namedList `parser:"'project' @@"`
}

// gProjectAway is project-away or project-keep.
type gProjectAway struct {
	Tokens  []lexer.Token
	Kw      string        `parser:"@( 'project-away' | 'project-keep' )"`
	Columns []*colPattern `parser:"@@ ( ',' @@ )*"`
}

type gProjectRename struct {
	Tokens  []lexer.Token
	Columns []*gRename `parser:"'project-rename' @@ ( ',' @@ )*"`
}

type gRename struct {
	Tokens []lexer.Token
	New    *ident `parser:"@@ '='"`
	Old    *ident `parser:"@@"`
}

type gProjectReorder struct {
	Tokens  []lexer.Token
	Columns []*gReorderKey `parser:"'project-reorder' @@ ( ',' @@ )*"`
}

type gReorderKey struct {
	Tokens []lexer.Token
	X      *colPattern `parser:"@@"`
	Order  string      `parser:"@( 'asc' | 'desc' | 'granny-asc' | 'granny-desc' )?"`
}

type gSummarize struct {
	Tokens  []lexer.Token
	Options []*hintOption `parser:"'summarize' @@*"`
	Aggs    *namedList    `parser:"@@?"`
	By      *namedList    `parser:"( 'by' @@ )?"`
}

// gJoin is join or lookup.
type gJoin struct {
	Tokens  []lexer.Token
	Kw      string        `parser:"@( 'join' | 'lookup' )"`
	Options []*option     `parser:"@@*"`
	Right   *scalarExpr   `parser:"@@"`
	On      []*scalarExpr `parser:"'on' @@ ( ',' @@ )*"`
}

type gUnion struct {
	Tokens  []lexer.Token
	Options []*option     `parser:"'union' @@*"`
	Tables  []*colPattern `parser:"@@ ( ',' @@ )*"`
}

// gSort is sort or order.
type gSort struct {
	Tokens  []lexer.Token
	Options []*hintOption `parser:"( 'sort' | 'order' ) @@*"`
	By      []*gOrder     `parser:"'by' @@ ( ',' @@ )*"`
}

type gOrder struct {
	Tokens []lexer.Token
	X      *scalarExpr `parser:"@@"`
	Order  string      `parser:"@( 'asc' | 'desc' )?"`
	Nulls  string      `parser:"( 'nulls' @( 'first' | 'last' ) )?"`
}

type gTop struct {
	Tokens  []lexer.Token
	Options []*hintOption `parser:"'top' @@*"`
	Count   *scalarExpr   `parser:"@@"`
	By      []*gOrder     `parser:"'by' @@ ( ',' @@ )*"`
}

type gTopNested struct {
	Tokens []lexer.Token
	Levels []*gTopNestedLevel `parser:"@@ ( ',' @@ )*"`
}

type gTopNestedLevel struct {
	Tokens []lexer.Token
	Count  *scalarExpr `parser:"'top-nested' @@?"`
	Of     *namedExpr  `parser:"'of' @@"`
	Others *scalarExpr `parser:"( 'with' 'others' '=' @@ )?"`
	By     *namedExpr  `parser:"'by' @@"`
	Order  string      `parser:"@( 'asc' | 'desc' )?"`
}

// gTake is take or limit.
type gTake struct {
	Tokens  []lexer.Token
	Options []*hintOption `parser:"( 'take' | 'limit' ) @@*"`
	Count   *scalarExpr   `parser:"@@"`
}

type gDistinct struct {
	Tokens  []lexer.Token
	Options []*hintOption `parser:"'distinct' @@*"`
	Columns []*scalarExpr `parser:"@@ ( ',' @@ )*"`
}

type gCount struct {
	Tokens []lexer.Token
	Kw     string      `parser:"@'count'"`
	Name   *plainIdent `parser:"( 'as' @@ )?"`
}

type gGetSchema struct {
	Tokens []lexer.Token
	Kw     string `parser:"@'getschema'"`
}

// gMvExpand is mv-expand or the legacy mvexpand.
type gMvExpand struct {
	Tokens  []lexer.Token
	Options []*option   `parser:"( 'mv-expand' | 'mvexpand' ) @@*"`
	Items   []*gMvItem  `parser:"@@ ( ',' @@ )*"`
	Limit   *scalarExpr `parser:"( 'limit' @@ )?"`
}

type gMvItem struct {
	Tokens []lexer.Token
	Item   *namedExpr `parser:"@@"`
	ToType *gType     `parser:"( 'to' 'typeof' '(' @@ ')' )?"`
}

type gMvApply struct {
	Tokens  []lexer.Token
	Options []*option   `parser:"'mv-apply' @@*"`
	Items   []*gMvItem  `parser:"@@ ( ',' @@ )*"`
	Limit   *scalarExpr `parser:"( 'limit' @@ )?"`
	Sub     *subPipe    `parser:"'on' '(' @@ ')'"`
}

// gParse is parse or parse-where.
type gParse struct {
	Tokens  []lexer.Token
	Kw      string           `parser:"@( 'parse' | 'parse-where' )"`
	Options []*option        `parser:"@@*"`
	X       *scalarExpr      `parser:"@@"`
	Pattern []*gPatternPiece `parser:"'with' @@+"`
}

type gPatternPiece struct {
	Tokens []lexer.Token
	Str    string `parser:"  @String"`
	Star   bool   `parser:"| @'*'"`
	Col    *ident `parser:"| @@"`
	Type   *gType `parser:"  ( ':' @@ )?"`
}

type gParseKv struct {
	Tokens []lexer.Token
	X      *scalarExpr   `parser:"'parse-kv' @@"`
	Keys   *gType        `parser:"'as' @@"`
	With   []*withOption `parser:"( 'with' '(' @@ ( ',' @@ )* ')' )?"`
}

type gMakeSeries struct {
	Tokens  []lexer.Token
	Options []*option   `parser:"'make-series' @@*"`
	Aggs    []*gMsAgg   `parser:"@@ ( ',' @@ )*"`
	On      *scalarExpr `parser:"'on' @@"`
	InRange bool        `parser:"( @'in' 'range' '('"`
	RFrom   *scalarExpr `parser:"  @@ ','"`
	RTo     *scalarExpr `parser:"  @@ ','"`
	RStep   *scalarExpr `parser:"  @@ ')'"`
	From    *scalarExpr `parser:"| ( 'from' @@ )?"`
	To      *scalarExpr `parser:"  ( 'to' @@ )?"`
	Step    *scalarExpr `parser:"  'step' @@ )"`
	By      *namedList  `parser:"( 'by' @@ )?"`
}

type gMsAgg struct {
	Tokens  []lexer.Token
	Agg     *namedExpr  `parser:"@@"`
	Default *scalarExpr `parser:"( 'default' '=' @@ )?"`
}

type gEvaluate struct {
	Tokens  []lexer.Token
	Options []*hintOption `parser:"'evaluate' @@*"`
	Call    *callExpr     `parser:"@@"`
	Schema  *gType        `parser:"( ':' @@ )?"`
}

type gInvoke struct {
	Tokens []lexer.Token
	Call   *callExpr `parser:"'invoke' @@"`
}

type gRender struct {
	Tokens []lexer.Token
	Chart  *plainName      `parser:"'render' @@"`
	Legacy []*renderOption `parser:"@@*"`
	With   []*withOption   `parser:"( 'with' '(' @@ ( ',' @@ )* ')' )?"`
}

type gSerialize struct {
	Tokens  []lexer.Token
	Kw      string     `parser:"@'serialize'"`
	Columns *namedList `parser:"@@?"`
}

type gAs struct {
	Tokens  []lexer.Token
	Options []*hintOption `parser:"'as' @@*"`
	Name    *ident        `parser:"@@"`
}

type gSample struct {
	Tokens []lexer.Token
	Count  *scalarExpr `parser:"'sample' @@"`
}

type gSampleDistinct struct {
	Tokens []lexer.Token
	Count  *scalarExpr `parser:"'sample-distinct' @@"`
	Of     *scalarExpr `parser:"'of' @@"`
}

type gSearch struct {
	Tokens  []lexer.Token
	Options []*option     `parser:"'search' @@*"`
	Tables  []*colPattern `parser:"( 'in' '(' @@ ( ',' @@ )* ')' )?"`
	Pred    *scalarExpr   `parser:"@@"`
}

type gFind struct {
	Tokens []lexer.Token
	// `where` may be left out when there are no options and no tables:
	// `find Predicate` (learn.microsoft.com/kusto/query/find-operator).
	Options  []*option     `parser:"'find' ( @@+"`
	Tables   []*colPattern `parser:"  ( 'in' '(' @@ ( ',' @@ )* ')' )? 'where'"`
	InTables []*colPattern `parser:"| 'in' '(' @@ ( ',' @@ )* ')' 'where'"`
	Where    bool          `parser:"| @'where' )?"`
	Pred     *scalarExpr   `parser:"@@"`
	Smart    bool          `parser:"( @'project-smart'"`
	Project  []*scalarExpr `parser:"| 'project' @@ ( ',' @@ )* )?"`
}

type gFacet struct {
	Tokens  []lexer.Token
	Columns []*scalarExpr `parser:"'facet' 'by' @@ ( ',' @@ )*"`
	With    *subPipe      `parser:"( 'with' '(' @@ ')' )?"`
}

type gFork struct {
	Tokens   []lexer.Token
	Branches []*gForkBranch `parser:"'fork' @@+"`
}

type gForkBranch struct {
	Tokens []lexer.Token
	Name   *assignName `parser:"@@?"`
	Sub    *subPipe    `parser:"'(' @@ ')'"`
}

type gPartition struct {
	Tokens  []lexer.Token
	Options []*hintOption `parser:"'partition' @@*"`
	By      *ident        `parser:"'by' @@"`
	Sub     *subPipe      `parser:"( '(' @@ ')'"`
	Braces  bool          `parser:"| @'{'"`
	Body    *pipeExpr     `parser:"  @@ '}' )"`
}

type gScan struct {
	Tokens  []lexer.Token
	Options []*option    `parser:"'scan' @@*"`
	Declare []*gColumn   `parser:"( 'declare' '(' @@ ( ',' @@ )* ')' )?"`
	Steps   []*gScanStep `parser:"'with' '(' @@+ ')'"`
}

type gScanStep struct {
	Tokens  []lexer.Token
	Name    *ident      `parser:"'step' @@"`
	Options []*option   `parser:"@@*"`
	Pred    *scalarExpr `parser:"':' @@"`
	Assigns *namedList  `parser:"( '=>' @@ )? ';'"`
}

type gReduce struct {
	Tokens  []lexer.Token
	Options []*reduceOption `parser:"'reduce' @@*"`
	By      *scalarExpr     `parser:"'by' @@"`
	With    []*reduceWith   `parser:"( 'with' @@ ( ',' @@ )* )?"`
}

type gTopHitters struct {
	Tokens []lexer.Token
	Count  *scalarExpr `parser:"'top-hitters' @@"`
	Of     *scalarExpr `parser:"'of' @@"`
	By     *scalarExpr `parser:"( 'by' @@ )?"`
}

type gConsume struct {
	Tokens  []lexer.Token
	Kw      string    `parser:"@'consume'"`
	Options []*option `parser:"@@*"`
}

// gMakeGraph is make-graph, parsed by hand (makeGraph).
type gMakeGraph struct {
	Tokens []lexer.Token
	X      *makeGraph `parser:"@@"`
}

// gGraphMatch is graph-match, parsed by hand (graphMatch).
type gGraphMatch struct {
	Tokens []lexer.Token
	X      *graphMatch `parser:"@@"`
}

type gPrint struct {
	Tokens  []lexer.Token
	Columns *namedList `parser:"'print' @@"`
}

type gRange struct {
	Tokens []lexer.Token
	Name   *ident      `parser:"'range' @@"`
	From   *scalarExpr `parser:"'from' @@"`
	To     *scalarExpr `parser:"'to' @@"`
	Step   *scalarExpr `parser:"'step' @@"`
}

// ---------------------------------------------------------------------------
// Hand-written productions

// syntaxError is a parse error at a token: either what was expected there
// or, when msg is set, a complete message.
type syntaxError struct {
	tok      lexer.Token
	expected string
	msg      string
}

// Error returns the message without position.
func (e *syntaxError) Error() string { return e.Message() }

// Message returns the error text.
func (e *syntaxError) Message() string {
	if e.msg != "" {
		return e.msg
	}
	return "expected " + e.expected
}

// Position returns the position of the offending token.
func (e *syntaxError) Position() lexer.Position { return e.tok.Pos }

// ident is a name: an identifier or a quoted ['name'].
type ident struct{ X *Ident }

// Parse implements participle.Parseable.
func (n *ident) Parse(lex *lexer.PeekingLexer) error {
	n.X = (&exprParser{lex}).nameIdent()
	if n.X == nil {
		return participle.NextMatch
	}
	return nil
}

// plainName is a plain identifier, not a quoted or $name: a chart type.
type plainName struct{ X string }

// Parse implements participle.Parseable.
func (n *plainName) Parse(lex *lexer.PeekingLexer) error {
	t := lex.Peek()
	if t.Type != tokIdent || t.Value[0] == '$' {
		return participle.NextMatch
	}
	n.X = lex.Next().Value
	return nil
}

// assignName is `Name =`, a plain or quoted name being assigned; it
// consumes nothing unless both come next.
type assignName ident

// Parse implements participle.Parseable.
func (n *assignName) Parse(lex *lexer.PeekingLexer) error {
	p := &exprParser{lex}
	cp := lex.MakeCheckpoint()
	n.X = p.nameIdent()
	if n.X == nil || !p.at("=") {
		lex.LoadCheckpoint(cp)
		return participle.NextMatch
	}
	p.next()
	return nil
}

// plainIdent is a name written as a plain identifier, not quoted.
type plainIdent struct{ X *Ident }

// Parse implements participle.Parseable.
func (n *plainIdent) Parse(lex *lexer.PeekingLexer) error {
	if lex.Peek().Type != tokIdent {
		return participle.NextMatch
	}
	n.X = identOf(lex.Next())
	return nil
}

// scalarExpr is a scalar expression; pipes inside it need parentheses.
type scalarExpr struct{ X Expr }

// Parse implements participle.Parseable.
func (e *scalarExpr) Parse(lex *lexer.PeekingLexer) error {
	return matched(&e.X, (&exprParser{lex}).or)
}

// pipeExpr is a tabular expression: a source and its piped operators.
type pipeExpr struct{ X Expr }

// Parse implements participle.Parseable.
func (e *pipeExpr) Parse(lex *lexer.PeekingLexer) error {
	return matched(&e.X, (&exprParser{lex}).pipe)
}

// callExpr is a function call, as evaluate and invoke take. It stops
// before any binary operator, so that `evaluate f() : (Schema)` is not
// read as a search term `f() : (...)`.
type callExpr struct{ X *CallExpr }

// Parse implements participle.Parseable.
func (e *callExpr) Parse(lex *lexer.PeekingLexer) error {
	start := *lex.Peek()
	var x Expr
	if err := matched(&x, (&exprParser{lex}).postfix); err != nil {
		return err
	}
	call, ok := x.(*CallExpr)
	if !ok {
		return &syntaxError{tok: start, expected: "a function call"}
	}
	e.X = call
	return nil
}

// matched stores what parse returns in x, turning "nothing here" into
// participle.NextMatch.
func matched(x *Expr, parse func() (Expr, error)) error {
	v, err := parse()
	if err != nil {
		return err
	}
	if v == nil {
		return participle.NextMatch
	}
	*x = v
	return nil
}

// namedExpr is `[Name =] X` or `[(N1, N2) =] X`.
type namedExpr struct{ X *NamedExpr }

// Parse implements participle.Parseable.
func (n *namedExpr) Parse(lex *lexer.PeekingLexer) error {
	p := &exprParser{lex}
	start := *p.peek()
	names := p.assignedNames()
	x, err := p.or()
	if err != nil {
		return err
	}
	if x == nil {
		if names == nil {
			return participle.NextMatch
		}
		return p.expected("an expression")
	}
	n.X = &NamedExpr{Span: Span{Pos(start.Pos.Offset), x.End()}, Names: names, X: x}
	return nil
}

// namedList is `[Name =] X, ...`: the columns of project, extend,
// summarize and print. It is parsed by hand rather than as a participle
// repetition because it is the hottest production after where.
type namedList struct{ X []*NamedExpr }

// Parse implements participle.Parseable.
func (l *namedList) Parse(lex *lexer.PeekingLexer) error {
	p := &exprParser{lex}
	for {
		var n namedExpr
		switch err := n.Parse(lex); {
		case err == participle.NextMatch && len(l.X) > 0:
			return p.expected("an expression")
		case err != nil:
			return err
		}
		l.X = append(l.X, n.X)
		if !p.at(",") {
			return nil
		}
		p.next()
	}
}

// optionNames are the options an operator accepts before its operands,
// besides the hint.* ones.
var optionNames = map[string]bool{
	"kind": true, "withsource": true, "isfuzzy": true, "bagexpansion": true,
	"with_itemindex": true, "flags": true, "with_match_id": true,
	"output": true, "decodeblocks": true,
}

// option is an operator option `Name = Value` whose value is one token:
// kind=inner, hint.strategy=broadcast, isfuzzy=true.
type option struct{ X *Option }

// Parse implements participle.Parseable.
func (o *option) Parse(lex *lexer.PeekingLexer) error {
	return o.parse(lex, func(name string) bool { return optionNames[name] || isHint(name) })
}

// hintOption is an option of an operator that takes only hint.* options,
// so that a column named like an option (summarize kind = ...) stays a
// column.
type hintOption option

// Parse implements participle.Parseable.
func (o *hintOption) Parse(lex *lexer.PeekingLexer) error {
	return (*option)(o).parse(lex, isHint)
}

// renderOption is a chart property of the legacy form written after the
// chart type without with(...): render barchart kind=unstacked. Kusto
// accepts only kind, title and accumulate there.
type renderOption option

// Parse implements participle.Parseable.
func (o *renderOption) Parse(lex *lexer.PeekingLexer) error {
	return (*option)(o).parse(lex, func(name string) bool {
		return name == "kind" || name == "title" || name == "accumulate"
	})
}

// reduceOption is the kind option of reduce.
type reduceOption option

// Parse implements participle.Parseable.
func (o *reduceOption) Parse(lex *lexer.PeekingLexer) error {
	return (*option)(o).parse(lex, func(name string) bool { return name == "kind" })
}

// reduceWith is a threshold or characters property after reduce ... with.
type reduceWith option

// Parse implements participle.Parseable.
func (o *reduceWith) Parse(lex *lexer.PeekingLexer) error {
	p := &exprParser{lex}
	start := *p.peek()
	if err := (*option)(o).parse(lex, func(name string) bool { return name == "threshold" || name == "characters" }); err != participle.NextMatch {
		return err
	}
	return &syntaxError{tok: start, expected: "threshold= or characters="}
}

func isHint(name string) bool { return strings.HasPrefix(name, "hint.") }

// parse parses an option whose name is allowed.
func (o *option) parse(lex *lexer.PeekingLexer, allowed func(string) bool) error {
	p := &exprParser{lex}
	cp := lex.MakeCheckpoint()
	start := *p.peek()
	name := p.dottedName()
	if !allowed(name) || !p.at("=") {
		lex.LoadCheckpoint(cp)
		return participle.NextMatch
	}
	p.next()
	v := p.optionValue()
	if v == nil {
		return p.expected("an option value")
	}
	o.X = &Option{Span: Span{Pos(start.Pos.Offset), v.End()}, Name: name, Value: v}
	return nil
}

// withOption is a `Name = Value` property inside `with (...)`: any name,
// and a value that may be a list `a, b`.
type withOption struct{ X *Option }

// Parse implements participle.Parseable.
func (o *withOption) Parse(lex *lexer.PeekingLexer) error {
	p := &exprParser{lex}
	start := *p.peek()
	name := p.dottedName()
	if name == "" {
		return participle.NextMatch
	}
	if !p.at("=") {
		return p.expected(quote("="))
	}
	p.next()
	v, err := p.optionList()
	if err != nil {
		return err
	}
	o.X = &Option{Span: Span{Pos(start.Pos.Offset), v.End()}, Name: name, Value: v}
	return nil
}

// funcRule parses a function or view body.
var funcRule = newRule(lowerFunc)

// letValue is the value a let statement binds: a function or view body,
// told apart from an expression by its start `[view] ()` or
// `[view] (Name:`, or a scalar or tabular expression.
type letValue struct{ X Expr }

// Parse implements participle.Parseable.
func (v *letValue) Parse(lex *lexer.PeekingLexer) error {
	p := &exprParser{lex}
	if p.at("materialize") && p.nextIs("(") {
		return matched(&v.X, func() (Expr, error) { return p.call(identOf(p.next())) })
	}
	if !p.funcAhead() {
		return matched(&v.X, p.pipe)
	}
	x, err := funcRule(lex)
	if err != nil {
		return p.syncTo(err)
	}
	v.X = x
	return nil
}

// subPipe is a subquery without a source: `where x | take 1`.
type subPipe struct{ X *PipeExpr }

// Parse implements participle.Parseable.
func (s *subPipe) Parse(lex *lexer.PeekingLexer) error {
	p := &exprParser{lex}
	if t := p.peek(); t.Type != tokIdent || opRules[t.Value] == nil {
		return participle.NextMatch
	}
	x, err := p.ops()
	s.X = x
	return err
}

// cells are the values of a datatable: expressions separated by commas,
// with an optional trailing comma.
type cells struct{ X []Expr }

// Parse implements participle.Parseable.
func (c *cells) Parse(lex *lexer.PeekingLexer) error {
	p := &exprParser{lex}
	for !p.at("]") {
		x, err := p.required(p.or)
		if err != nil {
			return err
		}
		c.X = append(c.X, x)
		if !p.at(",") {
			break
		}
		p.next()
	}
	return nil
}

// colPattern is a column or table name that may hold `*` wildcards
// (Device*, *Id, *), or failing that any scalar expression.
type colPattern struct{ X Expr }

// Parse implements participle.Parseable.
func (c *colPattern) Parse(lex *lexer.PeekingLexer) error {
	p := &exprParser{lex}
	if w := p.wildcard(); w != nil {
		c.X = w
		return nil
	}
	if t := p.peek(); t.Type == tokIdent && (t.Value == "datatable" || t.Value == "externaldata") && p.nextIs("(") {
		// As in Kusto: union (datatable(...)[...]), not union datatable(...).
		return &syntaxError{tok: *t, msg: t.Value + " needs parentheses here"}
	}
	return matched(&c.X, p.or)
}

// ---------------------------------------------------------------------------
// Expressions: precedence climbing

// exprParser parses expressions from participle's token stream. Each
// method returns a nil Expr and no error when no expression starts at the
// next token, and leaves the stream at the offending token on error.
type exprParser struct {
	lex *lexer.PeekingLexer
}

// Binding powers of the binary operators, loosest first. As in
// Kusto.Language, equality (==, !=, and the list operators in, has_any,
// between, ...) binds looser than the string operators (=~, !~, has,
// contains, ...), which bind looser than the relational ones, and none of
// these levels chains: `a < b < c`, `a == b == c` and `a == b in (c)` are
// errors, while `a has "x" == b > 1` is (a has "x") == (b > 1) and
// `a =~ b in (c)` is (a =~ b) in (c). Since a list operator's right side
// is its list, nothing binding tighter than it may follow it:
// `a in (b) + 1` is an error too.
const (
	bindOr = iota + 1
	bindAnd
	bindEquality
	bindString
	bindRelational
	bindAdd
	bindMul
)

// chains reports whether operators of binding power prec associate.
func chains(prec int) bool {
	return prec != bindEquality && prec != bindString && prec != bindRelational
}

// binaryPrec maps each binary operator to its binding power. The list
// operators (in, has_any, ...) and between bind like string operators.
var binaryPrec = func() map[string]int {
	prec := map[string]int{
		"or": bindOr, "and": bindAnd,
		"==": bindEquality, "!=": bindEquality, "<>": bindEquality, "=~": bindString, "!~": bindString,
		"in": bindEquality, "!in": bindEquality, "in~": bindEquality, "!in~": bindEquality,
		"has_any": bindEquality, "has_all": bindEquality, "between": bindEquality, "!between": bindEquality,
		"<": bindRelational, "<=": bindRelational, ">": bindRelational, ">=": bindRelational,
		"+": bindAdd, "-": bindAdd,
		"*": bindMul, "/": bindMul, "%": bindMul,
	}
	for _, op := range stringOps {
		if prec[op] == 0 {
			prec[op] = bindString
		}
	}
	return prec
}()

// stringOps are the string and list operators (binaryPrec puts the list
// operators at the equality level).
var stringOps = []string{
	":",
	"has", "!has", "has_cs", "!has_cs", "hasprefix", "!hasprefix",
	"hasprefix_cs", "!hasprefix_cs", "hassuffix", "!hassuffix",
	"hassuffix_cs", "!hassuffix_cs", "contains", "!contains", "contains_cs",
	"!contains_cs", "containscs", "notcontains", "notcontainscs",
	"startswith", "!startswith", "startswith_cs", "!startswith_cs",
	"endswith", "!endswith", "endswith_cs", "!endswith_cs",
	"like", "notlike", "likecs", "notlikecs", "matches",
	"in", "!in", "in~", "!in~", "has_any", "has_all",
	"between", "!between",
}

// listOps are the operators whose right side is a parenthesised list.
var listOps = map[string]bool{
	"in": true, "!in": true, "in~": true, "!in~": true,
	"has_any": true, "has_all": true,
}

// reserved are the words that never start an expression as a bare name;
// they end the expression before them (summarize ... by). As in
// Kusto.Language, on, with and let are not among them: `project on` and
// `summarize by with` name columns.
var reserved = map[string]bool{
	"and": true, "or": true, "by": true,
	"where": true, "of": true, "asc": true, "desc": true,
}

// tabularArgFuncs are the functions whose argument may be a piped tabular
// expression without extra parentheses.
var tabularArgFuncs = map[string]bool{"toscalar": true, "materialize": true}

func (p *exprParser) peek() *lexer.Token { return p.lex.Peek() }
func (p *exprParser) next() *lexer.Token { return p.lex.Next() }

// at reports whether the next token is the keyword or punctuation v.
func (p *exprParser) at(v string) bool {
	t := p.peek()
	return (t.Type == tokPunct || t.Type == tokIdent) && t.Value == v
}

// expected returns an error at the next token saying what was expected.
func (p *exprParser) expected(what string) error {
	return &syntaxError{tok: *p.peek(), expected: what}
}

// expect consumes the punctuation or keyword v and returns the offset just
// past it.
func (p *exprParser) expect(v string) (Pos, error) {
	if !p.at(v) {
		return 0, p.expected(quote(v))
	}
	return tokEnd(p.next()), nil
}

// pipe parses a tabular expression `Source | Op | ...`.
func (p *exprParser) pipe() (Expr, error) {
	src, err := p.source()
	if src == nil || err != nil {
		return src, err
	}
	if !p.at("|") {
		return src, nil
	}
	pipe := &PipeExpr{Source: src}
	for p.at("|") {
		p.next()
		op, err := p.op()
		if err != nil {
			return nil, err
		}
		pipe.Ops = append(pipe.Ops, op)
	}
	pipe.Span = Span{src.Pos(), pipe.Ops[len(pipe.Ops)-1].End()}
	return pipe, nil
}

// source parses the start of a tabular expression.
func (p *exprParser) source() (Expr, error) {
	t := p.peek()
	r := sourceRules[t.Value]
	if t.Type != tokIdent || r == nil || t.Value == "range" && p.nextIs("(") {
		return p.or()
	}
	x, err := r(p.lex)
	if err != nil {
		return nil, p.syncTo(err)
	}
	return x, nil
}

// op parses the tabular operator after a pipe.
func (p *exprParser) op() (Op, error) {
	t := p.peek()
	if t.Type != tokIdent {
		return nil, p.expected("a tabular operator")
	}
	r := opRules[t.Value]
	if r == nil {
		return nil, &syntaxError{tok: *t, msg: "unknown tabular operator " + quote(t.Value)}
	}
	op, err := r(p.lex)
	if err != nil {
		return nil, p.syncTo(err)
	}
	return op, nil
}

// ops parses operators separated by pipes, without a source, as
// mv-apply, facet, fork and partition take them.
func (p *exprParser) ops() (*PipeExpr, error) {
	pipe := &PipeExpr{}
	for {
		op, err := p.op()
		if err != nil {
			return nil, err
		}
		pipe.Ops = append(pipe.Ops, op)
		if !p.at("|") {
			break
		}
		p.next()
	}
	pipe.Span = Span{pipe.Ops[0].Pos(), pipe.Ops[len(pipe.Ops)-1].End()}
	return pipe, nil
}

// syncTo moves the stream to the token an error from a nested participle
// parse points at, so that enclosing alternatives see how far it got.
func (p *exprParser) syncTo(err error) error {
	if perr, ok := err.(participle.Error); ok {
		off := perr.Position().Offset
		for t := p.peek(); !t.EOF() && t.Pos.Offset < off; t = p.peek() {
			p.next()
		}
	}
	return err
}

// or parses a whole scalar expression.
func (p *exprParser) or() (Expr, error) { return p.binary(bindOr) }

// binary parses operators binding at least as tightly as min.
func (p *exprParser) binary(min int) (Expr, error) {
	x, err := p.unary()
	if x == nil || err != nil {
		return x, err
	}
	for last := 0; ; {
		op, prec := p.binaryOp()
		if prec < min {
			return x, nil
		}
		if prec == last && !chains(prec) || last != 0 && prec > last {
			return nil, &syntaxError{tok: *p.peek(), msg: "comparison operators do not chain; add parentheses"}
		}
		if x, err = p.binaryRest(x, op, prec); err != nil {
			return nil, err
		}
		last = prec
	}
}

// binaryOp returns the binary operator at the next token and its binding
// power, or 0 when there is none.
func (p *exprParser) binaryOp() (string, int) {
	t := p.peek()
	if t.Type != tokIdent && t.Type != tokPunct {
		return "", 0
	}
	prec := binaryPrec[t.Value]
	if prec == 0 {
		return "", 0
	}
	switch t.Value {
	case "in": // make-series ... on X in range(...)
		if p.nextIs("range") {
			return "", 0
		}
	case "matches":
		if !p.nextIs("regex") {
			return "", 0
		}
		return "matches regex", prec
	}
	return t.Value, prec
}

// nextIs reports whether the token after the next one is v.
func (p *exprParser) nextIs(v string) bool {
	cp := p.lex.MakeCheckpoint()
	defer p.lex.LoadCheckpoint(cp)
	p.next()
	return p.at(v)
}

// binaryRest parses the operator op and its right side after x.
func (p *exprParser) binaryRest(x Expr, op string, prec int) (Expr, error) {
	p.next()
	if op == "matches regex" {
		p.next()
	}
	switch {
	case listOps[op]:
		return p.inList(x, op)
	case op == "between" || op == "!between":
		return p.between(x, op == "!between")
	}
	y, err := p.binary(prec + 1)
	if err != nil {
		return nil, err
	}
	if y == nil {
		return nil, p.expected("an expression")
	}
	return &BinaryExpr{Span: Span{x.Pos(), y.End()}, X: x, Op: op, Y: y}, nil
}

// inList parses the `(List)` of a list operator.
func (p *exprParser) inList(x Expr, op string) (Expr, error) {
	if !p.at("(") {
		return nil, p.expected(`"(" and a list`)
	}
	p.next()
	if p.at(")") {
		return nil, p.expected("an expression")
	}
	list, end, err := p.exprList(")", p.pipe)
	if err != nil {
		return nil, err
	}
	return &InExpr{Span: Span{x.Pos(), end}, X: x, Op: op, List: list}, nil
}

// exprList parses `e, e, ...` up to and including the closing token.
// It returns the offset just past the closing token.
func (p *exprParser) exprList(closing string, elem func() (Expr, error)) ([]Expr, Pos, error) {
	var list []Expr
	if p.at(closing) {
		return nil, tokEnd(p.next()), nil
	}
	for {
		x, err := elem()
		if err != nil {
			return nil, 0, err
		}
		if x == nil {
			return nil, 0, p.expected("an expression")
		}
		list = append(list, x)
		if !p.at(",") {
			break
		}
		p.next()
	}
	if !p.at(closing) {
		return nil, 0, p.expected(`"," or ` + quote(closing))
	}
	return list, tokEnd(p.next()), nil
}

// between parses `(Lo .. Hi)` after between or !between.
func (p *exprParser) between(x Expr, not bool) (Expr, error) {
	if !p.at("(") {
		return nil, p.expected(`"(" and a range`)
	}
	p.next()
	lo, err := p.required(p.or)
	if err != nil {
		return nil, err
	}
	if _, err := p.expect(".."); err != nil {
		return nil, err
	}
	hi, err := p.required(p.or)
	if err != nil {
		return nil, err
	}
	end, err := p.expect(")")
	if err != nil {
		return nil, err
	}
	return &BetweenExpr{Span: Span{x.Pos(), end}, X: x, Not: not, Lo: lo, Hi: hi}, nil
}

// required runs parse and fails when no expression is there.
func (p *exprParser) required(parse func() (Expr, error)) (Expr, error) {
	x, err := parse()
	if err == nil && x == nil {
		err = p.expected("an expression")
	}
	return x, err
}

// unary parses a prefix sign or a postfix expression. As in Kusto, signs
// do not stack: - -1 is an error, -(-1) is not.
func (p *exprParser) unary() (Expr, error) {
	if !p.at("-") && !p.at("+") {
		return p.postfix()
	}
	t := p.next()
	x, err := p.required(p.postfix)
	if err != nil {
		return nil, err
	}
	return &UnaryExpr{Span: Span{Pos(t.Pos.Offset), x.End()}, Op: t.Value, X: x}, nil
}

// postfix parses a primary expression followed by member access,
// indexing and calls.
func (p *exprParser) postfix() (Expr, error) {
	x, err := p.primary()
	for x != nil && err == nil {
		switch {
		case p.at("."):
			x, err = p.selector(x)
		case p.at("["):
			x, err = p.index(x)
		case p.at("(") && isCallable(x):
			x, err = p.call(x)
		default:
			return x, nil
		}
	}
	return x, err
}

// isCallable reports whether x can name a function: a quoted name or a
// qualified one (plain names are called in name).
func isCallable(x Expr) bool {
	switch x.(type) {
	case *SelectorExpr, *Ident:
		return true
	}
	return false
}

// selector parses `.Name` after x.
func (p *exprParser) selector(x Expr) (Expr, error) {
	p.next()
	sel := p.nameIdent()
	if sel == nil {
		return nil, p.expected("a name after .")
	}
	return &SelectorExpr{Span: Span{x.Pos(), sel.End()}, X: x, Sel: sel}, nil
}

// index parses `[Index]` after x.
func (p *exprParser) index(x Expr) (Expr, error) {
	p.next()
	i, err := p.required(p.or)
	if err != nil {
		return nil, err
	}
	end, err := p.expect("]")
	if err != nil {
		return nil, err
	}
	return &IndexExpr{Span: Span{x.Pos(), end}, X: x, Index: i}, nil
}

// primary parses a name, literal, call or parenthesised expression.
func (p *exprParser) primary() (Expr, error) {
	t := p.peek()
	switch t.Type {
	case tokIdent:
		return p.name()
	case tokString:
		return p.stringLit(), nil
	case tokNumber, tokTimespan, tokTypedLit:
		return tokenLit(p.next()), nil
	case tokPunct:
		switch t.Value {
		case "(":
			return p.paren()
		case "*":
			return &Wildcard{Span: tokSpan(p.next()), Pattern: "*"}, nil
		case "[":
			if id := p.quotedName(); id != nil {
				return id, nil
			}
		}
	}
	return nil, nil
}

// name parses an identifier, a bool literal or a call.
func (p *exprParser) name() (Expr, error) {
	t := p.peek()
	if reserved[t.Value] {
		return nil, nil
	}
	if t.Value == "materialize" {
		// As in Kusto, materialize is a keyword that may only be a let
		// statement's whole value (letValue parses it there).
		return nil, &syntaxError{tok: *t, msg: "materialize(...) is allowed only as the whole value of a let statement"}
	}
	if p.nextIs("(") {
		switch t.Value {
		case "typeof":
			return p.typeOf()
		case "dynamic":
			return p.dynamic()
		case "datatable", "externaldata":
			// A table literal as an operand: invoke F(datatable(...)[...]).
			x, err := sourceRules[t.Value](p.lex)
			if err != nil {
				return nil, p.syncTo(err)
			}
			return x, nil
		}
		return p.call(identOf(p.next()))
	}
	p.next()
	if strings.EqualFold(t.Value, "true") || strings.EqualFold(t.Value, "false") {
		return &Lit{Span: tokSpan(t), Type: "bool", Value: t.Value}, nil
	}
	return identOf(t), nil
}

// call parses the argument list of a call of fun.
func (p *exprParser) call(fun Expr) (Expr, error) {
	p.next()
	arg := p.or
	if id, ok := fun.(*Ident); ok && tabularArgFuncs[id.Name] {
		arg = p.pipe
	}
	args, end, err := p.exprList(")", func() (Expr, error) { return p.arg(arg) })
	if err != nil {
		return nil, err
	}
	return &CallExpr{Span: Span{fun.Pos(), end}, Fun: fun, Args: args}, nil
}

// arg parses a call argument: `Name = X` or X.
func (p *exprParser) arg(parse func() (Expr, error)) (Expr, error) {
	cp := p.lex.MakeCheckpoint()
	name := p.nameIdent()
	if name == nil || !p.at("=") {
		p.lex.LoadCheckpoint(cp)
		return parse()
	}
	p.next()
	x, err := p.required(parse)
	if err != nil {
		return nil, err
	}
	return &NamedExpr{Span: Span{name.Pos(), x.End()}, Names: []*Ident{name}, X: x}, nil
}

// paren parses `(X)` where X may be tabular.
func (p *exprParser) paren() (Expr, error) {
	start := Pos(p.next().Pos.Offset)
	x, err := p.required(p.pipe)
	if err != nil {
		return nil, err
	}
	end, err := p.expect(")")
	if err != nil {
		return nil, err
	}
	return &ParenExpr{Span: Span{start, end}, X: x}, nil
}

// typeOf parses `typeof(Type)`.
func (p *exprParser) typeOf() (Expr, error) {
	start := Pos(p.next().Pos.Offset)
	p.next()
	parse := typeRule
	switch {
	case p.at("*") || p.columnAhead():
		parse = schemaRule
	case p.peek().Type != tokIdent && !p.at("("):
		return nil, p.expected("a type")
	}
	typ, err := parse(p.lex)
	if err != nil {
		return nil, p.syncTo(err)
	}
	end, err := p.expect(")")
	if err != nil {
		return nil, err
	}
	return &TypeOfExpr{Span: Span{start, end}, Type: typ}, nil
}

// columnAhead reports whether a column declaration `Name:` comes next.
func (p *exprParser) columnAhead() bool {
	cp := p.lex.MakeCheckpoint()
	defer p.lex.LoadCheckpoint(cp)
	return p.nameIdent() != nil && p.at(":")
}

// stringLit parses adjacent string literals, which concatenate.
func (p *exprParser) stringLit() Expr {
	first := p.next()
	lit := &Lit{Span: tokSpan(first), Type: "string"}
	lit.Value, lit.Obfuscated = decodeString(first.Value)
	if p.peek().Type != tokString {
		return lit
	}
	var b strings.Builder
	b.WriteString(lit.Value)
	for p.peek().Type == tokString {
		t := p.next()
		v, obf := decodeString(t.Value)
		b.WriteString(v)
		lit.Obfuscated = lit.Obfuscated || obf
		lit.To = tokEnd(t)
	}
	lit.Value = b.String()
	return lit
}

// dynamic parses `dynamic(Value)`.
func (p *exprParser) dynamic() (Expr, error) {
	start := Pos(p.next().Pos.Offset)
	p.next()
	x, err := p.jsonValue()
	if err != nil {
		return nil, err
	}
	end, err := p.expect(")")
	if err != nil {
		return nil, err
	}
	return &DynamicLit{Span: Span{start, end}, X: x}, nil
}

// jsonValue parses a value inside a dynamic literal.
func (p *exprParser) jsonValue() (Expr, error) {
	t := p.peek()
	switch {
	case p.at("["):
		return p.jsonArray()
	case p.at("{"):
		return p.jsonBag()
	case p.at("-"):
		// Kusto takes a minus only before a number: -1, -1.5, -real(1).
		p.next()
		if n := p.peek(); n.Type != tokNumber && (n.Type != tokTypedLit || !jsonSignedLits[typedLitWord(n.Value)]) {
			return nil, p.expected("a number")
		}
		x := tokenLit(p.next())
		return &UnaryExpr{Span: Span{Pos(t.Pos.Offset), x.End()}, Op: t.Value, X: x}, nil
	case t.Type == tokString:
		return p.stringLit(), nil
	case t.Type == tokTypedLit && !jsonTypedLits[typedLitWord(t.Value)]:
		return nil, p.expected("a dynamic value")
	case t.Type == tokNumber || t.Type == tokTimespan || t.Type == tokTypedLit:
		lit := tokenLit(p.next())
		if lit.Value == "null" { // long(null) in a dynamic value is the null
			lit.Type = "dynamic"
		}
		return lit, nil
	case t.Type == tokIdent && t.Value == "null":
		return &Lit{Span: tokSpan(p.next()), Type: "dynamic", Value: "null"}, nil
	case t.Type == tokIdent && t.Value == "dynamic" && p.nextIs("("):
		return p.dynamic() // dynamic({'a': dynamic({})}): Kusto takes a nested literal
	case t.Type == tokIdent && (strings.EqualFold(t.Value, "true") || strings.EqualFold(t.Value, "false")):
		return &Lit{Span: tokSpan(p.next()), Type: "bool", Value: t.Value}, nil
	}
	return nil, p.expected("a dynamic value")
}

// jsonTypedLits are the typed literals Kusto accepts inside a dynamic
// literal (int(...) and boolean(...) are not among them), and
// jsonSignedLits those of them that may follow a minus.
var (
	jsonTypedLits = map[string]bool{
		"long": true, "real": true, "double": true, "decimal": true, "bool": true,
		"datetime": true, "date": true, "timespan": true, "time": true, "guid": true,
	}
	jsonSignedLits = map[string]bool{"long": true, "real": true, "double": true, "decimal": true}
)

// typedLitWord returns the type name of a typed literal's text.
func typedLitWord(lit string) string {
	word, _, _ := strings.Cut(lit, "(")
	return word
}

// jsonArray parses `[v, ...]`.
func (p *exprParser) jsonArray() (Expr, error) {
	start := Pos(p.next().Pos.Offset)
	elems, end, err := p.exprList("]", p.jsonValue)
	if err != nil {
		return nil, err
	}
	return &ArrayLit{Span: Span{start, end}, Elems: elems}, nil
}

// jsonBag parses `{"k": v, ...}`.
func (p *exprParser) jsonBag() (Expr, error) {
	bag := &BagLit{Span: Span{From: Pos(p.next().Pos.Offset)}}
	for !p.at("}") {
		if len(bag.Keys) > 0 {
			if !p.at(",") {
				return nil, p.expected(`"," or "}"`)
			}
			p.next()
		}
		if p.peek().Type != tokString {
			return nil, p.expected("a property name")
		}
		key, _ := decodeString(p.next().Value)
		if _, err := p.expect(":"); err != nil {
			return nil, err
		}
		v, err := p.jsonValue()
		if err != nil {
			return nil, err
		}
		bag.Keys = append(bag.Keys, key)
		bag.Values = append(bag.Values, v)
	}
	bag.To = tokEnd(p.next())
	return bag, nil
}

// assignedNames consumes `Name =` or `(N1, N2) =` when it comes next.
func (p *exprParser) assignedNames() []*Ident {
	cp := p.lex.MakeCheckpoint()
	if t := p.peek(); t.Type != tokIdent || !reserved[t.Value] {
		if id := p.nameIdent(); id != nil {
			if p.at("=") {
				p.next()
				return []*Ident{id}
			}
			p.lex.LoadCheckpoint(cp)
		}
	}
	if !p.at("(") {
		return nil
	}
	p.next()
	var names []*Ident
	for {
		id := p.nameIdent()
		if id == nil {
			break
		}
		names = append(names, id)
		if !p.at(",") {
			break
		}
		p.next()
	}
	if len(names) > 0 && p.at(")") {
		p.next()
		if p.at("=") {
			p.next()
			return names
		}
	}
	p.lex.LoadCheckpoint(cp)
	return nil
}

// dottedName consumes a name such as kind or hint.strategy; it returns ""
// and consumes nothing when no name comes next.
func (p *exprParser) dottedName() string {
	if p.peek().Type != tokIdent {
		return ""
	}
	name := p.next().Value
	for p.at(".") {
		cp := p.lex.MakeCheckpoint()
		p.next()
		if p.peek().Type != tokIdent {
			p.lex.LoadCheckpoint(cp)
			break
		}
		name += "." + p.next().Value
	}
	return name
}

// optionValue parses the one-token value of an operator option.
func (p *exprParser) optionValue() Expr {
	t := p.peek()
	switch t.Type {
	case tokIdent:
		if strings.EqualFold(t.Value, "true") || strings.EqualFold(t.Value, "false") {
			return &Lit{Span: tokSpan(p.next()), Type: "bool", Value: t.Value}
		}
		return identOf(p.next())
	case tokString:
		return p.stringLit()
	case tokNumber, tokTimespan, tokTypedLit:
		return tokenLit(p.next())
	}
	return nil
}

// optionList parses the value of a with-property: an expression, or a
// list of them (`ycolumns = a, b`) up to the next `Name =`.
func (p *exprParser) optionList() (Expr, error) {
	x, err := p.required(p.or)
	if err != nil {
		return nil, err
	}
	list := &ListExpr{Elems: []Expr{x}}
	for p.at(",") && !p.propertyAhead() {
		p.next()
		y, err := p.required(p.or)
		if err != nil {
			return nil, err
		}
		list.Elems = append(list.Elems, y)
	}
	if len(list.Elems) == 1 {
		return x, nil
	}
	list.Span = Span{x.Pos(), list.Elems[len(list.Elems)-1].End()}
	return list, nil
}

// propertyAhead reports whether the comma at the next token starts
// another `Name =` property.
func (p *exprParser) propertyAhead() bool {
	cp := p.lex.MakeCheckpoint()
	defer p.lex.LoadCheckpoint(cp)
	p.next()
	return p.dottedName() != "" && p.at("=")
}

// wildcard consumes a name pattern with `*` in it, written without
// spaces (Device*, *Id, *); otherwise it consumes nothing.
func (p *exprParser) wildcard() Expr {
	cp := p.lex.MakeCheckpoint()
	first := p.peek()
	var pattern strings.Builder
	end := first.Pos.Offset
	for t := first; isPatternPart(t) && t.Pos.Offset == end; t = p.peek() {
		pattern.WriteString(t.Value)
		end = int(tokEnd(p.next()))
	}
	if !strings.Contains(pattern.String(), "*") {
		p.lex.LoadCheckpoint(cp)
		return nil
	}
	return &Wildcard{Span: Span{Pos(first.Pos.Offset), Pos(end)}, Pattern: pattern.String()}
}

// isPatternPart reports whether a token can be part of a name pattern: a
// `*`, or a name or digits made of letters, digits and underscores.
func isPatternPart(t *lexer.Token) bool {
	if t.Type == tokPunct {
		return t.Value == "*"
	}
	if t.Type != tokIdent && t.Type != tokNumber {
		return false
	}
	for i := range len(t.Value) {
		if !isIdentPart(t.Value[i]) {
			return false
		}
	}
	return true
}

// funcAhead reports whether a function body starts at the next token.
func (p *exprParser) funcAhead() bool {
	cp := p.lex.MakeCheckpoint()
	defer p.lex.LoadCheckpoint(cp)
	if p.at("view") {
		p.next()
	}
	if !p.at("(") {
		return false
	}
	p.next()
	return p.at(")") || p.columnAhead()
}

// nameIdent consumes a plain or quoted name when one comes next.
func (p *exprParser) nameIdent() *Ident {
	if p.peek().Type == tokIdent {
		return identOf(p.next())
	}
	return p.quotedName()
}

// quotedName consumes a quoted name ['x y'] or ["x"] when one comes next.
func (p *exprParser) quotedName() *Ident {
	if !p.at("[") {
		return nil
	}
	cp := p.lex.MakeCheckpoint()
	open := p.next()
	s := p.peek()
	if s.Type == tokString && (s.Value[0] == '\'' || s.Value[0] == '"') {
		p.next()
		if p.at("]") {
			name, _ := decodeString(s.Value)
			return &Ident{Span: Span{Pos(open.Pos.Offset), tokEnd(p.next())}, Name: name}
		}
	}
	p.lex.LoadCheckpoint(cp)
	return nil
}

// ---------------------------------------------------------------------------
// Graph operators

// makeGraph is `make-graph Source --> Target [with_node_id=Name]
// [with Nodes on Key, ...] [partitioned-by Column (Sub)]`.
type makeGraph struct{ X *MakeGraphOp }

// Parse implements participle.Parseable.
func (m *makeGraph) Parse(lex *lexer.PeekingLexer) error {
	p := &exprParser{lex}
	if !p.at("make-graph") {
		return participle.NextMatch
	}
	op := &MakeGraphOp{}
	p.next()
	if op.Source = p.nameIdent(); op.Source == nil {
		return p.expected("a column name")
	}
	if !p.at("-") {
		return p.expected(`"-->" or "--"`)
	}
	end := tokEnd(p.next())
	if !p.glued("-", end) {
		return p.expected(`"-->" or "--"`)
	}
	end = tokEnd(p.next())
	if p.glued(">", end) {
		p.next()
		op.Directed = true
	}
	if op.Target = p.nameIdent(); op.Target == nil {
		return p.expected("a column name")
	}
	switch {
	case p.at("with_node_id"):
		var o option
		if err := o.parse(lex, func(name string) bool { return name == "with_node_id" }); err != nil {
			return p.expected(`"="`)
		}
		op.Options = append(op.Options, o.X)
	case p.at("with"):
		p.next()
		for {
			x, err := p.required(p.unary)
			if err != nil {
				return err
			}
			if _, err := p.expect("on"); err != nil {
				return err
			}
			key := p.nameIdent()
			if key == nil {
				return p.expected("a column name")
			}
			op.Nodes = append(op.Nodes, &GraphNodes{Span: Span{x.Pos(), key.End()}, Table: x, Key: key})
			if !p.at(",") {
				break
			}
			p.next()
		}
	}
	if p.at("partitioned-by") {
		p.next()
		if op.PartitionBy = p.nameIdent(); op.PartitionBy == nil {
			return p.expected("a column name")
		}
		if _, err := p.expect("("); err != nil {
			return err
		}
		sub, err := p.ops()
		if err != nil {
			return err
		}
		op.Sub = sub
		if _, err := p.expect(")"); err != nil {
			return err
		}
	}
	m.X = op
	return nil
}

// graphMatch is `graph-match [Options] Pattern, ... [where Pred]
// [project Columns]`, or the same with graph-shortest-paths.
type graphMatch struct{ X *GraphMatchOp }

// Parse implements participle.Parseable.
func (m *graphMatch) Parse(lex *lexer.PeekingLexer) error {
	p := &exprParser{lex}
	if !p.at("graph-match") && !p.at("graph-shortest-paths") {
		return participle.NextMatch
	}
	op := &GraphMatchOp{Shortest: p.at("graph-shortest-paths")}
	p.next()
	for {
		var o option
		err := o.parse(lex, func(name string) bool { return name == "cycles" || name == "output" || isHint(name) })
		if err == participle.NextMatch {
			break
		}
		if err != nil {
			return err
		}
		op.Options = append(op.Options, o.X)
	}
	for {
		pat, err := p.graphPattern()
		if err != nil {
			return err
		}
		op.Patterns = append(op.Patterns, pat)
		if !p.at(",") {
			break
		}
		p.next()
	}
	if p.at("where") {
		p.next()
		x, err := p.required(p.or)
		if err != nil {
			return err
		}
		op.Where = x
	}
	if p.at("project") {
		p.next()
		var cols namedList
		if err := cols.Parse(lex); err != nil {
			if err == participle.NextMatch {
				return p.expected("an expression")
			}
			return err
		}
		op.Project = cols.X
	}
	m.X = op
	return nil
}

// graphPattern parses a path pattern `(a)-[e]->(b)...`.
func (p *exprParser) graphPattern() (*GraphPattern, error) {
	pat := &GraphPattern{}
	for {
		n, err := p.graphNode()
		if err != nil {
			return nil, err
		}
		pat.Nodes = append(pat.Nodes, n)
		if !p.at("-") && !p.at("<") {
			break
		}
		e, err := p.graphEdge()
		if err != nil {
			return nil, err
		}
		pat.Edges = append(pat.Edges, e)
	}
	pat.Span = Span{pat.Nodes[0].Pos(), pat.Nodes[len(pat.Nodes)-1].End()}
	return pat, nil
}

// graphNode parses `(Name)` or `()`.
func (p *exprParser) graphNode() (*GraphNode, error) {
	if !p.at("(") {
		return nil, p.expected(`"(" and a node`)
	}
	n := &GraphNode{Span: Span{From: Pos(p.next().Pos.Offset)}}
	n.Name = p.nameIdent()
	end, err := p.expect(")")
	if err != nil {
		return nil, err
	}
	n.To = end
	return n, nil
}

// graphEdge parses an edge: `-[...]->`, `<-[...]-`, `-[...]-`, `-->`,
// `<--` or `--`.
func (p *exprParser) graphEdge() (*GraphEdge, error) {
	e := &GraphEdge{Span: Span{From: Pos(p.peek().Pos.Offset)}, Dir: "-"}
	end := e.From
	if p.at("<") {
		end = tokEnd(p.next())
		e.Dir = "<-"
	}
	// The arrow's pieces are written without spaces between them.
	if !p.glued("-", end) {
		return nil, p.expected(`"-"`)
	}
	end = tokEnd(p.next())
	if p.glued("[", end) {
		p.next()
		e.Name = p.nameIdent()
		if p.at("*") {
			p.next()
			var err error
			if e.Min, err = p.required(p.unary); err != nil {
				return nil, err
			}
			if _, err := p.expect(".."); err != nil {
				return nil, err
			}
			if e.Max, err = p.required(p.unary); err != nil {
				return nil, err
			}
		}
		var err error
		if end, err = p.expect("]"); err != nil {
			return nil, err
		}
	}
	if !p.glued("-", end) {
		return nil, p.expected(`"-"`)
	}
	end = tokEnd(p.next())
	if p.glued(">", end) {
		if e.Dir == "<-" {
			return nil, p.expected("a node")
		}
		end = tokEnd(p.next())
		e.Dir = "->"
	}
	e.To = end
	return e, nil
}

// glued reports whether the punctuation v comes next, right at offset end
// with no space before it.
func (p *exprParser) glued(v string, end Pos) bool {
	return p.at(v) && p.peek().Pos.Offset == int(end)
}
