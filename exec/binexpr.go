package exec

import (
	"regexp"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/bitutil"
)

// binaryExpr is x op y. Hot shapes (a column against a constant or another
// column of the same primitive type, and/or, contains) run over the Arrow
// buffers; the rest goes row by row through the same semantics.
type binaryExpr struct {
	op      string
	x, y    expr
	t       Type
	operand Type
	class   opClass
	base    string // string operators: the predicate without negation
	neg     bool
	re      *regexp.Regexp // matches regex / like with a constant pattern
}

func (e *binaryExpr) typ() Type { return e.t }

func (e *binaryExpr) eval(b *batch) (*Vector, error) {
	vx, err := e.x.eval(b)
	if err != nil {
		return nil, err
	}
	defer vx.release()
	vy, err := e.y.eval(b)
	if err != nil {
		return nil, err
	}
	defer vy.release()
	if vx.Array == nil && vy.Array == nil {
		r, err := e.row(vx.Const, vy.Const)
		if err != nil {
			return nil, err
		}
		return &Vector{Type: e.t, Const: r, Len: b.n}, nil
	}
	if arr := e.fast(b, vx, vy); arr != nil {
		return &Vector{Type: e.t, Array: arr, Len: b.n}, nil
	}
	bld := newBuilder(b.mem, e.t)
	defer bld.Release()
	bld.Reserve(b.n)
	for i := range b.n {
		r, err := e.row(vx.Value(i), vy.Value(i))
		if err != nil {
			return nil, err
		}
		AppendValue(bld, e.t, r)
	}
	return &Vector{Type: e.t, Array: bld.NewArray(), Len: b.n}, nil
}

// row computes one row.
func (e *binaryExpr) row(a, c Value) (Value, error) {
	switch e.class {
	case classLogical:
		return logicValue(e.op, a, c), nil
	case classCompare:
		if e.operand != TypeDynamic {
			a, c = Convert(a, e.operand), Convert(c, e.operand)
		}
		return compareValue(e.op, a, c), nil
	case classArith:
		return arithValue(e.op, e.t, a, c), nil
	case classString:
		if a == nil || c == nil {
			if e.base == "=~" || e.base == "matches regex" {
				return nil, nil
			}
		}
		s, t := FormatValue(a), FormatValue(c)
		re := e.re
		if re == nil && (e.base == "matches regex" || e.base == "like" || e.base == "likecs") {
			pat := t
			if e.base != "matches regex" {
				pat = likePattern(t, e.base == "likecs")
			}
			var err error
			if re, err = regexp.Compile(pat); err != nil {
				return nil, err
			}
		}
		return stringPred(e.base, s, t, re) != e.neg, nil
	}
	return nil, nil
}

// logicValue is KQL's three-valued and/or.
func logicValue(op string, a, b Value) Value {
	x, xok := a.(bool)
	y, yok := b.(bool)
	if op == "and" {
		switch {
		case xok && !x, yok && !y:
			return false
		case xok && yok:
			return true
		}
		return nil
	}
	switch {
	case xok && x, yok && y:
		return true
	case xok && yok:
		return false
	}
	return nil
}

// fast returns the result for the vectorized shapes, or nil.
func (e *binaryExpr) fast(b *batch, vx, vy *Vector) arrow.Array {
	switch e.class {
	case classLogical:
		return logicFast(b, e.op, vx, vy)
	case classCompare:
		return compareFast(b, e.op, vx, vy)
	case classString:
		col, ok := vx.Array.(*array.String)
		needle, cok := vy.Const.(string)
		if !ok || vy.Array != nil || !cok {
			return nil
		}
		switch e.base {
		case "contains", "contains_cs":
			return containsColumn(b.mem, col, needle, e.base == "contains_cs", e.neg)
		}
		bld := array.NewBooleanBuilder(b.mem)
		defer bld.Release()
		bld.Reserve(b.n)
		for i := range b.n {
			bld.UnsafeAppend(stringPred(e.base, col.Value(i), needle, e.re) != e.neg)
		}
		return bld.NewArray()
	case classArith:
		return arithFast(b, e.op, e.t, vx, vy)
	}
	return nil
}

func logicFast(b *batch, op string, vx, vy *Vector) arrow.Array {
	x, xok := vx.Array.(*array.Boolean)
	y, yok := vy.Array.(*array.Boolean)
	if !xok || !yok || x.NullN() > 0 || y.NullN() > 0 {
		return nil
	}
	bld := array.NewBooleanBuilder(b.mem)
	defer bld.Release()
	bld.Reserve(b.n)
	if op == "and" {
		for i := range b.n {
			bld.UnsafeAppend(x.Value(i) && y.Value(i))
		}
	} else {
		for i := range b.n {
			bld.UnsafeAppend(x.Value(i) || y.Value(i))
		}
	}
	return bld.NewArray()
}

// cmpResult turns a three-way comparison into the operator's answer.
func cmpResult(op string, c int) bool {
	switch op {
	case "==":
		return c == 0
	case "!=", "<>":
		return c != 0
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	}
	return c >= 0
}

// int64Values returns the values of an Int64, Timestamp or Duration
// column as int64s.
func int64Values(a arrow.Array) ([]int64, bool) {
	switch a := a.(type) {
	case *array.Int64:
		return a.Int64Values(), true
	case *array.Timestamp:
		vals := a.TimestampValues()
		return arrow.Int64Traits.CastFromBytes(arrow.TimestampTraits.CastToBytes(vals)), true
	case *array.Duration:
		vals := a.DurationValues()
		return arrow.Int64Traits.CastFromBytes(arrow.DurationTraits.CastToBytes(vals)), true
	}
	return nil, false
}

