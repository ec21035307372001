package exec

import (
	"fmt"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
)

// Type is a KQL scalar type. The zero value, [TypeInvalid], is no type.
type Type uint8

// The KQL scalar types.
const (
	TypeInvalid  Type = iota // no type; the zero value
	TypeBool                 // bool (boolean)
	TypeInt                  // int: 32-bit signed integer
	TypeLong                 // long: 64-bit signed integer
	TypeReal                 // real (double): 64-bit IEEE 754 float
	TypeDecimal              // decimal: 128-bit decimal, 18 fractional digits
	TypeString               // string: UTF-8 text, never null
	TypeDateTime             // datetime (date): an instant in UTC
	TypeTimeSpan             // timespan (time): a signed duration
	TypeGUID                 // guid (uuid, uniqueid): 128-bit identifier
	TypeDynamic              // dynamic: a JSON-like value
)

var typeNames = [...]string{
	TypeInvalid:  "invalid",
	TypeBool:     "bool",
	TypeInt:      "int",
	TypeLong:     "long",
	TypeReal:     "real",
	TypeDecimal:  "decimal",
	TypeString:   "string",
	TypeDateTime: "datetime",
	TypeTimeSpan: "timespan",
	TypeGUID:     "guid",
	TypeDynamic:  "dynamic",
}

// String returns the type's KQL name: "long", "datetime", ...
func (t Type) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return fmt.Sprintf("Type(%d)", t)
}

// ParseType returns the type a KQL type name denotes, accepting the
// documented synonyms (boolean, int32, int64, double, date, time, uuid,
// uniqueid, ...). The match is case-insensitive.
func ParseType(name string) (Type, bool) {
	switch strings.ToLower(name) {
	case "bool", "boolean":
		return TypeBool, true
	case "int", "int32":
		return TypeInt, true
	case "long", "int64":
		return TypeLong, true
	case "real", "double", "float":
		return TypeReal, true
	case "decimal":
		return TypeDecimal, true
	case "string":
		return TypeString, true
	case "datetime", "date":
		return TypeDateTime, true
	case "timespan", "time":
		return TypeTimeSpan, true
	case "guid", "uuid", "uniqueid":
		return TypeGUID, true
	case "dynamic":
		return TypeDynamic, true
	}
	return TypeInvalid, false
}

// Arrow types of the KQL types; see the table in the package documentation.
var (
	arrowDateTime = &arrow.TimestampType{Unit: arrow.Nanosecond, TimeZone: "UTC"}
	arrowTimeSpan = &arrow.DurationType{Unit: arrow.Nanosecond}
	arrowGUID     = &arrow.FixedSizeBinaryType{ByteWidth: 16}
	arrowDecimal  = &arrow.Decimal128Type{Precision: 38, Scale: decimalScale}
)

// decimalScale is the number of fractional decimal digits of a decimal.
const decimalScale = 18

// ArrowType returns the Arrow data type that holds a column of type t.
func (t Type) ArrowType() arrow.DataType {
	switch t {
	case TypeBool:
		return arrow.FixedWidthTypes.Boolean
	case TypeInt:
		return arrow.PrimitiveTypes.Int32
	case TypeLong:
		return arrow.PrimitiveTypes.Int64
	case TypeReal:
		return arrow.PrimitiveTypes.Float64
	case TypeDecimal:
		return arrowDecimal
	case TypeString:
		return arrow.BinaryTypes.String
	case TypeDateTime:
		return arrowDateTime
	case TypeTimeSpan:
		return arrowTimeSpan
	case TypeGUID:
		return arrowGUID
	case TypeDynamic:
		return arrow.BinaryTypes.Binary
	}
	return arrow.Null
}

// TypeOfArrow returns the KQL type of an Arrow column type as the engine
// stores it. Types outside the table of the package documentation report
// false; [Normalize] converts such columns.
func TypeOfArrow(dt arrow.DataType) (Type, bool) {
	switch dt := dt.(type) {
	case *arrow.BooleanType:
		return TypeBool, true
	case *arrow.Int32Type:
		return TypeInt, true
	case *arrow.Int64Type:
		return TypeLong, true
	case *arrow.Float64Type:
		return TypeReal, true
	case *arrow.Decimal128Type:
		return TypeDecimal, dt.Scale == decimalScale
	case *arrow.StringType:
		return TypeString, true
	case *arrow.TimestampType:
		return TypeDateTime, dt.Unit == arrow.Nanosecond
	case *arrow.DurationType:
		return TypeTimeSpan, dt.Unit == arrow.Nanosecond
	case *arrow.FixedSizeBinaryType:
		return TypeGUID, dt.ByteWidth == 16
	case *arrow.BinaryType:
		return TypeDynamic, true
	}
	return TypeInvalid, false
}

// IsNumeric reports whether t is int, long, real or decimal.
func (t Type) IsNumeric() bool {
	return t == TypeInt || t == TypeLong || t == TypeReal || t == TypeDecimal
}

// IsInteger reports whether t is int or long.
func (t Type) IsInteger() bool { return t == TypeInt || t == TypeLong }

// numericRank orders the numeric types by the promotion int < long <
// decimal < real used when two numeric operands meet.
func numericRank(t Type) int {
	switch t {
	case TypeInt:
		return 1
	case TypeLong:
		return 2
	case TypeDecimal:
		return 3
	case TypeReal:
		return 4
	}
	return 0
}

// PromoteNumeric returns the type two numeric operands are converted to
// before arithmetic or comparison: the wider of the two in the order int <
// long < decimal < real. It reports false when either is not numeric.
func PromoteNumeric(a, b Type) (Type, bool) {
	ra, rb := numericRank(a), numericRank(b)
	if ra == 0 || rb == 0 {
		return TypeInvalid, false
	}
	if ra >= rb {
		return a, true
	}
	return b, true
}

// ConvertibleTo reports whether a value of type from is accepted where an
// argument of type to is expected without an explicit conversion: the same
// type, a numeric widening, or dynamic (checked when the row is read).
func ConvertibleTo(from, to Type) bool {
	if from == to || to == TypeDynamic || from == TypeDynamic {
		return true
	}
	if from.IsNumeric() && to.IsNumeric() {
		return numericRank(from) <= numericRank(to)
	}
	return false
}
