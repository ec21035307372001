package exec

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// dynamicFunctions are KQL's dynamic, array, property-bag and set
// functions (https://learn.microsoft.com/kusto/query/scalar-functions#dynamicarray-functions).
var dynamicFunctions = []Function{
	{Name: "pack_array", Sig: Variadic(TypeDynamic, 1, AnyType), Scalar: packArrayRow},
	{Name: "bag_pack", Aliases: []string{"pack", "pack_dictionary"}, Sig: bagPackSig, Scalar: bagPackRow},
	{Name: "bag_keys", Sig: Fixed(TypeDynamic, TypeDynamic), Scalar: bagKeysRow},
	{Name: "bag_merge", Sig: Variadic(TypeDynamic, 2, TypeDynamic), Scalar: bagMergeRow},
	{Name: "bag_remove_keys", Sig: Fixed(TypeDynamic, TypeDynamic, TypeDynamic), Scalar: bagRemoveKeysRow},
	{Name: "bag_set_key", Sig: Fixed(TypeDynamic, TypeDynamic, TypeString, AnyType), Scalar: bagSetKeyRow},
	{Name: "bag_has_key", Sig: Fixed(TypeBool, TypeDynamic, TypeString), Scalar: bagHasKeyRow},
	{Name: "bag_zip", Sig: Fixed(TypeDynamic, TypeDynamic, TypeDynamic), Scalar: bagZipRow},
	{Name: "array_concat", Sig: Variadic(TypeDynamic, 1, TypeDynamic), Scalar: arrayConcatRow},
	{Name: "array_iff", Aliases: []string{"array_iif"}, Sig: Fixed(TypeDynamic, TypeDynamic, AnyType, AnyType), Scalar: arrayIffRow},
	{Name: "array_index_of", Sig: Optional(TypeLong, []Type{TypeDynamic, AnyType}, TypeLong, TypeLong, TypeLong), Scalar: arrayIndexOfRow},
	{Name: "array_reverse", Sig: Fixed(TypeDynamic, TypeDynamic), Scalar: arrayReverseRow},
	{Name: "array_rotate_left", Sig: Fixed(TypeDynamic, TypeDynamic, TypeLong), Scalar: arrayRotateRow(1)},
	{Name: "array_rotate_right", Sig: Fixed(TypeDynamic, TypeDynamic, TypeLong), Scalar: arrayRotateRow(-1)},
	{Name: "array_shift_left", Sig: Optional(TypeDynamic, []Type{TypeDynamic, TypeLong}, AnyType), Scalar: arrayShiftRow(1)},
	{Name: "array_shift_right", Sig: Optional(TypeDynamic, []Type{TypeDynamic, TypeLong}, AnyType), Scalar: arrayShiftRow(-1)},
	{Name: "array_slice", Sig: Fixed(TypeDynamic, TypeDynamic, TypeLong, TypeLong), Scalar: arraySliceRow},
	{Name: "array_sort_asc", Sig: Variadic(TypeDynamic, 1, AnyType), Scalar: arraySortRow(false)},
	{Name: "array_sort_desc", Sig: Variadic(TypeDynamic, 1, AnyType), Scalar: arraySortRow(true)},
	{Name: "array_split", Sig: Fixed(TypeDynamic, TypeDynamic, AnyType), Scalar: arraySplitRow},
	{Name: "array_sum", Sig: Fixed(TypeReal, TypeDynamic), Scalar: arraySumRow},
	{Name: "set_has_element", Sig: Fixed(TypeBool, TypeDynamic, AnyType), Scalar: setHasElementRow},
	{Name: "set_difference", Sig: Variadic(TypeDynamic, 2, TypeDynamic), Scalar: setOpRow("difference")},
	{Name: "set_intersect", Sig: Variadic(TypeDynamic, 2, TypeDynamic), Scalar: setOpRow("intersect")},
	{Name: "set_union", Sig: Variadic(TypeDynamic, 2, TypeDynamic), Scalar: setOpRow("union")},
	{Name: "jaccard_index", Sig: Fixed(TypeReal, TypeDynamic, TypeDynamic), Scalar: jaccardRow},
	{Name: "zip", Sig: Variadic(TypeDynamic, 2, TypeDynamic), Scalar: zipRow},
	{Name: "treepath", Sig: Fixed(TypeDynamic, TypeDynamic), Scalar: treepathRow},
	{Name: "dynamic_to_json", Sig: Fixed(TypeString, AnyType), Scalar: dynamicToJSONRow},
	{Name: "range", Sig: rangeSig, Scalar: rangeRow},
	{Name: "repeat", Sig: Fixed(TypeDynamic, AnyType, TypeLong), Scalar: repeatRow},
	{Name: "extract_json", Aliases: []string{"extractjson"}, Sig: Fixed(TypeString, TypeString, AnyType), Scalar: extractJSONRow},
}

