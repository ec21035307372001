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
		{"extract", extractKernel, func(mem memory.Allocator, n int, rng *rand.Rand) []*Vector {
			return []*Vector{konst(TypeString, `(\w+)\.exe`, n), konst(TypeLong, int64(1), n), strs(mem, n, rng)}
		}},
		{"not", notKernel, func(mem memory.Allocator, n int, rng *rand.Rand) []*Vector {
			return []*Vector{col(mem, TypeBool, n, func(i int) Value { return nullEvery(i, rng.IntN(2) == 0) })}
		}},
	}
}

// kernelShapeSpecs are further argument shapes the kernels cover
// without the row path: timespan, guid and dynamic columns for strcat and
// tostring, a dynamic column and a requested index for split, extract's
// whole match.
func kernelShapeSpecs() []kernelSpec {
	dyns := func(mem memory.Allocator, n int, rng *rand.Rand) *Vector {
		return col(mem, TypeDynamic, n, func(i int) Value {
			return []Value{nil, "a.b.c", "x", int64(7), []Value{"p.q"}, ""}[rng.IntN(6)]
		})
	}
	spans := func(mem memory.Allocator, n int, rng *rand.Rand) *Vector {
		return col(mem, TypeTimeSpan, n, func(i int) Value {
			if i%13 == 0 {
				return nil
			}
			return time.Duration(rng.Int64N(4e15) - 2e15)
		})
	}
	guids := func(mem memory.Allocator, n int, rng *rand.Rand) *Vector {
		return col(mem, TypeGUID, n, func(i int) Value {
			if i%11 == 0 {
				return nil
			}
			var g GUID
			for k := range g {
				g[k] = byte(rng.IntN(256))
			}
			return g
		})
	}
	return []kernelSpec{
		{"strcat", strcatKernel, func(mem memory.Allocator, n int, rng *rand.Rand) []*Vector {
			return []*Vector{spans(mem, n, rng), konst(TypeLong, int64(5), n), guids(mem, n, rng), dyns(mem, n, rng), konst(TypeTimeSpan, time.Hour, n)}
		}},
		{"tostring", tostringKernel, func(mem memory.Allocator, n int, rng *rand.Rand) []*Vector {
			return []*Vector{spans(mem, n, rng)}
		}},
		{"tostring", tostringKernel, func(mem memory.Allocator, n int, rng *rand.Rand) []*Vector {
			return []*Vector{guids(mem, n, rng)}
		}},
		{"tostring", tostringKernel, func(mem memory.Allocator, n int, rng *rand.Rand) []*Vector {
			return []*Vector{dyns(mem, n, rng)}
		}},
		{"split", splitKernel, func(mem memory.Allocator, n int, rng *rand.Rand) []*Vector {
			return []*Vector{dyns(mem, n, rng), konst(TypeString, ".", n)}
		}},
		{"split", splitKernel, func(mem memory.Allocator, n int, rng *rand.Rand) []*Vector {
			return []*Vector{col(mem, TypeString, n, func(i int) Value { return []string{"a.b.c", "", "x.", ".y"}[rng.IntN(4)] }),
				konst(TypeString, ".", n), konst(TypeLong, int64(rng.IntN(4)-1), n)}
		}},
		{"split", splitKernel, func(mem memory.Allocator, n int, rng *rand.Rand) []*Vector {
			return []*Vector{dyns(mem, n, rng), konst(TypeString, ".", n), konst(TypeLong, int64(1), n)}
		}},
		{"extract", extractKernel, func(mem memory.Allocator, n int, rng *rand.Rand) []*Vector {
			return []*Vector{konst(TypeString, `\d+`, n), konst(TypeLong, int64(0), n),
				col(mem, TypeString, n, func(i int) Value { return []string{"a12b", "", "x", "99"}[rng.IntN(4)] })}
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
	for _, spec := range append(kernelSpecs(), kernelShapeSpecs()...) {
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
// the engine on the shapes they hand to their row reference: a nullable
// iff condition (null picks the else-branch, as in Kusto), a converted
// dynamic timespan for ago, constants folded while compiling.
func TestRegisteredKernelsThroughEval(t *testing.T) {
	tests := []struct{ query, want string }{
		{`datatable(c:bool, n:long)[true, 1, false, 2, bool(null), 3] | project r = iff(c, n, -n)`, "1\n-2\n-3"},
		{`print ago(1d) == datetime(2024-01-01 03:04:05), ago(totimespan(dynamic("1d"))) == datetime(2024-01-01 03:04:05)`, "true|true"},
		// extract's kernel: whole match, a group, a group past the last,
		// a row without the required literal, a null row, typeof(long).
		{`datatable(s:string)["a1.exe", "b22.exe x", "curl", ""] | project extract(@"(\w+)\.exe", 0, s), extract(@"(\w+)\.exe", 1, s), extract(@"(\w+)\.exe", 2, s), extract(@"\w(\d+)", 1, s, typeof(long))`, "a1.exe|a1||1\nb22.exe|b22||22\n|||<null>\n|||<null>"},
		{`print not(true), isempty(""), isnotempty(dynamic(null)), strcat("a", 1, dynamic([1])), split("a-b", "-")[1], bin(7, 5), tostring(dynamic({"a":1}))`, `false|true|false|a1[1]|b|5|{"a":1}`},
	}
	for _, tc := range tests {
		if got := evalText(t, tc.query); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.query, got, tc.want)
		}
	}
}

func TestRequiredLiteral(t *testing.T) {
	tests := []struct{ pattern, want string }{
		{`(\w+)\.exe`, ".exe"},
		{`abc`, "abc"},
		{`(foo|bar)bazz`, "bazz"},
		{`a|b`, ""},
		{`(?i)abc`, ""},
		{`x?abc`, "abc"},
		{`(ab)*c`, "c"},
		{`(abcd)+c`, "abcd"},
		{`a{0,2}bc`, "bc"},
		{`(`, ""},
	}
	for _, tc := range tests {
		if got := requiredLiteral(tc.pattern); got != tc.want {
			t.Errorf("requiredLiteral(%q) = %q, want %q", tc.pattern, got, tc.want)
		}
	}
}

// TestKernelsDoNotAllocatePerRow checks that the kernels cover common
// argument shapes without the row path: over 1000 rows they allocate a
// bounded number of times (the builders' buffers), not once per row.
func TestKernelsDoNotAllocatePerRow(t *testing.T) {
	const n = 1000
	mem := memory.NewGoAllocator()
	rng := rand.New(rand.NewPCG(3, 4))
	span := col(mem, TypeTimeSpan, n, func(int) Value { return time.Duration(rng.Int64N(1e15)) })
	guid := col(mem, TypeGUID, n, func(int) Value { return GUID{byte(rng.IntN(256)), 1, 2} })
	dynStr := col(mem, TypeDynamic, n, func(int) Value { return "a.b.c" })
	str := col(mem, TypeString, n, func(int) Value { return `C:\Windows\cmd.com` })
	defer releaseVecs([]*Vector{span, guid, dynStr, str})
	reg := NewRegistry()
	tests := []struct {
		name string
		fn   string
		args []*Vector
	}{
		{"strcat timespan guid const", "strcat", []*Vector{span, guid, konst(TypeLong, int64(5), n)}},
		{"tostring timespan", "tostring", []*Vector{span}},
		{"tostring guid", "tostring", []*Vector{guid}},
		{"split dynamic string", "split", []*Vector{dynStr, konst(TypeString, ".", n)}},
		{"split index", "split", []*Vector{str, konst(TypeString, `\`, n), konst(TypeLong, int64(1), n)}},
		{"extract no match", "extract", []*Vector{konst(TypeString, `(\w+)\.exe`, n), konst(TypeLong, int64(1), n), str}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fn, c := specCall(t, reg, kernelSpec{fn: tc.fn}, mem, tc.args, n)
			allocs := testing.AllocsPerRun(3, func() {
				arr, err := fn.Kernel(c, tc.args)
				if err != nil {
					t.Fatal(err)
				}
				arr.Release()
			})
			if allocs > n/20 {
				t.Errorf("%s allocates %v times over %d rows", tc.fn, allocs, n)
			}
		})
	}
}
