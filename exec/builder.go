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
