package exec

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"hash/adler32"
	"hash/crc32"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
)

// hashFunctions are KQL's hashing and encoding functions: hash,
// hash_xxhash64, hash_md5, hash_sha1, hash_sha256, base64_*,
// url_encode/url_decode and tohex
// (https://learn.microsoft.com/kusto/query/scalar-functions#hash-functions).
var hashFunctions = []Function{
	{Name: "hash", Sig: Optional(TypeLong, []Type{AnyType}, TypeLong), Scalar: xxhashRow},
	{Name: "hash_xxhash64", Sig: Optional(TypeLong, []Type{AnyType}, TypeLong), Scalar: xxhashRow},
	{Name: "hash_md5", Sig: Fixed(TypeString, AnyType), Scalar: digestRow(func(b []byte) []byte { s := md5.Sum(b); return s[:] })},
	{Name: "hash_sha1", Sig: Fixed(TypeString, AnyType), Scalar: digestRow(func(b []byte) []byte { s := sha1.Sum(b); return s[:] })},
	{Name: "hash_sha256", Sig: Fixed(TypeString, AnyType), Scalar: digestRow(func(b []byte) []byte { s := sha256.Sum256(b); return s[:] })},
	{Name: "base64_encode_tostring", Aliases: []string{"base64_encodestring"}, Sig: Fixed(TypeString, TypeString), Scalar: base64EncodeRow},
	{Name: "base64_decode_tostring", Aliases: []string{"base64_decodestring"}, Sig: Fixed(TypeString, TypeString), Scalar: base64DecodeStringRow},
	{Name: "base64_decode_toarray", Sig: Fixed(TypeDynamic, TypeString), Scalar: base64DecodeArrayRow},
	{Name: "base64_encode_fromarray", Sig: Fixed(TypeString, TypeDynamic), Scalar: base64EncodeArrayRow},
	{Name: "base64_encode_fromguid", Sig: Fixed(TypeString, TypeGUID), Scalar: base64FromGUIDRow},
	{Name: "base64_decode_toguid", Sig: Fixed(TypeGUID, TypeString), Scalar: base64ToGUIDRow},
	{Name: "url_encode", Sig: Fixed(TypeString, TypeString), Scalar: func(_ *Call, a []Value) (Value, error) { return urlEncode(argText(a[0]), false), nil }},
	{Name: "url_encode_component", Sig: Fixed(TypeString, TypeString), Scalar: func(_ *Call, a []Value) (Value, error) { return urlEncode(argText(a[0]), true), nil }},
	{Name: "url_decode", Sig: Fixed(TypeString, TypeString), Scalar: urlDecodeRow},
	{Name: "tohex", Sig: Optional(TypeString, []Type{TypeLong}, TypeLong), Scalar: tohexRow},
	{Name: "hash_combine", Sig: Variadic(TypeLong, 2, AnyType), Scalar: hashCombineRow},
	{Name: "hash_many", Sig: Variadic(TypeLong, 1, AnyType), Scalar: hashManyRow},
	{Name: "zlib_compress_to_base64_string", Sig: Fixed(TypeString, TypeString), Scalar: compressRow(false)},
	{Name: "zlib_decompress_from_base64_string", Sig: Fixed(TypeString, TypeString), Scalar: decompressRow(false)},
	{Name: "gzip_compress_to_base64_string", Sig: Fixed(TypeString, TypeString), Scalar: compressRow(true)},
	{Name: "gzip_decompress_from_base64_string", Sig: Fixed(TypeString, TypeString), Scalar: decompressRow(true)},
}

// hashCombineRow combines hash values into one, order-sensitively, by
// hashing their little-endian bytes with xxhash64; null when one is
// null (https://learn.microsoft.com/kusto/query/hash-combine-function).
func hashCombineRow(_ *Call, a []Value) (Value, error) {
	buf := make([]byte, 0, 8*len(a))
	for _, v := range a {
		n, ok := argLong(v)
		if !ok {
			return nil, nil
		}
		buf = binary.LittleEndian.AppendUint64(buf, uint64(n))
	}
	return int64(xxhash.Sum64(buf)), nil
}

