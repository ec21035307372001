package exec

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// networkFunctions are KQL's IPv4 and IPv6 functions
// (https://learn.microsoft.com/kusto/query/scalar-functions#ip-address-functions).
// Addresses may carry a prefix ("10.1.2.3/24"); text that is not an
// address gives null, as in Kusto.
var networkFunctions = []Function{
	{Name: "parse_ipv4", Sig: Fixed(TypeLong, TypeString), Scalar: parseIPv4Row},
	{Name: "parse_ipv4_mask", Sig: Fixed(TypeLong, TypeString, TypeLong), Scalar: parseIPv4Row},
	{Name: "format_ipv4", Sig: Optional(TypeString, []Type{AnyType}, TypeLong), Scalar: formatIPv4Row(false)},
	{Name: "format_ipv4_mask", Sig: Optional(TypeString, []Type{AnyType}, TypeLong), Scalar: formatIPv4Row(true)},
	{Name: "ipv4_is_private", Sig: Fixed(TypeBool, TypeString), Scalar: ipv4IsPrivateRow},
	{Name: "ipv4_is_in_range", Sig: Fixed(TypeBool, TypeString, TypeString), Scalar: ipv4InRangeRow},
	{Name: "ipv4_is_in_any_range", Sig: Variadic(TypeBool, 2, AnyType), Scalar: ipv4InAnyRangeRow},
	{Name: "ipv4_is_match", Sig: Optional(TypeBool, []Type{TypeString, TypeString}, TypeLong), Scalar: ipv4CompareRow(true)},
	{Name: "ipv4_compare", Sig: Optional(TypeLong, []Type{TypeString, TypeString}, TypeLong), Scalar: ipv4CompareRow(false)},
	{Name: "ipv4_netmask_suffix", Sig: Fixed(TypeLong, TypeString), Scalar: ipv4SuffixRow},
	{Name: "ipv4_range_to_cidr_list", Sig: Fixed(TypeDynamic, TypeString, TypeString), Scalar: ipv4RangeToCIDRRow},
	{Name: "has_ipv4", Sig: Fixed(TypeBool, TypeString, TypeString), Scalar: hasIPv4Row(false)},
	{Name: "has_ipv4_prefix", Sig: Fixed(TypeBool, TypeString, TypeString), Scalar: hasIPv4Row(true)},
	{Name: "has_any_ipv4", Sig: Variadic(TypeBool, 2, AnyType), Scalar: hasAnyIPv4Row(false)},
	{Name: "has_any_ipv4_prefix", Sig: Variadic(TypeBool, 2, AnyType), Scalar: hasAnyIPv4Row(true)},
	{Name: "parse_ipv6", Sig: Fixed(TypeString, TypeString), Scalar: parseIPv6Row},
	{Name: "parse_ipv6_mask", Sig: Fixed(TypeString, TypeString, TypeLong), Scalar: parseIPv6Row},
	{Name: "ipv6_compare", Sig: Optional(TypeLong, []Type{TypeString, TypeString}, TypeLong), Scalar: ipv6CompareRow(false)},
	{Name: "ipv6_is_match", Sig: Optional(TypeBool, []Type{TypeString, TypeString}, TypeLong), Scalar: ipv6CompareRow(true)},
	{Name: "ipv6_is_in_range", Sig: Fixed(TypeBool, TypeString, TypeString), Scalar: ipv6InRangeRow},
	{Name: "ipv6_is_in_any_range", Sig: Variadic(TypeBool, 2, AnyType), Scalar: ipv6InAnyRangeRow},
}

// parseIPv4 reads "a.b.c.d" or "a.b.c.d/n" as an address and prefix
// length (32 without one).
func parseIPv4(s string) (uint32, int, bool) {
	s = strings.TrimSpace(s)
	bits := 32
	if ip, p, ok := strings.Cut(s, "/"); ok {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < 0 || n > 32 {
			return 0, 0, false
		}
		s, bits = strings.TrimSpace(ip), n
	}
	addr, err := netip.ParseAddr(s)
	if err != nil || !addr.Is4() {
		return 0, 0, false
	}
	b := addr.As4()
	return binary.BigEndian.Uint32(b[:]), bits, true
}

