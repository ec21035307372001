package exec_test

import (
	"context"
	"fmt"
	"os"

	"github.com/crosshunt/crosshunt/exec"
)

func ExampleEval() {
	rr, err := exec.Eval(context.Background(), `
		datatable(Device:string, Bytes:long)
		["a", 10, "b", 5, "a", 7]
		| summarize total = sum(Bytes), count() by Device
		| order by Device asc`, nil, exec.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rr.Release()
	if err := exec.WriteJSON(os.Stdout, rr); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"columns":[{"name":"Device","type":"string"},{"name":"total","type":"long"},{"name":"count_","type":"long"}],"rows":[["a",17,2],["b",5,1]]}
}

func ExampleEval_error() {
	_, err := exec.Eval(context.Background(), "print x = 1\n| where Foo > 1", nil, exec.Options{})
	fmt.Println(err)
	// Output:
	// 2:9: unknown column "Foo" in where
}
