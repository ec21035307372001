package exec

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// seriesFunctions are KQL's series_* functions over the arrays that
// make-series produces (https://learn.microsoft.com/kusto/query/series-functions).
//
// Several of them return more than one series or statistic. Kusto
// spreads those over several columns (extend (flag, score, baseline) =
// series_decompose_anomalies(y)); here each returns one dynamic bag whose
// properties are, in order, the names listed in [seriesOutputs], which
// the compiler can split into columns.
var seriesFunctions = []Function{
	{Name: "series_stats", Sig: Optional(TypeDynamic, []Type{TypeDynamic}, TypeBool), Scalar: seriesStatsRow},
	{Name: "series_stats_dynamic", Sig: Optional(TypeDynamic, []Type{TypeDynamic}, TypeBool), Scalar: seriesStatsDynamicRow},
	{Name: "series_fit_line", Sig: Fixed(TypeDynamic, TypeDynamic), Scalar: seriesFitLineRow},
	{Name: "series_fit_line_dynamic", Sig: Fixed(TypeDynamic, TypeDynamic), Scalar: seriesFitLineRow},
	{Name: "series_fit_2lines", Sig: Fixed(TypeDynamic, TypeDynamic), Scalar: seriesFit2LinesRow},
	{Name: "series_fit_2lines_dynamic", Sig: Fixed(TypeDynamic, TypeDynamic), Scalar: seriesFit2LinesRow},
	{Name: "series_decompose", Sig: Optional(TypeDynamic, []Type{TypeDynamic}, TypeLong, TypeString, TypeLong, TypeReal), Scalar: seriesDecomposeRow},
	{Name: "series_decompose_anomalies", Sig: Optional(TypeDynamic, []Type{TypeDynamic}, TypeReal, TypeLong, TypeString, TypeLong, TypeString, TypeReal), Scalar: seriesAnomaliesRow},
	{Name: "series_decompose_forecast", Sig: Optional(TypeDynamic, []Type{TypeDynamic, TypeLong}, TypeLong, TypeString, TypeReal), Scalar: seriesForecastRow},
	{Name: "series_outliers", Sig: Optional(TypeDynamic, []Type{TypeDynamic}, TypeString, AnyType, TypeReal, TypeReal), Scalar: seriesOutliersRow},
	{Name: "series_fir", Sig: Optional(TypeDynamic, []Type{TypeDynamic, TypeDynamic}, TypeBool, TypeBool), Scalar: seriesFIRRow},
	{Name: "series_iir", Sig: Fixed(TypeDynamic, TypeDynamic, TypeDynamic, TypeDynamic), Scalar: seriesIIRRow},
	{Name: "series_add", Sig: Fixed(TypeDynamic, AnyType, AnyType), Scalar: seriesBinary(func(x, y float64) float64 { return x + y })},
	{Name: "series_subtract", Sig: Fixed(TypeDynamic, AnyType, AnyType), Scalar: seriesBinary(func(x, y float64) float64 { return x - y })},
	{Name: "series_multiply", Sig: Fixed(TypeDynamic, AnyType, AnyType), Scalar: seriesBinary(func(x, y float64) float64 { return x * y })},
	{Name: "series_divide", Sig: Fixed(TypeDynamic, AnyType, AnyType), Scalar: seriesBinary(func(x, y float64) float64 { return x / y })},
	{Name: "series_abs", Sig: Fixed(TypeDynamic, TypeDynamic), Scalar: seriesUnary(math.Abs)},
	{Name: "series_acos", Sig: Fixed(TypeDynamic, TypeDynamic), Scalar: seriesUnary(math.Acos)},
	{Name: "series_asin", Sig: Fixed(TypeDynamic, TypeDynamic), Scalar: seriesUnary(math.Asin)},
	{Name: "series_atan", Sig: Fixed(TypeDynamic, TypeDynamic), Scalar: seriesUnary(math.Atan)},
	{Name: "series_cos", Sig: Fixed(TypeDynamic, TypeDynamic), Scalar: seriesUnary(math.Cos)},
	{Name: "series_sin", Sig: Fixed(TypeDynamic, TypeDynamic), Scalar: seriesUnary(math.Sin)},
	{Name: "series_tan", Sig: Fixed(TypeDynamic, TypeDynamic), Scalar: seriesUnary(math.Tan)},
	{Name: "series_sum", Sig: Fixed(TypeReal, TypeDynamic), Scalar: seriesFold(0, func(acc, x float64) float64 { return acc + x }, nil)},
	{Name: "series_product", Sig: Fixed(TypeReal, TypeDynamic), Scalar: seriesFold(1, func(acc, x float64) float64 { return acc * x }, nil)},
	{Name: "series_magnitude", Sig: Fixed(TypeReal, TypeDynamic), Scalar: seriesFold(0, func(acc, x float64) float64 { return acc + x*x }, math.Sqrt)},
	{Name: "series_dot_product", Sig: Fixed(TypeReal, AnyType, AnyType), Scalar: seriesDotProductRow},
	{Name: "series_cosine_similarity", Sig: Optional(TypeReal, []Type{TypeDynamic, TypeDynamic}, TypeReal, TypeReal), Scalar: seriesCosineSimilarityRow},
	{Name: "series_sign", Sig: Fixed(TypeDynamic, TypeDynamic), Scalar: seriesUnary(signOf)},
	{Name: "series_ceiling", Sig: Fixed(TypeDynamic, TypeDynamic), Scalar: seriesUnary(math.Ceil)},
	{Name: "series_floor", Sig: Fixed(TypeDynamic, TypeDynamic), Scalar: seriesUnary(math.Floor)},
	{Name: "series_exp", Sig: Fixed(TypeDynamic, TypeDynamic), Scalar: seriesUnary(math.Exp)},
	{Name: "series_log", Sig: Fixed(TypeDynamic, TypeDynamic), Scalar: seriesUnary(math.Log)},
	{Name: "series_pow", Sig: Fixed(TypeDynamic, AnyType, AnyType), Scalar: seriesBinary(math.Pow)},
	{Name: "series_greater", Sig: Fixed(TypeDynamic, AnyType, AnyType), Scalar: seriesCompare(func(c int) bool { return c > 0 })},
	{Name: "series_greater_equals", Sig: Fixed(TypeDynamic, AnyType, AnyType), Scalar: seriesCompare(func(c int) bool { return c >= 0 })},
	{Name: "series_less", Sig: Fixed(TypeDynamic, AnyType, AnyType), Scalar: seriesCompare(func(c int) bool { return c < 0 })},
	{Name: "series_less_equals", Sig: Fixed(TypeDynamic, AnyType, AnyType), Scalar: seriesCompare(func(c int) bool { return c <= 0 })},
	{Name: "series_equals", Sig: Fixed(TypeDynamic, AnyType, AnyType), Scalar: seriesCompare(func(c int) bool { return c == 0 })},
	{Name: "series_not_equals", Sig: Fixed(TypeDynamic, AnyType, AnyType), Scalar: seriesCompare(func(c int) bool { return c != 0 })},
	{Name: "series_fill_const", Sig: Optional(TypeDynamic, []Type{TypeDynamic, AnyType}, AnyType), Scalar: seriesFillConstRow},
	{Name: "series_fill_forward", Sig: Optional(TypeDynamic, []Type{TypeDynamic}, AnyType), Scalar: seriesFillRow(false)},
	{Name: "series_fill_backward", Sig: Optional(TypeDynamic, []Type{TypeDynamic}, AnyType), Scalar: seriesFillRow(true)},
	{Name: "series_fill_linear", Sig: Optional(TypeDynamic, []Type{TypeDynamic}, AnyType, TypeBool, AnyType), Scalar: seriesFillLinearRow},
	{Name: "series_pearson_correlation", Sig: Fixed(TypeReal, TypeDynamic, TypeDynamic), Scalar: seriesPearsonRow},
}

