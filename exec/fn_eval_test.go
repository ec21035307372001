package exec

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
)

// evalText runs a query through Eval and renders its rows as
// "v1|v2\n..." with showValue.
func evalText(t *testing.T, src string) string {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	rr, err := Eval(context.Background(), src, nil, Options{Allocator: mem, Now: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)})
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	defer rr.Release()
	return showRows(rr)
}

// showRows renders every row of rr as its cells' showValue joined by "|",
// one row a line.
func showRows(rr array.RecordReader) string {
	var rows []string
	for rr.Next() {
		rec := rr.Record()
		for i := range int(rec.NumRows()) {
			var cells []string
			for j := range int(rec.NumCols()) {
				typ, _ := TypeOfArrow(rec.Column(j).DataType())
				cells = append(cells, showValue(ValueAt(rec.Column(j), i), typ))
			}
			rows = append(rows, strings.Join(cells, "|"))
		}
	}
	return strings.Join(rows, "\n")
}

// TestFunctionsThroughEval runs functions of every family through the
// engine: parsing, type checking, constant folding and column
// evaluation, with the reference's examples.
func TestFunctionsThroughEval(t *testing.T) {
	tests := []struct{ query, want string }{
		{`print format_datetime(datetime(2015-12-14 02:03:04.12345), 'yy-MM-dd [HH:mm:ss]')`, "15-12-14 [02:03:04]"},
		{`print datetime_diff('day', datetime(2017-10-29 00:00), datetime(2017-09-30 23:59))`, "29"},
		{`print parse_url('https://h:8080/p?k=v').Port`, "8080"},
		{`print ipv4_is_private('192.168.1.1'), ipv4_is_in_range('10.1.2.3', '10.0.0.0/8')`, "true|true"},
		{`print hash('World'), hash_sha256('')`, "1846988464401551951|e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{`print array_length(range(1, 10, 3)), set_has_element(pack_array('a','b'), 'b')`, "4|true"},
		{`print replace_regex('Number is 42', @'is (\d+)', @'was: \1')`, "Number was: 42"},
		{`print round(2.15, 1), abs(-3), max_of(1, 5, 3), pow(2, 10)`, "2.2|3|5|1024"},
		{`print base64_decode_tostring(base64_encode_tostring('Kusto'))`, "Kusto"},
		// A typed literal may quote its body
		// (https://learn.microsoft.com/kusto/query/hash-function).
		{`print hash(datetime("2015-01-01")), timespan('1d'), guid("ae3133f2-6e22-49ae-b06a-16e6a9b212eb")`, "1380966698541616202|1.00:00:00|ae3133f2-6e22-49ae-b06a-16e6a9b212eb"},
		{`print strcat_array(split('a-b-c', '-'), '+')`, "a+b+c"},
		{`print bag_keys(bag_pack('a', 1, 'b', 2))`, `["a","b"]`},
		{`print parse_command_line('cmd.exe /c "dir x"', 'windows')[2]`, "dir x"},
		{`range x from 1 to 4 step 1 | summarize l=make_list(x) | extend s=series_stats_dynamic(l).avg`, "[1,2,3,4]|2.5"},
		{`range x from 1 to 3 step 1 | extend y = strrep('ab', x) | project y`, "ab\nabab\nababab"},
		{`range x from 1 to 3 step 1 | extend h = tohex(x * 255) | project h`, "ff\n1fe\n2fd"},
		{`range x from 1 to 4 step 1 | summarize binary_all_or(x), percentilew(x, x, 50)`, "7|3"},
		{`print extract_all(@'(\d+)', 'a1 b22')`, `["1","22"]`},
		{`print startofmonth(datetime(2017-01-15)), endofday(datetime(2017-01-01))`, "2017-01-01T00:00:00Z|2017-01-01T23:59:59.9999999Z"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			if got := evalText(t, tt.query); got != tt.want {
				t.Errorf("%s\n got %s\nwant %s", tt.query, got, tt.want)
			}
		})
	}
}
