package exec

import "fmt"

func init() { rowPlugins["activity_engagement"] = activityEngagementPlugin }

// activityEngagementPlugin counts, per inner window from Start to End
// and combination of the dimensions, the distinct ids of the inner
// window (dcount_activities_inner) and of the outer window ending with
// it (dcount_activities_outer, OuterActivityWindow long), and their
// ratio activity_ratio; windows without ids are left out. Start and End
// may be left out: the windows then span the data. The output is the
// timeline column, the three metrics, then the dimensions
// (https://learn.microsoft.com/kusto/query/activity-engagement-plugin).
func activityEngagementPlugin(in *pluginTable, args []pluginArg) (*pluginTable, error) {
	if len(args) < 4 {
		return nil, fmt.Errorf("expects IdColumn, TimelineColumn, [Start, End,] InnerActivityWindow and OuterActivityWindow, got %d arguments", len(args))
	}
	if len(args) < 6 || !args[4].Const || !args[5].Const {
		lo, hi := timelineRange(in, args[1])
		if lo == nil {
			lo, hi = int64(0), int64(-1)
		}
		args = append([]pluginArg{args[0], args[1], {Const: true, Val: lo}, {Const: true, Val: hi}}, args[2:]...)
	}
	// The shared shape: the inner window is the step, the outer one follows.
	outerArg := args[5]
	shaped := append([]pluginArg{args[0], args[1], args[2], args[3], args[4]}, args[6:]...)
	act, err := parseActivityInput(in, shaped, 5)
	if err != nil {
		return nil, err
	}
	ax := act.axis
	outer, ok := ax.span(outerArg.Val)
	if !ok || outer <= 0 {
		return nil, fmt.Errorf("the outer activity window must be positive")
	}
	groups := newDimGroups[map[int64]map[string]bool](act.dims)
	for r := range in.Rows {
		p, ok := ax.pos(act.time.at(r))
		id := act.id.at(r)
		if !ok || id == nil {
			continue
		}
		g, fresh := groups.of(r)
		if fresh {
			g.val = map[int64]map[string]bool{}
		}
		w := ax.floor(p)
		if g.val[w] == nil {
			g.val[w] = map[string]bool{}
		}
		g.val[w][distinctKey(dynOf(id))] = true
	}
	names, types := dimNames(act.dims)
	out := &pluginTable{
		Names: append([]string{timelineName(act.time), "dcount_activities_inner", "dcount_activities_outer", "activity_ratio"}, names...),
		Types: append([]Type{act.time.Type, TypeLong, TypeLong, TypeReal}, types...),
	}
	for _, w := range ax.windows() {
		for _, g := range groups.list {
			inner := g.val[w]
			if len(inner) == 0 {
				continue
			}
			end := ax.next(w)
			seen := map[string]bool{}
			for s, ids := range g.val {
				if s < end && s >= end-outer {
					for id := range ids {
						seen[id] = true
					}
				}
			}
			row := append([]Value{ax.value(w), int64(len(inner)), int64(len(seen)), float64(len(inner)) / float64(len(seen))}, g.dims...)
			out.Rows = append(out.Rows, row)
		}
	}
	return out, nil
}
