package kql_test

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/crosshunt/crosshunt/kql"
)

// ignoreSpans compares trees without their positions.
var ignoreSpans = cmpopts.IgnoreTypes(kql.Span{})

// Tree-building shorthands for the expected ASTs.

func id(name string) *kql.Ident         { return &kql.Ident{Name: name} }
func lit(typ, v string) *kql.Lit        { return &kql.Lit{Type: typ, Value: v} }
func str(v string) *kql.Lit             { return lit("string", v) }
func long(v string) *kql.Lit            { return lit("long", v) }
func ts(v string) *kql.Lit              { return lit("timespan", v) }
func col(x kql.Expr) *kql.NamedExpr     { return &kql.NamedExpr{X: x} }
func paren(x kql.Expr) *kql.ParenExpr   { return &kql.ParenExpr{X: x} }
func wild(pattern string) *kql.Wildcard { return &kql.Wildcard{Pattern: pattern} }
func opt(name string, v kql.Expr) *kql.Option {
	return &kql.Option{Name: name, Value: v}
}

func bin(x kql.Expr, op string, y kql.Expr) *kql.BinaryExpr {
	return &kql.BinaryExpr{X: x, Op: op, Y: y}
}

func call(fun string, args ...kql.Expr) *kql.CallExpr {
	return &kql.CallExpr{Fun: id(fun), Args: args}
}

func assign(name string, x kql.Expr) *kql.NamedExpr {
	return &kql.NamedExpr{Names: []*kql.Ident{id(name)}, X: x}
}

func pipe(src kql.Expr, ops ...kql.Op) *kql.PipeExpr {
	return &kql.PipeExpr{Source: src, Ops: ops}
}

func order(x kql.Expr, dir, nulls string) *kql.OrderExpr {
	return &kql.OrderExpr{X: x, Order: dir, Nulls: nulls}
}

// parseQuery parses src, failing the test on error.
func parseQuery(t *testing.T, src string) *kql.Query {
	t.Helper()
	q, err := kql.Parse(src)
	if err != nil {
		t.Fatalf("Parse(%q): %v", src, err)
	}
	return q
}

