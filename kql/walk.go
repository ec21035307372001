package kql

import "fmt"

// A Visitor's Visit method is invoked for each node encountered by [Walk].
// If the result visitor w is not nil, Walk visits each of the children of
// node with the visitor w, followed by a call of w.Visit(nil).
type Visitor interface {
	Visit(n Node) (w Visitor)
}

// Walk traverses a syntax tree in depth-first order: it starts by calling
// v.Visit(n). If the visitor w returned by v.Visit(n) is not nil, Walk is
// invoked recursively with visitor w for each of the non-nil children of n
// in source order, followed by a call of w.Visit(nil). A nil n, or a nil
// pointer in n's place, is ignored, so optional children are skipped.
func Walk(v Visitor, n Node) {
	if isNil(n) {
		return
	}
	if v = v.Visit(n); v == nil {
		return
	}
	walkChildren(v, n)
	v.Visit(nil)
}

// inspector adapts a function to the Visitor interface.
type inspector func(Node) bool

func (f inspector) Visit(n Node) Visitor {
	if f(n) {
		return f
	}
	return nil
}

// Inspect traverses a syntax tree in depth-first order: it starts by
// calling f(n). If f returns true, Inspect invokes f recursively for each
// of the non-nil children of n in source order, followed by a call of
// f(nil).
func Inspect(n Node, f func(Node) bool) {
	Walk(inspector(f), n)
}

// walkList walks each element of list.
func walkList[N Node](v Visitor, list []N) {
	for _, n := range list {
		Walk(v, n)
	}
}

// walkChildren walks the children of n in source order.
func walkChildren(v Visitor, n Node) {
	switch n := n.(type) {
	case *Query:
		walkList(v, n.Stmts)
	case *LetStmt:
		Walk(v, n.Name)
		Walk(v, n.Value)
	case *DeclareStmt:
		walkList(v, n.Params)
	case *SetStmt:
		Walk(v, n.Value)
	case *ExprStmt:
		Walk(v, n.X)
	case *Ident, *Lit, *Wildcard, *GetSchemaOp:
		// leaves
	case *CountOp:
		Walk(v, n.Name)
	case *Type:
		walkList(v, n.Columns)
	case *ColumnDecl:
		Walk(v, n.Name)
		Walk(v, n.Type)
		Walk(v, n.Default)
	case *DynamicLit:
		Walk(v, n.X)
	case *ArrayLit:
		walkList(v, n.Elems)
	case *BagLit:
		walkList(v, n.Values)
	case *BinaryExpr:
		Walk(v, n.X)
		Walk(v, n.Y)
	case *UnaryExpr:
		Walk(v, n.X)
	case *InExpr:
		Walk(v, n.X)
		walkList(v, n.List)
	case *BetweenExpr:
		Walk(v, n.X)
		Walk(v, n.Lo)
		Walk(v, n.Hi)
	case *CallExpr:
		Walk(v, n.Fun)
		walkList(v, n.Args)
	case *SelectorExpr:
		Walk(v, n.X)
		Walk(v, n.Sel)
	case *IndexExpr:
		Walk(v, n.X)
		Walk(v, n.Index)
	case *ParenExpr:
		Walk(v, n.X)
	case *TypeOfExpr:
		Walk(v, n.Type)
	case *NamedExpr:
		walkList(v, n.Names)
		Walk(v, n.X)
	case *ListExpr:
		walkList(v, n.Elems)
	case *FuncExpr:
		walkList(v, n.Params)
		walkList(v, n.Body)
	case *PipeExpr:
		Walk(v, n.Source)
		walkList(v, n.Ops)
	case *DatatableExpr:
		walkList(v, n.Options)
		Walk(v, n.Schema)
		walkList(v, n.Values)
	case *ExternalDataExpr:
		Walk(v, n.Schema)
		walkList(v, n.URIs)
		walkList(v, n.With)
	case *Option:
		Walk(v, n.Value)
	case *OrderExpr:
		Walk(v, n.X)
	case *MvItem:
		Walk(v, n.Name)
		Walk(v, n.X)
		Walk(v, n.ToType)
	case *TopNestedLevel:
		Walk(v, n.Count)
		Walk(v, n.Of)
		Walk(v, n.Others)
		Walk(v, n.By)
	case *MakeSeriesAgg:
		Walk(v, n.Name)
		Walk(v, n.Agg)
		Walk(v, n.Default)
	case *ScanStep:
		Walk(v, n.Name)
		walkList(v, n.Options)
		Walk(v, n.Pred)
		walkList(v, n.Assigns)
	case *GraphNodes:
		Walk(v, n.Table)
		Walk(v, n.Key)
	case *GraphPattern:
		walkList(v, n.Nodes)
		walkList(v, n.Edges)
	case *GraphNode:
		Walk(v, n.Name)
	case *GraphEdge:
		Walk(v, n.Name)
		Walk(v, n.Min)
		Walk(v, n.Max)
	default:
		walkOp(v, n)
	}
}

