package exec

import (
	"math"
	"testing"
)

// Cases cite https://learn.microsoft.com/kusto/query/<name>-function.
func TestSeriesFunctions(t *testing.T) {
	runFnCases(t, []fnCase{
		// series-sum-function, series-product-function,
		// series-magnitude-function: nulls are skipped.
		{"sum", "series_sum", a(dyn(`[1,2,null,3]`)), "6"},
		{"product", "series_product", a(dyn(`[1,2,null,3]`)), "6"},
		{"magnitude", "series_magnitude", a(dyn(`[3,4]`)), "5"},
		// series-dot-product-function: a number stands for a series of it.
		{"dot product", "series_dot_product", a(dyn(`[1,2,3]`), dyn(`[4,5,6]`)), "32"},
		{"dot product scalar", "series_dot_product", a(dyn(`[1,2,3]`), int64(2)), "12"},
		{"cosine similarity", "series_cosine_similarity", a(dyn(`[1,0]`), dyn(`[1,1]`)), "0.7071067811865475"},
		{"cos", "series_cos", a(dyn(`[0]`)), "[1]"},
		// series-stats-dynamic-function: a null makes every statistic
		// null unless ignore_nonfinite is true; sum and len follow.
		{"stats", "series_stats_dynamic", a(dyn(`[1,3,2,null]`), true), `{"min":1,"min_idx":0,"max":3,"max_idx":1,"avg":2,"stdev":1,"variance":1,"sum":6,"len":4}`},
		{"stats nonfinite", "series_stats_dynamic", a(dyn(`[1,3,2,null]`)), `{"min":null,"min_idx":null,"max":null,"max_idx":null,"avg":null,"stdev":null,"variance":null,"sum":null,"len":4}`},
		{"stats reference", "series_stats_dynamic", a(dyn(`[23, 46, 23, 87, 4, 8, 3, 75, 2, 56, 13, 75, 32, 16, 29]`)), `{"min":2,"min_idx":8,"max":87,"max_idx":3,"avg":32.8,"stdev":28.50363385354827,"variance":812.4571428571429,"sum":492,"len":15}`},
		{"stats empty", "series_stats", a(dyn(`[]`)), `{"min":null,"min_idx":null,"max":null,"max_idx":null,"avg":null,"stdev":null,"variance":null}`},
		{"not array null", "series_stats", a(dyn(`1`)), `<null>`},
		{"perfect line", "series_fit_line", a(dyn(`[1,2,3,4,5]`)), `{"rsquare":1,"slope":1,"variance":2.5,"rvariance":0,"interception":0,"line_fit":[1,2,3,4,5]}`},
		{"two lines", "series_fit_2lines", a(dyn(`[1,2,3,10,10,10]`)), `{"rsquare":1,"split_idx":3,"variance":19.6,"rvariance":0,"line_fit":[1,2,3,10,10,10],"right_rsquare":1,"right_slope":0,"right_interception":10,"right_variance":0,"right_rvariance":0,"left_rsquare":1,"left_slope":1,"left_interception":0,"left_variance":1,"left_rvariance":0}`},
		{"decompose no season", "series_decompose", a(dyn(`[2,2,2,2]`), int64(0)), `{"baseline":[2,2,2,2],"seasonal":[0,0,0,0],"trend":[2,2,2,2],"residual":[0,0,0,0]}`},
		{"decompose period", "series_decompose", a(dyn(`[1,3,1,3,1,3]`), int64(2)), `{"baseline":[1,3,1,3,1,3],"seasonal":[-1,1,-1,1,-1,1],"trend":[2,2,2,2,2,2],"residual":[0,0,0,0,0,0]}`},
		{"bad trend is a query error", "series_decompose", a(dyn(`[1]`), int64(0), "bogus"), "<error>"},
		{"outliers ctukey", "series_outliers", a(dyn(`[1,1,1,1,1,1,1,1,1,2,100]`)), `[0,0,0,0,0,0,0,0,0,0,98]`},
		{"fir moving average", "series_fir", a(dyn(`[1,2,3,4]`), dyn(`[1,1]`)), `[0.5,1.5,2.5,3.5]`},
		{"fir not normalized", "series_fir", a(dyn(`[1,2,3,4]`), dyn(`[1,1]`), false), `[1,3,5,7]`},
		{"iir cumulative sum", "series_iir", a(dyn(`[1,2,3,4]`), dyn(`[1]`), dyn(`[1,-1]`)), `[1,3,6,10]`},
		{"add", "series_add", a(dyn(`[1,2]`), dyn(`[10,20,30]`)), `[11,22,null]`},
		{"scalar", "series_multiply", a(dyn(`[1,2]`), int64(3)), `[3,6]`},
		{"divide by zero null", "series_divide", a(dyn(`[1,2]`), int64(0)), `[null,null]`},
		{"abs", "series_abs", a(dyn(`[-1,2]`)), `[1,2]`},
		{"fill const", "series_fill_const", a(dyn(`[1,null,3]`), int64(0)), `[1,0,3]`},
		{"fill forward", "series_fill_forward", a(dyn(`[null,1,null,3,null]`)), `[null,1,1,3,3]`},
		{"fill backward", "series_fill_backward", a(dyn(`[null,1,null,3,null]`)), `[1,1,3,3,null]`},
		{"fill linear", "series_fill_linear", a(dyn(`[null,1,null,3,null]`)), `[1,1,2,3,3]`},
		{"fill linear no edges", "series_fill_linear", a(dyn(`[null,1,null,3,null]`), null(TypeDynamic), false), `[null,1,2,3,null]`},
		{"greater", "series_greater", a(dyn(`[1,2,null]`), int64(1)), `[false,true,null]`},
		{"equals", "series_equals", a(dyn(`[1,2]`), dyn(`[1,3]`)), `[true,false]`},
		{"sign", "series_sign", a(dyn(`[-2,0,3]`)), `[-1,0,1]`},
		{"pow", "series_pow", a(dyn(`[2,3]`), int64(2)), `[4,9]`},
		{"log of 0 null", "series_log", a(dyn(`[0,1]`)), `[null,0]`},
		{"pearson", "series_pearson_correlation", a(dyn(`[1,2,3]`), dyn(`[2,4,6]`)), "1"},
	})
}

