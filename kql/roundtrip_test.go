package kql

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// corpusFiles returns the .kql files of a corpus group ("valid",
// "invalid", "invalid-semantic") in testdata/corpus, failing the test
// when there are none: a missing corpus must not pass silently.
func corpusFiles(t testing.TB, group string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "corpus", group, "*.kql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no %s corpus files in testdata/corpus: %v", group, err)
	}
	sort.Strings(files)
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

// TestRoundTrip checks the printer against every valid corpus query:
// Parse, Format, Parse again gives the same tree ignoring positions, and
// Format is idempotent.
func TestRoundTrip(t *testing.T) {
	files := corpusFiles(t, "valid")
	passed := 0
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			if checkRoundTrip(t, readFile(t, path)) {
				passed++
			}
		})
	}
	t.Logf("round trip: %d of %d corpus queries pass", passed, len(files))
}

// checkRoundTrip reports round-trip failures of src and whether it passed.
func checkRoundTrip(t *testing.T, src string) bool {
	t.Helper()
	q, err := Parse(src)
	if err != nil {
		t.Errorf("Parse: %v", err)
		return false
	}
	text := Format(q)
	q2, err := Parse(text)
	if err != nil {
		t.Errorf("Parse(Format(tree)): %v\nprinted:\n%s", err, text)
		return false
	}
	ok := true
	if diff := cmp.Diff(q, q2, ignoreSpan); diff != "" {
		t.Errorf("Parse(Format(tree)) differs (-parsed +reparsed):\n%s\nprinted:\n%s", diff, text)
		ok = false
	}
	if again := Format(q2); again != text {
		t.Errorf("Format not idempotent (-first +second):\n%s", cmp.Diff(text, again))
		ok = false
	}
	return ok
}
