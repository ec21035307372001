package exec

import (
	"bufio"
	"encoding/json"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
)

// AppendResultJSON appends v, a value of type t, to dst in Kusto's JSON
// result conventions: numbers as numbers (NaN and infinities as strings),
// datetime as RFC 3339 with seven fractional digits, timespan as
// "[-][d.]hh:mm:ss[.fffffff]", guid and decimal as strings, dynamic as
// JSON, null as null.
func AppendResultJSON(dst []byte, t Type, v Value) []byte {
	if v == nil {
		if t == TypeString {
			return append(dst, `""`...)
		}
		return append(dst, "null"...)
	}
	switch x := v.(type) {
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return appendJSONString(dst, FormatReal(x))
		}
		return strconv.AppendFloat(dst, x, 'g', -1, 64)
	case time.Time:
		return appendJSONString(dst, FormatDateTimeJSON(x))
	case time.Duration:
		return appendJSONString(dst, FormatTimeSpan(x))
	case GUID:
		return appendJSONString(dst, x.String())
	case Decimal:
		return appendJSONString(dst, x.String())
	}
	return AppendJSON(dst, v)
}

// WriteJSON writes a result as one JSON object,
// {"columns":[{"name":…,"type":…}],"rows":[[…],…]}, with KQL type names
// and the value conventions of [AppendResultJSON].
func WriteJSON(w io.Writer, rr array.RecordReader) error {
	bw := bufio.NewWriter(w)
	schema := rr.Schema()
	types := make([]Type, schema.NumFields())
	buf := []byte(`{"columns":[`)
	for i, f := range schema.Fields() {
		types[i], _ = TypeOfArrow(f.Type)
		if i > 0 {
			buf = append(buf, ',')
		}
		name, _ := json.Marshal(f.Name)
		buf = append(buf, `{"name":`...)
		buf = append(buf, name...)
		buf = append(buf, `,"type":"`...)
		buf = append(buf, types[i].String()...)
		buf = append(buf, `"}`...)
	}
	buf = append(buf, `],"rows":[`...)
	first := true
	for rr.Next() {
		rec := rr.Record()
		for r := range int(rec.NumRows()) {
			if !first {
				buf = append(buf, ',')
			}
			first = false
			buf = appendRowJSON(buf, types, rec, r)
			if len(buf) > 1<<16 {
				if _, err := bw.Write(buf); err != nil {
					return err
				}
				buf = buf[:0]
			}
		}
	}
	if err := rr.Err(); err != nil {
		return err
	}
	buf = append(buf, "]}\n"...)
	if _, err := bw.Write(buf); err != nil {
		return err
	}
	return bw.Flush()
}

// appendRowJSON appends row r of rec as a JSON array.
func appendRowJSON(buf []byte, types []Type, rec arrow.Record, r int) []byte {
	buf = append(buf, '[')
	for c := range int(rec.NumCols()) {
		if c > 0 {
			buf = append(buf, ',')
		}
		buf = AppendResultJSON(buf, types[c], ValueAt(rec.Column(c), r))
	}
	return append(buf, ']')
}
