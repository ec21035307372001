package kql

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// This file prints syntax trees back to KQL text. The printer is the wire
// format: the text it produces is what is sent to every tenant, so it must
// mean exactly what the tree means and nothing else, whoever built the tree.
//
//   - Parsing the output gives back the tree, ignoring spans; printing is
//     idempotent.
//   - Names that are not plain identifiers, or that are KQL keywords (see
//     [keywords]), are quoted as ['...'] with \ and ' escaped.
//   - String values are always printed as "..." with every quote,
//     backslash and non-printable character escaped, so no value can end
//     its literal early.
//   - Nothing taken from a node is printed unchecked. Where a hand-built
//     node holds text the printer cannot spell safely (a nil required
//     child, an unknown operator or type, a literal Value that does not
//     lex as its Type, ...) it prints an invalid token "#invalid ...#"
//     instead: the query then fails to parse rather than mean something
//     else. A datetime Value that is not in a safe spelling but parses as
//     a time (RFC 3339, time.Time.String(), ...) is reformatted as RFC 3339.

// Format returns the canonical KQL text of n: for a whole [*Query] its
// statements joined by ";\n", each pipeline operator on its own line
// starting with "| ", one space around binary operators, parentheses added
// where a tree built by hand needs them for precedence. Format of nil is "".
func Format(n Node) string {
	if isNil(n) {
		return ""
	}
	var p printer
	p.node(n)
	return p.b.String()
}

// invalid returns the token printed in place of something the printer
// cannot spell safely. It contains '#', which never lexes.
func invalid(what string) string { return "#invalid " + what + "#" }

// Precedence levels, lowest first, as in Kusto.Language: equality binds
// looser than the string and list operators, which bind looser than the
// relational ones. None of these three levels chains: a == b == c is an
// error, so the printer parenthesises an operand of the same level on
// either side.
const (
	precPipe       = iota // pipelines and operators used as expressions
	precOr                // or
	precAnd               // and
	precEquality          // == != <> in has_any ... between
	precString            // =~ !~ has, contains, ..., :
	precRelational        // < <= > >=
	precAdd               // + -
	precMul               // * / %
	precUnary             // unary - +
	precPostfix           // calls, selectors, indexing
	precPrimary           // names, literals, parentheses
)

// precChains reports whether operators of precedence q associate to the left.
func precChains(q int) bool {
	return q != precEquality && q != precString && q != precRelational
}

// printer accumulates the text of one Format call.
type printer struct {
	b      strings.Builder
	indent int // depth of the line being printed: 4 spaces each
}

func (p *printer) str(s string) { p.b.WriteString(s) }

// newline starts a new line at the given depth.
func (p *printer) newline(depth int) {
	p.b.WriteByte('\n')
	p.b.WriteString(strings.Repeat("    ", depth))
}

// nested runs f one level deeper: lines that f starts, such as the
// operators of a pipeline inside brackets, are indented once more.
func (p *printer) nested(f func()) {
	p.indent++
	f()
	p.indent--
}

