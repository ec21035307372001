package exec

import (
	"encoding/binary"
	"math"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
)

// parseJSONKernel is parse_json over a string column: each row's JSON text
// is encoded straight into the dynamic encoding (see dynamic.go) in one
// reused buffer, without building Go values. Rows the encoder does not
// take (text that is not JSON, a bag with a repeated key, very deep
// nesting) go through parseJSONRow, so the result is the same.
func parseJSONKernel(c *Call, args []*Vector) (arrow.Array, error) {
	if allConst(args) {
		return constResult(c, args, parseJSONRow)
	}
	if c.ArgTypes[0] == TypeDynamic {
		args[0].Array.Retain() // a dynamic value is returned as it is
		return args[0].Array, nil
	}
	col, ok := args[0].Array.(*array.String)
	if !ok {
		return kernelFallback(c, args, parseJSONRow)
	}
	b := array.NewBinaryBuilder(c.Mem, arrow.BinaryTypes.Binary)
	defer b.Release()
	b.Reserve(c.Len)
	b.ReserveData(len(col.ValueBytes()))
	var e jsonEncoder
	for i := range c.Len {
		s := col.Value(i)
		enc, ok := e.encode(bytesOf(s))
		if !ok {
			v, _ := parseJSONRow(c, []Value{s})
			enc = EncodeDynamic(e.out[:0], v)
			e.out = enc
		}
		if enc[0] == tagNull {
			b.AppendNull()
		} else {
			b.Append(enc)
		}
	}
	return b.NewArray(), nil
}

// jsonMaxDepth bounds the nesting the encoder follows; deeper text goes
// to the row path.
const jsonMaxDepth = 1000

// jsonEncoder encodes JSON text into the dynamic encoding. Arrays, bags
// and escaped strings are written first and get their length header
// afterwards, moving their bytes up by the header's size, so nothing is
// parsed twice.
type jsonEncoder struct {
	in  []byte
	pos int
	out []byte
	// keys holds the offset in out of each key of the open bags, to find
	// repeated keys.
	keys []int
}

// encode returns the encoding of the JSON text in, valid until the next
// call; false when in is not JSON the encoder takes.
func (e *jsonEncoder) encode(in []byte) ([]byte, bool) {
	e.in, e.pos, e.out, e.keys = in, 0, e.out[:0], e.keys[:0]
	if !e.value(0) {
		return nil, false
	}
	e.space()
	if e.pos != len(e.in) {
		return nil, false
	}
	return e.out, true
}

func (e *jsonEncoder) space() {
	for e.pos < len(e.in) {
		switch e.in[e.pos] {
		case ' ', '\t', '\n', '\r':
			e.pos++
		default:
			return
		}
	}
}

func (e *jsonEncoder) literal(word string, tag byte) bool {
	if len(e.in)-e.pos < len(word) || string(e.in[e.pos:e.pos+len(word)]) != word {
		return false
	}
	e.pos += len(word)
	e.out = append(e.out, tag)
	return true
}

func (e *jsonEncoder) value(depth int) bool {
	e.space()
	if e.pos >= len(e.in) || depth > jsonMaxDepth {
		return false
	}
	switch c := e.in[e.pos]; {
	case c == '{':
		return e.bag(depth)
	case c == '[':
		return e.array(depth)
	case c == '"':
		e.out = append(e.out, tagString)
		return e.str()
	case c == 't':
		return e.literal("true", tagTrue)
	case c == 'f':
		return e.literal("false", tagFalse)
	case c == 'n':
		return e.literal("null", tagNull)
	case c == '-' || c >= '0' && c <= '9':
		return e.number()
	}
	return false
}

// closeContainer puts the header of the array or bag whose elements were
// written from start on in front of them.
func (e *jsonEncoder) closeContainer(tag byte, start, count int) {
	var hdr [1 + 2*binary.MaxVarintLen64]byte
	n := uvarintLen(uint64(count))
	hdr[0] = tag
	h := 1 + binary.PutUvarint(hdr[1:], uint64(len(e.out)-start+n))
	h += binary.PutUvarint(hdr[h:], uint64(count))
	e.insert(start, hdr[:h])
}

