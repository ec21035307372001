package kql_test

import (
	"fmt"

	"github.com/crosshunt/crosshunt/kql"
)

func ExampleParse() {
	q, err := kql.Parse(`DeviceProcessEvents | where FileName =~ "powershell.exe" | take 10`)
	if err != nil {
		fmt.Println(err)
		return
	}
	pipe := q.Stmts[0].(*kql.ExprStmt).X.(*kql.PipeExpr)
	fmt.Println(pipe.Source.(*kql.Ident).Name)
	for _, op := range pipe.Ops {
		fmt.Printf("%T\n", op)
	}

	_, err = kql.Parse("T\n| where")
	fmt.Println(err)
	// Output:
	// DeviceProcessEvents
	// *kql.WhereOp
	// *kql.TakeOp
	// 2:8: unexpected end of input in where, expected an expression
}

func ExampleFormat() {
	// A tree built by hand, as a planner does: the printer adds the
	// parentheses that precedence needs and quotes what needs quoting.
	tree := &kql.PipeExpr{
		Source: &kql.Ident{Name: "DeviceEvents"},
		Ops: []kql.Op{
			&kql.WhereOp{Pred: &kql.BinaryExpr{
				X: &kql.BinaryExpr{
					X:  &kql.Ident{Name: "ActionType"},
					Op: "==",
					Y:  &kql.Lit{Type: "string", Value: `say "hi"`},
				},
				Op: "and",
				Y: &kql.BinaryExpr{
					X:  &kql.BinaryExpr{X: &kql.Ident{Name: "a"}, Op: "+", Y: &kql.Ident{Name: "b"}},
					Op: "*",
					Y:  &kql.Lit{Type: "long", Value: "2"},
				},
			}},
			&kql.ProjectOp{Columns: []*kql.NamedExpr{
				{Names: []*kql.Ident{{Name: "where"}}, X: &kql.Lit{Type: "timespan", Value: "1h"}},
			}},
		},
	}
	fmt.Println(kql.Format(tree))
	// Output:
	// DeviceEvents
	// | where ActionType == "say \"hi\"" and (a + b) * 2
	// | project ['where'] = 1h
}

func ExampleInspect() {
	q, err := kql.Parse("T | where a > 1 | extend c = a * b")
	if err != nil {
		fmt.Println(err)
		return
	}
	kql.Inspect(q, func(n kql.Node) bool {
		if id, ok := n.(*kql.Ident); ok {
			fmt.Println(id.Name)
		}
		return true
	})
	// Output:
	// T
	// a
	// c
	// a
	// b
}
