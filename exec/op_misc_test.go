package exec

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestMiscOperators(t *testing.T) {
	runCases(t, nil, []queryCase{
		{"getschema", `print a = 1, b = "x" | getschema`, `
			ColumnName:string, ColumnOrdinal:int, DataType:string, ColumnType:string
			["a",0,"System.Int64","long"]
			["b",1,"System.String","string"]`},
		{"invoke", `let f = (T:(x:long), k:long) { T | where x > k }; range x from 1 to 5 step 1 | invoke f(3)`, `
			x:long
			[4]
			[5]`},
		{"bag_unpack", `datatable(id:long, d:dynamic)[1, dynamic({"Name":"John","Age":20}), 2, dynamic({"Name":"Dave","Age":40,"Extra":true})] | evaluate bag_unpack(d)`, `
			id:long, Age:long, Extra:bool, Name:string
			[1,20,null,"John"]
			[2,40,true,"Dave"]`},
		{"materialize", `let m = materialize(range x from 1 to 3 step 1); m | join kind=inner m on x | count`, `
			Count:long
			[3]`},
		{"render is no-op", `print a = 1 | render table`, `
			a:long
			[1]`},
		{"unknown plugin", `print a = 1 | evaluate nosuch()`, `error: unknown plugin "nosuch"`},
	})
}

func TestExternalData(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/a.csv":
			fmt.Fprint(w, "name,n\nx,1\n\"y,z\",2\n")
		case "/a.json":
			fmt.Fprint(w, "{\"name\":\"x\",\"n\":1}\n{\"name\":\"y\",\"n\":2}\n")
		case "/a.txt":
			fmt.Fprint(w, "line one\nline two\n")
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	runCases(t, nil, []queryCase{
		{"csv", fmt.Sprintf(`externaldata(name:string, n:long)[%q] with (format="csv", ignoreFirstRecord=true)`, srv.URL+"/a.csv"), `
			name:string, n:long
			["x",1]
			["y,z",2]`},
		{"json", fmt.Sprintf(`externaldata(name:string, n:long)[%q] with (format="json") | where n > 1`, srv.URL+"/a.json"), `
			name:string, n:long
			["y",2]`},
		{"txt", fmt.Sprintf(`externaldata(line:string)[%q] with (format="txt") | count`, srv.URL+"/a.txt"), `
			Count:long
			[2]`},
		{"not found", fmt.Sprintf(`externaldata(line:string)[%q]`, srv.URL+"/missing"), `error: HTTP 404`},
		{"unreachable", `externaldata(line:string)["http://127.0.0.1:1/x"]`, `error: externaldata: cannot fetch http://127.0.0.1:1/x`},
	})
}