func packArrayRow(_ *Call, a []Value) (Value, error) {
	out := make([]Value, len(a))
	for i, v := range a {
		out[i] = dynOf(v)
	}
	return out, nil
}

func bagPackSig(args []Type) (Type, error) {
	if len(args)%2 != 0 {
		return TypeInvalid, fmt.Errorf("expects pairs of key and value, got %d arguments", len(args))
	}
	for i := 0; i < len(args); i += 2 {
		if err := checkArg(i, args[i], TypeString); err != nil {
			return TypeInvalid, err
		}
	}
	return TypeDynamic, nil
}

func bagPackRow(_ *Call, a []Value) (Value, error) {
	bag := &Bag{}
	for i := 0; i+1 < len(a); i += 2 {
		bag.Set(argText(a[i]), dynOf(a[i+1]))
	}
	return bag, nil
}

func bagKeysRow(_ *Call, a []Value) (Value, error) {
	b, ok := argBag(a[0])
	if !ok {
		return nil, nil
	}
	return strList(b.Keys), nil
}

// bagMergeRow merges bags; a key in several bags keeps the value of the
// leftmost one (https://learn.microsoft.com/kusto/query/bag-merge-function).
func bagMergeRow(_ *Call, a []Value) (Value, error) {
	out := &Bag{}
	for _, v := range a {
		b, ok := argBag(v)
		if !ok {
			continue
		}
		for i, k := range b.Keys {
			if _, dup := out.Get(k); !dup {
				out.Set(k, b.Vals[i])
			}
		}
	}
	return out, nil
}

func copyBag(b *Bag) *Bag {
	return &Bag{Keys: append([]string(nil), b.Keys...), Vals: append([]Value(nil), b.Vals...)}
}

func bagDelete(b *Bag, key string) {
	for i, k := range b.Keys {
		if k == key {
			b.Keys = append(b.Keys[:i:i], b.Keys[i+1:]...)
			b.Vals = append(b.Vals[:i:i], b.Vals[i+1:]...)
			return
		}
	}
}

// bagRemoveKeysRow removes keys, each a name or a JSONPath into nested
// bags (https://learn.microsoft.com/kusto/query/bag-remove-keys-function).
func bagRemoveKeysRow(_ *Call, a []Value) (Value, error) {
	b, ok := argBag(a[0])
	if !ok {
		return nil, nil
	}
	keys, _ := argArray(a[1])
	out := deepCopy(b).(*Bag)
	for _, k := range keys {
		path := []string{argText(k)}
		if strings.HasPrefix(path[0], "$") {
			steps, err := parseJSONPath(path[0])
			if err != nil {
				continue
			}
			path = path[:0]
			for _, s := range steps {
				path = append(path, s.key)
			}
		}
		removePath(out, path)
	}
	return out, nil
}

func removePath(b *Bag, path []string) {
	if len(path) == 0 {
		return
	}
	if len(path) == 1 {
		bagDelete(b, path[0])
		return
	}
	if v, ok := b.Get(path[0]); ok {
		if inner, ok := v.(*Bag); ok {
			removePath(inner, path[1:])
		}
	}
}

func deepCopy(v Value) Value {
	switch x := v.(type) {
	case []Value:
		out := make([]Value, len(x))
		for i, e := range x {
			out[i] = deepCopy(e)
		}
		return out
	case *Bag:
		out := copyBag(x)
		for i, e := range out.Vals {
			out.Vals[i] = deepCopy(e)
		}
		return out
	}
	return v
}