// seriesOutputs lists, for each series function that Kusto spreads over
// several columns, the properties of the bag it returns here, in the
// order of Kusto's output columns (named <function>_<column>_<property>
// by default).
var seriesOutputs = map[string][]string{
	"series_stats":               {"min", "min_idx", "max", "max_idx", "avg", "stdev", "variance"},
	"series_fit_line":            {"rsquare", "slope", "variance", "rvariance", "interception", "line_fit"},
	"series_fit_2lines":          {"rsquare", "split_idx", "variance", "rvariance", "line_fit", "right_rsquare", "right_slope", "right_interception", "right_variance", "right_rvariance", "left_rsquare", "left_slope", "left_interception", "left_variance", "left_rvariance"},
	"series_decompose":           {"baseline", "seasonal", "trend", "residual"},
	"series_decompose_anomalies": {"ad_flag", "ad_score", "baseline"},
}

// seriesOf reads a dynamic array as numbers; null and non-numeric
// elements are NaN.
func seriesOf(v Value) ([]float64, bool) {
	arr, ok := argArray(v)
	if !ok {
		return nil, false
	}
	out := make([]float64, len(arr))
	for i, e := range arr {
		f, ok := numberOf(e)
		if !ok {
			f = math.NaN()
		}
		out[i] = f
	}
	return out, true
}

