package exec

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSequenceDetectPlugin pins
// https://learn.microsoft.com/kusto/query/sequence-detect-plugin (its
// example reads StormEvents; these rows mimic it): every chain of steps
// within the step window and span, one row each, named <step>_<time>.
func TestSequenceDetectPlugin(t *testing.T) {
	const data = `datatable(State:string, EventType:string, StartTime:datetime)[
		"CA", "Excessive Heat", datetime(2007-05-08), "CA", "Wildfire", datetime(2007-05-08 16:02),
		"CA", "Wildfire", datetime(2007-05-10 11:30), "CA", "Wildfire", datetime(2007-05-20),
		"TX", "Wildfire", datetime(2007-05-07), "TX", "Excessive Heat", datetime(2007-05-09)] | `
	tests := []struct{ name, query, want string }{
		{"every later step within the windows",
			`evaluate sequence_detect(StartTime, 5d, 5d, heat=(EventType == "Excessive Heat"), wildfire=(EventType == "Wildfire"), State)`,
			"CA|2007-05-08T00:00:00Z|2007-05-08T16:02:00Z|16:02:00\nCA|2007-05-08T00:00:00Z|2007-05-10T11:30:00Z|2.11:30:00"},
		{"a shorter step window drops the late match",
			`evaluate sequence_detect(StartTime, 1d, 5d, heat=(EventType == "Excessive Heat"), wildfire=(EventType == "Wildfire"), State) | project Duration`,
			"16:02:00"},
		{"without dimensions sequences cross states",
			`evaluate sequence_detect(StartTime, 1d, 1d, fire=(EventType == "Wildfire"), heat=(EventType == "Excessive Heat")) | project fire_StartTime, heat_StartTime`,
			"2007-05-07T00:00:00Z|2007-05-08T00:00:00Z\n2007-05-08T16:02:00Z|2007-05-09T00:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, evalText(t, data+tt.query)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
