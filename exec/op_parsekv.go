package exec

import (
	"context"
	"regexp"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/crosshunt/crosshunt/kql"
)

// parseKvOp is parse-kv (learn.microsoft.com/kusto/query/parse-kv-operator):
// it finds the declared keys in text and extends them as typed columns,
// null (or "") where a key is absent; the first appearance of a key wins
// and values are trimmed. Three modes: pair_delimiter and kv_delimiter
// given (greedy=true lets an unquoted value run to the next key), no
// delimiters (any non-alphanumeric character delimits), or regex= with
// a key group and a value group. quote= gives one character (both
// quotes) or two (opening, closing) and may repeat, as may escape=.
type parseKvOp struct {
	in      Operator
	schema  *arrow.Schema
	src     expr
	keys    []string
	types   []Type
	pairSep string
	kvSep   string
	greedy  bool
	quotes  [][2]byte // opening and closing quote
	escapes string
	re      *regexp.Regexp
	c       *compiler
}

var _ Operator = (*parseKvOp)(nil)

func (c *compiler) parseKv(ctx context.Context, sc *scope, in Operator, n *kql.ParseKvOp) (Operator, error) {
	src, err := c.scalar(ctx, &rowScope{schema: in.Schema(), sc: sc, where: "parse-kv"}, n.X)
	if err != nil {
		return nil, err
	}
	o := &parseKvOp{in: in, src: c.convert(src, TypeString), c: c}
	for _, opt := range n.With {
		v := optionText(opt.Value)
		switch strings.ToLower(opt.Name) {
		case "pair_delimiter":
			o.pairSep = v
		case "kv_delimiter":
			o.kvSep = v
		case "quote":
			switch len(v) {
			case 1:
				o.quotes = append(o.quotes, [2]byte{v[0], v[0]})
			case 2:
				o.quotes = append(o.quotes, [2]byte{v[0], v[1]})
			default:
				return nil, c.errorf(opt, "parse-kv: quote expects one or two characters, got %q", v)
			}
		case "escape":
			if len(v) != 1 {
				return nil, c.errorf(opt, "parse-kv: escape expects one character, got %q", v)
			}
			o.escapes += v
		case "greedy":
			o.greedy = strings.EqualFold(v, "true")
		case "regex":
			if o.re, err = regexp.Compile(v); err != nil {
				return nil, c.errorf(opt, "parse-kv: invalid regex: %v", err)
			}
			if o.re.NumSubexp() != 2 {
				return nil, c.errorf(opt, "parse-kv: regex must have exactly two capturing groups (key, value)")
			}
		}
	}
	if (o.pairSep == "") != (o.kvSep == "") {
		return nil, c.errorf(n, "parse-kv: pair_delimiter and kv_delimiter go together")
	}
	fields := append([]arrow.Field(nil), in.Schema().Fields()...)
	if n.Keys == nil {
		return nil, c.errorf(n, "parse-kv expects the keys to extract")
	}
	for _, col := range n.Keys.Columns {
		t, err := c.declaredType(col.Type, TypeString)
		if err != nil {
			return nil, err
		}
		o.keys = append(o.keys, col.Name.Name)
		o.types = append(o.types, t)
		fields = append(fields, arrow.Field{Name: col.Name.Name, Type: t.ArrowType(), Nullable: true})
	}
	o.schema = arrow.NewSchema(fields, nil)
	return o, nil
}

func (o *parseKvOp) Schema() *arrow.Schema { return o.schema }

// closing is the closing quote of an opening quote c, or 0.
func (o *parseKvOp) closing(c byte) byte {
	for _, q := range o.quotes {
		if q[0] == c {
			return q[1]
		}
	}
	return 0
}

