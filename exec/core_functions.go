package exec

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// coreFunctions are the scalar functions the operators rely on and the
// most used ones of real hunting queries (conversions, null tests, the
// common string functions, bin, now/ago, iff, case, coalesce).
var coreFunctions = []Function{
	{Name: "tostring", Sig: Fixed(TypeString, AnyType), Kernel: tostringKernel},
	{Name: "toint", Sig: Fixed(TypeInt, AnyType), Scalar: convertTo(TypeInt)},
	{Name: "tolong", Sig: Fixed(TypeLong, AnyType), Scalar: convertTo(TypeLong)},
	{Name: "toreal", Aliases: []string{"todouble"}, Sig: Fixed(TypeReal, AnyType), Scalar: convertTo(TypeReal)},
	{Name: "todecimal", Sig: Fixed(TypeDecimal, AnyType), Scalar: convertTo(TypeDecimal)},
	{Name: "tobool", Aliases: []string{"toboolean"}, Sig: Fixed(TypeBool, AnyType), Scalar: convertTo(TypeBool)},
	{Name: "todatetime", Sig: Fixed(TypeDateTime, AnyType), Scalar: convertTo(TypeDateTime)},
	{Name: "totimespan", Aliases: []string{"totime"}, Sig: Fixed(TypeTimeSpan, AnyType), Scalar: convertTo(TypeTimeSpan)},
	{Name: "toguid", Sig: Fixed(TypeGUID, TypeString), Scalar: convertTo(TypeGUID)},
	{Name: "parse_json", Aliases: []string{"todynamic", "parsejson", "toobject"}, Sig: Fixed(TypeDynamic, TypeString), Kernel: parseJSONKernel},
	{Name: "isnull", Sig: Fixed(TypeBool, AnyType), Scalar: func(_ *Call, a []Value) (Value, error) { return a[0] == nil, nil }},
	{Name: "isnotnull", Aliases: []string{"notnull"}, Sig: Fixed(TypeBool, AnyType), Scalar: func(_ *Call, a []Value) (Value, error) { return a[0] != nil, nil }},
	{Name: "isempty", Sig: Fixed(TypeBool, AnyType), Kernel: isEmptyKernel},
	{Name: "isnotempty", Aliases: []string{"notempty"}, Sig: Fixed(TypeBool, AnyType), Kernel: isNotEmptyKernel},
	{Name: "strlen", Sig: Fixed(TypeLong, TypeString), Scalar: func(_ *Call, a []Value) (Value, error) {
		return int64(utf8.RuneCountInString(argText(a[0]))), nil
	}},
	{Name: "substring", Sig: Optional(TypeString, []Type{AnyType, TypeLong}, TypeLong), Scalar: substringRow},
	{Name: "tolower", Sig: Fixed(TypeString, AnyType), Scalar: func(_ *Call, a []Value) (Value, error) { return strings.ToLower(argText(a[0])), nil }},
	{Name: "toupper", Sig: Fixed(TypeString, AnyType), Scalar: func(_ *Call, a []Value) (Value, error) { return strings.ToUpper(argText(a[0])), nil }},
	{Name: "strcat", Sig: Variadic(TypeString, 1, AnyType), Kernel: strcatKernel},
	{Name: "split", Sig: Optional(TypeDynamic, []Type{AnyType, TypeString}, TypeLong), Kernel: splitKernel},
	{Name: "extract", Sig: extractSig, Kernel: extractKernel},
	{Name: "array_length", Aliases: []string{"arraylength"}, Sig: Fixed(TypeLong, TypeDynamic), Scalar: func(_ *Call, a []Value) (Value, error) {
		if arr, ok := a[0].([]Value); ok {
			return int64(len(arr)), nil
		}
		return nil, nil
	}},
	{Name: "coalesce", Sig: coalesceSig, Scalar: func(_ *Call, a []Value) (Value, error) {
		for _, v := range a {
			if !isEmpty(v) {
				return v, nil
			}
		}
		return a[len(a)-1], nil
	}},
	{Name: "not", Sig: Fixed(TypeBool, TypeBool), Kernel: notKernel},
	{Name: "now", Sig: Optional(TypeDateTime, nil, TypeTimeSpan), Scalar: func(c *Call, a []Value) (Value, error) {
		if len(a) == 1 && a[0] != nil {
			d, ok := argSpan(a[0])
			if !ok {
				return nil, nil
			}
			return c.Now.Add(d), nil
		}
		return c.Now, nil
	}},
	{Name: "ago", Sig: Fixed(TypeDateTime, TypeTimeSpan), Kernel: agoKernel},
	{Name: "bin", Aliases: []string{"floor"}, Sig: binSig, Kernel: binKernel},
	{Name: "iff", Aliases: []string{"iif"}, Sig: iffSig, Kernel: iffKernel},
	{Name: "case", Sig: caseSig, Scalar: func(_ *Call, a []Value) (Value, error) {
		for i := 0; i+1 < len(a); i += 2 {
			if b, ok := a[i].(bool); ok && b {
				return a[i+1], nil
			}
		}
		return a[len(a)-1], nil
	}},
	{Name: "gettype", Sig: Fixed(TypeString, AnyType), Scalar: gettypeRow},
}