// bagSetKeyRow sets a key of a bag; a key starting with $ is a JSONPath
// into nested bags, which are created where missing or not bags
// (https://learn.microsoft.com/kusto/query/bag-set-key-function).
func bagSetKeyRow(_ *Call, a []Value) (Value, error) {
	b, ok := argBag(a[0])
	if !ok {
		return nil, nil
	}
	key := argText(a[1])
	if !strings.HasPrefix(key, "$") {
		out := copyBag(b)
		out.Set(key, dynOf(a[2]))
		return out, nil
	}
	steps, err := parseJSONPath(key)
	if err != nil || len(steps) == 0 {
		return nil, nil
	}
	for _, s := range steps {
		if s.isIdx {
			return nil, nil
		}
	}
	out := deepCopy(b).(*Bag)
	cur := out
	for _, s := range steps[:len(steps)-1] {
		next, ok := cur.Get(s.key)
		inner, isBag := next.(*Bag)
		if !ok || !isBag {
			inner = &Bag{}
			cur.Set(s.key, inner)
		}
		cur = inner
	}
	cur.Set(steps[len(steps)-1].key, dynOf(a[2]))
	return out, nil
}

// bagHasKeyRow looks a key up in a bag; a key starting with $ is a
// JSONPath into nested bags, without array indexes
// (https://learn.microsoft.com/kusto/query/bag-has-key-function).
func bagHasKeyRow(_ *Call, a []Value) (Value, error) {
	b, ok := argBag(a[0])
	if !ok {
		return false, nil
	}
	key := argText(a[1])
	if !strings.HasPrefix(key, "$") {
		_, has := b.Get(key)
		return has, nil
	}
	steps, err := parseJSONPath(key)
	if err != nil || len(steps) == 0 {
		return false, nil
	}
	var v Value = b
	for _, s := range steps {
		bag, ok := v.(*Bag)
		if !ok || s.isIdx {
			return false, nil
		}
		if v, ok = bag.Get(s.key); !ok {
			return false, nil
		}
	}
	return true, nil
}

// bagZipRow pairs an array of keys with an array of values; missing
// values are null and non-string keys are skipped
// (https://learn.microsoft.com/kusto/query/bag-zip-function).
func bagZipRow(_ *Call, a []Value) (Value, error) {
	keys, ok := argArray(a[0])
	if !ok {
		return nil, nil
	}
	vals, _ := argArray(a[1]) // values that are not an array are all null
	out := &Bag{}
	for i, k := range keys {
		ks, ok := k.(string)
		if !ok {
			continue
		}
		var v Value
		if i < len(vals) {
			v = vals[i]
		}
		out.Set(ks, v)
	}
	return out, nil
}

// arrayConcatRow concatenates arrays; null when an argument is not an
// array (https://learn.microsoft.com/kusto/query/array-concat-function).
func arrayConcatRow(_ *Call, a []Value) (Value, error) {
	out := []Value{}
	for _, v := range a {
		arr, ok := argArray(v)
		if !ok {
			return nil, nil
		}
		out = append(out, arr...)
	}
	return out, nil
}

// arrayIffRow picks element-wise from when_true or when_false (arrays or
// scalars) by the truth of each condition element; null elements where a
// condition is not a bool (https://learn.microsoft.com/kusto/query/array-iff-function).
func arrayIffRow(_ *Call, a []Value) (Value, error) {
	conds, ok := argArray(a[0])
	if !ok {
		return nil, nil
	}
	pick := func(v Value, i int) Value {
		if arr, ok := argArray(v); ok {
			if i < len(arr) {
				return arr[i]
			}
			return nil
		}
		return dynOf(v)
	}
	out := make([]Value, len(conds))
	for i, c := range conds {
		b, ok := dynTruth(c)
		switch {
		case !ok:
			out[i] = nil
		case b:
			out[i] = pick(a[1], i)
		default:
			out[i] = pick(a[2], i)
		}
	}
	return out, nil
}

// dynTruth reads a dynamic element as a condition: bools, and numbers
// (non-zero is true).
func dynTruth(v Value) (bool, bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case int64:
		return x != 0, true
	case float64:
		return x != 0, true
	}
	return false, false
}

// dynEqual compares two dynamic elements: numbers by value, everything
// else by its JSON text.
func dynEqual(x, y Value) bool {
	if fx, ok := numberOf(x); ok {
		fy, ok := numberOf(y)
		return ok && fx == fy
	}
	return string(AppendJSON(nil, dynOf(x))) == string(AppendJSON(nil, dynOf(y)))
}

