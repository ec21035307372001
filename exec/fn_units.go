package exec

import (
	"math"
	"strings"
)

// unitFunctions are KQL's unit conversion functions: convert_angle,
// convert_energy, convert_force, convert_length, convert_mass,
// convert_speed, convert_temperature and convert_volume
// (https://learn.microsoft.com/kusto/query/convert-length-function and
// its siblings). Kusto takes the units and their factors from the UnitsNet
// library; each table below gives a unit's size in the family's base unit
// (UnitsNet's base unit where it matters for rounding: degree, joule,
// newton, meter, kilogram, meter per second, cubic meter). Unit names are
// matched without regard to case; an unknown unit gives null.
var unitFunctions = []Function{
	{Name: "convert_angle", Sig: unitSig, Scalar: unitRow(angleUnits)},
	{Name: "convert_energy", Sig: unitSig, Scalar: unitRow(energyUnits)},
	{Name: "convert_force", Sig: unitSig, Scalar: unitRow(forceUnits)},
	{Name: "convert_length", Sig: unitSig, Scalar: unitRow(lengthUnits)},
	{Name: "convert_mass", Sig: unitSig, Scalar: unitRow(massUnits)},
	{Name: "convert_speed", Sig: unitSig, Scalar: unitRow(speedUnits)},
	{Name: "convert_temperature", Sig: unitSig, Scalar: unitRow(temperatureUnits)},
	{Name: "convert_volume", Sig: unitSig, Scalar: unitRow(volumeUnits)},
}

var unitSig = Fixed(TypeReal, TypeReal, TypeString, TypeString)

// unit converts a value to and from its family's base unit.
type unit struct {
	toBase, fromBase func(float64) float64
}

// times is a unit of f base units.
func times(f float64) unit {
	return unit{func(x float64) float64 { return x * f }, func(x float64) float64 { return x / f }}
}

// per is a unit of 1/f base units (UnitsNet defines some units so, and
// dividing by f rounds differently from multiplying by 1/f).
func per(f float64) unit {
	return unit{func(x float64) float64 { return x / f }, func(x float64) float64 { return x * f }}
}

type unitTable map[string]unit

// lookup finds a unit by name, ignoring case.
func (t unitTable) lookup(name string) (unit, bool) {
	if u, ok := t[name]; ok {
		return u, true
	}
	for k, u := range t {
		if strings.EqualFold(k, name) {
			return u, true
		}
	}
	return unit{}, false
}

func unitRow(t unitTable) ScalarFunc {
	return func(_ *Call, a []Value) (Value, error) {
		x, ok := argReal(a[0])
		if !ok {
			return nil, nil
		}
		from, ok := t.lookup(argText(a[1]))
		if !ok {
			return nil, nil
		}
		to, ok := t.lookup(argText(a[2]))
		if !ok {
			return nil, nil
		}
		return to.fromBase(from.toBase(x)), nil
	}
}

var angleUnits = unitTable{ // base: degree
	"Arcminute":   per(60),
	"Arcsecond":   per(3600),
	"Centiradian": times(1e-2 * 180 / math.Pi),
	"Deciradian":  times(1e-1 * 180 / math.Pi),
	"Degree":      times(1),
	"Gradian":     times(0.9),
	"Microdegree": times(1e-6),
	"Microradian": times(1e-6 * 180 / math.Pi),
	"Millidegree": times(1e-3),
	"Milliradian": times(1e-3 * 180 / math.Pi),
	"Nanodegree":  times(1e-9),
	"Nanoradian":  times(1e-9 * 180 / math.Pi),
	"NatoMil":     times(9.0 / 160),
	"Radian":      times(180 / math.Pi),
	"Revolution":  times(360),
	"Tilt": {
		func(x float64) float64 { return math.Asin(x) * 180 / math.Pi },
		func(x float64) float64 { return math.Sin(x / 180 * math.Pi) },
	},
}

const (
	btu          = 1055.05585262
	electronVolt = 1.602176634e-19
	thermEC      = 1.05505585262e8
	thermImp     = 1.05505585257348e8
	thermUS      = 1.054804e8
)

