package exec

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // IANA zones for datetime_utc_to_local on any machine
)

// datetimeFunctions are KQL's datetime and timespan functions
// (https://learn.microsoft.com/kusto/query/scalar-functions#datetimetimespan-functions).
var datetimeFunctions = []Function{
	{Name: "startofday", Sig: Optional(TypeDateTime, []Type{TypeDateTime}, TypeLong), Scalar: startOfRow("day", false)},
	{Name: "startofweek", Sig: Optional(TypeDateTime, []Type{TypeDateTime}, TypeLong), Scalar: startOfRow("week", false)},
	{Name: "startofmonth", Sig: Optional(TypeDateTime, []Type{TypeDateTime}, TypeLong), Scalar: startOfRow("month", false)},
	{Name: "startofyear", Sig: Optional(TypeDateTime, []Type{TypeDateTime}, TypeLong), Scalar: startOfRow("year", false)},
	{Name: "endofday", Sig: Optional(TypeDateTime, []Type{TypeDateTime}, TypeLong), Scalar: startOfRow("day", true)},
	{Name: "endofweek", Sig: Optional(TypeDateTime, []Type{TypeDateTime}, TypeLong), Scalar: startOfRow("week", true)},
	{Name: "endofmonth", Sig: Optional(TypeDateTime, []Type{TypeDateTime}, TypeLong), Scalar: startOfRow("month", true)},
	{Name: "endofyear", Sig: Optional(TypeDateTime, []Type{TypeDateTime}, TypeLong), Scalar: startOfRow("year", true)},
	{Name: "dayofweek", Sig: Fixed(TypeTimeSpan, TypeDateTime), Scalar: timeRow(func(t time.Time) Value { return time.Duration(t.Weekday()) * 24 * time.Hour })},
	{Name: "dayofmonth", Sig: Fixed(TypeInt, TypeDateTime), Scalar: timeRow(func(t time.Time) Value { return int32(t.Day()) })},
	{Name: "dayofyear", Sig: Fixed(TypeInt, TypeDateTime), Scalar: timeRow(func(t time.Time) Value { return int32(t.YearDay()) })},
	{Name: "week_of_year", Aliases: []string{"weekofyear"}, Sig: Fixed(TypeInt, TypeDateTime), Scalar: timeRow(func(t time.Time) Value { _, w := t.ISOWeek(); return int32(w) })},
	{Name: "monthofyear", Aliases: []string{"getmonth"}, Sig: Fixed(TypeInt, TypeDateTime), Scalar: timeRow(func(t time.Time) Value { return int32(t.Month()) })},
	{Name: "getyear", Sig: Fixed(TypeInt, TypeDateTime), Scalar: timeRow(func(t time.Time) Value { return int32(t.Year()) })},
	{Name: "hourofday", Sig: Fixed(TypeInt, TypeDateTime), Scalar: timeRow(func(t time.Time) Value { return int32(t.Hour()) })},
	{Name: "datetime_part", Aliases: []string{"datepart"}, Sig: Fixed(TypeInt, TypeString, TypeDateTime), Scalar: datetimePartRow, Check: periodCheck},
	{Name: "datetime_add", Sig: Fixed(TypeDateTime, TypeString, TypeLong, TypeDateTime), Scalar: datetimeAddRow, Check: periodCheck},
	{Name: "datetime_diff", Sig: Fixed(TypeLong, TypeString, TypeDateTime, TypeDateTime), Scalar: datetimeDiffRow, Check: periodCheck},
	{Name: "make_datetime", Sig: Optional(TypeDateTime, []Type{TypeLong, TypeLong, TypeLong}, TypeLong, TypeLong, TypeReal), Scalar: makeDatetimeRow},
	{Name: "make_timespan", Sig: Optional(TypeTimeSpan, []Type{TypeLong, TypeLong}, TypeReal, TypeReal), Scalar: makeTimespanRow},
	{Name: "format_datetime", Sig: Fixed(TypeString, TypeDateTime, TypeString), Scalar: formatDatetimeRow},
	{Name: "format_timespan", Sig: Fixed(TypeString, TypeTimeSpan, TypeString), Scalar: formatTimespanRow},
	{Name: "datetime_utc_to_local", Sig: Fixed(TypeDateTime, TypeDateTime, TypeString), Scalar: zoneRow(true)},
	{Name: "datetime_local_to_utc", Sig: Fixed(TypeDateTime, TypeDateTime, TypeString), Scalar: zoneRow(false)},
	{Name: "unixtime_seconds_todatetime", Sig: Fixed(TypeDateTime, TypeReal), Scalar: unixRow(1e9)},
	{Name: "unixtime_milliseconds_todatetime", Sig: Fixed(TypeDateTime, TypeReal), Scalar: unixRow(1e6)},
	{Name: "unixtime_microseconds_todatetime", Sig: Fixed(TypeDateTime, TypeReal), Scalar: unixRow(1e3)},
	{Name: "unixtime_nanoseconds_todatetime", Sig: Fixed(TypeDateTime, TypeReal), Scalar: unixRow(1)},
	{Name: "bin_at", Sig: binAtSig, Scalar: binAtRow},
	{Name: "ingestion_time", Sig: Fixed(TypeDateTime), Scalar: func(*Call, []Value) (Value, error) { return nil, nil }},
}

