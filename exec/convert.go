package exec

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// This file holds KQL's scalar conversions and the text forms of values.

func toBool(v Value) Value {
	switch x := v.(type) {
	case bool:
		return x
	case int32:
		return x != 0
	case int64:
		return x != 0
	case float64:
		return x != 0
	case Decimal:
		return x.Float() != 0
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "true", "1":
			return true
		case "false", "0":
			return false
		}
	}
	return nil
}

func toInt64(v Value) (int64, bool) {
	switch x := v.(type) {
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	case int32:
		return int64(x), true
	case int64:
		return x, true
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return 0, false
		}
		return int64(x), true
	case Decimal:
		n := decimalTrunc(x)
		if !n.IsInt64() {
			return 0, false
		}
		return n.Int64(), true
	case string:
		s := strings.TrimSpace(x)
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n, true
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
			return int64(f), true
		}
	case time.Time:
		return x.UnixNano()/100 + unixEpochTicks, true // ticks since 0001-01-01
	case time.Duration:
		return int64(x) / 100, true
	}
	return 0, false
}

func toFloat(v Value) (float64, bool) {
	switch x := v.(type) {
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	case int32:
		return float64(x), true
	case int64:
		return float64(x), true
	case float64:
		return x, true
	case Decimal:
		return x.Float(), true
	case string:
		s := strings.TrimSpace(x)
		switch strings.ToLower(s) {
		case "nan":
			return math.NaN(), true
		case "inf", "+inf", "infinity":
			return math.Inf(1), true
		case "-inf", "-infinity":
			return math.Inf(-1), true
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f, true
		}
	case time.Time:
		return float64(x.UnixNano()/100 + unixEpochTicks), true
	case time.Duration:
		return float64(x / 100), true
	}
	return 0, false
}

func toDateTime(v Value) Value {
	switch x := v.(type) {
	case time.Time:
		return x
	case string:
		if t, ok := ParseDateTime(x); ok {
			return t
		}
	case int64:
		return dateTimeOfTicks(x)
	case int32:
		return dateTimeOfTicks(int64(x))
	}
	return nil
}

// unixEpochTicks is 1970-01-01 in ticks since 0001-01-01.
const unixEpochTicks = 621355968000000000

// dateTimeOfTicks reads a long as Kusto's datetime does: 100-ns ticks
// since 0001-01-01 (the datetime data type: "a ticks value of
// 31241376000000000 represents ... January 01, 0100"); null outside the
// representable range (see doc.go).
func dateTimeOfTicks(ticks int64) Value {
	const maxTicks = math.MaxInt64 / 100
	if ticks < math.MinInt64+unixEpochTicks {
		return nil
	}
	d := ticks - unixEpochTicks
	if d > maxTicks || d < -maxTicks {
		return nil
	}
	return time.Unix(0, d*100).UTC()
}

func toTimeSpan(v Value) Value {
	switch x := v.(type) {
	case time.Duration:
		return x
	case string:
		if d, ok := ParseTimeSpan(x); ok {
			return d
		}
	case int64:
		return time.Duration(x * 100) // ticks
	case int32:
		return time.Duration(int64(x) * 100)
	case float64:
		return time.Duration(x * 100)
	}
	return nil
}

