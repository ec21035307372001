package exec

import (
	"math"
	"testing"
)

// Cases cite https://learn.microsoft.com/kusto/query/<name>-function.
func TestParseFunctions(t *testing.T) {
	runFnCases(t, []fnCase{
		{"doc", "parse_url", a("scheme://username:password@host:1234/this/is/a/path?k1=v1&k2=v2#fragment"),
			`{"Scheme":"scheme","Host":"host","Port":"1234","Path":"/this/is/a/path","Username":"username","Password":"password","Query Parameters":{"k1":"v1","k2":"v2"},"Fragment":"fragment"}`},
		{"no port", "parse_url", a("https://www.bing.com/search?q=a%20b"),
			`{"Scheme":"https","Host":"www.bing.com","Port":"","Path":"/search","Username":"","Password":"","Query Parameters":{"q":"a b"},"Fragment":""}`},
		{"not a url", "parse_url", a("nope"),
			`{"Scheme":"","Host":"","Port":"","Path":"","Username":"","Password":"","Query Parameters":{},"Fragment":""}`},
		{"legacy parseurl", "parseurl", a("https://h:8080/p"), `{"Scheme":"https","Host":"h","Port":"8080","Path":"/p","Username":"","Password":"","Query Parameters":{},"Fragment":""}`},
		{"doc", "parse_urlquery", a("k1=v1&k2=v2&k3=v3"), `{"Query Parameters":{"k1":"v1","k2":"v2","k3":"v3"}}`},
		{"leading ? and escapes", "parse_urlquery", a("?a=%2F&b"), `{"Query Parameters":{"a":"/","b":""}}`},
		{"doc windows", "parse_path", a(`C:\temp\file.txt`), `{"Scheme":"","RootPath":"C:","DirectoryPath":"C:\\temp","DirectoryName":"temp","Filename":"file.txt","Extension":"txt","AlternateDataStreamName":""}`},
		{"doc relative", "parse_path", a(`temp\file.txt`), `{"Scheme":"","RootPath":"","DirectoryPath":"temp","DirectoryName":"temp","Filename":"file.txt","Extension":"txt","AlternateDataStreamName":""}`},
		{"doc scheme and stream", "parse_path", a(`file://C:/temp/file.txt:some.exe`), `{"Scheme":"file","RootPath":"C:","DirectoryPath":"C:/temp","DirectoryName":"temp","Filename":"file.txt","Extension":"txt","AlternateDataStreamName":"some.exe"}`},
		{"doc share", "parse_path", a(`\\shared\users\temp\file.txt.gz`), `{"Scheme":"","RootPath":"","DirectoryPath":"\\\\shared\\users\\temp","DirectoryName":"temp","Filename":"file.txt.gz","Extension":"gz","AlternateDataStreamName":""}`},
		{"doc unix", "parse_path", a(`/usr/lib/temp/file.txt`), `{"Scheme":"","RootPath":"","DirectoryPath":"/usr/lib/temp","DirectoryName":"temp","Filename":"file.txt","Extension":"txt","AlternateDataStreamName":""}`},
		{"doc", "parse_command_line", a(`echo "hello world!" print$?`, "Windows"), `["echo","hello world!","print$?"]`},
		{"quotes group", "parse_command_line", a(`cmd.exe /c "dir C:\Program Files"`, "windows"), `["cmd.exe","/c","dir C:\\Program Files"]`},
		{"backslashes", "parse_command_line", a(`a\\\"b "c\\" d`, "windows"), `["a\\\"b","c\\","d"]`},
		{"empty", "parse_command_line", a("", "windows"), `[]`},
		{"unknown parser null", "parse_command_line", a("a b", "unix"), `<null>`},
		{"chrome browser", "parse_user_agent", a("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/51.0.2704.103 Safari/537.36", "browser"),
			`{"Browser":{"Family":"Chrome","MajorVersion":"51","MinorVersion":"0","Patch":"2704"}}`},
		{"chrome several", "parse_user_agent", a("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/51.0.2704.103 Safari/537.36", dyn(`["browser","os"]`)),
			`{"Browser":{"Family":"Chrome","MajorVersion":"51","MinorVersion":"0","Patch":"2704"},"OperatingSystem":{"Family":"Windows 10","MajorVersion":"","MinorVersion":"","Patch":"","PatchMinor":""}}`},
		{"edge", "parse_user_agent", a("Mozilla/5.0 (Windows NT 10.0) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91", "browser"),
			`{"Browser":{"Family":"Edge","MajorVersion":"120","MinorVersion":"0","Patch":"2210"}}`},
		{"iphone device", "parse_user_agent", a("Mozilla/5.0 (iPhone; CPU iPhone OS 16_5 like Mac OS X) Version/16.5 Mobile/15E148 Safari/604.1", "device"),
			`{"Device":{"Family":"iPhone","Brand":"Apple","Model":"iPhone"}}`},
		// The browser has no PatchMinor, the operating system has.
		{"doc browser", "parse_user_agent", a("Mozilla/5.0 (Windows; U; en-US) AppleWebKit/531.9 (KHTML, like Gecko) AdobeAIR/2.5.1", "browser"),
			`{"Browser":{"Family":"AdobeAIR","MajorVersion":"2","MinorVersion":"5","Patch":"1"}}`},
		{"doc browser os device", "parse_user_agent", a("Mozilla/5.0 (SymbianOS/9.2; U; Series60/3.1 NokiaN81-3/10.0.032 Profile/MIDP-2.0 Configuration/CLDC-1.1 ) AppleWebKit/413 (KHTML, like Gecko) Safari/4", dyn(`["browser","os","device"]`)),
			`{"Browser":{"Family":"Nokia OSS Browser","MajorVersion":"3","MinorVersion":"1","Patch":""},"OperatingSystem":{"Family":"Symbian OS","MajorVersion":"9","MinorVersion":"2","Patch":"","PatchMinor":""},"Device":{"Family":"Nokia N81","Brand":"Nokia","Model":"N81-3"}}`},
		{"unknown", "parse_user_agent", a("x", "os"), `{"OperatingSystem":{"Family":"Other","MajorVersion":"","MinorVersion":"","Patch":"","PatchMinor":""}}`},
		{"invalid null", "parse_version", a("1.2.3.4.5"), "<null>"},
		{"too many digits null", "parse_version", a("123456789"), "<null>"},
		{"not a number", "parse_version", a("1.x"), "<null>"},
		{"doc", "parse_xml", a(`<?xml version="1.0"?><event><source>Log</source><level id="3">high</level><tag>a</tag><tag>b</tag><empty/></event>`),
			`{"event":{"source":"Log","level":{"@id":"3","#text":"high"},"tag":["a","b"],"empty":null}}`},
		{"not xml null", "parse_xml", a("<a>"), "<null>"},
		{"doc empty", "parse_xml", a(`<e/>`), `{"e":null}`},
		{"doc text", "parse_xml", a(`<e>text</e>`), `{"e":"text"}`},
		{"doc attribute", "parse_xml", a(`<e name="value" />`), `{"e":{"@name":"value"}}`},
		{"doc attribute and text", "parse_xml", a(`<e name="value">text</e>`), `{"e":{"@name":"value","#text":"text"}}`},
		{"doc children", "parse_xml", a(`<e> <a>text</a> <b>text</b> </e>`), `{"e":{"a":"text","b":"text"}}`},
		{"doc repeated", "parse_xml", a(`<e> <a>text</a> <a>text</a> </e>`), `{"e":{"a":["text","text"]}}`},
		{"doc text before child", "parse_xml", a(`<e> text <a>text</a> </e>`), `{"e":{"#text":"text","a":"text"}}`},
	})
}

