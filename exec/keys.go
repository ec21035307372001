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
// open-addressing table (linear probing, load at most 1/2) whose slots
// point into an arena of records, each the key's length and number (two
// little-endian uint32) followed by its bytes: a lookup hashes the raw
// bytes once, allocates nothing, and reads one slot and one record. Each
// slot carries 24 bits of the hash, so that most probes of other keys are
// rejected without touching the arena.
type interner struct {
	slots []uint64 // hash>>internOffBits<<internOffBits | record offset+1; 0 is empty
	mask  uint64
	recs  []int    // key id's record starts at arena[recs[id]]
	hash  []uint64 // key id's hash
	arena []byte
	sink  byte // keeps warm's reads
}

const (
	internHeader  = 8
	internOffBits = 40
	internOffMask = 1<<internOffBits - 1
	// internWarmRows is how many keys the batch lookups read ahead.
	internWarmRows = 16
)

func newInterner() *interner { return &interner{} }

var internSeed = maphash.MakeSeed()

// hashKey hashes key's bytes for the interner.
func hashKey(key []byte) uint64 { return maphash.Bytes(internSeed, key) }

// id returns the number of key, adding it when new.
func (t *interner) id(key []byte) (id uint32, added bool) {
	return t.idHash(key, hashKey(key))
}

// key returns the bytes of key id.
func (t *interner) key(id uint32) []byte {
	rec := t.arena[t.recs[id]:]
	n := binary.LittleEndian.Uint32(rec)
	return rec[internHeader : internHeader+n]
}

// idHash is id with the key's hash (hashKey) given.
func (t *interner) idHash(key []byte, h uint64) (id uint32, added bool) {
	if len(t.slots) == 0 {
		t.slots = make([]uint64, 64)
		t.mask = 63
	}
	tag := h >> internOffBits
	i := h & t.mask
	for {
		s := t.slots[i]
		if s == 0 {
			break
		}
		if s>>internOffBits == tag {
			rec := t.arena[s&internOffMask-1:]
			if n := binary.LittleEndian.Uint32(rec); int(n) == len(key) && string(rec[internHeader:internHeader+n]) == string(key) {
				return binary.LittleEndian.Uint32(rec[4:]), false
			}
		}
		i = (i + 1) & t.mask
	}
	off := len(t.arena)
	if off >= internOffMask {
		panic("interner: more than 1 TB of keys")
	}
	id = uint32(len(t.hash))
	t.slots[i] = tag<<internOffBits | uint64(off+1)
	t.hash = append(t.hash, h)
	t.recs = append(t.recs, off)
	t.arena = binary.LittleEndian.AppendUint32(t.arena, uint32(len(key)))
	t.arena = binary.LittleEndian.AppendUint32(t.arena, id)
	t.arena = append(t.arena, key...)
	if 2*len(t.hash) > len(t.slots) {
		t.grow()
	}
	return id, true
}

// internStrings numbers every value of a string column, value r being
// data[offs[r]:offs[r+1]], into ids[r] (len(ids)+1 offsets), and calls
// added(r), when not nil, for each value new to t. It reads the slots and
// records of the next internWarmRows values before looking them up, so
// that their cache misses overlap instead of each waiting for the one
// before.
func (t *interner) internStrings(offs []int32, data []byte, ids []uint32, added func(r int)) {
	var hs [internWarmRows]uint64
	for base := 0; base < len(ids); base += internWarmRows {
		m := min(internWarmRows, len(ids)-base)
		o := offs[base : base+m+1]
		for j := range m {
			hs[j] = hashKey(data[o[j]:o[j+1]])
		}
		t.warm(hs[:m])
		for j := range m {
			id, isNew := t.idHash(data[o[j]:o[j+1]], hs[j])
			ids[base+j] = id
			if isNew && added != nil {
				added(base + j)
			}
		}
	}
}

// warm reads the first slot of each hash and the record it points to.
func (t *interner) warm(hs []uint64) {
	if len(t.slots) == 0 {
		return
	}
	var slots [internWarmRows]uint64
	for j, h := range hs {
		slots[j] = t.slots[h&t.mask]
	}
	var sum byte
	for _, s := range slots[:len(hs)] {
		if s != 0 {
			sum += t.arena[s&internOffMask-1]
		}
	}
	t.sink = sum
}

func (t *interner) grow() {
	slots := make([]uint64, 2*len(t.slots))
	mask := uint64(len(slots) - 1)
	for id, h := range t.hash {
		i := h & mask
		for slots[i] != 0 {
			i = (i + 1) & mask
		}
		slots[i] = h>>internOffBits<<internOffBits | uint64(t.recs[id]+1)
	}
	t.slots, t.mask = slots, mask
}

