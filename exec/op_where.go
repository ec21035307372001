package exec

import (
	"context"
	"io"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/crosshunt/crosshunt/kql"
)

// filterOp keeps the rows where every predicate is true. A where clause
// `a and b and c` is split into its conjuncts, applied one after the
// other, so that later (often costlier) tests see only surviving rows.
type filterOp struct {
	in    Operator
	preds []expr
	mem   memory.Allocator
}

var _ Operator = (*filterOp)(nil)

func (c *compiler) where(ctx context.Context, sc *scope, in Operator, op *kql.WhereOp) (Operator, error) {
	rs := &rowScope{schema: in.Schema(), sc: sc, where: "where"}
	var preds []expr
	for _, conj := range conjuncts(op.Pred) {
		e, err := c.scalar(ctx, rs, conj)
		if err != nil {
			return nil, err
		}
		if e.typ() != TypeBool && e.typ() != TypeDynamic {
			return nil, c.errorf(conj, "where needs a bool predicate, got %s", e.typ())
		}
		if hasWindow(e) {
			in = newGatherOp(in, c.alloc())
		}
		preds = append(preds, c.convert(e, TypeBool))
	}
	return &filterOp{in: in, preds: preds, mem: c.alloc()}, nil
}

// conjuncts splits a predicate on its top-level and operators.
func conjuncts(e kql.Expr) []kql.Expr {
	switch x := e.(type) {
	case *kql.BinaryExpr:
		if x.Op == "and" {
			return append(conjuncts(x.X), conjuncts(x.Y)...)
		}
	case *kql.ParenExpr:
		if b, ok := x.X.(*kql.BinaryExpr); ok && b.Op == "and" {
			return conjuncts(b)
		}
	}
	return []kql.Expr{e}
}

func (o *filterOp) Schema() *arrow.Schema { return o.in.Schema() }

func (o *filterOp) Next(ctx context.Context) (arrow.Record, error) {
	for {
		rec, err := o.in.Next(ctx)
		if err != nil {
			return nil, err
		}
		for _, p := range o.preds {
			if rec.NumRows() == 0 {
				break
			}
			next, err := filterBy(ctx, o.mem, rec, p)
			rec.Release()
			if err != nil {
				return nil, err
			}
			rec = next
		}
		if rec.NumRows() > 0 {
			return rec, nil
		}
		rec.Release()
	}
}

func (o *filterOp) Close() { o.in.Close() }

// filterBy evaluates a predicate over rec and returns the rows where it
// is true.
func filterBy(ctx context.Context, mem memory.Allocator, rec arrow.Record, p expr) (arrow.Record, error) {
	v, err := p.eval(&batch{rec: rec, mem: mem, n: int(rec.NumRows())})
	if err != nil {
		return nil, err
	}
	defer v.release()
	if v.Array == nil {
		if b, ok := v.Const.(bool); ok && b {
			rec.Retain()
			return rec, nil
		}
		return rec.NewSlice(0, 0), nil
	}
	return filterRecord(ctx, mem, rec, v.Array.(*array.Boolean))
}

// filterRecord keeps the rows of rec where mask is true (not null).
func filterRecord(ctx context.Context, mem memory.Allocator, rec arrow.Record, mask *array.Boolean) (arrow.Record, error) {
	trues := 0
	for i := range mask.Len() {
		if mask.IsValid(i) && mask.Value(i) {
			trues++
		}
	}
	switch trues {
	case 0:
		return rec.NewSlice(0, 0), nil
	case int(rec.NumRows()):
		rec.Retain()
		return rec, nil
	}
	idx := make([]int32, 0, trues)
	for i := range mask.Len() {
		if mask.IsValid(i) && mask.Value(i) {
			idx = append(idx, int32(i))
		}
	}
	return takeRecord(ctx, mem, rec, idx)
}

// gatherOp concatenates its whole input into one batch: window functions
// and other operators that need every row in order sit on top of it.
type gatherOp struct {
	in   Operator
	mem  memory.Allocator
	done bool
}

var _ Operator = (*gatherOp)(nil)

func newGatherOp(in Operator, mem memory.Allocator) *gatherOp {
	return &gatherOp{in: in, mem: mem}
}

func (o *gatherOp) Schema() *arrow.Schema { return o.in.Schema() }

func (o *gatherOp) Next(ctx context.Context) (arrow.Record, error) {
	if o.done {
		return nil, io.EOF
	}
	o.done = true
	return drainOne(ctx, o.mem, o.in)
}

func (o *gatherOp) Close() { o.in.Close() }