// parse_version's results compare as the versions do
// (https://learn.microsoft.com/kusto/query/parse-version-function).
func TestParseVersionOrder(t *testing.T) {
	reg := NewRegistry()
	vs := []string{"0.0.0.1", "0.0.1", "0.1", "1", "1.0.0.1", "1.2", "1.10", "2.0.0.0", "99999999.99999999.99999999.99999999"}
	var prev Value
	for _, s := range vs {
		v, _, err := evalFunc(reg, "parse_version", a(s), false)
		if err != nil || v == nil {
			t.Fatalf("parse_version(%q) = %v, %v", s, v, err)
		}
		// Compared exactly: CompareValues goes through float64, which
		// cannot tell 1.0.0.0 from 1.0.0.1 (reported to the core).
		if prev != nil && prev.(Decimal).BigInt().Cmp(v.(Decimal).BigInt()) >= 0 {
			t.Errorf("parse_version(%q) = %v does not sort after the previous %v", s, v, prev)
		}
		prev = v
	}
}

// Cases cite https://learn.microsoft.com/kusto/query/<name>-function.
func TestGeoAndConversionFunctions(t *testing.T) {
	runFnCases(t, []fnCase{
		{"doc ipv4", "geo_info_from_ip_address", a("20.53.203.50"), `{"country":"Australia","state":"New South Wales","city":"Sydney","latitude":-33.8715,"longitude":151.2006}`},
		{"doc ipv6", "geo_info_from_ip_address", a("2a03:2880:f12c:83:face:b00c::25de"), `{"country":"United States","state":"Florida","city":"Boca Raton","latitude":26.3594,"longitude":-80.0771}`},
		{"private null", "geo_info_from_ip_address", a("10.0.0.1"), "<null>"},
		{"invalid null", "geo_info_from_ip_address", a("x"), "<null>"},
		{"same point", "geo_distance_2points", a(1.0, 2.0, 1.0, 2.0), "0"},
		{"invalid latitude null", "geo_distance_2points", a(1.0, 95.0, 1.0, 2.0), "<null>"},
		{"in circle", "geo_point_in_circle", a(-122.317404, 47.609119, -122.317404, 47.609119, 10.0), "true"},
		{"out of circle", "geo_point_in_circle", a(-122.0, 47.0, -121.0, 47.0, 1000.0), "false"},
		{"doc geohash", "geo_point_to_geohash", a(139.806115, 35.554128, int64(12)), "xn76m27ty9g4"},
		{"default accuracy", "geo_point_to_geohash", a(-80.195829, 25.802215), "dhwfz"},
		{"invalid", "geo_point_to_geohash", a(200.0, 0.0), ""},
		{"doc center", "geo_geohash_to_central_point", a("sunny"), `{"type":"Point","coordinates":[42.47314453125,23.70849609375]}`},
		{"invalid null", "geo_geohash_to_central_point", a("a"), "<null>"},
		{"doc sizes", "estimate_data_size", a(int64(1), "abc", 1.5), "19"},
		{"dynamic", "estimate_data_size", a(dyn(`{"ab":[1,"xy"]}`)), "12"},
	})
}

