package kql

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// corpusDirs are where the KQL corpus is looked for, in order: the copy
// in testdata, then the shared corpus beside the repository.
var corpusDirs = []string{
	filepath.Join("testdata", "corpus"),
	filepath.Join("..", "..", "shared", "kql-corpus"),
}

// corpusFiles returns the .kql files of a corpus group ("valid",
// "invalid", "invalid-semantic"), skipping the test when no corpus is
// found.
func corpusFiles(t testing.TB, group string) []string {
	t.Helper()
	for _, dir := range corpusDirs {
		files, _ := filepath.Glob(filepath.Join(dir, group, "*.kql"))
		if len(files) > 0 {
			sort.Strings(files)
			return files
		}
	}
	t.Skipf("no %s corpus in %v", group, corpusDirs)
	return nil
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
