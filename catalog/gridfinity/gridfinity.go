// Package gridfinity is yanchu's Gridfinity bin domain (gridfinity 收纳盒,
// gridfinity bin): a bin of the modular storage system that makers print most,
// sized to seat in baseplates anyone else prints. Its dimensions follow the
// community standard (Zack Freedman's Gridfinity, as gridfinity.xyz/specification
// describes it and gridfinity-rebuilt-openscad's src/core/standard.scad encodes
// it); each constant below names the figure it comes from.
//
// The size is in grid units, x × y cells of 42 mm and a height in units of 7 mm:
// "gridfinity 2x3x6" or 长2宽3高6. The bin is 42n − 0.5 mm across in x and y
// (0.25 mm clear on each side of its cells), its vertical edges rounded with
// 3.75 mm. Under each cell stands a foot that seats in a baseplate, from the
// bottom: a 0.8 mm chamfer at 45°, 1.8 mm straight up, a 2.15 mm chamfer at 45°,
// 4.75 mm in all, widening from 35.6 mm to the cell's 41.5 mm. The body stands on
// the feet up to h × 7 mm from the bottom; the stacking lip rises 4.4 mm above
// it (0.7 mm at 45°, 1.8 mm straight, 1.9 mm at 45° out to a sharp top edge on
// the outer wall), the mirror of a foot, so that bins stack. Under the lip, its
// overhang is carried by a 45° ledge from the wall, as rebuilt does. The inside
// floor is solid up to 7 mm (the spec's bridge of 2.25 mm above the feet).
//
// Options: magnet holes (6.5 mm across, 2.4 mm deep) and screw holes (3 mm
// across, 6 mm deep), four to a cell, 13 mm from its centre along x and y
// (8 mm in from its sides); compartments along x, and along y, split by 1.2 mm
// dividers; a label shelf along the back (+y) of each row of compartments, its
// underside at 45° so that it prints without support. Dividers and shelves stop
// 1.2 mm under the top of the body, below the foot of a bin stacked on it.
//
// Every field is exact or a bound: the body, the cavity and each foot are a
// section swept around a rounded rectangle (the distance to the section, in
// the plane of the distance to the outline and the height: 1-Lipschitz, so a
// bound), joined by sdf booleans with the holes, dividers and shelves. The
// model is meshed on the grid.
package gridfinity

import (
	_ "embed"

	"yanchu/catalog"
	"yanchu/spec"
)

//go:embed lexicon.tsv
var lexicon []byte

func init() { catalog.Register(domain{}) }

// domain is the Gridfinity bin domain.
type domain struct{}

// The standard's figures (mm), from gridfinity.xyz/specification as
// gridfinity-rebuilt-openscad's src/core/standard.scad encodes them.
const (
	gridXY    = 42.0 // GRID_DIMENSIONS_MM: one grid unit in x and y
	gridZ     = 7.0  // one height unit
	clearance = 0.25 // d_clear: BASE_GAP_MM / 2, each side of a cell
	cornerR   = 3.75 // BASE_TOP_RADIUS: the outer vertical edges and a foot's top

	// BASE_PROFILE, from the bottom of a foot, inset from the cell's outline.
	footChamfer1 = 0.8                                        // 45° out
	footStraight = 1.8                                        // straight up
	footChamfer2 = 2.15                                       // 45° out
	footHeight   = footChamfer1 + footStraight + footChamfer2 // 4.75
	footInset    = footChamfer1 + footChamfer2                // 2.95: the foot's bottom in from its top

	floorTop = 7.0 // the inside floor: a foot and the 2.25 mm bridge above it

	// STACKING_LIP_LINE, from the lip's inner tip at the top of the body.
	lipChamfer1 = 0.7                                     // 45° out
	lipStraight = 1.8                                     // straight up
	lipChamfer2 = 1.9                                     // 45° out, to the outer wall
	lipHeight   = lipChamfer1 + lipStraight + lipChamfer2 // 4.4
	lipInset    = lipChamfer1 + lipChamfer2               // 2.6: the tip in from the outer wall
	lipSupport  = 1.2                                     // STACKING_LIP_SUPPORT_HEIGHT: straight under the tip

	defWall = 0.95 // d_wall: the standard's wall
	divider = 1.2  // d_div: a divider between compartments

	// Holes in the bottom of each cell, 8 mm in from its sides
	// (d_hole_from_side), so 13 mm from its centre.
	holeOffset  = gridXY/2 - 8
	magnetD     = 6.5 // MAGNET_HOLE_RADIUS × 2
	magnetDepth = 2.4 // MAGNET_HOLE_DEPTH: a 2 mm magnet and two 0.2 mm layers
	screwD      = 3.0 // SCREW_HOLE_RADIUS × 2: M3
	screwDepth  = 6.0 // the original bins' screw hole
)

