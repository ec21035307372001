package kql

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"
)

// Token types of the KQL lexer. Token values are always the raw source
// text, so a token ends at Pos.Offset+len(Value) and string tokens never
// collide with keywords in the grammar.
const (
	tokIdent    lexer.TokenType = iota + 1 // name or keyword: where, project-away, $left
	tokString                              // string literal in any of its forms
	tokNumber                              // int, long or real: 42, 1.5, 1e3, 0xFF
	tokTimespan                            // timespan: 1d, 1.5h, 10microseconds
	tokTypedLit                            // raw-text literal: datetime(...), long(null), guid(...)
	tokPunct                               // operator or punctuation: |, ==, !has_cs, ..
	tokInvalid                             // malformed input; the lexer's error says why
)

// kqlLexer is the participle lexer definition for KQL.
type kqlLexer struct{}

// Symbols returns the token type names the grammar refers to.
func (kqlLexer) Symbols() map[string]lexer.TokenType {
	return map[string]lexer.TokenType{
		"EOF":      lexer.EOF,
		"Ident":    tokIdent,
		"String":   tokString,
		"Number":   tokNumber,
		"Timespan": tokTimespan,
		"TypedLit": tokTypedLit,
		"Punct":    tokPunct,
		"Invalid":  tokInvalid,
	}
}

// Lex returns a scanner over everything r holds.
func (kqlLexer) Lex(_ string, r io.Reader) (lexer.Lexer, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return &scanner{src: string(b)}, nil
}

// lexError is the first lexical error of a source: its message and the
// span of the offending literal or character.
type lexError struct {
	span Span
	msg  string
}

// scanner turns KQL source into tokens. It implements lexer.Lexer: at the
// first malformed literal or stray character it returns a tokInvalid
// token, records why in err, and returns only EOF from then on, so that
// the parser fails at or before the bad token.
type scanner struct {
	src   string
	off   int
	err   *lexError
	depth int // open brackets
	signs int // prefix signs in a row
}

// maxNesting bounds the nesting of brackets and prefix signs, which the
// parser handles by recursion.
const maxNesting = 200

// Next returns the next token.
func (s *scanner) Next() (lexer.Token, error) {
	s.skipSpace()
	if s.off >= len(s.src) || s.err != nil {
		return lexer.EOFToken(lexer.Position{Offset: len(s.src)}), nil
	}
	start := s.off
	typ, msg := s.next()
	if s.off <= start {
		s.off = start + 1
	}
	if msg == "" {
		msg = s.nest(typ, s.src[start:s.off])
	}
	if msg == "" && !utf8.ValidString(s.src[start:s.off]) {
		// Point at the first byte that is not UTF-8.
		v := s.src[start:s.off]
		for i := 0; i < len(v); {
			r, n := utf8.DecodeRuneInString(v[i:])
			if r == utf8.RuneError && n == 1 {
				start += i
				s.off = start + 1
				break
			}
			i += n
		}
		msg = "invalid UTF-8"
	}
	if msg != "" {
		typ = tokInvalid
		s.err = &lexError{span: Span{Pos(start), Pos(s.off)}, msg: msg}
	}
	return lexer.Token{Type: typ, Value: s.src[start:s.off], Pos: lexer.Position{Offset: start}}, nil
}

// nest tracks the nesting a token opens or closes and reports when it
// goes past maxNesting.
func (s *scanner) nest(typ lexer.TokenType, v string) string {
	if typ != tokPunct {
		s.signs = 0
		return ""
	}
	switch v {
	case "(", "[", "{":
		s.depth++
	case ")", "]", "}":
		s.depth--
	case "-", "+":
		s.signs++
	}
	if v != "-" && v != "+" {
		s.signs = 0
	}
	if s.depth > maxNesting || s.signs > maxNesting {
		return fmt.Sprintf("nesting deeper than %d levels", maxNesting)
	}
	return ""
}

