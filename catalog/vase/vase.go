// Package vase is yanchu's vase domain (花瓶, spiral vase): a vase turned about its
// axis, round or lobed, the lobes twisting as they rise, rippled or plain, open at
// the top and standing on a flat floor. It registers itself with package catalog.
//
// # Shape
//
// The outer surface is given in polar form, ρ = r(θ, z), for 0 <= z <= height:
//
//	r(θ, z) = B(z) · (1 + a·cos(n·(θ − φ(z)))) / (1 + a)
//	B(z)    = P(z) − w·(1 − cos(2π·m·z/height))/2
//	φ(z)    = twist · z / height
//
// P is the profile through the base, the belly and the top radii: a quarter sine
// from the base up to the belly at 0.4 of the height, where its slope is zero,
// and a quarter cosine from there to the top, so it is smooth and its widest point
// is the belly. n lobes of relative depth a peak at B, so the diameter, the base
// and the top diameters are the widest across the lobes' peaks; m ripples of depth
// w cut into the profile and leave the base and the rim where they were.
//
// The inside is the outer surface moved inward along the radius by the wall
// divided by the cosine of the surface's tilt, t·√(1 + (r_θ/r)² + r_z²), so the
// wall is t thick along its normal, above a floor of thickness base. The solid is
// the outer surface cut by 0 <= z <= height, less the inside above the floor: open
// at the top with a flat rim at z = height, standing on z = 0.
//
// In spiral vase mode (mode=single) the model is the filled outer solid and the
// slicer prints its one wall and the base; what the print holds is then worked
// out for a 0.45 mm line above a 1 mm base.
//
// # Capacity
//
// The capacity is the cavity's volume up to the rim, the integral over z of the
// cross-section's area ½∫ r_in² dθ, integrated numerically on the very function
// the field uses. When a capacity is said, Resolve solves for the size not said
// (the diameter when the height is said, else the height, keeping the
// proportions) by bracketing on that measured volume. Build adds a Measure that
// slices the finished mesh and integrates the holes of its cross-sections (see
// capacity.go).
//
// # Mesh
//
// Build sets the model's Surface, so `yanchu make` meshes the vase straight from
// r(θ, z) and the inside rather than sampling the field on a grid: rings of
// vertices on a grid in (θ − φ(z), z) that follows the twist, spaced from the
// tolerance so that each chord, around and along the height, strays at most
// half of it, closer where the lobes, the profile and the ripples curve more;
// the rim, the floor top and the bottom close it (see surface.go). A cell asked
// for (--cell, --cells) meshes the field on a grid instead.
//
// # Printability
//
// Resolve refuses what cannot print without support: any surface leaning more than
// 45° from vertical (a flaring profile, a steep ripple, a twist too fast for its
// lobes), a wall that leaves the cavity less than 4 mm across, lobe peaks too
// sharp for the wall to follow, and a floor that leaves less than 5 mm of cavity.
// Each refusal names what would work.
package vase

import (
	_ "embed"

	"yanchu/catalog"
	"yanchu/spec"
)

//go:embed lexicon.tsv
var lexicon []byte

func init() { catalog.Register(domain{}) }

// domain is the vase; it holds nothing, the spec holds everything.
type domain struct{}

// Proportions of the default shape.
const (
	// slender is the default diameter over the height.
	slender = 0.55
	// baseShare and topShare are the default base and top diameters over the
	// diameter.
	baseShare = 0.65
	topShare  = 0.6
	// bellyAt is the height of the belly, the widest point, over the height.
	bellyAt = 0.4
	// minDiameter is the least default diameter: a narrower vase's mouth would not
	// leave room inside its walls.
	minDiameter = 24.0
	// rippleEvery is the default height (mm) of one ripple.
	rippleEvery = 30.0
	// lobeShare caps the default relative lobe depth a.
	lobeShare = 0.08
	// spiralLine and spiralFloor are what a slicer's spiral vase mode prints: one
	// line of a 0.4 mm nozzle (mm) and the bottom layers (mm).
	spiralLine  = 0.45
	spiralFloor = 1.0
	// maxOverhang is the steepest lean from vertical (degrees) printed without
	// support.
	maxOverhang = 45.0
	// minCavity is the least diameter (mm) of the cavity anywhere, and minDepth
	// the least depth (mm) of the cavity above the floor.
	minCavity = 4.0
	minDepth  = 5.0
	// tolerance is how close the capacity must come to a capacity said.
	tolerance = 0.02
	// plaDensity is PLA's density (g/cm³), for the weight fact.
	plaDensity = 1.24
)

