package exec

import (
	"bytes"
	"encoding/binary"
	"math"
	"regexp/syntax"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
)

// This file holds vectorized kernels for the most used functions of real
// hunting queries (func.tsv: ago, tostring, isnotempty, bin, split,
// strcat, iff, not, extract, parse_json (in json_kernel.go)). The core table registers these
// kernels; each computes the same result as its row-level reference in
// rowReferences without allocating per row (checked by
// TestKernelsMatchScalars), and falls back to that reference for
// argument shapes it does not cover.

// rowReferences are the row-level implementations of the functions the
// core table registers as kernels: each kernel's fallback, and the
// reference TestKernelsMatchScalars compares it with.
var rowReferences = map[string]ScalarFunc{
	"ago":        agoScalar,
	"tostring":   tostringScalar,
	"isnotempty": func(_ *Call, a []Value) (Value, error) { return !isEmpty(a[0]), nil },
	"isempty":    func(_ *Call, a []Value) (Value, error) { return isEmpty(a[0]), nil },
	"bin":        binRow,
	"split":      splitRow,
	"strcat":     strcatRow,
	"iff":        iffScalar,
	"not":        notScalar,
	"extract":    extractRow,
	"parse_json": parseJSONRow,
}

// kernelFallback runs a Scalar over the rows, as the engine's generic
// adapter does.
func kernelFallback(c *Call, args []*Vector, f ScalarFunc) (arrow.Array, error) {
	bld := newBuilder(c.Mem, c.Result)
	defer bld.Release()
	bld.Reserve(c.Len)
	vals := make([]Value, len(args))
	for i := range c.Len {
		for j, v := range args {
			vals[j] = v.Value(i)
		}
		r, err := f(c, vals)
		if err != nil {
			return nil, err
		}
		AppendValue(bld, c.Result, r)
	}
	return bld.NewArray(), nil
}

// constResult broadcasts the Scalar's result for constant arguments.
func constResult(c *Call, args []*Vector, f ScalarFunc) (arrow.Array, error) {
	vals := make([]Value, len(args))
	for i, v := range args {
		vals[i] = v.Const
	}
	r, err := f(c, vals)
	if err != nil {
		return nil, err
	}
	return constColumn(c.Mem, c.Result, r, c.Len), nil
}

func allConst(args []*Vector) bool {
	for _, a := range args {
		if a.Array != nil {
			return false
		}
	}
	return true
}

// bytesOf views a string's bytes without copying.
func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

func notScalar(_ *Call, a []Value) (Value, error) {
	if b, ok := a[0].(bool); ok {
		return !b, nil
	}
	return nil, nil
}

// notKernel negates a bool column; null stays null.
func notKernel(c *Call, args []*Vector) (arrow.Array, error) {
	col, ok := args[0].Array.(*array.Boolean)
	if !ok {
		if args[0].Array == nil {
			return constResult(c, args, notScalar)
		}
		return kernelFallback(c, args, notScalar)
	}
	b := array.NewBooleanBuilder(c.Mem)
	defer b.Release()
	b.Reserve(c.Len)
	for i := range c.Len {
		if col.IsNull(i) {
			b.UnsafeAppendBoolToBitmap(false)
			continue
		}
		b.UnsafeAppend(!col.Value(i))
	}
	return b.NewArray(), nil
}

// isNotEmptyKernel is isnotempty: strings by their length, dynamic values
// by their tag (null or ""), other columns by validity.
func isNotEmptyKernel(c *Call, args []*Vector) (arrow.Array, error) {
	return emptyKernel(c, args, false)
}

// isEmptyKernel is isempty.
func isEmptyKernel(c *Call, args []*Vector) (arrow.Array, error) {
	return emptyKernel(c, args, true)
}

