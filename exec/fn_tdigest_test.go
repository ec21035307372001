package exec

import "testing"

// Cases cite https://learn.microsoft.com/kusto/query/<name>-function.
func TestTDigestFunctions(t *testing.T) {
	d := dyn(`{"tdigest":[5,1,4,2,3]}`)
	runFnCases(t, []fnCase{
		{"median", "percentile_tdigest", a(d, 50.0), "3"},
		{"max", "percentile_tdigest", a(d, 100.0), "5"},
		{"not a digest null", "percentile_tdigest", a(dyn(`[1]`), 50.0), "<null>"},
		{"array", "percentiles_array_tdigest", a(d, 20.0, 100.0), "[1,5]"},
		{"array from dynamic", "percentiles_array_tdigest", a(d, dyn(`[40,60]`)), "[2,3]"},
		{"rank", "rank_tdigest", a(d, int64(3)), "3"},
		{"percent rank", "percentrank_tdigest", a(d, int64(4)), "80"},
		{"merge", "merge_tdigest", a(dyn(`{"tdigest":[1]}`), dyn(`{"tdigest":[2]}`)), `{"tdigest":[1,2]}`},
	})
}

func TestTDigestAggregates(t *testing.T) {
	runAggCases(t, []aggCase{
		{"collects", "tdigest", []Type{TypeLong}, rows(int64(3), int64(1), nil, int64(2)), nil, `{"tdigest":[3,1,2]}`},
		{"merges", "tdigest_merge", []Type{TypeDynamic}, rows(mustParse(`{"tdigest":[1]}`), mustParse(`{"tdigest":[2,3]}`)), nil, `{"tdigest":[1,2,3]}`},
	})
}

func mustParse(s string) Value {
	v, ok := ParseJSON(s)
	if !ok {
		panic(s)
	}
	return v
}