// hashManyRow hashes several values into one: the combination of their
// hashes (https://learn.microsoft.com/kusto/query/hash-many-function).
func hashManyRow(_ *Call, a []Value) (Value, error) {
	buf := make([]byte, 0, 8*len(a))
	for _, v := range a {
		buf = binary.LittleEndian.AppendUint64(buf, xxhash.Sum64(hashBytes(v)))
	}
	return int64(xxhash.Sum64(buf)), nil
}

// compressRow compresses text with zlib or gzip and encodes it in base64.
// A text that deflate does not shrink is written as one final stored
// block, as Kusto does: the reference's zlib example for
// "1234567890qwertyuiop" is "eAEBFADr/zEy...", header 78 01 and a stored
// block (https://learn.microsoft.com/kusto/query/zlib-base64-compress-function).
func compressRow(gz bool) ScalarFunc {
	return func(_ *Call, a []Value) (Value, error) {
		data := []byte(argText(a[0]))
		body, stored := deflateShortest(data)
		var out []byte
		if gz {
			xfl := byte(2) // maximum compression
			if stored {
				xfl = 0
			}
			out = append(out, 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, xfl, 0xff)
			out = append(out, body...)
			out = binary.LittleEndian.AppendUint32(out, crc32.ChecksumIEEE(data))
			out = binary.LittleEndian.AppendUint32(out, uint32(len(data)))
		} else {
			if stored {
				out = append(out, 0x78, 0x01)
			} else {
				out = append(out, 0x78, 0xda)
			}
			out = append(out, body...)
			out = binary.BigEndian.AppendUint32(out, adler32.Checksum(data))
		}
		return base64.StdEncoding.EncodeToString(out), nil
	}
}

// deflateShortest returns the raw deflate stream of data: compressed, or
// stored blocks when compressing does not make it shorter (stored true).
func deflateShortest(data []byte) ([]byte, bool) {
	var stored []byte
	for rest := data; ; {
		n := min(len(rest), 0xffff)
		final := byte(0)
		if n == len(rest) {
			final = 1
		}
		stored = append(stored, final)
		stored = binary.LittleEndian.AppendUint16(stored, uint16(n))
		stored = binary.LittleEndian.AppendUint16(stored, ^uint16(n))
		stored = append(stored, rest[:n]...)
		rest = rest[n:]
		if final == 1 {
			break
		}
	}
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestCompression)
	_, _ = w.Write(data)
	_ = w.Close()
	if b.Len() >= len(stored) {
		return stored, true
	}
	return b.Bytes(), false
}

// decompressRow reverses compressRow; input that is not base64 of zlib
// (gzip) data gives "" (https://learn.microsoft.com/kusto/query/zlib-base64-decompress-function).
func decompressRow(gz bool) ScalarFunc {
	return func(_ *Call, a []Value) (Value, error) {
		raw, ok := decodeBase64(argText(a[0]))
		if !ok {
			return "", nil
		}
		var r io.ReadCloser
		var err error
		if gz {
			r, err = gzip.NewReader(bytes.NewReader(raw))
		} else {
			r, err = zlib.NewReader(bytes.NewReader(raw))
		}
		if err != nil {
			return "", nil
		}
		defer r.Close()
		out, err := io.ReadAll(io.LimitReader(r, 64<<20))
		if err != nil || !utf8.Valid(out) {
			return "", nil
		}
		return string(out), nil
	}
}

// dotnetEpochTicks are the 100-ns ticks from 0001-01-01 to 1970-01-01:
// Kusto hashes a datetime as its .NET ticks.
const dotnetEpochTicks = 621355968000000000

