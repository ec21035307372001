package exec

import "math"

// This file holds the beta distribution functions of the math family:
// beta_cdf, beta_pdf and beta_inv
// (https://learn.microsoft.com/kusto/query/beta-cdf-function and the
// beta-pdf and beta-inv pages).

// betaParamsOK reports whether alpha and beta are in the documented
// range 0 < p <= 10000.
func betaParamsOK(a, b float64) bool {
	return a > 0 && a <= 10000 && b > 0 && b <= 10000
}

// argReals reads the first len(dst) arguments as reals into dst; false
// when one of them is null or not a number.
func argReals(args []Value, dst []float64) bool {
	for i := range dst {
		x, ok := argReal(args[i])
		if !ok {
			return false
		}
		dst[i] = x
	}
	return true
}

// betaRow adapts a distribution function of (x, alpha, beta): null for a
// null argument, NaN for x outside [0, 1] or parameters out of range.
func betaRow(f func(x, a, b float64) float64) ScalarFunc {
	return func(_ *Call, args []Value) (Value, error) {
		var v [3]float64
		if !argReals(args, v[:]) {
			return nil, nil
		}
		if v[0] < 0 || v[0] > 1 || !betaParamsOK(v[1], v[2]) {
			return math.NaN(), nil
		}
		return f(v[0], v[1], v[2]), nil
	}
}

// betaInvRow is the x with beta_cdf(x, alpha, beta) = p. Following the
// page's example output, a probability outside (0, 1] gives null and
// parameters out of range give NaN.
func betaInvRow(_ *Call, args []Value) (Value, error) {
	var v [3]float64
	if !argReals(args, v[:]) {
		return nil, nil
	}
	p, a, b := v[0], v[1], v[2]
	if !betaParamsOK(a, b) {
		return math.NaN(), nil
	}
	if !(p > 0 && p <= 1) {
		return nil, nil
	}
	if p == 1 {
		return 1.0, nil
	}
	// Bisection: betaCDF is monotone in x; 200 halvings reach the
	// resolution of float64.
	lo, hi := 0.0, 1.0
	for range 200 {
		mid := (lo + hi) / 2
		if mid == lo || mid == hi {
			break
		}
		if betaCDF(mid, a, b) < p {
			lo = mid
		} else {
			hi = mid
		}
	}
	if math.Abs(betaCDF(hi, a, b)-p) <= math.Abs(betaCDF(lo, a, b)-p) {
		return hi, nil
	}
	return lo, nil
}

// lbeta is log B(a, b).
func lbeta(a, b float64) float64 {
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	return la + lb - lab
}

// betaPDF is the density x^(a-1) (1-x)^(b-1) / B(a, b).
func betaPDF(x, a, b float64) float64 {
	switch {
	case x == 0 && a < 1, x == 1 && b < 1:
		return math.Inf(1)
	case x == 0 && a > 1, x == 1 && b > 1:
		return 0
	}
	return math.Exp((a-1)*math.Log(x) + (b-1)*math.Log1p(-x) - lbeta(a, b))
}

// betaCDF is the regularized incomplete beta function I_x(a, b), by its
// continued fraction (evaluated with the modified Lentz method) on the
// side of the symmetry I_x(a, b) = 1 - I_(1-x)(b, a) where it converges
// fast.
func betaCDF(x, a, b float64) float64 {
	if x <= 0 {
		return 0
	}
	if x >= 1 {
		return 1
	}
	front := math.Exp(a*math.Log(x) + b*math.Log1p(-x) - lbeta(a, b))
	if x < (a+1)/(a+b+2) {
		return front * betaCF(x, a, b) / a
	}
	return 1 - front*betaCF(1-x, b, a)/b
}

func betaCF(x, a, b float64) float64 {
	const tiny, eps = 1e-300, 1e-16
	c, d := 1.0, 1-(a+b)*x/(a+1)
	if math.Abs(d) < tiny {
		d = tiny
	}
	d = 1 / d
	h := d
	for m := 1; m <= 10000; m++ {
		fm := float64(m)
		for _, num := range []float64{
			fm * (b - fm) * x / ((a + 2*fm - 1) * (a + 2*fm)),
			-(a + fm) * (a + b + fm) * x / ((a + 2*fm) * (a + 2*fm + 1)),
		} {
			d = 1 + num*d
			if math.Abs(d) < tiny {
				d = tiny
			}
			c = 1 + num/c
			if math.Abs(c) < tiny {
				c = tiny
			}
			d = 1 / d
			h *= d * c
		}
		if math.Abs(d*c-1) < eps {
			break
		}
	}
	return h
}

// welchTestRow is the two-sided p-value of Welch's t-test for equal means
// of two samples given as (mean, variance, count) each
// (https://learn.microsoft.com/kusto/query/welch-test-function); null when
// an argument is null or a sample has fewer than two values.
func welchTestRow(_ *Call, args []Value) (Value, error) {
	var v [6]float64
	if !argReals(args, v[:]) {
		return nil, nil
	}
	m1, v1, n1, m2, v2, n2 := v[0], v[1], v[2], v[3], v[4], v[5]
	if n1 < 2 || n2 < 2 {
		return nil, nil
	}
	s1, s2 := v1/n1, v2/n2
	t := (m1 - m2) / math.Sqrt(s1+s2)
	df := (s1 + s2) * (s1 + s2) / (s1*s1/(n1-1) + s2*s2/(n2-1))
	return betaCDF(df/(df+t*t), df/2, 0.5), nil
}
