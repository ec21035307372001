package exec

import "testing"

const events = `let E = datatable(Dev:string, User:string, N:long, T:datetime)
[
  "d1", "u1", 1, datetime(2024-01-01 10:05),
  "d1", "u2", 2, datetime(2024-01-01 10:50),
  "d2", "u1", 3, datetime(2024-01-01 11:10),
  "d1", "u1", 4, datetime(2024-01-01 12:00),
  "d3", "",   long(null), datetime(2024-01-01 12:30),
];
`

func TestSummarize(t *testing.T) {
	runCases(t, nil, []queryCase{
		{"count by", events + `E | summarize count() by Dev | order by Dev asc`, `
			Dev:string, count_:long
			["d1",3]
			["d2",1]
			["d3",1]`},
		{"auto names", events + `E | summarize sum(N), dcount(User), max(T), avg(N) by Dev | order by Dev asc`, `
			Dev:string, sum_N:long, dcount_User:long, max_T:datetime, avg_N:real
			["d1",7,2,"2024-01-01T12:00:00.0000000Z",2.3333333333333335]
			["d2",3,1,"2024-01-01T11:10:00.0000000Z",3]
			["d3",0,1,"2024-01-01T12:30:00.0000000Z","NaN"]`},
		{"no by", events + `E | summarize c = count(), countif(N > 1), s = make_set(Dev)`, `
			c:long, countif_:long, s:dynamic
			[5,3,["d1","d2","d3"]]`},
		{"empty input no by", events + `E | where N > 100 | summarize count()`, `
			count_:long
			[0]`},
		{"empty input with by", events + `E | where N > 100 | summarize count() by Dev`, `
			Dev:string, count_:long`},
		{"bin by", events + `E | summarize count() by bin(T, 1h) | order by T asc`, `
			T:datetime, count_:long
			["2024-01-01T10:00:00.0000000Z",2]
			["2024-01-01T11:00:00.0000000Z",1]
			["2024-01-01T12:00:00.0000000Z",2]`},
		{"arg_max star", events + `E | summarize arg_max(T, *) by Dev | order by Dev asc`, `
			Dev:string, T:datetime, User:string, N:long
			["d1","2024-01-01T12:00:00.0000000Z","u1",4]
			["d2","2024-01-01T11:10:00.0000000Z","u1",3]
			["d3","2024-01-01T12:30:00.0000000Z","",null]`},
		{"arg_min cols", events + `E | summarize arg_min(N, User) by Dev | order by Dev asc`, `
			Dev:string, N:long, User:string
			["d1",1,"u1"]
			["d2",3,"u1"]
			["d3",null,""]`},
		{"distinct", events + `E | distinct Dev, User | order by Dev asc, User asc`, `
			Dev:string, User:string
			["d1","u1"]
			["d1","u2"]
			["d2","u1"]
			["d3",""]`},
		{"by only", events + `E | summarize by Dev | count`, `
			Count:long
			[3]`},
		{"if variants", events + `E | summarize sumif(N, Dev == "d1"), dcountif(User, N > 1), make_set_if(User, N < 3)`, `
			sumif_N:long, dcountif_User:long, set_User:dynamic
			[7,2,["u1","u2"]]`},
		{"percentiles stdev", `range x from 1 to 10 step 1 | summarize percentiles(x, 50, 90), stdev(x), variance(x)`, `
			percentile_x_50:long, percentile_x_90:long, stdev_x:real, variance_x:real
			[5,9,3.0276503540974917,9.166666666666666]`},
		{"make_list make_bag take_any", `datatable(k:string, v:dynamic)["a", dynamic({"x":1}), "a", dynamic({"y":2})] | summarize make_list(k), make_bag(v), take_any(k)`, `
			list_k:dynamic, bag_v:dynamic, k:string
			[["a","a"],{"x":1,"y":2},"a"]`},
		{"duplicate names", events + `E | summarize count(), count()`, `
			count_:long, count_1:long
			[5,5]`},
		{"unknown aggregate", events + `E | summarize nosuch(N)`, `error: unknown aggregate function "nosuch"`},
		// https://learn.microsoft.com/kusto/query/summarize-operator: count
		// counts the rows whose argument is null too.
		{"count of a column counts nulls", `range x from 1 to 2 step 1 | extend y = iff(x == 1, real(null), real(5)) | summarize count(y)`, `
			count_y:long
			[2]`},
		// Result names follow Kusto.Language: take_any(x) is x (its alias
		// any(x) is any_x), countif(b) countif_b, strlen(s) strlen_s,
		// tolower(s) has no name, bin()/tostring() take their argument's.
		{"aggregate and key names", `datatable(x:long, b:bool, s:string)[1, true, "a"] | summarize take_any(x), any(s), countif(b), countif(x > 0), binary_all_or(x) by strlen(s), tolower(s), bin(x, 2)`, `
			strlen_s:long, Column1:string, x:long, x1:long, any_s:string, countif_b:long, countif_:long, x2:long
			[1,"a",0,1,"a",1,1,1]`},
		{"derived key numbered after a column", `datatable(x:long)[1] | summarize count() by tostring(x), x`, `
			x:string, x1:long, count_:long
			["1",1,1]`},
		{"key given twice", `datatable(x:long)[1] | summarize count() by x, x`, `error: already declared`},
		{"name given twice", `datatable(x:long)[1] | summarize x = count() by x`, `error: already declared`},
	})
}

