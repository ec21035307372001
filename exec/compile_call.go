package exec

import (
	"context"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/crosshunt/crosshunt/kql"
)

// callName returns the name of a called function.
func callName(n *kql.CallExpr) string {
	if id, ok := n.Fun.(*kql.Ident); ok {
		return id.Name
	}
	return ""
}

// call compiles a scalar function call: a let-defined function, one of the
// functions the engine handles itself, or a registry function.
func (c *compiler) call(ctx context.Context, rs *rowScope, n *kql.CallExpr) (expr, error) {
	name := callName(n)
	if name == "" {
		return nil, c.errorf(n, "unsupported function call%s", rs.in())
	}
	if col, ok := c.aggCols[n]; ok {
		if i := colIndex(rs.schema, col); i >= 0 {
			return &colExpr{idx: i, t: fieldType(rs.schema, i), name: col}, nil
		}
	}
	if b := rs.sc.lookup(name); b != nil && b.function != nil {
		return c.userScalarCall(ctx, rs, n, b)
	}
	switch name {
	case "bin_auto":
		// bin_auto(x) is bin(x, size), or bin_at(x, size, at), with the
		// query's set query_bin_auto_size and query_bin_auto_at
		// (https://learn.microsoft.com/kusto/query/bin-auto-function).
		if len(n.Args) != 1 {
			return nil, c.errorf(n, "bin_auto(): expects 1 argument, got %d%s", len(n.Args), rs.in())
		}
		size, ok := c.binAuto["query_bin_auto_size"]
		if !ok {
			return nil, c.errorf(n, "bin_auto(): needs `set query_bin_auto_size=...;` before the query%s", rs.in())
		}
		bin := &kql.CallExpr{Span: n.Span, Fun: &kql.Ident{Span: n.Span, Name: "bin"}, Args: []kql.Expr{n.Args[0], size}}
		if at, ok := c.binAuto["query_bin_auto_at"]; ok {
			bin.Fun = &kql.Ident{Span: n.Span, Name: "bin_at"}
			bin.Args = append(bin.Args, at)
		}
		return c.call(ctx, rs, bin)
	case "toscalar":
		if len(n.Args) != 1 {
			return nil, c.errorf(n, "toscalar expects 1 argument, got %d", len(n.Args))
		}
		if !c.isTabular(rs.sc, n.Args[0]) {
			// A scalar is computed once, without a row: toscalar(new_guid())
			// is one value for every row (learn.microsoft.com/kusto/query/toscalar-function).
			e, err := c.scalar(ctx, &rowScope{sc: rs.sc, where: "toscalar"}, n.Args[0])
			if err != nil {
				return nil, err
			}
			if _, ok := isConst(e); ok {
				return e, nil
			}
			v, err := evalConst(c.alloc(), e)
			if err != nil {
				return nil, c.errorf(n, "toscalar: %v", err)
			}
			return &constExpr{t: e.typ(), v: v}, nil
		}
		return c.toScalar(ctx, rs.sc, n.Args[0])
	case "column_ifexists", "columnifexists":
		if len(n.Args) != 2 {
			return nil, c.errorf(n, "%s expects 2 arguments, got %d", name, len(n.Args))
		}
		col, err := c.scalar(ctx, &rowScope{sc: rs.sc}, n.Args[0])
		if err != nil {
			return nil, err
		}
		cv, _ := isConst(col)
		if i := colIndex(rs.schema, FormatValue(cv)); i >= 0 {
			return &colExpr{idx: i, t: fieldType(rs.schema, i)}, nil
		}
		return c.scalar(ctx, rs, n.Args[1])
	case "row_number", "prev", "next", "row_cumsum", "row_window_session", "row_rank_dense", "row_rank_min":
		return c.window(ctx, rs, n, name)
	case "pack_all":
		return c.packAll(ctx, rs, n)
	case "bag_pack_columns":
		return c.bagPackColumns(rs, n)
	case "ingestion_time":
		// Kusto reads the hidden ingestion time of the row's extent; the
		// engine has none, so it reads the row's Timestamp column (the
		// event time of the Defender and Sentinel tables) when there is
		// a datetime one, and is null otherwise.
		if len(n.Args) == 0 && rs.schema != nil {
			if i := colIndex(rs.schema, "Timestamp"); i >= 0 && fieldType(rs.schema, i) == TypeDateTime {
				return &colExpr{idx: i, t: TypeDateTime}, nil
			}
		}
	}
	fn, ok := c.reg.Function(name)
	if !ok {
		if _, isAgg := c.reg.Aggregate(name); isAgg {
			return nil, c.errorf(n, "aggregate function %q is only allowed in summarize%s", name, rs.in())
		}
		return nil, c.errorf(n.Fun, "unknown function %q%s", name, rs.in())
	}
	var args []expr
	resultOverride := TypeInvalid
	if fn.Name == "pack_array" {
		n = c.expandStar(rs, n)
	}
	for i, a := range n.Args {
		// typeof(T) as extract's fourth or extract_json's third argument
		// sets the result type.
		typeArg := (fn.Name == "extract" && i == 3) || (fn.Name == "extract_json" && i == 2)
		if to, ok := a.(*kql.TypeOfExpr); ok && typeArg {
			t, ok := ParseType(to.Type.Name)
			if !ok {
				return nil, c.errorf(a, "unknown type %q", to.Type.Name)
			}
			resultOverride = t
			continue
		}
		e, err := c.scalar(ctx, rs, a)
		if err != nil {
			return nil, err
		}
		args = append(args, e)
	}
	types := make([]Type, len(args))
	for i, a := range args {
		types[i] = a.typ()
	}
	result, err := checkSig(name, fn.Sig, types)
	if err != nil {
		return nil, c.errorf(n, "%s(): %v%s", name, err, rs.in())
	}
	if resultOverride != TypeInvalid {
		result = resultOverride
	}
	call := &Call{Name: name, ArgTypes: types, Result: result, Now: c.now, Mem: c.alloc()}
	call.consts = make([]Value, len(args))
	call.isConst = make([]bool, len(args))
	for i, a := range args {
		call.consts[i], call.isConst[i] = isConst(a)
	}
	if fn.Check != nil {
		if err := fn.Check(call); err != nil {
			return nil, c.errorf(n, "%v%s", err, rs.in())
		}
	}
	return c.fold(&callExpr{fn: fn, call: call, args: args}), nil
}

