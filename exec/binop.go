package exec

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"time"
)

// opClass groups binary operators by how they type and evaluate.
type opClass uint8

const (
	classArith opClass = iota + 1
	classCompare
	classString
	classLogical
)

// stringBases are the string predicates without negation.
var stringBases = map[string]bool{
	"has": true, "has_cs": true, "hasprefix": true, "hasprefix_cs": true,
	"hassuffix": true, "hassuffix_cs": true, "contains": true, "contains_cs": true,
	"startswith": true, "startswith_cs": true, "endswith": true, "endswith_cs": true,
	"=~": true, "matches regex": true, "like": true, "likecs": true,
}

// stringOp splits a string operator into its base predicate and whether it
// is negated ("!has", "!~", legacy "notcontains").
func stringOp(op string) (base string, neg, ok bool) {
	switch op {
	case "!~":
		return "=~", true, true
	case "notcontains":
		return "contains", true, true
	case "containscs":
		return "contains_cs", false, true
	case "notcontainscs":
		return "contains_cs", true, true
	case "notlike":
		return "like", true, true
	case "notlikecs":
		return "likecs", true, true
	}
	if stringBases[op] {
		return op, false, true
	}
	if strings.HasPrefix(op, "!") && stringBases[op[1:]] {
		return op[1:], true, true
	}
	return "", false, false
}

// binaryType checks the operand types of x op y and returns the result
// type, the type both operands are converted to (for comparisons and
// arithmetic) and the operator's class.
func binaryType(op string, xt, yt Type) (result, operand Type, class opClass, err error) {
	if op == "<>" {
		op = "!="
	}
	switch op {
	case "and", "or":
		if !ConvertibleTo(xt, TypeBool) || !ConvertibleTo(yt, TypeBool) {
			return 0, 0, 0, fmt.Errorf("operator %q needs bool operands, got %s and %s", op, xt, yt)
		}
		return TypeBool, TypeBool, classLogical, nil
	case "==", "!=", "<", "<=", ">", ">=":
		operand, ok := comparable(xt, yt)
		if ok && op != "==" && op != "!=" && !orderable(xt, yt) {
			ok = false
		}
		if !ok {
			return 0, 0, 0, fmt.Errorf("cannot compare %s and %s with %q", xt, yt, op)
		}
		return TypeBool, operand, classCompare, nil
	case "+", "-", "*", "/", "%":
		t, ok := arithType(op, xt, yt)
		if !ok {
			return 0, 0, 0, fmt.Errorf("operator %q cannot be applied to %s and %s", op, xt, yt)
		}
		return t, t, classArith, nil
	}
	if _, _, ok := stringOp(op); ok {
		// As in Kusto, the string operators take strings (or dynamic
		// values) only: 1 has "1" is an error, tostring(1) has "1" is not.
		if !stringOperand(xt) || !stringOperand(yt) {
			return 0, 0, 0, fmt.Errorf("operator %q needs string operands, got %s and %s", op, xt, yt)
		}
		return TypeBool, TypeString, classString, nil
	}
	return 0, 0, 0, fmt.Errorf("unknown operator %q", op)
}

// comparable returns the type two operands are compared as.
func comparable(xt, yt Type) (Type, bool) {
	switch {
	case xt == TypeDynamic || yt == TypeDynamic:
		return TypeDynamic, true
	case xt == yt:
		return xt, true
	case xt.IsNumeric() && yt.IsNumeric():
		return PromoteNumeric(xt, yt)
	}
	return TypeInvalid, false
}

// orderable reports whether <, <=, > and >= apply to operands of types xt
// and yt (already known comparable): as in Kusto, not to strings or guids,
// and a dynamic operand only against a number or another dynamic value.
func orderable(xt, yt Type) bool {
	for _, t := range []Type{xt, yt} {
		if t == TypeString || t == TypeGUID {
			return false
		}
	}
	if xt == TypeDynamic || yt == TypeDynamic {
		o := xt
		if o == TypeDynamic {
			o = yt
		}
		return o == TypeDynamic || o.IsNumeric()
	}
	return true
}