// quoted reads a quoted text at s[i] (an opening quote): its content with
// escapes resolved, and the index just past the closing quote (len(s)
// when it is missing).
func (o *parseKvOp) quoted(s string, i int) (string, int) {
	end := o.closing(s[i])
	var b strings.Builder
	for j := i + 1; j < len(s); j++ {
		switch c := s[j]; {
		case strings.IndexByte(o.escapes, c) >= 0 && j+1 < len(s):
			j++
			b.WriteByte(s[j])
		case c == end:
			return b.String(), j + 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), len(s)
}

// pairs finds the key/value pairs of s.
func (o *parseKvOp) pairs(s string) map[string]string {
	out := map[string]string{}
	add := func(k, v string) {
		k = strings.TrimSpace(k)
		if _, dup := out[k]; !dup {
			out[k] = strings.TrimSpace(v)
		}
	}
	switch {
	case o.re != nil:
		for _, m := range o.re.FindAllStringSubmatch(s, -1) {
			add(m[1], m[2])
		}
	case o.pairSep != "":
		o.delimited(s, add)
	default:
		o.undelimited(s, add)
	}
	return out
}

// delimited reads pairs separated by pairSep, key and value by kvSep.
// Without greedy an unquoted value ends at the next pair delimiter and
// text without kvSep between delimiters is skipped (name=John Doe gives
// John); with greedy it runs to the pair delimiter before the next key.
func (o *parseKvOp) delimited(s string, add func(k, v string)) {
	i := 0
	for i < len(s) {
		for i < len(s) && (s[i] == ' ' || strings.HasPrefix(s[i:], o.pairSep)) {
			if s[i] == ' ' {
				i++
			} else {
				i += len(o.pairSep)
			}
		}
		if i >= len(s) {
			return
		}
		// The key: quoted, or up to kvSep; a pair delimiter first
		// means this text is no pair.
		var key string
		if o.closing(s[i]) != 0 {
			key, i = o.quoted(s, i)
			for i < len(s) && s[i] == ' ' {
				i++
			}
			if !strings.HasPrefix(s[i:], o.kvSep) {
				continue
			}
		} else {
			kv := strings.Index(s[i:], o.kvSep)
			ps := strings.Index(s[i:], o.pairSep)
			if kv < 0 {
				return
			}
			if ps >= 0 && ps < kv {
				i += ps
				continue
			}
			key, i = s[i:i+kv], i+kv
		}
		i += len(o.kvSep)
		for i < len(s) && s[i] == ' ' && o.pairSep != " " {
			i++
		}
		if i < len(s) && o.closing(s[i]) != 0 {
			var v string
			v, i = o.quoted(s, i)
			add(key, v)
			continue
		}
		end := o.valueEnd(s, i)
		add(key, s[i:end])
		i = end
	}
}

// valueEnd is where an unquoted value starting at s[i] ends.
func (o *parseKvOp) valueEnd(s string, i int) int {
	for j := i; j < len(s); {
		p := strings.Index(s[j:], o.pairSep)
		if p < 0 {
			return len(s)
		}
		p += j
		if !o.greedy {
			return p
		}
		// greedy: stop at a pair delimiter followed by a key and kvSep.
		next := p + len(o.pairSep)
		kv := strings.Index(s[next:], o.kvSep)
		ps := strings.Index(s[next:], o.pairSep)
		if kv > 0 && (ps < 0 || kv < ps) {
			return p
		}
		j = next
	}
	return len(s)
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80
}

// undelimited reads pairs where any non-alphanumeric character delimits:
// a key is a run of word characters, followed by delimiters and a value
// that is quoted or a run of word characters.
func (o *parseKvOp) undelimited(s string, add func(k, v string)) {
	i := 0
	for i < len(s) {
		for i < len(s) && !isAlnum(s[i]) && o.closing(s[i]) == 0 {
			i++
		}
		if i >= len(s) {
			return
		}
		var key string
		if o.closing(s[i]) != 0 {
			key, i = o.quoted(s, i)
		} else {
			j := i
			for j < len(s) && isAlnum(s[j]) {
				j++
			}
			key, i = s[i:j], j
		}
		for i < len(s) && !isAlnum(s[i]) && o.closing(s[i]) == 0 {
			i++
		}
		if i >= len(s) {
			return
		}
		if o.closing(s[i]) != 0 {
			var v string
			v, i = o.quoted(s, i)
			add(key, v)
			continue
		}
		j := i
		for j < len(s) && isAlnum(s[j]) {
			j++
		}
		add(key, s[i:j])
		i = j
	}
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
