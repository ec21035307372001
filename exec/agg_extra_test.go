package exec

import (
	"testing"

	"github.com/apache/arrow/go/v15/arrow/memory"
)

// aggCase aggregates rows of argument values (constant trailing
// arguments such as percentilew's percentage go in consts) into one
// group and checks the result, both in one step and split into a
// partial step over each half and a final step over their states.
type aggCase struct {
	name   string
	agg    string
	types  []Type
	rows   [][]Value
	consts []Value
	want   string
}

func runAggCases(t *testing.T, cases []aggCase) {
	reg := NewRegistry()
	for _, tc := range cases {
		t.Run(tc.agg+"/"+tc.name, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			agg, ok := reg.Aggregate(tc.agg)
			if !ok {
				t.Fatalf("aggregate %q missing", tc.agg)
			}
			rt, err := agg.Sig(tc.types)
			if err != nil {
				t.Fatal(err)
			}
			st := rt
			if agg.State != nil {
				st = agg.State(tc.types)
			}
			consts := make([]Value, len(tc.types))
			copy(consts[len(tc.types)-len(tc.consts):], tc.consts)
			newCall := func() *AggCall {
				return &AggCall{Name: tc.agg, ArgTypes: tc.types, Result: rt, StateType: st, Consts: consts, Mem: mem}
			}
			update := func(acc Accumulator, rows [][]Value) {
				vecs := make([]*Vector, len(tc.types))
				for j, typ := range tc.types {
					col := make([]Value, len(rows))
					for i, r := range rows {
						col[i] = r[j]
					}
					vecs[j] = &Vector{Type: typ, Array: columnFromValues(mem, typ, col), Len: len(rows)}
				}
				if err := acc.Update(make([]uint32, len(rows)), vecs); err != nil {
					t.Fatal(err)
				}
				for _, v := range vecs {
					v.Array.Release()
				}
			}
			result := func(acc Accumulator) string {
				arr := acc.Result(1)
				defer arr.Release()
				return showValue(ValueAt(arr, 0), rt)
			}
			whole := agg.newAccumulator(newCall())
			update(whole, tc.rows)
			if got := result(whole); got != tc.want {
				t.Errorf("complete: got %s, want %s", got, tc.want)
			}
			final := agg.newAccumulator(newCall())
			half := len(tc.rows) / 2
			for _, part := range [][][]Value{tc.rows[:half], tc.rows[half:]} {
				p := agg.newAccumulator(newCall())
				update(p, part)
				s := p.State(1)
				if err := final.Merge([]uint32{0}, s); err != nil {
					t.Fatal(err)
				}
				s.Release()
			}
			if got := result(final); got != tc.want {
				t.Errorf("partial+final: got %s, want %s", got, tc.want)
			}
		})
	}
}

func rows(vals ...Value) [][]Value {
	out := make([][]Value, len(vals))
	for i, v := range vals {
		if r, ok := v.([]Value); ok {
			out[i] = r
		} else {
			out[i] = []Value{v}
		}
	}
	return out
}

// Cases cite https://learn.microsoft.com/kusto/query/<name>-aggregation-function.
func TestExtraAggregates(t *testing.T) {
	runAggCases(t, []aggCase{
		{"weights count", "percentilew", []Type{TypeLong, TypeLong, TypeReal},
			rows(a(int64(1), int64(1), 50.0), a(int64(2), int64(5), 50.0), a(int64(3), int64(1), 50.0), a(int64(4), int64(1), 50.0)), a(50.0), "2"},
		{"p100", "percentilew", []Type{TypeLong, TypeLong, TypeReal},
			rows(a(int64(1), int64(1), 100.0), a(int64(9), int64(1), 100.0)), a(100.0), "9"},
		{"array of percentiles", "percentiles_array", []Type{TypeLong, TypeReal, TypeReal},
			rows(a(int64(1), 50.0, 100.0), a(int64(2), 50.0, 100.0), a(int64(3), 50.0, 100.0), a(int64(4), 50.0, 100.0)), a(50.0, 100.0), "[2,4]"},
		{"dynamic percentages", "percentiles_array", []Type{TypeLong, TypeDynamic},
			rows(a(int64(1), nil), a(int64(2), nil), a(int64(3), nil)), a([]Value{int64(0), int64(50)}), "[1,2]"},
		{"weighted", "percentilesw_array", []Type{TypeLong, TypeLong, TypeReal},
			rows(a(int64(1), int64(1), 50.0), a(int64(2), int64(5), 50.0), a(int64(3), int64(1), 50.0)), a(50.0), "[2]"},
		{"keeps nulls", "make_list_with_nulls", []Type{TypeLong}, rows(int64(1), nil, int64(3), nil), nil, "[1,null,3,null]"},
		{"and", "binary_all_and", []Type{TypeLong}, rows(int64(7), int64(6), int64(14), int64(15)), nil, "6"},
		{"or", "binary_all_or", []Type{TypeLong}, rows(int64(1), int64(2), nil, int64(8)), nil, "11"},
		{"xor", "binary_all_xor", []Type{TypeLong}, rows(int64(1), int64(3), int64(4), int64(4)), nil, "2"},
		{"exact sketch", "hll", []Type{TypeString}, rows("a", "b", "a", "c"), nil, `{"hll":["a","b","c"]}`},
	})
}

func TestDcountHLL(t *testing.T) {
	runFnCases(t, []fnCase{
		{"counts sketch", "dcount_hll", a(dyn(`{"hll":["a","b","c"]}`)), "3"},
		{"not a sketch null", "dcount_hll", a(dyn(`[1]`)), "<null>"},
	})
}
