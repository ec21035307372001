package exec

import "testing"

const joinTables = `let L = datatable(k:string, a:long)["x", 1, "x", 2, "y", 3, "z", 4];
let R = datatable(k:string, b:long)["x", 10, "x", 11, "y", 20, "w", 30];
`

func TestJoin(t *testing.T) {
	runCases(t, nil, []queryCase{
		{"innerunique default", joinTables + `L | join R on k | order by a asc, b asc`, `
			k:string, a:long, k1:string, b:long
			["x",1,"x",10]
			["x",1,"x",11]
			["y",3,"y",20]`},
		{"inner", joinTables + `L | join kind=inner R on k | order by a asc, b asc | project a, b`, `
			a:long, b:long
			[1,10]
			[1,11]
			[2,10]
			[2,11]
			[3,20]`},
		{"leftouter", joinTables + `L | join kind=leftouter R on k | where a > 2 | order by a asc | project a, b`, `
			a:long, b:long
			[3,20]
			[4,null]`},
		{"rightouter", joinTables + `L | join kind=rightouter R on k | where isnull(a) | project k1, b`, `
			k1:string, b:long
			["w",30]`},
		{"fullouter", joinTables + `L | join kind=fullouter R on k | summarize count()`, `
			count_:long
			[7]`},
		{"leftanti", joinTables + `L | join kind=leftanti R on k`, `
			k:string, a:long
			["z",4]`},
		{"rightanti", joinTables + `L | join kind=rightanti R on k`, `
			k:string, b:long
			["w",30]`},
		{"leftsemi", joinTables + `L | join kind=leftsemi R on k | project a`, `
			a:long
			[1]
			[2]
			[3]`},
		{"rightsemi", joinTables + `L | join kind=rightsemi R on k | project b`, `
			b:long
			[10]
			[11]
			[20]`},
		{"left right keys", joinTables + `L | join kind=inner (R | project kk = k, b) on $left.k == $right.kk | summarize count()`, `
			count_:long
			[5]`},
		// Result names as Kusto.Language gives them: a clashing right
		// column takes a number neither side uses, and lookup drops the
		// right key of $left.x == $right.y too.
		{"renamed right column skips the right's own names", `let X = datatable(Key:string, V:long)["a",1]; let Y = datatable(Key:string, V:string, Key1:long)["a","v",7]; X | join kind=inner Y on Key`, `
			Key:string, V:long, Key2:string, V1:string, Key1:long
			["a",1,"a","v",7]`},
		{"lookup drops a differently named right key", `let X = datatable(Key:string, V:long)["a",1, "b",2]; let Y = datatable(K:string, W:string)["a","w"]; X | lookup Y on $left.Key == $right.K`, `
			Key:string, V:long, W:string
			["a",1,"w"]
			["b",2,""]`},
		// https://learn.microsoft.com/kusto/query/join-innerunique: the
		// left side keeps one row per key.
		{"innerunique page", `let X = datatable(Key:string, Value1:long)['a',1,'b',2,'b',3,'c',4]; let Y = datatable(Key:string, Value2:long)['b',10,'c',20,'c',30,'d',40]; X | join Y on Key | order by Value2 asc`, `
			Key:string, Value1:long, Key1:string, Value2:long
			["b",2,"b",10]
			["c",4,"c",20]
			["c",4,"c",30]`},
		{"null keys never match", `let X = datatable(k:long, a:long)[long(null),1, 2,2]; let Y = datatable(k:long, b:long)[long(null),10, 2,20]; X | join kind=inner Y on k`, `
			k:long, a:long, k1:long, b:long
			[2,2,2,20]`},
		{"lookup", joinTables + `L | lookup (R | summarize b = max(b) by k) on k | order by a asc`, `
			k:string, a:long, b:long
			["x",1,11]
			["x",2,11]
			["y",3,20]
			["z",4,null]`},
		// The operators after a join read only the columns they name; the
		// join gathers no others (not even its keys).
		{"inner then count", joinTables + `L | join kind=inner R on k | count`, `
			Count:long
			[5]`},
		{"renamed right key after join", joinTables + `L | join kind=rightouter R on k | summarize count() by k1 | order by k1 asc`, `
			k1:string, count_:long
			["w",1]
			["x",4]
			["y",1]`},
		{"two-column keys with nulls", `let A = datatable(s:string, n:long, a:long)["", 1, 1, "p", 1, 2, "p", long(null), 3, "q", 2, 4];
let B = datatable(s:string, n:long, b:long)["", 1, 10, "p", 1, 20, "p", 1, 21, "p", long(null), 30, "q", 2, 40];
A | join kind=inner B on s, n | project a, b | order by a asc, b asc`, `
			a:long, b:long
			[1,10]
			[2,20]
			[2,21]
			[4,40]`},
		{"leftouter with null key", `let A = datatable(n:long, a:long)[1, 1, long(null), 2, 3, 3];
let B = datatable(n:long, b:long)[1, 10, 1, 11, long(null), 20];
A | join kind=leftouter B on n | project a, b | order by a asc, b asc`, `
			a:long, b:long
			[1,10]
			[1,11]
			[2,null]
			[3,null]`},
		{"union outer", `union (print a = 1), (print a = "x", b = 2)`, `
			a_long:long, a_string:string, b:long
			[1,"",null]
			[null,"x",2]`},
		{"union withsource", joinTables + `union withsource=Src L, R | summarize count() by Src | order by Src asc`, `
			Src:string, count_:long
			["L",4]
			["R",4]`},
		{"union inner", joinTables + `union kind=inner L, R | count`, `
			Count:long
			[8]`},
	})
}

