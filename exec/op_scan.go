package exec

import (
	"context"
	"io"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/crosshunt/crosshunt/kql"
)

// scanOp is `scan [with_match_id=Id] [declare (Columns)] with (Steps)`,
// the reference's state machine (learn.microsoft.com/kusto/query/scan-operator).
// The state of step s_k is empty, or holds one row for each of the steps
// s_1..s_k: the rows that matched them in the current sequence (input
// and declared columns), and the sequence's match id. Records are read in
// order; each is evaluated against the steps from last to first, and
// against step s_k:
//
//  1. If the state of s_k-1 is not empty and the record meets s_k's
//     condition (read over that state), the state of s_k-1 moves to s_k
//     (s_k-1 becomes empty), the record, its declared columns taken from
//     s_k-1's row, is extended by s_k's assignments, output, and added to
//     the state of s_k as its row (keeping the match id). Check 2 is
//     skipped.
//  2. Otherwise, if s_k's state is not empty or s_k is the first step, and
//     the record meets the condition (read over s_k's state), the record
//     (declared columns from s_k's row, or their defaults) is extended by
//     the assignments, replaces s_k's row in its state, and is output.
//     When the first step's state was empty this starts a new sequence:
//     the match id grows by one (the first is 0).
//
// Conditions and assignments read the record's columns by name and a
// step's row in the state as Step.Column; a missing row reads as null
// columns and default declared values. output=all (the default) outputs
// every match of the step; output=none none; output=last only the last
// match of each run of the step, output when its sequence leaves the step
// (or a new sequence replaces it, or the input ends). The output has the
// input's columns, the declared columns and, with with_match_id, the
// match id.
type scanOp struct {
	in       Operator
	c        *compiler
	schema   *arrow.Schema
	ctx      *arrow.Schema // the evaluation schema: record, then each step's state
	nIn      int
	defaults []Value // declared columns' defaults
	steps    []*scanStep
	matchID  bool
	done     bool
	b        *array.RecordBuilder // reused for each one-row evaluation
}

type scanStep struct {
	name    string
	output  string
	cond    expr
	targets []int // declared column index of each assignment
	assigns []expr
	// the state: rows[j] is the row of step j (input then declared
	// columns) for j <= this step's index; nil when empty
	rows    [][]Value
	id      int64
	pending []Value // output=last: the row not yet output
	pendID  int64
}

var _ Operator = (*scanOp)(nil)

func (c *compiler) scan(ctx context.Context, sc *scope, in Operator, n *kql.ScanOp) (Operator, error) {
	o := &scanOp{in: in, c: c, nIn: in.Schema().NumFields()}
	matchName := ""
	for _, opt := range n.Options {
		if strings.EqualFold(opt.Name, "with_match_id") {
			matchName = optionText(opt.Value)
			o.matchID = true
		}
	}
	var names []string
	var types []Type
	for i, f := range in.Schema().Fields() {
		names = append(names, f.Name)
		types = append(types, fieldType(in.Schema(), i))
	}
	declIdx := map[string]int{}
	for _, d := range n.Declare {
		if d.Type == nil {
			return nil, c.errorf(d, "scan: declared column %q needs a type", d.Name.Name)
		}
		t, err := c.declaredType(d.Type, TypeDynamic)
		if err != nil {
			return nil, err
		}
		if colIndex(in.Schema(), d.Name.Name) >= 0 {
			return nil, c.errorf(d, "scan: declared column %q is already a column of the input", d.Name.Name)
		}
		var def Value
		if d.Default != nil {
			e, err := c.typedScalar(ctx, &rowScope{sc: sc, where: "scan"}, d.Default, t)
			if err != nil {
				return nil, err
			}
			v, ok := isConst(e)
			if !ok {
				return nil, c.errorf(d.Default, "scan: a declared default must be a constant")
			}
			def = v
		}
		declIdx[d.Name.Name] = len(o.defaults)
		o.defaults = append(o.defaults, def)
		names = append(names, d.Name.Name)
		types = append(types, t)
	}
	outNames, outTypes := append([]string(nil), names...), append([]Type(nil), types...)
	if o.matchID {
		outNames = append(outNames, matchName)
		outTypes = append(outTypes, TypeLong)
	}
	o.schema = schemaOf(outNames, outTypes)
	qualified := map[string]bool{}
	ctxNames, ctxTypes := append([]string(nil), names...), append([]Type(nil), types...)
	for _, st := range n.Steps {
		if qualified[st.Name.Name] {
			return nil, c.errorf(st.Name, "scan: step %q is defined twice", st.Name.Name)
		}
		qualified[st.Name.Name] = true
		for i, nm := range names {
			ctxNames = append(ctxNames, st.Name.Name+"."+nm)
			ctxTypes = append(ctxTypes, types[i])
		}
	}
	o.ctx = schemaOf(ctxNames, ctxTypes)
	rs := &rowScope{schema: o.ctx, sc: sc, where: "scan", qualified: qualified}
	for _, st := range n.Steps {
		s := &scanStep{name: st.Name.Name, output: "all"}
		for _, opt := range st.Options {
			if strings.EqualFold(opt.Name, "output") {
				s.output = strings.ToLower(optionText(opt.Value))
				switch s.output {
				case "all", "last", "none":
				default:
					return nil, c.errorf(opt, "scan: output must be all, last or none")
				}
			}
		}
		cond, err := c.scalar(ctx, rs, st.Pred)
		if err != nil {
			return nil, err
		}
		if cond.typ() != TypeBool {
			return nil, c.errorf(st.Pred, "scan: a step condition must be bool, got %s", cond.typ())
		}
		s.cond = cond
		for _, a := range st.Assigns {
			if len(a.Names) != 1 {
				return nil, c.errorf(a, "scan: an assignment needs one declared column name")
			}
			idx, ok := declIdx[a.Names[0].Name]
			if !ok {
				return nil, c.errorf(a, "scan: %q is not a declared column", a.Names[0].Name)
			}
			e, err := c.typedScalar(ctx, rs, a.X, types[o.nIn+idx])
			if err != nil {
				return nil, err
			}
			s.targets = append(s.targets, idx)
			s.assigns = append(s.assigns, e)
		}
		o.steps = append(o.steps, s)
	}
	if len(o.steps) == 0 {
		return nil, c.errorf(n, "scan expects at least one step")
	}
	return o, nil
}

