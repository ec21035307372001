package exec

// HOWTO: add a scalar function.
//
//  1. Put it in the file of its family, exec/fn_<family>.go (create the file
//     for a new family, with a table `var <family>Functions = []Function{...}`
//     and add that table as one row of functionFamilies below).
//  2. Add one row to the family's table:
//
//	{Name: "strlen", Sig: Fixed(TypeLong, TypeString), Scalar: strlenRow},
//
//     Name is the KQL name; Aliases lists other spellings (legacy names such
//     as "parsejson"). Sig checks the argument types and returns the result
//     type: use Fixed, Optional, Variadic or SameAsArg, or write a func that
//     returns an error saying what is wrong (the engine prefixes the
//     function's name and the position).
//  3. Implement it as either
//     - Scalar: func(c *Call, args []Value) (Value, error), called once per
//       row with args converted to the types Sig accepted (nil is null; a
//       string is never nil). Return nil for null. Invalid input gives null,
//       not an error, as in Kusto; return an error only for a problem with
//       the query itself (a bad regex constant), which stops the query.
//       The generic adapter vectorizes it: it reads the argument columns,
//       calls the function per row and builds the result column.
//     - Kernel: func(c *Call, args []*Vector) (arrow.Array, error) for hot
//       functions, working on whole Arrow columns (c.Mem allocates; the
//       result has c.Len rows and is owned by the caller).
//     c.Regexp compiles and caches a pattern per call site; c.Now is the
//     query's now(); c.IsConst(i) / c.Const(i) tell whether argument i is a
//     constant and its value (known before any row is read).
//  4. Add a table-driven test case in exec/fn_<family>_test.go.
//
// Aggregates follow the same pattern with [Aggregate] rows in
// aggregateFamilies (see aggregate.go): write Row (Add/Merge/Final over
// Go state) or a vectorized Accumulator.

import (
	"fmt"
	"regexp"
	"sort"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/memory"
)

// functionFamilies lists the tables of built-in scalar functions, one row
// per family file.
var functionFamilies = [][]Function{
	coreFunctions,
	stringFunctions,
	datetimeFunctions,
	dynamicFunctions,
	mathFunctions,
	hashFunctions,
	networkFunctions,
	parseFunctions,
	geoFunctions,
	geoShapeFunctions,
	conversionFunctions,
	seriesFunctions,
	hllFunctions,
	metaFunctions,
	tdigestFunctions,
	unitFunctions,
}

// Function is one scalar function of a [Registry].
type Function struct {
	// Name is the function's KQL name.
	Name string
	// Aliases are other names of the function; or nil.
	Aliases []string
	// Sig checks argument types and gives the result type.
	Sig Signature
	// Scalar computes one row; or nil when Kernel is set.
	Scalar ScalarFunc
	// Kernel computes whole columns; or nil when Scalar is set.
	Kernel KernelFunc
	// Volatile marks functions whose result differs between calls with the
	// same arguments (rand, new_guid); the engine never folds them.
	Volatile bool
	// Check, when set, validates the call's constant arguments while the
	// query compiles (an unknown period name); its error is reported at
	// the call's position before any data is read.
	Check func(c *Call) error
}

// Signature checks the argument types of a call and returns the result
// type; its error says what is wrong without naming the function.
type Signature func(args []Type) (Type, error)

// ScalarFunc computes one row of a function; see the HOWTO above.
type ScalarFunc func(c *Call, args []Value) (Value, error)

// KernelFunc computes a function over whole columns; see the HOWTO above.
type KernelFunc func(c *Call, args []*Vector) (arrow.Array, error)

// Call is one call site of a function in a query, handed to its
// implementation.
type Call struct {
	// Name is the function's name as written.
	Name string
	// ArgTypes and Result are the checked types.
	ArgTypes []Type
	Result   Type
	// Now is the query's now().
	Now time.Time
	// Mem allocates result columns.
	Mem memory.Allocator
	// Len is the number of rows of the current batch (kernels).
	Len int

	consts  []Value
	isConst []bool
	regexps map[string]*regexp.Regexp
	// State is free for the implementation to keep per-call-site data.
	State any
}

// IsConst reports whether argument i is a constant of the query.
func (c *Call) IsConst(i int) bool { return i < len(c.isConst) && c.isConst[i] }

// Const returns the value of constant argument i; nil when it is not one.
func (c *Call) Const(i int) Value {
	if c.IsConst(i) {
		return c.consts[i]
	}
	return nil
}

// Regexp compiles pattern with RE2 syntax, caching it for the call site.
func (c *Call) Regexp(pattern string) (*regexp.Regexp, error) {
	if re, ok := c.regexps[pattern]; ok {
		return re, nil
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, fmt.Errorf("%s: invalid regular expression %q: %v", c.Name, pattern, err)
	}
	if c.regexps == nil {
		c.regexps = map[string]*regexp.Regexp{}
	}
	if len(c.regexps) < 64 {
		c.regexps[pattern] = re
	}
	return re, nil
}

