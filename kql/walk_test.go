package kql

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// nodeTypeNames returns the names of the node types declared in ast.go:
// the structs that embed Span.
func nodeTypeNames(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "ast.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	ast.Inspect(f, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSpec)
		if !ok {
			return true
		}
		st, ok := ts.Type.(*ast.StructType)
		if !ok {
			return false
		}
		for _, field := range st.Fields.List {
			if id, ok := field.Type.(*ast.Ident); ok && id.Name == "Span" && len(field.Names) == 0 {
				names = append(names, ts.Name.Name)
			}
		}
		return false
	})
	sort.Strings(names)
	return names
}

// reflectNodes returns every non-nil node reachable from n through its
// fields, found by reflection: what Walk must visit.
func reflectNodes(n Node) []Node {
	var out []Node
	nodeType := reflect.TypeFor[Node]()
	var visit func(v reflect.Value)
	visit = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Interface:
			if !v.IsNil() {
				visit(v.Elem())
			}
		case reflect.Pointer:
			if v.IsNil() {
				return
			}
			if v.Type().Implements(nodeType) {
				out = append(out, v.Interface().(Node))
			}
			visit(v.Elem())
		case reflect.Struct:
			for i := range v.NumField() {
				visit(v.Field(i))
			}
		case reflect.Slice:
			for i := range v.Len() {
				visit(v.Index(i))
			}
		}
	}
	visit(reflect.ValueOf(n))
	return out
}

// inspected returns the nodes Inspect visits, in order.
func inspected(n Node) []Node {
	var out []Node
	Inspect(n, func(n Node) bool {
		if n != nil {
			out = append(out, n)
		}
		return true
	})
	return out
}

// TestWalkCoversEveryNodeType checks that the hand-built printer cases
// hold every node type of ast.go, so that the tests below and the printer
// goldens cover them all.
func TestWalkCoversEveryNodeType(t *testing.T) {
	seen := map[string]bool{}
	for _, tc := range formatCases() {
		for _, n := range inspected(tc.node) {
			seen[reflect.TypeOf(n).Elem().Name()] = true
		}
	}
	var missing []string
	for _, name := range nodeTypeNames(t) {
		if !seen[name] {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		t.Errorf("no printer test case holds node types %v: add them to printer_test.go", missing)
	}
}

// TestWalkVisitsEveryNode checks that Walk reaches every node that the
// tree holds, each once, in the order of the struct fields.
func TestWalkVisitsEveryNode(t *testing.T) {
	for _, tc := range formatCases() {
		t.Run(tc.name, func(t *testing.T) {
			want, got := reflectNodes(tc.node), inspected(tc.node)
			if diff := cmp.Diff(typeNames(want), typeNames(got)); diff != "" {
				t.Errorf("Inspect visits (-reflection +inspect):\n%s", diff)
			}
			for i := range min(len(want), len(got)) {
				if want[i] != got[i] {
					t.Fatalf("node %d: Inspect visited %T, reflection found %T", i, got[i], want[i])
				}
			}
		})
	}
}

func typeNames(nodes []Node) []string {
	var names []string
	for _, n := range nodes {
		names = append(names, fmt.Sprintf("%T", n))
	}
	return names
}

// TestInspectSourceOrder checks on parsed corpus queries that Inspect
// visits nodes in source order: in pre-order, each node starts at or
// after the one visited before it.
func TestInspectSourceOrder(t *testing.T) {
	for _, path := range corpusFiles(t, "valid") {
		src := readFile(t, path)
		q, err := Parse(src)
		if err != nil {
			continue // reported by TestRoundTrip
		}
		var prev Node
		Inspect(q, func(n Node) bool {
			if n == nil {
				return false
			}
			if prev != nil && n.Pos() < prev.Pos() {
				t.Errorf("%s: %T at %d visited after %T at %d", path, n, n.Pos(), prev, prev.Pos())
				return false
			}
			prev = n
			return true
		})
	}
}

// TestInspectCountsIdents counts the names of a parsed query.
func TestInspectCountsIdents(t *testing.T) {
	q, err := Parse("T | where a > 1 and b has 'x' | project a, c = b")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	Inspect(q, func(n Node) bool {
		if id, ok := n.(*Ident); ok {
			names = append(names, id.Name)
		}
		return true
	})
	want := []string{"T", "a", "b", "a", "c", "b"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("idents (-want +got):\n%s", diff)
	}
}

// recorder is a Visitor that logs the nodes it sees and prunes the
// subtrees of nodes of one type.
type recorder struct {
	log   *[]string
	prune string
}

func (r recorder) Visit(n Node) Visitor {
	if n == nil {
		*r.log = append(*r.log, "end")
		return nil
	}
	name := strings.TrimPrefix(fmt.Sprintf("%T", n), "*kql.")
	*r.log = append(*r.log, name)
	if name == r.prune {
		return nil
	}
	return r
}

// TestWalkStops checks that Walk does not descend into a node whose Visit
// returns nil, and calls Visit(nil) after the children of the others.
func TestWalkStops(t *testing.T) {
	tree := tpipe(&WhereOp{Pred: bin(id("a"), ">", num("1"))}, &TakeOp{Count: num("5")})
	tests := []struct {
		prune string
		want  []string
	}{
		{"", []string{"Query", "ExprStmt", "PipeExpr", "Ident", "end", "WhereOp", "BinaryExpr", "Ident", "end",
			"Lit", "end", "end", "end", "TakeOp", "Lit", "end", "end", "end", "end", "end"}},
		{"PipeExpr", []string{"Query", "ExprStmt", "PipeExpr", "end", "end"}},
		{"WhereOp", []string{"Query", "ExprStmt", "PipeExpr", "Ident", "end", "WhereOp", "TakeOp", "Lit", "end", "end", "end", "end", "end"}},
		{"Query", []string{"Query"}},
	}
	for _, tt := range tests {
		t.Run("prune_"+tt.prune, func(t *testing.T) {
			var log []string
			Walk(recorder{log: &log, prune: tt.prune}, tree)
			if diff := cmp.Diff(tt.want, log); diff != "" {
				t.Errorf("visits (-want +got):\n%s", diff)
			}
		})
	}
}

// TestWalkNil checks that Walk ignores nil and typed-nil nodes.
func TestWalkNil(t *testing.T) {
	for _, n := range []Node{nil, (*Query)(nil), (*Ident)(nil), &WhereOp{}, &ColumnDecl{}, &MvItem{},
		&TopNestedLevel{}, &MakeSeriesAgg{}, &EvaluateOp{}, &InvokeOp{}, &TypeOfExpr{}} {
		Inspect(n, func(Node) bool { return true })
	}
}
