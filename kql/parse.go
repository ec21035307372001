package kql

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// Parse parses a whole KQL text: its statements, the last of which is the
// query whose result is the answer. On failure the error is an [ErrorList]
// whose first error is at the first token that cannot be accepted.
func Parse(src string) (q *Query, err error) {
	defer func() {
		if r := recover(); r != nil {
			var errs ErrorList
			errs.Add(src, Span{}, fmt.Sprintf("internal parser error: %v", r))
			q, err = nil, errs.Err()
		}
	}()
	g, err := parseGrammar(src)
	if err != nil {
		var errs ErrorList
		sp, msg := toError(err, src)
		errs.Add(src, sp, msg)
		return nil, errs.Err()
	}
	if sp, ok := emptyStatement(src); ok {
		var errs ErrorList
		errs.Add(src, sp, `unexpected ";", expected a statement`)
		return nil, errs.Err()
	}
	return lowerQuery(g, src), nil
}

// emptyStatement finds a semicolon that ends no statement: one at the
// start of the query or of a function body, or right after another. The
// grammar lets these through; Kusto allows only one trailing semicolon.
func emptyStatement(src string) (Span, bool) {
	if strings.IndexByte(src, ';') < 0 {
		return Span{}, false
	}
	toks, _ := lexAll(src)
	prev := ";"
	for _, t := range toks {
		if t.Type == tokPunct && t.Value == ";" && (prev == ";" || prev == "{") {
			return tokSpan(&t), true
		}
		prev = t.Value
		if t.Type != tokPunct {
			prev = ""
		}
	}
	return Span{}, false
}

// parseGrammar parses src into the grammar tree.
func parseGrammar(src string) (*gQuery, error) {
	peek, err := lexer.Upgrade(&scanner{src: src})
	if err != nil {
		return nil, err
	}
	return queryParser.ParseFromLexer(peek)
}

// toError turns a participle error into the span and message of a syntax
// error in src. An error at the token where lexing stopped is the lexer's.
func toError(err error, src string) (Span, string) {
	var perr participle.Error
	if !errors.As(err, &perr) {
		return Span{}, err.Error()
	}
	off := perr.Position().Offset
	toks, lexErr := lexAll(src)
	if lexErr != nil && off >= int(lexErr.span.From) {
		return lexErr.span, lexErr.msg
	}
	i := tokenAt(toks, off)
	t := &toks[i]
	sp := tokSpan(t)
	var serr *syntaxError
	if errors.As(err, &serr) && serr.msg != "" {
		return sp, serr.msg
	}
	msg := "unexpected " + describe(t)
	ctx := context(toks, i)
	if ctx != "" {
		msg += " in " + ctx
	}
	return sp, msg + ", expected " + expected(perr, serr, toks, i, ctx)
}

// tokenAt returns the index of the token at offset off.
func tokenAt(toks []lexer.Token, off int) int {
	for i := range toks {
		if toks[i].Pos.Offset >= off {
			return i
		}
	}
	return len(toks) - 1
}

// describe names a token for a message.
func describe(t *lexer.Token) string {
	if t.EOF() {
		return "end of input"
	}
	return quote(t.Value)
}

// context names the construct the token at index i is in: the tabular
// operator of the current pipe stage, or the statement.
func context(toks []lexer.Token, i int) string {
	depth := 0
	for j := i - 1; j >= 0; j-- {
		switch v := toks[j].Value; {
		case toks[j].Type != tokPunct && toks[j].Type != tokIdent:
		case v == ")" || v == "]" || v == "}":
			depth++
		case v == "(" || v == "[" || v == "{":
			depth--
		case v == "|" && depth <= 0:
			if j+1 < i {
				return toks[j+1].Value
			}
			return ""
		case v == ";" && depth <= 0:
			return stmtContext(toks, j+1, i)
		}
	}
	return stmtContext(toks, 0, i)
}

// stmtContext names the statement starting at index j, if it began
// before index i: a let, declare or set statement, or a query source
// parsed by the grammar (print, union, datatable, ...).
func stmtContext(toks []lexer.Token, j, i int) string {
	if j >= i || toks[j].Type != tokIdent {
		return ""
	}
	switch v := toks[j].Value; {
	case v == "let" || v == "declare" || v == "set":
		return v + " statement"
	case sourceRules[v] != nil:
		return v
	}
	return ""
}

// participleExpected extracts the "(expected ...)" part of a participle
// message.
var participleExpected = regexp.MustCompile(`\(expected (.*)\)$`)

// expected turns what the parser expected at token i into words.
func expected(perr participle.Error, serr *syntaxError, toks []lexer.Token, i int, ctx string) string {
	if serr != nil {
		return serr.expected
	}
	if m := participleExpected.FindStringSubmatch(perr.Message()); m != nil {
		return readable(m[1])
	}
	// The query parsed up to a token that cannot follow it.
	switch {
	case i == 0 || toks[i-1].Value == ";":
		return "a statement"
	case ctx == "let statement":
		return `";"`
	}
	return `"|", ";" or the end of the query`
}

// readable rewrites the first element of a participle grammar fragment as
// words: `"by" scalarExpr` becomes `"by"`, `namedExpr ...` "an expression".
func readable(ebnf string) string {
	first := strings.TrimLeft(ebnf, "( ")
	if strings.HasPrefix(first, `"`) {
		if end := strings.IndexByte(first[1:], '"'); end >= 0 {
			return first[:end+2]
		}
	}
	if end := strings.IndexAny(first, " ()|*?+"); end >= 0 {
		first = first[:end]
	}
	first = strings.Trim(first, "<>") // token types print as <ident>
	if w, ok := productionWords[strings.ToLower(first)]; ok {
		return w
	}
	return "more input"
}

// productionWords describe the grammar productions in messages.
var productionWords = map[string]string{
	"scalarexpr": "an expression", "pipeexpr": "a query", "namedexpr": "an expression",
	"namedlist": "an expression", "letvalue": "an expression", "ident": "a name",
	"plainname": "a name", "option": "an option", "hintoption": "an option",
	"withoption": "a property", "colpattern": "a column or table name",
	"callexpr": "a function call", "gtype": "a type", "gschemaitem": "a column declaration",
	"gcolumn": "a column declaration", "gmvitem": "an expression", "gorder": "an expression",
	"gmsagg": "an aggregation", "greorderkey": "a column", "gpatternpiece": "a pattern",
	"grename": "a column name", "subpipe": "a tabular operator",
	"gtopnestedlevel": `"top-nested"`, "gscanstep": `"step"`, "gforkbranch": "a subquery",
	"string": "a string",
}
