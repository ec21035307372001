package exec

import (
	"context"
	"fmt"
	"strings"

	"github.com/crosshunt/crosshunt/kql"
)

// Kusto allows scalar expressions over aggregates in summarize:
//
//	summarize pct = 100.0 * countif(x > 0) / count(), tostring(sum(x))
//
// summarizeExprs compiles such a summarize as a summarize of the inner
// aggregates under hidden names followed by a project computing each
// expression from them, keeping Kusto's column order (keys, then the
// aggregations as written) and names (Column1, ... for an unnamed
// expression; fn_agg_x for a call of a function over one aggregate; the
// aggregate's own name through tostring and the other to* conversions).

// hiddenAggPrefix starts the names of the hidden aggregate columns.
const hiddenAggPrefix = "__crosshunt_agg_"

// isAggCall reports whether e is a call of an aggregate function.
func (c *compiler) isAggCall(e kql.Expr) bool {
	call, ok := unparen(e).(*kql.CallExpr)
	if !ok {
		return false
	}
	_, ok = c.reg.Aggregate(callName(call))
	return ok || isArgAgg(callName(call)) || callName(call) == "percentiles" || callName(call) == "percentilesw"
}

func isArgAgg(name string) bool {
	switch name {
	case "arg_max", "arg_min", "argmax", "argmin":
		return true
	}
	return false
}

// needsSummarizeExprs reports whether an aggregation list holds an
// expression that is not a plain aggregate call.
func (c *compiler) needsSummarizeExprs(aggs []*kql.NamedExpr) bool {
	for _, a := range aggs {
		if call, ok := unparen(a.X).(*kql.CallExpr); ok {
			if _, fn := c.reg.Function(callName(call)); !fn {
				continue // an aggregate, or an unknown one: reported as such
			}
		}
		if !c.isAggCall(a.X) {
			return true
		}
	}
	return false
}

// summarizeExprs compiles a summarize whose aggregations include
// expressions over aggregates; see the comment at the top of the file.
func (c *compiler) summarizeExprs(ctx context.Context, sc *scope, in Operator, op *kql.SummarizeOp) (Operator, error) {
	var aggs []*kql.NamedExpr
	exprs := map[int]*kql.NamedExpr{} // entry index -> expression
	named := map[int]kql.Expr{}       // entry index -> expression as written, for its name
	calls := map[*kql.CallExpr]string{}
	for i, a := range op.Aggs {
		if c.isAggCall(a.X) {
			aggs = append(aggs, a)
			continue
		}
		if len(a.Names) > 1 {
			return nil, c.errorf(a, "summarize: only an aggregate can have several names")
		}
		exprs[i], named[i] = a, a.X
		k := 0
		kql.Inspect(a.X, func(n kql.Node) bool {
			call, ok := n.(*kql.CallExpr)
			if !ok || !c.isAggCall(call) {
				return true
			}
			name := fmt.Sprintf("%s%d_%d", hiddenAggPrefix, i, k)
			k++
			calls[call] = name
			aggs = append(aggs, &kql.NamedExpr{Span: call.Span, Names: []*kql.Ident{{Span: call.Span, Name: name}}, X: call})
			return false
		})
		if k == 0 {
			// No aggregate inside: Kusto rejects a column there
			// (summarize x, summarize tostring(x)) and takes a constant
			// expression (summarize strlen("a")).
			var col *kql.Ident
			kql.Inspect(a.X, func(n kql.Node) bool {
				if id, ok := n.(*kql.Ident); ok && col == nil && colIndex(in.Schema(), id.Name) >= 0 {
					col = id
				}
				return col == nil
			})
			if col != nil {
				return nil, c.errorf(col, "summarize: column %q must be inside an aggregate function or in by", col.Name)
			}
			name := fmt.Sprintf("%s%d_0", hiddenAggPrefix, i)
			any := &kql.CallExpr{Span: a.Span, Fun: &kql.Ident{Span: a.Span, Name: "take_any"}, Args: []kql.Expr{a.X}}
			aggs = append(aggs, &kql.NamedExpr{Span: a.Span, Names: []*kql.Ident{{Span: a.Span, Name: name}}, X: any})
			exprs[i] = &kql.NamedExpr{Span: a.Span, Names: a.Names, X: &kql.Ident{Span: a.Span, Name: name}}
		}
	}
	sum, err := c.newSummarize(ctx, sc, in, aggs, op.By, "summarize")
	if err != nil {
		return nil, err
	}
	// The output: every column of the summarize except the hidden ones,
	// with each expression at the place of its first hidden column.
	used := map[string]bool{}
	for _, f := range sum.Schema().Fields() {
		if !strings.HasPrefix(f.Name, hiddenAggPrefix) {
			used[f.Name] = true
		}
	}
	var cols []*kql.NamedExpr
	done := map[int]bool{}
	unnamed := 0
	for _, f := range sum.Schema().Fields() {
		if !strings.HasPrefix(f.Name, hiddenAggPrefix) {
			cols = append(cols, &kql.NamedExpr{Span: op.Span, X: &kql.Ident{Span: op.Span, Name: f.Name}})
			continue
		}
		var i, k int
		fmt.Sscanf(strings.TrimPrefix(f.Name, hiddenAggPrefix), "%d_%d", &i, &k)
		if done[i] {
			continue
		}
		done[i] = true
		a := exprs[i]
		name := ""
		if len(a.Names) == 1 {
			name = a.Names[0].Name
		} else if name = c.summarizeExprName(named[i]); name == "" {
			unnamed++
			name = fmt.Sprintf("Column%d", unnamed)
		}
		base := name
		for n := 1; used[name] && len(a.Names) == 0; n++ {
			name = fmt.Sprintf("%s%d", base, n)
		}
		used[name] = true
		cols = append(cols, &kql.NamedExpr{Span: a.Span, Names: []*kql.Ident{{Span: a.Span, Name: name}}, X: a.X})
	}
	prev := c.aggCols
	c.aggCols = calls
	defer func() { c.aggCols = prev }()
	return c.project(ctx, sc, sum, cols, false, "summarize")
}

// summarizeExprName is the name Kusto.Language gives an unnamed
// expression of summarize: an aggregate call its own name (avg_x), a call
// of a function that passes its first argument's name on (round, bin,
// sqrt, tostring, ...; see callResultName) the name of that argument
// (round(avg(x), 1) is avg_x), "" otherwise (tolower(max(s)),
// 100.0 * avg(x)).
func (c *compiler) summarizeExprName(e kql.Expr) string {
	switch e := unparen(e).(type) {
	case *kql.Ident:
		return e.Name
	case *kql.CallExpr:
		if c.isAggCall(e) {
			return c.aggAutoName(e)
		}
		name := callName(e)
		if len(e.Args) == 0 {
			return ""
		}
		if firstArgNamed[name] {
			return c.summarizeExprName(e.Args[0])
		}
		if r, ok := resultNames[name]; ok {
			inner := c.summarizeExprName(e.Args[0])
			if r.only {
				if len(e.Args) != 1 {
					return ""
				}
				return inner
			}
			return r.prefix + "_" + inner
		}
	}
	return ""
}
