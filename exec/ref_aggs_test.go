package exec

import "testing"

// TestReferenceAggregates pins the documented results of the examples of
// the KQL reference's aggregation function pages (each case names its
// page under https://learn.microsoft.com/kusto/query/).
func TestReferenceAggregates(t *testing.T) {
	const latency = `let latencyTable = datatable (ReqCount:long, LatencyBucket:long) [8, 10, 6, 20, 3, 30, 1, 40];
`
	runCases(t, nil, []queryCase{
		// percentilesw-aggregation-function: each bucket counts ReqCount
		// times; one column per percentage, named percentile_x_p.
		{"percentilesw-aggregation-function columns", latency + `latencyTable | summarize percentilesw(LatencyBucket, ReqCount, 50, 75, 99.9)`, `
			percentile_LatencyBucket_50:long, percentile_LatencyBucket_75:long, percentile_LatencyBucket_99_9:long
			[20,20,40]`},
		{"percentilesw-aggregation-function percentilew named like percentile", latency + `latencyTable | summarize percentilew(LatencyBucket, ReqCount, 50)`, `
			percentile_LatencyBucket_50:long
			[20]`},
		{"percentilesw-aggregation-function array", latency + `latencyTable | summarize percentilesw_array(LatencyBucket, ReqCount, dynamic([50, 75, 99.9]))`, `
			percentile_LatencyBucket:dynamic
			[[20,20,40]]`},
		{"percentilesw-aggregation-function names given", latency + `latencyTable | summarize (p50, p75) = percentilesw(LatencyBucket, ReqCount, 50, 75)`, `
			p50:long, p75:long
			[20,20]`},
		// summarize-operator (default values of aggregations): over no
		// values avg divides by 0 (NaN), variance and stdev are 0, sum 0,
		// the others null.
		{"summarize-operator default values", `datatable(x:long)[] | summarize avg(x), stdev(x), variance(x), sum(x), sumif(x, x > 0), max(x), variancep(x), hll(x), tdigest(x)`, `
			avg_x:real, stdev_x:real, variance_x:real, sum_x:long, sumif_x:long, max_x:long, variancep_x:real, hll_x:dynamic, tdigest_x:dynamic
			["NaN",0,0,0,0,null,null,null,null]`},
		// make-set-if-aggregation-function, make-list-if-aggregation-function,
		// dcountif-aggregation-function, make-bag-if-aggregation-function:
		// the predicate follows the value; an optional size or accuracy
		// comes after it.
		{"make-set-if-aggregation-function max size", `range x from 1 to 10 step 1 | summarize make_set_if(x, x > 3, 2), make_list_if(x, x > 3, 3)`, `
			set_x:dynamic, list_x:dynamic
			[[4,5],[4,5,6]]`},
		{"dcountif-aggregation-function accuracy", `range x from 1 to 10 step 1 | summarize dcountif(x, x > 4, 1), make_bag_if(bag_pack("k", x), x > 9, 5)`, `
			dcountif_x:long, bag_:dynamic
			[6,{"k":10}]`},
		{"make-set-if-aggregation-function predicate not bool", `range x from 1 to 10 step 1 | summarize make_set_if(x, 3, 2)`, `error: make_set_if(): argument 2 must be bool`},
		// buildschema-aggregation-function: unions of primitive types,
		// containers merged by property, arrays as `indexer`.
		{"buildschema-aggregation-function", `datatable(value: dynamic) [
			dynamic({"x":1, "y":3.5}),
			dynamic({"x":"somevalue", "z":[1, 2, 3]}),
			dynamic({"y":{"w":"zzz"}, "t":["aa", "bb"], "z":["foo"]})
			] | summarize buildschema(value)`, `
			schema_value:dynamic
			[{"x":["long","string"],"y":["double",{"w":"string"}],"z":{"` + "`indexer`" + `":["long","string"]},"t":{"` + "`indexer`" + `":"string"}}]`},
		// binary-all-and-aggregation-function: an expression over an
		// aggregate is computed after summarize.
		{"binary-all-and-aggregation-function", `datatable(num:long)[0xFFFFFFFF, 0xFFFFF00F, 0xCFFFFFFD, 0xFAFEFFFF]
			| summarize result = toupper(tohex(binary_all_and(num)))`, `
			result:string
			["CAFEF00D"]`},
		{"expression over aggregates names", `range x from 1 to 4 step 1 | summarize round(avg(x), 1), count() * 2, binary_all_or(x), countif(x > 1) by odd = x % 2 == 1`, `
			odd:bool, avg_x:real, Column1:long, x:long, countif_:long
			[true,2,4,3,1]
			[false,3,4,6,2]`},
		// take-any-aggregation-function: take_any(State) is named State;
		// take_any(*) takes every column but the keys from one row.
		{"take-any-aggregation-function star", `datatable(State:string, EpisodeId:long, EventType:string)["A", 1, "Flood", "A", 2, "Hail", "B", 3, "Wind"]
			| summarize take_any(*) by State | order by State asc`, `
			State:string, EpisodeId:long, EventType:string
			["A",1,"Flood"]
			["B",3,"Wind"]`},
		{"take-any-aggregation-function any prefix", `datatable(State:string)["A"] | summarize take_any(State), any(State), anyif(State, true)`, `
			State:string, any_State:string, anyif_State:string
			["A","A","A"]`},
		// argmax-aggfunction: the legacy spelling prefixes max_x.
		{"argmax-aggfunction legacy names", `range x from 1 to 3 step 1 | extend y = x * 10 | summarize argmax(x, y), argmin(x, y)`, `
			max_x:long, max_x_y:long, min_x:long, min_x_y:long
			[3,30,1,10]`},
		// countif-aggregation-function: countif(b) of a bool column is
		// countif_b.
		{"countif-aggregation-function column name", `range x from 1 to 3 step 1 | extend b = x > 1 | summarize countif(b), count_distinctif(x, b)`, `
			countif_b:long, count_distinctif_x:long
			[2,2]`},
		// avg-aggregation-function: the average of datetimes and
		// timespans keeps their type.
		{"avg-aggregation-function datetime", `range x from 1 to 2 step 1 | extend t = datetime(2020-01-01) + x * 1d, d = x * 1h | summarize avg(t), avg(d), avg(x)`, `
			avg_t:datetime, avg_d:timespan, avg_x:real
			["2020-01-02T12:00:00.0000000Z","01:30:00",1.5]`},
	})
}

