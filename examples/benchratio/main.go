// Command benchratio runs the six workloads of perf-baselines.md through
// the exec engine and through the hand-written Go loops over the same
// Arrow data, and prints the medians and their ratios next to DuckDB's
// single-thread figures (scaled linearly by rows/10M).
//
// Usage:
//
//	go run ./examples/benchratio -rows 1000000
//	go run ./examples/benchratio -rows 10000000 -w W1,W2 -runs 3
//
// The data is generated per benchdata and cached as Arrow IPC files in
// exec/testdata/bench/ (the same files the exec benchmarks use).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/crosshunt/crosshunt/examples/benchratio/benchdata"
	"github.com/crosshunt/crosshunt/exec"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("benchratio", flag.ContinueOnError)
	fs.SetOutput(stderr)
	defRows, err := benchdata.RowsFromEnv()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	rows := fs.Int("rows", defRows, "DeviceProcessEvents rows (default $"+benchdata.EnvRows+" or 10,000,000)")
	runs := fs.Int("runs", 3, "timed runs per measurement, after one warm-up run")
	only := fs.String("w", "", "comma-separated workloads to run, e.g. W1,W3 (default all)")
	cache := fs.String("cache", "", "cache directory (default exec/testdata/bench in the module; \"-\" disables)")
	engineOnly := fs.Bool("engine", false, "run the engine only, not the loops")
	loopOnly := fs.Bool("loop", false, "run the loops only, not the engine")
	stats := fs.Bool("stats", false, "print statistics of the generated data")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the engine's timed runs to this file")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	dir := *cache
	switch dir {
	case "-":
		dir = ""
	case "":
		dir = defaultCacheDir()
	}

	t0 := time.Now()
	d, generated, err := benchdata.Load(dir, *rows)
	if err != nil {
		fmt.Fprintln(stderr, "benchratio: cache:", err)
	}
	defer d.Release()
	how := "read from " + dir
	if generated {
		how = "generated"
	}
	fmt.Fprintf(stdout, "data: %d events, %d devices, %.0f MB of Arrow buffers, %s in %v; GOMAXPROCS=%d %s\n",
		*rows, benchdata.Devices, float64(d.Bytes())/1e6, how, time.Since(t0).Round(time.Millisecond),
		runtime.GOMAXPROCS(0), runtime.Version())
	if *stats {
		fmt.Fprint(stdout, benchdata.Stats(d))
	}
	events, devices := d.Tables()
	defer events.Release()
	defer devices.Release()
	tables := exec.Tables{"DeviceProcessEvents": events, "DeviceInfo": devices}

	var prof *os.File
	if *cpuprofile != "" {
		if prof, err = os.Create(*cpuprofile); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		defer prof.Close()
	}

	scale := float64(*rows) / benchdata.DefaultRows
	fmt.Fprintf(stdout, "medians of %d runs after a warm-up; DuckDB (1 thread) scaled by rows/10M = %.3g\n\n", *runs, scale)
	fmt.Fprintf(stdout, "%-4s %11s %11s %8s %11s %9s %9s  %s\n",
		"work", "engine ms", "loop ms", "eng/loop", "duckdb1 ms", "eng/duck", "target", "check")
	status := 0
	for _, w := range benchdata.Workloads {
		if *only != "" && !slices.Contains(strings.Split(*only, ","), w.ID) {
			continue
		}
		var engMs, loopMs float64 = -1, -1
		var loopRows int
		var loopCheck int64
		if !*engineOnly {
			loopMs = median(*runs, true, func() { loopRows, loopCheck = w.Run(d) })
		}
		var engErr error
		var note string
		if !*loopOnly {
			runtime.GC()
			if _, _, _, engErr = evalOnce(w.KQL, tables); engErr == nil { // warm-up
				var engRows int
				var engCheck int64
				var ok bool
				if prof != nil {
					pprof.StartCPUProfile(prof)
				}
				engMs = median(*runs, false, func() {
					engRows, engCheck, ok, engErr = evalOnce(w.KQL, tables)
				})
				if prof != nil {
					pprof.StopCPUProfile()
					prof = nil // one profile per file: the first workload run
				}
				switch {
				case engErr != nil:
				case *engineOnly:
					note = fmt.Sprintf("rows=%d sum=%d", engRows, engCheck)
				case !ok:
					note = fmt.Sprintf("rows=%d (loop %d), no checksum column", engRows, loopRows)
				case engRows != loopRows || engCheck != loopCheck:
					note = fmt.Sprintf("MISMATCH rows=%d sum=%d, loop rows=%d sum=%d", engRows, engCheck, loopRows, loopCheck)
					status = 1
				default:
					note = fmt.Sprintf("ok rows=%d sum=%d", engRows, engCheck)
				}
			}
		}
		if engErr != nil {
			note = "ERROR: " + strings.ReplaceAll(engErr.Error(), "\n", " ")
			status = 1
		}
		duck := w.DuckDB1 * scale
		// Target: at or below DuckDB single-thread and within 2x the loop
		// measured here, whichever is lower.
		target := duck
		if loopMs >= 0 && 2*loopMs < target {
			target = 2 * loopMs
		}
		fmt.Fprintf(stdout, "%-4s %11s %11s %8s %11.1f %9s %9.1f  %s\n", w.ID,
			ms(engMs), ms(loopMs), ratio(engMs, loopMs), duck, ratio(engMs, duck), target, note)
	}
	return status
}

// evalOnce runs src through exec.Eval and drains the result.
func evalOnce(src string, tables exec.Tables) (rows int, check int64, ok bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	rr, err := exec.Eval(context.Background(), src, tables, exec.Options{})
	if err != nil {
		return 0, 0, false, err
	}
	defer rr.Release()
	var recs []arrow.Record
	for rr.Next() {
		rec := rr.Record()
		rec.Retain()
		recs = append(recs, rec)
	}
	if err := rr.Err(); err != nil {
		return 0, 0, false, err
	}
	id := ""
	for _, w := range benchdata.Workloads {
		if w.KQL == src {
			id = w.ID
		}
	}
	rows, check, ok = benchdata.Check(id, recs)
	for _, r := range recs {
		r.Release()
	}
	return rows, check, ok, nil
}

// median runs f once to warm up if warm, then n times, and returns the
// median wall time in milliseconds.
func median(n int, warm bool, f func()) float64 {
	if warm {
		f()
	}
	ts := make([]float64, n)
	for i := range ts {
		runtime.GC()
		t := time.Now()
		f()
		ts[i] = float64(time.Since(t).Microseconds()) / 1e3
	}
	slices.Sort(ts)
	return ts[len(ts)/2]
}

func ms(v float64) string {
	if v < 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f", v)
}

func ratio(a, b float64) string {
	if a < 0 || b <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", a/b)
}

// defaultCacheDir returns exec/testdata/bench in the enclosing module, or
// "" (no cache) if there is none.
func defaultCacheDir() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "exec", "testdata", "bench")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
