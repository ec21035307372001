package exec

import "testing"

// TestReferenceOperators pins behaviours of tabular operators and
// statements as the Microsoft KQL reference pages describe them; each case
// names its page under learn.microsoft.com/kusto/query/.
func TestReferenceOperators(t *testing.T) {
	runCases(t, nil, []queryCase{
		// datatable-operator: a numeric literal fits any numeric column.
		{"datatable-operator long literal in int column", `datatable(a:int, b:decimal, c:real)[1, 1.5, 2]`, `
			a:int, b:decimal, c:real
			[1,"1.5",2]`},
		{"datatable-operator string in long column", `datatable(a:long)["x"]`, `error: datatable value of type string`},
		// scalar-data-types/datetime: the literal may be quoted.
		{"datetime quoted literal", `print d = datetime("2015-12-31 23:59:59.9"), g = guid('74be27de-1e4e-49d9-b579-fe0b331d3642')`, `
			d:datetime, g:guid
			["2015-12-31T23:59:59.9000000Z","74be27de-1e4e-49d9-b579-fe0b331d3642"]`},
		{"datetime bad literal", `print datetime(yesterday)`, `error: 1:7: invalid datetime literal "yesterday"`},
		// count-operator: `count as Name` names the column.
		{"count-operator as", `range x from 1 to 3 step 1 | count as N`, `
			N:long
			[3]`},
		// top-hitters-operator: summarize count() (or sum) by value, the N largest.
		{"top-hitters-operator count", `datatable(a:string)["x","y","x","z","x","y"] | top-hitters 2 of a`, `
			a:string, approximate_count_a:long
			["x",3]
			["y",2]`},
		{"top-hitters-operator by", `datatable(a:string, w:real)["x",1,"y",5,"x",2] | top-hitters 1 of a by w`, `
			a:string, approximate_sum_w:real
			["y",5]`},
		// consume-operator: reads its input, returns nothing.
		{"consume-operator", `range x from 1 to 3 step 1 | consume`, ``},
		// as-operator: the name is union's withsource value and can be read later.
		{"as-operator withsource", `range x from 1 to 2 step 1 | as T1 | union withsource=TableName (range x from 1 to 1 step 1 | as T2)`, `
			TableName:string, x:long
			["T1",1]
			["T1",2]
			["T2",1]`},
		{"as-operator name read by join", `range x from 1 to 3 step 1 | as T | join (T | where x > 1) on x | project x`, `
			x:long
			[2]
			[3]`},
		// let-statement: a parameterless view takes part in search and union *.
		{"let-statement views in search", `let Range10 = view () { range MyColumn from 1 to 10 step 1 };
			let Range20 = view () { range MyColumn from 1 to 20 step 1 };
			let NotAView = () { range MyColumn from 1 to 30 step 1 };
			search MyColumn == 5`, `
			$table:string, MyColumn:long
			["Range10",5]
			["Range20",5]`},
		// toscalar-function: a scalar argument is computed once for all rows.
		{"toscalar-function once", `let g = toscalar(new_guid()); range x from 1 to 3 step 1 | extend g | summarize dcount(g)`, `
			dcount_g:long
			[1]`},
		{"toscalar-function row context", `let d2 = datatable(x:long, y:long)[1, 2, 3, 4];
			let tg = (x_:long) { toscalar(d2 | where x == x_ | project y) };
			datatable(x:long)[1, 3] | extend y = tg(x)`, `error: can't use "x_" as it is defined outside its row-context scope`},
		// join-innerunique: a where over left columns runs before the join
		// (Kusto's optimizer pushes it down), so it picks which left row of
		// a duplicated key survives the de-duplication.
		{"join-innerunique filter pushed to the left side", `let t1 = datatable(key:long, value:string)[1, "val1.1", 1, "val1.2"];
			let t2 = datatable(key:long, value:string)[1, "val1.3", 1, "val1.4"];
			t1 | join kind=innerunique t2 on key | where value == "val1.2"`, `
			key:long, value:string, key1:long, value1:string
			[1,"val1.2",1,"val1.3"]
			[1,"val1.2",1,"val1.4"]`},
		// A fullouter join's null-extended rows are its own: the where stays
		// after it.
		{"join-fullouter filter stays after the join", `let t1 = datatable(key:long, value:string)[1, "val1.1", 2, "val1.2"];
			let t2 = datatable(key:long, value:string)[1, "val1.3", 3, "val1.4"];
			t1 | join kind=fullouter t2 on key | where value == "val1.2" or isnull(key) | order by value1 asc`, `
			key:long, value:string, key1:long, value1:string
			[2,"val1.2",null,""]
			[null,"",3,"val1.4"]`},
		// let-statement (user-defined functions): a let in a function body
		// may use the row-bound parameters of a call made per row.
		{"let-statement let in body over a row parameter", `let f = (x:long) { let y = x * 2; y + 1 };
			datatable(a:long)[1, 2] | extend b = f(a)`, `
			a:long, b:long
			[1,3]
			[2,5]`},
		// series-iir-function: the vector_sum example defines its
		// coefficients with lets over the function's parameter.
		{"series-iir-function vector_sum", `let vector_sum = (x:dynamic) { let y = array_length(x) - 1;
			let a = array_concat(dynamic([1]), repeat(0, y)); let b = repeat(1, y + 1); series_iir(x, b, a) };
			print arr = dynamic([1, 2, 3, 4]) | extend s = vector_sum(arr)`, `
			arr:dynamic, s:dynamic
			[[1,2,3,4],[1,3,6,10]]`},
		// extend-operator, project-operator: a function of several outputs
		// fills one column each, named by the list and then by default.
		{"extend-operator several names", `print x = dynamic([1, 2, 3]) | extend (lo, at) = series_stats(x) | project-away x`, `
			lo:real, at:long, series_stats_x_max:real, series_stats_x_max_idx:long, series_stats_x_avg:real, series_stats_x_stdev:real, series_stats_x_variance:real
			[1,0,3,2,2,1,1]`},
		{"project-operator default names", `print x = dynamic([1, 2, 3]) | project series_fit_line(x)`, `
			series_fit_line_x_rsquare:real, series_fit_line_x_slope:real, series_fit_line_x_variance:real, series_fit_line_x_rvariance:real, series_fit_line_x_interception:real, series_fit_line_x_line_fit:dynamic
			[1,1,1,0,0,[1,2,3]]`},
		// project-reorder-operator: granny-asc compares digit runs as numbers.
		{"project-reorder-operator granny-asc", `print b = 1, a20 = 2, a3 = 3, a100 = 4 | project-reorder a* granny-asc`, `
			a3:long, a20:long, a100:long, b:long
			[3,2,4,1]`},
		{"project-reorder-operator asc", `print b = 'b', a2 = 'a2', a3 = 'a3', a1 = 'a1' | project-reorder a* asc`, `
			a1:string, a2:string, a3:string, b:string
			["a1","a2","a3","b"]`},
		// sample-distinct-operator: up to N distinct values of one column.
		{"sample-distinct-operator", `datatable(a:string, b:long)["x",1,"y",2,"x",3,"z",4] | sample-distinct 2 of a | count`, `
			Count:long
			[2]`},
		// facet-operator: each column's table counts into count_<Column>.
		{"facet-operator count column", `datatable(a:string)["x","y","x"] | facet by a`, `
			a:string, count_a:long
			["x",2]
			["y",1]`},
		{"unsupported operator named as written", `print a = 1 | reduce by a`, `error: operator reduce is not supported`},
		// make-graph-operator, graph-match-operator: the attack path example.
		{"graph-match-operator fixed path", graphPeople + `edges
			| make-graph source --> destination with nodes on name
			| graph-match (mallory)-[attacks]->(compromised)-[hasPermission]->(trent)
				where mallory.name == "Mallory" and trent.name == "Trent" and attacks.edge_type == "attacks" and hasPermission.edge_type == "hasPermission"
				project Attacker = mallory.name, Compromised = compromised.name, System = trent.name`, `
			Attacker:string, Compromised:string, System:string
			["Mallory","Bob","Trent"]`},
		// graph-match-operator, a manager's org: variable-length edges list
		// the property along the path, shorter paths first.
		{"graph-match-operator variable length", `let employees = datatable(name:string, age:long)[
				"Alice", 32, "Bob", 31, "Eve", 27, "Joe", 29, "Chris", 45, "Alex", 35, "Ben", 23, "Richard", 39];
			let reports = datatable(employee:string, manager:string)[
				"Bob", "Alice", "Chris", "Alice", "Eve", "Bob", "Ben", "Chris", "Joe", "Alice", "Richard", "Bob"];
			reports
			| make-graph employee --> manager with employees on name
			| graph-match (alice)<-[reports*1..5]-(employee)
				where alice.name == "Alice" and employee.age < 30
				project employee = employee.name, age = employee.age, reportingPath = reports.manager`, `
			employee:string, age:long, reportingPath:dynamic
			["Joe",29,["Alice"]]
			["Eve",27,["Alice","Bob"]]
			["Ben",23,["Alice","Chris"]]`},
		{"graph-match cycles none", `datatable(a:string, b:string)["x","y","y","x"]
			| make-graph a --> b with_node_id=id
			| graph-match cycles=none (s)-[e*1..3]->(t) where s.id == "x" project t.id, hops = array_length(e.a)`, `
			t_id:string, hops:long
			["y",1]`},
		{"graph-match cycles all", `datatable(a:string, b:string)["x","y","y","x"]
			| make-graph a --> b with_node_id=id
			| graph-match cycles=all (s)-[e*1..3]->(t) where s.id == "x" project t.id, hops = array_length(e.a)`, `
			t_id:string, hops:long
			["y",1]
			["x",2]
			["y",3]`},
		// any-graph-function, map-graph-function, inner-nodes-graph-function:
		// conditions and expressions over a variable-length edge's elements.
		{"graph-match any map inner_nodes", `let connections = datatable(from_station:string, to_station:string)[
				"Central", "North", "North", "Central", "Central", "South", "South", "Central",
				"South", "South-West", "South-West", "South", "South-West", "West", "West", "South-West",
				"Central", "East", "East", "Central", "Central", "West", "West", "Central"];
			let stations = datatable(station:string, wifi:bool)[
				"Central", true, "North", false, "South", false, "South-West", true, "West", true, "East", false];
			connections
			| make-graph from_station --> to_station with stations on station
			| graph-match cycles=none (start)-[connections*2..5]->(destination)
				where start.station == "South-West" and destination.station == "North" and any(inner_nodes(connections), wifi)
				project from = start.station, stations = strcat_array(map(inner_nodes(connections), station), "->"),
					lines = array_length(map(connections, from_station)), allRed = all(connections, from_station != "East")`, `
			from:string, stations:string, lines:long, allRed:bool
			["South-West","South->Central",3,true]
			["South-West","West->Central",3,true]`},
		// graph-shortest-paths-operator: one shortest path per pair of end
		// nodes, or all of them with output=all.
		{"graph-shortest-paths-operator any", stationLines + `| graph-shortest-paths (start)-[connections*1..5]->(destination)
				where start.station == "South-West" and destination.station == "North"
				project from = start.station, path = map(connections, to_station), line = map(connections, line), to = destination.station`, `
			from:string, path:dynamic, line:dynamic, to:string
			["South-West",["South","Central","North"],["red","red","red"],"North"]`},
		{"graph-shortest-paths-operator all", stationLines + `| graph-shortest-paths output=all (start)-[connections*1..5]->(destination)
				where start.station == "South-West" and destination.station == "North"
				project path = map(connections, to_station), line = map(connections, line)`, `
			path:dynamic, line:dynamic
			[["South","Central","North"],["red","red","red"]]
			[["West","Central","North"],["red","blue","red"]]`},
		{"graph-shortest-paths needs a variable-length edge", stationLines + `| graph-shortest-paths (a)-[e]->(b) project a.station`, `error: needs a variable-length edge`},
		{"graph-match needs a graph", `print a = 1 | graph-match (x) project x.a`, `error: graph-match expects a graph`},
		// find-operator: `find Predicate` without where; a table is searched
		// when it has one of the predicate's columns, the others read as null.
		{"find-operator common and uncommon columns", findPageViews + `find Version == 'v1.0.0' or EventName == 'Event1' project Session_Id, EventText, Version, EventName`, `
			source_:string, Session_Id:string, EventText:string, Version:string, EventName:string
			["EventsTable1","acbd","Some Text1","v1.0.0",""]
			["EventsTable1","acbd","Some Text2","v1.0.0",""]
			["EventsTable2","f7d5","Some Other Text1","","Event1"]`},
		{"find-operator project-smart", findPageViews + `find Session_Id == 'acbd'`, `
			source_:string, Session_Id:string, Level:string, EventText:string, pack_:dynamic
			["EventsTable1","acbd","Information","Some Text1",{"Version":"v1.0.0"}]
			["EventsTable1","acbd","Error","Some Text2",{"Version":"v1.0.0"}]
			["EventsTable2","acbd","Information","Some Other Text2",{"EventName":"Event2"}]
			["EventsTable2","acbd","Error","Some Other Text3",{"EventName":"Event3"}]`},
		{"find-operator one table has no pack_", findPageViews + `find in (EventsTable1) where Level == 'Error' and Version == 'v1.0.1'`, `
			source_:string, Session_Id:string, Level:string, EventText:string, Version:string
			["EventsTable1","28b8","Error","Some Text3","v1.0.1"]`},
		// scalar-data-types/datetime: the sortable formats, 1-digit month or
		// day, optional GMT.
		{"datetime sortable format", `print a = datetime(2014-11-08 15:05:25 GMT), b = datetime(2014-11-8T15:05 GMT)`, `
			a:datetime, b:datetime
			["2014-11-08T15:05:25.0000000Z","2014-11-08T15:05:00.0000000Z"]`},
	})
}

