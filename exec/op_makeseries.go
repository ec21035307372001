package exec

import (
	"context"
	"errors"
	"io"
	"math"
	"strings"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/crosshunt/crosshunt/kql"
)

// makeSeriesOp is make-series: per group of the by keys, one dynamic array
// per aggregate with a value per bin of the axis (the default where a bin
// has no rows), and the axis itself as an array of bin starts.
type makeSeriesOp struct {
	in       Operator
	schema   *arrow.Schema
	keys     []expr
	aggs     []*aggSpec
	defaults []Value
	axis     expr
	from, to Value // or nil: taken from the data
	step     Value
	// inRange is the alternate syntax `on x in range(start, stop,
	// step)`: stop is inclusive and bins are aligned with bin(), not to
	// start.
	inRange bool
	// nonEmpty is kind=nonempty: an empty input still gives one row of
	// default series.
	nonEmpty bool
	c        *compiler
	done     bool
}

var _ Operator = (*makeSeriesOp)(nil)

func (c *compiler) makeSeries(ctx context.Context, sc *scope, in Operator, n *kql.MakeSeriesOp) (Operator, error) {
	rs := &rowScope{schema: in.Schema(), sc: sc, where: "make-series"}
	o := &makeSeriesOp{in: in, c: c, inRange: n.InRange}
	for _, opt := range n.Options {
		if strings.EqualFold(opt.Name, "kind") && strings.EqualFold(optionText(opt.Value), "nonempty") {
			o.nonEmpty = true
		}
	}
	var names []string
	var types []Type
	for _, k := range n.By {
		e, err := c.scalar(ctx, rs, k.X)
		if err != nil {
			return nil, err
		}
		name := byName(k.X)
		if len(k.Names) == 1 {
			name = k.Names[0].Name
		}
		o.keys = append(o.keys, e)
		names = append(names, name)
		types = append(types, e.typ())
	}
	for _, a := range n.Aggs {
		call, ok := unparen(a.Agg).(*kql.CallExpr)
		if !ok {
			return nil, c.errorf(a, "make-series expects an aggregate function call")
		}
		spec, err := c.aggSpec(ctx, rs, call)
		if err != nil {
			return nil, err
		}
		var def Value = Convert(int64(0), spec.call.Result)
		if a.Default != nil {
			d, err := c.scalar(ctx, &rowScope{sc: sc}, a.Default)
			if err != nil {
				return nil, err
			}
			def, _ = isConst(d)
		}
		name := spec.agg.Prefix + "_"
		if len(call.Args) > 0 && !spec.agg.If || len(call.Args) > 1 {
			name += byName(call.Args[0])
		}
		if a.Name != nil {
			name = a.Name.Name
		}
		o.aggs = append(o.aggs, spec)
		o.defaults = append(o.defaults, def)
		names = append(names, name)
		types = append(types, TypeDynamic)
	}
	axis, err := c.scalar(ctx, rs, n.On)
	if err != nil {
		return nil, err
	}
	o.axis = axis
	// As in Kusto: the axis is a number, datetime or timespan; its bounds
	// have its type (numbers for a numeric one) and a datetime or
	// timespan axis steps by a timespan.
	at := axis.typ()
	if !at.IsNumeric() && at != TypeDateTime && at != TypeTimeSpan {
		return nil, c.errorf(n.On, "make-series: the axis must be a number, datetime or timespan, got %s", at)
	}
	sameKind := func(t Type) bool { return t == at || t.IsNumeric() && at.IsNumeric() }
	constOf := func(e kql.Expr) (Value, error) {
		if e == nil {
			return nil, nil
		}
		x, err := c.scalar(ctx, &rowScope{sc: sc, where: "make-series"}, e)
		if err != nil {
			return nil, err
		}
		v, ok := isConst(x)
		if !ok {
			return nil, c.errorf(e, "make-series range bounds must be constants")
		}
		if !sameKind(x.typ()) && v != nil {
			return nil, c.errorf(e, "make-series: a bound of a %s axis must be %s, got %s", at, at, x.typ())
		}
		return Convert(v, axisType(axis.typ(), x.typ())), nil
	}
	if o.from, err = constOf(n.From); err != nil {
		return nil, err
	}
	if o.to, err = constOf(n.To); err != nil {
		return nil, err
	}
	stepE, err := c.scalar(ctx, &rowScope{sc: sc}, n.Step)
	if err != nil {
		return nil, err
	}
	o.step, _ = isConst(stepE)
	if o.step == nil {
		return nil, c.errorf(n.Step, "make-series step must be a constant")
	}
	if st := stepE.typ(); at.IsNumeric() && !st.IsNumeric() || !at.IsNumeric() && st != TypeTimeSpan {
		return nil, c.errorf(n.Step, "make-series: the step of a %s axis cannot be %s", at, st)
	}
	names = append(names, autoName(n.On))
	types = append(types, TypeDynamic)
	o.schema = schemaOf(names, types)
	return o, nil
}