// seriesValue converts numbers to a dynamic array, NaN and infinities as
// null.
func seriesValue(xs []float64) []Value {
	out := make([]Value, len(xs))
	for i, x := range xs {
		out[i] = finiteOrNull(x)
	}
	return out
}

func bagOf(keys []string, vals ...Value) *Bag {
	return &Bag{Keys: append([]string(nil), keys...), Vals: vals}
}

// seriesStatsRow computes min, min_idx, max, max_idx, avg, stdev and
// variance (sample) over the finite elements
// (https://learn.microsoft.com/kusto/query/series-stats-function).
func seriesStatsRow(_ *Call, a []Value) (Value, error) {
	st, ok := seriesStatsOf(a)
	if !ok {
		return nil, nil
	}
	return bagOf(seriesOutputs["series_stats"], st[:7]...), nil
}

// seriesStatsDynamicRow is series_stats_dynamic: series_stats' bag with
// the sum and the length of the series
// (https://learn.microsoft.com/kusto/query/series-stats-dynamic-function).
func seriesStatsDynamicRow(_ *Call, a []Value) (Value, error) {
	st, ok := seriesStatsOf(a)
	if !ok {
		return nil, nil
	}
	return bagOf(append(append([]string{}, seriesOutputs["series_stats"]...), "sum", "len"), st...), nil
}

// seriesStatsOf computes min, min_idx, max, max_idx, avg, stdev,
// variance (sample), sum and len of series a[0]. A series with a
// non-finite value (null, NaN, infinity) has null statistics unless
// a[1] (ignore_nonfinite) is true, which skips those values; len counts
// every element.
func seriesStatsOf(a []Value) ([]Value, bool) {
	xs, ok := seriesOf(a[0])
	if !ok {
		return nil, false
	}
	ignore := false
	if len(a) > 1 {
		ignore, _ = argBool(a[1])
	}
	var n, sum, sumSq float64
	minV, maxV := math.Inf(1), math.Inf(-1)
	minI, maxI := -1, -1
	for i, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			if !ignore {
				return []Value{nil, nil, nil, nil, nil, nil, nil, nil, int64(len(xs))}, true
			}
			continue
		}
		n++
		sum += x
		sumSq += x * x
		if x < minV {
			minV, minI = x, i
		}
		if x > maxV {
			maxV, maxI = x, i
		}
	}
	if n == 0 {
		return []Value{nil, nil, nil, nil, nil, nil, nil, nil, int64(len(xs))}, true
	}
	variance := 0.0
	if n > 1 {
		// n*Σx² - (Σx)² keeps the digits the reference shows.
		variance = math.Max((n*sumSq-sum*sum)/(n*(n-1)), 0)
	}
	return []Value{minV, int64(minI), maxV, int64(maxI), sum / n, math.Sqrt(variance), variance, sum, int64(len(xs))}, true
}

// lineFit is the least-squares line through ys[i] at x = i + x0. The
// reference's example (y = [2,5,6,8,11,15,17,18,25,26,30,30] gives slope
// 2.730, interception -1.666, variance 98.628, rvariance 1.686, line_fit
// from 1.064) fixes the conventions: x counts from 1, and both variances
// are sample variances (divided by n-1).
type lineFit struct {
	slope, intercept, rsquare, variance, rvariance float64
}

func fitLine(ys []float64, x0 int) lineFit {
	n := float64(len(ys))
	if n == 0 {
		return lineFit{}
	}
	var sx, sy, sxx, sxy float64
	for i, y := range ys {
		x := float64(i + x0)
		sx += x
		sy += y
		sxx += x * x
		sxy += x * y
	}
	var f lineFit
	if d := n*sxx - sx*sx; d != 0 {
		f.slope = (n*sxy - sx*sy) / d
	}
	f.intercept = (sy - f.slope*sx) / n
	mean := sy / n
	var ssTot, ssRes float64
	for i, y := range ys {
		r := y - (f.slope*float64(i+x0) + f.intercept)
		ssRes += r * r
		ssTot += (y - mean) * (y - mean)
	}
	if n > 1 {
		f.variance = ssTot / (n - 1)
		f.rvariance = ssRes / (n - 1)
	}
	if ssTot > 0 {
		f.rsquare = 1 - ssRes/ssTot
	} else {
		f.rsquare = 1
	}
	return f
}

func (f lineFit) points(n, x0 int) []Value {
	out := make([]Value, n)
	for i := range out {
		out[i] = f.slope*float64(i+x0) + f.intercept
	}
	return out
}

