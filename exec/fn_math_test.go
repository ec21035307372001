package exec

import (
	"math"
	"testing"
	"time"
)

// Cases cite https://learn.microsoft.com/kusto/query/<name>-function.
func TestMathFunctions(t *testing.T) {
	runFnCases(t, []fnCase{
		{"long keeps type", "abs", a(int64(-5)), "5"},
		{"int gives long (Kusto.Language)", "abs", a(int32(-5)), "5"},
		// beta-cdf-function, beta-inv-function, beta-pdf-function pages.
		{"doc valid", "beta_cdf", a(0.9, 10.0, 20.0), "0.9999999999999593"},
		{"doc x > 1 NaN", "beta_cdf", a(1.5, 10.0, 20.0), "NaN"},
		{"doc alpha < 0 NaN", "beta_cdf", a(0.1, -1.0, 20.0), "NaN"},
		{"symmetric", "beta_cdf", a(0.5, 3.0, 3.0), "0.5"},
		{"null", "beta_cdf", a(null(TypeReal), 1.0, 1.0), "<null>"},
		{"uniform", "beta_pdf", a(0.3, 1.0, 1.0), "1"},
		{"x < 0 NaN", "beta_pdf", a(-0.5, 2.0, 2.0), "NaN"},
		{"beta(2,2) density", "beta_pdf", a(0.5, 2.0, 2.0), "1.5"},
		{"erf", "erf", a(0.0), "0"},
		{"erfc", "erfc", a(0.0), "1"},
		{"erf odd", "erf", a(-1.0), "-0.8427007929497149"},
		// welch-test-function: the Wikipedia samples give p = 0.021.
		{"doc p-value", "welch_test", a(20.819999999999997, 7.8674285714285705, int64(15), 22.986666666666668, 3.812666666666668, int64(15)), "0.021378001462866808"},
		{"equal means", "welch_test", a(1.0, 2.0, int64(10), 1.0, 3.0, int64(12)), "1"},
		{"one value is null", "welch_test", a(1.0, 2.0, int64(1), 1.0, 3.0, int64(12)), "<null>"},
		{"doc p > 1 null", "beta_inv", a(1.5, 10.0, 20.0), "<null>"},
		{"doc alpha < 0 NaN", "beta_inv", a(0.1, -1.0, 20.0), "NaN"},
		{"real", "abs", a(-2.5), "2.5"},
		{"timespan", "abs", a(-time.Hour), "01:00:00"},
		{"null", "abs", a(null(TypeReal)), "<null>"},
		{"doc", "ceiling", a(-1.1), "-1"},
		{"doc", "ceiling", a(1.9), "2"},
		{"long", "ceiling", a(int64(3)), "3"},
		{"doc", "round", a(2.98765, int64(3)), "2.988"},
		{"doc half away", "round", a(2.15, int64(1)), "2.2"},
		{"doc default", "round", a(2.15), "2"},
		{"doc negative digits", "round", a(-50.55, int64(-2)), "-100"},
		{"doc tens", "round", a(21.5, int64(-1)), "20"},
		{"long", "round", a(int64(1234), int64(-2)), "1200"},
		{"doc", "sign", a(-42.0), "-1"},
		{"zero", "sign", a(0.0), "0"},
		{"exp", "exp", a(0.0), "1"},
		{"exp2", "exp2", a(3.0), "8"},
		{"exp10", "exp10", a(2.0), "100"},
		{"log", "log", a(math.E), "1"},
		{"log of 0 null", "log", a(0.0), "<null>"},
		{"log negative null", "log10", a(-1.0), "<null>"},
		{"log2", "log2", a(8.0), "3"},
		{"log10", "log10", a(1000.0), "3"},
		{"sqrt", "sqrt", a(int64(16)), "4"},
		{"sqrt negative null", "sqrt", a(-1.0), "<null>"},
		{"pow", "pow", a(int64(2), int64(10)), "1024"},
		{"sin", "sin", a(0.0), "0"},
		{"cos", "cos", a(0.0), "1"},
		{"tan", "tan", a(0.0), "0"},
		{"cot", "cot", a(math.Pi / 4), "1"},
		{"asin out of domain", "asin", a(2.0), "<null>"},
		{"acos", "acos", a(1.0), "0"},
		{"atan", "atan", a(0.0), "0"},
		{"atan2", "atan2", a(1.0, 1.0), "0.7853981633974483"},
		{"degrees", "degrees", a(math.Pi), "180"},
		{"radians", "radians", a(180.0), "3.141592653589793"},
		{"gamma", "gamma", a(5.0), "24"},
		{"loggamma", "loggamma", a(1.0), "0"},
		{"pi", "pi", a(), "3.141592653589793"},
		{"nan", "isnan", a(math.NaN()), "true"},
		{"not nan", "isnan", a(1.0), "false"},
		{"inf", "isinf", a(math.Inf(-1)), "true"},
		{"finite", "isfinite", a(1.0), "true"},
		{"nan not finite", "isfinite", a(math.NaN()), "false"},
		{"doc", "max_of", a(int64(10), int64(1), int64(-3), int64(17)), "17"},
		{"promotes", "max_of", a(int64(1), 2.5), "2.5"},
		{"ignores nulls", "max_of", a(null(TypeLong), int64(3)), "3"},
		{"all null", "max_of", a(null(TypeLong), null(TypeLong)), "<null>"},
		{"strings", "max_of", a("a", "b"), "b"},
		{"doc", "min_of", a(int64(10), int64(1), int64(-3), int64(17)), "-3"},
		{"datetime", "min_of", a(dt("2020-01-02"), dt("2020-01-01")), "2020-01-01T00:00:00Z"},
		{"doc", "binary_and", a(int64(6), int64(3)), "2"},
		{"doc", "binary_or", a(int64(6), int64(3)), "7"},
		{"doc", "binary_xor", a(int64(6), int64(3)), "5"},
		{"doc", "binary_not", a(int64(100)), "-101"},
		{"doc", "binary_shift_left", a(int64(1), int64(2)), "4"},
		{"doc", "binary_shift_right", a(int64(8), int64(2)), "2"},
		{"null", "binary_and", a(null(TypeLong), int64(3)), "<null>"},
		{"doc", "bitset_count_ones", a(int64(42)), "3"},
	})
}

func TestRand(t *testing.T) {
	reg := NewRegistry()
	for range 100 {
		v, _, err := evalFunc(reg, "rand", nil, false)
		if f, ok := v.(float64); err != nil || !ok || f < 0 || f >= 1 {
			t.Fatalf("rand() = %v, %v; want a real in [0, 1)", v, err)
		}
		v, _, err = evalFunc(reg, "rand", a(int64(10)), false)
		if n, ok := v.(float64); err != nil || !ok || n < 0 || n >= 10 || n != math.Trunc(n) {
			t.Fatalf("rand(10) = %v, %v; want a whole real in [0, 10)", v, err)
		}
	}
}