// axisType is the type range bounds convert to.
func axisType(axis, bound Type) Type {
	if axis == TypeDateTime || axis == TypeTimeSpan {
		return axis
	}
	return bound
}

// axisNum maps an axis value to a float64 for bin arithmetic.
func axisNum(v Value) (float64, bool) {
	switch x := v.(type) {
	case time.Time:
		return float64(x.UnixNano()), true
	case time.Duration:
		return float64(x), true
	}
	return toFloat(v)
}

func (o *makeSeriesOp) Schema() *arrow.Schema { return o.schema }

func (o *makeSeriesOp) Next(ctx context.Context) (arrow.Record, error) {
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
	av, err := o.axis.eval(b)
	if err != nil {
		return nil, err
	}
	defer av.release()
	step, _ := axisNum(o.step)
	if step <= 0 {
		return nil, errors.New("make-series: step must be positive")
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for r := range n {
		if x, ok := axisNum(av.Value(r)); ok && av.Value(r) != nil {
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
	}
	// The series runs from start (or the bin of the first value) up to
	// end exclusive (or the bin of the last value); with `in range`,
	// from the bin of start to stop inclusive
	// (https://learn.microsoft.com/kusto/query/make-series-operator).
	from := lo
	if o.from != nil {
		from, _ = axisNum(o.from)
		if o.inRange {
			from = math.Floor(from/step) * step
		}
	} else if !math.IsInf(lo, 0) {
		from = math.Floor(lo/step) * step
	}
	nbins := 0
	switch {
	case o.to != nil && o.inRange:
		to, _ := axisNum(o.to)
		if to >= from {
			nbins = int(math.Floor((to-from)/step)) + 1
		}
	case o.to != nil:
		to, _ := axisNum(o.to)
		if to > from {
			nbins = int(math.Ceil((to - from) / step))
		}
	case !math.IsInf(hi, 0) && hi >= from:
		nbins = int(math.Floor((hi-from)/step)) + 1
	}
	// Group rows by key, then by bin.
	groups := newInterner()
	keyCols, err := evalExprs(mem, o.keys, rec)
	if err != nil {
		return nil, err
	}
	defer releaseArrays(keyCols)
	var firstRow []int
	gids := make([]uint32, n)
	var buf []byte
	for r := range n {
		buf = buf[:0]
		for _, col := range keyCols {
			buf = appendKeyPrefixed(buf, col, r)
		}
		g, added := groups.id(buf)
		if added {
			firstRow = append(firstRow, r)
		}
		x, ok := axisNum(av.Value(r))
		bin := int(math.Floor((x - from) / step))
		if !ok || av.Value(r) == nil || bin < 0 || bin >= nbins {
			gids[r] = skipGroup
			continue
		}
		gids[r] = g*uint32(nbins) + uint32(bin)
	}
	ng := groups.len()
	if ng == 0 && o.nonEmpty && !math.IsInf(from, 0) {
		// kind=nonempty: one row of default series, null keys.
		groups.id(nil)
		firstRow = append(firstRow, -1)
		ng = 1
	}
	seen := make([]bool, ng*nbins)
	for _, g := range gids {
		if g != skipGroup {
			seen[g] = true
		}
	}
	results := make([]arrow.Array, len(o.aggs))
	defer releaseArrays(results)
	for i, a := range o.aggs {
		if err := a.update(b, gids); err != nil {
			return nil, err
		}
		results[i] = a.acc.Result(ng * nbins)
	}
	out := array.NewRecordBuilder(mem, o.schema)
	defer out.Release()
	axisVals := make([]Value, nbins)
	for k := range nbins {
		x := from + float64(k)*step
		switch o.axis.typ() {
		case TypeDateTime:
			axisVals[k] = time.Unix(0, int64(x)).UTC()
		case TypeTimeSpan:
			axisVals[k] = time.Duration(int64(x))
		case TypeLong, TypeInt:
			axisVals[k] = int64(x)
		default:
			axisVals[k] = x
		}
	}
	for g := range ng {
		for j, col := range keyCols {
			if firstRow[g] < 0 {
				AppendValue(out.Field(j), o.keys[j].typ(), nil)
				continue
			}
			appendFrom(out.Field(j), col, firstRow[g])
		}
		for i := range o.aggs {
			series := make([]Value, nbins)
			for k := range nbins {
				if seen[g*nbins+k] {
					series[k] = Convert(ValueAt(results[i], g*nbins+k), TypeDynamic)
				} else {
					series[k] = Convert(o.defaults[i], TypeDynamic)
				}
			}
			AppendValue(out.Field(len(keyCols)+i), TypeDynamic, series)
		}
		AppendValue(out.Field(len(keyCols)+len(o.aggs)), TypeDynamic, axisVals)
	}
	return out.NewRecord(), nil
}

func (o *makeSeriesOp) Close() { o.in.Close() }
