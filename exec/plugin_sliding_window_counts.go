package exec

import "fmt"

func init() { rowPlugins["sliding_window_counts"] = slidingWindowCountsPlugin }

// slidingWindowCountsPlugin counts the records and distinct ids of the
// lookback period ending with each window from Start to End (the
// LookbackWindow rounded down to whole Bins), per combination of the
// dimensions; windows whose lookback holds no record are left out. The
// output is the timeline column, the dimensions, Count and dcount
// (https://learn.microsoft.com/kusto/query/sliding-window-counts-plugin).
func slidingWindowCountsPlugin(in *pluginTable, args []pluginArg) (*pluginTable, error) {
	if len(args) < 6 {
		return nil, fmt.Errorf("expects IdColumn, TimelineColumn, Start, End, LookbackWindow and Bin, got %d arguments", len(args))
	}
	if !args[4].Const {
		return nil, fmt.Errorf("the lookback window must be a constant")
	}
	// Reorder to the shared shape: the bin is the step.
	shaped := append([]pluginArg{args[0], args[1], args[2], args[3], args[5]}, args[6:]...)
	act, err := parseActivityInput(in, shaped, 5)
	if err != nil {
		return nil, err
	}
	ax := act.axis
	k := int64(1)
	if ax.period == "" {
		look, ok := ax.span(args[4].Val)
		if !ok || look < ax.step {
			return nil, fmt.Errorf("the lookback window must be at least one bin")
		}
		k = look / ax.step
	} else if n, ok := toInt64(args[4].Val); ok && n > 0 {
		k = n
	}
	windows := ax.windows()
	index := windowIndex(windows)
	groups := newDimGroups[[]idCount](act.dims)
	for r := range in.Rows {
		p, ok := ax.pos(act.time.at(r))
		if !ok {
			continue
		}
		g, fresh := groups.of(r)
		if fresh {
			g.val = make([]idCount, len(windows))
		}
		// The record counts in its own window and the k-1 after it.
		w := ax.floor(p)
		for j := int64(0); j < k; j++ {
			if i, ok := index[w]; ok {
				g.val[i].add(act.id.at(r))
			}
			if w > ax.end {
				break
			}
			w = ax.next(w)
		}
	}
	names, types := dimNames(act.dims)
	out := &pluginTable{
		Names: append(append([]string{timelineName(act.time)}, names...), "Count", "dcount"),
		Types: append(append([]Type{act.time.Type}, types...), TypeLong, TypeLong),
	}
	for i, w := range windows {
		for _, g := range groups.list {
			c := g.val[i]
			if c.count == 0 {
				continue
			}
			row := append(append([]Value{ax.value(w)}, g.dims...), c.count, int64(len(c.ids)))
			out.Rows = append(out.Rows, row)
		}
	}
	return out, nil
}