// len returns the number of distinct keys.
func (t *interner) len() int { return len(t.hash) }

// u64ids numbers distinct 64-bit keys densely from 0: open addressing
// (linear probing, load at most 1/2) over slots of two words, the key and
// its number+1, so that a lookup reads one cache line.
type u64ids struct {
	slots []uint64 // slots[2i] key, slots[2i+1] id+1 (0: empty)
	mask  uint64
	n     int
	sink  uint64 // keeps ids' reads ahead
}

// id returns the number of k, adding it when new.
func (t *u64ids) id(k uint64) (id uint32, added bool) {
	if len(t.slots) == 0 {
		t.slots = make([]uint64, 2*64)
		t.mask = 63
	}
	i := mix64(k) & t.mask
	for {
		v := t.slots[2*i+1]
		if v == 0 {
			break
		}
		if t.slots[2*i] == k {
			return uint32(v - 1), false
		}
		i = (i + 1) & t.mask
	}
	id = uint32(t.n)
	t.slots[2*i], t.slots[2*i+1] = k, uint64(id)+1
	t.n++
	if 2*t.n > int(t.mask+1) {
		t.grow()
	}
	return id, true
}

// ids numbers keys[r] into ids[r] for every r, calling added(r) for each
// key new to t; as internStrings, it reads the slots of the next keys
// ahead of their lookups.
func (t *u64ids) ids(keys []uint64, ids []uint32, added func(r int)) {
	for base := 0; base < len(keys); base += internWarmRows {
		m := min(internWarmRows, len(keys)-base)
		if len(t.slots) > 0 {
			var sum uint64
			for _, k := range keys[base : base+m] {
				sum += t.slots[2*(mix64(k)&t.mask)]
			}
			t.sink = sum
		}
		for j, k := range keys[base : base+m] {
			id, isNew := t.id(k)
			ids[base+j] = id
			if isNew {
				added(base + j)
			}
		}
	}
}

func (t *u64ids) grow() {
	old := t.slots
	size := 2 * (t.mask + 1)
	t.slots = make([]uint64, 2*size)
	t.mask = size - 1
	for i := 0; i < len(old); i += 2 {
		if old[i+1] == 0 {
			continue
		}
		j := mix64(old[i]) & t.mask
		for t.slots[2*j+1] != 0 {
			j = (j + 1) & t.mask
		}
		t.slots[2*j], t.slots[2*j+1] = old[i], old[i+1]
	}
}

// len returns the number of distinct keys.
func (t *u64ids) len() int { return t.n }

// pairSet collects distinct 64-bit values (dcount's group<<32 | value
// pairs) with no random access to one large set per value and no large
// buffer: a value is appended to one of pairParts partitions chosen by
// its hash, and a partition is deduplicated in place, with a set small
// enough to stay in cache, each time it has doubled since the last time.
type pairSet struct {
	parts  [][]uint64
	limits []int
	set    []uint64
}

const (
	pairPartBits = 8
	pairParts    = 1 << pairPartBits
	pairMinDedup = 1024 // values a partition holds before its first deduplication
)

// add adds v.
func (s *pairSet) add(v uint64) {
	if s.parts == nil {
		s.parts = make([][]uint64, pairParts)
		s.limits = make([]int, pairParts)
	}
	k := mix64(v) >> (64 - pairPartBits)
	p := append(s.parts[k], v)
	if len(p) >= max(s.limits[k], pairMinDedup) {
		p = s.uniq(p)
		s.limits[k] = 2 * len(p)
	}
	s.parts[k] = p
}

// each calls f for every distinct value, in no particular order.
func (s *pairSet) each(f func(uint64)) {
	for k, p := range s.parts {
		p = s.uniq(p)
		s.parts[k] = p
		for _, v := range p {
			f(v)
		}
	}
}

// uniq returns the distinct values of v, in their first order, in v's
// storage.
func (s *pairSet) uniq(v []uint64) []uint64 {
	size := 16
	for size < 2*len(v) {
		size *= 2
	}
	if cap(s.set) < size {
		s.set = make([]uint64, size)
	}
	set := s.set[:size]
	clear(set)
	mask := uint64(size - 1)
	zero := false
	out := 0
	for _, x := range v {
		if x == 0 {
			if !zero {
				zero = true
				v[out] = 0
				out++
			}
			continue
		}
		for i := mix64(x) & mask; ; i = (i + 1) & mask {
			y := set[i]
			if y == x {
				break
			}
			if y == 0 {
				set[i] = x
				v[out] = x
				out++
				break
			}
		}
	}
	return v[:out]
}

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