// The domain's own choices (mm), not the standard's.
const (
	insertDrop    = 1.2  // dividers and shelves stop this far under the top of the body
	shelfDepth    = 12.0 // a label shelf's depth, for 12 mm label tape
	shelfEdge     = 1.2  // the straight front edge of a shelf
	minShelf      = 5.0  // the shallowest shelf worth a label
	minCompart    = 8.0  // the narrowest compartment a finger gets into
	maxGrid       = 8    // 335.5 mm: more than any printer yanchu knows prints
	maxHeight     = 30   // 214.4 mm with the lip
	defGridX      = 2
	defGridY      = 2
	defGridHeight = 6
)

// Choices of the on/off options.
const (
	off = "none"
	on  = "on"
)

var schema = &spec.Schema{
	Domain: "gridfinity",
	Zh:     "Gridfinity 收纳盒：按社区标准（42 毫米网格、7 毫米高度单位）的模块化收纳盒，可叠放，可加磁铁孔、螺丝孔、分格和标签位",
	En:     "Gridfinity bin: a modular storage bin to the community standard (42 mm grid, 7 mm height units) that seats in any Gridfinity baseplate and stacks; magnet and screw holes, compartments and a label shelf optional",
	Size:   "size",
	Params: []spec.Param{
		{Name: "size", Kind: spec.Size, Unit: "mm", Min: 1, Max: 400, // millimetres are read as grid units (inUnits)
			Zh: "网格单位：长×宽格数（每格 42 毫米）×高度单位（每单位 7 毫米，不含 4.4 毫米叠放唇边），如 2x3x6（以毫米说的尺寸如 84x126x42mm 取最近的单位）；默认 2x2x6，一个常用、各种打印平台都放得下的盒子",
			En: "grid units (not mm): cells along x × cells along y (42 mm each) × height units (7 mm each, without the 4.4 mm stacking lip), as 2x3x6 (a size in mm, as 84x126x42mm, is read as the nearest units); 2x2x6 unless said, a common bin that fits every printer's bed"},
		{Name: "wall", Kind: spec.Length, Unit: "mm", Min: defWall, Max: 2, Default: defWall,
			Zh: "外壁厚，默认为标准的 0.95 毫米", En: "outer wall thickness; the standard's 0.95 mm unless said"},
		{Name: "magnets", Kind: spec.Choice, Choices: []string{off, on}, DefaultText: off,
			Zh: "底部磁铁孔（每格 4 个，直径 6.5 毫米、深 2.4 毫米，装 6×2 毫米磁铁）；默认不加，免得打印悬空",
			En: "magnet holes in the bottom, 4 a cell, 6.5 mm across and 2.4 mm deep for 6×2 mm magnets; none unless said, since they bridge"},
		{Name: "screws", Kind: spec.Choice, Choices: []string{off, on}, DefaultText: off,
			Zh: "底部螺丝孔（每格 4 个，直径 3 毫米、深 6 毫米，M3）；默认不加",
			En: "screw holes in the bottom, 4 a cell, 3 mm across and 6 mm deep (M3); none unless said"},
		{Name: "compartments", Kind: spec.Count, Min: 1, Max: 40, Default: 1,
			Zh: "沿长度（x）的分格数，隔板 1.2 毫米厚", En: "compartments along x, split by 1.2 mm dividers"},
		{Name: "compartments_y", Kind: spec.Count, Min: 1, Max: 40, Default: 1,
			Zh: "沿宽度（y）的分格数", En: "compartments along y"},
		{Name: "label", Kind: spec.Choice, Choices: []string{off, on}, DefaultText: off,
			Zh: "标签位：每排分格后侧（+y）一条斜撑的搁板；默认不加",
			En: "label shelf along the back (+y) of each row of compartments, on a 45° support; none unless said"},
	},
}

// Schema declares the bin's parameters.
func (domain) Schema() *spec.Schema { return schema }

// Lexicon returns the bin's words (lexicon.tsv).
func (domain) Lexicon() []byte { return lexicon }
