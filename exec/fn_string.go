package exec

import (
	"encoding/csv"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// stringFunctions are KQL's string functions beyond the core ones
// (https://learn.microsoft.com/kusto/query/string-functions).
var stringFunctions = []Function{
	{Name: "replace_string", Sig: Fixed(TypeString, TypeString, TypeString, TypeString), Scalar: replaceStringRow},
	{Name: "replace_strings", Sig: Fixed(TypeString, TypeString, TypeDynamic, TypeDynamic), Scalar: replaceStringsRow},
	{Name: "replace_regex", Sig: Fixed(TypeString, TypeString, TypeString, TypeString), Scalar: replaceRegexRow},
	{Name: "replace", Sig: Fixed(TypeString, TypeString, TypeString, TypeString), Scalar: replaceLegacyRow},
	{Name: "strcat_delim", Sig: Variadic(TypeString, 3, AnyType), Scalar: strcatDelimRow},
	{Name: "strcat_array", Aliases: []string{"array_strcat"}, Sig: Fixed(TypeString, TypeDynamic, TypeString), Scalar: strcatArrayRow},
	{Name: "strrep", Sig: Optional(TypeString, []Type{AnyType, TypeLong}, AnyType), Scalar: strrepRow},
	{Name: "reverse", Sig: Fixed(TypeString, AnyType), Scalar: reverseRow},
	{Name: "translate", Sig: Fixed(TypeString, TypeString, TypeString, TypeString), Scalar: translateRow},
	{Name: "trim", Sig: Fixed(TypeString, TypeString, TypeString), Scalar: trimRow(true, true)},
	{Name: "trim_start", Sig: Fixed(TypeString, TypeString, TypeString), Scalar: trimRow(true, false)},
	{Name: "trim_end", Sig: Fixed(TypeString, TypeString, TypeString), Scalar: trimRow(false, true)},
	{Name: "indexof", Sig: Optional(TypeLong, []Type{AnyType, AnyType}, TypeLong, TypeLong, TypeLong), Scalar: indexofRow(false)},
	{Name: "indexof_regex", Sig: Optional(TypeLong, []Type{AnyType, TypeString}, TypeLong, TypeLong, TypeLong), Scalar: indexofRow(true)},
	{Name: "has_any_index", Sig: Fixed(TypeLong, TypeString, TypeDynamic), Scalar: hasAnyIndexRow},
	{Name: "countof", Sig: Optional(TypeLong, []Type{TypeString, TypeString}, TypeString), Scalar: countofRow},
	{Name: "extract_all", Aliases: []string{"extractall"}, Sig: extractAllSig, Scalar: extractAllRow},
	{Name: "parse_csv", Sig: Fixed(TypeDynamic, TypeString), Scalar: parseCSVRow},
	{Name: "make_string", Sig: codepointsSig, Scalar: makeStringRow},
	{Name: "unicode_codepoints_from_string", Aliases: []string{"to_utf8"}, Sig: Fixed(TypeDynamic, TypeString), Scalar: codepointsFromRow},
	{Name: "unicode_codepoints_to_string", Sig: codepointsSig, Scalar: makeStringRow},
	{Name: "isascii", Sig: Fixed(TypeBool, AnyType), Scalar: isasciiRow},
	{Name: "isutf8", Sig: Fixed(TypeBool, TypeString), Scalar: func(_ *Call, a []Value) (Value, error) { return utf8.ValidString(argText(a[0])), nil }},
	{Name: "string_size", Sig: Fixed(TypeLong, TypeString), Scalar: func(_ *Call, a []Value) (Value, error) { return int64(len(argText(a[0]))), nil }},
	{Name: "format_bytes", Sig: Optional(TypeString, []Type{TypeReal}, TypeLong, TypeString, TypeLong), Scalar: formatBytesRow},
	{Name: "strcmp", Sig: Fixed(TypeLong, AnyType, AnyType), Scalar: strcmpRow},
	{Name: "punycode_from_string", Sig: Fixed(TypeString, TypeString), Scalar: punycodeRow(punycodeEncode)},
	{Name: "punycode_to_string", Sig: Fixed(TypeString, TypeString), Scalar: punycodeRow(punycodeDecode)},
	{Name: "punycode_domain_to_string", Sig: Fixed(TypeString, TypeString), Scalar: punycodeRow(punycodeDomainEncode)},
	{Name: "punycode_domain_from_string", Sig: Fixed(TypeString, TypeString), Scalar: punycodeRow(punycodeDomainDecode)},
	{Name: "regex_quote", Sig: Fixed(TypeString, TypeString), Scalar: func(_ *Call, a []Value) (Value, error) { return regexp.QuoteMeta(argText(a[0])), nil }},
}

func replaceStringRow(_ *Call, a []Value) (Value, error) {
	text, lookup, rewrite := argText(a[0]), argText(a[1]), argText(a[2])
	if lookup == "" {
		return text, nil
	}
	return strings.ReplaceAll(text, lookup, rewrite), nil
}

// replaceStringsRow replaces the matches of an array of lookups by the
// rewrites at the same index. The first lookup is replaced everywhere
// first; each later lookup only in the text between earlier matches, so
// that an earlier lookup takes precedence and a match is never rewritten
// twice. A lookup whose rewrite is not a string keeps its matches as
// they are; a lookup that is not a string is ignored
// (https://learn.microsoft.com/kusto/query/replace-strings-function).
func replaceStringsRow(_ *Call, a []Value) (Value, error) {
	text := argText(a[0])
	lookups, ok1 := argArray(a[1])
	rewrites, ok2 := argArray(a[2])
	if !ok1 || !ok2 {
		return text, nil
	}
	var b strings.Builder
	replaceStringsFrom(&b, text, lookups, rewrites)
	return b.String(), nil
}

// replaceStringsFrom writes text with lookups[0] replaced and the text
// between its matches handled by the remaining lookups.
func replaceStringsFrom(b *strings.Builder, text string, lookups, rewrites []Value) {
	for len(lookups) > 0 {
		if l, ok := lookups[0].(string); ok && l != "" {
			break
		}
		lookups, rewrites = lookups[1:], rewrites[min(1, len(rewrites)):]
	}
	if len(lookups) == 0 {
		b.WriteString(text)
		return
	}
	lookup := lookups[0].(string)
	rewrite, ok := lookup, false
	if len(rewrites) > 0 {
		rewrite, ok = rewrites[0].(string)
		if !ok {
			rewrite = lookup
		}
	}
	restL, restR := lookups[1:], rewrites[min(1, len(rewrites)):]
	for {
		i := strings.Index(text, lookup)
		if i < 0 {
			replaceStringsFrom(b, text, restL, restR)
			return
		}
		replaceStringsFrom(b, text[:i], restL, restR)
		b.WriteString(rewrite)
		text = text[i+len(lookup):]
	}
}

// kqlRewrite turns a KQL rewrite pattern (\0 .. \9 name capture groups)
// into Go's template syntax (${0} .. ${9}), escaping literal dollars.
func kqlRewrite(rewrite string) string {
	var b strings.Builder
	for i := 0; i < len(rewrite); i++ {
		c := rewrite[i]
		switch {
		case c == '$':
			b.WriteString("$$")
		case c == '\\' && i+1 < len(rewrite) && rewrite[i+1] >= '0' && rewrite[i+1] <= '9':
			b.WriteString("${")
			b.WriteByte(rewrite[i+1])
			b.WriteByte('}')
			i++
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func replaceRegex(c *Call, text, pattern, rewrite string) (Value, error) {
	re, err := c.Regexp(pattern)
	if err != nil {
		return nil, err
	}
	return re.ReplaceAllString(text, kqlRewrite(rewrite)), nil
}

func replaceRegexRow(c *Call, a []Value) (Value, error) {
	return replaceRegex(c, argText(a[0]), argText(a[1]), argText(a[2]))
}

// replaceLegacyRow is the deprecated replace(regex, rewrite, text).
func replaceLegacyRow(c *Call, a []Value) (Value, error) {
	return replaceRegex(c, argText(a[2]), argText(a[0]), argText(a[1]))
}

func strcatDelimRow(_ *Call, a []Value) (Value, error) {
	parts := make([]string, len(a)-1)
	for i, v := range a[1:] {
		parts[i] = FormatValue(v)
	}
	return strings.Join(parts, FormatValue(a[0])), nil
}

func strcatArrayRow(_ *Call, a []Value) (Value, error) {
	arr, ok := argArray(a[0])
	if !ok {
		return "", nil
	}
	parts := make([]string, len(arr))
	for i, v := range arr {
		parts[i] = FormatValue(v)
	}
	return strings.Join(parts, argText(a[1])), nil
}

// strrepRow repeats a value; the multiplier is capped at 1024 and a
// multiplier below 1 gives "" (https://learn.microsoft.com/kusto/query/strrep-function).
func strrepRow(_ *Call, a []Value) (Value, error) {
	n, ok := argLong(a[1])
	if !ok {
		return nil, nil
	}
	n = min(n, 1024)
	if n < 1 {
		return "", nil
	}
	s := FormatValue(a[0])
	if len(a) == 3 {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = s
		}
		return strings.Join(parts, FormatValue(a[2])), nil
	}
	return strings.Repeat(s, int(n)), nil
}

// reverseRow reverses the characters of a value's text; a datetime's
// text has seven fractional digits, as the reference's example
// reverse(datetime(2017-10-15 12:00)) shows
// (https://learn.microsoft.com/kusto/query/reverse-function).
func reverseRow(_ *Call, a []Value) (Value, error) {
	r := []rune(ticksText(a[0]))
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r), nil
}

// translateRow replaces each character of searchList found in source by
// the character at the same position of replacementList, or by its last
// character when it is shorter; an empty replacementList removes them
// (https://learn.microsoft.com/kusto/query/translate-function).
func translateRow(_ *Call, a []Value) (Value, error) {
	search, repl, src := []rune(argText(a[0])), []rune(argText(a[1])), argText(a[2])
	var b strings.Builder
	for _, r := range src {
		i := indexRune(search, r)
		switch {
		case i < 0:
			b.WriteRune(r)
		case len(repl) == 0:
		case i < len(repl):
			b.WriteRune(repl[i])
		default:
			b.WriteRune(repl[len(repl)-1])
		}
	}
	return b.String(), nil
}

func indexRune(rs []rune, r rune) int {
	for i, x := range rs {
		if x == r {
			return i
		}
	}
	return -1
}

// trimRow removes leading and/or trailing matches of a regular expression
// (https://learn.microsoft.com/kusto/query/trim-function).
func trimRow(start, end bool) ScalarFunc {
	return func(c *Call, a []Value) (Value, error) {
		pat, text := argText(a[0]), FormatValue(a[1])
		if start {
			re, err := c.Regexp(`^(?:` + pat + `)+`)
			if err != nil {
				return nil, err
			}
			if loc := re.FindStringIndex(text); loc != nil {
				text = text[loc[1]:]
			}
		}
		if end {
			re, err := c.Regexp(`(?:` + pat + `)+$`)
			if err != nil {
				return nil, err
			}
			if loc := re.FindStringIndex(text); loc != nil {
				text = text[:loc[0]]
			}
		}
		return text, nil
	}
}

// indexofRow implements indexof and indexof_regex: the character index of
// the occurrence-th match of lookup in source searching from start_index
// over length characters; -1 when not found; null for a length below -1
// or an occurrence below 1. A negative start counts from the end for
// indexof and gives null for indexof_regex, as the reference's examples
// show (https://learn.microsoft.com/kusto/query/indexof-function).
func indexofRow(isRegex bool) ScalarFunc {
	return func(c *Call, a []Value) (Value, error) {
		src, lookup := []rune(FormatValue(a[0])), FormatValue(a[1])
		start, length, occ := int64(0), int64(-1), int64(1)
		var ok bool
		for i, p := range []*int64{&start, &length, &occ} {
			if len(a) > i+2 {
				if *p, ok = argLong(a[i+2]); !ok {
					return nil, nil
				}
			}
		}
		if start < 0 && !isRegex {
			start = max(start+int64(len(src)), 0) // counts from the end
		}
		if start < 0 || length < -1 || occ < 1 {
			return nil, nil
		}
		if start > int64(len(src)) {
			return int64(-1), nil
		}
		// The reference's examples (indexof("abcdefgabcdefg", "cde", 1,
		// 10, 2) finds the match at 9..11) show that the examined range
		// runs from start to start+length inclusive.
		end := int64(len(src))
		if length >= 0 && start+length+1 < end {
			end = start + length + 1
		}
		hay := string(src[start:end])
		var re *regexp.Regexp
		if isRegex {
			var err error
			if re, err = c.Regexp(lookup); err != nil {
				return nil, err
			}
		}
		pos := 0 // byte offset in hay
		for {
			var i, n int
			if isRegex {
				loc := re.FindStringIndex(hay[pos:])
				if loc == nil {
					return int64(-1), nil
				}
				i, n = loc[0], loc[1]-loc[0]
			} else {
				i = strings.Index(hay[pos:], lookup)
				if i < 0 {
					return int64(-1), nil
				}
			}
			occ--
			if occ == 0 {
				return start + int64(utf8.RuneCountInString(hay[:pos+i])), nil
			}
			_, w := utf8.DecodeRuneInString(hay[pos+i:])
			if n > 0 {
				w = n
			}
			if w == 0 {
				return int64(-1), nil
			}
			pos += i + w
		}
	}
}

// hasAnyIndexRow returns the index of the first element of values that
// source has as a term; -1 when none is (https://learn.microsoft.com/kusto/query/has-any-index-function).
func hasAnyIndexRow(_ *Call, a []Value) (Value, error) {
	src := FormatValue(a[0])
	vals, ok := argArray(a[1])
	if !ok {
		return nil, nil
	}
	for i, v := range vals {
		if t := FormatValue(v); t != "" && hasTermFold(src, t) {
			return int64(i), nil
		}
	}
	return int64(-1), nil
}

// hasTermFold reports whether s holds term as a whole token, ignoring
// case, as the has operator matches: the term is bounded by non
// alphanumeric characters or the ends of s.
func hasTermFold(s, term string) bool {
	ls, lt := strings.ToLower(s), strings.ToLower(term)
	for from := 0; from <= len(ls); {
		i := strings.Index(ls[from:], lt)
		if i < 0 {
			return false
		}
		i += from
		before := i == 0 || !isWordByte(ls[i-1]) || !isWordByte(lt[0])
		j := i + len(lt)
		after := j == len(ls) || !isWordByte(ls[j]) || !isWordByte(lt[len(lt)-1])
		if before && after {
			return true
		}
		from = i + 1
	}
	return false
}

// isWordByte reports whether c is part of a term: an ASCII letter or
// digit, or a non-ASCII byte.
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// countofRow counts the matches of search in text: overlapping substring
// matches by default, non-overlapping matches with kind "regex"
// (https://learn.microsoft.com/kusto/query/countof-function).
func countofRow(c *Call, a []Value) (Value, error) {
	text, search := argText(a[0]), argText(a[1])
	kind := "normal"
	if len(a) == 3 {
		kind = argText(a[2])
	}
	switch kind {
	case "regex":
		re, err := c.Regexp(search)
		if err != nil {
			return nil, err
		}
		return int64(len(re.FindAllStringIndex(text, -1))), nil
	case "normal", "":
		if search == "" {
			return int64(0), nil
		}
		n := int64(0)
		for i := 0; i <= len(text)-len(search); {
			j := strings.Index(text[i:], search)
			if j < 0 {
				break
			}
			n++
			i += j + 1
		}
		return n, nil
	}
	return nil, fmt.Errorf("countof: kind must be \"normal\" or \"regex\", got %q", kind)
}

func extractAllSig(args []Type) (Type, error) {
	switch len(args) {
	case 2:
		return Fixed(TypeDynamic, TypeString, TypeString)(args)
	case 3:
		return Fixed(TypeDynamic, TypeString, TypeDynamic, TypeString)(args)
	}
	return TypeInvalid, arityError(2, 3, len(args))
}

// extractAllRow returns every match of a regex: an array of strings when
// one capture group is extracted (the regex's only one, or the one
// captureGroups names), an array of arrays otherwise; null when nothing
// matches (https://learn.microsoft.com/kusto/query/extract-all-function).
func extractAllRow(c *Call, a []Value) (Value, error) {
	re, err := c.Regexp(argText(a[0]))
	if err != nil {
		return nil, err
	}
	text := argText(a[len(a)-1])
	var groups []int
	if len(a) == 3 {
		arr, _ := argArray(a[1])
		for _, g := range arr {
			if n, ok := argLong(g); ok {
				groups = append(groups, int(n))
			} else if name, ok := g.(string); ok {
				groups = append(groups, re.SubexpIndex(name))
			}
		}
	}
	matches := re.FindAllStringSubmatch(text, -1)
	if len(matches) == 0 {
		return nil, nil
	}
	if groups == nil {
		if re.NumSubexp() <= 1 {
			groups = []int{re.NumSubexp()}
		} else {
			for g := 1; g <= re.NumSubexp(); g++ {
				groups = append(groups, g)
			}
		}
	}
	out := make([]Value, 0, len(matches))
	for _, m := range matches {
		if len(groups) == 1 {
			out = append(out, groupText(m, groups[0]))
			continue
		}
		row := make([]Value, len(groups))
		for i, g := range groups {
			row[i] = groupText(m, g)
		}
		out = append(out, row)
	}
	return out, nil
}

func groupText(m []string, g int) Value {
	if g < 0 || g >= len(m) {
		return ""
	}
	return m[g]
}

// parseCSVRow splits one CSV record into an array of strings, honouring
// double-quoted fields (https://learn.microsoft.com/kusto/query/parse-csv-function).
func parseCSVRow(_ *Call, a []Value) (Value, error) {
	r := csv.NewReader(strings.NewReader(argText(a[0])))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	rec, err := r.Read()
	if err != nil {
		return []Value{""}, nil
	}
	return strList(rec), nil
}

// codepointsSig takes one or more integers or dynamic arrays of them.
func codepointsSig(args []Type) (Type, error) {
	if len(args) < 1 {
		return TypeInvalid, arityError(1, -1, len(args))
	}
	for i, a := range args {
		if a == TypeDynamic {
			continue
		}
		if err := checkArg(i, a, TypeLong); err != nil {
			return TypeInvalid, err
		}
	}
	return TypeString, nil
}

// makeStringRow builds a string from Unicode code points given as
// numbers or arrays of numbers; null when one is not a valid code point
// (https://learn.microsoft.com/kusto/query/make-string-function).
func makeStringRow(_ *Call, a []Value) (Value, error) {
	var b strings.Builder
	var add func(v Value) bool
	add = func(v Value) bool {
		if arr, ok := argArray(v); ok {
			for _, e := range arr {
				if !add(e) {
					return false
				}
			}
			return true
		}
		n, ok := argLong(v)
		if !ok || n < 0 || n > utf8.MaxRune || !utf8.ValidRune(rune(n)) {
			return false
		}
		b.WriteRune(rune(n))
		return true
	}
	for _, v := range a {
		if !add(v) {
			return nil, nil
		}
	}
	return b.String(), nil
}

func codepointsFromRow(_ *Call, a []Value) (Value, error) {
	s := argText(a[0])
	out := make([]Value, 0, len(s))
	for _, r := range s {
		out = append(out, int64(r))
	}
	return out, nil
}

func isasciiRow(_ *Call, a []Value) (Value, error) {
	s := argText(a[0])
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false, nil
		}
	}
	return true, nil
}

