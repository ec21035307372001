package exec

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSlidingWindowCountsPlugin pins
// https://learn.microsoft.com/kusto/query/sliding-window-counts-plugin:
// per bin, the count and distinct count of ids over the lookback ending
// with that bin.
func TestSlidingWindowCountsPlugin(t *testing.T) {
	const data = `let T = datatable(UserId: string, Timestamp: datetime)[
		'Bob', datetime(2017 - 08 - 01), 'David', datetime(2017 - 08 - 01), 'David', datetime(2017 - 08 - 01),
		'John', datetime(2017 - 08 - 01), 'Bob', datetime(2017 - 08 - 01), 'Ananda', datetime(2017 - 08 - 02),
		'Atul', datetime(2017 - 08 - 02), 'John', datetime(2017 - 08 - 02), 'Ananda', datetime(2017 - 08 - 03),
		'Atul', datetime(2017 - 08 - 03), 'Atul', datetime(2017 - 08 - 03), 'John', datetime(2017 - 08 - 03),
		'Bob', datetime(2017 - 08 - 03), 'Betsy', datetime(2017 - 08 - 04), 'Bob', datetime(2017 - 08 - 05)];
		T | `
	tests := []struct{ name, query, want string }{
		{"reference example: 3d lookback, daily",
			`evaluate sliding_window_counts(UserId, Timestamp, datetime(2017-08-01), datetime(2017-08-07), 3d, 1d)`,
			"2017-08-01T00:00:00Z|5|3\n2017-08-02T00:00:00Z|8|5\n2017-08-03T00:00:00Z|13|5\n2017-08-04T00:00:00Z|9|5\n" +
				"2017-08-05T00:00:00Z|7|5\n2017-08-06T00:00:00Z|2|2\n2017-08-07T00:00:00Z|1|1"},
		{"lookback of one bin is a plain count per bin",
			`evaluate sliding_window_counts(UserId, Timestamp, datetime(2017-08-01), datetime(2017-08-03), 1d, 1d)`,
			"2017-08-01T00:00:00Z|5|3\n2017-08-02T00:00:00Z|3|3\n2017-08-03T00:00:00Z|5|4"},
		{"a dimension splits the counts",
			`extend d = strlen(UserId) > 4 | evaluate sliding_window_counts(UserId, Timestamp, datetime(2017-08-01), datetime(2017-08-01), 1d, 1d, d) | project-away Timestamp`,
			"false|3|2\ntrue|2|1"},
		{"output columns", `evaluate sliding_window_counts(UserId, Timestamp, datetime(2017-08-05), datetime(2017-08-05), 1d, 1d) | getschema | project ColumnName, ColumnType`,
			"Timestamp|datetime\nCount|long\ndcount|long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, evalText(t, data+tt.query)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
