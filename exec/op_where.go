package exec

import (
	"context"
	"io"
	"strings"

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
	sels  []selector // per predicate: a row selector, or nil
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
		if e.typ() != TypeBool {
			return nil, c.errorf(conj, "where needs a bool predicate, got %s", e.typ())
		}
		if hasWindow(e) {
			in = newGatherOp(in, c.alloc())
		}
		preds = append(preds, c.convert(e, TypeBool))
	}
	sels := make([]selector, len(preds))
	for i, p := range preds {
		sels[i] = selectorOf(p)
	}
	return &filterOp{in: in, preds: preds, sels: sels, mem: c.alloc()}, nil
}

// selector narrows a selection of rows of rec (all rows when all) to those
// where a predicate is true, without building a mask or copying rows; ok
// is false when it does not apply to this batch's arrays.
type selector func(rec arrow.Record, sel []int32, all bool) (out []int32, ok bool)

// selectorOf returns a selector for the predicates that have one: a string
// column == or != a string constant, and a string column contains (or
// contains_cs, and their negations) a string constant. Null strings never
// compare (as compareFast has it) and contain nothing but "" (as
// containsColumn has it).
func selectorOf(p expr) selector {
	e, ok := p.(*binaryExpr)
	if !ok {
		return nil
	}
	col, ok := e.x.(*colExpr)
	if !ok || col.t != TypeString {
		return nil
	}
	k, ok := e.y.(*constExpr)
	if !ok {
		return nil
	}
	needle, ok := k.v.(string)
	if !ok {
		return nil
	}
	idx := col.idx
	switch {
	case e.class == classCompare && (e.op == "==" || e.op == "!="):
		want := e.op == "=="
		return func(rec arrow.Record, sel []int32, all bool) ([]int32, bool) {
			a, ok := rec.Column(idx).(*array.String)
			if !ok {
				return nil, false
			}
			offs, data := strView(a)
			nulls := a.NullN() > 0
			n := int32(len(needle))
			test := func(i int32) bool {
				if nulls && a.IsNull(int(i)) {
					return false
				}
				lo, hi := offs[i], offs[i+1]
				return (hi-lo == n && string(data[lo:hi]) == needle) == want
			}
			return selectRows(sel, all, a.Len(), test), true
		}
	case e.class == classString && e.re == nil && (e.base == "contains" || e.base == "contains_cs"):
		cs, neg := e.base == "contains_cs", e.neg
		return func(rec arrow.Record, sel []int32, all bool) ([]int32, bool) {
			a, ok := rec.Column(idx).(*array.String)
			if !ok {
				return nil, false
			}
			offs, data := strView(a)
			nulls := a.NullN() > 0
			test := func(i int32) bool {
				v := ""
				if !nulls || !a.IsNull(int(i)) {
					v = bytesToString(data[offs[i]:offs[i+1]])
				}
				var c bool
				if cs {
					c = strings.Contains(v, needle)
				} else {
					c = containsFold(v, needle)
				}
				return c != neg
			}
			return selectRows(sel, all, a.Len(), test), true
		}
	}
	return nil
}

// selectRows keeps the rows of a selection (0..n-1 when all) that pass test,
// in place when not all.
func selectRows(sel []int32, all bool, n int, test func(int32) bool) []int32 {
	if all {
		out := make([]int32, 0, n/8+16)
		for i := range int32(n) {
			if test(i) {
				out = append(out, i)
			}
		}
		return out
	}
	out := sel[:0]
	for _, i := range sel {
		if test(i) {
			out = append(out, i)
		}
	}
	return out
}

// applySelection returns the rows sel of rec.
func applySelection(ctx context.Context, mem memory.Allocator, rec arrow.Record, sel []int32) (arrow.Record, error) {
	switch len(sel) {
	case 0:
		return rec.NewSlice(0, 0), nil
	case int(rec.NumRows()):
		rec.Retain()
		return rec, nil
	}
	return takeRecord(ctx, mem, rec, sel)
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
		var sel []int32
		all := true
		for k, p := range o.preds {
			if rec.NumRows() == 0 || !all && len(sel) == 0 {
				break
			}
			if f := o.sels[k]; f != nil {
				if out, ok := f(rec, sel, all); ok {
					sel, all = out, false
					continue
				}
			}
			if !all {
				next, err := applySelection(ctx, o.mem, rec, sel)
				rec.Release()
				if err != nil {
					return nil, err
				}
				rec, sel, all = next, nil, true
			}
			next, err := filterBy(ctx, o.mem, rec, p)
			rec.Release()
			if err != nil {
				return nil, err
			}
			rec = next
		}
		if !all {
			next, err := applySelection(ctx, o.mem, rec, sel)
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
