package exec

import "time"

// This file holds the logic of the window functions row_window_session,
// row_rank_dense and row_rank_min. Like row_cumsum they need every row
// of a serialized input in order, which the compiler's window hook
// (window.go) provides; each function here computes a whole column from
// the operand values in row order. row_rank, which no reference page
// documents, is not accepted.

// rowWindowSession assigns each row the start of its session: a session
// starts at the first row, or where a restart value (or restarts nil) is
// true, or where the time is maxGap or more after the previous row's, or
// maxLength or more after the session's start; a null time stays null
// and the next time starts a new session
// (https://learn.microsoft.com/kusto/query/row-window-session-function).
func rowWindowSession(times []Value, maxLength, maxGap time.Duration, restarts []Value) []Value {
	out := make([]Value, len(times))
	var start, prev time.Time
	open := false
	for i, v := range times {
		t, ok := v.(time.Time)
		if !ok {
			open = false
			continue
		}
		restart := false
		if restarts != nil {
			restart, _ = restarts[i].(bool)
		}
		if !open || restart || t.Sub(prev) >= maxGap || t.Sub(start) >= maxLength {
			start, open = t, true
		}
		prev = t
		out[i] = start
	}
	return out
}

// rowRank ranks rows already sorted by the operand: dense ranks count
// distinct values (1, 2, 2, 3); min ranks give equal values the row
// number of the first of them (1, 2, 2, 4). A rank restarts at 1 where
// restarts (when not nil) is true (https://learn.microsoft.com/kusto/query/row-rank-dense-function).
func rowRank(vals []Value, dense bool, restarts []Value) []Value {
	out := make([]Value, len(vals))
	var rank, rowInPartition int64
	for i, v := range vals {
		restart := i == 0
		if restarts != nil {
			if b, _ := restarts[i].(bool); b {
				restart = true
			}
		}
		rowInPartition++
		switch {
		case restart:
			rank, rowInPartition = 1, 1
		case CompareValues(v, vals[i-1]) != 0:
			if dense {
				rank++
			} else {
				rank = rowInPartition
			}
		}
		out[i] = rank
	}
	return out
}
