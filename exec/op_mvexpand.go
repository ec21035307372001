package exec

import (
	"context"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/crosshunt/crosshunt/kql"
)

// mvExpandOp expands dynamic arrays and bags into rows, several columns in
// parallel. Element bytes are copied from the input's encoding into the
// output column without decoding (unless a typeof() target asks for a
// conversion); the other columns are repeated with a take.
type mvExpandOp struct {
	in       Operator
	schema   *arrow.Schema
	items    []mvItem
	bagArray bool  // kind=array: bag entries become [key, value]
	limit    int64 // rows per input row; -1 for none
	indexCol bool  // with_itemindex
	keep     []int // output position -> input column (-1 for new columns)
	mem      memory.Allocator
}

type mvItem struct {
	e  expr
	to Type // TypeDynamic unless `to typeof(...)`
	at int  // output position
}

var _ Operator = (*mvExpandOp)(nil)

func (c *compiler) mvExpand(ctx context.Context, sc *scope, in Operator, n *kql.MvExpandOp) (Operator, error) {
	inSchema := in.Schema()
	rs := &rowScope{schema: inSchema, sc: sc, where: "mv-expand"}
	o := &mvExpandOp{in: in, limit: -1, mem: c.alloc()}
	indexName := ""
	for _, opt := range n.Options {
		switch strings.ToLower(opt.Name) {
		case "kind", "bagexpansion":
			switch k := strings.ToLower(optionText(opt.Value)); k {
			case "bag", "array":
				o.bagArray = k == "array"
			default:
				return nil, c.errorf(opt, "mv-expand: %s must be bag or array, got %q", opt.Name, k)
			}
		case "with_itemindex":
			indexName = optionText(opt.Value)
		}
	}
	fields := append([]arrow.Field(nil), inSchema.Fields()...)
	for i := range fields {
		o.keep = append(o.keep, i)
	}
	for _, it := range n.Items {
		e, err := c.scalar(ctx, rs, it.X)
		if err != nil {
			return nil, err
		}
		if e.typ() != TypeDynamic {
			return nil, c.errorf(it.X, "mv-expand expects a dynamic array or bag, got %s", e.typ())
		}
		name := autoName(it.X)
		if it.Name != nil {
			name = it.Name.Name
		}
		if name == "" {
			name = "Column1"
		}
		to, err := c.declaredType(it.ToType, TypeDynamic)
		if err != nil {
			return nil, err
		}
		at := placeColumn(&fields, &o.keep, arrow.Field{Name: name, Type: to.ArrowType(), Nullable: true})
		o.items = append(o.items, mvItem{e: e, to: to, at: at})
	}
	if indexName != "" {
		o.indexCol = true
		fields = append(fields, arrow.Field{Name: indexName, Type: TypeLong.ArrowType(), Nullable: true})
		o.keep = append(o.keep, -1)
	}
	if n.Limit != nil {
		k, err := c.constCount(ctx, sc, n.Limit, "mv-expand")
		if err != nil {
			return nil, err
		}
		o.limit = k
	}
	o.schema = arrow.NewSchema(fields, nil)
	return o, nil
}

func (o *mvExpandOp) Schema() *arrow.Schema { return o.schema }

// elements returns the encoded elements of one value: array elements, bag
// entries (as single-property bags, or [key, value] arrays), a lone
// scalar, or one null for null.
func (o *mvExpandOp) elements(enc []byte) [][]byte {
	if enc == nil {
		return [][]byte{nil}
	}
	var out [][]byte
	isBag := enc[0] == tagBag
	ok := DynamicElems(enc, func(key string, elem []byte) {
		if !isBag {
			out = append(out, elem)
			return
		}
		var v Value
		if o.bagArray {
			v = []Value{key, DecodeDynamic(elem)}
		} else {
			v = &Bag{Keys: []string{key}, Vals: []Value{DecodeDynamic(elem)}}
		}
		out = append(out, EncodeDynamic(nil, v))
	})
	if !ok {
		return [][]byte{enc}
	}
	return out
}

func (o *mvExpandOp) Next(ctx context.Context) (arrow.Record, error) {
	return nextMapped(ctx, o.in, o.expand, false)
}

