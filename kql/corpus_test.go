package kql_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/crosshunt/crosshunt/kql"
)

// corpusFiles returns the .kql files of a corpus directory.
func corpusFiles(t testing.TB, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "corpus", dir, "*.kql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files in %s: %v", dir, err)
	}
	return files
}

func readFile(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestCorpusValid parses every valid query of the corpus.
func TestCorpusValid(t *testing.T) {
	for _, path := range corpusFiles(t, "valid") {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src := readFile(t, path)
			q, err := kql.Parse(src)
			if err != nil {
				t.Fatalf("Parse:\n%s\nerror: %v", src, err)
			}
			if len(q.Stmts) == 0 {
				t.Fatalf("Parse:\n%s\nreturned no statements", src)
			}
		})
	}
}

// errorLine is the annotation on the first line of an invalid query.
var errorLine = regexp.MustCompile(`^// ERROR (\d+):(\d+) `)

// TestCorpusInvalid checks that every invalid query fails with its first
// error at the annotated line and column.
func TestCorpusInvalid(t *testing.T) {
	for _, path := range corpusFiles(t, "invalid") {
		t.Run(filepath.Base(path), func(t *testing.T) {
			checkAnnotatedError(t, readFile(t, path))
		})
	}
}

// TestCorpusInvalidSemantic checks the queries that only semantic analysis
// rejects: the parser may accept them, but when it rejects one the first
// error must be at the annotated position.
func TestCorpusInvalidSemantic(t *testing.T) {
	for _, path := range corpusFiles(t, "invalid-semantic") {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src := readFile(t, path)
			if _, err := kql.Parse(src); err != nil {
				checkAnnotatedError(t, src)
			}
		})
	}
}

// checkAnnotatedError checks that src fails to parse with its first error
// at the position its `// ERROR line:col` first line states.
func checkAnnotatedError(t *testing.T, src string) {
	t.Helper()
	m := errorLine.FindStringSubmatch(src)
	if m == nil {
		t.Fatalf("no // ERROR line:col annotation in:\n%s", src)
	}
	want := m[1] + ":" + m[2]
	first := firstError(t, src)
	line, col := first.Position()
	if got := fmt.Sprintf("%d:%d", line, col); got != want {
		t.Errorf("Parse:\n%s\nfirst error at %s, want %s: %v", src, got, want, first)
	}
}

// firstError parses src, which must fail, and returns its first error
// after checking that every error lies inside the source.
func firstError(t *testing.T, src string) *kql.Error {
	t.Helper()
	_, err := kql.Parse(src)
	var list kql.ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		t.Fatalf("Parse:\n%s\nerror = %v, want a kql.ErrorList", src, err)
	}
	for _, e := range list {
		if e.From < 0 || int(e.From) > len(src) || e.To < e.From || int(e.To) > len(src) {
			t.Errorf("error %v has span %v outside [0, %d]", e, e.Span, len(src))
		}
		if strings.Contains(e.Msg, "(expected") {
			t.Errorf("error %q has a raw participle message", e.Msg)
		}
	}
	return list[0]
}