// seriesFitLineRow fits a line by least squares: rsquare, slope, variance
// of the input, variance of the residuals, interception and the fitted
// series (https://learn.microsoft.com/kusto/query/series-fit-line-function).
func seriesFitLineRow(_ *Call, a []Value) (Value, error) {
	ys, ok := seriesOf(a[0])
	if !ok {
		return nil, nil
	}
	ys = fillLinear(ys)
	f := fitLine(ys, 1)
	return bagOf(seriesOutputs["series_fit_line"], f.rsquare, f.slope, f.variance, f.rvariance, f.intercept, f.points(len(ys), 1)), nil
}

// seriesFit2LinesRow fits two lines split at the index that minimises the
// residual error (https://learn.microsoft.com/kusto/query/series-fit-2lines-function).
func seriesFit2LinesRow(_ *Call, a []Value) (Value, error) {
	ys, ok := seriesOf(a[0])
	if !ok {
		return nil, nil
	}
	ys = fillLinear(ys)
	n := len(ys)
	keys := seriesOutputs["series_fit_2lines"]
	if n < 4 {
		vals := make([]Value, len(keys))
		return bagOf(keys, vals...), nil
	}
	best, bestErr := 2, math.Inf(1)
	var left, right lineFit
	for s := 2; s <= n-2; s++ {
		l, r := fitLine(ys[:s], 1), fitLine(ys[s:], s+1)
		e := l.rvariance*float64(s-1) + r.rvariance*float64(n-s-1)
		if e < bestErr {
			best, bestErr, left, right = s, e, l, r
		}
	}
	fit := append(left.points(best, 1), right.points(n-best, best+1)...)
	var mean, ssTot float64
	for _, y := range ys {
		mean += y / float64(n)
	}
	for _, y := range ys {
		ssTot += (y - mean) * (y - mean)
	}
	rsq := 1.0
	if ssTot > 0 {
		rsq = 1 - bestErr/ssTot
	}
	return bagOf(keys, rsq, int64(best), ssTot/float64(n-1), bestErr/float64(n-1), fit,
		right.rsquare, right.slope, right.intercept, right.variance, right.rvariance,
		left.rsquare, left.slope, left.intercept, left.variance, left.rvariance), nil
}

// fillLinear replaces missing values by linear interpolation between
// their neighbours (constant at the ends).
func fillLinear(xs []float64) []float64 {
	out := append([]float64(nil), xs...)
	last := -1
	for i, x := range out {
		if math.IsNaN(x) {
			continue
		}
		if last < 0 {
			for j := 0; j < i; j++ {
				out[j] = x
			}
		} else {
			for j := last + 1; j < i; j++ {
				t := float64(j-last) / float64(i-last)
				out[j] = out[last] + t*(x-out[last])
			}
		}
		last = i
	}
	if last >= 0 {
		for j := last + 1; j < len(out); j++ {
			out[j] = out[last]
		}
	} else {
		for j := range out {
			out[j] = 0
		}
	}
	return out
}

// detectPeriod finds the seasonal period of a series: the lag (between 4
// and n/2) with the highest autocorrelation, when that exceeds threshold;
// 0 when there is none.
func detectPeriod(xs []float64, threshold float64) int {
	n := len(xs)
	var mean float64
	for _, x := range xs {
		mean += x / float64(n)
	}
	var den float64
	for _, x := range xs {
		den += (x - mean) * (x - mean)
	}
	if den == 0 {
		return 0
	}
	best, bestR := 0, threshold
	for lag := 4; lag <= n/2; lag++ {
		var num float64
		for i := lag; i < n; i++ {
			num += (xs[i] - mean) * (xs[i-lag] - mean)
		}
		r := num / den * float64(n) / float64(n-lag)
		if r > bestR+1e-9 {
			best, bestR = lag, r
		}
	}
	return best
}

// decomposition is a series split into trend, seasonal and residual
// parts; baseline is trend + seasonal.
type decomposition struct {
	baseline, seasonal, trend, residual []float64
}

// decompose splits ys: the trend is the average ("avg"), a least-squares
// line ("linefit") or zero ("none"); the seasonal part is the mean of the
// detrended series at each phase of the period (period -1: detected,
// 0: none). Only the first len(ys)-testPoints points are used to fit.
func decompose(ys []float64, period int, trend string, testPoints int, threshold float64) decomposition {
	n := len(ys)
	ys = fillLinear(ys)
	fitN := max(n-testPoints, 1)
	fitN = min(fitN, n)
	d := decomposition{make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)}
	switch trend {
	case "linefit":
		f := fitLine(ys[:fitN], 0)
		for i := range d.trend {
			d.trend[i] = f.slope*float64(i) + f.intercept
		}
	case "none":
	default:
		var mean float64
		for _, y := range ys[:fitN] {
			mean += y / float64(fitN)
		}
		for i := range d.trend {
			d.trend[i] = mean
		}
	}
	detrended := make([]float64, fitN)
	for i := range detrended {
		detrended[i] = ys[i] - d.trend[i]
	}
	if period < 0 {
		period = detectPeriod(detrended, threshold)
	}
	if period > 1 && period <= fitN {
		sums, counts := make([]float64, period), make([]float64, period)
		for i, x := range detrended {
			sums[i%period] += x
			counts[i%period]++
		}
		for i := range d.seasonal {
			if c := counts[i%period]; c > 0 {
				d.seasonal[i] = sums[i%period] / c
			}
		}
	}
	for i := range ys {
		d.baseline[i] = d.trend[i] + d.seasonal[i]
		d.residual[i] = ys[i] - d.baseline[i]
	}
	return d
}

