package exec

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// This file holds the evaluate plugins pivot, narrow and ipv4_lookup as
// functions over whole tables at row level. The engine's evaluate
// operator (op_misc.go) knows bag_unpack only and has no plugin hook
// yet; the hook it needs is: drain the input into a pluginTable,
// evaluate the plugin's arguments (constants; tabular arguments drained
// into PluginTables), call the plugin, and scan the pluginTable it
// returns.

// pluginTable is a whole table at row level: column names, their KQL
// types, and rows of values (nil is null).
type pluginTable struct {
	Names []string
	Types []Type
	Rows  [][]Value
}

// column returns the index of a column; -1 when missing.
func (t *pluginTable) column(name string) int {
	for i, n := range t.Names {
		if n == name {
			return i
		}
	}
	return -1
}

func (t *pluginTable) need(plugin, name string) (int, error) {
	i := t.column(name)
	if i < 0 {
		return 0, fmt.Errorf("%s: unknown column %q", plugin, name)
	}
	return i, nil
}

// narrowPlugin unpivots a table into rows of Row (the row number, from
// 0), Column (the column name) and Value (the cell as a string), one per
// cell (https://learn.microsoft.com/kusto/query/narrow-plugin).
func narrowPlugin(in *pluginTable) *pluginTable {
	out := &pluginTable{Names: []string{"Row", "Column", "Value"}, Types: []Type{TypeLong, TypeString, TypeString}}
	for r, row := range in.Rows {
		for c, v := range row {
			out.Rows = append(out.Rows, []Value{int64(r), in.Names[c], FormatValue(v)})
		}
	}
	return out
}

// pivotAgg names pivot's aggregation: Func is one of count, countif
// excluded, sum, avg, min, max, dcount, take_any (any), make_set and
// make_list; Column its argument ("" for count).
type pivotAgg struct {
	Func   string
	Column string
}

// pivotPlugin rotates a table: one output column per distinct value of
// pivotColumn (sorted by the values' text), holding agg over the rows of
// each group of groupBy columns (all columns but the pivot and
// aggregated ones when groupBy is empty); groups keep the order in which
// they first appear (https://learn.microsoft.com/kusto/query/pivot-plugin).
func pivotPlugin(in *pluginTable, pivotColumn string, agg pivotAgg, groupBy []string) (*pluginTable, error) {
	pc, err := in.need("pivot", pivotColumn)
	if err != nil {
		return nil, err
	}
	if agg.Func == "" {
		agg.Func = "count"
	}
	ac := -1
	if agg.Func != "count" {
		if ac, err = in.need("pivot", agg.Column); err != nil {
			return nil, err
		}
	}
	var keys []int
	if len(groupBy) == 0 {
		for i := range in.Names {
			if i != pc && i != ac {
				keys = append(keys, i)
			}
		}
	} else {
		for _, g := range groupBy {
			i, err := in.need("pivot", g)
			if err != nil {
				return nil, err
			}
			keys = append(keys, i)
		}
	}
	type group struct {
		key   []Value
		cells map[string][]Value
	}
	var groups []*group
	index := map[string]*group{}
	pivots := map[string]bool{}
	for _, row := range in.Rows {
		var kb strings.Builder
		key := make([]Value, len(keys))
		for i, k := range keys {
			key[i] = row[k]
			kb.Write(AppendJSON(nil, dynOf(row[k])))
			kb.WriteByte(0)
		}
		g := index[kb.String()]
		if g == nil {
			g = &group{key: key, cells: map[string][]Value{}}
			index[kb.String()] = g
			groups = append(groups, g)
		}
		p := FormatValue(row[pc])
		pivots[p] = true
		var v Value = true
		if ac >= 0 {
			v = row[ac]
		}
		g.cells[p] = append(g.cells[p], v)
	}
	names := make([]string, 0, len(pivots))
	for p := range pivots {
		names = append(names, p)
	}
	sort.Strings(names)
	resType := pivotResultType(agg.Func, in, ac)
	out := &pluginTable{}
	for _, k := range keys {
		out.Names = append(out.Names, in.Names[k])
		out.Types = append(out.Types, in.Types[k])
	}
	for _, p := range names {
		out.Names = append(out.Names, p)
		out.Types = append(out.Types, resType)
	}
	for _, g := range groups {
		row := append([]Value(nil), g.key...)
		for _, p := range names {
			v, err := pivotAggregate(agg.Func, g.cells[p])
			if err != nil {
				return nil, err
			}
			row = append(row, Convert(v, resType))
		}
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}

func pivotResultType(fn string, in *pluginTable, ac int) Type {
	switch fn {
	case "count", "dcount":
		return TypeLong
	case "avg":
		return TypeReal
	case "make_set", "make_list":
		return TypeDynamic
	case "sum":
		if in.Types[ac].IsInteger() {
			return TypeLong
		}
	}
	return in.Types[ac]
}

// pivotAggregate aggregates the values of one cell; a cell without rows
// gives 0 for count and dcount, null otherwise.
func pivotAggregate(fn string, vals []Value) (Value, error) {
	switch fn {
	case "count":
		return int64(len(vals)), nil
	case "dcount":
		seen := map[string]bool{}
		for _, v := range vals {
			if v != nil {
				seen[distinctKey(dynOf(v))] = true
			}
		}
		return int64(len(seen)), nil
	case "sum", "avg":
		if len(vals) == 0 && fn == "sum" {
			// A cell without rows sums to 0 (pivot-plugin page).
			return int64(0), nil
		}
		if len(vals) == 0 {
			return nil, nil
		}
		var s float64
		var n int
		for _, v := range vals {
			if f, ok := argReal(v); ok {
				s += f
				n++
			}
		}
		if fn == "avg" {
			if n == 0 {
				return nil, nil
			}
			return s / float64(n), nil
		}
		return s, nil
	case "min", "max":
		var best Value
		for _, v := range vals {
			if v != nil && (best == nil || (CompareValues(v, best) < 0) == (fn == "min")) {
				best = v
			}
		}
		return best, nil
	case "take_any", "any":
		for _, v := range vals {
			if v != nil {
				return v, nil
			}
		}
		return nil, nil
	case "make_set", "make_list":
		out := []Value{}
		seen := map[string]bool{}
		for _, v := range vals {
			if v == nil {
				continue
			}
			k := distinctKey(dynOf(v))
			if fn == "make_set" && seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, dynOf(v))
		}
		return out, nil
	}
	return nil, fmt.Errorf("pivot: unsupported aggregation %q (count, sum, avg, min, max, dcount, take_any, make_set, make_list)", fn)
}

