package exec

import (
	"context"
	"fmt"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/crosshunt/crosshunt/kql"
)

// compiler turns a query's syntax tree into operators. It lives for one
// Compile call.
type compiler struct {
	src    string
	tables Tables
	opts   Options
	reg    *Registry
	mem    *memAccount
	now    time.Time
	owned  []arrow.Record // materialized results, released with the query
	// rightNeed is the column set the join being compiled may read from
	// its right side (see neededColumns); nil means all.
	rightNeed map[string]bool
	// joinOutNeed is the column set the operators after that join may
	// read from its output; nil means all.
	joinOutNeed map[string]bool
	// joinDictCols names the join's output columns the next operator
	// reads only as group keys (dictKeyColumns).
	joinDictCols map[string]bool
	// summarizeStep is the step of the summarize being compiled.
	summarizeStep string
	// pipeName names the rows flowing through the pipeline being
	// compiled: its source table, or the last `as` name. union's
	// withsource and search's $table report it for a piped input.
	pipeName string
	// aggCols maps the aggregate calls inside expressions of a summarize
	// to the hidden columns holding their results (see summarize_expr.go).
	aggCols map[*kql.CallExpr]string
	// binAuto holds the values of `set query_bin_auto_size` and `set
	// query_bin_auto_at`, which bin_auto() reads.
	binAuto map[string]kql.Expr
}

// binding is what a let name stands for.
type binding struct {
	scalar   expr                                        // a scalar value (let x = 1; a function parameter)
	tabular  func(ctx context.Context) (Operator, error) // a tabular value
	schema   *arrow.Schema                               // the schema of tabular
	function *kql.FuncExpr                               // a user-defined function
	fnScope  *scope                                      // the scope function was defined in
	// rowSchema is set for a function parameter bound to a per-row value
	// (a column of the caller's row): the parameter means nothing over
	// other rows, such as those of a toscalar() subquery.
	rowSchema *arrow.Schema
}

// scope maps let names to bindings, chained to the enclosing scope.
type scope struct {
	parent *scope
	names  map[string]*binding
}

func (s *scope) child() *scope { return &scope{parent: s, names: map[string]*binding{}} }

func (s *scope) lookup(name string) *binding {
	for ; s != nil; s = s.parent {
		if b, ok := s.names[name]; ok {
			return b
		}
	}
	return nil
}

func newCompiler(src string, tables Tables, opts Options) *compiler {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.UTC().Truncate(100)
	reg := opts.Registry
	if reg == nil {
		reg = NewRegistry()
	}
	return &compiler{
		src:    src,
		tables: tables,
		opts:   opts,
		reg:    reg,
		mem:    &memAccount{Allocator: opts.allocator(), limit: opts.MemoryLimit},
		now:    now,
	}
}

// alloc returns the query's allocator.
func (c *compiler) alloc() memory.Allocator { return c.mem }

// errorf returns a positioned semantic error about node n.
func (c *compiler) errorf(n kql.Node, format string, args ...any) error {
	var l kql.ErrorList
	var sp kql.Span
	if n != nil {
		sp = kql.Span{From: n.Pos(), To: n.End()}
	}
	l.Add(c.src, sp, fmt.Sprintf(format, args...))
	return l[0]
}

// declaredType is the type a declaration names, def when it names none,
// or a positioned error for an unknown type name.
func (c *compiler) declaredType(t *kql.Type, def Type) (Type, error) {
	if t == nil {
		return def, nil
	}
	pt, ok := ParseType(t.Name)
	if !ok {
		return 0, c.errorf(t, "unknown type %q", t.Name)
	}
	return pt, nil
}