// findPageViews are the find-operator page's two example tables, as views.
const findPageViews = `let EventsTable1 = view () { datatable(Session_Id:string, Level:string, EventText:string, Version:string)[
	"acbd", "Information", "Some Text1", "v1.0.0", "acbd", "Error", "Some Text2", "v1.0.0",
	"28b8", "Error", "Some Text3", "v1.0.1", "8f05", "Information", "Some Text4", "v1.1.0"] };
let EventsTable2 = view () { datatable(Session_Id:string, Level:string, EventText:string, EventName:string)[
	"f7d5", "Information", "Some Other Text1", "Event1", "acbd", "Information", "Some Other Text2", "Event2",
	"acbd", "Error", "Some Other Text3", "Event3", "15ea", "Error", "Some Other Text4", "Event4"] };
`

// graphPeople are the nodes and edges of the make-graph page's example.
const graphPeople = `let nodes = datatable(name:string, type:string, age:long)[
	"Alice", "Person", 23, "Bob", "Person", 31, "Eve", "Person", 17, "Mallory", "Person", 29, "Trent", "System", 99];
let edges = datatable(source:string, destination:string, edge_type:string)[
	"Alice", "Bob", "communicatesWith", "Alice", "Trent", "trusts", "Bob", "Trent", "hasPermission",
	"Eve", "Alice", "attacks", "Mallory", "Alice", "attacks", "Mallory", "Bob", "attacks"];
`

// stationLines is the graph-shortest-paths page's network, as a graph.
const stationLines = `datatable(from_station:string, to_station:string, line:string)[
	"Central", "North", "red", "North", "Central", "red", "Central", "South", "red", "South", "Central", "red",
	"South", "South-West", "red", "South-West", "South", "red", "South-West", "West", "red", "West", "South-West", "red",
	"Central", "East", "blue", "East", "Central", "blue", "Central", "West", "blue", "West", "Central", "blue"]
| make-graph from_station --> to_station with_node_id=station
`
