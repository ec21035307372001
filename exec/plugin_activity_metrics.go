package exec

import (
	"fmt"
	"math"
)

func init() { rowPlugins["activity_metrics"] = activityMetricsPlugin }

// activityMetricsPlugin compares each window with the one before it,
// per combination of the dimensions: dcount_values (distinct ids),
// dcount_newvalues (ids absent from the previous window),
// retention_rate ((dcount_values - dcount_newvalues) / the previous
// window's dcount_values; NaN for the first window) and churn_rate
// (1 - retention_rate). Start and End may be left out: the windows then
// span the data. The output is the timeline column, the four metrics,
// then the dimensions
// (https://learn.microsoft.com/kusto/query/activity-metrics-plugin).
func activityMetricsPlugin(in *pluginTable, args []pluginArg) (*pluginTable, error) {
	if len(args) < 3 {
		return nil, fmt.Errorf("expects IdColumn, TimelineColumn, [Start, End,] Window, got %d arguments", len(args))
	}
	if len(args) < 5 || !args[3].Const || !args[4].Const {
		// No Start and End: the data's first and last times.
		lo, hi := timelineRange(in, args[1])
		if lo == nil {
			return &pluginTable{Names: []string{timelineName(args[1])}, Types: []Type{args[1].Type}}, nil
		}
		startArg := pluginArg{Const: true, Val: lo, Type: args[1].Type}
		endArg := pluginArg{Const: true, Val: hi, Type: args[1].Type}
		args = append([]pluginArg{args[0], args[1], startArg, endArg}, args[2:]...)
	}
	act, err := parseActivityInput(in, args, 5)
	if err != nil {
		return nil, err
	}
	ax := act.axis
	windows := ax.windows()
	groups := act.countByWindow(in, windows)
	names, types := dimNames(act.dims)
	out := &pluginTable{
		Names: append([]string{timelineName(act.time), "dcount_values", "dcount_newvalues", "retention_rate", "churn_rate"}, names...),
		Types: append([]Type{act.time.Type, TypeLong, TypeLong, TypeReal, TypeReal}, types...),
	}
	for i, w := range windows {
		for _, g := range groups.list {
			if g.val[i].count == 0 {
				continue
			}
			cur := g.val[i].ids
			var prev map[string]bool
			if i > 0 {
				prev = g.val[i-1].ids
			}
			var fresh int64
			for id := range cur {
				if !prev[id] {
					fresh++
				}
			}
			retention := math.NaN()
			if len(prev) > 0 {
				retention = float64(int64(len(cur))-fresh) / float64(len(prev))
			}
			row := append([]Value{ax.value(w), int64(len(cur)), fresh, retention, 1 - retention}, g.dims...)
			out.Rows = append(out.Rows, row)
		}
	}
	return out, nil
}
