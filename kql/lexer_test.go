package kql

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// tokenNames name the token types in test expectations.
var tokenNames = map[int]string{
	int(tokIdent): "Ident", int(tokString): "String", int(tokNumber): "Number",
	int(tokTimespan): "Timespan", int(tokTypedLit): "TypedLit", int(tokPunct): "Punct",
	int(tokInvalid): "Invalid",
}

// lexed renders the tokens of src as "Type:value" strings, without EOF.
func lexed(src string) ([]string, *lexError) {
	toks, err := lexAll(src)
	var out []string
	for _, t := range toks[:len(toks)-1] {
		out = append(out, fmt.Sprintf("%s:%s", tokenNames[int(t.Type)], t.Value))
	}
	return out, err
}

func TestLexer(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"words and pipes", "T|where a", []string{"Ident:T", "Punct:|", "Ident:where", "Ident:a"}},
		{"hyphenated operators", "project-away mv-expand parse-where top-nested make-series",
			[]string{"Ident:project-away", "Ident:mv-expand", "Ident:parse-where", "Ident:top-nested", "Ident:make-series"}},
		{"hyphen as minus", "a-b project -1", []string{"Ident:a", "Punct:-", "Ident:b", "Ident:project", "Punct:-", "Number:1"}},
		{"negated operators", "!has_cs !in~ !between !contains", []string{"Punct:!has_cs", "Punct:!in~", "Punct:!between", "Punct:!contains"}},
		{"bang alone", "! contains !x", []string{"Punct:!", "Ident:contains", "Punct:!", "Ident:x"}},
		{"multi-char punctuation", "== != <> <= >= =~ !~ .. => =", []string{
			"Punct:==", "Punct:!=", "Punct:<>", "Punct:<=", "Punct:>=", "Punct:=~", "Punct:!~", "Punct:..", "Punct:=>", "Punct:=",
		}},
		{"in tilde", "in~ in", []string{"Punct:in~", "Ident:in"}},
		{"dollar names", "$left.a", []string{"Ident:$left", "Punct:.", "Ident:a"}},
		{"numbers", "42 1.5 .5 1e3 2.5E-3 0xFF", []string{"Number:42", "Number:1.5", "Punct:.", "Number:5", "Number:1e3", "Number:2.5E-3", "Number:0xFF"}},
		{"range dots", "1..10", []string{"Number:1", "Punct:..", "Number:10"}},
		{"empty fraction", "5. 5.h", []string{"Number:5.", "Timespan:5.h"}},
		{"timespans", "1d 1.5h 30m 100ms 10microseconds 1tick 2hrs", []string{
			"Timespan:1d", "Timespan:1.5h", "Timespan:30m", "Timespan:100ms", "Timespan:10microseconds", "Timespan:1tick", "Timespan:2hrs",
		}},
		{"typed literals", "datetime(2024-02-29 13:45) long(null) guid(74be27de-1e4e-49d9-b579-fe0b331d3642) real(+inf)", []string{
			"TypedLit:datetime(2024-02-29 13:45)", "TypedLit:long(null)", "TypedLit:guid(74be27de-1e4e-49d9-b579-fe0b331d3642)", "TypedLit:real(+inf)",
		}},
		{"type names without parens", "a:datetime, b:long)", []string{"Ident:a", "Punct::", "Ident:datetime", "Punct:,", "Ident:b", "Punct::", "Ident:long", "Punct:)"}},
		{"strings", `'a' "b\"" @'c\' @"d""" h'e' H@"f"`, []string{
			"String:'a'", `String:"b\""`, `String:@'c\'`, `String:@"d"""`, "String:h'e'", `String:H@"f"`,
		}},
		{"multi-line string", "```a\n'b'```", []string{"String:```a\n'b'```"}},
		{"comments", "a // b | c\r\n| d // e", []string{"Ident:a", "Punct:|", "Ident:d"}},
		{"quoted names are brackets and strings", "['x y']", []string{"Punct:[", "String:'x y'", "Punct:]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := lexed(tt.src)
			if err != nil {
				t.Fatalf("lexAll(%q) error: %s", tt.src, err.msg)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("lexAll(%q) (-want +got):\n%s", tt.src, diff)
			}
		})
	}
}

func TestLexerErrors(t *testing.T) {
	tests := []struct {
		src  string
		want lexError
	}{
		{`a "b`, lexError{Span{2, 4}, "unterminated string literal"}},
		{"a 'b\nc'", lexError{Span{2, 4}, "unterminated string literal"}},
		{`@"b`, lexError{Span{0, 3}, "unterminated string literal"}},
		{"h'x", lexError{Span{0, 3}, "unterminated string literal"}},
		{"x ```a", lexError{Span{2, 6}, "unterminated ``` multi-line string literal"}},
		{`"a\qb"`, lexError{Span{0, 2}, "invalid escape sequence in string literal"}},
		{`"\u12"`, lexError{Span{0, 1}, "invalid escape sequence in string literal"}},
		{"1x", lexError{Span{0, 2}, `malformed number or timespan literal "1x"`}},
		{"0x", lexError{Span{0, 2}, "malformed hexadecimal literal"}},
		{"0xFFg", lexError{Span{0, 4}, "malformed number literal"}},
		{"datetime(2024", lexError{Span{0, 8}, "unterminated typed literal"}},
		{"guid(x\n)", lexError{Span{0, 4}, "unterminated typed literal"}},
		{"a # b", lexError{Span{2, 3}, `unexpected character "#"`}},
		{"a $ b", lexError{Span{2, 3}, `unexpected character "$"`}},
		{"a é", lexError{Span{2, 4}, `unexpected character "é"`}},
		{"/* c */", lexError{Span{0, 1}, "block comments /* */ are not supported; use //"}},
		{strings.Repeat("(", 201), lexError{Span{200, 201}, "nesting deeper than 200 levels"}},
		{strings.Repeat("-", 201), lexError{Span{200, 201}, "nesting deeper than 200 levels"}},
	}
	for _, tt := range tests {
		t.Run(tt.src[:min(len(tt.src), 20)], func(t *testing.T) {
			toks, err := lexed(tt.src)
			if err == nil {
				t.Fatalf("lexAll(%q) = %q, want an error", tt.src, toks)
			}
			if diff := cmp.Diff(tt.want, *err, cmp.AllowUnexported(lexError{})); diff != "" {
				t.Errorf("lexAll(%q) error (-want +got):\n%s", tt.src, diff)
			}
			if last := toks[len(toks)-1]; last[:len("Invalid")] != "Invalid" {
				t.Errorf("lexAll(%q) last token %q, want Invalid", tt.src, last)
			}
		})
	}
}