func strcmpRow(_ *Call, a []Value) (Value, error) {
	return int64(strings.Compare(argText(a[0]), argText(a[1]))), nil
}

var byteUnits = []string{"Bytes", "KB", "MB", "GB", "TB", "PB", "EB"}

// formatBytesRow formats a size in bytes with a unit: the largest unit
// that keeps the value at least 1 unless one is given, base 2 (1 KB =
// 1024 bytes) or base 10, rounded to precision digits (default 0)
// (https://learn.microsoft.com/kusto/query/format-bytes-function).
func formatBytesRow(_ *Call, a []Value) (Value, error) {
	size, ok := argReal(a[0])
	if !ok {
		return "", nil
	}
	prec := int64(-1)
	if len(a) > 1 && a[1] != nil {
		prec, _ = argLong(a[1])
	}
	var unit string
	if len(a) > 2 {
		unit = argText(a[2])
	}
	base := 2.0
	if len(a) > 3 {
		if b, ok := argLong(a[3]); ok && b == 10 {
			base = 10
		}
	}
	step := 1024.0
	if base == 10 {
		step = 1000
	}
	idx := -1
	for i, u := range byteUnits {
		if strings.EqualFold(u, unit) || (i == 0 && strings.EqualFold(unit, "bytes")) {
			idx = i
		}
	}
	if idx < 0 {
		idx = 0
		for idx < len(byteUnits)-1 && math.Abs(size) >= math.Pow(step, float64(idx+1)) {
			idx++
		}
	}
	v := size / math.Pow(step, float64(idx))
	prec = max(prec, 0) // the reference's default precision is 0
	return strconv.FormatFloat(v, 'f', int(min(prec, 15)), 64) + " " + byteUnits[idx], nil
}

