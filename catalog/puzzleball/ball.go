package puzzleball

import (
	_ "embed"

	"fmt"
	"math"
	"strings"
	"yanchu/catalog"

	"yanchu/badinput"
	"yanchu/geom"
	"yanchu/spec"
)

// The puzzle ball (鬼工球): concentric shells around a solid core, each shell pierced
// by conical holes drilled toward the centre, every shell captive and free to turn.
//
// Geometry: with n layers (the core counts as one), diameter D = 2R, wall t and gap
// g, the pitch is p = t + g; shell k (k = 1 outermost) spans radii R-(k-1)p-t to
// R-(k-1)p and the core has radius r0 = R-(n-1)p. All holes share one half-angle a,
// their apex at the centre.
//
// Rules the generator proves before it builds anything:
//   - captive: every opening is at least 1 mm narrower than the shell inside it.
//     An opening through shell k is narrowest at its inner radius rho, where it is
//     2·rho·sin a across, and the shell inside is 2(rho-g) across; the innermost
//     shell, around the core, binds;
//   - ligament: between neighbouring openings theta apart, the innermost holed
//     surface keeps an arc rho(theta - 2a) of at least two nozzle widths.
//
// Print aids, breakaway ties and a flat base, and the print orientation are in
// puzzleball_print.go.
type puzzleBall struct{}

func init() { catalog.Register(puzzleBall{}) }

//go:embed lexicon.tsv
var lexicon []byte

func (puzzleBall) Lexicon() []byte { return lexicon }

// process holds the numbers a printing process can hold.
type process struct {
	name string
	// wall is the thinnest wall (mm) and wallMax the thickest the derived wall gets:
	// when the layers leave room, walls thicken toward wallMax, which makes shells
	// stronger and spreads them through the ball as carved ones are, instead of
	// leaving a large core.
	wall, wallMax float64
	// gap is the radial clearance: 0.4 mm keeps PLA shells free on a 0.4 mm nozzle
	// (0.3 worked in test prints, 0.5 was loose); resin holds 0.3 mm.
	gap float64
	// ligament is the least material between openings: two line widths on FDM.
	ligament float64
	// core is the smallest core radius: a 6 mm bead on FDM, 4 mm on resin.
	core float64
	// tie is the diameter (mm) of a breakaway tie across a gap: 1.0 mm on FDM, two
	// and a half lines of a 0.4 mm nozzle, so it prints as a solid pillar yet
	// snaps; 0.6 mm on resin, the least unsupported wall a resin printer holds.
	tie float64
}

var processes = map[string]process{
	"fdm":   {name: "fdm", wall: 1.6, wallMax: 3.0, gap: 0.4, ligament: 0.8, core: 3.0, tie: 1.0},
	"resin": {name: "resin", wall: 1.0, wallMax: 2.0, gap: 0.3, ligament: 0.5, core: 2.0, tie: 0.6},
}

// captiveMargin is how much narrower (mm) an opening is than the shell inside it.
const captiveMargin = 1.0

