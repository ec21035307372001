package exec

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRollingPercentilePlugin pins
// https://learn.microsoft.com/kusto/query/rolling-percentile-plugin: the
// nearest-rank percentile of the window of BinsPerWindow bins ending at
// each bin, dimension combinations in ascending order.
func TestRollingPercentilePlugin(t *testing.T) {
	const data = `range idx from 0 to 24*4-1 step 1
		| project Timestamp = datetime(2018-01-01) + 1h*idx, val=idx+1
		| extend EvenOrOdd = iff(val % 2 == 0, "Even", "Odd") | `
	tests := []struct{ name, query, want string }{
		{"reference example: 3-day median per day",
			`evaluate rolling_percentile(val, 50, Timestamp, 1d, 3)`,
			"2018-01-01T00:00:00Z|12\n2018-01-02T00:00:00Z|24\n2018-01-03T00:00:00Z|36\n2018-01-04T00:00:00Z|60"},
		{"reference example: by a dimension, Even before Odd",
			`evaluate rolling_percentile(val, 50, Timestamp, 1d, 3, EvenOrOdd) | where Timestamp == datetime(2018-01-04)`,
			"2018-01-04T00:00:00Z|Even|60\n2018-01-04T00:00:00Z|Odd|59"},
		{"one bin per window, 100th percentile is the maximum",
			`evaluate rolling_percentile(val, 100, Timestamp, 1d, 1) | project-away Timestamp`, "24\n48\n72\n96"},
		{"column name",
			`evaluate rolling_percentile(val, 90, Timestamp, 1d, 2) | getschema | project ColumnName, ColumnType`,
			"Timestamp|datetime\nrolling_2_percentile_val_90|long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, evalText(t, data+tt.query)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
