package exec

import (
	"context"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/crosshunt/crosshunt/kql"
)

// argSpec is arg_max or arg_min: per group it remembers where the best
// row is (batch, row) and the best value, and copies the winning rows'
// output columns only at the end. It is its own partial and final step:
// arg_max over the partial winners gives the overall winner.
type argSpec struct {
	max   bool
	key   expr
	outs  []expr
	names []string
	// The output columns of every batch seen, retained until the end.
	batches [][]arrow.Array
	best    []Value // per group; nil: no row yet
	bestI64 []int64 // per group, for long/datetime/timespan keys
	has     []bool
	where   [][2]int32 // per group: batch, row
}

func (c *compiler) argSpec(ctx context.Context, rs *rowScope, call *kql.CallExpr, max bool, by []*kql.NamedExpr, a *kql.NamedExpr) (*argSpec, error) {
	if len(call.Args) < 1 {
		return nil, c.errorf(call, "%s expects at least 1 argument", callName(call))
	}
	s := &argSpec{max: max}
	fname := callName(call)
	prefix := "min_"
	if max {
		prefix = "max_"
	}
	// The legacy argmax and argmin name their columns max_x and
	// max_x_col (https://learn.microsoft.com/kusto/query/argmax-aggfunction).
	legacy := fname == "argmax" || fname == "argmin"
	skip := map[string]bool{}
	args := call.Args[1:]
	keyName := ""
	if fname == "take_any" || fname == "any" {
		// take_any(a, b, ...) and take_any(*) take the columns of one
		// row of each group: every row ties on a constant key, so the
		// first one seen stays
		// (https://learn.microsoft.com/kusto/query/take-any-aggregation-function).
		s.key = &constExpr{t: TypeBool, v: true}
		args = call.Args
	} else {
		keyArg := call.Args[0]
		if legacy && c.summarizeStep == stepFinal {
			// The partial step's output names the columns max_x and
			// max_x_col: the final step reads them.
			keyArg = &kql.Ident{Span: call.Span, Name: prefix + byName(keyArg)}
			args = nil
			for _, a := range call.Args[1:] {
				if n := byName(a); n != "" {
					args = append(args, &kql.NamedExpr{Span: call.Span, Names: []*kql.Ident{{Name: keyArg.(*kql.Ident).Name + "_" + n}}, X: &kql.Ident{Span: call.Span, Name: keyArg.(*kql.Ident).Name + "_" + n}})
				}
			}
		}
		key, err := c.scalar(ctx, rs, keyArg)
		if err != nil {
			return nil, err
		}
		s.key = key
		keyName = autoName(call.Args[0])
		if keyName == "" || legacy {
			keyName = prefix + byName(call.Args[0])
		}
		s.outs = append(s.outs, key)
		s.names = append(s.names, keyName)
		skip[keyName] = true
	}
	outName := func(n string) string {
		if legacy {
			return keyName + "_" + n
		}
		return n
	}
	for _, b := range by {
		if len(b.Names) == 1 {
			skip[b.Names[0].Name] = true
		} else if n := byName(b.X); n != "" {
			skip[n] = true
		}
	}
	for _, arg := range args {
		if w, ok := arg.(*kql.Wildcard); ok {
			for _, i := range matchColumns(rs.schema, w.Pattern) {
				name := rs.schema.Field(i).Name
				if skip[name] {
					continue
				}
				skip[name] = true
				s.outs = append(s.outs, &colExpr{idx: i, t: fieldType(rs.schema, i), name: name})
				s.names = append(s.names, outName(name))
			}
			continue
		}
		var x kql.Expr = arg
		name := ""
		if ne, ok := arg.(*kql.NamedExpr); ok {
			x = ne.X
			if len(ne.Names) == 1 {
				name = ne.Names[0].Name
			}
		}
		e, err := c.scalar(ctx, rs, x)
		if err != nil {
			return nil, err
		}
		if name == "" {
			name = outName(byName(x))
		}
		s.outs = append(s.outs, e)
		s.names = append(s.names, name)
	}
	if len(a.Names) > 0 {
		for i := range min(len(a.Names), len(s.names)) {
			s.names[i] = a.Names[i].Name
		}
	}
	return s, nil
}

func (s *argSpec) grow(g uint32) {
	for int(g) >= len(s.has) {
		s.has = append(s.has, false)
		s.best = append(s.best, nil)
		s.bestI64 = append(s.bestI64, 0)
		s.where = append(s.where, [2]int32{})
	}
}

func (s *argSpec) update(b *batch, gids []uint32) error {
	kv, err := s.key.eval(b)
	if err != nil {
		return err
	}
	defer kv.release()
	bi := int32(len(s.batches))
	improved := false
	if vals, ok := int64Values(kv.Array); ok {
		col := kv.Array
		for r, g := range gids {
			if g == skipGroup || col.IsNull(r) {
				continue
			}
			s.grow(g)
			v := vals[r]
			if !s.has[g] || (s.max && v > s.bestI64[g]) || (!s.max && v < s.bestI64[g]) {
				s.has[g], s.bestI64[g], s.where[g] = true, v, [2]int32{bi, int32(r)}
				improved = true
			}
		}
	} else {
		for r, g := range gids {
			if g == skipGroup {
				continue
			}
			v := kv.Value(r)
			if v == nil {
				continue
			}
			s.grow(g)
			c := 0
			if s.has[g] {
				c = CompareValues(v, s.best[g])
			}
			if !s.has[g] || (s.max && c > 0) || (!s.max && c < 0) {
				s.has[g], s.best[g], s.where[g] = true, v, [2]int32{bi, int32(r)}
				improved = true
			}
		}
	}
	if !improved {
		s.batches = append(s.batches, nil)
		return nil
	}
	cols := make([]arrow.Array, len(s.outs))
	for i, e := range s.outs {
		v, err := e.eval(b)
		if err != nil {
			releaseArrays(cols)
			return err
		}
		cols[i] = materializeVec(b.mem, v, b.n)
	}
	s.batches = append(s.batches, cols)
	return nil
}

// result copies the winning rows' columns for groups 0..n-1.
func (s *argSpec) result(mem memory.Allocator, n int) []arrow.Array {
	out := make([]arrow.Array, len(s.outs))
	for j, e := range s.outs {
		b := newBuilder(mem, e.typ())
		b.Reserve(n)
		for g := range n {
			if g >= len(s.has) || !s.has[g] {
				AppendValue(b, e.typ(), nil)
				continue
			}
			w := s.where[g]
			appendFrom(b, s.batches[w[0]][j], int(w[1]))
		}
		out[j] = b.NewArray()
		b.Release()
	}
	return out
}

func (s *argSpec) release() {
	for _, cols := range s.batches {
		releaseArrays(cols)
	}
	s.batches = nil
}
