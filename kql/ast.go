package kql

// This file declares the syntax tree. Nodes are pointer structs named after
// the KQL syntax they stand for. Three closed interfaces group them: [Stmt]
// (a statement of a [Query]), [Expr] (scalar and tabular expressions) and
// [Op] (a tabular operator after a pipe). Every node records the byte span of
// its source text; a tree built by hand may leave spans zero.

// Pos is a byte offset into the source text, counted from 0.
type Pos int

// Span is the half-open byte range [From, To) of a node's source text.
// Every node embeds one.
type Span struct {
	From, To Pos
}

// Pos returns the offset of the node's first byte.
func (s Span) Pos() Pos { return s.From }

// End returns the offset just past the node's last byte.
func (s Span) End() Pos { return s.To }

// Node is any node of the syntax tree.
type Node interface {
	Pos() Pos
	End() Pos
}

// Stmt is a statement of a [Query]: [*LetStmt], [*DeclareStmt], [*SetStmt]
// or [*ExprStmt].
type Stmt interface {
	Node
	stmtNode()
}

// Expr is a scalar or tabular expression.
//
// Scalar: [*Ident], [*Lit], [*DynamicLit], [*ArrayLit], [*BagLit],
// [*BinaryExpr], [*UnaryExpr], [*InExpr], [*BetweenExpr], [*CallExpr],
// [*SelectorExpr], [*IndexExpr], [*ParenExpr], [*Wildcard], [*TypeOfExpr],
// [*NamedExpr] (a named argument), [*ListExpr], [*FuncExpr].
//
// Tabular: [*PipeExpr], [*DatatableExpr], [*ExternalDataExpr], and the
// operators that can start a pipeline without input: [*UnionOp],
// [*PrintOp], [*RangeOp], [*SearchOp], [*FindOp], [*EvaluateOp].
// An [*Ident] or [*CallExpr] names a table or calls a tabular function;
// whether an expression is tabular is known only once names are resolved.
type Expr interface {
	Node
	exprNode()
}

// Op is a tabular operator, one stage of a [PipeExpr].
type Op interface {
	Node
	opNode()
}

// ---------------------------------------------------------------------------
// Query and statements

// Query is a whole KQL text: its statements in source order. The last
// [*ExprStmt] is the query whose result is the answer.
type Query struct {
	Span
	Stmts []Stmt
}

// LetStmt binds a name: `let Name = Value`. Value is a scalar or tabular
// expression, or a [*FuncExpr] for a function or view.
type LetStmt struct {
	Span
	Name  *Ident
	Value Expr
}

// DeclareStmt is `declare query_parameters(Params)`.
type DeclareStmt struct {
	Span
	Params []*ColumnDecl
}

// SetStmt is `set Name [= Value]`; Name may be dotted (notruncation,
// query_now, ...).
type SetStmt struct {
	Span
	Name  string
	Value Expr // or nil
}

// ExprStmt is a query expression used as a statement.
type ExprStmt struct {
	Span
	X Expr
}

func (*LetStmt) stmtNode()     {}
func (*DeclareStmt) stmtNode() {}
func (*SetStmt) stmtNode()     {}
func (*ExprStmt) stmtNode()    {}

// ---------------------------------------------------------------------------
// Scalar expressions

// Ident is a name: a column, table, let binding, function or option.
// Name holds the name unquoted (`['x y']` has Name "x y"). The special
// names `$left`, `$right` and `$table` keep their dollar sign.
type Ident struct {
	Span
	Name string
}

// Type names a KQL scalar type (`string`, `long`, ...) in Name, or, when
// Name is empty, a tabular schema `(a:string, b:long)` whose Columns are
// listed; Star marks a trailing or lone `*` in a schema.
type Type struct {
	Span
	Name    string
	Columns []*ColumnDecl
	Star    bool
}

// ColumnDecl is `Name:Type [= Default]`: a schema column, a function
// parameter, a query parameter or a typed parse/scan column. Type may be
// nil where the syntax allows an untyped name (parse patterns).
type ColumnDecl struct {
	Span
	Name    *Ident
	Type    *Type
	Default Expr // or nil
}