func (o *mvExpandOp) expand(ctx context.Context, rec arrow.Record) (arrow.Record, error) {
	n := int(rec.NumRows())
	b := &batch{rec: rec, mem: o.mem, n: n}
	cols := make([]*array.Binary, len(o.items))
	for i, it := range o.items {
		v, err := it.e.eval(b)
		if err != nil {
			return nil, err
		}
		arr := materializeVec(o.mem, v, n)
		defer arr.Release()
		cols[i] = arr.(*array.Binary)
	}
	builders := make([]array.Builder, len(o.items))
	for i, it := range o.items {
		builders[i] = newBuilder(o.mem, it.to)
		defer builders[i].Release()
	}
	idxB := array.NewInt64Builder(o.mem)
	defer idxB.Release()
	var take []int32
	elems := make([][][]byte, len(o.items))
	for r := range n {
		rows := 0
		for i, col := range cols {
			var enc []byte
			if col.IsValid(r) {
				enc = col.Value(r)
			}
			elems[i] = o.elements(enc)
			rows = max(rows, len(elems[i]))
		}
		if o.limit >= 0 {
			rows = min(rows, int(o.limit))
		}
		for k := range rows {
			take = append(take, int32(r))
			idxB.Append(int64(k))
			for i, it := range o.items {
				var e []byte
				if k < len(elems[i]) {
					e = elems[i][k]
				}
				appendElem(builders[i], it.to, e)
			}
		}
	}
	// Only the passed-through columns are repeated: taking the expanded
	// column too would copy its whole array once per element
	// (range(1, 1000000000) would need terabytes).
	out := make([]arrow.Array, len(o.keep))
	for j, src := range o.keep {
		if src >= 0 {
			out[j] = takeArray(o.mem, rec.Column(src), take)
		}
	}
	for i, it := range o.items {
		out[it.at] = builders[i].NewArray()
	}
	if o.indexCol {
		out[len(out)-1] = idxB.NewArray()
	}
	defer releaseArrays(out)
	return array.NewRecord(o.schema, out, int64(len(take))), nil
}

// appendElem appends an encoded element, cast to type t: dynamic keeps the
// bytes; other types take the value when it already has that type (a
// cast, not a parse: the string "1" does not become a long).
func appendElem(b array.Builder, t Type, enc []byte) {
	if t == TypeDynamic {
		if len(enc) == 0 || enc[0] == tagNull {
			b.AppendNull()
			return
		}
		b.(*array.BinaryBuilder).Append(enc)
		return
	}
	var v Value
	if enc != nil {
		v = DecodeDynamic(enc)
	}
	if s, ok := v.(string); ok && t != TypeString {
		if t == TypeDateTime || t == TypeTimeSpan || t == TypeGUID {
			AppendValue(b, t, s) // these arrive as strings in JSON
			return
		}
		v = nil
	}
	AppendValue(b, t, v)
}

func (o *mvExpandOp) Close() { o.in.Close() }

// nextMapped is the Next of an operator that maps each input batch to an
// output batch with f: it skips empty outputs unless keepEmpty.
func nextMapped(ctx context.Context, in Operator, f func(context.Context, arrow.Record) (arrow.Record, error), keepEmpty bool) (arrow.Record, error) {
	for {
		rec, err := in.Next(ctx)
		if err != nil {
			return nil, err
		}
		out, err := f(ctx, rec)
		rec.Release()
		if err != nil {
			return nil, err
		}
		if keepEmpty || out.NumRows() > 0 {
			return out, nil
		}
		out.Release()
	}
}

// keptColumns is the output columns of an operator that passes input
// columns through: out[j] is base's column keep[j], retained, or nil where
// keep[j] < 0 (a column the operator fills itself).
func keptColumns(base arrow.Record, keep []int) []arrow.Array {
	out := make([]arrow.Array, len(keep))
	for j, src := range keep {
		if src >= 0 {
			out[j] = base.Column(src)
			out[j].Retain()
		}
	}
	return out
}

// placeColumn puts the output column f among fields, replacing the input
// column of its name or else appended, with keep -1 (filled by the
// operator, not passed through); it returns f's index.
func placeColumn(fields *[]arrow.Field, keep *[]int, f arrow.Field) int {
	at := colIndex(arrow.NewSchema(*fields, nil), f.Name)
	if at >= 0 {
		(*fields)[at] = f
		(*keep)[at] = -1
		return at
	}
	*fields = append(*fields, f)
	*keep = append(*keep, -1)
	return len(*fields) - 1
}
