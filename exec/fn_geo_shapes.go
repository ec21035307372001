package exec

import (
	"math"
	"strings"
)

// geoShapeFunctions are the geospatial functions over GeoJSON lines,
// polygons and geohash cells, measured on the same sphere as
// geo_distance_2points (https://learn.microsoft.com/kusto/query/geospatial-introduction).
var geoShapeFunctions = []Function{
	{Name: "geo_azimuth", Sig: Fixed(TypeReal, TypeReal, TypeReal, TypeReal, TypeReal), Scalar: geoAzimuthRow},
	{Name: "geo_distance_point_to_line", Sig: Fixed(TypeReal, TypeReal, TypeReal, TypeDynamic), Scalar: geoDistanceToLineRow},
	{Name: "geo_line_length", Sig: Fixed(TypeReal, TypeDynamic), Scalar: geoLineLengthRow},
	{Name: "geo_point_in_polygon", Sig: Fixed(TypeBool, TypeReal, TypeReal, TypeDynamic), Scalar: geoPointInPolygonRow},
	{Name: "geo_geohash_to_polygon", Sig: Fixed(TypeDynamic, TypeString), Scalar: geohashPolygonRow},
	{Name: "geo_geohash_neighbors", Sig: Fixed(TypeDynamic, TypeString), Scalar: geohashNeighborsRow},
}

// geoPoint reads a longitude and latitude in degrees; false when either
// is missing or out of range.
func geoPoint(lon, lat Value) ([2]float64, bool) {
	x, ok1 := argReal(lon)
	y, ok2 := argReal(lat)
	if !ok1 || !ok2 || math.IsNaN(x) || math.IsNaN(y) || math.Abs(x) > 180 || math.Abs(y) > 90 {
		return [2]float64{}, false
	}
	return [2]float64{x, y}, true
}

// unitVector is a point on the unit sphere.
type unitVector [3]float64

func toUnit(p [2]float64) unitVector {
	lon, lat := p[0]*math.Pi/180, p[1]*math.Pi/180
	return unitVector{math.Cos(lat) * math.Cos(lon), math.Cos(lat) * math.Sin(lon), math.Sin(lat)}
}

func (u unitVector) dot(v unitVector) float64 { return u[0]*v[0] + u[1]*v[1] + u[2]*v[2] }

func (u unitVector) cross(v unitVector) unitVector {
	return unitVector{u[1]*v[2] - u[2]*v[1], u[2]*v[0] - u[0]*v[2], u[0]*v[1] - u[1]*v[0]}
}

func (u unitVector) norm() float64 { return math.Sqrt(u.dot(u)) }

// angle is the angle between two unit vectors, in radians.
func angle(u, v unitVector) float64 { return math.Atan2(u.cross(v).norm(), u.dot(v)) }

// arcDistance is the angle from p to the shorter great-circle arc a-b.
func arcDistance(p, a, b unitVector) float64 {
	n := a.cross(b)
	if nn := n.norm(); nn > 1e-15 {
		n = unitVector{n[0] / nn, n[1] / nn, n[2] / nn}
		s := p.dot(n)
		c := unitVector{p[0] - s*n[0], p[1] - s*n[1], p[2] - s*n[2]}
		if a.cross(c).dot(n) >= 0 && c.cross(b).dot(n) >= 0 {
			return math.Asin(math.Min(1, math.Abs(s)))
		}
	}
	return math.Min(angle(p, a), angle(p, b))
}

// geoMembers reads a GeoJSON shape of type single or multi and returns
// its coordinates as a list of members: one for single, each of the
// list for multi; false for another type or no coordinates array.
func geoMembers(v Value, single, multi string) ([]Value, bool) {
	bag, ok := argBag(v)
	if !ok {
		return nil, false
	}
	typ, _ := bag.Get("type")
	coords, _ := bag.Get("coordinates")
	arr, ok := argArray(coords)
	if !ok {
		return nil, false
	}
	switch typ {
	case single:
		return []Value{arr}, true
	case multi:
		return arr, true
	}
	return nil, false
}