var energyUnits = unitTable{ // base: joule
	"BritishThermalUnit":     times(btu),
	"Calorie":                times(4.184),
	"DecathermEc":            times(10 * thermEC),
	"DecathermImperial":      times(10 * thermImp),
	"DecathermUs":            times(10 * thermUS),
	"ElectronVolt":           times(electronVolt),
	"Erg":                    times(1e-7),
	"FootPound":              times(1.355817948),
	"GigabritishThermalUnit": times(btu * 1e9),
	"GigaelectronVolt":       times(electronVolt * 1e9),
	"Gigajoule":              times(1e9),
	"GigawattDay":            times(24 * 3600 * 1e9),
	"GigawattHour":           times(3600 * 1e9),
	"HorsepowerHour":         times(2.6845195377e6),
	"Joule":                  times(1),
	"KilobritishThermalUnit": times(btu * 1e3),
	"Kilocalorie":            times(4184),
	"KiloelectronVolt":       times(electronVolt * 1e3),
	"Kilojoule":              times(1e3),
	"KilowattDay":            times(24 * 3600 * 1e3),
	"KilowattHour":           times(3600 * 1e3),
	"MegabritishThermalUnit": times(btu * 1e6),
	"Megacalorie":            times(4.184e6),
	"MegaelectronVolt":       times(electronVolt * 1e6),
	"Megajoule":              times(1e6),
	"MegawattDay":            times(24 * 3600 * 1e6),
	"MegawattHour":           times(3600 * 1e6),
	"Millijoule":             times(1e-3),
	"TeraelectronVolt":       times(electronVolt * 1e12),
	"TerawattDay":            times(24 * 3600 * 1e12),
	"TerawattHour":           times(3600 * 1e12),
	"ThermEc":                times(thermEC),
	"ThermImperial":          times(thermImp),
	"ThermUs":                times(thermUS),
	"WattDay":                times(24 * 3600),
	"WattHour":               times(3600),
}

var forceUnits = unitTable{ // base: newton
	"Decanewton":     times(10),
	"Dyn":            times(1e-5),
	"KilogramForce":  times(9.80665),
	"Kilonewton":     times(1e3),
	"KiloPond":       times(9.80665),
	"KilopoundForce": times(4448.2216152605),
	"Meganewton":     times(1e6),
	"Micronewton":    times(1e-6),
	"Millinewton":    times(1e-3),
	"Newton":         times(1),
	"OunceForce":     times(0.27801385095378125),
	"Poundal":        times(0.138254954376),
	"PoundForce":     times(4.4482216152605),
	"ShortTonForce":  times(8.896443230521e3),
	"TonneForce":     times(9.80665e3),
}

const (
	lightYear = 9.46073047258e15
	parsec    = 3.08567758128e16
	inch      = 2.54e-2
)

var lengthUnits = unitTable{ // base: meter
	"Angstrom":         times(1e-10),
	"AstronomicalUnit": times(1.4959787070e11),
	"Centimeter":       times(1e-2),
	"Chain":            times(20.1168),
	"DataMile":         times(1828.8),
	"Decameter":        times(10),
	"Decimeter":        times(1e-1),
	"DtpPica":          per(236.220472441),
	"DtpPoint":         times(inch / 72),
	"Fathom":           times(1.8288),
	"Foot":             times(0.3048),
	"Hand":             times(0.1016),
	"Hectometer":       times(1e2),
	"Inch":             times(inch),
	"KilolightYear":    times(lightYear * 1e3),
	"Kilometer":        times(1e3),
	"Kiloparsec":       times(parsec * 1e3),
	"LightYear":        times(lightYear),
	"MegalightYear":    times(lightYear * 1e6),
	"Megaparsec":       times(parsec * 1e6),
	"Meter":            times(1),
	"Microinch":        times(inch * 1e-6),
	"Micrometer":       times(1e-6),
	"Mil":              times(inch * 1e-3),
	"Mile":             times(1609.344),
	"Millimeter":       times(1e-3),
	"Nanometer":        times(1e-9),
	"NauticalMile":     times(1852),
	"Parsec":           times(parsec),
	"PrinterPica":      per(237.106301584),
	"PrinterPoint":     times(inch / 72.27),
	"Shackle":          times(27.432),
	"SolarRadius":      times(6.95510000e8),
	"Twip":             per(56692.913385826),
	"UsSurveyFoot":     times(1200.0 / 3937),
	"Yard":             times(0.9144),
}