// hashBytes is the byte form a value is hashed in: the UTF-8 text of
// strings, 8 little-endian bytes of longs, ints, reals, timespans (their
// 100-ns ticks) and datetimes (their ticks since 0001-01-01, so that
// hash(datetime(2015-01-01)) is the reference's 1380966698541616202), the 16 bytes of a guid, and the JSON
// text of dynamic arrays and bags.
func hashBytes(v Value) []byte {
	var b [8]byte
	switch x := v.(type) {
	case string:
		return []byte(x)
	case int32:
		binary.LittleEndian.PutUint64(b[:], uint64(int64(x)))
	case int64:
		binary.LittleEndian.PutUint64(b[:], uint64(x))
	case float64:
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(x))
	case time.Time:
		binary.LittleEndian.PutUint64(b[:], uint64(x.UnixNano()/100+dotnetEpochTicks))
	case time.Duration:
		binary.LittleEndian.PutUint64(b[:], uint64(int64(x)/100))
	case GUID:
		return x[:]
	default:
		return []byte(FormatValue(v))
	}
	return b[:]
}

// xxhashRow is hash and hash_xxhash64: the xxhash64 of the value (seed
// 0), as a long, or modulo mod when given. Kusto documents hash("World")
// as 1846988464401551951, which github.com/cespare/xxhash/v2 reproduces
// (https://learn.microsoft.com/kusto/query/hash-function).
func xxhashRow(_ *Call, a []Value) (Value, error) {
	if a[0] == nil {
		return nil, nil
	}
	h := int64(xxhash.Sum64(hashBytes(a[0])))
	if len(a) == 2 {
		m, ok := argLong(a[1])
		if !ok || m <= 0 {
			return nil, nil
		}
		return int64(uint64(h) % uint64(m)), nil
	}
	return h, nil
}

// digestRow is hash_md5, hash_sha1 and hash_sha256: the hex digest of
// the value's text, a datetime written with seven fractional digits (the
// reference gives hash_md5(datetime(2020-01-01)) as the MD5 of
// "2020-01-01T00:00:00.0000000Z").
func digestRow(sum func([]byte) []byte) ScalarFunc {
	return func(_ *Call, a []Value) (Value, error) {
		if a[0] == nil {
			return nil, nil
		}
		return hex.EncodeToString(sum([]byte(ticksText(a[0])))), nil
	}
}

// ticksText is the text of a value as Kusto's reverse() and digests see
// it: a datetime with all seven fractional digits, other values as
// tostring() writes them.
func ticksText(v Value) string {
	if t, ok := v.(time.Time); ok {
		return t.UTC().Format("2006-01-02T15:04:05.0000000Z")
	}
	return FormatValue(v)
}

func base64EncodeRow(_ *Call, a []Value) (Value, error) {
	return base64.StdEncoding.EncodeToString([]byte(argText(a[0]))), nil
}

// decodeBase64 decodes padded standard base64, ignoring white space, as
// .NET's Convert.FromBase64String does: the reference's
// base64_decode_toarray("U3RyaW5n0KHR0tGA0L7Rh9C60LA") (no padding) is
// null (https://learn.microsoft.com/kusto/query/base64-encode-fromarray-function).
func decodeBase64(s string) ([]byte, bool) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s)
	b, err := base64.StdEncoding.DecodeString(s)
	return b, err == nil
}

// base64DecodeStringRow decodes base64 to UTF-8 text; text that is not
// base64 or bytes that are not UTF-8 give null (an empty string)
// (https://learn.microsoft.com/kusto/query/base64-decode-tostring-function).
func base64DecodeStringRow(_ *Call, a []Value) (Value, error) {
	b, ok := decodeBase64(argText(a[0]))
	if !ok || !utf8.Valid(b) {
		return nil, nil
	}
	return string(b), nil
}

func base64DecodeArrayRow(_ *Call, a []Value) (Value, error) {
	b, ok := decodeBase64(argText(a[0]))
	if !ok {
		return nil, nil
	}
	out := make([]Value, len(b))
	for i, c := range b {
		out[i] = int64(c)
	}
	return out, nil
}

