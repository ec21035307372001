package exec

import (
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"time"
)

// mathFunctions are KQL's mathematical and bitwise functions
// (https://learn.microsoft.com/kusto/query/scalar-functions#mathematical-functions).
var mathFunctions = []Function{
	{Name: "abs", Sig: absSig, Scalar: absRow},
	{Name: "ceiling", Sig: numericSameSig, Scalar: ceilingRow},
	{Name: "round", Sig: roundSig, Scalar: roundRow},
	{Name: "sign", Sig: Fixed(TypeReal, TypeReal), Scalar: realFunc(signOf)},
	{Name: "exp", Sig: Fixed(TypeReal, TypeReal), Scalar: realFunc(math.Exp)},
	{Name: "exp2", Sig: Fixed(TypeReal, TypeReal), Scalar: realFunc(math.Exp2)},
	{Name: "exp10", Sig: Fixed(TypeReal, TypeReal), Scalar: realFunc(func(x float64) float64 { return math.Pow(10, x) })},
	{Name: "log", Sig: Fixed(TypeReal, TypeReal), Scalar: logFunc(math.Log)},
	{Name: "log2", Sig: Fixed(TypeReal, TypeReal), Scalar: logFunc(math.Log2)},
	{Name: "log10", Sig: Fixed(TypeReal, TypeReal), Scalar: logFunc(math.Log10)},
	{Name: "sqrt", Sig: Fixed(TypeReal, TypeReal), Scalar: realOrNull(math.Sqrt, func(x float64) bool { return x >= 0 })},
	{Name: "pow", Sig: Fixed(TypeReal, TypeReal, TypeReal), Scalar: powRow},
	{Name: "sin", Sig: Fixed(TypeReal, TypeReal), Scalar: realFunc(math.Sin)},
	{Name: "cos", Sig: Fixed(TypeReal, TypeReal), Scalar: realFunc(math.Cos)},
	{Name: "tan", Sig: Fixed(TypeReal, TypeReal), Scalar: realFunc(math.Tan)},
	{Name: "cot", Sig: Fixed(TypeReal, TypeReal), Scalar: realFunc(func(x float64) float64 { return 1 / math.Tan(x) })},
	{Name: "asin", Sig: Fixed(TypeReal, TypeReal), Scalar: realOrNull(math.Asin, func(x float64) bool { return x >= -1 && x <= 1 })},
	{Name: "acos", Sig: Fixed(TypeReal, TypeReal), Scalar: realOrNull(math.Acos, func(x float64) bool { return x >= -1 && x <= 1 })},
	{Name: "atan", Sig: Fixed(TypeReal, TypeReal), Scalar: realFunc(math.Atan)},
	{Name: "atan2", Sig: Fixed(TypeReal, TypeReal, TypeReal), Scalar: atan2Row},
	{Name: "degrees", Sig: Fixed(TypeReal, TypeReal), Scalar: realFunc(func(x float64) float64 { return x * 180 / math.Pi })},
	{Name: "radians", Sig: Fixed(TypeReal, TypeReal), Scalar: realFunc(func(x float64) float64 { return x * math.Pi / 180 })},
	{Name: "gamma", Sig: Fixed(TypeReal, TypeReal), Scalar: realFunc(math.Gamma)},
	{Name: "loggamma", Sig: Fixed(TypeReal, TypeReal), Scalar: realFunc(func(x float64) float64 { l, _ := math.Lgamma(x); return l })},
	{Name: "beta_cdf", Sig: Fixed(TypeReal, TypeReal, TypeReal, TypeReal), Scalar: betaRow(betaCDF)},
	{Name: "beta_pdf", Sig: Fixed(TypeReal, TypeReal, TypeReal, TypeReal), Scalar: betaRow(betaPDF)},
	{Name: "beta_inv", Sig: Fixed(TypeReal, TypeReal, TypeReal, TypeReal), Scalar: betaInvRow},
	{Name: "erf", Sig: Fixed(TypeReal, TypeReal), Scalar: realFunc(math.Erf)},
	{Name: "erfc", Sig: Fixed(TypeReal, TypeReal), Scalar: realFunc(math.Erfc)},
	{Name: "welch_test", Sig: Fixed(TypeReal, TypeReal, TypeReal, TypeReal, TypeReal, TypeReal, TypeReal), Scalar: welchTestRow},
	{Name: "pi", Sig: Fixed(TypeReal), Scalar: func(*Call, []Value) (Value, error) { return math.Pi, nil }},
	{Name: "isnan", Sig: Fixed(TypeBool, TypeReal), Scalar: realPred(math.IsNaN)},
	{Name: "isinf", Sig: Fixed(TypeBool, TypeReal), Scalar: realPred(func(x float64) bool { return math.IsInf(x, 0) })},
	{Name: "isfinite", Sig: Fixed(TypeBool, TypeReal), Scalar: realPred(func(x float64) bool { return !math.IsInf(x, 0) && !math.IsNaN(x) })},
	{Name: "max_of", Sig: minMaxOfSig, Scalar: minMaxOfRow(1)},
	{Name: "min_of", Sig: minMaxOfSig, Scalar: minMaxOfRow(-1)},
	{Name: "rand", Sig: randSig, Scalar: randRow, Volatile: true},
	{Name: "binary_and", Sig: Fixed(TypeLong, TypeLong, TypeLong), Scalar: longOp(func(x, y int64) int64 { return x & y })},
	{Name: "binary_or", Sig: Fixed(TypeLong, TypeLong, TypeLong), Scalar: longOp(func(x, y int64) int64 { return x | y })},
	{Name: "binary_xor", Sig: Fixed(TypeLong, TypeLong, TypeLong), Scalar: longOp(func(x, y int64) int64 { return x ^ y })},
	{Name: "binary_shift_left", Sig: Fixed(TypeLong, TypeLong, TypeLong), Scalar: longOp(func(x, n int64) int64 { return x << (uint64(n) & 63) })},
	{Name: "binary_shift_right", Sig: Fixed(TypeLong, TypeLong, TypeLong), Scalar: longOp(func(x, n int64) int64 { return x >> (uint64(n) & 63) })},
	{Name: "binary_not", Sig: Fixed(TypeLong, TypeLong), Scalar: func(_ *Call, a []Value) (Value, error) {
		x, ok := argLong(a[0])
		if !ok {
			return nil, nil
		}
		return ^x, nil
	}},
	{Name: "bitset_count_ones", Sig: Fixed(TypeLong, TypeLong), Scalar: func(_ *Call, a []Value) (Value, error) {
		x, ok := argLong(a[0])
		if !ok {
			return nil, nil
		}
		return int64(bits.OnesCount64(uint64(x))), nil
	}},
}

