package exec

import (
	"context"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/crosshunt/crosshunt/kql"
)

// sortKey is one key of sort or top.
type sortKey struct {
	e          expr
	desc       bool
	nullsFirst bool
}

// cmpAt compares row i of a with row j of b (arrays of one type) in
// ascending order with nulls first.
func cmpAt(a arrow.Array, i int, b arrow.Array, j int) int {
	an, bn := a.IsNull(i), b.IsNull(j)
	if an || bn {
		switch {
		case an && bn:
			return 0
		case an:
			return -1
		}
		return 1
	}
	switch x := a.(type) {
	case *array.Int64:
		return cmpOrdered(x.Value(i), b.(*array.Int64).Value(j))
	case *array.Timestamp:
		return cmpOrdered(int64(x.Value(i)), int64(b.(*array.Timestamp).Value(j)))
	case *array.Duration:
		return cmpOrdered(int64(x.Value(i)), int64(b.(*array.Duration).Value(j)))
	case *array.Int32:
		return cmpOrdered(int64(x.Value(i)), int64(b.(*array.Int32).Value(j)))
	case *array.Float64:
		return cmpOrdered(x.Value(i), b.(*array.Float64).Value(j))
	case *array.String:
		return strings.Compare(x.Value(i), b.(*array.String).Value(j))
	}
	return CompareValues(ValueAt(a, i), ValueAt(b, j))
}

// nullRank is 2 when row i of a sort key column is null (empty strings
// sort with nulls, as in Kusto), 1 when it is a real NaN, else 0.
// Nulls and NaNs go together at the nulls end, the nulls outermost
// (learn.microsoft.com/kusto/query/sort-operator: asc nulls first is
// null, NaN, -inf, ..., +inf; desc nulls last is +inf, ..., NaN, null).
func nullRank(a arrow.Array, i int) int {
	switch x := a.(type) {
	case *array.String:
		if x.ValueLen(i) == 0 {
			return 2
		}
		return 0
	case *array.Float64:
		if x.IsNull(i) {
			return 2
		}
		if v := x.Value(i); v != v {
			return 1
		}
		return 0
	}
	if a.IsNull(i) {
		return 2
	}
	return 0
}

// compareRows compares row i of keys a with row j of keys b.
func compareRows(keys []sortKey, a []arrow.Array, i int, b []arrow.Array, j int) int {
	for k, key := range keys {
		an, bn := nullRank(a[k], i), nullRank(b[k], j)
		if an != 0 || bn != 0 {
			if an == bn {
				continue
			}
			if (an > bn) == key.nullsFirst {
				return -1
			}
			return 1
		}
		c := cmpAt(a[k], i, b[k], j)
		if c != 0 {
			if key.desc {
				return -c
			}
			return c
		}
	}
	return 0
}

func (c *compiler) sortKeys(ctx context.Context, sc *scope, schema *arrow.Schema, by []*kql.OrderExpr, where string) ([]sortKey, error) {
	rs := &rowScope{schema: schema, sc: sc, where: where}
	keys := make([]sortKey, 0, len(by))
	for _, o := range by {
		e, err := c.scalar(ctx, rs, o.X)
		if err != nil {
			return nil, err
		}
		if e.typ() == TypeDynamic && where == "sort" {
			// Kusto orders by dynamic values in top but not in sort.
			return nil, c.errorf(o.X, "sort: cannot order by a dynamic value (convert it, e.g. with tostring())")
		}
		desc := o.Order != "asc"
		nullsFirst := !desc
		switch o.Nulls {
		case "first":
			nullsFirst = true
		case "last":
			nullsFirst = false
		}
		keys = append(keys, sortKey{e: e, desc: desc, nullsFirst: nullsFirst})
	}
	return keys, nil
}

// evalKeys evaluates sort keys over a record.
func evalKeys(mem memory.Allocator, keys []sortKey, rec arrow.Record) ([]arrow.Array, error) {
	n := int(rec.NumRows())
	b := &batch{rec: rec, mem: mem, n: n}
	cols := make([]arrow.Array, len(keys))
	for i, k := range keys {
		v, err := k.e.eval(b)
		if err != nil {
			releaseArrays(cols)
			return nil, err
		}
		cols[i] = materializeVec(mem, v, n)
	}
	return cols, nil
}

// takeRecord returns the rows of rec at indices, in that order.
func takeRecord(_ context.Context, mem memory.Allocator, rec arrow.Record, indices []int32) (arrow.Record, error) {
	cols := make([]arrow.Array, rec.NumCols())
	for i := range cols {
		cols[i] = takeArray(mem, rec.Column(i), indices)
	}
	defer releaseArrays(cols)
	return array.NewRecord(rec.Schema(), cols, int64(len(indices))), nil
}