// decomposeArgs reads the optional period, trend, test points and
// seasonality threshold arguments starting at a[i].
func decomposeArgs(a []Value, i int) (period int, trend string, testPoints int, threshold float64, err error) {
	period, trend, threshold = -1, "avg", 0.6
	if len(a) > i && a[i] != nil {
		p, _ := argLong(a[i])
		period = int(p)
	}
	if len(a) > i+1 && a[i+1] != nil {
		trend = strings.ToLower(argText(a[i+1]))
		if trend != "avg" && trend != "linefit" && trend != "none" {
			return 0, "", 0, 0, fmt.Errorf("trend must be \"avg\", \"linefit\" or \"none\", got %q", trend)
		}
	}
	if len(a) > i+2 && a[i+2] != nil {
		t, _ := argLong(a[i+2])
		testPoints = int(max(t, 0))
	}
	return period, trend, testPoints, threshold, nil
}

// seriesDecomposeRow splits a series into baseline, seasonal, trend and
// residual (https://learn.microsoft.com/kusto/query/series-decompose-function).
func seriesDecomposeRow(_ *Call, a []Value) (Value, error) {
	ys, ok := seriesOf(a[0])
	if !ok {
		return nil, nil
	}
	period, trend, test, thr, err := decomposeArgs(a, 1)
	if err != nil {
		return nil, fmt.Errorf("series_decompose: %v", err)
	}
	if len(a) > 4 && a[4] != nil {
		thr, _ = argReal(a[4])
	}
	d := decompose(ys, period, trend, test, thr)
	return bagOf(seriesOutputs["series_decompose"], seriesValue(d.baseline), seriesValue(d.seasonal), seriesValue(d.trend), seriesValue(d.residual)), nil
}

// tukeyScores scores each value against the fences of the low and high
// percentiles of the series: (x-high)/IQR above the high percentile,
// (x-low)/IQR below the low one, 0 between them.
func tukeyScores(xs []float64, lowP, highP float64) []float64 {
	var vals []float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			vals = append(vals, x)
		}
	}
	out := make([]float64, len(xs))
	if len(vals) == 0 {
		return out
	}
	sort.Float64s(vals)
	q := func(p float64) float64 {
		pos := p / 100 * float64(len(vals)-1)
		lo := int(math.Floor(pos))
		hi := min(lo+1, len(vals)-1)
		return vals[lo] + (pos-float64(lo))*(vals[hi]-vals[lo])
	}
	low, high := q(lowP), q(highP)
	iqr := high - low
	for i, x := range xs {
		switch {
		case math.IsNaN(x):
			out[i] = 0
		case iqr == 0:
			out[i] = 0
		case x > high:
			out[i] = (x - high) / iqr
		case x < low:
			out[i] = (x - low) / iqr
		}
	}
	return out
}

// seriesAnomaliesRow decomposes a series and flags residuals outside the
// Tukey fences widened by threshold (default 1.5): ad_flag is +1, -1 or
// 0, ad_score the fence score, baseline the expected value; ad_method
// "ctukey" (default) uses the 10th and 90th percentiles, "tukey" the
// 25th and 75th (https://learn.microsoft.com/kusto/query/series-decompose-anomalies-function).
func seriesAnomaliesRow(_ *Call, a []Value) (Value, error) {
	ys, ok := seriesOf(a[0])
	if !ok {
		return nil, nil
	}
	k := 1.5
	if len(a) > 1 && a[1] != nil {
		k, _ = argReal(a[1])
	}
	period, trend, test, thr, err := decomposeArgs(a, 2)
	if err != nil {
		return nil, fmt.Errorf("series_decompose_anomalies: %v", err)
	}
	lowP, highP := 10.0, 90.0
	if len(a) > 5 && strings.EqualFold(argText(a[5]), "tukey") {
		lowP, highP = 25, 75
	}
	if len(a) > 6 && a[6] != nil {
		thr, _ = argReal(a[6])
	}
	d := decompose(ys, period, trend, test, thr)
	scores := tukeyScores(d.residual, lowP, highP)
	flags := make([]Value, len(scores))
	for i, s := range scores {
		switch {
		case s > k:
			flags[i] = int64(1)
		case s < -k:
			flags[i] = int64(-1)
		default:
			flags[i] = int64(0)
		}
	}
	return bagOf(seriesOutputs["series_decompose_anomalies"], flags, seriesValue(scores), seriesValue(d.baseline)), nil
}

