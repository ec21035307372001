package exec

import (
	"context"
	"io"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/crosshunt/crosshunt/kql"
)

// Result is one named table of a query's result. Most queries have one
// unnamed result; a query ending with fork or facet has several.
type Result struct {
	// Name is the table's name: a fork branch's `name =` or trailing `as
	// name`, a facet column's name, or "" when unnamed.
	Name string
	// Reader holds the rows; the caller must release it.
	Reader array.RecordReader
}

// EvalAll is [Eval] for queries whose result is several tables: when the
// query ends with fork, there is one result per branch, in order; when it
// ends with facet, the with subquery's table (if any) and then one table
// per column. Every other query has one result, the table Eval returns.
// (Eval itself returns the first of the results.)
func EvalAll(ctx context.Context, src string, tables Tables, opts Options) (res []Result, err error) {
	defer recoverError("query", &err)
	op, err := parseCompile(ctx, src, tables, opts)
	if err != nil {
		return nil, err
	}
	defer op.Close()
	inner := op
	if s, ok := inner.(*safeOperator); ok {
		inner = s.Operator
	}
	if q, ok := inner.(*queryOp); ok {
		inner = q.Operator
	}
	m, ok := inner.(*multiOp)
	if !ok {
		recs, err := drain(ctx, op)
		if err != nil {
			return nil, err
		}
		defer releaseAll(recs)
		rr, err := array.NewRecordReader(op.Schema(), recs)
		if err != nil {
			return nil, err
		}
		return []Result{{Reader: rr}}, nil
	}
	release := func() {
		for _, r := range res {
			r.Reader.Release()
		}
	}
	for i := range m.subs {
		sub, err := m.open(ctx, i)
		if err != nil {
			release()
			return nil, err
		}
		recs, err := drain(ctx, sub)
		sub.Close()
		if err != nil {
			release()
			return nil, err
		}
		rr, err := array.NewRecordReader(m.schemas[i], recs)
		releaseAll(recs)
		if err != nil {
			release()
			return nil, err
		}
		res = append(res, Result{Name: m.names[i], Reader: rr})
	}
	return res, nil
}

// multiOp is an operator with several results (fork, facet): its input is
// read once and every subquery runs over a replay of it. As an Operator it
// returns its first result; [EvalAll] returns them all.
type multiOp struct {
	in      Operator
	c       *compiler
	subs    []func(ctx context.Context, in Operator) (Operator, error)
	names   []string
	schemas []*arrow.Schema

	input   []arrow.Record // the materialized input
	started bool
	cur     Operator
}

var _ Operator = (*multiOp)(nil)

// newMultiOp compiles every subquery once over an empty input to check it
// and learn its schema.
func (c *compiler) newMultiOp(ctx context.Context, in Operator, names []string, subs []func(ctx context.Context, in Operator) (Operator, error)) (*multiOp, error) {
	m := &multiOp{in: in, c: c, subs: subs, names: names}
	for _, sub := range subs {
		op, err := sub(ctx, newRecordsOp(in.Schema()))
		if err != nil {
			return nil, err
		}
		m.schemas = append(m.schemas, op.Schema())
		op.Close()
	}
	return m, nil
}

// open runs subquery i over the input, reading the input first if needed.
func (m *multiOp) open(ctx context.Context, i int) (Operator, error) {
	if !m.started {
		m.started = true
		recs, err := drain(ctx, m.in)
		if err != nil {
			return nil, err
		}
		m.input = recs
	}
	replay := make([]arrow.Record, len(m.input))
	for j, r := range m.input {
		r.Retain()
		replay[j] = r
	}
	in := newRecordsOp(m.in.Schema(), replay...)
	return m.subs[i](ctx, in)
}

func (m *multiOp) Schema() *arrow.Schema { return m.schemas[0] }

func (m *multiOp) Next(ctx context.Context) (arrow.Record, error) {
	if m.cur == nil {
		if m.started {
			return nil, io.EOF
		}
		op, err := m.open(ctx, 0)
		if err != nil {
			return nil, err
		}
		m.cur = op
	}
	return m.cur.Next(ctx)
}

func (m *multiOp) Close() {
	if m.cur != nil {
		m.cur.Close()
		m.cur = nil
	}
	releaseAll(m.input)
	m.input = nil
	m.in.Close()
}

// fork compiles `fork [name=](subquery) ...`: every branch runs over the
// input; the results are one table per branch (see [EvalAll]), named by
// `name =` or by a trailing `as name`. As a single table (Eval, or fork
// not last) the result is the first branch's.
func (c *compiler) fork(ctx context.Context, sc *scope, in Operator, n *kql.ForkOp) (Operator, error) {
	if len(n.Branches) == 0 {
		return nil, c.errorf(n, "fork expects at least one subquery")
	}
	var names []string
	var subs []func(context.Context, Operator) (Operator, error)
	for _, b := range n.Branches {
		p, ok := unparen(b.X).(*kql.PipeExpr)
		if !ok || p.Source != nil {
			return nil, c.errorf(b, "fork expects subqueries starting with an operator")
		}
		name := ""
		if len(b.Names) == 1 {
			name = b.Names[0].Name
		}
		if len(p.Ops) > 0 {
			if as, ok := p.Ops[len(p.Ops)-1].(*kql.AsOp); ok && as.Name != nil && name == "" {
				name = as.Name.Name
			}
		}
		names = append(names, name)
		ops := p.Ops
		subs = append(subs, func(ctx context.Context, in Operator) (Operator, error) {
			op, err := c.pipeline(ctx, sc, in, ops)
			if err != nil {
				return nil, err
			}
			return op, nil
		})
	}
	return c.newMultiOp(ctx, in, names, subs)
}
