package exec

import "testing"

// TestScalarTypeRules pins the result types and values of arithmetic and
// conversions that the reference documents.
func TestScalarTypeRules(t *testing.T) {
	runCases(t, nil, []queryCase{
		// https://learn.microsoft.com/en-us/kusto/query/numerical-operators:
		// integer operands (int or long) give long, a real operand gives real.
		{"numerical operators: int op int is long", `print a = int(1) + int(2), b = int(7) / int(2), c = int(7) % int(2), d = int(2147483647) + int(1), e = 1.0 / 2, f = real(1) / 2`, `
			a:long, b:long, c:long, d:long, e:real, f:real
			[3,3,1,2147483648,0.5,0.5]`},
		// Same page: the modulo of two numbers is never negative.
		{"numerical operators: modulo is never negative", `print plusPlus = 14 % 12, minusPlus = -14 % 12, plusMinus = 14 % -12, minusMinus = -14 % -12`, `
			plusPlus:long, minusPlus:long, plusMinus:long, minusMinus:long
			[2,10,2,10]`},
		// https://learn.microsoft.com/en-us/kusto/query/gettype-function: the
		// table of examples (now() left out).
		{"gettype examples", `print a = gettype("a"), b = gettype(111), c = gettype(1==1), d = gettype(1s), e = gettype(parse_json('1')), f = gettype(parse_json(' "abc" ')), g = gettype(parse_json(' {"abc":1} ')), h = gettype(parse_json(' [1, 2, 3] ')), i = gettype(123.45), j = gettype(guid(12e8b78d-55b4-46ae-b068-26d7a0080254)), k = gettype(parse_json('')), l = gettype(parse_json('3000000000'))`, `
			a:string, b:string, c:string, d:string, e:string, f:string, g:string, h:string, i:string, j:string, k:string, l:string
			["string","long","bool","timespan","int","string","dictionary","array","real","guid","null","long"]`},
		// https://learn.microsoft.com/en-us/kusto/query/toint-function
		{"toint examples", `print toint("123") == 123 | project Integer = print_0, Truncated = toint(2.3)`, `
			Integer:bool, Truncated:int
			[true,2]`},
		// Kusto.Language accepts only a string or dynamic for toguid.
		{"toguid of a number is a query error", `print toguid(1)`, `error: 1:7: toguid(): argument 1`},
		{"toguid of string and dynamic", `print a = toguid("74be27de-1e4e-49d9-b579-fe0b331d3642"), b = toguid(dynamic("74be27de-1e4e-49d9-b579-fe0b331d3642")), c = toguid("nope")`, `
			a:guid, b:guid, c:guid
			["74be27de-1e4e-49d9-b579-fe0b331d3642","74be27de-1e4e-49d9-b579-fe0b331d3642",null]`},
		// https://learn.microsoft.com/en-us/kusto/query/scalar-data-types/decimal:
		// decimal arithmetic is exact, not through real; Kusto.Language
		// types decimal op real as decimal.
		{"decimal: exact sum", `print a = todecimal("0.1") + todecimal("0.2"), b = todecimal("0.1") + todecimal("0.2") == todecimal("0.3"), c = decimal(1e5), d = decimal(1.5) * 2, e = todecimal("0.1") + 0.2`, `
			a:decimal, b:bool, c:decimal, d:decimal, e:decimal
			["0.3",true,"100000","3","0.3"]`},
		{"decimal: division rounds to 18 digits", `print a = decimal(1) / decimal(3), b = decimal(2) / decimal(3), c = decimal(1) / 0, d = decimal(-7) % decimal(3)`, `
			a:decimal, b:decimal, c:decimal, d:decimal
			["0.333333333333333333","0.666666666666666667",null,"2"]`},
		{"decimal: conversions", `print a = todecimal(0.1), b = tolong(decimal(12.7)), c = todecimal("abc"), d = tostring(todecimal("123.45678")), e = todecimal("-1.5e2")`, `
			a:decimal, b:long, c:decimal, d:string, e:decimal
			["0.1",12,null,"123.45678","-150"]`},
		// Kusto.Language types sum and avg of a decimal as decimal; both
		// are exact here, also through the partial and final steps.
		{"decimal: sum and avg are exact decimals", `datatable(d:decimal)[decimal(0.1), decimal(0.2), decimal(0.4)] | summarize s = sum(d), a = avg(d), ai = avgif(d, d > 0.15)`, `
			s:decimal, a:decimal, ai:decimal
			["0.7","0.233333333333333333","0.3"]`},
		{"decimal: avg across steps", `datatable(d:decimal, k:string)[decimal(0.1), "a", decimal(0.2), "a"] | summarize hint.crosshunt.step=partial a = avg(d), s = sum(d) by k | summarize hint.crosshunt.step=final a = avg(d), s = sum(d) by k`, `
			k:string, a:decimal, s:decimal
			["a","0.15","0.3"]`},
		{"decimal: overflow is null", `print a = todecimal("1e19") * todecimal("1e19")`, `
			a:decimal
			[null]`},
	})
}