// timeRow adapts a function of one datetime; null stays null.
func timeRow(f func(time.Time) Value) ScalarFunc {
	return func(_ *Call, a []Value) (Value, error) {
		t, ok := argTime(a[0])
		if !ok {
			return nil, nil
		}
		return f(t.UTC()), nil
	}
}

// startOf returns the start of the period holding t, moved by offset
// periods (weeks start on Sunday).
func startOf(t time.Time, period string, offset int) time.Time {
	y, m, d := t.Date()
	switch period {
	case "day":
		return time.Date(y, m, d+offset, 0, 0, 0, 0, time.UTC)
	case "week":
		return time.Date(y, m, d-int(t.Weekday())+7*offset, 0, 0, 0, 0, time.UTC)
	case "month":
		return time.Date(y, m+time.Month(offset), 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(y+offset, 1, 1, 0, 0, 0, 0, time.UTC)
}

// startOfRow implements startof* and endof*: the end of a period is one
// tick (100 ns) before the start of the next
// (https://learn.microsoft.com/kusto/query/endofday-function).
func startOfRow(period string, end bool) ScalarFunc {
	return func(_ *Call, a []Value) (Value, error) {
		t, ok := argTime(a[0])
		if !ok {
			return nil, nil
		}
		off := int64(0)
		if len(a) == 2 {
			if off, ok = argLong(a[1]); !ok {
				return nil, nil
			}
		}
		if end {
			return startOf(t.UTC(), period, int(off)+1).Add(-100), nil
		}
		return startOf(t.UTC(), period, int(off)), nil
	}
}

// normPeriod maps the period names of datetime_add, datetime_diff and
// datetime_part (any case, with SQL-style abbreviations) to one spelling.
func normPeriod(p string) string {
	switch strings.ToLower(strings.TrimSpace(p)) {
	case "year", "years", "yy", "yyyy":
		return "year"
	case "quarter", "quarters", "qq", "q":
		return "quarter"
	case "month", "months", "mm", "m":
		return "month"
	case "week", "weeks", "wk", "ww", "week_of_year", "weekofyear":
		return "week"
	case "day", "days", "dd", "d":
		return "day"
	case "dayofyear", "dy", "y":
		return "dayofyear"
	case "hour", "hours", "hh":
		return "hour"
	case "minute", "minutes", "mi", "n":
		return "minute"
	case "second", "seconds", "ss", "s":
		return "second"
	case "millisecond", "milliseconds", "ms":
		return "millisecond"
	case "microsecond", "microseconds", "mcs":
		return "microsecond"
	case "nanosecond", "nanoseconds", "ns":
		return "nanosecond"
	}
	return ""
}

// periodCheck rejects a constant period that names no period when the
// query compiles, as Kusto does.
func periodCheck(c *Call) error {
	if c.IsConst(0) {
		if p := argText(c.Const(0)); normPeriod(p) == "" {
			return periodError(c.Name, p)
		}
	}
	return nil
}

func periodError(fn, p string) error {
	return fmt.Errorf("%s: unknown period %q (year, quarter, month, week, day, hour, minute, second, millisecond, microsecond, nanosecond)", fn, p)
}

// datetimePartRow returns a part of a datetime as an int
// (https://learn.microsoft.com/kusto/query/datetime-part-function).
func datetimePartRow(_ *Call, a []Value) (Value, error) {
	p := normPeriod(argText(a[0]))
	if p == "" {
		return nil, periodError("datetime_part", argText(a[0]))
	}
	t, ok := argTime(a[1])
	if !ok {
		return nil, nil
	}
	t = t.UTC()
	var n int
	switch p {
	case "year":
		n = t.Year()
	case "quarter":
		n = (int(t.Month())-1)/3 + 1
	case "month":
		n = int(t.Month())
	case "week":
		_, n = t.ISOWeek()
	case "day":
		n = t.Day()
	case "dayofyear":
		n = t.YearDay()
	case "hour":
		n = t.Hour()
	case "minute":
		n = t.Minute()
	case "second":
		n = t.Second()
	case "millisecond":
		n = t.Nanosecond() / 1e6
	case "microsecond":
		n = t.Nanosecond() / 1e3
	case "nanosecond":
		n = t.Nanosecond() / 100 * 100
	}
	return int32(n), nil
}

// addMonths adds n months keeping the day, clamped to the last day of the
// target month as .NET's AddMonths does (Jan 31 + 1 month is Feb 28/29).
func addMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	hh, mm, ss := t.Clock()
	return time.Date(first.Year(), first.Month(), min(d, last), hh, mm, ss, t.Nanosecond(), time.UTC)
}

// datetimeAddRow adds amount periods to a datetime
// (https://learn.microsoft.com/kusto/query/datetime-add-function).
func datetimeAddRow(_ *Call, a []Value) (Value, error) {
	p := normPeriod(argText(a[0]))
	if p == "" || p == "dayofyear" {
		return nil, periodError("datetime_add", argText(a[0]))
	}
	n, ok1 := argLong(a[1])
	t, ok2 := argTime(a[2])
	if !ok1 || !ok2 {
		return nil, nil
	}
	t = t.UTC()
	switch p {
	case "year":
		return addMonths(t, int(n)*12), nil
	case "quarter":
		return addMonths(t, int(n)*3), nil
	case "month":
		return addMonths(t, int(n)), nil
	case "week":
		return t.AddDate(0, 0, int(n)*7), nil
	case "day":
		return t.AddDate(0, 0, int(n)), nil
	}
	return t.Add(time.Duration(n) * periodUnit(p)), nil
}

// periodUnit is the length of the fixed-length periods.
func periodUnit(p string) time.Duration {
	switch p {
	case "hour":
		return time.Hour
	case "minute":
		return time.Minute
	case "second":
		return time.Second
	case "millisecond":
		return time.Millisecond
	case "microsecond":
		return time.Microsecond
	}
	return time.Nanosecond
}

// datetimeDiffRow counts the period boundaries between dt2 and dt1
// (dt1 - dt2): calendar periods compare their calendar fields, weeks
// start on Sunday (https://learn.microsoft.com/kusto/query/datetime-diff-function).
func datetimeDiffRow(_ *Call, a []Value) (Value, error) {
	p := normPeriod(argText(a[0]))
	if p == "" || p == "dayofyear" {
		return nil, periodError("datetime_diff", argText(a[0]))
	}
	t1, ok1 := argTime(a[1])
	t2, ok2 := argTime(a[2])
	if !ok1 || !ok2 {
		return nil, nil
	}
	t1, t2 = t1.UTC(), t2.UTC()
	switch p {
	case "year":
		return int64(t1.Year() - t2.Year()), nil
	case "quarter":
		q := func(t time.Time) int64 { return int64(t.Year())*4 + int64(t.Month()-1)/3 }
		return q(t1) - q(t2), nil
	case "month":
		m := func(t time.Time) int64 { return int64(t.Year())*12 + int64(t.Month()) }
		return m(t1) - m(t2), nil
	case "week":
		return int64(startOf(t1, "week", 0).Sub(startOf(t2, "week", 0)) / (7 * 24 * time.Hour)), nil
	case "day":
		return int64(startOf(t1, "day", 0).Sub(startOf(t2, "day", 0)) / (24 * time.Hour)), nil
	}
	u := int64(periodUnit(p))
	return floorDiv(t1.UnixNano(), u) - floorDiv(t2.UnixNano(), u), nil
}

// makeDatetimeRow builds a datetime from its parts; null when they do not
// make a valid date (https://learn.microsoft.com/kusto/query/make-datetime-function).
func makeDatetimeRow(_ *Call, a []Value) (Value, error) {
	var parts [5]int64
	for i := range 5 {
		if i >= len(a) {
			break
		}
		n, ok := argLong(a[i])
		if !ok {
			return nil, nil
		}
		parts[i] = n
	}
	sec := 0.0
	if len(a) == 6 {
		f, ok := argReal(a[5])
		if !ok {
			return nil, nil
		}
		sec = f
	}
	y, mo, d, h, mi := parts[0], parts[1], parts[2], parts[3], parts[4]
	if y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec >= 60 {
		return nil, nil
	}
	t := time.Date(int(y), time.Month(mo), int(d), int(h), int(mi), 0, 0, time.UTC)
	if t.Day() != int(d) {
		return nil, nil
	}
	return t.Add(time.Duration(math.Round(sec*1e7)) * 100), nil
}

// makeTimespanRow builds a timespan from (hours, minutes), (hours,
// minutes, seconds) or (days, hours, minutes, seconds)
// (https://learn.microsoft.com/kusto/query/make-timespan-function).
func makeTimespanRow(_ *Call, a []Value) (Value, error) {
	f := make([]float64, len(a))
	for i, v := range a {
		x, ok := argReal(v)
		if !ok {
			return nil, nil
		}
		f[i] = x
	}
	var d, h, m, s float64
	switch len(f) {
	case 2:
		h, m = f[0], f[1]
	case 3:
		h, m, s = f[0], f[1], f[2]
	default:
		d, h, m, s = f[0], f[1], f[2], f[3]
	}
	total := ((d*24+h)*60+m)*60 + s
	return time.Duration(math.Round(total*1e7)) * 100, nil
}

// formatToken splits a format string into runs of the same letter and
// literal text ('quoted' or \-escaped text is literal).
func formatTokens(f string) []string {
	var toks []string
	for i := 0; i < len(f); {
		c := f[i]
		switch {
		case c == '\'' || c == '"':
			j := strings.IndexByte(f[i+1:], c)
			if j < 0 {
				j = len(f) - i - 1
			}
			toks = append(toks, "\x00"+f[i+1:i+1+j])
			i += j + 2
		case c == '\\' && i+1 < len(f):
			toks = append(toks, "\x00"+f[i+1:i+2])
			i += 2
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i
			for j < len(f) && f[j] == c {
				j++
			}
			toks = append(toks, f[i:j])
			i = j
		default:
			toks = append(toks, "\x00"+f[i:i+1])
			i++
		}
	}
	return toks
}

func padInt(n int64, width int) string {
	s := strconv.FormatInt(n, 10)
	if len(s) < width {
		s = strings.Repeat("0", width-len(s)) + s
	}
	return s
}

// appendFraction writes the first n digits of a 7-digit tick fraction;
// upper (F) drops trailing zeros and, when nothing is left, a '.' just
// before it.
func appendFraction(b *strings.Builder, ticks int64, n int, upper bool) {
	digits := padInt(ticks, 7)[:min(n, 7)]
	if upper {
		digits = strings.TrimRight(digits, "0")
		if digits == "" {
			s := b.String()
			if strings.HasSuffix(s, ".") {
				b.Reset()
				b.WriteString(s[:len(s)-1])
			}
			return
		}
	}
	b.WriteString(digits)
}

// formatDatetimeRow formats a datetime with the documented specifiers
// d dd ddd dddd f..fffffff F..FFFFFFF h hh H HH m mm M MM MMM MMMM s ss
// t tt y yy yyy yyyy and literal separators
// (https://learn.microsoft.com/kusto/query/format-datetime-function).
func formatDatetimeRow(_ *Call, a []Value) (Value, error) {
	t, ok := argTime(a[0])
	if !ok {
		return "", nil
	}
	t = t.UTC()
	var b strings.Builder
	for _, tok := range formatTokens(argText(a[1])) {
		if tok[0] == 0 {
			b.WriteString(tok[1:])
			continue
		}
		n := len(tok)
		switch tok[0] {
		case 'd':
			switch {
			case n <= 2:
				b.WriteString(padInt(int64(t.Day()), n))
			case n == 3:
				b.WriteString(t.Weekday().String()[:3])
			default:
				b.WriteString(t.Weekday().String())
			}
		case 'f', 'F':
			appendFraction(&b, int64(t.Nanosecond()/100), n, tok[0] == 'F')
		case 'h':
			h := t.Hour() % 12
			if h == 0 {
				h = 12
			}
			b.WriteString(padInt(int64(h), min(n, 2)))
		case 'H':
			b.WriteString(padInt(int64(t.Hour()), min(n, 2)))
		case 'm':
			b.WriteString(padInt(int64(t.Minute()), min(n, 2)))
		case 'M':
			switch {
			case n <= 2:
				b.WriteString(padInt(int64(t.Month()), n))
			case n == 3:
				b.WriteString(t.Month().String()[:3])
			default:
				b.WriteString(t.Month().String())
			}
		case 's':
			b.WriteString(padInt(int64(t.Second()), min(n, 2)))
		case 't':
			ampm := "AM"
			if t.Hour() >= 12 {
				ampm = "PM"
			}
			b.WriteString(ampm[:min(n, 2)])
		case 'y':
			y := int64(t.Year())
			if n <= 2 {
				b.WriteString(padInt(y%100, n))
			} else {
				b.WriteString(padInt(y, n))
			}
		default:
			b.WriteString(tok)
		}
	}
	return b.String(), nil
}

// formatTimespanRow formats a timespan with the documented specifiers
// d..dddddddd (days) f..fffffff F..FFFFFFF h hh H HH (hours of the day)
// m mm s ss and literal separators
// (https://learn.microsoft.com/kusto/query/format-timespan-function).
func formatTimespanRow(_ *Call, a []Value) (Value, error) {
	d, ok := argSpan(a[0])
	if !ok {
		return "", nil
	}
	var b strings.Builder
	ticks := int64(d) / 100
	if ticks < 0 {
		b.WriteByte('-')
		ticks = -ticks
	}
	const tps = 10_000_000
	days, hours := ticks/(86400*tps), ticks/(3600*tps)%24
	mins, secs, frac := ticks/(60*tps)%60, ticks/tps%60, ticks%tps
	for _, tok := range formatTokens(argText(a[1])) {
		if tok[0] == 0 {
			b.WriteString(tok[1:])
			continue
		}
		n := len(tok)
		switch tok[0] {
		case 'd':
			b.WriteString(padInt(days, n))
		case 'f', 'F':
			appendFraction(&b, frac, n, tok[0] == 'F')
		case 'h', 'H':
			b.WriteString(padInt(hours, min(n, 2)))
		case 'm':
			b.WriteString(padInt(mins, min(n, 2)))
		case 's':
			b.WriteString(padInt(secs, min(n, 2)))
		default:
			b.WriteString(tok)
		}
	}
	return b.String(), nil
}

// zoneRow converts between UTC and the wall clock of an IANA time zone;
// an unknown zone gives null (https://learn.microsoft.com/kusto/query/datetime-utc-to-local-function).
func zoneRow(toLocal bool) ScalarFunc {
	return func(c *Call, a []Value) (Value, error) {
		t, ok := argTime(a[0])
		if !ok {
			return nil, nil
		}
		loc, err := loadZone(c, argText(a[1]))
		if err != nil {
			return nil, nil
		}
		t = t.UTC()
		if toLocal {
			wall := t.In(loc)
			y, m, d := wall.Date()
			hh, mm, ss := wall.Clock()
			return time.Date(y, m, d, hh, mm, ss, wall.Nanosecond(), time.UTC), nil
		}
		return localToUTC(t, loc), nil
	}
}

// localToUTC reads the wall clock of w (held as UTC) in loc. Around a
// change of offset it decides as Kusto does: a wall time that occurs
// twice (clocks set back) is read in the smaller offset, standard time,
// and one that never occurs (clocks set forward) in the larger offset in
// force after the change, as on the reference page (Europe/Brussels
// 2022-03-27 02:00 is 00:00 UTC).
func localToUTC(w time.Time, loc *time.Location) time.Time {
	var offs [3]int
	for i, probe := range []time.Duration{-12 * time.Hour, 0, 12 * time.Hour} {
		_, offs[i] = w.Add(probe).In(loc).Zone()
	}
	found, best, maxOff := false, 0, offs[0]
	for _, off := range offs {
		maxOff = max(maxOff, off)
		cand := w.Add(-time.Duration(off) * time.Second).In(loc)
		sameWall := cand.Year() == w.Year() && cand.YearDay() == w.YearDay() &&
			cand.Hour() == w.Hour() && cand.Minute() == w.Minute() && cand.Second() == w.Second()
		if sameWall && (!found || off < best) {
			found, best = true, off
		}
	}
	if !found {
		best = maxOff
	}
	return w.Add(-time.Duration(best) * time.Second)
}

// loadZone loads an IANA zone, caching the last one at the call site.
func loadZone(c *Call, name string) (*time.Location, error) {
	if loc, ok := c.State.(*time.Location); ok && loc.String() == name {
		return loc, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	c.State = loc
	return loc, nil
}

// unixRow converts a count of units (unit nanoseconds each) since
// 1970-01-01 to a datetime (https://learn.microsoft.com/kusto/query/unixtime-seconds-todatetime-function).
func unixRow(unit float64) ScalarFunc {
	perTick := unit / 100 // ticks per unit, or 1/100 for nanoseconds
	return func(_ *Call, a []Value) (Value, error) {
		if n, ok := integerOf(a[0]); ok {
			// Integers convert exactly (nanoseconds truncate to ticks).
			if perTick >= 1 {
				t := int64(perTick)
				if n > math.MaxInt64/t || n < math.MinInt64/t {
					return nil, nil
				}
				return dateTimeOfTicks(n*t + unixEpochTicks), nil
			}
			return dateTimeOfTicks(n/100 + unixEpochTicks), nil
		}
		f, ok := argReal(a[0])
		if !ok || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, nil
		}
		// Scaling to ticks, not nanoseconds, keeps the fraction of a
		// seconds value such as 1546300800.123 exact.
		ticks := math.Round(f * perTick)
		if math.Abs(ticks) > 9.2e16 {
			return nil, nil
		}
		return dateTimeOfTicks(int64(ticks) + unixEpochTicks), nil
	}
}

func binAtSig(args []Type) (Type, error) {
	if len(args) != 3 {
		return TypeInvalid, arityError(3, 3, len(args))
	}
	t, err := binSig(args[:2])
	if err != nil {
		return TypeInvalid, err
	}
	if !ConvertibleTo(args[2], args[0]) && !(args[2].IsNumeric() && args[0].IsNumeric()) {
		return TypeInvalid, fmt.Errorf("argument 3 must be %s, got %s", args[0], args[2])
	}
	return t, nil
}

// binAtRow rounds down to bins of the given size aligned to a fixed point
// (https://learn.microsoft.com/kusto/query/bin-at-function).
func binAtRow(c *Call, a []Value) (Value, error) {
	if a[0] == nil || a[1] == nil || a[2] == nil {
		return nil, nil
	}
	switch x := a[0].(type) {
	case time.Time:
		fixed, ok := argTime(a[2])
		step := spanOf(a[1])
		if !ok || step <= 0 {
			return nil, nil
		}
		off := x.Sub(fixed)
		return fixed.Add(time.Duration(floorDiv(int64(off), int64(step)) * int64(step))), nil
	case time.Duration:
		fixed, ok := argSpan(a[2])
		step := spanOf(a[1])
		if !ok || step <= 0 {
			return nil, nil
		}
		return fixed + time.Duration(floorDiv(int64(x-fixed), int64(step))*int64(step)), nil
	}
	v, ok1 := argReal(a[0])
	step, ok2 := argReal(a[1])
	fixed, ok3 := argReal(a[2])
	if !ok1 || !ok2 || !ok3 || step <= 0 {
		return nil, nil
	}
	return Convert(fixed+math.Floor((v-fixed)/step)*step, c.Result), nil
}