const pound = 0.45359237

var massUnits = unitTable{ // base: kilogram
	"Centigram":          times(1e-5),
	"Decagram":           times(1e-2),
	"Decigram":           times(1e-4),
	"EarthMass":          times(5.9722e24),
	"Grain":              times(6.479891e-5),
	"Gram":               times(1e-3),
	"Hectogram":          times(1e-1),
	"Kilogram":           times(1),
	"Kilopound":          times(pound * 1e3),
	"Kilotonne":          times(1e6),
	"LongHundredweight":  times(50.80234544),
	"LongTon":            times(1016.0469088),
	"Megapound":          times(pound * 1e6),
	"Megatonne":          times(1e9),
	"Microgram":          times(1e-9),
	"Milligram":          times(1e-6),
	"Nanogram":           times(1e-12),
	"Ounce":              times(0.028349523125),
	"Pound":              times(pound),
	"ShortHundredweight": times(45.359237),
	"ShortTon":           times(907.18474),
	"Slug":               per(6.852176556196105e-2),
	"SolarMass":          times(1.98947e30),
	"Stone":              times(6.35029318),
	"Tonne":              times(1e3),
}

// speed is a length unit per time unit, in meters per second.
func speed(meters, seconds float64) unit {
	return unit{
		func(x float64) float64 { return x * meters / seconds },
		func(x float64) float64 { return x * seconds / meters },
	}
}

var speedUnits = unitTable{ // base: meter per second
	"CentimeterPerHour":     speed(1e-2, 3600),
	"CentimeterPerMinute":   speed(1e-2, 60),
	"CentimeterPerSecond":   speed(1e-2, 1),
	"DecimeterPerMinute":    speed(1e-1, 60),
	"DecimeterPerSecond":    speed(1e-1, 1),
	"FootPerHour":           speed(0.3048, 3600),
	"FootPerMinute":         speed(0.3048, 60),
	"FootPerSecond":         speed(0.3048, 1),
	"InchPerHour":           speed(inch, 3600),
	"InchPerMinute":         speed(inch, 60),
	"InchPerSecond":         speed(inch, 1),
	"KilometerPerHour":      speed(1e3, 3600),
	"KilometerPerMinute":    speed(1e3, 60),
	"KilometerPerSecond":    speed(1e3, 1),
	"Knot":                  times(0.514444),
	"MeterPerHour":          speed(1, 3600),
	"MeterPerMinute":        speed(1, 60),
	"MeterPerSecond":        speed(1, 1),
	"MicrometerPerMinute":   speed(1e-6, 60),
	"MicrometerPerSecond":   speed(1e-6, 1),
	"MilePerHour":           times(0.44704),
	"MillimeterPerHour":     speed(1e-3, 3600),
	"MillimeterPerMinute":   speed(1e-3, 60),
	"MillimeterPerSecond":   speed(1e-3, 1),
	"NanometerPerMinute":    speed(1e-9, 60),
	"NanometerPerSecond":    speed(1e-9, 1),
	"UsSurveyFootPerHour":   speed(1200.0/3937, 3600),
	"UsSurveyFootPerMinute": speed(1200.0/3937, 60),
	"UsSurveyFootPerSecond": speed(1200.0/3937, 1),
	"YardPerHour":           speed(0.9144, 3600),
	"YardPerMinute":         speed(0.9144, 60),
	"YardPerSecond":         speed(0.9144, 1),
}

