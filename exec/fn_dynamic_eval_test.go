package exec

import "testing"

// TestDynamicThroughEval runs the reference examples of the dynamic,
// parsing, network and geo functions that need a whole query (column
// context, datatable input) through the engine.
func TestDynamicThroughEval(t *testing.T) {
	tests := []struct{ name, query, want string }{
		// https://learn.microsoft.com/kusto/query/pack-all-function: the
		// bag holds the input's columns only, not extend's new ones, and
		// pack_all(true) leaves out null and empty values.
		{"pack_all ignore_null_empty",
			`datatable(S:string, T:string, N:long)['a', '', 1, '', 'b', 2] | extend P=pack_all(), Q=pack_all(true)`,
			"a||1|{\"S\":\"a\",\"T\":\"\",\"N\":1}|{\"S\":\"a\",\"N\":1}\n|b|2|{\"S\":\"\",\"T\":\"b\",\"N\":2}|{\"T\":\"b\",\"N\":2}"},
		// https://learn.microsoft.com/kusto/query/pack-array-function
		{"pack_array star", `range x from 1 to 2 step 1 | extend y = x * 2 | project pack_array(*)`, "[1,2]\n[2,4]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := evalText(t, tt.query); got != tt.want {
				t.Errorf("%s\n got %s\nwant %s", tt.query, got, tt.want)
			}
		})
	}
}
