package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.kql")
	bad := filepath.Join(dir, "bad.kql")
	if err := os.WriteFile(good, []byte("T|where a>1|take 5"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte("T\n| where"), 0o644); err != nil {
		t.Fatal(err)
	}
	canonical := "T\n| where a > 1\n| take 5\n"
	tests := []struct {
		name       string
		args       []string
		stdin      string
		wantStatus int
		wantOut    string
		wantErr    string // a prefix of stderr
	}{
		{"argument", []string{"T|where a>1|take 5"}, "", 0, canonical, ""},
		{"file", []string{"-f", good}, "", 0, canonical, ""},
		{"stdin", nil, "T|where a>1|take 5", 0, canonical, ""},
		{"stdin dash", []string{"-f", "-"}, "T|where a>1|take 5", 0, canonical, ""},
		{"error in file", []string{"-f", bad}, "", 1, "", bad + ":2:8: "},
		{"error in argument", []string{"T | where"}, "", 1, "", "1:10: "},
		{"missing file", []string{"-f", filepath.Join(dir, "none.kql")}, "", 2, "", "kqlfmt: "},
		{"two queries", []string{"a", "b"}, "", 2, "", "kqlfmt: "},
		{"bad flag", []string{"-x"}, "", 2, "", "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			status := run(tt.args, strings.NewReader(tt.stdin), &stdout, &stderr)
			if status != tt.wantStatus {
				t.Errorf("status = %d, want %d; stderr:\n%s", status, tt.wantStatus, stderr.String())
			}
			if diff := cmp.Diff(tt.wantOut, stdout.String()); diff != "" {
				t.Errorf("stdout (-want +got):\n%s", diff)
			}
			if !strings.HasPrefix(stderr.String(), tt.wantErr) {
				t.Errorf("stderr = %q, want prefix %q", stderr.String(), tt.wantErr)
			}
		})
	}
}

// TestRunCaret checks the source line and caret printed under an error.
func TestRunCaret(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if status := run([]string{"T\n| where"}, strings.NewReader(""), &stdout, &stderr); status != 1 {
		t.Fatalf("status = %d, want 1", status)
	}
	lines := strings.Split(stderr.String(), "\n")
	if len(lines) < 3 {
		t.Fatalf("stderr = %q, want message, source line and caret", stderr.String())
	}
	if diff := cmp.Diff([]string{"| where", "       ^"}, lines[1:3]); diff != "" {
		t.Errorf("caret (-want +got):\n%s", diff)
	}
}
