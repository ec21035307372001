package exec

import (
	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
)

// newBuilder returns a builder for a column of type t.
func newBuilder(mem memory.Allocator, t Type) array.Builder {
	return array.NewBuilder(mem, t.ArrowType())
}

// columnFromValues builds a column of type t from row values.
func columnFromValues(mem memory.Allocator, t Type, vals []Value) arrow.Array {
	b := newBuilder(mem, t)
	defer b.Release()
	b.Reserve(len(vals))
	for _, v := range vals {
		AppendValue(b, t, v)
	}
	return b.NewArray()
}

// constColumn builds a column of n copies of v.
func constColumn(mem memory.Allocator, t Type, v Value, n int) arrow.Array {
	b := newBuilder(mem, t)
	defer b.Release()
	b.Reserve(n)
	v = Convert(v, t)
	for range n {
		AppendValue(b, t, v)
	}
	return b.NewArray()
}

// appendFrom appends row i of a to b, a builder of the same type.
func appendFrom(b array.Builder, a arrow.Array, i int) {
	if a.IsNull(i) {
		if sb, ok := b.(*array.StringBuilder); ok {
			sb.Append("")
			return
		}
		b.AppendNull()
		return
	}
	switch a := a.(type) {
	case *array.String:
		b.(*array.StringBuilder).Append(a.Value(i))
	case *array.Int64:
		b.(*array.Int64Builder).Append(a.Value(i))
	case *array.Timestamp:
		b.(*array.TimestampBuilder).Append(a.Value(i))
	case *array.Duration:
		b.(*array.DurationBuilder).Append(a.Value(i))
	case *array.Int32:
		b.(*array.Int32Builder).Append(a.Value(i))
	case *array.Float64:
		b.(*array.Float64Builder).Append(a.Value(i))
	case *array.Boolean:
		b.(*array.BooleanBuilder).Append(a.Value(i))
	case *array.Binary:
		b.(*array.BinaryBuilder).Append(a.Value(i))
	case *array.FixedSizeBinary:
		b.(*array.FixedSizeBinaryBuilder).Append(a.Value(i))
	case *array.Decimal128:
		b.(*array.Decimal128Builder).Append(a.Value(i))
	default:
		b.AppendNull()
	}
}
