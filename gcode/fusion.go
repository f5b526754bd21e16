package gcode

import (
	"fmt"
	"math"

	"yanchu/geom"
)

// Gap is the spherical clearance band between two concentric bodies, such as two
// shells of a puzzle ball, in the G-code's coordinates.
type Gap struct {
	// Name labels the gap in reports.
	Name string
	// Centre is the common centre of the bodies (mm).
	Centre geom.Vec3
	// Inner is the radius of the inner body's outside and Outer the radius of the
	// outer body's inside (mm); the band is Inner < r < Outer.
	Inner, Outer float64
}

// Tie is a deliberate bridge of material across a gap, such as a breakaway tie: a
// bead near one is expected in the gap.
type Tie struct {
	// At is a point of the tie inside the gap, such as the middle of its crossing
	// (mm).
	At geom.Vec3
	// RadiusMM is the tie's radius (mm).
	RadiusMM float64
}

// GapFusion is what Fusion found in one gap.
type GapFusion struct {
	Gap Gap
	// AreaMM2 is the extruded area (length × width, mm²) of the beads that lie in
	// the gap: see Fusion for the rule.
	AreaMM2 float64
	// OutsideTiesMM2 is AreaMM2 less the beads planned within a tie's RadiusMM
	// plus the bead's width of the tie's At point: the material in the gap that no
	// tie explains.
	OutsideTiesMM2 float64
	// Counted is the number of bead pieces in AreaMM2, and Deepest is the planned
	// centre that lies deepest in the band among them (the zero vector when none
	// counted).
	Counted int
	Deepest geom.Vec3
	// InnerReachMM and OuterReachMM are how far the beads of the inner wall, and
	// of the outer wall, reach into the band as printed (mm, 0 when none does):
	// where the two face each other, the walls leave a clearance of about
	// Outer - Inner - InnerReachMM - OuterReachMM.
	InnerReachMM, OuterReachMM float64
}

// FusionMarginMM is how far inside the band, from both walls, a bead's planned
// centre must lie for Fusion to count it (mm). It absorbs the facets of the mesh
// and the G-code's rounding to 0.001 mm.
const FusionMarginMM = 0.05

// sampleMM is the longest piece of a segment Fusion tests as one (mm).
const sampleMM = 0.2

// Fusion reports, for each gap, how much extruded material lies inside it; st
// must hold segments (Options.Segments). It panics unless every gap has finite
// radii with 0 <= Inner < Outer.
//
// Each segment is cut into pieces of at most 0.2 mm. A piece counts, with its
// length × width, when its planned centre lies inside the band deeper than
// FusionMarginMM from both walls. The planned centre is the point of the centre
// line in the layer's middle, LayerMM/2 (HeightMM/2 when LayerMM is 0) below
// the segment: PrusaSlicer lays out each layer's paths on the model's
// cross-section there, so the beads of a wall are planned inside it however far
// they overhang or sag, while the paths of a tie or of support in the gap are
// planned in the gap. The bead itself need not fit in the band: a 0.45 mm bead
// never fits a 0.4 mm gap, yet a tie across that gap must count.
//
// Measured on PrusaSlicer 2.5's G-code for two shells 0.4 mm apart, the beads at
// the poles, which overhang, reach up to 0.08 mm (MK3S profile, 0.15 mm layers)
// or 0.27 mm (PrusaSlicer's default thick bridges, 0.4 mm round beads) into the
// gap, yet their planned centres stay inside the walls, and nothing counts; a
// tie 2 mm across counts about 6.5 mm².
//
// The reach of the walls is worked out from the bead as printed: its
// cross-section, WidthMM wide and HeightMM tall with semicircular sides, hangs
// from the segment, and its extent along the direction from the gap's centre says
// how far it reaches into the band.
func Fusion(st *Stats, gaps []Gap, ties []Tie) []GapFusion {
	out := make([]GapFusion, len(gaps))
	deepest := make([]float64, len(gaps))
	for gi, g := range gaps {
		if !(g.Outer > g.Inner) || !(g.Inner >= 0) || math.IsInf(g.Outer, 0) {
			panic(fmt.Sprintf("gcode.Fusion: gap %q needs 0 <= Inner < Outer, got %g and %g", g.Name, g.Inner, g.Outer))
		}
		out[gi].Gap = g
		deepest[gi] = math.Inf(-1)
	}
	for _, sg := range st.Segments {
		w, h := sg.WidthMM, sg.HeightMM
		layer := sg.LayerMM
		if !(layer > 0) {
			layer = h
		}
		d := sg.B.Sub(sg.A)
		length := d.Len()
		if !(length > 0) {
			continue
		}
		dir := d.Scale(1 / length)
		u := geom.Vec3{X: -dir.Y, Y: dir.X}.Unit() // across the bead, level
		reach := math.Max(math.Max(w, h), layer) + FusionMarginMM
		n := max(1, int(math.Ceil(length/sampleMM)))
		piece := length / float64(n)
		for gi := range out {
			f := &out[gi]
			g := f.Gap
			lo, hi := segmentRange(sg.A, sg.B, g.Centre)
			if hi < g.Inner-reach || lo > g.Outer+reach {
				continue
			}
			for k := 0; k < n; k++ {
				top := sg.A.Add(d.Scale((float64(k) + 0.5) / float64(n)))
				plan := top.Sub(geom.Vec3{Z: layer / 2})
				r := plan.Sub(g.Centre).Len()
				depth := math.Min(r-g.Inner, g.Outer-r)
				if depth <= FusionMarginMM {
					// A wall's bead: how far does it reach into the band?
					bead := top.Sub(geom.Vec3{Z: h / 2})
					bv := bead.Sub(g.Centre)
					br := bv.Len()
					e := extent(bv, br, u, w, h)
					if r < (g.Inner+g.Outer)/2 {
						f.InnerReachMM = math.Max(f.InnerReachMM, br+e-g.Inner)
					} else {
						f.OuterReachMM = math.Max(f.OuterReachMM, g.Outer-(br-e))
					}
					continue
				}
				area := piece * w
				f.AreaMM2 += area
				f.Counted++
				if !nearTie(plan, w, ties) {
					f.OutsideTiesMM2 += area
				}
				if depth > deepest[gi] {
					deepest[gi], f.Deepest = depth, plan
				}
			}
		}
	}
	return out
}

