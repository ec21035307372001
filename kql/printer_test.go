package kql

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// update rewrites golden files instead of comparing against them:
// go test ./kql -run TestFormat -update. It is defined once for the
// package's tests.
var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// ignoreSpan compares trees ignoring positions, and nil slices as empty.
var ignoreSpan = cmp.Options{cmpopts.IgnoreTypes(Span{}), cmpopts.EquateEmpty()}

// unparen replaces, in place, every ParenExpr held in an Expr field or
// slice of the tree by its content: the printer may add parentheses to a
// hand-built tree.
func unparen(n Node) Node {
	exprType := reflect.TypeFor[Expr]()
	var visit func(v reflect.Value)
	visit = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Interface:
			if v.IsNil() {
				return
			}
			if v.Type() == exprType && v.CanSet() {
				for {
					p, ok := v.Interface().(*ParenExpr)
					if !ok || p == nil {
						break
					}
					v.Set(reflect.ValueOf(&p.X).Elem())
				}
			}
			visit(v.Elem())
		case reflect.Pointer:
			if !v.IsNil() {
				visit(v.Elem())
			}
		case reflect.Struct:
			for i := range v.NumField() {
				visit(v.Field(i))
			}
		case reflect.Slice:
			for i := range v.Len() {
				visit(v.Index(i))
			}
		}
	}
	visit(reflect.ValueOf(&n).Elem())
	return n
}

// Constructors for hand-built trees.

func id(name string) *Ident                { return &Ident{Name: name} }
func str(v string) *Lit                    { return &Lit{Type: "string", Value: v} }
func num(v string) *Lit                    { return &Lit{Type: "long", Value: v} }
func lit(typ, v string) *Lit               { return &Lit{Type: typ, Value: v} }
func bin(x Expr, op string, y Expr) Expr   { return &BinaryExpr{X: x, Op: op, Y: y} }
func paren(x Expr) Expr                    { return &ParenExpr{X: x} }
func neg(x Expr) Expr                      { return &UnaryExpr{Op: "-", X: x} }
func col(name string, x Expr) *NamedExpr   { return &NamedExpr{Names: []*Ident{id(name)}, X: x} }
func bare(x Expr) *NamedExpr               { return &NamedExpr{X: x} }
func opt(name string, v Expr) *Option      { return &Option{Name: name, Value: v} }
func typ(name string) *Type                { return &Type{Name: name} }
func decl(name, t string) *ColumnDecl      { return &ColumnDecl{Name: id(name), Type: typ(t)} }
func exprs(list ...Expr) []Expr            { return list }
func stmt(x Expr) Stmt                     { return &ExprStmt{X: x} }
func query(stmts ...Stmt) *Query           { return &Query{Stmts: stmts} }
func pipe(src Expr, ops ...Op) *PipeExpr   { return &PipeExpr{Source: src, Ops: ops} }
func tpipe(ops ...Op) *Query               { return query(stmt(pipe(id("T"), ops...))) }
func order(x Expr, o, n string) *OrderExpr { return &OrderExpr{X: x, Order: o, Nulls: n} }

func call(fun string, args ...Expr) *CallExpr {
	return &CallExpr{Fun: id(fun), Args: args}
}

// print1 is `print Name = X`.
func print1(name string, x Expr) *Query {
	return query(stmt(&PrintOp{Columns: []*NamedExpr{col(name, x)}}))
}

// printAll is `print a = x1, b = x2, ...` with names a, b, ...
func printAll(xs ...Expr) *Query {
	var cols []*NamedExpr
	for i, x := range xs {
		cols = append(cols, col(string(rune('a'+i)), x))
	}
	return query(stmt(&PrintOp{Columns: cols}))
}

// roundTrip says what parsing a printed hand-built tree must give.
type roundTrip int

const (
	exact    roundTrip = iota // the same tree, ignoring spans
	reparen                   // the same tree ignoring added parentheses
	reparses                  // a tree that prints the same: the printer changed a spelling
	rejected                  // a parse error: the tree cannot be spelled safely
)

// formatCase is a hand-built tree and what its printed text must do.
type formatCase struct {
	name string
	node *Query
	rt   roundTrip
}

func formatCases() []formatCase {
	var cases []formatCase
	cases = append(cases, statementCases()...)
	cases = append(cases, literalCases()...)
	cases = append(cases, hostileCases()...)
	cases = append(cases, nameCases()...)
	cases = append(cases, precedenceCases()...)
	cases = append(cases, operatorCases()...)
	cases = append(cases, tabularCases()...)
	return cases
}