// TestParseExpr checks the tree of scalar expressions, parsed as the
// column of `print`.
func TestParseExpr(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want kql.Expr
	}{
		{"ident", "a", id("a")},
		{"quoted ident", "['x y']", id("x y")},
		{"double-quoted ident keyword", `["where"]`, id("where")},
		{"dollar names", "$left.a", &kql.SelectorExpr{X: id("$left"), Sel: id("a")}},
		{"surrogate pair escape", `"a\ud83d\ude00b"`, str("a\U0001F600b")},
		{"lone surrogate escapes", `"\ude00\ud83d"`, str("\uFFFD\uFFFD")},
		{"long", "42", long("42")},
		{"hex", "0xFF", long("0xFF")},
		{"real", "1.5", lit("real", "1.5")},
		{"real exponent", "1e3", lit("real", "1e3")},
		{"real trailing dot", "5.", lit("real", "5.")},
		{"bool", "true", lit("bool", "true")},
		{"bool upper", "TRUE", lit("bool", "TRUE")},
		{"timespan", "1d", ts("1d")},
		{"timespan fraction", "1.5h", ts("1.5h")},
		{"timespan long unit", "10microseconds", ts("10microseconds")},
		{"timespan tick", "1tick", ts("1tick")},
		{"typed long", "long(5)", long("5")},
		{"typed null", "long(null)", long("null")},
		{"real nan", "real(nan)", lit("real", "nan")},
		{"real inf", "real(+inf)", lit("real", "+inf")},
		{"double is real", "double(-inf)", lit("real", "-inf")},
		{"decimal", "decimal(1.25)", lit("decimal", "1.25")},
		{"int", "int(7)", lit("int", "7")},
		{"bool typed", "bool(false)", lit("bool", "false")},
		{"datetime", "datetime(2024-02-29 13:45)", lit("datetime", "2024-02-29 13:45")},
		{"datetime iso", "datetime(2024-01-01T10:00:00Z)", lit("datetime", "2024-01-01T10:00:00Z")},
		{"date is datetime", "date(2024-01-01)", lit("datetime", "2024-01-01")},
		{"datetime rfc 822", "datetime(Sat, 8 Nov 2014 15:05:02 GMT)", lit("datetime", "Sat, 8 Nov 2014 15:05:02 GMT")},
		{"datetime rfc 850", "datetime(Saturday, 08-Nov-14 15:05:02 GMT)", lit("datetime", "Saturday, 08-Nov-14 15:05:02 GMT")},
		{"datetime offset", "datetime(2014-11-08T15:05:02.1234567+07:00)", lit("datetime", "2014-11-08T15:05:02.1234567+07:00")},
		{"datetime null", "datetime(null)", lit("datetime", "null")},
		{"time is timespan", "time(1.02:03:04)", ts("1.02:03:04")},
		{"timespan typed", "timespan(2h)", ts("2h")},
		{"guid", "guid(74be27de-1e4e-49d9-b579-fe0b331d3642)", lit("guid", "74be27de-1e4e-49d9-b579-fe0b331d3642")},
		{"string single", `'a"b'`, str(`a"b`)},
		{"string escapes", `"t\tn\n\\ \" \' \u0041"`, str("t\tn\n\\ \" ' A")},
		{"verbatim", `@'C:\x'`, str(`C:\x`)},
		{"verbatim doubled quote", `@"say ""hi"""`, str(`say "hi"`)},
		{"obfuscated", `h'secret'`, &kql.Lit{Type: "string", Value: "secret", Obfuscated: true}},
		{"obfuscated verbatim", `H@"a\b"`, &kql.Lit{Type: "string", Value: `a\b`, Obfuscated: true}},
		{"multi-line", "```a\nb```", str("a\nb")},
		{"adjacent strings", `"a" 'b' @"c"`, str("abc")},
		{"dynamic array", `dynamic([1, "a", [true], null])`, &kql.DynamicLit{X: &kql.ArrayLit{Elems: []kql.Expr{
			long("1"), str("a"), &kql.ArrayLit{Elems: []kql.Expr{lit("bool", "true")}}, lit("dynamic", "null"),
		}}}},
		{"dynamic bag", `dynamic({"k": {"n": -1}})`, &kql.DynamicLit{X: &kql.BagLit{
			Keys:   []string{"k"},
			Values: []kql.Expr{&kql.BagLit{Keys: []string{"n"}, Values: []kql.Expr{&kql.UnaryExpr{Op: "-", X: long("1")}}}},
		}}},
		{"dynamic null", "dynamic(null)", &kql.DynamicLit{X: lit("dynamic", "null")}},
		{"precedence", "a or b and c == 1 + 2 * 3", bin(id("a"), "or", bin(id("b"), "and", bin(id("c"), "==", bin(long("1"), "+", bin(long("2"), "*", long("3"))))))},
		{"left associative", "a - b - c", bin(bin(id("a"), "-", id("b")), "-", id("c"))},
		{"relational binds tighter than equality", "a > 0 != b < 1", bin(bin(id("a"), ">", long("0")), "!=", bin(id("b"), "<", long("1")))},
		{"string operators between equality and relational", `a has "x" == b > 1`, bin(bin(id("a"), "has", str("x")), "==", bin(id("b"), ">", long("1")))},
		{"paren kept", "(a + b) * c", bin(paren(bin(id("a"), "+", id("b"))), "*", id("c"))},
		{"unary", "-a * +1", bin(&kql.UnaryExpr{Op: "-", X: id("a")}, "*", &kql.UnaryExpr{Op: "+", X: long("1")})},
		{"not equal legacy", "a <> b", bin(id("a"), "<>", id("b"))},
		{"string ops", "a !has_cs 'x' and b =~ 'y' and c !~ 'z'", bin(bin(bin(id("a"), "!has_cs", str("x")), "and", bin(id("b"), "=~", str("y"))), "and", bin(id("c"), "!~", str("z")))},
		{"notcontains", "a notcontains 'x'", bin(id("a"), "notcontains", str("x"))},
		{"hasprefix_cs", "a !hasprefix_cs 'x'", bin(id("a"), "!hasprefix_cs", str("x"))},
		{"matches regex", `a matches regex @"\d+"`, bin(id("a"), "matches regex", str(`\d+`))},
		{"in", "a in ('x', 'y')", &kql.InExpr{X: id("a"), Op: "in", List: []kql.Expr{str("x"), str("y")}}},
		{"not in case-insensitive", "a !in~ ('x')", &kql.InExpr{X: id("a"), Op: "!in~", List: []kql.Expr{str("x")}}},
		{"has_any let array", "a has_any (tools)", &kql.InExpr{X: id("a"), Op: "has_any", List: []kql.Expr{id("tools")}}},
		{"in tabular", "a in (T | project b)", &kql.InExpr{X: id("a"), Op: "in", List: []kql.Expr{
			pipe(id("T"), &kql.ProjectOp{Columns: []*kql.NamedExpr{col(id("b"))}}),
		}}},
		{"between", "a between (1 .. 10)", &kql.BetweenExpr{X: id("a"), Lo: long("1"), Hi: long("10")}},
		{"not between", "t !between (ago(1d) .. 1h)", &kql.BetweenExpr{X: id("t"), Not: true, Lo: call("ago", ts("1d")), Hi: ts("1h")}},
		{"call named arg and star", "f(x, n = 2, *)", call("f", id("x"), assign("n", long("2")), wild("*"))},
		{"call quoted named arg", "f(['not'] = 1)", call("f", assign("not", long("1")))},
		{"count star", "count()", call("count")},
		{"member access", "a.b['c'][0][-1]", &kql.IndexExpr{
			X: &kql.IndexExpr{
				X:     &kql.IndexExpr{X: &kql.SelectorExpr{X: id("a"), Sel: id("b")}, Index: str("c")},
				Index: long("0"),
			},
			Index: &kql.UnaryExpr{Op: "-", X: long("1")},
		}},
		{"call result access", "parse_json(x).a", &kql.SelectorExpr{X: call("parse_json", id("x")), Sel: id("a")}},
		{"qualified call", `database("d").f(1)`, &kql.CallExpr{
			Fun:  &kql.SelectorExpr{X: call("database", str("d")), Sel: id("f")},
			Args: []kql.Expr{long("1")},
		}},
		{"typeof", "extract('x', 1, s, typeof(long))", call("extract", str("x"), long("1"), id("s"), &kql.TypeOfExpr{Type: &kql.Type{Name: "long"}})},
		{"toscalar pipe", "toscalar(T | count)", call("toscalar", pipe(id("T"), &kql.CountOp{}))},
		{"typeof schema", "f(typeof(*, a:string))", call("f", &kql.TypeOfExpr{Type: &kql.Type{Star: true, Columns: []*kql.ColumnDecl{{Name: id("a"), Type: &kql.Type{Name: "string"}}}}})},
		{"keyword-like column", "count + kind", bin(id("count"), "+", id("kind"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := parseQuery(t, "print "+tt.src)
			got := q.Stmts[0].(*kql.ExprStmt).X.(*kql.PrintOp).Columns[0].X
			if diff := cmp.Diff(tt.want, got, ignoreSpans); diff != "" {
				t.Errorf("Parse(%q) (-want +got):\n%s", tt.src, diff)
			}
		})
	}
}

