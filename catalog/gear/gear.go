// Package gear is yanchu's spur gear domain (齿轮): one involute spur gear, or a
// pair laid out in mesh, flat on the bed, with a centre bore and an optional
// hub. It registers itself with package catalog.
//
// Geometry: z teeth of module m and pressure angle α have the pitch radius
// r = m·z/2, the base radius rb = r·cos α, the tip radius ra = m(z/2+1) and the
// root radius rf = m(z/2−1.25). The flank is a true involute of the base circle
// from rb to ra, with the standard tooth thickness π·m/2 on the pitch circle (no
// thinning: a pair's play comes from its centre distance). Below the base
// circle, where it lies above the root circle, the flank runs on as a radial
// line; a root fillet of radius 0.38·m (less where the space is narrower) joins
// it to the root circle. The outline is a profile.Shape of this package whose
// field is the exact distance to that outline, with the involute drawn within
// 0.0015 mm (see outline).
//
// A pair stands at the centre distance a = m(z1+z2)/2 + backlash: gear 1 at the
// origin with a space centred on +X, gear 2 at (a, 0) with a tooth pointing back
// at gear 1, so the play is the same on both flanks. The two flanks are then
// about backlash·sin α apart, far less than a grid cell, so the model asks for
// each gear to be meshed on its own (catalog.Model.BodiesApart).
//
// Meshing: the model gives its surface in closed form (catalog.Model.Surface,
// see surface.go): the outline cut into chords within the tolerance, side
// walls, flat faces, hub and bore, every point within the tolerance of the
// solid. make uses it unless a cell is asked for: 50 to 140 ms for the
// examples, words to 3MF and STL (BenchmarkMake). On the grid (--cell),
// Model.Cell keeps the tip lands and root spaces open.
package gear

import (
	_ "embed"
	"fmt"
	"math"

	"yanchu/badinput"
	"yanchu/catalog"
	"yanchu/spec"
)

//go:embed lexicon.tsv
var lexicon []byte

func init() { catalog.Register(domain{}) }

// domain is the spur gear domain.
type domain struct{}

// Limits that the printer and the solid put on a gear.
const (
	// maxSpan is the longest side (mm) of a gear or a pair laid out: larger
	// than any desktop printer's bed, as the puzzle ball's 500 mm.
	maxSpan = 500.0
	// rimShare is the least rim under the root circle, around the bore, in
	// modules: 1.5·m carries the teeth's load into the hub.
	rimShare = 1.5
	// minBore is the smallest bore (mm) that prints open.
	minBore = 1.0
	// hubWall is the least wall (mm) of a hub around its bore: three 0.4 mm lines.
	hubWall = 1.2
	// minTip is the tip land (mm) an FDM printer draws cleanly: two widths of a
	// 0.4 mm nozzle.
	minTip = 0.8
	// minPlay is the least gap (mm) between the flanks of a pair: less, and the
	// two gears are one body in any file.
	minPlay = 0.01
)

