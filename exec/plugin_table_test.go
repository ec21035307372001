package exec

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func tableText(t *pluginTable) string {
	var b strings.Builder
	b.WriteString(strings.Join(t.Names, "|"))
	for _, r := range t.Rows {
		b.WriteString("\n")
		for i, v := range r {
			if i > 0 {
				b.WriteString("|")
			}
			b.WriteString(showValue(v, t.Types[i]))
		}
	}
	return b.String()
}

// https://learn.microsoft.com/kusto/query/narrow-plugin
func TestNarrowPlugin(t *testing.T) {
	in := &pluginTable{Names: []string{"a", "b"}, Types: []Type{TypeLong, TypeString},
		Rows: [][]Value{{int64(1), "x"}, {nil, "y"}}}
	want := "Row|Column|Value\n0|a|1\n0|b|x\n1|a|\n1|b|y"
	if diff := cmp.Diff(want, tableText(narrowPlugin(in))); diff != "" {
		t.Errorf("narrow (-want +got):\n%s", diff)
	}
}

// https://learn.microsoft.com/kusto/query/pivot-plugin
func TestPivotPlugin(t *testing.T) {
	in := &pluginTable{Names: []string{"State", "EventType", "Damage"}, Types: []Type{TypeString, TypeString, TypeLong},
		Rows: [][]Value{
			{"TX", "Hail", int64(10)}, {"TX", "Flood", int64(5)}, {"TX", "Hail", int64(1)},
			{"OK", "Flood", int64(7)},
		}}
	tests := []struct {
		name  string
		agg   pivotAgg
		group []string
		want  string
	}{
		{"count by the other columns", pivotAgg{}, []string{"State"}, "State|Flood|Hail\nTX|1|2\nOK|1|0"},
		{"sum", pivotAgg{"sum", "Damage"}, nil, "State|Flood|Hail\nTX|5|11\nOK|7|0"},
		{"max", pivotAgg{"max", "Damage"}, []string{"State"}, "State|Flood|Hail\nTX|5|10\nOK|7|<null>"},
		{"dcount", pivotAgg{"dcount", "Damage"}, []string{"State"}, "State|Flood|Hail\nTX|1|2\nOK|1|0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := pivotPlugin(in, "EventType", tt.agg, tt.group)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, tableText(out)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	if _, err := pivotPlugin(in, "Nope", pivotAgg{}, nil); err == nil || !strings.Contains(err.Error(), `"Nope"`) {
		t.Errorf("missing column: got %v", err)
	}
}

// https://learn.microsoft.com/kusto/query/ipv4-lookup-plugin
func TestIPv4LookupPlugin(t *testing.T) {
	in := &pluginTable{Names: []string{"ip"}, Types: []Type{TypeString},
		Rows: [][]Value{{"10.1.2.3"}, {"192.168.0.9"}, {"8.8.8.8"}, {"bad"}}}
	lookup := &pluginTable{Names: []string{"network", "name"}, Types: []Type{TypeString, TypeString},
		Rows: [][]Value{{"10.0.0.0/8", "corp"}, {"10.1.0.0/16", "lab"}, {"192.168.0.0/16", "home"}}}
	out, err := ipv4LookupPlugin(in, lookup, "ip", "network", nil, false)
	if err != nil {
		t.Fatal(err)
	}
	want := "ip|network|name\n10.1.2.3|10.1.0.0/16|lab\n192.168.0.9|192.168.0.0/16|home"
	if diff := cmp.Diff(want, tableText(out)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	out, _ = ipv4LookupPlugin(in, lookup, "ip", "network", nil, true)
	if len(out.Rows) != 4 || out.Rows[2][2] != nil {
		t.Errorf("return_unmatched: got %s", tableText(out))
	}
	if err := unknownPluginError("python"); !strings.Contains(err.Error(), `"python"`) {
		t.Errorf("unknown plugin error %v does not name the plugin", err)
	}
}
