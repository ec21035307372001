package exec

import (
	"fmt"
	"sort"
	"time"
)

func init() { rowPlugins["sequence_detect"] = sequenceDetectPlugin }

// sequenceDetectPlugin finds, per combination of the dimensions, every
// chain of rows matching the step predicates in order, each step no
// earlier than the one before and at most MaxSequenceStepWindow after
// it, the whole chain within MaxSequenceSpan. Each chain is a row: the
// dimensions, <step>_<TimelineColumn> per step (the step's name=, else
// its position) and Duration (last minus first step), ordered by the
// steps' times (https://learn.microsoft.com/kusto/query/sequence-detect-plugin).
func sequenceDetectPlugin(in *pluginTable, args []pluginArg) (*pluginTable, error) {
	if len(args) < 4 {
		return nil, fmt.Errorf("expects TimelineColumn, MaxSequenceStepWindow, MaxSequenceSpan and step predicates, got %d arguments", len(args))
	}
	tl := args[0]
	if !args[1].Const || !args[2].Const {
		return nil, fmt.Errorf("the step window and the sequence span must be constants")
	}
	ax := &timeAxis{typ: tl.Type}
	stepMax, ok1 := ax.span(args[1].Val)
	spanMax, ok2 := ax.span(args[2].Val)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("the step window and the sequence span must be timespans or numbers")
	}
	var steps, dims []pluginArg
	for _, a := range args[3:] {
		if a.Type == TypeBool && len(dims) == 0 {
			steps = append(steps, a)
		} else {
			dims = append(dims, a)
		}
	}
	if len(steps) == 0 {
		return nil, fmt.Errorf("expects at least one boolean step predicate")
	}
	type event struct {
		row int
		pos int64
	}
	groups := newDimGroups[[]event](dims)
	for r := range in.Rows {
		p, ok := ax.pos(tl.at(r))
		if !ok {
			continue
		}
		g, _ := groups.of(r)
		g.val = append(g.val, event{r, p})
	}
	type match struct {
		dims []Value
		pos  []int64
	}
	var matches []match
	for _, g := range groups.list {
		rows := g.val
		sort.SliceStable(rows, func(i, j int) bool { return rows[i].pos < rows[j].pos })
		chain := make([]int64, len(steps))
		var walk func(step, from int)
		walk = func(step, from int) {
			for i := from; i < len(rows); i++ {
				e := rows[i]
				if step > 0 && (e.pos-chain[step-1] > stepMax || e.pos-chain[0] > spanMax) {
					return
				}
				if b, _ := steps[step].at(e.row).(bool); !b {
					continue
				}
				chain[step] = e.pos
				if step == len(steps)-1 {
					matches = append(matches, match{g.dims, append([]int64(nil), chain...)})
					continue
				}
				walk(step+1, i+1)
			}
		}
		walk(0, 0)
	}
	sort.SliceStable(matches, func(i, j int) bool {
		for k := range matches[i].pos {
			if matches[i].pos[k] != matches[j].pos[k] {
				return matches[i].pos[k] < matches[j].pos[k]
			}
		}
		return false
	})
	names, types := dimNames(dims)
	out := &pluginTable{Names: names, Types: types}
	for i, s := range steps {
		n := s.Named
		if n == "" {
			n = fmt.Sprintf("Expr%d", i+1)
		}
		out.Names = append(out.Names, n+"_"+timelineName(tl))
		out.Types = append(out.Types, tl.Type)
	}
	durType := TypeTimeSpan
	if tl.Type != TypeDateTime && tl.Type != TypeTimeSpan {
		durType = tl.Type
	}
	out.Names = append(out.Names, "Duration")
	out.Types = append(out.Types, durType)
	for _, m := range matches {
		row := append([]Value(nil), m.dims...)
		for _, p := range m.pos {
			row = append(row, ax.value(p))
		}
		d := m.pos[len(m.pos)-1] - m.pos[0]
		var dv Value = time.Duration(d)
		if durType != TypeTimeSpan {
			dv = (&timeAxis{typ: durType}).value(d)
		}
		out.Rows = append(out.Rows, append(row, dv))
	}
	return out, nil
}