// punycodeRow applies a punycode conversion; a failed one gives ""
// (https://learn.microsoft.com/kusto/query/punycode-from-string-function).
func punycodeRow(f func(string) (string, bool)) ScalarFunc {
	return func(_ *Call, a []Value) (Value, error) {
		out, ok := f(argText(a[0]))
		if !ok {
			return "", nil
		}
		return out, nil
	}
}

// Punycode parameters (RFC 3492, section 5).
const (
	pcBase, pcTMin, pcTMax, pcSkew, pcDamp = 36, 1, 26, 38, 700
	pcInitialBias, pcInitialN              = 72, 128
)

func punycodeAdapt(delta, points int, first bool) int {
	if first {
		delta /= pcDamp
	} else {
		delta /= 2
	}
	delta += delta / points
	k := 0
	for delta > (pcBase-pcTMin)*pcTMax/2 {
		delta /= pcBase - pcTMin
		k += pcBase
	}
	return k + (pcBase-pcTMin+1)*delta/(delta+pcSkew)
}

func punycodeThreshold(k, bias int) int {
	return min(max(k-bias, pcTMin), pcTMax)
}

// punycodeEncode encodes a string in Punycode without the "xn--" prefix:
// punycode_from_string("académie-française") is "acadmie-franaise-npb1a".
// Letters keep their case.
func punycodeEncode(s string) (string, bool) {
	if !utf8.ValidString(s) {
		return "", false
	}
	runes := []rune(s)
	var out []byte
	for _, r := range runes {
		if r < utf8.RuneSelf {
			out = append(out, byte(r))
		}
	}
	b := len(out)
	if b > 0 {
		out = append(out, '-')
	}
	digit := func(d int) byte {
		if d < 26 {
			return byte('a' + d)
		}
		return byte('0' + d - 26)
	}
	n, delta, bias := pcInitialN, 0, pcInitialBias
	for h := b; h < len(runes); {
		m := math.MaxInt32
		for _, r := range runes {
			if int(r) >= n && int(r) < m {
				m = int(r)
			}
		}
		delta += (m - n) * (h + 1)
		n = m
		for _, r := range runes {
			if int(r) < n {
				delta++
			}
			if int(r) != n {
				continue
			}
			q := delta
			for k := pcBase; ; k += pcBase {
				t := punycodeThreshold(k, bias)
				if q < t {
					break
				}
				out = append(out, digit(t+(q-t)%(pcBase-t)))
				q = (q - t) / (pcBase - t)
			}
			out = append(out, digit(q))
			bias = punycodeAdapt(delta, h+1, h == b)
			delta = 0
			h++
		}
		delta++
		n++
	}
	return string(out), true
}

