package exec

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestPreviewPlugin pins the first table of
// https://learn.microsoft.com/kusto/query/preview-plugin: up to N rows.
func TestPreviewPlugin(t *testing.T) {
	tests := []struct{ name, query, want string }{
		{"fewer rows than the input", `range x from 1 to 5 step 1 | evaluate preview(2)`, "1\n2"},
		{"more rows than the input", `range x from 1 to 2 step 1 | evaluate preview(50)`, "1\n2"},
		{"zero rows", `range x from 1 to 2 step 1 | evaluate preview(0) | count`, "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, evalText(t, tt.query)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
