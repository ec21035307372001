package exec

import (
	"encoding/binary"
	"hash/maphash"
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

// interner numbers distinct byte keys densely from 0. It is an
// open-addressing table (linear probing, load at most 1/2) over an arena
// of the keys' bytes: a lookup hashes the raw bytes once and allocates
// nothing, and each slot carries 32 bits of the hash so that most probes
// of other keys are rejected without touching the arena.
type interner struct {
	slots []uint64 // hash tag<<32 | id+1; 0 is empty
	mask  uint64
	offs  []int // key id's bytes are arena[offs[id]:offs[id+1]]
	hash  []uint64
	arena []byte
}

func newInterner() *interner { return &interner{offs: []int{0}} }

var internSeed = maphash.MakeSeed()

// hashKey hashes key's bytes for the interner.
func hashKey(key []byte) uint64 { return maphash.Bytes(internSeed, key) }

// id returns the number of key, adding it when new.
func (t *interner) id(key []byte) (id uint32, added bool) {
	return t.idHash(key, hashKey(key))
}

// find returns the number of key, or false when it is not interned.
func (t *interner) find(key []byte) (uint32, bool) {
	if len(t.slots) == 0 {
		return 0, false
	}
	h := hashKey(key)
	tag := h >> 32
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := t.slots[i]
		if s == 0 {
			return 0, false
		}
		if s>>32 == tag {
			id := uint32(s) - 1
			if string(t.arena[t.offs[id]:t.offs[id+1]]) == string(key) {
				return id, true
			}
		}
	}
}

// idU64 is id for keys that are 8 bytes, k little-endian, compared as one
// word; an interner must take all its keys through id or all through
// idU64.
func (t *interner) idU64(k uint64) (id uint32, added bool) {
	if len(t.slots) == 0 {
		t.slots = make([]uint64, 64)
		t.mask = 63
	}
	h := mix64(k)
	tag := h >> 32
	i := h & t.mask
	for {
		s := t.slots[i]
		if s == 0 {
			break
		}
		if s>>32 == tag {
			id := uint32(s) - 1
			if binary.LittleEndian.Uint64(t.arena[8*id:]) == k {
				return id, false
			}
		}
		i = (i + 1) & t.mask
	}
	id = uint32(len(t.hash))
	t.slots[i] = tag<<32 | uint64(id+1)
	t.hash = append(t.hash, h)
	t.arena = binary.LittleEndian.AppendUint64(t.arena, k)
	t.offs = append(t.offs, len(t.arena))
	if 2*len(t.hash) > len(t.slots) {
		t.grow()
	}
	return id, true
}

// idHash is id with the key's hash (hashKey) given.
func (t *interner) idHash(key []byte, h uint64) (id uint32, added bool) {
	if len(t.slots) == 0 {
		t.slots = make([]uint64, 64)
		t.mask = 63
	}
	tag := h >> 32
	i := h & t.mask
	for {
		s := t.slots[i]
		if s == 0 {
			break
		}
		if s>>32 == tag {
			id := uint32(s) - 1
			if string(t.arena[t.offs[id]:t.offs[id+1]]) == string(key) {
				return id, false
			}
		}
		i = (i + 1) & t.mask
	}
	id = uint32(len(t.hash))
	t.slots[i] = tag<<32 | uint64(id+1)
	t.hash = append(t.hash, h)
	t.arena = append(t.arena, key...)
	t.offs = append(t.offs, len(t.arena))
	if 2*len(t.hash) > len(t.slots) {
		t.grow()
	}
	return id, true
}

func (t *interner) grow() {
	slots := make([]uint64, 2*len(t.slots))
	mask := uint64(len(slots) - 1)
	for id, h := range t.hash {
		i := h & mask
		for slots[i] != 0 {
			i = (i + 1) & mask
		}
		slots[i] = h>>32<<32 | uint64(id+1)
	}
	t.slots, t.mask = slots, mask
}

// len returns the number of distinct keys.
func (t *interner) len() int { return len(t.hash) }

// u64set is a set of 64-bit values: open addressing with linear probing,
// load at most 1/2. The value 0 is kept aside.
type u64set struct {
	slots   []uint64
	mask    uint64
	n       int
	hasZero bool
}

// add adds v and reports whether it was new.
func (s *u64set) add(v uint64) bool {
	if v == 0 {
		if s.hasZero {
			return false
		}
		s.hasZero = true
		return true
	}
	if len(s.slots) == 0 {
		s.slots = make([]uint64, 1024)
		s.mask = 1023
	}
	for i := mix64(v) & s.mask; ; i = (i + 1) & s.mask {
		x := s.slots[i]
		if x == v {
			return false
		}
		if x == 0 {
			s.slots[i] = v
			s.n++
			if 2*s.n > len(s.slots) {
				s.grow()
			}
			return true
		}
	}
}

func (s *u64set) grow() {
	slots := make([]uint64, 2*len(s.slots))
	mask := uint64(len(slots) - 1)
	for _, v := range s.slots {
		if v == 0 {
			continue
		}
		i := mix64(v) & mask
		for slots[i] != 0 {
			i = (i + 1) & mask
		}
		slots[i] = v
	}
	s.slots, s.mask = slots, mask
}

// each calls f for every member.
func (s *u64set) each(f func(uint64)) {
	if s.hasZero {
		f(0)
	}
	for _, v := range s.slots {
		if v != 0 {
			f(v)
		}
	}
}

// mix64 scrambles the bits of v (the murmur3 finalizer).
func mix64(v uint64) uint64 {
	v ^= v >> 33
	v *= 0xff51afd7ed558ccd
	v ^= v >> 33
	v *= 0xc4ceb9fe1a85ec53
	v ^= v >> 33
	return v
}

// strView returns the offsets and the whole data buffer of a string
// column: value i is data[offs[i]:offs[i+1]].
func strView(a *array.String) (offs []int32, data []byte) {
	if a.Len() == 0 {
		return []int32{0}, nil
	}
	offs = a.ValueOffsets()
	if b := a.Data().Buffers()[2]; b != nil {
		data = b.Bytes()
	}
	return offs, data
}
