package exec

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/crosshunt/crosshunt/kql"
)

// joinOp is a hash join: the right side is read whole into one record and
// indexed by key; left batches stream through and are matched.
type joinOp struct {
	left, right Operator
	kind        string
	lookup      bool
	lkeys       []expr
	rkeys       []expr
	schema      *arrow.Schema
	leftCols    []int // left columns in the output
	rightCols   []int // right columns in the output
	mem         *memAccount

	built    bool
	rrec     arrow.Record
	table    *interner // right keys, numbered
	start    []int32   // right rows of key id: rows[start[id]:start[id+1]]
	rows     []int32
	rmatched []bool
	seenLeft []bool // innerunique: key ids already joined
	leftDone bool
	emitted  bool
	keyBuf   []byte
}

var _ Operator = (*joinOp)(nil)

var joinKinds = map[string]string{
	"innerunique": "innerunique", "inner": "inner", "leftouter": "leftouter",
	"rightouter": "rightouter", "fullouter": "fullouter", "outer": "fullouter",
	"leftanti": "leftanti", "anti": "leftanti", "leftantisemi": "leftanti",
	"rightanti": "rightanti", "rightantisemi": "rightanti",
	"leftsemi": "leftsemi", "rightsemi": "rightsemi",
}

func (c *compiler) join(ctx context.Context, sc *scope, left Operator, opts []*kql.Option, rightExpr kql.Expr, on []kql.Expr, lookup bool, node kql.Node) (Operator, error) {
	what := "join"
	kind := "innerunique"
	if lookup {
		what, kind = "lookup", "leftouter"
	}
	for _, o := range opts {
		if o.Name == "kind" {
			k := strings.ToLower(optionText(o.Value))
			mapped, ok := joinKinds[k]
			if !ok || (lookup && mapped != "leftouter" && mapped != "inner") {
				return nil, c.errorf(o, "unknown %s kind %q", what, k)
			}
			kind = mapped
		}
	}
	need := c.rightNeed
	right, err := c.tabular(ctx, sc, rightExpr)
	if err != nil {
		return nil, err
	}
	if _, isScan := right.(*tableScan); isScan {
		right = pruneScan(right, need)
	}
	o := &joinOp{left: left, right: right, kind: kind, lookup: lookup, mem: c.mem}
	ls, rsch := left.Schema(), right.Schema()
	lrs := &rowScope{schema: ls, sc: sc, where: what}
	rrs := &rowScope{schema: rsch, sc: sc, where: what}
	var rightKeyNames []string
	for _, k := range on {
		var lx, rx kql.Expr
		switch k := k.(type) {
		case *kql.Ident:
			lx, rx = k, k
			rightKeyNames = append(rightKeyNames, k.Name)
		case *kql.BinaryExpr:
			if k.Op != "==" {
				right.Close()
				return nil, c.errorf(k, "%s condition must use ==", what)
			}
			l, r := sideOf(k.X), sideOf(k.Y)
			if l == "$right" && r == "$left" {
				k = &kql.BinaryExpr{Span: k.Span, X: k.Y, Op: k.Op, Y: k.X}
				l, r = r, l
			}
			if l != "$left" || r != "$right" {
				right.Close()
				return nil, c.errorf(k, "%s condition must compare $left.column with $right.column", what)
			}
			lx, rx = k.X.(*kql.SelectorExpr).Sel, k.Y.(*kql.SelectorExpr).Sel
			if lx.(*kql.Ident).Name == rx.(*kql.Ident).Name {
				rightKeyNames = append(rightKeyNames, rx.(*kql.Ident).Name)
			}
		default:
			right.Close()
			return nil, c.errorf(k, "unsupported %s condition", what)
		}
		le, err := c.scalar(ctx, lrs, lx)
		if err != nil {
			right.Close()
			return nil, err
		}
		re, err := c.scalar(ctx, rrs, rx)
		if err != nil {
			right.Close()
			return nil, err
		}
		if le.typ() != re.typ() {
			t, ok := comparable(le.typ(), re.typ())
			if !ok {
				right.Close()
				return nil, c.errorf(k, "%s keys have types %s and %s", what, le.typ(), re.typ())
			}
			le, re = c.convert(le, t), c.convert(re, t)
		}
		o.lkeys = append(o.lkeys, le)
		o.rkeys = append(o.rkeys, re)
	}
	if len(o.lkeys) == 0 {
		right.Close()
		return nil, c.errorf(node, "%s needs an on clause", what)
	}
	var fields []arrow.Field
	names := map[string]bool{}
	if kind != "rightanti" && kind != "rightsemi" {
		for i, f := range ls.Fields() {
			o.leftCols = append(o.leftCols, i)
			fields = append(fields, f)
			names[f.Name] = true
		}
	}
	if kind != "leftanti" && kind != "leftsemi" {
		dropKeys := map[string]bool{}
		if lookup {
			for _, n := range rightKeyNames {
				dropKeys[n] = true
			}
		}
		for i, f := range rsch.Fields() {
			if dropKeys[f.Name] {
				continue
			}
			o.rightCols = append(o.rightCols, i)
			if names[f.Name] {
				f.Name = uniqueName(names, f.Name)
			}
			names[f.Name] = true
			fields = append(fields, f)
		}
	}
	if need != nil {
		// Only the columns the rest of the pipeline names are gathered:
		// the others are dropped after naming, so names stay as they are.
		kept := fields[:0:0]
		var lc, rc []int
		for i, f := range fields {
			if !need[f.Name] {
				continue
			}
			kept = append(kept, f)
			if i < len(o.leftCols) {
				lc = append(lc, o.leftCols[i])
			} else {
				rc = append(rc, o.rightCols[i-len(o.leftCols)])
			}
		}
		fields, o.leftCols, o.rightCols = kept, lc, rc
	}
	o.schema = arrow.NewSchema(fields, nil)
	return o, nil
}

