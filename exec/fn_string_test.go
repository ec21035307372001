package exec

import (
	"context"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/memory"
)

// Cases cite https://learn.microsoft.com/kusto/query/<name>-function.
func TestStringFunctions(t *testing.T) {
	runFnCases(t, []fnCase{
		{"doc example", "replace_string", a("A magic trick can turn a cat into a dog", "cat", "hamster"), "A magic trick can turn a hamster into a dog"},
		{"empty lookup leaves text", "replace_string", a("abc", "", "x"), "abc"},
		{"doc example", "replace_strings", a("I like cats and dogs", dyn(`["cat","dog"]`), dyn(`["dog","cat"]`)), "I like dogs and cats"},
		{"groups \\1", "replace_regex", a("A magic trick can turn a cat into a dog", `cat`, "hamster"), "A magic trick can turn a hamster into a dog"},
		{"capture rewrite", "replace_regex", a("Number is 42", `is (\d+)`, `was: \1`), "Number was: 42"},
		{"legacy argument order", "replace", a(`is (\d+)`, `was: \1`, "Number is 42"), "Number was: 42"},
		{"dollar is literal", "replace_regex", a("ab", `b`, `$1`), "a$1"},
		{"doc example", "strcat_delim", a("-", "yyy", "xxx", "zzz"), "yyy-xxx-zzz"},
		{"numbers", "strcat_delim", a(",", int64(1), 2.5), "1,2.5"},
		{"doc example", "strcat_array", a(dyn(`[1,2,3]`), "->"), "1->2->3"},
		{"not array", "strcat_array", a(dyn(`{"a":1}`), ","), ""},
		{"legacy alias", "array_strcat", a(dyn(`["a","b"]`), ""), "ab"},
		{"doc example", "strrep", a("ABC", int64(2)), "ABCABC"},
		{"delimiter", "strrep", a(int64(3), int64(3), " "), "3 3 3"},
		{"zero multiplier", "strrep", a("x", int64(0)), ""},
		{"doc example", "reverse", a("ABCD"), "DCBA"},
		{"unicode", "reverse", a("aé"), "éa"},
		{"number converted", "reverse", a(int64(123)), "321"},
		{"doc example", "translate", a("abc", "x", "abc"), "xxx"},
		{"pairwise", "translate", a("abc", "", "ab"), ""},
		{"doc example2", "translate", a("krasp", "otsku", "spark"), "kusto"},
		{"doc example", "trim", a("--", "--https://www.ms.com--"), "https://www.ms.com"},
		{"regex", "trim", a(`[^\w]+`, "- Te st1// $"), "Te st1"},
		{"start", "trim_start", a("sample", "sample text sample"), " text sample"},
		{"end", "trim_end", a("sample", "sample text sample"), "sample text "},
		{"doc example", "indexof", a("abcdefg", "cde"), "2"},
		{"start index", "indexof", a("abcdefg", "cde", int64(1), int64(4)), "2"},
		{"length too short", "indexof", a("abcdefg", "cde", int64(1), int64(2)), "-1"},
		{"start past end", "indexof", a("abcdefg", "cde", int64(3)), "-1"},
		{"doc idx5 negative start from end", "indexof", a("abcdefg", "cde", int64(-5)), "2"},
		{"doc idx3", "indexof", a("abcdefg", "cde", int64(1), int64(2)), "-1"},
		{"doc idx4", "indexof", a("abcdefg", "cde", int64(3), int64(4)), "-1"},
		{"doc idx6 cast", "indexof", a(int64(1234567), int64(5), int64(1), int64(4)), "4"},
		{"doc idx7", "indexof", a("abcdefg", "cde", int64(2), int64(-1)), "2"},
		{"doc idx8", "indexof", a("abcdefgabcdefg", "cde", int64(1), int64(10), int64(2)), "9"},
		{"doc idx9", "indexof", a("abcdefgabcdefg", "cde", int64(1), int64(-1), int64(3)), "-1"},
		{"length below -1 null", "indexof", a("abcdefg", "cde", int64(0), int64(-2)), "<null>"},
		{"doc idx3", "indexof_regex", a("abcabc", `a.c`, int64(1), int64(-1), int64(2)), "-1"},
		{"doc idx4 no overlap", "indexof_regex", a("ababaa", `a.a`, int64(0), int64(-1), int64(2)), "-1"},
		{"doc idx5 negative start null", "indexof_regex", a("abcabc", `a|ab`, int64(-1)), "<null>"},
		{"occurrence", "indexof", a("abcdefgabcdefg", "cde", int64(1), int64(-1), int64(2)), "9"},
		{"empty lookup", "indexof", a("abcdefg", ""), "0"},
		{"not found", "indexof", a("abc", "z"), "-1"},
		{"number source", "indexof", a(int64(1234567), int64(5)), "4"},
		{"unicode chars", "indexof", a("éab", "b"), "2"},
		{"doc example", "indexof_regex", a("abcabc", `a.c`), "0"},
		{"occurrence", "indexof_regex", a("abcabcdefg", `a.c`, int64(0), int64(9), int64(2)), "3"},
		{"doc example", "has_any_index", a("this is an example", dyn(`["this","example"]`)), "0"},
		{"term match only", "has_any_index", a("this is an example", dyn(`["not","xample","is"]`)), "2"},
		{"none", "has_any_index", a("abc", dyn(`["d"]`)), "-1"},
		{"overlapping", "countof", a("aaa", "a"), "3"},
		{"overlapping2", "countof", a("aaaa", "aa"), "3"},
		{"regex not overlapping", "countof", a("aaaa", "aa", "regex"), "2"},
		{"regex", "countof", a("abcbc", "b.", "regex"), "2"},
		{"doc normal", "countof", a("ababa", "ab", "normal"), "2"},
		{"doc overlap", "countof", a("ababa", "aba"), "2"},
		{"doc regex no overlap", "countof", a("ababa", "aba", "regex"), "1"},
		{"doc regex", "countof", a("abcabc", "a.c", "regex"), "2"},
		{"empty", "countof", a("", "a"), "0"},
		{"one group", "extract_all", a(`(\d+)`, "a1 b22 c333"), `["1","22","333"]`},
		{"no group whole match", "extract_all", a(`\d+`, "a1 b22"), `["1","22"]`},
		{"groups", "extract_all", a(`(\w)(\d+)`, "a1 b22"), `[["a","1"],["b","22"]]`},
		{"one chosen group is one dimension", "extract_all", a(`(\w)(\d+)`, dyn(`[2]`), "a1 b22"), `["1","22"]`},
		{"doc numbers", "extract_all", a(`(\d+)`, "a set of numbers: 123, 567 and 789"), `["123","567","789"]`},
		{"doc guid bytes", "extract_all", a(`([\da-f]{2})`, "82b8be2d-dfa7-4bd1-8f63-24ad26d31449"), `["82","b8","be","2d","df","a7","4b","d1","8f","63","24","ad","26","d3","14","49"]`},
		{"doc three groups", "extract_all", a(`(\w)(\w+)(\w)`, "82b8be2d-dfa7-4bd1-8f63-24ad26d31449"), `[["8","2b8be2","d"],["d","fa","7"],["4","bd","1"],["8","f6","3"],["2","4ad26d3144","9"]]`},
		{"doc group subset", "extract_all", a(`(\w)(\w+)(\w)`, dyn(`[1,3]`), "82b8be2d-dfa7-4bd1-8f63-24ad26d31449"), `[["8","d"],["d","7"],["4","1"],["8","3"],["2","9"]]`},
		{"named groups", "extract_all", a(`(?P<first>\w)(\w+)(?P<last>\w)`, dyn(`["first","last"]`), "ab1-cd2"), `[["a","1"],["c","2"]]`},
		{"no match null", "extract_all", a(`(\d+)`, "abc"), "<null>"},
		{"legacy name", "extractall", a(`(\d)`, "1a2"), `["1","2"]`},
		{"doc example", "parse_csv", a(`aaa,"b,bb",ccc`), `["aaa","b,bb","ccc"]`},
		{"escaped quote", "parse_csv", a(`a,"b""c"`), `["a","b\"c"]`},
		{"doc example", "make_string", a(int64(75), int64(117), int64(115), int64(116), int64(111)), "Kusto"},
		{"array", "make_string", a(dyn(`[75,117]`), int64(115)), "Kus"},
		{"invalid code point gives empty string", "make_string", a(int64(-1)), ""},
		{"doc example", "unicode_codepoints_from_string", a("⒦⒰⒮⒯⒪"), "[9382,9392,9390,9391,9386]"},
		{"doc example", "unicode_codepoints_to_string", a(int64(9382), int64(9392)), "⒦⒰"},
		// to_utf8 is a deprecated alias of unicode_codepoints_from_string
		// (https://learn.microsoft.com/kusto/query/unicode-codepoints-from-string-function).
		{"legacy alias of unicode_codepoints_from_string", "to_utf8", a("⒦"), "[9382]"},
		{"ascii", "isascii", a("Kusto"), "true"},
		{"not ascii", "isascii", a("Kustö"), "false"},
		{"empty", "isascii", a(""), "true"},
		{"bytes", "string_size", a("⒦⒰"), "6"},
		{"empty", "string_size", a(""), "0"},
		{"doc v1", "format_bytes", a(int64(564)), "564 Bytes"},
		{"doc v2", "format_bytes", a(int64(10332), int64(1)), "10.1 KB"},
		{"doc v3", "format_bytes", a(int64(20010332)), "19 MB"},
		{"doc v4", "format_bytes", a(int64(20010332), int64(2)), "19.08 MB"},
		{"doc v5", "format_bytes", a(int64(20010332), int64(0), "KB"), "19541 KB"},
		{"base 10", "format_bytes", a(int64(1000000), int64(2), "KB", int64(10)), "1000.00 KB"},
		{"null", "format_bytes", a(null(TypeLong)), ""},
		{"less", "strcmp", a("ABC", "ABD"), "-1"},
		{"equal", "strcmp", a("A", "A"), "0"},
		{"doc greater", "strcmp", a("abcde", "abc"), "1"},
		// https://learn.microsoft.com/kusto/query/substring-function: a
		// negative start counts from the end.
		{"doc negative start from end", "substring", a("123456", int64(-2), int64(2)), "56"},
		{"doc start", "substring", a("123456", int64(1)), "23456"},
		{"negative start before the beginning", "substring", a("abc", int64(-10), int64(2)), "ab"},
		// https://learn.microsoft.com/kusto/query/replace-strings-function:
		// the earlier lookup takes precedence, a matched text is not
		// rewritten again, and a non-string rewrite keeps the match.
		{"doc order This first", "replace_strings", a("This is an example", dyn(`["This","is"]`), dyn(`["This","was"]`)), "This was an example"},
		{"doc order is first", "replace_strings", a("This is an example", dyn(`["is","This"]`), dyn(`["was","This"]`)), "Thwas was an example"},
		{"doc non-string rewrite keeps match", "replace_strings", a("This is an example", dyn(`["This","is"]`), dyn(`[12345,"was"]`)), "This was an example"},
		{"doc empty rewrite removes", "replace_strings", a("A magic trick can turn a cat into a dog", dyn(`["turn"," into a dog"]`), dyn(`["disappear",""]`)), "A magic trick can disappear a cat"},
		// https://learn.microsoft.com/kusto/query/punycode-from-string-function
		// and its neighbours (domain_to_string encodes, domain_from_string
		// decodes; labels keep their case).
		{"doc", "punycode_from_string", a("académie-française"), "acadmie-franaise-npb1a"},
		{"doc chinese", "punycode_from_string", a("艺术"), "cqv902d"},
		{"doc", "punycode_to_string", a("acadmie-franaise-npb1a"), "académie-française"},
		{"not punycode", "punycode_to_string", a("ab-!"), ""},
		{"doc", "punycode_domain_from_string", a("xn--Ry-lja8c.xn--Jng-uta63a.xn--Bng-9ka.com"), "Rúyì.Jīngū.Bàng.com"},
		{"doc ideographic dots", "punycode_domain_to_string", a("Lê Lợi。Thuận Thiên。com"), "xn--L Li-gpa4517b.xn--Thun Thin-s4a7194f.com"},
		{"doc ascii label kept", "punycode_domain_to_string", a("Kaledvoulc'h.Artorījos.edu"), "Kaledvoulc'h.xn--Artorjos-ejb.edu"},
		// https://learn.microsoft.com/kusto/query/reverse-function: a
		// datetime is reversed with its seven fractional digits.
		{"doc datetime", "reverse", a(dt("2017-10-15T12:00:00Z")), "Z0000000.00:00:21T51-01-7102"},
	})
}

