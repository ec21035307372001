package exec

import "testing"

func TestProject(t *testing.T) {
	runCases(t, nil, []queryCase{
		{"rename and expr", people + `T | project Name, Older = Age + 1 | take 2`, `
			Name:string, Older:long
			["alice",31]
			["Bob",26]`},
		// strlen names its result strlen_<arg> (Kusto.Language's result
		// naming); an arithmetic expression has no name.
		{"auto name", people + `T | project strlen(Name), Age * 2 | take 1`, `
			strlen_Name:long, Column1:long
			[5,60]`},
		// Kusto.Language's naming: project numbers a derived name that is
		// taken (d_x1, x1), print calls every unnamed column print_N.
		{"derived names numbered", `datatable(x:long, d:dynamic)[1, dynamic({"x":2})] | project d.x, d.x, tostring(x), x, gettype(x), round(x), bin(x, 1)`, `
			d_x:dynamic, d_x1:dynamic, x:string, x1:long, type_x:string, x2:long, x3:long
			[2,2,"1",1,"long",1,1]`},
		{"project a column twice", `datatable(x:long)[1] | project x, x`, `error: defined twice`},
		{"print names let values print_N", `let x = 1; print x, strlen("ab"), y = 2`, `
			print_0:long, print_1:long, y:long
			[1,2,2]`},
		{"extend derived name replaces", `datatable(x:long)[1] | extend tostring(x)`, `
			x:string
			["1"]`},
		{"extend chain", people + `T | extend A2 = Age * 2, A3 = A2 + 1 | project A3 | take 1`, `
			A3:long
			[61]`},
		{"extend replaces", people + `T | extend Age = Age * 10 | project Name, Age | take 1`, `
			Name:string, Age:long
			["alice",300]`},
		{"project-away wildcard", people + `T | project-away C*, Score | take 1`, `
			Name:string, Age:long
			["alice",30]`},
		{"project-keep", people + `T | project-keep N*, *ore | take 1`, `
			Name:string, Score:real
			["alice",1.5]`},
		{"project-rename", people + `T | project-rename Who = Name | take 1`, `
			Who:string, Age:long, City:string, Score:real
			["alice",30,"Paris",1.5]`},
		{"project-reorder", people + `T | project-reorder Score, City | take 1`, `
			Score:real, City:string, Name:string, Age:long
			[1.5,"Paris","alice",30]`},
		// The modulo is never negative (0 <= N % D < abs(D)):
		// https://learn.microsoft.com/en-us/kusto/query/numerical-operators
		{"int division by zero", `print a = 1 / 0, b = 1.0 / 0, c = -7 / 2, d = -7 % 3`, `
			a:long, b:real, c:long, d:long
			[null,"Infinity",-3,2]`},
		{"datetime arithmetic", `print d = datetime(2024-01-02) - datetime(2024-01-01), e = datetime(2024-01-01) + 1h`, `
			d:timespan, e:datetime
			["1.00:00:00","2024-01-01T01:00:00.0000000Z"]`},
		{"iff and case", people + `T | project r = iff(Age > 28, "old", "young"), c = case(Age < 26, 1, Age < 35, 2, 3)`, `
			r:string, c:long
			["old",2]
			["young",1]
			["young",3]
			["old",3]`},
		{"dynamic access", `print d = dynamic({"a":{"b":[1,2,3]},"c":"x"}) | project x = d.a.b[1], y = d["c"], z = d.nope, n = array_length(d.a.b)`, `
			x:dynamic, y:dynamic, z:dynamic, n:long
			[2,"x",null,3]`},
		{"parse_json member", `print s = '{"k": [10, 20]}' | project v = toint(parse_json(s).k[-1])`, `
			v:int
			[20]`},
		{"tostring and strcat", `print a = strcat("x", 1, 2.5, true), b = tostring(datetime(2024-01-01)), c = tostring(1h)`, `
			a:string, b:string, c:string
			["x12.5true","2024-01-01T00:00:00Z","01:00:00"]`},
		{"let scalar and function", `let k = 10; let f = (x:long) { x * k }; print r = f(3)`, `
			r:long
			[30]`},
		{"tabular let and toscalar", people + `let m = toscalar(T | summarize max(Age)); T | where Age == m | project Name`, `
			Name:string
			["dave-x"]`},
		{"unknown function", `print x = nosuch(1)`, `error: unknown function "nosuch"`},
		{"wrong arity", `print x = strlen("a", "b")`, `error: strlen(): expects 1 argument, got 2`},
		{"bin negative", `print a = bin(-1, 10), b = bin(7.5, 2), c = bin(datetime(2024-01-01 10:37), 1h)`, `
			a:long, b:real, c:datetime
			[-10,6,"2024-01-01T10:00:00.0000000Z"]`},
		{"range", `range x from 1 to 7 step 3`, `
			x:long
			[1]
			[4]
			[7]`},
		{"serialize row_number prev", people + `T | serialize | extend rn = row_number(), p = prev(Name) | project rn, p`, `
			rn:long, p:string
			[1,""]
			[2,"alice"]
			[3,"Bob"]
			[4,"carol"]`},
	})
}
