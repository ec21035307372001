package exec

import "testing"

// TestToDateTimeFormats: the text forms of the reference's "datetime data
// type" (supported formats: ISO 8601 with T or space, offsets, RFC 822
// with a 1-digit day and 2-digit year, RFC 850 with a long weekday, the
// sortable form) and todatetime's own example ('12-02-2022' equals
// datetime('12-02-2022')); a long is 100-ns ticks since 0001-01-01.
func TestToDateTimeFormats(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2014-05-25T08:20:03.123456Z", "2014-05-25T08:20:03.123456Z"},
		{"2014-05-25T08:20:03.123456", "2014-05-25T08:20:03.123456Z"},
		{"2014-05-25T08:20", "2014-05-25T08:20:00Z"},
		{"2014-11-08 15:55:55.123456Z", "2014-11-08T15:55:55.123456Z"},
		{"2014-11-08 15:55:55", "2014-11-08T15:55:55Z"},
		{"2014-11-08 15:55", "2014-11-08T15:55:00Z"},
		{"2014-11-08", "2014-11-08T00:00:00Z"},
		{"2014-11-08T15:55:55+01:00", "2014-11-08T14:55:55Z"},
		{"2014-11-08 15:55:55-02:30", "2014-11-08T18:25:55Z"},
		{"2014-11-08T15:55:55+0100", "2014-11-08T14:55:55Z"},
		{"Sat, 8 Nov 14 15:05:02 GMT", "2014-11-08T15:05:02Z"},
		{"Sat, 8 Nov 14 15:05:02", "2014-11-08T15:05:02Z"},
		{"Sat, 8 Nov 14 15:05", "2014-11-08T15:05:00Z"},
		{"Sat, 8 Nov 14 15:05 GMT", "2014-11-08T15:05:00Z"},
		{"8 Nov 14 15:05:02", "2014-11-08T15:05:02Z"},
		{"8 Nov 14 15:05:02 GMT", "2014-11-08T15:05:02Z"},
		{"8 Nov 14 15:05", "2014-11-08T15:05:00Z"},
		{"8 Nov 14 15:05 GMT", "2014-11-08T15:05:00Z"},
		{"Sat, 08 Nov 2014 15:05:02 +0100", "2014-11-08T14:05:02Z"},
		{"Saturday, 08-Nov-14 15:05:02 GMT", "2014-11-08T15:05:02Z"},
		{"Saturday, 08-Nov-14 15:05:02", "2014-11-08T15:05:02Z"},
		{"Saturday, 08-Nov-14 15:05 GMT", "2014-11-08T15:05:00Z"},
		{"Saturday, 08-Nov-14 15:05", "2014-11-08T15:05:00Z"},
		{"08-Nov-14 15:05:02 GMT", "2014-11-08T15:05:02Z"},
		{"08-Nov-14 15:05:02", "2014-11-08T15:05:02Z"},
		{"08-Nov-14 15:05 GMT", "2014-11-08T15:05:00Z"},
		{"08-Nov-14 15:05", "2014-11-08T15:05:00Z"},
		{"8 November 2014 15:05", "2014-11-08T15:05:00Z"},
		{"20141108155502", "2014-11-08T15:55:02Z"},
		{"12-02-2022", "2022-12-02T00:00:00Z"},
		{"not a date", "<null>"},
	}
	for _, tc := range tests {
		if got := evalText(t, `print todatetime("`+tc.in+`")`); got != tc.want {
			t.Errorf("todatetime(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct{ query, want string }{
		{`print todatetime('12-02-2022') == datetime(2022-12-02)`, "true"},
		{`print todatetime(621355968000000000)`, "1970-01-01T00:00:00Z"},
		{`print todatetime(635510589020000000)`, "2014-11-08T15:55:02Z"},
		{`print todatetime(31241376000000000)`, "<null>"}, // 0100-01-01: outside Arrow's range
		{`print todatetime(long(null))`, "<null>"},
		// tolong of a datetime is its ticks since 0001-01-01, so that the
		// two round-trip.
		{`print tolong(datetime(1970-01-01)), tolong(datetime(2014-11-08 15:55:02))`, "621355968000000000|635510589020000000"},
		{`print todatetime(tolong(datetime(2024-02-29 12:34:56.1234567)))`, "2024-02-29T12:34:56.1234567Z"},
	} {
		if got := evalText(t, tc.query); got != tc.want {
			t.Errorf("%s = %s, want %s", tc.query, got, tc.want)
		}
	}
}
