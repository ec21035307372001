package exec

import "testing"

func TestTopNestedParseKv(t *testing.T) {
	runCases(t, nil, []queryCase{
		{"top-nested", events + `E | top-nested 2 of Dev by sum(N), top-nested 1 of User by count()`, `
			Dev:string, aggregated_Dev:long, User:string, aggregated_User:long
			["d1",7,"u1",2]
			["d2",3,"u1",1]`},
		{"parse-kv", `print s = "a=1 b=x c='q r'" | parse-kv s as (a:long, c:string, z:string)`, `
			s:string, a:long, c:string, z:string
			["a=1 b=x c='q r'",1,"q r",""]`},
		{"parse-kv delimiters", `print s = "k1:v1;k2:v2" | parse-kv s as (k2:string) with (pair_delimiter=";", kv_delimiter=":") | project k2`, `
			k2:string
			["v2"]`},
	})
}