// ipv4LookupPlugin joins each row of in whose sourceKey address lies in
// the rangeKey network of a row of lookup (and whose extra key columns
// equal, pairwise, the lookup's) with that lookup row's other columns;
// rows without a match are dropped unless returnUnmatched, which keeps
// them with nulls. A lookup column named like an input column is added
// with a "1" suffix (https://learn.microsoft.com/kusto/query/ipv4-lookup-plugin).
func ipv4LookupPlugin(in, lookup *pluginTable, sourceKey, rangeKey string, extraKeys [][2]string, returnUnmatched bool) (*pluginTable, error) {
	sk, err := in.need("ipv4_lookup", sourceKey)
	if err != nil {
		return nil, err
	}
	rk, err := lookup.need("ipv4_lookup", rangeKey)
	if err != nil {
		return nil, err
	}
	type pair struct{ src, look int }
	var extras []pair
	for _, e := range extraKeys {
		s, err := in.need("ipv4_lookup", e[0])
		if err != nil {
			return nil, err
		}
		l, err := lookup.need("ipv4_lookup", e[1])
		if err != nil {
			return nil, err
		}
		extras = append(extras, pair{s, l})
	}
	type network struct {
		ip   uint32
		bits int
		row  []Value
	}
	var nets []network
	for _, row := range lookup.Rows {
		ip, bits, ok := parseIPv4(FormatValue(row[rk]))
		if ok {
			nets = append(nets, network{ip & mask4(bits), bits, row})
		}
	}
	// Longest prefixes first, so the most specific range wins.
	sort.SliceStable(nets, func(i, j int) bool { return nets[i].bits > nets[j].bits })
	out := &pluginTable{Names: append([]string(nil), in.Names...), Types: append([]Type(nil), in.Types...)}
	for j, n := range lookup.Names {
		if in.column(n) >= 0 {
			n += "1"
		}
		out.Names = append(out.Names, n)
		out.Types = append(out.Types, lookup.Types[j])
	}
	for _, row := range in.Rows {
		ip, _, ok := parseIPv4(FormatValue(row[sk]))
		var match []Value
		for _, n := range nets {
			if !ok || ip&mask4(n.bits) != n.ip {
				continue
			}
			same := true
			for _, e := range extras {
				if CompareValues(row[e.src], n.row[e.look]) != 0 {
					same = false
				}
			}
			if same {
				match = n.row
				break
			}
		}
		if match == nil && !returnUnmatched {
			continue
		}
		if match == nil {
			match = make([]Value, len(lookup.Names))
		}
		out.Rows = append(out.Rows, append(append([]Value(nil), row...), match...))
	}
	return out, nil
}

// unknownPluginError is the error of an evaluate naming a plugin the
// engine lacks.
func unknownPluginError(name string) error {
	names := append([]string{"bag_unpack", "ipv4_lookup", "narrow", "pivot"}, rowPluginNames()...)
	sort.Strings(names)
	return fmt.Errorf("unknown plugin %s: supported plugins are %s", strconv.Quote(name), strings.Join(names, ", "))
}