// insert moves out[start:] up by len(hdr) and writes hdr at start.
func (e *jsonEncoder) insert(start int, hdr []byte) {
	end := len(e.out)
	e.out = append(e.out, hdr...)
	copy(e.out[start+len(hdr):], e.out[start:end])
	copy(e.out[start:], hdr)
}

func (e *jsonEncoder) array(depth int) bool {
	e.pos++ // [
	start, count := len(e.out), 0
	if e.empty(']', tagArray, start) {
		return true
	}
	for {
		if !e.value(depth + 1) {
			return false
		}
		count++
		if more, ok := e.next(']', tagArray, start, count); !more {
			return ok
		}
	}
}

func (e *jsonEncoder) bag(depth int) bool {
	e.pos++ // {
	start, count := len(e.out), 0
	base := len(e.keys)
	defer func() { e.keys = e.keys[:base] }()
	if e.empty('}', tagBag, start) {
		return true
	}
	for {
		e.space()
		if e.pos >= len(e.in) || e.in[e.pos] != '"' {
			return false
		}
		k := len(e.out)
		if !e.str() || e.repeated(base, k) {
			return false // a repeated key: the row path keeps the last value
		}
		e.keys = append(e.keys, k)
		e.space()
		if e.pos >= len(e.in) || e.in[e.pos] != ':' {
			return false
		}
		e.pos++
		if !e.value(depth + 1) {
			return false
		}
		count++
		if more, ok := e.next('}', tagBag, start, count); !more {
			return ok
		}
	}
}

// empty reports whether the container just opened at out[start:] is
// empty, closing it with tag then.
func (e *jsonEncoder) empty(end, tag byte, start int) bool {
	e.space()
	if e.pos < len(e.in) && e.in[e.pos] == end {
		e.pos++
		e.closeContainer(tag, start, 0)
		return true
	}
	return false
}

// next reads what follows a member of the open container: a comma (more
// members follow) or end, which closes the container with tag and its
// count members; ok is false on anything else.
func (e *jsonEncoder) next(end, tag byte, start, count int) (more, ok bool) {
	e.space()
	if e.pos >= len(e.in) {
		return false, false
	}
	switch e.in[e.pos] {
	case ',':
		e.pos++
		return true, true
	case end:
		e.pos++
		e.closeContainer(tag, start, count)
		return false, true
	}
	return false, false
}

// repeated reports whether the key encoded at out[k:] equals a key of the
// open bag (the keys from base on).
func (e *jsonEncoder) repeated(base, k int) bool {
	key := e.out[k:]
	for _, o := range e.keys[base:] {
		n, w := binary.Uvarint(e.out[o:])
		if string(e.out[o:o+w+int(n)]) == string(key) {
			return true
		}
	}
	return false
}

// str encodes the JSON string at pos as a uvarint length and its UTF-8
// bytes; false for text encoding/json would reject or repair (control
// characters, invalid UTF-8).
func (e *jsonEncoder) str() bool {
	e.pos++ // "
	i := e.pos
	ascii := true
	for ; i < len(e.in); i++ {
		c := e.in[i]
		if c == '"' || c == '\\' || c < 0x20 {
			break
		}
		if c >= utf8.RuneSelf {
			ascii = false
		}
	}
	if i >= len(e.in) || e.in[i] < 0x20 {
		return false
	}
	raw := e.in[e.pos:i]
	if !ascii && !utf8.Valid(raw) {
		return false
	}
	if e.in[i] == '"' {
		e.out = binary.AppendUvarint(e.out, uint64(len(raw)))
		e.out = append(e.out, raw...)
		e.pos = i + 1
		return true
	}
	// Escapes: decode into out, then put the length in front.
	start := len(e.out)
	e.out = append(e.out, raw...)
	e.pos = i
	for {
		if e.pos >= len(e.in) {
			return false
		}
		c := e.in[e.pos]
		switch {
		case c == '"':
			e.pos++
			var hdr [binary.MaxVarintLen64]byte
			e.insert(start, hdr[:binary.PutUvarint(hdr[:], uint64(len(e.out)-start))])
			return true
		case c == '\\':
			if !e.escape() {
				return false
			}
		case c < 0x20:
			return false
		case c < utf8.RuneSelf:
			e.out = append(e.out, c)
			e.pos++
		default:
			r, n := utf8.DecodeRune(e.in[e.pos:])
			if r == utf8.RuneError && n == 1 {
				return false
			}
			e.out = append(e.out, e.in[e.pos:e.pos+n]...)
			e.pos += n
		}
	}
}

