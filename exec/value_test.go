package exec

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestDynamicRoundTrip(t *testing.T) {
	for _, src := range []string{
		`null`, `true`, `1`, `-2.5`, `"x"`, `[]`, `{}`,
		`{"a":1,"b":[1,2,{"c":"d"}],"e":null}`,
		`[[1],[2,3],"x"]`,
	} {
		v, ok := ParseJSON(src)
		if !ok {
			t.Fatalf("ParseJSON(%s) failed", src)
		}
		enc := EncodeDynamic(nil, v)
		if got := string(AppendJSON(nil, DecodeDynamic(enc))); got != src {
			t.Errorf("round trip of %s gave %s", src, got)
		}
	}
}

func TestDynamicNavigation(t *testing.T) {
	v, _ := ParseJSON(`{"a":{"b":[10,20,30]},"c":"x"}`)
	enc := EncodeDynamic(nil, v)
	b := DynamicIndex(DynamicGet(DynamicGet(enc, "a"), "b"), -1)
	if got := DecodeDynamic(b); got != int64(30) {
		t.Fatalf("a.b[-1] = %v", got)
	}
	if DynamicGet(enc, "zz") != nil || DynamicIndex(enc, 0) != nil {
		t.Fatal("missing key or index on a bag must be nil")
	}
	if n := DynamicArrayLen(DynamicGet(DynamicGet(enc, "a"), "b")); n != 3 {
		t.Fatalf("len = %d", n)
	}
}

func TestFormats(t *testing.T) {
	ts := time.Date(2024, 1, 2, 3, 4, 5, 500000000, time.UTC)
	got := []string{
		FormatDateTime(ts), FormatDateTimeJSON(ts),
		FormatTimeSpan(90 * time.Minute), FormatTimeSpan(-(26*time.Hour + 500*time.Millisecond)),
		FormatReal(1.5), FormatReal(1e20), FormatReal(3),
	}
	want := []string{
		"2024-01-02T03:04:05.5Z", "2024-01-02T03:04:05.5000000Z",
		"01:30:00", "-1.02:00:00.5000000",
		"1.5", "1E+20", "3",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("(-want +got)\n%s", d)
	}
	for s, want := range map[string]time.Duration{"1.5h": 90 * time.Minute, "2d": 48 * time.Hour, "100ms": 100 * time.Millisecond, "1.02:03:04": 26*time.Hour + 3*time.Minute + 4*time.Second} {
		if got, ok := ParseTimeSpan(s); !ok || got != want {
			t.Errorf("ParseTimeSpan(%q) = %v, %v", s, got, ok)
		}
	}
}
