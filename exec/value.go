package exec

import (
	"encoding/hex"
	"fmt"
	"math/big"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/decimal128"
)

// Value is one KQL value at row level; nil is null. Its dynamic type is
// determined by the static [Type] it was produced for:
//
//	bool      bool
//	int       int32
//	long      int64
//	real      float64
//	decimal   Decimal
//	string    string ("" for empty; a string is never nil)
//	datetime  time.Time (UTC, a whole number of 100-ns ticks)
//	timespan  time.Duration
//	guid      GUID
//	dynamic   nil, bool, int64, float64, string, time.Time, time.Duration,
//	          GUID, []Value (an array) or *Bag (a property bag)
//
// Row-level values serve the generic adapters of the registry, literals
// and the slower operators; hot paths work on Arrow arrays directly.
type Value = any

// GUID is a guid value: 16 bytes in the order of its text form.
type GUID [16]byte

// String returns the guid as "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx".
func (g GUID) String() string {
	b := g.text()
	return string(b[:])
}

// text is the guid's 36-byte text form.
func (g GUID) text() [36]byte {
	var b [36]byte
	hex.Encode(b[0:8], g[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], g[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], g[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], g[8:10])
	b[23] = '-'
	hex.Encode(b[24:], g[10:])
	return b
}

// ParseGUID parses the text form of a guid, with or without dashes and
// braces.
func ParseGUID(s string) (GUID, bool) {
	var g GUID
	var digits []byte
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '-', '{', '}':
		default:
			digits = append(digits, c)
		}
	}
	if len(digits) != 32 {
		return g, false
	}
	if _, err := hex.Decode(g[:], digits); err != nil {
		return g, false
	}
	return g, true
}

// Decimal is a decimal value: an integer count of 10^-18 units.
type Decimal struct{ decimal128.Num }

var decimalUnit = new(big.Float).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(decimalScale), nil))

// DecimalFromFloat returns the decimal nearest to f; false when f is not
// finite or out of range.
func DecimalFromFloat(f float64) (Decimal, bool) {
	n, err := decimal128.FromFloat64(f, 38, decimalScale)
	if err != nil {
		return Decimal{}, false
	}
	return Decimal{n}, true
}

// Float returns the decimal as the nearest float64.
func (d Decimal) Float() float64 { return d.ToFloat64(decimalScale) }

// String returns the decimal in plain notation without trailing zeros.
func (d Decimal) String() string {
	f := new(big.Float).SetPrec(200).SetInt(d.BigInt())
	f.Quo(f, decimalUnit)
	s := f.Text('f', decimalScale)
	for len(s) > 1 && s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	if s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	return s
}

// Bag is a dynamic property bag: keys in insertion order with their values.
type Bag struct {
	Keys []string
	Vals []Value
}

// Get returns the value of key and whether the bag has it.
func (b *Bag) Get(key string) (Value, bool) {
	for i, k := range b.Keys {
		if k == key {
			return b.Vals[i], true
		}
	}
	return nil, false
}

// Set sets key to v, replacing an existing value in place.
func (b *Bag) Set(key string, v Value) {
	for i, k := range b.Keys {
		if k == key {
			b.Vals[i] = v
			return
		}
	}
	b.Keys = append(b.Keys, key)
	b.Vals = append(b.Vals, v)
}

// Len returns the number of properties.
func (b *Bag) Len() int { return len(b.Keys) }

// ValueAt returns row i of a column as a [Value] of the column's KQL type;
// nil for null.
func ValueAt(a arrow.Array, i int) Value {
	if a.IsNull(i) {
		if _, ok := a.(*array.String); ok {
			return ""
		}
		return nil
	}
	switch a := a.(type) {
	case *array.Boolean:
		return a.Value(i)
	case *array.Int32:
		return a.Value(i)
	case *array.Int64:
		return a.Value(i)
	case *array.Float64:
		return a.Value(i)
	case *array.Decimal128:
		return Decimal{a.Value(i)}
	case *array.String:
		return a.Value(i)
	case *array.Timestamp:
		return time.Unix(0, int64(a.Value(i))).UTC()
	case *array.Duration:
		return time.Duration(a.Value(i))
	case *array.FixedSizeBinary:
		var g GUID
		copy(g[:], a.Value(i))
		return g
	case *array.Binary:
		return DecodeDynamic(a.Value(i))
	}
	panic(fmt.Sprintf("exec: unsupported column type %s", a.DataType()))
}