func emptyKernel(c *Call, args []*Vector, empty bool) (arrow.Array, error) {
	v := args[0]
	if v.Array == nil {
		r := isEmpty(v.Const)
		return constColumn(c.Mem, TypeBool, r == empty, c.Len), nil
	}
	b := array.NewBooleanBuilder(c.Mem)
	defer b.Release()
	b.Reserve(c.Len)
	switch col := v.Array.(type) {
	case *array.String:
		offs := col.ValueOffsets()
		for i := range c.Len {
			e := col.IsNull(i) || offs[i+1] == offs[i]
			b.UnsafeAppend(e == empty)
		}
	case *array.Binary:
		for i := range c.Len {
			d := col.Value(i)
			e := col.IsNull(i) || len(d) == 0 || d[0] == tagNull || (d[0] == tagString && len(d) == 2 && d[1] == 0)
			b.UnsafeAppend(e == empty)
		}
	default:
		for i := range c.Len {
			b.UnsafeAppend(col.IsNull(i) == empty)
		}
	}
	return b.NewArray(), nil
}

func agoScalar(c *Call, a []Value) (Value, error) {
	d, ok := argSpan(a[0])
	if !ok {
		return nil, nil
	}
	return c.Now.Add(-d), nil
}

// agoKernel is ago(): now minus each timespan.
func agoKernel(c *Call, args []*Vector) (arrow.Array, error) {
	col, ok := args[0].Array.(*array.Duration)
	if !ok {
		if args[0].Array == nil {
			return constResult(c, args, agoScalar)
		}
		return kernelFallback(c, args, agoScalar)
	}
	now := c.Now.UnixNano()
	b := array.NewTimestampBuilder(c.Mem, arrowDateTime)
	defer b.Release()
	b.Reserve(c.Len)
	vals := col.DurationValues()
	for i := range c.Len {
		if col.IsNull(i) {
			b.UnsafeAppendBoolToBitmap(false)
			continue
		}
		b.UnsafeAppend(arrow.Timestamp(now - int64(vals[i])))
	}
	return b.NewArray(), nil
}

// binKernel is bin() for the common shapes: a datetime, timespan or long
// column with a constant positive step, and a real column with a
// constant positive real step; other shapes take binRow.
func binKernel(c *Call, args []*Vector) (arrow.Array, error) {
	if args[0].Array == nil || args[1].Array != nil || args[1].Const == nil {
		return kernelFallback(c, args, binRow)
	}
	switch col := args[0].Array.(type) {
	case *array.Timestamp:
		step := int64(spanOf(args[1].Const))
		if step <= 0 || c.Result != TypeDateTime {
			break
		}
		b := array.NewTimestampBuilder(c.Mem, arrowDateTime)
		defer b.Release()
		b.Reserve(c.Len)
		vals := col.TimestampValues()
		for i := range c.Len {
			if col.IsNull(i) {
				b.UnsafeAppendBoolToBitmap(false)
				continue
			}
			b.UnsafeAppend(arrow.Timestamp(floorDiv(int64(vals[i]), step) * step))
		}
		return b.NewArray(), nil
	case *array.Int64:
		step, ok := toInt64(args[1].Const)
		if !ok || step <= 0 || c.Result != TypeLong {
			break
		}
		b := array.NewInt64Builder(c.Mem)
		defer b.Release()
		b.Reserve(c.Len)
		vals := col.Int64Values()
		for i := range c.Len {
			if col.IsNull(i) {
				b.UnsafeAppendBoolToBitmap(false)
				continue
			}
			b.UnsafeAppend(floorDiv(vals[i], step) * step)
		}
		return b.NewArray(), nil
	case *array.Float64:
		step, ok := toFloat(args[1].Const)
		if !ok || step <= 0 || c.Result != TypeReal {
			break
		}
		b := array.NewFloat64Builder(c.Mem)
		defer b.Release()
		b.Reserve(c.Len)
		vals := col.Float64Values()
		for i := range c.Len {
			if col.IsNull(i) {
				b.UnsafeAppendBoolToBitmap(false)
				continue
			}
			b.UnsafeAppend(math.Floor(vals[i]/step) * step)
		}
		return b.NewArray(), nil
	}
	return kernelFallback(c, args, binRow)
}

