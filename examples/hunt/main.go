// Command hunt evaluates a KQL query in this process, over no tables
// (print, datatable, range, externaldata) or over the tables of a
// directory, and prints the result.
//
//	go run ./examples/hunt [flags] 'QUERY'
//	go run ./examples/hunt -data ./testdata -format json -f query.kql
//
// Flags:
//
//	-f FILE      read the query from FILE instead of the argument
//	-data DIR    load one table per file of DIR (Arrow IPC, CSV, TSV or
//	             JSON lines), named after the file
//	-format F    table (default on a terminal), csv or json; json prints
//	             {"columns":[{"name":…,"type":…}],"rows":[[…],…]}
//
// A query that does not parse or check prints the positioned error with
// its source line and a caret on stderr and exits with status 1.
package main

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/crosshunt/crosshunt/exec"
	"github.com/crosshunt/crosshunt/kql"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("hunt", flag.ContinueOnError)
	fs.SetOutput(stderr)
	file := fs.String("f", "", "read the query from `file`")
	data := fs.String("data", "", "load one table per file of `dir`")
	format := fs.String("format", "", "output format: table, csv or json (default table on a terminal, json otherwise)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var src string
	switch {
	case *file != "":
		b, err := os.ReadFile(*file)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		src = string(b)
	case fs.NArg() == 1:
		src = fs.Arg(0)
	default:
		fmt.Fprintln(stderr, "usage: hunt [-data dir] [-format table|csv|json] 'QUERY' | -f file.kql")
		return 2
	}
	if *format == "" {
		*format = "json"
		if fi, err := os.Stdout.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			*format = "table"
		}
	}
	mem := memory.NewGoAllocator()
	tables := exec.Tables{}
	if *data != "" {
		var err error
		if tables, err = loadDir(mem, *data); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		defer releaseTables(tables)
	}
	rr, err := exec.Eval(context.Background(), src, tables, exec.Options{Allocator: mem})
	if err != nil {
		printError(stderr, err)
		return 1
	}
	defer rr.Release()
	switch *format {
	case "json":
		err = exec.WriteJSON(stdout, rr)
	case "csv":
		err = writeCSV(stdout, rr)
	case "table":
		err = writeTable(stdout, rr)
	default:
		fmt.Fprintf(stderr, "unknown format %q\n", *format)
		return 2
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

// printError prints an error; positioned errors show their source line
// with a caret under the offending column.
func printError(w io.Writer, err error) {
	var list kql.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Fprintf(w, "%s\n%s\n", e.Error(), e.Caret())
		}
		return
	}
	var e *kql.Error
	if errors.As(err, &e) {
		fmt.Fprintf(w, "%s\n%s\n", e.Error(), e.Caret())
		return
	}
	fmt.Fprintln(w, err)
}

// cells renders a result as text cells, header first.
func cells(rr array.RecordReader) ([][]string, error) {
	schema := rr.Schema()
	types := make([]exec.Type, schema.NumFields())
	header := make([]string, schema.NumFields())
	for i, f := range schema.Fields() {
		types[i], _ = exec.TypeOfArrow(f.Type)
		header[i] = f.Name
	}
	out := [][]string{header}
	for rr.Next() {
		rec := rr.Record()
		for r := range int(rec.NumRows()) {
			row := make([]string, rec.NumCols())
			for c := range row {
				v := exec.ValueAt(rec.Column(c), r)
				if v != nil && types[c] == exec.TypeDateTime {
					row[c] = exec.FormatDateTimeJSON(v.(time.Time))
					continue
				}
				row[c] = exec.FormatValue(v)
			}
			out = append(out, row)
		}
	}
	return out, rr.Err()
}

func writeCSV(w io.Writer, rr array.RecordReader) error {
	rows, err := cells(rr)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

func writeTable(w io.Writer, rr array.RecordReader) error {
	rows, err := cells(rr)
	if err != nil {
		return err
	}
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, c := range row {
			widths[i] = max(widths[i], len([]rune(c)))
		}
	}
	for k, row := range rows {
		var b strings.Builder
		for i, c := range row {
			if i > 0 {
				b.WriteString(" | ")
			}
			b.WriteString(c)
			b.WriteString(strings.Repeat(" ", widths[i]-len([]rune(c))))
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
		if k == 0 {
			var sep []string
			for _, wd := range widths {
				sep = append(sep, strings.Repeat("-", wd))
			}
			fmt.Fprintln(w, strings.Join(sep, "-+-"))
		}
	}
	return nil
}
