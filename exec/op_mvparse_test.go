package exec

import "testing"

func TestMvExpandParse(t *testing.T) {
	runCases(t, nil, []queryCase{
		{"array", `datatable(k:string, a:dynamic)["x", dynamic([1,2]), "y", dynamic([]), "z", dynamic(null)] | mv-expand a`, `
			k:string, a:dynamic
			["x",1]
			["x",2]
			["z",null]`},
		{"typed with index", `datatable(a:dynamic)[dynamic([10,"b",30])] | mv-expand with_itemindex=i a to typeof(long)`, `
			a:long, i:long
			[10,0]
			[null,1]
			[30,2]`},
		{"bag and parallel", `print b = dynamic({"p":1,"q":2}), c = dynamic([7]) | mv-expand b, c`, `
			b:dynamic, c:dynamic
			[{"p":1},7]
			[{"q":2},null]`},
		{"bag as array with limit", `print b = dynamic({"p":1,"q":2}) | mv-expand kind=array b limit 1`, `
			b:dynamic
			[["p",1]]`},
		{"named expr", `print s = "a,b" | mv-expand p = split(s, ",") | project p`, `
			p:dynamic
			["a"]
			["b"]`},
		{"parse simple", `print s = "user=bob id=42 rest" | parse s with "user=" User " id=" Id:long " " *`, `
			s:string, User:string, Id:long
			["user=bob id=42 rest","bob",42]`},
		{"parse no match", `print s = "nothing" | parse s with "user=" User | project User`, `
			User:string
			[""]`},
		{"parse-where", `datatable(s:string)["a=1", "b", "a=3"] | parse-where s with "a=" V:int | project V`, `
			V:int
			[1]
			[3]`},
		{"parse regex", `print s = "ip 10.0.0.1 port 80" | parse kind=regex s with @"ip " Ip @" port " Port:long | project Ip, Port`, `
			Ip:string, Port:long
			["10.0.0.1",80]`},
		// https://learn.microsoft.com/kusto/query/parse-operator, regex
		// mode: a string column is greedy (flags=U makes it lazy), and
		// the pattern's own groups do not shift the columns.
		{"parse regex string column is greedy", `print s = "a=x, b=y, c=z" | parse kind=regex s with * "a=" A ',' * | project A`, `
			A:string
			["x, b=y"]`},
		{"parse regex flags U", `print s = "a=x, b=y, c=z" | parse kind=regex flags=Ui s with * "A=" A ',' * | project A`, `
			A:string
			["x"]`},
		{"parse regex own groups", `print s = "k: v=7, w=8" | parse kind=regex s with "(.*?)[a-z]=" V:long "(, )?w=" W:long | project V, W`, `
			V:long, W:long
			[7,8]`},
		{"parse regex without s flag", "print s = \"a=x\\ny\" | parse kind=regex s with \"a=\" A \"$\" | project A", `
			A:string
			[""]`},
		{"parse regex with s flag", "print s = \"a=x\\ny\" | parse kind=regex flags=s s with \"a=\" A \"$\" | project A", `
			A:string
			["x\ny"]`},
		// Same page, relaxed mode: a typed column that does not convert
		// is null and the others still parse.
		{"parse relaxed", `print s = "n=bad, m=5, t=nope, u=2016-02-17" | parse kind=relaxed s with "n=" N:long ", m=" M:long * "t=" T:datetime ", u=" U:datetime | project N, M, T, U`, `
			N:long, M:long, T:datetime, U:datetime
			[null,5,null,"2016-02-17T00:00:00.0000000Z"]`},
		{"parse simple strict", `print s = "n=bad, m=5" | parse s with "n=" N:long ", m=" M:long | project N, M`, `
			N:long, M:long
			[null,null]`},
	})
}