// TestParseOp checks the tree of each tabular operator, parsed after
// `T | `.
func TestParseOp(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want kql.Op
	}{
		{"where", "where a > 1", &kql.WhereOp{Pred: bin(id("a"), ">", long("1"))}},
		{"filter is where", "filter a", &kql.WhereOp{Pred: id("a")}},
		{"project", "project a, b = c + 1, ['x y']", &kql.ProjectOp{Columns: []*kql.NamedExpr{col(id("a")), assign("b", bin(id("c"), "+", long("1"))), col(id("x y"))}}},
		{"project-away", "project-away a, Device*, *Id", &kql.ProjectAwayOp{Columns: []kql.Expr{id("a"), wild("Device*"), wild("*Id")}}},
		{"project-keep", "project-keep a*", &kql.ProjectKeepOp{Columns: []kql.Expr{wild("a*")}}},
		{"project-rename", "project-rename New = Old", &kql.ProjectRenameOp{Columns: []*kql.NamedExpr{assign("New", id("Old"))}}},
		{"project-reorder", "project-reorder b desc, a*", &kql.ProjectReorderOp{Columns: []*kql.OrderExpr{order(id("b"), "desc", ""), order(wild("a*"), "", "")}}},
		{"extend", "extend x = 1, y", &kql.ExtendOp{Columns: []*kql.NamedExpr{assign("x", long("1")), col(id("y"))}}},
		{"summarize", "summarize hint.strategy=shuffle n = count(), dcount(d) by bin(t, 1h), k", &kql.SummarizeOp{
			Options: []*kql.Option{opt("hint.strategy", id("shuffle"))},
			Aggs:    []*kql.NamedExpr{assign("n", call("count")), col(call("dcount", id("d")))},
			By:      []*kql.NamedExpr{col(call("bin", id("t"), ts("1h"))), col(id("k"))},
		}},
		{"count as", "count as N", &kql.CountOp{Name: id("N")}},
		{"render legacy properties", `render barchart kind=unstacked with (title="t")`, &kql.RenderOp{Chart: "barchart", With: []*kql.Option{opt("kind", id("unstacked")), opt("title", str("t"))}}},
		{"reduce", `reduce kind=source by m with threshold=0.35, characters="x"`, &kql.ReduceOp{
			Options: []*kql.Option{opt("kind", id("source"))}, By: id("m"),
			With: []*kql.Option{opt("threshold", lit("real", "0.35")), opt("characters", str("x"))}}},
		{"reduce plain", "reduce by m", &kql.ReduceOp{By: id("m")}},
		{"top-hitters", "top-hitters 5 of a by sum(b)", &kql.TopHittersOp{Count: long("5"), Of: id("a"), By: call("sum", id("b"))}},
		{"consume", "consume decodeblocks=true", &kql.ConsumeOp{Options: []*kql.Option{opt("decodeblocks", lit("bool", "true"))}}},
		{"make-graph", "make-graph a --> b with N on id, (M | take 1) on ['k 2']", &kql.MakeGraphOp{
			Source: id("a"), Directed: true, Target: id("b"),
			Nodes: []*kql.GraphNodes{{Table: id("N"), Key: id("id")}, {Table: paren(pipe(id("M"), &kql.TakeOp{Count: long("1")})), Key: id("k 2")}}}},
		{"make-graph undirected", "make-graph a -- b with_node_id=n partitioned-by p (take 1)", &kql.MakeGraphOp{
			Source: id("a"), Target: id("b"), Options: []*kql.Option{opt("with_node_id", id("n"))},
			PartitionBy: id("p"), Sub: pipe(nil, &kql.TakeOp{Count: long("1")})}},
		{"graph-match", "graph-match cycles=none (x)-[e*1..3]->()<--(y), (y)-[f]-(z) where x.a == 1 project n = x.id, y", &kql.GraphMatchOp{
			Options: []*kql.Option{opt("cycles", id("none"))},
			Patterns: []*kql.GraphPattern{
				{Nodes: []*kql.GraphNode{{Name: id("x")}, {}, {Name: id("y")}},
					Edges: []*kql.GraphEdge{{Dir: "->", Name: id("e"), Min: long("1"), Max: long("3")}, {Dir: "<-"}}},
				{Nodes: []*kql.GraphNode{{Name: id("y")}, {Name: id("z")}}, Edges: []*kql.GraphEdge{{Dir: "-", Name: id("f")}}},
			},
			Where:   bin(&kql.SelectorExpr{X: id("x"), Sel: id("a")}, "==", long("1")),
			Project: []*kql.NamedExpr{assign("n", &kql.SelectorExpr{X: id("x"), Sel: id("id")}), col(id("y"))}}},
		{"graph-shortest-paths", "graph-shortest-paths output=all (s)-[e*1..5]->(t) project t.id", &kql.GraphMatchOp{
			Shortest: true,
			Options:  []*kql.Option{opt("output", id("all"))},
			Patterns: []*kql.GraphPattern{{Nodes: []*kql.GraphNode{{Name: id("s")}, {Name: id("t")}},
				Edges: []*kql.GraphEdge{{Dir: "->", Name: id("e"), Min: long("1"), Max: long("5")}}}},
			Project: []*kql.NamedExpr{col(&kql.SelectorExpr{X: id("t"), Sel: id("id")})}}},
		{"summarize by only", "summarize by k", &kql.SummarizeOp{By: []*kql.NamedExpr{col(id("k"))}}},
		{"summarize column named like an option", "summarize kind = count()", &kql.SummarizeOp{Aggs: []*kql.NamedExpr{assign("kind", call("count"))}}},
		{"summarize no by", "summarize count()", &kql.SummarizeOp{Aggs: []*kql.NamedExpr{col(call("count"))}}},
		{"summarize tuple", "summarize (t, n) = arg_max(t, n) by k", &kql.SummarizeOp{
			Aggs: []*kql.NamedExpr{{Names: []*kql.Ident{id("t"), id("n")}, X: call("arg_max", id("t"), id("n"))}},
			By:   []*kql.NamedExpr{col(id("k"))},
		}},
		{"join", "join kind=leftouter hint.strategy=broadcast (U | where b) on a, $left.x == $right.y", &kql.JoinOp{
			Options: []*kql.Option{opt("kind", id("leftouter")), opt("hint.strategy", id("broadcast"))},
			Right:   paren(pipe(id("U"), &kql.WhereOp{Pred: id("b")})),
			On: []kql.Expr{id("a"), bin(
				&kql.SelectorExpr{X: id("$left"), Sel: id("x")}, "==",
				&kql.SelectorExpr{X: id("$right"), Sel: id("y")})},
		}},
		{"lookup", "lookup kind=inner U on a", &kql.LookupOp{Options: []*kql.Option{opt("kind", id("inner"))}, Right: id("U"), On: []kql.Expr{id("a")}}},
		{"union", "union kind=outer withsource=Src isfuzzy=true U, Dev*, (V | take 1)", &kql.UnionOp{
			Options: []*kql.Option{opt("kind", id("outer")), opt("withsource", id("Src")), opt("isfuzzy", lit("bool", "true"))},
			Tables:  []kql.Expr{id("U"), wild("Dev*"), paren(pipe(id("V"), &kql.TakeOp{Count: long("1")}))},
		}},
		{"sort", "sort by a asc nulls first, b desc", &kql.SortOp{By: []*kql.OrderExpr{order(id("a"), "asc", "first"), order(id("b"), "desc", "")}}},
		{"order is sort", "order by a", &kql.SortOp{By: []*kql.OrderExpr{order(id("a"), "", "")}}},
		{"top", "top 10 by a desc nulls last", &kql.TopOp{Count: long("10"), By: []*kql.OrderExpr{order(id("a"), "desc", "last")}}},
		{"top-nested", "top-nested 3 of a by n = count() desc, top-nested of b with others = 0 by max(c)", &kql.TopNestedOp{Levels: []*kql.TopNestedLevel{
			{Count: long("3"), Of: col(id("a")), By: assign("n", call("count")), Order: "desc"},
			{Of: col(id("b")), Others: long("0"), By: col(call("max", id("c")))},
		}}},
		{"take", "take 5", &kql.TakeOp{Count: long("5")}},
		{"limit is take", "limit 5", &kql.TakeOp{Count: long("5")}},
		{"distinct", "distinct a, b", &kql.DistinctOp{Columns: []kql.Expr{id("a"), id("b")}}},
		{"distinct star", "distinct *", &kql.DistinctOp{Columns: []kql.Expr{wild("*")}}},
		{"count", "count", &kql.CountOp{}},
		{"getschema", "getschema", &kql.GetSchemaOp{}},
		{"mv-expand", "mv-expand kind=array with_itemindex=i x = a to typeof(string), b limit 10", &kql.MvExpandOp{
			Options: []*kql.Option{opt("kind", id("array")), opt("with_itemindex", id("i"))},
			Items:   []*kql.MvItem{{Name: id("x"), X: id("a"), ToType: &kql.Type{Name: "string"}}, {X: id("b")}},
			Limit:   long("10"),
		}},
		{"mvexpand legacy", "mvexpand a", &kql.MvExpandOp{Items: []*kql.MvItem{{X: id("a")}}}},
		{"mv-apply", "mv-apply e = a to typeof(long) on (summarize s = sum(e) | where s > 0)", &kql.MvApplyOp{
			Items: []*kql.MvItem{{Name: id("e"), X: id("a"), ToType: &kql.Type{Name: "long"}}},
			Sub: pipe(nil,
				&kql.SummarizeOp{Aggs: []*kql.NamedExpr{assign("s", call("sum", id("e")))}},
				&kql.WhereOp{Pred: bin(id("s"), ">", long("0"))}),
		}},
		{"parse", `parse kind=regex flags=Ui cmd with "x" a:long ".*" b *`, &kql.ParseOp{
			Options: []*kql.Option{opt("kind", id("regex")), opt("flags", id("Ui"))},
			X:       id("cmd"),
			Pattern: []kql.Node{str("x"), &kql.ColumnDecl{Name: id("a"), Type: &kql.Type{Name: "long"}}, str(".*"), &kql.ColumnDecl{Name: id("b")}, wild("*")},
		}},
		{"parse-where", `parse-where s with * "k=" v`, &kql.ParseOp{Where: true, X: id("s"), Pattern: []kql.Node{wild("*"), str("k="), &kql.ColumnDecl{Name: id("v")}}}},
		{"parse-kv", `parse-kv s as (a:string, b:long) with (pair_delimiter=',', quote='"')`, &kql.ParseKvOp{
			X:    id("s"),
			Keys: &kql.Type{Columns: []*kql.ColumnDecl{{Name: id("a"), Type: &kql.Type{Name: "string"}}, {Name: id("b"), Type: &kql.Type{Name: "long"}}}},
			With: []*kql.Option{opt("pair_delimiter", str(",")), opt("quote", str(`"`))},
		}},
		{"make-series", "make-series n = count() default = 0 on t from ago(1d) to now() step 1h by k", &kql.MakeSeriesOp{
			Aggs: []*kql.MakeSeriesAgg{{Name: id("n"), Agg: call("count"), Default: long("0")}},
			On:   id("t"), From: call("ago", ts("1d")), To: call("now"), Step: ts("1h"),
			By: []*kql.NamedExpr{col(id("k"))},
		}},
		{"make-series in range", "make-series avg(x) on t in range(a, b, 1d)", &kql.MakeSeriesOp{
			Aggs: []*kql.MakeSeriesAgg{{Agg: call("avg", id("x"))}},
			On:   id("t"), From: id("a"), To: id("b"), Step: ts("1d"), InRange: true,
		}},
		{"evaluate", "evaluate bag_unpack(d, 'p_') : (*, a:string)", &kql.EvaluateOp{
			Call:   call("bag_unpack", id("d"), str("p_")),
			Schema: &kql.Type{Star: true, Columns: []*kql.ColumnDecl{{Name: id("a"), Type: &kql.Type{Name: "string"}}}},
		}},
		{"invoke", "invoke f(1)", &kql.InvokeOp{Call: call("f", long("1"))}},
		{"render", "render timechart with (title='T', ycolumns=a, b, legend=hidden)", &kql.RenderOp{Chart: "timechart", With: []*kql.Option{
			opt("title", str("T")), opt("ycolumns", &kql.ListExpr{Elems: []kql.Expr{id("a"), id("b")}}), opt("legend", id("hidden")),
		}}},
		{"serialize", "serialize rn = row_number()", &kql.SerializeOp{Columns: []*kql.NamedExpr{assign("rn", call("row_number"))}}},
		{"serialize bare", "serialize", &kql.SerializeOp{}},
		{"as", "as hint.materialized=true X", &kql.AsOp{Options: []*kql.Option{opt("hint.materialized", lit("bool", "true"))}, Name: id("X")}},
		{"sample", "sample 10", &kql.SampleOp{Count: long("10")}},
		{"sample-distinct", "sample-distinct 5 of a", &kql.SampleDistinctOp{Count: long("5"), Of: id("a")}},
		{"search", `search a:"x" and "y"`, &kql.SearchOp{Pred: bin(bin(id("a"), ":", str("x")), "and", str("y"))}},
		{"facet", "facet by a, b with (take 3)", &kql.FacetOp{Columns: []kql.Expr{id("a"), id("b")}, With: pipe(nil, &kql.TakeOp{Count: long("3")})}},
		{"fork", "fork (count) named = (take 1)", &kql.ForkOp{Branches: []*kql.NamedExpr{
			col(pipe(nil, &kql.CountOp{})), assign("named", pipe(nil, &kql.TakeOp{Count: long("1")})),
		}}},
		{"partition", "partition hint.strategy=native by k (top 1 by t)", &kql.PartitionOp{
			Options: []*kql.Option{opt("hint.strategy", id("native"))},
			By:      id("k"),
			Sub:     pipe(nil, &kql.TopOp{Count: long("1"), By: []*kql.OrderExpr{order(id("t"), "", "")}}),
		}},
		{"partition braces", "partition by k { U | take 1 }", &kql.PartitionOp{By: id("k"), Braces: true, Sub: pipe(id("U"), &kql.TakeOp{Count: long("1")})}},
		{"scan", "scan with_match_id=m declare (n:long = 0) with (step s output=all: a == 1 => n = s.n + 1; step t: b;)", &kql.ScanOp{
			Options: []*kql.Option{opt("with_match_id", id("m"))},
			Declare: []*kql.ColumnDecl{{Name: id("n"), Type: &kql.Type{Name: "long"}, Default: long("0")}},
			Steps: []*kql.ScanStep{
				{Name: id("s"), Options: []*kql.Option{opt("output", id("all"))}, Pred: bin(id("a"), "==", long("1")),
					Assigns: []*kql.NamedExpr{assign("n", bin(&kql.SelectorExpr{X: id("s"), Sel: id("n")}, "+", long("1")))}},
				{Name: id("t"), Pred: id("b")},
			},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := parseQuery(t, "T | "+tt.src)
			got := q.Stmts[0].(*kql.ExprStmt).X.(*kql.PipeExpr).Ops[0]
			if diff := cmp.Diff(tt.want, got, ignoreSpans); diff != "" {
				t.Errorf("Parse(%q) (-want +got):\n%s", tt.src, diff)
			}
		})
	}
}