// TestReferenceWindowFunctions pins the documented results of the window
// function pages (https://learn.microsoft.com/kusto/query/<page>).
func TestReferenceWindowFunctions(t *testing.T) {
	runCases(t, nil, []queryCase{
		{"row-cumsum-function", `datatable (a:long) [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] | where a%2==0 | serialize cs=row_cumsum(a)`, `
			a:long, cs:long
			[2,2]
			[4,6]
			[6,12]
			[8,20]
			[10,30]`},
		// The restart argument sets the sum back to 0; an integer literal
		// fills the int column month.
		{"row-cumsum-function restart", `datatable (name:string, month:int, salary:long)
			["Alice", 1, 1000, "Bob", 1, 1000, "Alice", 2, 2000, "Bob", 2, 1950, "Alice", 3, 1400, "Bob", 3, 1450]
			| order by name asc, month asc
			| extend total=row_cumsum(salary, name != prev(name))`, `
			name:string, month:int, salary:long, total:long
			["Alice",1,1000,1000]
			["Alice",2,2000,3000]
			["Alice",3,1400,4400]
			["Bob",1,1000,1000]
			["Bob",2,1950,2950]
			["Bob",3,1450,4400]`},
		{"row-number-function restart", `datatable (Airport:string, Airline:string, Departures:long)
			["TLV", "LH", 1, "TLV", "LY", 100, "SEA", "LH", 1, "SEA", "BA", 2, "SEA", "LY", 0]
			| sort by Airport asc, Departures desc
			| extend Rank=row_number(1, prev(Airport) != Airport)`, `
			Airport:string, Airline:string, Departures:long, Rank:long
			["SEA","BA",2,1]
			["SEA","LH",1,2]
			["SEA","LY",0,3]
			["TLV","LY",100,1]
			["TLV","LH",1,2]`},
		{"row-window-session-function", `datatable (ID:string, Timestamp:datetime) [
			"1", datetime(2024-04-11 10:00:00), "2", datetime(2024-04-11 10:18:00), "1", datetime(2024-04-11 11:00:00),
			"3", datetime(2024-04-11 11:30:00), "2", datetime(2024-04-11 13:30:00), "2", datetime(2024-04-11 10:16:00)]
			| sort by ID asc, Timestamp asc
			| extend SessionStarted = row_window_session(Timestamp, 1h, 5m, ID != prev(ID))`, `
			ID:string, Timestamp:datetime, SessionStarted:datetime
			["1","2024-04-11T10:00:00.0000000Z","2024-04-11T10:00:00.0000000Z"]
			["1","2024-04-11T11:00:00.0000000Z","2024-04-11T11:00:00.0000000Z"]
			["2","2024-04-11T10:16:00.0000000Z","2024-04-11T10:16:00.0000000Z"]
			["2","2024-04-11T10:18:00.0000000Z","2024-04-11T10:16:00.0000000Z"]
			["2","2024-04-11T13:30:00.0000000Z","2024-04-11T13:30:00.0000000Z"]
			["3","2024-04-11T11:30:00.0000000Z","2024-04-11T11:30:00.0000000Z"]`},
		{"row-number-function start", `range a from 1 to 3 step 1 | sort by a desc | extend rn=row_number(7)`, `
			a:long, rn:long
			[3,7]
			[2,8]
			[1,9]`},
	})
}

