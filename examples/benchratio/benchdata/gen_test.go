package benchdata

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
)

func TestDeterministicAndCached(t *testing.T) {
	const rows = BatchRows + 1000
	a := Generate(rows)
	defer a.Release()
	dir := t.TempDir()
	b, gen, err := Load(dir, rows)
	if err != nil || !gen {
		t.Fatalf("Load: generated=%v err=%v", gen, err)
	}
	b.Release()
	c, gen, err := Load(dir, rows)
	if err != nil || gen {
		t.Fatalf("second Load: generated=%v err=%v", gen, err)
	}
	defer c.Release()
	if len(c.Events) != 2 || c.Events[1].NumRows() != 1000 {
		t.Fatalf("batches: %d", len(c.Events))
	}
	for i := range a.Events {
		if !array.RecordEqual(a.Events[i], c.Events[i]) {
			t.Fatalf("events batch %d differs after the cache", i)
		}
	}
	if !array.RecordEqual(a.Devices[0], c.Devices[0]) {
		t.Fatal("devices differ after the cache")
	}
	ef, _ := CacheFiles(dir, rows)
	if filepath.Dir(ef) != dir {
		t.Fatal(ef)
	}
	// The first batch does not depend on the row count.
	d := Generate(BatchRows)
	defer d.Release()
	if !array.RecordEqual(a.Events[0], d.Events[0]) {
		t.Fatal("batch 0 depends on the row count")
	}
	col := func(r arrow.Record, i int) []byte { return r.Column(i).(*array.String).ValueBytes() }
	if !bytes.Equal(col(a.Events[0], ColProcessCommandLine), col(d.Events[0], ColProcessCommandLine)) {
		t.Fatal("command lines differ")
	}
}

func TestLoopsAgreeWithStats(t *testing.T) {
	d := Generate(200_000)
	defer d.Release()
	if n, sum := LoopW2(d); n != FileNames || sum != 200_000 {
		t.Fatalf("W2: %d groups, %d rows", n, sum)
	}
	if n, sum := LoopW4(d); n != 6 || sum != 200_000 {
		t.Fatalf("W4: %d groups, %d rows", n, sum)
	}
	if _, n := LoopW1(d); n < 1000 {
		t.Fatalf("W1: %d", n)
	}
	if n, _ := LoopW5(d); n != 100 {
		t.Fatalf("W5: %d", n)
	}
	if !containsFold("x -EncodedCommand y", "-enc") || containsFold("x\r-nc", "-enc") || !containsFold("é-ENC", "-enc") {
		t.Fatal("containsFold")
	}
}

func BenchmarkGenerate(b *testing.B) {
	for range b.N {
		Generate(1_000_000).Release()
	}
}
