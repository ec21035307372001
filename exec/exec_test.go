package exec

import (
	"context"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// queryCase is one conformance case: a query over tables (usually built
// with datatable inside the query) and its expected result, rendered as a
// header line "name:type, ..." followed by one JSON array per row.
type queryCase struct {
	name  string
	query string
	want  string // or "error: <substring>"
}

// runCases runs conformance cases, each with a checked allocator that
// must end with zero bytes.
func runCases(t *testing.T, tables func(memory.Allocator) Tables, cases []queryCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			var tabs Tables
			if tables != nil {
				tabs = tables(mem)
				defer func() {
					for _, tb := range tabs {
						tb.Release()
					}
				}()
			}
			got, err := render(mem, tc.query, tabs)
			if strings.HasPrefix(tc.want, "error: ") {
				if err == nil || !strings.Contains(err.Error(), strings.TrimPrefix(tc.want, "error: ")) {
					t.Fatalf("query:\n%s\nerror = %v, want %q", tc.query, err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatalf("query:\n%s\nerror: %v", tc.query, err)
			}
			want := strings.TrimSpace(dedent(tc.want))
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("query:\n%s\n(-want +got)\n%s", tc.query, d)
			}
		})
	}
}

func dedent(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.Join(lines, "\n")
}

// render evaluates a query and renders its result.
func render(mem memory.Allocator, src string, tables Tables) (string, error) {
	rr, err := Eval(context.Background(), src, tables, Options{Allocator: mem, BatchSize: 3, Now: fixedNow})
	if err != nil {
		return "", err
	}
	defer rr.Release()
	out := renderReader(rr)
	return out, rr.Err()
}
