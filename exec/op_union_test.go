package exec

import "testing"

func TestUnion(t *testing.T) {
	runCases(t, nil, []queryCase{
		// https://learn.microsoft.com/kusto/query/union-operator: a column
		// with several types becomes name_type; a name_type that another
		// input already uses as is gets a number (x_long1).
		{"type suffix numbered", `let View_1 = view () { print x=1 };
let View_2 = view () { print x=toint(2) };
let View_3 = view () { print x_long=3 };
union withsource=TableName View_1, View_2, View_3`, `
			TableName:string, x_long1:long, x_int:int, x_long:long
			["View_1",1,null,null]
			["View_2",null,2,null]
			["View_3",null,null,3]`},
		// The same page: a wildcard also matches let-bound views.
		{"wildcard matches views", `let View_1 = view () { print x=1 };
let View_2 = view () { print x=1 };
let OtherView_1 = view () { print x=1 };
union isfuzzy=true View*, SomeView*, OtherView*
| count`, `
			Count:long
			[3]`},
		{"wildcard skips plain lets", `let View_1 = view () { print x=1 };
let View_2 = () { print x=1 };
union View* | count`, `
			Count:long
			[1]`},
	})
}