// arrayIndexOfRow finds lookup in an array from start over length
// elements, the occurrence-th time; -1 when not found, null for invalid
// start/length/occurrence (https://learn.microsoft.com/kusto/query/array-index-of-function).
func arrayIndexOfRow(_ *Call, a []Value) (Value, error) {
	arr, ok := argArray(a[0])
	if !ok {
		return nil, nil
	}
	start, length, occ := int64(0), int64(-1), int64(1)
	for i, p := range []*int64{&start, &length, &occ} {
		if len(a) > i+2 {
			if *p, ok = argLong(a[i+2]); !ok {
				return nil, nil
			}
		}
	}
	n := int64(len(arr))
	if start < 0 {
		start += n
	}
	if start < 0 || length < -1 || occ < 1 {
		return nil, nil
	}
	end := n
	if length >= 0 {
		end = min(n, start+length)
	}
	for i := start; i < end; i++ {
		if dynEqual(arr[i], a[1]) {
			occ--
			if occ == 0 {
				return i, nil
			}
		}
	}
	return int64(-1), nil
}

func arrayReverseRow(_ *Call, a []Value) (Value, error) {
	arr, ok := argArray(a[0])
	if !ok {
		return nil, nil
	}
	out := make([]Value, len(arr))
	for i, v := range arr {
		out[len(arr)-1-i] = v
	}
	return out, nil
}

// arrayRotateRow rotates an array by n elements (dir 1: left).
func arrayRotateRow(dir int64) ScalarFunc {
	return func(_ *Call, a []Value) (Value, error) {
		arr, ok := argArray(a[0])
		n, ok2 := argLong(a[1])
		if !ok || !ok2 {
			return nil, nil
		}
		l := int64(len(arr))
		if l == 0 {
			return []Value{}, nil
		}
		k := ((n*dir)%l + l) % l
		return append(append([]Value{}, arr[k:]...), arr[:k]...), nil
	}
}

// arrayShiftRow shifts an array by n elements (dir 1: left), filling with
// the default value or null (https://learn.microsoft.com/kusto/query/array-shift-left-function).
func arrayShiftRow(dir int64) ScalarFunc {
	return func(_ *Call, a []Value) (Value, error) {
		arr, ok := argArray(a[0])
		n, ok2 := argLong(a[1])
		if !ok || !ok2 {
			return nil, nil
		}
		var fill Value
		if len(a) == 3 {
			fill = dynOf(a[2])
		}
		l := int64(len(arr))
		out := make([]Value, l)
		for i := range l {
			j := i + n*dir
			if j >= 0 && j < l {
				out[i] = arr[j]
			} else {
				out[i] = fill
			}
		}
		return out, nil
	}
}

// arraySliceRow returns elements start..end inclusive; negative indexes
// count from the end (https://learn.microsoft.com/kusto/query/array-slice-function).
func arraySliceRow(_ *Call, a []Value) (Value, error) {
	arr, ok := argArray(a[0])
	s, ok2 := argLong(a[1])
	e, ok3 := argLong(a[2])
	if !ok || !ok2 || !ok3 {
		return nil, nil
	}
	n := int64(len(arr))
	if s < 0 {
		s += n
	}
	if e < 0 {
		e += n
	}
	s = max(s, 0)
	e = min(e, n-1)
	if s > e {
		return []Value{}, nil
	}
	return append([]Value{}, arr[s:e+1]...), nil
}

// arraySortRow sorts the first array, reordering the other arrays the same
// way; nulls go last unless the optional trailing bool says otherwise.
// Arrays of different lengths give null
// (https://learn.microsoft.com/kusto/query/array-sort-asc-function).
func arraySortRow(desc bool) ScalarFunc {
	return func(_ *Call, a []Value) (Value, error) {
		nullsLast := true
		args := a
		if b, ok := a[len(a)-1].(bool); ok && len(a) > 1 {
			nullsLast, args = b, a[:len(a)-1]
		}
		var arrs [][]Value
		for _, v := range args {
			arr, ok := argArray(v)
			if !ok || (len(arrs) > 0 && len(arr) != len(arrs[0])) {
				return nil, nil
			}
			arrs = append(arrs, arr)
		}
		idx := make([]int, len(arrs[0]))
		for i := range idx {
			idx[i] = i
		}
		key := arrs[0]
		sort.SliceStable(idx, func(i, j int) bool {
			x, y := key[idx[i]], key[idx[j]]
			if (x == nil) != (y == nil) {
				return (x == nil) != nullsLast
			}
			c := CompareValues(x, y)
			if desc {
				return c > 0
			}
			return c < 0
		})
		out := make([]Value, len(arrs))
		for k, arr := range arrs {
			sorted := make([]Value, len(arr))
			for i, j := range idx {
				sorted[i] = arr[j]
			}
			out[k] = sorted
		}
		if len(out) == 1 {
			return out[0], nil
		}
		return out, nil
	}
}

