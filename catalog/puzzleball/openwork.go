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
	s float64 // √(1 − c²), the rim's radius; set by newOpenwork
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
	turns    []corner  // where the outline turns from one circle to another
}

func newOpenwork(openings []opening, feature float64) *openwork {
	w := &openwork{openings: openings, feature: feature}
	for k, o := range openings {
		w.first = append(w.first, len(w.circles))
		for _, h := range o {
			h.s = math.Sqrt(math.Max(0, 1-h.c*h.c))
			w.circles = append(w.circles, h)
			w.of = append(w.of, k)
		}
	}
	w.turns = w.corners()
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
// along lines, and the clouds and the coin lattice turned by rot as the solid
// has them.
func (b *ballPlan) openworks(rot geom.Mat3, lines []geom.Vec3) ([]*openwork, error) {
	var holes []opening
	for _, d := range lines {
		u := d.Unit()
		holes = append(holes, opening{{a: u, c: math.Cos(b.angle)}}, opening{{a: u.Scale(-1), c: math.Cos(b.angle)}})
	}
	feature := math.Min(b.angle, minAngle(b.holes)-2*b.angle)
	works := make([]*openwork, b.n-1)
	plain := newOpenwork(holes, feature)
	for k := range works {
		works[k] = plain
	}
	if b.cloud {
		cp, err := b.cloudPlan()
		if err != nil {
			return nil, err
		}
		var clouds []opening
		for _, c := range cp.cones(rot) {
			clouds = append(clouds, opening{{a: c.u, c: math.Cos(c.r)}})
		}
		works[0] = newOpenwork(clouds, math.Min(cp.lobe, minAngle(b.holes)-2*cp.extent))
	}
	if b.coin && b.n > 2 {
		cp, err := b.coinPlan()
		if err != nil {
			return nil, err
		}
		inner := append([]opening(nil), holes...)
		for _, planes := range cp.pyramids(rot) {
			// The pyramid is where p·n <= 0 for every plane: its directions
			// are those with d·(−n) > 0 for all.
			var sq opening
			for _, n := range planes {
				sq = append(sq, halfCap{a: n.Unit().Scale(-1)})
			}
			inner = append(inner, sq)
		}
		f := math.Min(feature, math.Min(cp.half, cp.delta-b.angle-math.Sqrt2*cp.half))
		coin := newOpenwork(inner, f)
		for k := 1; k < len(works); k++ {
			works[k] = coin
		}
	}
	return works, nil
}

// outlineEps is how near zero the field must be for a point on a circle to
// count as on the outline.
const outlineEps = 1e-12

// onOutline reports whether x, on circle c, lies on the outline: on the rim of
// c's opening and inside no opening.
func (w *openwork) onOutline(x geom.Vec3, c int) bool {
	k := w.of[c]
	if d, _ := w.depth(k, x, w.first[k]); d > outlineEps {
		return false
	}
	g, _ := w.field(x)
	return g >= -outlineEps
}

// fieldApart is field with the opening k left out.
func (w *openwork) fieldApart(d geom.Vec3, k int) float64 {
	g := math.Inf(1)
	for j := range w.openings {
		if j != k {
			x, _ := w.depth(j, d, w.first[j])
			g = math.Min(g, x)
		}
	}
	return g
}

// corner is a point where the outline turns from circle i to circle j.
type corner struct {
	p    geom.Vec3
	i, j int32
}

// corners returns the points where two circles cross on the outline.
func (w *openwork) corners() []corner {
	var out []corner
	for i, hi := range w.circles {
		for j := i + 1; j < len(w.circles); j++ {
			for _, p := range circleCrossings(hi, w.circles[j]) {
				if w.onOutline(p, i) && w.onOutline(p, j) {
					out = append(out, corner{p, int32(i), int32(j)})
				}
			}
		}
	}
	return out
}

// circleCrossings returns the unit vectors on both rims: d·a = c for each.
func circleCrossings(h1, h2 halfCap) []geom.Vec3 {
	n := h1.a.Cross(h2.a)
	nn := n.Dot(n)
	if nn < 1e-18 {
		return nil
	}
	k := h1.a.Dot(h2.a)
	x := (h1.c - k*h2.c) / nn // 1 - k² = |a1 × a2|²
	y := (h2.c - k*h1.c) / nn
	base := h1.a.Scale(x).Add(h2.a.Scale(y))
	rest := 1 - base.Dot(base)
	if rest < 0 {
		return nil
	}
	z := math.Sqrt(rest / nn)
	return []geom.Vec3{base.Add(n.Scale(z)), base.Sub(n.Scale(z))}
}

// crossPoint is where the outline crosses an arc: its angle along the arc, the
// point and its circle.
type crossPoint struct {
	theta float64
	p     geom.Vec3
	c, c2 int32 // c2: the second circle at a corner, else -1
}

// cornerOnEdge is how near an edge (an angle) a corner counts as on it: it is
// then made where the edge's crossings meet, not put inside a triangle.
const cornerOnEdge = 1e-9

// crossings returns where the outline crosses the great-circle arc from p to
// q, strictly between them, in order along it.
func (w *openwork) crossings(p, q geom.Vec3) []crossPoint {
	pq := p.Dot(q)
	mid := p.Add(q).Unit()
	ch, sh := math.Sqrt(math.Max(0, (1+pq)/2)), math.Sqrt(math.Max(0, (1-pq)/2)) // of half the span
	const eps = 1e-9
	var out []crossPoint
	var n, e geom.Vec3
	span := -1.0
	for c, h := range w.circles {
		// Only a rim that comes within half the arc's span of its middle.
		if mid.Dot(h.a) < h.c*ch-h.s*sh {
			continue
		}
		if span < 0 {
			n = p.Cross(q)
			span = math.Atan2(n.Len(), pq)
			n = n.Unit()
			e = n.Cross(p) // the arc is p·cos θ + e·sin θ, θ from 0 to span
		}
		A, B := p.Dot(h.a), e.Dot(h.a)
		R := math.Hypot(A, B)
		if R <= math.Abs(h.c) {
			continue
		}
		phi, delta := math.Atan2(B, A), math.Acos(h.c/R)
		for _, th := range [2]float64{phi - delta, phi + delta} {
			for th < -math.Pi {
				th += 2 * math.Pi
			}
			for th > math.Pi {
				th -= 2 * math.Pi
			}
			if th <= eps*span || th >= span*(1-eps) {
				continue
			}
			s, co := math.Sincos(th)
			x := onCircle(p.Scale(co).Add(e.Scale(s)), h)
			if w.onOutline(x, c) {
				out = append(out, crossPoint{th, x, int32(c), -1})
			}
		}
	}
	for i := 1; i < len(out); i++ { // few: insertion sort
		for j := i; j > 0 && out[j].theta < out[j-1].theta; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	// Two circles crossing the arc at one point: a corner of the outline on
	// the edge, made once, on both.
	merged := out[:0]
	for _, x := range out {
		if n := len(merged); n > 0 && x.theta-merged[n-1].theta < cornerOnEdge && x.c != merged[n-1].c {
			merged[n-1].c2 = x.c
			continue
		}
		x.c2 = -1
		merged = append(merged, x)
	}
	return merged
}
