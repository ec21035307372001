package exec

import (
	"context"

	"github.com/crosshunt/crosshunt/kql"
)

// facet compiles `facet by Col, ... [with (subquery)]`: the result is the
// with subquery's table (when given) and then, per column, a table named
// by the column with the count of rows for each of its values (`summarize
// count_Col = count() by Col`, groups in order of first appearance; see
// learn.microsoft.com/kusto/query/facet-operator); see
// [EvalAll]. As a single table (Eval) the result is the first of them.
func (c *compiler) facet(ctx context.Context, sc *scope, in Operator, n *kql.FacetOp) (Operator, error) {
	var names []string
	var subs []func(context.Context, Operator) (Operator, error)
	if n.With != nil {
		p, ok := unparen(n.With).(*kql.PipeExpr)
		if !ok || p.Source != nil {
			return nil, c.errorf(n.With, "facet: with expects a subquery starting with an operator")
		}
		ops := p.Ops
		names = append(names, "")
		subs = append(subs, func(ctx context.Context, in Operator) (Operator, error) {
			return c.pipeline(ctx, sc, in, ops)
		})
	}
	for _, col := range n.Columns {
		id, ok := unparen(col).(*kql.Ident)
		if !ok {
			return nil, c.errorf(col, "facet expects column names after by")
		}
		span := id.Span
		sum := &kql.SummarizeOp{
			Span: span,
			Aggs: []*kql.NamedExpr{{Span: span, Names: []*kql.Ident{{Span: span, Name: "count_" + id.Name}},
				X: &kql.CallExpr{Span: span, Fun: &kql.Ident{Span: span, Name: "count"}}}},
			By: []*kql.NamedExpr{{Span: span, X: id}},
		}
		names = append(names, id.Name)
		subs = append(subs, func(ctx context.Context, in Operator) (Operator, error) {
			return c.pipeline(ctx, sc, in, []kql.Op{sum})
		})
	}
	if len(subs) == 0 {
		return nil, c.errorf(n, "facet expects at least one column")
	}
	return c.newMultiOp(ctx, in, names, subs)
}
