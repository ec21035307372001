package exec

import "testing"

// TestSemanticErrors pins queries that Kusto's analyzer (Kusto.Language,
// the one inside the service) rejects although they parse: the engine
// must reject them too while compiling, before any row is read, with the
// position of the offending syntax and a message naming what is wrong.
// Each verdict was checked with Kusto.Language 12.4.1.
func TestSemanticErrors(t *testing.T) {
	runCases(t, nil, []queryCase{
		// String operators take strings (or dynamic values) only.
		{"has on a long", `print 1 has "a"`, `error: 1:7: operator "has" needs string operands, got long and string`},
		{"contains with a long pattern", `print "a" contains 1`, `error: 1:7: operator "contains" needs string operands`},
		{"=~ on a datetime", `print now() =~ "a"`, `error: 1:7: operator "=~" needs string operands, got datetime`},
		{"in~ on a long", `print 1 in~ ("a")`, `error: 1:7: operator "in~" needs a string operand, got long`},
		{"has_any on a long", `print 1 has_any ("a")`, `error: 1:7: operator "has_any" needs a string operand`},
		// Ordering: no strings, guids, or dynamic against a datetime.
		{"string < string", `print "a" < "b"`, `error: 1:7: cannot compare string and string with "<"`},
		{"guid < guid", `print guid(00000000-0000-0000-0000-000000000000) < guid(00000000-0000-0000-0000-000000000000)`, `error: 1:7: cannot compare guid and guid`},
		{"dynamic > datetime", `print dynamic(1) > now()`, `error: 1:7: cannot compare dynamic and datetime with ">"`},
		{"dynamic + string", `print dynamic(1) + "a"`, `error: 1:7: operator "+" cannot be applied to dynamic and string`},
		{"between strings", `print "b" between ("a" .. "c")`, `error: 1:7: operator "between" cannot be applied to string`},
		// Predicates and names.
		{"where on a dynamic", `print x=dynamic(true) | where x`, `error: 1:31: where needs a bool predicate, got dynamic`},
		{"bare null is no literal", `print x=1 | where null`, `error: 1:19: unknown column "null"`},
		{"iff on a dynamic condition", `print iff(dynamic(true), 1, 2)`, `error: 1:7: iff(): argument 1 must be bool, got dynamic`},
		// Grouping and ordering by dynamic values.
		{"summarize by dynamic", `print x=dynamic(1) | summarize count() by x`, `error: 1:43: summarize: cannot group by a dynamic value`},
		{"distinct dynamic", `print x=dynamic(1) | distinct x`, `error: 1:31: distinct: cannot group by a dynamic value`},
		{"sort by dynamic", `print x=dynamic(1) | sort by x`, `error: 1:30: sort: cannot order by a dynamic value`},
		// Names declared twice.
		{"extend a name twice", `print x=1 | extend y=1, y=2`, `error: 1:25: extend: column "y" is defined twice`},
		{"summarize a name twice", `print x=1 | summarize c=count(), c=sum(x)`, `error: 1:34: summarize: a column named "c" is already declared`},
		{"project-rename onto a column", `print x=1, y=2 | project-rename x=y`, `error: 1:33: project-rename: a column named "x" is already declared`},
		{"project-reorder a column twice", `print x=1 | project-reorder x, x`, `error: 1:32: project-reorder: column "x" is listed twice`},
		// Row counts, joins, ranges, datatable.
		{"take a real", `print x=1 | take 1.5`, `error: 1:18: take expects an integer number of rows, got real`},
		{"top a string", `print x=1 | top "1" by x`, `error: 1:17: top expects an integer number of rows, got string`},
		{"join keys long and real", `print x=1 | join (print x=1.5) on x`, `error: 1:35: join keys have types long and real`},
		{"join a common column of int and long", `print x=1 | join (print x=int(1)) on x`, `error: 1:38: join keys have types long and int`},
		{"join on dynamic", `print x=1 | join (print y=dynamic(1)) on $left.x == $right.y`, `error: 1:42: join keys cannot be dynamic`},
		{"join $right first", `print x=1 | join (print y=1) on $right.y == $left.x`, `error: 1:33: join condition must compare $left.column with $right.column`},
		{"range over strings", `range i from "a" to "b" step 1`, `error: 1:14: range needs numbers, datetimes or timespans, got string`},
		{"range of datetimes by a long", `range i from now() to now() step 1`, `error: 1:34: range over datetime needs a timespan step, got long`},
		{"datatable value not a literal", `datatable(a:long)[1 + 1]`, `error: 1:19: datatable values must be literals`},
		// Functions: dynamic needs a conversion for a non-string parameter;
		// array and bag parameters need a dynamic value.
		{"abs of dynamic", `print x=dynamic(1) | extend y = abs(x)`, `error: 1:33: abs(): argument 1 must be a number, got dynamic`},
		{"startofday of dynamic", `print x=dynamic(1) | extend y = startofday(x)`, `error: 1:33: startofday(): argument 1 must be datetime, got dynamic`},
		{"array_length of a long", `print array_length(1)`, `error: 1:7: array_length(): argument 1 must be dynamic, got long`},
		{"bag_keys of a string", `print bag_keys("a")`, `error: 1:7: bag_keys(): argument 1 must be dynamic, got string`},
		{"parse_json of a long", `print parse_json(1)`, `error: 1:7: parse_json(): argument 1 must be string, got long`},
		{"pack_array without arguments", `print pack_array()`, `error: 1:7: pack_array(): expects at least 1`},
		{"coalesce of one value", `print coalesce(1)`, `error: 1:7: coalesce(): expects at least 2 arguments, got 1`},
		{"iff branches of two types", `print iff(true, "a", 1)`, `error: 1:7: iff(): argument 3 has type long, expected string`},
		{"case value of another type", `print case(true, "a", false, 1, "c")`, `error: 1:7: case(): argument 4 has type long, expected string`},
		{"case else of another type", `print case(true, "a", false, "b", 3)`, `error: 1:7: case(): argument 5 has type long, expected string`},
		{"coalesce of two types", `print coalesce("a", 1)`, `error: 1:7: coalesce(): argument 2 has type long, expected string`},
		{"range() of a string", `print range(1, "5")`, `error: 1:7: range(): argument 2 must be a number, datetime or timespan, got string`},
		{"bin of a datetime by a long", `print bin(now(), 1)`, `error: 1:7: bin(): argument 2 must be timespan, got long`},
		{"sum of dynamic", `print x=dynamic(1) | summarize sum(x)`, `error: 1:32: sum(): argument 1 must be real, got dynamic`},
		// Operator options and shapes.
		{"mv-expand kind=foo", `print x=dynamic([1]) | mv-expand kind=foo x`, `error: 1:34: mv-expand: kind must be bag or array, got "foo"`},
		{"parse kind=foo", `print x="1" | parse kind=foo x with "a" y`, `error: 1:21: parse: kind must be simple, regex or relaxed, got "foo"`},
		{"render an unknown chart", `print x=1 | render foochart`, `error: 1:13: render: unknown visualization "foochart"`},
		{"datatable declares a column twice", `datatable(a:long, a:long)[1, 2]`, `error: 1:19: column "a" is declared twice`},
		{"make-series over a string axis", `print x=1, t="a" | make-series s=sum(x) on t step 1h`, `error: 1:44: make-series: the axis must be a number, datetime or timespan, got string`},
		{"make-series of datetimes by a long step", `print x=1, t=now() | make-series s=sum(x) on t step 1`, `error: 1:53: make-series: the step of a datetime axis cannot be long`},
		{"make-series of datetimes from a long", `print x=1, t=now() | make-series s=sum(x) on t from 1 to 10 step 1h`, `error: 1:53: make-series: a bound of a datetime axis must be datetime, got long`},
		{"summarize a bare column", `print x=1 | summarize x`, `error: 1:23: summarize: column "x" must be inside an aggregate function or in by`},
		{"summarize a function of a column", `print x=1 | summarize tostring(x)`, `error: 1:32: summarize: column "x" must be inside an aggregate function or in by`},
		{"max of dynamic", `print x=dynamic(1) | summarize max(x)`, `error: 1:32: max(): argument 1 must be a number, string, bool, datetime or timespan, got dynamic`},
	})
}