// A summarize grouping only by a column of the join's build side reads
// it as indices into the build column: two build rows holding the same
// value must share a group, and a missing build row (outer kinds) groups
// with "" as a null string does. The probe side comes in two batches.
const joinDictTables = `let D = datatable(Dev:string, OS:string)["a","Win", "b","Win", "c","Lin", "d","", "e",""];
let P = union (datatable(Dev:string, n:long)["a",1, "b",2, "b",3]), (datatable(Dev:string, n:long)["c",4, "d",5, "q",6]);
`

func TestJoinSummarizeByBuildColumn(t *testing.T) {
	runCases(t, nil, []queryCase{
		{"inner", joinDictTables + `P | join kind=inner D on Dev | summarize c = count(), s = sum(n) by OS | order by OS asc`, `
			OS:string, c:long, s:long
			["",1,5]
			["Lin",1,4]
			["Win",3,6]`},
		{"leftouter null build row", joinDictTables + `P | join kind=leftouter D on Dev | summarize c = count(), s = sum(n) by OS | order by OS asc`, `
			OS:string, c:long, s:long
			["",2,11]
			["Lin",1,4]
			["Win",3,6]`},
		{"rightouter", joinDictTables + `P | join kind=rightouter D on Dev | summarize c = count(), s = sum(n) by OS | order by OS asc`, `
			OS:string, c:long, s:long
			["",2,5]
			["Lin",1,4]
			["Win",3,6]`},
		{"fullouter", joinDictTables + `P | join kind=fullouter D on Dev | summarize c = count(), s = sum(n) by OS | order by OS asc`, `
			OS:string, c:long, s:long
			["",3,11]
			["Lin",1,4]
			["Win",3,6]`},
		{"two keys", joinDictTables + `P | join kind=inner D on Dev | summarize c = count() by OS, n | order by OS asc, n asc`, `
			OS:string, n:long, c:long
			["",5,1]
			["Lin",4,1]
			["Win",1,1]
			["Win",2,1]
			["Win",3,1]`},
		{"key also aggregated", joinDictTables + `P | join kind=inner D on Dev | summarize c = dcount(OS) by OS | order by OS asc`, `
			OS:string, c:long
			["",1]
			["Lin",1]
			["Win",1]`},
	})
}