// TestParseQuery checks whole queries: statements and query sources.
func TestParseQuery(t *testing.T) {
	strType := &kql.Type{Name: "string"}
	tests := []struct {
		name string
		src  string
		want []kql.Stmt
	}{
		{"table", "T", []kql.Stmt{&kql.ExprStmt{X: id("T")}}},
		{"let scalar and query", "let n = 5;\nT | take n;", []kql.Stmt{
			&kql.LetStmt{Name: id("n"), Value: long("5")},
			&kql.ExprStmt{X: pipe(id("T"), &kql.TakeOp{Count: id("n")})},
		}},
		{"let tabular", "let U = T | where a; U", []kql.Stmt{
			&kql.LetStmt{Name: id("U"), Value: pipe(id("T"), &kql.WhereOp{Pred: id("a")})},
			&kql.ExprStmt{X: id("U")},
		}},
		{"let function", "let f = (a:string, n:long = 40) { let m = n; a }; f('x')", []kql.Stmt{
			&kql.LetStmt{Name: id("f"), Value: &kql.FuncExpr{
				Params: []*kql.ColumnDecl{{Name: id("a"), Type: strType}, {Name: id("n"), Type: &kql.Type{Name: "long"}, Default: long("40")}},
				Body:   []kql.Stmt{&kql.LetStmt{Name: id("m"), Value: id("n")}, &kql.ExprStmt{X: id("a")}},
			}},
			&kql.ExprStmt{X: call("f", str("x"))},
		}},
		{"let tabular params", "let f = (T:(DeviceId:string), U:(*)) { T }; 1", []kql.Stmt{
			&kql.LetStmt{Name: id("f"), Value: &kql.FuncExpr{
				Params: []*kql.ColumnDecl{
					{Name: id("T"), Type: &kql.Type{Columns: []*kql.ColumnDecl{{Name: id("DeviceId"), Type: strType}}}},
					{Name: id("U"), Type: &kql.Type{Star: true}},
				},
				Body: []kql.Stmt{&kql.ExprStmt{X: id("T")}},
			}},
			&kql.ExprStmt{X: long("1")},
		}},
		{"let view", "let v = view () { T }; v", []kql.Stmt{
			&kql.LetStmt{Name: id("v"), Value: &kql.FuncExpr{View: true, Body: []kql.Stmt{&kql.ExprStmt{X: id("T")}}}},
			&kql.ExprStmt{X: id("v")},
		}},
		{"let materialize", "let m = materialize(T | take 1); m", []kql.Stmt{
			&kql.LetStmt{Name: id("m"), Value: call("materialize", pipe(id("T"), &kql.TakeOp{Count: long("1")}))},
			&kql.ExprStmt{X: id("m")},
		}},
		{"let paren expression", "let x = (1 + 2); x", []kql.Stmt{
			&kql.LetStmt{Name: id("x"), Value: paren(bin(long("1"), "+", long("2")))},
			&kql.ExprStmt{X: id("x")},
		}},
		{"declare", "declare query_parameters(n:long = 5, s:string);\nT", []kql.Stmt{
			&kql.DeclareStmt{Params: []*kql.ColumnDecl{{Name: id("n"), Type: &kql.Type{Name: "long"}, Default: long("5")}, {Name: id("s"), Type: strType}}},
			&kql.ExprStmt{X: id("T")},
		}},
		{"set", "set notruncation;\nset query_now = datetime(2024-01-01);\nT", []kql.Stmt{
			&kql.SetStmt{Name: "notruncation"},
			&kql.SetStmt{Name: "query_now", Value: lit("datetime", "2024-01-01")},
			&kql.ExprStmt{X: id("T")},
		}},
		{"comments everywhere", "// head\nT // after T\n| // after pipe\n take 1 // end", []kql.Stmt{
			&kql.ExprStmt{X: pipe(id("T"), &kql.TakeOp{Count: long("1")})},
		}},
		{"union at start", "union isfuzzy=true T, U", []kql.Stmt{&kql.ExprStmt{X: &kql.UnionOp{
			Options: []*kql.Option{opt("isfuzzy", lit("bool", "true"))}, Tables: []kql.Expr{id("T"), id("U")},
		}}}},
		{"print", "print a = 1, 'x'", []kql.Stmt{&kql.ExprStmt{X: &kql.PrintOp{Columns: []*kql.NamedExpr{assign("a", long("1")), col(str("x"))}}}}},
		{"range", "range i from 1 to 10 step 2", []kql.Stmt{&kql.ExprStmt{X: &kql.RangeOp{Name: id("i"), From: long("1"), To: long("10"), Step: long("2")}}}},
		{"datatable", "datatable (a:string, n:long) ['x', 1, 'y', 2,]", []kql.Stmt{&kql.ExprStmt{X: &kql.DatatableExpr{
			Schema: &kql.Type{Columns: []*kql.ColumnDecl{{Name: id("a"), Type: strType}, {Name: id("n"), Type: &kql.Type{Name: "long"}}}},
			Values: []kql.Expr{str("x"), long("1"), str("y"), long("2")},
		}}}},
		{"externaldata", "externaldata (a:string) ['https://x/y.csv'] with (format='csv', ignoreFirstRecord=true)", []kql.Stmt{&kql.ExprStmt{X: &kql.ExternalDataExpr{
			Schema: &kql.Type{Columns: []*kql.ColumnDecl{{Name: id("a"), Type: strType}}},
			URIs:   []kql.Expr{str("https://x/y.csv")},
			With:   []*kql.Option{opt("format", str("csv")), opt("ignoreFirstRecord", lit("bool", "true"))},
		}}}},
		{"search at start", "search in (T, U*) 'x'", []kql.Stmt{&kql.ExprStmt{X: &kql.SearchOp{Tables: []kql.Expr{id("T"), wild("U*")}, Pred: str("x")}}}},
		{"find", "find withsource=S in (T) where a project b, c", []kql.Stmt{&kql.ExprStmt{X: &kql.FindOp{
			Options: []*kql.Option{opt("withsource", id("S"))}, Tables: []kql.Expr{id("T")}, Pred: id("a"), Project: []kql.Expr{id("b"), id("c")},
		}}}},
		{"find project-smart", "find where a project-smart", []kql.Stmt{&kql.ExprStmt{X: &kql.FindOp{Pred: id("a"), ProjectSmart: true}}}},
		{"evaluate at start", "evaluate f()", []kql.Stmt{&kql.ExprStmt{X: &kql.EvaluateOp{Call: call("f")}}}},
		{"table function", "table('T') | count", []kql.Stmt{&kql.ExprStmt{X: pipe(call("table", str("T")), &kql.CountOp{})}}},
		{"range function is a call", "print range(1, 3, 1)", []kql.Stmt{&kql.ExprStmt{X: &kql.PrintOp{Columns: []*kql.NamedExpr{col(call("range", long("1"), long("3"), long("1")))}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseQuery(t, tt.src).Stmts
			if diff := cmp.Diff(tt.want, got, ignoreSpans); diff != "" {
				t.Errorf("Parse(%q) (-want +got):\n%s", tt.src, diff)
			}
		})
	}
}

// TestParseSpans checks the positions recorded in the tree.
func TestParseSpans(t *testing.T) {
	src := "let x = 1;\nT | where a == 'b' // c\n| take 10"
	q := parseQuery(t, src)
	var got []string
	kql.Inspect(q, func(n kql.Node) bool {
		if n != nil {
			got = append(got, src[n.Pos():n.End()])
		}
		return true
	})
	want := []string{
		src, "let x = 1", "x", "1",
		"T | where a == 'b' // c\n| take 10", "T | where a == 'b' // c\n| take 10", "T",
		"where a == 'b'", "a == 'b'", "a", "'b'", "take 10", "10",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("node texts (-want +got):\n%s", diff)
	}
}

// errorMarker marks the expected position of the first error in a test
// input, go/parser style: /*ERROR "regexp"*/ is removed before parsing and
// the error must start where it stood and match the regexp.
var errorMarker = regexp.MustCompile(`/\*ERROR "(.*?)"\*/`)

// TestParseErrors checks the position and message of syntax errors.
func TestParseErrors(t *testing.T) {
	tests := []string{
		`T | where /*ERROR "unexpected \"\|\" in where, expected an expression"*/| take 1`,
		`T | /*ERROR "unknown tabular operator \"summarise\""*/summarise count()`,
		`print /*ERROR "unterminated string literal"*/'abc`,
		`print /*ERROR "invalid escape sequence"*/"a\qb"`,
		"print \"a/*ERROR \"invalid UTF-8\"*/\xffb\"",
		"print a/*ERROR \"unexpected character\"*/\xe9b",
		`print /*ERROR "malformed number or timespan literal \"1x\""*/1x`,
		`print /*ERROR "unterminated typed literal"*/datetime(2020-01-01`,
		`print a /*ERROR "unexpected character \"#\""*/# b`,
		`/*ERROR "block comments"*//* c */ T`,
		`print a < b /*ERROR "comparison operators do not chain"*/< c`,
		`print a == b /*ERROR "comparison operators do not chain"*/!= c`,
		`print a has b /*ERROR "comparison operators do not chain"*/contains c`,
		`T | where a in /*ERROR "expected \"\(\" and a list"*/b`,
		`T | where a in~ (/*ERROR "expected an expression"*/)`,
		`T | where a between (1/*ERROR "expected \"\.\.\""*/, 2)`,
		`T | project a,/*ERROR "in project, expected an expression"*/, b`,
		`T | summarize count() by /*ERROR "expected an expression"*/`,
		`let /*ERROR "in let statement, expected a name"*/= 1; T`,
		`let x = 1 /*ERROR "in let statement, expected \";\""*/T`,
		`T | take 1 /*ERROR "expected \"\|\", \";\" or the end of the query"*/rows`,
		`T; /*ERROR "expected a statement"*/| take 1`,
		`T | top 3 /*ERROR "expected \"by\""*/a`,
		`print dynamic([1, 2/*ERROR "in print, expected \",\" or \"\]\""*/)`,
		`print dynamic({"a": 1/*ERROR "expected \",\" or \"}\""*/)`,
		`datatable (a:/*ERROR "expected a type"*/strng) []`,
		`datatable (a:string) ["x", /*ERROR "in datatable, expected an expression"*/, "y"]`,
		`T | join (U) on $left.a == $right./*ERROR "expected a name after \."*/| take 1`,
		`T | evaluate /*ERROR "expected a function call"*/x`,
		`T | where (a/*ERROR "expected \"\)\""*/`,
		`T | render /*ERROR "unexpected end of input in render, expected a name"*/`,
		`print typeof(/*ERROR "expected a type"*/`,
		`let x = /*ERROR "in let statement, expected an expression"*/;`,
		`let f = (a:string) /*ERROR "expected \"{\""*/a;`,
		`T | project-rename a /*ERROR "in project-rename, expected \"=\""*/`,
		`T | mv-apply x on /*ERROR "expected \"\(\""*/`,
	}
	for _, tt := range tests {
		m := errorMarker.FindStringSubmatchIndex(tt)
		if m == nil {
			t.Fatalf("test input %q has no ERROR marker", tt)
		}
		src := tt[:m[0]] + tt[m[1]:]
		wantRx := regexp.MustCompile(tt[m[2]:m[3]])
		t.Run(src, func(t *testing.T) {
			_, err := kql.Parse(src)
			var list kql.ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("Parse(%q) = %v, want an ErrorList", src, err)
			}
			first := list[0]
			if int(first.From) != m[0] || !wantRx.MatchString(first.Msg) {
				t.Errorf("Parse(%q) first error at %d: %q\nwant at %d matching %q\n%s", src, first.From, first.Msg, m[0], wantRx, first.Caret())
			}
			if !strings.HasPrefix(first.Error(), "1:") {
				t.Errorf("Error() = %q, want a line:col prefix", first.Error())
			}
		})
	}
}

// TestParseGolden compares the full tree of each testdata/ast/*.kql query,
// spans included, with its .golden dump; -update rewrites the dumps.
func TestParseGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "ast", "*.kql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden queries: %v", err)
	}
	update := flag.Lookup("update")
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src := readFile(t, path)
			var b strings.Builder
			dump(&b, src, reflect.ValueOf(parseQuery(t, src)), 0)
			got := strings.ReplaceAll(b.String(), ": \n", ":\n")
			golden := strings.TrimSuffix(path, ".kql") + ".golden"
			if update != nil && update.Value.String() == "true" {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want := readFile(t, golden)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("tree of %s (-want +got):\n%s\n(run go test ./kql -run TestParseGolden -update)", path, diff)
			}
		})
	}
}