// walkOp walks the children of a tabular operator.
func walkOp(v Visitor, n Node) {
	switch n := n.(type) {
	case *WhereOp:
		Walk(v, n.Pred)
	case *ProjectOp:
		walkList(v, n.Columns)
	case *ProjectAwayOp:
		walkList(v, n.Columns)
	case *ProjectKeepOp:
		walkList(v, n.Columns)
	case *ProjectRenameOp:
		walkList(v, n.Columns)
	case *ProjectReorderOp:
		walkList(v, n.Columns)
	case *ExtendOp:
		walkList(v, n.Columns)
	case *SummarizeOp:
		walkList(v, n.Options)
		walkList(v, n.Aggs)
		walkList(v, n.By)
	case *JoinOp:
		walkList(v, n.Options)
		Walk(v, n.Right)
		walkList(v, n.On)
	case *LookupOp:
		walkList(v, n.Options)
		Walk(v, n.Right)
		walkList(v, n.On)
	case *UnionOp:
		walkList(v, n.Options)
		walkList(v, n.Tables)
	case *SortOp:
		walkList(v, n.Options)
		walkList(v, n.By)
	case *TopOp:
		walkList(v, n.Options)
		Walk(v, n.Count)
		walkList(v, n.By)
	case *TopNestedOp:
		walkList(v, n.Levels)
	case *TakeOp:
		walkList(v, n.Options)
		Walk(v, n.Count)
	case *DistinctOp:
		walkList(v, n.Options)
		walkList(v, n.Columns)
	case *MvExpandOp:
		walkList(v, n.Options)
		walkList(v, n.Items)
		Walk(v, n.Limit)
	case *MvApplyOp:
		walkList(v, n.Options)
		walkList(v, n.Items)
		Walk(v, n.Limit)
		Walk(v, n.Sub)
	case *ParseOp:
		walkList(v, n.Options)
		Walk(v, n.X)
		walkList(v, n.Pattern)
	case *ParseKvOp:
		Walk(v, n.X)
		Walk(v, n.Keys)
		walkList(v, n.With)
	case *MakeSeriesOp:
		walkMakeSeries(v, n)
	case *EvaluateOp:
		walkList(v, n.Options)
		Walk(v, n.Call)
		Walk(v, n.Schema)
	case *InvokeOp:
		Walk(v, n.Call)
	case *RenderOp:
		walkList(v, n.With)
	case *SerializeOp:
		walkList(v, n.Columns)
	case *AsOp:
		walkList(v, n.Options)
		Walk(v, n.Name)
	case *SampleOp:
		Walk(v, n.Count)
	case *SampleDistinctOp:
		Walk(v, n.Count)
		Walk(v, n.Of)
	case *SearchOp:
		walkList(v, n.Options)
		walkList(v, n.Tables)
		Walk(v, n.Pred)
	case *FindOp:
		walkList(v, n.Options)
		walkList(v, n.Tables)
		Walk(v, n.Pred)
		walkList(v, n.Project)
	case *FacetOp:
		walkList(v, n.Columns)
		Walk(v, n.With)
	case *ForkOp:
		walkList(v, n.Branches)
	case *PartitionOp:
		walkList(v, n.Options)
		Walk(v, n.By)
		Walk(v, n.Sub)
	case *ScanOp:
		walkList(v, n.Options)
		walkList(v, n.Declare)
		walkList(v, n.Steps)
	case *ReduceOp:
		walkList(v, n.Options)
		Walk(v, n.By)
		walkList(v, n.With)
	case *TopHittersOp:
		Walk(v, n.Count)
		Walk(v, n.Of)
		Walk(v, n.By)
	case *ConsumeOp:
		walkList(v, n.Options)
	case *MakeGraphOp:
		Walk(v, n.Source)
		Walk(v, n.Target)
		walkList(v, n.Options)
		walkList(v, n.Nodes)
		Walk(v, n.PartitionBy)
		Walk(v, n.Sub)
	case *GraphMatchOp:
		walkList(v, n.Options)
		walkList(v, n.Patterns)
		Walk(v, n.Where)
		walkList(v, n.Project)
	case *PrintOp:
		walkList(v, n.Columns)
	case *RangeOp:
		Walk(v, n.Name)
		Walk(v, n.From)
		Walk(v, n.To)
		Walk(v, n.Step)
	default:
		panic(fmt.Sprintf("kql.Walk: unexpected node type %T", n))
	}
}

func walkMakeSeries(v Visitor, n *MakeSeriesOp) {
	walkList(v, n.Options)
	walkList(v, n.Aggs)
	Walk(v, n.On)
	Walk(v, n.From)
	Walk(v, n.To)
	Walk(v, n.Step)
	walkList(v, n.By)
}
