package exec

import "testing"

func TestTopNestedParseKv(t *testing.T) {
	runCases(t, nil, []queryCase{
		{"top-nested", events + `E | top-nested 2 of Dev by sum(N), top-nested 1 of User by count()`, `
			Dev:string, aggregated_Dev:long, User:string, aggregated_User:long
			["d1",7,"u1",2]
			["d2",3,"u1",1]`},
		// As the reference's example: an others row per level that has one,
		// after the kept groups, with null deeper levels.
		{"top-nested with others", events + `E | top-nested 1 of Dev with others = "rest" by sum(N), top-nested 1 of User with others = "other users" by count()`, `
			Dev:string, aggregated_Dev:long, User:string, aggregated_User:long
			["d1",7,"u1",2]
			["d1",7,"other users",1]
			["rest",3,"",null]`},
		{"top-nested others only where groups are dropped", events + `E | top-nested 5 of Dev with others = "rest" by max(N)`, `
			Dev:string, aggregated_Dev:long
			["d1",4]
			["d2",3]
			["d3",null]`},
		{"top-nested others type", events + `E | top-nested 1 of N with others = "x" by count()`, `error: with others value is string`},
		{"parse-kv", `print s = "a=1 b=x c='q r'" | parse-kv s as (a:long, c:string, z:string)`, `
			s:string, a:long, c:string, z:string
			["a=1 b=x c='q r'",1,"q r",""]`},
		{"parse-kv delimiters", `print s = "k1:v1;k2:v2" | parse-kv s as (k2:string) with (pair_delimiter=";", kv_delimiter=":") | project k2`, `
			k2:string
			["v2"]`},
	})
}
