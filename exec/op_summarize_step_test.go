package exec

import "testing"

// TestSummarizeSteps checks that partial steps over two halves, unioned
// and merged by a final step, give the complete step's answer.
func TestSummarizeSteps(t *testing.T) {
	const aggs = `count(), sum(N), dcount(User), make_set(User), avg(N), max(T), countif(N > 1), stdev(N)`
	split := events + `let P = (lo:long, hi:long) { E | serialize | extend rn = row_number() | where rn between (lo .. hi) | project-away rn | summarize hint.crosshunt.step=partial ` + aggs + ` by Dev };
union P(1, 2), P(3, 5) | summarize hint.crosshunt.step=final ` + aggs + ` by Dev | order by Dev asc`
	complete := events + `E | summarize ` + aggs + ` by Dev | order by Dev asc`
	want := `
		Dev:string, count_:long, sum_N:long, dcount_User:long, set_User:dynamic, avg_N:real, max_T:datetime, countif_:long, stdev_N:real
		["d1",3,7,2,["u1","u2"],2.3333333333333335,"2024-01-01T12:00:00.0000000Z",2,1.5275252316519468]
		["d2",1,3,1,["u1"],3,"2024-01-01T11:10:00.0000000Z",1,0]
		["d3",1,0,1,[""],null,"2024-01-01T12:30:00.0000000Z",0,null]`
	runCases(t, nil, []queryCase{
		{"complete", complete, want},
		{"partial then final", split, want},
	})
}