// TestBetaInvDoc pins beta_inv against the value on
// https://learn.microsoft.com/en-us/kusto/query/beta-inv-function (shown
// there with 15 significant digits) and as the inverse of beta_cdf.
func TestBetaInvDoc(t *testing.T) {
	runCases(t, nil, []queryCase{
		{"beta_inv doc", `print b = round(beta_inv(0.1, 10.0, 20.0), 12), back = round(beta_cdf(beta_inv(0.1, 10.0, 20.0), 10, 20), 12)`, `
			b:real, back:real
			[0.226415022389,0.1]`},
	})
}

// TestDatetimeReference pins datetime and timespan behaviours of the
// reference pages that go beyond a single function call.
func TestDatetimeReference(t *testing.T) {
	runCases(t, nil, []queryCase{
		// https://learn.microsoft.com/en-us/kusto/query/scalar-data-types/timespan:
		// time(15 seconds) is a literal; the long unit names of the lexer.
		{"timespan literal forms", `print a = time(15 seconds), b = time(0.12:34:56.7), c = time(2), d = 100nanoseconds, e = 3micros, f = 2millisec`, `
			a:timespan, b:timespan, c:timespan, d:timespan, e:timespan, f:timespan
			["00:00:15","12:34:56.7000000","2.00:00:00","00:00:00.0000001","00:00:00.0000030","00:00:00.0020000"]`},
		// https://learn.microsoft.com/en-us/kusto/query/datetime-local-to-utc-function:
		// a skipped wall time takes the offset after the change.
		{"datetime_local_to_utc around DST", `range Local from datetime(2022-03-27 01:00:00.0000000) to datetime(2022-03-27 04:00:00.0000000) step 1h
			| extend UTC=datetime_local_to_utc(Local, 'Europe/Brussels')
			| extend BackToLocal=datetime_utc_to_local(UTC, 'Europe/Brussels')
			| extend diff=Local-BackToLocal`, `
			Local:datetime, UTC:datetime, BackToLocal:datetime, diff:timespan
			["2022-03-27T01:00:00.0000000Z","2022-03-27T00:00:00.0000000Z","2022-03-27T01:00:00.0000000Z","00:00:00"]
			["2022-03-27T02:00:00.0000000Z","2022-03-27T00:00:00.0000000Z","2022-03-27T01:00:00.0000000Z","01:00:00"]
			["2022-03-27T03:00:00.0000000Z","2022-03-27T01:00:00.0000000Z","2022-03-27T03:00:00.0000000Z","00:00:00"]
			["2022-03-27T04:00:00.0000000Z","2022-03-27T02:00:00.0000000Z","2022-03-27T04:00:00.0000000Z","00:00:00"]`},
		// A wall time that occurs twice is read as standard time (.NET's
		// TimeZoneInfo rule), in either hemisphere.
		{"datetime_local_to_utc ambiguous is standard time", `print a = datetime_local_to_utc(datetime(2022-11-06 01:30), 'US/Pacific'), b = datetime_local_to_utc(datetime(2022-04-03 02:30), 'Australia/Sydney'), c = datetime_local_to_utc(datetime(2022-10-02 02:30), 'Australia/Sydney')`, `
			a:datetime, b:datetime, c:datetime
			["2022-11-06T09:30:00.0000000Z","2022-04-02T16:30:00.0000000Z","2022-10-01T15:30:00.0000000Z"]`},
		// https://learn.microsoft.com/en-us/kusto/query/bin-auto-function
		{"bin_auto reads the set options", `set query_bin_auto_size=1h;
			set query_bin_auto_at=datetime(2017-01-01 00:05);
			range Timestamp from datetime(2017-01-01 00:05) to datetime(2017-01-01 02:00) step 1m
			| summarize count() by bin_auto(Timestamp)`, `
			Timestamp:datetime, count_:long
			["2017-01-01T00:05:00.0000000Z",60]
			["2017-01-01T01:05:00.0000000Z",56]`},
		{"bin_auto without a size", `print bin_auto(1.5)`, `error: 1:7: bin_auto(): needs`},
		// Kusto.Language rejects an unknown constant period while
		// analysing the query, even where no row is ever evaluated.
		{"datetime_diff unknown period is a positioned error", `print datetime_diff("foo", now(), now())`,
			`error: 1:7: datetime_diff: unknown period "foo"`},
		{"datetime_add unknown period without rows", `datatable(x:datetime)[] | extend y = datetime_add("fortnight", 1, x)`,
			`error: 1:38: datetime_add: unknown period "fortnight"`},
		{"datetime_part unknown period", `print datetime_part("weekday", datetime(2017-10-30))`,
			`error: datetime_part: unknown period "weekday"`},
	})
}