// appendText appends the tostring text of row i of v to dst without
// allocating for strings, numbers, bools and datetimes; other values go
// through FormatValue.
func appendText(dst []byte, v *Vector, i int) []byte {
	switch col := v.Array.(type) {
	case nil:
		return append(dst, FormatValue(v.Const)...)
	case *array.String:
		return append(dst, col.Value(i)...)
	case *array.Int64:
		if col.IsNull(i) {
			return dst
		}
		return strconv.AppendInt(dst, col.Value(i), 10)
	case *array.Int32:
		if col.IsNull(i) {
			return dst
		}
		return strconv.AppendInt(dst, int64(col.Value(i)), 10)
	case *array.Boolean:
		if col.IsNull(i) {
			return dst
		}
		return strconv.AppendBool(dst, col.Value(i))
	case *array.Float64:
		if col.IsNull(i) {
			return dst
		}
		f := col.Value(i)
		if a := math.Abs(f); a == 0 || (a >= 1e-4 && a < 1e15) {
			return strconv.AppendFloat(dst, f, 'f', -1, 64)
		}
		return append(dst, FormatReal(f)...)
	case *array.Timestamp:
		if col.IsNull(i) {
			return dst
		}
		return time.Unix(0, int64(col.Value(i))).UTC().AppendFormat(dst, "2006-01-02T15:04:05.9999999Z")
	case *array.Duration:
		if col.IsNull(i) {
			return dst
		}
		return appendTimeSpan(dst, time.Duration(col.Value(i)))
	case *array.FixedSizeBinary:
		if col.IsNull(i) || len(col.Value(i)) != len(GUID{}) {
			break
		}
		g := GUID(col.Value(i))
		t := g.text()
		return append(dst, t[:]...)
	case *array.Binary:
		// A dynamic string is its text; other dynamic values are JSON.
		if d := col.Value(i); len(d) > 0 && d[0] == tagString {
			if n, w := binary.Uvarint(d[1:]); w > 0 && uint64(len(d)-1-w) >= n {
				return append(dst, d[1+w:1+w+int(n)]...)
			}
		}
	}
	return append(dst, FormatValue(v.Value(i))...)
}

func tostringScalar(_ *Call, a []Value) (Value, error) { return FormatValue(a[0]), nil }

// tostringKernel is tostring(): a string column is returned as it is
// (retained, no copy); other columns are formatted into one reused
// buffer.
func tostringKernel(c *Call, args []*Vector) (arrow.Array, error) {
	v := args[0]
	switch col := v.Array.(type) {
	case nil:
		return constResult(c, args, tostringScalar)
	case *array.String:
		col.Retain()
		return col, nil
	case *array.Decimal128:
		return kernelFallback(c, args, tostringScalar)
	}
	b := array.NewStringBuilder(c.Mem)
	defer b.Release()
	b.Reserve(c.Len)
	b.ReserveData(textSizeHint(args, c.Len))
	var buf []byte
	for i := range c.Len {
		buf = appendText(buf[:0], v, i)
		b.BinaryBuilder.Append(buf)
	}
	return b.NewArray(), nil
}

// textSizeHint estimates the bytes of the text of args over n rows, so
// that the result's data buffer is allocated once.
func textSizeHint(args []*Vector, n int) int {
	size := 0
	for _, v := range args {
		switch col := v.Array.(type) {
		case nil:
			size += len(FormatValue(v.Const)) * n
		case *array.String:
			size += len(col.ValueBytes())
		case *array.Timestamp:
			size += 28 * n
		default:
			size += 20 * n
		}
	}
	return size
}

// strcatKernel is strcat(): each row's texts appended into one reused
// buffer; constants are formatted once.
func strcatKernel(c *Call, args []*Vector) (arrow.Array, error) {
	if allConst(args) {
		return constResult(c, args, strcatRow)
	}
	consts := make([]*Vector, len(args))
	for j, v := range args {
		if v.Array == nil {
			consts[j] = &Vector{Type: TypeString, Const: FormatValue(v.Const), Len: v.Len}
		} else {
			consts[j] = v
		}
	}
	b := array.NewStringBuilder(c.Mem)
	defer b.Release()
	b.Reserve(c.Len)
	b.ReserveData(textSizeHint(args, c.Len))
	var buf []byte
	for i := range c.Len {
		buf = buf[:0]
		for _, v := range consts {
			buf = appendText(buf, v, i)
		}
		b.BinaryBuilder.Append(buf)
	}
	return b.NewArray(), nil
}

