package exec

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync/atomic"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
)

// Operator is one node of a running query: it pulls record batches from
// its inputs and produces its own.
type Operator interface {
	// Schema returns the schema of every batch Next returns.
	Schema() *arrow.Schema
	// Next returns the next batch, which the caller owns and must release,
	// or io.EOF after the last one.
	Next(ctx context.Context) (arrow.Record, error)
	// Close releases the operator's resources and closes its inputs.
	Close()
}

// ErrMemoryLimit is returned (wrapped, naming the operator) when an
// operator would hold more than Options.MemoryLimit bytes.
var ErrMemoryLimit = errors.New("memory limit exceeded")

// memAccount tracks the bytes allocated by a query's Arrow buffers so that
// blocking operators can fail cleanly past the limit.
type memAccount struct {
	memory.Allocator
	limit int64
	used  atomic.Int64
}

func (m *memAccount) Allocate(size int) []byte {
	m.used.Add(int64(size))
	return m.Allocator.Allocate(size)
}

func (m *memAccount) Reallocate(size int, b []byte) []byte {
	m.used.Add(int64(size - len(b)))
	return m.Allocator.Reallocate(size, b)
}

func (m *memAccount) Free(b []byte) {
	m.used.Add(-int64(len(b)))
	m.Allocator.Free(b)
}

// check returns an error naming op when the limit is exceeded; extra
// counts memory the operator holds outside Arrow buffers (hash tables).
func (m *memAccount) check(op string, extra int64) error {
	if m.limit > 0 && m.used.Load()+extra > m.limit {
		return fmt.Errorf("exec: %s: %w (limit %d bytes)", op, ErrMemoryLimit, m.limit)
	}
	return nil
}

// drain reads every batch of op, releasing none: the caller owns them.
func drain(ctx context.Context, op Operator) ([]arrow.Record, error) {
	var recs []arrow.Record
	for {
		rec, err := op.Next(ctx)
		if err == io.EOF {
			return recs, nil
		}
		if err != nil {
			releaseAll(recs)
			return nil, err
		}
		if rec.NumRows() == 0 {
			rec.Release()
			continue
		}
		recs = append(recs, rec)
	}
}

// drainOne reads every batch of op and concatenates them into one record.
func drainOne(ctx context.Context, mem memory.Allocator, op Operator) (arrow.Record, error) {
	recs, err := drain(ctx, op)
	if err != nil {
		return nil, err
	}
	defer releaseAll(recs)
	return concatRecords(mem, op.Schema(), recs)
}

// concatRecords concatenates records of one schema into a new record.
func concatRecords(mem memory.Allocator, schema *arrow.Schema, recs []arrow.Record) (arrow.Record, error) {
	if len(recs) == 1 {
		recs[0].Retain()
		return recs[0], nil
	}
	cols := make([]arrow.Array, schema.NumFields())
	var n int64
	for _, r := range recs {
		n += r.NumRows()
	}
	for i := range cols {
		if len(recs) == 0 {
			b := array.NewBuilder(mem, schema.Field(i).Type)
			cols[i] = b.NewArray()
			b.Release()
			continue
		}
		parts := make([]arrow.Array, len(recs))
		for j, r := range recs {
			parts[j] = r.Column(i)
		}
		c, err := array.Concatenate(parts, mem)
		if err != nil {
			releaseArrays(cols[:i])
			return nil, err
		}
		cols[i] = c
	}
	defer releaseArrays(cols)
	return array.NewRecord(schema, cols, n), nil
}

func releaseAll(recs []arrow.Record) {
	for _, r := range recs {
		r.Release()
	}
}

func releaseArrays(arrs []arrow.Array) {
	for _, a := range arrs {
		if a != nil {
			a.Release()
		}
	}
}

// recordsOp replays records it owns: a materialized table, a datatable,
// the output of a blocking step.
type recordsOp struct {
	schema *arrow.Schema
	recs   []arrow.Record
	next   int
}

var _ Operator = (*recordsOp)(nil)

// newRecordsOp returns an operator replaying recs, taking ownership.
func newRecordsOp(schema *arrow.Schema, recs ...arrow.Record) *recordsOp {
	return &recordsOp{schema: schema, recs: recs}
}

func (o *recordsOp) Schema() *arrow.Schema { return o.schema }

func (o *recordsOp) Next(ctx context.Context) (arrow.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if o.next >= len(o.recs) {
		return nil, io.EOF
	}
	r := o.recs[o.next]
	o.recs[o.next] = nil
	o.next++
	return r, nil
}

func (o *recordsOp) Close() {
	for _, r := range o.recs {
		if r != nil {
			r.Release()
		}
	}
	o.recs = nil
}

// tableScan reads an arrow.Table in batches without copying.
type tableScan struct {
	reader *array.TableReader
}

var _ Operator = (*tableScan)(nil)

func newTableScan(t arrow.Table, batch int) *tableScan {
	return &tableScan{reader: array.NewTableReader(t, int64(batch))}
}

func (o *tableScan) Schema() *arrow.Schema { return o.reader.Schema() }

func (o *tableScan) Next(ctx context.Context) (arrow.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if !o.reader.Next() {
		if err := o.reader.Err(); err != nil {
			return nil, err
		}
		return nil, io.EOF
	}
	rec := o.reader.Record()
	rec.Retain()
	return rec, nil
}

func (o *tableScan) Close() { o.reader.Release() }

// emptyRecord returns a record of schema with no rows.
func emptyRecord(mem memory.Allocator, schema *arrow.Schema) arrow.Record {
	r, _ := concatRecords(mem, schema, nil)
	return r
}
