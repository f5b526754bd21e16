// Package lithophane is yanchu's domain of plates made from a picture: the
// lithophane (透光浮雕, 光影画), a thin plate whose thickness follows the
// picture's darkness so that it shows the picture when lit from behind, and the
// relief (浮雕), raised where the picture is light and read by the light falling
// on it. It registers itself with package catalog; the picture comes with the
// words (make --image, or an upload).
//
// # The plate
//
// The plate lies flat, the picture's top edge at +y, its back on z = 0 and its
// face up. Its width and height are the whole plate's; a border of the frame's
// thickness runs round the picture, which fills the rest, cropped about its
// middle when the proportions said differ from its own. The height follows the
// picture's proportions unless said.
//
// The thickness at each node of a lattice of pixels, px mm apart, is
//
//	t = min + (max − min) · d
//
// where d is the darkness 1 − Y for a lithophane (dark is thick, and lets less
// light through) and the lightness Y for a relief (raised where light), Y being
// the picture's Rec. 601 luma from 0 (black) to 1 (white) averaged over the
// node's pixel; invert swaps the two. Between nodes the thickness is linear on
// the half cells of the lattice (see rtin.go). The pixel on the model is the
// picture's own, at least 0.2 mm (half a 0.4 mm nozzle's line): a larger picture
// is averaged down to it, and a lattice over maxNodes nodes takes a coarser one.
//
// A curved plate is bent through its arc about a vertical axis and stands on its
// bottom edge, the face outside: the back's arc is the width. A hanging hole is
// cut in a tab above the top edge, as thick as the frame.
//
// # The mesh
//
// Build sets the model's Surface: the face is meshed from the lattice by a
// right-triangulated irregular network within the tolerance, at the picture's
// own resolution where the picture needs it and coarser where it is flat (see
// surface.go). The field (plate.go) is the same height field, for a mesh on a
// grid and for measuring the surface's deviation.
package lithophane

import (
	_ "embed"

	"yanchu/catalog"
	"yanchu/spec"
)

//go:embed lexicon.tsv
var lexicon []byte

func init() { catalog.Register(domain{}) }

// domain is the lithophane and the relief.
type domain struct{}

// Styles, the choices of the style parameter.
const (
	styleLitho  = "lithophane"
	styleRelief = "relief"
)

// Defaults.
const (
	defWidth    = 100.0
	defBorder   = 3.0 // a frame that stiffens the plate and hides its edge
	minPixel    = 0.2 // half a 0.4 mm nozzle's line: finer prints no sharper
	defHole     = 5.0 // a nail or a cord
	defArc      = 120.0
	tabWall     = 3.0 // the tab's ring round the hole (mm)
	maxNodes    = 1_500_000
	frameExtra  = 1.0 // the frame stands this much above the thickest picture
	minFeatureT = 0.3 // the least thickness any printer here keeps (mm)
)

// defThickness gives each style's least and greatest thickness (mm): a
// lithophane from 0.8 mm (two lines, letting most light through) to 3 mm
// (nearly none, in white PLA); a relief from a 2 mm base to 4 mm.
var defThickness = map[string][2]float64{styleLitho: {0.8, 3}, styleRelief: {2, 4}}

var schema = &spec.Schema{
	Domain: "lithophane",
	Zh:     "透光浮雕或浮雕：由图片生成的薄板，透光浮雕的厚度随图片明暗变化（暗处厚），背光可见图像；浮雕在亮处凸起",
	En:     "lithophane or relief from a picture: a plate whose thickness follows the picture, dark is thick in a lithophane (it shows the picture lit from behind), light is raised in a relief",
	Length: "width",
	Sides:  [3]string{"", "width", "height"},
	Image:  true,
	Params: []spec.Param{
		{Name: "style", Kind: spec.Choice, Choices: []string{styleLitho, styleRelief}, DefaultText: styleLitho,
			Zh: "样式：lithophane 透光浮雕（暗处厚），relief 浮雕（亮处高）", En: "style: lithophane (dark is thick, seen lit from behind) or relief (light is raised)"},
		{Name: "width", Kind: spec.Length, Unit: "mm", Min: 20, Max: 400, Default: defWidth, Derived: true,
			Zh: "总宽（含边框），默认 100 毫米，或由高度和图片比例推出", En: "overall width, border included: 100 mm, or from the height and the picture's proportions"},
		{Name: "height", Kind: spec.Length, Unit: "mm", Min: 20, Max: 400, Derived: true,
			Zh: "总高（含边框），默认按图片比例", En: "overall height, border included: from the picture's proportions unless said"},
		{Name: "min_thickness", Kind: spec.Length, Unit: "mm", Min: minFeatureT, Max: 20, Derived: true,
			Zh: "最薄处（透光浮雕的最亮处，浮雕的底）：透光浮雕 0.8 毫米，浮雕 2 毫米", En: "thinnest: the lightest part of a lithophane, the base of a relief; 0.8 mm for a lithophane, 2 mm for a relief"},
		{Name: "max_thickness", Kind: spec.Length, Unit: "mm", Min: 0.5, Max: 30, Derived: true,
			Zh: "最厚处（透光浮雕的最暗处，浮雕的最亮处）：透光浮雕 3 毫米，浮雕 4 毫米", En: "thickest: the darkest part of a lithophane, the lightest of a relief; 3 mm for a lithophane, 4 mm for a relief"},
		{Name: "border", Kind: spec.Length, Unit: "mm", Min: 0, Max: 50, Default: defBorder,
			Zh: "边框宽度（0 为无边框）", En: "width of the frame round the picture (0 for none)"},
		{Name: "frame", Kind: spec.Length, Unit: "mm", Min: 0.5, Max: 30, Derived: true,
			Zh: "边框厚度，默认比最厚处厚 1 毫米", En: "thickness of the frame: 1 mm more than the thickest, unless said"},
		{Name: "arc", Kind: spec.Angle, Unit: "deg", Min: 0, Max: 180, Default: 0, Alone: defArc,
			Zh: "弯曲角度：0 为平板；弧形默认 120 度，立着打印", En: "the arc the plate is bent through: 0 for flat; curved means 120°, printed standing"},
		{Name: "invert", Kind: spec.Choice, Choices: []string{"no", "yes"}, DefaultText: "no",
			Zh: "反相：明暗对调", En: "invert: swap light and dark"},
		{Name: "hole", Kind: spec.Length, Unit: "mm", Min: 0, Max: 20, Default: 0, Alone: defHole,
			Zh: "挂孔直径（0 为无挂孔；只说挂孔为 5 毫米），开在顶边上方的挂耳上", En: "hanging hole diameter (0 for none; 5 mm when only a hole is said), in a tab above the top edge"},
		{Name: "pixel", Kind: spec.Length, Unit: "mm", Min: 0.05, Max: 10, Derived: true,
			Zh: "模型上每个像素的大小：默认为图片本身的像素，至少 0.2 毫米", En: "the size of a pixel on the model: the picture's own, at least 0.2 mm, unless said"},
	},
}

// Schema declares the lithophane's parameters.
func (domain) Schema() *spec.Schema { return schema }

// Lexicon returns the lithophane's words (lexicon.tsv).
func (domain) Lexicon() []byte { return lexicon }