func convertTo(t Type) ScalarFunc {
	return func(_ *Call, a []Value) (Value, error) { return Convert(a[0], t), nil }
}

func parseJSONRow(_ *Call, a []Value) (Value, error) {
	s, ok := a[0].(string)
	if !ok {
		return Convert(a[0], TypeDynamic), nil
	}
	if v, ok := ParseJSON(s); ok {
		return v, nil
	}
	if strings.TrimSpace(s) == "" {
		return nil, nil // gettype(parse_json('')) is null in the reference
	}
	return s, nil // text that is not JSON becomes a dynamic string
}

func isEmpty(v Value) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	}
	return false
}

// substringRow counts in characters; a start before 0 is moved to 0 and
// the length shortened accordingly, as the reference documents.
func substringRow(_ *Call, a []Value) (Value, error) {
	s := argText(a[0])
	start, ok := argLong(a[1])
	if !ok {
		return nil, nil
	}
	runes := []rune(s)
	n := int64(len(runes))
	length := n
	if len(a) == 3 {
		if length, ok = argLong(a[2]); !ok {
			return nil, nil
		}
	}
	if start < 0 { // counts from the end: substring("123456", -2, 2) is "56"
		start = max(start+n, 0)
	}
	if start >= n || length <= 0 {
		return "", nil
	}
	end := min(start+length, n)
	return string(runes[start:end]), nil
}

func strcatRow(_ *Call, a []Value) (Value, error) {
	var b strings.Builder
	for _, v := range a {
		b.WriteString(FormatValue(v))
	}
	return b.String(), nil
}

func splitRow(_ *Call, a []Value) (Value, error) {
	parts := strings.Split(argText(a[0]), argText(a[1]))
	out := make([]Value, len(parts))
	for i, p := range parts {
		out[i] = p
	}
	if len(a) == 3 {
		i, ok := argLong(a[2])
		if !ok {
			return nil, nil
		}
		if i < 0 || i >= int64(len(out)) {
			return []Value{}, nil
		}
		return []Value{out[i]}, nil
	}
	return out, nil
}

func extractSig(args []Type) (Type, error) {
	if len(args) < 3 || len(args) > 4 {
		return TypeInvalid, arityError(3, 4, len(args))
	}
	for i, t := range []Type{TypeString, TypeLong, TypeString} {
		if err := checkArg(i, args[i], t); err != nil {
			return TypeInvalid, err
		}
	}
	return TypeString, nil // a typeof() fourth argument is applied by the compiler
}

func extractRow(c *Call, a []Value) (Value, error) {
	pat := argText(a[0])
	re, err := c.Regexp(pat)
	if err != nil {
		return nil, err
	}
	g64, ok := argLong(a[1])
	if !ok {
		return nil, nil
	}
	g := int(g64)
	text := argText(a[2])
	m := re.FindStringSubmatchIndex(text)
	if m == nil || g < 0 || 2*g+1 >= len(m) || m[2*g] < 0 {
		if c.Result == TypeString {
			return "", nil
		}
		return nil, nil
	}
	return Convert(text[m[2*g]:m[2*g+1]], c.Result), nil
}

func coalesceSig(args []Type) (Type, error) {
	if len(args) < 2 {
		return TypeInvalid, arityError(2, -1, len(args))
	}
	return sameType(args, inOrder)
}

// sameType returns the common type of values that must share one (iff's
// branches, coalesce's arguments): equal types, numbers promoted. argNo
// maps an index of ts to the 1-based number of its argument in the call,
// for the error.
func sameType(ts []Type, argNo func(i int) int) (Type, error) {
	t := ts[0]
	for i, u := range ts[1:] {
		switch {
		case u == t:
		case t.IsNumeric() && u.IsNumeric():
			t, _ = PromoteNumeric(t, u)
		case t == TypeDynamic || u == TypeDynamic:
			t = TypeDynamic
		default:
			return TypeInvalid, fmt.Errorf("argument %d has type %s, expected %s", argNo(i+1), u, t)
		}
	}
	return t, nil
}

