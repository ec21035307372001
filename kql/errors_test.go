package kql

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLineCol(t *testing.T) {
	src := "ab\ncé\tx\r\nlast"
	tests := []struct {
		name      string
		off       Pos
		line, col int
	}{
		{"start", 0, 1, 1},
		{"end of first line", 2, 1, 3},
		{"second line start", 3, 2, 1},
		{"after two-byte rune counts bytes", 6, 2, 4},
		{"after tab", 7, 2, 5},
		{"carriage return keeps column", 8, 2, 6},
		{"third line", 10, 3, 1},
		{"end of input", Pos(len(src)), 3, 5},
		{"past the end is clamped", 99, 3, 5},
		{"negative is clamped", -4, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			line, col := LineCol(src, tt.off)
			if diff := cmp.Diff([2]int{tt.line, tt.col}, [2]int{line, col}); diff != "" {
				t.Errorf("LineCol(%q, %d) (-want +got):\n%s", src, tt.off, diff)
			}
		})
	}
}

func TestErrorText(t *testing.T) {
	src := "T\n| where x ==\n\t| take 1"
	var l ErrorList
	l.Add(src, Span{From: 16, To: 17}, `unexpected "|" in where, expected an expression`)
	l.Add(src, Span{From: 2, To: 3}, "first by position")
	l.Sort()

	if diff := cmp.Diff("2:1: first by position (and 1 more errors)", l.Error()); diff != "" {
		t.Errorf("ErrorList.Error (-want +got):\n%s", diff)
	}
	var e *Error
	if !errors.As(l.Err(), &e) || e.Msg != "first by position" {
		t.Fatalf("errors.As(list) = %v, want the first error", e)
	}
	if diff := cmp.Diff("\t| take 1\n\t^", l[1].Caret()); diff != "" {
		t.Errorf("Caret (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(`3:2: unexpected "|" in where, expected an expression`, l[1].Error()); diff != "" {
		t.Errorf("Error (-want +got):\n%s", diff)
	}
}

func TestErrorListCapAndErr(t *testing.T) {
	var l ErrorList
	if l.Err() != nil {
		t.Fatalf("empty list Err() = %v, want nil", l.Err())
	}
	for range maxErrors + 5 {
		l.Add("x", Span{}, "e")
	}
	if len(l) != maxErrors {
		t.Errorf("len after %d adds = %d, want the cap %d", maxErrors+5, len(l), maxErrors)
	}
}
