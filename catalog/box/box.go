// Package box is yanchu's box-with-lid domain (盒子, 带盖收纳盒, box with lid): a
// rounded box with an optional lid and evenly spaced dividers; the box and its
// lid print as separate bodies side by side on the bed.
//
// The size is the outer length × width × height of the closed box (x × y × z,
// mm), lid included; or the inner size is said and the outer one follows from
// the walls, the floor and the lid. The lid is one of:
//
//   - lift (掀盖, lift-off, the default): a plate of the box's outline, max(wall,
//     2) mm thick, with a lip of wall thickness that drops into the opening; the
//     lip's outline is the opening's, offset inward by the clearance. The box
//     body is then the size's height less the plate. The lid prints upside down
//     beside the box, its lip pointing up.
//   - slide (滑盖, sliding): a flat plate, max(wall, 2) mm thick, that slides
//     along the length in grooves cut half the wall deep into the two long
//     walls and the far end wall, under a rail at the top; the near end wall
//     (+x) is cut down to the grooves to let it in. The clearance is kept on
//     every side of the plate in the grooves: below, above its edge, beside it
//     and at its far end. The grooves' tops close in at 60°, so the box prints
//     upright without support; the lid prints flat beside it.
//   - none (无盖, open): an open box, one body.
//
// The lid is always there unless none is said: 带盖, with lid and lidded are
// understood and change nothing. Dividers run across the length (each a wall
// thick, spanning the width) and split it into equal compartments; their tops
// stay 1 mm below the lip of a lift-off lid (0.5 mm below the grooves of a
// sliding one), so the lid closes. A bare single length ("box 80mm") is not
// taken as any side: the size needs three sides, 100x60x40 or 长100宽60高40.
//
// Every field is exact or a bound: profile.Rect extrusions, exact offsets of
// rounded rectangles for the cavity (corner radius max(corner − wall, 0)), the
// lip and the grooves, joined by sdf booleans. A box with a lift-off lid or
// none is meshed straight from that surface (Model.Surface, surface.go): its
// walls and flat faces, the rounded corners cut into chords within the
// tolerance, every vertex on the solid's surface; a sliding lid's box, with
// the grooves' sloping tops, is meshed on the grid.
package box

import (
	_ "embed"

	"yanchu/catalog"
	"yanchu/spec"
)

//go:embed lexicon.tsv
var lexicon []byte

func init() { catalog.Register(domain{}) }

// domain is the box-with-lid domain.
type domain struct{}

// Lid styles, the choices of the lid parameter.
const (
	lidLift  = "lift"
	lidSlide = "slide"
	lidNone  = "none"
)

// Defaults, for FDM printing with a 0.4 mm nozzle.
const (
	defWall      = 2.0 // five lines of a 0.4 mm nozzle: stiff, and light
	defFloor     = 2.0 // ten 0.2 mm layers
	defClearance = 0.2 // each side: a lid that slides on and stays, on most FDM printers
	defCorner    = 3.0
	layoutGap    = 10.0 // between the box and the lid on the bed (mm)
)

var schema = &spec.Schema{
	Domain: "box",
	Zh:     "带盖收纳盒：圆角盒子和盖子（掀盖或滑盖），可加隔板",
	En:     "box with lid: a rounded box and its lid (lift-off or sliding), with optional dividers",
	Size:   "size",
	Params: []spec.Param{
		{Name: "size", Kind: spec.Size, Unit: "mm", Min: 10, Max: 400, Derived: true,
			Zh: "外尺寸：长×宽×高（盖上盖子后的总高），默认 100×60×40",
			En: "outer size: length × width × height of the closed box, lid included; 100x60x40 unless the inner size is said"},
		{Name: "inner", Kind: spec.Size, Unit: "mm", Min: minInside, Max: 399, Derived: true,
			Zh: "内尺寸：长×宽×高（底板到盖子下面）",
			En: "inner size: length × width × height, from the floor to the underside of the lid"},
		{Name: "wall", Kind: spec.Length, Unit: "mm", Min: 0.8, Max: 10, Default: defWall,
			Zh: "壁厚（也是隔板和盖沿的厚度）", En: "wall thickness, also of the dividers and the lid's lip"},
		{Name: "floor", Kind: spec.Length, Unit: "mm", Min: 0.8, Max: 10, Default: defFloor,
			Zh: "底厚", En: "floor thickness"},
		{Name: "lid", Kind: spec.Choice, Choices: []string{lidLift, lidSlide, lidNone}, DefaultText: lidLift,
			Zh: "盖子：lift 掀盖（带止口），slide 滑盖（沿长边的槽滑入），none 无盖",
			En: "lid: lift (lift-off, with a lip), slide (slides in grooves along the length), none (open box)"},
		{Name: "clearance", Kind: spec.Length, Unit: "mm", Min: 0.05, Max: 1, Default: defClearance,
			Zh: "盖子与盒子每侧的配合间隙", En: "fit clearance between the lid and the box, on each side"},
		{Name: "corner", Kind: spec.Length, Unit: "mm", Min: 0, Max: 200, Default: defCorner,
			Zh: "外侧竖边圆角半径（0 为直角）", En: "radius of the outer vertical edges (0 for sharp)"},
		{Name: "lip", Kind: spec.Length, Unit: "mm", Min: 1, Max: 50, Derived: true,
			Zh: "掀盖止口深度（伸进盒口的高度）", En: "depth of a lift-off lid's lip into the opening"},
		{Name: "dividers", Kind: spec.Count, Min: 0, Max: 20, Default: 0,
			Zh: "隔板数（横跨宽度，沿长度均分）", En: "dividers across the width, evenly spaced along the length"},
		{Name: "compartments", Kind: spec.Count, Min: 1, Max: 21, Derived: true,
			Zh: "格数（隔板数加一）", En: "compartments: dividers + 1"},
	},
}

// Schema declares the box's parameters.
func (domain) Schema() *spec.Schema { return schema }

// Lexicon returns the box's words (lexicon.tsv).
func (domain) Lexicon() []byte { return lexicon }
