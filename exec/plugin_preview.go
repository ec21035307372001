package exec

import "fmt"

func init() { rowPlugins["preview"] = previewPlugin }

// previewPlugin returns the first NumberOfRows rows of its input. Kusto
// also returns a second table with the input's row count; the engine
// returns one table per query, so only the first is given
// (https://learn.microsoft.com/kusto/query/preview-plugin).
func previewPlugin(in *pluginTable, args []pluginArg) (*pluginTable, error) {
	if len(args) != 1 || !args[0].Const {
		return nil, fmt.Errorf("expects a constant NumberOfRows")
	}
	n, ok := toInt64(args[0].Val)
	if !ok || n < 0 {
		return nil, fmt.Errorf("NumberOfRows must be a non-negative integer")
	}
	out := &pluginTable{Names: in.Names, Types: in.Types, Rows: in.Rows}
	if int64(len(out.Rows)) > n {
		out.Rows = out.Rows[:n]
	}
	return out, nil
}