// numericSameSig accepts one number or timespan and returns its type
// (int stays int).
func numericSameSig(args []Type) (Type, error) {
	if len(args) != 1 {
		return TypeInvalid, arityError(1, 1, len(args))
	}
	if t := args[0]; t.IsNumeric() || t == TypeTimeSpan {
		return t, nil
	}
	// A dynamic value needs a conversion first, as in Kusto
	// (abs(toreal(d.x))).
	return TypeInvalid, fmt.Errorf("argument 1 must be a number, got %s", args[0])
}

// absSig is numericSameSig except that an int gives long, as
// Kusto.Language types abs(int).
func absSig(args []Type) (Type, error) {
	t, err := numericSameSig(args)
	if t == TypeInt {
		t = TypeLong
	}
	return t, err
}

// absRow keeps the argument's type
// (https://learn.microsoft.com/kusto/query/abs-function).
func absRow(_ *Call, a []Value) (Value, error) {
	switch x := a[0].(type) {
	case int32:
		return max(int64(x), -int64(x)), nil
	case int64:
		return max(x, -x), nil
	case time.Duration:
		return max(x, -x), nil
	}
	f, ok := argReal(a[0])
	if !ok {
		return nil, nil
	}
	return math.Abs(f), nil
}

// ceilingRow is the smallest integer at or above x
// (https://learn.microsoft.com/kusto/query/ceiling-function).
func ceilingRow(_ *Call, a []Value) (Value, error) {
	switch x := a[0].(type) {
	case int32, int64, time.Duration:
		return x, nil
	}
	f, ok := argReal(a[0])
	if !ok {
		return nil, nil
	}
	return math.Ceil(f), nil
}

func roundSig(args []Type) (Type, error) {
	if len(args) < 1 || len(args) > 2 {
		return TypeInvalid, arityError(1, 2, len(args))
	}
	if len(args) == 2 {
		if err := checkArg(1, args[1], TypeLong); err != nil {
			return TypeInvalid, err
		}
	}
	return numericSameSig(args[:1])
}

