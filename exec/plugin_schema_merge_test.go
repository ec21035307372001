package exec

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSchemaMergePlugin pins
// https://learn.microsoft.com/kusto/query/schema-merge-plugin: getschema
// tables merged by ordinal, out-of-order columns as error rows unless
// PreserveOrder is false.
func TestSchemaMergePlugin(t *testing.T) {
	const first = `let s1 = datatable(Uri:string, HttpStatus:int)[] | getschema; `
	const errRow = "HttpStatus|-1|ERROR(unknown CSL type:ERROR(columns are out of order))|ERROR(columns are out of order)"
	tests := []struct{ name, query, want string }{
		{"reference example: a column appended",
			`let s2 = datatable(Uri:string, HttpStatus:int, Referrer:string)[] | getschema; union s1, s2 | evaluate schema_merge()`,
			"Uri|0|System.String|string\nHttpStatus|1|System.Int32|int\nReferrer|2|System.String|string"},
		{"reference example: a column moved is an error",
			`let s2 = datatable(Uri:string, Referrer:string, HttpStatus:int)[] | getschema; union s1, s2 | evaluate schema_merge()`,
			"Uri|0|System.String|string\nReferrer|1|System.String|string\n" + errRow},
		{"reference example: PreserveOrder = false takes the later order",
			`let s2 = datatable(Uri:string, Referrer:string, HttpStatus:int)[] | getschema; union s1, s2 | evaluate schema_merge(PreserveOrder = false)`,
			"Uri|0|System.String|string\nReferrer|1|System.String|string\nHttpStatus|2|System.Int32|int"},
		{"int and long reduce to long",
			`let s2 = datatable(Uri:string, HttpStatus:long)[] | getschema; union s1, s2 | evaluate schema_merge() | project ColumnName, ColumnType`,
			"Uri|string\nHttpStatus|long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, evalText(t, first+tt.query)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
