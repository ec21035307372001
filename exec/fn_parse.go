package exec

import (
	"encoding/xml"
	"io"
	"math/big"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/apache/arrow/go/v15/arrow/decimal128"
)

// parseFunctions are KQL's parse_* functions for URLs, paths, command
// lines, user agents, versions and XML (parse_json is in core, the IP
// parsers in fn_network.go).
var parseFunctions = []Function{
	{Name: "parse_url", Aliases: []string{"parseurl"}, Sig: Fixed(TypeDynamic, TypeString), Scalar: parseURLRow},
	{Name: "parse_urlquery", Sig: Fixed(TypeDynamic, TypeString), Scalar: parseURLQueryRow},
	{Name: "parse_path", Sig: Fixed(TypeDynamic, TypeString), Scalar: parsePathRow},
	{Name: "parse_command_line", Sig: Fixed(TypeDynamic, TypeString, TypeString), Scalar: parseCommandLineRow},
	{Name: "parse_user_agent", Sig: Fixed(TypeDynamic, TypeString, AnyType), Scalar: parseUserAgentRow},
	{Name: "parse_version", Sig: Fixed(TypeDecimal, TypeString), Scalar: parseVersionRow},
	{Name: "parse_xml", Sig: Fixed(TypeDynamic, TypeString), Scalar: parseXMLRow},
}

// queryBag decodes "k1=v1&k2=v2" into a bag of strings, keys in order.
func queryBag(q string) *Bag {
	bag := &Bag{}
	for _, kv := range strings.Split(q, "&") {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		bag.Set(urlDecode(k), urlDecode(v))
	}
	return bag
}

// parseURLRow splits an absolute URL into Scheme, Host, Port, Path,
// Username, Password, Query Parameters and Fragment; text that is not an
// absolute URL gives a bag of empty parts
// (https://learn.microsoft.com/kusto/query/parse-url-function).
func parseURLRow(_ *Call, a []Value) (Value, error) {
	bag := &Bag{}
	u, err := url.Parse(strings.TrimSpace(argText(a[0])))
	if err != nil || u.Scheme == "" || u.Host == "" {
		for _, k := range []string{"Scheme", "Host", "Port", "Path", "Username", "Password", "Query Parameters", "Fragment"} {
			bag.Set(k, "")
		}
		bag.Set("Query Parameters", &Bag{}) // in its place, as for a URL
		return bag, nil
	}
	pw, _ := u.User.Password()
	bag.Set("Scheme", u.Scheme)
	bag.Set("Host", u.Hostname())
	bag.Set("Port", u.Port())
	bag.Set("Path", u.EscapedPath())
	bag.Set("Username", u.User.Username())
	bag.Set("Password", pw)
	bag.Set("Query Parameters", queryBag(u.RawQuery))
	bag.Set("Fragment", u.Fragment)
	return bag, nil
}

// parseURLQueryRow decodes a query string, with or without a leading
// '?' (https://learn.microsoft.com/kusto/query/parse-urlquery-function).
func parseURLQueryRow(_ *Call, a []Value) (Value, error) {
	q := strings.TrimPrefix(argText(a[0]), "?")
	return &Bag{Keys: []string{"Query Parameters"}, Vals: []Value{queryBag(q)}}, nil
}

