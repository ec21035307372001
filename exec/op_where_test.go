package exec

import (
	"testing"
	"time"
)

var fixedNow = time.Date(2024, 1, 10, 12, 0, 0, 0, time.UTC)

const people = `let T = datatable(Name:string, Age:long, City:string, Score:real)
[
  "alice", 30, "Paris", 1.5,
  "Bob", 25, "london", 2.0,
  "carol", long(null), "Paris", real(null),
  "dave-x", 41, "", 4.25,
];
`

func TestWhere(t *testing.T) {
	runCases(t, nil, []queryCase{
		{"compare", people + `T | where Age > 26 | project Name`, `
			Name:string
			["alice"]
			["dave-x"]`},
		{"null compare drops", people + `T | where Age != 30 | project Name`, `
			Name:string
			["Bob"]
			["dave-x"]`},
		{"and or", people + `T | where City == "Paris" and (Age < 35 or isnull(Age)) | project Name`, `
			Name:string
			["alice"]
			["carol"]`},
		{"has term", people + `T | where Name has "x" | project Name`, `
			Name:string
			["dave-x"]`},
		{"has not substring", people + `T | where Name has "ali" | project Name`, `
			Name:string`},
		{"contains folds case", people + `T | where Name contains "BO" | project Name`, `
			Name:string
			["Bob"]`},
		{"contains_cs", people + `T | where Name contains_cs "BO" | project Name`, `
			Name:string`},
		{"=~", people + `T | where City =~ "PARIS" | count`, `
			Count:long
			[2]`},
		{"in", people + `T | where Name in ("alice", "Bob", "zed") | project Name`, `
			Name:string
			["alice"]
			["Bob"]`},
		{"in~", people + `T | where Name in~ ("ALICE") | project Name`, `
			Name:string
			["alice"]`},
		{"!in", people + `T | where Name !in ("alice") | count`, `
			Count:long
			[3]`},
		{"startswith", people + `T | where Name startswith "CA" | project Name`, `
			Name:string
			["carol"]`},
		{"between", people + `T | where Age between (25 .. 30) | project Name`, `
			Name:string
			["alice"]
			["Bob"]`},
		{"isempty", people + `T | where isempty(City) | project Name`, `
			Name:string
			["dave-x"]`},
		{"matches regex", people + `T | where Name matches regex "^[a-c]" | project Name`, `
			Name:string
			["alice"]
			["carol"]`},
		{"has_any", people + `T | where Name has_any ("bob", "x") | project Name`, `
			Name:string
			["Bob"]
			["dave-x"]`},
		{"unknown column", people + `T | where Foo > 1`, `error: unknown column "Foo" in where`},
		{"unknown table", `Nope | take 1`, `error: 1:1: unknown table "Nope"`},
		{"bad types", people + `T | where Name > 1`, `error: cannot compare string and long`},
	})
}