// inOrder numbers the arguments of a call whose arguments all share a type.
func inOrder(i int) int { return i + 1 }

func iffSig(args []Type) (Type, error) {
	if len(args) != 3 {
		return TypeInvalid, arityError(3, 3, len(args))
	}
	if err := checkArg(0, args[0], TypeBool); err != nil {
		return TypeInvalid, err
	}
	return sameType(args[1:], func(i int) int { return i + 2 })
}

func caseSig(args []Type) (Type, error) {
	if len(args) < 3 || len(args)%2 == 0 {
		return TypeInvalid, fmt.Errorf("expects pairs of predicate and value followed by an else value, got %d arguments", len(args))
	}
	var vals []Type
	for i := 0; i+1 < len(args); i += 2 {
		if err := checkArg(i, args[i], TypeBool); err != nil {
			return TypeInvalid, err
		}
		vals = append(vals, args[i+1])
	}
	// vals[i] is argument 2i+2; the last one, the else value, is the last
	// argument.
	return sameType(append(vals, args[len(args)-1]), func(i int) int { return min(2*i+2, len(args)) })
}

func binSig(args []Type) (Type, error) {
	if len(args) != 2 {
		return TypeInvalid, arityError(2, 2, len(args))
	}
	switch args[0] {
	case TypeDateTime, TypeTimeSpan:
		if args[1] != TypeTimeSpan && (args[0] == TypeDateTime || !args[1].IsNumeric()) {
			return TypeInvalid, fmt.Errorf("argument 2 must be timespan, got %s", args[1])
		}
		return args[0], nil
	case TypeInt, TypeLong, TypeReal, TypeDecimal:
		if !args[1].IsNumeric() {
			return TypeInvalid, fmt.Errorf("argument 2 must be a number, got %s", args[1])
		}
		if args[1] == TypeReal && args[0].IsInteger() {
			return TypeReal, nil
		}
		if args[0] == TypeInt {
			return TypeLong, nil
		}
		return args[0], nil
	}
	return TypeInvalid, fmt.Errorf("argument 1 must be a number, datetime or timespan, got %s", args[0])
}

// binRow rounds down to a multiple of the bin size, toward negative
// infinity (bin(-1, 10) is -10); a zero or null size gives null.
func binRow(c *Call, a []Value) (Value, error) {
	if a[0] == nil || a[1] == nil {
		return nil, nil
	}
	switch x := a[0].(type) {
	case time.Time:
		step := spanOf(a[1])
		if step <= 0 {
			return nil, nil
		}
		return time.Unix(0, floorDiv(x.UnixNano(), int64(step))*int64(step)).UTC(), nil
	case time.Duration:
		step := spanOf(a[1])
		if step <= 0 {
			return nil, nil
		}
		return time.Duration(floorDiv(int64(x), int64(step)) * int64(step)), nil
	}
	if c.Result == TypeLong {
		n, _ := toInt64(a[0])
		step, _ := toInt64(a[1])
		if step <= 0 {
			return nil, nil
		}
		return floorDiv(n, step) * step, nil
	}
	f, _ := toFloat(a[0])
	step, _ := toFloat(a[1])
	if step <= 0 {
		return nil, nil
	}
	return Convert(math.Floor(f/step)*step, c.Result), nil
}

// spanOf reads a bin size for a datetime or timespan: a timespan, or a
// number of days.
func spanOf(v Value) time.Duration {
	if d, ok := v.(time.Duration); ok {
		return d
	}
	f, _ := toFloat(v)
	return time.Duration(f * float64(24*time.Hour))
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func gettypeRow(c *Call, a []Value) (Value, error) {
	if c.ArgTypes[0] != TypeDynamic {
		return c.ArgTypes[0].String(), nil
	}
	switch v := a[0].(type) {
	case nil:
		return "null", nil
	case []Value:
		return "array", nil
	case *Bag:
		return "dictionary", nil
	case int64:
		// A dynamic integer within 32 bits is an int, as the reference's
		// gettype(parse_json('1')) shows
		// (https://learn.microsoft.com/kusto/query/gettype-function).
		if v == int64(int32(v)) {
			return "int", nil
		}
		return "long", nil
	case float64:
		return "real", nil
	default:
		return TypeOfValue(v).String(), nil
	}
}
