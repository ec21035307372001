package exec

import "fmt"

func init() { rowPlugins["dcount_intersect"] = dcountIntersectPlugin }

// dcountIntersectPlugin takes 2 to 16 hll sketches per row and returns,
// for each row, the distinct counts s0..sN-1 of S1, S1∩S2, ...,
// S1∩...∩SN (https://learn.microsoft.com/kusto/query/dcount-intersect-plugin).
func dcountIntersectPlugin(in *pluginTable, args []pluginArg) (*pluginTable, error) {
	if len(args) < 2 || len(args) > 16 {
		return nil, fmt.Errorf("expects 2 to 16 hll values, got %d", len(args))
	}
	out := &pluginTable{}
	for i := range args {
		out.Names = append(out.Names, fmt.Sprintf("s%d", i))
		out.Types = append(out.Types, TypeLong)
	}
	for r := range in.Rows {
		var common map[string]bool
		row := make([]Value, len(args))
		for i, a := range args {
			vals, ok := hllValues(a.at(r))
			if !ok {
				if a.at(r) != nil {
					return nil, fmt.Errorf("argument %d is not an hll value", i+1)
				}
				vals = nil
			}
			next := map[string]bool{}
			for _, v := range vals {
				k := distinctKey(v)
				if common == nil || common[k] {
					next[k] = true
				}
			}
			common = next
			row[i] = int64(len(common))
		}
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}