var schema = &spec.Schema{
	Domain: "gear",
	Zh:     "直齿圆柱齿轮：渐开线齿形，单个或一对啮合",
	En:     "spur gear: involute teeth, one gear or a meshing pair",
	Length: "pitch_diameter",
	Params: []spec.Param{
		{Name: "teeth", Kind: spec.Count, Min: 6, Max: 300, Default: 20, Then: "teeth2",
			Zh: "齿数", En: "number of teeth"},
		{Name: "teeth2", Kind: spec.Count, Min: 0, Max: 300, Default: 0, Derived: true,
			Zh: "一对齿轮中第二个齿轮的齿数，6 到 300；0 为单个齿轮；只说一对时与第一个相同",
			En: "teeth of the second gear of a pair, 6 to 300; 0 for one gear; the same as the first for a pair said without it"},
		{Name: "pair", Kind: spec.Choice, Choices: []string{"no", "yes"}, DefaultText: "no", Derived: true,
			Zh: "一对啮合的齿轮（说了第二个齿数即为一对）", En: "a meshing pair (yes when a second tooth count is said)"},
		{Name: "layout", Kind: spec.Choice, Choices: []string{"mesh", "apart"}, DefaultText: "mesh",
			Zh: "一对齿轮的摆放：mesh 按中心距啮合摆放（看啮合、量中心距）；apart 分开摆放，便于打印", En: "how a pair lies: mesh, engaged at the centre distance (to see them engage); apart, side by side to print"},
		{Name: "module", Kind: spec.Number, Min: 0.3, Max: 10, Default: 1, Derived: true,
			Zh: "模数：分度圆直径除以齿数（毫米）", En: "module: pitch diameter over the number of teeth (mm)"},
		{Name: "pitch_diameter", Kind: spec.Length, Unit: "mm", Min: 1.8, Max: 3000, Derived: true, Diameter: true,
			Zh: "分度圆直径（一对齿轮时指第一个；说了就由它算模数）", En: "pitch diameter (of the first gear of a pair; when said, the module follows from it)"},
		{Name: "pressure_angle", Kind: spec.Angle, Unit: "deg", Min: 14.5, Max: 30, Default: 20,
			Zh: "压力角", En: "pressure angle"},
		{Name: "thickness", Kind: spec.Length, Unit: "mm", Min: 1, Max: 200, Default: 5, Derived: true,
			Zh: "齿宽（齿轮厚度），默认 5 倍模数、至少 3 毫米", En: "face width (the gear's thickness); 5 modules and at least 3 mm unless said"},
		{Name: "bore", Kind: spec.Length, Unit: "mm", Min: 0, Max: 400, Derived: true,
			Zh: "中心轴孔直径，0 为无孔；默认约为齿根圆直径的四分之一", En: "diameter of the centre bore, 0 for none; about a quarter of the root diameter unless said"},
		{Name: "backlash", Kind: spec.Length, Unit: "mm", Min: 0, Max: 1, Default: 0.2,
			Zh: "一对齿轮中心距的加量（侧隙），FDM 打印取 0.2 毫米", En: "extra centre distance of a pair, for play (0.2 mm suits FDM)"},
		{Name: "hub", Kind: spec.Length, Unit: "mm", Min: 0, Max: 400, Default: 0,
			Zh: "轮毂直径，0 为无轮毂", En: "hub diameter, 0 for no hub"},
		{Name: "hub_length", Kind: spec.Length, Unit: "mm", Min: 0, Max: 200, Derived: true,
			Zh: "轮毂高出齿轮端面的高度，默认等于齿宽", En: "how far the hub stands above the gear's face; the face width unless said"},
	},
}

// Schema returns the gear's parameters.
func (domain) Schema() *spec.Schema { return schema }

// Lexicon returns the gear's words (lexicon.tsv).
func (domain) Lexicon() []byte { return lexicon }

// Resolve fills in what was not said and refuses what cannot be made. Every
// refusal is a *badinput.Error naming what would work.
func (domain) Resolve(in *spec.Spec) (*spec.Spec, error) {
	s := in.Clone()
	if s.Params == nil {
		s.Params = map[string]spec.Value{}
	}
	set := func(name string, v spec.Value) {
		if !s.Has(name) {
			s.Params[name] = v
		}
	}
	// teeth2 = 0 stands for one gear, so that every parameter has a value and
	// the canonical words of a single gear read back.
	second := s.Has("teeth2") && s.Num("teeth2") != 0
	switch {
	case second && s.Has("pair") && s.Text("pair") == "no":
		return nil, badinput.New(badinput.Conflict,
			"gear: a second tooth count (%s) makes a pair, but a single gear was asked for; drop one of them", spec.FormatNumber(s.Num("teeth2")))
	case s.Has("teeth2") && !second && s.Text("pair") == "yes":
		return nil, badinput.New(badinput.Conflict,
			"gear: a pair was asked for with teeth2 = 0, which means one gear; give the second gear's teeth (6 to 300), or leave teeth2 out for two alike")
	case second && (s.Num("teeth2") < 6 || s.Num("teeth2") > 300 || s.Num("teeth2") != math.Trunc(s.Num("teeth2"))):
		return nil, &badinput.Error{Code: badinput.OutOfRange, Suggestions: []string{"teeth2"}, Message: fmt.Sprintf(
			"gear: teeth2 must be a whole number from 6 to 300, or 0 for one gear, got %s", spec.FormatNumber(s.Num("teeth2")))}
	case second:
		set("pair", spec.Value{Text: "yes", Source: spec.Derived})
	}
	set("pair", spec.Value{Text: "no", Source: spec.Default})
	set("layout", spec.Value{Text: "mesh", Source: spec.Default})
	set("teeth", spec.Value{Num: 20, Source: spec.Default})
	set("pressure_angle", spec.Value{Num: 20, Unit: "deg", Source: spec.Default})
	set("backlash", spec.Value{Num: 0.2, Unit: "mm", Source: spec.Default})
	set("hub", spec.Value{Num: 0, Unit: "mm", Source: spec.Default})
	if err := check(s); err != nil {
		return nil, err
	}
	pair := s.Text("pair") == "yes"
	if pair {
		set("teeth2", spec.Value{Num: s.Num("teeth"), Source: spec.Derived})
	} else {
		set("teeth2", spec.Value{Num: 0, Source: spec.Derived})
	}
	if err := resolveModule(s); err != nil {
		return nil, err
	}
	m := s.Num("module")
	set("thickness", spec.Value{Num: math.Max(3, round(5*m, 0.5)), Unit: "mm", Source: spec.Derived})
	if err := check(s); err != nil {
		return nil, err
	}
	p, err := planOf(s)
	if err != nil {
		return nil, err
	}
	if span := p.span(); span > maxSpan {
		most := math.Floor(100*m*maxSpan/span) / 100
		return nil, badinput.New(badinput.Infeasible,
			"gear: %s is %s mm across, more than the %s mm yanchu makes; a module of at most %s fits",
			p.what(), spec.FormatNumber(round(span, 0.1)), spec.FormatNumber(maxSpan), spec.FormatNumber(most))
	}
	if err := resolveBore(s, p); err != nil {
		return nil, err
	}
	if err := check(s); err != nil {
		return nil, err
	}
	if pair {
		if p, err = planOf(s); err != nil {
			return nil, err
		}
		switch gap := p.leastGap(); {
		case gap >= minPlay:
		case p.backlash*math.Sin(p.alpha) < minPlay:
			return nil, badinput.New(badinput.Infeasible,
				"gear: with %s mm of backlash the pair's flanks are %s mm apart and print fused; a backlash of at least %s mm keeps them apart (0.2 mm suits FDM)",
				spec.FormatNumber(p.backlash), spec.FormatNumber(round(math.Max(gap, 0), 0.001)), spec.FormatNumber(math.Ceil(100*2*minPlay/math.Sin(p.alpha))/100))
		default:
			return nil, badinput.New(badinput.Infeasible,
				"gear: at %s mm apart the %d- and %d-tooth gears overlap (the tips of one reach into the other's roots); more teeth on the smaller gear, or a larger pressure angle, would work",
				spec.FormatNumber(round(p.a, 0.001)), p.z1, p.z2)
		}
	}
	return s, nil
}