// lexAll returns the tokens of src, ending with EOF, and its first lexical
// error.
func lexAll(src string) ([]lexer.Token, *lexError) {
	s := &scanner{src: src}
	var toks []lexer.Token
	for {
		t, _ := s.Next()
		toks = append(toks, t)
		if t.EOF() {
			return toks, s.err
		}
	}
}

// skipSpace skips white space and // comments.
func (s *scanner) skipSpace() {
	for s.off < len(s.src) {
		switch c := s.src[s.off]; {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			s.off++
		case strings.HasPrefix(s.src[s.off:], "//"):
			nl := strings.IndexByte(s.src[s.off:], '\n')
			if nl < 0 {
				s.off = len(s.src)
			} else {
				s.off += nl
			}
		default:
			return
		}
	}
}

// next scans one token from s.off. A non-empty message means the token is
// malformed.
func (s *scanner) next() (lexer.TokenType, string) {
	c := s.src[s.off]
	switch {
	case isDigit(c): // as in Kusto, .5 is not a number
		return s.number()
	case c == '\'' || c == '"':
		return tokString, s.str(false)
	case c == '@' && s.off+1 < len(s.src) && (s.src[s.off+1] == '\'' || s.src[s.off+1] == '"'):
		s.off++
		return tokString, s.str(true)
	case strings.HasPrefix(s.src[s.off:], "```"):
		return tokString, s.multiline()
	case (c == 'h' || c == 'H') && s.obfuscatedAhead():
		return s.obfuscated()
	case isLetter(c) || c == '_' || c == '$' && s.off+1 < len(s.src) && isIdentPart(s.src[s.off+1]):
		return s.word()
	}
	return s.punct()
}

func isDigit(c byte) bool     { return '0' <= c && c <= '9' }
func isLetter(c byte) bool    { return 'a' <= c|0x20 && c|0x20 <= 'z' }
func isIdentPart(c byte) bool { return isLetter(c) || isDigit(c) || c == '_' }

// number scans an int, real, hex number or timespan.
func (s *scanner) number() (lexer.TokenType, string) {
	src := s.src
	if strings.HasPrefix(src[s.off:], "0x") || strings.HasPrefix(src[s.off:], "0X") {
		s.off += 2
		digits := s.off
		for s.off < len(src) && isHex(src[s.off:s.off+1]) {
			s.off++
		}
		if s.off == digits {
			return tokInvalid, "malformed hexadecimal literal"
		}
		return s.numberEnd(tokNumber)
	}
	s.digits()
	if s.off < len(src) && src[s.off] == '.' && !strings.HasPrefix(src[s.off:], "..") {
		s.off++ // a fraction, possibly empty: 1.5, 5.
		s.digits()
	}
	if s.off < len(src) && src[s.off]|0x20 == 'e' {
		i := s.off + 1
		if i < len(src) && (src[i] == '+' || src[i] == '-') {
			i++
		}
		if i < len(src) && isDigit(src[i]) {
			s.off = i
			s.digits()
		}
	}
	if s.off < len(src) && isLetter(src[s.off]) {
		unitStart := s.off
		for s.off < len(src) && isIdentPart(src[s.off]) {
			s.off++
		}
		if !timespanUnits[strings.ToLower(src[unitStart:s.off])] {
			return tokInvalid, "malformed number or timespan literal " + quote(src[unitStart-1:s.off])
		}
		return tokTimespan, ""
	}
	return s.numberEnd(tokNumber)
}

// numberEnd rejects a number glued to a name part such as 0xFFg.
func (s *scanner) numberEnd(typ lexer.TokenType) (lexer.TokenType, string) {
	if s.off < len(s.src) && isIdentPart(s.src[s.off]) {
		return tokInvalid, "malformed number literal"
	}
	return typ, ""
}

func (s *scanner) digits() {
	for s.off < len(s.src) && isDigit(s.src[s.off]) {
		s.off++
	}
}

