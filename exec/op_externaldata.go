package exec

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/crosshunt/crosshunt/kql"
)

// externalDataOp fetches its URIs with net/http when first pulled and
// parses them by the declared schema: csv (default), tsv, scsv, psv, json
// (one object per line, or an array of objects) or txt (one line per
// row).
type externalDataOp struct {
	schema    *arrow.Schema
	types     []Type
	uris      []string
	format    string
	skipFirst bool
	client    *http.Client
	mem       memory.Allocator
	done      bool
}

var _ Operator = (*externalDataOp)(nil)

func (c *compiler) externalData(ctx context.Context, sc *scope, n *kql.ExternalDataExpr) (Operator, error) {
	schema, types, err := c.schemaFromDecl(n.Schema)
	if err != nil {
		return nil, err
	}
	o := &externalDataOp{schema: schema, types: types, format: "csv", client: c.opts.HTTPClient, mem: c.alloc()}
	if o.client == nil {
		o.client = http.DefaultClient
	}
	for _, u := range n.URIs {
		e, err := c.scalar(ctx, &rowScope{sc: sc, where: "externaldata"}, u)
		if err != nil {
			return nil, err
		}
		v, ok := isConst(e)
		if !ok {
			return nil, c.errorf(u, "externaldata URIs must be constant strings")
		}
		o.uris = append(o.uris, FormatValue(v))
	}
	for _, opt := range n.With {
		switch strings.ToLower(opt.Name) {
		case "format":
			o.format = strings.ToLower(optionText(opt.Value))
		case "ignorefirstrecord":
			o.skipFirst = optionBool(opt.Value)
		}
	}
	switch o.format {
	case "csv", "tsv", "tsve", "scsv", "psv", "json", "multijson", "txt", "raw":
	default:
		return nil, c.errorf(n, "externaldata: unsupported format %q", o.format)
	}
	return o, nil
}

func (o *externalDataOp) Schema() *arrow.Schema { return o.schema }

func (o *externalDataOp) Next(ctx context.Context) (arrow.Record, error) {
	if o.done {
		return nil, io.EOF
	}
	o.done = true
	b := array.NewRecordBuilder(o.mem, o.schema)
	defer b.Release()
	for _, u := range o.uris {
		if err := o.fetch(ctx, u, b); err != nil {
			return nil, err
		}
	}
	return b.NewRecord(), nil
}

func (o *externalDataOp) fetch(ctx context.Context, uri string, b *array.RecordBuilder) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, uri, nil)
	if err != nil {
		return fmt.Errorf("externaldata: %v", err)
	}
	resp, err := o.client.Do(req)
	if err != nil {
		return fmt.Errorf("externaldata: cannot fetch %s: %v", uri, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("externaldata: fetching %s: HTTP %s", uri, resp.Status)
	}
	appendRow := func(cells []string) {
		for i, t := range o.types {
			var v Value
			if i < len(cells) {
				if cells[i] != "" || t == TypeString {
					v = parseCell(cells[i], t)
				}
			}
			AppendValue(b.Field(i), t, v)
		}
	}
	switch o.format {
	case "txt", "raw":
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<28)
		first := true
		for sc.Scan() {
			if first && o.skipFirst {
				first = false
				continue
			}
			first = false
			appendRow([]string{sc.Text()})
		}
		return sc.Err()
	case "json", "multijson":
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		var objs []Value
		if v, ok := ParseJSON(string(body)); ok {
			if arr, isArr := v.([]Value); isArr {
				objs = arr
			} else {
				objs = []Value{v}
			}
		} else {
			for _, line := range strings.Split(string(body), "\n") {
				if strings.TrimSpace(line) == "" {
					continue
				}
				v, ok := ParseJSON(line)
				if !ok {
					return fmt.Errorf("externaldata: %s: invalid JSON line %q", uri, line)
				}
				objs = append(objs, v)
			}
		}
		for _, obj := range objs {
			bag, _ := obj.(*Bag)
			for i, f := range o.schema.Fields() {
				var v Value
				if bag != nil {
					v, _ = bag.Get(f.Name)
				}
				if s, ok := v.(string); ok && o.types[i] != TypeString && o.types[i] != TypeDynamic {
					v = parseCell(s, o.types[i])
				}
				AppendValue(b.Field(i), o.types[i], v)
			}
		}
		return nil
	}
	r := csv.NewReader(resp.Body)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	switch o.format {
	case "tsv", "tsve":
		r.Comma = '\t'
	case "scsv":
		r.Comma = ';'
	case "psv":
		r.Comma = '|'
	}
	first := true
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("externaldata: %s: %v", uri, err)
		}
		if first && o.skipFirst {
			first = false
			continue
		}
		first = false
		appendRow(rec)
	}
}

// parseCell converts a text cell to type t (dynamic cells are JSON).
func parseCell(s string, t Type) Value {
	if t == TypeDynamic {
		if v, ok := ParseJSON(s); ok {
			return v
		}
		return s
	}
	return Convert(s, t)
}

func (o *externalDataOp) Close() {}