// expandStar replaces a * argument with the columns of the input, as in
// pack_array(*) (https://learn.microsoft.com/kusto/query/pack-array-function).
func (c *compiler) expandStar(rs *rowScope, n *kql.CallExpr) *kql.CallExpr {
	var args []kql.Expr
	for _, a := range n.Args {
		w, ok := a.(*kql.Wildcard)
		if !ok || w.Pattern != "*" || rs.schema == nil {
			args = append(args, a)
			continue
		}
		for i, f := range rs.schema.Fields() {
			if rs.inputCols > 0 && i >= rs.inputCols {
				break
			}
			args = append(args, &kql.Ident{Span: w.Span, Name: f.Name})
		}
	}
	out := *n
	out.Args = args
	return &out
}

// checkSig runs a function's signature check; a panic in it (a
// registered Signature that indexes past its arguments) becomes a
// *PanicError naming the function.
func checkSig(name string, sig Signature, types []Type) (t Type, err error) {
	defer recoverError(name+"() signature", &err)
	return sig(types)
}

// userScalarCall expands a let-defined function inline: its parameters are
// bound to the compiled arguments and its body compiled in their scope.
func (c *compiler) userScalarCall(ctx context.Context, rs *rowScope, n *kql.CallExpr, b *binding) (expr, error) {
	sc, err := c.bindParams(ctx, rs, n, b)
	if err != nil {
		return nil, err
	}
	body, last, err := c.functionBody(ctx, sc, rs.schema, b.function)
	if err != nil {
		return nil, err
	}
	if c.isTabular(body, last) {
		return nil, c.errorf(n, "function %q returns a table, expected a scalar%s", callName(n), rs.in())
	}
	return c.scalar(ctx, &rowScope{schema: rs.schema, sc: body, where: rs.where}, last)
}

