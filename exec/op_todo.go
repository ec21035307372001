package exec

import (
	"context"

	"github.com/crosshunt/crosshunt/kql"
)

func (c *compiler) externalData(ctx context.Context, sc *scope, n *kql.ExternalDataExpr) (Operator, error) {
	return nil, c.errorf(n, "externaldata is not supported yet")
}

func (c *compiler) evaluate(ctx context.Context, sc *scope, in Operator, n *kql.EvaluateOp) (Operator, error) {
	return nil, c.errorf(n, "evaluate is not supported yet")
}

func (c *compiler) mvApply(ctx context.Context, sc *scope, in Operator, n *kql.MvApplyOp) (Operator, error) {
	return nil, c.errorf(n, "mv-apply is not supported yet")
}

func (c *compiler) parseKv(ctx context.Context, sc *scope, in Operator, n *kql.ParseKvOp) (Operator, error) {
	return nil, c.errorf(n, "parse-kv is not supported yet")
}

func (c *compiler) makeSeries(ctx context.Context, sc *scope, in Operator, n *kql.MakeSeriesOp) (Operator, error) {
	return nil, c.errorf(n, "make-series is not supported yet")
}

func (c *compiler) topNested(ctx context.Context, sc *scope, in Operator, n *kql.TopNestedOp) (Operator, error) {
	return nil, c.errorf(n, "top-nested is not supported yet")
}

func (c *compiler) getSchema(in Operator) Operator { return in }

func (c *compiler) invoke(ctx context.Context, sc *scope, in Operator, n *kql.InvokeOp) (Operator, error) {
	return nil, c.errorf(n, "invoke is not supported yet")
}
