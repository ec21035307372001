package kql_test

import (
	"testing"

	"github.com/crosshunt/crosshunt/kql"
)

// BenchmarkParse parses every valid query of the corpus once per
// iteration and reports the mean time per query.
func BenchmarkParse(b *testing.B) {
	files := corpusFiles(b, "valid")
	srcs := make([]string, len(files))
	bytes := 0
	for i, f := range files {
		srcs[i] = readFile(b, f)
		bytes += len(srcs[i])
	}
	b.SetBytes(int64(bytes))
	b.ReportAllocs()
	for b.Loop() {
		for _, src := range srcs {
			if _, err := kql.Parse(src); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(srcs)), "µs/query")
}

// BenchmarkParseHunt parses one typical hunting query: seven lines, five
// pipes (the corpus medians).
func BenchmarkParseHunt(b *testing.B) {
	src := readFile(b, "testdata/corpus/valid/001-office-spawns-encoded-powershell.kql")
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := kql.Parse(src); err != nil {
			b.Fatal(err)
		}
	}
}
