package exec

import (
	"fmt"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
)

// NormalizeType returns the KQL type an Arrow column of type dt converts
// to: narrower integers to int or long, floats to real, large and
// dictionary strings to string, every timestamp and date to datetime,
// durations and times of day to timespan, nested types to dynamic.
func NormalizeType(dt arrow.DataType) (Type, bool) {
	if t, ok := TypeOfArrow(dt); ok {
		return t, true
	}
	switch dt.ID() {
	case arrow.INT8, arrow.INT16, arrow.UINT8, arrow.UINT16:
		return TypeInt, true
	case arrow.UINT32, arrow.UINT64, arrow.INT64, arrow.INT32:
		return TypeLong, true
	case arrow.FLOAT16, arrow.FLOAT32, arrow.FLOAT64:
		return TypeReal, true
	case arrow.LARGE_STRING, arrow.NULL:
		return TypeString, true
	case arrow.TIMESTAMP, arrow.DATE32, arrow.DATE64:
		return TypeDateTime, true
	case arrow.DURATION, arrow.TIME32, arrow.TIME64:
		return TypeTimeSpan, true
	case arrow.DICTIONARY:
		return NormalizeType(dt.(*arrow.DictionaryType).ValueType)
	case arrow.LIST, arrow.LARGE_LIST, arrow.FIXED_SIZE_LIST, arrow.STRUCT, arrow.MAP, arrow.LARGE_BINARY:
		return TypeDynamic, true
	case arrow.DECIMAL128, arrow.DECIMAL256:
		return TypeDecimal, true
	}
	return TypeInvalid, false
}

// Normalize returns a table whose columns all have the Arrow types of the
// package documentation's table, converting the others (see
// [NormalizeType]); a table that needs nothing is returned retained.
// The caller releases the result.
func Normalize(mem memory.Allocator, t arrow.Table) (arrow.Table, error) {
	schema := t.Schema()
	need := false
	fields := make([]arrow.Field, schema.NumFields())
	for i, f := range schema.Fields() {
		kt, ok := NormalizeType(f.Type)
		if !ok {
			return nil, fmt.Errorf("exec: column %q: Arrow type %s has no KQL type", f.Name, f.Type)
		}
		if _, same := TypeOfArrow(f.Type); !same {
			need = true
		}
		fields[i] = arrow.Field{Name: f.Name, Type: kt.ArrowType(), Nullable: true}
	}
	if !need {
		t.Retain()
		return t, nil
	}
	out := arrow.NewSchema(fields, nil)
	cols := make([]arrow.Column, len(fields))
	for i := range fields {
		kt, _ := TypeOfArrow(fields[i].Type)
		var chunks []arrow.Array
		for _, ch := range t.Column(i).Data().Chunks() {
			b := newBuilder(mem, kt)
			b.Reserve(ch.Len())
			for r := range ch.Len() {
				AppendValue(b, kt, foreignValue(ch, r))
			}
			chunks = append(chunks, b.NewArray())
			b.Release()
		}
		chunked := arrow.NewChunked(fields[i].Type, chunks)
		releaseArrays(chunks)
		cols[i] = *arrow.NewColumn(fields[i], chunked)
		chunked.Release()
	}
	tbl := array.NewTable(out, cols, t.NumRows())
	for i := range cols {
		cols[i].Release()
	}
	return tbl, nil
}

// foreignValue reads row i of a column of any Arrow type as a Value.
func foreignValue(a arrow.Array, i int) Value {
	if a.IsNull(i) {
		return nil
	}
	if _, ok := TypeOfArrow(a.DataType()); ok {
		return ValueAt(a, i)
	}
	switch a := a.(type) {
	case *array.Int8:
		return int64(a.Value(i))
	case *array.Int16:
		return int64(a.Value(i))
	case *array.Uint8:
		return int64(a.Value(i))
	case *array.Uint16:
		return int64(a.Value(i))
	case *array.Uint32:
		return int64(a.Value(i))
	case *array.Uint64:
		return int64(a.Value(i))
	case *array.Float32:
		return float64(a.Value(i))
	case *array.Float16:
		return float64(a.Value(i).Float32())
	case *array.LargeString:
		return a.Value(i)
	case *array.Timestamp:
		unit := a.DataType().(*arrow.TimestampType).Unit
		return time.Unix(0, int64(a.Value(i))*int64(unit.Multiplier())).UTC()
	case *array.Date32:
		return a.Value(i).ToTime().UTC()
	case *array.Date64:
		return a.Value(i).ToTime().UTC()
	case *array.Duration:
		unit := a.DataType().(*arrow.DurationType).Unit
		return time.Duration(int64(a.Value(i)) * int64(unit.Multiplier()))
	case *array.Time32:
		unit := a.DataType().(*arrow.Time32Type).Unit
		return time.Duration(int64(a.Value(i)) * int64(unit.Multiplier()))
	case *array.Time64:
		unit := a.DataType().(*arrow.Time64Type).Unit
		return time.Duration(int64(a.Value(i)) * int64(unit.Multiplier()))
	case *array.Dictionary:
		return foreignValue(a.Dictionary(), a.GetValueIndex(i))
	case array.ListLike:
		start, end := a.ValueOffsets(i)
		out := make([]Value, 0, end-start)
		for j := start; j < end; j++ {
			out = append(out, Convert(foreignValue(a.ListValues(), int(j)), TypeDynamic))
		}
		return out
	case *array.Struct:
		bag := &Bag{}
		st := a.DataType().(*arrow.StructType)
		for f := range a.NumField() {
			bag.Set(st.Field(f).Name, Convert(foreignValue(a.Field(f), i), TypeDynamic))
		}
		return bag
	case *array.LargeBinary:
		return string(a.Value(i))
	}
	return fmt.Sprint(a.ValueStr(i))
}