// Lit is a scalar literal.
//
// Type is the KQL type name of the value: "string", "long", "int", "real",
// "decimal", "bool", "datetime", "timespan" or "guid". Value is its text:
// for strings the decoded value (escapes resolved, no quotes); for every
// other type the literal as written, without any typename(...) wrapper
// ("42", "1.5h", "nan", "2024-01-01T10:00:00Z"). Value is "null" for a
// typed null such as long(null) or the empty long().
type Lit struct {
	Span
	Type       string
	Value      string
	Obfuscated bool // h'...' strings: a secret kept out of query logs
}

// DynamicLit is `dynamic(X)`, where X is a [*Lit] (null included), an
// [*ArrayLit] or a [*BagLit].
type DynamicLit struct {
	Span
	X Expr
}

// ArrayLit is a JSON-like array `[e, ...]` inside a dynamic literal.
type ArrayLit struct {
	Span
	Elems []Expr
}

// BagLit is a JSON-like property bag `{"k": v, ...}` inside a dynamic
// literal. Keys and Values have the same length.
type BagLit struct {
	Span
	Keys   []string
	Values []Expr
}

// BinaryExpr is `X Op Y`. Op is the operator as KQL spells it: "or",
// "and", "==", "!=", "<", "<=", ">", ">=", "=~", "!~", "has", "!has",
// "has_cs", "!has_cs", "hasprefix", "!hasprefix", "hasprefix_cs",
// "!hasprefix_cs", "hassuffix", ..., "contains", "!contains",
// "contains_cs", "!contains_cs", "startswith", ..., "endswith", ...,
// "matches regex", "like"-family operators, "+", "-", "*", "/", "%", and
// ":" (a search term `Column:"value"`). The legacy spellings `<>`,
// `notcontains`, `notcontainscs` and `containscs` are kept as written.
type BinaryExpr struct {
	Span
	X  Expr
	Op string
	Y  Expr
}

// UnaryExpr is `Op X` with Op "-" or "+".
type UnaryExpr struct {
	Span
	Op string
	X  Expr
}

// InExpr is `X Op (List)` for the list operators: "in", "!in", "in~",
// "!in~", "has_any", "has_all". A single element of List may be a tabular
// expression (its first column is the set) or a dynamic array.
type InExpr struct {
	Span
	X    Expr
	Op   string
	List []Expr
}

// BetweenExpr is `X between (Lo .. Hi)`, or `!between` when Not is set.
type BetweenExpr struct {
	Span
	X      Expr
	Not    bool
	Lo, Hi Expr
}

// CallExpr is a function call `Fun(Args)`. Fun is an [*Ident], or a
// [*SelectorExpr] for qualified names such as database("d").f. A named
// argument is a [*NamedExpr]; `*` is a [*Wildcard]; `typeof(...)` is a
// [*TypeOfExpr]. Arguments may be tabular (toscalar, materialize, ...).
type CallExpr struct {
	Span
	Fun  Expr
	Args []Expr
}

// SelectorExpr is `X.Sel`: dynamic member access, `$left.Col`, or a
// qualified name such as database("d").T.
type SelectorExpr struct {
	Span
	X   Expr
	Sel *Ident
}

// IndexExpr is `X[Index]`: dynamic array or bag access.
type IndexExpr struct {
	Span
	X     Expr
	Index Expr
}

// ParenExpr is `(X)`; X may be tabular.
type ParenExpr struct {
	Span
	X Expr
}

// Wildcard is `*`, or a name pattern with `*` in it such as `Device*`
// (project-away, union table lists, ...).
type Wildcard struct {
	Span
	Pattern string
}

// TypeOfExpr is `typeof(Type)`.
type TypeOfExpr struct {
	Span
	Type *Type
}

// NamedExpr is `Name = X`, `(N1, N2) = X`, or a bare X when Names is
// empty: a projected or aggregated column, an extend, a named argument.
type NamedExpr struct {
	Span
	Names []*Ident
	X     Expr
}