// TestSemanticAccepts pins near neighbours of TestSemanticErrors that
// Kusto.Language accepts: implicit conversions and the forms it allows.
func TestSemanticAccepts(t *testing.T) {
	runCases(t, nil, []queryCase{
		{"string operators on dynamic", `print a = dynamic("ab") has "ab", b = dynamic(1) contains "1", c = "a" =~ dynamic("A")`, `
			a:bool, b:bool, c:bool
			[true,true,true]`},
		{"ordering numbers, bools, datetimes, dynamic against a number", `print a = int(1) < 1.5, b = false < true, c = now() > ago(1d), d = dynamic(2) > 1`, `
			a:bool, b:bool, c:bool, d:bool
			[true,true,true,true]`},
		{"between datetime and a timespan", `print a = datetime(2024-01-01 10:00) between (datetime(2024-01-01) .. 1d), b = datetime(2024-01-03) between (datetime(2024-01-01) .. 1d)`, `
			a:bool, b:bool
			[true,false]`},
		{"dynamic arithmetic with a datetime", `print x = dynamic(1) + 1`, `
			x:dynamic
			[2]`},
		{"and with a dynamic operand", `print x = dynamic(true) and true`, `
			x:bool
			[true]`},
		{"where on a converted dynamic", `print x=dynamic(true) | where tobool(x) | project y = 1`, `
			y:long
			[1]`},
		{"extend replaces an input column", `print x=1 | extend x = 2`, `
			x:long
			[2]`},
		{"take an int", `print x=1 | take int(2)`, `
			x:long
			[1]`},
		{"join $left int and $right long", `print x=int(1) | join (print y=1) on $left.x == $right.y`, `
			x:int, y:long
			[1,1]`},
		{"join on a and b", `print x=1, y=2 | join (print x=1, y=2) on x and $left.y == $right.y | project x`, `
			x:long
			[1]`},
		{"datatable converts numbers", `datatable(a:int, b:real, c:decimal)[1, 2, 3]`, `
			a:int, b:real, c:decimal
			[1,2,"3"]`},
		{"toupper and strlen of dynamic", `print x=dynamic("ab") | extend u = toupper(x), l = strlen(x)`, `
			x:dynamic, u:string, l:long
			["ab","AB",2]`},
		{"array functions of parse_json", `print n = array_length(parse_json("[1,2]"))`, `
			n:long
			[2]`},
		{"dynamic_to_json of a long", `print s = dynamic_to_json(1)`, `
			s:string
			["1"]`},
		{"array_split by a long", `print a = array_split(dynamic([1,2,3]), 1)`, `
			a:dynamic
			[[[1],[2,3]]]`},
		// https://learn.microsoft.com/kusto/query/summarize-operator: the
		// aggregations may be expressions over aggregates.
		{"summarize expressions over aggregates", `range x from 1 to 10 step 1 | summarize pct = 100.0 * countif(x > 3) / count(), count() + 1, tostring(sum(x)) by k = x % 2`, `
			k:long, pct:real, Column1:long, sum_x:string
			[1,60,6,"25"]
			[0,80,6,"30"]`},
		{"join on a dynamic column of both sides", `print x=dynamic(1) | join (print x=dynamic(1)) on x | project y = 1`, `
			y:long
			[1]`},
		{"summarize a constant expression", `print x=1 | summarize strlen("a")`, `
			strlen_:long
			[1]`},
		{"summarize a function of an aggregate", `print x=1 | summarize dcount_hll(hll(x))`, `
			dcount_hll_hll_x:long
			[1]`},
	})
}