// sortOp sorts its whole input (sort), or keeps the first N rows in sort
// order (top), comparing each new row against the current N-th first.
type sortOp struct {
	in    Operator
	keys  []sortKey
	limit int64 // -1: no limit
	mem   *memAccount
	done  bool
}

var _ Operator = (*sortOp)(nil)

func (c *compiler) sort(ctx context.Context, sc *scope, in Operator, by []*kql.OrderExpr, count kql.Expr) (Operator, error) {
	where := "sort"
	limit := int64(-1)
	if count != nil {
		where = "top"
		n, err := c.constCount(ctx, sc, count, "top")
		if err != nil {
			return nil, err
		}
		limit = n
	}
	keys, err := c.sortKeys(ctx, sc, in.Schema(), by, where)
	if err != nil {
		return nil, err
	}
	return &sortOp{in: in, keys: keys, limit: limit, mem: c.mem}, nil
}

// constCount evaluates the row count of take, top or sample.
func (c *compiler) constCount(ctx context.Context, sc *scope, n kql.Expr, where string) (int64, error) {
	e, err := c.scalar(ctx, &rowScope{sc: sc, where: where}, n)
	if err != nil {
		return 0, err
	}
	if !e.typ().IsInteger() {
		return 0, c.errorf(n, "%s expects an integer number of rows, got %s", where, e.typ())
	}
	v, ok := isConst(e)
	k, kok := toInt64(v)
	if !ok || !kok || v == nil {
		return 0, c.errorf(n, "%s expects a constant number of rows", where)
	}
	if k < 0 {
		k = 0
	}
	return k, nil
}

func (o *sortOp) Schema() *arrow.Schema { return o.in.Schema() }

func (o *sortOp) Next(ctx context.Context) (arrow.Record, error) {
	if o.done {
		return nil, io.EOF
	}
	o.done = true
	if o.limit >= 0 {
		return o.top(ctx)
	}
	rec, err := drainOne(ctx, o.mem, o.in)
	if err != nil {
		return nil, err
	}
	defer rec.Release()
	if err := o.mem.check("sort", 0); err != nil {
		return nil, err
	}
	return o.sorted(ctx, rec, -1)
}

// sorted returns rec's rows in key order, the first limit of them when
// limit >= 0.
func (o *sortOp) sorted(ctx context.Context, rec arrow.Record, limit int64) (arrow.Record, error) {
	keys, err := evalKeys(o.mem, o.keys, rec)
	if err != nil {
		return nil, err
	}
	defer releaseArrays(keys)
	idx := make([]int32, rec.NumRows())
	for i := range idx {
		idx[i] = int32(i)
	}
	sort.SliceStable(idx, func(a, b int) bool {
		return compareRows(o.keys, keys, int(idx[a]), keys, int(idx[b])) < 0
	})
	if limit >= 0 && int64(len(idx)) > limit {
		idx = idx[:limit]
	}
	return takeRecord(ctx, o.mem, rec, idx)
}

// top keeps the best limit rows seen so far, sorted, in kept. Candidate
// rows of each batch (those before the kept worst row) are gathered and
// merged into kept only once there are limit of them: most batches of a
// large input add a few candidates, and a merge per batch (concat, sort,
// take of every column) cost more than the scan. The kept worst row lags
// the gathered candidates, so it prunes a little less, never wrongly.
func (o *sortOp) top(ctx context.Context) (arrow.Record, error) {
	var kept arrow.Record
	var keptKeys []arrow.Array
	var parts []arrow.Record
	pending := int64(0)
	defer func() {
		releaseArrays(keptKeys)
		for _, p := range parts {
			p.Release()
		}
	}()
	// merge sorts kept and the gathered parts into the new kept rows.
	merge := func() error {
		if len(parts) == 0 {
			return nil
		}
		recs := parts
		if kept != nil {
			recs = append([]arrow.Record{kept}, parts...)
		}
		merged, err := concatRecords(o.mem, parts[0].Schema(), recs)
		if kept != nil {
			kept.Release()
			kept = nil
		}
		for _, p := range parts {
			p.Release()
		}
		parts, pending = nil, 0
		if err != nil {
			return err
		}
		kept, err = o.sorted(ctx, merged, o.limit)
		merged.Release()
		if err != nil {
			return err
		}
		releaseArrays(keptKeys)
		keptKeys, err = evalKeys(o.mem, o.keys, kept)
		return err
	}
	fail := func(err error) (arrow.Record, error) {
		if kept != nil {
			kept.Release()
		}
		return nil, err
	}
	for {
		rec, err := o.in.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			return fail(err)
		}
		keys, err := evalKeys(o.mem, o.keys, rec)
		if err != nil {
			rec.Release()
			return fail(err)
		}
		full := kept != nil && kept.NumRows() >= o.limit
		worst := 0
		if kept != nil {
			worst = int(kept.NumRows()) - 1
		}
		cand := o.candidates(keys, rec, full, keptKeys, worst)
		releaseArrays(keys)
		if len(cand) == 0 || o.limit == 0 {
			rec.Release()
			continue
		}
		part, err := takeRecord(ctx, o.mem, rec, cand)
		rec.Release()
		if err != nil {
			return fail(err)
		}
		parts = append(parts, part)
		pending += part.NumRows()
		if !full || pending >= o.limit {
			if err := merge(); err != nil {
				return fail(err)
			}
		}
	}
	if err := merge(); err != nil {
		return fail(err)
	}
	if kept == nil {
		return emptyRecord(o.mem, o.in.Schema()), nil
	}
	return kept, nil
}