// check runs the schema's range check as an out_of_range error.
func check(s *spec.Spec) error {
	if name, msg := spec.Check(schema, s); msg != "" {
		return &badinput.Error{Code: badinput.OutOfRange, Message: "gear: " + msg, Suggestions: []string{name}}
	}
	return nil
}

// resolveModule works out the module and the pitch diameter from each other.
func resolveModule(s *spec.Spec) error {
	z := s.Num("teeth")
	switch {
	case s.Has("module") && s.Has("pitch_diameter"):
		d, m := s.Num("pitch_diameter"), s.Num("module")
		// A module worked out from a pitch diameter is rounded to 6 decimals,
		// which moves m·z by up to z·0.5e-6: both read back together.
		if math.Abs(d-m*z) > 1e-6*(z+d) {
			return badinput.New(badinput.Conflict,
				"gear: module %s with %s teeth gives a pitch diameter of %s mm, not %s mm; say the module or the pitch diameter, not both",
				spec.FormatNumber(m), spec.FormatNumber(z), spec.FormatNumber(round(m*z, 1e-6)), spec.FormatNumber(d))
		}
	case s.Has("pitch_diameter"):
		d := s.Num("pitch_diameter")
		m := round(d/z, 1e-6)
		mp, _ := schema.Param("module")
		if m < mp.Min || m > mp.Max {
			return badinput.New(badinput.OutOfRange,
				"gear: a %s mm pitch diameter with %s teeth gives module %s, outside %s to %s; %s teeth fit a pitch diameter of %s to %s mm",
				spec.FormatNumber(d), spec.FormatNumber(z), spec.FormatNumber(m), spec.FormatNumber(mp.Min), spec.FormatNumber(mp.Max),
				spec.FormatNumber(z), spec.FormatNumber(round(mp.Min*z, 1e-6)), spec.FormatNumber(round(mp.Max*z, 1e-6)))
		}
		s.Params["module"] = spec.Value{Num: m, Source: spec.Derived}
	default:
		if !s.Has("module") {
			s.Params["module"] = spec.Value{Num: 1, Source: spec.Default}
		}
		s.Params["pitch_diameter"] = spec.Value{Num: round(s.Num("module")*z, 1e-6), Unit: "mm", Source: spec.Derived}
	}
	return nil
}