func mask4(bits int) uint32 {
	if bits <= 0 {
		return 0
	}
	return ^uint32(0) << (32 - bits)
}

// parseIPv4Row is parse_ipv4 and parse_ipv4_mask: the address as a long,
// masked by its prefix and by the mask argument
// (https://learn.microsoft.com/kusto/query/parse-ipv4-function).
func parseIPv4Row(_ *Call, a []Value) (Value, error) {
	ip, bits, ok := parseIPv4(argText(a[0]))
	if !ok {
		return nil, nil
	}
	if len(a) == 2 {
		m, ok := argLong(a[1])
		if !ok || m < 0 || m > 32 {
			return nil, nil
		}
		bits = min(bits, int(m))
	}
	return int64(ip & mask4(bits)), nil
}

func ipv4Text(ip uint32) string {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], ip)
	return netip.AddrFrom4(b).String()
}

// formatIPv4Row formats an address given as text or a long, masked by
// the prefix; format_ipv4_mask appends "/prefix"; invalid input gives ""
// (https://learn.microsoft.com/kusto/query/format-ipv4-function).
func formatIPv4Row(withMask bool) ScalarFunc {
	return func(_ *Call, a []Value) (Value, error) {
		var ip uint32
		bits := 32
		switch x := a[0].(type) {
		case string:
			var ok bool
			if ip, bits, ok = parseIPv4(x); !ok {
				return "", nil
			}
		default:
			n, ok := argLong(x)
			if !ok || n < 0 || n > 0xffffffff {
				return "", nil
			}
			ip = uint32(n)
		}
		if len(a) == 2 {
			m, ok := argLong(a[1])
			if !ok || m < 0 || m > 32 {
				return "", nil
			}
			bits = min(bits, int(m))
		}
		s := ipv4Text(ip & mask4(bits))
		if withMask {
			s += "/" + strconv.Itoa(bits)
		}
		return s, nil
	}
}

var privateIPv4 = []struct {
	net  uint32
	bits int
}{{0x0a000000, 8}, {0xac100000, 12}, {0xc0a80000, 16}}

// ipv4IsPrivateRow tells whether an address (or a whole prefix) lies in
// 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16
// (https://learn.microsoft.com/kusto/query/ipv4-is-private-function).
func ipv4IsPrivateRow(_ *Call, a []Value) (Value, error) {
	ip, bits, ok := parseIPv4(argText(a[0]))
	if !ok {
		return nil, nil
	}
	for _, p := range privateIPv4 {
		if bits >= p.bits && ip&mask4(p.bits) == p.net {
			return true, nil
		}
	}
	return false, nil
}

func ipv4InRange(ipText, rangeText string) (bool, bool) {
	ip, _, ok1 := parseIPv4(ipText)
	net, bits, ok2 := parseIPv4(rangeText)
	if !ok1 || !ok2 {
		return false, false
	}
	return ip&mask4(bits) == net&mask4(bits), true
}

func ipv4InRangeRow(_ *Call, a []Value) (Value, error) {
	in, ok := ipv4InRange(argText(a[0]), argText(a[1]))
	if !ok {
		return nil, nil
	}
	return in, nil
}

// flatTexts lists the texts of arguments that are strings or arrays of
// strings (the ranges of ipv4_is_in_any_range, the ips of has_any_ipv4).
func flatTexts(vals []Value) []string {
	var out []string
	for _, v := range vals {
		if arr, ok := argArray(v); ok {
			out = append(out, flatTexts(arr)...)
			continue
		}
		if v != nil {
			out = append(out, FormatValue(v))
		}
	}
	return out
}

// ipv4InAnyRangeRow takes ranges as arguments or one array; a range that
// is not valid gives null (https://learn.microsoft.com/kusto/query/ipv4-is-in-any-range-function).
func ipv4InAnyRangeRow(_ *Call, a []Value) (Value, error) {
	ip := argText(a[0])
	if _, _, ok := parseIPv4(ip); !ok {
		return nil, nil
	}
	for _, r := range flatTexts(a[1:]) {
		in, ok := ipv4InRange(ip, r)
		if !ok {
			return nil, nil
		}
		if in {
			return true, nil
		}
	}
	return false, nil
}