// typedScalar compiles e and converts it to t with the to<type>()
// function when its type differs.
func (c *compiler) typedScalar(ctx context.Context, rs *rowScope, e kql.Expr, t Type) (expr, error) {
	x, err := c.scalar(ctx, rs, e)
	if err != nil {
		return nil, err
	}
	if x.typ() == t {
		return x, nil
	}
	span := kql.Span{From: e.Pos(), To: e.End()}
	return c.scalar(ctx, rs, &kql.CallExpr{Span: span, Fun: &kql.Ident{Span: span, Name: "to" + t.String()}, Args: []kql.Expr{e}})
}

func (o *scanOp) Schema() *arrow.Schema { return o.schema }

// eval evaluates exprs over one row: the record's values rec and the rows
// of a state.
func (o *scanOp) eval(rec []Value, state [][]Value, exprs []expr) ([]Value, error) {
	mem := o.c.alloc()
	if o.b == nil {
		o.b = array.NewRecordBuilder(mem, o.ctx)
	}
	b := o.b
	j := 0
	for _, v := range rec {
		AppendValue(b.Field(j), fieldType(o.ctx, j), v)
		j++
	}
	for k := range o.steps {
		for i := range rec {
			var v Value
			switch {
			case k < len(state) && state[k] != nil:
				v = state[k][i]
			case i >= o.nIn:
				v = o.defaults[i-o.nIn]
			}
			AppendValue(b.Field(j), fieldType(o.ctx, j), v)
			j++
		}
	}
	r := b.NewRecord()
	defer r.Release()
	bt := &batch{rec: r, mem: mem, n: 1}
	out := make([]Value, len(exprs))
	for i, e := range exprs {
		v, err := e.eval(bt)
		if err != nil {
			return nil, err
		}
		out[i] = v.Value(0)
		v.release()
	}
	return out, nil
}

func (o *scanOp) Next(ctx context.Context) (arrow.Record, error) {
	if o.done {
		return nil, io.EOF
	}
	o.done = true
	mem := o.c.alloc()
	in, err := drainOne(ctx, mem, o.in)
	if err != nil {
		return nil, err
	}
	defer in.Release()
	out := array.NewRecordBuilder(mem, o.schema)
	defer out.Release()
	emit := func(vals []Value, id int64) {
		for j, v := range vals {
			AppendValue(out.Field(j), fieldType(o.schema, j), v)
		}
		if o.matchID {
			out.Field(len(vals)).(*array.Int64Builder).Append(id)
		}
	}
	flush := func(s *scanStep) {
		if s.pending != nil {
			emit(s.pending, s.pendID)
			s.pending = nil
		}
	}
	output := func(s *scanStep, vals []Value, id int64) {
		switch s.output {
		case "all":
			emit(vals, id)
		case "last":
			s.pending, s.pendID = vals, id
		}
	}
	nextID := int64(0)
	row := make([]Value, o.nIn)
	for r := range int(in.NumRows()) {
		for i := range o.nIn {
			row[i] = ValueAt(in.Column(i), r)
		}
		for k := len(o.steps) - 1; k >= 0; k-- {
			s := o.steps[k]
			// Check 1: the sequence of the previous step moves on.
			if k > 0 && o.steps[k-1].rows != nil {
				prev := o.steps[k-1]
				rec := append(append([]Value(nil), row...), prev.rows[k-1][o.nIn:]...)
				ok, vals, err := o.try(s, rec, prev.rows)
				if err != nil {
					return nil, err
				}
				if ok {
					flush(prev)
					flush(s)
					s.rows, s.id = append(prev.rows[:k:k], vals), prev.id
					prev.rows = nil
					output(s, vals, s.id)
					continue
				}
			}
			// Check 2: the step's own sequence, or a new one on the first step.
			if s.rows == nil && k > 0 {
				continue
			}
			rec := append([]Value(nil), row...)
			if s.rows != nil {
				rec = append(rec, s.rows[k][o.nIn:]...)
			} else {
				rec = append(rec, o.defaults...)
			}
			ok, vals, err := o.try(s, rec, s.rows)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
			if s.rows == nil { // k == 0: a new sequence
				flush(s)
				s.rows, s.id = make([][]Value, 1), nextID
				nextID++
			}
			s.rows[k] = vals
			output(s, vals, s.id)
		}
	}
	for _, s := range o.steps {
		flush(s)
	}
	return out.NewRecord(), nil
}

// try evaluates a step's condition over rec (the record with its declared
// columns) and a state; on a match it returns rec extended by the step's
// assignments.
func (o *scanOp) try(s *scanStep, rec []Value, state [][]Value) (bool, []Value, error) {
	exprs := append([]expr{s.cond}, s.assigns...)
	vals, err := o.eval(rec, state, exprs)
	if err != nil {
		return false, nil, err
	}
	if t, ok := vals[0].(bool); !ok || !t {
		return false, nil, nil
	}
	for i, idx := range s.targets {
		rec[o.nIn+idx] = vals[1+i]
	}
	return true, rec, nil
}

func (o *scanOp) Close() {
	if o.b != nil {
		o.b.Release()
		o.b = nil
	}
	o.in.Close()
}
