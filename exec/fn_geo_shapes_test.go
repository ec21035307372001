package exec

import (
	"math"
	"testing"
)

// Cases cite https://learn.microsoft.com/kusto/query/<name>-function.
func TestGeoShapeFunctions(t *testing.T) {
	runFnCases(t, []fnCase{
		{"doc", "geo_geohash_neighbors", a("sunny"), `["sunnt","sunpj","sunnx","sunpn","sunnv","sunpp","sunnz","sunnw"]`},
		{"doc invalid", "geo_geohash_neighbors", a("a"), "<null>"},
		{"doc", "geo_geohash_to_polygon", a("sunny"),
			`{"type":"Polygon","coordinates":[[[42.451171875,23.6865234375],[42.4951171875,23.6865234375],[42.4951171875,23.73046875],[42.451171875,23.73046875],[42.451171875,23.6865234375]]]}`},
		{"doc same point null", "geo_azimuth", a(5.0, 10.0, 5.0, 10.0), "<null>"},
		{"invalid coordinate null", "geo_azimuth", a(200.0, 10.0, 5.0, 10.0), "<null>"},
		{"doc invalid line null", "geo_distance_point_to_line", a(1.0, 1.0, dyn(`{"type":"LineString"}`)), "<null>"},
		{"doc invalid coordinate null", "geo_distance_point_to_line", a(300.0, 3.0, dyn(`{"type":"LineString","coordinates":[[1,1],[2,2]]}`)), "<null>"},
		{"doc one point null", "geo_line_length", a(dyn(`{"type":"LineString","coordinates":[[1,1]]}`)), "<null>"},
		{"doc in polygon with hole", "geo_point_in_polygon", a(-73.985654, 40.748487, manhattan), "true"},
		{"doc in the hole", "geo_point_in_polygon", a(-73.963249, 40.779525, manhattan), "false"},
		{"doc outside", "geo_point_in_polygon", a(-73.874367, 40.777356, manhattan), "false"},
		{"not a polygon null", "geo_point_in_polygon", a(1.0, 1.0, dyn(`{"type":"Point","coordinates":[1,1]}`)), "<null>"},
	})
}

// manhattan is the reference's polygon of Manhattan with Central Park
// as a hole.
var manhattan = dyn(`{"type":"Polygon","coordinates":[[[-73.92597198486328,40.87821814104651],[-73.94691467285156,40.85069618625578],[-73.94691467285156,40.841865966890786],[-74.01008605957031,40.7519385984599],[-74.01866912841797,40.704586878965245],[-74.01214599609375,40.699901911003046],[-73.99772644042969,40.70875101828792],[-73.97747039794922,40.71083299030839],[-73.97026062011719,40.7290474687069],[-73.97506713867186,40.734510840309376],[-73.970947265625,40.74543623770158],[-73.94210815429688,40.77586181063573],[-73.9434814453125,40.78080140115127],[-73.92974853515625,40.79691751000055],[-73.93077850341797,40.804454347291006],[-73.93489837646484,40.80965166748853],[-73.93524169921875,40.837190668541105],[-73.92288208007812,40.85770758108904],[-73.9101791381836,40.871728144624974],[-73.92597198486328,40.87821814104651]],[[-73.95824432373047,40.80071852197889],[-73.98206233978271,40.76815921628347],[-73.97309303283691,40.76422632379533],[-73.94914627075195,40.796949998204596],[-73.95824432373047,40.80071852197889]]]}`)

// TestGeoShapeMeasures checks the measured examples of the reference to
// the digits it prints.
func TestGeoShapeMeasures(t *testing.T) {
	tests := []struct {
		name string
		fn   string
		args []Value
		want float64
	}{
		// https://learn.microsoft.com/kusto/query/geo-azimuth-function
		{"azimuth", "geo_azimuth", a(5.0, 10.0, 10.0, -40.0), 3.05459939796449},
		// https://learn.microsoft.com/kusto/query/geo-distance-point-to-line-function
		{"distance to road", "geo_distance_point_to_line", a(-115.199625, 36.210419, dyn(`{"type":"LineString","coordinates":[[-115.115385,36.229195],[-115.136995,36.200366],[-115.140252,36.192470],[-115.143558,36.188523],[-115.144076,36.181954],[-115.154662,36.174483],[-115.166431,36.176388],[-115.183289,36.175007],[-115.192612,36.176736],[-115.202485,36.173439],[-115.225355,36.174365]]}`)), 3797.88887253334},
		// https://learn.microsoft.com/kusto/query/geo-line-length-function
		{"line", "geo_line_length", a(dyn(`{"type":"LineString","coordinates":[[-73.95807266235352,40.800426144169315],[-73.94966125488281,40.79691751000055],[-73.97317886352539,40.764486356930334]]}`)), 4922.48016992081},
		{"multiline", "geo_line_length", a(dyn(`{"type":"MultiLineString","coordinates":[[[-73.95798683166502,40.800556090021466],[-73.98193359375,40.76819171855746]],[[-73.94940376281738,40.79691751000055],[-73.97317886352539,40.76435634049001]]]}`)), 8262.24339753741},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, columns := range []bool{false, true} {
				v, _, err := evalFunc(NewRegistry(), tt.fn, tt.args, columns)
				got, ok := v.(float64)
				if err != nil || !ok || math.Abs(got-tt.want) > 1e-9*math.Abs(tt.want) {
					t.Errorf("%s%v (columns %v) = %v, %v; want %v", tt.fn, tt.args, columns, v, err, tt.want)
				}
			}
		})
	}
}
