package exec

import (
	"context"
	"io"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/crosshunt/crosshunt/kql"
)

// mvApplyOp runs a subquery on the mv-expanded items of each input row:
// the row is expanded as mv-expand would, the subquery runs over those
// rows, and its output rows are returned alongside the input row's other
// columns (those the subquery does not itself return).
type mvApplyOp struct {
	in     Operator
	schema *arrow.Schema
	c      *compiler
	sc     *scope
	node   *kql.MvApplyOp
	keep   []int // input columns copied to each output row
	subOut int   // number of subquery output columns
}

var _ Operator = (*mvApplyOp)(nil)

func (c *compiler) mvApply(ctx context.Context, sc *scope, in Operator, n *kql.MvApplyOp) (Operator, error) {
	o := &mvApplyOp{in: in, c: c, sc: sc, node: n}
	// Compile the subquery once over an empty input to learn its schema.
	sub, err := o.subquery(ctx, newRecordsOp(in.Schema()))
	if err != nil {
		return nil, err
	}
	subSchema := sub.Schema()
	sub.Close()
	expanded := map[string]bool{}
	for _, it := range n.Items {
		name := autoName(it.X)
		if it.Name != nil {
			name = it.Name.Name
		}
		expanded[name] = true
	}
	var fields []arrow.Field
	for i, f := range in.Schema().Fields() {
		if expanded[f.Name] || colIndex(subSchema, f.Name) >= 0 {
			continue
		}
		o.keep = append(o.keep, i)
		fields = append(fields, f)
	}
	fields = append(fields, subSchema.Fields()...)
	o.subOut = subSchema.NumFields()
	o.schema = arrow.NewSchema(fields, nil)
	return o, nil
}

// subquery compiles mv-expand of the items followed by the subquery over
// input.
func (o *mvApplyOp) subquery(ctx context.Context, input Operator) (Operator, error) {
	n := o.node
	exp, err := o.c.mvExpand(ctx, o.sc, input, &kql.MvExpandOp{Span: n.Span, Options: n.Options, Items: n.Items, Limit: n.Limit})
	if err != nil {
		input.Close()
		return nil, err
	}
	sub := unparen(n.Sub)
	if p, ok := sub.(*kql.PipeExpr); ok && p.Source == nil {
		return o.c.pipeline(ctx, o.sc, exp, p.Ops)
	}
	exp.Close()
	return nil, o.c.errorf(n.Sub, "mv-apply expects a subquery starting with an operator")
}

func (o *mvApplyOp) Schema() *arrow.Schema { return o.schema }

func (o *mvApplyOp) Next(ctx context.Context) (arrow.Record, error) {
	return nextMapped(ctx, o.in, o.apply, false)
}

// apply runs the subquery for every row of a batch.
func (o *mvApplyOp) apply(ctx context.Context, rec arrow.Record) (arrow.Record, error) {
	mem := o.c.alloc()
	b := array.NewRecordBuilder(mem, o.schema)
	defer b.Release()
	for r := range rec.NumRows() {
		row := rec.NewSlice(r, r+1)
		sub, err := o.subquery(ctx, newRecordsOp(rec.Schema(), row))
		if err != nil {
			return nil, err
		}
		for {
			res, err := sub.Next(ctx)
			if err == io.EOF {
				break
			}
			if err != nil {
				sub.Close()
				return nil, err
			}
			for i := range int(res.NumRows()) {
				for j, src := range o.keep {
					appendFrom(b.Field(j), rec.Column(src), int(r))
				}
				for k := range o.subOut {
					appendFrom(b.Field(len(o.keep)+k), res.Column(k), i)
				}
			}
			res.Release()
		}
		sub.Close()
	}
	return b.NewRecord(), nil
}

func (o *mvApplyOp) Close() { o.in.Close() }