// dateLayouts are the datetime text forms accepted by datetime literals
// and todatetime, tried in order.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.9999999",
	"2006-01-02 15:04:05.9999999Z07:00",
	"2006-01-02 15:04:05.9999999",
	"2006-01-02T15:04:05.9999999-0700",
	"2006-01-02 15:04:05.9999999-0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02 15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006-01",
	"2006",
	// RFC 822 and 1123 (the reference's "Sat, 8 Nov 14 15:05:02 GMT"):
	// a 1- or 2-digit day, 2- or 4-digit year, optional weekday, seconds
	// and zone (a name or an offset).
	"Mon, 2 Jan 06 15:04:05 MST",
	"Mon, 2 Jan 06 15:04:05 -0700",
	"Mon, 2 Jan 06 15:04:05",
	"Mon, 2 Jan 06 15:04 MST",
	"Mon, 2 Jan 06 15:04",
	"2 Jan 06 15:04:05 MST",
	"2 Jan 06 15:04:05",
	"2 Jan 06 15:04 MST",
	"2 Jan 06 15:04",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05",
	"Mon, 2 Jan 2006 15:04 MST",
	"Mon, 2 Jan 2006 15:04",
	"2 Jan 2006 15:04:05 MST",
	"2 Jan 2006 15:04:05",
	"2 Jan 2006 15:04",
	// Long month names ("8 November 2014 15:05").
	"Monday, 2 January 2006 15:04:05",
	"2 January 2006 15:04:05",
	"2 January 2006 15:04",
	"2 January 2006",
	"January 2, 2006 15:04:05",
	"January 2, 2006",
	// RFC 850 (the reference's "Saturday, 08-Nov-14 15:05:02 GMT"): long
	// weekday, optional weekday, seconds and zone.
	"Monday, 2-Jan-06 15:04:05 MST",
	"Monday, 2-Jan-06 15:04:05",
	"Monday, 2-Jan-06 15:04 MST",
	"Monday, 2-Jan-06 15:04",
	"2-Jan-06 15:04:05 MST",
	"2-Jan-06 15:04:05",
	"2-Jan-06 15:04 MST",
	"2-Jan-06 15:04",
	// Sortable (the reference's "2014-11-08 15:05:25 GMT"): 1- or 2-digit
	// month and day, optional seconds and zone name.
	"2006-1-2 15:04:05.9999999 MST",
	"2006-1-2 15:04 MST",
	"2006-1-2T15:04:05.9999999 MST",
	"2006-1-2T15:04 MST",
	"2006-1-2 15:04:05.9999999",
	"2006-1-2T15:04:05.9999999",
	"2006-1-2 15:04",
	"2006-1-2T15:04",
	"2006-1-2",
	"2006/01/02 15:04:05",
	"2006/01/02",
	"01/02/2006 15:04:05",
	"01/02/2006",
	"1/2/2006 3:04:05 PM",
	"1/2/2006",
	"1-2-2006 15:04:05",
	"1-2-2006", // month-day-year, as the todatetime reference's 12-02-2022
	"20060102",
	"20060102T150405Z",
	"20060102150405",
}

// ParseDateTime parses the datetime text forms KQL accepts (ISO 8601,
// RFC 822/1123/850, and a few common variants), giving a UTC time rounded
// down to a whole 100-ns tick.
func ParseDateTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			t = t.UTC()
			return t.Truncate(100), true
		}
	}
	return time.Time{}, false
}

// timespanUnits maps the suffixes of timespan literals to their length.
var timespanUnits = map[string]time.Duration{
	"d": 24 * time.Hour, "day": 24 * time.Hour, "days": 24 * time.Hour,
	"h": time.Hour, "hr": time.Hour, "hrs": time.Hour, "hour": time.Hour, "hours": time.Hour,
	"m": time.Minute, "min": time.Minute, "minute": time.Minute, "minutes": time.Minute,
	"s": time.Second, "sec": time.Second, "second": time.Second, "seconds": time.Second,
	"ms": time.Millisecond, "milli": time.Millisecond, "millis": time.Millisecond,
	"millisec": time.Millisecond, "millisecond": time.Millisecond, "milliseconds": time.Millisecond,
	"micro": time.Microsecond, "micros": time.Microsecond, "microsec": time.Microsecond,
	"microsecond": time.Microsecond, "microseconds": time.Microsecond,
	"nano": time.Nanosecond, "nanos": time.Nanosecond, "nanosec": time.Nanosecond,
	"nanosecond": time.Nanosecond, "nanoseconds": time.Nanosecond,
	"tick": 100, "ticks": 100,
}

