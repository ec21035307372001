package exec

import "testing"

// TestRowPluginsThroughEval runs the row-level plugins through Eval's
// evaluate hook (pivot: one column per distinct value, counting rows;
// narrow: Row, Column, Value; ipv4_lookup: the matching range's columns
// appended).
func TestRowPluginsThroughEval(t *testing.T) {
	tests := []struct{ query, want string }{
		{`datatable(a:string,b:long)["x",1,"y",2] | evaluate pivot(a)`, "1|1|0\n2|0|1"},
		{`print d=dynamic({"a":1,"b":"x"}) | evaluate narrow()`, `0|d|{"a":1,"b":"x"}`},
		{`datatable(ip:string)["10.1.2.3"] | evaluate ipv4_lookup(datatable(net:string, name:string)["10.0.0.0/8","ten"], ip, net)`, "10.1.2.3|10.0.0.0/8|ten"},
	}
	for _, tc := range tests {
		if got := evalText(t, tc.query); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.query, got, tc.want)
		}
	}
}
