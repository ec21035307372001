// Package benchdata generates the benchmark tables of
// /work/shared/research/perf-baselines.md ("The data"), caches them as
// Arrow IPC files, and holds the six workloads with their hand-written
// plain-Go-loop baselines and the reference figures.
//
// The generator is deterministic: the same row count and [Version] give
// the same bytes, whatever the number of goroutines. Each record batch is
// generated from its own random stream, so batches are generated in
// parallel.
package benchdata

import (
	"encoding/base64"
	"fmt"
	"math"
	"runtime"
	"sync"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
)

// Version identifies the generator; bump it whenever the generated data
// changes, so that cached files are regenerated.
const Version = 1

// Defaults from the specification.
const (
	DefaultRows = 10_000_000
	BatchRows   = 65_536
	Tenants     = 100
	Devices     = 50_000
	BusyDevices = 1_000
	FileNames   = 2_000
	Accounts    = 5_000
)

// Start is the first instant of the generated week.
var Start = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

// Schemas of the two tables.
var (
	timestampNs = &arrow.TimestampType{Unit: arrow.Nanosecond, TimeZone: "UTC"}

	EventsSchema = arrow.NewSchema([]arrow.Field{
		{Name: "TenantId", Type: arrow.BinaryTypes.String},
		{Name: "Timestamp", Type: timestampNs},
		{Name: "DeviceName", Type: arrow.BinaryTypes.String},
		{Name: "FileName", Type: arrow.BinaryTypes.String},
		{Name: "ProcessCommandLine", Type: arrow.BinaryTypes.String},
		{Name: "AccountName", Type: arrow.BinaryTypes.String},
		{Name: "InitiatingProcessId", Type: arrow.PrimitiveTypes.Int64},
	}, nil)

	DevicesSchema = arrow.NewSchema([]arrow.Field{
		{Name: "DeviceName", Type: arrow.BinaryTypes.String},
		{Name: "OSPlatform", Type: arrow.BinaryTypes.String},
		{Name: "DeviceType", Type: arrow.BinaryTypes.String},
		{Name: "TenantId", Type: arrow.BinaryTypes.String},
	}, nil)
)

// Column indexes in EventsSchema.
const (
	ColTenantId = iota
	ColTimestamp
	ColDeviceName
	ColFileName
	ColProcessCommandLine
	ColAccountName
	ColInitiatingProcessId
)

// Column indexes in DevicesSchema.
const (
	DevColDeviceName = iota
	DevColOSPlatform
	DevColDeviceType
	DevColTenantId
)

// Data is the generated DeviceProcessEvents and DeviceInfo, as record
// batches of BatchRows rows (the last one may be shorter).
type Data struct {
	Rows    int
	Events  []arrow.Record
	Devices []arrow.Record
}

// Release releases every record.
func (d *Data) Release() {
	for _, r := range d.Events {
		r.Release()
	}
	for _, r := range d.Devices {
		r.Release()
	}
	d.Events, d.Devices = nil, nil
}

// Tables returns the two tables (sharing the records' buffers); the
// caller releases them.
func (d *Data) Tables() (events, devices arrow.Table) {
	return array.NewTableFromRecords(EventsSchema, d.Events),
		array.NewTableFromRecords(DevicesSchema, d.Devices)
}

// Bytes is the size of the Arrow buffers of both tables.
func (d *Data) Bytes() int64 {
	var n int64
	for _, rs := range [][]arrow.Record{d.Events, d.Devices} {
		for _, r := range rs {
			for _, c := range r.Columns() {
				for _, b := range c.Data().Buffers() {
					if b != nil {
						n += int64(b.Len())
					}
				}
			}
		}
	}
	return n
}

// rng is SplitMix64: tiny, fast, and good enough for synthetic data.
type rng struct{ s uint64 }