func statementCases() []formatCase {
	fn := &FuncExpr{
		Params: []*ColumnDecl{decl("a", "string"), {Name: id("b"), Type: typ("long"), Default: num("5")},
			{Name: id("T"), Type: &Type{Star: true}}},
		Body: []Stmt{
			&LetStmt{Name: id("c"), Value: num("1")},
			stmt(pipe(id("T"), &TakeOp{Count: id("c")})),
		},
	}
	return []formatCase{
		{"let_scalar", query(
			&LetStmt{Name: id("x"), Value: num("5")},
			stmt(pipe(id("T"), &WhereOp{Pred: bin(id("a"), ">", id("x"))}))), exact},
		{"let_function", query(
			&LetStmt{Name: id("f"), Value: fn},
			stmt(call("f", str("x"), num("2"), id("T")))), exact},
		{"let_view", query(
			&LetStmt{Name: id("v"), Value: &FuncExpr{View: true, Body: []Stmt{stmt(id("T"))}}},
			stmt(id("v"))), exact},
		{"declare", query(
			&DeclareStmt{Params: []*ColumnDecl{
				{Name: id("a"), Type: typ("string"), Default: str("x")}, decl("b", "timespan")}},
			stmt(id("T"))), exact},
		{"set", query(
			&SetStmt{Name: "notruncation"},
			&SetStmt{Name: "query_now", Value: lit("datetime", "2024-01-01")},
			stmt(id("T"))), exact},
	}
}

func literalCases() []formatCase {
	return []formatCase{
		{"lit_strings", printAll(str(""), str("plain"), &Lit{Type: "string", Value: "secret", Obfuscated: true},
			str(`C:\Windows\System32`), str(`say "hi"`), str("it's")), exact},
		{"lit_numbers", printAll(num("42"), num("0xFF"), lit("long", "-7"), lit("int", "42"),
			lit("real", "1.5"), lit("real", "1"), lit("real", "6.02e23"), lit("real", "nan"),
			lit("real", "+inf"), lit("real", "-inf"), lit("decimal", "1.5"), lit("real", "1e-3")), exact},
		{"lit_other", printAll(lit("bool", "true"), lit("bool", "false"), lit("bool", "True"),
			lit("datetime", "2024-01-01"), lit("datetime", "2024-02-29T13:45:00.1234567Z"),
			lit("datetime", "Thu, 29 Feb 24 13:45:00 GMT"),
			lit("guid", "f7c8a2f4-0e6d-4b8e-9d2b-3a6a1b0c9d11")), exact},
		{"lit_timespans", printAll(lit("timespan", "1d"), lit("timespan", "1.5h"), lit("timespan", "10microsecond"),
			lit("timespan", "1tick"), lit("timespan", "1.2:30:00"), lit("timespan", "15 seconds"),
			lit("timespan", "2"), lit("timespan", "-1h")), exact},
		{"lit_nulls", printAll(lit("long", "null"), lit("int", "null"), lit("real", "null"),
			lit("bool", "null"), lit("datetime", "null"), lit("timespan", "null"), lit("guid", "null"),
			lit("decimal", "null")), exact},
		{"lit_dynamic", printAll(
			&DynamicLit{X: &ArrayLit{}},
			&DynamicLit{X: &BagLit{}},
			&DynamicLit{X: &ArrayLit{Elems: exprs(num("1"), str("two"), lit("real", "3.5"), lit("bool", "true"),
				&ArrayLit{Elems: exprs(num("4"))}, &BagLit{Keys: []string{"k", `q"uote`}, Values: exprs(str("v"), num("5"))})}},
			&DynamicLit{X: &BagLit{Keys: []string{"a"}, Values: exprs(&ArrayLit{Elems: exprs(str("x"))})}},
			&DynamicLit{X: str("s")},
		), exact},
	}
}

// hostile are string values that must stay inside their literal.
var hostile = []string{
	`"; drop table T; print "`,
	`') | take 1 //`,
	`'] | take 1 //`,
	`\`,
	`\"`,
	"line1\nline2\r\n| take 1",
	"tab\there",
	"\x00\x01\x1f\x7f",
	"é日本語🙂",
	"\u2028\u2029\u202e\u200b\ufeff",
	"```\nmulti\nline\n```",
	`@"verbatim"" ok"`,
	"h'x'",
	"\ufffd",
	"// comment",
	"/* c */",
}

