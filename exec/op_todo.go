package exec

import (
	"context"

	"github.com/crosshunt/crosshunt/kql"
)

func (c *compiler) parseKv(ctx context.Context, sc *scope, in Operator, n *kql.ParseKvOp) (Operator, error) {
	return nil, c.errorf(n, "parse-kv is not supported yet")
}

func (c *compiler) topNested(ctx context.Context, sc *scope, in Operator, n *kql.TopNestedOp) (Operator, error) {
	return nil, c.errorf(n, "top-nested is not supported yet")
}
