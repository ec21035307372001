package exec

import (
	"testing"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/memory"
)

// typed is a test argument with an explicit KQL type (a null of a given
// type, or an int meant as long).
type typed struct {
	T Type
	V Value
}

// null returns a null argument of type t.
func null(t Type) typed { return typed{T: t} }

// fnCase is one call of a function and the text of its expected result:
// FormatValue of the result converted to the call's result type, or
// "<null>" for null. Each case names the reference page behaviour it
// checks.
type fnCase struct {
	name string
	fn   string
	args []Value
	want string
}

func a(vals ...Value) []Value { return vals }

func dt(s string) time.Time {
	t, ok := ParseDateTime(s)
	if !ok {
		panic("bad datetime " + s)
	}
	return t
}

func dyn(s string) Value {
	v, ok := ParseJSON(s)
	if !ok {
		panic("bad json " + s)
	}
	return typed{T: TypeDynamic, V: v}
}

func showValue(v Value, t Type) string {
	v = Convert(v, t)
	if v == nil {
		return "<null>"
	}
	return FormatValue(v)
}

// runFnCases evaluates each case twice, once with constant arguments
// through Scalar (or a one-row kernel call) and once over one-row Arrow
// columns through the same path the engine takes, checking both results
// and that every Arrow byte is released.
func runFnCases(t *testing.T, cases []fnCase) {
	t.Helper()
	reg := NewRegistry()
	for _, tc := range cases {
		t.Run(tc.fn+"/"+tc.name, func(t *testing.T) {
			got, rt, err := evalFunc(reg, tc.fn, tc.args, false)
			if tc.want == "<error>" {
				if err == nil {
					t.Fatalf("%s%v = %v, want a query error", tc.fn, tc.args, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("%s%v: %v", tc.fn, tc.args, err)
			}
			if s := showValue(got, rt); s != tc.want {
				t.Errorf("%s%v (const) = %q, want %q", tc.fn, tc.args, s, tc.want)
			}
			got, rt, err = evalFunc(reg, tc.fn, tc.args, true)
			if err != nil {
				t.Fatalf("%s%v over columns: %v", tc.fn, tc.args, err)
			}
			if s := showValue(got, rt); s != tc.want {
				t.Errorf("%s%v (column) = %q, want %q", tc.fn, tc.args, s, tc.want)
			}
		})
	}
}

// evalFunc calls function name on args as the engine would: the Sig
// checks the types, then either constants (columns false) or one-row
// columns are handed to the implementation.
func evalFunc(reg *Registry, name string, args []Value, columns bool) (Value, Type, error) {
	fn, ok := reg.Function(name)
	if !ok {
		return nil, TypeInvalid, errorString("unknown function " + name)
	}
	types := make([]Type, len(args))
	vals := make([]Value, len(args))
	for i, v := range args {
		if tv, ok := v.(typed); ok {
			types[i], vals[i] = tv.T, tv.V
			continue
		}
		types[i], vals[i] = TypeOfValue(v), v
		if types[i] == TypeDynamic && v == nil {
			types[i] = TypeString
		}
	}
	rt, err := fn.Sig(types)
	if err != nil {
		return nil, TypeInvalid, err
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	c := &Call{Name: name, ArgTypes: types, Result: rt, Now: dt("2024-01-02T03:04:05Z"), Mem: mem, Len: 1,
		consts: vals, isConst: make([]bool, len(vals))}
	if !columns {
		for i := range c.isConst {
			c.isConst[i] = true
		}
	}
	vecs := make([]*Vector, len(vals))
	for i, v := range vals {
		vecs[i] = &Vector{Type: types[i], Const: Convert(v, types[i]), Len: 1}
		if columns {
			vecs[i].Array = columnFromValues(mem, types[i], []Value{v})
			vecs[i].Const = nil
		}
	}
	got, err := applyFunction(fn, c, vecs)
	for _, v := range vecs {
		if v.Array != nil {
			v.Array.Release()
		}
	}
	if n := mem.CurrentAlloc(); n != 0 && err == nil {
		return nil, rt, errorString("arrow bytes leaked")
	}
	return got, rt, err
}

// applyFunction runs fn over vecs (c.Len rows) as the engine's callExpr
// does and returns row 0 of the result.
func applyFunction(fn *Function, c *Call, vecs []*Vector) (Value, error) {
	if fn.Kernel != nil {
		arr, err := fn.Kernel(c, vecs)
		if err != nil {
			return nil, err
		}
		defer arr.Release()
		return ValueAt(arr, 0), nil
	}
	arr, err := runScalar(fn, c, vecs)
	if err != nil {
		return nil, err
	}
	defer arr.Release()
	return ValueAt(arr, 0), nil
}

// runScalar is the generic adapter: one Scalar call per row.
func runScalar(fn *Function, c *Call, vecs []*Vector) (arrow.Array, error) {
	bld := newBuilder(c.Mem, c.Result)
	defer bld.Release()
	vals := make([]Value, len(vecs))
	for i := range c.Len {
		for j, v := range vecs {
			vals[j] = v.Value(i)
		}
		r, err := fn.Scalar(c, vals)
		if err != nil {
			return nil, err
		}
		AppendValue(bld, c.Result, r)
	}
	return bld.NewArray(), nil
}

type errorString string

func (e errorString) Error() string { return string(e) }
