package exec

import (
	"math"
	"net/netip"
)

// geoFunctions are the geospatial functions hunting queries use
// (https://learn.microsoft.com/kusto/query/geospatial-introduction).
var geoFunctions = []Function{
	{Name: "geo_info_from_ip_address", Sig: Fixed(TypeDynamic, TypeString), Scalar: geoInfoRow},
	{Name: "geo_distance_2points", Sig: Fixed(TypeReal, TypeReal, TypeReal, TypeReal, TypeReal), Scalar: geoDistanceRow},
	{Name: "geo_point_in_circle", Sig: Fixed(TypeBool, TypeReal, TypeReal, TypeReal, TypeReal, TypeReal), Scalar: geoInCircleRow},
	{Name: "geo_point_to_geohash", Sig: Optional(TypeString, []Type{TypeReal, TypeReal}, TypeLong), Scalar: geohashRow},
	{Name: "geo_geohash_to_central_point", Sig: Fixed(TypeDynamic, TypeString), Scalar: geohashCenterRow},
}

// geoInCircleRow tells whether a point lies within radius meters of a
// center (https://learn.microsoft.com/kusto/query/geo-point-in-circle-function).
func geoInCircleRow(c *Call, a []Value) (Value, error) {
	d, err := geoDistanceRow(c, a[:4])
	r, ok := argReal(a[4])
	if err != nil || d == nil || !ok || r < 0 {
		return nil, err
	}
	return d.(float64) <= r, nil
}

const geohashAlphabet = "0123456789bcdefghjkmnpqrstuvwxyz"

// geohashRow encodes a point as a geohash of the given accuracy (1 to
// 18 characters, 5 by default); "" for invalid input
// (https://learn.microsoft.com/kusto/query/geo-point-to-geohash-function).
func geohashRow(_ *Call, a []Value) (Value, error) {
	lon, ok1 := argReal(a[0])
	lat, ok2 := argReal(a[1])
	prec := int64(5)
	if len(a) == 3 {
		prec, _ = argLong(a[2])
	}
	if !ok1 || !ok2 || math.Abs(lat) > 90 || math.Abs(lon) > 180 || prec < 1 || prec > 18 {
		return "", nil
	}
	lonR, latR := [2]float64{-180, 180}, [2]float64{-90, 90}
	out := make([]byte, 0, prec)
	bit, ch, even := 0, 0, true
	for int64(len(out)) < prec {
		r, v := &latR, lat
		if even {
			r, v = &lonR, lon
		}
		mid := (r[0] + r[1]) / 2
		ch <<= 1
		if v >= mid {
			ch |= 1
			r[0] = mid
		} else {
			r[1] = mid
		}
		even = !even
		if bit++; bit == 5 {
			out = append(out, geohashAlphabet[ch])
			bit, ch = 0, 0
		}
	}
	return string(out), nil
}

// geohashCenterRow decodes a geohash to the GeoJSON point at the center
// of its cell; null for an invalid geohash
// (https://learn.microsoft.com/kusto/query/geo-geohash-to-central-point-function).
func geohashCenterRow(_ *Call, a []Value) (Value, error) {
	lonR, latR, ok := geohashBounds(argText(a[0]))
	if !ok {
		return nil, nil
	}
	return &Bag{Keys: []string{"type", "coordinates"}, Vals: []Value{"Point", []Value{(lonR[0] + lonR[1]) / 2, (latR[0] + latR[1]) / 2}}}, nil
}

// geoEntry is one row of the bundled IP location table.
type geoEntry struct {
	prefix               netip.Prefix
	country, state, city string
	lat, lon             float64
}

// geoTable is the small bundled table geo_info_from_ip_address answers
// from. Its scope: the two addresses of the reference page's examples
// and the well-known public resolvers (Google, Cloudflare, Quad9,
// OpenDNS), at the location the reference or the operator documents.
// Kusto answers from MaxMind's GeoLite2 data, which is licensed and not
// bundled; every other address, and private, loopback and invalid ones,
// gives null, which queries already handle for addresses GeoLite2 does
// not know.
var geoTable = []geoEntry{
	{netip.MustParsePrefix("20.53.203.50/32"), "Australia", "New South Wales", "Sydney", -33.8715, 151.2006},
	{netip.MustParsePrefix("2a03:2880:f12c:83:face:b00c::25de/128"), "United States", "Florida", "Boca Raton", 26.3594, -80.0771},
	{netip.MustParsePrefix("8.8.8.0/24"), "United States", "", "", 37.751, -97.822},
	{netip.MustParsePrefix("8.8.4.0/24"), "United States", "", "", 37.751, -97.822},
	{netip.MustParsePrefix("1.1.1.0/24"), "Australia", "", "", -33.494, 143.2104},
	{netip.MustParsePrefix("9.9.9.0/24"), "United States", "California", "Berkeley", 37.8767, -122.2676},
	{netip.MustParsePrefix("208.67.222.0/24"), "United States", "", "", 37.751, -97.822},
}

// geoInfoRow looks an address up in the bundled table; see [geoTable]
// for its scope (https://learn.microsoft.com/kusto/query/geo-info-from-ip-address-function).
func geoInfoRow(_ *Call, a []Value) (Value, error) {
	addr, err := netip.ParseAddr(argText(a[0]))
	if err != nil {
		return nil, nil
	}
	addr = addr.Unmap()
	for _, e := range geoTable {
		if e.prefix.Contains(addr) {
			bag := &Bag{}
			bag.Set("country", e.country)
			bag.Set("state", e.state)
			bag.Set("city", e.city)
			bag.Set("latitude", e.lat)
			bag.Set("longitude", e.lon)
			return bag, nil
		}
	}
	return nil, nil
}

// earthRadius is the radius of the sphere Kusto measures on, in meters:
// S2's 6371.01 km, which gives the reference's 1546754.35197381 m from
// Seattle to Los Angeles.
const earthRadius = 6371010.0

// geoDistanceRow is the great-circle distance in meters between two
// points given as longitude, latitude in degrees; null for coordinates
// out of range (https://learn.microsoft.com/kusto/query/geo-distance-2points-function).
func geoDistanceRow(_ *Call, a []Value) (Value, error) {
	var f [4]float64
	for i := range f {
		x, ok := argReal(a[i])
		if !ok || math.IsNaN(x) {
			return nil, nil
		}
		f[i] = x
	}
	lon1, lat1, lon2, lat2 := f[0], f[1], f[2], f[3]
	if math.Abs(lat1) > 90 || math.Abs(lat2) > 90 || math.Abs(lon1) > 180 || math.Abs(lon2) > 180 {
		return nil, nil
	}
	rad := math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * earthRadius * math.Asin(math.Min(1, math.Sqrt(h))), nil
}
