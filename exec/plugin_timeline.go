package exec

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// timeAxis splits the timeline of the activity plugins into windows:
// from the window holding Start up to the one holding End, each Step
// long, or calendar weeks, months or years when Step is one of the
// strings "week", "month" and "year". Positions are int64: nanoseconds
// for datetime and timespan timelines, the number itself otherwise.
type timeAxis struct {
	typ        Type
	start, end int64
	step       int64
	period     string
}

// newTimeAxis builds the axis of a timeline column of type typ.
func newTimeAxis(typ Type, start, end, step Value) (*timeAxis, error) {
	a := &timeAxis{typ: typ}
	var ok bool
	if a.start, ok = a.pos(start); !ok {
		return nil, fmt.Errorf("the start must be a %s, got %v", typ, FormatValue(start))
	}
	if a.end, ok = a.pos(end); !ok {
		return nil, fmt.Errorf("the end must be a %s, got %v", typ, FormatValue(end))
	}
	if s, isStr := step.(string); isStr {
		switch p := strings.ToLower(s); p {
		case "week", "month", "year":
			if typ != TypeDateTime {
				return nil, fmt.Errorf("a %q step needs a datetime timeline", p)
			}
			a.period = p
			a.start = a.floor(a.start)
			return a, nil
		}
		return nil, fmt.Errorf("the step must be a number, a timespan, week, month or year, got %q", s)
	}
	if a.step, ok = a.span(step); !ok || a.step <= 0 {
		return nil, fmt.Errorf("the step must be positive, got %v", FormatValue(step))
	}
	return a, nil
}

// pos turns a timeline value into a position.
func (a *timeAxis) pos(v Value) (int64, bool) {
	switch x := v.(type) {
	case time.Time:
		return x.UnixNano(), true
	case time.Duration:
		return int64(x), true
	case int64:
		return x, true
	case int32:
		return int64(x), true
	case float64:
		return int64(math.Floor(x)), true
	}
	return 0, false
}

// span turns a step or window length into a distance between positions.
func (a *timeAxis) span(v Value) (int64, bool) {
	if d, ok := v.(time.Duration); ok {
		return int64(d), true
	}
	return a.pos(v)
}

// value turns a position back into a value of the timeline's type.
func (a *timeAxis) value(p int64) Value {
	switch a.typ {
	case TypeDateTime:
		return time.Unix(0, p).UTC()
	case TypeTimeSpan:
		return time.Duration(p)
	case TypeReal:
		return float64(p)
	case TypeInt:
		return int32(p)
	}
	return p
}

// floor returns the start of the window holding position p; windows are
// aligned on Start.
func (a *timeAxis) floor(p int64) int64 {
	if a.period != "" {
		return startOf(time.Unix(0, p).UTC(), a.period, 0).UnixNano()
	}
	d := p - a.start
	k := d / a.step
	if d%a.step != 0 && d < 0 {
		k--
	}
	return a.start + k*a.step
}

// next returns the start of the window after the one starting at p.
func (a *timeAxis) next(p int64) int64 {
	if a.period != "" {
		return startOf(time.Unix(0, p).UTC(), a.period, 1).UnixNano()
	}
	return p + a.step
}

// windows lists the starts of the windows from Start to End.
func (a *timeAxis) windows() []int64 {
	var out []int64
	for p := a.floor(a.start); p <= a.end && len(out) < 1_000_000; p = a.next(p) {
		out = append(out, p)
	}
	return out
}

// groupKey is a map key for the values of dimension columns.
func groupKey(vals []Value) string {
	var b strings.Builder
	for _, v := range vals {
		b.Write(AppendJSON(nil, dynOf(v)))
		b.WriteByte(0)
	}
	return b.String()
}

// activityInput is the shared argument shape of the activity plugins:
// IdColumn, TimelineColumn, Start, End, Step, then dimension columns.
type activityInput struct {
	id, time pluginArg
	axis     *timeAxis
	dims     []pluginArg
}