// candidates returns the rows of a batch that may enter the top rows: those
// before the kept worst row (when the kept rows are full), and of them at
// most limit, the batch's own first in key order. A single long, datetime
// or timespan key without nulls is compared as int64s.
func (o *sortOp) candidates(keys []arrow.Array, rec arrow.Record, full bool, keptKeys []arrow.Array, worst int) []int32 {
	n := int(rec.NumRows())
	var cand []int32
	vals, fast := int64Values(keys[0])
	fast = fast && len(keys) == 1 && keys[0].NullN() == 0 && (!full || !keptKeys[0].IsNull(worst))
	if fast {
		desc := o.keys[0].desc
		if full {
			kv, _ := int64Values(keptKeys[0])
			w := kv[worst]
			for r, v := range vals[:n] {
				if desc && v > w || !desc && v < w {
					cand = append(cand, int32(r))
				}
			}
		} else {
			cand = make([]int32, n)
			for r := range cand {
				cand[r] = int32(r)
			}
		}
		// before orders rows by key, then by position (stable).
		before := func(a, b int32) bool {
			va, vb := vals[a], vals[b]
			if va != vb {
				return desc && va > vb || !desc && va < vb
			}
			return a < b
		}
		if int64(len(cand)) > o.limit {
			// A heap of the best limit rows, the worst of them on top.
			k := int(o.limit)
			h := append([]int32(nil), cand[:k]...)
			down := func(i int) {
				for {
					c := 2*i + 1
					if c >= k {
						return
					}
					if c+1 < k && before(h[c], h[c+1]) {
						c++
					}
					if !before(h[i], h[c]) {
						return
					}
					h[i], h[c] = h[c], h[i]
					i = c
				}
			}
			for i := k/2 - 1; i >= 0; i-- {
				down(i)
			}
			for _, r := range cand[k:] {
				if k > 0 && before(r, h[0]) {
					h[0] = r
					down(0)
				}
			}
			cand = h
		}
		slices.SortFunc(cand, func(a, b int32) int {
			if before(a, b) {
				return -1
			}
			if before(b, a) {
				return 1
			}
			return 0
		})
		return cand
	}
	for r := range n {
		if !full || compareRows(o.keys, keys, r, keptKeys, worst) < 0 {
			cand = append(cand, int32(r))
		}
	}
	if int64(len(cand)) > o.limit {
		sort.SliceStable(cand, func(a, b int) bool {
			return compareRows(o.keys, keys, int(cand[a]), keys, int(cand[b])) < 0
		})
		cand = cand[:o.limit]
	}
	return cand
}

func (o *sortOp) Close() { o.in.Close() }

// takeOp passes the first n rows.
type takeOp struct {
	in   Operator
	left int64
}

var _ Operator = (*takeOp)(nil)

func (c *compiler) take(ctx context.Context, sc *scope, in Operator, count kql.Expr) (Operator, error) {
	n, err := c.constCount(ctx, sc, count, "take")
	if err != nil {
		return nil, err
	}
	return &takeOp{in: in, left: n}, nil
}

func (o *takeOp) Schema() *arrow.Schema { return o.in.Schema() }

func (o *takeOp) Next(ctx context.Context) (arrow.Record, error) {
	if o.left <= 0 {
		return nil, io.EOF
	}
	rec, err := o.in.Next(ctx)
	if err != nil {
		return nil, err
	}
	if rec.NumRows() <= o.left {
		o.left -= rec.NumRows()
		return rec, nil
	}
	out := rec.NewSlice(0, o.left)
	rec.Release()
	o.left = 0
	return out, nil
}

func (o *takeOp) Close() { o.in.Close() }
