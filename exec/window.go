package exec

import (
	"context"
	"time"

	"github.com/crosshunt/crosshunt/kql"
)

// windowExpr is a window function over the serialized row order:
// row_number(), prev(), next(), row_cumsum(). Operators that contain one
// gather their whole input into one batch first (see hasWindow), so the
// functions see every row in order.
type windowExpr struct {
	kind   string
	x      expr  // prev/next/row_cumsum operand; or nil
	offset int   // prev/next distance; row_number start
	def    Value // prev/next default
	t      Type
	// restart is the restart predicate of row_window_session,
	// row_rank_dense and row_rank_min; or nil.
	restart expr
	// maxLen and maxGap are row_window_session's limits.
	maxLen, maxGap time.Duration
}

func (e *windowExpr) typ() Type { return e.t }

func (e *windowExpr) eval(b *batch) (*Vector, error) {
	bld := newBuilder(b.mem, e.t)
	defer bld.Release()
	// restartAt(i) tells whether row i restarts row_number or
	// row_cumsum (its restart predicate is true there).
	restartAt := func(int) bool { return false }
	if e.restart != nil && (e.kind == "row_number" || e.kind == "row_cumsum") {
		r, err := e.restart.eval(b)
		if err != nil {
			return nil, err
		}
		defer r.release()
		restartAt = func(i int) bool { t, _ := r.Value(i).(bool); return t }
	}
	switch e.kind {
	case "row_number":
		n := int64(e.offset)
		for i := range b.n {
			if i > 0 && restartAt(i) {
				n = int64(e.offset)
			}
			AppendValue(bld, e.t, n)
			n++
		}
		return &Vector{Type: e.t, Array: bld.NewArray(), Len: b.n}, nil
	}
	v, err := e.x.eval(b)
	if err != nil {
		return nil, err
	}
	defer v.release()
	switch e.kind {
	case "row_window_session", "row_rank_dense", "row_rank_min":
		vals := make([]Value, b.n)
		for i := range vals {
			vals[i] = v.Value(i)
		}
		var restarts []Value
		if e.restart != nil {
			r, err := e.restart.eval(b)
			if err != nil {
				return nil, err
			}
			defer r.release()
			restarts = make([]Value, b.n)
			for i := range restarts {
				restarts[i] = r.Value(i)
			}
		}
		var out []Value
		if e.kind == "row_window_session" {
			out = rowWindowSession(vals, e.maxLen, e.maxGap, restarts)
		} else {
			out = rowRank(vals, e.kind == "row_rank_dense", restarts)
		}
		for _, x := range out {
			AppendValue(bld, e.t, x)
		}
	case "prev", "next":
		for i := range b.n {
			j := i - e.offset
			if e.kind == "next" {
				j = i + e.offset
			}
			if j < 0 || j >= b.n {
				AppendValue(bld, e.t, e.def)
				continue
			}
			AppendValue(bld, e.t, v.Value(j))
		}
	case "row_cumsum":
		zero := Convert(int64(0), e.t)
		acc := zero
		for i := range b.n {
			if restartAt(i) {
				acc = zero
			}
			if x := v.Value(i); x != nil {
				acc = arithValue("+", e.t, acc, x)
			}
			AppendValue(bld, e.t, acc)
		}
	}
	return &Vector{Type: e.t, Array: bld.NewArray(), Len: b.n}, nil
}