// temperatureUnits follow UnitsNet's formulas term by term, so that 100
// degrees Celsius is 212 degrees Fahrenheit exactly.
var temperatureUnits = unitTable{ // base: kelvin
	"DegreeCelsius":      {func(x float64) float64 { return x + 273.15 }, func(k float64) float64 { return k - 273.15 }},
	"DegreeDelisle":      {func(x float64) float64 { return x*-2/3 + 373.15 }, func(k float64) float64 { return (k - 373.15) * -3 / 2 }},
	"DegreeFahrenheit":   {func(x float64) float64 { return x*5/9 + 459.67*5/9 }, func(k float64) float64 { return k*9/5 - 459.67 }},
	"DegreeNewton":       {func(x float64) float64 { return x*100/33 + 273.15 }, func(k float64) float64 { return (k - 273.15) * 33 / 100 }},
	"DegreeRankine":      {func(x float64) float64 { return x * 5 / 9 }, func(k float64) float64 { return k * 9 / 5 }},
	"DegreeReaumur":      {func(x float64) float64 { return x*5/4 + 273.15 }, func(k float64) float64 { return (k - 273.15) * 4 / 5 }},
	"DegreeRoemer":       {func(x float64) float64 { return x*40/21 + 273.15 - 7.5*40/21 }, func(k float64) float64 { return (k - (273.15 - 7.5*40.0/21)) * 21 / 40 }},
	"Kelvin":             times(1),
	"MillidegreeCelsius": {func(x float64) float64 { return x/1000 + 273.15 }, func(k float64) float64 { return (k - 273.15) * 1000 }},
	"SolarTemperature":   times(5778),
}

const (
	cubicFoot = 2.8316846592e-2
	usGallon  = 3.785411784e-3
	impGallon = 4.54609e-3
)

var volumeUnits = unitTable{ // base: cubic meter
	"AcreFoot":           per(0.000810714),
	"AuTablespoon":       times(2e-5),
	"BoardFoot":          times(2.3597372158e-3),
	"Centiliter":         times(1e-5),
	"CubicCentimeter":    times(1e-6),
	"CubicDecimeter":     times(1e-3),
	"CubicFoot":          times(cubicFoot),
	"CubicHectometer":    times(1e6),
	"CubicInch":          times(1.6387064e-5),
	"CubicKilometer":     times(1e9),
	"CubicMeter":         times(1),
	"CubicMicrometer":    times(1e-18),
	"CubicMile":          times(4.16818182544058e9),
	"CubicMillimeter":    times(1e-9),
	"CubicYard":          times(0.764554858),
	"Decaliter":          times(1e-2),
	"DecausGallon":       times(usGallon * 1e1),
	"Deciliter":          times(1e-4),
	"DeciusGallon":       times(usGallon * 1e-1),
	"HectocubicFoot":     times(cubicFoot * 1e2),
	"HectocubicMeter":    times(1e2),
	"Hectoliter":         times(1e-1),
	"HectousGallon":      times(usGallon * 1e2),
	"ImperialBeerBarrel": times(0.16365924),
	"ImperialGallon":     times(impGallon),
	"ImperialOunce":      times(2.84130625e-5),
	"ImperialPint":       times(5.6826125e-4),
	"KilocubicFoot":      times(cubicFoot * 1e3),
	"KilocubicMeter":     times(1e3),
	"KiloimperialGallon": times(impGallon * 1e3),
	"Kiloliter":          times(1),
	"KilousGallon":       times(usGallon * 1e3),
	"Liter":              times(1e-3),
	"MegacubicFoot":      times(cubicFoot * 1e6),
	"MegaimperialGallon": times(impGallon * 1e6),
	"Megaliter":          times(1e3),
	"MegausGallon":       times(usGallon * 1e6),
	"MetricCup":          times(2.5e-4),
	"MetricTeaspoon":     times(0.5e-5),
	"Microliter":         times(1e-9),
	"Milliliter":         times(1e-6),
	"OilBarrel":          times(0.158987294928),
	"UkTablespoon":       times(1.5e-5),
	"UsBeerBarrel":       times(0.1173477658),
	"UsCustomaryCup":     times(2.365882365e-4),
	"UsGallon":           times(usGallon),
	"UsLegalCup":         times(2.4e-4),
	"UsOunce":            times(2.95735295625e-5),
	"UsPint":             times(4.73176473e-4),
	"UsQuart":            times(9.46352946e-4),
	"UsTablespoon":       times(1.478676478125e-5),
	"UsTeaspoon":         times(4.92892159375e-6),
}
