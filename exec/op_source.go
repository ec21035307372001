package exec

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/crosshunt/crosshunt/kql"
)

// schemaFromDecl converts a declared schema `(a:string, b:long)`.
func (c *compiler) schemaFromDecl(t *kql.Type) (*arrow.Schema, []Type, error) {
	if t == nil {
		return nil, nil, fmt.Errorf("missing schema")
	}
	names := make([]string, len(t.Columns))
	types := make([]Type, len(t.Columns))
	for i, col := range t.Columns {
		if col.Type == nil {
			return nil, nil, c.errorf(col, "column %q needs a type", col.Name.Name)
		}
		ty, err := c.declaredType(col.Type, TypeDynamic)
		if err != nil {
			return nil, nil, err
		}
		if slices.Contains(names[:i], col.Name.Name) {
			return nil, nil, c.errorf(col, "column %q is declared twice", col.Name.Name)
		}
		names[i], types[i] = col.Name.Name, ty
	}
	return schemaOf(names, types), types, nil
}

func (c *compiler) datatable(ctx context.Context, sc *scope, n *kql.DatatableExpr) (Operator, error) {
	schema, types, err := c.schemaFromDecl(n.Schema)
	if err != nil {
		return nil, err
	}
	if len(types) == 0 {
		return nil, c.errorf(n, "datatable needs at least one column")
	}
	if len(n.Values)%len(types) != 0 {
		return nil, c.errorf(n, "datatable has %d values, not a multiple of its %d columns", len(n.Values), len(types))
	}
	bld := array.NewRecordBuilder(c.alloc(), schema)
	defer bld.Release()
	for i, v := range n.Values {
		col := i % len(types)
		if !isLiteral(v) {
			// Kusto's grammar takes only literals here: no names, calls
			// or arithmetic (1 + 1, now(), a bare null).
			return nil, c.errorf(v, "datatable values must be literals")
		}
		e, err := c.scalar(ctx, &rowScope{sc: sc, where: "datatable"}, v)
		if err != nil {
			return nil, err
		}
		val, ok := isConst(e)
		if !ok {
			return nil, c.errorf(v, "datatable values must be constants")
		}
		// Kusto takes any numeric literal in a numeric column: 1 in an int
		// column, 1.5 in a decimal one (learn.microsoft.com/kusto/query/datatable-operator).
		numeric := e.typ().IsNumeric() && types[col].IsNumeric()
		if types[col] != TypeDynamic && e.typ() != types[col] && val != nil && !numeric {
			return nil, c.errorf(v, "datatable value of type %s in column %q of type %s", e.typ(), schema.Field(col).Name, types[col])
		}
		if numeric {
			val = Convert(val, types[col])
		}
		AppendValue(bld.Field(col), types[col], val)
	}
	return newRecordsOp(schema, bld.NewRecord()), nil
}

func (c *compiler) print(ctx context.Context, sc *scope, n *kql.PrintOp) (Operator, error) {
	// print evaluates its expressions over one empty row.
	one := newRecordsOp(arrow.NewSchema(nil, nil), array.NewRecord(arrow.NewSchema(nil, nil), nil, 1))
	cols := make([]*kql.NamedExpr, len(n.Columns))
	for i, col := range n.Columns {
		cc := *col
		if props, _, _ := spreadOutputs(sc, cc.X); len(cc.Names) == 0 && props == nil {
			// print names every unnamed column print_N, even a let name
			// or a call such as strlen("a").
			cc.Names = []*kql.Ident{{Span: col.Span, Name: fmt.Sprintf("print_%d", i)}}
		}
		cols[i] = &cc
	}
	op, err := c.project(ctx, sc, one, cols, false, "print")
	if err != nil {
		one.Close()
		return nil, err
	}
	return op, nil
}

// rangeOp generates `range x from a to b step s`.
type rangeOp struct {
	schema     *arrow.Schema
	t          Type
	cur, to    Value
	step       Value
	batch      int
	c          *compiler
	done       bool
	descending bool
}

var _ Operator = (*rangeOp)(nil)

func (c *compiler) rangeOp(ctx context.Context, sc *scope, n *kql.RangeOp) (Operator, error) {
	rs := &rowScope{sc: sc, where: "range"}
	var vals [3]Value
	var types [3]Type
	for i, x := range []kql.Expr{n.From, n.To, n.Step} {
		e, err := c.scalar(ctx, rs, x)
		if err != nil {
			return nil, err
		}
		v, ok := isConst(e)
		if !ok || v == nil {
			return nil, c.errorf(x, "range bounds and step must be non-null constants")
		}
		vals[i], types[i] = v, e.typ()
	}
	t := types[0]
	switch {
	case !t.IsNumeric() && t != TypeDateTime && t != TypeTimeSpan:
		return nil, c.errorf(n.From, "range needs numbers, datetimes or timespans, got %s", t)
	case (t == TypeDateTime || t == TypeTimeSpan) && types[2] != TypeTimeSpan:
		return nil, c.errorf(n.Step, "range over %s needs a timespan step, got %s", t, types[2])
	}
	if t.IsNumeric() {
		t2, _ := PromoteNumeric(types[0], types[1])
		t, _ = PromoteNumeric(t2, types[2])
		if t == TypeInt {
			t = TypeLong
		}
	}
	from, to := Convert(vals[0], t), Convert(vals[1], t)
	if from == nil || to == nil {
		return nil, c.errorf(n, "range bounds must have the same type")
	}
	zero := arithValue("-", arithTypeOr(t, types[2]), vals[2], vals[2])
	if CompareValues(vals[2], zero) == 0 {
		return nil, c.errorf(n.Step, "range step must not be zero")
	}
	return &rangeOp{
		schema: schemaOf([]string{n.Name.Name}, []Type{t}), t: t,
		cur: from, to: to, step: vals[2], batch: c.opts.batchSize(), c: c,
		descending: CompareValues(vals[2], zero) < 0,
	}, nil
}

func arithTypeOr(t, step Type) Type {
	if t == TypeDateTime {
		return TypeTimeSpan
	}
	if r, ok := arithType("+", t, step); ok {
		return r
	}
	return t
}

func (o *rangeOp) Schema() *arrow.Schema { return o.schema }

func (o *rangeOp) Next(ctx context.Context) (arrow.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if o.done {
		return nil, io.EOF
	}
	b := newBuilder(o.c.alloc(), o.t)
	defer b.Release()
	stepT := arithTypeOr(o.t, TypeOfValue(o.step))
	for n := 0; n < o.batch; n++ {
		cmp := CompareValues(o.cur, o.to)
		if (!o.descending && cmp > 0) || (o.descending && cmp < 0) {
			o.done = true
			break
		}
		AppendValue(b, o.t, o.cur)
		next := arithValue("+", stepT, o.cur, o.step)
		if next == nil {
			o.done = true
			break
		}
		o.cur = Convert(next, o.t)
	}
	arr := b.NewArray()
	defer arr.Release()
	if arr.Len() == 0 {
		return nil, io.EOF
	}
	return array.NewRecord(o.schema, []arrow.Array{arr}, int64(arr.Len())), nil
}

func (o *rangeOp) Close() {}

// isLiteral reports whether e is a literal: a number, string, typed
// literal (long(null), datetime(...), dynamic(...)), true or false, with
// an optional sign.
func isLiteral(e kql.Expr) bool {
	switch e := e.(type) {
	case *kql.Lit, *kql.DynamicLit:
		return true
	case *kql.UnaryExpr:
		_, ok := e.X.(*kql.Lit)
		return ok
	case *kql.Ident:
		return e.Name == "true" || e.Name == "false"
	}
	return false
}
