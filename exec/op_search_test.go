package exec

import (
	"context"
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
)

// kqlTables builds tables from KQL tabular expressions (datatables),
// allocating with mem.
func kqlTables(defs map[string]string) func(memory.Allocator) Tables {
	return func(mem memory.Allocator) Tables {
		tabs := Tables{}
		for name, src := range defs {
			rr, err := Eval(context.Background(), src, nil, Options{Allocator: mem})
			if err != nil {
				panic(err)
			}
			var recs []arrow.Record
			for rr.Next() {
				r := rr.Record()
				r.Retain()
				recs = append(recs, r)
			}
			tabs[name] = array.NewTableFromRecords(rr.Schema(), recs)
			releaseAll(recs)
			rr.Release()
		}
		return tabs
	}
}

var searchTables = kqlTables(map[string]string{
	"Logs": `datatable(Msg:string, Level:string, Code:long)
		["Disk error on C:", "Error", 5,
		 "all good", "Info", 7,
		 "Lab-PC rebooted", "Warning", 42,
		 "errors everywhere", "Info", 8]`,
	"Audit": `datatable(Msg:string, User:string)
		["login error", "Kim",
		 "logout", "Lee"]`,
})

func TestSearch(t *testing.T) {
	runCases(t, searchTables, []queryCase{
		// learn.microsoft.com/kusto/query/search-operator: the output always
		// has a first column $table naming the input the row came from.
		{"term over piped input", `Logs | search "error"`, `
			$table:string, Msg:string, Level:string, Code:long
			["Logs","Disk error on C:","Error",5]`},
		{"piped input named by as", `Logs | where Code > 7 | as Busy | search "Lab" | project $table, Code`, `
			$table:string, Code:long
			["Busy",42]`},
		{"term is case-insensitive has", `Logs | search "ERROR" | count`, `
			Count:long
			[1]`},
		{"column term", `Logs | search Level:"info"`, `
			$table:string, Msg:string, Level:string, Code:long
			["Logs","all good","Info",7]
			["Logs","errors everywhere","Info",8]`},
		{"prefix", `Logs | search "err*" | project Msg`, `
			Msg:string
			["Disk error on C:"]
			["errors everywhere"]`},
		{"suffix", `Logs | search "*ood" | project Msg`, `
			Msg:string
			["all good"]`},
		{"contains", `Logs | search "*rro*" | project Msg`, `
			Msg:string
			["Disk error on C:"]
			["errors everywhere"]`},
		{"inner wildcard regex", `Logs | search "Lab*PC" | project Msg`, `
			Msg:string
			["Lab-PC rebooted"]`},
		{"star", `Logs | search * | count`, `
			Count:long
			[4]`},
		{"non-string column as text", `Logs | search "42" | project Code`, `
			Code:long
			[42]`},
		{"and or not", `Logs | search ("error" or "good") and not(Level:"info") | project Msg`, `
			Msg:string
			["Disk error on C:"]`},
		{"plain predicate", `Logs | search Code > 7 | project Code`, `
			Code:long
			[42]
			[8]`},
		{"case sensitive", `Logs | search kind=case_sensitive "Error" | project Msg`, `
			Msg:string
			["Disk error on C:"]`},
		{"case sensitive miss", `Logs | search kind=case_sensitive "ERROR" | count`, `
			Count:long
			[0]`},
		{"in tables with $table", `search in (Logs, Audit) "error" | project $table, Msg`, `
			$table:string, Msg:string
			["Logs","Disk error on C:"]
			["Audit","login error"]`},
		{"all tables", `search "logout" | project $table, User`, `
			$table:string, User:string
			["Audit","Lee"]`},
		{"wildcard tables", `search in (Au*) User:"kim" | project Msg`, `
			Msg:string
			["login error"]`},
		{"unknown column without input", `search in (Logs) Nope == 1`, `error: Nope`},
		{"bad column term", `Logs | search Level:5`, `error: expected a string literal`},
		{"piped with in", `Logs | search in (Audit) "x"`, `error: cannot be used with a piped input`},
	})
}