// uniqueName returns name with the smallest numeric suffix not in use.
func uniqueName(names map[string]bool, name string) string {
	for i := 1; ; i++ {
		cand := fmt.Sprintf("%s%d", name, i)
		if !names[cand] {
			return cand
		}
	}
}

// sideOf returns "$left" or "$right" for $left.x / $right.x.
func sideOf(e kql.Expr) string {
	if s, ok := e.(*kql.SelectorExpr); ok {
		if id, ok := s.X.(*kql.Ident); ok {
			return id.Name
		}
	}
	return ""
}

// optionText returns an option's value as text.
func optionText(e kql.Expr) string {
	switch v := e.(type) {
	case *kql.Ident:
		return v.Name
	case *kql.Lit:
		return v.Value
	}
	return ""
}

func (o *joinOp) Schema() *arrow.Schema { return o.schema }

// keyOf encodes the key of row i; false when a key is null (nulls never
// match).
func (o *joinOp) keyOf(cols []arrow.Array, i int) ([]byte, bool) {
	o.keyBuf = o.keyBuf[:0]
	for _, c := range cols {
		if c.IsNull(i) {
			return nil, false
		}
		if len(cols) == 1 {
			o.keyBuf = appendKey(o.keyBuf, c, i)
		} else {
			o.keyBuf = appendKeyPrefixed(o.keyBuf, c, i)
		}
	}
	return o.keyBuf, true
}

func (o *joinOp) build(ctx context.Context) error {
	o.built = true
	rec, err := drainOne(ctx, o.mem, o.right)
	if err != nil {
		return err
	}
	o.rrec = rec
	if err := o.mem.check("join", 0); err != nil {
		return err
	}
	cols, err := evalExprs(o.mem, o.rkeys, rec)
	if err != nil {
		return err
	}
	defer releaseArrays(cols)
	o.table = newInterner()
	nr := int(rec.NumRows())
	ids := make([]int32, nr)
	for i := range nr {
		k, ok := o.keyOf(cols, i)
		if !ok {
			ids[i] = -1
			continue
		}
		id, _ := o.table.id(k)
		ids[i] = int32(id)
	}
	// Rows by key, in row order (counting sort).
	o.start = make([]int32, o.table.len()+1)
	for _, id := range ids {
		if id >= 0 {
			o.start[id+1]++
		}
	}
	for i := 1; i < len(o.start); i++ {
		o.start[i] += o.start[i-1]
	}
	o.rows = make([]int32, o.start[len(o.start)-1])
	fill := append([]int32(nil), o.start[:len(o.start)-1]...)
	for i, id := range ids {
		if id >= 0 {
			o.rows[fill[id]] = int32(i)
			fill[id]++
		}
	}
	o.rmatched = make([]bool, nr)
	if o.kind == "innerunique" {
		o.seenLeft = make([]bool, o.table.len())
	}
	return nil
}

// match returns the right rows whose key equals key, and the key's id.
func (o *joinOp) match(key []byte) ([]int32, uint32) {
	id, ok := o.table.find(key)
	if !ok {
		return nil, 0
	}
	return o.rows[o.start[id]:o.start[id+1]], id
}

// evalExprs evaluates expressions over a record into owned arrays.
func evalExprs(mem memory.Allocator, es []expr, rec arrow.Record) ([]arrow.Array, error) {
	n := int(rec.NumRows())
	b := &batch{rec: rec, mem: mem, n: n}
	out := make([]arrow.Array, len(es))
	for i, e := range es {
		v, err := e.eval(b)
		if err != nil {
			releaseArrays(out)
			return nil, err
		}
		out[i] = materializeVec(mem, v, n)
	}
	return out, nil
}

func (o *joinOp) Next(ctx context.Context) (arrow.Record, error) {
	if !o.built {
		if err := o.build(ctx); err != nil {
			return nil, err
		}
	}
	for !o.leftDone {
		rec, err := o.left.Next(ctx)
		if err == io.EOF {
			o.leftDone = true
			break
		}
		if err != nil {
			return nil, err
		}
		out, err := o.probe(ctx, rec)
		rec.Release()
		if err != nil {
			return nil, err
		}
		if out != nil && out.NumRows() > 0 {
			return out, nil
		}
		if out != nil {
			out.Release()
		}
	}
	if !o.emitted && (o.kind == "rightouter" || o.kind == "fullouter" || o.kind == "rightanti" || o.kind == "rightsemi") {
		o.emitted = true
		var ridx []int32
		for i, m := range o.rmatched {
			if m == (o.kind == "rightsemi") {
				ridx = append(ridx, int32(i))
			}
		}
		if len(ridx) > 0 {
			lidx := make([]int32, len(ridx))
			for i := range lidx {
				lidx[i] = -1
			}
			return o.assemble(ctx, nil, lidx, ridx)
		}
	}
	return nil, io.EOF
}

