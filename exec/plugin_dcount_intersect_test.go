package exec

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDcountIntersectPlugin pins
// https://learn.microsoft.com/kusto/query/dcount-intersect-plugin: the
// distinct counts of S1, S1∩S2, ... per row, in columns s0, s1, ....
func TestDcountIntersectPlugin(t *testing.T) {
	tests := []struct{ name, query, want string }{
		{"reference example: multiples of 2, 6 and 30 below 100",
			`range x from 1 to 100 step 1
			| summarize e = hll(iif(x % 2 == 0, x, 0), 2), m3 = hll(iif(x % 3 == 0, x, 0), 2), m5 = hll(iif(x % 5 == 0, x, 0), 2)
			| evaluate dcount_intersect(e, m3, m5)`, "51|17|4"},
		{"two sets per row",
			`datatable(k:long)[1,2,3] | summarize a = hll(k), b = hll(k % 2) | evaluate dcount_intersect(a, b) | project s0, s1`, "3|1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, evalText(t, tt.query)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