func hostileCases() []formatCase {
	var strs, obf, names []Expr
	for _, s := range hostile {
		strs = append(strs, str(s))
		obf = append(obf, &Lit{Type: "string", Value: s, Obfuscated: true})
		names = append(names, id(s))
	}
	lits := []Expr{
		lit("datetime", "2024-01-01) | take 1 //"),
		lit("long", "1) | take 1"),
		lit("int", "1)"),
		lit("real", "1.5); print 1"),
		lit("timespan", "1h) | take 1"),
		lit("guid", "x)"),
		lit("bool", "true) or (1"),
		lit("decimal", "1)"),
		lit("bogus)", "1"),
		lit("", "x"),
	}
	var bad []formatCase
	for i, l := range lits {
		bad = append(bad, formatCase{"hostile_lit_" + string(rune('a'+i)), print1("x", l), rejected})
	}
	return append([]formatCase{
		{"hostile_strings", printAll(strs...), exact},
		{"hostile_obfuscated", printAll(obf...), exact},
		{"hostile_names", query(stmt(pipe(id("T"), &ProjectOp{Columns: namedAll(names)}))), exact},
		{"hostile_bag_keys", print1("x", &DynamicLit{X: &BagLit{Keys: hostile, Values: strs}}), exact},
		{"hostile_lit_comment", print1("x", lit("datetime", "2024-01-01 // x")), exact},
		{"hostile_datetime_reformatted", print1("x", lit("datetime", "2024-01-02 03:04:05.5 +0000 UTC")), reparses},
		{"hostile_op", print1("x", bin(num("1"), "+ 1) | take 1 //", num("2"))), rejected},
		{"hostile_unary", print1("x", &UnaryExpr{Op: "!", X: num("1")}), rejected},
		{"hostile_in", print1("x", &InExpr{X: num("1"), Op: "in) | take 1 //", List: exprs(num("1"))}), rejected},
		{"hostile_option", tpipe(&JoinOp{Options: []*Option{opt("kind=inner) | take 1 //", id("x"))}, Right: id("U"), On: exprs(id("a"))}), rejected},
		{"hostile_set", query(&SetStmt{Name: "x; drop"}, stmt(id("T"))), rejected},
		{"hostile_wildcard", tpipe(&ProjectAwayOp{Columns: exprs(&Wildcard{Pattern: "a*, b | take 1"})}), rejected},
		{"hostile_chart", tpipe(&RenderOp{Chart: "table | take 1"}), rejected},
		{"hostile_type", print1("x", &TypeOfExpr{Type: typ("long) | take 1")}), rejected},
		{"hostile_order", tpipe(&SortOp{By: []*OrderExpr{order(id("a"), "desc | take 1", "")}}), rejected},
		{"hostile_nulls", tpipe(&SortOp{By: []*OrderExpr{order(id("a"), "", "last | take 1")}}), rejected},
		{"nil_required", tpipe(&WhereOp{}), rejected},
		{"nil_typed", tpipe(&WhereOp{Pred: (*Ident)(nil)}), rejected},
	}, bad...)
}

func namedAll(xs []Expr) []*NamedExpr {
	var cols []*NamedExpr
	for _, x := range xs {
		cols = append(cols, bare(x))
	}
	return cols
}

func nameCases() []formatCase {
	var cols []*NamedExpr
	for _, n := range []string{"where", "and", "has", "by", "on", "kind", "x y", "it's", `back\slash`,
		"$foo", "1abc", "TRUE", "Null", "string", "project-away", "élan", "ok_Name1"} {
		cols = append(cols, col(n, id(n)))
	}
	return []formatCase{
		{"names_quoted", query(stmt(pipe(id("my table"), &ExtendOp{Columns: cols}))), exact},
		{"names_special", tpipe(&JoinOp{Right: id("U"), On: exprs(
			bin(&SelectorExpr{X: id("$left"), Sel: id("a")}, "==", &SelectorExpr{X: id("$right"), Sel: id("where")}))},
			&SummarizeOp{Aggs: []*NamedExpr{bare(call("count"))}, By: []*NamedExpr{bare(id("$table"))}}), exact},
		{"names_calls", print1("x", call("not", call("isempty", &SelectorExpr{X: id("d"), Sel: id("x y")}))), exact},
	}
}

