package kql

import (
	"fmt"
	"sort"
	"strings"
)

// maxErrors caps the length of an [ErrorList]: past it, further errors are
// noise caused by the first ones.
const maxErrors = 10

// Error is a syntax error: a message about the source bytes [From, To).
// Its text is "line:col: message", the position computed from the source
// only when the error is shown.
type Error struct {
	Span
	Msg string
	src string
}

// Error returns the error as "line:col: message".
func (e *Error) Error() string {
	line, col := e.Position()
	return fmt.Sprintf("%d:%d: %s", line, col, e.Msg)
}

// Position returns the 1-based line and 1-based byte column of the error's
// first byte.
func (e *Error) Position() (line, col int) {
	return LineCol(e.src, e.From)
}

// Source returns the text the error was found in.
func (e *Error) Source() string { return e.src }

// LineCol returns the 1-based line and byte column of offset p in src. An
// offset past the end of src is clamped to the end.
func LineCol(src string, p Pos) (line, col int) {
	off := min(max(int(p), 0), len(src))
	before := src[:off]
	line = 1 + strings.Count(before, "\n")
	col = off - (strings.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

// Caret renders the source line holding the error with a caret under its
// column, for showing errors to people. Tabs are kept so that the caret
// lines up in a terminal; other characters before the column count as one
// cell each.
func (e *Error) Caret() string {
	off := min(max(int(e.From), 0), len(e.src))
	start := strings.LastIndexByte(e.src[:off], '\n') + 1
	end := strings.IndexByte(e.src[off:], '\n')
	if end < 0 {
		end = len(e.src)
	} else {
		end += off
	}
	line := strings.TrimSuffix(e.src[start:end], "\r")
	var pad strings.Builder
	for _, r := range e.src[start:off] {
		if r == '\t' {
			pad.WriteByte('\t')
		} else {
			pad.WriteByte(' ')
		}
	}
	return line + "\n" + pad.String() + "^"
}

// ErrorList is the errors of one parse, sorted by position. Its Err method
// returns nil for an empty list, so a parser can return list.Err().
type ErrorList []*Error

// Add appends an error unless the list is full.
func (l *ErrorList) Add(src string, s Span, msg string) {
	if len(*l) < maxErrors {
		*l = append(*l, &Error{Span: s, Msg: msg, src: src})
	}
}

// Sort orders the list by position, keeping the order of errors at the
// same position.
func (l ErrorList) Sort() {
	sort.SliceStable(l, func(i, j int) bool { return l[i].From < l[j].From })
}

// Error returns the first error's text, followed by the count of the
// others.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0], len(l)-1)
}

// Err returns the list as an error, or nil when it is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Unwrap returns the errors of the list, for errors.Is and errors.As.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}