// dump writes a tree one field per line: each node with its type and the
// source text of its span, then its non-empty fields indented.
func dump(b *strings.Builder, src string, v reflect.Value, depth int) {
	indent := strings.Repeat("  ", depth)
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			b.WriteString("nil\n")
			return
		}
		dump(b, src, v.Elem(), depth)
	case reflect.Struct:
		span := v.FieldByName("Span").Interface().(kql.Span)
		fmt.Fprintf(b, "%s %q\n", v.Type().Name(), src[span.From:span.To])
		for i := range v.NumField() {
			f, name := v.Field(i), v.Type().Field(i).Name
			if name == "Span" || f.IsZero() {
				continue
			}
			fmt.Fprintf(b, "%s  %s: ", indent, name)
			dump(b, src, f, depth+1)
		}
	case reflect.Slice:
		b.WriteString("\n")
		for i := range v.Len() {
			fmt.Fprintf(b, "%s  - ", indent)
			dump(b, src, v.Index(i), depth+1)
		}
	case reflect.String:
		fmt.Fprintf(b, "%q\n", v.String())
	default:
		fmt.Fprintf(b, "%v\n", v.Interface())
	}
}

// TestParseConcurrent parses the corpus from several goroutines at once:
// the parsers built once in package variables must be safe to share (run
// with -race).
func TestParseConcurrent(t *testing.T) {
	var srcs []string
	for _, f := range corpusFiles(t, "valid")[:40] {
		srcs = append(srcs, readFile(t, f))
	}
	errs := make(chan error, 4)
	for range cap(errs) {
		go func() {
			for _, src := range srcs {
				if _, err := kql.Parse(src); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range cap(errs) {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// TestParseAgreesWithKusto checks constructs of real hunting queries
// against Kusto.Language's verdict: accepted queries must parse and print
// back stably (Parse∘Format), rejected ones must fail to parse.
func TestParseAgreesWithKusto(t *testing.T) {
	tests := []struct {
		src    string
		accept bool
	}{
		// count with an output column name
		{"T | count as Count", true},
		{"T | count as ['x y']", false},
		// legacy render properties without with(...)
		{"T | render barchart kind=unstacked", true},
		{`T | render barchart kind = stacked title="x" accumulate=true with (xtitle="a")`, true},
		{"T | render barchart ycolumns=a", false},
		{`T | render barchart title="x", kind=stacked`, false},
		// materialize only as a let statement's whole value
		{"let x = materialize(T); x", true},
		{"let x = materialize(T | summarize count() by a); x", true},
		{"T | extend materialize = 1", true},
		{"materialize(T)", false},
		{"let x = materialize(T) | take 1; x", false},
		{"let x = (materialize(T)); x", false},
		{"T | join (materialize(T)) on a", false},
		{"print toscalar(materialize(T))", false},
		// reduce, top-hitters, consume
		{"T | reduce by Message with threshold=0.35", true},
		{`T | reduce kind=source by tostring(a) with characters="x", threshold=x`, true},
		{"T | reduce by Message with foo=1", false},
		{"T | reduce by Message with threshold=1+1", false},
		{"T | reduce by Message with (threshold=0.1)", false},
		{`T | reduce by Message with threshold=0.1 characters="x"`, false},
		{"T | reduce hint.x=1 by Message", false},
		{"T | top-hitters 5 of a | top-hitters 1 of b by sum(c)", true},
		{"T | consume | consume decodeblocks=true", true},
		// precedence: == and the list operators share a level, looser
		// than =~, has, ...; nothing tighter follows a list operator
		{"print x =~ y == z, x == y =~ z, x <> y =~ z, x !~ y == z", true},
		{"print x has y in (z), x =~ y between (1 .. 2), x has y !in~ (z), x has y has_any (z)", true},
		{"print x < y in (z), x + y in (z), x in (y) and z in (w)", true},
		{"print x == y in (z)", false},
		{"print x in (y) == true", false},
		{"print 1 == 1 in (true)", false},
		{"print x in (y) < z", false},
		{"print x in (y) + z", false},
		{"print x between (1 .. 2) has z", false},
		{"print x == y !between (1 .. 2)", false},
		{"print x =~ y has z", false},
		{"print x =~ y matches regex z", false},
		{"print x has y in (z) == true", false},
		// signs do not stack; dynamic literals take fewer forms
		{"print -(-1), - 1, -x.y, -f(x)", true},
		{"print - -1", false},
		{"print --x", false},
		{"print -+1", false},
		{"print dynamic([-1, -1.5, -real(1), -0x10, long(1), decimal(1), datetime(2020-01-01), time(1d), bool(true), guid(00000000-0000-0000-0000-000000000000)])", true},
		{"print dynamic([+1])", false},
		{"print dynamic(-1d)", false},
		{"print dynamic([int(2)])", false},
		{"print dynamic([boolean(true)])", false},
		{`print dynamic({"a": int(1)})`, false},
		{"print dynamic([-datetime(2020-01-01)])", false},
		// typed literals: empty (null) and a 12-hour clock
		{"print long(), time(), datetime(), guid(), dynamic([long()])", true},
		{"print datetime(2025-06-18 06:23:24 AM), datetime(2025-06-18 6:23 pm), datetime(2025-06-18 06:23:24.123 PM)", true},
		// quoted fork branch and argument names; on, with, let as names
		{"T | fork ['x y'] = (take 1) (take 2) z = (count)", true},
		{"print f(['x y'] = 1)", true},
		{"T | project on, with, let | summarize with = count() by on | join U on on | where on == with", true},
		{"T | reduce by with with threshold=0.1 | extend x = let", true},
		{"T | project by", false},
		{"T | extend asc = 1", false},
		{"T | where of > 1", false},
		{"T | project where", false},
		// typed literal contents are not checked (Kusto.Language does not)
		{`print datetime(yesterday), datetime("2020-01-01"), datetime(2020/01/01), datetime(01/02/2020 10:00), long(abc), int(1.5), bool(yes), guid(x)`, true},
		{"print datetime(x(1))", false},
		{`print 0 between(time(().."")`, false},
		{"print 5., 0.5, 1.e3", true},
		{"print .5", false},
		{"print -.5", false},
		// one trailing semicolon at most, no empty statements
		{"let a = 1; T;", true},
		{"let f = () { T; }; f();", true},
		{"T;;", false},
		{"; T", false},
		{"let a = 1; ; T", false},
		{"let f = () { let x = 1;; x }; f()", false},
		// graph operators
		{"T | make-graph a --> b with N on id | graph-match (x)-[e]->(y) project x.id", true},
		{"T | make-graph a-->b | graph-match (x) -[e*1..n]-> (y)-->()<-[*1 .. 3]-(z)--(w) where x.a == 1 | graph-match (x)", true},
		{"T | make-graph a -- b with_node_id=x partitioned-by p (take 1)", true},
		{"T | make-graph tostring(a) --> b", false},
		{"T | make-graph a - -> b", false},
		{"T | make-graph a --> b with_node_id=x with N on id", false},
		{"T | graph-match (x)- [e]->(y) project x", false},
		{"T | graph-match (x)-[e]- >(y) project x", false},
		{"T | graph-match (x)<-[e]->(y) project x", false},
		{"T | graph-match (x)-[e*2]->(y) project x", false},
		{"T | graph-match (x)-[e]->(y) project x = 1 where 1", false},
		// datatable as an operand
		{"T | invoke F(datatable(x:long)[1, 2])", true},
		{"print f(x=datatable(x:long)[1, 2])", true},
		{"T | join datatable(x:long)[1, 2] on x", true},
		{"print f(datatable(x:long)[1, 2] | take 1)", false},
		{"T | union datatable(x:long)[1]", false},
		{"T | union (datatable(x:long)[1]), U", true},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			q, err := kql.Parse(tt.src)
			if !tt.accept {
				if err == nil {
					t.Fatalf("Parse(%q) succeeded, Kusto rejects it; printed:\n%s", tt.src, kql.Format(q))
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.src, err)
			}
			text := kql.Format(q)
			q2, err := kql.Parse(text)
			if err != nil {
				t.Fatalf("Parse(Format) of %q: %v\nprinted:\n%s", tt.src, err, text)
			}
			if diff := cmp.Diff(q, q2, ignoreSpans); diff != "" {
				t.Errorf("Parse(Format(tree)) differs (-parsed +reparsed):\n%s\nprinted:\n%s", diff, text)
			}
			if again := kql.Format(q2); again != text {
				t.Errorf("Format not idempotent:\n%s\n%s", text, again)
			}
		})
	}
}