// geoLines reads a GeoJSON LineString or MultiLineString as lists of
// points; false when it is neither or a coordinate is invalid.
func geoLines(v Value) ([][][2]float64, bool) {
	lines, ok := geoMembers(v, "LineString", "MultiLineString")
	if !ok {
		return nil, false
	}
	out := make([][][2]float64, 0, len(lines))
	for _, l := range lines {
		pts, ok := geoPoints(l)
		if !ok || len(pts) < 2 {
			return nil, false
		}
		out = append(out, pts)
	}
	return out, len(out) > 0
}

// geoPoints reads an array of [longitude, latitude] pairs.
func geoPoints(v Value) ([][2]float64, bool) {
	arr, ok := argArray(v)
	if !ok {
		return nil, false
	}
	pts := make([][2]float64, 0, len(arr))
	for _, e := range arr {
		pair, ok := argArray(e)
		if !ok || len(pair) < 2 {
			return nil, false
		}
		p, ok := geoPoint(pair[0], pair[1])
		if !ok {
			return nil, false
		}
		pts = append(pts, p)
	}
	return pts, true
}

// geoAzimuthRow is the clockwise angle in radians from true north of the
// great circle from point 1 to point 2; null for equal or antipodal
// points (https://learn.microsoft.com/kusto/query/geo-azimuth-function).
func geoAzimuthRow(_ *Call, a []Value) (Value, error) {
	p1, ok1 := geoPoint(a[0], a[1])
	p2, ok2 := geoPoint(a[2], a[3])
	if !ok1 || !ok2 {
		return nil, nil
	}
	u, v := toUnit(p1), toUnit(p2)
	if d := angle(u, v); d < 1e-15 || math.Pi-d < 1e-12 {
		return nil, nil
	}
	lat1, lat2 := p1[1]*math.Pi/180, p2[1]*math.Pi/180
	dlon := (p2[0] - p1[0]) * math.Pi / 180
	az := math.Atan2(math.Sin(dlon)*math.Cos(lat2), math.Cos(lat1)*math.Sin(lat2)-math.Sin(lat1)*math.Cos(lat2)*math.Cos(dlon))
	if az < 0 {
		az += 2 * math.Pi
	}
	return az, nil
}

// geoDistanceToLineRow is the shortest distance in meters from a point to
// a LineString or MultiLineString whose edges are great-circle arcs
// (https://learn.microsoft.com/kusto/query/geo-distance-point-to-line-function).
func geoDistanceToLineRow(_ *Call, a []Value) (Value, error) {
	p, ok := geoPoint(a[0], a[1])
	lines, ok2 := geoLines(a[2])
	if !ok || !ok2 {
		return nil, nil
	}
	u := toUnit(p)
	best := math.Inf(1)
	for _, l := range lines {
		for i := 1; i < len(l); i++ {
			best = math.Min(best, arcDistance(u, toUnit(l[i-1]), toUnit(l[i])))
		}
	}
	return best * earthRadius, nil
}

// geoLineLengthRow is the length in meters of a LineString or
// MultiLineString (https://learn.microsoft.com/kusto/query/geo-line-length-function).
func geoLineLengthRow(_ *Call, a []Value) (Value, error) {
	lines, ok := geoLines(a[0])
	if !ok {
		return nil, nil
	}
	total := 0.0
	for _, l := range lines {
		for i := 1; i < len(l); i++ {
			total += angle(toUnit(l[i-1]), toUnit(l[i]))
		}
	}
	return total * earthRadius, nil
}

// geoPolygons reads a GeoJSON Polygon or MultiPolygon as polygons, each
// an outer ring and holes.
func geoPolygons(v Value) ([][][][2]float64, bool) {
	polys, ok := geoMembers(v, "Polygon", "MultiPolygon")
	if !ok {
		return nil, false
	}
	var out [][][][2]float64
	for _, p := range polys {
		rings, ok := argArray(p)
		if !ok || len(rings) == 0 {
			return nil, false
		}
		var rs [][][2]float64
		for _, r := range rings {
			pts, ok := geoPoints(r)
			if !ok || len(pts) < 4 || pts[0] != pts[len(pts)-1] {
				return nil, false // a ring is closed and has three distinct points
			}
			rs = append(rs, pts)
		}
		out = append(out, rs)
	}
	return out, len(out) > 0
}