func newRNG(seed ...uint64) rng {
	r := rng{s: 0x243f6a8885a308d3}
	for _, s := range seed {
		r.s ^= s
		r.next()
		r.s ^= r.next()
	}
	return r
}

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// intn returns a value in [0, n) for n < 2^32.
func (r *rng) intn(n int) int { return int(uint64(uint32(r.next())) * uint64(n) >> 32) }

// alias samples an index with given weights in O(1) (Vose's method).
type alias struct {
	thr   []uint32
	alias []int32
}

func newAlias(w []float64) *alias {
	n := len(w)
	var sum float64
	for _, x := range w {
		sum += x
	}
	p := make([]float64, n)
	var small, large []int
	for i, x := range w {
		p[i] = x * float64(n) / sum
		if p[i] < 1 {
			small = append(small, i)
		} else {
			large = append(large, i)
		}
	}
	a := &alias{thr: make([]uint32, n), alias: make([]int32, n)}
	for len(small) > 0 && len(large) > 0 {
		s, l := small[len(small)-1], large[len(large)-1]
		small = small[:len(small)-1]
		a.thr[s] = uint32(p[s] * (1 << 32))
		a.alias[s] = int32(l)
		p[l] -= 1 - p[s]
		if p[l] < 1 {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	for _, i := range append(small, large...) {
		a.thr[i] = math.MaxUint32
		a.alias[i] = int32(i)
	}
	return a
}

func (a *alias) sample(r *rng) int {
	x := r.next()
	i := int(uint64(uint32(x)) * uint64(len(a.thr)) >> 32)
	if uint32(x>>32) < a.thr[i] {
		return i
	}
	return int(a.alias[i])
}

func zipf(n int, s float64) []float64 {
	w := make([]float64, n)
	for k := range w {
		w[k] = math.Pow(float64(k+1), -s)
	}
	return w
}

// headFiles are the most frequent process names, most frequent first
// (Zipf s=1.1 over 2,000 names puts about 7.9 % of rows at rank 2).
var headFiles = []string{
	"svchost.exe", "powershell.exe", "cmd.exe", "conhost.exe", "msedge.exe",
	"chrome.exe", "explorer.exe", "RuntimeBroker.exe", "taskhostw.exe",
	"rundll32.exe", "WmiPrvSE.exe", "dllhost.exe", "SearchIndexer.exe",
	"MsMpEng.exe", "OneDrive.exe", "Teams.exe", "OUTLOOK.EXE", "EXCEL.EXE",
	"WINWORD.EXE", "backgroundTaskHost.exe", "SearchProtocolHost.exe",
	"wscript.exe", "cscript.exe", "regsvr32.exe", "mshta.exe", "net.exe",
	"net1.exe", "whoami.exe", "schtasks.exe", "reg.exe", "sc.exe",
	"tasklist.exe", "ipconfig.exe", "msiexec.exe", "git.exe", "python.exe",
	"node.exe", "java.exe", "code.exe", "notepad.exe", "wmic.exe",
	"certutil.exe", "bitsadmin.exe", "curl.exe", "ping.exe", "nslookup.exe",
	"sqlservr.exe", "w3wp.exe", "lsass.exe", "services.exe",
}

var headAccounts = []string{
	"system", "local service", "network service", "administrator",
	"svc_backup", "svc_sql", "svc_deploy", "dwm-1", "umfd-0", "umfd-1",
}

var firstNames = []string{"james", "mary", "john", "patricia", "robert", "jennifer", "michael", "linda",
	"william", "elizabeth", "david", "barbara", "richard", "susan", "joseph", "jessica", "thomas",
	"sarah", "charles", "karen", "wei", "priya", "ahmed", "olga", "kenji"}

var lastNames = []string{"smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis",
	"rodriguez", "martinez", "hernandez", "lopez", "gonzalez", "wilson", "anderson", "thomas",
	"taylor", "moore", "jackson", "martin", "lee", "perez", "thompson", "white", "harris"}

// Arguments by kind of program; none contains "-enc" in any case.
var (
	argsSvchost = []string{"-k netsvcs -p -s Schedule", "-k LocalService -p -s EventSystem",
		"-k NetworkService -p -s Dnscache", "-k DcomLaunch -p", "-k RPCSS -p",
		"-k LocalSystemNetworkRestricted -p -s SysMain", "-k UnistackSvcGroup -s WpnUserService"}
	argsPowershell = []string{"-NoProfile -ExecutionPolicy Bypass -File C:\\Scripts\\inventory.ps1",
		"-NoLogo -NonInteractive -Command Get-Process | Sort-Object CPU",
		"-ExecutionPolicy RemoteSigned -File \\\\fs01\\netlogon\\logon.ps1",
		"-Command \"Get-WmiObject Win32_LogicalDisk | Select DeviceID\"",
		"-NoProfile -Command Import-Module ActiveDirectory; Get-ADUser",
		"-File C:\\ProgramData\\Agent\\healthcheck.ps1 -Verbose"}
	argsCmd = []string{"/c echo 1 > nul", "/c dir C:\\Users\\Public", "/c ipconfig /all",
		"/d /c C:\\ProgramData\\Agent\\run.cmd", "/c net use Z: \\\\fs01\\share", "/c whoami /groups",
		"/c copy C:\\Temp\\a.log C:\\Temp\\b.log", "/k set PATH"}
	argsBrowser = []string{"--type=renderer --field-trial-handle=1784,i,3316 --lang=en-US",
		"--type=gpu-process --gpu-preferences=UAAAAAAAAADgAAAYAAAAAAAAAAAAAAAAAABg",
		"--type=utility --utility-sub-type=network.mojom.NetworkService",
		"--single-argument https://portal.office.com/"}
	argsGeneric = []string{"/quiet /norestart", "-Embedding", "--update --silent",
		"/s /n /i:user", "-ServerName:App.AppXa8d2.mca", "/background /verbose",
		"--config C:\\ProgramData\\App\\config.json", "-l -p 8443", "/run /tn Maintenance",
		"/v /f /t REG_DWORD /d 1"}
	encPrefixes = []string{"-NoP -NonI -W Hidden -enc ", "-EncodedCommand ",
		"-nop -w hidden -ENC ", "-ExecutionPolicy Bypass -EncodedCommand "}
)

// spec holds the per-value tables shared by every batch.
type spec struct {
	tenantIDs   []string
	deviceNames []string
	devTenant   []int32
	fileNames   []string
	filePrefix  []string // the program path at the head of its command line
	fileArgs    [][]string
	accounts    []string
	files       *alias
	accts       *alias
}

func newSpec() *spec {
	r := newRNG(Version, 1)
	sp := &spec{}
	for range Tenants {
		a, b := r.next(), r.next()
		sp.tenantIDs = append(sp.tenantIDs, fmt.Sprintf("%08x-%04x-%04x-%04x-%012x",
			uint32(a), uint16(a>>32), 0x4000|uint16(a>>48)&0x0fff, 0x8000|uint16(b)&0x3fff, b>>16&0xffffffffffff))
	}
	tw := make([]float64, Tenants)
	for t := range tw {
		tw[t] = math.Pow(float64(t+1), -0.7)
	}
	ta := newAlias(tw)
	for d := range Devices {
		t := ta.sample(&r)
		sp.devTenant = append(sp.devTenant, int32(t))
		kind := "wks"
		if d < BusyDevices {
			kind = "srv"
		}
		sp.deviceNames = append(sp.deviceNames, fmt.Sprintf("%s-%05d.t%02d.corp.contoso.com", kind, d, t))
	}
	for f := range FileNames {
		var name, prefix string
		var args []string
		if f < len(headFiles) {
			name = headFiles[f]
			prefix = "C:\\Windows\\System32\\" + name
			switch name {
			case "svchost.exe":
				args = argsSvchost
			case "powershell.exe":
				prefix, args = name, argsPowershell
			case "cmd.exe":
				prefix, args = "\"C:\\Windows\\system32\\cmd.exe\"", argsCmd
			case "msedge.exe", "chrome.exe", "Teams.exe", "code.exe":
				prefix, args = "\"C:\\Program Files\\"+name[:len(name)-4]+"\\Application\\"+name+"\"", argsBrowser
			default:
				args = argsGeneric
			}
		} else {
			name = fmt.Sprintf("app%04d.exe", f)
			prefix = fmt.Sprintf("\"C:\\Program Files\\Vendor%03d\\%s\"", f%397, name)
			args = argsGeneric
		}
		sp.fileNames = append(sp.fileNames, name)
		sp.filePrefix = append(sp.filePrefix, prefix)
		sp.fileArgs = append(sp.fileArgs, args)
	}
	sp.files = newAlias(zipf(FileNames, 1.1))
	for a := range Accounts {
		if a < len(headAccounts) {
			sp.accounts = append(sp.accounts, headAccounts[a])
			continue
		}
		sp.accounts = append(sp.accounts, fmt.Sprintf("%c%s%d",
			firstNames[a%len(firstNames)][0], lastNames[a/len(firstNames)%len(lastNames)], a))
	}
	sp.accts = newAlias(zipf(Accounts, 1.2))
	return sp
}

// strCol accumulates a String column without builders.
type strCol struct {
	offs []int32
	data []byte
}

func newStrCol(rows, avg int) *strCol {
	c := &strCol{offs: make([]int32, 1, rows+1), data: make([]byte, 0, rows*avg)}
	return c
}

func (c *strCol) add(s string) {
	c.data = append(c.data, s...)
	c.offs = append(c.offs, int32(len(c.data)))
}

func (c *strCol) end() { c.offs = append(c.offs, int32(len(c.data))) }

func (c *strCol) array() arrow.Array {
	n := len(c.offs) - 1
	d := array.NewData(arrow.BinaryTypes.String, n, []*memory.Buffer{nil,
		memory.NewBufferBytes(arrow.Int32Traits.CastToBytes(c.offs)),
		memory.NewBufferBytes(c.data)}, nil, 0, 0)
	defer d.Release()
	return array.NewStringData(d)
}

func int64Array(dt arrow.DataType, v []int64) arrow.Array {
	d := array.NewData(dt, len(v), []*memory.Buffer{nil,
		memory.NewBufferBytes(arrow.Int64Traits.CastToBytes(v))}, nil, 0, 0)
	defer d.Release()
	return array.MakeFromData(d)
}

const hexDigits = "0123456789abcdef"

// batch generates events batch b of n rows.
func (sp *spec) batch(b, n int) arrow.Record {
	r := newRNG(Version, 2, uint64(b))
	tenant := newStrCol(n, 36)
	device := newStrCol(n, 30)
	file := newStrCol(n, 12)
	cmd := newStrCol(n, 96)
	acct := newStrCol(n, 14)
	ts := make([]int64, n)
	pid := make([]int64, n)
	week := uint64(7 * 24 * time.Hour / 100) // in 100-ns ticks
	start := Start.UnixNano()
	var payload [48]byte
	var enc [64]byte
	for i := range n {
		x := r.next()
		var d int
		if x%5 == 0 { // 20 % of events on the busy devices
			d = int(uint64(uint32(x>>8)) * BusyDevices >> 32)
		} else {
			d = BusyDevices + int(uint64(uint32(x>>8))*(Devices-BusyDevices)>>32)
		}
		device.add(sp.deviceNames[d])
		tenant.add(sp.tenantIDs[sp.devTenant[d]])
		ts[i] = start + int64(r.next()%week)*100
		f := sp.files.sample(&r)
		file.add(sp.fileNames[f])
		acct.add(sp.accounts[sp.accts.sample(&r)])
		pid[i] = int64(4 + 4*r.intn(40000))

		// Command line: program, arguments, and a random token (hex),
		// or for one powershell row in ten, an encoded command.
		y := r.next()
		cmd.data = append(cmd.data, sp.filePrefix[f]...)
		cmd.data = append(cmd.data, ' ')
		encoded := (f == 1 && y%10 == 0) || (f == 2 && y%100 == 0)
		if encoded {
			if f == 2 {
				cmd.data = append(cmd.data, "/c powershell "...)
			}
			cmd.data = append(cmd.data, encPrefixes[(y>>8)%uint64(len(encPrefixes))]...)
			m := 24 + int(y>>16)%24
			for j := 0; j < m; j += 8 {
				v := r.next()
				for k := 0; k < 8 && j+k < m; k++ {
					payload[j+k] = byte(v >> (8 * k))
				}
			}
			// UTF-16LE-looking payloads start like real ones.
			payload[1], payload[3] = 0, 0
			el := base64.StdEncoding.EncodedLen(m)
			base64.StdEncoding.Encode(enc[:el], payload[:m])
			cmd.data = append(cmd.data, enc[:el]...)
		} else {
			args := sp.fileArgs[f]
			cmd.data = append(cmd.data, args[(y>>8)%uint64(len(args))]...)
			cmd.data = append(cmd.data, ' ')
			v, w := r.next(), r.next()
			for k := range 10 + int(y>>32)%23 { // 10..32 digits, 21 on average
				if k == 16 {
					v = w
				}
				cmd.data = append(cmd.data, hexDigits[v>>(4*(k&15))&15])
			}
		}
		cmd.end()
	}
	cols := []arrow.Array{
		tenant.array(), int64Array(timestampNs, ts), device.array(), file.array(),
		cmd.array(), acct.array(), int64Array(arrow.PrimitiveTypes.Int64, pid),
	}
	rec := array.NewRecord(EventsSchema, cols, int64(n))
	for _, c := range cols {
		c.Release()
	}
	return rec
}

func (sp *spec) devices() []arrow.Record {
	r := newRNG(Version, 3)
	os := newAlias([]float64{50, 25, 8, 9, 5, 3})
	osNames := []string{"Windows10", "Windows11", "WindowsServer2019", "WindowsServer2022", "macOS", "Linux"}
	dt := newAlias([]float64{70, 17, 7, 4, 2})
	dtNames := []string{"Workstation", "Server", "Mobile", "NetworkDevice", "IoT"}
	var recs []arrow.Record
	for lo := 0; lo < Devices; lo += BatchRows {
		hi := min(lo+BatchRows, Devices)
		name, osc, typ, ten := newStrCol(hi-lo, 30), newStrCol(hi-lo, 10), newStrCol(hi-lo, 10), newStrCol(hi-lo, 36)
		for d := lo; d < hi; d++ {
			name.add(sp.deviceNames[d])
			o, t := os.sample(&r), dt.sample(&r)
			if d < BusyDevices { // the busy devices are servers
				o, t = 2+o%2, 1
			}
			osc.add(osNames[o])
			typ.add(dtNames[t])
			ten.add(sp.tenantIDs[sp.devTenant[d]])
		}
		cols := []arrow.Array{name.array(), osc.array(), typ.array(), ten.array()}
		recs = append(recs, array.NewRecord(DevicesSchema, cols, int64(hi-lo)))
		for _, c := range cols {
			c.Release()
		}
	}
	return recs
}

// Generate generates the tables with rows events, using every CPU.
func Generate(rows int) *Data {
	sp := newSpec()
	nb := (rows + BatchRows - 1) / BatchRows
	d := &Data{Rows: rows, Events: make([]arrow.Record, nb), Devices: sp.devices()}
	var wg sync.WaitGroup
	next := make(chan int, nb)
	for b := range nb {
		next <- b
	}
	close(next)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range next {
				d.Events[b] = sp.batch(b, min(BatchRows, rows-b*BatchRows))
			}
		}()
	}
	wg.Wait()
	return d
}