// ListExpr is a comma-separated list of expressions without brackets,
// used as the value of an option such as render's `ycolumns = a, b`.
type ListExpr struct {
	Span
	Elems []Expr
}

// FuncExpr is a user-defined function body bound by let:
// `(Params) { Body }`, or `view (Params) { Body }` when View is set. The
// last statement of Body is the function's result.
type FuncExpr struct {
	Span
	View   bool
	Params []*ColumnDecl
	Body   []Stmt
}

func (*Ident) exprNode()        {}
func (*Lit) exprNode()          {}
func (*DynamicLit) exprNode()   {}
func (*ArrayLit) exprNode()     {}
func (*BagLit) exprNode()       {}
func (*BinaryExpr) exprNode()   {}
func (*UnaryExpr) exprNode()    {}
func (*InExpr) exprNode()       {}
func (*BetweenExpr) exprNode()  {}
func (*CallExpr) exprNode()     {}
func (*SelectorExpr) exprNode() {}
func (*IndexExpr) exprNode()    {}
func (*ParenExpr) exprNode()    {}
func (*Wildcard) exprNode()     {}
func (*TypeOfExpr) exprNode()   {}
func (*NamedExpr) exprNode()    {}
func (*ListExpr) exprNode()     {}
func (*FuncExpr) exprNode()     {}

// ---------------------------------------------------------------------------
// Tabular expressions

// PipeExpr is `Source | Op | Op ...`. Source is nil inside operators whose
// subquery starts with an operator (mv-apply, partition, facet, fork). A
// parsed tree has a PipeExpr only where at least one pipe stage exists.
type PipeExpr struct {
	Span
	Source Expr
	Ops    []Op
}

// DatatableExpr is `datatable (Schema) [Values]`; Values holds the cells
// row by row.
type DatatableExpr struct {
	Span
	Options []*Option
	Schema  *Type
	Values  []Expr
}

// ExternalDataExpr is
// `externaldata (Schema) [URIs] [with (Options)]`.
type ExternalDataExpr struct {
	Span
	Schema *Type
	URIs   []Expr
	With   []*Option
}

func (*PipeExpr) exprNode()         {}
func (*DatatableExpr) exprNode()    {}
func (*ExternalDataExpr) exprNode() {}

// Option is a `Name = Value` setting of an operator: kind=inner,
// hint.strategy=broadcast, withsource=Source, isfuzzy=true,
// with_itemindex=Index, flags=U, ... Name may be dotted. Value is an
// [*Ident], a [*Lit], or a [*ListExpr].
type Option struct {
	Span
	Name  string
	Value Expr
}

// OrderExpr is a sort key: `X [asc|desc] [nulls first|last]`. Order and
// Nulls are "" where the query leaves them to the default.
type OrderExpr struct {
	Span
	X     Expr
	Order string // "", "asc" or "desc"
	Nulls string // "", "first" or "last"
}

// ---------------------------------------------------------------------------
// Tabular operators

// WhereOp is `where Pred` (also spelled filter).
type WhereOp struct {
	Span
	Pred Expr
}

// ProjectOp is `project Columns`.
type ProjectOp struct {
	Span
	Columns []*NamedExpr
}

// ProjectAwayOp is `project-away Columns`; each column is an [*Ident] or a
// [*Wildcard].
type ProjectAwayOp struct {
	Span
	Columns []Expr
}

// ProjectKeepOp is `project-keep Columns`; each column is an [*Ident] or a
// [*Wildcard].
type ProjectKeepOp struct {
	Span
	Columns []Expr
}

// ProjectRenameOp is `project-rename New = Old, ...`; each column's X is
// the old name.
type ProjectRenameOp struct {
	Span
	Columns []*NamedExpr
}

// ProjectReorderOp is `project-reorder Columns`; each key's X is an
// [*Ident] or a [*Wildcard] and Order may be "asc", "desc",
// "granny-asc" or "granny-desc".
type ProjectReorderOp struct {
	Span
	Columns []*OrderExpr
}

// ExtendOp is `extend Columns`.
type ExtendOp struct {
	Span
	Columns []*NamedExpr
}