// arraySplitRow splits an array at the given indexes (a number or an
// array of numbers) into an array of arrays
// (https://learn.microsoft.com/kusto/query/array-split-function).
func arraySplitRow(_ *Call, a []Value) (Value, error) {
	arr, ok := argArray(a[0])
	if !ok {
		return nil, nil
	}
	var cuts []int64
	if xs, ok := argArray(a[1]); ok {
		for _, x := range xs {
			if n, ok := argLong(x); ok {
				cuts = append(cuts, n)
			}
		}
	} else if n, ok := argLong(a[1]); ok {
		cuts = []int64{n}
	}
	n := int64(len(arr))
	out := []Value{}
	prev := int64(0)
	for _, c := range cuts {
		if c < 0 {
			c += n
		}
		c = min(max(c, prev), n)
		out = append(out, append([]Value{}, arr[prev:c]...))
		prev = c
	}
	return append(out, append([]Value{}, arr[prev:]...)), nil
}

// arraySumRow sums the numbers of an array; null when an element is not
// a number (https://learn.microsoft.com/kusto/query/array-sum-function).
func arraySumRow(_ *Call, a []Value) (Value, error) {
	arr, ok := argArray(a[0])
	if !ok {
		return nil, nil
	}
	sum := 0.0
	for _, v := range arr {
		f, ok := numberOf(v)
		if !ok {
			return nil, nil
		}
		sum += f
	}
	return sum, nil
}

func setHasElementRow(_ *Call, a []Value) (Value, error) {
	arr, ok := argArray(a[0])
	if !ok {
		return nil, nil
	}
	for _, v := range arr {
		if dynEqual(v, a[1]) {
			return true, nil
		}
	}
	return false, nil
}

// distinctKey is the identity of a set element.
func distinctKey(v Value) string {
	if f, ok := numberOf(v); ok {
		return "n" + strconv.FormatFloat(f, 'g', -1, 64)
	}
	return "j" + string(AppendJSON(nil, v))
}

// setOpRow implements set_union, set_intersect and set_difference: the
// distinct elements of the result in first-seen order; null when an
// argument is not an array (https://learn.microsoft.com/kusto/query/set-union-function).
func setOpRow(op string) ScalarFunc {
	return func(_ *Call, a []Value) (Value, error) {
		arrs := make([][]Value, len(a))
		for i, v := range a {
			arr, ok := argArray(v)
			if !ok {
				return nil, nil
			}
			arrs[i] = arr
		}
		member := func(arr []Value) map[string]bool {
			m := map[string]bool{}
			for _, v := range arr {
				m[distinctKey(v)] = true
			}
			return m
		}
		var others []map[string]bool
		for _, arr := range arrs[1:] {
			others = append(others, member(arr))
		}
		candidates := arrs[0]
		if op == "union" {
			candidates = nil
			for _, arr := range arrs {
				candidates = append(candidates, arr...)
			}
		}
		seen := map[string]bool{}
		out := []Value{}
		for _, v := range candidates {
			k := distinctKey(v)
			if seen[k] {
				continue
			}
			keep := true
			for _, m := range others {
				if op == "intersect" && !m[k] || op == "difference" && m[k] {
					keep = false
				}
			}
			if keep {
				seen[k] = true
				out = append(out, v)
			}
		}
		return out, nil
	}
}

// jaccardRow is |A ∩ B| / |A ∪ B| over the distinct elements of two
// arrays (https://learn.microsoft.com/kusto/query/jaccard-index-function).
func jaccardRow(_ *Call, a []Value) (Value, error) {
	x, ok1 := argArray(a[0])
	y, ok2 := argArray(a[1])
	if !ok1 || !ok2 {
		return nil, nil
	}
	sx, sy := map[string]bool{}, map[string]bool{}
	for _, v := range x {
		sx[distinctKey(v)] = true
	}
	for _, v := range y {
		sy[distinctKey(v)] = true
	}
	inter := 0
	for k := range sx {
		if sy[k] {
			inter++
		}
	}
	union := len(sx) + len(sy) - inter
	if union == 0 {
		return math.NaN(), nil
	}
	return float64(inter) / float64(union), nil
}