// constInt64 returns a constant long, datetime or timespan as int64.
func constInt64(v Value) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	}
	if t, ok := v.(interface{ UnixNano() int64 }); ok {
		return t.UnixNano(), true
	}
	if d, ok := v.(interface{ Nanoseconds() int64 }); ok {
		return d.Nanoseconds(), true
	}
	return 0, false
}

func compareFast(b *batch, op string, vx, vy *Vector) arrow.Array {
	if vx.Array == nil {
		return nil
	}
	out := make([]bool, b.n)
	valid := validity(vx.Array, vy.Array)
	switch x := vx.Array.(type) {
	case *array.String:
		switch y := vy.Array.(type) {
		case nil:
			s, ok := vy.Const.(string)
			if !ok {
				return nil
			}
			if op == "==" || op == "!=" {
				for i := range b.n {
					out[i] = x.Value(i) == s
				}
				if op == "!=" {
					for i := range out {
						out[i] = !out[i]
					}
				}
			} else {
				return nil
			}
		case *array.String:
			for i := range b.n {
				c := 0
				if xs, ys := x.Value(i), y.Value(i); xs < ys {
					c = -1
				} else if xs > ys {
					c = 1
				}
				out[i] = cmpResult(op, c)
			}
		default:
			return nil
		}
	case *array.Float64:
		xv := x.Float64Values()
		switch y := vy.Array.(type) {
		case nil:
			c, ok := vy.Const.(float64)
			if !ok {
				return nil
			}
			for i, v := range xv {
				out[i] = cmpResult(op, cmpOrdered(v, c))
			}
		case *array.Float64:
			yv := y.Float64Values()
			for i, v := range xv {
				out[i] = cmpResult(op, cmpOrdered(v, yv[i]))
			}
		default:
			return nil
		}
	default:
		xv, ok := int64Values(vx.Array)
		if !ok || vx.Array.DataType().ID() != typeIDOf(vy) {
			return nil
		}
		if vy.Array == nil {
			c, ok := constInt64(vy.Const)
			if !ok {
				return nil
			}
			for i, v := range xv {
				out[i] = cmpResult(op, cmpOrdered(v, c))
			}
		} else {
			yv, ok := int64Values(vy.Array)
			if !ok {
				return nil
			}
			for i, v := range xv {
				out[i] = cmpResult(op, cmpOrdered(v, yv[i]))
			}
		}
	}
	return boolArray(b, out, valid)
}

// typeIDOf returns the Arrow type id of a vector's values.
func typeIDOf(v *Vector) arrow.Type {
	if v.Array != nil {
		return v.Array.DataType().ID()
	}
	if v.Const == nil {
		return arrow.NULL
	}
	return v.Type.ArrowType().ID()
}

// validity returns a bitmap of rows where every given array is valid, or
// nil when none has nulls.
func validity(arrs ...arrow.Array) []byte {
	var out []byte
	for _, a := range arrs {
		if a == nil || a.NullN() == 0 {
			continue
		}
		if _, isStr := a.(*array.String); isStr {
			continue
		}
		if out == nil {
			out = make([]byte, bitutil.BytesForBits(int64(a.Len())))
			for i := range out {
				out[i] = 0xff
			}
		}
		for i := range a.Len() {
			if a.IsNull(i) {
				bitutil.ClearBit(out, i)
			}
		}
	}
	return out
}

func boolArray(b *batch, vals []bool, valid []byte) arrow.Array {
	bld := array.NewBooleanBuilder(b.mem)
	defer bld.Release()
	bld.Reserve(len(vals))
	for i, v := range vals {
		if valid != nil && !bitutil.BitIsSet(valid, i) {
			bld.AppendNull()
			continue
		}
		bld.UnsafeAppend(v)
	}
	return bld.NewArray()
}

func arithFast(b *batch, op string, t Type, vx, vy *Vector) arrow.Array {
	if op == "/" || op == "%" {
		return nil
	}
	switch t {
	case TypeLong:
		x, xok := vx.Array.(*array.Int64)
		if !xok {
			return nil
		}
		var yv []int64
		var c int64
		switch y := vy.Array.(type) {
		case nil:
			cv, ok := vy.Const.(int64)
			if !ok {
				return nil
			}
			c = cv
		case *array.Int64:
			yv = y.Int64Values()
		default:
			return nil
		}
		xv := x.Int64Values()
		out := make([]int64, b.n)
		for i, v := range xv {
			w := c
			if yv != nil {
				w = yv[i]
			}
			out[i], _ = intArith(op, v, w)
		}
		bld := array.NewInt64Builder(b.mem)
		defer bld.Release()
		bld.AppendValues(out, validBools(validity(vx.Array, vy.Array), b.n))
		return bld.NewArray()
	case TypeReal:
		x, xok := vx.Array.(*array.Float64)
		if !xok {
			return nil
		}
		var yv []float64
		var c float64
		switch y := vy.Array.(type) {
		case nil:
			cv, ok := vy.Const.(float64)
			if !ok {
				return nil
			}
			c = cv
		case *array.Float64:
			yv = y.Float64Values()
		default:
			return nil
		}
		xv := x.Float64Values()
		out := make([]float64, b.n)
		for i, v := range xv {
			w := c
			if yv != nil {
				w = yv[i]
			}
			out[i] = realArith(op, v, w)
		}
		bld := array.NewFloat64Builder(b.mem)
		defer bld.Release()
		bld.AppendValues(out, validBools(validity(vx.Array, vy.Array), b.n))
		return bld.NewArray()
	}
	return nil
}

func validBools(valid []byte, n int) []bool {
	if valid == nil {
		return nil
	}
	out := make([]bool, n)
	for i := range out {
		out[i] = bitutil.BitIsSet(valid, i)
	}
	return out
}