// bindParams binds a user function's parameters to a call's arguments.
func (c *compiler) bindParams(ctx context.Context, rs *rowScope, n *kql.CallExpr, b *binding) (*scope, error) {
	fn := b.function
	sc := b.fnScope.child()
	if len(n.Args) > len(fn.Params) {
		return nil, c.errorf(n, "function %q expects %d arguments, got %d", callName(n), len(fn.Params), len(n.Args))
	}
	for i, p := range fn.Params {
		var arg kql.Expr
		if i < len(n.Args) {
			arg = n.Args[i]
		} else if p.Default != nil {
			arg = p.Default
		} else {
			return nil, c.errorf(n, "function %q expects %d arguments, got %d", callName(n), len(fn.Params), len(n.Args))
		}
		if p.Type != nil && p.Type.Name == "" {
			// A tabular parameter.
			tb, err := c.tabularBinding(ctx, rs.sc, arg)
			if err != nil {
				return nil, err
			}
			sc.names[p.Name.Name] = tb
			continue
		}
		e, err := c.scalar(ctx, rs, arg)
		if err != nil {
			return nil, err
		}
		if p.Type != nil {
			if t, ok := ParseType(p.Type.Name); ok && t != TypeDynamic {
				e = c.convert(e, t)
			}
		}
		nb := &binding{scalar: e}
		if _, ok := isConst(e); !ok && rs.schema != nil && rs.schema.NumFields() > 0 {
			nb.rowSchema = rs.schema
		}
		sc.names[p.Name.Name] = nb
	}
	return sc, nil
}

// functionBody binds the let statements of a function body and returns the
// scope and the final expression. rowSchema is the caller's row context (nil
// when called outside one): a scalar let in the body may use the function's
// row-bound parameters, and is itself row-bound then.
func (c *compiler) functionBody(ctx context.Context, sc *scope, rowSchema *arrow.Schema, fn *kql.FuncExpr) (*scope, kql.Expr, error) {
	if len(fn.Body) == 0 {
		return nil, nil, c.errorf(fn, "function body is empty")
	}
	for _, st := range fn.Body[:len(fn.Body)-1] {
		if let, ok := st.(*kql.LetStmt); ok && rowSchema != nil {
			b, err := c.rowLetBinding(ctx, sc, rowSchema, let.Value)
			if err != nil {
				return nil, nil, err
			}
			sc.names[let.Name.Name] = b
			continue
		}
		if err := c.stmt(ctx, sc, st); err != nil {
			return nil, nil, err
		}
	}
	last, ok := fn.Body[len(fn.Body)-1].(*kql.ExprStmt)
	if !ok {
		return nil, nil, c.errorf(fn, "function body must end with an expression")
	}
	return sc, last.X, nil
}

// toScalar runs a tabular expression and returns its first cell.
func (c *compiler) toScalar(ctx context.Context, sc *scope, n kql.Expr) (expr, error) {
	op, err := c.tabular(ctx, sc, n)
	if err != nil {
		return nil, err
	}
	defer op.Close()
	if op.Schema().NumFields() == 0 {
		return nil, c.errorf(n, "toscalar: the table has no columns")
	}
	t := fieldType(op.Schema(), 0)
	rec, err := drainOne(ctx, c.alloc(), op)
	if err != nil {
		return nil, err
	}
	defer rec.Release()
	var v Value
	if rec.NumRows() > 0 {
		v = ValueAt(rec.Column(0), 0)
	}
	return &constExpr{t: t, v: v}, nil
}

