package exec

import (
	"fmt"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/google/go-cmp/cmp"
)

// The join keeps only the columns the rest of the pipeline names, after
// naming them as the full output would be named.
func TestJoinPrunedOutput(t *testing.T) {
	runCases(t, nil, []queryCase{
		{"summarize right column", joinTables + `L | join kind=inner R on k | summarize n = count() by b | order by b asc`, `
			b:long, n:long
			[10,2]
			[11,2]
			[20,1]`},
		{"renamed right key", joinTables + `L | join kind=inner R on k | project k1, a | order by a asc, k1 asc`, `
			k1:string, a:long
			["x",1]
			["x",1]
			["x",2]
			["x",2]
			["y",3]`},
		{"innerunique once per key", joinTables + `L | join R on k | summarize count()`, `
			count_:long
			[3]`},
	})
}

func TestTakeStringNulls(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	b := array.NewStringBuilder(mem)
	b.AppendValues([]string{"ab", "", "cde", "f"}, []bool{true, false, true, true})
	a := b.NewStringArray()
	b.Release()
	defer a.Release()
	sl := array.NewSlice(a, 1, 4).(*array.String) // offset data
	defer sl.Release()
	got := takeArray(mem, sl, []int32{2, 0, 1, 1}).(*array.String)
	defer got.Release()
	if s := fmt.Sprint(got); s != `["f" (null) "cde" "cde"]` {
		t.Fatalf("take = %s", s)
	}
	if got.NullN() != 1 {
		t.Fatalf("nulls = %d", got.NullN())
	}
}

func TestInternerAndSet(t *testing.T) {
	in := newInterner()
	var s u64set
	for i := range 5000 {
		k := []byte(fmt.Sprint(i % 1000))
		id, added := in.id(k)
		if added != (i < 1000) || int(id) != i%1000 {
			t.Fatalf("id(%s) = %d, %v", k, id, added)
		}
		if s.add(uint64(i%1500)) != (i < 1500) {
			t.Fatalf("set add %d", i)
		}
	}
	if got := string(in.key(999)); got != "999" {
		t.Fatalf("key(999) = %q", got)
	}
	n := 0
	s.each(func(uint64) { n++ })
	if n != 1500 {
		t.Fatalf("set has %d", n)
	}
}

// top on one long key picks per batch with a heap; ties keep input order,
// as sort | take does.
func TestTopInt64Ties(t *testing.T) {
	runCases(t, nil, []queryCase{
		{"desc ties", `range x from 1 to 20 step 1 | extend k = x % 3 | top 4 by k desc | project x`, `
			x:long
			[2]
			[5]
			[8]
			[11]`},
		{"asc", `range x from 1 to 20 step 1 | extend k = x % 3 | top 3 by k asc | project x`, `
			x:long
			[3]
			[6]
			[9]`},
	})
}

// where's row selectors (string == / != / contains against a constant)
// chain with predicates that build masks.
func TestWhereSelectors(t *testing.T) {
	const tbl = `let T = datatable(f:string, c:string, n:long)["ps.exe", "a -ENC x", 1, "ps.exe", "plain", 2, "cmd.exe", "-enc", 3, "", "-enc", 4, "ps.exe", "-Enc", 5];
`
	runCases(t, nil, []queryCase{
		{"eq and contains", tbl + `T | where f == "ps.exe" and c contains "-enc" | project n`, `
			n:long
			[1]
			[5]`},
		{"contains_cs", tbl + `T | where f == "ps.exe" and c contains_cs "-Enc" | project n`, `
			n:long
			[5]`},
		{"ne and not contains", tbl + `T | where f != "ps.exe" and c !contains "ENC" | project n`, `
			n:long`},
		{"selector then mask then selector", tbl + `T | where c contains "enc" and n > 1 and f == "ps.exe" | project n`, `
			n:long
			[5]`},
		{"eq empty", tbl + `T | where f == "" | project n`, `
			n:long
			[4]`},
		{"count", tbl + `T | where f == "ps.exe" and c contains "enc" | count`, `
			Count:long
			[2]`},
	})
}

