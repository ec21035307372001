package benchdata

import (
	"fmt"
	"slices"
	"strings"

	"github.com/apache/arrow/go/v15/arrow/array"
)

// Stats describes the data against the specification: distinct counts,
// the heaviest values, the busy devices' share and command line lengths.
func Stats(d *Data) string {
	var sb strings.Builder
	counts := make([]map[string]int, len(EventsSchema.Fields()))
	for i := range counts {
		counts[i] = map[string]int{}
	}
	var cmdBytes, encPS, busy int
	var minTs, maxTs int64 = 1<<63 - 1, -1 << 63
	for _, r := range d.Events {
		for _, c := range []int{ColTenantId, ColDeviceName, ColFileName, ColAccountName} {
			s := strs(r, c)
			for i := range int(r.NumRows()) {
				counts[c][s.Value(i)]++
			}
		}
		cl, fn, dn := strs(r, ColProcessCommandLine), strs(r, ColFileName), strs(r, ColDeviceName)
		cmdBytes += len(cl.ValueBytes())
		for i := range int(r.NumRows()) {
			if fn.Value(i) == "powershell.exe" && containsFold(cl.Value(i), "-enc") {
				encPS++
			}
			if strings.HasPrefix(dn.Value(i), "srv-") {
				busy++
			}
		}
		for _, v := range r.Column(ColTimestamp).(*array.Timestamp).TimestampValues() {
			minTs, maxTs = min(minTs, int64(v)), max(maxTs, int64(v))
		}
	}
	fmt.Fprintf(&sb, "rows %d, batches %d, command line avg %.1f bytes, powershell -enc rows %d, busy-device share %.3f\n",
		d.Rows, len(d.Events), float64(cmdBytes)/float64(d.Rows), encPS, float64(busy)/float64(d.Rows))
	fmt.Fprintf(&sb, "timestamps %d .. %d (span %.2f days)\n", minTs, maxTs, float64(maxTs-minTs)/86400e9)
	for _, c := range []int{ColTenantId, ColDeviceName, ColFileName, ColAccountName} {
		type kv struct {
			k string
			n int
		}
		var kvs []kv
		for k, n := range counts[c] {
			kvs = append(kvs, kv{k, n})
		}
		slices.SortFunc(kvs, func(a, b kv) int { return b.n - a.n })
		fmt.Fprintf(&sb, "%s: %d distinct; top:", EventsSchema.Field(c).Name, len(kvs))
		for _, e := range kvs[:min(4, len(kvs))] {
			fmt.Fprintf(&sb, " %s=%d", e.k, e.n)
		}
		sb.WriteString("\n")
	}
	return sb.String()
}
