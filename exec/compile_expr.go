package exec

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/crosshunt/crosshunt/kql"
)

// rowScope is what a scalar expression can see: the columns of its input
// batch (schema; or nil outside any row) and the let names in scope.
type rowScope struct {
	schema *arrow.Schema
	sc     *scope
	where  string // the operator, for error messages ("in where")
	// qualified names scan's steps: Step.Col is the column "Step.Col".
	qualified map[string]bool
	// inputCols, when positive, is how many leading columns of schema are
	// the operator's input (extend's own new columns follow); pack_all
	// packs only those.
	inputCols int
}

// colIndex returns the index of a column by name, or -1.
func colIndex(s *arrow.Schema, name string) int {
	if s == nil {
		return -1
	}
	idx := s.FieldIndices(name)
	if len(idx) == 0 {
		return -1
	}
	return idx[0]
}

// fieldType returns the KQL type of column i.
func fieldType(s *arrow.Schema, i int) Type {
	dt := s.Field(i).Type
	if d, ok := dt.(*arrow.DictionaryType); ok {
		dt = d.ValueType // a join's build column (joinDictType)
	}
	t, _ := TypeOfArrow(dt)
	return t
}

// scalar compiles a scalar expression.
func (c *compiler) scalar(ctx context.Context, rs *rowScope, n kql.Expr) (expr, error) {
	switch n := n.(type) {
	case *kql.ParenExpr:
		return c.scalar(ctx, rs, n.X)
	case *kql.Lit:
		v, err := litValue(n)
		if err != nil {
			return nil, c.errorf(n, "%v", err)
		}
		t, _ := ParseType(n.Type)
		return &constExpr{t: t, v: v}, nil
	case *kql.DynamicLit:
		v, err := c.dynamicValue(n.X)
		if err != nil {
			return nil, err
		}
		return &constExpr{t: TypeDynamic, v: v}, nil
	case *kql.Ident:
		return c.ident(ctx, rs, n)
	case *kql.UnaryExpr:
		x, err := c.scalar(ctx, rs, n.X)
		if err != nil {
			return nil, err
		}
		if n.Op == "+" {
			return x, nil
		}
		if !x.typ().IsNumeric() && x.typ() != TypeTimeSpan && x.typ() != TypeDynamic {
			return nil, c.errorf(n, "operator \"-\" cannot be applied to %s", x.typ())
		}
		zero := Convert(int64(0), x.typ())
		if x.typ() == TypeTimeSpan {
			zero = Convert("0s", TypeTimeSpan)
		}
		return c.fold(&binaryExpr{op: "-", x: &constExpr{t: x.typ(), v: zero}, y: x, t: x.typ(), operand: x.typ(), class: classArith}), nil
	case *kql.BinaryExpr:
		return c.binary(ctx, rs, n)
	case *kql.BetweenExpr:
		return c.between(ctx, rs, n)
	case *kql.InExpr:
		return c.in(ctx, rs, n)
	case *kql.CallExpr:
		return c.call(ctx, rs, n)
	case *kql.SelectorExpr:
		if id, ok := n.X.(*kql.Ident); ok && rs.qualified[id.Name] {
			return c.scalar(ctx, rs, &kql.Ident{Span: n.Span, Name: id.Name + "." + n.Sel.Name})
		}
		x, err := c.scalar(ctx, rs, n.X)
		if err != nil {
			return nil, err
		}
		if x.typ() != TypeDynamic {
			return nil, c.errorf(n, "member access .%s needs a dynamic value, got %s", n.Sel.Name, x.typ())
		}
		return c.fold(&memberExpr{x: x, key: n.Sel.Name}), nil
	case *kql.IndexExpr:
		x, err := c.scalar(ctx, rs, n.X)
		if err != nil {
			return nil, err
		}
		idx, err := c.scalar(ctx, rs, n.Index)
		if err != nil {
			return nil, err
		}
		if x.typ() != TypeDynamic {
			return nil, c.errorf(n, "index access needs a dynamic value, got %s", x.typ())
		}
		if k, ok := isConst(idx); ok {
			if s, ok := k.(string); ok {
				return c.fold(&memberExpr{x: x, key: s}), nil
			}
		}
		return c.fold(&indexExpr{x: x, idx: idx}), nil
	case *kql.TypeOfExpr:
		return nil, c.errorf(n, "typeof() is only allowed as a function argument")
	case *kql.NamedExpr:
		return nil, c.errorf(n, "named expression not allowed here")
	}
	return nil, c.errorf(n, "expected a scalar expression%s", rs.in())
}

func (rs *rowScope) in() string {
	if rs.where == "" {
		return ""
	}
	return " in " + rs.where
}