// firstColumn runs a tabular expression and returns its first column.
func (c *compiler) firstColumn(ctx context.Context, sc *scope, n kql.Expr) ([]Value, error) {
	op, err := c.tabular(ctx, sc, n)
	if err != nil {
		return nil, err
	}
	defer op.Close()
	if op.Schema().NumFields() == 0 {
		return nil, nil
	}
	recs, err := drain(ctx, op)
	if err != nil {
		return nil, err
	}
	defer releaseAll(recs)
	var out []Value
	for _, r := range recs {
		for i := range int(r.NumRows()) {
			out = append(out, ValueAt(r.Column(0), i))
		}
	}
	return out, nil
}

// packAll builds a bag of every column of the row.
func (c *compiler) packAll(ctx context.Context, rs *rowScope, n *kql.CallExpr) (expr, error) {
	if len(n.Args) > 1 {
		return nil, c.errorf(n, "pack_all(): expects at most 1 argument, got %d%s", len(n.Args), rs.in())
	}
	ignoreEmpty := false
	if len(n.Args) == 1 {
		e, err := c.scalar(ctx, rs, n.Args[0])
		if err != nil {
			return nil, err
		}
		v, ok := isConst(e)
		b, isBool := v.(bool)
		if !ok || e.typ() != TypeBool || (v != nil && !isBool) {
			return nil, c.errorf(n.Args[0], "pack_all(): ignore_null_empty must be a constant bool%s", rs.in())
		}
		ignoreEmpty = b
	}
	var args []expr
	var names []string
	if rs.schema != nil {
		for i, f := range rs.schema.Fields() {
			if rs.inputCols > 0 && i >= rs.inputCols {
				break // extend's own new columns are not packed
			}
			args = append(args, &colExpr{idx: i, t: fieldType(rs.schema, i)})
			names = append(names, f.Name)
		}
	}
	return &rowExpr{t: TypeDynamic, args: args, f: func(vals []Value) (Value, error) {
		bag := &Bag{}
		for i, v := range vals {
			if ignoreEmpty && isEmpty(v) {
				continue // pack_all(true) leaves out null and empty values
			}
			bag.Set(names[i], Convert(v, TypeDynamic))
		}
		return bag, nil
	}}, nil
}

// bagPackColumns is bag_pack_columns(col, ...): a bag of the named
// columns of the row, nulls included
// (https://learn.microsoft.com/kusto/query/bag-pack-columns-function).
func (c *compiler) bagPackColumns(rs *rowScope, n *kql.CallExpr) (expr, error) {
	if len(n.Args) == 0 {
		return nil, c.errorf(n, "bag_pack_columns(): expects at least 1 column%s", rs.in())
	}
	var args []expr
	var names []string
	for _, a := range n.Args {
		id, ok := a.(*kql.Ident)
		i := -1
		if ok && rs.schema != nil {
			i = colIndex(rs.schema, id.Name)
		}
		if i < 0 {
			return nil, c.errorf(a, "bag_pack_columns(): arguments must be columns of the input%s", rs.in())
		}
		args = append(args, &colExpr{idx: i, t: fieldType(rs.schema, i)})
		names = append(names, id.Name)
	}
	return &rowExpr{t: TypeDynamic, args: args, f: func(vals []Value) (Value, error) {
		bag := &Bag{}
		for i, v := range vals {
			bag.Set(names[i], Convert(v, TypeDynamic))
		}
		return bag, nil
	}}, nil
}

// schemaOf is a helper for operators building output schemas.
func schemaOf(names []string, types []Type) *arrow.Schema {
	fields := make([]arrow.Field, len(names))
	for i, n := range names {
		fields[i] = arrow.Field{Name: n, Type: types[i].ArrowType(), Nullable: true}
	}
	return arrow.NewSchema(fields, nil)
}