// timespanUnits are the unit suffixes of a timespan literal, lower case.
var timespanUnits = map[string]bool{
	"d": true, "day": true, "days": true,
	"h": true, "hr": true, "hrs": true, "hour": true, "hours": true,
	"m": true, "min": true, "minute": true, "minutes": true,
	"s": true, "sec": true, "second": true, "seconds": true,
	"ms": true, "milli": true, "millis": true, "millisec": true,
	"millisecond": true, "milliseconds": true,
	"micro": true, "micros": true, "microsec": true, "microsecond": true, "microseconds": true,
	"nano": true, "nanos": true, "nanosec": true, "nanosecond": true, "nanoseconds": true,
	"tick": true, "ticks": true,
}

// str scans a quoted string starting at its quote; verbatim strings
// double the quote to escape it and know no backslash escapes. Regular
// strings cannot span lines.
func (s *scanner) str(verbatim bool) string {
	q := s.src[s.off]
	s.off++
	for s.off < len(s.src) {
		c := s.src[s.off]
		switch {
		case c == q && verbatim && s.off+1 < len(s.src) && s.src[s.off+1] == q:
			s.off += 2
		case c == q:
			s.off++
			return ""
		case c == '\n':
			return "unterminated string literal"
		case c == '\\' && !verbatim:
			n := escapeLen(s.src[s.off+1:])
			if n == 0 {
				return "invalid escape sequence in string literal"
			}
			s.off += 1 + n
		default:
			s.off++
		}
	}
	return "unterminated string literal"
}

// escapeLen returns the length of the escape sequence after a backslash
// at the start of s, or 0 if it is not a KQL string escape.
func escapeLen(s string) int {
	switch {
	case s == "":
		return 0
	case strings.IndexByte(`tnr\"'0abfv`, s[0]) >= 0:
		return 1
	case s[0] == 'u' && len(s) >= 5 && isHex(s[1:5]):
		return 5
	}
	return 0
}

// isHex reports whether s is all hexadecimal digits.
func isHex(s string) bool {
	for i := range len(s) {
		if strings.IndexByte("0123456789abcdefABCDEF", s[i]) < 0 {
			return false
		}
	}
	return true
}

// multiline scans a ```...``` string.
func (s *scanner) multiline() string {
	end := strings.Index(s.src[s.off+3:], "```")
	if end < 0 {
		s.off = len(s.src)
		return "unterminated ``` multi-line string literal"
	}
	s.off += 3 + end + 3
	return ""
}

// obfuscatedAhead reports whether the h or H at s.off starts an
// obfuscated string h'...', h"...", h@'...' or h@"...".
func (s *scanner) obfuscatedAhead() bool {
	r := s.src[s.off+1:]
	return strings.HasPrefix(r, "'") || strings.HasPrefix(r, `"`) ||
		strings.HasPrefix(r, "@'") || strings.HasPrefix(r, `@"`)
}

// obfuscated scans an obfuscated string literal.
func (s *scanner) obfuscated() (lexer.TokenType, string) {
	s.off++
	verbatim := s.src[s.off] == '@'
	if verbatim {
		s.off++
	}
	return tokString, s.str(verbatim)
}

// hyphenated are the names written with a hyphen: operator names and
// sort orders. The lexer reads each as one token.
var hyphenated = map[string]bool{
	"project-away": true, "project-keep": true, "project-rename": true,
	"project-reorder": true, "project-smart": true, "mv-expand": true,
	"mv-apply": true, "parse-where": true, "parse-kv": true,
	"top-nested": true, "top-hitters": true, "make-series": true,
	"sample-distinct": true, "granny-asc": true, "granny-desc": true,
	"make-graph": true, "graph-match": true, "partitioned-by": true,
	"graph-shortest-paths": true,
}

// typedLitWords are the type names whose literals wrap raw text:
// datetime(2024-01-01), long(null), guid(...). The lexer reads such a
// literal as one tokTypedLit token.
var typedLitWords = map[string]bool{
	"datetime": true, "date": true, "time": true, "timespan": true,
	"guid": true, "int": true, "long": true, "real": true, "double": true,
	"decimal": true, "bool": true, "boolean": true,
}

