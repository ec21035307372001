package exec

import (
	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
)

// takeArray returns the rows of a at idx, in that order. Strings and
// binaries are copied with one reservation for their bytes; fixed-width
// columns element by element.
func takeArray(mem memory.Allocator, a arrow.Array, idx []int32) arrow.Array {
	nulls := a.NullN() > 0
	switch a := a.(type) {
	case *array.String:
		total := 0
		for _, i := range idx {
			total += a.ValueLen(int(i))
		}
		b := array.NewStringBuilder(mem)
		defer b.Release()
		b.Reserve(len(idx))
		b.ReserveData(total)
		for _, i := range idx {
			b.Append(a.Value(int(i)))
		}
		return b.NewArray()
	case *array.Binary:
		total := 0
		for _, i := range idx {
			total += len(a.Value(int(i)))
		}
		b := array.NewBinaryBuilder(mem, arrow.BinaryTypes.Binary)
		defer b.Release()
		b.Reserve(len(idx))
		b.ReserveData(total)
		for _, i := range idx {
			if nulls && a.IsNull(int(i)) {
				b.AppendNull()
			} else {
				b.Append(a.Value(int(i)))
			}
		}
		return b.NewArray()
	case *array.Int64:
		vals := a.Int64Values()
		b := array.NewInt64Builder(mem)
		defer b.Release()
		b.Reserve(len(idx))
		for _, i := range idx {
			if nulls && a.IsNull(int(i)) {
				b.UnsafeAppendBoolToBitmap(false)
			} else {
				b.UnsafeAppend(vals[i])
			}
		}
		return b.NewArray()
	case *array.Timestamp:
		vals := a.TimestampValues()
		b := array.NewTimestampBuilder(mem, a.DataType().(*arrow.TimestampType))
		defer b.Release()
		b.Reserve(len(idx))
		for _, i := range idx {
			if nulls && a.IsNull(int(i)) {
				b.UnsafeAppendBoolToBitmap(false)
			} else {
				b.UnsafeAppend(vals[i])
			}
		}
		return b.NewArray()
	case *array.Float64:
		vals := a.Float64Values()
		b := array.NewFloat64Builder(mem)
		defer b.Release()
		b.Reserve(len(idx))
		for _, i := range idx {
			if nulls && a.IsNull(int(i)) {
				b.UnsafeAppendBoolToBitmap(false)
			} else {
				b.UnsafeAppend(vals[i])
			}
		}
		return b.NewArray()
	}
	b := array.NewBuilder(mem, a.DataType())
	defer b.Release()
	b.Reserve(len(idx))
	for _, i := range idx {
		appendFrom(b, a, int(i))
	}
	return b.NewArray()
}