// ident resolves a name: a column, then a let binding.
func (c *compiler) ident(ctx context.Context, rs *rowScope, n *kql.Ident) (expr, error) {
	if i := colIndex(rs.schema, n.Name); i >= 0 {
		return &colExpr{idx: i, t: fieldType(rs.schema, i), name: n.Name}, nil
	}
	if b := rs.sc.lookup(n.Name); b != nil {
		switch {
		case b.rowSchema != nil && (rs.schema == nil || !b.rowSchema.Equal(rs.schema)):
			return nil, c.errorf(n, "can't use %q as it is defined outside its row-context scope%s", n.Name, rs.in())
		case b.scalar != nil:
			return b.scalar, nil
		case b.function != nil && len(b.function.Params) == 0:
			return c.call(ctx, rs, &kql.CallExpr{Span: n.Span, Fun: n})
		}
		return nil, c.errorf(n, "%q is tabular, expected a scalar%s", n.Name, rs.in())
	}
	switch n.Name {
	case "true", "false":
		return &constExpr{t: TypeBool, v: n.Name == "true"}, nil
	}
	// A bare null is no literal in KQL (only typed ones: long(null), ...);
	// it is an unknown name as in Kusto.
	if rs.schema == nil {
		return nil, c.errorf(n, "unknown name %q%s", n.Name, rs.in())
	}
	return nil, c.errorf(n, "unknown column %q%s", n.Name, rs.in())
}

// fold evaluates an expression whose operands are all constants.
func (c *compiler) fold(e expr) expr {
	var kids []expr
	switch e := e.(type) {
	case *binaryExpr:
		kids = []expr{e.x, e.y}
	case *memberExpr:
		kids = []expr{e.x}
	case *indexExpr:
		kids = []expr{e.x, e.idx}
	case *convertExpr:
		kids = []expr{e.x}
	case *callExpr:
		if e.fn.Volatile {
			return e
		}
		kids = e.args
	case *rowExpr:
		kids = e.args
	default:
		return e
	}
	for _, k := range kids {
		if _, ok := isConst(k); !ok {
			return e
		}
	}
	v, err := evalConst(c.alloc(), e)
	if err != nil {
		return e // the error surfaces when the query runs
	}
	return &constExpr{t: e.typ(), v: v}
}

// convert converts e to type t when it has another type.
func (c *compiler) convert(e expr, t Type) expr {
	if e.typ() == t {
		return e
	}
	return c.fold(&convertExpr{x: e, t: t})
}

func (c *compiler) binary(ctx context.Context, rs *rowScope, n *kql.BinaryExpr) (expr, error) {
	x, err := c.scalar(ctx, rs, n.X)
	if err != nil {
		return nil, err
	}
	y, err := c.scalar(ctx, rs, n.Y)
	if err != nil {
		return nil, err
	}
	op := n.Op
	if op == "<>" {
		op = "!="
	}
	t, operand, class, err := binaryType(op, x.typ(), y.typ())
	if err != nil {
		return nil, c.errorf(n, "%v%s", err, rs.in())
	}
	e := &binaryExpr{op: op, x: x, y: y, t: t, operand: operand, class: class}
	switch class {
	case classCompare:
		if operand != TypeDynamic {
			e.x, e.y = c.convert(x, operand), c.convert(y, operand)
		}
	case classArith:
		if t.IsNumeric() && t != TypeDecimal {
			e.x, e.y = c.convert(x, t), c.convert(y, t)
		}
	case classLogical:
		e.x, e.y = c.convert(x, TypeBool), c.convert(y, TypeBool)
	case classString:
		e.base, e.neg, _ = stringOp(op)
		if x.typ() != TypeString {
			e.x = c.convert(x, TypeString)
		}
		if y.typ() != TypeString {
			e.y = c.convert(y, TypeString)
		}
		if pat, ok := isConst(e.y); ok && (e.base == "matches regex" || e.base == "like" || e.base == "likecs") {
			p := FormatValue(pat)
			if e.base != "matches regex" {
				p = likePattern(p, e.base == "likecs")
			}
			if e.re, err = compileRegex(p); err != nil {
				return nil, c.errorf(n.Y, "invalid regular expression: %v", err)
			}
		}
	}
	return c.fold(e), nil
}

