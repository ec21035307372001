package exec

import (
	"context"
	"strings"

	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/crosshunt/crosshunt/kql"
)

// inExpr is x in (...), x !in (...), in~, !in~, has_any and has_all over
// a constant set (literals, dynamic arrays and tabular subqueries are
// flattened into it when the query is compiled).
type inExpr struct {
	x     expr
	op    string
	vals  []Value         // the set, converted to x's type
	keys  map[string]bool // string sets: the values (lowered for in~)
	other []expr          // non-constant elements, tested row by row
}

func (e *inExpr) typ() Type { return TypeBool }

func (e *inExpr) eval(b *batch) (*Vector, error) {
	xv, err := e.x.eval(b)
	if err != nil {
		return nil, err
	}
	defer xv.release()
	others := make([]*Vector, len(e.other))
	defer func() {
		for _, o := range others {
			o.release()
		}
	}()
	for i, o := range e.other {
		if others[i], err = o.eval(b); err != nil {
			return nil, err
		}
	}
	if col, ok := xv.Array.(*array.String); ok && e.keys != nil && len(e.other) == 0 && (e.op == "in" || e.op == "!in") {
		bld := array.NewBooleanBuilder(b.mem)
		defer bld.Release()
		bld.Reserve(b.n)
		neg := e.op == "!in"
		for i := range b.n {
			bld.UnsafeAppend(e.keys[col.Value(i)] != neg)
		}
		return &Vector{Type: TypeBool, Array: bld.NewArray(), Len: b.n}, nil
	}
	bld := array.NewBooleanBuilder(b.mem)
	defer bld.Release()
	bld.Reserve(b.n)
	extra := make([]Value, len(others))
	for i := range b.n {
		for j, o := range others {
			extra[j] = o.Value(i)
		}
		r := e.test(xv.Value(i), extra)
		if r == nil {
			bld.AppendNull()
		} else {
			bld.UnsafeAppend(r.(bool))
		}
	}
	return &Vector{Type: TypeBool, Array: bld.NewArray(), Len: b.n}, nil
}

// test answers for one row.
func (e *inExpr) test(x Value, extra []Value) Value {
	switch e.op {
	case "has_any", "has_all":
		s := FormatValue(x)
		all := e.op == "has_all"
		check := func(v Value) (done bool, result bool) {
			hit := hasTerm(s, FormatValue(v), true, true, false)
			if all && !hit {
				return true, false
			}
			if !all && hit {
				return true, true
			}
			return false, false
		}
		for _, v := range e.vals {
			if done, r := check(v); done {
				return r
			}
		}
		for _, v := range extra {
			if done, r := check(v); done {
				return r
			}
		}
		return all
	}
	if x == nil {
		return nil
	}
	neg := strings.HasPrefix(e.op, "!")
	fold := strings.HasSuffix(e.op, "~")
	match := func(v Value) bool {
		if v == nil {
			return false
		}
		if fold {
			return strings.EqualFold(FormatValue(x), FormatValue(v))
		}
		if s, ok := x.(string); ok {
			t, ok := v.(string)
			return ok && s == t
		}
		return CompareValues(x, v) == 0
	}
	if e.keys != nil {
		k := FormatValue(x)
		if fold {
			k = strings.ToLower(k)
		}
		if e.keys[k] {
			return !neg
		}
	} else {
		for _, v := range e.vals {
			if match(v) {
				return !neg
			}
		}
	}
	for _, v := range extra {
		if match(v) {
			return !neg
		}
	}
	return neg
}

func (c *compiler) in(ctx context.Context, rs *rowScope, n *kql.InExpr) (expr, error) {
	x, err := c.scalar(ctx, rs, n.X)
	if err != nil {
		return nil, err
	}
	if (strings.HasSuffix(n.Op, "~") || n.Op == "has_any" || n.Op == "has_all") && !stringOperand(x.typ()) {
		return nil, c.errorf(n, "operator %q needs a string operand, got %s%s", n.Op, x.typ(), rs.in())
	}
	e := &inExpr{x: x, op: n.Op}
	add := func(v Value) {
		if arr, ok := v.([]Value); ok {
			e.vals = append(e.vals, arr...)
			return
		}
		e.vals = append(e.vals, v)
	}
	for _, el := range n.List {
		if c.isTabular(rs.sc, el) {
			vals, err := c.firstColumn(ctx, rs.sc, el)
			if err != nil {
				return nil, err
			}
			e.vals = append(e.vals, vals...)
			continue
		}
		v, err := c.scalar(ctx, rs, el)
		if err != nil {
			return nil, err
		}
		if k, ok := isConst(v); ok {
			add(k)
			continue
		}
		e.other = append(e.other, v)
	}
	if x.typ() == TypeString && n.Op != "has_any" && n.Op != "has_all" {
		e.keys = map[string]bool{}
		for _, v := range e.vals {
			if v == nil {
				continue
			}
			k := FormatValue(v)
			if strings.HasSuffix(n.Op, "~") {
				k = strings.ToLower(k)
			}
			e.keys[k] = true
		}
	}
	return e, nil
}