// punycodeDecode reverses punycodeEncode; input that is not Punycode
// fails.
func punycodeDecode(s string) (string, bool) {
	var out []rune
	rest := s
	if j := strings.LastIndexByte(s, '-'); j >= 0 {
		for _, c := range []byte(s[:j]) {
			if c >= utf8.RuneSelf {
				return "", false
			}
			out = append(out, rune(c))
		}
		rest = s[j+1:]
	}
	n, i, bias := pcInitialN, 0, pcInitialBias
	for pos := 0; pos < len(rest); {
		old, w := i, 1
		for k := pcBase; ; k += pcBase {
			if pos >= len(rest) {
				return "", false
			}
			c := rest[pos]
			pos++
			var d int
			switch {
			case c >= 'a' && c <= 'z':
				d = int(c - 'a')
			case c >= 'A' && c <= 'Z':
				d = int(c - 'A')
			case c >= '0' && c <= '9':
				d = int(c-'0') + 26
			default:
				return "", false
			}
			if d > (math.MaxInt32-i)/w {
				return "", false
			}
			i += d * w
			t := punycodeThreshold(k, bias)
			if d < t {
				break
			}
			w *= pcBase - t
		}
		bias = punycodeAdapt(i-old, len(out)+1, old == 0)
		n += i / (len(out) + 1)
		i %= len(out) + 1
		if n > utf8.MaxRune || !utf8.ValidRune(rune(n)) {
			return "", false
		}
		out = append(out, 0)
		copy(out[i+1:], out[i:])
		out[i] = rune(n)
		i++
	}
	return string(out), true
}

// domainLabels splits a domain name at its dots, the ideographic and
// fullwidth ones included.
func domainLabels(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == '。' || r == '．' || r == '｡' })
}

// punycodeDomainEncode encodes each non-ASCII label of a domain name as
// "xn--" and its Punycode (https://learn.microsoft.com/kusto/query/punycode-domain-to-string-function).
func punycodeDomainEncode(s string) (string, bool) {
	labels := domainLabels(s)
	for i, l := range labels {
		if isASCII(l) {
			continue
		}
		enc, ok := punycodeEncode(l)
		if !ok {
			return "", false
		}
		labels[i] = "xn--" + enc
	}
	return strings.Join(labels, "."), true
}

// punycodeDomainDecode decodes each "xn--" label of a domain name
// (https://learn.microsoft.com/kusto/query/punycode-domain-from-string-function).
func punycodeDomainDecode(s string) (string, bool) {
	labels := strings.Split(s, ".")
	for i, l := range labels {
		if len(l) < 4 || !strings.EqualFold(l[:4], "xn--") {
			continue
		}
		dec, ok := punycodeDecode(l[4:])
		if !ok {
			return "", false
		}
		labels[i] = dec
	}
	return strings.Join(labels, "."), true
}
