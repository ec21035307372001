package exec

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/crosshunt/crosshunt/kql"
)

// parseOp is parse and parse-where: the pattern is compiled into one
// regular expression whose groups are the new columns.
type parseOp struct {
	in      Operator
	schema  *arrow.Schema
	src     expr
	re      *regexp.Regexp
	cols    []parseCol
	keep    []int // output position -> input column, -1 for parsed ones
	where   bool  // parse-where: drop rows that do not match
	relaxed bool
	mem     memory.Allocator
}

type parseCol struct {
	t     Type
	group int
	at    int
}

var _ Operator = (*parseOp)(nil)

// typePattern is the regular expression a typed column matches in simple
// and relaxed mode.
func typePattern(t Type) string {
	switch t {
	case TypeInt, TypeLong:
		return `-?\d+`
	case TypeReal, TypeDecimal:
		return `-?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?`
	case TypeBool:
		return `(?i:true|false)`
	}
	return `.*?`
}

func (c *compiler) parse(ctx context.Context, sc *scope, in Operator, n *kql.ParseOp) (Operator, error) {
	inSchema := in.Schema()
	rs := &rowScope{schema: inSchema, sc: sc, where: "parse"}
	src, err := c.scalar(ctx, rs, n.X)
	if err != nil {
		return nil, err
	}
	src = c.convert(src, TypeString)
	kind, flags := "simple", ""
	for _, o := range n.Options {
		switch strings.ToLower(o.Name) {
		case "kind":
			kind = strings.ToLower(optionText(o.Value))
			if kind != "simple" && kind != "regex" && kind != "relaxed" {
				return nil, c.errorf(o, "parse: kind must be simple, regex or relaxed, got %q", kind)
			}
		case "flags":
			flags = optionText(o.Value)
		}
	}
	o := &parseOp{in: in, src: src, where: n.Where, relaxed: kind == "relaxed", mem: c.alloc()}
	fields := append([]arrow.Field(nil), inSchema.Fields()...)
	for i := range fields {
		o.keep = append(o.keep, i)
	}
	var re strings.Builder
	if kind == "regex" {
		// Kusto's regex mode takes flags= (s, i, U, m) as given: without
		// s, . does not match a newline.
		if flags != "" {
			re.WriteString("(?" + flags + ")")
		}
	} else {
		re.WriteString("(?s)^")
	}
	group := 0
	for i, el := range n.Pattern {
		last := i == len(n.Pattern)-1
		switch el := el.(type) {
		case *kql.Lit:
			if kind == "regex" {
				re.WriteString(el.Value)
			} else {
				re.WriteString(regexp.QuoteMeta(el.Value))
			}
		case *kql.Wildcard:
			if last && kind != "regex" {
				re.WriteString(".*")
			} else {
				re.WriteString(".*?")
			}
		case *kql.ColumnDecl:
			t, err := c.declaredType(el.Type, TypeString)
			if err != nil {
				return nil, err
			}
			p := typePattern(t)
			switch {
			case kind == "regex" && p == ".*?":
				// A string (or date...) column is greedy in regex mode
				// (flags=U makes it lazy): parse kind=regex s with *
				// "resourceName=" resourceName ',' * takes up to the
				// last comma (parse-operator page, regex mode examples).
				p = ".*"
			}
			if last && p == ".*?" {
				p = ".*"
			}
			group++
			// A named group: a regex-mode pattern may hold groups of its
			// own ("(.*?)totalSlices=").
			g := fmt.Sprintf("(?P<c%d>%s)", group, p)
			if kind == "relaxed" && p != ".*?" && p != ".*" {
				// relaxed: a typed column that does not match its type
				// is null, and the text up to the next delimiter is
				// skipped (totalSlices=nonValidLongValue, sliceNumber=).
				g += "?.*?"
				if last {
					g += "$"
				}
			}
			re.WriteString(g)
			name := el.Name.Name
			at := placeColumn(&fields, &o.keep, arrow.Field{Name: name, Type: t.ArrowType(), Nullable: true})
			o.cols = append(o.cols, parseCol{t: t, group: group, at: at})
		default:
			return nil, c.errorf(n, "unsupported element in parse pattern")
		}
	}
	rx, err := regexp.Compile(re.String())
	if err != nil {
		return nil, c.errorf(n, "parse: invalid pattern: %v", err)
	}
	o.re = rx
	for i := range o.cols {
		o.cols[i].group = rx.SubexpIndex(fmt.Sprintf("c%d", o.cols[i].group))
	}
	o.schema = arrow.NewSchema(fields, nil)
	return o, nil
}

func (o *parseOp) Schema() *arrow.Schema { return o.schema }

func (o *parseOp) Next(ctx context.Context) (arrow.Record, error) {
	return nextMapped(ctx, o.in, o.apply, !o.where)
}

func (o *parseOp) apply(ctx context.Context, rec arrow.Record) (arrow.Record, error) {
	n := int(rec.NumRows())
	v, err := o.src.eval(&batch{rec: rec, mem: o.mem, n: n})
	if err != nil {
		return nil, err
	}
	srcArr := materializeVec(o.mem, v, n)
	defer srcArr.Release()
	strs := srcArr.(*array.String)
	builders := make([]array.Builder, len(o.cols))
	for i, c := range o.cols {
		builders[i] = newBuilder(o.mem, c.t)
		defer builders[i].Release()
	}
	var keepRows []int32
	vals := make([]Value, len(o.cols))
	for r := range n {
		s := strs.Value(r)
		m := o.re.FindStringSubmatchIndex(s)
		ok := m != nil
		if ok {
			for i, c := range o.cols {
				lo, hi := m[2*c.group], m[2*c.group+1]
				vals[i] = nil
				if lo >= 0 {
					vals[i] = Convert(s[lo:hi], c.t)
				}
				if vals[i] == nil && c.t != TypeString && !o.relaxed {
					ok = false
				}
			}
		}
		if !ok {
			if o.where {
				continue
			}
			for i := range vals {
				vals[i] = nil
			}
		}
		keepRows = append(keepRows, int32(r))
		for i, c := range o.cols {
			AppendValue(builders[i], c.t, vals[i])
		}
	}
	base := rec
	if o.where && len(keepRows) < n {
		if base, err = takeRecord(ctx, o.mem, rec, keepRows); err != nil {
			return nil, err
		}
		defer base.Release()
	}
	out := keptColumns(base, o.keep)
	for i, c := range o.cols {
		out[c.at] = builders[i].NewArray()
	}
	defer releaseArrays(out)
	return array.NewRecord(o.schema, out, int64(len(keepRows))), nil
}

func (o *parseOp) Close() { o.in.Close() }