// stringOperand reports whether a string operator (has, contains, =~,
// matches regex, ...) takes an operand of type t.
func stringOperand(t Type) bool { return t == TypeString || t == TypeDynamic }

// arithType returns the result type of arithmetic on xt and yt.
func arithType(op string, xt, yt Type) (Type, bool) {
	if xt == TypeDynamic || yt == TypeDynamic {
		// dynamic + "a" is an error in Kusto; dynamic + a number,
		// datetime or timespan is not.
		return TypeDynamic, xt != TypeString && yt != TypeString && xt != TypeBool && yt != TypeBool
	}
	if xt.IsNumeric() && yt.IsNumeric() {
		// Kusto: integers give long, and decimal wins over real
		// (Kusto.Language types decimal + real as decimal).
		switch {
		case xt == TypeDecimal || yt == TypeDecimal:
			return TypeDecimal, true
		case xt == TypeReal || yt == TypeReal:
			return TypeReal, true
		}
		return TypeLong, true
	}
	switch {
	case xt == TypeDateTime && yt == TypeDateTime && op == "-":
		return TypeTimeSpan, true
	case xt == TypeDateTime && yt == TypeTimeSpan && (op == "+" || op == "-"):
		return TypeDateTime, true
	case xt == TypeTimeSpan && yt == TypeDateTime && op == "+":
		return TypeDateTime, true
	case xt == TypeTimeSpan && yt == TypeTimeSpan:
		switch op {
		case "+", "-", "%":
			return TypeTimeSpan, true
		case "/":
			return TypeReal, true
		}
	case xt == TypeTimeSpan && yt.IsNumeric() && (op == "*" || op == "/"):
		return TypeTimeSpan, true
	case xt.IsNumeric() && yt == TypeTimeSpan && op == "*":
		return TypeTimeSpan, true
	}
	return TypeInvalid, false
}

// arithValue computes a op b on row values; nil when either is null or the
// result is undefined (integer division by zero).
func arithValue(op string, t Type, a, b Value) Value {
	if a == nil || b == nil {
		return nil
	}
	switch t {
	case TypeInt, TypeLong:
		x, _ := toInt64(a)
		y, _ := toInt64(b)
		r, ok := intArith(op, x, y)
		if !ok {
			return nil
		}
		if t == TypeInt {
			return int32(r)
		}
		return r
	case TypeReal:
		x, _ := toFloat(a)
		y, _ := toFloat(b)
		return realArith(op, x, y)
	case TypeDecimal:
		return decimalArith(op, a, b)
	case TypeDynamic:
		return dynamicArith(op, a, b)
	}
	return timeArith(op, t, a, b)
}

func intArith(op string, x, y int64) (int64, bool) {
	switch op {
	case "+":
		return x + y, true
	case "-":
		return x - y, true
	case "*":
		return x * y, true
	case "/":
		if y == 0 {
			return 0, false
		}
		if y == -1 {
			return -x, true
		}
		return x / y, true
	case "%":
		if y == 0 {
			return 0, false
		}
		if y == -1 {
			return 0, true
		}
		// Kusto's modulo is never negative: 0 <= x % y < abs(y).
		r := x % y
		if r < 0 {
			if y < 0 {
				r -= y
			} else {
				r += y
			}
		}
		return r, true
	}
	return 0, false
}

func realArith(op string, x, y float64) float64 {
	switch op {
	case "+":
		return x + y
	case "-":
		return x - y
	case "*":
		return x * y
	case "/":
		return x / y
	case "%":
		return math.Mod(x, y)
	}
	return math.NaN()
}