// SummarizeOp is `summarize [Options] [Aggs] [by By]`.
type SummarizeOp struct {
	Span
	Options []*Option
	Aggs    []*NamedExpr
	By      []*NamedExpr
}

// JoinOp is `join [Options] Right on On`. Each element of On is an
// [*Ident] naming a column on both sides, or a [*BinaryExpr] such as
// `$left.a == $right.b`.
type JoinOp struct {
	Span
	Options []*Option
	Right   Expr
	On      []Expr
}

// LookupOp is `lookup [Options] Right on On`, with On as in [JoinOp].
type LookupOp struct {
	Span
	Options []*Option
	Right   Expr
	On      []Expr
}

// UnionOp is `union [Options] Tables`. Each table is an expression
// ([*Ident], [*Wildcard] pattern, [*ParenExpr], call). At the start of a
// query it has no input and is used as an [Expr].
type UnionOp struct {
	Span
	Options []*Option
	Tables  []Expr
}

// SortOp is `sort by Keys` (also spelled order by).
type SortOp struct {
	Span
	Options []*Option
	By      []*OrderExpr
}

// TopOp is `top Count by Keys`.
type TopOp struct {
	Span
	Options []*Option
	Count   Expr
	By      []*OrderExpr
}

// TopNestedOp is a chain of `top-nested` levels separated by commas.
type TopNestedOp struct {
	Span
	Levels []*TopNestedLevel
}

// TopNestedLevel is one `top-nested [Count] of Of [with others = Others]
// by By [asc|desc]` clause.
type TopNestedLevel struct {
	Span
	Count  Expr // or nil
	Of     *NamedExpr
	Others Expr // or nil
	By     *NamedExpr
	Order  string
}

// TakeOp is `take Count` (also spelled limit).
type TakeOp struct {
	Span
	Options []*Option
	Count   Expr
}

// DistinctOp is `distinct Columns`; a lone [*Wildcard] `*` means all.
type DistinctOp struct {
	Span
	Options []*Option
	Columns []Expr
}

// CountOp is `count [as Name]`.
type CountOp struct {
	Span
	// Name is the output column's name, nil for the default Count.
	Name *Ident
}

// MvExpandOp is `mv-expand [Options] Items [limit Limit]`.
type MvExpandOp struct {
	Span
	Options []*Option
	Items   []*MvItem
	Limit   Expr // or nil
}

// MvItem is one column of mv-expand or mv-apply:
// `[Name =] X [to typeof(ToType)]`.
type MvItem struct {
	Span
	Name   *Ident // or nil
	X      Expr
	ToType *Type // or nil
}

// MvApplyOp is `mv-apply [Options] Items [limit Limit] on (Sub)`.
type MvApplyOp struct {
	Span
	Options []*Option
	Items   []*MvItem
	Limit   Expr // or nil
	Sub     Expr
}

// ParseOp is `parse [Options] X with Pattern`, or parse-where when Where
// is set. Pattern elements are string [*Lit]s, [*Wildcard] `*`, and
// [*ColumnDecl]s (a column with an optional type).
type ParseOp struct {
	Span
	Where   bool
	Options []*Option
	X       Expr
	Pattern []Node
}

// ParseKvOp is `parse-kv X as (Keys) [with (With)]`.
type ParseKvOp struct {
	Span
	X    Expr
	Keys *Type
	With []*Option
}

// MakeSeriesOp is `make-series [Options] Aggs on On (from From to To step
// Step | in range(From, To, Step)) [by By]`. InRange records the second
// form; From and To may be nil in the first.
type MakeSeriesOp struct {
	Span
	Options  []*Option
	Aggs     []*MakeSeriesAgg
	On       Expr
	From, To Expr // or nil
	Step     Expr
	InRange  bool
	By       []*NamedExpr
}

// MakeSeriesAgg is one `[Name =] Agg [default = Default]` of make-series.
type MakeSeriesAgg struct {
	Span
	Name    *Ident // or nil
	Agg     Expr
	Default Expr // or nil
}