// TestReferenceSeriesFunctions pins the documented results of the series
// function pages (https://learn.microsoft.com/kusto/query/<page>).
func TestReferenceSeriesFunctions(t *testing.T) {
	runCases(t, nil, []queryCase{
		// series-fill-linear-function: integer series interpolate to
		// truncated integers, an all-null series is filled with
		// constant_value (0 by default) whatever fill_edges says.
		{"series-fill-linear-function", `datatable(arr: dynamic) [
			dynamic([null, 111.0, null, 36.0, 41.0, null, null, 16.0, 61.0, 33.0, null, null]),
			dynamic([null, 111, null, 36, 41, null, null, 16, 61, 33, null, null]),
			dynamic([null, null, null, null])]
			| project wo_edges = series_fill_linear(arr, double(null), false), with_const = series_fill_linear(arr, double(null), true, 3.14159)`, `
			wo_edges:dynamic, with_const:dynamic
			[[null,111,73.5,36,41,32.66666666666667,24.333333333333336,16,61,33,null,null],[111,111,73.5,36,41,32.66666666666667,24.333333333333336,16,61,33,33,33]]
			[[null,111,73,36,41,32,24,16,61,33,null,null],[111,111,73,36,41,32,24,16,61,33,33,33]]
			[[0,0,0,0],[3.14159,3.14159,3.14159,3.14159]]`},
		// series-stats-function: the sample variance to the digits shown.
		{"series-stats-function", `print x=dynamic([23, 46, 23, 87, 4, 8, 3, 75, 2, 56, 13, 75, 32, 16, 29]) | project series_stats(x)`, `
			series_stats_x_min:real, series_stats_x_min_idx:long, series_stats_x_max:real, series_stats_x_max_idx:long, series_stats_x_avg:real, series_stats_x_stdev:real, series_stats_x_variance:real
			[2,8,87,3,32.8,28.50363385354827,812.4571428571429]`},
	})
}

