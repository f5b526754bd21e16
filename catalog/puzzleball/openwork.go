package puzzleball

import (
	"math"

	"yanchu/geom"
)

// Every opening the ball's shells are carved with is a cone with its apex at
// the centre: the plain holes (a cap each way), the cloud's five cones and the
// coin's square pyramid (four half-spaces through the centre). So an opening is a region of directions, the same on
// every sphere, and a shell is the directions outside all its openings between
// two radii. openwork describes those regions for one shell.

// halfCap is the directions d with d·a > c: a cap about a of angular radius
// acos c, or a hemisphere when c is 0. Its rim is a circle on the unit sphere.
type halfCap struct {
	a geom.Vec3 // unit
	c float64
}

// opening is the directions inside every one of its half-caps.
type opening []halfCap

// openwork is the openings of one shell, their rims numbered as circles.
type openwork struct {
	openings []opening
	circles  []halfCap // every half-cap, in order
	of       []int     // the opening of each circle
	first    []int     // the first circle of each opening
	feature  float64   // the narrowest opening or ligament, as an angle
}

func newOpenwork(openings []opening, feature float64) *openwork {
	w := &openwork{openings: openings, feature: feature}
	for k, o := range openings {
		w.first = append(w.first, len(w.circles))
		for _, h := range o {
			w.circles = append(w.circles, h)
			w.of = append(w.of, k)
		}
	}
	return w
}

// depth returns how far d is outside the opening k: positive outside, negative
// inside, zero on its rim, and the circle that decides it.
func (w *openwork) depth(k int, d geom.Vec3, first int) (float64, int) {
	worst, at := math.Inf(-1), -1
	for i, h := range w.openings[k] {
		if x := h.c - d.Dot(h.a); x > worst {
			worst, at = x, first+i
		}
	}
	return worst, at
}

// field is positive at the directions the shell keeps, negative in an opening
// and zero on a rim; rim is the circle nearest to deciding it.
func (w *openwork) field(d geom.Vec3) (g float64, rim int) {
	g, rim = math.Inf(1), -1
	first := 0
	for k, o := range w.openings {
		if x, at := w.depth(k, d, first); x < g {
			g, rim = x, at
		}
		first += len(o)
	}
	return g, rim
}

// onCircle moves the unit vector v onto the rim of h along the great circle
// from h's axis through v.
func onCircle(v geom.Vec3, h halfCap) geom.Vec3 {
	u := v.Sub(h.a.Scale(v.Dot(h.a))).Unit()
	return h.a.Scale(h.c).Add(u.Scale(math.Sqrt(math.Max(0, 1-h.c*h.c))))
}

// openworks returns the openings of each shell but the core: the plain holes
// along lines. (The clouds and the coin lattice have corners where their rims
// meet, which this cutting does not yet follow: they are left to the grid.)
func (b *ballPlan) openworks(lines []geom.Vec3) []*openwork {
	var holes []opening
	var axes []geom.Vec3
	for _, d := range lines {
		u := d.Unit()
		axes = append(axes, u, u.Scale(-1))
		holes = append(holes, opening{{u, math.Cos(b.angle)}}, opening{{u.Scale(-1), math.Cos(b.angle)}})
	}
	feature := b.angle
	for i, a := range axes {
		for _, c := range axes[i+1:] {
			feature = math.Min(feature, angleBetween(a, c)-2*b.angle)
		}
	}
	works := make([]*openwork, b.n-1)
	plain := newOpenwork(holes, feature)
	for k := range works {
		works[k] = plain
	}
	return works
}
