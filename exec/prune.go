package exec

import (
	"strings"

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