// ipv4CompareRow is ipv4_compare (-1, 0, 1) and ipv4_is_match (equal),
// comparing under the shortest of the addresses' prefixes and the
// optional prefix argument (https://learn.microsoft.com/kusto/query/ipv4-compare-function).
func ipv4CompareRow(match bool) ScalarFunc {
	return func(_ *Call, a []Value) (Value, error) {
		x, bx, ok1 := parseIPv4(argText(a[0]))
		y, by, ok2 := parseIPv4(argText(a[1]))
		if !ok1 || !ok2 {
			return nil, nil
		}
		bits := min(bx, by)
		if len(a) == 3 {
			m, ok := argLong(a[2])
			if !ok || m < 0 || m > 32 {
				return nil, nil
			}
			bits = min(bits, int(m))
		}
		x, y = x&mask4(bits), y&mask4(bits)
		if match {
			return x == y, nil
		}
		switch {
		case x < y:
			return int64(-1), nil
		case x > y:
			return int64(1), nil
		}
		return int64(0), nil
	}
}

func ipv4SuffixRow(_ *Call, a []Value) (Value, error) {
	_, bits, ok := parseIPv4(argText(a[0]))
	if !ok {
		return nil, nil
	}
	return int64(bits), nil // long, as Kusto.Language types it
}

// ipv4RangeToCIDRRow lists the fewest CIDR blocks that cover the
// addresses from start to end inclusive; null for invalid input or end
// before start (https://learn.microsoft.com/kusto/query/ipv4-range-to-cidr-list-function).
func ipv4RangeToCIDRRow(_ *Call, a []Value) (Value, error) {
	lo, _, ok1 := parseIPv4(argText(a[0]))
	hi, _, ok2 := parseIPv4(argText(a[1]))
	if !ok1 || !ok2 || lo > hi {
		return nil, nil
	}
	out := []Value{}
	for cur := uint64(lo); cur <= uint64(hi); {
		bits := 32
		// Grow the block while it stays aligned and inside the range.
		for bits > 0 {
			size := uint64(1) << (33 - bits)
			if cur%size != 0 || cur+size-1 > uint64(hi) {
				break
			}
			bits--
		}
		out = append(out, ipv4Text(uint32(cur))+"/"+strconv.Itoa(bits))
		cur += uint64(1) << (32 - bits)
	}
	return out, nil
}

// ipv4Tokens lists the IPv4 addresses that appear in text delimited by
// characters that are neither alphanumeric nor dots.
func ipv4Tokens(text string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(text); i++ {
		var c byte
		if i < len(text) {
			c = text[i]
		}
		inTok := i < len(text) && (c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')
		if inTok && start < 0 {
			start = i
		}
		if !inTok && start >= 0 {
			tok := text[start:i]
			if _, _, ok := parseIPv4(tok); ok && !strings.Contains(tok, "/") {
				out = append(out, tok)
			}
			start = -1
		}
	}
	return out
}

// hasIPv4Row is has_ipv4 (the text holds the address as a delimited
// token) and has_ipv4_prefix (it holds an address starting with the
// prefix, which must end with a dot or be a whole address); an invalid
// address or prefix gives false (https://learn.microsoft.com/kusto/query/has-ipv4-function).
func hasIPv4Row(prefix bool) ScalarFunc {
	return func(_ *Call, a []Value) (Value, error) {
		return hasIPv4(argText(a[0]), []string{argText(a[1])}, prefix), nil
	}
}

func hasAnyIPv4Row(prefix bool) ScalarFunc {
	return func(_ *Call, a []Value) (Value, error) {
		return hasIPv4(argText(a[0]), flatTexts(a[1:]), prefix), nil
	}
}

func hasIPv4(text string, wants []string, prefix bool) bool {
	toks := ipv4Tokens(text)
	for _, w := range wants {
		for _, tok := range toks {
			if prefix {
				if strings.HasPrefix(tok, w) && (strings.HasSuffix(w, ".") || tok == w) {
					return true
				}
			} else if tok == w {
				return true
			}
		}
	}
	return false
}

// parseIPv6 reads an IPv6 or IPv4 address (mapped to ::ffff:a.b.c.d)
// with an optional prefix (128 without one; an IPv4 prefix counts from
// bit 96).
func parseIPv6(s string) (netip.Addr, int, bool) {
	s = strings.TrimSpace(s)
	bits, hasPrefix := 128, false
	if ip, p, ok := strings.Cut(s, "/"); ok {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < 0 || n > 128 {
			return netip.Addr{}, 0, false
		}
		s, bits, hasPrefix = strings.TrimSpace(ip), n, true
	}
	addr, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, 0, false
	}
	if b := addr.As16(); addr.Is6() && strings.Contains(s, ".") && [10]byte(b[:10]) == [10]byte{} && (b[10] == b[11]) && (b[10] == 0 || b[10] == 0xff) {
		// ::a.b.c.d and ::ffff:a.b.c.d are IPv4 addresses, as in the
		// reference's parse_ipv6_mask examples.
		addr = netip.AddrFrom4([4]byte(b[12:]))
	}
	if addr.Is4() {
		if hasPrefix && bits <= 32 {
			bits += 96
		}
		addr = netip.AddrFrom16(addr.As16())
	}
	return addr.WithZone(""), bits, true
}

