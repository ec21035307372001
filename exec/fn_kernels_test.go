package exec

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/memory"
)

// kernelSpec is one of the kernels with inputs to try it on.
type kernelSpec struct {
	fn     string
	kernel KernelFunc
	// args builds the argument vectors for n rows.
	args func(mem memory.Allocator, n int, rng *rand.Rand) []*Vector
}

func col(mem memory.Allocator, t Type, n int, gen func(i int) Value) *Vector {
	vals := make([]Value, n)
	for i := range vals {
		vals[i] = gen(i)
	}
	return &Vector{Type: t, Array: columnFromValues(mem, t, vals), Len: n}
}

func konst(t Type, v Value, n int) *Vector { return &Vector{Type: t, Const: v, Len: n} }

var benchPaths = []string{`C:\Windows\System32\cmd.exe`, `C:\Program Files\App\app.exe`, `/usr/bin/curl`, ``, `powershell.exe -enc SQBFAFgA`}

// kernelSpecs are the top functions of func.tsv with their kernels (nil:
// no kernel, the Scalar is measured alone), plus isempty, which shares
// isnotempty's kernel.
func kernelSpecs() []kernelSpec {
	nullEvery := func(i int, v Value) Value {
		if i%17 == 0 {
			return nil
		}
		return v
	}
	strs := func(mem memory.Allocator, n int, rng *rand.Rand) *Vector {
		return col(mem, TypeString, n, func(int) Value { return benchPaths[rng.IntN(len(benchPaths))] + strconv.Itoa(rng.IntN(1000)) })
	}
	return []kernelSpec{
		{"ago", agoKernel, func(mem memory.Allocator, n int, rng *rand.Rand) []*Vector {
			return []*Vector{col(mem, TypeTimeSpan, n, func(i int) Value { return nullEvery(i, time.Duration(rng.Int64N(1e15))) })}
		}},
		{"tostring", tostringKernel, func(mem memory.Allocator, n int, rng *rand.Rand) []*Vector {
			return []*Vector{col(mem, TypeLong, n, func(i int) Value { return nullEvery(i, rng.Int64()-rng.Int64()) })}
		}},
		{"isnotempty", isNotEmptyKernel, func(mem memory.Allocator, n int, rng *rand.Rand) []*Vector {
			return []*Vector{strs(mem, n, rng)}
		}},
		{"isempty", isEmptyKernel, func(mem memory.Allocator, n int, rng *rand.Rand) []*Vector {
			return []*Vector{col(mem, TypeDynamic, n, func(i int) Value { return nullEvery(i, []Value{"", "x", int64(1)}[rng.IntN(3)]) })}
		}},
		{"parse_json", parseJSONKernel, func(mem memory.Allocator, n int, rng *rand.Rand) []*Vector {
			return []*Vector{col(mem, TypeString, n, func(i int) Value {
				return fmt.Sprintf(`{"ProcessId":%d,"Name":"cmd.exe","Tags":["a","b"]}`, rng.IntN(1e6))
			})}
		}},
		{"bin", binKernel, func(mem memory.Allocator, n int, rng *rand.Rand) []*Vector {
			base := dt("2024-01-01").UnixNano()
			return []*Vector{
				col(mem, TypeDateTime, n, func(i int) Value { return nullEvery(i, time.Unix(0, base+rng.Int64N(1e15)).UTC()) }),
				konst(TypeTimeSpan, time.Hour, n),
			}
		}},
		{"split", splitKernel, func(mem memory.Allocator, n int, rng *rand.Rand) []*Vector {
			return []*Vector{strs(mem, n, rng), konst(TypeString, `\`, n)}
		}},
		{"strcat", strcatKernel, func(mem memory.Allocator, n int, rng *rand.Rand) []*Vector {
			return []*Vector{strs(mem, n, rng), konst(TypeString, " pid=", n),
				col(mem, TypeLong, n, func(i int) Value { return nullEvery(i, rng.Int64N(100000)) })}
		}},
		{"iff", iffKernel, func(mem memory.Allocator, n int, rng *rand.Rand) []*Vector {
			return []*Vector{
				col(mem, TypeBool, n, func(i int) Value { return nullEvery(i, rng.IntN(2) == 0) }),
				strs(mem, n, rng), konst(TypeString, "other", n),
			}
		}},
		{"extract", nil, func(mem memory.Allocator, n int, rng *rand.Rand) []*Vector {
			return []*Vector{konst(TypeString, `(\w+)\.exe`, n), konst(TypeLong, int64(1), n), strs(mem, n, rng)}
		}},
		{"not", notKernel, func(mem memory.Allocator, n int, rng *rand.Rand) []*Vector {
			return []*Vector{col(mem, TypeBool, n, func(i int) Value { return nullEvery(i, rng.IntN(2) == 0) })}
		}},
	}
}

func specCall(t testing.TB, reg *Registry, spec kernelSpec, mem memory.Allocator, args []*Vector, n int) (*Function, *Call) {
	fn, ok := reg.Function(spec.fn)
	if !ok {
		t.Fatalf("function %q missing", spec.fn)
	}
	types := make([]Type, len(args))
	consts := make([]Value, len(args))
	isC := make([]bool, len(args))
	for i, a := range args {
		types[i] = a.Type
		consts[i], isC[i] = a.Const, a.Array == nil
	}
	rt, err := fn.Sig(types)
	if err != nil {
		t.Fatal(err)
	}
	return fn, &Call{Name: spec.fn, ArgTypes: types, Result: rt, Now: dt("2024-06-01"), Mem: mem, Len: n, consts: consts, isConst: isC}
}

func releaseVecs(vs []*Vector) {
	for _, v := range vs {
		if v.Array != nil {
			v.Array.Release()
		}
	}
}

// rowReference returns fn with its row-level reference as Scalar when it
// is registered as a kernel.
func rowReference(t testing.TB, fn *Function) *Function {
	if fn.Kernel == nil {
		return fn
	}
	ref, ok := rowReferences[fn.Name]
	if !ok {
		t.Fatalf("kernel %q has no row reference", fn.Name)
	}
	return &Function{Name: fn.Name, Sig: fn.Sig, Scalar: ref}
}

// TestKernelsMatchScalars checks each kernel against the registered
// row-level implementation on random columns with nulls, and on constant
// arguments.
func TestKernelsMatchScalars(t *testing.T) {
	reg := NewRegistry()
	for _, spec := range kernelSpecs() {
		if spec.kernel == nil {
			continue
		}
		t.Run(spec.fn, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			const n = 2000
			args := spec.args(mem, n, rand.New(rand.NewPCG(1, 2)))
			defer releaseVecs(args)
			fn, c := specCall(t, reg, spec, mem, args, n)
			fn = rowReference(t, fn)
			want, err := runScalar(fn, c, args)
			if err != nil {
				t.Fatal(err)
			}
			defer want.Release()
			got, err := spec.kernel(c, args)
			if err != nil {
				t.Fatal(err)
			}
			defer got.Release()
			compareColumns(t, want, got, c.Result)
			// Constant arguments: the first row's values.
			cargs := make([]*Vector, len(args))
			for i, a := range args {
				cargs[i] = &Vector{Type: a.Type, Const: a.Value(0), Len: 3}
			}
			_, cc := specCall(t, reg, spec, mem, cargs, 3)
			cw, err := runScalar(fn, cc, cargs)
			if err != nil {
				t.Fatal(err)
			}
			defer cw.Release()
			cg, err := spec.kernel(cc, cargs)
			if err != nil {
				t.Fatal(err)
			}
			defer cg.Release()
			compareColumns(t, cw, cg, cc.Result)
		})
	}
}

func compareColumns(t *testing.T, want, got arrow.Array, rt Type) {
	t.Helper()
	if want.Len() != got.Len() {
		t.Fatalf("length %d, want %d", got.Len(), want.Len())
	}
	for i := range want.Len() {
		w, g := showValue(ValueAt(want, i), rt), showValue(ValueAt(got, i), rt)
		if w != g {
			t.Fatalf("row %d: kernel %q, scalar %q", i, g, w)
		}
	}
}

// benchRows is the number of rows of the function benchmarks: 1,000,000,
// or CROSSHUNT_FN_BENCH_ROWS.
func benchRows() int {
	if s := os.Getenv("CROSSHUNT_FN_BENCH_ROWS"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			return n
		}
	}
	return 1_000_000
}

// BenchmarkTopFunctions measures the ten most used functions of func.tsv
// over 1M-row columns: "scalar" is the registered row-level function
// through the engine's generic adapter (what callExpr.eval runs today),
// "kernel" the vectorized kernel of fn_kernels.go. Run with
// go test -run '^$' -bench BenchmarkTopFunctions -benchmem ./exec
func BenchmarkTopFunctions(b *testing.B) {
	reg := NewRegistry()
	n := benchRows()
	for _, spec := range kernelSpecs() {
		mem := memory.NewGoAllocator()
		args := spec.args(mem, n, rand.New(rand.NewPCG(1, 2)))
		fn, c := specCall(b, reg, spec, mem, args, n)
		run := func(name string, f func() (arrow.Array, error)) {
			b.Run(spec.fn+"/"+name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					arr, err := f()
					if err != nil {
						b.Fatal(err)
					}
					arr.Release()
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/row")
			})
		}
		// "scalar": the row-level implementation through the generic
		// adapter (what the engine ran before the kernel was registered);
		// "registered": what the engine runs now.
		ref := rowReference(b, fn)
		run("scalar", func() (arrow.Array, error) { return runScalar(ref, c, args) })
		if fn.Kernel != nil {
			run("registered-kernel", func() (arrow.Array, error) { return fn.Kernel(c, args) })
		}
		releaseVecs(args)
	}
}

// TestRegisteredKernelsThroughEval runs the registered kernels through
// the engine on the shapes they hand to their row reference: a dynamic
// iff condition (true picks the then-branch, as in Kusto), dynamic
// timespans for ago, constants folded while compiling.
func TestRegisteredKernelsThroughEval(t *testing.T) {
	tests := []struct{ query, want string }{
		{`datatable(c:dynamic, n:long)[true, 1, false, 2, dynamic(null), 3] | project r = iff(c, n, -n)`, "1\n-2\n-3"},
		{`print ago(1d) == datetime(2024-01-01 03:04:05), ago(dynamic("1d")) == datetime(2024-01-01 03:04:05)`, "true|true"},
		{`print not(true), isempty(""), isnotempty(dynamic(null)), strcat("a", 1, dynamic([1])), split("a-b", "-")[1], bin(7, 5), tostring(dynamic({"a":1}))`, `false|true|false|a1[1]|b|5|{"a":1}`},
	}
	for _, tc := range tests {
		if got := evalText(t, tc.query); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.query, got, tc.want)
		}
	}
}