// zipRow zips arrays into an array of arrays, padding shorter ones with
// null (https://learn.microsoft.com/kusto/query/zip-function).
func zipRow(_ *Call, a []Value) (Value, error) {
	arrs := make([][]Value, len(a))
	longest := 0
	for i, v := range a {
		arr, ok := argArray(v)
		if !ok {
			return nil, nil
		}
		arrs[i] = arr
		longest = max(longest, len(arr))
	}
	out := make([]Value, longest)
	for i := range out {
		row := make([]Value, len(arrs))
		for j, arr := range arrs {
			if i < len(arr) {
				row[j] = arr[i]
			}
		}
		out[i] = row
	}
	return out, nil
}

// treepathRow lists the path of every node below the root of a bag or
// array, arrays' elements as [0], without a leading $ (https://learn.microsoft.com/kusto/query/treepath-function).
func treepathRow(_ *Call, a []Value) (Value, error) {
	var out []Value
	var walk func(v Value, path string)
	walk = func(v Value, path string) {
		switch x := v.(type) {
		case *Bag:
			for i, k := range x.Keys {
				p := path + "['" + k + "']"
				out = append(out, p)
				walk(x.Vals[i], p)
			}
		case []Value:
			if len(x) > 0 {
				p := path + "[0]"
				out = append(out, p)
				for _, e := range x {
					walk(e, p)
				}
			}
		}
	}
	walk(a[0], "") // the reference lists ['a'], not $['a']
	seen := map[string]bool{}
	uniq := []Value{}
	for _, p := range out {
		if !seen[p.(string)] {
			seen[p.(string)] = true
			uniq = append(uniq, p)
		}
	}
	return uniq, nil
}

// dynamicToJSONRow prints a dynamic value as JSON with the keys of every
// bag sorted, so equal values print equally
// (https://learn.microsoft.com/kusto/query/dynamic-to-json-function).
func dynamicToJSONRow(_ *Call, a []Value) (Value, error) {
	return string(AppendJSON(nil, sortedKeys(Convert(a[0], TypeDynamic)))), nil
}

func sortedKeys(v Value) Value {
	switch x := v.(type) {
	case []Value:
		out := make([]Value, len(x))
		for i, e := range x {
			out[i] = sortedKeys(e)
		}
		return out
	case *Bag:
		idx := make([]int, len(x.Keys))
		for i := range idx {
			idx[i] = i
		}
		sort.Slice(idx, func(i, j int) bool { return x.Keys[idx[i]] < x.Keys[idx[j]] })
		out := &Bag{}
		for _, i := range idx {
			out.Keys = append(out.Keys, x.Keys[i])
			out.Vals = append(out.Vals, sortedKeys(x.Vals[i]))
		}
		return out
	}
	return v
}

func rangeSig(args []Type) (Type, error) {
	if len(args) < 2 || len(args) > 3 {
		return TypeInvalid, arityError(2, 3, len(args))
	}
	for i, t := range args {
		// Kusto: the values must be summable (numbers, datetimes,
		// timespans).
		if !t.IsNumeric() && t != TypeDateTime && t != TypeTimeSpan {
			return TypeInvalid, fmt.Errorf("argument %d must be a number, datetime or timespan, got %s", i+1, t)
		}
	}
	return TypeDynamic, nil
}

// rangeLimit caps the elements of range() and repeat() as Kusto does.
const rangeLimit = 1 << 20

// rangeRow builds an array from start to stop inclusive by step: numbers
// (step 1 by default), or datetimes and timespans with a timespan step
// (https://learn.microsoft.com/kusto/query/range-function).
func rangeRow(_ *Call, a []Value) (Value, error) {
	if a[0] == nil || a[1] == nil {
		return nil, nil
	}
	var step Value = int64(1)
	switch a[0].(type) {
	case time.Time, time.Duration:
		step = time.Hour // the default step of datetimes and timespans
	}
	if len(a) == 3 {
		step = a[2]
	}
	if step == nil {
		return nil, nil
	}
	switch start := a[0].(type) {
	case time.Time:
		stop, ok1 := argTime(a[1])
		d, ok2 := argSpan(step)
		if !ok1 || !ok2 {
			return nil, nil
		}
		return rangeN(float64(start.UnixNano()), float64(stop.UnixNano()), float64(d), func(f float64) Value {
			return time.Unix(0, int64(f)).UTC()
		}), nil
	case time.Duration:
		stop, ok1 := argSpan(a[1])
		d, ok2 := argSpan(step)
		if !ok1 || !ok2 {
			return nil, nil
		}
		return rangeN(float64(start), float64(stop), float64(d), func(f float64) Value { return time.Duration(f) }), nil
	}
	s, ok1 := argReal(a[0])
	e, ok2 := argReal(a[1])
	st, ok3 := argReal(step)
	if !ok1 || !ok2 || !ok3 {
		return nil, nil
	}
	_, isReal := a[0].(float64)
	_, stepReal := step.(float64)
	return rangeN(s, e, st, func(f float64) Value {
		if isReal || stepReal {
			return f
		}
		return int64(f)
	}), nil
}