// seriesForecastRow extends the baseline of a decomposition over the
// last points (which the fit ignores), returning the baseline series
// (https://learn.microsoft.com/kusto/query/series-decompose-forecast-function).
func seriesForecastRow(_ *Call, a []Value) (Value, error) {
	ys, ok := seriesOf(a[0])
	pts, ok2 := argLong(a[1])
	if !ok || !ok2 {
		return nil, nil
	}
	period, trend := -1, "linefit"
	if len(a) > 2 && a[2] != nil {
		p, _ := argLong(a[2])
		period = int(p)
	}
	if len(a) > 3 && a[3] != nil {
		trend = strings.ToLower(argText(a[3]))
	}
	d := decompose(ys, period, trend, int(max(pts, 0)), 0.6)
	return seriesValue(d.baseline), nil
}

// seriesOutliersRow scores each point with Tukey's fences: "ctukey"
// (default) on the min and max percentiles (10 and 90 unless given),
// "tukey" on 25 and 75 (https://learn.microsoft.com/kusto/query/series-outliers-function).
func seriesOutliersRow(_ *Call, a []Value) (Value, error) {
	ys, ok := seriesOf(a[0])
	if !ok {
		return nil, nil
	}
	lowP, highP := 10.0, 90.0
	if len(a) > 1 && strings.EqualFold(argText(a[1]), "tukey") {
		lowP, highP = 25, 75
	}
	if len(a) > 2 && a[2] != nil {
		if ignore, ok := argReal(a[2]); ok {
			for i, y := range ys {
				if y == ignore {
					ys[i] = math.NaN()
				}
			}
		}
	}
	if len(a) > 3 && a[3] != nil {
		lowP, _ = argReal(a[3])
	}
	if len(a) > 4 && a[4] != nil {
		highP, _ = argReal(a[4])
	}
	return seriesValue(tukeyScores(ys, lowP, highP)), nil
}

// seriesFIRRow applies a finite impulse response filter: out[i] is the
// sum of filter[j]*x[i-j], normalised by the sum of the filter unless
// normalize is false, centered when center is true
// (https://learn.microsoft.com/kusto/query/series-fir-function).
func seriesFIRRow(_ *Call, a []Value) (Value, error) {
	xs, ok := seriesOf(a[0])
	fs, ok2 := seriesOf(a[1])
	if !ok || !ok2 || len(fs) == 0 {
		return nil, nil
	}
	normalize, center := true, false
	if len(a) > 2 {
		if b, ok := argBool(a[2]); ok {
			normalize = b
		}
	}
	if len(a) > 3 {
		if b, ok := argBool(a[3]); ok {
			center = b
		}
	}
	var fsum float64
	for _, f := range fs {
		fsum += f
	}
	if !normalize || fsum == 0 {
		fsum = 1
	}
	shift := 0
	if center {
		shift = len(fs) / 2
	}
	out := make([]float64, len(xs))
	for i := range xs {
		var s float64
		for j, f := range fs {
			k := i - j + shift
			if k >= 0 && k < len(xs) && !math.IsNaN(xs[k]) {
				s += f * xs[k]
			}
		}
		out[i] = s / fsum
	}
	return seriesValue(out), nil
}

// seriesIIRRow applies an infinite impulse response filter with
// numerators b and denominators a (a[0] normalises):
// y[i] = (Σ b[j]x[i-j] - Σ_{j≥1} a[j]y[i-j]) / a[0]
// (https://learn.microsoft.com/kusto/query/series-iir-function).
func seriesIIRRow(_ *Call, a []Value) (Value, error) {
	xs, ok := seriesOf(a[0])
	bs, ok2 := seriesOf(a[1])
	as, ok3 := seriesOf(a[2])
	if !ok || !ok2 || !ok3 || len(as) == 0 || as[0] == 0 {
		return nil, nil
	}
	ys := make([]float64, len(xs))
	for i := range xs {
		var s float64
		for j, b := range bs {
			if i-j >= 0 && !math.IsNaN(xs[i-j]) {
				s += b * xs[i-j]
			}
		}
		for j := 1; j < len(as); j++ {
			if i-j >= 0 {
				s -= as[j] * ys[i-j]
			}
		}
		ys[i] = s / as[0]
	}
	return seriesValue(ys), nil
}

