package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/ipc"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/crosshunt/crosshunt/exec"
)

// loadDir reads one table per file of dir: Arrow IPC (.arrow, .ipc,
// .feather), CSV (.csv, .tsv) and JSON lines (.json, .jsonl, .ndjson),
// each named after its file without the extension.
func loadDir(mem memory.Allocator, dir string) (exec.Tables, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	tables := exec.Tables{}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		path := filepath.Join(dir, e.Name())
		ext := strings.ToLower(filepath.Ext(e.Name()))
		name := strings.TrimSuffix(e.Name(), filepath.Ext(e.Name()))
		var t arrow.Table
		switch ext {
		case ".arrow", ".ipc", ".feather":
			t, err = loadIPC(mem, path)
		case ".csv":
			t, err = loadCSV(mem, path, ',')
		case ".tsv":
			t, err = loadCSV(mem, path, '\t')
		case ".json", ".jsonl", ".ndjson":
			t, err = loadJSONLines(mem, path)
		default:
			continue
		}
		if err != nil {
			releaseTables(tables)
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		norm, err := exec.Normalize(mem, t)
		t.Release()
		if err != nil {
			releaseTables(tables)
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		tables[name] = norm
	}
	return tables, nil
}

func releaseTables(ts exec.Tables) {
	for _, t := range ts {
		t.Release()
	}
}

func loadIPC(mem memory.Allocator, path string) (arrow.Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var recs []arrow.Record
	var schema *arrow.Schema
	if fr, err := ipc.NewFileReader(f, ipc.WithAllocator(mem)); err == nil {
		defer fr.Close()
		schema = fr.Schema()
		for i := range fr.NumRecords() {
			rec, err := fr.Record(i)
			if err != nil {
				return nil, err
			}
			rec.Retain()
			recs = append(recs, rec)
		}
	} else {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		r, err := ipc.NewReader(f, ipc.WithAllocator(mem))
		if err != nil {
			return nil, err
		}
		defer r.Release()
		schema = r.Schema()
		for r.Next() {
			rec := r.Record()
			rec.Retain()
			recs = append(recs, rec)
		}
		if err := r.Err(); err != nil {
			return nil, err
		}
	}
	t := array.NewTableFromRecords(schema, recs)
	for _, r := range recs {
		r.Release()
	}
	return t, nil
}

// inferType returns the narrowest KQL type every non-empty text value
// reads as: long, real, bool, datetime, else string.
func inferType(vals []string) exec.Type {
	cands := []exec.Type{exec.TypeLong, exec.TypeReal, exec.TypeBool, exec.TypeDateTime}
	ok := map[exec.Type]bool{}
	for _, c := range cands {
		ok[c] = true
	}
	seen := false
	for _, v := range vals {
		if v == "" {
			continue
		}
		seen = true
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			ok[exec.TypeLong] = false
		}
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			ok[exec.TypeReal] = false
		}
		if l := strings.ToLower(v); l != "true" && l != "false" {
			ok[exec.TypeBool] = false
		}
		if _, good := exec.ParseDateTime(v); !good || !strings.ContainsAny(v, "-/") {
			ok[exec.TypeDateTime] = false
		}
	}
	if !seen {
		return exec.TypeString
	}
	for _, c := range cands {
		if ok[c] {
			return c
		}
	}
	return exec.TypeString
}

func loadCSV(mem memory.Allocator, path string, comma rune) (arrow.Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	r.Comma = comma
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("no header row")
	}
	header, rows := rows[0], rows[1:]
	cols := make([][]string, len(header))
	for _, row := range rows {
		for i := range header {
			v := ""
			if i < len(row) {
				v = row[i]
			}
			cols[i] = append(cols[i], v)
		}
	}
	names := header
	types := make([]exec.Type, len(header))
	values := make([][]exec.Value, len(header))
	for i, col := range cols {
		types[i] = inferType(col)
		for _, v := range col {
			if v == "" && types[i] != exec.TypeString {
				values[i] = append(values[i], nil)
				continue
			}
			values[i] = append(values[i], exec.Convert(v, types[i]))
		}
	}
	return buildTable(mem, names, types, values, len(rows)), nil
}

func loadJSONLines(mem memory.Allocator, path string) (arrow.Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<28)
	var names []string
	index := map[string]int{}
	var rows []*exec.Bag
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		v, ok := exec.ParseJSON(text)
		bag, isBag := v.(*exec.Bag)
		if !ok || !isBag {
			return nil, fmt.Errorf("line %d: not a JSON object", line)
		}
		for _, k := range bag.Keys {
			if _, seen := index[k]; !seen {
				index[k] = len(names)
				names = append(names, k)
			}
		}
		rows = append(rows, bag)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	types := make([]exec.Type, len(names))
	values := make([][]exec.Value, len(names))
	for i, name := range names {
		var t exec.Type
		for _, row := range rows {
			v, _ := row.Get(name)
			if v == nil {
				continue
			}
			vt := exec.TypeOfValue(v)
			if s, ok := v.(string); ok {
				if _, isTime := exec.ParseDateTime(s); isTime && strings.Contains(s, "-") {
					vt = exec.TypeDateTime
				}
			}
			switch {
			case t == exec.TypeInvalid:
				t = vt
			case t == vt:
			case t == exec.TypeLong && vt == exec.TypeReal, t == exec.TypeReal && vt == exec.TypeLong:
				t = exec.TypeReal
			case (t == exec.TypeDateTime && vt == exec.TypeString) || (t == exec.TypeString && vt == exec.TypeDateTime):
				t = exec.TypeString
			default:
				t = exec.TypeDynamic
			}
		}
		if t == exec.TypeInvalid {
			t = exec.TypeDynamic
		}
		types[i] = t
		for _, row := range rows {
			v, _ := row.Get(name)
			values[i] = append(values[i], exec.Convert(v, t))
		}
	}
	return buildTable(mem, names, types, values, len(rows)), nil
}

func buildTable(mem memory.Allocator, names []string, types []exec.Type, values [][]exec.Value, n int) arrow.Table {
	fields := make([]arrow.Field, len(names))
	for i, name := range names {
		fields[i] = arrow.Field{Name: name, Type: types[i].ArrowType(), Nullable: true}
	}
	schema := arrow.NewSchema(fields, nil)
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	for i := range names {
		for _, v := range values[i] {
			exec.AppendValue(b.Field(i), types[i], v)
		}
	}
	rec := b.NewRecord()
	defer rec.Release()
	return array.NewTableFromRecords(schema, []arrow.Record{rec})
}