// word scans a name, a hyphenated operator name, a typed literal, or
// the operator in~.
func (s *scanner) word() (lexer.TokenType, string) {
	start := s.off
	s.off++
	for s.off < len(s.src) && isIdentPart(s.src[s.off]) {
		s.off++
	}
	w := s.src[start:s.off]
	if s.off < len(s.src) && s.src[s.off] == '-' {
		end := s.off + 1
		for end < len(s.src) && isIdentPart(s.src[end]) {
			end++
		}
		if hyphenated[s.src[start:end]] {
			s.off = end
			return tokIdent, ""
		}
		// graph-shortest-paths has two hyphens.
		if s.src[start:end] == "graph-shortest" && end < len(s.src) && s.src[end] == '-' {
			e2 := end + 1
			for e2 < len(s.src) && isIdentPart(s.src[e2]) {
				e2++
			}
			if hyphenated[s.src[start:e2]] {
				s.off = e2
				return tokIdent, ""
			}
		}
	}
	if w == "in" && s.off < len(s.src) && s.src[s.off] == '~' {
		s.off++
		return tokPunct, ""
	}
	if typedLitWords[w] && s.off < len(s.src) && s.src[s.off] == '(' {
		return s.typedLit()
	}
	return tokIdent, ""
}

// typedLit scans the raw (...) part of a typed literal. As in
// Kusto.Language, the text up to the closing parenthesis is not checked
// here beyond holding no "(" or control character (which could not be
// printed back): datetime(2024-01-01), datetime("2024-01-01") and
// long(abc) all lex; what the text means is for whoever evaluates it.
func (s *scanner) typedLit() (lexer.TokenType, string) {
	open := s.off
	end := strings.IndexAny(s.src[s.off:], ")\n")
	if end < 0 || s.src[s.off+end] != ')' {
		return tokInvalid, "unterminated typed literal"
	}
	s.off += end + 1
	if strings.ContainsFunc(s.src[open+1:s.off-1], func(r rune) bool { return r == '(' || r < ' ' || r == 0x7f }) {
		return tokInvalid, "malformed typed literal"
	}
	return tokTypedLit, ""
}

// multiPunct are the operators of more than one character, longest first
// where one is a prefix of another.
var multiPunct = []string{"==", "!=", "<>", "<=", ">=", "=~", "!~", "..", "=>"}

// negatedOps are the operators spelled with a leading !, read as one token.
var negatedOps = map[string]bool{
	"!has": true, "!has_cs": true, "!hasprefix": true, "!hasprefix_cs": true,
	"!hassuffix": true, "!hassuffix_cs": true, "!contains": true,
	"!contains_cs": true, "!startswith": true, "!startswith_cs": true,
	"!endswith": true, "!endswith_cs": true, "!in": true, "!in~": true,
	"!between": true,
}

// punct scans an operator or punctuation character.
func (s *scanner) punct() (lexer.TokenType, string) {
	rest := s.src[s.off:]
	if rest[0] == '!' && len(rest) > 1 && isLetter(rest[1]) {
		end := 2
		for end < len(rest) && isIdentPart(rest[end]) {
			end++
		}
		if end < len(rest) && rest[end] == '~' && rest[:end] == "!in" {
			end++
		}
		if negatedOps[rest[:end]] {
			s.off += end
			return tokPunct, ""
		}
	}
	for _, p := range multiPunct {
		if strings.HasPrefix(rest, p) {
			s.off += len(p)
			return tokPunct, ""
		}
	}
	if strings.HasPrefix(rest, "/*") {
		return tokInvalid, "block comments /* */ are not supported; use //"
	}
	if strings.IndexByte("|()[]{},;=.:*+-/%<>!", rest[0]) >= 0 {
		s.off++
		return tokPunct, ""
	}
	r := firstRune(rest)
	s.off += len(r)
	return tokInvalid, "unexpected character " + quote(r)
}

// firstRune returns the first UTF-8 character of a non-empty string.
func firstRune(s string) string {
	for i := range s {
		if i > 0 {
			return s[:i]
		}
	}
	return s
}
