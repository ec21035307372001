package exec

import "testing"

func TestFacet(t *testing.T) {
	runMultiCases(t, []multiCase{
		// The reference's examples: facet by columns, and with a subquery.
		{"by columns", events + `E | facet by Dev, User`, `
			name=Dev
			Dev:string, count_Dev:long
			["d1",3]
			["d2",1]
			["d3",1]

			name=User
			User:string, count_User:long
			["u1",3]
			["u2",1]
			["",1]`},
		{"with subquery", events + `E | where N > 1 | facet by Dev with (project Dev, N | take 2)`, `
			name=
			Dev:string, N:long
			["d1",2]
			["d2",3]

			name=Dev
			Dev:string, count_Dev:long
			["d1",2]
			["d2",1]`},
	})
	runCases(t, nil, []queryCase{
		{"eval first table", events + `E | facet by User`, `
			User:string, count_User:long
			["u1",3]
			["u2",1]
			["",1]`},
		{"not a column", events + `E | facet by N + 1`, `error: facet expects column names`},
	})
}
