package exec

import (
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/apache/arrow/go/v15/arrow/decimal128"
)

// This file holds exact decimal arithmetic and conversions. A decimal is
// an integer count of 10^-18 units in 128 bits (Decimal128(38, 18), see
// doc.go): + and - are exact, * and / round the exact result half away
// from zero to 18 fractional digits, and a result beyond 38 digits is null.

var (
	decimalUnitInt = new(big.Int).Exp(big.NewInt(10), big.NewInt(decimalScale), nil)
	decimalLimit   = new(big.Int).Exp(big.NewInt(10), big.NewInt(38), nil)
)

// decimalOfBig returns n units as a decimal; false when it has more than
// 38 digits.
func decimalOfBig(n *big.Int) (Decimal, bool) {
	if new(big.Int).Abs(n).Cmp(decimalLimit) >= 0 {
		return Decimal{}, false
	}
	return Decimal{decimal128.FromBigInt(n)}, true
}

// quoRound sets z to x/y rounded half away from zero.
func quoRound(z, x, y *big.Int) *big.Int {
	var r big.Int
	z.QuoRem(x, y, &r)
	r.Abs(&r).Lsh(&r, 1)
	if r.Cmp(new(big.Int).Abs(y)) >= 0 {
		if (x.Sign() < 0) != (y.Sign() < 0) {
			z.Sub(z, big.NewInt(1))
		} else {
			z.Add(z, big.NewInt(1))
		}
	}
	return z
}

// decimalOfRat returns r rounded to the decimal scale.
func decimalOfRat(r *big.Rat) (Decimal, bool) {
	n := new(big.Int).Mul(r.Num(), decimalUnitInt)
	return decimalOfBig(quoRound(n, n, r.Denom()))
}

// parseDecimal reads a decimal number in plain or scientific notation
// ("0.1", "-12.5e3") exactly.
func parseDecimal(s string) (Decimal, bool) {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, "/_") {
		return Decimal{}, false
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return Decimal{}, false
	}
	return decimalOfRat(r)
}

// decimalOfFloat converts a real as .NET's decimal conversion does: to its
// 15 significant digits, so that todecimal(0.1) is 0.1, not the binary
// value 0.1000000000000000055.
func decimalOfFloat(f float64) (Decimal, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return Decimal{}, false
	}
	return parseDecimal(strconv.FormatFloat(f, 'g', 15, 64))
}

// toDecimal converts a number, bool or string to a decimal.
func toDecimal(v Value) (Decimal, bool) {
	switch x := v.(type) {
	case Decimal:
		return x, true
	case int32:
		return decimalOfInt(int64(x)), true
	case int64:
		return decimalOfInt(x), true
	case bool:
		if x {
			return decimalOfInt(1), true
		}
		return decimalOfInt(0), true
	case float64:
		return decimalOfFloat(x)
	case string:
		return parseDecimal(x)
	}
	return Decimal{}, false
}

// decimalTrunc returns the integral part of d.
func decimalTrunc(d Decimal) *big.Int {
	return new(big.Int).Quo(d.BigInt(), decimalUnitInt)
}

// decimalArith computes a op b exactly; nil when an operand is not a
// number, on division by zero and on overflow. Like the integer modulo,
// the decimal modulo is never negative.
func decimalArith(op string, a, b Value) Value {
	x, ok := toDecimal(a)
	if !ok {
		return nil
	}
	y, ok := toDecimal(b)
	if !ok {
		return nil
	}
	X, Y := x.BigInt(), y.BigInt()
	var r big.Int
	switch op {
	case "+":
		r.Add(X, Y)
	case "-":
		r.Sub(X, Y)
	case "*":
		r.Mul(X, Y)
		quoRound(&r, &r, decimalUnitInt)
	case "/":
		if Y.Sign() == 0 {
			return nil
		}
		r.Mul(X, decimalUnitInt)
		quoRound(&r, &r, Y)
	case "%":
		if Y.Sign() == 0 {
			return nil
		}
		r.Rem(X, Y)
		if r.Sign() < 0 {
			r.Add(&r, new(big.Int).Abs(Y))
		}
	default:
		return nil
	}
	d, ok := decimalOfBig(&r)
	if !ok {
		return nil
	}
	return d
}
