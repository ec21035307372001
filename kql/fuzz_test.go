package kql

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// fuzzSeeds returns every test input: the corpus (valid and invalid), the
// printer goldens and the printed hand-built trees.
func fuzzSeeds(f *testing.F) []string {
	var seeds []string
	for _, dir := range corpusDirs {
		for _, group := range []string{"valid", "invalid", "invalid-semantic"} {
			files, _ := filepath.Glob(filepath.Join(dir, group, "*.kql"))
			for _, path := range files {
				seeds = append(seeds, readFile(f, path))
			}
		}
		if len(seeds) > 0 {
			break
		}
	}
	goldens, _ := filepath.Glob(filepath.Join("testdata", "printer", "*.kql"))
	for _, path := range goldens {
		seeds = append(seeds, readFile(f, path))
	}
	for _, tc := range formatCases() {
		seeds = append(seeds, Format(tc.node))
	}
	return seeds
}

// FuzzParse checks that Parse never panics, that every error position lies
// inside the input, and that whatever parses prints to text that parses
// to the same tree (for valid UTF-8 input) and prints the same again.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		q, err := Parse(src)
		if err != nil {
			checkErrorPositions(t, src, err)
			return
		}
		text := Format(q)
		q2, err := Parse(text)
		if err != nil {
			t.Fatalf("Parse(Format(Parse(src))) failed: %v\nsrc: %q\nprinted: %q", err, src, text)
		}
		if again := Format(q2); again != text {
			t.Errorf("Format not stable\nsrc: %q\nfirst:  %q\nsecond: %q", src, text, again)
		}
		// The printer writes invalid UTF-8 bytes as U+FFFD, so that the
		// wire text is always valid UTF-8: only such input may reparse
		// to a different tree. It adds parentheses where the parser
		// accepts what KQL rejects (a == b == c, - -1).
		if !utf8.ValidString(src) {
			return
		}
		if diff := cmp.Diff(unparen(q), unparen(q2), ignoreSpan); diff != "" {
			t.Errorf("reparsed tree differs (-parsed +reparsed):\n%s\nsrc: %q\nprinted: %q", diff, src, text)
		}
	})
}

// checkErrorPositions checks that err is a non-empty ErrorList whose
// errors lie within [0, len(src)].
func checkErrorPositions(t *testing.T, src string, err error) {
	t.Helper()
	var list ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		t.Fatalf("Parse error %v (%T) is not a non-empty ErrorList", err, err)
	}
	for _, e := range list {
		if e.From < 0 || int(e.From) > len(src) || e.To < e.From || int(e.To) > len(src) {
			t.Errorf("error %q has span [%d,%d) outside the input of %d bytes: %q", e.Msg, e.From, e.To, len(src), src)
		}
	}
}

// validUTF8 returns s with each byte of an invalid UTF-8 sequence replaced
// by U+FFFD, as the printer does.
func validUTF8(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:]) // U+FFFD for a bad byte
		b.WriteRune(r)
		i += size
	}
	return b.String()
}

// FuzzFormatString checks that any string survives printing and parsing
// unchanged as a string value, an obfuscated string, a name and a
// property-bag key, and that nothing in it escapes its literal.
func FuzzFormatString(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	f.Add("")
	f.Add("\xff\xfe")
	f.Fuzz(func(t *testing.T, s string) {
		want := validUTF8(s)
		tree := query(stmt(&PrintOp{Columns: []*NamedExpr{
			col(s, str(s)),
			bare(&Lit{Type: "string", Value: s, Obfuscated: true}),
			bare(&DynamicLit{X: &BagLit{Keys: []string{s}, Values: exprs(num("1"))}}),
		}}))
		text := Format(tree)
		got, err := Parse(text)
		if err != nil {
			t.Fatalf("Parse(Format(tree)) failed: %v\nvalue: %q\nprinted: %q", err, s, text)
		}
		wantTree := query(stmt(&PrintOp{Columns: []*NamedExpr{
			col(want, str(want)),
			bare(&Lit{Type: "string", Value: want, Obfuscated: true}),
			bare(&DynamicLit{X: &BagLit{Keys: []string{want}, Values: exprs(num("1"))}}),
		}}))
		if diff := cmp.Diff(wantTree, got, ignoreSpan); diff != "" {
			t.Errorf("value %q did not survive (-want +got):\n%s\nprinted: %q", s, diff, text)
		}
	})
}