// splitKernel is split(text, delimiter[, requestedIndex]) with a
// constant non-empty delimiter (and constant index) over a string or
// dynamic column: each row's array is encoded straight into the dynamic
// column's bytes. A dynamic row that is not a string takes splitRow.
func splitKernel(c *Call, args []*Vector) (arrow.Array, error) {
	if allConst(args) {
		return constResult(c, args, splitRow)
	}
	delim, dok := args[1].Const.(string)
	index := int64(-1)
	iok := true
	if len(args) == 3 {
		index, iok = argLong(args[2].Const)
		iok = iok && args[2].Array == nil
	}
	var strs *array.String
	var dyns *array.Binary
	switch col := args[0].Array.(type) {
	case *array.String:
		strs = col
	case *array.Binary:
		dyns = col
	}
	if strs == nil && dyns == nil || args[1].Array != nil || !dok || delim == "" || !iok {
		return kernelFallback(c, args, splitRow)
	}
	b := array.NewBinaryBuilder(c.Mem, arrow.BinaryTypes.Binary)
	defer b.Release()
	b.Reserve(c.Len)
	if strs != nil {
		b.ReserveData(len(strs.ValueBytes()) + 8*c.Len)
	}
	var buf []byte
	vals := make([]Value, len(args))
	for i := range c.Len {
		var text string
		if strs != nil {
			text = strs.Value(i)
		} else if t, ok := dynamicText(dyns.Value(i)); ok {
			text = t
		} else {
			for j, v := range args {
				vals[j] = v.Value(i)
			}
			r, err := splitRow(c, vals)
			if err != nil {
				return nil, err
			}
			b.Append(EncodeDynamic(buf[:0], r))
			continue
		}
		if len(args) == 3 {
			buf = appendSplitPart(buf[:0], text, delim, index)
		} else {
			buf = appendSplit(buf[:0], text, delim)
		}
		b.Append(buf)
	}
	return b.NewArray(), nil
}

// dynamicText returns the string of a dynamic cell holding one, without
// copying it.
func dynamicText(d []byte) (string, bool) {
	if len(d) == 0 || d[0] != tagString {
		return "", false
	}
	n, w := binary.Uvarint(d[1:])
	if w <= 0 || uint64(len(d)-1-w) < n {
		return "", false
	}
	return unsafe.String(unsafe.SliceData(d[1+w:]), int(n)), true
}

// appendSplitPart appends the dynamic encoding of split's one-element
// array of part index, or of an empty array when there is no such part.
func appendSplitPart(dst []byte, s, delim string, index int64) []byte {
	for k := int64(0); index >= 0; k++ {
		j := strings.Index(s, delim)
		part := s
		if j >= 0 {
			part = s[:j]
		}
		if k == index {
			body := 1 + 1 + uvarintLen(uint64(len(part))) + len(part)
			dst = append(dst, tagArray)
			dst = binary.AppendUvarint(dst, uint64(body))
			dst = append(dst, 1, tagString)
			dst = binary.AppendUvarint(dst, uint64(len(part)))
			return append(dst, part...)
		}
		if j < 0 {
			break
		}
		s = s[j+len(delim):]
	}
	return append(dst, tagArray, 1, 0) // []
}

// appendSplit appends the dynamic encoding of strings.Split(s, delim)
// without building the parts.
func appendSplit(dst []byte, s, delim string) []byte {
	count, body := 0, 0
	for rest := s; ; {
		j := strings.Index(rest, delim)
		part := rest
		if j >= 0 {
			part = rest[:j]
		}
		count++
		body += 1 + uvarintLen(uint64(len(part))) + len(part)
		if j < 0 {
			break
		}
		rest = rest[j+len(delim):]
	}
	body += uvarintLen(uint64(count))
	dst = append(dst, tagArray)
	dst = binary.AppendUvarint(dst, uint64(body))
	dst = binary.AppendUvarint(dst, uint64(count))
	for rest := s; ; {
		j := strings.Index(rest, delim)
		part := rest
		if j >= 0 {
			part = rest[:j]
		}
		dst = append(dst, tagString)
		dst = binary.AppendUvarint(dst, uint64(len(part)))
		dst = append(dst, part...)
		if j < 0 {
			return dst
		}
		rest = rest[j+len(delim):]
	}
}

