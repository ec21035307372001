package exec

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestActivityEngagementPlugin pins
// https://learn.microsoft.com/kusto/query/activity-engagement-plugin
// (the page's examples use rand()): distinct ids of each inner window,
// of the outer window ending with it, and their ratio.
func TestActivityEngagementPlugin(t *testing.T) {
	const data = `datatable(id:long, ts:datetime)[
		1, datetime(2017-01-01), 2, datetime(2017-01-01), 3, datetime(2017-01-02), 1, datetime(2017-01-03),
		4, datetime(2017-01-03 10:00)] | `
	tests := []struct{ name, query, want string }{
		{"daily over two days",
			`evaluate activity_engagement(id, ts, datetime(2017-01-01), datetime(2017-01-03), 1d, 2d)`,
			"2017-01-01T00:00:00Z|2|2|1\n2017-01-02T00:00:00Z|1|3|0.3333333333333333\n2017-01-03T00:00:00Z|2|3|0.6666666666666666"},
		{"without Start and End, with a dimension last",
			`extend odd = id % 2 == 1 | evaluate activity_engagement(id, ts, 1d, 3d, odd) | where ts == datetime(2017-01-03) | project-away ts`,
			"1|2|0.5|true\n1|2|0.5|false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, evalText(t, data+tt.query)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
