package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "T.csv"), []byte("name,n,when\nx,1,2024-01-01T00:00:00Z\ny,2,2024-01-02T00:00:00Z\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "J.jsonl"), []byte("{\"k\":\"x\",\"d\":{\"a\":[1]}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, query, format string
		code                int
		out, errOut         string
	}{
		{"json", "T | where n > 1", "json", 0,
			`{"columns":[{"name":"name","type":"string"},{"name":"n","type":"long"},{"name":"when","type":"datetime"}],"rows":[["y",2,"2024-01-02T00:00:00.0000000Z"]]}` + "\n", ""},
		{"jsonl dynamic", "J | project v = d.a[0]", "json", 0,
			`{"columns":[{"name":"v","type":"dynamic"}],"rows":[[1]]}` + "\n", ""},
		{"csv", "print a = 1, b = 1h", "csv", 0, "a,b\n1,01:00:00\n", ""},
		{"table", "print a = 'x'", "table", 0, "a\n-\nx\n", ""},
		{"error caret", "T\n| where nope == 1", "json", 1, "",
			"2:9: unknown column \"nope\" in where\n| where nope == 1\n        ^\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run([]string{"-data", dir, "-format", tt.format, tt.query}, &out, &errOut)
			if code != tt.code || out.String() != tt.out || !strings.Contains(errOut.String(), tt.errOut) {
				t.Fatalf("run(%q) = %d\nstdout:\n%s\nstderr:\n%s\nwant %d\n%s\n%s", tt.query, code, out.String(), errOut.String(), tt.code, tt.out, tt.errOut)
			}
		})
	}
}