func TestSortTopTake(t *testing.T) {
	runCases(t, nil, []queryCase{
		// https://learn.microsoft.com/kusto/query/sort-operator: NaN goes
		// with nulls, the nulls outermost; infinities order as numbers.
		{"sort NaN and infinities asc", `datatable(x:real)[5, real(nan), -5, real(null), real(+inf), real(-inf)] | sort by x asc`, `
			x:real
			[null]
			["NaN"]
			["-Infinity"]
			[-5]
			[5]
			["Infinity"]`},
		{"sort NaN and infinities desc", `datatable(x:real)[5, real(nan), -5, real(null), real(+inf), real(-inf)] | sort by x desc`, `
			x:real
			["Infinity"]
			[5]
			[-5]
			["-Infinity"]
			["NaN"]
			[null]`},
		{"top NaN nulls first", `datatable(x:real)[5, real(nan), -5, real(null), real(+inf)] | top 3 by x desc nulls first`, `
			x:real
			[null]
			["NaN"]
			["Infinity"]`},
		{"sort default desc nulls last", events + `E | sort by N | project N`, `
			N:long
			[4]
			[3]
			[2]
			[1]
			[null]`},
		{"sort asc nulls first", events + `E | order by N asc | project N`, `
			N:long
			[null]
			[1]
			[2]
			[3]
			[4]`},
		{"two keys", events + `E | sort by Dev asc, N desc | project Dev, N`, `
			Dev:string, N:long
			["d1",4]
			["d1",2]
			["d1",1]
			["d2",3]
			["d3",null]`},
		// Over many 3-row batches top gathers candidates and merges them
		// once it has limit of them; ties keep their input order, as sort.
		{"top over many batches", `range x from 1 to 40 step 1 | extend k = (x * 7) % 10 | top 6 by k desc`, `
			x:long, k:long
			[7,9]
			[17,9]
			[27,9]
			[37,9]
			[4,8]
			[14,8]`},
		{"top over many batches, strings", `range x from 1 to 40 step 1 | extend s = tostring((x * 3) % 7) | top 4 by s asc | project x`, `
			x:long
			[7]
			[14]
			[21]
			[28]`},
		{"top", events + `E | top 2 by T desc | project N`, `
			N:long
			[null]
			[4]`},
		{"top asc", events + `E | top 3 by N asc nulls last | project N`, `
			N:long
			[1]
			[2]
			[3]`},
		{"take", events + `E | take 2 | count`, `
			Count:long
			[2]`},
	})
}