// base64EncodeArrayRow encodes an array of bytes; null when an element is
// not a byte (https://learn.microsoft.com/kusto/query/base64-encode-fromarray-function).
func base64EncodeArrayRow(_ *Call, a []Value) (Value, error) {
	arr, ok := argArray(a[0])
	if !ok {
		return nil, nil
	}
	b := make([]byte, len(arr))
	for i, v := range arr {
		n, ok := argLong(v)
		if !ok || n < 0 || n > 255 {
			return nil, nil
		}
		b[i] = byte(n)
	}
	return base64.StdEncoding.EncodeToString(b), nil
}

// dotnetGUIDBytes converts between a guid's text-order bytes and .NET's
// Guid.ToByteArray order (the first three groups little-endian), the
// order Kusto's base64 guid functions use; it is its own inverse.
func dotnetGUIDBytes(g GUID) [16]byte {
	var b [16]byte
	b[0], b[1], b[2], b[3] = g[3], g[2], g[1], g[0]
	b[4], b[5] = g[5], g[4]
	b[6], b[7] = g[7], g[6]
	copy(b[8:], g[8:])
	return b
}

func base64FromGUIDRow(_ *Call, a []Value) (Value, error) {
	g, ok := Convert(a[0], TypeGUID).(GUID)
	if !ok {
		return nil, nil
	}
	b := dotnetGUIDBytes(g)
	return base64.StdEncoding.EncodeToString(b[:]), nil
}

func base64ToGUIDRow(_ *Call, a []Value) (Value, error) {
	b, ok := decodeBase64(argText(a[0]))
	if !ok || len(b) != 16 {
		return nil, nil
	}
	var g GUID
	copy(g[:], b)
	return GUID(dotnetGUIDBytes(g)), nil
}

// urlEncode escapes text for a URL: url_encode keeps letters, digits and
// -_.!*() and writes spaces as '+' with lower-case escapes, as .NET's
// HttpUtility.UrlEncode (the reference's example gives
// "https%3a%2f%2fwww.bing.com%2f"); url_encode_component keeps the RFC
// 3986 unreserved characters and escapes everything else in upper case.
func urlEncode(s string, component bool) string {
	const lower, upper = "0123456789abcdef", "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.':
			b.WriteByte(c)
		case component && c == '~':
			b.WriteByte(c)
		case !component && (c == '!' || c == '*' || c == '(' || c == ')'):
			b.WriteByte(c)
		case !component && c == ' ':
			b.WriteByte('+')
		case component:
			b.WriteByte('%')
			b.WriteByte(upper[c>>4])
			b.WriteByte(upper[c&15])
		default:
			b.WriteByte('%')
			b.WriteByte(lower[c>>4])
			b.WriteByte(lower[c&15])
		}
	}
	return b.String()
}

// urlDecodeRow decodes %xx escapes and '+' as a space; malformed escapes
// stay as they are (https://learn.microsoft.com/kusto/query/url-decode-function).
func urlDecodeRow(_ *Call, a []Value) (Value, error) {
	return urlDecode(argText(a[0])), nil
}

func urlDecode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '+':
			b.WriteByte(' ')
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			n, _ := strconv.ParseUint(s[i+1:i+3], 16, 8)
			b.WriteByte(byte(n))
			i += 2
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// tohexRow writes a number in lower-case hex, negative numbers in two's
// complement (64 bits for long, 32 for int), zero-padded to minLength
// (https://learn.microsoft.com/kusto/query/tohex-function).
func tohexRow(c *Call, a []Value) (Value, error) {
	n, ok := argLong(a[0])
	if !ok {
		return nil, nil
	}
	var s string
	if c.ArgTypes[0] == TypeInt {
		s = strconv.FormatUint(uint64(uint32(n)), 16)
	} else {
		s = strconv.FormatUint(uint64(n), 16)
	}
	if len(a) == 2 {
		if w, ok := argLong(a[1]); ok && int(w) > len(s) {
			s = strings.Repeat("0", int(w)-len(s)) + s
		}
	}
	return s, nil
}