func uvarintLen(x uint64) int {
	n := 1
	for x >= 0x80 {
		x >>= 7
		n++
	}
	return n
}

func iffScalar(_ *Call, a []Value) (Value, error) {
	if b, ok := a[0].(bool); ok && b {
		return a[1], nil
	}
	return a[2], nil
}

// iffKernel is iff(): for string, long, real, bool and datetime results
// it copies each row from the chosen branch column (or constant) without
// boxing values; other results take the row path.
func iffKernel(c *Call, args []*Vector) (arrow.Array, error) {
	if allConst(args) {
		return constResult(c, args, iffScalar)
	}
	cond := args[0]
	if _, ok := cond.Array.(*array.Boolean); cond.Array != nil && !ok {
		return kernelFallback(c, args, iffScalar) // a dynamic condition
	}
	pick := func(i int) int {
		var b bool
		if cond.Array == nil {
			b, _ = cond.Const.(bool)
		} else if col, ok := cond.Array.(*array.Boolean); ok && col.IsValid(i) {
			b = col.Value(i)
		}
		if b {
			return 1
		}
		return 2
	}
	for _, v := range args[1:] {
		if v.Array != nil && v.Type != c.Result {
			return kernelFallback(c, args, iffScalar)
		}
	}
	switch c.Result {
	case TypeString:
		var consts [3]string
		for j := 1; j < 3; j++ {
			consts[j] = FormatValue(args[j].Const)
		}
		b := array.NewStringBuilder(c.Mem)
		defer b.Release()
		b.Reserve(c.Len)
		for i := range c.Len {
			j := pick(i)
			if args[j].Array == nil {
				b.BinaryBuilder.Append(bytesOf(consts[j]))
				continue
			}
			b.BinaryBuilder.Append(bytesOf(args[j].Array.(*array.String).Value(i)))
		}
		return b.NewArray(), nil
	case TypeLong:
		return iffFixed(c, args, array.NewInt64Builder(c.Mem), pick, func(a arrow.Array, i int) int64 { return a.(*array.Int64).Value(i) }, toLongConst)
	case TypeReal:
		return iffFixed(c, args, array.NewFloat64Builder(c.Mem), pick, func(a arrow.Array, i int) float64 { return a.(*array.Float64).Value(i) }, toRealConst)
	case TypeBool:
		return iffFixed(c, args, array.NewBooleanBuilder(c.Mem), pick, func(a arrow.Array, i int) bool { return a.(*array.Boolean).Value(i) }, toBoolConst)
	case TypeDateTime:
		return iffFixed(c, args, array.NewTimestampBuilder(c.Mem, arrowDateTime), pick, func(a arrow.Array, i int) arrow.Timestamp { return a.(*array.Timestamp).Value(i) }, toTimestampConst)
	}
	return kernelFallback(c, args, iffScalar)
}

func toLongConst(v Value) (int64, bool) {
	n, ok := Convert(v, TypeLong).(int64)
	return n, ok
}

func toRealConst(v Value) (float64, bool) {
	f, ok := Convert(v, TypeReal).(float64)
	return f, ok
}

func toBoolConst(v Value) (bool, bool) {
	b, ok := Convert(v, TypeBool).(bool)
	return b, ok
}

func toTimestampConst(v Value) (arrow.Timestamp, bool) {
	t, ok := Convert(v, TypeDateTime).(time.Time)
	return arrow.Timestamp(t.UnixNano()), ok
}

// fixedBuilder is the part of Arrow's fixed-width builders iffFixed uses.
type fixedBuilder[T any] interface {
	array.Builder
	Append(T)
}

