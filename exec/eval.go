package exec

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/crosshunt/crosshunt/kql"
)

// Options configures a query. The zero value works.
type Options struct {
	// Allocator allocates every Arrow buffer; or nil for
	// memory.DefaultAllocator.
	Allocator memory.Allocator
	// MemoryLimit caps the bytes of Arrow buffers the query holds, in
	// bytes; 0 means no limit. A blocking operator that would pass it
	// fails with an error wrapping [ErrMemoryLimit].
	MemoryLimit int64
	// BatchSize is the number of rows per batch read from a table; 0 means
	// 65,536.
	BatchSize int
	// Now is the query's now() and ago() reference; zero means the time
	// the query is compiled.
	Now time.Time
	// Registry holds the callable functions and aggregates; or nil for
	// [NewRegistry].
	Registry *Registry
	// HTTPClient fetches externaldata; or nil for http.DefaultClient.
	HTTPClient *http.Client
}

// Tables are the named in-memory tables a query reads, by KQL name.
type Tables map[string]arrow.Table

// Eval parses and runs a KQL query over tables and returns its result. The
// result is computed in full before Eval returns, so that every error
// surfaces here; the reader owns the records and must be released.
func Eval(ctx context.Context, src string, tables Tables, opts Options) (rr array.RecordReader, err error) {
	defer recoverError("query", &err)
	op, err := parseCompile(ctx, src, tables, opts)
	if err != nil {
		return nil, err
	}
	defer op.Close()
	recs, err := drain(ctx, op)
	if err != nil {
		return nil, err
	}
	defer releaseAll(recs)
	return array.NewRecordReader(op.Schema(), recs)
}

// Compile checks a parsed query against tables and returns the operator
// tree that computes it, without reading table data (toscalar,
// materialize and plugins whose schema depends on data, such as
// bag_unpack, run their input while compiling). src is the text q was
// parsed from, used to position errors. The caller must Close the
// operator.
func Compile(ctx context.Context, src string, q *kql.Query, tables Tables, opts Options) (op Operator, err error) {
	defer recoverError("compile", &err)
	c := newCompiler(src, tables, opts)
	op, err = c.query(ctx, q)
	if err != nil {
		return nil, err
	}
	return &safeOperator{Operator: op}, nil
}

// PanicError is the error a panic inside the engine becomes at the API
// boundary (Eval, Compile and the Next and Close of the operator Compile
// returns): a panic never crosses the public API.
type PanicError struct {
	// Where names the function, operator or phase that panicked.
	Where string
	// Value is the recovered panic value.
	Value any
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("exec: internal error in %s: %v", e.Where, e.Value)
}

// recoverError turns a panic into a *PanicError stored in *err; a panic
// already converted deeper down keeps its more precise location. It must
// be called directly by a deferred statement.
func recoverError(where string, err *error) {
	r := recover()
	if r == nil {
		return
	}
	if pe, ok := r.(*PanicError); ok {
		*err = pe
		return
	}
	if e, ok := r.(error); ok {
		*err = &PanicError{Where: where, Value: e}
		return
	}
	*err = &PanicError{Where: where, Value: r}
}

// safeOperator recovers panics of the operator tree's Next and Close
// into errors.
type safeOperator struct {
	Operator
	closed bool
}

func (o *safeOperator) Next(ctx context.Context) (rec arrow.Record, err error) {
	defer recoverError("operator", &err)
	return o.Operator.Next(ctx)
}

func (o *safeOperator) Close() {
	if o.closed {
		return
	}
	o.closed = true
	defer func() { _ = recover() }()
	o.Operator.Close()
}

func (o Options) allocator() memory.Allocator {
	if o.Allocator != nil {
		return o.Allocator
	}
	return memory.DefaultAllocator
}

func (o Options) batchSize() int {
	if o.BatchSize > 0 {
		return o.BatchSize
	}
	return 65536
}

// parseCompile parses src and compiles it over tables.
func parseCompile(ctx context.Context, src string, tables Tables, opts Options) (Operator, error) {
	q, err := kql.Parse(src)
	if err != nil {
		return nil, err
	}
	return Compile(ctx, src, q, tables, opts)
}
