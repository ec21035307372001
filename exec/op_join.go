package exec

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"maps"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/bitutil"
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
	// rightDict marks the right output columns handed out as dictionary
	// arrays over the build column (indices: build rows), so no value
	// is copied per probe row; see dictKeyColumns.
	rightDict []bool
	mem       *memAccount

	built    bool
	rrec     arrow.Record
	index    joinIndex
	one      [1]int32 // the match of a key with one row
	rmatched []bool   // right rows matched; only for the kinds that emit unmatched right rows
	seenLeft []bool   // innerunique: key ids already joined
	leftDone bool
	emitted  bool
	keyBuf   []byte
	lidx     []int32 // probe's left and right rows, kept for the next batch
	ridx     []int32
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
	need, outNeed, dictCols := c.rightNeed, c.joinOutNeed, c.joinDictCols
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
	// on a and b is on a, b.
	var conds []kql.Expr
	var flatten func(e kql.Expr)
	flatten = func(e kql.Expr) {
		if b, ok := unparen(e).(*kql.BinaryExpr); ok && b.Op == "and" {
			flatten(b.X)
			flatten(b.Y)
			return
		}
		conds = append(conds, e)
	}
	for _, k := range on {
		flatten(k)
	}
	on = conds
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
			if l != "$left" || r != "$right" {
				// Kusto wants $left first: $right.y == $left.x is an error.
				right.Close()
				return nil, c.errorf(k, "%s condition must compare $left.column with $right.column", what)
			}
			lx, rx = k.X.(*kql.SelectorExpr).Sel, k.Y.(*kql.SelectorExpr).Sel
			// lookup drops the right key even when its name differs
			// ($left.Key == $right.Key2 keeps Key only; Kusto.Language).
			rightKeyNames = append(rightKeyNames, rx.(*kql.Ident).Name)
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
		_, common := k.(*kql.Ident)
		if (le.typ() == TypeDynamic || re.typ() == TypeDynamic) && !(common && le.typ() == re.typ()) {
			right.Close()
			return nil, c.errorf(k, "%s keys cannot be dynamic (convert them, e.g. with tostring())", what)
		}
		if le.typ() != re.typ() {
			// A column named on both sides must have one type; $left.a ==
			// $right.b may mix int and long, as in Kusto.
			t, ok := comparable(le.typ(), re.typ())
			if !ok || common || !le.typ().IsInteger() || !re.typ().IsInteger() {
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
		// A right column whose name the left has takes the first
		// numbered name that neither side uses (Key2 when the right
		// also has a Key1, as Kusto.Language names it).
		taken := maps.Clone(names)
		for _, f := range rsch.Fields() {
			if !dropKeys[f.Name] {
				taken[f.Name] = true
			}
		}
		for i, f := range rsch.Fields() {
			if dropKeys[f.Name] {
				continue
			}
			o.rightCols = append(o.rightCols, i)
			if names[f.Name] {
				f.Name = uniqueName(taken, f.Name)
				taken[f.Name] = true
			}
			names[f.Name] = true
			fields = append(fields, f)
		}
	}
	if outNeed != nil {
		// Only the columns the operators after the join name are
		// gathered (its keys need not be): the others are dropped after
		// naming, so names stay as they are.
		kept := fields[:0:0]
		var lc, rc []int
		for i, f := range fields {
			if !outNeed[f.Name] {
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
	for i, c := range o.rightCols {
		at := len(o.leftCols) + i
		f := fields[at]
		if !dictCols[f.Name] || !arrow.TypeEqual(rsch.Field(c).Type, arrow.BinaryTypes.String) {
			continue
		}
		if o.rightDict == nil {
			o.rightDict = make([]bool, len(o.rightCols))
		}
		o.rightDict[i] = true
		f.Type = joinDictType
		fields[at] = f
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
	table := newInterner()
	nr := int(rec.NumRows())
	ids := make([]int32, nr)
	for i := range nr {
		k, ok := o.keyOf(cols, i)
		if !ok {
			ids[i] = -1
			continue
		}
		id, _ := table.id(k)
		ids[i] = int32(id)
	}
	o.index.build(table, ids)
	if o.kind == "rightouter" || o.kind == "fullouter" || o.kind == "rightanti" || o.kind == "rightsemi" {
		o.rmatched = make([]bool, nr)
	}
	if o.kind == "innerunique" {
		o.seenLeft = make([]bool, table.len())
	}
	return nil
}

// match returns the right rows whose key equals key, and the key's id.
func (o *joinOp) match(key []byte) ([]int32, uint32) {
	return o.matchHashed(key, hashKey(key))
}

// matchHashed is match with the key's hash (hashKey) given.
func (o *joinOp) matchHashed(key []byte, h uint64) ([]int32, uint32) {
	first, n, id := o.index.find(key, h)
	switch n {
	case 0:
		return nil, 0
	case 1:
		o.one[0] = first
		return o.one[:], id
	}
	return o.index.rows[first : first+n], id
}

// joinIndex maps the distinct keys of a join's build side to their rows.
// Each key is one record in an arena: a header of four little-endian
// uint32 (key length, key id, number of rows, and the row itself when it
// is the only one, else the start of the key's rows in rows) followed by
// the key's bytes. A probe reads one slot and one record, where the
// interner it is built from would read a slot, the key's offsets, its
// bytes, and then the start and rows of its rows.
type joinIndex struct {
	slots []uint64 // hash>>40<<40 | record offset+1; 0 is empty
	mask  uint64
	arena []byte
	rows  []int32 // rows of the keys with several, grouped by key in row order
	sink  byte    // keeps warm's reads
}

const (
	joinRecHeader = 16
	joinOffBits   = 40
	joinOffMask   = 1<<joinOffBits - 1
)

// build indexes the keys of t, given the key id of each row (-1: no key).
func (x *joinIndex) build(t *interner, ids []int32) {
	nk := t.len()
	count := make([]int32, nk)
	for _, id := range ids {
		if id >= 0 {
			count[id]++
		}
	}
	// first[id]: the only row of the key, or the start of its rows.
	first := make([]int32, nk)
	multi := int32(0)
	for id, c := range count {
		if c > 1 {
			first[id] = multi
			multi += c
		} else {
			first[id] = -1
		}
	}
	x.rows = make([]int32, multi)
	fill := make([]int32, nk)
	for row, id := range ids {
		switch {
		case id < 0:
		case count[id] == 1:
			first[id] = int32(row)
		default:
			x.rows[first[id]+fill[id]] = int32(row)
			fill[id]++
		}
	}
	size := 64
	for size < 2*nk {
		size *= 2
	}
	x.slots = make([]uint64, size)
	x.mask = uint64(size - 1)
	x.arena = make([]byte, 0, nk*joinRecHeader+len(t.arena))
	for id := range nk {
		key := t.key(uint32(id))
		off := len(x.arena)
		if off >= joinOffMask {
			panic("join: build side keys exceed 1 TB")
		}
		x.arena = binary.LittleEndian.AppendUint32(x.arena, uint32(len(key)))
		x.arena = binary.LittleEndian.AppendUint32(x.arena, uint32(id))
		x.arena = binary.LittleEndian.AppendUint32(x.arena, uint32(count[id]))
		x.arena = binary.LittleEndian.AppendUint32(x.arena, uint32(first[id]))
		x.arena = append(x.arena, key...)
		h := t.hash[id]
		i := h & x.mask
		for x.slots[i] != 0 {
			i = (i + 1) & x.mask
		}
		x.slots[i] = h>>joinOffBits<<joinOffBits | uint64(off+1)
	}
}

// joinWarmRows is how many probe keys warm reads ahead.
const joinWarmRows = 16

// warm hashes the string keys data[offs[j]:offs[j+1]] into hs[j] and
// reads their first slots and the records those point to, so that their
// finds hit the cache: the reads of different keys do not depend on each
// other and overlap, where a find after a find waits for each miss in
// turn.
func (x *joinIndex) warm(offs []int32, data []byte, hs []uint64) {
	m := len(offs) - 1
	var slots [joinWarmRows]uint64
	for j := range m {
		hs[j] = hashKey(data[offs[j]:offs[j+1]])
	}
	for j := range m {
		slots[j] = x.slots[hs[j]&x.mask]
	}
	var sum byte
	for j := range m {
		if s := slots[j]; s != 0 {
			sum += x.arena[s&joinOffMask-1]
		}
	}
	x.sink = sum
}

// find returns the rows of key, whose hash (hashKey) is h: the only row
// when n is 1, else the start of its n rows in rows; n is 0 when key is
// not there. id numbers the key.
func (x *joinIndex) find(key []byte, h uint64) (first, n int32, id uint32) {
	tag := h >> joinOffBits
	for i := h & x.mask; ; i = (i + 1) & x.mask {
		s := x.slots[i]
		if s == 0 {
			return 0, 0, 0
		}
		if s>>joinOffBits != tag {
			continue
		}
		rec := x.arena[s&joinOffMask-1:]
		kl := binary.LittleEndian.Uint32(rec)
		if int(kl) == len(key) && string(rec[joinRecHeader:joinRecHeader+int(kl)]) == string(key) {
			return int32(binary.LittleEndian.Uint32(rec[12:])), int32(binary.LittleEndian.Uint32(rec[8:])), binary.LittleEndian.Uint32(rec[4:])
		}
	}
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
	// The index lists are reused from batch to batch: assemble copies
	// the rows they name.
	lidx, ridx := o.lidx[:0], o.ridx[:0]
	n := int(rec.NumRows())
	if cap(lidx) < n {
		lidx, ridx = make([]int32, 0, n), make([]int32, 0, n)
	}
	defer func() { o.lidx, o.ridx = lidx[:0], ridx[:0] }()
	var soffs []int32
	var sdata []byte
	if s, ok := cols[0].(*array.String); ok && len(cols) == 1 && s.NullN() == 0 {
		soffs, sdata = strView(s)
	}
	var hs [joinWarmRows]uint64
	for i := range n {
		var matches []int32
		var id uint32
		if soffs != nil {
			j := i % joinWarmRows
			if j == 0 {
				o.index.warm(soffs[i:min(i+joinWarmRows, n)+1], sdata, hs[:])
			}
			matches, id = o.matchHashed(sdata[soffs[i]:soffs[i+1]], hs[j])
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
			if o.rmatched != nil {
				o.rmatched[m] = true
			}
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
		var plain []int
		for i, c := range o.rightCols {
			if o.rightDict == nil || !o.rightDict[i] {
				plain = append(plain, c)
			}
		}
		part, err := gatherRows(ctx, o.mem, o.rrec, o.right.Schema(), plain, ridx)
		if err != nil {
			releaseArrays(cols)
			return nil, err
		}
		for i, c := range o.rightCols {
			if o.rightDict != nil && o.rightDict[i] {
				cols = append(cols, dictOfRows(o.mem, o.rrec.Column(c), ridx))
			} else {
				cols = append(cols, part[0])
				part = part[1:]
			}
		}
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

// joinDictType is the type of a right column the join hands out as
// indices into the build column.
var joinDictType = &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int32, ValueType: arrow.BinaryTypes.String}

// dictOfRows returns rows idx (-1: null) of the build column dict as a
// dictionary array whose indices are the build rows.
func dictOfRows(mem memory.Allocator, dict arrow.Array, idx []int32) arrow.Array {
	n := len(idx)
	ibuf := memory.NewResizableBuffer(mem)
	ibuf.Resize(n * 4)
	out := arrow.Int32Traits.CastFromBytes(ibuf.Bytes())[:n]
	copy(out, idx)
	var valid *memory.Buffer
	nullN := 0
	for j, i := range idx {
		if i >= 0 {
			continue
		}
		if valid == nil {
			valid = memory.NewResizableBuffer(mem)
			valid.Resize(int(bitutil.BytesForBits(int64(n))))
			bitutil.SetBitsTo(valid.Bytes(), 0, int64(n), true)
		}
		bitutil.ClearBit(valid.Bytes(), j)
		out[j] = 0
		nullN++
	}
	d := array.NewData(arrow.PrimitiveTypes.Int32, n, []*memory.Buffer{valid, ibuf}, nil, nullN, 0)
	ibuf.Release()
	if valid != nil {
		valid.Release()
	}
	ind := array.NewInt32Data(d)
	d.Release()
	defer ind.Release()
	return array.NewDictionaryArray(joinDictType, ind, dict)
}

// dictKeyColumns names the columns that the operator after a join, a
// summarize, reads only as bare group keys (by X): the join may hand
// those out as dictionary arrays, which summarize groups by index.
func dictKeyColumns(ops []kql.Op) map[string]bool {
	if len(ops) == 0 {
		return nil
	}
	s, ok := ops[0].(*kql.SummarizeOp)
	if !ok {
		return nil
	}
	uses := map[string]int{}
	kql.Inspect(s, func(x kql.Node) bool {
		switch x := x.(type) {
		case *kql.Ident:
			uses[x.Name]++
		case *kql.Lit:
			if x.Type == "string" {
				uses[x.Value] += 2
			}
		}
		return true
	})
	out := map[string]bool{}
	for _, b := range s.By {
		if id, ok := b.X.(*kql.Ident); ok && len(b.Names) == 0 && uses[id.Name] == 1 {
			out[id.Name] = true
		}
	}
	return out
}

func (o *joinOp) Close() {
	o.left.Close()
	o.right.Close()
	if o.rrec != nil {
		o.rrec.Release()
		o.rrec = nil
	}
}