var puzzleBallSchema = &spec.Schema{
	Domain: "puzzleball",
	Zh:     "鬼工球：一体雕出的同心球，每层都能自由转动",
	En:     "Chinese puzzle ball: concentric shells carved from one piece, each free to turn",
	Length: "diameter",
	Params: []spec.Param{
		{Name: "layers", Kind: spec.Count, Min: 2, Max: 1000, Default: 8,
			Zh: "层数（含最里面的球芯）", En: "layers, counting the innermost core"},
		{Name: "diameter", Kind: spec.Length, Unit: "mm", Min: 10, Max: 500, Default: 80, Derived: true, Diameter: true,
			Zh: "外径", En: "outer diameter"},
		{Name: "wall", Kind: spec.Length, Unit: "mm", Min: 0.3, Max: 10, Default: 1.6, Derived: true,
			Zh: "每层壁厚", En: "shell thickness"},
		{Name: "gap", Kind: spec.Length, Unit: "mm", Min: 0.1, Max: 5, Default: 0.4, Derived: true, PrintGap: true,
			Zh: "层间间隙", En: "radial clearance between shells"},
		{Name: "holes", Kind: spec.Count, Min: 6, Max: 20, Default: 14, Values: []float64{6, 8, 12, 14, 20},
			Needed: "the openings are what set each shell free: through them the inner shells are carved apart, seen and turned, and support or resin drains out",
			Zh:     "每层孔数（14 为传统：6 个轴向加 8 个对角）", En: "holes per shell (14, the classic: 6 axes and 8 cube diagonals)"},
		{Name: "hole_size", Kind: spec.Length, Unit: "mm", Min: 0.5, Max: 300, Derived: true,
			Zh: "外层孔径", En: "hole diameter on the outer shell"},
		{Name: "core", Kind: spec.Length, Unit: "mm", Min: 1, Max: 300, Derived: true, Diameter: true,
			Zh: "球芯直径", En: "core diameter"},
		{Name: "process", Kind: spec.Choice, Choices: []string{"fdm", "resin"}, DefaultText: "fdm",
			Zh: "打印工艺：fdm 或树脂", En: "printing process: fdm or resin"},
		{Name: "decoration", Kind: spec.Choice, Choices: []string{"none", "cloud"}, DefaultText: "none",
			Zh: "外层镂空纹样：云纹", En: "openwork on the outer shell: cloud scrolls"},
		{Name: "inner_decoration", Kind: spec.Choice, Choices: []string{"none", "coin"}, DefaultText: "none",
			Zh: "内层镂空纹样：铜钱纹", En: "openwork on the inner shells: coin lattice"},
		{Name: "ties", Kind: spec.Choice, Choices: []string{"none", "on"}, DefaultText: "none",
			Zh: "打印连接点：每道间隙底部几根可掰断的细柱，打印时把每层连在外一层上",
			En: "print ties: thin breakaway tabs across each gap at the bottom, holding every inner shell while it prints"},
		{Name: "base", Kind: spec.Choice, Choices: []string{"round", "flat"}, DefaultText: "round",
			Zh: "底部：圆底，或平底（只削平外层底部，便于放在打印平台上）",
			En: "bottom: round, or flat (the outer shell clipped flat to sit on the bed)"},
	},
}

func (puzzleBall) Schema() *spec.Schema { return puzzleBallSchema }

// ballPlan is a resolved puzzle ball in numbers.
type ballPlan struct {
	n                  int
	r, t, g, r0, angle float64 // radii and wall in mm, hole half-angle in radians
	holes              int
	proc               process
	cloud, coin        bool
	ties, flat         bool // print aids: breakaway ties, a flat base
	zh                 bool
}

// radius returns the outer and inner radius of shell k (1 = outermost).
func (b *ballPlan) radius(k int) (outer, inner float64) {
	outer = b.r - float64(k-1)*(b.t+b.g)
	return outer, outer - b.t
}

// minAngle is the angle between neighbouring hole directions.
func minAngle(holes int) float64 {
	switch holes {
	case 6:
		return math.Pi / 2
	case 8:
		return math.Acos(1.0 / 3)
	case 12:
		return math.Atan(2)
	case 20:
		return math.Acos(math.Sqrt(5) / 3)
	}
	return math.Acos(1 / math.Sqrt(3))
}

// Size is the ball's diameter each way: ties and a flat base lie within it.
func (puzzleBall) Size(s *spec.Spec) geom.Vec3 {
	d := s.Num("diameter")
	return geom.V(d, d, d)
}