// EvaluateOp is `evaluate [Options] Plugin(...) [: Schema]`. At the start
// of a query it has no input and is used as an [Expr].
type EvaluateOp struct {
	Span
	Options []*Option
	Call    *CallExpr
	Schema  *Type // or nil
}

// InvokeOp is `invoke Call`: the input is the function's first argument.
type InvokeOp struct {
	Span
	Call *CallExpr
}

// RenderOp is `render Chart [with (With)]`.
type RenderOp struct {
	Span
	Chart string
	With  []*Option
}

// SerializeOp is `serialize [Columns]`.
type SerializeOp struct {
	Span
	Columns []*NamedExpr
}

// AsOp is `as [Options] Name`.
type AsOp struct {
	Span
	Options []*Option
	Name    *Ident
}

// GetSchemaOp is `getschema`.
type GetSchemaOp struct {
	Span
}

// SampleOp is `sample Count`.
type SampleOp struct {
	Span
	Count Expr
}

// SampleDistinctOp is `sample-distinct Count of Of`.
type SampleDistinctOp struct {
	Span
	Count Expr
	Of    Expr
}

// SearchOp is `search [Options] [in (Tables)] Pred`. At the start of a
// query it has no input and is used as an [Expr].
type SearchOp struct {
	Span
	Options []*Option
	Tables  []Expr
	Pred    Expr
}

// FindOp is `find [Options] [in (Tables)] where Pred [project-smart |
// project Project]`. At the start of a query it has no input and is used as
// an [Expr].
type FindOp struct {
	Span
	Options      []*Option
	Tables       []Expr
	Pred         Expr
	ProjectSmart bool
	Project      []Expr
}

// FacetOp is `facet by Columns [with (With)]`.
type FacetOp struct {
	Span
	Columns []Expr
	With    Expr // or nil
}

// ForkOp is `fork Branches`.
type ForkOp struct {
	Span
	Branches []*NamedExpr // each X a [*PipeExpr] with nil Source
}

// PartitionOp is `partition [Options] by By (Sub)` or with Braces set
// `partition [Options] by By { Sub }`.
type PartitionOp struct {
	Span
	Options []*Option
	By      Expr
	Sub     Expr
	Braces  bool
}

// ScanOp is `scan [Options] [declare (Declare)] with (Steps)`.
type ScanOp struct {
	Span
	Options []*Option
	Declare []*ColumnDecl
	Steps   []*ScanStep
}

// ScanStep is `step Name [Options]: Pred [=> Assigns];`.
type ScanStep struct {
	Span
	Name    *Ident
	Options []*Option
	Pred    Expr
	Assigns []*NamedExpr
}

// PrintOp is `print Columns`: a one-row table. It starts a query.
type PrintOp struct {
	Span
	Columns []*NamedExpr
}

// RangeOp is `range Name from From to To step Step`. It starts a query.
type RangeOp struct {
	Span
	Name           *Ident
	From, To, Step Expr
}

func (*WhereOp) opNode()          {}
func (*ProjectOp) opNode()        {}
func (*ProjectAwayOp) opNode()    {}
func (*ProjectKeepOp) opNode()    {}
func (*ProjectRenameOp) opNode()  {}
func (*ProjectReorderOp) opNode() {}
func (*ExtendOp) opNode()         {}
func (*SummarizeOp) opNode()      {}
func (*JoinOp) opNode()           {}
func (*LookupOp) opNode()         {}
func (*UnionOp) opNode()          {}
func (*SortOp) opNode()           {}
func (*TopOp) opNode()            {}
func (*TopNestedOp) opNode()      {}
func (*TakeOp) opNode()           {}
func (*DistinctOp) opNode()       {}
func (*CountOp) opNode()          {}
func (*MvExpandOp) opNode()       {}
func (*MvApplyOp) opNode()        {}
func (*ParseOp) opNode()          {}
func (*ParseKvOp) opNode()        {}
func (*MakeSeriesOp) opNode()     {}
func (*EvaluateOp) opNode()       {}
func (*InvokeOp) opNode()         {}
func (*RenderOp) opNode()         {}
func (*SerializeOp) opNode()      {}
func (*AsOp) opNode()             {}
func (*GetSchemaOp) opNode()      {}
func (*SampleOp) opNode()         {}
func (*SampleDistinctOp) opNode() {}
func (*SearchOp) opNode()         {}
func (*FindOp) opNode()           {}
func (*FacetOp) opNode()          {}
func (*ForkOp) opNode()           {}
func (*PartitionOp) opNode()      {}
func (*ScanOp) opNode()           {}
func (*PrintOp) opNode()          {}
func (*RangeOp) opNode()          {}