// dynamicArith applies arithmetic to the runtime values of dynamic
// operands: long when both are integers, real otherwise.
func dynamicArith(op string, a, b Value) Value {
	ta, tb := TypeOfValue(a), TypeOfValue(b)
	if ta == TypeDynamic || tb == TypeDynamic || ta == TypeString || tb == TypeString || ta == TypeBool || tb == TypeBool {
		return nil
	}
	t, ok := arithType(op, ta, tb)
	if !ok {
		return nil
	}
	return Convert(arithValue(op, t, a, b), TypeDynamic)
}

func timeArith(op string, t Type, a, b Value) Value {
	switch x := a.(type) {
	case time.Time:
		switch y := b.(type) {
		case time.Time:
			return x.Sub(y)
		case time.Duration:
			if op == "-" {
				y = -y
			}
			return x.Add(y)
		}
	case time.Duration:
		switch y := b.(type) {
		case time.Time:
			return y.Add(x)
		case time.Duration:
			switch op {
			case "+":
				return x + y
			case "-":
				return x - y
			case "%":
				if y == 0 {
					return nil
				}
				return x % y
			case "/":
				return float64(x) / float64(y)
			}
		default:
			f, ok := toFloat(b)
			if !ok {
				return nil
			}
			switch op {
			case "*":
				return time.Duration(math.Round(float64(x) * f))
			case "/":
				if f == 0 {
					return nil
				}
				return time.Duration(math.Round(float64(x) / f))
			}
		}
	default:
		if d, ok := b.(time.Duration); ok && op == "*" {
			f, _ := toFloat(a)
			return time.Duration(math.Round(float64(d) * f))
		}
	}
	_ = t
	return nil
}

// compareValue computes a op b for the comparison operators; nil when
// either operand is null.
func compareValue(op string, a, b Value) Value {
	if a == nil || b == nil {
		return nil
	}
	c := CompareValues(a, b)
	if TypeOfValue(a) == TypeDynamic || TypeOfValue(b) == TypeDynamic {
		if op != "==" && op != "!=" && op != "<>" {
			return nil
		}
	}
	switch op {
	case "==":
		return c == 0
	case "!=", "<>":
		return c != 0
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	case ">=":
		return c >= 0
	}
	return nil
}

// stringPred evaluates a string predicate (base operator, without its
// negation) on two strings; re is the compiled pattern of matches regex
// and like.
func stringPred(base string, s, t string, re *regexp.Regexp) bool {
	switch base {
	case "has":
		return hasTerm(s, t, true, true, false)
	case "has_cs":
		return hasTerm(s, t, true, true, true)
	case "hasprefix":
		return hasTerm(s, t, true, false, false)
	case "hasprefix_cs":
		return hasTerm(s, t, true, false, true)
	case "hassuffix":
		return hasTerm(s, t, false, true, false)
	case "hassuffix_cs":
		return hasTerm(s, t, false, true, true)
	case "contains":
		return containsFold(s, t)
	case "contains_cs":
		return strings.Contains(s, t)
	case "startswith":
		return len(s) >= len(t) && strings.EqualFold(s[:len(t)], t) || hasPrefixFold(s, t)
	case "startswith_cs":
		return strings.HasPrefix(s, t)
	case "endswith":
		return len(s) >= len(t) && strings.EqualFold(s[len(s)-len(t):], t) || hasSuffixFold(s, t)
	case "endswith_cs":
		return strings.HasSuffix(s, t)
	case "=~":
		return strings.EqualFold(s, t)
	case "matches regex", "like", "likecs":
		return re != nil && re.MatchString(s)
	}
	return false
}

// likePattern translates a like pattern (% any run, _ one character) to
// a regular expression.
func likePattern(p string, caseSensitive bool) string {
	var b strings.Builder
	if !caseSensitive {
		b.WriteString("(?is)")
	} else {
		b.WriteString("(?s)")
	}
	b.WriteString("^")
	for _, r := range p {
		switch r {
		case '%':
			b.WriteString(".*")
		case '_':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	return b.String()
}