// roundRow rounds to digits decimal places (negative digits round to tens,
// hundreds, ...), halves away from zero
// (https://learn.microsoft.com/kusto/query/round-function).
func roundRow(c *Call, a []Value) (Value, error) {
	digits := int64(0)
	if len(a) == 2 {
		var ok bool
		if digits, ok = argLong(a[1]); !ok {
			return nil, nil
		}
	}
	f, ok := argReal(a[0])
	if !ok {
		return nil, nil
	}
	p := math.Pow(10, float64(digits))
	var r float64
	if digits >= 0 {
		r = math.Round(f*p) / p
	} else {
		r = math.Round(f/math.Pow(10, float64(-digits))) * math.Pow(10, float64(-digits))
	}
	if math.IsNaN(r) && !math.IsNaN(f) {
		r = f
	}
	return Convert(r, c.Result), nil
}

func realFunc(f func(float64) float64) ScalarFunc {
	return func(_ *Call, a []Value) (Value, error) {
		x, ok := argReal(a[0])
		if !ok {
			return nil, nil
		}
		return f(x), nil
	}
}

// realOrNull gives null where the argument is outside the domain.
func realOrNull(f func(float64) float64, domain func(float64) bool) ScalarFunc {
	return func(_ *Call, a []Value) (Value, error) {
		x, ok := argReal(a[0])
		if !ok || !domain(x) {
			return nil, nil
		}
		return f(x), nil
	}
}

// logFunc gives null for a zero or negative argument
// (https://learn.microsoft.com/kusto/query/log-function).
func logFunc(f func(float64) float64) ScalarFunc {
	return realOrNull(f, func(x float64) bool { return x > 0 })
}

func realPred(f func(float64) bool) ScalarFunc {
	return func(_ *Call, a []Value) (Value, error) {
		x, ok := argReal(a[0])
		if !ok {
			return nil, nil
		}
		return f(x), nil
	}
}

func powRow(_ *Call, a []Value) (Value, error) {
	x, ok1 := argReal(a[0])
	y, ok2 := argReal(a[1])
	if !ok1 || !ok2 {
		return nil, nil
	}
	return math.Pow(x, y), nil
}

func atan2Row(_ *Call, a []Value) (Value, error) {
	y, ok1 := argReal(a[0])
	x, ok2 := argReal(a[1])
	if !ok1 || !ok2 {
		return nil, nil
	}
	return math.Atan2(y, x), nil
}

func minMaxOfSig(args []Type) (Type, error) {
	if len(args) < 2 {
		return TypeInvalid, arityError(2, -1, len(args))
	}
	return sameType(args, inOrder)
}

// minMaxOfRow returns the largest (dir 1) or smallest argument, ignoring
// nulls; null when all are null (https://learn.microsoft.com/kusto/query/max-of-function).
func minMaxOfRow(dir int) ScalarFunc {
	return func(c *Call, a []Value) (Value, error) {
		var best Value
		for _, v := range a {
			v = Convert(v, c.Result)
			if v == nil {
				continue
			}
			if best == nil || CompareValues(v, best)*dir > 0 {
				best = v
			}
		}
		return best, nil
	}
}

func randSig(args []Type) (Type, error) {
	return Optional(TypeReal, nil, TypeLong)(args)
}

// randRow returns a real in [0, 1), or when given n a whole number in
// [0, n), still typed real as the reference documents
// (https://learn.microsoft.com/kusto/query/rand-function).
func randRow(_ *Call, a []Value) (Value, error) {
	if len(a) == 1 {
		n, ok := argLong(a[0])
		if !ok || n <= 0 {
			return nil, nil
		}
		return float64(rand.Int64N(n)), nil
	}
	return rand.Float64(), nil
}

func longOp(f func(x, y int64) int64) ScalarFunc {
	return func(_ *Call, a []Value) (Value, error) {
		x, ok1 := argLong(a[0])
		y, ok2 := argLong(a[1])
		if !ok1 || !ok2 {
			return nil, nil
		}
		return f(x, y), nil
	}
}

// signOf is the sign of x: 1, -1, or x itself for zero and NaN.
func signOf(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return x
}