// iffFixed copies each row from the chosen branch into a fixed-width
// builder; constant branches are converted once.
func iffFixed[T any](c *Call, args []*Vector, b fixedBuilder[T], pick func(int) int, get func(arrow.Array, int) T, conv func(Value) (T, bool)) (arrow.Array, error) {
	defer b.Release()
	b.Reserve(c.Len)
	var consts [3]T
	var valid [3]bool
	for j := 1; j < 3; j++ {
		consts[j], valid[j] = conv(args[j].Const)
	}
	for i := range c.Len {
		j := pick(i)
		v := args[j]
		switch {
		case v.Array == nil && valid[j]:
			b.Append(consts[j])
		case v.Array == nil || v.Array.IsNull(i):
			b.AppendNull()
		default:
			b.Append(get(v.Array, i))
		}
	}
	return b.NewArray(), nil
}

// extractKernel is extract() with a constant regex and capture group over
// a string column and a string result: each row is matched on its bytes
// in the column's value buffer and the group's bytes are appended to one
// builder, so that no string is built per row (Go's regexp still
// allocates the small index slice of a match). Other shapes take
// extractRow.
func extractKernel(c *Call, args []*Vector) (arrow.Array, error) {
	if allConst(args) {
		return constResult(c, args, extractRow)
	}
	col, ok := args[2].Array.(*array.String)
	pat, pok := args[0].Const.(string)
	g, gok := argLong(args[1].Const)
	if !ok || args[0].Array != nil || !pok || args[1].Array != nil || !gok || c.Result != TypeString {
		return kernelFallback(c, args, extractRow)
	}
	re, err := c.Regexp(pat)
	if err != nil {
		return nil, err
	}
	b := array.NewStringBuilder(c.Mem)
	defer b.Release()
	b.Reserve(c.Len)
	if g < 0 || g > int64(re.NumSubexp()) {
		for range c.Len {
			b.BinaryBuilder.Append(nil) // no such group: "" on every row
		}
		return b.NewArray(), nil
	}
	var data []byte
	if buf := col.Data().Buffers()[2]; buf != nil {
		data = buf.Bytes()
	}
	offs := col.ValueOffsets()
	lit := extractLiteral(c, pat)
	lo, hi := 2*int(g), 2*int(g)+1
	for i := range c.Len {
		row := data[offs[i]:offs[i+1]]
		if col.IsNull(i) {
			row = nil // a null string is ""
		}
		if len(lit) > 0 && !bytes.Contains(row, lit) {
			b.BinaryBuilder.Append(nil) // cannot match: skip the regexp
			continue
		}
		var m []int
		if g == 0 {
			m = re.FindIndex(row)
		} else {
			m = re.FindSubmatchIndex(row)
		}
		if m == nil || m[lo] < 0 {
			b.BinaryBuilder.Append(nil)
			continue
		}
		b.BinaryBuilder.Append(row[m[lo]:m[hi]])
	}
	return b.NewArray(), nil
}

// extractState is extract's per-call-site state: the literal every match
// of its pattern contains.
type extractState struct {
	pattern string
	literal []byte
}

func extractLiteral(c *Call, pattern string) []byte {
	if st, ok := c.State.(*extractState); ok && st.pattern == pattern {
		return st.literal
	}
	st := &extractState{pattern: pattern, literal: []byte(requiredLiteral(pattern))}
	c.State = st
	return st.literal
}

// requiredLiteral returns the longest case-sensitive literal that every
// match of a regular expression contains, or "" when it finds none: the
// literals of its top-level concatenation, looking into capture groups
// and repetitions of at least one.
func requiredLiteral(pattern string) string {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return ""
	}
	best := ""
	var walk func(r *syntax.Regexp)
	walk = func(r *syntax.Regexp) {
		switch r.Op {
		case syntax.OpLiteral:
			if s := string(r.Rune); r.Flags&syntax.FoldCase == 0 && len(s) > len(best) {
				best = s
			}
		case syntax.OpConcat:
			for _, sub := range r.Sub {
				walk(sub)
			}
		case syntax.OpCapture, syntax.OpPlus:
			walk(r.Sub[0])
		case syntax.OpRepeat:
			if r.Min >= 1 {
				walk(r.Sub[0])
			}
		}
	}
	walk(re)
	return best
}
