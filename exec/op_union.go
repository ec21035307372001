package exec

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/crosshunt/crosshunt/kql"
)

// unionOp concatenates its inputs, one after the other, mapping each
// input's columns onto the union schema.
type unionOp struct {
	ins    []Operator
	names  []string // source names for withsource
	maps   [][]int  // per input: output column -> input column, or -1
	schema *arrow.Schema
	source int // index of the withsource column, or -1
	cur    int
	mem    memory.Allocator
}

var _ Operator = (*unionOp)(nil)

func (c *compiler) union(ctx context.Context, sc *scope, in Operator, op *kql.UnionOp) (Operator, error) {
	kind, withSource := "outer", ""
	fuzzy := false
	for _, o := range op.Options {
		switch strings.ToLower(o.Name) {
		case "kind":
			kind = strings.ToLower(optionText(o.Value))
		case "withsource":
			withSource = optionText(o.Value)
		case "isfuzzy":
			fuzzy = strings.EqualFold(optionText(o.Value), "true")
		}
	}
	var ins []Operator
	var names []string
	closeAll := func() {
		for _, o := range ins {
			o.Close()
		}
	}
	if in != nil {
		ins = append(ins, in)
		names = append(names, c.pipeName)
	}
	for _, t := range op.Tables {
		if w, ok := t.(*kql.Wildcard); ok {
			for _, name := range c.tablesMatching(sc, w.Pattern) {
				o, err := c.tableRef(ctx, sc, &kql.Ident{Span: w.Span, Name: name})
				if err != nil {
					closeAll()
					return nil, err
				}
				ins = append(ins, o)
				names = append(names, name)
			}
			continue
		}
		o, err := c.tabular(ctx, sc, t)
		if err != nil {
			if fuzzy {
				continue
			}
			closeAll()
			return nil, err
		}
		ins = append(ins, o)
		names = append(names, sourceName(t))
	}
	if len(ins) == 0 {
		return nil, c.errorf(op, "union has no tables")
	}
	u := &unionOp{ins: ins, names: names, source: -1, mem: c.alloc()}
	u.buildSchema(kind, withSource)
	return u, nil
}

func pathMatch(pattern, name string) (bool, error) {
	s := arrow.NewSchema([]arrow.Field{{Name: name, Type: arrow.Null}}, nil)
	return len(matchColumns(s, pattern)) == 1, nil
}

// buildSchema merges the input schemas: columns in order of first
// appearance; a name used with several types becomes name_type for each
// (x_long, x_string), as in Kusto; kind=inner keeps only the columns
// every input has.
func (u *unionOp) buildSchema(kind, withSource string) {
	type col struct {
		name string
		t    Type
	}
	var order []col
	seen := map[col]bool{}
	meta := map[col]arrow.Metadata{}
	typesOf := map[string]map[Type]bool{}
	count := map[col]int{}
	for _, in := range u.ins {
		for i, f := range in.Schema().Fields() {
			k := col{f.Name, fieldType(in.Schema(), i)}
			count[k]++
			if !seen[k] {
				seen[k] = true
				meta[k] = f.Metadata
				order = append(order, k)
				if typesOf[f.Name] == nil {
					typesOf[f.Name] = map[Type]bool{}
				}
				typesOf[f.Name][k.t] = true
			}
		}
	}
	var fields []arrow.Field
	var keys []col
	if withSource != "" {
		u.source = 0
		fields = append(fields, arrow.Field{Name: withSource, Type: TypeString.ArrowType(), Nullable: true})
		keys = append(keys, col{})
	}
	// A name_type column whose name is taken by a column of the union
	// that keeps its own name gets a number (x_long1 beside x_long).
	taken := map[string]bool{}
	for _, k := range order {
		if len(typesOf[k.name]) == 1 {
			taken[k.name] = true
		}
	}
	for _, k := range order {
		if kind == "inner" && count[k] < len(u.ins) {
			continue
		}
		name := k.name
		if len(typesOf[k.name]) > 1 {
			name = k.name + "_" + k.t.String()
			for i := 1; taken[name]; i++ {
				name = fmt.Sprintf("%s_%s%d", k.name, k.t, i)
			}
			taken[name] = true
		}
		fields = append(fields, arrow.Field{Name: name, Type: k.t.ArrowType(), Nullable: true, Metadata: meta[k]})
		keys = append(keys, k)
	}
	u.schema = arrow.NewSchema(fields, nil)
	for _, in := range u.ins {
		m := make([]int, len(keys))
		for j, k := range keys {
			m[j] = -1
			if j == u.source {
				continue
			}
			for i, f := range in.Schema().Fields() {
				if f.Name == k.name && fieldType(in.Schema(), i) == k.t {
					m[j] = i
				}
			}
		}
		u.maps = append(u.maps, m)
	}
}

func (u *unionOp) Schema() *arrow.Schema { return u.schema }

func (u *unionOp) Next(ctx context.Context) (arrow.Record, error) {
	for u.cur < len(u.ins) {
		rec, err := u.ins[u.cur].Next(ctx)
		if err == io.EOF {
			u.cur++
			continue
		}
		if err != nil {
			return nil, err
		}
		defer rec.Release()
		n := int(rec.NumRows())
		cols := make([]arrow.Array, u.schema.NumFields())
		for j, i := range u.maps[u.cur] {
			t, _ := TypeOfArrow(u.schema.Field(j).Type)
			switch {
			case j == u.source:
				cols[j] = constColumn(u.mem, TypeString, u.names[u.cur], n)
			case i < 0:
				cols[j] = constColumn(u.mem, t, nil, n)
			default:
				cols[j] = rec.Column(i)
				cols[j].Retain()
			}
		}
		defer releaseArrays(cols)
		return array.NewRecord(u.schema, cols, int64(n)), nil
	}
	return nil, io.EOF
}

func (u *unionOp) Close() {
	for _, in := range u.ins {
		in.Close()
	}
}

// tablesMatching is the names of the tables, and of the views (`let V =
// view () {...}`) visible in sc, that the wildcard pattern matches, in
// name order (learn.microsoft.com/kusto/query/let-statement: a view takes
// part in union * and search).
func (c *compiler) tablesMatching(sc *scope, pattern string) []string {
	var matched []string
	seen := map[string]bool{}
	for name := range c.tables {
		if ok, _ := pathMatch(pattern, name); ok {
			matched = append(matched, name)
			seen[name] = true
		}
	}
	for s := sc; s != nil; s = s.parent {
		for name, b := range s.names {
			if seen[name] || b.function == nil || !b.function.View || len(b.function.Params) > 0 {
				continue
			}
			seen[name] = true // an inner binding hides an outer one
			if ok, _ := pathMatch(pattern, name); ok {
				matched = append(matched, name)
			}
		}
	}
	sort.Strings(matched)
	return matched
}