// Operators that can start a query are expressions too.
func (*UnionOp) exprNode()    {}
func (*SearchOp) exprNode()   {}
func (*FindOp) exprNode()     {}
func (*EvaluateOp) exprNode() {}
func (*PrintOp) exprNode()    {}
func (*RangeOp) exprNode()    {}

// ReduceOp is `reduce [kind=Kind] by X [with threshold=T, characters=C]`:
// it groups string values by similarity into patterns. Options holds the
// kind option; With the threshold and characters properties, in source
// order.
type ReduceOp struct {
	Span
	Options []*Option
	By      Expr
	With    []*Option
}

// TopHittersOp is `top-hitters Count of Of [by By]`: an approximation of
// the most frequent values of Of, weighted by By when given.
type TopHittersOp struct {
	Span
	Count Expr
	Of    Expr
	By    Expr
}

// ConsumeOp is `consume [Options]`: it reads its input and returns
// nothing.
type ConsumeOp struct {
	Span
	Options []*Option
}

func (*ReduceOp) opNode()     {}
func (*TopHittersOp) opNode() {}
func (*ConsumeOp) opNode()    {}

// MakeGraphOp is `make-graph Source --> Target [with_node_id=Name]
// [with Nodes on Key, ...] [partitioned-by Column (Sub)]`: it builds a
// graph whose edges are the input rows.
type MakeGraphOp struct {
	Span
	Source   *Ident
	Directed bool // --> rather than --
	Target   *Ident
	Options  []*Option     // with_node_id=Name
	Nodes    []*GraphNodes // with T on Key, ...
	// PartitionBy and Sub are the partitioned-by column and the subquery
	// run on each partition's graph, both nil when absent.
	PartitionBy *Ident
	Sub         *PipeExpr
}

// GraphNodes is `Table on Key` in make-graph's with clause: a table of
// node properties keyed by the column Key.
type GraphNodes struct {
	Span
	Table Expr
	Key   *Ident
}

// GraphMatchOp is `graph-match [Options] Pattern, ... [where Pred]
// [project Columns]`: it finds the graph's subgraphs that match the
// patterns.
type GraphMatchOp struct {
	Span
	// Shortest is set for graph-shortest-paths, which keeps the shortest
	// matches of each pair of end nodes.
	Shortest bool
	Options  []*Option // cycles=..., output=...
	Patterns []*GraphPattern
	Where    Expr // or nil
	Project  []*NamedExpr
}

// GraphPattern is a path pattern `(a)-[e]->(b)<--(c)`: len(Edges) ==
// len(Nodes)-1, Edges[i] joining Nodes[i] and Nodes[i+1].
type GraphPattern struct {
	Span
	Nodes []*GraphNode
	Edges []*GraphEdge
}

// GraphNode is a node of a pattern, `(Name)` or the anonymous `()`.
type GraphNode struct {
	Span
	Name *Ident // or nil
}

// GraphEdge is an edge of a pattern: `-[Name*Min..Max]->` and its
// shorter forms `-->`, `<--`, `--`.
type GraphEdge struct {
	Span
	Dir  string // "->" (left to right), "<-" (right to left) or "-" (either)
	Name *Ident // or nil
	// Min and Max bound the number of hops of a variable-length edge
	// `*Min..Max`, both nil for a single hop.
	Min, Max Expr
}

func (*MakeGraphOp) opNode()  {}
func (*GraphMatchOp) opNode() {}
