package exec

import (
	"fmt"
	"sort"
)

func init() { rowPlugins["schema_merge"] = schemaMergePlugin }

// schemaMergePlugin merges getschema tables (ColumnName, ColumnOrdinal,
// DataType, ColumnType; a schema restarts at ordinal 0) into one: the
// columns in order of first appearance; int, long and real widen to the
// widest. With PreserveOrder (the default) a column met again at another
// ordinal than its first, or with types that do not reduce, becomes an
// error row with ordinal -1 after the others, which are renumbered
// (https://learn.microsoft.com/kusto/query/schema-merge-plugin).
func schemaMergePlugin(in *pluginTable, args []pluginArg) (*pluginTable, error) {
	preserve := true
	if len(args) > 1 {
		return nil, fmt.Errorf("expects at most one argument, PreserveOrder")
	}
	if len(args) == 1 {
		b, ok := args[0].Val.(bool)
		if !args[0].Const || !ok {
			return nil, fmt.Errorf("PreserveOrder must be a constant bool")
		}
		preserve = b
	}
	cols := make([]int, 4)
	for i, n := range []string{"ColumnName", "ColumnOrdinal", "DataType", "ColumnType"} {
		j, err := in.need("schema_merge", n)
		if err != nil {
			return nil, err
		}
		cols[i] = j
	}
	type column struct {
		name, dataType, colType string
		ordinal                 int64
		err                     string
	}
	var merged []*column
	byName := map[string]*column{}
	rank := map[string]int{"int": 1, "long": 2, "real": 3}
	for _, row := range in.Rows {
		name := FormatValue(row[cols[0]])
		ord, _ := toInt64(row[cols[1]])
		dt, ct := FormatValue(row[cols[2]]), FormatValue(row[cols[3]])
		c := byName[name]
		if c == nil {
			c = &column{name: name, dataType: dt, colType: ct, ordinal: ord}
			byName[name] = c
			merged = append(merged, c)
		}
		if c.err != "" {
			continue
		}
		if ord != c.ordinal {
			if preserve {
				c.err = "columns are out of order"
				continue
			}
			c.ordinal = ord
		}
		if ct != c.colType {
			if rank[ct] > 0 && rank[c.colType] > 0 {
				if rank[ct] > rank[c.colType] {
					c.colType, c.dataType = ct, dt
				}
			} else {
				c.err = fmt.Sprintf("types %s and %s do not reduce", c.colType, ct)
			}
		}
	}
	out := &pluginTable{
		Names: []string{"ColumnName", "ColumnOrdinal", "DataType", "ColumnType"},
		Types: []Type{TypeString, TypeInt, TypeString, TypeString},
	}
	sort.SliceStable(merged, func(i, j int) bool { return merged[i].ordinal < merged[j].ordinal })
	var errs [][]Value
	for _, c := range merged {
		if c.err != "" {
			errs = append(errs, []Value{c.name, int32(-1), "ERROR(unknown CSL type:ERROR(" + c.err + "))", "ERROR(" + c.err + ")"})
			continue
		}
		out.Rows = append(out.Rows, []Value{c.name, int32(len(out.Rows)), c.dataType, c.colType})
	}
	out.Rows = append(out.Rows, errs...)
	return out, nil
}