// probe matches one left batch.
func (o *joinOp) probe(ctx context.Context, rec arrow.Record) (arrow.Record, error) {
	cols, err := evalExprs(o.mem, o.lkeys, rec)
	if err != nil {
		return nil, err
	}
	defer releaseArrays(cols)
	var lidx, ridx []int32
	n := int(rec.NumRows())
	if o.kind == "inner" || o.kind == "leftouter" || o.kind == "innerunique" {
		lidx, ridx = make([]int32, 0, n), make([]int32, 0, n)
	}
	var soffs []int32
	var sdata []byte
	if s, ok := cols[0].(*array.String); ok && len(cols) == 1 && s.NullN() == 0 {
		soffs, sdata = strView(s)
	}
	for i := range n {
		var matches []int32
		var id uint32
		if soffs != nil {
			matches, id = o.match(sdata[soffs[i]:soffs[i+1]])
		} else if k, ok := o.keyOf(cols, i); ok {
			matches, id = o.match(k)
		}
		if o.seenLeft != nil && len(matches) > 0 {
			if o.seenLeft[id] {
				continue
			}
			o.seenLeft[id] = true
		}
		switch o.kind {
		case "leftanti":
			if len(matches) == 0 {
				lidx = append(lidx, int32(i))
			}
			continue
		case "leftsemi":
			if len(matches) > 0 {
				lidx = append(lidx, int32(i))
			}
			continue
		}
		for _, m := range matches {
			o.rmatched[m] = true
			if o.kind != "rightanti" && o.kind != "rightsemi" {
				lidx = append(lidx, int32(i))
				ridx = append(ridx, m)
			}
		}
		if len(matches) == 0 && (o.kind == "leftouter" || o.kind == "fullouter") {
			lidx = append(lidx, int32(i))
			ridx = append(ridx, -1)
		}
	}
	if len(lidx) == 0 {
		return nil, nil
	}
	return o.assemble(ctx, rec, lidx, ridx)
}

// assemble builds output rows from left rows lidx of rec and right rows
// ridx of the build side; -1 stands for a missing side (nulls).
func (o *joinOp) assemble(ctx context.Context, rec arrow.Record, lidx, ridx []int32) (arrow.Record, error) {
	n := len(lidx)
	if n == 0 {
		n = len(ridx)
	}
	var cols []arrow.Array
	if len(o.leftCols) > 0 {
		part, err := gatherRows(ctx, o.mem, rec, o.left.Schema(), o.leftCols, lidx)
		if err != nil {
			return nil, err
		}
		cols = append(cols, part...)
	}
	if len(o.rightCols) > 0 {
		part, err := gatherRows(ctx, o.mem, o.rrec, o.right.Schema(), o.rightCols, ridx)
		if err != nil {
			releaseArrays(cols)
			return nil, err
		}
		cols = append(cols, part...)
	}
	defer releaseArrays(cols)
	return array.NewRecord(o.schema, cols, int64(n)), nil
}

// gatherRows takes rows idx (-1: null row) of the chosen columns of rec,
// which may be nil when every index is -1.
func gatherRows(ctx context.Context, mem memory.Allocator, rec arrow.Record, schema *arrow.Schema, cols []int, idx []int32) ([]arrow.Array, error) {
	hasMissing := false
	for _, i := range idx {
		if i < 0 {
			hasMissing = true
			break
		}
	}
	out := make([]arrow.Array, len(cols))
	if !hasMissing {
		sub := make([]arrow.Array, len(cols))
		fields := make([]arrow.Field, len(cols))
		for i, c := range cols {
			sub[i], fields[i] = rec.Column(c), schema.Field(c)
		}
		r := array.NewRecord(arrow.NewSchema(fields, nil), sub, rec.NumRows())
		defer r.Release()
		taken, err := takeRecord(ctx, mem, r, idx)
		if err != nil {
			return nil, err
		}
		defer taken.Release()
		for i := range cols {
			out[i] = taken.Column(i)
			out[i].Retain()
		}
		return out, nil
	}
	for i, c := range cols {
		t, _ := TypeOfArrow(schema.Field(c).Type)
		b := newBuilder(mem, t)
		b.Reserve(len(idx))
		for _, r := range idx {
			if r < 0 {
				AppendValue(b, t, nil)
			} else {
				appendFrom(b, rec.Column(c), int(r))
			}
		}
		out[i] = b.NewArray()
		b.Release()
	}
	return out, nil
}

func (o *joinOp) Close() {
	o.left.Close()
	o.right.Close()
	if o.rrec != nil {
		o.rrec.Release()
		o.rrec = nil
	}
}