// ParseTimeSpan parses a timespan literal ("1.5h", "30m", "100ms",
// "2d", "1tick", and "15 seconds" as time(15 seconds) writes it; the
// units are those of the kql lexer) or the clock form
// "[-][d.]hh:mm[:ss[.fffffff]]".
func ParseTimeSpan(s string) (time.Duration, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if strings.Contains(s, ":") {
		return parseClockSpan(s)
	}
	i := len(s)
	for i > 0 && (s[i-1] >= 'a' && s[i-1] <= 'z' || s[i-1] >= 'A' && s[i-1] <= 'Z') {
		i--
	}
	num, unit := strings.TrimSpace(s[:i]), strings.ToLower(s[i:])
	mult := 24 * time.Hour // a bare number counts days
	if unit != "" {
		u, ok := timespanUnits[unit]
		if !ok {
			return 0, false
		}
		mult = u
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, false
	}
	return time.Duration(math.Round(f*float64(mult)/100) * 100), true
}

func parseClockSpan(s string) (time.Duration, bool) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var days int64
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	if d, h, ok := strings.Cut(parts[0], "."); ok {
		n, err := strconv.ParseInt(d, 10, 64)
		if err != nil {
			return 0, false
		}
		days, parts[0] = n, h
	}
	h, err1 := strconv.ParseInt(parts[0], 10, 64)
	m, err2 := strconv.ParseInt(parts[1], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	var sec float64
	if len(parts) == 3 {
		f, err := strconv.ParseFloat(parts[2], 64)
		if err != nil {
			return 0, false
		}
		sec = f
	}
	d := time.Duration(days)*24*time.Hour + time.Duration(h)*time.Hour + time.Duration(m)*time.Minute +
		time.Duration(math.Round(sec*1e7))*100
	if neg {
		d = -d
	}
	return d, true
}

// FormatDateTime returns t as KQL's tostring does: ISO 8601 in UTC with
// the fraction's trailing zeros dropped, "2024-01-02T03:04:05.5Z".
func FormatDateTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.9999999Z")
}

// FormatDateTimeJSON returns t as Kusto's JSON results do: RFC 3339 with
// seven fractional digits, "2024-01-02T03:04:05.0000000Z".
func FormatDateTimeJSON(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.0000000Z")
}

// FormatTimeSpan returns d as "[-][d.]hh:mm:ss[.fffffff]".
func FormatTimeSpan(d time.Duration) string { return string(appendTimeSpan(nil, d)) }

// appendTimeSpan appends FormatTimeSpan's text of d to dst.
func appendTimeSpan(dst []byte, d time.Duration) []byte {
	u := int64(d)
	if u < 0 {
		dst = append(dst, '-')
		u = -u
	}
	ticks := u / 100
	days := ticks / (864000000000)
	ticks %= 864000000000
	h := ticks / 36000000000
	ticks %= 36000000000
	m := ticks / 600000000
	ticks %= 600000000
	s := ticks / 10000000
	frac := ticks % 10000000
	if days > 0 {
		dst = strconv.AppendInt(dst, days, 10)
		dst = append(dst, '.')
	}
	dst = append(dst, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10), ':', byte('0'+s/10), byte('0'+s%10))
	if frac > 0 {
		dst = append(dst, '.')
		for div := int64(1000000); div > 0; div /= 10 {
			dst = append(dst, byte('0'+frac/div%10))
		}
	}
	return dst
}

// FormatReal returns f as KQL prints a real: the shortest text that reads
// back as f, "1.5", "1E+20", "NaN", "Infinity".
func FormatReal(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	a := math.Abs(f)
	if a != 0 && (a >= 1e15 || a < 1e-4) {
		s := strconv.FormatFloat(f, 'E', -1, 64)
		mant, exp, _ := strings.Cut(s, "E")
		if exp[0] == '+' || exp[0] == '-' {
			sign, digits := exp[:1], strings.TrimLeft(exp[1:], "0")
			if len(digits) < 2 {
				digits = strings.Repeat("0", 2-len(digits)) + digits
			}
			return mant + "E" + sign + digits
		}
		return s
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// FormatValue returns a value's text as tostring gives it; "" for null.
func FormatValue(v Value) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		if x {
			return "true"
		}
		return "false"
	case int32:
		return strconv.FormatInt(int64(x), 10)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return FormatReal(x)
	case Decimal:
		return x.String()
	case time.Time:
		return FormatDateTime(x)
	case time.Duration:
		return FormatTimeSpan(x)
	case GUID:
		return x.String()
	}
	return string(AppendJSON(nil, v))
}
