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
	for _, group := range []string{"valid", "invalid", "invalid-semantic"} {
		for _, path := range corpusFiles(f, group) {
			seeds = append(seeds, readFile(f, path))
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

// exprGen builds a scalar expression tree by hand from fuzz bytes, as a
// planner would: no ParenExpr where precedence needs one.
type exprGen struct{ data []byte }

func (g *exprGen) next(n int) int {
	if len(g.data) == 0 {
		return 0
	}
	b := g.data[0]
	g.data = g.data[1:]
	return int(b) % n
}

var (
	genNames = []string{"a", "b", "where", "x y", "count", "True", "$left"}
	genLits  = []*Lit{num("1"), lit("real", "1.5"), str(`s"'\`), lit("timespan", "1h"), lit("bool", "true"),
		lit("datetime", "2024-01-01"), lit("long", "-1"), lit("int", "2")}
	// ":" is left out: the parser reads `: (` as evaluate's schema.
	genBinary = []string{"or", "and", "==", "!=", "<", ">=", "=~", "has", "!contains_cs", "matches regex",
		"+", "-", "*", "/", "%"}
	genIn = []string{"in", "!in", "in~", "has_any", "has_all"}
)

func (g *exprGen) leaf() Expr {
	if g.next(2) == 0 {
		return id(genNames[g.next(len(genNames))])
	}
	return g.lit()
}

func (g *exprGen) lit() *Lit {
	l := *genLits[g.next(len(genLits))]
	return &l
}

func (g *exprGen) expr(depth int) Expr {
	if depth == 0 {
		return g.leaf()
	}
	d := depth - 1
	switch g.next(10) {
	case 0:
		return bin(g.expr(d), genBinary[g.next(len(genBinary))], g.expr(d))
	case 1:
		return &UnaryExpr{Op: []string{"-", "+"}[g.next(2)], X: g.expr(d)}
	case 2:
		return &InExpr{X: g.expr(d), Op: genIn[g.next(len(genIn))], List: exprs(g.expr(d), g.leaf())}
	case 3:
		return &BetweenExpr{X: g.expr(d), Not: g.next(2) == 1, Lo: g.expr(d), Hi: g.expr(d)}
	case 4:
		return &SelectorExpr{X: g.expr(d), Sel: id(genNames[g.next(len(genNames))])}
	case 5:
		return &IndexExpr{X: g.expr(d), Index: g.expr(d)}
	case 6:
		return call(genNames[g.next(2)], g.expr(d), g.expr(d))
	case 7:
		return &CallExpr{Fun: &SelectorExpr{X: id("a"), Sel: id("f")}, Args: exprs(g.expr(d))}
	case 8:
		return &DynamicLit{X: &ArrayLit{Elems: exprs(g.lit(), &BagLit{Keys: []string{"k"}, Values: exprs(g.lit())})}}
	}
	return g.leaf()
}

// FuzzFormatExpr checks that any hand-built scalar expression prints to
// text that parses back to the same tree, but for the parentheses the
// printer adds, and that printing it again gives the same text.
func FuzzFormatExpr(f *testing.F) {
	f.Add([]byte{0, 0, 0, 1, 0, 3, 0, 1})
	f.Add([]byte{1, 0, 0, 1, 2, 0, 9, 1})
	f.Add([]byte{4, 0, 1, 3, 5, 2, 0, 7, 1, 1, 0, 3})
	f.Fuzz(func(t *testing.T, data []byte) {
		g := &exprGen{data: data}
		tree := print1("x", g.expr(4))
		text := Format(tree)
		got, err := Parse(text)
		if err != nil {
			t.Fatalf("Parse(Format(tree)) failed: %v\nprinted: %q", err, text)
		}
		if again := Format(got); again != text {
			t.Errorf("Format not stable\nfirst:  %q\nsecond: %q", text, again)
		}
		if diff := cmp.Diff(unparen(tree), unparen(got), ignoreSpan); diff != "" {
			t.Errorf("tree changed (-built +parsed):\n%s\nprinted: %q", diff, text)
		}
	})
}

func (g *exprGen) name() *Ident { return id(genNames[g.next(len(genNames))]) }

func (g *exprGen) columns(named bool) []*NamedExpr {
	cols := []*NamedExpr{bare(g.expr(2))}
	if named || g.next(2) == 0 {
		cols = append(cols, &NamedExpr{Names: []*Ident{g.name()}, X: g.expr(2)})
	}
	return cols
}

func (g *exprGen) orders() []*OrderExpr {
	return []*OrderExpr{order(g.expr(1), []string{"", "asc", "desc"}[g.next(3)], []string{"", "first", "last"}[g.next(3)])}
}

// op builds one tabular operator.
func (g *exprGen) op(depth int) Op {
	switch g.next(14) {
	case 0:
		return &ProjectOp{Columns: g.columns(false)}
	case 1:
		return &ExtendOp{Columns: g.columns(true)}
	case 2:
		return &SummarizeOp{Aggs: []*NamedExpr{col("n", call("count"))}, By: g.columns(false)}
	case 3:
		return &SortOp{By: g.orders()}
	case 4:
		return &TopOp{Count: num("3"), By: g.orders()}
	case 5:
		return &TakeOp{Count: g.expr(1)}
	case 6:
		return &DistinctOp{Columns: exprs(g.name(), g.expr(1))}
	case 7:
		return &MvExpandOp{Items: []*MvItem{{Name: g.name(), X: g.expr(1), ToType: typ("long")}}}
	case 8:
		return &JoinOp{Options: []*Option{opt("kind", id("inner"))}, Right: g.tabular(depth), On: exprs(g.name())}
	case 9:
		return &UnionOp{Tables: exprs(g.tabular(depth), g.name())}
	case 10:
		return &ProjectAwayOp{Columns: exprs(g.name(), &Wildcard{Pattern: "a*"})}
	case 11:
		return &MakeSeriesOp{Aggs: []*MakeSeriesAgg{{Name: g.name(), Agg: call("count"), Default: num("0")}},
			On: g.name(), Step: lit("timespan", "1h"), By: g.columns(false)}
	case 12:
		return &AsOp{Name: g.name()}
	}
	return &WhereOp{Pred: g.expr(3)}
}

// tabular builds a table name or a pipeline.
func (g *exprGen) tabular(depth int) Expr {
	if depth == 0 || g.next(2) == 0 {
		return id([]string{"T", "where", "x y"}[g.next(3)])
	}
	return g.pipe(depth - 1)
}

func (g *exprGen) pipe(depth int) *PipeExpr {
	p := &PipeExpr{Source: g.tabular(depth)}
	for range 1 + g.next(3) {
		p.Ops = append(p.Ops, g.op(depth))
	}
	return p
}

// FuzzFormatPipeline checks hand-built pipelines, with sub-queries and
// names that need quoting, as FuzzFormatExpr checks expressions.
func FuzzFormatPipeline(f *testing.F) {
	f.Add([]byte{1, 1, 0, 1, 2, 8, 1, 1, 0, 9, 3})
	f.Add([]byte{1, 3, 2, 8, 1, 1, 13, 0, 1, 9, 1, 1, 4})
	f.Fuzz(func(t *testing.T, data []byte) {
		g := &exprGen{data: data}
		tree := query(&LetStmt{Name: g.name(), Value: g.expr(2)}, stmt(g.pipe(2)))
		text := Format(tree)
		got, err := Parse(text)
		if err != nil {
			t.Fatalf("Parse(Format(tree)) failed: %v\nprinted:\n%s", err, text)
		}
		if again := Format(got); again != text {
			t.Errorf("Format not stable\nfirst:\n%s\nsecond:\n%s", text, again)
		}
		if diff := cmp.Diff(unparen(tree), unparen(got), ignoreSpan); diff != "" {
			t.Errorf("tree changed (-built +parsed):\n%s\nprinted:\n%s", diff, text)
		}
	})
}