// seriesBinary applies f element-wise to two series or a series and a
// number; a missing element gives null.
func seriesBinary(f func(x, y float64) float64) ScalarFunc {
	return func(_ *Call, a []Value) (Value, error) {
		xs, xArr := seriesOf(a[0])
		ys, yArr := seriesOf(a[1])
		if !xArr && !yArr {
			return nil, nil
		}
		n := max(len(xs), len(ys))
		at := func(s []float64, isArr bool, v Value, i int) float64 {
			if isArr {
				if i < len(s) {
					return s[i]
				}
				return math.NaN()
			}
			if f, ok := argReal(v); ok {
				return f
			}
			return math.NaN()
		}
		out := make([]float64, n)
		for i := range out {
			out[i] = f(at(xs, xArr, a[0], i), at(ys, yArr, a[1], i))
		}
		return seriesValue(out), nil
	}
}

// seriesCompare compares two series, or a series and a number, element
// by element into an array of bools; a missing element gives null
// (https://learn.microsoft.com/kusto/query/series-greater-function).
func seriesCompare(ok func(c int) bool) ScalarFunc {
	cmp := seriesBinary(func(x, y float64) float64 {
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		case x == y:
			return 0
		}
		return math.NaN()
	})
	return func(c *Call, a []Value) (Value, error) {
		r, err := cmp(c, a)
		arr, isArr := r.([]Value)
		if err != nil || !isArr {
			return r, err
		}
		for i, v := range arr {
			if f, isNum := v.(float64); isNum {
				arr[i] = ok(int(f))
			}
		}
		return arr, nil
	}
}

func seriesUnary(f func(float64) float64) ScalarFunc {
	return func(_ *Call, a []Value) (Value, error) {
		xs, ok := seriesOf(a[0])
		if !ok {
			return nil, nil
		}
		for i, x := range xs {
			xs[i] = f(x)
		}
		return seriesValue(xs), nil
	}
}

// isMissing tells whether a series element is to be filled: null by
// default, or equal to the given missing value.
func isMissing(v Value, missing Value, hasMissing bool) bool {
	if !hasMissing {
		return v == nil
	}
	return dynEqual(v, missing)
}

// seriesFillConstRow replaces missing elements by a constant
// (https://learn.microsoft.com/kusto/query/series-fill-const-function).
func seriesFillConstRow(_ *Call, a []Value) (Value, error) {
	arr, ok := argArray(a[0])
	if !ok {
		return nil, nil
	}
	var missing Value
	if len(a) == 3 {
		missing = a[2]
	}
	out := make([]Value, len(arr))
	for i, v := range arr {
		if isMissing(v, missing, len(a) == 3) {
			v = dynOf(a[1])
		}
		out[i] = v
	}
	return out, nil
}

// seriesFillRow carries the last (or, backward, the next) present value
// over missing elements (https://learn.microsoft.com/kusto/query/series-fill-forward-function).
func seriesFillRow(backward bool) ScalarFunc {
	return func(_ *Call, a []Value) (Value, error) {
		arr, ok := argArray(a[0])
		if !ok {
			return nil, nil
		}
		var missing Value
		if len(a) == 2 {
			missing = a[1]
		}
		out := append([]Value(nil), arr...)
		var carry Value
		for k := range out {
			i := k
			if backward {
				i = len(out) - 1 - k
			}
			if isMissing(out[i], missing, len(a) == 2) {
				if carry != nil {
					out[i] = carry
				}
				continue
			}
			carry = out[i]
		}
		return out, nil
	}
}