func precedenceCases() []formatCase {
	a, b, c := id("a"), id("b"), id("c")
	return []formatCase{
		{"prec_added", printAll(
			bin(bin(a, "+", b), "*", c),
			bin(a, "-", bin(b, "-", c)),
			bin(bin(a, "-", b), "-", c),
			neg(bin(a, "+", b)),
			neg(neg(a)),
			bin(bin(a, "or", b), "and", c),
			bin(a, "or", bin(b, "and", c)),
			bin(bin(a, "==", b), "==", c),
			bin(a, "==", bin(b, "==", c)),
			bin(a, "has", bin(b, "+", c)),
			&SelectorExpr{X: bin(a, "+", b), Sel: id("c")},
			&IndexExpr{X: neg(a), Index: num("0")},
			&CallExpr{Fun: &SelectorExpr{X: call("database", str("d")), Sel: id("f")}, Args: exprs(a)},
			&InExpr{X: bin(a, "and", b), Op: "in", List: exprs(num("1"), num("2"))},
			&BetweenExpr{X: bin(a, "+", b), Not: true, Lo: bin(num("1"), "-", num("1")), Hi: num("2")},
			bin(&InExpr{X: a, Op: "!in~", List: exprs(str("x"))}, "==", lit("bool", "false")),
			&SelectorExpr{X: num("1"), Sel: id("x")},
			bin(a, "==", bin(b, "has", c)),
			bin(bin(a, "==", b), "has", c),
			bin(a, "has", bin(b, "<", c)),
			bin(bin(a, "has", b), "<", c),
			&InExpr{X: bin(a, "<", b), Op: "in", List: exprs(c)},
			&InExpr{X: bin(a, "has", b), Op: "in", List: exprs(c)},
			bin(lit("bool", "true"), "==", &InExpr{X: a, Op: "in", List: exprs(b)}),
			bin(&BetweenExpr{X: a, Lo: b, Hi: c}, "and", &InExpr{X: a, Op: "in", List: exprs(b)}),
		), reparen},
		{"prec_kept", printAll(
			paren(bin(a, "+", b)),
			bin(paren(bin(a, "or", b)), "and", c),
			paren(paren(a)),
			bin(a, "-", neg(num("1"))),
			bin(a, "matches regex", str("x+")),
			&UnaryExpr{Op: "+", X: num("3")},
		), exact},
	}
}

