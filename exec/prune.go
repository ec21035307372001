package exec

import (
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/crosshunt/crosshunt/kql"
)

// neededColumns returns the names a pipeline over a table can read, when
// the pipeline reaches an operator that defines its own output columns
// (project, summarize, count, distinct, make-series, top-nested) before
// any operator that passes or reads all columns by position or pattern.
// The table scan then reads only those columns: where ... | count touches
// two columns, not seven. It returns nil when every column may be needed.
// The set over-approximates: every identifier and every string literal of
// the pipeline counts, and a name with a numeric suffix (k1, produced by
// join's renaming) also keeps the name without it.
func neededColumns(ops []kql.Op) map[string]bool {
	need := map[string]bool{}
	add := func(n kql.Node) bool {
		ok := true
		kql.Inspect(n, func(x kql.Node) bool {
			switch x := x.(type) {
			case *kql.Ident:
				need[x.Name] = true
				if base := strings.TrimRight(x.Name, "0123456789"); base != x.Name {
					need[base] = true
				}
			case *kql.Lit:
				if x.Type == "string" {
					need[x.Value] = true
				}
			case *kql.Wildcard:
				ok = false
			case *kql.CallExpr:
				switch callName(x) {
				case "pack_all", "bag_pack_columns", "ingestion_time":
					ok = false
				}
			}
			return ok
		})
		return ok
	}
	for _, op := range ops {
		switch op.(type) {
		case *kql.ProjectAwayOp, *kql.ProjectKeepOp, *kql.ProjectRenameOp, *kql.ProjectReorderOp,
			*kql.GetSchemaOp, *kql.UnionOp, *kql.EvaluateOp, *kql.InvokeOp, *kql.FacetOp,
			*kql.ForkOp, *kql.PartitionOp, *kql.ScanOp, *kql.SearchOp, *kql.FindOp, *kql.MvApplyOp:
			return nil
		}
		if !add(op) {
			return nil
		}
		switch op.(type) {
		case *kql.ProjectOp, *kql.SummarizeOp, *kql.CountOp, *kql.DistinctOp, *kql.MakeSeriesOp, *kql.TopNestedOp:
			return need
		}
	}
	return nil
}

// pushableWhere reports whether the where that follows a join can run on
// the join's left input instead, as Kusto's optimizer runs it: the
// predicate reads only columns of the left input (which keep their names
// in the join's output), and the join passes each left row at most as is
// (inner, innerunique, leftouter, leftsemi, leftanti; lookup is a
// leftouter or inner join). For innerunique this is not only faster: it
// filters before the left side is de-duplicated, so which of several left
// rows of one key survives follows the filter, as the join operator page
// shows (https://learn.microsoft.com/kusto/query/join-innerunique).
func pushableWhere(join kql.Op, where *kql.WhereOp, left *arrow.Schema) bool {
	var opts []*kql.Option
	kind := "innerunique"
	switch j := join.(type) {
	case *kql.JoinOp:
		opts = j.Options
	case *kql.LookupOp:
		opts, kind = j.Options, "leftouter"
	}
	for _, o := range opts {
		if o.Name == "kind" {
			kind = joinKinds[strings.ToLower(optionText(o.Value))]
		}
	}
	switch kind {
	case "inner", "innerunique", "leftouter", "leftsemi", "leftanti":
	default:
		return false
	}
	ok := true
	var visit func(n kql.Node) bool
	visit = func(n kql.Node) bool {
		switch n := n.(type) {
		case *kql.Ident:
			ok = ok && colIndex(left, n.Name) >= 0
		case *kql.CallExpr:
			// The function's name is no column; a call that reads the
			// whole row (pack_all(), *) or the row order stays after the
			// join.
			switch callName(n) {
			case "pack_all", "bag_pack_columns", "row_number", "prev", "next", "row_cumsum",
				"row_window_session", "row_rank_dense", "row_rank_min", "column_ifexists", "columnifexists":
				ok = false
			}
			for _, a := range n.Args {
				kql.Inspect(a, visit)
			}
			return false
		case *kql.SelectorExpr:
			// a.b reads column a; b is a member name.
			kql.Inspect(n.X, visit)
			return false
		case *kql.Wildcard:
			ok = false
		}
		return ok
	}
	kql.Inspect(where.Pred, visit)
	return ok
}
