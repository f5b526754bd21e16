package box

import (
	"math"

	"yanchu/spec"
)

// Least sizes the domain builds (mm).
const (
	minInside   = 5.0  // the least inside length, width and height
	minLip      = 2.0  // the shallowest lip that holds a lift-off lid
	maxLip      = 6.0  // the deepest lip worked out when none is said
	minLipHole  = 2.0  // the least opening inside a lift-off lid's lip
	minCompart  = 10.0 // the shortest compartment between dividers
	minDivider  = 1.0  // the lowest divider above the floor
	minSlideRim = 0.8  // the least wall left behind a sliding lid's groove
	minHold     = 0.5  // how far a sliding lid reaches into each groove, past the clearance
	dividerDrop = 1.0  // how far a divider's top stays below a lift-off lid's lip
	slideDrop   = 0.5  // how far a divider's top stays below a sliding lid's grooves
	// chamferRise is how steeply a sliding lid's grooves close in at the top:
	// tan 60°, so that the faces stay well clear of the 45° overhang a printer
	// holds without support, even where a mesh cuts the rounded corners into
	// facets.
	chamferRise = 1.7320508075688772
	// maxCells is the most grid cells along the longest side that the pipeline
	// meshes (pipeline.MaxCells, which a domain cannot import).
	maxCells = 2000
)

// plan is a resolved box in numbers, all in millimetres.
type plan struct {
	l, w, h           float64 // outer size of the closed box: x, y, z
	wall, floor       float64
	corner, clearance float64
	lid               string
	lip               float64 // depth of a lift-off lid's lip; 0 for other lids
	n                 int     // dividers
}

// planOf reads a resolved spec.
func planOf(s *spec.Spec) *plan {
	v := s.Params["size"].Vec
	return &plan{
		l: v[0], w: v[1], h: v[2],
		wall: s.Num("wall"), floor: s.Num("floor"),
		corner: s.Num("corner"), clearance: s.Num("clearance"),
		lid: s.Text("lid"), lip: s.Num("lip"), n: int(s.Num("dividers")),
	}
}

// plate is the thickness of the lid: max(wall, 2), or 0 without a lid.
func (b *plan) plate() float64 {
	if b.lid == lidNone {
		return 0
	}
	return math.Max(b.wall, 2)
}

// grooveDepth is how deep a sliding lid's groove cuts into the wall: half of it.
func (b *plan) grooveDepth() float64 { return b.wall / 2 }

// grooveHeight is the height of a sliding lid's groove at the lid's edge: the
// plate and a clearance above and below it.
func (b *plan) grooveHeight() float64 { return b.plate() + 2*b.clearance }

// rail is the height of the wall left above a sliding lid's groove.
func (b *plan) rail() float64 { return railOf(b.wall) }

// railOf is the rail above grooves in walls of thickness wall: the grooves'
// sloping top and at least half the wall (0.8 mm or more) above it, rounded up
// to 0.5 mm.
func railOf(wall float64) float64 {
	g := wall / 2
	return math.Ceil((chamferRise*g+math.Max(g, minSlideRim))*2) / 2
}

// grooveZ is the height of the bottom of a sliding lid's groove.
func (b *plan) grooveZ() float64 { return b.h - b.rail() - b.grooveHeight() }

// stack is how much of the height the lid takes above the inside.
func (b *plan) stack() float64 { return stackOf(b.lid, b.wall, b.clearance) }

// stackOf is plan.stack for a lid style, wall and clearance.
func stackOf(lid string, wall, clearance float64) float64 {
	p := math.Max(wall, 2)
	switch lid {
	case lidLift:
		return p
	case lidSlide:
		return railOf(wall) + p + 2*clearance
	}
	return 0
}

// body is the height of the box body: the closed height less a lift-off lid.
func (b *plan) body() float64 {
	if b.lid == lidLift {
		return b.h - b.plate()
	}
	return b.h
}