// parsePathRow splits a Windows or Unix file path into Scheme, RootPath,
// DirectoryPath, DirectoryName, Filename, Extension and
// AlternateDataStreamName (https://learn.microsoft.com/kusto/query/parse-path-function).
func parsePathRow(_ *Call, a []Value) (Value, error) {
	p := argText(a[0])
	var scheme, root, ads string
	if i := strings.Index(p, "://"); i > 0 {
		scheme, p = p[:i], p[i+3:]
	}
	rest := strings.TrimPrefix(p, `\\?\`)
	if len(rest) >= 2 && rest[1] == ':' && isLetter(rest[0]) {
		root = rest[:2]
	}
	cut := strings.LastIndexAny(p, `\/`)
	dir, file := "", p
	if cut >= 0 {
		dir, file = p[:cut], p[cut+1:]
	}
	if i := strings.IndexByte(file, ':'); i >= 0 {
		file, ads = file[:i], file[i+1:]
	}
	dirName := dir
	if i := strings.LastIndexAny(dir, `\/`); i >= 0 {
		dirName = dir[i+1:]
	}
	if dirName == root {
		dirName = ""
	}
	ext := ""
	if i := strings.LastIndexByte(file, '.'); i >= 0 {
		ext = file[i+1:]
	}
	bag := &Bag{}
	bag.Set("Scheme", scheme)
	bag.Set("RootPath", root)
	bag.Set("DirectoryPath", dir)
	bag.Set("DirectoryName", dirName)
	bag.Set("Filename", file)
	bag.Set("Extension", ext)
	bag.Set("AlternateDataStreamName", ads)
	return bag, nil
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// parseCommandLineRow splits a command line into its arguments with the
// Windows rules (CommandLineToArgvW): whitespace separates, double
// quotes group, 2n backslashes before a quote give n backslashes and a
// quote that groups, 2n+1 give n backslashes and a literal quote. The
// only documented parser is "windows"; others give null
// (https://learn.microsoft.com/kusto/query/parse-command-line-function).
func parseCommandLineRow(_ *Call, a []Value) (Value, error) {
	if !strings.EqualFold(argText(a[1]), "windows") {
		return nil, nil
	}
	return strList(splitWindowsArgs(argText(a[0]))), nil
}

func splitWindowsArgs(s string) []string {
	args := []string{}
	var cur strings.Builder
	inArg, quoted := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case (c == ' ' || c == '\t' || c == '\n' || c == '\r') && !quoted:
			if inArg {
				args = append(args, cur.String())
				cur.Reset()
				inArg = false
			}
		case c == '\\':
			n := 0
			for i < len(s) && s[i] == '\\' {
				n++
				i++
			}
			inArg = true
			if i < len(s) && s[i] == '"' {
				cur.WriteString(strings.Repeat(`\`, n/2))
				if n%2 == 1 {
					cur.WriteByte('"')
				} else {
					quoted = !quoted
				}
			} else {
				cur.WriteString(strings.Repeat(`\`, n))
				i--
			}
		case c == '"':
			inArg = true
			if quoted && i+1 < len(s) && s[i+1] == '"' {
				cur.WriteByte('"')
				i++
				continue
			}
			quoted = !quoted
		default:
			inArg = true
			cur.WriteByte(c)
		}
	}
	if inArg {
		args = append(args, cur.String())
	}
	return args
}

// uaRule recognises one browser, OS or device family in a user agent:
// the first rule whose regexp matches names the family, and its groups
// are the version parts.
type uaRule struct {
	re     *regexp.Regexp
	family string
	// first is the group the version parts start at; 0 means 1. A family
	// with $1 takes group 1 (and the versions then start at group 2).
	first int
	// brand and model name a device ("$1" and "$2" stand for groups).
	brand, model string
}

// The user-agent rules cover the families that make up nearly all real
// traffic: browsers Edge (Chromium and legacy), Opera, Samsung Internet,
// Chrome, Firefox, Safari and Internet Explorer, plus common crawlers
// and command-line clients; operating systems Windows (by NT version),
// iOS, Mac OS X, Android, Chrome OS and Linux; devices iPhone, iPad,
// Mac, Android phones and spiders. Other agents get family "Other", as
// in the uap-core data Kusto uses.
var (
	uaBrowsers = []uaRule{
		{re: regexp.MustCompile(`Edg(?:e|A|iOS)?/(\d+)\.(\d+)(?:\.(\d+))?(?:\.(\d+))?`), family: "Edge"},
		{re: regexp.MustCompile(`OPR/(\d+)\.(\d+)(?:\.(\d+))?`), family: "Opera"},
		{re: regexp.MustCompile(`SamsungBrowser/(\d+)\.(\d+)`), family: "Samsung Internet"},
		{re: regexp.MustCompile(`(?:Chrome|CriOS)/(\d+)\.(\d+)(?:\.(\d+))?(?:\.(\d+))?`), family: "Chrome"},
		{re: regexp.MustCompile(`(?:Firefox|FxiOS)/(\d+)\.(\d+)(?:\.(\d+))?`), family: "Firefox"},
		{re: regexp.MustCompile(`Version/(\d+)\.(\d+)(?:\.(\d+))?.*Mobile.*Safari/`), family: "Mobile Safari"},
		{re: regexp.MustCompile(`Version/(\d+)\.(\d+)(?:\.(\d+))?.*Safari/`), family: "Safari"},
		{re: regexp.MustCompile(`MSIE (\d+)\.(\d+)`), family: "IE"},
		{re: regexp.MustCompile(`Trident/7\.0.*rv:(\d+)\.(\d+)`), family: "IE"},
		{re: regexp.MustCompile(`(?i)googlebot/(\d+)\.(\d+)`), family: "Googlebot"},
		{re: regexp.MustCompile(`(?i)bingbot/(\d+)\.(\d+)`), family: "bingbot"},
		{re: regexp.MustCompile(`curl/(\d+)\.(\d+)(?:\.(\d+))?`), family: "curl"},
		{re: regexp.MustCompile(`Wget/(\d+)\.(\d+)(?:\.(\d+))?`), family: "Wget"},
		{re: regexp.MustCompile(`python-requests/(\d+)\.(\d+)(?:\.(\d+))?`), family: "Python Requests"},
		{re: regexp.MustCompile(`PowerShell/(\d+)\.(\d+)(?:\.(\d+))?`), family: "PowerShell"},
		{re: regexp.MustCompile(`(AdobeAIR|Electron|Lynx|Konqueror|SeaMonkey|Maxthon|PaleMoon|Midori|Epiphany|OmniWeb|iCab|NetFront|Opera Mini|Iceweasel|Camino|Flock|Netscape)/(\d+)\.(\d+)(?:\.(\d+))?`), family: "$1"},
		{re: regexp.MustCompile(`(?:Series60|S60)/5\.0`), family: "Nokia Browser"},
		{re: regexp.MustCompile(`(?:Series60|S60)/(\d+)\.(\d+)`), family: "Nokia OSS Browser"},
	}
	uaSystems = []uaRule{
		{re: regexp.MustCompile(`Windows NT 10\.0`), family: "Windows 10"},
		{re: regexp.MustCompile(`Windows NT 6\.3`), family: "Windows 8.1"},
		{re: regexp.MustCompile(`Windows NT 6\.2`), family: "Windows 8"},
		{re: regexp.MustCompile(`Windows NT 6\.1`), family: "Windows 7"},
		{re: regexp.MustCompile(`Windows NT 6\.0`), family: "Windows Vista"},
		{re: regexp.MustCompile(`Windows NT 5\.1`), family: "Windows XP"},
		{re: regexp.MustCompile(`(?:iPhone|CPU) OS (\d+)_(\d+)(?:_(\d+))?`), family: "iOS"},
		{re: regexp.MustCompile(`Mac OS X (\d+)[_.](\d+)(?:[_.](\d+))?`), family: "Mac OS X"},
		{re: regexp.MustCompile(`Android (\d+)(?:\.(\d+))?(?:\.(\d+))?`), family: "Android"},
		{re: regexp.MustCompile(`CrOS \S+ (\d+)\.(\d+)(?:\.(\d+))?`), family: "Chrome OS"},
		{re: regexp.MustCompile(`SymbianOS/(\d+)\.(\d+)`), family: "Symbian OS"},
		{re: regexp.MustCompile(`Windows`), family: "Windows"},
		{re: regexp.MustCompile(`Linux`), family: "Linux"},
	}
	uaDevices = []uaRule{
		{re: regexp.MustCompile(`Nokia(N\d+)([A-Za-z_\-][A-Za-z0-9_\-]*)?`), family: "Nokia $1", brand: "Nokia", model: "$1$2"},
		{re: regexp.MustCompile(`iPhone`), family: "iPhone"},
		{re: regexp.MustCompile(`iPad`), family: "iPad"},
		{re: regexp.MustCompile(`Macintosh`), family: "Mac"},
		{re: regexp.MustCompile(`(?i)bot|crawler|spider`), family: "Spider"},
		{re: regexp.MustCompile(`Android.*Mobile`), family: "Generic Smartphone"},
		{re: regexp.MustCompile(`Android`), family: "Generic Tablet"},
	}
)

func matchUA(rules []uaRule, ua string) (string, []string) {
	fam, parts, _, _ := matchUARule(rules, ua)
	return fam, parts
}

// matchUARule returns the family, version parts, brand and model of the
// first rule that matches ua; "Other" when none does.
func matchUARule(rules []uaRule, ua string) (family string, parts []string, brand, model string) {
	for _, r := range rules {
		m := r.re.FindStringSubmatch(ua)
		if m == nil {
			continue
		}
		expand := func(t string) string {
			for i := len(m) - 1; i >= 1; i-- {
				t = strings.ReplaceAll(t, "$"+strconv.Itoa(i), m[i])
			}
			return t
		}
		first := max(r.first, 1)
		if strings.Contains(r.family, "$1") && r.first == 0 {
			first = 2
		}
		if r.brand != "" {
			first = len(m) // a device rule's groups name the model, not a version
		}
		return expand(r.family), m[min(first, len(m)):], expand(r.brand), expand(r.model)
	}
	return "Other", nil, "", ""
}

func versionBag(family string, parts []string, names []string) *Bag {
	bag := &Bag{}
	bag.Set("Family", family)
	for i, n := range names {
		v := ""
		if i < len(parts) {
			v = parts[i]
		}
		bag.Set(n, v)
	}
	return bag
}

// parseUserAgentRow identifies the browser, operating system and/or
// device of a user agent, as chosen by the lookup ("browser", "os",
// "device" or an array of them); see the rules above for the coverage
// (https://learn.microsoft.com/kusto/query/parse-user-agent-function).
func parseUserAgentRow(_ *Call, a []Value) (Value, error) {
	ua := argText(a[0])
	var lookups []string
	if arr, ok := argArray(a[1]); ok {
		lookups = flatTexts(arr)
	} else {
		lookups = []string{argText(a[1])}
	}
	out := &Bag{}
	for _, l := range lookups {
		switch strings.ToLower(l) {
		case "browser":
			fam, parts := matchUA(uaBrowsers, ua)
			out.Set("Browser", versionBag(fam, parts, []string{"MajorVersion", "MinorVersion", "Patch"}))
		case "os":
			fam, parts := matchUA(uaSystems, ua)
			out.Set("OperatingSystem", versionBag(fam, parts, []string{"MajorVersion", "MinorVersion", "Patch", "PatchMinor"}))
		case "device":
			fam, _, brand, model := matchUARule(uaDevices, ua)
			switch fam {
			case "iPhone", "iPad", "Mac":
				brand, model = "Apple", fam
			case "Spider":
				brand, model = "Spider", "Desktop"
			case "Generic Smartphone", "Generic Tablet":
				brand, model = "Generic", "Smartphone"
				if fam == "Generic Tablet" {
					model = "Tablet"
				}
			}
			dev := &Bag{}
			dev.Set("Family", fam)
			dev.Set("Brand", brand)
			dev.Set("Model", model)
			out.Set("Device", dev)
		}
	}
	return out, nil
}

// parseVersionRow turns a version of one to four dot-separated numbers
// of up to eight digits into a decimal whose digits are the parts, each
// padded to eight digits and the missing ones zero, so that versions
// compare as numbers ("1.2" is 1 00000002 00000000 00000000); null for
// anything else (https://learn.microsoft.com/kusto/query/parse-version-function).
//
// A decimal here has 18 fractional digits and so only 20 integral ones,
// too few for the 32 digits of a version: the result holds the version
// number in units of 10^-18 (1.0.0.0 prints as 1000000.000000000000000000),
// which keeps comparisons, sorting and equality exact.
func parseVersionRow(_ *Call, a []Value) (Value, error) {
	parts := strings.Split(strings.TrimSpace(argText(a[0])), ".")
	if len(parts) > 4 {
		return nil, nil
	}
	n := new(big.Int)
	eight := big.NewInt(100_000_000)
	for i := range 4 {
		n.Mul(n, eight)
		if i >= len(parts) {
			continue
		}
		p := parts[i]
		if p == "" || len(p) > 8 {
			return nil, nil
		}
		v, err := strconv.ParseUint(p, 10, 64)
		if err != nil {
			return nil, nil
		}
		n.Add(n, new(big.Int).SetUint64(v))
	}
	return Decimal{decimal128.FromBigInt(n)}, nil
}

// parseXMLRow converts XML to a dynamic value: an element becomes a
// property named after it, attributes become "@name" properties, text
// beside attributes or children becomes "#text", an element with text
// only becomes that text, an empty one null, and repeated children an
// array; text that is not XML gives null
// (https://learn.microsoft.com/kusto/query/parse-xml-function).
func parseXMLRow(_ *Call, a []Value) (Value, error) {
	src := argText(a[0])
	if len(src) > 1<<20 {
		return nil, nil // the reference caps the input at 1 MB
	}
	dec := xml.NewDecoder(strings.NewReader(src))
	dec.Strict = false
	root := &Bag{}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil
		}
		if se, ok := tok.(xml.StartElement); ok {
			v, err := xmlElement(dec, se)
			if err != nil {
				return nil, nil
			}
			addXMLChild(root, se.Name.Local, v)
		}
	}
	if root.Len() == 0 {
		return nil, nil
	}
	return root, nil
}

func xmlElement(dec *xml.Decoder, se xml.StartElement) (Value, error) {
	bag := &Bag{}
	for _, at := range se.Attr {
		bag.Set("@"+at.Name.Local, at.Value)
	}
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			v, err := xmlElement(dec, t)
			if err != nil {
				return nil, err
			}
			addXMLChild(bag, t.Name.Local, v)
		case xml.CharData:
			text.Write(t)
			if _, ok := bag.Get("#text"); !ok && strings.TrimSpace(string(t)) != "" {
				bag.Set("#text", "") // keeps the text's place among the children
			}
		case xml.EndElement:
			s := strings.TrimSpace(text.String())
			if _, hasText := bag.Get("#text"); bag.Len() == 0 || (hasText && bag.Len() == 1) {
				if s == "" {
					return nil, nil
				}
				return s, nil
			}
			if s != "" {
				bag.Set("#text", s)
			}
			return bag, nil
		}
	}
}

func addXMLChild(bag *Bag, name string, v Value) {
	prev, ok := bag.Get(name)
	if !ok {
		bag.Set(name, v)
		return
	}
	if arr, isArr := prev.([]Value); isArr {
		bag.Set(name, append(arr, v))
		return
	}
	bag.Set(name, []Value{prev, v})
}