// The reference's series_fit_line example: y = [2,5,6,8,11,15,17,18,25,26,30,30]
// gives RSquare 0.982, Slope 2.730, Variance 98.628, RVariance 1.686,
// Interception -1.666 (https://learn.microsoft.com/kusto/query/series-fit-line-function).
func TestSeriesFitLineDoc(t *testing.T) {
	v, _, err := evalFunc(NewRegistry(), "series_fit_line", a(dyn(`[2,5,6,8,11,15,17,18,25,26,30,30]`)), false)
	if err != nil {
		t.Fatal(err)
	}
	bag := v.(*Bag)
	for k, want := range map[string]float64{"rsquare": 0.982, "slope": 2.730, "variance": 98.628, "rvariance": 1.686, "interception": -1.666} {
		got, _ := bag.Get(k)
		if math.Abs(got.(float64)-want) > 0.01 {
			t.Errorf("%s = %v, want %v", k, got, want)
		}
	}
}

// An obvious spike is flagged and ordinary points are not
// (https://learn.microsoft.com/kusto/query/series-decompose-anomalies-function).
func TestSeriesAnomalies(t *testing.T) {
	ys := `[10,11,10,11,10,11,10,11,10,80,10,11,10,11]`
	v, _, err := evalFunc(NewRegistry(), "series_decompose_anomalies", a(dyn(ys), 1.5, int64(0)), false)
	if err != nil {
		t.Fatal(err)
	}
	flags, _ := v.(*Bag).Get("ad_flag")
	for i, f := range flags.([]Value) {
		want := int64(0)
		if i == 9 {
			want = 1
		}
		if f != want {
			t.Errorf("ad_flag[%d] = %v, want %d", i, f, want)
		}
	}
}
