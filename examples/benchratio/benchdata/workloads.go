package benchdata

import (
	"container/heap"
	"unicode/utf8"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
)

// Workload is one query of perf-baselines.md with its reference figures
// (milliseconds at DefaultRows on the reference machine) and its
// hand-written loop.
type Workload struct {
	ID  string
	KQL string
	// DuckDB1, DuckDB2: DuckDB 1.5.6 with 1 and 2 threads; Loop: the
	// reference hand-written loop; Bandwidth: the memory-bandwidth floor.
	DuckDB1, DuckDB2, Loop, Bandwidth float64
	// Run is the hand-written plain-Go loop: one goroutine, maps keyed
	// by string, no dictionary encoding. It returns the number of result
	// rows and a checksum comparable with [Check] of the engine's result.
	Run func(d *Data) (rows int, check int64)
}

// Workloads are W1..W6.
var Workloads = []Workload{
	{"W1", `DeviceProcessEvents | where FileName == "powershell.exe" and ProcessCommandLine contains "-enc" | count`,
		598, 286, 172, 30, LoopW1},
	{"W2", `DeviceProcessEvents | summarize count() by FileName`,
		379, 184, 273, 21, LoopW2},
	{"W3", `DeviceProcessEvents | summarize count(), dcount(DeviceName) by TenantId, FileName`,
		4403, 2354, 8148, 104, LoopW3},
	{"W4", `DeviceProcessEvents | join kind=inner (DeviceInfo) on DeviceName | summarize count() by OSPlatform`,
		690, 297, 618, 36, LoopW4},
	{"W5", `DeviceProcessEvents | top 100 by Timestamp desc`,
		415, 241, 16, 9.5, LoopW5},
	{"W6", `DeviceProcessEvents | summarize arg_max(Timestamp, *) by DeviceName`,
		2412, 949, 861, 45, LoopW6},
}

// checkColumn is the column whose int64 values [Check] sums.
var checkColumn = map[string]string{
	"W1": "Count", "W2": "count_", "W3": "dcount_DeviceName", "W4": "count_",
	"W5": "Timestamp", "W6": "Timestamp",
}

// Check returns the number of rows of an engine result and the sum of
// its checksum column (ok is false if that column is missing or not a
// 64-bit integer or timestamp).
func Check(id string, recs []arrow.Record) (rows int, check int64, ok bool) {
	ok = true
	for _, r := range recs {
		rows += int(r.NumRows())
		idx := r.Schema().FieldIndices(checkColumn[id])
		if len(idx) != 1 {
			ok = false
			continue
		}
		switch c := r.Column(idx[0]).(type) {
		case *array.Int64:
			for _, v := range c.Int64Values() {
				check += v
			}
		case *array.Timestamp:
			for _, v := range c.TimestampValues() {
				check += int64(v)
			}
		default:
			ok = false
		}
	}
	return rows, check, ok
}

func strs(r arrow.Record, i int) *array.String { return r.Column(i).(*array.String) }

// LoopW1: where FileName == "powershell.exe" and ProcessCommandLine
// contains "-enc" | count.
func LoopW1(d *Data) (int, int64) {
	var n int64
	for _, r := range d.Events {
		fn, cl := strs(r, ColFileName), strs(r, ColProcessCommandLine)
		for i := range int(r.NumRows()) {
			if fn.Value(i) == "powershell.exe" && containsFold(cl.Value(i), "-enc") {
				n++
			}
		}
	}
	return 1, n
}

// containsFold reports whether s contains the lower-case ASCII needle,
// folding s's case (simple Unicode folding for non-ASCII runes).
func containsFold(s, lowerNeedle string) bool {
	n := len(lowerNeedle)
	if n == 0 {
		return true
	}
	c0 := lowerNeedle[0]
	for i := 0; i+n <= len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return containsFoldSlow(s, lowerNeedle)
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != c0 {
			continue
		}
		j := 1
		for ; j < n; j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != lowerNeedle[j] {
				break
			}
		}
		if j == n {
			return true
		}
	}
	return false
}

func containsFoldSlow(s, lowerNeedle string) bool {
	for i := range s {
		if len(s)-i < len(lowerNeedle) {
			return false
		}
		k := i
		ok := true
		for _, nr := range lowerNeedle {
			if k >= len(s) {
				ok = false
				break
			}
			r, sz := utf8.DecodeRuneInString(s[k:])
			if r != nr && toLowerRune(r) != nr {
				ok = false
				break
			}
			k += sz
		}
		if ok {
			return true
		}
	}
	return false
}

func toLowerRune(r rune) rune {
	if 'A' <= r && r <= 'Z' {
		return r + 'a' - 'A'
	}
	return r
}

// LoopW2: summarize count() by FileName.
func LoopW2(d *Data) (int, int64) {
	m := map[string]int64{}
	for _, r := range d.Events {
		fn := strs(r, ColFileName)
		for i := range int(r.NumRows()) {
			m[fn.Value(i)]++
		}
	}
	var sum int64
	for _, c := range m {
		sum += c
	}
	return len(m), sum
}