func parseActivityInput(in *pluginTable, args []pluginArg, fixed int) (*activityInput, error) {
	if len(args) < fixed {
		return nil, fmt.Errorf("expects at least %d arguments, got %d", fixed, len(args))
	}
	for i, a := range args[2:5] {
		if !a.Const {
			return nil, fmt.Errorf("argument %d must be a constant", i+3)
		}
	}
	ax, err := newTimeAxis(args[1].Type, args[2].Val, args[3].Val, args[4].Val)
	if err != nil {
		return nil, err
	}
	return &activityInput{id: args[0], time: args[1], axis: ax, dims: args[fixed:]}, nil
}

// countByWindow counts the records and distinct ids of each combination
// of the dimensions per window of windows (the axis' windows); records
// before the first window or after End count nowhere.
func (act *activityInput) countByWindow(in *pluginTable, windows []int64) *dimGroups[[]idCount] {
	ax := act.axis
	index := windowIndex(windows)
	groups := newDimGroups[[]idCount](act.dims)
	for r := range in.Rows {
		p, ok := ax.pos(act.time.at(r))
		if !ok || p > ax.end {
			continue
		}
		i, ok := index[ax.floor(p)] // false before the first window
		if !ok {
			continue
		}
		g, fresh := groups.of(r)
		if fresh {
			g.val = make([]idCount, len(windows))
		}
		g.val[i].add(act.id.at(r))
	}
	return groups
}

// dimNames returns the output names of the dimension arguments.
func dimNames(dims []pluginArg) ([]string, []Type) {
	var names []string
	var types []Type
	for _, d := range dims {
		n := d.Name
		if n == "" {
			n = autoName(d.Expr)
		}
		names = append(names, n)
		types = append(types, d.Type)
	}
	return names, types
}

// timelineName is the output name of the timeline argument.
func timelineName(a pluginArg) string {
	if a.Name != "" {
		return a.Name
	}
	return autoName(a.Expr)
}

// windowIndex maps each window start to its place in windows.
func windowIndex(windows []int64) map[int64]int {
	index := make(map[int64]int, len(windows))
	for i, w := range windows {
		index[w] = i
	}
	return index
}

// timelineRange returns the first and last non-null values of the
// timeline column tl, nil when it has none.
func timelineRange(in *pluginTable, tl pluginArg) (lo, hi Value) {
	for r := range in.Rows {
		v := tl.at(r)
		if v == nil {
			continue
		}
		if lo == nil || CompareValues(v, lo) < 0 {
			lo = v
		}
		if hi == nil || CompareValues(v, hi) > 0 {
			hi = v
		}
	}
	return lo, hi
}

// dimGroup is the state a plugin keeps for one combination of the
// dimension columns.
type dimGroup[T any] struct {
	dims []Value
	val  T
}

// dimGroups gathers rows by combination of the dimension columns; list
// holds the groups in the order their combinations first appear.
type dimGroups[T any] struct {
	dims  []pluginArg
	byKey map[string]*dimGroup[T]
	list  []*dimGroup[T]
}

func newDimGroups[T any](dims []pluginArg) *dimGroups[T] {
	return &dimGroups[T]{dims: dims, byKey: map[string]*dimGroup[T]{}}
}

// of returns the group of row r; fresh reports that it was made just now
// (its val is then the zero T for the caller to set up).
func (gs *dimGroups[T]) of(r int) (g *dimGroup[T], fresh bool) {
	dims := make([]Value, len(gs.dims))
	for j, d := range gs.dims {
		dims[j] = d.at(r)
	}
	key := groupKey(dims)
	if g = gs.byKey[key]; g != nil {
		return g, false
	}
	g = &dimGroup[T]{dims: dims}
	gs.byKey[key] = g
	gs.list = append(gs.list, g)
	return g, true
}

// idCount is the number of records of one window and their distinct ids.
type idCount struct {
	count int64
	ids   map[string]bool
}

// add counts one record with the given id (nil ids are counted as
// records only).
func (c *idCount) add(id Value) {
	c.count++
	if c.ids == nil {
		c.ids = map[string]bool{}
	}
	if id != nil {
		c.ids[distinctKey(dynOf(id))] = true
	}
}