// isNil reports whether n is nil or a nil pointer in an interface.
func isNil(n any) bool {
	if n == nil {
		return true
	}
	v := reflect.ValueOf(n)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// node prints any node.
func (p *printer) node(n Node) {
	switch n := n.(type) {
	case *Query:
		p.stmts(n.Stmts, ";\n")
	case Stmt:
		p.stmt(n)
	case Expr:
		p.expr(n, precPipe)
	case Op:
		p.op(n)
	case *Option:
		p.option(n)
	case *OrderExpr:
		p.orderExpr(n)
	case *Type:
		p.typ(n)
	case *ColumnDecl:
		p.columnDecl(n)
	case *MvItem:
		p.mvItem(n)
	case *TopNestedLevel:
		p.topNestedLevel(n)
	case *MakeSeriesAgg:
		p.makeSeriesAgg(n)
	case *ScanStep:
		p.scanStep(n)
	case *GraphNodes:
		p.graphNodes(n)
	case *GraphPattern:
		p.graphPattern(n)
	case *GraphNode:
		p.graphNode(n)
	case *GraphEdge:
		p.graphEdge(n)
	default:
		p.str(invalid(fmt.Sprintf("node %T", n)))
	}
}

// ---------------------------------------------------------------------------
// Statements

func (p *printer) stmts(list []Stmt, sep string) {
	for i, s := range list {
		if i > 0 {
			p.str(sep)
		}
		p.stmt(s)
	}
}

func (p *printer) stmt(s Stmt) {
	if isNil(s) {
		p.str(invalid("nil Stmt"))
		return
	}
	switch s := s.(type) {
	case *LetStmt:
		p.str("let ")
		p.name(s.Name)
		p.str(" = ")
		p.expr(s.Value, precPipe)
	case *DeclareStmt:
		p.str("declare query_parameters(")
		p.columnDecls(s.Params)
		p.str(")")
	case *SetStmt:
		p.str("set ")
		p.dottedName(s.Name)
		if !isNil(s.Value) {
			p.str(" = ")
			p.expr(s.Value, precPipe)
		}
	case *ExprStmt:
		p.expr(s.X, precPipe)
	default:
		p.str(invalid(fmt.Sprintf("statement %T", s)))
	}
}

// ---------------------------------------------------------------------------
// Names

// keywords lists the words that are printed quoted (['where']) when used
// as names: KQL's operator names, query keywords, operator words and type
// names, which a parser reading them bare could take for syntax.
// Function names in calls and option values are printed bare whenever
// they are plain identifiers, since no keyword can be ambiguous there.
var keywords = setOf(
	// logical and string operators
	"and", "or", "not", "in", "between", "matches", "regex", "like",
	"notlike", "likecs", "notlikecs",
	"has", "has_cs", "hasprefix", "hasprefix_cs", "hassuffix",
	"hassuffix_cs", "contains", "contains_cs", "notcontains",
	"notcontainscs", "containscs", "startswith", "startswith_cs",
	"endswith", "endswith_cs", "has_any", "has_all",
	// operator and clause words
	"by", "on", "with", "of", "from", "to", "step", "kind", "asc", "desc",
	"nulls", "first", "last", "limit", "as", "declare", "let", "set",
	"view", "query_parameters", "others", "granny-asc", "granny-desc",
	"where", "filter", "project", "extend", "summarize", "join", "lookup",
	"union", "sort", "order", "top", "take", "distinct", "count",
	"print", "range", "datatable", "externaldata", "evaluate", "invoke",
	"render", "parse", "serialize", "getschema", "sample", "search",
	"find", "facet", "fork", "partition", "scan", "mvexpand", "mvapply",
	"typeof", "dynamic", "true", "false", "null",
	// type names
	"bool", "boolean", "datetime", "date", "decimal", "double", "dynamic",
	"guid", "int", "int64", "long", "real", "string", "time", "timespan",
	"uniqueid",
)

// literalWords are keywords in any letter case: TRUE and True lex as bool.
var literalWords = setOf("true", "false", "null")

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

var (
	dottedNameRx = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_]*(\.[A-Za-z_$][A-Za-z0-9_]*)*$`)
	wildcardRx   = regexp.MustCompile(`^[A-Za-z0-9_]*\*[A-Za-z0-9_*]*$`)
)

// isPlainIdent reports whether s is a plain identifier: a letter or _,
// then letters, digits and _.
func isPlainIdent(s string) bool {
	if s == "" || isDigit(s[0]) {
		return false
	}
	return identChars(s)
}

// isDollarName reports whether s is a $ name such as $left.
func isDollarName(s string) bool {
	return strings.HasPrefix(s, "$") && isPlainIdent(s[1:])
}

// identChars reports whether s holds only ASCII letters, digits and _.
func identChars(s string) bool {
	for i := range len(s) {
		if !isIdentPart(s[i]) {
			return false
		}
	}
	return true
}

// lexesAsName reports whether s lexes as exactly one name token.
func lexesAsName(s string) bool {
	if isPlainIdent(s) {
		return true
	}
	if s == "" || !safeValue(s) {
		return false
	}
	toks, err := lexAll(s)
	return err == nil && len(toks) == 2 && toks[0].Type == tokIdent && toks[0].Value == s
}

// needsQuote reports whether name must be printed as ['name'].
func needsQuote(name string) bool {
	if isDollarName(name) {
		return false // $left, $right, $table
	}
	return !isPlainIdent(name) || keywords[name] || literalWords[strings.ToLower(name)]
}

// QuoteName returns name as KQL spells it where a column or table name is
// expected: bare when it is a plain identifier that is not a keyword, or
// a $ name such as $left, otherwise quoted as ['...'] with quotes,
// backslashes and non-printable characters escaped.
func QuoteName(name string) string {
	if needsQuote(name) {
		return "['" + escape(name, '\'') + "']"
	}
	return name
}

// name prints an identifier used as a name.
func (p *printer) name(id *Ident) {
	if id == nil {
		p.str(invalid("nil Ident"))
		return
	}
	p.str(QuoteName(id.Name))
}

// bareName prints an identifier bare when it lexes as one name, even a
// keyword: for option values and function names.
func (p *printer) bareName(id *Ident) {
	if id != nil && lexesAsName(id.Name) {
		p.str(id.Name)
		return
	}
	p.name(id)
}

// dottedName prints an option or set name such as hint.strategy.
func (p *printer) dottedName(s string) {
	if !dottedNameRx.MatchString(s) {
		p.str(invalid("option name"))
		return
	}
	p.str(s)
}

// ---------------------------------------------------------------------------
// Literals

// QuoteString returns s as a double-quoted KQL string literal whose value
// is exactly s: backslashes, double quotes, \n, \r, \t and every other
// control or non-printable character up to U+FFFF are escaped (\uXXXX), so
// the literal cannot end early whatever s holds. Invalid UTF-8 bytes become
// \ufffd, so that the text is valid UTF-8.
func QuoteString(s string) string { return `"` + escape(s, '"') + `"` }

// escape escapes s for a KQL string literal delimited by quote.
func escape(s string, quote rune) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\ufffd`)
		case r == '\\' || r == quote:
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == ' ' || r > 0xFFFF || (unicode.IsPrint(r) && r != utf8.RuneError):
			// Runes past U+FFFF are written as they are: \u escapes
			// only reach U+FFFF, and their UTF-8 bytes are all
			// non-ASCII, so they cannot end the literal.
			b.WriteRune(r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

// timeLayouts are the layouts a datetime Value that does not lex is tried
// with; one that parses is printed reformatted as RFC 3339.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999 -0700 MST", // time.Time.String
	"2006-01-02 15:04:05.999999999 -0700",
	time.RFC1123Z,
	time.RFC1123,
}

// lit prints a literal; inDynamic selects the JSON-like spelling of null
// used inside dynamic(...).
func (p *printer) lit(l *Lit, inDynamic bool) {
	p.str(litText(l, inDynamic))
}

// litText spells a literal. A non-string literal is printed bare when its
// Value alone lexes back to it (42, 1.5, 1h), otherwise as Type(Value)
// (int(42), real(1), datetime(2024-01-01)), but only when that text lexes
// as exactly one literal token with the same Type and Value: a Value
// holding ")" or anything else that would end the literal can never be
// printed, whoever built the tree.
func litText(l *Lit, inDynamic bool) string {
	switch {
	case l.Type == "string" && l.Obfuscated:
		return "h" + QuoteString(l.Value)
	case l.Type == "string":
		return QuoteString(l.Value)
	case l.Value == "null" && inDynamic:
		return "null"
	case l.Value == "null" && l.Type == "dynamic":
		return "dynamic(null)"
	case l.Type == "bool" && (l.Value == "true" || l.Value == "false"):
		return l.Value
	}
	if safeValue(l.Value) {
		if lexesAs(l.Value, l.Type, l.Value) {
			return l.Value
		}
		if text := l.Type + "(" + l.Value + ")"; lexesAs(text, l.Type, l.Value) {
			return text
		}
	}
	if l.Type == "datetime" {
		for _, layout := range timeLayouts {
			if t, err := time.Parse(layout, l.Value); err == nil {
				v := t.UTC().Format(time.RFC3339Nano)
				if text := "datetime(" + v + ")"; lexesAs(text, "datetime", v) {
					return text
				}
			}
		}
	}
	if isPlainIdent(l.Type) {
		return invalid(l.Type + " Lit")
	}
	return invalid("Lit")
}

// safeValue reports whether v, the text of a non-string literal, is free of
// brackets and control characters: a first check, before lexing, that it
// cannot end a typename(...) literal.
func safeValue(v string) bool {
	return !strings.ContainsFunc(v, func(r rune) bool {
		return r == '(' || r == ')' || r < ' ' || r == 0x7f
	})
}

// lexesAs reports whether text is exactly one literal token that reads as
// a Lit of type typ and value v.
func lexesAs(text, typ, v string) bool {
	toks, err := lexAll(text)
	if err != nil || len(toks) != 2 || toks[0].Pos.Offset != 0 || len(toks[0].Value) != len(text) {
		return false
	}
	switch toks[0].Type {
	case tokNumber, tokTimespan, tokTypedLit:
	default:
		return false
	}
	got := tokenLit(&toks[0])
	return got.Type == typ && got.Value == v
}

// dynamic prints the content of a dynamic literal.
func (p *printer) dynamic(x Expr) {
	switch x := x.(type) {
	case *Lit:
		if x != nil {
			p.lit(x, true)
			return
		}
	case *ArrayLit:
		if x != nil {
			p.str("[")
			for i, e := range x.Elems {
				p.sep(i, ", ")
				p.dynamic(e)
			}
			p.str("]")
			return
		}
	case *BagLit:
		if x != nil {
			p.bag(x)
			return
		}
	case *UnaryExpr:
		if x != nil && unaryOps[x.Op] {
			// A sign inside dynamic(...) cannot take parentheses.
			p.str(x.Op)
			if _, ok := x.X.(*UnaryExpr); ok {
				p.str(" ")
			}
			p.dynamic(x.X)
			return
		}
	}
	p.expr(x, precPipe)
}

func (p *printer) bag(x *BagLit) {
	if len(x.Keys) != len(x.Values) {
		p.str(invalid("BagLit"))
		return
	}
	p.str("{")
	for i, k := range x.Keys {
		p.sep(i, ", ")
		p.str(QuoteString(k))
		p.str(": ")
		p.dynamic(x.Values[i])
	}
	p.str("}")
}

func (p *printer) sep(i int, s string) {
	if i > 0 {
		p.str(s)
	}
}

// ---------------------------------------------------------------------------
// Expressions

// binaryOps maps every binary operator to its precedence.
var binaryOps = func() map[string]int {
	m := map[string]int{
		"or": precOr, "and": precAnd,
		"==": precEquality, "!=": precEquality, "<>": precEquality, "=~": precString, "!~": precString,
		"<": precRelational, "<=": precRelational, ">": precRelational, ">=": precRelational,
		"+": precAdd, "-": precAdd,
		"*": precMul, "/": precMul, "%": precMul,
	}
	for _, op := range []string{
		":", "matches regex", "notcontains", "notcontainscs", "containscs",
		"like", "notlike", "likecs", "notlikecs",
	} {
		m[op] = precString
	}
	for _, base := range []string{"has", "hasprefix", "hassuffix", "contains", "startswith", "endswith"} {
		for _, op := range []string{base, "!" + base, base + "_cs", "!" + base + "_cs"} {
			m[op] = precString
		}
	}
	return m
}()

var (
	unaryOps = setOf("-", "+")
	inOps    = setOf("in", "!in", "in~", "!in~", "has_any", "has_all")
)

// prec returns the precedence of x: the loosest operator at its top.
func prec(x Expr) int {
	switch x := x.(type) {
	case *BinaryExpr:
		if q, ok := binaryOps[x.Op]; ok {
			return q
		}
		return precPrimary // printed as an invalid token
	case *InExpr, *BetweenExpr:
		return precEquality
	case *UnaryExpr:
		return precUnary
	case *CallExpr, *SelectorExpr, *IndexExpr:
		return precPostfix
	case *PipeExpr, *UnionOp, *PrintOp, *RangeOp, *SearchOp, *FindOp,
		*EvaluateOp, *FuncExpr, *NamedExpr, *ListExpr:
		return precPipe
	}
	return precPrimary
}

// expr prints x, in parentheses when its precedence is below min.
func (p *printer) expr(x Expr, min int) {
	if isNil(x) {
		p.str(invalid("nil Expr"))
		return
	}
	if prec(x) < min {
		p.parens(x)
		return
	}
	switch x := x.(type) {
	case *Ident:
		p.name(x)
	case *Lit:
		p.lit(x, false)
	case *DynamicLit:
		p.str("dynamic(")
		p.dynamic(x.X)
		p.str(")")
	case *ArrayLit, *BagLit:
		p.dynamic(x)
	case *BinaryExpr:
		p.binary(x)
	case *UnaryExpr:
		p.unary(x)
	case *InExpr:
		p.in(x)
	case *BetweenExpr:
		p.between(x)
	case *CallExpr:
		p.call(x)
	case *SelectorExpr:
		p.selector(x)
	case *IndexExpr:
		p.postfixOperand(x.X)
		p.str("[")
		p.expr(x.Index, precPipe)
		p.str("]")
	case *ParenExpr:
		p.parens(x.X)
	case *Wildcard:
		p.wildcard(x)
	case *TypeOfExpr:
		p.typeOf(x.Type)
	case *NamedExpr:
		p.namedExpr(x)
	case *ListExpr:
		p.exprs(x.Elems)
	case *FuncExpr:
		p.funcExpr(x)
	case *PipeExpr:
		p.pipe(x)
	case *DatatableExpr:
		p.datatable(x)
	case *ExternalDataExpr:
		p.externalData(x)
	case Op:
		p.op(x)
	default:
		p.str(invalid(fmt.Sprintf("expression %T", x)))
	}
}

// parens prints x in parentheses.
func (p *printer) parens(x Expr) {
	p.str("(")
	p.nested(func() { p.expr(x, precPipe) })
	p.str(")")
}

// exprs prints a comma-separated list of full expressions.
func (p *printer) exprs(list []Expr) {
	for i, x := range list {
		p.sep(i, ", ")
		p.expr(x, precPipe)
	}
}

func (p *printer) binary(x *BinaryExpr) {
	q := binaryOps[x.Op]
	if q == 0 {
		p.str(invalid("BinaryExpr.Op"))
		return
	}
	left := q
	if !precChains(q) {
		left = q + 1
	}
	p.operand(x.X, left, q)
	p.str(" " + x.Op + " ")
	p.operand(x.Y, q+1, q)
}

// operand prints an operand of a binary operator of precedence q. KQL
// reads an in or between expression as an operand of a comparison only
// in parentheses (a in (1) == true is an error), so these get them
// whatever their precedence.
func (p *printer) operand(x Expr, min, q int) {
	switch x.(type) {
	case *InExpr, *BetweenExpr:
		if !precChains(q) {
			min = precPrimary
		}
	}
	p.expr(x, min)
}

func (p *printer) unary(x *UnaryExpr) {
	if !unaryOps[x.Op] {
		p.str(invalid("UnaryExpr.Op"))
		return
	}
	p.str(x.Op)
	p.expr(x.X, precPostfix) // KQL rejects - -1
}

func (p *printer) in(x *InExpr) {
	if !inOps[x.Op] {
		p.str(invalid("InExpr.Op"))
		return
	}
	p.expr(x.X, precEquality+1)
	p.str(" " + x.Op + " (")
	p.nested(func() { p.exprs(x.List) })
	p.str(")")
}

func (p *printer) between(x *BetweenExpr) {
	p.expr(x.X, precEquality+1)
	if x.Not {
		p.str(" !between (")
	} else {
		p.str(" between (")
	}
	p.expr(x.Lo, precPipe)
	p.str(" .. ")
	p.expr(x.Hi, precPipe)
	p.str(")")
}

func (p *printer) call(x *CallExpr) {
	if id, ok := x.Fun.(*Ident); ok {
		p.bareName(id) // KQL reads any word before ( as a function name
		if id != nil && typedLitWords[id.Name] {
			p.str(" ") // long(0) would be a literal, not a call
		}
	} else {
		p.postfixOperand(x.Fun)
	}
	p.str("(")
	p.nested(func() { p.args(x.Args) })
	p.str(")")
}

// args prints call arguments. A named argument's name is printed bare when
// it lexes as one name, even a keyword: f(not = 1).
func (p *printer) args(list []Expr) {
	for i, x := range list {
		p.sep(i, ", ")
		if n, ok := x.(*NamedExpr); ok && n != nil && len(n.Names) == 1 {
			p.bareName(n.Names[0])
			p.str(" = ")
			p.expr(n.X, precPipe)
			continue
		}
		p.expr(x, precPipe)
	}
}

func (p *printer) selector(x *SelectorExpr) {
	p.postfixOperand(x.X)
	p.str(".")
	p.name(x.Sel)
}

// postfixOperand prints the operand of a call, selector or index, in
// parentheses unless it binds tighter; a bare number is parenthesised too
// so that its digits and the dot do not lex as one real.
func (p *printer) postfixOperand(x Expr) {
	if l, ok := x.(*Lit); ok && l != nil && l.Type != "string" {
		p.str("(")
		p.lit(l, false)
		p.str(")")
		return
	}
	p.expr(x, precPostfix)
}

func (p *printer) wildcard(x *Wildcard) {
	if !wildcardRx.MatchString(x.Pattern) {
		p.str(invalid("Wildcard.Pattern"))
		return
	}
	p.str(x.Pattern)
}

func (p *printer) namedExpr(x *NamedExpr) {
	if x == nil {
		p.str(invalid("nil NamedExpr"))
		return
	}
	switch len(x.Names) {
	case 0:
	case 1:
		p.name(x.Names[0])
		p.str(" = ")
	default:
		p.str("(")
		p.names(x.Names)
		p.str(") = ")
	}
	p.expr(x.X, precPipe)
}

func (p *printer) names(list []*Ident) {
	for i, id := range list {
		p.sep(i, ", ")
		p.name(id)
	}
}

func (p *printer) namedExprs(list []*NamedExpr) {
	for i, x := range list {
		p.sep(i, ", ")
		p.namedExpr(x)
	}
}

func (p *printer) funcExpr(x *FuncExpr) {
	if x.View {
		p.str("view ")
	}
	p.str("(")
	p.columnDecls(x.Params)
	p.str(") {")
	p.nested(func() {
		for i, s := range x.Body {
			p.sep(i, ";")
			p.newline(p.indent)
			p.stmt(s)
		}
	})
	p.newline(p.indent)
	p.str("}")
}

// typ prints a scalar type name or a tabular schema.
func (p *printer) typ(t *Type) {
	if t == nil {
		p.str(invalid("nil Type"))
		return
	}
	if t.Name != "" {
		if !isPlainIdent(t.Name) {
			p.str(invalid("Type.Name"))
			return
		}
		p.str(t.Name)
		return
	}
	p.str("(")
	p.schema(t)
	p.str(")")
}

// schema prints the columns of a tabular schema, a leading * first.
func (p *printer) schema(t *Type) {
	if t.Star {
		p.str("*")
		if len(t.Columns) > 0 {
			p.str(", ")
		}
	}
	p.columnDecls(t.Columns)
}

// typeOf prints typeof(T); a schema goes without parentheses of its own:
// typeof(*, a:string).
func (p *printer) typeOf(t *Type) {
	p.str("typeof(")
	if t != nil && t.Name == "" {
		p.schema(t)
	} else {
		p.typ(t)
	}
	p.str(")")
}

func (p *printer) columnDecl(c *ColumnDecl) {
	if c == nil {
		p.str(invalid("nil ColumnDecl"))
		return
	}
	p.name(c.Name)
	if c.Type != nil {
		p.str(":")
		p.typ(c.Type)
	}
	if !isNil(c.Default) {
		p.str(" = ")
		p.expr(c.Default, precPipe)
	}
}

func (p *printer) columnDecls(list []*ColumnDecl) {
	for i, c := range list {
		p.sep(i, ", ")
		p.columnDecl(c)
	}
}

// ---------------------------------------------------------------------------
// Tabular expressions

// pipe prints a pipeline, one operator a line. Pipelines nested inside it
// are indented one level deeper.
func (p *printer) pipe(x *PipeExpr) {
	if !isNil(x.Source) {
		if _, nested := x.Source.(*PipeExpr); nested {
			p.parens(x.Source)
		} else {
			p.expr(x.Source, precPipe)
		}
	}
	for i, op := range x.Ops {
		if i > 0 || !isNil(x.Source) {
			p.newline(p.indent)
			p.str("| ")
		}
		p.op(op)
	}
	if len(x.Ops) == 0 && isNil(x.Source) {
		p.str(invalid("empty PipeExpr"))
	}
}

// tabular prints a tabular operand that must be a single term (join's
// right side, union's tables): in parentheses unless it is a name, call or
// literal table.
func (p *printer) tabular(x Expr) {
	p.expr(x, precPostfix)
}

// sub prints a sub-query in the brackets open and close unless it is
// already a ParenExpr and the brackets are parentheses.
func (p *printer) sub(x Expr, open, close string) {
	if _, ok := x.(*ParenExpr); ok && open == "(" {
		p.expr(x, precPipe)
		return
	}
	p.str(open)
	p.nested(func() { p.expr(x, precPipe) })
	p.str(close)
}

func (p *printer) datatable(x *DatatableExpr) {
	p.str("datatable")
	if len(x.Options) > 0 {
		p.options(x.Options)
		p.str(" ")
	}
	p.typ(x.Schema)
	p.str(" [")
	cols := 0
	if x.Schema != nil {
		cols = len(x.Schema.Columns)
	}
	if cols == 0 || len(x.Values) <= cols {
		p.exprs(x.Values)
		p.str("]")
		return
	}
	for i, v := range x.Values {
		if i%cols == 0 {
			if i > 0 {
				p.str(",")
			}
			p.newline(p.indent + 1)
		} else {
			p.str(", ")
		}
		p.nested(func() { p.expr(v, precPipe) })
	}
	p.newline(p.indent)
	p.str("]")
}

func (p *printer) externalData(x *ExternalDataExpr) {
	p.str("externaldata")
	p.typ(x.Schema)
	p.str(" [")
	p.exprs(x.URIs)
	p.str("]")
	p.withOptions(x.With)
}

// ---------------------------------------------------------------------------
// Options and clauses

func (p *printer) option(o *Option) {
	if o == nil {
		p.str(invalid("nil Option"))
		return
	}
	p.dottedName(o.Name)
	p.str("=")
	p.optionValue(o.Value)
}

func (p *printer) optionValue(v Expr) {
	switch v := v.(type) {
	case *Ident:
		p.bareName(v)
	case *ListExpr:
		if v != nil {
			for i, e := range v.Elems {
				p.sep(i, ", ")
				p.optionValue(e)
			}
			return
		}
		p.str(invalid("nil ListExpr"))
	default:
		p.expr(v, precUnary)
	}
}

// options prints operator options, each preceded by a space.
func (p *printer) options(list []*Option) {
	for _, o := range list {
		p.str(" ")
		p.option(o)
	}
}

// withOptions prints ` with (a=1, b=2)` unless list is empty.
func (p *printer) withOptions(list []*Option) {
	if len(list) == 0 {
		return
	}
	p.str(" with (")
	for i, o := range list {
		p.sep(i, ", ")
		p.option(o)
	}
	p.str(")")
}

var (
	orders = setOf("", "asc", "desc")
	nulls  = setOf("", "first", "last")
)

func (p *printer) orderExpr(o *OrderExpr) {
	if o == nil {
		p.str(invalid("nil OrderExpr"))
		return
	}
	p.expr(o.X, precPipe)
	if !orders[o.Order] && o.Order != "granny-asc" && o.Order != "granny-desc" {
		p.str(" " + invalid("OrderExpr.Order"))
	} else if o.Order != "" {
		p.str(" " + o.Order)
	}
	if !nulls[o.Nulls] {
		p.str(" " + invalid("OrderExpr.Nulls"))
	} else if o.Nulls != "" {
		p.str(" nulls " + o.Nulls)
	}
}

func (p *printer) orderExprs(list []*OrderExpr) {
	for i, o := range list {
		p.sep(i, ", ")
		p.orderExpr(o)
	}
}

func (p *printer) mvItem(m *MvItem) {
	if m == nil {
		p.str(invalid("nil MvItem"))
		return
	}
	if m.Name != nil {
		p.name(m.Name)
		p.str(" = ")
	}
	p.expr(m.X, precPipe)
	if m.ToType != nil {
		p.str(" to ")
		p.typeOf(m.ToType)
	}
}

func (p *printer) mvItems(list []*MvItem, limit Expr) {
	for i, m := range list {
		p.sep(i, ", ")
		p.mvItem(m)
	}
	if !isNil(limit) {
		p.str(" limit ")
		p.expr(limit, precPipe)
	}
}

func (p *printer) topNestedLevel(l *TopNestedLevel) {
	if l == nil {
		p.str(invalid("nil TopNestedLevel"))
		return
	}
	p.str("top-nested")
	if !isNil(l.Count) {
		p.str(" ")
		p.expr(l.Count, precPipe)
	}
	p.str(" of ")
	p.namedExpr(l.Of)
	if !isNil(l.Others) {
		p.str(" with others = ")
		p.expr(l.Others, precPipe)
	}
	p.str(" by ")
	p.namedExpr(l.By)
	p.order(l.Order)
}

// order prints a trailing asc or desc.
func (p *printer) order(o string) {
	switch o {
	case "":
	case "asc", "desc":
		p.str(" " + o)
	default:
		p.str(" " + invalid("order"))
	}
}

func (p *printer) makeSeriesAgg(a *MakeSeriesAgg) {
	if a == nil {
		p.str(invalid("nil MakeSeriesAgg"))
		return
	}
	if a.Name != nil {
		p.name(a.Name)
		p.str(" = ")
	}
	p.expr(a.Agg, precPipe)
	if !isNil(a.Default) {
		p.str(" default = ")
		p.expr(a.Default, precPipe)
	}
}

func (p *printer) scanStep(s *ScanStep) {
	if s == nil {
		p.str(invalid("nil ScanStep"))
		return
	}
	p.str("step ")
	p.name(s.Name)
	p.options(s.Options)
	p.str(": ")
	p.expr(s.Pred, precPipe)
	if len(s.Assigns) > 0 {
		p.str(" => ")
		p.namedExprs(s.Assigns)
	}
	p.str(";")
}

// ---------------------------------------------------------------------------
// Operators

// op prints a tabular operator.
func (p *printer) op(o Op) {
	if isNil(o) {
		p.str(invalid("nil Op"))
		return
	}
	switch o := o.(type) {
	case *WhereOp:
		p.str("where ")
		p.expr(o.Pred, precPipe)
	case *ProjectOp:
		p.columnsOp("project", o.Columns)
	case *ProjectAwayOp:
		p.str("project-away ")
		p.exprs(o.Columns)
	case *ProjectKeepOp:
		p.str("project-keep ")
		p.exprs(o.Columns)
	case *ProjectRenameOp:
		p.columnsOp("project-rename", o.Columns)
	case *ProjectReorderOp:
		p.str("project-reorder ")
		p.orderExprs(o.Columns)
	case *ExtendOp:
		p.columnsOp("extend", o.Columns)
	case *SummarizeOp:
		p.summarize(o)
	case *JoinOp:
		p.join("join", o.Options, o.Right, o.On)
	case *LookupOp:
		p.join("lookup", o.Options, o.Right, o.On)
	case *UnionOp:
		p.str("union")
		p.options(o.Options)
		p.str(" ")
		p.tables(o.Tables)
	case *SortOp:
		p.str("sort")
		p.options(o.Options)
		p.str(" by ")
		p.orderExprs(o.By)
	case *TopOp:
		p.str("top")
		p.options(o.Options)
		p.str(" ")
		p.expr(o.Count, precPipe)
		p.str(" by ")
		p.orderExprs(o.By)
	case *TopNestedOp:
		p.topNested(o)
	case *TakeOp:
		p.str("take")
		p.options(o.Options)
		p.str(" ")
		p.expr(o.Count, precPipe)
	case *DistinctOp:
		p.str("distinct")
		p.options(o.Options)
		p.str(" ")
		p.exprs(o.Columns)
	case *CountOp:
		p.str("count")
		if o.Name != nil {
			p.str(" as ")
			p.name(o.Name)
		}
	case *MvExpandOp:
		p.str("mv-expand")
		p.options(o.Options)
		p.str(" ")
		p.mvItems(o.Items, o.Limit)
	case *MvApplyOp:
		p.str("mv-apply")
		p.options(o.Options)
		p.str(" ")
		p.mvItems(o.Items, o.Limit)
		p.str(" on ")
		p.sub(o.Sub, "(", ")")
	case *ParseOp:
		p.parse(o)
	case *ParseKvOp:
		p.str("parse-kv ")
		p.expr(o.X, precPipe)
		p.str(" as ")
		p.typ(o.Keys)
		p.withOptions(o.With)
	case *MakeSeriesOp:
		p.makeSeries(o)
	case *EvaluateOp:
		p.evaluate(o)
	case *InvokeOp:
		p.str("invoke ")
		p.expr(callOrNil(o.Call), precPipe)
	case *RenderOp:
		p.render(o)
	case *SerializeOp:
		p.str("serialize")
		if len(o.Columns) > 0 {
			p.str(" ")
			p.namedExprs(o.Columns)
		}
	case *AsOp:
		p.str("as")
		p.options(o.Options)
		p.str(" ")
		p.name(o.Name)
	case *GetSchemaOp:
		p.str("getschema")
	case *SampleOp:
		p.str("sample ")
		p.expr(o.Count, precPipe)
	case *SampleDistinctOp:
		p.str("sample-distinct ")
		p.expr(o.Count, precPipe)
		p.str(" of ")
		p.expr(o.Of, precPipe)
	case *SearchOp:
		p.search(o)
	case *FindOp:
		p.find(o)
	case *FacetOp:
		p.facet(o)
	case *ForkOp:
		p.fork(o)
	case *PartitionOp:
		p.partition(o)
	case *ScanOp:
		p.scan(o)
	case *PrintOp:
		p.columnsOp("print", o.Columns)
	case *RangeOp:
		p.str("range ")
		p.name(o.Name)
		p.str(" from ")
		p.expr(o.From, precPipe)
		p.str(" to ")
		p.expr(o.To, precPipe)
		p.str(" step ")
		p.expr(o.Step, precPipe)
	case *ReduceOp:
		p.str("reduce")
		p.options(o.Options)
		p.str(" by ")
		p.expr(o.By, precPipe)
		for i, w := range o.With {
			if i == 0 {
				p.str(" with ")
			} else {
				p.str(", ")
			}
			p.option(w)
		}
	case *TopHittersOp:
		p.str("top-hitters ")
		p.expr(o.Count, precPipe)
		p.str(" of ")
		p.expr(o.Of, precPipe)
		if o.By != nil {
			p.str(" by ")
			p.expr(o.By, precPipe)
		}
	case *ConsumeOp:
		p.str("consume")
		p.options(o.Options)
	case *MakeGraphOp:
		p.makeGraph(o)
	case *GraphMatchOp:
		p.graphMatch(o)
	default:
		p.str(invalid(fmt.Sprintf("operator %T", o)))
	}
}

// callOrNil returns c as an Expr, keeping a nil *CallExpr nil.
func callOrNil(c *CallExpr) Expr {
	if c == nil {
		return nil
	}
	return c
}

// columnsOp prints `keyword a = x, b`; a keyword with no columns stands
// alone.
func (p *printer) columnsOp(keyword string, cols []*NamedExpr) {
	p.str(keyword)
	if len(cols) > 0 {
		p.str(" ")
		p.namedExprs(cols)
	}
}

func (p *printer) summarize(o *SummarizeOp) {
	p.str("summarize")
	p.options(o.Options)
	if len(o.Aggs) > 0 {
		p.str(" ")
		p.namedExprs(o.Aggs)
	}
	if len(o.By) > 0 {
		p.str(" by ")
		p.namedExprs(o.By)
	}
}

func (p *printer) join(keyword string, opts []*Option, right Expr, on []Expr) {
	p.str(keyword)
	p.options(opts)
	p.str(" ")
	p.tabular(right)
	if len(on) > 0 {
		p.str(" on ")
		p.exprs(on)
	}
}

func (p *printer) tables(list []Expr) {
	for i, t := range list {
		p.sep(i, ", ")
		p.tabular(t)
	}
}

func (p *printer) topNested(o *TopNestedOp) {
	for i, l := range o.Levels {
		if i > 0 {
			p.str(",")
			p.newline(p.indent + 1)
		}
		p.nested(func() { p.topNestedLevel(l) })
	}
}

func (p *printer) parse(o *ParseOp) {
	if o.Where {
		p.str("parse-where")
	} else {
		p.str("parse")
	}
	p.options(o.Options)
	p.str(" ")
	p.expr(o.X, precPipe)
	p.str(" with")
	for _, n := range o.Pattern {
		p.str(" ")
		p.node(n)
	}
}

func (p *printer) makeSeries(o *MakeSeriesOp) {
	p.str("make-series")
	p.options(o.Options)
	p.str(" ")
	for i, a := range o.Aggs {
		p.sep(i, ", ")
		p.makeSeriesAgg(a)
	}
	p.str(" on ")
	p.expr(o.On, precPipe)
	if o.InRange {
		p.str(" in range(")
		p.exprs([]Expr{o.From, o.To, o.Step})
		p.str(")")
	} else {
		p.clause(" from ", o.From)
		p.clause(" to ", o.To)
		p.str(" step ")
		p.expr(o.Step, precPipe)
	}
	if len(o.By) > 0 {
		p.str(" by ")
		p.namedExprs(o.By)
	}
}

// clause prints keyword and x unless x is nil.
func (p *printer) clause(keyword string, x Expr) {
	if !isNil(x) {
		p.str(keyword)
		p.expr(x, precPipe)
	}
}

func (p *printer) evaluate(o *EvaluateOp) {
	p.str("evaluate")
	p.options(o.Options)
	p.str(" ")
	p.expr(callOrNil(o.Call), precPipe)
	if o.Schema != nil {
		p.str(" : ")
		p.typ(o.Schema)
	}
}

func (p *printer) render(o *RenderOp) {
	p.str("render ")
	if !isPlainIdent(o.Chart) {
		p.str(invalid("RenderOp.Chart"))
	} else {
		p.str(o.Chart)
	}
	p.withOptions(o.With)
}

// inTables prints ` in (A, B)` unless list is empty.
func (p *printer) inTables(list []Expr) {
	if len(list) > 0 {
		p.str(" in (")
		p.tables(list)
		p.str(")")
	}
}

func (p *printer) search(o *SearchOp) {
	p.str("search")
	p.options(o.Options)
	p.inTables(o.Tables)
	p.str(" ")
	p.expr(o.Pred, precPipe)
}

func (p *printer) find(o *FindOp) {
	p.str("find")
	p.options(o.Options)
	p.inTables(o.Tables)
	p.str(" where ")
	p.expr(o.Pred, precPipe)
	switch {
	case o.ProjectSmart:
		p.str(" project-smart")
	case len(o.Project) > 0:
		p.str(" project ")
		p.exprs(o.Project)
	}
}

func (p *printer) facet(o *FacetOp) {
	p.str("facet by ")
	p.exprs(o.Columns)
	if !isNil(o.With) {
		p.str(" with ")
		p.sub(o.With, "(", ")")
	}
}

func (p *printer) fork(o *ForkOp) {
	p.str("fork")
	for _, b := range o.Branches {
		p.str(" ")
		if b == nil {
			p.str(invalid("nil NamedExpr"))
			continue
		}
		switch len(b.Names) {
		case 0:
		case 1:
			p.name(b.Names[0])
			p.str(" = ")
		default:
			p.str(invalid("fork branch names"))
		}
		p.sub(b.X, "(", ")")
	}
}

func (p *printer) partition(o *PartitionOp) {
	p.str("partition")
	p.options(o.Options)
	p.str(" by ")
	p.expr(o.By, precPipe)
	p.str(" ")
	if o.Braces {
		p.sub(o.Sub, "{ ", " }")
		return
	}
	p.sub(o.Sub, "(", ")")
}

func (p *printer) scan(o *ScanOp) {
	p.str("scan")
	p.options(o.Options)
	if len(o.Declare) > 0 {
		p.str(" declare (")
		p.columnDecls(o.Declare)
		p.str(")")
	}
	p.str(" with (")
	for _, s := range o.Steps {
		p.newline(p.indent + 1)
		p.nested(func() { p.scanStep(s) })
	}
	p.newline(p.indent)
	p.str(")")
}

func (p *printer) makeGraph(o *MakeGraphOp) {
	p.str("make-graph ")
	p.name(o.Source)
	if o.Directed {
		p.str(" --> ")
	} else {
		p.str(" -- ")
	}
	p.name(o.Target)
	p.options(o.Options)
	for i, n := range o.Nodes {
		if i == 0 {
			p.str(" with ")
		} else {
			p.str(", ")
		}
		p.graphNodes(n)
	}
	if o.PartitionBy != nil || o.Sub != nil {
		p.str(" partitioned-by ")
		p.name(o.PartitionBy)
		p.str(" ")
		p.sub(o.Sub, "(", ")")
	}
}

func (p *printer) graphNodes(n *GraphNodes) {
	if n == nil {
		p.str(invalid("nil GraphNodes"))
		return
	}
	p.expr(n.Table, precUnary)
	p.str(" on ")
	p.name(n.Key)
}

func (p *printer) graphMatch(o *GraphMatchOp) {
	if o.Shortest {
		p.str("graph-shortest-paths")
	} else {
		p.str("graph-match")
	}
	p.options(o.Options)
	for i, pat := range o.Patterns {
		p.sep(i, ",")
		p.str(" ")
		p.graphPattern(pat)
	}
	if o.Where != nil {
		p.str(" where ")
		p.expr(o.Where, precPipe)
	}
	if len(o.Project) > 0 {
		p.str(" project ")
		p.namedExprs(o.Project)
	}
}

func (p *printer) graphPattern(pat *GraphPattern) {
	if pat == nil || len(pat.Nodes) != len(pat.Edges)+1 {
		p.str(invalid("GraphPattern"))
		return
	}
	for i, n := range pat.Nodes {
		if i > 0 {
			p.graphEdge(pat.Edges[i-1])
		}
		p.graphNode(n)
	}
}

func (p *printer) graphNode(n *GraphNode) {
	if n == nil {
		p.str(invalid("nil GraphNode"))
		return
	}
	p.str("(")
	if n.Name != nil {
		p.name(n.Name)
	}
	p.str(")")
}

func (p *printer) graphEdge(e *GraphEdge) {
	if e == nil || e.Dir != "->" && e.Dir != "<-" && e.Dir != "-" || (e.Min == nil) != (e.Max == nil) {
		p.str(invalid("GraphEdge"))
		return
	}
	if e.Dir == "<-" {
		p.str("<")
	}
	p.str("-")
	if e.Name != nil || e.Min != nil {
		p.str("[")
		if e.Name != nil {
			p.name(e.Name)
		}
		if e.Min != nil {
			p.str("*")
			p.expr(e.Min, precUnary)
			p.str("..")
			p.expr(e.Max, precUnary)
		}
		p.str("]")
	}
	p.str("-")
	if e.Dir == "->" {
		p.str(">")
	}
}
