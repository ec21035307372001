package exec

import (
	"regexp"

	"github.com/apache/arrow/go/v15/arrow"

	"github.com/apache/arrow/go/v15/arrow/array"
)

// memberExpr is d.key or d['key'] on a dynamic value: it copies the
// property's encoded bytes without decoding anything.
type memberExpr struct {
	x   expr
	key string
}

func (e *memberExpr) typ() Type { return TypeDynamic }

func (e *memberExpr) eval(b *batch) (*Vector, error) {
	return dynamicMap(b, e.x, func(enc []byte) []byte { return DynamicGet(enc, e.key) })
}

// indexExpr is d[i] (an array element) or d[k] with a computed key.
type indexExpr struct {
	x, idx expr
}

func (e *indexExpr) typ() Type { return TypeDynamic }

func (e *indexExpr) eval(b *batch) (*Vector, error) {
	iv, err := e.idx.eval(b)
	if err != nil {
		return nil, err
	}
	defer iv.release()
	row := 0
	return dynamicMap(b, e.x, func(enc []byte) []byte {
		k := iv.Value(row)
		row++
		if s, ok := k.(string); ok {
			return DynamicGet(enc, s)
		}
		if n, ok := toInt64(k); ok && k != nil {
			return DynamicIndex(enc, int(n))
		}
		return nil
	})
}

// dynamicMap applies f to the encoding of each row of a dynamic operand,
// in row order; a nil result is null.
func dynamicMap(b *batch, x expr, f func(enc []byte) []byte) (*Vector, error) {
	v, err := x.eval(b)
	if err != nil {
		return nil, err
	}
	defer v.release()
	if v.Array == nil {
		enc := EncodeDynamic(nil, v.Const)
		var out Value
		if r := f(enc); r != nil {
			out = DecodeDynamic(r)
		}
		for range b.n - 1 {
			f(enc) // keep the row counter of index expressions in step
		}
		return &Vector{Type: TypeDynamic, Const: out, Len: b.n}, nil
	}
	col := v.Array.(*array.Binary)
	bld := array.NewBinaryBuilder(b.mem, arrow.BinaryTypes.Binary)
	defer bld.Release()
	bld.Reserve(b.n)
	for i := range b.n {
		var r []byte
		if col.IsNull(i) {
			r = f(nil)
		} else {
			r = f(col.Value(i))
		}
		if len(r) == 0 || r[0] == tagNull {
			bld.AppendNull()
		} else {
			bld.Append(r)
		}
	}
	return &Vector{Type: TypeDynamic, Array: bld.NewArray(), Len: b.n}, nil
}

// compileRegex compiles a KQL regular expression (RE2 syntax).
func compileRegex(p string) (*regexp.Regexp, error) { return regexp.Compile(p) }