// escape decodes the escape sequence at pos, as encoding/json does (a
// lone surrogate becomes U+FFFD).
func (e *jsonEncoder) escape() bool {
	if e.pos+1 >= len(e.in) {
		return false
	}
	c := e.in[e.pos+1]
	e.pos += 2
	switch c {
	case '"', '\\', '/':
		e.out = append(e.out, c)
	case 'b':
		e.out = append(e.out, '\b')
	case 'f':
		e.out = append(e.out, '\f')
	case 'n':
		e.out = append(e.out, '\n')
	case 'r':
		e.out = append(e.out, '\r')
	case 't':
		e.out = append(e.out, '\t')
	case 'u':
		r, ok := e.hex4(e.pos)
		if !ok {
			return false
		}
		e.pos += 4
		if utf16.IsSurrogate(r) {
			r2, ok := rune(-1), false
			if e.pos+1 < len(e.in) && e.in[e.pos] == '\\' && e.in[e.pos+1] == 'u' {
				r2, ok = e.hex4(e.pos + 2)
			}
			if dec := utf16.DecodeRune(r, r2); ok && dec != utf8.RuneError {
				r = dec
				e.pos += 6
			} else {
				r = utf8.RuneError
			}
		}
		e.out = utf8.AppendRune(e.out, r)
	default:
		return false
	}
	return true
}

func (e *jsonEncoder) hex4(at int) (rune, bool) {
	if at+4 > len(e.in) {
		return 0, false
	}
	var r rune
	for _, c := range e.in[at : at+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// number encodes a JSON number: a long when it is an integer that fits,
// else a real (as ParseJSON does).
func (e *jsonEncoder) number() bool {
	s := e.pos
	i := s
	digits := func() int {
		j := i
		for i < len(e.in) && e.in[i] >= '0' && e.in[i] <= '9' {
			i++
		}
		return i - j
	}
	if e.in[i] == '-' {
		i++
	}
	intStart := i
	if n := digits(); n == 0 || n > 1 && e.in[intStart] == '0' {
		return false
	}
	isInt := true
	if i < len(e.in) && e.in[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
		isInt = false
	}
	if i < len(e.in) && (e.in[i] == 'e' || e.in[i] == 'E') {
		i++
		if i < len(e.in) && (e.in[i] == '+' || e.in[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
		isInt = false
	}
	e.pos = i
	text := e.in[s:i]
	if isInt {
		if n, ok := parseInt64(text); ok {
			e.out = binary.LittleEndian.AppendUint64(append(e.out, tagLong), uint64(n))
			return true
		}
	}
	f, err := strconv.ParseFloat(unsafe.String(unsafe.SliceData(text), len(text)), 64)
	if err != nil {
		return false
	}
	e.out = binary.LittleEndian.AppendUint64(append(e.out, tagReal), math.Float64bits(f))
	return true
}

// parseInt64 parses an optionally negative run of decimal digits; false
// when it overflows int64.
func parseInt64(b []byte) (int64, bool) {
	neg := b[0] == '-'
	if neg {
		b = b[1:]
	}
	var u uint64
	for _, c := range b {
		if u > (1<<63)/10 {
			return 0, false
		}
		u = u*10 + uint64(c-'0')
	}
	if neg {
		if u > 1<<63 {
			return 0, false
		}
		return int64(-u), true
	}
	if u > 1<<63-1 {
		return 0, false
	}
	return int64(u), true
}