// inRing tells whether p is inside a closed ring, by the crossings of a
// ray along the latitude.
func inRing(p [2]float64, ring [][2]float64) bool {
	in := false
	for i, j := 0, len(ring)-1; i < len(ring); j, i = i, i+1 {
		a, b := ring[i], ring[j]
		if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < (b[0]-a[0])*(p[1]-a[1])/(b[1]-a[1])+a[0] {
			in = !in
		}
	}
	return in
}

// geoPointInPolygonRow tells whether a point lies in a Polygon or
// MultiPolygon (inside an outer ring and outside its holes). Edges are
// taken as straight in longitude and latitude, where Kusto takes them as
// geodesics: the two agree except close to long edges
// (https://learn.microsoft.com/kusto/query/geo-point-in-polygon-function).
func geoPointInPolygonRow(_ *Call, a []Value) (Value, error) {
	p, ok := geoPoint(a[0], a[1])
	polys, ok2 := geoPolygons(a[2])
	if !ok || !ok2 {
		return nil, nil
	}
	for _, rings := range polys {
		if !inRing(p, rings[0]) {
			continue
		}
		hole := false
		for _, h := range rings[1:] {
			hole = hole || inRing(p, h)
		}
		if !hole {
			return true, nil
		}
	}
	return false, nil
}

// geohashBounds decodes a geohash to its longitude and latitude ranges.
func geohashBounds(h string) (lon, lat [2]float64, ok bool) {
	lon, lat = [2]float64{-180, 180}, [2]float64{-90, 90}
	if h == "" || len(h) > 18 {
		return lon, lat, false
	}
	even := true
	for i := 0; i < len(h); i++ {
		idx := strings.IndexByte(geohashAlphabet, h[i])
		if idx < 0 {
			return lon, lat, false
		}
		for b := 4; b >= 0; b-- {
			r := &lat
			if even {
				r = &lon
			}
			mid := (r[0] + r[1]) / 2
			if idx>>b&1 == 1 {
				r[0] = mid
			} else {
				r[1] = mid
			}
			even = !even
		}
	}
	return lon, lat, true
}

// geohashPolygonRow is the GeoJSON polygon of a geohash cell, corners
// counterclockwise from the south-west one
// (https://learn.microsoft.com/kusto/query/geo-geohash-to-polygon-function).
func geohashPolygonRow(_ *Call, a []Value) (Value, error) {
	lon, lat, ok := geohashBounds(argText(a[0]))
	if !ok {
		return nil, nil
	}
	pt := func(x, y float64) Value { return []Value{x, y} }
	ring := []Value{pt(lon[0], lat[0]), pt(lon[1], lat[0]), pt(lon[1], lat[1]), pt(lon[0], lat[1]), pt(lon[0], lat[0])}
	return &Bag{Keys: []string{"type", "coordinates"}, Vals: []Value{"Polygon", []Value{ring}}}, nil
}

// geohashNeighborsRow lists the cells around a geohash, of its length, in
// the order of [geohashNeighborOrder]: the cells holding its center
// shifted by one cell; cells past a pole are left out
// (https://learn.microsoft.com/kusto/query/geo-geohash-neighbors-function).
func geohashNeighborsRow(c *Call, a []Value) (Value, error) {
	h := argText(a[0])
	lon, lat, ok := geohashBounds(h)
	if !ok {
		return nil, nil
	}
	w, ht := lon[1]-lon[0], lat[1]-lat[0]
	cx, cy := (lon[0]+lon[1])/2, (lat[0]+lat[1])/2
	out := []Value{}
	for _, d := range geohashNeighborOrder {
		y := cy + float64(d[1])*ht
		if y > 90 || y < -90 {
			continue
		}
		x := cx + float64(d[0])*w
		if x > 180 {
			x -= 360
		} else if x < -180 {
			x += 360
		}
		n, _ := geohashRow(c, []Value{x, y, int64(len(h))})
		out = append(out, n)
	}
	return out, nil
}

// geohashNeighborOrder is the order of the reference's example ("sunny"
// gives sunnt, sunpj, sunnx, sunpn, sunnv, sunpp, sunnz, sunnw), as
// (east, north) steps: south-west, north-west, south-east, north, west,
// north-east, east, south.
var geohashNeighborOrder = [8][2]int{{-1, -1}, {-1, 1}, {1, -1}, {0, 1}, {-1, 0}, {1, 1}, {1, 0}, {0, -1}}