// TestStringArgumentTypes pins which argument types the string functions
// take, as Microsoft's Kusto.Language analyzer does: numbers and
// datetimes convert to text for toupper, substring, split, isascii,
// strcmp and hash_combine; trim's source, has_any_index's source and the
// code points of unicode_codepoints_to_string must be strings
// (respectively integers).
func TestStringArgumentTypes(t *testing.T) {
	tests := []struct {
		query   string
		wantErr bool
	}{
		{`print toupper(1), tolower(datetime(2020-01-01)), substring(12345, 1), split(1.5, "."), isascii(1), strcmp(1, "a"), hash_combine(1.5, 2)`, false},
		{`print strrep(1, 2, 3)`, false},
		{`print trim("a", 1)`, true},
		{`print trim_start("a", 1)`, true},
		{`print has_any_index(1, dynamic([1]))`, true},
		{`print unicode_codepoints_to_string("a")`, true},
		{`print make_string(1.5)`, true},
	}
	for _, tc := range tests {
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		rr, err := Eval(context.Background(), tc.query, nil, Options{Allocator: mem})
		if rr != nil {
			for rr.Next() {
			}
			rr.Release()
		}
		if (err != nil) != tc.wantErr {
			t.Errorf("%s: error %v, want error %v", tc.query, err, tc.wantErr)
		}
		mem.AssertSize(t, 0)
	}
}
