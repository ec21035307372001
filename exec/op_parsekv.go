package exec

import (
	"context"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/crosshunt/crosshunt/kql"
)

// parseKvOp is parse-kv: it splits text into key/value pairs (by
// pair_delimiter, default " ", and kv_delimiter, default "="; quote
// characters enclose values) and extends the declared keys as typed
// columns, null where a key is absent.
type parseKvOp struct {
	in      Operator
	schema  *arrow.Schema
	src     expr
	keys    []string
	types   []Type
	pairSep string
	kvSep   string
	quotes  string
	c       *compiler
}

var _ Operator = (*parseKvOp)(nil)

func (c *compiler) parseKv(ctx context.Context, sc *scope, in Operator, n *kql.ParseKvOp) (Operator, error) {
	src, err := c.scalar(ctx, &rowScope{schema: in.Schema(), sc: sc, where: "parse-kv"}, n.X)
	if err != nil {
		return nil, err
	}
	o := &parseKvOp{in: in, src: c.convert(src, TypeString), pairSep: " ", kvSep: "=", quotes: `"'`, c: c}
	for _, opt := range n.With {
		v := optionText(opt.Value)
		switch strings.ToLower(opt.Name) {
		case "pair_delimiter":
			o.pairSep = v
		case "kv_delimiter":
			o.kvSep = v
		case "quote":
			o.quotes = v
		}
	}
	fields := append([]arrow.Field(nil), in.Schema().Fields()...)
	if n.Keys == nil {
		return nil, c.errorf(n, "parse-kv expects the keys to extract")
	}
	for _, col := range n.Keys.Columns {
		t := TypeString
		if col.Type != nil {
			var ok bool
			if t, ok = ParseType(col.Type.Name); !ok {
				return nil, c.errorf(col.Type, "unknown type %q", col.Type.Name)
			}
		}
		o.keys = append(o.keys, col.Name.Name)
		o.types = append(o.types, t)
		fields = append(fields, arrow.Field{Name: col.Name.Name, Type: t.ArrowType(), Nullable: true})
	}
	o.schema = arrow.NewSchema(fields, nil)
	return o, nil
}

func (o *parseKvOp) Schema() *arrow.Schema { return o.schema }

// pairs splits s into key/value pairs.
func (o *parseKvOp) pairs(s string) map[string]string {
	out := map[string]string{}
	for len(s) > 0 {
		s = strings.TrimLeft(s, o.pairSep)
		k, rest, ok := strings.Cut(s, o.kvSep)
		if !ok {
			break
		}
		k = strings.TrimSpace(k)
		var v string
		if rest != "" && strings.ContainsRune(o.quotes, rune(rest[0])) {
			q := rest[0]
			end := strings.IndexByte(rest[1:], q)
			if end < 0 {
				v, s = rest[1:], ""
			} else {
				v, s = rest[1:1+end], rest[2+end:]
			}
		} else if i := strings.Index(rest, o.pairSep); i >= 0 {
			v, s = rest[:i], rest[i+len(o.pairSep):]
		} else {
			v, s = rest, ""
		}
		if _, dup := out[k]; !dup {
			out[k] = strings.TrimSpace(v)
		}
	}
	return out
}

func (o *parseKvOp) Next(ctx context.Context) (arrow.Record, error) {
	rec, err := o.in.Next(ctx)
	if err != nil {
		return nil, err
	}
	defer rec.Release()
	mem := o.c.alloc()
	n := int(rec.NumRows())
	v, err := o.src.eval(&batch{rec: rec, mem: mem, n: n})
	if err != nil {
		return nil, err
	}
	defer v.release()
	builders := make([]array.Builder, len(o.keys))
	for i, t := range o.types {
		builders[i] = newBuilder(mem, t)
		defer builders[i].Release()
	}
	for r := range n {
		kv := o.pairs(FormatValue(v.Value(r)))
		for i, k := range o.keys {
			var val Value
			if s, ok := kv[k]; ok {
				val = parseCell(s, o.types[i])
			}
			AppendValue(builders[i], o.types[i], val)
		}
	}
	cols := make([]arrow.Array, 0, o.schema.NumFields())
	for i := range int(rec.NumCols()) {
		rec.Column(i).Retain()
		cols = append(cols, rec.Column(i))
	}
	for _, b := range builders {
		cols = append(cols, b.NewArray())
	}
	defer releaseArrays(cols)
	return array.NewRecord(o.schema, cols, int64(n)), nil
}

func (o *parseKvOp) Close() { o.in.Close() }
