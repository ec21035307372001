package exec

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// A dynamic column is an Arrow Binary column; each cell is one value in the
// self-delimiting encoding below. Every value starts with a tag byte:
//
//	tagNull, tagFalse, tagTrue      no payload
//	tagLong, tagReal, tagDateTime,  8 bytes little-endian (ticks are
//	tagTimeSpan                     nanoseconds for datetime and timespan)
//	tagGUID                         16 bytes
//	tagString                       uvarint length, UTF-8 bytes
//	tagArray                        uvarint payload length, uvarint count,
//	                                the elements
//	tagBag                          uvarint payload length, uvarint count,
//	                                (uvarint key length, key, value) each
//
// Because arrays and bags carry their payload length, a.b, a['b'] and a[0]
// skip over siblings without decoding them ([DynamicGet], [DynamicIndex]),
// mv-expand copies element byte ranges straight into its output, and no
// path allocates until a leaf becomes a [Value].
const (
	tagNull byte = iota
	tagFalse
	tagTrue
	tagLong
	tagReal
	tagDateTime
	tagTimeSpan
	tagGUID
	tagString
	tagArray
	tagBag
)

// EncodeDynamic appends the encoding of v, a dynamic value, to dst.
func EncodeDynamic(dst []byte, v Value) []byte {
	switch x := v.(type) {
	case nil:
		return append(dst, tagNull)
	case bool:
		if x {
			return append(dst, tagTrue)
		}
		return append(dst, tagFalse)
	case int32:
		return binary.LittleEndian.AppendUint64(append(dst, tagLong), uint64(int64(x)))
	case int64:
		return binary.LittleEndian.AppendUint64(append(dst, tagLong), uint64(x))
	case float64:
		return binary.LittleEndian.AppendUint64(append(dst, tagReal), math.Float64bits(x))
	case Decimal:
		return binary.LittleEndian.AppendUint64(append(dst, tagReal), math.Float64bits(x.Float()))
	case time.Time:
		return binary.LittleEndian.AppendUint64(append(dst, tagDateTime), uint64(x.UnixNano()))
	case time.Duration:
		return binary.LittleEndian.AppendUint64(append(dst, tagTimeSpan), uint64(x))
	case GUID:
		return append(append(dst, tagGUID), x[:]...)
	case string:
		dst = binary.AppendUvarint(append(dst, tagString), uint64(len(x)))
		return append(dst, x...)
	case []Value:
		var body []byte
		body = binary.AppendUvarint(body, uint64(len(x)))
		for _, e := range x {
			body = EncodeDynamic(body, e)
		}
		dst = binary.AppendUvarint(append(dst, tagArray), uint64(len(body)))
		return append(dst, body...)
	case *Bag:
		var body []byte
		body = binary.AppendUvarint(body, uint64(len(x.Keys)))
		for i, k := range x.Keys {
			body = binary.AppendUvarint(body, uint64(len(k)))
			body = append(body, k...)
			body = EncodeDynamic(body, x.Vals[i])
		}
		dst = binary.AppendUvarint(append(dst, tagBag), uint64(len(body)))
		return append(dst, body...)
	}
	panic(fmt.Sprintf("exec: %T is not a dynamic value", v))
}

// dynLen returns the length of the encoded value at the start of b.
func dynLen(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	switch b[0] {
	case tagNull, tagFalse, tagTrue:
		return 1
	case tagLong, tagReal, tagDateTime, tagTimeSpan:
		return 9
	case tagGUID:
		return 17
	case tagString, tagArray, tagBag:
		n, k := binary.Uvarint(b[1:])
		return 1 + k + int(n)
	}
	return len(b)
}

// dynBody returns the payload of an encoded array or bag after its count,
// and the count.
func dynBody(b []byte) (body []byte, count int) {
	n, k := binary.Uvarint(b[1:])
	body = b[1+k : 1+k+int(n)]
	c, k2 := binary.Uvarint(body)
	return body[k2:], int(c)
}

// DynamicKind returns the tag of an encoded value: whether it is null,
// an array, a bag, ... as one of "null", "bool", "long", "real",
// "datetime", "timespan", "guid", "string", "array", "dictionary".
func DynamicKind(b []byte) string {
	if len(b) == 0 {
		return "null"
	}
	switch b[0] {
	case tagFalse, tagTrue:
		return "bool"
	case tagLong:
		return "long"
	case tagReal:
		return "real"
	case tagDateTime:
		return "datetime"
	case tagTimeSpan:
		return "timespan"
	case tagGUID:
		return "guid"
	case tagString:
		return "string"
	case tagArray:
		return "array"
	case tagBag:
		return "dictionary"
	}
	return "null"
}

// DynamicGet returns the encoding of property key of an encoded bag; nil
// when b is not a bag or lacks the key.
func DynamicGet(b []byte, key string) []byte {
	if len(b) == 0 || b[0] != tagBag {
		return nil
	}
	body, count := dynBody(b)
	for range count {
		kl, k := binary.Uvarint(body)
		name := body[k : k+int(kl)]
		body = body[k+int(kl):]
		n := dynLen(body)
		if string(name) == key {
			return body[:n]
		}
		body = body[n:]
	}
	return nil
}

// DynamicIndex returns the encoding of element i of an encoded array,
// counting from the end when i is negative; nil when out of range.
func DynamicIndex(b []byte, i int) []byte {
	if len(b) == 0 || b[0] != tagArray {
		return nil
	}
	body, count := dynBody(b)
	if i < 0 {
		i += count
	}
	if i < 0 || i >= count {
		return nil
	}
	for range i {
		body = body[dynLen(body):]
	}
	return body[:dynLen(body)]
}

