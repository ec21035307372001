package benchdata

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/ipc"
)

// EnvRows names the environment variable that sets the number of events.
const EnvRows = "CROSSHUNT_BENCH_ROWS"

// RowsFromEnv returns $CROSSHUNT_BENCH_ROWS, or DefaultRows.
func RowsFromEnv() (int, error) {
	s := os.Getenv(EnvRows)
	if s == "" {
		return DefaultRows, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%s=%q: want a positive row count", EnvRows, s)
	}
	return n, nil
}

// CacheFiles returns the cache file names for rows events in dir.
func CacheFiles(dir string, rows int) (events, devices string) {
	return filepath.Join(dir, fmt.Sprintf("DeviceProcessEvents-v%d-%d.arrow", Version, rows)),
		filepath.Join(dir, fmt.Sprintf("DeviceInfo-v%d.arrow", Version))
}

// Load returns the tables with rows events: read from the Arrow IPC files
// cached in dir, or generated and then written there. An empty dir
// disables the cache. generated reports whether the data was generated.
func Load(dir string, rows int) (d *Data, generated bool, err error) {
	if dir == "" {
		return Generate(rows), true, nil
	}
	ef, df := CacheFiles(dir, rows)
	ev, err1 := readIPC(ef)
	dv, err2 := readIPC(df)
	if err1 == nil && err2 == nil {
		return &Data{Rows: rows, Events: ev, Devices: dv}, false, nil
	}
	releaseAll(ev)
	releaseAll(dv)
	for _, err := range []error{err1, err2} {
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(os.Stderr, "benchdata: regenerating: %v\n", err)
		}
	}
	d = Generate(rows)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return d, true, err
	}
	if err := writeIPC(ef, d.Events); err != nil {
		return d, true, err
	}
	if err := writeIPC(df, d.Devices); err != nil {
		return d, true, err
	}
	return d, true, nil
}

func releaseAll(recs []arrow.Record) {
	for _, r := range recs {
		r.Release()
	}
}

func readIPC(name string) ([]arrow.Record, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := ipc.NewFileReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	defer r.Close()
	recs := make([]arrow.Record, 0, r.NumRecords())
	for i := range r.NumRecords() {
		rec, err := r.Record(i)
		if err != nil {
			releaseAll(recs)
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		rec.Retain()
		recs = append(recs, rec)
	}
	return recs, nil
}

// writeIPC writes recs to name atomically (through a temporary file).
func writeIPC(name string, recs []arrow.Record) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(name), filepath.Base(name)+".tmp*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	w, err := ipc.NewFileWriter(tmp, ipc.WithSchema(recs[0].Schema()))
	if err != nil {
		return err
	}
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			return err
		}
	}
	if err := w.Close(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
