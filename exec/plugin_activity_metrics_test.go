package exec

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestActivityMetricsPlugin pins
// https://learn.microsoft.com/kusto/query/activity-metrics-plugin: each
// window against the previous one (the page's own examples use rand()).
func TestActivityMetricsPlugin(t *testing.T) {
	const data = `datatable(id:long, ts:datetime)[
		1, datetime(2017-01-02), 2, datetime(2017-01-03), 3, datetime(2017-01-04), 4, datetime(2017-01-05),
		1, datetime(2017-01-09), 2, datetime(2017-01-10), 5, datetime(2017-01-11),
		5, datetime(2017-01-16)] | `
	tests := []struct{ name, query, want string }{
		{"weekly windows",
			`evaluate activity_metrics(id, ts, datetime(2017-01-02), datetime(2017-01-22), 7d)`,
			"2017-01-02T00:00:00Z|4|4|NaN|NaN\n2017-01-09T00:00:00Z|3|1|0.5|0.5\n2017-01-16T00:00:00Z|1|0|0.3333333333333333|0.6666666666666667"},
		{"without Start and End the windows span the data",
			`evaluate activity_metrics(id, ts, 7d) | project dcount_values`, "4\n3\n1"},
		{"dimensions come last",
			`extend odd = id % 2 == 1 | evaluate activity_metrics(id, ts, datetime(2017-01-02), datetime(2017-01-08), 7d, odd) | project-away ts`,
			"2|2|NaN|NaN|true\n2|2|NaN|NaN|false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, evalText(t, data+tt.query)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
