package exec

import (
	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/bitutil"
	"github.com/apache/arrow/go/v15/arrow/memory"
)

// takeArray returns the rows of a at idx, in that order. Strings and
// binaries are copied with one reservation for their bytes; fixed-width
// columns element by element.
func takeArray(mem memory.Allocator, a arrow.Array, idx []int32) arrow.Array {
	nulls := a.NullN() > 0
	switch a := a.(type) {
	case *array.String:
		return takeString(mem, a, idx)
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

// takeString gathers a string column into buffers sized exactly, copying
// value bytes directly.
func takeString(mem memory.Allocator, a *array.String, idx []int32) arrow.Array {
	offs, data := strView(a)
	nulls := a.NullN() > 0
	total := 0
	for _, i := range idx {
		total += int(offs[i+1] - offs[i])
	}
	n := len(idx)
	obuf := memory.NewResizableBuffer(mem)
	obuf.Resize((n + 1) * 4)
	vbuf := memory.NewResizableBuffer(mem)
	vbuf.Resize(total)
	out := arrow.Int32Traits.CastFromBytes(obuf.Bytes())[:n+1]
	vals := vbuf.Bytes()[:total]
	var valid *memory.Buffer
	var bits []byte
	nullN := 0
	if nulls {
		valid = memory.NewResizableBuffer(mem)
		valid.Resize(int(bitutil.BytesForBits(int64(n))))
		bits = valid.Bytes()
		for j := range bits {
			bits[j] = 0
		}
	}
	pos := int32(0)
	for j, i := range idx {
		out[j] = pos
		if nulls {
			if a.IsNull(int(i)) {
				nullN++
				continue
			}
			bitutil.SetBit(bits, j)
		}
		pos += int32(copy(vals[pos:], data[offs[i]:offs[i+1]]))
	}
	out[n] = pos
	if nullN == 0 && valid != nil {
		valid.Release()
		valid = nil
	}
	d := array.NewData(arrow.BinaryTypes.String, n, []*memory.Buffer{valid, obuf, vbuf}, nil, nullN, 0)
	obuf.Release()
	vbuf.Release()
	if valid != nil {
		valid.Release()
	}
	defer d.Release()
	return array.NewStringData(d)
}