// geo_distance_2points between Seattle and Los Angeles is documented as
// 1546754.35197381 m (https://learn.microsoft.com/kusto/query/geo-distance-2points-function).
func TestGeoDistanceDoc(t *testing.T) {
	v, _, err := evalFunc(NewRegistry(), "geo_distance_2points", a(-122.407628, 47.578557, -118.275287, 34.019056), false)
	d, ok := v.(float64)
	if want := 1546754.35197381; err != nil || !ok || math.Abs(d-want) > 1e-6 {
		t.Fatalf("distance = %v, %v; want %v", v, err, want)
	}
}

func TestNewGUID(t *testing.T) {
	reg := NewRegistry()
	a1, _, _ := evalFunc(reg, "new_guid", nil, false)
	a2, _, _ := evalFunc(reg, "new_guid", nil, false)
	g1, ok1 := a1.(GUID)
	g2, ok2 := a2.(GUID)
	if !ok1 || !ok2 || g1 == g2 || g1[6]>>4 != 4 {
		t.Fatalf("new_guid() = %v, %v; want two different version-4 guids", a1, a2)
	}
}

// The metadata functions answer with fixed placeholders (fn_meta.go).
func TestMetaFunctions(t *testing.T) {
	runFnCases(t, []fnCase{
		{"placeholder", "current_database", a(), "crosshunt"},
		{"placeholder", "current_principal_is_member_of", a("group"), "false"},
		{"placeholder", "extent_tags", a(), "[]"},
	})
}
