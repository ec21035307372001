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
	want := ts("2024-01-01 00:00", "2024-01-01 00:00", "2024-01-01 00:20", "", "2024-01-01 00:20", "2024-01-01 01:30")
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("gap sessions (-want +got):\n%s", diff)
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
