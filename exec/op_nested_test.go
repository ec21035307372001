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
		{"parse-kv", `print s = "a=1 b=x c='q r'" | parse-kv s as (a:long, c:string, z:string) with (quote="'")`, `
			s:string, a:long, c:string, z:string
			["a=1 b=x c='q r'",1,"q r",""]`},
		// https://learn.microsoft.com/kusto/query/parse-kv-operator: text
		// between pair delimiters without a kv delimiter is no pair, and
		// greedy=true runs a value to the next key.
		{"parse-kv not greedy", `print str='name=John Doe phone=555 5555 city=New York' | parse-kv str as (name:string, phone:string, city:string) with (pair_delimiter=' ', kv_delimiter='=') | project-away str`, `
			name:string, phone:string, city:string
			["John","555","New"]`},
		{"parse-kv greedy", `print str='name=John Doe phone=555 5555 city=New York' | parse-kv str as (name:string, phone:string, city:string) with (pair_delimiter=' ', kv_delimiter='=', greedy=true) | project-away str`, `
			name:string, phone:string, city:string
			["John Doe","555 5555","New York"]`},
		// Same page: quoted keys, two-character quotes, escapes.
		{"parse-kv quoted key", `print str='b=125 f="conn aborted" "event time"=2021-01-01T10:00:54' | parse-kv str as (['event time']:datetime, b:long, f:string) with (pair_delimiter=' ', kv_delimiter='=', quote='"') | project-away str`, `
			event time:datetime, b:long, f:string
			["2021-01-01T10:00:54.0000000Z",125,"conn aborted"]`},
		{"parse-kv open and close quotes", `print str='f=(conn aborted) (event time)=(2021-01-01 10:00:54)' | parse-kv str as (['event time']:datetime, f:string) with (pair_delimiter=' ', kv_delimiter='=', quote='()') | project-away str`, `
			event time:datetime, f:string
			["2021-01-01T10:00:54.0000000Z","conn aborted"]`},
		{"parse-kv escape", `print str='f="sent \\"bye!\\"" t=1' | parse-kv str as (f:string, t:long) with (pair_delimiter=' ', kv_delimiter='=', quote='"', escape='\\') | project-away str`, `
			f:string, t:long
			["sent \"bye!\"",1]`},
		// Same page: no delimiters (any non-alphanumeric delimits), regex.
		{"parse-kv no delimiters", `print str="2021-01-01T10:00:34 [INFO] ThreadId:458745723, Machine:Node001, Text: 'The service \\' is up'" | parse-kv str as (Text: string, ThreadId:long, Machine: string) with (quote="'", escape='\\') | project-away str`, `
			Text:string, ThreadId:long, Machine:string
			["The service ' is up",458745723,"Node001"]`},
		{"parse-kv regex", `print str=@'["ref: https://h.com/?h=1", "id: 24fefbca-cf27-4d62-a623-249c2ad30c73"]' | parse-kv str as (ref:string, id:guid) with (regex=@'"([\w ]+)\s*:\s*([^"]*)"') | project-away str`, `
			ref:string, id:guid
			["https://h.com/?h=1","24fefbca-cf27-4d62-a623-249c2ad30c73"]`},
		{"parse-kv delimiters", `print s = "k1:v1;k2:v2" | parse-kv s as (k2:string) with (pair_delimiter=";", kv_delimiter=":") | project k2`, `
			k2:string
			["v2"]`},
	})
}
