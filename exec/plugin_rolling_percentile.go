package exec

import (
	"fmt"
	"math"
	"sort"
)

func init() { rowPlugins["rolling_percentile"] = rollingPercentilePlugin }

// rollingPercentilePlugin bins IndexColumn by BinSize and returns, per
// bin from each dimension combination's first to its last, the
// nearest-rank Percentile of the values in the window of BinsPerWindow
// bins ending with it. Combinations come in ascending order of their
// values, each with its bins in time order; the output is the index
// column, the dimensions and rolling_<BinsPerWindow>_percentile_<ValueColumn>_<Percentile>
// (https://learn.microsoft.com/kusto/query/rolling-percentile-plugin).
func rollingPercentilePlugin(in *pluginTable, args []pluginArg) (*pluginTable, error) {
	if len(args) < 5 {
		return nil, fmt.Errorf("expects ValueColumn, Percentile, IndexColumn, BinSize and BinsPerWindow, got %d arguments", len(args))
	}
	val, pct, idx := args[0], args[1], args[2]
	for i, a := range args[3:5] {
		if !a.Const {
			return nil, fmt.Errorf("argument %d must be a constant", i+4)
		}
	}
	if !pct.Const {
		return nil, fmt.Errorf("the percentile must be a constant")
	}
	p, ok := argReal(pct.Val)
	if !ok || p < 0 || p > 100 {
		return nil, fmt.Errorf("the percentile must be a number from 0 to 100")
	}
	ax := &timeAxis{typ: idx.Type}
	if ax.step, ok = ax.span(args[3].Val); !ok || ax.step <= 0 {
		return nil, fmt.Errorf("the bin size must be positive")
	}
	k, ok := toInt64(args[4].Val)
	if !ok || k < 1 {
		return nil, fmt.Errorf("the bins per window must be a positive integer")
	}
	dimsArgs := args[5:]
	gs := newDimGroups[map[int64][]Value](dimsArgs)
	for r := range in.Rows {
		pos, ok := ax.pos(idx.at(r))
		v := val.at(r)
		if !ok || v == nil {
			continue
		}
		g, fresh := gs.of(r)
		if fresh {
			g.val = map[int64][]Value{}
		}
		b := ax.floor(pos)
		g.val[b] = append(g.val[b], v)
	}
	groups := gs.list
	sort.SliceStable(groups, func(i, j int) bool {
		for d := range groups[i].dims {
			if c := CompareValues(groups[i].dims[d], groups[j].dims[d]); c != 0 {
				return c < 0
			}
		}
		return false
	})
	names, types := dimNames(dimsArgs)
	valName := val.Name
	if valName == "" {
		valName = autoName(val.Expr)
	}
	out := &pluginTable{
		Names: append(append([]string{timelineName(idx)}, names...), fmt.Sprintf("rolling_%d_percentile_%s_%s", k, valName, FormatValue(pct.Val))),
		Types: append(append([]Type{idx.Type}, types...), val.Type),
	}
	for _, g := range groups {
		lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
		for b := range g.val {
			lo, hi = min(lo, b), max(hi, b)
		}
		for b := lo; b <= hi; b += ax.step {
			var window []Value
			for j := int64(0); j < k; j++ {
				window = append(window, g.val[b-j*ax.step]...)
			}
			var res Value
			if len(window) > 0 {
				sort.SliceStable(window, func(i, j int) bool { return CompareValues(window[i], window[j]) < 0 })
				rank := int(math.Ceil(p / 100 * float64(len(window))))
				res = window[max(rank, 1)-1]
			}
			out.Rows = append(out.Rows, append(append([]Value{ax.value(b)}, g.dims...), res))
		}
	}
	return out, nil
}
