package exec

import (
	"strings"
	"testing"
)

// Cases cite https://learn.microsoft.com/kusto/query/<name>-function.
func TestHashFunctions(t *testing.T) {
	runFnCases(t, []fnCase{
		{"doc", "hash", a("World"), "1846988464401551951"},
		{"doc mod", "hash", a("World", int64(100)), "51"},
		{"doc", "hash_xxhash64", a("World"), "1846988464401551951"},
		{"null", "hash", a(null(TypeLong)), "<null>"},
		// A datetime hashes as its .NET ticks (since 0001-01-01).
		{"doc datetime", "hash", a(dt("2015-01-01T00:00:00Z")), "1380966698541616202"},
		{"doc datetime", "hash_xxhash64", a(dt("2015-01-01T00:00:00Z")), "1380966698541616202"},
		// Digests hash a datetime's text with seven fractional digits
		// (https://learn.microsoft.com/kusto/query/hash-md5-function).
		{"doc datetime", "hash_md5", a(dt("2020-01-01T00:00:00Z")), "786c530672d1f8db31fee25ea8a9390b"},
		{"md5 of empty", "hash_md5", a(""), "d41d8cd98f00b204e9800998ecf8427e"},
		{"md5", "hash_md5", a("World"), "f5a7924e621e84c9280a9a27e1bcb7f6"},
		{"sha1", "hash_sha1", a("World"), "70c07ec18ef89c5309bbb0937f3a6342411e1fdd"},
		{"sha256", "hash_sha256", a("World"), "78ae647dc5544d227130a0682a51e30bc7777fbb6d8a8f17007463a3ecd1d524"},
		{"doc", "base64_encode_tostring", a("Kusto1"), "S3VzdG8x"},
		{"legacy", "base64_encodestring", a("Kusto1"), "S3VzdG8x"},
		{"doc", "base64_decode_tostring", a("S3VzdG8="), "Kusto"},
		{"legacy", "base64_decodestring", a("S3VzdG8="), "Kusto"},
		{"invalid bytes null", "base64_decode_tostring", a("/w=="), ""},
		{"not base64", "base64_decode_tostring", a("!!!"), ""},
		// Decoding needs the padding, as .NET's Convert.FromBase64String
		// (https://learn.microsoft.com/kusto/query/base64-encode-fromarray-function).
		{"doc unpadded is null", "base64_decode_toarray", a("U3RyaW5n0KHR0tGA0L7Rh9C60LA"), "<null>"},
		{"white space ignored", "base64_decode_tostring", a(" S3Vz\ndG8= "), "Kusto"},
		{"doc", "base64_decode_toarray", a("S3VzdG8="), "[75,117,115,116,111]"},
		{"doc", "base64_encode_fromarray", a(dyn(`[75,117,115,116,111]`)), "S3VzdG8="},
		{"non byte null", "base64_encode_fromarray", a(dyn(`[256]`)), ""},
		{"doc", "base64_encode_fromguid", a(typed{TypeGUID, mustGUID("ae3133f2-6e22-49ae-b06a-16e6a9b212eb")}), "8jMxriJurkmwahbmqbIS6w=="},
		{"doc", "base64_decode_toguid", a("8jMxriJurkmwahbmqbIS6w=="), "ae3133f2-6e22-49ae-b06a-16e6a9b212eb"},
		{"doc", "url_encode", a("https://www.bing.com/"), "https%3a%2f%2fwww.bing.com%2f"},
		{"space plus", "url_encode", a("a b"), "a+b"},
		{"component", "url_encode_component", a("https://www.bing.com/a b"), "https%3A%2F%2Fwww.bing.com%2Fa%20b"},
		{"doc", "url_decode", a("https%3a%2f%2fwww.bing.com%2f"), "https://www.bing.com/"},
		{"malformed kept", "url_decode", a("100%"), "100%"},
		{"doc", "tohex", a(int64(256)), "100"},
		{"doc negative", "tohex", a(int64(-546)), "fffffffffffffdde"},
		{"int negative", "tohex", a(int32(-546)), "fffffdde"},
		{"doc min length", "tohex", a(int64(546), int64(8)), "00000222"},
		{"null", "tohex", a(null(TypeLong)), ""},
	})
}

func mustGUID(s string) GUID {
	g, ok := ParseGUID(s)
	if !ok {
		panic(s)
	}
	return g
}

// Cases cite https://learn.microsoft.com/kusto/query/<name>-function.
func TestHashExtras(t *testing.T) {
	runFnCases(t, []fnCase{
		{"order matters", "hash_combine", a(int64(1), int64(2)), showValue(mustEval("hash_combine", int64(1), int64(2)), TypeLong)},
		{"null", "hash_combine", a(int64(1), null(TypeLong)), "<null>"},
		{"zlib round trip", "zlib_decompress_from_base64_string", a(mustEval("zlib_compress_to_base64_string", "1234567890qwertyuiop")), "1234567890qwertyuiop"},
		{"gzip round trip", "gzip_decompress_from_base64_string", a(mustEval("gzip_compress_to_base64_string", "1234567890qwertyuiop")), "1234567890qwertyuiop"},
		{"invalid", "gzip_decompress_from_base64_string", a("x"), ""},
		// A text deflate does not shrink is one final stored block, byte
		// for byte the reference's examples
		// (https://learn.microsoft.com/kusto/query/zlib-base64-compress-function,
		// https://learn.microsoft.com/kusto/query/gzip-base64-compress).
		{"doc stored", "zlib_compress_to_base64_string", a("1234567890qwertyuiop"), "eAEBFADr/zEyMzQ1Njc4OTBxd2VydHl1aW9wOAkGdw=="},
		{"doc stored", "gzip_compress_to_base64_string", a("1234567890qwertyuiop"), "H4sIAAAAAAAA/wEUAOv/MTIzNDU2Nzg5MHF3ZXJ0eXVpb3A6m7f2FAAAAA=="},
		{"doc", "gzip_decompress_from_base64_string", a("H4sIAAAAAAAA/wEUAOv/MTIzNDU2Nzg5MHF3ZXJ0eXVpb3A6m7f2FAAAAA=="), "1234567890qwertyuiop"},
		{"compressible round trip", "zlib_decompress_from_base64_string", a(mustEval("zlib_compress_to_base64_string", strings.Repeat("abc", 100))), strings.Repeat("abc", 100)},
		{"empty round trip", "gzip_decompress_from_base64_string", a(mustEval("gzip_compress_to_base64_string", "")), ""},
		{"regex_quote", "regex_quote", a("(so$me.Te^xt)"), `\(so\$me\.Te\^xt\)`},
		{"merge sketches", "hll_merge", a(dyn(`{"hll":["a","b"]}`), dyn(`{"hll":["b","c"]}`)), `{"hll":["a","b","c"]}`},
	})
	if mustEval("hash_combine", int64(1), int64(2)) == mustEval("hash_combine", int64(2), int64(1)) {
		t.Error("hash_combine is order-insensitive")
	}
	if mustEval("hash_many", "a", "b") == mustEval("hash_many", "b", "a") {
		t.Error("hash_many is order-insensitive")
	}
}

func mustEval(fn string, args ...Value) Value {
	v, _, err := evalFunc(NewRegistry(), fn, args, false)
	if err != nil {
		panic(err)
	}
	return v
}
