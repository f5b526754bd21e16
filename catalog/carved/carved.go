// Package carved is yanchu's domain of copies carved from a turntable film
// (视频建模): the visual hull of the object the film shows turning, the
// largest solid whose silhouettes are the film's, scaled to the size the words
// say. It registers itself with package catalog; the film comes with the words
// (yanchu carve FILM), read by package carve, which does the carving.
//
// # The parameters
//
// The film has no scale, so the words give one size: the height, the width or
// the depth (the width runs across frame 0, the depth towards its camera).
// The other two follow from the film's proportions, as derived values;
// nothing said means a height of 100 mm. The turn (a full turn unless said),
// the direction the turntable turned seen from above, the camera's pitch and
// field of view, and the hull's resolution are what carve.Options takes. A
// pitch not said is measured from the film where a flat rim or base shows it,
// and taken as level where none does, with a warning; a field of view not said
// is measured where a flat top and a flat base both show, and taken as 30°
// where they do not.
//
// # The carving
//
// ResolveInputs carves the film, since the derived sizes and the pitch come
// from the hull; Build scales the same hull to the size said. The hull is
// carved once for each film and set of camera parameters: a small cache of
// hulls, keyed by the film's digest (it keeps no film), serves the pipeline's
// later calls (Build, and the search for the largest size a printer builds)
// and the same film sent again.
package carved

import (
	_ "embed"

	"yanchu/carve"
	"yanchu/catalog"
	"yanchu/spec"
)

//go:embed lexicon.tsv
var lexicon []byte

func init() { catalog.Register(domain{}) }

// domain is the copy carved from a film.
type domain struct{}

// Directions, the choices of the direction parameter.
const (
	clockwise        = "clockwise"
	counterclockwise = "counterclockwise"
)

// Defaults and ranges.
const (
	defHeight = 100.0
	minSize   = 5.0
	maxSize   = 400.0
	// unitHeight is the height the hull is carved at before it is scaled to
	// the size said.
	unitHeight = 100.0
)

var schema = &spec.Schema{
	Domain: "carved",
	Zh:     "视频建模：从转台视频（物体在转台上转动、相机不动、背景单一）雕出的实体，即与每一帧轮廓相符的最大实体，按所说尺寸缩放；看不见的内凹（杯子内部）无法还原",
	En:     "a copy carved from a turntable film (the object turning on a turntable before a still camera and a plain background): the largest solid whose silhouettes match every frame, scaled to the size said; hollows no silhouette shows (inside a cup) cannot be seen",
	Length: "height",
	Sides:  [3]string{"", "width", "height"},
	Film:   true,
	Params: []spec.Param{
		{Name: "height", Kind: spec.Length, Unit: "mm", Min: minSize, Max: maxSize, Default: defHeight, Derived: true,
			Zh: "实物高度（从转台面到顶部）：视频本身没有尺寸，说出高、宽或深之一，其余按视频比例推出；都不说则高 100 毫米",
			En: "the object's height, from the turntable to its top: a film has no scale, so say the height, width or depth, and the rest follow from the film; 100 mm when none is said"},
		{Name: "width", Kind: spec.Length, Unit: "mm", Min: minSize, Max: maxSize, Derived: true,
			Zh: "实物宽度（第一帧中左右方向），默认按视频比例推出", En: "the object's width, across the first frame: from the film's proportions unless said"},
		{Name: "depth", Kind: spec.Length, Unit: "mm", Min: minSize, Max: maxSize, Derived: true,
			Zh: "实物深度（第一帧中前后方向），默认按视频比例推出", En: "the object's depth, towards the camera in the first frame: from the film's proportions unless said"},
		{Name: "turn", Kind: spec.Angle, Unit: "deg", Min: 30, Max: 720, Default: 360,
			Zh: "视频中物体转过的角度：默认一整圈（360 度）", En: "how far the object turns over the film: a full turn (360°) unless said"},
		{Name: "direction", Kind: spec.Choice, Choices: []string{clockwise, counterclockwise}, DefaultText: clockwise,
			Zh: "从上往下看转台的转向：默认顺时针（yanchu 自己的转台视频如此）", En: "the way the turntable turns, seen from above: clockwise unless said, as in yanchu's own films"},
		{Name: "pitch", Kind: spec.Angle, Unit: "deg", Min: 0, Max: 79, Derived: true,
			Zh: "相机俯角（向下看转台的角度）：默认由视频中平的顶面或底面边缘测出，测不出则取水平", En: "how far the camera looks down at the turntable: measured from a flat rim or base in the film unless said, else taken as level"},
		{Name: "fov", Kind: spec.Angle, Unit: "deg", Min: 5, Max: 120, Derived: true,
			Zh: "相机水平视场角：默认由视频中平的顶面和底面的透视测出，测不出则取 30 度（yanchu 自己的转台视频如此；手机主摄约 65 度）",
			En: "the camera's field of view across the frame: measured from how a flat top and a flat base are foreshortened unless said, else 30°, as in yanchu's own films (a phone's main camera: about 65°)"},
		{Name: "resolution", Kind: spec.Count, Min: carve.MinResolution, Max: carve.MaxResolution, Default: carve.DefaultResolution,
			Zh: "雕刻体素：最长边上的体素数，越多越细", En: "voxels along the hull's longest side: more is finer"},
	},
}

// Schema declares the carved copy's parameters.
func (domain) Schema() *spec.Schema { return schema }

// Lexicon returns the carved copy's words (lexicon.tsv).
func (domain) Lexicon() []byte { return lexicon }
