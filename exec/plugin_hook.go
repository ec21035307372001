package exec

import (
	"context"
	"sort"

	"github.com/crosshunt/crosshunt/kql"
)

// This file is the hook of the whole-table evaluate plugins that live
// one per file (plugin_<name>.go): each registers a rowPlugin in
// rowPlugins from an init function. The hook drains the input into a
// pluginTable, evaluates every argument over it (a constant once, any
// other expression per row) and turns the plugin's table back into an
// operator.

// pluginArg is one evaluated argument of a plugin call.
type pluginArg struct {
	Expr  kql.Expr
	Name  string // the column's name when the argument is a bare column
	Named string // the name given as name=expr
	Type  Type
	Const bool
	Val   Value   // the value of a constant argument
	Col   []Value // the per-row values of any other argument
}

// at returns the argument's value at row r.
func (a pluginArg) at(r int) Value {
	if a.Const {
		return a.Val
	}
	return a.Col[r]
}

// rowPlugin runs a plugin over its input table and evaluated arguments.
type rowPlugin func(in *pluginTable, args []pluginArg) (*pluginTable, error)

// rowPlugins holds the plugins registered by their files.
var rowPlugins = map[string]rowPlugin{}

// rowPluginNames lists the registered plugins, sorted.
func rowPluginNames() []string {
	names := make([]string, 0, len(rowPlugins))
	for n := range rowPlugins {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// runRowPlugin evaluates call's arguments over the input and runs p.
func (c *compiler) runRowPlugin(ctx context.Context, sc *scope, in Operator, call *kql.CallExpr, name string, p rowPlugin) (Operator, error) {
	if in == nil {
		return nil, c.errorf(call, "%s needs an input table", name)
	}
	schema := in.Schema()
	rs := &rowScope{schema: schema, sc: sc, where: name}
	exprs := make([]expr, len(call.Args))
	named := make([]string, len(call.Args))
	for i, a := range call.Args {
		if ne, ok := a.(*kql.NamedExpr); ok && len(ne.Names) == 1 {
			named[i], a = ne.Names[0].Name, ne.X
		}
		e, err := c.scalar(ctx, rs, a)
		if err != nil {
			in.Close()
			return nil, err
		}
		exprs[i] = e
	}
	rec, err := drainOne(ctx, c.alloc(), in)
	in.Close()
	if err != nil {
		return nil, err
	}
	defer rec.Release()
	n := int(rec.NumRows())
	t := &pluginTable{}
	for i, f := range schema.Fields() {
		t.Names = append(t.Names, f.Name)
		t.Types = append(t.Types, fieldType(schema, i))
	}
	for r := range n {
		row := make([]Value, rec.NumCols())
		for j := range row {
			row[j] = ValueAt(rec.Column(j), r)
		}
		t.Rows = append(t.Rows, row)
	}
	args := make([]pluginArg, len(exprs))
	for i, e := range exprs {
		a := pluginArg{Expr: call.Args[i], Named: named[i], Type: e.typ()}
		if ce, ok := e.(*colExpr); ok {
			a.Name = schema.Field(ce.idx).Name
		}
		if v, ok := isConst(e); ok {
			a.Const, a.Val = true, v
		} else {
			v, err := e.eval(&batch{rec: rec, mem: c.alloc(), n: n})
			if err != nil {
				return nil, err
			}
			col := materializeVec(c.alloc(), v, n)
			a.Col = make([]Value, n)
			for r := range n {
				a.Col[r] = ValueAt(col, r)
			}
			col.Release()
		}
		args[i] = a
	}
	out, err := p(t, args)
	if err != nil {
		return nil, c.errorf(call, "%s: %v", name, err)
	}
	return c.fromPluginTable(out), nil
}