// extent returns the half-size of a bead's cross-section along the radial
// direction rv (of length r): the support function of a stadium of width w and
// height h lying in the plane of u (level, across the bead) and Z.
func extent(rv geom.Vec3, r float64, u geom.Vec3, w, h float64) float64 {
	if r == 0 {
		return math.Max(w, h) / 2
	}
	nu := math.Abs(rv.Dot(u)) / r
	nz := math.Abs(rv.Z) / r
	return math.Max(w-h, 0)/2*nu + h/2*math.Hypot(nu, nz)
}

// segmentRange returns the least and greatest distance from c to the segment ab.
func segmentRange(a, b, c geom.Vec3) (lo, hi float64) {
	d := b.Sub(a)
	t := 0.0
	if l2 := d.Dot(d); l2 > 0 {
		t = math.Max(0, math.Min(1, c.Sub(a).Dot(d)/l2))
	}
	lo = a.Add(d.Scale(t)).Sub(c).Len()
	hi = math.Max(a.Sub(c).Len(), b.Sub(c).Len())
	return lo, hi
}

// nearTie reports whether the bead centred at c, w wide, is within a tie's radius
// plus w of the tie's point.
func nearTie(c geom.Vec3, w float64, ties []Tie) bool {
	for _, t := range ties {
		if c.Sub(t.At).Len() <= t.RadiusMM+w {
			return true
		}
	}
	return false
}

// PoleReach reports, for each pole, whether anything holds it up: poles are
// points where a body starts in mid-air, such as the bottom of an inner shell of a
// puzzle ball, in the G-code's coordinates. st must hold segments. It panics
// unless radius is a positive number.
//
// The pole's first layer is the lowest layer with a bead within radius (mm, in
// XY) of the pole whose layer's middle is at or above the pole. The pole is held
// when that layer starts on the bed, or when a bead within radius in XY has its
// top no more than max(1.5 layers, 0.25 mm) below the bottom of that layer: a
// layer printed right under it, such as a tie's, or the top of a support with
// PrusaSlicer's usual 0.2 mm contact distance. The other body's surface across a
// clearance of two layers or more does not hold it; across a narrower clearance
// the two cannot be told apart. When no first layer is found, the pole's own
// height stands for its bottom.
func PoleReach(st *Stats, poles []geom.Vec3, radius float64) []bool {
	if !(radius > 0) || math.IsInf(radius, 0) {
		panic(fmt.Sprintf("gcode.PoleReach: radius must be a positive number of mm, got %g", radius))
	}
	const eps = 1e-3
	held := make([]bool, len(poles))
	for i, p := range poles {
		bottom, layer := p.Z, 0.0
		first := math.Inf(1)
		for _, sg := range st.Segments {
			z, ok := nearXY(sg, p, radius)
			l := layerOf(sg)
			if ok && z-l/2 >= p.Z-eps && z < first {
				first, bottom, layer = z, z-l, l
			}
		}
		if !math.IsInf(first, 1) && bottom <= eps {
			held[i] = true
			continue
		}
		for _, sg := range st.Segments {
			z, ok := nearXY(sg, p, radius)
			if !ok {
				continue
			}
			l := layer
			if l == 0 {
				l = layerOf(sg)
			}
			if z <= bottom+eps && z >= bottom-math.Max(1.5*l, 0.25)-eps {
				held[i] = true
				break
			}
		}
	}
	return held
}

// layerOf returns the layer height of a segment, its bead height when unknown.
func layerOf(sg Segment) float64 {
	if sg.LayerMM > 0 {
		return sg.LayerMM
	}
	return sg.HeightMM
}

// nearXY reports whether segment sg passes within radius of p in XY, and the
// segment's height at its nearest point.
func nearXY(sg Segment, p geom.Vec3, radius float64) (float64, bool) {
	dx, dy := sg.B.X-sg.A.X, sg.B.Y-sg.A.Y
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = math.Max(0, math.Min(1, ((p.X-sg.A.X)*dx+(p.Y-sg.A.Y)*dy)/l2))
	}
	x, y := sg.A.X+dx*t, sg.A.Y+dy*t
	if math.Hypot(x-p.X, y-p.Y) > radius {
		return 0, false
	}
	return sg.A.Z + (sg.B.Z-sg.A.Z)*t, true
}