func TestPairSet(t *testing.T) {
	for _, n := range []int{0, 1, 100, 50000, 300000} {
		var s pairSet
		want := map[uint64]bool{}
		for i := range n {
			v := uint64(i*7919%(n/3+1)) << 20 // repeats, and zero
			s.add(v)
			want[v] = true
		}
		seen := map[uint64]bool{}
		s.each(func(x uint64) {
			if !want[x] || seen[x] {
				t.Fatalf("n=%d: unexpected or repeated %d", n, x)
			}
			seen[x] = true
		})
		if len(seen) != len(want) {
			t.Fatalf("n=%d: %d distinct, want %d", n, len(seen), len(want))
		}
	}
}

func TestDcountManyGroups(t *testing.T) {
	runCases(t, nil, []queryCase{
		{"dcount", `range x from 1 to 200000 step 1 | extend g = x % 7, v = tostring(x % 1000) | summarize dcount(v) by g | summarize sum(dcount_v), count()`, `
			sum_dcount_v:long, count_:long
			[7000,7]`},
	})
}

// Two string keys are numbered per column, then by the pair.
func TestSummarizeTwoStringKeys(t *testing.T) {
	runCases(t, nil, []queryCase{
		{"pairs", `datatable(a:string, b:string, d:string)["a","bc","x", "ab","c","y", "a","bc","y", "","","x", "","","x", "a","","z"] | summarize n = count(), dc = dcount(d) by a, b | order by a asc, b asc`, `
			a:string, b:string, n:long, dc:long
			["","",2,1]
			["a","",1,1]
			["a","bc",2,2]
			["ab","c",1,1]`},
	})
}

func TestU64IDs(t *testing.T) {
	var in u64ids
	for i := range 20000 {
		k := uint64(i%3000) << 32 >> uint(i%2) // 3000 keys, 0 among them
		id, added := in.id(k)
		id2, again := in.id(k)
		if id != id2 || again || (added && int(id) != in.len()-1) {
			t.Fatalf("id(%d) = %d, %d", k, id, id2)
		}
	}
	if in.len() != 3000 {
		t.Fatalf("len = %d", in.len())
	}
	keys := []uint64{5, 0, 5, 1 << 40, 0}
	ids := make([]uint32, len(keys))
	var fresh []int
	var bulk u64ids
	bulk.ids(keys, ids, func(r int) { fresh = append(fresh, r) })
	if d := cmp.Diff([]uint32{0, 1, 0, 2, 1}, ids); d != "" {
		t.Errorf("ids (-want +got)\n%s", d)
	}
	if d := cmp.Diff([]int{0, 1, 3}, fresh); d != "" {
		t.Errorf("added (-want +got)\n%s", d)
	}
}

// internStrings numbers a string column as id does row by row, across
// more values than it reads ahead and over a sliced array.
func TestInternStrings(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	b := array.NewStringBuilder(mem)
	var vals []string
	for i := range 100 {
		vals = append(vals, fmt.Sprint("v", i*i%37))
	}
	vals[3] = ""
	b.AppendValues(vals, nil)
	a := b.NewStringArray()
	b.Release()
	defer a.Release()
	sl := array.NewSlice(a, 2, 100).(*array.String)
	defer sl.Release()
	bulk, byRow := newInterner(), newInterner()
	offs, data := strView(sl)
	ids := make([]uint32, sl.Len())
	var fresh []int
	bulk.internStrings(offs, data, ids, func(r int) { fresh = append(fresh, r) })
	var wantFresh []int
	for r := range sl.Len() {
		id, added := byRow.id([]byte(sl.Value(r)))
		if ids[r] != id {
			t.Fatalf("row %d (%q): id %d, want %d", r, sl.Value(r), ids[r], id)
		}
		if added {
			wantFresh = append(wantFresh, r)
		}
		if got := string(bulk.key(id)); got != sl.Value(r) {
			t.Fatalf("key(%d) = %q, want %q", id, got, sl.Value(r))
		}
	}
	if d := cmp.Diff(wantFresh, fresh); d != "" {
		t.Errorf("added (-want +got)\n%s", d)
	}
}
