package exec

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// https://learn.microsoft.com/kusto/query/row-window-session-function
func TestRowWindowSession(t *testing.T) {
	ts := func(ss ...string) []Value {
		out := make([]Value, len(ss))
		for i, s := range ss {
			if s != "" {
				out[i] = dt(s)
			}
		}
		return out
	}
	in := ts("2024-01-01 00:00", "2024-01-01 00:04", "2024-01-01 00:20", "", "2024-01-01 00:22", "2024-01-01 01:30")
	got := rowWindowSession(in, time.Hour, 5*time.Minute, nil)
	// The value after a null starts a new session.
	want := ts("2024-01-01 00:00", "2024-01-01 00:00", "2024-01-01 00:20", "", "2024-01-01 00:22", "2024-01-01 01:30")
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("gap sessions (-want +got):\n%s", diff)
	}
	// A gap equal to the limit starts a new session, as does reaching
	// the session's maximum length.
	got = rowWindowSession(ts("2024-01-01 00:00", "2024-01-01 00:05", "2024-01-01 00:09", "2024-01-01 00:10"), 10*time.Minute, 5*time.Minute, nil)
	want = ts("2024-01-01 00:00", "2024-01-01 00:05", "2024-01-01 00:05", "2024-01-01 00:05")
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("limits reached (-want +got):\n%s", diff)
	}
	got = rowWindowSession(ts("2024-01-01 00:00", "2024-01-01 00:01", "2024-01-01 00:02"), 90*time.Second, time.Hour, []Value{false, true, false})
	want = ts("2024-01-01 00:00", "2024-01-01 00:01", "2024-01-01 00:01")
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("restart (-want +got):\n%s", diff)
	}
}

// https://learn.microsoft.com/kusto/query/row-rank-dense-function and
// row-rank-min-function
func TestRowRank(t *testing.T) {
	vals := []Value{int64(10), int64(20), int64(20), int64(30), int64(5)}
	restart := []Value{false, false, false, false, true}
	if diff := cmp.Diff([]Value{int64(1), int64(2), int64(2), int64(3), int64(1)}, rowRank(vals, true, restart)); diff != "" {
		t.Errorf("dense (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]Value{int64(1), int64(2), int64(2), int64(4), int64(1)}, rowRank(vals, false, restart)); diff != "" {
		t.Errorf("min (-want +got):\n%s", diff)
	}
}

// TestWindowFunctionsThroughEval routes row_rank_min, row_rank_dense and
// row_window_session through the compiler's window hook, with the
// reference pages' examples (row-rank-min-function: the SEA departures
// table and the per-Category restart; row-rank-dense-function: the same
// table gives 1, 2, 2, 2, 3).
func TestWindowFunctionsThroughEval(t *testing.T) {
	const sea = `datatable (Airport:string, Airline:string, Departures:long)
["SEA", "LH", 3, "SEA", "LY", 100, "SEA", "UA", 3, "SEA", "BA", 2, "SEA", "EL", 3]
| sort by Departures asc, Airline asc`
	tests := []struct{ query, want string }{
		{sea + ` | extend Rank=row_rank_min(Departures) | project Departures, Rank`, "2|1\n3|2\n3|2\n3|2\n100|5"},
		{sea + ` | extend Rank=row_rank_dense(Departures) | project Departures, Rank`, "2|1\n3|2\n3|2\n3|2\n100|3"},
		{`datatable(Category:string, Item:string, Value:long)["A", "item1", 10, "A","item2", 10, "A", "item3", 5, "A", "item4", 20, "B", "item2", 5, "B", "item1", 7]
| sort by Category asc, Value asc, Item asc
| extend rank = row_rank_min(Value, Category != prev(Category)) | project Item, rank`, "item3|1\nitem1|2\nitem2|2\nitem4|4\nitem2|1\nitem1|2"},
		// A session starts at the first row, after a gap over 5m, after
		// 1h from its start, or where the restart predicate is true.
		{`datatable(T:datetime, Id:string)[datetime(2024-01-01 00:00), "a", datetime(2024-01-01 00:04), "a", datetime(2024-01-01 00:20), "a", datetime(2024-01-01 00:22), "b"]
| sort by T asc | extend S = row_window_session(T, 1h, 5m, Id != prev(Id)) | project S`, "2024-01-01T00:00:00Z\n2024-01-01T00:00:00Z\n2024-01-01T00:20:00Z\n2024-01-01T00:22:00Z"},
	}
	for _, tc := range tests {
		if got := evalText(t, tc.query); got != tc.want {
			t.Errorf("%s =\n%s\nwant\n%s", tc.query, got, tc.want)
		}
	}
}