// seriesFillLinearRow interpolates missing elements linearly, extending
// the first and last values to the ends unless fill_edges is false
// (https://learn.microsoft.com/kusto/query/series-fill-linear-function).
func seriesFillLinearRow(_ *Call, a []Value) (Value, error) {
	arr, ok := argArray(a[0])
	if !ok {
		return nil, nil
	}
	var missing Value
	hasMissing := len(a) > 1 && a[1] != nil
	if hasMissing {
		missing = a[1]
	}
	edges := true
	if len(a) > 2 {
		if b, ok := argBool(a[2]); ok {
			edges = b
		}
	}
	// A series of integers only interpolates to integers (truncated);
	// one made of missing values only is filled with constant_value, 0
	// by default, null keeping it
	// (https://learn.microsoft.com/kusto/query/series-fill-linear-function).
	var constant Value = int64(0)
	if len(a) > 3 {
		constant = a[3]
	}
	xs := make([]float64, len(arr))
	ints := true
	for i, v := range arr {
		f, ok := numberOf(v)
		if !ok || isMissing(v, missing, hasMissing) {
			f = math.NaN()
		} else if _, isInt := v.(int64); !isInt {
			ints = false
		}
		xs[i] = f
	}
	first, last := -1, -1
	for i, x := range xs {
		if !math.IsNaN(x) {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	out := make([]Value, len(arr))
	if first < 0 {
		for i := range out {
			out[i] = dynOf(constant)
		}
		return out, nil
	}
	filled := fillLinear(xs)
	for i := range out {
		switch {
		case !edges && (i < first || i > last):
			out[i] = arr[i]
		case ints:
			out[i] = int64(filled[i])
		default:
			out[i] = filled[i]
		}
	}
	return out, nil
}

// seriesPearsonRow is the Pearson correlation of two series
// (https://learn.microsoft.com/kusto/query/series-pearson-correlation-function).
func seriesPearsonRow(_ *Call, a []Value) (Value, error) {
	xs, ok1 := seriesOf(a[0])
	ys, ok2 := seriesOf(a[1])
	if !ok1 || !ok2 || len(xs) != len(ys) || len(xs) == 0 {
		return nil, nil
	}
	n := float64(len(xs))
	var mx, my float64
	for i := range xs {
		mx += xs[i] / n
		my += ys[i] / n
	}
	var sxx, syy, sxy float64
	for i := range xs {
		dx, dy := xs[i]-mx, ys[i]-my
		sxx += dx * dx
		syy += dy * dy
		sxy += dx * dy
	}
	if sxx == 0 || syy == 0 {
		return nil, nil
	}
	return sxy / math.Sqrt(sxx*syy), nil
}

// seriesFold folds the numeric elements of a series (nulls and other
// values skipped) from start, then applies final when not nil:
// series_sum, series_product and series_magnitude
// (https://learn.microsoft.com/kusto/query/series-sum-function).
func seriesFold(start float64, step func(acc, x float64) float64, final func(float64) float64) ScalarFunc {
	return func(_ *Call, a []Value) (Value, error) {
		xs, ok := seriesOf(a[0])
		if !ok {
			return nil, nil
		}
		acc := start
		for _, x := range xs {
			if !math.IsNaN(x) {
				acc = step(acc, x)
			}
		}
		if final != nil {
			acc = final(acc)
		}
		return acc, nil
	}
}

// seriesPair reads two series, a number standing for a series of that
// number as long as the other; the shorter length counts.
func seriesPair(a, b Value) ([]float64, []float64, bool) {
	xs, okx := seriesOf(a)
	ys, oky := seriesOf(b)
	switch {
	case okx && oky:
		n := min(len(xs), len(ys))
		return xs[:n], ys[:n], true
	case okx:
		if y, ok := numberOf(b); ok {
			return xs, repeatFloat(y, len(xs)), true
		}
	case oky:
		if x, ok := numberOf(a); ok {
			return repeatFloat(x, len(ys)), ys, true
		}
	}
	return nil, nil, false
}

// repeatFloat is a series of n times x.
func repeatFloat(x float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = x
	}
	return out
}

// seriesDotProductRow is the dot product of two series, null elements
// skipped (https://learn.microsoft.com/kusto/query/series-dot-product-function).
func seriesDotProductRow(_ *Call, a []Value) (Value, error) {
	xs, ys, ok := seriesPair(a[0], a[1])
	if !ok {
		return nil, nil
	}
	var dot float64
	for i := range xs {
		if !math.IsNaN(xs[i]) && !math.IsNaN(ys[i]) {
			dot += xs[i] * ys[i]
		}
	}
	return dot, nil
}

// seriesCosineSimilarityRow is the cosine similarity of two series: their
// dot product over the product of their magnitudes, which the optional
// third and fourth arguments may give
// (https://learn.microsoft.com/kusto/query/series-cosine-similarity-function).
func seriesCosineSimilarityRow(c *Call, a []Value) (Value, error) {
	xs, ys, ok := seriesPair(a[0], a[1])
	if !ok {
		return nil, nil
	}
	var dot, mx, my float64
	for i := range xs {
		if !math.IsNaN(xs[i]) && !math.IsNaN(ys[i]) {
			dot += xs[i] * ys[i]
			mx += xs[i] * xs[i]
			my += ys[i] * ys[i]
		}
	}
	mx, my = math.Sqrt(mx), math.Sqrt(my)
	if len(a) > 2 && a[2] != nil {
		mx, _ = argReal(a[2])
	}
	if len(a) > 3 && a[3] != nil {
		my, _ = argReal(a[3])
	}
	if mx == 0 || my == 0 {
		return nil, nil
	}
	return dot / (mx * my), nil
}
