package exec

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v15/arrow/memory"
)

// evalNoPanic runs src through Eval and fails when the engine panicked
// (a panic escaping Eval, or one Eval converted into a *PanicError).
func evalNoPanic(t *testing.T, src string) (string, error) {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	var err error
	out := func() string {
		defer func() {
			if r := recover(); r != nil {
				t.Errorf("%s: panic crossed Eval: %v", src, r)
			}
		}()
		rr, e := Eval(context.Background(), src, nil, Options{Allocator: mem, Now: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)})
		if e != nil {
			err = e
			return ""
		}
		defer rr.Release()
		return showRows(rr)
	}()
	var pe *PanicError
	if errors.As(err, &pe) {
		t.Errorf("%s: engine panicked: %v", src, err)
	} else if err == nil {
		mem.AssertSize(t, 0)
	}
	return out, err
}

// TestPreviouslyCrashingQueries: queries whose functions read dynamic
// arguments with type assertions and panicked. String parameters accept
// dynamic arguments, and Kusto converts them as tostring would
// (strlen(dynamic(5)) is strlen("5") = 1); parameters of other types
// reject them before any row is read, as Kusto.Language does ("error: "
// cases give a fragment of the expected message).
func TestPreviouslyCrashingQueries(t *testing.T) {
	tests := []struct{ query, want string }{
		{`print strlen(dynamic(5))`, "1"},
		{`print strlen(dynamic("abc"))`, "3"},
		{`print substring(dynamic("abcdef"), dynamic(1), dynamic(2))`, "error: argument 2 must be long, got dynamic"},
		{`print substring(dynamic(12345), 1)`, "2345"},
		{`print substring("abc", dynamic(null))`, "error: argument 2 must be long, got dynamic"},
		{`print tolower(dynamic("AbC")), toupper(dynamic("aBc"))`, "abc|ABC"},
		{`print split(dynamic("a,b,c"), dynamic(","))`, `["a","b","c"]`},
		{`print split("a,b,c", ",", dynamic(1))`, "error: argument 3 must be long, got dynamic"},
		{`print extract("(\\d+)", dynamic(1), dynamic("ab12"))`, "error: argument 2 must be long, got dynamic"},
		{`print ago(dynamic(null))`, "error: argument 1 must be timespan, got dynamic"},
		{`print now(dynamic(null)) == datetime(2024-01-02 03:04:05)`, "error: argument 1 must be timespan, got dynamic"},
		{`datatable(d:dynamic)[5, "Ab", dynamic(null), dynamic([1])] | extend l = strlen(d), u = toupper(d) | project l, u`, "1|5\n2|AB\n0|\n3|[1]"},
	}
	for _, tc := range tests {
		got, err := evalNoPanic(t, tc.query)
		if frag, ok := strings.CutPrefix(tc.want, "error: "); ok {
			if err == nil || !strings.Contains(err.Error(), frag) {
				t.Errorf("%s: error = %v, want one containing %q", tc.query, err, frag)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.query, err)
			continue
		}
		if got != tc.want {
			t.Errorf("%s = %q, want %q", tc.query, got, tc.want)
		}
	}
}

// TestEveryFunctionDynamicArgs calls every registered function, at every
// arity its signature accepts with dynamic arguments, with dynamic,
// null and empty values, as constants and as columns: an error is fine,
// a panic is not.
func TestEveryFunctionDynamicArgs(t *testing.T) {
	reg := NewRegistry()
	values := []string{`dynamic(null)`, `dynamic(5)`, `dynamic("")`, `dynamic("x")`, `dynamic([])`, `dynamic({})`, `dynamic(-1)`}
	table := `datatable(d:dynamic, s:string, n:long)[dynamic(null), "", long(null), dynamic(5), "x", 0, dynamic([1,"a"]), "1.5", -1, dynamic({"a":1}), "", 3]`
	for _, name := range reg.FunctionNames() {
		fn, _ := reg.Function(name)
		for n := 0; n <= 4; n++ {
			dyns := make([]Type, n)
			for i := range dyns {
				dyns[i] = TypeDynamic
			}
			if _, err := safeSig(fn.Sig, dyns); err != nil {
				continue
			}
			for _, v := range values {
				args := make([]string, n)
				for i := range args {
					args[i] = v
				}
				evalNoPanic(t, fmt.Sprintf("print %s(%s)", name, strings.Join(args, ", ")))
			}
			for _, col := range []string{"d", "s", "n"} {
				args := make([]string, n)
				for i := range args {
					args[i] = col
				}
				evalNoPanic(t, fmt.Sprintf("%s | extend r = %s(%s)", table, name, strings.Join(args, ", ")))
			}
		}
	}
}

func safeSig(sig Signature, args []Type) (t Type, err error) {
	defer func() {
		if recover() != nil {
			t, err = TypeInvalid, errorString("panic")
		}
	}()
	return sig(args)
}

// TestPanicBecomesError: a panicking function surfaces from Eval as a
// *PanicError naming it, never as a panic.
func TestPanicBecomesError(t *testing.T) {
	reg := NewRegistry()
	if err := reg.AddFunction(Function{Name: "boom", Sig: Fixed(TypeLong, AnyType), Scalar: func(*Call, []Value) (Value, error) { panic("kaboom") }}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`print boom(1)`, `range x from 1 to 3 step 1 | extend y = boom(x)`} {
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		_, err := Eval(context.Background(), q, nil, Options{Allocator: mem, Registry: reg})
		var pe *PanicError
		if !errors.As(err, &pe) || !strings.Contains(err.Error(), "boom()") {
			t.Errorf("%s: err = %v, want a *PanicError naming boom()", q, err)
		}
	}
}

// TestPanicInSignature: a panicking Signature surfaces from Eval as an
// error naming the function.
func TestPanicInSignature(t *testing.T) {
	reg := NewRegistry()
	bad := func(args []Type) (Type, error) { return args[5], nil }
	if err := reg.AddFunction(Function{Name: "badsig", Sig: bad, Scalar: func(*Call, []Value) (Value, error) { return nil, nil }}); err != nil {
		t.Fatal(err)
	}
	_, err := Eval(context.Background(), `print badsig(1)`, nil, Options{Registry: reg})
	if err == nil || !strings.Contains(err.Error(), "badsig()") {
		t.Errorf("err = %v, want an error naming badsig()", err)
	}
}
