package exec

import (
	"context"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
)

func renderReader(rr array.RecordReader) string {
	schema := rr.Schema()
	types := make([]Type, schema.NumFields())
	var header []string
	for i, f := range schema.Fields() {
		types[i], _ = TypeOfArrow(f.Type)
		header = append(header, f.Name+":"+types[i].String())
	}
	lines := []string{strings.Join(header, ", ")}
	for rr.Next() {
		rec := rr.Record()
		for r := range int(rec.NumRows()) {
			lines = append(lines, string(appendRowJSON(nil, types, rec, r)))
		}
	}
	return strings.Join(lines, "\n")
}

// multiCase is a query with several result tables: want holds each
// table as "name" on its own line followed by the rendered table, tables
// separated by blank lines.
type multiCase struct {
	name, query, want string
}

func runMultiCases(t *testing.T, cases []multiCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			res, err := EvalAll(context.Background(), tc.query, nil, Options{Allocator: mem, BatchSize: 3, Now: fixedNow})
			if strings.HasPrefix(tc.want, "error: ") {
				if err == nil || !strings.Contains(err.Error(), strings.TrimPrefix(tc.want, "error: ")) {
					t.Fatalf("error = %v, want %q", err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatalf("query:\n%s\nerror: %v", tc.query, err)
			}
			var parts []string
			for _, r := range res {
				parts = append(parts, "name="+r.Name+"\n"+renderReader(r.Reader))
				r.Reader.Release()
			}
			got := strings.Join(parts, "\n\n")
			want := strings.TrimSpace(dedent(tc.want))
			if got != want {
				t.Fatalf("query:\n%s\ngot:\n%s\nwant:\n%s", tc.query, got, want)
			}
		})
	}
}

func TestFork(t *testing.T) {
	runMultiCases(t, []multiCase{
		// The reference's examples: unnamed, as-named and name= branches.
		{"unnamed", events + `E | where Dev == "d1" | fork (where N > 1) (where User == "u2" | project N)`, `
			name=
			Dev:string, User:string, N:long, T:datetime
			["d1","u2",2,"2024-01-01T10:50:00.0000000Z"]
			["d1","u1",4,"2024-01-01T12:00:00.0000000Z"]

			name=
			N:long
			[2]`},
		{"as names", events + `E | fork (where N > 3 | project N | as Big) (summarize c = count() | as Counts)`, `
			name=Big
			N:long
			[4]

			name=Counts
			c:long
			[5]`},
		{"name equals", events + `E | fork Small = (where N < 2 | project N) Devs = (distinct Dev | order by Dev asc)`, `
			name=Small
			N:long
			[1]

			name=Devs
			Dev:string
			["d1"]
			["d2"]
			["d3"]`},
		{"single query result", `print x = 1`, `
			name=
			x:long
			[1]`},
	})
	// Eval returns the first branch.
	runCases(t, nil, []queryCase{
		{"eval first branch", events + `E | fork (count) (take 1)`, `
			Count:long
			[5]`},
		{"bad branch", events + `E | fork (where Nope > 1)`, `error: Nope`},
	})
}