// TestReferenceMakeSeries pins the make-series-operator page's examples
// (https://learn.microsoft.com/kusto/query/make-series-operator).
func TestReferenceMakeSeries(t *testing.T) {
	const data = `let data = datatable(timestamp:datetime, metric: real) [
		datetime(2016-12-31T06:00), 50, datetime(2017-01-01), 4, datetime(2017-01-02), 3,
		datetime(2017-01-03), 4, datetime(2017-01-03T03:00), 6, datetime(2017-01-05), 8,
		datetime(2017-01-05T13:40), 13, datetime(2017-01-06), 4, datetime(2017-01-07), 3,
		datetime(2017-01-08), 8, datetime(2017-01-08T21:00), 8, datetime(2017-01-09), 2,
		datetime(2017-01-09T12:00), 11, datetime(2017-01-10T05:00), 5];
	`
	runCases(t, nil, []queryCase{
		{"from to", data + `data | make-series avg(metric) on timestamp from datetime(2017-01-01) to datetime(2017-01-04) step 1d`, `
			avg_metric:dynamic, timestamp:dynamic
			[[4,3,5],["2017-01-01T00:00:00.0000000Z","2017-01-02T00:00:00.0000000Z","2017-01-03T00:00:00.0000000Z"]]`},
		{"empty input", data + `data | take 0 | make-series avg(metric) default=1.0 on timestamp from datetime(2017-01-01) to datetime(2017-01-03) step 1d | count`, `
			Count:long
			[0]`},
		{"kind nonempty", data + `data | take 0 | make-series kind=nonempty avg(metric) default=1.0 on timestamp from datetime(2017-01-01) to datetime(2017-01-03) step 1d`, `
			avg_metric:dynamic, timestamp:dynamic
			[[1,1],["2017-01-01T00:00:00.0000000Z","2017-01-02T00:00:00.0000000Z"]]`},
		// The alternate syntax includes stop.
		{"in range", data + `data | make-series c=count() on timestamp in range(datetime(2017-01-01), datetime(2017-01-03), 1d)`, `
			c:dynamic, timestamp:dynamic
			[[1,1,2],["2017-01-01T00:00:00.0000000Z","2017-01-02T00:00:00.0000000Z","2017-01-03T00:00:00.0000000Z"]]`},
		// Without from and to the series ends with the last value's bin.
		{"bounds from the data", data + `data | make-series avg(metric) on timestamp step 2d`, `
			avg_metric:dynamic, timestamp:dynamic
			[[27,4.333333333333333,10.5,3.5,7.25,5],["2016-12-31T00:00:00.0000000Z","2017-01-02T00:00:00.0000000Z","2017-01-04T00:00:00.0000000Z","2017-01-06T00:00:00.0000000Z","2017-01-08T00:00:00.0000000Z","2017-01-10T00:00:00.0000000Z"]]`},
	})
}

// TestReferencePlugins pins the evaluate plugin pages' examples
// (https://learn.microsoft.com/kusto/query/<page>).
func TestReferencePlugins(t *testing.T) {
	const people = `datatable(Name:string, d:dynamic)["Old_name", dynamic({"Name": "John", "Age":20}), "Old_name", dynamic({"Name": "Dave", "Age":40})]`
	runCases(t, nil, []queryCase{
		{"bag-unpack-plugin replace_source", people + ` | evaluate bag_unpack(d, columnsConflict='replace_source')`, `
			Age:long, Name:string
			[20,"John"]
			[40,"Dave"]`},
		{"bag-unpack-plugin keep_source", people + ` | evaluate bag_unpack(d, columnsConflict='keep_source')`, `
			Name:string, Age:long
			["Old_name",20]
			["Old_name",40]`},
		{"bag-unpack-plugin conflict is an error", people + ` | evaluate bag_unpack(d)`, `error: conflicts with the column`},
		{"bag-unpack-plugin ignoredProperties", `datatable(d:dynamic)[dynamic({"Name": "John", "Age":20, "Address": "Address-1"})]
			| evaluate bag_unpack(d, ignoredProperties=dynamic(['Address', 'Age']))`, `
			Name:string
			["John"]`},
		{"bag-unpack-plugin output schema", `datatable(d:dynamic, Description: string)[
			dynamic({"Name": "John", "Age":20, "height":180}), "Student",
			dynamic({"Name": "Dave", "Age":40, "height":160}), "Teacher"]
			| evaluate bag_unpack(d) : (*, Name:string, Age:long)`, `
			Description:string, Name:string, Age:long
			["Student","John",20]
			["Teacher","Dave",40]`},
		// pivot-plugin: a sum over no rows is 0; an output schema keeps
		// its columns only, absent ones 0.
		{"pivot-plugin sum", `datatable(State:string, EventType:string, D:long)["AR","Heat",3, "AZ","Flood",6, "AZ","Flood",1]
			| evaluate pivot(State, sum(D))`, `
			EventType:string, AR:long, AZ:long
			["Heat",3,0]
			["Flood",0,7]`},
		{"pivot-plugin output schema", `datatable(State:string, EventType:string)["AL","Wind", "AK","Hail"]
			| evaluate pivot(State): (EventType:string, AL:long, ZZ:long)`, `
			EventType:string, AL:long, ZZ:long
			["Wind",1,0]
			["Hail",0,0]`},
		{"unknown plugin", `print x=1 | evaluate autocluster()`, `error: unknown plugin "autocluster"`},
	})
}
