package exec

import (
	"encoding/binary"
	"math"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
)

// appendKey appends a byte key of row i of column a to dst: equal values
// give equal keys and nulls a key of their own. Strings contribute their
// raw bytes, so hashing a string column allocates nothing per row; callers
// combining several columns must prefix variable-length keys with their
// length (appendKeyPrefixed).
func appendKey(dst []byte, a arrow.Array, i int) []byte {
	if a.IsNull(i) {
		if _, ok := a.(*array.String); ok {
			return dst
		}
		return append(dst, 0xff, 0xfe)
	}
	switch a := a.(type) {
	case *array.String:
		return append(dst, a.Value(i)...)
	case *array.Int64:
		return binary.LittleEndian.AppendUint64(dst, uint64(a.Value(i)))
	case *array.Timestamp:
		return binary.LittleEndian.AppendUint64(dst, uint64(a.Value(i)))
	case *array.Duration:
		return binary.LittleEndian.AppendUint64(dst, uint64(a.Value(i)))
	case *array.Int32:
		return binary.LittleEndian.AppendUint32(dst, uint32(a.Value(i)))
	case *array.Float64:
		f := a.Value(i)
		if f == 0 {
			f = 0 // -0 and 0 group together
		}
		return binary.LittleEndian.AppendUint64(dst, math.Float64bits(f))
	case *array.Boolean:
		if a.Value(i) {
			return append(dst, 1)
		}
		return append(dst, 0)
	case *array.Decimal128:
		v := a.Value(i)
		dst = binary.LittleEndian.AppendUint64(dst, v.LowBits())
		return binary.LittleEndian.AppendUint64(dst, uint64(v.HighBits()))
	case *array.FixedSizeBinary:
		return append(dst, a.Value(i)...)
	case *array.Binary:
		return append(dst, a.Value(i)...)
	}
	return dst
}

// appendKeyPrefixed appends the key of row i with a length prefix, so that
// the keys of several columns concatenate unambiguously.
func appendKeyPrefixed(dst []byte, a arrow.Array, i int) []byte {
	start := len(dst)
	dst = append(dst, 0, 0, 0, 0)
	dst = appendKey(dst, a, i)
	binary.LittleEndian.PutUint32(dst[start:], uint32(len(dst)-start-4))
	return dst
}

// interner numbers distinct byte keys densely from 0.
type interner struct {
	ids map[string]uint32
}

func newInterner() *interner { return &interner{ids: map[string]uint32{}} }

// id returns the number of key, adding it when new; the map lookup with a
// string(bytes) conversion does not allocate.
func (t *interner) id(key []byte) (id uint32, added bool) {
	if id, ok := t.ids[string(key)]; ok {
		return id, false
	}
	id = uint32(len(t.ids))
	t.ids[string(key)] = id
	return id, true
}

// len returns the number of distinct keys.
func (t *interner) len() int { return len(t.ids) }
