package exec

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
)

func init() {
	// -update rewrites golden files; another test file of the package may
	// define the flag already.
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files under testdata/ and exec/functions.md")
	}
}

func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// engineFunctions are names the compiler handles itself rather than the
// registry (compile_call.go: toscalar, column_ifexists, the window
// functions, pack_all), and engineAggregates the aggregates summarize
// expands itself (op_summarize.go: arg_max/arg_min with their legacy
// spellings, percentiles).
var (
	engineFunctions  = []string{"toscalar", "column_ifexists", "columnifexists", "row_number", "prev", "next", "row_cumsum", "row_window_session", "row_rank_dense", "row_rank_min", "pack_all", "bag_pack_columns"}
	engineAggregates = []string{"arg_max", "arg_min", "argmax", "argmin", "percentiles", "percentilesw"}
)

// knownGaps are the names of func.tsv and agg.tsv that need the engine
// rather than a registry row, with what they need; the coverage test
// reports them without failing, and fails on any other missing name.
var knownGaps = map[string]string{
	"row_rank": "a legacy spelling no reference page documents; row_rank_dense and row_rank_min are supported",
}

// usageNames reads the name column of a kql-usage-counts TSV file.
func usageNames(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var names []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, _, _ := strings.Cut(sc.Text(), "\t")
		if name == "" || name == "name" {
			continue
		}
		names = append(names, name)
	}
	return names
}

// TestUsageCoverage fails when a function or aggregate that real hunting
// queries call (testdata/func.tsv, testdata/agg.tsv, copied from
// shared/research/kql-usage-counts) is missing: a query fails as soon as
// it meets one.
func TestUsageCoverage(t *testing.T) {
	reg := NewRegistry()
	for _, name := range usageNames(t, "testdata/func.tsv") {
		if _, ok := reg.Function(name); !ok && !contains(engineFunctions, name) {
			reportGap(t, "function", name)
		}
	}
	for _, name := range usageNames(t, "testdata/agg.tsv") {
		if _, ok := reg.Aggregate(name); !ok && !contains(engineAggregates, name) {
			reportGap(t, "aggregate", name)
		}
	}
}

