package sharpen

import (
	"math"

	"yanchu/geom"
)

// vert is a corner of a new triangle: an input vertex (orig), or a new point.
type vert struct {
	p    geom.Vec3
	idx  uint32
	orig bool
}

// pieces splits triangle t along the points in use on its edges, and reports
// whether every piece is fit; if so and out is set, it appends them to
// out.Triangles (the points on the edges already numbered).
func (s *state) pieces(t [3]uint32, out *Result) bool {
	var v [3]vert
	var m [3]*point // the point on edge k, from v[k] to v[k+1]
	n := 0
	for k, x := range t {
		v[k] = vert{s.p[x], x, true}
	}
	for k := range 3 {
		if m[k] = s.at(t[k], t[(k+1)%3]); m[k] != nil {
			n++
		}
	}
	mid := func(k int) vert { return vert{m[k].p, m[k].idx, false} }
	normal := v[1].p.Sub(v[0].p).Cross(v[2].p.Sub(v[0].p))
	floor := quality
	// The facing of a sliver is left to rounding: marching cubes makes them next to
	// grid points, and the slivers they split into face as they like.
	sliver := shape(v[0].p, v[1].p, v[2].p) < sliverShape
	var tris [6][3]vert
	nt := 0
	add := func(a, b, c vert) { tris[nt] = [3]vert{a, b, c}; nt++ }
	fit := func() bool {
		for _, tr := range tris[:nt] {
			if !s.fits(tr, normal, floor, sliver) {
				return false
			}
		}
		return true
	}
	switch n {
	case 0:
		// Unsplit, as it came.
		if out != nil {
			out.Triangles = append(out.Triangles, t)
		}
		return true
	case 1:
		k := 0
		for m[k] == nil {
			k++
		}
		add(v[k], mid(k), v[(k+2)%3])
		add(mid(k), v[(k+1)%3], v[(k+2)%3])
	case 2:
		// Edges k and k+1 are split, around vertex k+1.
		k := 0
		for m[k] == nil || m[(k+1)%3] == nil {
			k++
		}
		a, b, c := v[k], v[(k+1)%3], v[(k+2)%3]
		p, q := mid(k), mid((k+1)%3)
		if m[k] == m[(k+1)%3] {
			// One point on both: the corner at b drops out.
			add(a, p, c)
			break
		}
		add(p, b, q)
		add(a, p, q)
		add(a, q, c)
		if !fit() {
			nt = 1
			add(a, p, c)
			add(p, q, c)
		}
	case 3:
		if m[0] == m[1] || m[1] == m[2] || m[2] == m[0] {
			return false
		}
		if x, ok := s.corner(t); ok {
			c := vert{p: x}
			if out != nil {
				c.idx = uint32(len(out.Vertices))
			}
			for k := range 3 {
				add(v[k], mid(k), c)
				add(v[k], c, mid((k+2)%3))
			}
			if fit() {
				if out != nil {
					out.Vertices = append(out.Vertices, x)
					out.Corners++
				}
				break
			}
			nt = 0
		}
		for k := range 3 {
			add(v[k], mid(k), mid((k+2)%3))
		}
		add(mid(0), mid(1), mid(2))
	}
	if !fit() {
		return false
	}
	if out != nil {
		for _, tr := range tris[:nt] {
			out.Triangles = append(out.Triangles, [3]uint32{tr[0].idx, tr[1].idx, tr[2].idx})
		}
	}
	return true
}

// fits reports whether triangle tr keeps the facing of the triangle it comes
// from (normal), has a fair shape (floor, or better), and faces as the surface
// does at its input vertices.
func (s *state) fits(tr [3]vert, normal geom.Vec3, floor float64, sliver bool) bool {
	nw := tr[1].p.Sub(tr[0].p).Cross(tr[2].p.Sub(tr[0].p))
	// It may not turn over from the triangle it comes from; it may turn far from
	// it where it lies on one face and the triangle leant to the other, as the
	// facing of the surface below still keeps it from folding.
	limit := 0.0
	if tr[0].orig || tr[1].orig || tr[2].orig {
		limit = -0.5 * nw.Len() * normal.Len()
	}
	if !(nw.Dot(normal) > limit) {
		return false
	}
	l := edge2(tr[0].p, tr[1].p) + edge2(tr[1].p, tr[2].p) + edge2(tr[2].p, tr[0].p)
	area2 := nw.Len()
	q := math.Sqrt(3) * area2 / l
	if sliver && q < sliverShape {
		return true
	}
	if !(math.Sqrt(3)*area2 >= floor*l) {
		return false
	}
	// It faces as the surface does at its input vertices; where two of them lie
	// across a crease whose edge was not split, it leans both ways, and only may
	// not fold against the two together.
	for i, c := range tr {
		if !c.orig {
			continue
		}
		g := s.grad[c.idx]
		across := false
		for j, d := range tr {
			if j != i && d.orig && g.Dot(s.grad[d.idx]) < s.cosEdge {
				across = true
				if !(nw.Dot(g.Add(s.grad[d.idx])) > 0) {
					return false
				}
			}
		}
		if !across && nw.Dot(g) < facing*area2 {
			return false
		}
	}
	return true
}

// shape is 2√3·area / Σ edge² of triangle abc: 1 for an equilateral triangle, 0
// for a sliver.
func shape(a, b, c geom.Vec3) float64 {
	l := edge2(a, b) + edge2(b, c) + edge2(c, a)
	if !(l > 0) {
		return 0
	}
	return math.Sqrt(3) * b.Sub(a).Cross(c.Sub(a)).Len() / l
}

// sliverShape is the shape under which a triangle counts as a sliver.
const sliverShape = 0.01