func (puzzleBall) Resolve(in *spec.Spec) (*spec.Spec, error) {
	s := in.Clone()
	zh := s.Lang == "zh"
	set := func(name string, v spec.Value) {
		if !s.Has(name) {
			s.Params[name] = v
		}
	}
	set("process", spec.Value{Text: "fdm", Source: spec.Default})
	proc := processes[s.Text("process")]
	set("layers", spec.Value{Num: 8, Source: spec.Default})
	set("holes", spec.Value{Num: 14, Source: spec.Default})
	set("gap", spec.Value{Num: proc.gap, Unit: "mm", Source: spec.Default})
	set("decoration", spec.Value{Text: "none", Source: spec.Default})
	set("inner_decoration", spec.Value{Text: "none", Source: spec.Default})
	set("ties", spec.Value{Text: "none", Source: spec.Default})
	set("base", spec.Value{Text: "round", Source: spec.Default})
	if name, msg := spec.Check(puzzleBallSchema, s); msg != "" {
		return nil, &badinput.Error{Code: badinput.OutOfRange, Message: "puzzle ball: " + msg, Suggestions: []string{name}}
	}
	n := int(s.Num("layers"))
	g := s.Num("gap")
	// The thinnest wall the plan may use: the one said, or the process's.
	tMin := proc.wall
	if s.Has("wall") {
		tMin = s.Num("wall")
	}
	if !s.Has("diameter") {
		// The smallest ball that fits, rounded up to 10 mm, and never under 80 mm.
		need := 2 * (proc.core + float64(n-1)*(tMin+g))
		d := math.Max(80, 10*math.Ceil(need/10-1e-9))
		src := spec.Default
		if d > 80 {
			src = spec.Derived
		}
		s.Params["diameter"] = spec.Value{Num: d, Unit: "mm", Source: src}
	}
	r := s.Num("diameter") / 2
	if err := fits(n, r, tMin, g, proc, s.Has("wall"), zh); err != nil {
		return nil, err
	}
	// The wall: as said; else worked out from a core as said; else the process's
	// thinnest, thickened toward wallMax so the shells fill the ball down to a core
	// of a fifth of its radius.
	switch {
	case s.Has("wall") && s.Has("core"):
		if want := 2 * (r - float64(n-1)*(s.Num("wall")+g)); math.Abs(want-s.Num("core")) > 0.05 {
			return nil, &badinput.Error{Code: badinput.Conflict, Message: fmt.Sprintf(
				"puzzle ball: with %d layers of %s mm walls and %s mm gaps in %s mm the core is %s mm, not %s mm; say the wall or the core, not both",
				n, spec.FormatNumber(s.Num("wall")), spec.FormatNumber(g), spec.FormatNumber(2*r), spec.FormatNumber(round2(want)), spec.FormatNumber(s.Num("core")))}
		}
	case s.Has("core"):
		t := (r-s.Num("core")/2)/float64(n-1) - g
		if t < proc.wall {
			return nil, infeasible(zh, fmt.Sprintf("a %s mm core leaves %.2f mm walls for %d layers in %s mm, under the %s mm a %s print holds",
				spec.FormatNumber(s.Num("core")), t, n, spec.FormatNumber(2*r), spec.FormatNumber(proc.wall), proc.name),
				fmt.Sprintf("a core of at most %s mm", spec.FormatNumber(math.Floor(20*(r-float64(n-1)*(proc.wall+g)))/10)))
		}
		s.Params["wall"] = spec.Value{Num: round2(t), Unit: "mm", Source: spec.Derived}
	case !s.Has("wall"):
		t := (r-math.Max(proc.core, r/5))/float64(n-1) - g
		t = math.Max(proc.wall, math.Min(proc.wallMax, t))
		src := spec.Derived
		if t == proc.wall {
			src = spec.Default
		}
		s.Params["wall"] = spec.Value{Num: round2(t), Unit: "mm", Source: src}
	}
	b := planOf(s)
	if !s.Has("core") {
		s.Params["core"] = spec.Value{Num: round2(2 * b.r0), Unit: "mm", Source: spec.Derived}
	}
	if b.r0 < proc.core-1e-9 {
		return nil, infeasible(zh, fmt.Sprintf("%d layers of %s mm walls and %s mm gaps leave a %.2f mm core in %s mm, under the %s mm the process holds",
			n, spec.FormatNumber(b.t), spec.FormatNumber(g), 2*b.r0, spec.FormatNumber(2*r), spec.FormatNumber(2*proc.core)), "thinner walls, fewer layers or a larger diameter")
	}
	// Holes: as said, or the classic third of the radius, held inside both rules.
	capA, ligA := b.maxAngles()
	if s.Has("hole_size") {
		hs := s.Num("hole_size")
		if hs >= 2*r {
			return nil, &badinput.Error{Code: badinput.OutOfRange, Message: fmt.Sprintf(
				"puzzle ball: a %s mm hole does not fit a %s mm ball; at most %s mm", spec.FormatNumber(hs), spec.FormatNumber(2*r), spec.FormatNumber(math.Floor(20*r*math.Sin(math.Min(capA, ligA)))/10))}
		}
		b.angle = math.Asin(hs / (2 * r))
	} else {
		b.angle = math.Min(math.Asin(0.35), 0.9*math.Min(capA, ligA))
		s.Params["hole_size"] = spec.Value{Num: round2(2 * r * math.Sin(b.angle)), Unit: "mm", Source: spec.Derived}
	}
	if err := b.checkRules(capA, ligA); err != nil {
		return nil, err
	}
	if b.cloud {
		if _, err := b.cloudPlan(); err != nil {
			return nil, err
		}
	}
	if b.coin {
		if _, err := b.coinPlan(); err != nil {
			return nil, err
		}
	}
	if b.ties || b.flat {
		// Proved on the plan Build will read: the hole size as stored, rounded.
		if _, err := planOf(s).aids(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// fits refuses a layer count that cannot fit, naming the most layers for the
// diameter and the least diameter for the layers.
func fits(n int, r, t, g float64, proc process, wallSaid, zh bool) error {
	p := t + g
	if float64(n-1)*p <= r-proc.core+1e-9 {
		return nil
	}
	most := 1 + int(math.Floor((r-proc.core)/p+1e-9))
	least := math.Ceil(2 * (proc.core + float64(n-1)*p))
	wallWord := "walls"
	if !wallSaid {
		wallWord = "walls (the thinnest " + proc.name + " holds)"
	}
	msg := fmt.Sprintf("%d layers do not fit in %s mm with %s mm %s and %s mm gaps: at most %d, or a diameter of at least %s mm",
		n, spec.FormatNumber(2*r), spec.FormatNumber(t), wallWord, spec.FormatNumber(g), max(most, 0), spec.FormatNumber(least))
	if zh {
		msg = fmt.Sprintf("%d 层放不进直径 %s 毫米的球（壁厚 %s 毫米，间隙 %s 毫米）：最多 %d 层，或者直径至少 %s 毫米",
			n, spec.FormatNumber(2*r), spec.FormatNumber(t), spec.FormatNumber(g), max(most, 0), spec.FormatNumber(least))
	}
	e := &badinput.Error{Code: badinput.Infeasible, Message: "puzzle ball: " + msg}
	if most >= 2 {
		e.Suggestions = append(e.Suggestions, suggest(zh, most, 2*r))
	}
	e.Suggestions = append(e.Suggestions, suggest(zh, n, least))
	return e
}

func suggest(zh bool, n int, d float64) string {
	if zh {
		return fmt.Sprintf("鬼工球 %d层 直径%s毫米", n, spec.FormatNumber(d))
	}
	return fmt.Sprintf("puzzle ball %d layers diameter %smm", n, spec.FormatNumber(d))
}

func infeasible(zh bool, why, instead string) error {
	_ = zh
	return &badinput.Error{Code: badinput.Infeasible, Message: "puzzle ball: " + why + "; try " + instead}
}

func planOf(s *spec.Spec) *ballPlan {
	b := &ballPlan{
		n: int(s.Num("layers")), r: s.Num("diameter") / 2, t: s.Num("wall"), g: s.Num("gap"),
		holes: int(s.Num("holes")), proc: processes[s.Text("process")],
		cloud: s.Text("decoration") == "cloud", coin: s.Text("inner_decoration") == "coin", zh: s.Lang == "zh",
		ties: s.Text("ties") == "on", flat: s.Text("base") == "flat",
	}
	b.r0 = b.r - float64(b.n-1)*(b.t+b.g)
	if s.Has("hole_size") {
		b.angle = math.Asin(math.Min(1, s.Num("hole_size")/(2*b.r)))
	}
	return b
}

// maxAngles returns the largest hole half-angles the captive and the ligament rule
// allow. The innermost holed surface binds both: the inside of the innermost shell.
func (b *ballPlan) maxAngles() (captive, ligament float64) {
	rho := b.r0 + b.g
	captive = math.Asin(math.Max(0, math.Min(1, (rho-b.g-captiveMargin/2)/rho)))
	ligament = (minAngle(b.holes) - b.proc.ligament/rho) / 2
	return captive, ligament
}

// checkRules proves the captive and ligament rules for the plan's holes.
func (b *ballPlan) checkRules(capA, ligA float64) error {
	rho := b.r0 + b.g
	var why []string
	if b.angle > capA+1e-12 {
		why = append(why, fmt.Sprintf("its opening in the innermost shell would be %.2f mm across, so the %.2f mm core could fall out (openings must be %g mm narrower than the shell inside)",
			2*rho*math.Sin(b.angle), 2*b.r0, captiveMargin))
	}
	if b.angle > ligA+1e-12 {
		why = append(why, fmt.Sprintf("it would leave %.2f mm between neighbouring holes in the innermost shell, under the %s mm a %s print holds",
			rho*(minAngle(b.holes)-2*b.angle), spec.FormatNumber(b.proc.ligament), b.proc.name))
	}
	if 2*rho*math.Sin(b.angle) < 1 {
		why = append(why, fmt.Sprintf("its opening in the innermost shell would be only %.2f mm across", 2*rho*math.Sin(b.angle)))
	}
	if len(why) == 0 {
		return nil
	}
	best := math.Min(capA, ligA)
	return &badinput.Error{Code: badinput.Infeasible, Message: fmt.Sprintf("puzzle ball: a %.2f mm hole does not work: %s; at most %.1f mm works here",
		2*b.r*math.Sin(b.angle), strings.Join(why, "; "), math.Floor(20*b.r*math.Sin(best))/10)}
}