// resolveBore settles the bore and the hub: the bore leaves a rim of 1.5·m under
// the root circle of the smaller gear, and a hub wall of 1.2 mm.
func resolveBore(s *spec.Spec, p *plan) error {
	m, rf, which := p.m, p.rootRadius(), p.smaller()
	maxBore := 2 * (rf - rimShare*m)
	hub := s.Num("hub")
	if hub > 0 {
		if hub < 2*hubWall {
			return badinput.New(badinput.OutOfRange,
				"gear: a %s mm hub is too thin to print; say at least %s mm, or hub 0 for none", spec.FormatNumber(hub), spec.FormatNumber(2*hubWall))
		}
		// The hub leaves half a module of the face around it, inside the root
		// circle, so the mate's tips pass it and the face between stays a face.
		if most := 2 * (rf - m/2); hub > most {
			return badinput.New(badinput.Infeasible,
				"gear: a %s mm hub reaches too close to the %s mm root circle of %s; at most %s mm fits",
				spec.FormatNumber(hub), spec.FormatNumber(round(2*rf, 0.01)), which, spec.FormatNumber(floorTo(most, 0.1)))
		}
		maxBore = math.Min(maxBore, hub-2*hubWall)
	}
	if s.Has("bore") {
		b := s.Num("bore")
		switch {
		case b > 0 && b < minBore:
			return badinput.New(badinput.OutOfRange,
				"gear: a %s mm bore does not print open; say bore 0 for none, or at least %s mm", spec.FormatNumber(b), spec.FormatNumber(minBore))
		case b > maxBore+1e-9 && hub > 0 && hub-2*hubWall < 2*(rf-rimShare*m):
			return badinput.New(badinput.Infeasible,
				"gear: a %s mm bore leaves less than a %s mm wall in the %s mm hub; at most %s mm fits, or a hub of at least %s mm",
				spec.FormatNumber(b), spec.FormatNumber(hubWall), spec.FormatNumber(hub), spec.FormatNumber(floorTo(maxBore, 0.1)),
				spec.FormatNumber(math.Ceil(10*(b+2*hubWall))/10))
		case b > maxBore+1e-9:
			return badinput.New(badinput.Infeasible,
				"gear: a %s mm bore leaves %s mm of rim under the root circle of %s, less than the %s mm (1.5 modules) the teeth need; %s",
				spec.FormatNumber(b), spec.FormatNumber(round(rf-b/2, 0.01)), which, spec.FormatNumber(round(rimShare*m, 0.01)), fitsBore(maxBore))
		}
	} else {
		b := math.Max(2, round(0.25*2*rf, 0.5))
		if b > maxBore {
			b = floorTo(maxBore, 0.5)
		}
		if b < minBore {
			b = 0
		}
		s.Params["bore"] = spec.Value{Num: b, Unit: "mm", Source: spec.Derived}
	}
	if hub > 0 {
		if !s.Has("hub_length") {
			s.Params["hub_length"] = spec.Value{Num: s.Num("thickness"), Unit: "mm", Source: spec.Derived}
		}
		if s.Num("hub_length") <= 0 {
			return badinput.New(badinput.OutOfRange,
				"gear: a hub needs a length above the face; say a hub_length above 0, such as %s mm, or hub 0 for none", spec.FormatNumber(s.Num("thickness")))
		}
		return nil
	}
	if s.Has("hub_length") && s.Num("hub_length") > 0 {
		return badinput.New(badinput.Conflict,
			"gear: a hub length of %s mm was said without a hub diameter; say both, such as hub %s, or neither",
			spec.FormatNumber(s.Num("hub_length")), spec.FormatNumber(floorTo(math.Min(2*(rf-m/2), math.Max(s.Num("bore")+6, rf)), 0.5)))
	}
	if !s.Has("hub_length") {
		s.Params["hub_length"] = spec.Value{Num: 0, Unit: "mm", Source: spec.Derived}
	}
	return nil
}

// fitsBore says which bores fit under maxBore (mm).
func fitsBore(maxBore float64) string {
	if maxBore < minBore {
		return "this gear takes no bore: say bore 0, or use a larger module or more teeth"
	}
	return "at most " + spec.FormatNumber(floorTo(maxBore, 0.1)) + " mm fits"
}

// round returns x rounded to a multiple of step, which is 1/k for a whole k
// (0.5, 0.01, 1e-6), so the result is the nearest float to a decimal.
func round(x, step float64) float64 {
	k := math.Round(1 / step)
	return math.Round(x*k) / k
}

// floorTo returns x rounded down to a multiple of step, which is 1/k for a
// whole k.
func floorTo(x, step float64) float64 {
	k := math.Round(1 / step)
	return math.Floor(x*k+1e-9) / k
}

// what names the gear or pair of the plan, for messages.
func (p *plan) what() string {
	if p.t2 != nil {
		return fmt.Sprintf("the pair of %d and %d teeth of module %s", p.z1, p.z2, spec.FormatNumber(p.m))
	}
	return fmt.Sprintf("a %d-tooth gear of module %s", p.z1, spec.FormatNumber(p.m))
}

// smaller names the smaller gear of the plan, for messages.
func (p *plan) smaller() string {
	if p.t2 != nil && p.z1 != p.z2 {
		return fmt.Sprintf("the %d-tooth gear", min(p.z1, p.z2))
	}
	return "the gear"
}
