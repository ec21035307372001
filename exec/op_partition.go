package exec

import (
	"context"
	"io"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/crosshunt/crosshunt/kql"
)

// partitionOp is `partition by Column (Sub)` and `partition by Column
// { SubWithSource }`: the input's rows are split by the distinct values of
// Column (in order of first appearance), the subquery runs once per
// partition, and the output is the union of the subquery results. In the
// parenthesized form the partition's rows are the subquery's input; in the
// braces form (legacy strategy) the subquery has its own source and the
// name Column stands for the partition's key value, a scalar (so both
// `Column` and `toscalar(Column)` work). The strategy hints change only
// how Kusto distributes the work, not the result, and are accepted and
// ignored; braces with a strategy other than legacy is an error, as in
// Kusto.
type partitionOp struct {
	in     Operator
	schema *arrow.Schema
	c      *compiler
	sc     *scope
	node   *kql.PartitionOp
	key    int
	keyT   Type

	started bool
	parts   []arrow.Record // pending partition inputs (braces: one-row key records)
	cur     Operator
}

var _ Operator = (*partitionOp)(nil)

func (c *compiler) partition(ctx context.Context, sc *scope, in Operator, n *kql.PartitionOp) (Operator, error) {
	for _, o := range n.Options {
		if strings.EqualFold(o.Name, "hint.strategy") {
			s := strings.ToLower(optionText(o.Value))
			switch s {
			case "legacy", "native", "shuffle":
			default:
				return nil, c.errorf(o, "partition: unknown strategy %q (expected legacy, native or shuffle)", s)
			}
			if n.Braces && s != "legacy" {
				return nil, c.errorf(o, "partition: a subquery with its own source needs hint.strategy=legacy")
			}
		}
	}
	id, ok := unparen(n.By).(*kql.Ident)
	if !ok {
		return nil, c.errorf(n.By, "partition expects a column name after by")
	}
	key := colIndex(in.Schema(), id.Name)
	if key < 0 {
		return nil, c.errorf(n.By, "partition: unknown column %q", id.Name)
	}
	o := &partitionOp{in: in, c: c, sc: sc, node: n, key: key, keyT: fieldType(in.Schema(), key)}
	// Compile the subquery once over an empty partition to learn its schema.
	sub, err := o.subquery(ctx, newRecordsOp(in.Schema()), nil)
	if err != nil {
		return nil, err
	}
	o.schema = sub.Schema()
	sub.Close()
	return o, nil
}

// subquery compiles the subquery for one partition: input holds its rows,
// keyVal its key value.
func (o *partitionOp) subquery(ctx context.Context, input Operator, keyVal Value) (Operator, error) {
	n := o.node
	if n.Braces {
		input.Close()
		sc := o.sc.child()
		name := unparen(n.By).(*kql.Ident).Name
		sc.names[name] = &binding{scalar: &constExpr{t: o.keyT, v: keyVal}}
		return o.c.tabular(ctx, sc, n.Sub)
	}
	if p, ok := unparen(n.Sub).(*kql.PipeExpr); ok && p.Source == nil {
		return o.c.pipeline(ctx, o.sc, input, p.Ops)
	}
	input.Close()
	return nil, o.c.errorf(n.Sub, "partition expects a subquery starting with an operator, or a subquery with its own source in braces")
}

func (o *partitionOp) Schema() *arrow.Schema { return o.schema }

// split reads the whole input and cuts it into one record per key value.
func (o *partitionOp) split(ctx context.Context) error {
	mem := o.c.alloc()
	rec, err := drainOne(ctx, mem, o.in)
	if err != nil {
		return err
	}
	defer rec.Release()
	groups := newInterner()
	var members [][]int32
	keyCol := rec.Column(o.key)
	var buf []byte
	for r := range int(rec.NumRows()) {
		buf = appendKey(buf[:0], keyCol, r)
		g, added := groups.id(buf)
		if added {
			members = append(members, nil)
		}
		members[g] = append(members[g], int32(r))
	}
	for _, idx := range members {
		cols := make([]arrow.Array, rec.NumCols())
		for i := range cols {
			cols[i] = takeArray(mem, rec.Column(i), idx)
		}
		o.parts = append(o.parts, array.NewRecord(rec.Schema(), cols, int64(len(idx))))
		releaseArrays(cols)
	}
	return nil
}

func (o *partitionOp) Next(ctx context.Context) (arrow.Record, error) {
	if !o.started {
		o.started = true
		if err := o.split(ctx); err != nil {
			return nil, err
		}
	}
	for {
		if o.cur == nil {
			if len(o.parts) == 0 {
				return nil, io.EOF
			}
			part := o.parts[0]
			o.parts = o.parts[1:]
			keyVal := ValueAt(part.Column(o.key), 0)
			sub, err := o.subquery(ctx, newRecordsOp(part.Schema(), part), keyVal)
			if err != nil {
				return nil, err
			}
			if !sameSchema(sub.Schema(), o.schema) {
				sub.Close()
				return nil, o.c.errorf(o.node.Sub, "partition: the subquery returns different columns for different partitions")
			}
			o.cur = sub
		}
		rec, err := o.cur.Next(ctx)
		if err == io.EOF {
			o.cur.Close()
			o.cur = nil
			continue
		}
		if err != nil {
			return nil, err
		}
		if rec.Schema() != o.schema {
			out := array.NewRecord(o.schema, rec.Columns(), rec.NumRows())
			rec.Release()
			rec = out
		}
		return rec, nil
	}
}

// sameSchema reports whether two schemas have the same column names and
// types.
func sameSchema(a, b *arrow.Schema) bool {
	if a.NumFields() != b.NumFields() {
		return false
	}
	for i := range a.NumFields() {
		if a.Field(i).Name != b.Field(i).Name || !arrow.TypeEqual(a.Field(i).Type, b.Field(i).Type) {
			return false
		}
	}
	return true
}

func (o *partitionOp) Close() {
	if o.cur != nil {
		o.cur.Close()
		o.cur = nil
	}
	releaseAll(o.parts)
	o.parts = nil
	o.in.Close()
}