// AppendValue appends v to a builder of type t's Arrow type, converting it
// as the conversion function of type t would (tolong for long, ...); a
// value that does not convert is appended as null.
func AppendValue(b array.Builder, t Type, v Value) {
	v = Convert(v, t)
	if v == nil {
		if t == TypeString {
			b.(*array.StringBuilder).Append("")
			return
		}
		b.AppendNull()
		return
	}
	switch t {
	case TypeBool:
		b.(*array.BooleanBuilder).Append(v.(bool))
	case TypeInt:
		b.(*array.Int32Builder).Append(v.(int32))
	case TypeLong:
		b.(*array.Int64Builder).Append(v.(int64))
	case TypeReal:
		b.(*array.Float64Builder).Append(v.(float64))
	case TypeDecimal:
		b.(*array.Decimal128Builder).Append(v.(Decimal).Num)
	case TypeString:
		b.(*array.StringBuilder).Append(v.(string))
	case TypeDateTime:
		b.(*array.TimestampBuilder).Append(arrow.Timestamp(v.(time.Time).UnixNano()))
	case TypeTimeSpan:
		b.(*array.DurationBuilder).Append(arrow.Duration(v.(time.Duration)))
	case TypeGUID:
		g := v.(GUID)
		b.(*array.FixedSizeBinaryBuilder).Append(g[:])
	case TypeDynamic:
		b.(*array.BinaryBuilder).Append(EncodeDynamic(nil, v))
	default:
		panic(fmt.Sprintf("exec: cannot append to column of type %s", t))
	}
}

// TypeOfValue returns the KQL type of a row-level value as a dynamic value
// reports it (gettype): int64 is long, []Value and *Bag are dynamic.
func TypeOfValue(v Value) Type {
	switch v.(type) {
	case bool:
		return TypeBool
	case int32:
		return TypeInt
	case int64:
		return TypeLong
	case float64:
		return TypeReal
	case Decimal:
		return TypeDecimal
	case string:
		return TypeString
	case time.Time:
		return TypeDateTime
	case time.Duration:
		return TypeTimeSpan
	case GUID:
		return TypeGUID
	}
	return TypeDynamic
}

// Convert converts v to type t as KQL's conversion functions do (tolong,
// toreal, tostring, todatetime, ...); nil when v is null or does not
// convert. A dynamic target keeps scalars as they are, widening int to
// long.
func Convert(v Value, t Type) Value {
	if v == nil {
		return nil
	}
	switch t {
	case TypeBool:
		return toBool(v)
	case TypeInt:
		if n, ok := toInt64(v); ok {
			return int32(n) // Kusto wraps out-of-range values
		}
		return nil
	case TypeLong:
		if n, ok := toInt64(v); ok {
			return n
		}
		return nil
	case TypeReal:
		if f, ok := toFloat(v); ok {
			return f
		}
		return nil
	case TypeDecimal:
		if d, ok := toDecimal(v); ok {
			return d
		}
		return nil
	case TypeString:
		return FormatValue(v)
	case TypeDateTime:
		return toDateTime(v)
	case TypeTimeSpan:
		return toTimeSpan(v)
	case TypeGUID:
		switch x := v.(type) {
		case GUID:
			return x
		case string:
			if g, ok := ParseGUID(x); ok {
				return g
			}
		}
		return nil
	case TypeDynamic:
		switch x := v.(type) {
		case int32:
			return int64(x)
		case Decimal:
			return x.Float()
		}
		return v
	}
	return nil
}