// Vector is one argument column of a kernel: an Arrow array, or a constant
// repeated Len times.
type Vector struct {
	// Type is the argument's KQL type.
	Type Type
	// Array holds the rows; or nil for a constant.
	Array arrow.Array
	// Const is the constant's value when Array is nil.
	Const Value
	// Len is the number of rows.
	Len int
}

// Value returns row i as a [Value].
func (v *Vector) Value(i int) Value {
	if v.Array == nil {
		return v.Const
	}
	return ValueAt(v.Array, i)
}

// Registry holds the scalar functions and aggregates a query can call.
type Registry struct {
	funcs map[string]*Function
	aggs  map[string]*Aggregate
}

// NewRegistry returns a registry holding every built-in function and
// aggregate. It panics if two built-ins claim the same name, which a test
// catches.
func NewRegistry() *Registry {
	r := &Registry{funcs: map[string]*Function{}, aggs: map[string]*Aggregate{}}
	for _, fam := range functionFamilies {
		for i := range fam {
			if err := r.AddFunction(fam[i]); err != nil {
				panic(err)
			}
		}
	}
	for _, fam := range aggregateFamilies {
		for i := range fam {
			if err := r.AddAggregate(fam[i]); err != nil {
				panic(err)
			}
		}
	}
	return r
}

// AddFunction adds f under its name and aliases; it fails when a name is
// taken or the function lacks a signature or an implementation.
func (r *Registry) AddFunction(f Function) error {
	if f.Sig == nil || (f.Scalar == nil) == (f.Kernel == nil) {
		return fmt.Errorf("exec: function %q needs Sig and exactly one of Scalar or Kernel", f.Name)
	}
	for _, n := range append([]string{f.Name}, f.Aliases...) {
		if _, dup := r.funcs[n]; dup {
			return fmt.Errorf("exec: function %q registered twice", n)
		}
		r.funcs[n] = &f
	}
	return nil
}

// Function returns the function named name (case-sensitive, as in KQL).
func (r *Registry) Function(name string) (*Function, bool) {
	f, ok := r.funcs[name]
	return f, ok
}

// FunctionNames returns every function name and alias, sorted.
func (r *Registry) FunctionNames() []string {
	names := make([]string, 0, len(r.funcs))
	for n := range r.funcs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// AnyType in a parameter list of [Fixed], [Optional] or [Variadic] accepts
// an argument of any type.
const AnyType = TypeInvalid

func checkArg(i int, got, want Type) error {
	if want == AnyType || got == TypeDynamic && (want == TypeDynamic || want == TypeString) {
		return nil
	}
	if want == TypeDynamic {
		// A dynamic parameter (an array or bag) takes a dynamic value
		// only, as in Kusto: array_length(1) is an error.
		return fmt.Errorf("argument %d must be dynamic, got %s", i+1, got)
	}
	if got == TypeDynamic {
		// Kusto takes a dynamic value for a parameter of another scalar
		// type only through an explicit conversion (abs(d.x) is an error,
		// abs(toreal(d.x)) is not); string parameters take it.
		return fmt.Errorf("argument %d must be %s, got dynamic (convert it, e.g. with to%s())", i+1, want, want)
	}
	if ConvertibleTo(got, want) {
		return nil
	}
	return fmt.Errorf("argument %d must be %s, got %s", i+1, want, got)
}

// Fixed is a [Signature] for exactly len(params) arguments of the given
// types (each accepting the types convertible to it) returning result.
func Fixed(result Type, params ...Type) Signature {
	return Optional(result, params)
}

// Optional is a [Signature] for the required params followed by up to
// len(optional) optional ones.
func Optional(result Type, required []Type, optional ...Type) Signature {
	return func(args []Type) (Type, error) {
		if len(args) < len(required) || len(args) > len(required)+len(optional) {
			return TypeInvalid, arityError(len(required), len(required)+len(optional), len(args))
		}
		all := append(append([]Type{}, required...), optional...)
		for i, a := range args {
			if err := checkArg(i, a, all[i]); err != nil {
				return TypeInvalid, err
			}
		}
		return result, nil
	}
}

// Variadic is a [Signature] for at least min arguments of type param.
func Variadic(result Type, min int, param Type) Signature {
	return func(args []Type) (Type, error) {
		if len(args) < min {
			return TypeInvalid, arityError(min, -1, len(args))
		}
		for i, a := range args {
			if err := checkArg(i, a, param); err != nil {
				return TypeInvalid, err
			}
		}
		return result, nil
	}
}

// SameAsArg is a [Signature] for between min and max arguments (max -1:
// unbounded) whose result has the type of argument i.
func SameAsArg(i, min, max int) Signature {
	return func(args []Type) (Type, error) {
		if len(args) < min || (max >= 0 && len(args) > max) {
			return TypeInvalid, arityError(min, max, len(args))
		}
		return args[i], nil
	}
}

func arityError(min, max, got int) error {
	var want string
	switch {
	case max < 0:
		want = fmt.Sprintf("at least %d", min)
	case min == max:
		want = fmt.Sprint(min)
	default:
		want = fmt.Sprintf("%d to %d", min, max)
	}
	noun := "arguments"
	if want == "1" {
		noun = "argument"
	}
	return fmt.Errorf("expects %s %s, got %d", want, noun, got)
}