func (c *compiler) window(ctx context.Context, rs *rowScope, n *kql.CallExpr, name string) (expr, error) {
	args := make([]expr, len(n.Args))
	for i, a := range n.Args {
		e, err := c.scalar(ctx, rs, a)
		if err != nil {
			return nil, err
		}
		args[i] = e
	}
	constInt := func(i, def int) (int, error) {
		if i >= len(args) {
			return def, nil
		}
		v, ok := isConst(args[i])
		k, kok := toInt64(v)
		if !ok || !kok {
			return 0, c.errorf(n2(n, i), "%s(): argument %d must be a constant integer", name, i+1)
		}
		return int(k), nil
	}
	switch name {
	case "row_number":
		if len(args) > 2 {
			return nil, c.errorf(n, "row_number(): expects 0 to 2 arguments, got %d", len(args))
		}
		start, err := constInt(0, 1)
		if err != nil {
			return nil, err
		}
		w := &windowExpr{kind: name, offset: start, t: TypeLong}
		if len(args) == 2 {
			if w.restart, err = c.restartArg(n, args, 1, name); err != nil {
				return nil, err
			}
		}
		return w, nil
	case "row_cumsum":
		if len(args) < 1 || len(args) > 2 {
			return nil, c.errorf(n, "row_cumsum(): expects 1 or 2 arguments, got %d", len(args))
		}
		t := args[0].typ()
		if t == TypeInt {
			t = TypeLong
		}
		if !t.IsNumeric() && t != TypeDynamic {
			return nil, c.errorf(n.Args[0], "row_cumsum(): argument 1 must be int, long, real or decimal, got %s", t)
		}
		w := &windowExpr{kind: name, x: c.convert(args[0], t), t: t}
		if len(args) == 2 {
			var err error
			if w.restart, err = c.restartArg(n, args, 1, name); err != nil {
				return nil, err
			}
		}
		return w, nil
	case "row_rank_dense", "row_rank_min":
		if len(args) < 1 || len(args) > 2 {
			return nil, c.errorf(n, "%s(): expects 1 or 2 arguments, got %d", name, len(args))
		}
		w := &windowExpr{kind: name, x: args[0], t: TypeLong}
		if len(args) == 2 {
			if t := args[1].typ(); t != TypeBool && t != TypeDynamic {
				return nil, c.errorf(n.Args[1], "%s(): argument 2 (restart) must be bool, got %s", name, t)
			}
			w.restart = args[1]
		}
		return w, nil
	case "row_window_session":
		if len(args) < 3 || len(args) > 4 {
			return nil, c.errorf(n, "row_window_session(): expects 3 or 4 arguments, got %d", len(args))
		}
		if t := args[0].typ(); t != TypeDateTime && t != TypeDynamic {
			return nil, c.errorf(n.Args[0], "row_window_session(): argument 1 must be datetime, got %s", t)
		}
		w := &windowExpr{kind: name, x: c.convert(args[0], TypeDateTime), t: TypeDateTime}
		for i, d := range []*time.Duration{&w.maxLen, &w.maxGap} {
			v, ok := isConst(args[i+1])
			span, sok := argSpan(v)
			if !ok || !sok {
				return nil, c.errorf(n.Args[i+1], "row_window_session(): argument %d must be a constant timespan", i+2)
			}
			*d = span
		}
		if len(args) == 4 {
			if t := args[3].typ(); t != TypeBool && t != TypeDynamic {
				return nil, c.errorf(n.Args[3], "row_window_session(): argument 4 (restart) must be bool, got %s", t)
			}
			w.restart = args[3]
		}
		return w, nil
	}
	if len(args) < 1 || len(args) > 3 {
		return nil, c.errorf(n, "%s(): expects 1 to 3 arguments, got %d", name, len(args))
	}
	off, err := constInt(1, 1)
	if err != nil {
		return nil, err
	}
	var def Value
	if len(args) == 3 {
		d, ok := isConst(args[2])
		if !ok {
			return nil, c.errorf(n.Args[2], "%s(): the default must be a constant", name)
		}
		def = d
	}
	return &windowExpr{kind: name, x: args[0], offset: off, def: def, t: args[0].typ()}, nil
}

// restartArg checks the bool restart argument i of a window function.
func (c *compiler) restartArg(n *kql.CallExpr, args []expr, i int, name string) (expr, error) {
	if t := args[i].typ(); t != TypeBool && t != TypeDynamic {
		return nil, c.errorf(n.Args[i], "%s(): argument %d (restart) must be bool, got %s", name, i+1, t)
	}
	return args[i], nil
}

// n2 returns argument i of a call for error positions, or the call.
func n2(n *kql.CallExpr, i int) kql.Node {
	if i < len(n.Args) {
		return n.Args[i]
	}
	return n
}

// hasWindow reports whether an expression contains a window function.
func hasWindow(e expr) bool {
	switch e := e.(type) {
	case *windowExpr:
		return true
	case *binaryExpr:
		return hasWindow(e.x) || hasWindow(e.y)
	case *convertExpr:
		return hasWindow(e.x)
	case *memberExpr:
		return hasWindow(e.x)
	case *indexExpr:
		return hasWindow(e.x) || hasWindow(e.idx)
	case *callExpr:
		for _, a := range e.args {
			if hasWindow(a) {
				return true
			}
		}
	case *rowExpr:
		for _, a := range e.args {
			if hasWindow(a) {
				return true
			}
		}
	case *inExpr:
		return hasWindow(e.x)
	}
	return false
}