func operatorCases() []formatCase {
	a, b := id("a"), id("b")
	sub := pipe(id("U"), &WhereOp{Pred: bin(id("x"), ">", num("1"))}, &ProjectOp{Columns: []*NamedExpr{bare(id("x"))}})
	inner := opt("kind", id("inner"))
	return []formatCase{
		{"op_where", tpipe(&WhereOp{Pred: bin(bin(a, ">", num("1")), "and", bin(b, "!has_cs", str("x")))}), exact},
		{"op_project", tpipe(&ProjectOp{Columns: []*NamedExpr{bare(a), col("n", bin(a, "+", b)),
			{Names: []*Ident{id("x"), id("y")}, X: call("f", a)}}}), exact},
		{"op_project_family", tpipe(
			&ProjectAwayOp{Columns: exprs(a, &Wildcard{Pattern: "Init*"})},
			&ProjectKeepOp{Columns: exprs(&Wildcard{Pattern: "*"}, id("where"))},
			&ProjectRenameOp{Columns: []*NamedExpr{col("new name", id("old"))}},
			&ProjectReorderOp{Columns: []*OrderExpr{order(a, "asc", ""), order(&Wildcard{Pattern: "b*"}, "granny-desc", ""), order(b, "", "")}}), exact},
		{"op_extend", tpipe(&ExtendOp{Columns: []*NamedExpr{col("x", call("iff", bin(a, ">", num("1")), str("y"), str("n")))}}), exact},
		{"op_summarize", tpipe(
			&SummarizeOp{Options: []*Option{opt("hint.strategy", id("shuffle"))},
				Aggs: []*NamedExpr{col("n", call("count")), {Names: []*Ident{id("t"), id("v")}, X: call("arg_max", id("ts"), &Wildcard{Pattern: "*"})}},
				By:   []*NamedExpr{bare(a), col("bucket", call("bin", id("ts"), lit("timespan", "1h")))}},
			&SummarizeOp{By: []*NamedExpr{bare(a)}},
			&SummarizeOp{Aggs: []*NamedExpr{bare(call("count"))}}), exact},
		{"op_join", tpipe(
			&JoinOp{Options: []*Option{inner, opt("hint.strategy", id("broadcast"))}, Right: paren(sub),
				On: exprs(a, bin(&SelectorExpr{X: id("$left"), Sel: b}, "==", &SelectorExpr{X: id("$right"), Sel: id("c")}))},
			&JoinOp{Right: id("U"), On: exprs(a)}), exact},
		{"op_join_added_parens", tpipe(&JoinOp{Right: sub, On: exprs(a)},
			&LookupOp{Right: &UnionOp{Tables: exprs(id("A"), id("B"))}, On: exprs(a)}), reparen},
		{"op_lookup", tpipe(&LookupOp{Options: []*Option{opt("kind", id("leftouter"))}, Right: id("U"), On: exprs(a)}), exact},
		{"op_union", tpipe(&UnionOp{Options: []*Option{opt("kind", id("outer")), opt("withsource", id("Src")), opt("isfuzzy", lit("bool", "true"))},
			Tables: exprs(id("A"), &Wildcard{Pattern: "Device*"}, paren(sub))}), exact},
		{"op_sort_top", tpipe(
			&SortOp{By: []*OrderExpr{order(a, "desc", "last"), order(b, "asc", "first"), order(id("c"), "", "")}},
			&TopOp{Count: num("5"), By: []*OrderExpr{order(a, "desc", "")}}), exact},
		{"op_top_nested", tpipe(&TopNestedOp{Levels: []*TopNestedLevel{
			{Count: num("5"), Of: bare(a), By: col("n", call("count")), Order: "desc"},
			{Of: col("k", b), Others: str("other"), By: bare(call("sum", id("x")))}}}), exact},
		{"op_take_distinct_count", tpipe(&TakeOp{Count: num("10")}, &DistinctOp{Columns: exprs(a, b)},
			&DistinctOp{Columns: exprs(&Wildcard{Pattern: "*"})}, &CountOp{}), exact},
		{"op_mv_expand", tpipe(&MvExpandOp{Options: []*Option{opt("kind", id("array")), opt("with_itemindex", id("i"))},
			Items: []*MvItem{{Name: id("x"), X: a, ToType: typ("long")}, {X: b}}, Limit: num("5")}), exact},
		{"op_mv_apply", tpipe(&MvApplyOp{Options: []*Option{opt("with_itemindex", id("i"))},
			Items: []*MvItem{{X: a, ToType: typ("string")}}, Limit: num("3"),
			Sub: pipe(nil, &TakeOp{Count: num("1")}, &ExtendOp{Columns: []*NamedExpr{col("y", num("1"))}})}), exact},
		{"op_parse", tpipe(
			&ParseOp{Options: []*Option{opt("kind", id("regex")), opt("flags", id("U"))}, X: a,
				Pattern: []Node{str("x="), &ColumnDecl{Name: id("v"), Type: typ("long")}, str(`\d+ "q"`), &Wildcard{Pattern: "*"}, &ColumnDecl{Name: id("rest")}}},
			&ParseOp{Where: true, X: call("tostring", b), Pattern: []Node{&Wildcard{Pattern: "*"}, str("k"), &ColumnDecl{Name: id("k")}}}), exact},
		{"op_parse_kv", tpipe(&ParseKvOp{X: a, Keys: &Type{Columns: []*ColumnDecl{decl("k1", "string"), decl("k2", "long")}},
			With: []*Option{opt("pair_delimiter", str(",")), opt("kv_delimiter", str("="))}}), exact},
		{"op_make_series", tpipe(
			&MakeSeriesOp{Options: []*Option{opt("kind", id("nonempty"))},
				Aggs: []*MakeSeriesAgg{{Name: id("n"), Agg: call("count"), Default: num("0")}, {Agg: call("avg", a)}},
				On:   id("ts"), From: call("ago", lit("timespan", "1d")), To: call("now"), Step: lit("timespan", "1h"),
				By: []*NamedExpr{bare(b)}},
			&MakeSeriesOp{Aggs: []*MakeSeriesAgg{{Agg: call("count")}}, On: id("ts"), Step: lit("timespan", "1h")},
			&MakeSeriesOp{Aggs: []*MakeSeriesAgg{{Agg: call("count")}}, On: id("ts"), InRange: true,
				From: call("ago", lit("timespan", "1d")), To: call("now"), Step: lit("timespan", "1h")}), exact},
		{"op_evaluate_invoke", tpipe(
			&EvaluateOp{Call: call("bag_unpack", a, col("columnsConflict", str("keep_source")))},
			&EvaluateOp{Options: []*Option{opt("hint.distribution", id("per_node"))}, Call: call("bag_unpack", b),
				Schema: &Type{Star: true, Columns: []*ColumnDecl{decl("x", "string")}}},
			&InvokeOp{Call: call("f", num("1"))},
			&EvaluateOp{Call: call("bag_unpack", a, &TypeOfExpr{Type: &Type{Star: true, Columns: []*ColumnDecl{decl("x", "string")}}})}), exact},
		{"op_render", tpipe(&RenderOp{Chart: "timechart", With: []*Option{opt("title", str("t \"x\"")),
			opt("ycolumns", &ListExpr{Elems: exprs(a, b)}), opt("kind", id("stacked"))}}, &RenderOp{Chart: "table"}), exact},
		{"op_misc", tpipe(&SerializeOp{}, &SerializeOp{Columns: []*NamedExpr{col("r", call("row_number"))}},
			&AsOp{Options: []*Option{opt("hint.materialized", lit("bool", "true"))}, Name: id("X")}, &GetSchemaOp{},
			&SampleOp{Count: num("5")}, &SampleDistinctOp{Count: num("3"), Of: a}), exact},
		{"op_search_find", query(
			stmt(pipe(id("T"), &SearchOp{Pred: bin(bin(id("Col"), ":", str("v")), "and", str("y"))})),
			stmt(&SearchOp{Options: []*Option{opt("kind", id("case_sensitive"))}, Tables: exprs(id("A"), id("B")), Pred: str("x")}),
			stmt(&FindOp{Options: []*Option{opt("withsource", id("S"))}, Tables: exprs(id("A"), &Wildcard{Pattern: "B*"}),
				Pred: bin(a, "==", num("1")), ProjectSmart: true}),
			stmt(&FindOp{Pred: bin(a, "==", num("1")), Project: exprs(a, b)})), exact},
		{"op_facet_fork_partition", tpipe(
			&FacetOp{Columns: exprs(a, b), With: pipe(nil, &TakeOp{Count: num("1")})},
			&ForkOp{Branches: []*NamedExpr{bare(pipe(nil, &WhereOp{Pred: a})), col("n2", pipe(nil, &TakeOp{Count: num("1")}))}},
			&PartitionOp{Options: []*Option{opt("hint.strategy", id("native"))}, By: a, Sub: pipe(nil, &TopOp{Count: num("3"), By: []*OrderExpr{order(b, "desc", "")}})},
			&PartitionOp{By: a, Braces: true, Sub: pipe(id("T"), &TakeOp{Count: num("1")})}), exact},
		{"op_facet_fork_partition_parens", tpipe(
			&FacetOp{Columns: exprs(a, b), With: paren(pipe(nil, &TakeOp{Count: num("1")}))},
			&ForkOp{Branches: []*NamedExpr{bare(paren(pipe(nil, &WhereOp{Pred: a}))), col("n2", paren(pipe(nil, &TakeOp{Count: num("1")})))}},
			&PartitionOp{Options: []*Option{opt("hint.strategy", id("native"))}, By: a, Sub: paren(pipe(nil, &TopOp{Count: num("3"), By: []*OrderExpr{order(b, "desc", "")}}))},
			&PartitionOp{By: a, Braces: true, Sub: pipe(id("T"), &TakeOp{Count: num("1")})}), reparen},
		{"op_scan", tpipe(&ScanOp{Options: []*Option{opt("with_match_id", id("Id"))},
			Declare: []*ColumnDecl{{Name: id("n"), Type: typ("long"), Default: num("0")}},
			Steps: []*ScanStep{
				{Name: id("s1"), Options: []*Option{opt("output", id("none"))}, Pred: bin(a, ">", num("1")),
					Assigns: []*NamedExpr{col("n", bin(&SelectorExpr{X: id("s1"), Sel: id("n")}, "+", num("1")))}},
				{Name: id("s2"), Pred: bin(a, "<", num("1"))}}}), exact},
	}
}

