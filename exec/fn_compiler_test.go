package exec

import "testing"

// TestCompilerHandledFunctions: typeof() as extract_json's third argument
// (extract-json-function: extract_json("$.hosts[1].AvailableMB", json,
// typeof(int)) is the int 100), ingestion_time() (the row's Timestamp
// column, null without one: the engine has no extent ingestion time) and
// bag_pack_columns (bag-pack-columns-function: the named columns, nulls
// included).
func TestCompilerHandledFunctions(t *testing.T) {
	const hosts = `'{"hosts":[{"location":"a","AvailableMB":56},{"location":"b","AvailableMB":100}]}'`
	tests := []struct{ query, want string }{
		{`print v = extract_json("$.hosts[1].AvailableMB", ` + hosts + `, typeof(int)) | extend t = gettype(v)`, "100|int"},
		{`print v = extractjson("$.hosts[0].AvailableMB", ` + hosts + `, typeof(long)) + 1`, "57"},
		{`print v = extract_json("$.hosts[1].location", ` + hosts + `)`, "b"},
		{`datatable(Timestamp:datetime, x:long)[datetime(2024-01-01), 1] | project i = ingestion_time()`, "2024-01-01T00:00:00Z"},
		{`datatable(Timestamp:datetime, x:long)[datetime(2024-01-01), 1] | where x == 1 | project x, i = ingestion_time()`, "1|2024-01-01T00:00:00Z"},
		{`print x = 1 | extend i = ingestion_time()`, "1|<null>"},
		{`datatable(Source:string, Target:string, CharsCount:long)['555-555-1234', '555-555-1212', 46, '555-555-1212', '', long(null)]
| project Packed = bag_pack_columns(Source, Target, CharsCount)`, `{"Source":"555-555-1234","Target":"555-555-1212","CharsCount":46}` + "\n" + `{"Source":"555-555-1212","Target":"","CharsCount":null}`},
	}
	for _, tc := range tests {
		if got := evalText(t, tc.query); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.query, got, tc.want)
		}
	}
}

// TestPercentileSig: percentile(expr, percentage) returns a value of
// expr, of its type (percentiles-aggregate-function); functions.md showed
// "→ invalid".
func TestPercentileSig(t *testing.T) {
	for _, tc := range []struct {
		args []Type
		want Type
	}{
		{[]Type{TypeLong, TypeLong}, TypeLong},
		{[]Type{TypeReal, TypeReal}, TypeReal},
		{[]Type{TypeDateTime, TypeInt}, TypeDateTime},
		{[]Type{TypeTimeSpan, TypeReal}, TypeTimeSpan},
	} {
		if got, err := percentileSig(tc.args); err != nil || got != tc.want {
			t.Errorf("percentileSig(%v) = %v, %v; want %v", tc.args, got, err, tc.want)
		}
	}
	if _, err := percentileSig([]Type{TypeLong, TypeString}); err == nil {
		t.Error("percentileSig(long, string): want an error")
	}
	if got := evalText(t, `range x from 1 to 4 step 1 | summarize p = percentile(x, 50) | extend t = gettype(p)`); got != "2|long" {
		t.Errorf("percentile through summarize = %q, want 2|long", got)
	}
}