// LoopW3: summarize count(), dcount(DeviceName) by TenantId, FileName,
// with a map of sets.
func LoopW3(d *Data) (int, int64) {
	type key struct{ t, f string }
	type group struct {
		n   int64
		set map[string]struct{}
	}
	m := map[key]*group{}
	for _, r := range d.Events {
		tn, fn, dn := strs(r, ColTenantId), strs(r, ColFileName), strs(r, ColDeviceName)
		for i := range int(r.NumRows()) {
			k := key{tn.Value(i), fn.Value(i)}
			g := m[k]
			if g == nil {
				g = &group{set: map[string]struct{}{}}
				m[k] = g
			}
			g.n++
			g.set[dn.Value(i)] = struct{}{}
		}
	}
	var sum int64
	for _, g := range m {
		sum += int64(len(g.set))
	}
	return len(m), sum
}

// LoopW4: join kind=inner (DeviceInfo) on DeviceName | summarize count()
// by OSPlatform.
func LoopW4(d *Data) (int, int64) {
	os := map[string][]string{} // DeviceInfo may repeat a name: inner join multiplies
	for _, r := range d.Devices {
		dn, op := strs(r, DevColDeviceName), strs(r, DevColOSPlatform)
		for i := range int(r.NumRows()) {
			os[dn.Value(i)] = append(os[dn.Value(i)], op.Value(i))
		}
	}
	m := map[string]int64{}
	for _, r := range d.Events {
		dn := strs(r, ColDeviceName)
		for i := range int(r.NumRows()) {
			for _, p := range os[dn.Value(i)] {
				m[p]++
			}
		}
	}
	var sum int64
	for _, c := range m {
		sum += c
	}
	return len(m), sum
}

type rowRef struct {
	ts         int64
	batch, row int32
}

type minHeap []rowRef

func (h minHeap) Len() int           { return len(h) }
func (h minHeap) Less(i, j int) bool { return h[i].ts < h[j].ts }
func (h minHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *minHeap) Push(x any)        { *h = append(*h, x.(rowRef)) }
func (h *minHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// LoopW5: top 100 by Timestamp desc, all columns, with a heap of row
// references, then the 100 rows gathered into a record.
func LoopW5(d *Data) (int, int64) {
	const n = 100
	h := make(minHeap, 0, n)
	for b, r := range d.Events {
		ts := r.Column(ColTimestamp).(*array.Timestamp).TimestampValues()
		for i, v := range ts {
			if len(h) < n {
				heap.Push(&h, rowRef{int64(v), int32(b), int32(i)})
			} else if int64(v) > h[0].ts {
				h[0] = rowRef{int64(v), int32(b), int32(i)}
				heap.Fix(&h, 0)
			}
		}
	}
	refs := make([]rowRef, len(h))
	for i := len(h) - 1; i >= 0; i-- {
		refs[i] = heap.Pop(&h).(rowRef)
	}
	rec := gather(d.Events, refs)
	defer rec.Release()
	var sum int64
	for _, v := range rec.Column(ColTimestamp).(*array.Timestamp).TimestampValues() {
		sum += int64(v)
	}
	return int(rec.NumRows()), sum
}

// LoopW6: summarize arg_max(Timestamp, *) by DeviceName: a map from
// device to the row with the latest timestamp (the first one on ties),
// then those rows gathered into a record.
func LoopW6(d *Data) (int, int64) {
	m := map[string]rowRef{}
	for b, r := range d.Events {
		dn := strs(r, ColDeviceName)
		ts := r.Column(ColTimestamp).(*array.Timestamp).TimestampValues()
		for i, v := range ts {
			k := dn.Value(i)
			if cur, ok := m[k]; !ok || int64(v) > cur.ts {
				m[k] = rowRef{int64(v), int32(b), int32(i)}
			}
		}
	}
	refs := make([]rowRef, 0, len(m))
	for _, ref := range m {
		refs = append(refs, ref)
	}
	rec := gather(d.Events, refs)
	defer rec.Release()
	var sum int64
	for _, v := range rec.Column(ColTimestamp).(*array.Timestamp).TimestampValues() {
		sum += int64(v)
	}
	return int(rec.NumRows()), sum
}

// gather builds a record of the events at refs, every column.
func gather(recs []arrow.Record, refs []rowRef) arrow.Record {
	b := array.NewRecordBuilder(memory.DefaultAllocator, EventsSchema)
	defer b.Release()
	for _, ref := range refs {
		r := recs[ref.batch]
		i := int(ref.row)
		for c := range EventsSchema.Fields() {
			switch col := r.Column(c).(type) {
			case *array.String:
				b.Field(c).(*array.StringBuilder).Append(col.Value(i))
			case *array.Timestamp:
				b.Field(c).(*array.TimestampBuilder).Append(col.Value(i))
			case *array.Int64:
				b.Field(c).(*array.Int64Builder).Append(col.Value(i))
			}
		}
	}
	return b.NewRecord()
}