func tabularCases() []formatCase {
	schema := &Type{Columns: []*ColumnDecl{decl("a", "string"), decl("b c", "long")}}
	return []formatCase{
		{"tab_print_range", query(
			stmt(&PrintOp{Columns: []*NamedExpr{bare(num("1"))}}),
			stmt(pipe(&RangeOp{Name: id("x"), From: num("1"), To: num("10"), Step: num("1")}, &TakeOp{Count: num("1")}))), exact},
		{"tab_datatable", query(
			&LetStmt{Name: id("t"), Value: &DatatableExpr{Schema: schema, Values: exprs(str("x"), num("1"), str("y"), num("2"))}},
			stmt(&DatatableExpr{Schema: schema, Values: exprs(str("x"), num("1"))}),
			stmt(&DatatableExpr{Schema: schema})), exact},
		{"tab_externaldata", query(stmt(&ExternalDataExpr{Schema: schema,
			URIs: exprs(&Lit{Type: "string", Value: "https://x/y?sig=s", Obfuscated: true}, str("https://z")),
			With: []*Option{opt("format", str("csv")), opt("ignoreFirstRecord", lit("bool", "true"))}})), exact},
		{"tab_in_subquery", tpipe(&WhereOp{Pred: &InExpr{X: id("a"), Op: "in", List: exprs(
			pipe(id("U"), &ProjectOp{Columns: []*NamedExpr{bare(id("a"))}}))}},
			&WhereOp{Pred: &InExpr{X: id("b"), Op: "has_any", List: exprs(id("list"))}},
			&WhereOp{Pred: call("toscalar", pipe(id("U"), &CountOp{}))}), exact},
		{"tab_nested_pipes", query(stmt(pipe(
			paren(pipe(id("T"), &TakeOp{Count: num("1")})),
			&JoinOp{Right: paren(pipe(id("U"),
				&JoinOp{Right: paren(pipe(id("V"), &TakeOp{Count: num("2")})), On: exprs(id("b"))})), On: exprs(id("a"))}))), exact},
		{"tab_count_as", tpipe(&CountOp{Name: id("N")}), exact},
		{"tab_reduce_hitters_consume", tpipe(
			&ReduceOp{Options: []*Option{opt("kind", id("source"))}, By: id("m"), With: []*Option{opt("threshold", lit("real", "0.5")), opt("characters", str("x"))}},
			&TopHittersOp{Count: num("5"), Of: id("a"), By: call("sum", id("b"))},
			&TopHittersOp{Count: num("1"), Of: id("a")},
			&ConsumeOp{Options: []*Option{opt("decodeblocks", lit("bool", "true"))}}), exact},
		{"tab_graph", tpipe(
			&MakeGraphOp{Source: id("a"), Directed: true, Target: id("b c"),
				Nodes: []*GraphNodes{{Table: id("N"), Key: id("id")}, {Table: paren(pipe(id("M"), &TakeOp{Count: num("1")})), Key: id("k")}}},
			&MakeGraphOp{Source: id("a"), Target: id("b"), Options: []*Option{opt("with_node_id", id("n"))},
				PartitionBy: id("p"), Sub: pipe(nil, &TakeOp{Count: num("1")})},
			&GraphMatchOp{Options: []*Option{opt("cycles", id("none"))},
				Patterns: []*GraphPattern{
					{Nodes: []*GraphNode{{Name: id("x")}, {}, {Name: id("y")}},
						Edges: []*GraphEdge{{Dir: "->", Name: id("e"), Min: num("1"), Max: id("n")}, {Dir: "<-"}}},
					{Nodes: []*GraphNode{{Name: id("y")}, {Name: id("z")}}, Edges: []*GraphEdge{{Dir: "-", Min: num("2"), Max: num("3")}}},
				},
				Where:   bin(id("a"), "==", num("1")),
				Project: []*NamedExpr{bare(id("x"))}}), exact},
		{"tab_pipe_source_pipe", query(stmt(pipe(pipe(id("T"), &TakeOp{Count: num("1")}), &CountOp{}))), reparen},
	}
}

