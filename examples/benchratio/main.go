// Command benchratio runs the six workloads of perf-baselines.md through
// the exec engine and through the hand-written Go loops over the same
// Arrow data, and prints the medians and their ratios next to DuckDB's
// single-thread figures (scaled linearly by rows/10M).
//
// Usage:
//
//	go run ./examples/benchratio -rows 1000000
//	go run ./examples/benchratio -rows 10000000 -w W1,W2 -runs 3
//	go run ./examples/benchratio -rows 1000000 -profiles /tmp -timeout 2m
//	go tool pprof -top /tmp/W1.prof
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
	profdir := fs.String("profiles", "", "write a CPU profile of each workload's timed engine runs to DIR/W<n>.prof")
	timeout := fs.Duration("timeout", 0, "give up on an engine run after this long (0: never)")
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

	scale := float64(*rows) / benchdata.DefaultRows
	fmt.Fprintf(stdout, "medians of %d runs after a warm-up, in ms; cpu = process CPU time (robust to other load);\n"+
		"duckdb1 = DuckDB 1 thread from perf-baselines.md x rows/10M (%.3g); e/d adj = engine cpu / (DuckDB x loop cpu / reference loop);\n"+
		"target = min(duckdb1, 2 x loop cpu)\n\n", *runs, scale)
	fmt.Fprintf(stdout, "%-4s %10s %10s %10s %10s %8s %8s %10s %8s %8s %9s  %s\n",
		"work", "eng wall", "eng cpu", "loop wall", "loop cpu", "e/l wall", "e/l cpu", "duckdb1", "e/d cpu", "e/d adj", "target", "check")
	status := 0
	for _, w := range benchdata.Workloads {
		if *only != "" && !slices.Contains(strings.Split(*only, ","), w.ID) {
			continue
		}
		var engMs, loopMs, engCPU, loopCPU float64 = -1, -1, -1, -1
		var loopRows int
		var loopCheck int64
		if !*engineOnly {
			loopMs, loopCPU = median(*runs, true, func() { loopRows, loopCheck = w.Run(d) })
		}
		var engErr error
		var note string
		if !*loopOnly {
			runtime.GC()
			if _, _, _, engErr = evalOnce(w.KQL, tables, *timeout); engErr == nil { // warm-up
				var engRows int
				var engCheck int64
				var ok bool
				stop := startProfile(*profdir, w.ID, stderr)
				engMs, engCPU = median(*runs, false, func() {
					if engErr == nil {
						engRows, engCheck, ok, engErr = evalOnce(w.KQL, tables, *timeout)
					}
				})
				stop()
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
		// adj: DuckDB's figure carried over to this machine and moment
		// through the loop (duck/loop on the reference machine times the
		// loop's CPU time here).
		adj := -1.0
		if loopCPU > 0 {
			adj = w.DuckDB1 / w.Loop * loopCPU
		}
		// Target: at or below DuckDB single-thread and within 2x the loop
		// measured here, whichever is lower (in CPU milliseconds).
		target := duck
		if loopCPU > 0 && 2*loopCPU < target {
			target = 2 * loopCPU
		}
		fmt.Fprintf(stdout, "%-4s %10s %10s %10s %10s %8s %8s %10.1f %8s %8s %9.1f  %s\n", w.ID,
			ms(engMs), ms(engCPU), ms(loopMs), ms(loopCPU), ratio(engMs, loopMs), ratio(engCPU, loopCPU),
			duck, ratio(engCPU, duck), ratio(engCPU, adj), target, note)
	}
	return status
}

// evalOnce runs src through exec.Eval and drains the result.
func evalOnce(src string, tables exec.Tables, timeout time.Duration) (rows int, check int64, ok bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	ctx := context.Background()
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	rr, err := exec.Eval(ctx, src, tables, exec.Options{})
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
// median wall time and the median CPU time of the process (every
// goroutine, the garbage collector's included), in milliseconds.
func median(n int, warm bool, f func()) (wall, cpu float64) {
	if warm {
		f()
	}
	ws, cs := make([]float64, n), make([]float64, n)
	for i := range ws {
		runtime.GC()
		t, c := time.Now(), benchdata.CPUTime()
		f()
		ws[i] = float64(time.Since(t).Microseconds()) / 1e3
		cs[i] = float64((benchdata.CPUTime() - c).Microseconds()) / 1e3
	}
	slices.Sort(ws)
	slices.Sort(cs)
	return ws[n/2], cs[n/2]
}

// startProfile starts a CPU profile in dir/id.prof, if dir is set, and
// returns the function that stops it.
func startProfile(dir, id string, stderr io.Writer) func() {
	if dir == "" {
		return func() {}
	}
	f, err := os.Create(filepath.Join(dir, id+".prof"))
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintln(stderr, "benchratio: profile:", err)
		if f != nil {
			f.Close()
		}
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
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
