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
		// buildschema-aggregation-function: unions of primitive types,
		// containers merged by property, arrays as `indexer`.
		{"buildschema-aggregation-function", `datatable(value: dynamic) [
			dynamic({"x":1, "y":3.5}),
			dynamic({"x":"somevalue", "z":[1, 2, 3]}),
			dynamic({"y":{"w":"zzz"}, "t":["aa", "bb"], "z":["foo"]})
			] | summarize buildschema(value)`, `
			schema_value:dynamic
			[{"x":["long","string"],"y":["double",{"w":"string"}],"z":{"` + "`indexer`" + `":["long","string"]},"t":{"` + "`indexer`" + `":"string"}}]`},
	})
}