// goldenPath returns the golden file of a format case.
func goldenPath(name string) string {
	return filepath.Join("testdata", "printer", name+".kql")
}

func TestFormat(t *testing.T) {
	for _, tc := range formatCases() {
		t.Run(tc.name, func(t *testing.T) {
			got := Format(tc.node)
			path := goldenPath(tc.name)
			if *update {
				if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./kql -run TestFormat -update)", err)
			}
			if diff := cmp.Diff(strings.TrimSuffix(string(want), "\n"), got); diff != "" {
				t.Errorf("Format mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFormatParses checks what parsing the printed hand-built trees
// gives: the tree back (ignoring spans, or added parentheses), or an error
// for trees the printer refuses to spell.
func TestFormatParses(t *testing.T) {
	for i, tc := range formatCases() {
		t.Run(tc.name, func(t *testing.T) {
			text := Format(tc.node)
			got, err := Parse(text)
			if tc.rt == rejected {
				if err == nil {
					t.Fatalf("Parse(%q) succeeded; the printer let an invalid tree through", text)
				}
				if !strings.Contains(text, "#invalid") {
					t.Errorf("Format = %q, want an #invalid token", text)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(Format(tree)) failed: %v\ntext:\n%s", err, text)
			}
			switch tc.rt {
			case exact:
				if diff := cmp.Diff(tc.node, got, ignoreSpan); diff != "" {
					t.Errorf("Parse(Format(tree)) mismatch (-want +got):\n%s\ntext:\n%s", diff, text)
				}
			case reparen:
				if diff := cmp.Diff(unparen(formatCases()[i].node), unparen(got), ignoreSpan); diff != "" {
					t.Errorf("Parse(Format(tree)) mismatch ignoring parens (-want +got):\n%s\ntext:\n%s", diff, text)
				}
			}
			if again := Format(got); again != text {
				t.Errorf("Format not idempotent (-first +second):\n%s", cmp.Diff(text, again))
			}
		})
	}
}

// TestFormatNil checks that nil and typed-nil nodes print without panics.
func TestFormatNil(t *testing.T) {
	for _, n := range []Node{nil, (*Query)(nil), (*Ident)(nil), (*PipeExpr)(nil), (*WhereOp)(nil)} {
		if got := Format(n); got != "" {
			t.Errorf("Format(%#v) = %q, want \"\"", n, got)
		}
	}
	var empty []Node
	for _, n := range []Node{&Option{}, &OrderExpr{}, &Type{}, &ColumnDecl{}, &MvItem{}, &TopNestedLevel{},
		&MakeSeriesAgg{}, &ScanStep{}, &ExprStmt{}, &LetStmt{}, &PipeExpr{}, &CallExpr{}, &BagLit{Keys: []string{"k"}}} {
		if got := Format(n); got == "" {
			empty = append(empty, n)
		}
	}
	if len(empty) > 0 {
		t.Errorf("Format printed nothing for %v", empty)
	}
}

// TestQuoteString checks the escaping of string values.
func TestQuoteString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `""`},
		{`a"b`, `"a\"b"`},
		{`a\b`, `"a\\b"`},
		{"a\nb\rc\td", `"a\nb\rc\td"`},
		{"\x00\x1f\x7f", `"\u0000\u001f\u007f"`},
		{"\u2028\u202e", `"\u2028\u202e"`},
		{"é🙂", `"é🙂"`},
		{"\xff", `"\ufffd"`},
		{"'", `"'"`},
	}
	for _, tt := range tests {
		if got := QuoteString(tt.in); got != tt.want {
			t.Errorf("QuoteString(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestQuoteName checks which names are quoted.
func TestQuoteName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"DeviceName", "DeviceName"},
		{"_x1", "_x1"},
		{"where", "['where']"},
		{"True", "['True']"},
		{"$left", "$left"},
		{"$other", "$other"},
		{"$x y", "['$x y']"},
		{"x y", "['x y']"},
		{"it's", `['it\'s']`},
		{`a\b`, `['a\\b']`},
		{"']; print 1 //", `['\']; print 1 //']`},
		{"", "['']"},
	}
	for _, tt := range tests {
		if got := QuoteName(tt.in); got != tt.want {
			t.Errorf("QuoteName(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// BenchmarkFormat prints every parsed corpus query once per iteration.
func BenchmarkFormat(b *testing.B) {
	var trees []*Query
	for _, path := range corpusFiles(b, "valid") {
		q, err := Parse(readFile(b, path))
		if err != nil {
			b.Fatalf("%s: %v", path, err)
		}
		trees = append(trees, q)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, q := range trees {
			Format(q)
		}
	}
}
