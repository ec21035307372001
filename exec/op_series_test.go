package exec

import "testing"

func TestMakeSeriesMvApply(t *testing.T) {
	runCases(t, nil, []queryCase{
		{"make-series", events + `E | make-series count() default=0 on T from datetime(2024-01-01 10:00) to datetime(2024-01-01 13:00) step 1h by Dev | order by Dev asc`, `
			Dev:string, count_:dynamic, T:dynamic
			["d1",[2,0,1],["2024-01-01T10:00:00.0000000Z","2024-01-01T11:00:00.0000000Z","2024-01-01T12:00:00.0000000Z"]]
			["d2",[0,1,0],["2024-01-01T10:00:00.0000000Z","2024-01-01T11:00:00.0000000Z","2024-01-01T12:00:00.0000000Z"]]
			["d3",[0,0,1],["2024-01-01T10:00:00.0000000Z","2024-01-01T11:00:00.0000000Z","2024-01-01T12:00:00.0000000Z"]]`},
		{"make-series sum no range", `range x from 1 to 4 step 1 | extend k = x % 2 | make-series s = sum(x) on x step 2 by k | order by k asc`, `
			k:long, s:dynamic, x:dynamic
			[0,[0,2,4],[0,2,4]]
			[1,[1,3,0],[0,2,4]]`},
		{"mv-apply summarize", `datatable(id:long, xs:dynamic)[1, dynamic([1,2,3]), 2, dynamic([10])] | mv-apply x = xs to typeof(long) on (summarize s = sum(x))`, `
			id:long, xs:dynamic, s:long
			[1,[1,2,3],6]
			[2,[10],10]`},
		{"mv-apply top", `datatable(id:long, xs:dynamic)[1, dynamic([5,9,7])] | mv-apply xs to typeof(long) on (top 2 by xs)`, `
			id:long, xs:long
			[1,9]
			[1,7]`},
	})
}