var schema = &spec.Schema{
	Domain: "vase",
	Zh:     "花瓶：圆瓶或多瓣瓶，瓣可随高度扭转，可带波纹，可用切片软件的花瓶模式打印",
	En:     "vase: round or lobed, the lobes twisting as they rise, plain or rippled; prints solid or in spiral vase mode",
	Length: "height",
	Volume: "capacity_ml",
	Sides:  [3]string{"", "diameter", "height"},
	Params: []spec.Param{
		{Name: "height", Kind: spec.Length, Unit: "mm", Min: 20, Max: 400, Default: 150, Derived: true,
			Zh: "高度（默认 150 毫米，或由直径、容量推出）", En: "height (150 mm unless worked out from the diameter or the capacity)"},
		{Name: "diameter", Kind: spec.Length, Unit: "mm", Min: 10, Max: 400, Derived: true, Diameter: true,
			Zh: "最大外径（默认为高度的 0.55 倍，至少 24 毫米）", En: "widest outer diameter (0.55 of the height, at least 24 mm, unless said)"},
		{Name: "base_diameter", Kind: spec.Length, Unit: "mm", Min: 10, Max: 400, Derived: true,
			Zh: "底部外径（默认为最大外径的 0.65 倍）", En: "outer diameter at the base (0.65 of the diameter unless said)"},
		{Name: "top_diameter", Kind: spec.Length, Unit: "mm", Min: 10, Max: 400, Derived: true,
			Zh: "瓶口外径（默认为最大外径的 0.6 倍）", En: "outer diameter at the mouth (0.6 of the diameter unless said)"},
		{Name: "lobes", Kind: spec.Count, Min: 0, Max: 24, Default: 0, Derived: true,
			Zh: "瓣数（0 为圆瓶；只说扭转时为 6）", En: "lobes around (0 for round; 6 when only a twist is said)"},
		{Name: "lobe_depth", Kind: spec.Length, Unit: "mm", Min: 0, Max: 100, Derived: true,
			Zh: "瓣深：最宽处瓣顶到瓣谷的径向深度（默认约为直径的 8%，瓣多时变浅，使瓣顶圆角不小于两倍壁厚）",
			En: "lobe depth, peak to valley at the widest (about 8% of the diameter, shallower with many lobes so each peak stays rounder than twice the wall)"},
		{Name: "twist", Kind: spec.Angle, Unit: "deg", Min: -720, Max: 720, Default: 0, Derived: true,
			Zh: "瓣从底到口扭转的角度（有瓣时默认 90 度，正为逆时针）", En: "how far the lobes turn from base to rim (90 deg by default with lobes; positive is counter-clockwise)"},
		{Name: "wave", Kind: spec.Length, Unit: "mm", Min: 0, Max: 20, Default: 0,
			Zh: "波纹深度：沿高度起伏的波纹从峰到谷的径向深度", En: "ripple depth: how deep the ripples along the height cut, crest to trough"},
		{Name: "ripples", Kind: spec.Count, Min: 1, Max: 50, Derived: true,
			Zh: "波纹道数（默认约每 30 毫米一道，波纹深时减少，使波纹坡度不超过 30 度）",
			En: "ripples along the height (about one per 30 mm, fewer for deep ripples so their flanks lean at most 30 deg)"},
		{Name: "wall", Kind: spec.Length, Unit: "mm", Min: 0.8, Max: 10, Default: 2,
			Zh: "壁厚（沿法向）", En: "wall thickness, along the surface's normal"},
		{Name: "base", Kind: spec.Length, Unit: "mm", Min: 0.8, Max: 50, Default: 3,
			Zh: "底厚", En: "floor thickness"},
		{Name: "mode", Kind: spec.Choice, Choices: []string{"solid", "single"}, DefaultText: "solid",
			Zh: "打印方式：solid 按壁厚建模；single 为切片软件的花瓶模式（实心外形，切片时只打一圈外壁和底）",
			En: "how it prints: solid, walls as modelled; single, the slicer's spiral vase mode (the filled outer shape, printed as one wall and a base)"},
		{Name: "capacity_ml", Kind: spec.Volume, Unit: "ml", Min: 0.5, Max: 40000, Derived: true,
			Zh: "容量：瓶内到瓶口的容积（说了就按它定尺寸）", En: "capacity up to the rim (when said, the size is solved to hold it)"},
	},
}

// Schema returns the vase's parameters.
func (domain) Schema() *spec.Schema { return schema }

// Lexicon returns the vase's words (lexicon.tsv).
func (domain) Lexicon() []byte { return lexicon }
