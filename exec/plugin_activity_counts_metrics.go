package exec

func init() { rowPlugins["activity_counts_metrics"] = activityCountsMetricsPlugin }

// activityCountsMetricsPlugin counts, per window from Start to End and
// combination of the dimensions, the records (count), the distinct ids
// (dcount), the ids seen in no earlier window (new_dcount) and the ids
// seen so far (aggregated_dcount); windows without records are left out
// and records outside Start..End are ignored. The output is the timeline
// column, the dimensions and the four longs
// (https://learn.microsoft.com/kusto/query/activity-counts-metrics-plugin).
func activityCountsMetricsPlugin(in *pluginTable, args []pluginArg) (*pluginTable, error) {
	act, err := parseActivityInput(in, args, 5)
	if err != nil {
		return nil, err
	}
	ax := act.axis
	windows := ax.windows()
	groups := act.countByWindow(in, windows)
	names, types := dimNames(act.dims)
	out := &pluginTable{
		Names: append(append([]string{timelineName(act.time)}, names...), "count", "dcount", "new_dcount", "aggregated_dcount"),
		Types: append(append([]Type{act.time.Type}, types...), TypeLong, TypeLong, TypeLong, TypeLong),
	}
	seen := make([]map[string]bool, len(groups.list))
	for i := range groups.list {
		seen[i] = map[string]bool{}
	}
	for i, w := range windows {
		for gi, g := range groups.list {
			c := g.val[i]
			if c.count == 0 {
				continue
			}
			var fresh int64
			for id := range c.ids {
				if !seen[gi][id] {
					seen[gi][id] = true
					fresh++
				}
			}
			row := append(append([]Value{ax.value(w)}, g.dims...), c.count, int64(len(c.ids)), fresh, int64(len(seen[gi])))
			out.Rows = append(out.Rows, row)
		}
	}
	return out, nil
}
