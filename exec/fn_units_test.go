package exec

import "testing"

// Cases cite https://learn.microsoft.com/kusto/query/convert-<family>-function.
func TestUnitFunctions(t *testing.T) {
	runFnCases(t, []fnCase{
		{"doc", "convert_angle", a(1.2, "Degree", "Arcminute"), "72"},
		{"doc", "convert_energy", a(1.2, "Joule", "BritishThermalUnit"), "0.0011373805443759806"},
		{"doc", "convert_force", a(1.2, "Newton", "Decanewton"), "0.12"},
		{"doc", "convert_length", a(1.2, "Meter", "Foot"), "3.9370078740157477"},
		{"doc", "convert_mass", a(1.2, "Kilogram", "Pound"), "2.6455471462185307"},
		{"doc", "convert_speed", a(1.2, "MeterPerSecond", "CentimeterPerHour"), "432000"},
		{"doc", "convert_volume", a(1.2, "CubicMeter", "AcreFoot"), "0.0009728568"},
		{"kelvin to celsius", "convert_temperature", a(1.2, "Kelvin", "DegreeCelsius"), "-271.95"},
		{"celsius to kelvin", "convert_temperature", a(0.0, "DegreeCelsius", "Kelvin"), "273.15"},
		{"mile", "convert_length", a(1.0, "Mile", "Kilometer"), "1.609344"},
		{"case-insensitive names", "convert_length", a(1.0, "mile", "kilometer"), "1.609344"},
		{"gallon", "convert_volume", a(1.0, "UsGallon", "Liter"), "3.785411784"},
		{"tilt", "convert_angle", a(1.0, "Tilt", "Degree"), "90"},
		{"unknown unit is null", "convert_mass", a(1.0, "Kilogram", "Furlong"), "<null>"},
		{"null value", "convert_force", a(null(TypeReal), "Newton", "Dyn"), "<null>"},
	})
}