// DynamicElems calls f with the encoding of each element of an encoded
// array, or with each key and value of an encoded bag (key "" for arrays).
// It returns false when b is neither.
func DynamicElems(b []byte, f func(key string, elem []byte)) bool {
	if len(b) == 0 || (b[0] != tagArray && b[0] != tagBag) {
		return false
	}
	isBag := b[0] == tagBag
	body, count := dynBody(b)
	for range count {
		var key string
		if isBag {
			kl, k := binary.Uvarint(body)
			key = string(body[k : k+int(kl)])
			body = body[k+int(kl):]
		}
		n := dynLen(body)
		f(key, body[:n])
		body = body[n:]
	}
	return true
}

// DynamicArrayLen returns the length of an encoded array, or -1 when b is
// not an array.
func DynamicArrayLen(b []byte) int {
	if len(b) == 0 || b[0] != tagArray {
		return -1
	}
	_, count := dynBody(b)
	return count
}

// DecodeDynamic decodes one encoded dynamic value.
func DecodeDynamic(b []byte) Value {
	if len(b) == 0 {
		return nil
	}
	switch b[0] {
	case tagFalse:
		return false
	case tagTrue:
		return true
	case tagLong:
		return int64(binary.LittleEndian.Uint64(b[1:]))
	case tagReal:
		return math.Float64frombits(binary.LittleEndian.Uint64(b[1:]))
	case tagDateTime:
		return time.Unix(0, int64(binary.LittleEndian.Uint64(b[1:]))).UTC()
	case tagTimeSpan:
		return time.Duration(binary.LittleEndian.Uint64(b[1:]))
	case tagGUID:
		var g GUID
		copy(g[:], b[1:17])
		return g
	case tagString:
		n, k := binary.Uvarint(b[1:])
		return string(b[1+k : 1+k+int(n)])
	case tagArray:
		body, count := dynBody(b)
		out := make([]Value, 0, count)
		for range count {
			n := dynLen(body)
			out = append(out, DecodeDynamic(body[:n]))
			body = body[n:]
		}
		return out
	case tagBag:
		body, count := dynBody(b)
		bag := &Bag{Keys: make([]string, 0, count), Vals: make([]Value, 0, count)}
		for range count {
			kl, k := binary.Uvarint(body)
			bag.Keys = append(bag.Keys, string(body[k:k+int(kl)]))
			body = body[k+int(kl):]
			n := dynLen(body)
			bag.Vals = append(bag.Vals, DecodeDynamic(body[:n]))
			body = body[n:]
		}
		return bag
	}
	return nil
}

// ParseJSON parses JSON text into a dynamic value, keeping the order of
// object keys, integers as long and other numbers as real. Text that is
// not JSON yields false.
func ParseJSON(s string) (Value, bool) {
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	v, err := parseJSONValue(dec)
	if err != nil {
		return nil, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, false // trailing content
	}
	return v, true
}

func parseJSONValue(dec *json.Decoder) (Value, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '[':
			arr := []Value{}
			for dec.More() {
				e, err := parseJSONValue(dec)
				if err != nil {
					return nil, err
				}
				arr = append(arr, e)
			}
			_, err := dec.Token()
			return arr, err
		case '{':
			bag := &Bag{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				e, err := parseJSONValue(dec)
				if err != nil {
					return nil, err
				}
				bag.Set(kt.(string), e)
			}
			_, err := dec.Token()
			return bag, err
		}
		return nil, fmt.Errorf("unexpected %v", t)
	case json.Number:
		if n, err := strconv.ParseInt(string(t), 10, 64); err == nil {
			return n, nil
		}
		f, err := strconv.ParseFloat(string(t), 64)
		return f, err
	case string, bool, nil:
		return t, nil
	}
	return nil, fmt.Errorf("unexpected token %v", tok)
}

// AppendJSON appends the JSON text of a dynamic value to dst, as Kusto
// prints dynamic values: compact, keys in their order, datetimes and
// timespans and guids as strings.
func AppendJSON(dst []byte, v Value) []byte {
	switch x := v.(type) {
	case nil:
		return append(dst, "null"...)
	case bool:
		return strconv.AppendBool(dst, x)
	case int32:
		return strconv.AppendInt(dst, int64(x), 10)
	case int64:
		return strconv.AppendInt(dst, x, 10)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return appendJSONString(dst, FormatReal(x))
		}
		return append(dst, FormatReal(x)...)
	case Decimal:
		return append(dst, x.String()...)
	case string:
		return appendJSONString(dst, x)
	case time.Time:
		return appendJSONString(dst, FormatDateTimeJSON(x))
	case time.Duration:
		return appendJSONString(dst, FormatTimeSpan(x))
	case GUID:
		return appendJSONString(dst, x.String())
	case []Value:
		dst = append(dst, '[')
		for i, e := range x {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendJSON(dst, e)
		}
		return append(dst, ']')
	case *Bag:
		dst = append(dst, '{')
		for i, k := range x.Keys {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSONString(dst, k)
			dst = append(dst, ':')
			dst = AppendJSON(dst, x.Vals[i])
		}
		return append(dst, '}')
	}
	return appendJSONString(dst, fmt.Sprint(v))
}

func appendJSONString(dst []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			dst = append(dst, c)
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				dst = append(dst, `\ufffd`...)
			} else {
				dst = append(dst, s[i:i+n]...)
			}
			i += n
			continue
		}
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		i++
	}
	return append(dst, '"')
}
