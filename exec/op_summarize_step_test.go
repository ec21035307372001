package exec

import (
	"strings"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/google/go-cmp/cmp"
)

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
		["d3",1,0,1,[""],"NaN","2024-01-01T12:30:00.0000000Z",0,0]`
	runCases(t, nil, []queryCase{
		{"complete", complete, want},
		{"partial then final", split, want},
	})
}

// stepData has a column of each kind the aggregates read; W is a weight,
// Bag a property bag, H and TD are hll and tdigest states.
const stepData = `let S0 = datatable(Dev:string, User:string, N:long, R:real, T:datetime, Bag:dynamic)
[
  "d1", "u1", 1, 1.5, datetime(2024-01-01 10:05), dynamic({"a":1}),
  "d1", "u2", 2, 2.5, datetime(2024-01-01 10:50), dynamic({"b":2}),
  "d2", "u1", 3, 0.5, datetime(2024-01-01 11:10), dynamic({"c":[1,2]}),
  "d1", "u1", 4, 8.0, datetime(2024-01-01 12:00), dynamic({"a":3}),
  "d3", "",   long(null), real(null), datetime(2024-01-01 12:30), dynamic(null),
  "d2", "u3", 6, 6.5, datetime(2024-01-01 13:00), dynamic({"d":"x"}),
]
| extend W = coalesce(N, 0) % 3 + 1;
let S = S0 | lookup (S0 | summarize H = hll(N), TD = tdigest(R) by User) on User;
`

// stepAggs is one call of every aggregate of the registry (summarize's
// own arg_max, percentiles and percentilesw included) whose partial and
// final steps must give the complete step's answer.
var stepAggs = []string{
	"count()", "countif(N > 1)", "sum(N)", "sumif(N, N > 1)", "min(R)", "max(T)",
	"minif(N, N > 1)", "maxif(R, N < 4)", "avg(R)", "avgif(N, N > 1)",
	"dcount(User)", "dcountif(User, N > 1)", "count_distinct(User)", "count_distinctif(User, N > 1)",
	"make_set(User)", "make_set_if(User, N > 1)", "make_list(N)", "make_list_if(N, N > 1)",
	"make_set_if(User, N > 1, 100)", "make_list_if(N, N > 1, 100)", "dcountif(User, N > 1, 2)",
	"make_list_with_nulls(N)", "make_bag(Bag)", "make_bag_if(Bag, N > 1)", "buildschema(Bag)",
	"take_any(Dev)", "take_anyif(Dev, N > 1)",
	"percentile(N, 50)", "percentiles(R, 25, 75)", "percentilew(N, W, 50)", "percentilesw(N, W, 10, 90)",
	"percentiles_array(N, 50, 90)", "percentilesw_array(N, W, dynamic([50, 90]))",
	"stdev(R)", "stdevif(R, N > 1)", "stdevp(R)", "variance(R)", "varianceif(R, N > 1)", "variancep(R)",
	"binary_all_and(N)", "binary_all_or(N)", "binary_all_xor(N)",
	"hll(User)", "hll_if(User, N > 1)", "hll_merge(H)", "tdigest(R)", "tdigest_merge(TD)",
	"arg_max(N, User)", "arg_min(R, *)", "argmax(N, User)", "take_any(User, N)", "take_any(*)",
}

// TestSummarizeStepsEveryAggregate runs each aggregate of stepAggs by Dev
// completely and as partial steps over two parts of the rows merged by a
// final step, and fails when the answers differ or when an aggregate of
// the registry is missing from stepAggs.
func TestSummarizeStepsEveryAggregate(t *testing.T) {
	covered := map[string]bool{}
	for _, a := range stepAggs {
		name, _, _ := strings.Cut(a, "(")
		covered[name] = true
	}
	reg := NewRegistry()
	for name, agg := range reg.aggs {
		if name == agg.Name && !covered[name] {
			t.Errorf("aggregate %s is not in stepAggs", name)
		}
	}
	for _, agg := range stepAggs {
		t.Run(agg, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			complete := stepData + `S | summarize ` + agg + ` by Dev | order by Dev asc`
			split := stepData + `let P = (lo:long, hi:long) { S | serialize | extend rn = row_number() | where rn between (lo .. hi) | project-away rn | summarize hint.crosshunt.step=partial ` + agg + ` by Dev };
union P(1, 3), P(4, 6) | summarize hint.crosshunt.step=final ` + agg + ` by Dev | order by Dev asc`
			want, err := render(mem, complete, nil)
			if err != nil {
				t.Fatalf("complete: %v", err)
			}
			got, err := render(mem, split, nil)
			if err != nil {
				t.Fatalf("partial then final: %v", err)
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("partial then final differs from complete (-want +got)\n%s", d)
			}
		})
	}
}