// inner returns the inside length, width and height: from the floor to the
// underside of the lid (of a sliding lid resting in its grooves).
func (b *plan) inner() (l, w, h float64) {
	return b.l - 2*b.wall, b.w - 2*b.wall, b.h - b.floor - b.stack()
}

// innerCorner is the radius of the inside's vertical edges: the exact inward
// offset of the outer corner.
func (b *plan) innerCorner() float64 { return math.Max(b.corner-b.wall, 0) }

// dividerTop is the height of the dividers' tops.
func (b *plan) dividerTop() float64 {
	switch b.lid {
	case lidLift:
		return b.body() - b.lip - dividerDrop
	case lidSlide:
		return b.grooveZ() - slideDrop
	}
	return b.h
}

// compartment is the length of each compartment between the dividers.
func (b *plan) compartment() float64 {
	li, _, _ := b.inner()
	return (li - float64(b.n)*b.wall) / float64(b.n+1)
}

// dividerX returns the centre of divider i (0-based) along x.
func (b *plan) dividerX(i int) float64 {
	li, _, _ := b.inner()
	c := b.compartment()
	return -li/2 + float64(i+1)*c + (float64(i)+0.5)*b.wall
}

// cell is the largest grid cell that keeps every wall and slot open: half the
// thinnest of them, and at most 1 mm.
func (b *plan) cell() float64 {
	t, _ := b.thinnest()
	return math.Min(1, t/2)
}

// thinnest returns the thinnest wall or slot of the box and its lid, and what
// it is.
func (b *plan) thinnest() (float64, string) {
	t, what := b.wall, "wall"
	less := func(x float64, name string) {
		if x < t {
			t, what = x, name
		}
	}
	less(b.floor, "floor")
	switch b.lid {
	case lidLift:
		less(b.plate(), "lid")
	case lidSlide:
		less(b.wall-b.grooveDepth(), "wall behind the grooves")
		less(b.rail()+b.clearance*chamferRise-b.grooveDepth()*chamferRise, "rail above the grooves")
		less(b.plate(), "lid")
	}
	return t, what
}

// span is the longest side of the box and its lid side by side on the bed.
func (b *plan) span() float64 {
	y := b.w
	if b.lid != lidNone {
		y += layoutGap + b.lidSize().Y
	}
	return math.Max(math.Max(b.l, y), b.h)
}

// roundedArea is the area of a w by h rectangle with corners of radius r (mm²).
func roundedArea(w, h, r float64) float64 { return w*h - (4-math.Pi)*r*r }

// widthAt is the inside's width at x along the length, narrower near the ends
// where its corners round.
func (b *plan) widthAt(x float64) float64 {
	li, wi, _ := b.inner()
	r := b.innerCorner()
	u := math.Abs(x) - (li/2 - r)
	if u <= 0 {
		return wi
	}
	if u >= r {
		return 0
	}
	return wi - 2*(r-math.Sqrt(r*r-u*u))
}

// volume is the usable volume inside the closed box (mm³): the inside less the
// dividers and a lift-off lid's lip.
func (b *plan) volume() float64 {
	li, wi, hi := b.inner()
	ri := b.innerCorner()
	v := roundedArea(li, wi, ri) * hi
	if b.lid == lidLift {
		lo, wo, ro := li-2*b.clearance, wi-2*b.clearance, math.Max(ri-b.clearance, 0)
		ring := roundedArea(lo, wo, ro) - roundedArea(lo-2*b.wall, wo-2*b.wall, math.Max(ro-b.wall, 0))
		v -= ring * b.lip
	}
	const steps = 64
	for i := range b.n {
		x0, area := b.dividerX(i)-b.wall/2, 0.0
		for k := range steps {
			area += b.widthAt(x0+(float64(k)+0.5)*b.wall/steps) * b.wall / steps
		}
		v -= area * (b.dividerTop() - b.floor)
	}
	return v
}