func rangeN(start, stop, step float64, mk func(float64) Value) Value {
	if step == 0 || (stop-start)/step < 0 {
		return []Value{}
	}
	n := int((stop-start)/step) + 1
	n = min(n, rangeLimit)
	out := make([]Value, n)
	for i := range n {
		out[i] = mk(start + float64(i)*step)
	}
	return out
}

// repeatRow is an array of count copies of a value; null for a negative
// count (https://learn.microsoft.com/kusto/query/repeat-function).
func repeatRow(_ *Call, a []Value) (Value, error) {
	n, ok := argLong(a[1])
	if !ok || n < 0 {
		return nil, nil
	}
	n = min(n, rangeLimit)
	out := make([]Value, n)
	v := dynOf(a[0])
	for i := range out {
		out[i] = v
	}
	return out, nil
}

// jsonStep is one step of a JSONPath: a key or an array index.
type jsonStep struct {
	key   string
	index int
	isIdx bool
}

// parseJSONPath parses the JSONPath subset KQL documents for
// extract_json and bag_remove_keys: $, .name, ['name'], ["name"], [n].
func parseJSONPath(p string) ([]jsonStep, error) {
	if !strings.HasPrefix(p, "$") {
		return nil, fmt.Errorf("JSONPath %q must start with $", p)
	}
	var steps []jsonStep
	for i := 1; i < len(p); {
		switch p[i] {
		case '.':
			j := i + 1
			for j < len(p) && p[j] != '.' && p[j] != '[' {
				j++
			}
			steps = append(steps, jsonStep{key: p[i+1 : j]})
			i = j
		case '[':
			end := strings.IndexByte(p[i:], ']')
			if end < 0 {
				return nil, fmt.Errorf("JSONPath %q: missing ]", p)
			}
			inner := strings.TrimSpace(p[i+1 : i+end])
			if len(inner) >= 2 && (inner[0] == '\'' || inner[0] == '"') {
				steps = append(steps, jsonStep{key: inner[1 : len(inner)-1]})
			} else if n, err := strconv.Atoi(inner); err == nil {
				steps = append(steps, jsonStep{index: n, isIdx: true})
			} else {
				return nil, fmt.Errorf("JSONPath %q: bad subscript %q", p, inner)
			}
			i += end + 1
		default:
			return nil, fmt.Errorf("JSONPath %q: unexpected %q", p, p[i])
		}
	}
	return steps, nil
}

// walkJSONPath follows steps into v; false when a step is missing.
func walkJSONPath(v Value, steps []jsonStep) (Value, bool) {
	for _, s := range steps {
		switch x := v.(type) {
		case *Bag:
			if s.isIdx {
				return nil, false
			}
			e, ok := x.Get(s.key)
			if !ok {
				return nil, false
			}
			v = e
		case []Value:
			if !s.isIdx {
				return nil, false
			}
			i := s.index
			if i < 0 {
				i += len(x)
			}
			if i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// extractJSONRow reads the element at a JSONPath of JSON text as a string
// ("" when it is missing or the text is not JSON)
// (https://learn.microsoft.com/kusto/query/extract-json-function).
func extractJSONRow(c *Call, a []Value) (Value, error) {
	steps, ok := c.State.([]jsonStep)
	if !ok || !c.IsConst(0) {
		var err error
		if steps, err = parseJSONPath(argText(a[0])); err != nil {
			return nil, fmt.Errorf("extract_json: %v", err)
		}
		if c.IsConst(0) {
			c.State = steps
		}
	}
	var doc Value
	if s, isStr := a[1].(string); isStr {
		if doc, ok = ParseJSON(s); !ok {
			return nil, nil
		}
	} else {
		doc = a[1]
	}
	v, found := walkJSONPath(doc, steps)
	if !found {
		return nil, nil
	}
	return v, nil
}
