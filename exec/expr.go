package exec

import (
	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
)

// batch is the input of expression evaluation: one record batch.
type batch struct {
	rec arrow.Record
	mem memory.Allocator
	n   int
}

// expr is a compiled scalar expression, evaluated a batch at a time.
type expr interface {
	// typ returns the static KQL type of the result.
	typ() Type
	// eval computes the expression for every row of b. When the returned
	// vector holds an Array, the caller owns it and must release it.
	eval(b *batch) (*Vector, error)
}

// constExpr is a constant.
type constExpr struct {
	t Type
	v Value
}

func (e *constExpr) typ() Type { return e.t }

func (e *constExpr) eval(b *batch) (*Vector, error) {
	return &Vector{Type: e.t, Const: e.v, Len: b.n}, nil
}

// isConst returns the value of a constant expression.
func isConst(e expr) (Value, bool) {
	if c, ok := e.(*constExpr); ok {
		return c.v, true
	}
	return nil, false
}

// colExpr reads a column of the input.
type colExpr struct {
	idx  int
	t    Type
	name string
}

func (e *colExpr) typ() Type { return e.t }

func (e *colExpr) eval(b *batch) (*Vector, error) {
	a := b.rec.Column(e.idx)
	a.Retain()
	return &Vector{Type: e.t, Array: a, Len: b.n}, nil
}

// release drops the array a vector owns.
func (v *Vector) release() {
	if v != nil && v.Array != nil {
		v.Array.Release()
		v.Array = nil
	}
}

// convertExpr converts its operand to another type, as the to* functions
// do.
type convertExpr struct {
	x expr
	t Type
}

func (e *convertExpr) typ() Type { return e.t }

func (e *convertExpr) eval(b *batch) (*Vector, error) {
	v, err := e.x.eval(b)
	if err != nil {
		return nil, err
	}
	defer v.release()
	if v.Array == nil {
		return &Vector{Type: e.t, Const: Convert(v.Const, e.t), Len: b.n}, nil
	}
	if fast := convertFast(b, v.Array, e.t); fast != nil {
		return &Vector{Type: e.t, Array: fast, Len: b.n}, nil
	}
	bld := newBuilder(b.mem, e.t)
	defer bld.Release()
	bld.Reserve(b.n)
	for i := range b.n {
		AppendValue(bld, e.t, ValueAt(v.Array, i))
	}
	return &Vector{Type: e.t, Array: bld.NewArray(), Len: b.n}, nil
}

// convertFast widens int and long columns without going through values.
func convertFast(b *batch, a arrow.Array, t Type) arrow.Array {
	switch a := a.(type) {
	case *array.Int32:
		switch t {
		case TypeLong:
			bld := array.NewInt64Builder(b.mem)
			defer bld.Release()
			bld.Reserve(a.Len())
			for i := range a.Len() {
				if a.IsNull(i) {
					bld.AppendNull()
				} else {
					bld.UnsafeAppend(int64(a.Value(i)))
				}
			}
			return bld.NewArray()
		case TypeReal:
			bld := array.NewFloat64Builder(b.mem)
			defer bld.Release()
			bld.Reserve(a.Len())
			for i := range a.Len() {
				if a.IsNull(i) {
					bld.AppendNull()
				} else {
					bld.UnsafeAppend(float64(a.Value(i)))
				}
			}
			return bld.NewArray()
		}
	case *array.Int64:
		if t == TypeReal {
			bld := array.NewFloat64Builder(b.mem)
			defer bld.Release()
			bld.Reserve(a.Len())
			for i := range a.Len() {
				if a.IsNull(i) {
					bld.AppendNull()
				} else {
					bld.UnsafeAppend(float64(a.Value(i)))
				}
			}
			return bld.NewArray()
		}
	}
	return nil
}

// callExpr calls a registry function.
type callExpr struct {
	fn   *Function
	call *Call
	args []expr
}

func (e *callExpr) typ() Type { return e.call.Result }

func (e *callExpr) eval(b *batch) (_ *Vector, err error) {
	defer recoverError(e.call.Name+"()", &err)
	vecs := make([]*Vector, len(e.args))
	defer func() {
		for _, v := range vecs {
			v.release()
		}
	}()
	allConst, err := evalArgs(b, e.args, vecs)
	if err != nil {
		return nil, err
	}
	e.call.Len = b.n
	e.call.Mem = b.mem
	if e.fn.Kernel != nil {
		arr, err := e.fn.Kernel(e.call, vecs)
		if err != nil {
			return nil, err
		}
		return &Vector{Type: e.call.Result, Array: arr, Len: b.n}, nil
	}
	vals := make([]Value, len(vecs))
	if allConst && !e.fn.Volatile {
		for i, v := range vecs {
			vals[i] = v.Const
		}
		r, err := e.fn.Scalar(e.call, vals)
		if err != nil {
			return nil, err
		}
		return &Vector{Type: e.call.Result, Const: Convert(r, e.call.Result), Len: b.n}, nil
	}
	bld := newBuilder(b.mem, e.call.Result)
	defer bld.Release()
	bld.Reserve(b.n)
	for i := range b.n {
		for j, v := range vecs {
			vals[j] = v.Value(i)
		}
		r, err := e.fn.Scalar(e.call, vals)
		if err != nil {
			return nil, err
		}
		AppendValue(bld, e.call.Result, r)
	}
	return &Vector{Type: e.call.Result, Array: bld.NewArray(), Len: b.n}, nil
}

// evalArgs evaluates args over b into vecs (the caller releases them, also
// on error) and reports whether all of them are constants.
func evalArgs(b *batch, args []expr, vecs []*Vector) (allConst bool, err error) {
	allConst = true
	for i, a := range args {
		v, err := a.eval(b)
		if err != nil {
			return false, err
		}
		vecs[i] = v
		allConst = allConst && v.Array == nil
	}
	return allConst, nil
}

// rowExpr evaluates row by row with a Go function of the operand values:
// the generic path of operators without a vectorized kernel.
type rowExpr struct {
	t    Type
	args []expr
	f    func(args []Value) (Value, error)
}

func (e *rowExpr) typ() Type { return e.t }

func (e *rowExpr) eval(b *batch) (*Vector, error) {
	vecs := make([]*Vector, len(e.args))
	defer func() {
		for _, v := range vecs {
			v.release()
		}
	}()
	allConst, err := evalArgs(b, e.args, vecs)
	if err != nil {
		return nil, err
	}
	vals := make([]Value, len(vecs))
	if allConst {
		for i, v := range vecs {
			vals[i] = v.Const
		}
		r, err := e.f(vals)
		if err != nil {
			return nil, err
		}
		return &Vector{Type: e.t, Const: Convert(r, e.t), Len: b.n}, nil
	}
	bld := newBuilder(b.mem, e.t)
	defer bld.Release()
	bld.Reserve(b.n)
	for i := range b.n {
		for j, v := range vecs {
			vals[j] = v.Value(i)
		}
		r, err := e.f(vals)
		if err != nil {
			return nil, err
		}
		AppendValue(bld, e.t, r)
	}
	return &Vector{Type: e.t, Array: bld.NewArray(), Len: b.n}, nil
}

// evalConst evaluates an expression that reads no column, once.
func evalConst(mem memory.Allocator, e expr) (Value, error) {
	if v, ok := isConst(e); ok {
		return v, nil
	}
	v, err := e.eval(&batch{mem: mem, n: 1})
	if err != nil {
		return nil, err
	}
	defer v.release()
	return v.Value(0), nil
}
