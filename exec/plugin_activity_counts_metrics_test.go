package exec

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestActivityCountsMetricsPlugin pins
// https://learn.microsoft.com/kusto/query/activity-counts-metrics-plugin:
// per window, count, dcount, new_dcount against all earlier windows and
// aggregated_dcount so far.
func TestActivityCountsMetricsPlugin(t *testing.T) {
	const data = `let T = datatable(UserId:string, Timestamp:datetime)[
		'A', datetime(2017-08-01), 'D', datetime(2017-08-01), 'J', datetime(2017-08-01), 'B', datetime(2017-08-01),
		'C', datetime(2017-08-02), 'T', datetime(2017-08-02), 'J', datetime(2017-08-02), 'H', datetime(2017-08-03),
		'T', datetime(2017-08-03), 'T', datetime(2017-08-03), 'J', datetime(2017-08-03), 'B', datetime(2017-08-03),
		'S', datetime(2017-08-03), 'S', datetime(2017-08-04)];
		T | `
	tests := []struct{ name, query, want string }{
		{"reference example: daily windows",
			`evaluate activity_counts_metrics(UserId, Timestamp, datetime(2017-08-01), datetime(2017-08-04), 1d)`,
			"2017-08-01T00:00:00Z|4|4|4|4\n2017-08-02T00:00:00Z|3|3|2|6\n2017-08-03T00:00:00Z|6|5|2|8\n2017-08-04T00:00:00Z|1|1|0|8"},
		{"two-day windows, records after End ignored",
			`evaluate activity_counts_metrics(UserId, Timestamp, datetime(2017-08-01), datetime(2017-08-02), 2d)`,
			"2017-08-01T00:00:00Z|7|6|6|6"},
		{"a dimension keeps its own history",
			`extend d = UserId in ('J', 'T') | evaluate activity_counts_metrics(UserId, Timestamp, datetime(2017-08-01), datetime(2017-08-02), 1d, d)`,
			"2017-08-01T00:00:00Z|false|3|3|3|3\n2017-08-01T00:00:00Z|true|1|1|1|1\n2017-08-02T00:00:00Z|false|1|1|1|4\n2017-08-02T00:00:00Z|true|2|2|1|2"},
		{"output columns",
			`evaluate activity_counts_metrics(UserId, Timestamp, datetime(2017-08-01), datetime(2017-08-01), 1d) | getschema | project ColumnName, ColumnType`,
			"Timestamp|datetime\ncount|long\ndcount|long\nnew_dcount|long\naggregated_dcount|long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, evalText(t, data+tt.query)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