func mask6(addr netip.Addr, bits int) netip.Addr {
	p, err := addr.Prefix(bits)
	if err != nil {
		return addr
	}
	return p.Addr()
}

// ipv6Text writes an address as eight groups of four hex digits, the
// form parse_ipv6 returns.
func ipv6Text(addr netip.Addr) string {
	b := addr.As16()
	parts := make([]string, 8)
	for i := range parts {
		parts[i] = fmt.Sprintf("%04x", binary.BigEndian.Uint16(b[2*i:]))
	}
	return strings.Join(parts, ":")
}

// parseIPv6Row is parse_ipv6 and parse_ipv6_mask: the canonical text of
// the masked address; "" for invalid input
// (https://learn.microsoft.com/kusto/query/parse-ipv6-function).
func parseIPv6Row(_ *Call, a []Value) (Value, error) {
	addr, bits, ok := parseIPv6(argText(a[0]))
	if !ok {
		return "", nil
	}
	if len(a) == 2 {
		m, ok := argLong(a[1])
		if !ok || m < 0 || m > 128 {
			return "", nil
		}
		if addr.Is4In6() && m <= 32 {
			m += 96
		}
		bits = min(bits, int(m))
	}
	return ipv6Text(mask6(addr, bits)), nil
}

// ipv6CompareRow is ipv6_compare and ipv6_is_match
// (https://learn.microsoft.com/kusto/query/ipv6-compare-function).
func ipv6CompareRow(match bool) ScalarFunc {
	return func(_ *Call, a []Value) (Value, error) {
		x, bx, ok1 := parseIPv6(argText(a[0]))
		y, by, ok2 := parseIPv6(argText(a[1]))
		if !ok1 || !ok2 {
			return nil, nil
		}
		bits := min(bx, by)
		if len(a) == 3 {
			m, ok := argLong(a[2])
			if !ok || m < 0 || m > 128 {
				return nil, nil
			}
			bits = min(bits, int(m))
		}
		c := mask6(x, bits).Compare(mask6(y, bits))
		if match {
			return c == 0, nil
		}
		return int64(c), nil
	}
}

func ipv6InRange(ipText, rangeText string) (bool, bool) {
	ip, _, ok1 := parseIPv6(ipText)
	net, bits, ok2 := parseIPv6(rangeText)
	if !ok1 || !ok2 {
		return false, false
	}
	return mask6(ip, bits) == mask6(net, bits), true
}

func ipv6InRangeRow(_ *Call, a []Value) (Value, error) {
	in, ok := ipv6InRange(argText(a[0]), argText(a[1]))
	if !ok {
		return nil, nil
	}
	return in, nil
}

func ipv6InAnyRangeRow(_ *Call, a []Value) (Value, error) {
	ip := argText(a[0])
	if _, _, ok := parseIPv6(ip); !ok {
		return nil, nil
	}
	for _, r := range flatTexts(a[1:]) {
		in, ok := ipv6InRange(ip, r)
		if !ok {
			return nil, nil
		}
		if in {
			return true, nil
		}
	}
	return false, nil
}
