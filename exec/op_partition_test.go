package exec

import "testing"

func TestPartition(t *testing.T) {
	runCases(t, nil, []queryCase{
		{"top per partition", events + `E | partition hint.strategy=native by Dev (top 1 by N desc | project Dev, N)`, `
			Dev:string, N:long
			["d1",4]
			["d2",3]
			["d3",null]`},
		{"default strategy summarize", events + `E | partition by User (summarize c = count(), s = sum(N))`, `
			c:long, s:long
			[3,8]
			[1,2]
			[1,0]`},
		{"shuffle", events + `E | partition hint.strategy=shuffle by Dev (count)`, `
			Count:long
			[3]
			[1]
			[1]`},
		// The reference's legacy example: the key column is a scalar in the subquery.
		{"braces legacy", events + `range x from 1 to 3 step 2 | partition hint.strategy=legacy by x { E | where N == x | project Dev, N }`, `
			Dev:string, N:long
			["d1",1]
			["d2",3]`},
		{"braces toscalar", events + `range x from 2 to 2 step 1 | partition by x { E | where N == toscalar(x) | project N }`, `
			N:long
			[2]`},
		{"empty input", events + `E | where N > 100 | partition by Dev (take 1)`, `
			Dev:string, User:string, N:long, T:datetime`},
		{"braces native", `range x from 1 to 2 step 1 | partition hint.strategy=native by x { print 1 }`, `error: hint.strategy=legacy`},
		{"unknown column", `range x from 1 to 2 step 1 | partition by y (take 1)`, `error: unknown column`},
	})
}