func reportGap(t *testing.T, kind, name string) {
	t.Helper()
	if why, ok := knownGaps[name]; ok {
		t.Logf("known gap: %s %q %s", kind, name, why)
		return
	}
	t.Errorf("%s %q of the usage counts is not supported", kind, name)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// allTypes are the argument types a signature is probed with.
var allTypes = []Type{TypeBool, TypeInt, TypeLong, TypeReal, TypeDecimal, TypeString, TypeDateTime, TypeTimeSpan, TypeGUID, TypeDynamic}

// describeSig renders a signature by probing it: the arities it accepts
// and, for each argument, the types it accepts with the others as
// baseArgs found them.
func describeSig(name string, raw Signature) string {
	sig := func(args []Type) (t Type, err error) {
		defer func() {
			if recover() != nil {
				t, err = TypeInvalid, errorString("panic")
			}
		}()
		return raw(args)
	}
	const maxArgs = 9
	var forms []string
	for n := 0; n <= maxArgs; n++ {
		dyns, ok := baseArgs(sig, n)
		if !ok {
			continue
		}
		if n == maxArgs {
			// Variadic: show the shortest form followed by "...".
			last := len(forms) - 1
			for last > 0 && strings.Count(forms[last-1], ",") == strings.Count(forms[last], ",")-1 {
				last--
			}
			first := forms[last]
			open := strings.LastIndex(first, ")")
			forms = append(forms[:last], first[:open]+", ..."+first[open:])
			break
		}
		params := make([]string, n)
		sample := make([]Type, n)
		alt := make([]Type, n)
		for i := range n {
			var ok []Type
			for _, t := range allTypes {
				args := append([]Type(nil), dyns...)
				args[i] = t
				if _, err := sig(args); err == nil {
					ok = append(ok, t)
				}
			}
			params[i] = typeSet(ok)
			sample[i], alt[i] = TypeLong, TypeString // for "any"
			if len(ok) < len(allTypes) {
				sample[i] = ok[0]
				for _, t := range ok {
					if t == TypeReal {
						sample[i] = t
					}
				}
				alt[i] = sample[i]
			}
		}
		res := "?"
		if rt, err := sig(sample); err == nil {
			res = rt.String()
			if rt2, err := sig(alt); err != nil || rt2 != rt {
				res = "the arguments' type"
			}
		}
		forms = append(forms, fmt.Sprintf("%s(%s) → %s", name, strings.Join(params, ", "), res))
	}
	return strings.Join(forms, "<br>")
}

// baseArgs finds n argument types a signature accepts: dynamic for every
// argument, except where the checker names the type it wants ("argument
// 2 must be long, got dynamic").
func baseArgs(sig Signature, n int) ([]Type, bool) {
	args := make([]Type, n)
	for i := range args {
		args[i] = TypeDynamic
	}
	for range n + 1 {
		_, err := sig(args)
		if err == nil {
			return args, true
		}
		var k int
		var want string
		if _, serr := fmt.Sscanf(err.Error(), "argument %d must be %s", &k, &want); serr != nil || k < 1 || k > n {
			break
		}
		t, ok := ParseType(strings.TrimSuffix(want, ","))
		if !ok || args[k-1] == t {
			break
		}
		args[k-1] = t
	}
	// Other messages: try every combination of types for a few arguments.
	if n > 3 {
		return nil, false
	}
	combos := 1
	for range n {
		combos *= len(allTypes)
	}
	for c := range combos {
		for i := range args {
			args[i] = allTypes[c%len(allTypes)]
			c /= len(allTypes)
		}
		if _, err := sig(args); err == nil {
			return args, true
		}
	}
	return nil, false
}

// typeSet names the accepted types of a parameter: "any" for all, else
// the non-dynamic ones with numeric widenings collapsed to the widest.
func typeSet(ts []Type) string {
	if len(ts) == len(allTypes) {
		return "any"
	}
	has := map[Type]bool{}
	for _, t := range ts {
		has[t] = true
	}
	if has[TypeReal] {
		delete(has, TypeDecimal)
		delete(has, TypeLong)
		delete(has, TypeInt)
	}
	if has[TypeDecimal] {
		delete(has, TypeLong)
		delete(has, TypeInt)
	}
	if has[TypeLong] {
		delete(has, TypeInt)
	}
	var names []string
	for _, t := range allTypes {
		if has[t] && (t != TypeDynamic || len(has) == 1) {
			names = append(names, t.String())
		}
	}
	return strings.Join(names, " or ")
}

// functionsDoc renders the list of supported functions and aggregates.
func functionsDoc(reg *Registry) string {
	var b strings.Builder
	b.WriteString("# Supported KQL functions and aggregates\n\n")
	b.WriteString("Generated by `go test ./exec -run TestFunctionsDoc -update`; do not edit.\n")
	b.WriteString("Signatures are probed from each function's checker: `long` accepts int and long,\n")
	b.WriteString("`real` any number, `any` every type; string parameters also accept dynamic.\n\n")
	b.WriteString("## Scalar functions\n\n| Function | Aliases | Signature |\n|---|---|---|\n")
	for _, name := range primaryNames(reg.FunctionNames(), func(n string) (string, []string) {
		f, _ := reg.Function(n)
		return f.Name, f.Aliases
	}) {
		f, _ := reg.Function(name)
		fmt.Fprintf(&b, "| %s | %s | %s |\n", f.Name, strings.Join(f.Aliases, ", "), describeSig(f.Name, f.Sig))
	}
	b.WriteString("\nHandled by the compiler: " + strings.Join(engineFunctions, ", ") + ".\n")
	b.WriteString("\n## Aggregates\n\n| Aggregate | Aliases | Signature |\n|---|---|---|\n")
	var aggNames []string
	for n := range reg.aggs {
		aggNames = append(aggNames, n)
	}
	sort.Strings(aggNames)
	for _, name := range primaryNames(aggNames, func(n string) (string, []string) {
		a, _ := reg.Aggregate(n)
		return a.Name, a.Aliases
	}) {
		a, _ := reg.Aggregate(name)
		fmt.Fprintf(&b, "| %s | %s | %s |\n", a.Name, strings.Join(a.Aliases, ", "), describeSig(a.Name, a.Sig))
	}
	b.WriteString("\nHandled by summarize: " + strings.Join(engineAggregates, ", ") + ".\n")
	b.WriteString("\n## Not yet supported\n\n")
	var gaps []string
	for n := range knownGaps {
		gaps = append(gaps, n)
	}
	sort.Strings(gaps)
	for _, n := range gaps {
		fmt.Fprintf(&b, "- %s: %s\n", n, knownGaps[n])
	}
	return b.String()
}

// primaryNames keeps the names that are not aliases, sorted.
func primaryNames(all []string, lookup func(string) (string, []string)) []string {
	var out []string
	for _, n := range all {
		if primary, _ := lookup(n); primary == n {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// TestFunctionsDoc keeps exec/functions.md equal to the registry's
// contents; run with -update to regenerate it.
func TestFunctionsDoc(t *testing.T) {
	got := functionsDoc(NewRegistry())
	const path = "functions.md"
	if updating() {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./exec -run TestFunctionsDoc -update)", err)
	}
	if string(want) != got {
		t.Errorf("%s is stale: run go test ./exec -run TestFunctionsDoc -update", path)
	}
}
