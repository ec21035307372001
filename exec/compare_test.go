package exec

import (
	"math/big"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/decimal128"
)

func mustDecimal(t *testing.T, s string) Decimal {
	t.Helper()
	f, _, err := big.ParseFloat(s, 10, 300, big.ToNearestEven)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := new(big.Float).Mul(f, decimalUnit).Int(nil)
	return Decimal{decimal128.FromBigInt(n)}
}

// TestCompareValuesExact: decimals compare exactly (Kusto's decimal is a
// 128-bit decimal: 0.100000000000000001 > 0.1, which float64 cannot
// tell apart), and longs above 2^53 compare exactly with ints and longs.
func TestCompareValuesExact(t *testing.T) {
	tests := []struct {
		a, b Value
		want int
	}{
		{mustDecimal(t, "0.100000000000000001"), mustDecimal(t, "0.1"), 1},
		{mustDecimal(t, "0.1"), mustDecimal(t, "0.100000000000000001"), -1},
		{mustDecimal(t, "12345678901234567.89"), mustDecimal(t, "12345678901234567.88"), 1},
		{mustDecimal(t, "2.5"), mustDecimal(t, "2.50"), 0},
		{mustDecimal(t, "9007199254740993"), int64(9007199254740992), 1},
		{int64(9007199254740993), mustDecimal(t, "9007199254740993"), 0},
		{int32(-3), mustDecimal(t, "-3.000000000000000001"), 1},
		{int64(9007199254740993), int64(9007199254740992), 1},
		{int64(9007199254740993), int32(7), 1},
		{mustDecimal(t, "1.5"), float64(1.25), 1},
		{float64(2), int64(2), 0},
	}
	for _, tc := range tests {
		if got := CompareValues(tc.a, tc.b); got != tc.want {
			t.Errorf("CompareValues(%v, %v) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
	if EqualValues(mustDecimal(t, "0.100000000000000001"), mustDecimal(t, "0.1")) {
		t.Error("EqualValues treats decimals differing in the 18th decimal place as equal")
	}
}
