package exec

import (
	"bytes"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
)

// isTermByte reports whether c belongs to a term for has: ASCII letters
// and digits, and every byte of a non-ASCII character.
func isTermByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= utf8.RuneSelf
}

// hasTerm reports whether needle occurs in s at term boundaries: at the
// start of a term (when start is set) and at the end of one (when end is
// set). A needle starting or ending with a non-term character needs no
// boundary on that side. An empty needle matches everything.
func hasTerm(s, needle string, start, end, caseSensitive bool) bool {
	if needle == "" {
		return true
	}
	for off := 0; off <= len(s)-len(needle); {
		var i int
		if caseSensitive {
			i = strings.Index(s[off:], needle)
		} else {
			i = indexFold(s[off:], needle)
		}
		if i < 0 {
			return false
		}
		i += off
		if termBoundary(s, needle, i, start, end) {
			return true
		}
		off = i + 1
	}
	return false
}

func termBoundary(s, needle string, i int, start, end bool) bool {
	if start && i > 0 && isTermByte(needle[0]) && isTermByte(s[i-1]) {
		return false
	}
	j := i + len(needle)
	if end && j < len(s) && isTermByte(needle[len(needle)-1]) && isTermByte(s[j]) {
		return false
	}
	return true
}

// indexFold returns the index of the first case-insensitive occurrence of
// needle in s, or -1. ASCII needles are matched byte-wise without
// allocating; others fold both strings.
func indexFold(s, needle string) int {
	if !isASCII(needle) {
		ls, ln := strings.ToLower(s), strings.ToLower(needle)
		if len(ls) != len(s) {
			// Folding changed byte lengths: fall back to a rune-wise scan.
			for i := range s {
				if hasPrefixFold(s[i:], needle) {
					return i
				}
			}
			return -1
		}
		return strings.Index(ls, ln)
	}
	n := len(needle)
	if n == 0 {
		return 0
	}
	c0 := needle[0]
	lo, up := toLowerASCII(c0), toUpperASCII(c0)
	for i := 0; i+n <= len(s); i++ {
		c := s[i]
		if c != lo && c != up {
			j := indexEither(s[i+1:len(s)-n+1], lo, up)
			if j < 0 {
				return -1
			}
			i += j
			continue
		}
		if equalFoldASCII(s[i:i+n], needle) {
			return i
		}
	}
	return -1
}

// indexEither returns the first index of a or b in s.
func indexEither(s string, a, b byte) int {
	i := strings.IndexByte(s, a)
	if a == b {
		return i
	}
	j := strings.IndexByte(s, b)
	switch {
	case i < 0:
		return j
	case j < 0:
		return i
	}
	return min(i, j)
}

func containsFold(s, needle string) bool { return indexFold(s, needle) >= 0 }

func hasPrefixFold(s, prefix string) bool {
	for _, r := range prefix {
		if s == "" {
			return false
		}
		c, n := utf8.DecodeRuneInString(s)
		if c != r && !strings.EqualFold(string(c), string(r)) {
			return false
		}
		s = s[n:]
	}
	return true
}

func hasSuffixFold(s, suffix string) bool {
	for suffix != "" {
		if s == "" {
			return false
		}
		r, n := utf8.DecodeLastRuneInString(suffix)
		c, m := utf8.DecodeLastRuneInString(s)
		if c != r && !strings.EqualFold(string(c), string(r)) {
			return false
		}
		suffix, s = suffix[:len(suffix)-n], s[:len(s)-m]
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func toLowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func toUpperASCII(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - ('a' - 'A')
	}
	return c
}

func equalFoldASCII(a, b string) bool {
	for i := 0; i < len(a); i++ {
		if toLowerASCII(a[i]) != toLowerASCII(b[i]) {
			return false
		}
	}
	return true
}

// containsColumn evaluates `col contains needle` (or contains_cs) over a
// whole string column by searching its value buffer once: each match is
// mapped to its row through the offsets, and the search resumes at the
// next row. neg negates the result.
func containsColumn(mem memory.Allocator, col *array.String, needle string, caseSensitive, neg bool) *array.Boolean {
	n := col.Len()
	out := make([]bool, n)
	if needle == "" {
		for i := range out {
			out[i] = true
		}
	} else if caseSensitive || isASCII(needle) {
		data := col.ValueBytes()
		offs := col.ValueOffsets()
		base := int(offs[0])
		nb := []byte(needle)
		row := 0
		pos := 0
		for row < n {
			var i int
			rest := data[pos : int(offs[n])-base]
			if caseSensitive {
				i = bytes.Index(rest, nb)
			} else {
				i = indexFold(bytesToString(rest), needle)
			}
			if i < 0 {
				break
			}
			start := pos + i
			for row < n && int(offs[row+1])-base <= start {
				row++
			}
			if row >= n {
				break
			}
			if start+len(needle) <= int(offs[row+1])-base {
				out[row] = true
				pos = int(offs[row+1]) - base
				row++
			} else {
				pos = start + 1
			}
		}
	} else {
		for i := range n {
			out[i] = containsFold(col.Value(i), needle)
		}
	}
	b := array.NewBooleanBuilder(mem)
	defer b.Release()
	b.Reserve(n)
	for _, v := range out {
		b.UnsafeAppend(v != neg)
	}
	return b.NewBooleanArray()
}

// bytesToString views b as a string without copying; b must not change
// while the string is in use.
func bytesToString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}
