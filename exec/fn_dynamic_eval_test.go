package exec

import (
	"context"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/memory"
)

// TestDynamicThroughEval runs the reference examples of the dynamic,
// parsing, network and geo functions that need a whole query (column
// context, datatable input) through the engine.
func TestDynamicThroughEval(t *testing.T) {
	tests := []struct{ name, query, want string }{
		// https://learn.microsoft.com/kusto/query/pack-all-function: the
		// bag holds the input's columns only, not extend's new ones, and
		// pack_all(true) leaves out null and empty values.
		{"pack_all ignore_null_empty",
			`datatable(S:string, T:string, N:long)['a', '', 1, '', 'b', 2] | extend P=pack_all(), Q=pack_all(true)`,
			"a||1|{\"S\":\"a\",\"T\":\"\",\"N\":1}|{\"S\":\"a\",\"N\":1}\n|b|2|{\"S\":\"\",\"T\":\"b\",\"N\":2}|{\"T\":\"b\",\"N\":2}"},
		// https://learn.microsoft.com/kusto/query/ipv4-netmask-suffix-function:
		// the suffix is a long, as Kusto.Language types it.
		{"ipv4_netmask_suffix long", `print s = ipv4_netmask_suffix('192.168.1.1/24') | extend t = gettype(s)`, "24|long"},
		// https://learn.microsoft.com/kusto/query/pack-array-function
		// https://learn.microsoft.com/kusto/query/dynamic-to-json-function:
		// a dynamic literal may nest dynamic(...) literals.
		{"nested dynamic literal", `print dynamic_to_json(dynamic({'Y':dynamic({}), 'X':dynamic({'c':1,'a':2}), 'A':[1, dynamic([2])]}))`,
			`{"A":[1,[2]],"X":{"a":2,"c":1},"Y":{}}`},
		{"pack_array star", `range x from 1 to 2 step 1 | extend y = x * 2 | project pack_array(*)`, "[1,2]\n[2,4]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := evalText(t, tt.query); got != tt.want {
				t.Errorf("%s\n got %s\nwant %s", tt.query, got, tt.want)
			}
		})
	}
}

// peakAllocator records the most bytes its allocator held at once.
type peakAllocator struct {
	*memory.CheckedAllocator
	peak int
}

func (p *peakAllocator) Allocate(n int) []byte {
	b := p.CheckedAllocator.Allocate(n)
	p.peak = max(p.peak, p.CurrentAlloc())
	return b
}

func (p *peakAllocator) Reallocate(n int, b []byte) []byte {
	b = p.CheckedAllocator.Reallocate(n, b)
	p.peak = max(p.peak, p.CurrentAlloc())
	return b
}

// TestMvExpandRangeMemory expands a range() (the reference example of
// https://learn.microsoft.com/kusto/query/range-function counts 2^20
// elements): mv-expand repeats only the columns it passes through, so the
// expanded array is not copied once per element.
func TestMvExpandRangeMemory(t *testing.T) {
	mem := &peakAllocator{CheckedAllocator: memory.NewCheckedAllocator(memory.NewGoAllocator())}
	defer mem.AssertSize(t, 0)
	const q = `print r = range(1, 3000) | mv-expand r | count`
	rr, err := Eval(context.Background(), q, nil, Options{Allocator: mem})
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Release()
	if got := showRows(rr); got != "3000" {
		t.Errorf("%s = %s, want 3000", q, got)
	}
	// The 3,000-element array is 27 kB; a copy per element would be 81 MB.
	if mem.peak > 8<<20 {
		t.Errorf("%s held %d bytes at its peak, want under 8 MB", q, mem.peak)
	}
}