func (c *compiler) between(ctx context.Context, rs *rowScope, n *kql.BetweenExpr) (expr, error) {
	var types [3]Type
	for i, a := range []kql.Expr{n.X, n.Lo, n.Hi} {
		e, err := c.scalar(ctx, rs, a)
		if err != nil {
			return nil, err
		}
		types[i] = e.typ()
	}
	op := "between"
	if n.Not {
		op = "!between"
	}
	// between takes numbers, datetimes and timespans (a dynamic left side
	// against numbers), not strings, bools or guids.
	if t := types[0]; !t.IsNumeric() && t != TypeDateTime && t != TypeTimeSpan && t != TypeDynamic {
		return nil, c.errorf(n, "operator %q cannot be applied to %s%s", op, t, rs.in())
	}
	upper := n.Hi
	if types[0] == TypeDateTime && types[1] == TypeDateTime && types[2] == TypeTimeSpan {
		// datetime between (start .. timespan) is the range start ..
		// start+timespan.
		upper = &kql.BinaryExpr{Span: n.Span, X: n.Lo, Op: "+", Y: n.Hi}
	}
	lo := &kql.BinaryExpr{Span: n.Span, X: n.X, Op: ">=", Y: n.Lo}
	hi := &kql.BinaryExpr{Span: n.Span, X: n.X, Op: "<=", Y: upper}
	if n.Not {
		lo.Op, hi.Op = "<", ">"
		return c.binary(ctx, rs, &kql.BinaryExpr{Span: n.Span, X: lo, Op: "or", Y: hi})
	}
	return c.binary(ctx, rs, &kql.BinaryExpr{Span: n.Span, X: lo, Op: "and", Y: hi})
}

// litValue converts a literal to its value.
func litValue(n *kql.Lit) (Value, error) {
	t, ok := ParseType(n.Type)
	if !ok {
		return nil, fmt.Errorf("unknown literal type %q", n.Type)
	}
	if n.Value == "null" && t != TypeString {
		return nil, nil
	}
	s := n.Value
	if t != TypeString && len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		s = strings.TrimSpace(s[1 : len(s)-1]) // datetime("2015-12-31"): Kusto takes a quoted form too
	}
	switch t {
	case TypeString:
		return s, nil
	case TypeBool:
		switch strings.ToLower(s) {
		case "true", "1":
			return true, nil
		case "false", "0":
			return false, nil
		}
	case TypeLong, TypeInt:
		var v int64
		var err error
		if strings.HasPrefix(strings.ToLower(s), "0x") {
			var u uint64
			u, err = strconv.ParseUint(s[2:], 16, 64)
			v = int64(u)
		} else {
			v, err = strconv.ParseInt(s, 10, 64)
			if err != nil {
				if f, ferr := strconv.ParseFloat(s, 64); ferr == nil {
					v, err = int64(f), nil
				}
			}
		}
		if err == nil {
			if t == TypeInt {
				return int32(v), nil
			}
			return v, nil
		}
	case TypeReal:
		switch strings.ToLower(s) {
		case "nan":
			return math.NaN(), nil
		case "inf", "+inf":
			return math.Inf(1), nil
		case "-inf":
			return math.Inf(-1), nil
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f, nil
		}
	case TypeDecimal, TypeGUID:
		if v := Convert(s, t); v != nil {
			return v, nil
		}
	case TypeDateTime:
		if v, ok := ParseDateTime(s); ok {
			return v, nil
		}
		// The activity plugins' pages write dates as datetime(2017 - 08 - 01).
		if v, ok := ParseDateTime(strings.ReplaceAll(s, " - ", "-")); ok {
			return v, nil
		}
	case TypeTimeSpan:
		if v, ok := ParseTimeSpan(s); ok {
			return v, nil
		}
	}
	return nil, fmt.Errorf("invalid %s literal %q", t, s)
}

// dynamicValue converts the contents of a dynamic literal.
func (c *compiler) dynamicValue(n kql.Expr) (Value, error) {
	switch n := n.(type) {
	case *kql.Lit:
		v, err := litValue(n)
		if err != nil {
			return nil, c.errorf(n, "%v", err)
		}
		return Convert(v, TypeDynamic), nil
	case *kql.ArrayLit:
		out := make([]Value, 0, len(n.Elems))
		for _, e := range n.Elems {
			v, err := c.dynamicValue(e)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case *kql.BagLit:
		bag := &Bag{}
		for i, k := range n.Keys {
			v, err := c.dynamicValue(n.Values[i])
			if err != nil {
				return nil, err
			}
			bag.Set(k, v)
		}
		return bag, nil
	case *kql.DynamicLit:
		return c.dynamicValue(n.X)
	case *kql.UnaryExpr:
		v, err := c.dynamicValue(n.X)
		if err != nil {
			return nil, err
		}
		if n.Op == "-" {
			return arithValue("-", TypeDynamic, int64(0), v), nil
		}
		return v, nil
	case *kql.Ident:
		switch n.Name {
		case "true", "false":
			return n.Name == "true", nil
		case "null":
			return nil, nil
		}
	case nil:
		return nil, nil
	}
	return nil, c.errorf(n, "invalid element in dynamic literal")
}
