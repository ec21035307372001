package exec

import (
	"context"
	"io"
	"sort"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/crosshunt/crosshunt/kql"
)

// topNestedOp is top-nested: at each level the rows of every group of the
// level above are grouped by the level's Of expression, aggregated, and
// the best Count groups kept; the output has one row per kept leaf with
// every level's value and aggregate.
type topNestedOp struct {
	in     Operator
	schema *arrow.Schema
	levels []nestedLevel
	c      *compiler
	done   bool
}

type nestedLevel struct {
	of    expr
	agg   *aggSpec
	count int64 // -1: all
	asc   bool
	// others is the `with others = Value` value, or nil: the rows of the
	// groups not kept are aggregated into one more row with this value,
	// whose deeper levels are null.
	others    Value
	hasOthers bool
}

var _ Operator = (*topNestedOp)(nil)

func (c *compiler) topNested(ctx context.Context, sc *scope, in Operator, n *kql.TopNestedOp) (Operator, error) {
	rs := &rowScope{schema: in.Schema(), sc: sc, where: "top-nested"}
	o := &topNestedOp{in: in, c: c}
	var names []string
	var types []Type
	for _, l := range n.Levels {
		of, err := c.scalar(ctx, rs, l.Of.X)
		if err != nil {
			return nil, err
		}
		var others Value
		if l.Others != nil {
			oe, err := c.scalar(ctx, &rowScope{sc: sc}, l.Others)
			if err != nil {
				return nil, err
			}
			v, ok := isConst(oe)
			if !ok {
				return nil, c.errorf(l.Others, "top-nested: with others expects a constant")
			}
			if v != nil && oe.typ() != of.typ() {
				return nil, c.errorf(l.Others, "top-nested: with others value is %s, the column is %s", oe.typ(), of.typ())
			}
			others = v
		}
		call, ok := unparen(l.By.X).(*kql.CallExpr)
		if !ok {
			return nil, c.errorf(l.By, "top-nested expects an aggregate after by")
		}
		spec, err := c.aggSpec(ctx, rs, call)
		if err != nil {
			return nil, err
		}
		count := int64(-1)
		if l.Count != nil {
			if count, err = c.constCount(ctx, sc, l.Count, "top-nested"); err != nil {
				return nil, err
			}
		}
		ofName := autoName(l.Of.X)
		if len(l.Of.Names) == 1 {
			ofName = l.Of.Names[0].Name
		}
		if ofName == "" {
			ofName = "Column1"
		}
		aggName := "aggregated_" + ofName
		if len(l.By.Names) == 1 {
			aggName = l.By.Names[0].Name
		}
		o.levels = append(o.levels, nestedLevel{of: of, agg: spec, count: count, asc: strings.EqualFold(l.Order, "asc"), others: others, hasOthers: l.Others != nil})
		names = append(names, ofName, aggName)
		types = append(types, of.typ(), spec.call.Result)
	}
	o.schema = schemaOf(names, types)
	return o, nil
}

func (o *topNestedOp) Schema() *arrow.Schema { return o.schema }

func (o *topNestedOp) Next(ctx context.Context) (arrow.Record, error) {
	if o.done {
		return nil, io.EOF
	}
	o.done = true
	mem := o.c.alloc()
	rec, err := drainOne(ctx, mem, o.in)
	if err != nil {
		return nil, err
	}
	defer rec.Release()
	n := int(rec.NumRows())
	b := &batch{rec: rec, mem: mem, n: n}
	ofCols := make([]arrow.Array, len(o.levels))
	args := make([][]*Vector, len(o.levels))
	preds := make([]*Vector, len(o.levels))
	defer func() {
		releaseArrays(ofCols)
		for i := range args {
			for _, v := range args[i] {
				v.release()
			}
			preds[i].release()
		}
	}()
	for i, l := range o.levels {
		v, err := l.of.eval(b)
		if err != nil {
			return nil, err
		}
		ofCols[i] = materializeVec(mem, v, n)
		for _, a := range l.agg.args {
			av, err := a.eval(b)
			if err != nil {
				return nil, err
			}
			args[i] = append(args[i], av)
		}
		if l.agg.pred != nil {
			if preds[i], err = l.agg.pred.eval(b); err != nil {
				return nil, err
			}
		}
	}
	out := array.NewRecordBuilder(mem, o.schema)
	defer out.Release()
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	var prefix []Value
	var walk func(level int, rows []int)
	walk = func(level int, rows []int) {
		if level == len(o.levels) {
			for j, v := range prefix {
				AppendValue(out.Field(j), fieldType(o.schema, j), v)
			}
			return
		}
		l := o.levels[level]
		groups := newInterner()
		var members [][]int
		var keys []Value
		gids := make([]uint32, n)
		for i := range gids {
			gids[i] = skipGroup
		}
		var buf []byte
		for _, r := range rows {
			buf = appendKey(buf[:0], ofCols[level], r)
			g, added := groups.id(buf)
			if added {
				members = append(members, nil)
				keys = append(keys, ValueAt(ofCols[level], r))
			}
			members[g] = append(members[g], r)
			if preds[level] != nil {
				if t, ok := preds[level].Value(r).(bool); !ok || !t {
					continue
				}
			}
			gids[r] = g
		}
		acc := l.agg.agg.newAccumulator(l.agg.call)
		if err := acc.Update(gids, args[level]); err != nil {
			return
		}
		res := acc.Result(groups.len())
		defer res.Release()
		order := make([]int, groups.len())
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(a, b int) bool {
			c := CompareValues(ValueAt(res, order[a]), ValueAt(res, order[b]))
			if l.asc {
				return c < 0
			}
			return c > 0
		})
		if l.count >= 0 && int64(len(order)) > l.count {
			order = order[:l.count]
		}
		for _, g := range order {
			prefix = append(prefix, keys[g], ValueAt(res, g))
			walk(level+1, members[g])
			prefix = prefix[:len(prefix)-2]
		}
		if l.hasOthers && len(order) < groups.len() {
			// The others row: the level's aggregate over the groups not
			// kept; deeper levels are null.
			kept := make(map[int]bool, len(order))
			for _, g := range order {
				kept[g] = true
			}
			ogids := make([]uint32, n)
			for i := range ogids {
				ogids[i] = skipGroup
			}
			for g, rs := range members {
				if kept[g] {
					continue
				}
				for _, r := range rs {
					if gids[r] != skipGroup {
						ogids[r] = 0
					}
				}
			}
			oacc := l.agg.agg.newAccumulator(l.agg.call)
			if err := oacc.Update(ogids, args[level]); err != nil {
				return
			}
			ores := oacc.Result(1)
			defer ores.Release()
			for j, v := range prefix {
				AppendValue(out.Field(j), fieldType(o.schema, j), v)
			}
			j := len(prefix)
			AppendValue(out.Field(j), fieldType(o.schema, j), l.others)
			AppendValue(out.Field(j+1), fieldType(o.schema, j+1), ValueAt(ores, 0))
			for k := j + 2; k < o.schema.NumFields(); k++ {
				AppendValue(out.Field(k), fieldType(o.schema, k), nil)
			}
		}
	}
	walk(0, all)
	return out.NewRecord(), nil
}

func (o *topNestedOp) Close() { o.in.Close() }
