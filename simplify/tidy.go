package simplify

import (
	"math"

	"yanchu/geom"
)

// Collapses alone leave long, thin triangles and vertices of high degree where
// the passes met, and those block further collapses by the shape rules. Between
// rounds of passes, edges are flipped towards a Delaunay triangulation on the
// surface: edge (a, b) of triangles (a, b, c) and (b, a, d) becomes (c, d) when
// that makes the smallest angle of the pair larger. No vertex moves, so the
// quadrics stay, and the new edge must keep the same rules as a collapse's:
// within the tolerance by the bend of its ends' normals, neither triangle folding
// against the surface or turning far from the pair it replaces.

// flipGain is how much larger the smallest angle's sine must grow for a flip, so
// an edge never flips back and forth.
const flipGain = 1.05

// flips flips every edge that gains, in one sweep over the triangles in order,
// and returns the vertices of the flipped pairs.
func (s *state) flips() []uint32 {
	var touched []uint32
	for ti := range s.t {
		for k := 0; k < 3; k++ {
			if s.tdead[ti] {
				break
			}
			t := s.t[ti]
			a, b := t[k], t[(k+1)%3]
			if a > b {
				continue // tried from the triangle where it runs upward
			}
			if s.flip(int32(ti), a, b, t[(k+2)%3]) {
				touched = append(touched, t[0], t[1], t[2], s.t[ti][1])
			}
		}
	}
	return touched
}

// flip flips edge (a, b) of live triangle t1 = (a, b, c) if every rule allows and
// the pair gains; it reports whether it did.
func (s *state) flip(t1 int32, a, b, c uint32) bool {
	if s.locked[a] && s.locked[b] || s.crease(a) || s.crease(b) || s.crease(c) {
		return false
	}
	// The other triangle (b, a, d): exactly one on a closed surface.
	t2, d := int32(-1), uint32(0)
	for _, ti := range s.vt[a] {
		if s.tdead[ti] || ti == t1 {
			continue
		}
		t := s.t[ti]
		for k := 0; k < 3; k++ {
			if t[k] == b && t[(k+1)%3] == a {
				if t2 >= 0 {
					return false
				}
				t2, d = ti, t[(k+2)%3]
			} else if t[k] == a && t[(k+1)%3] == b {
				return false // a second triangle the same way: not a manifold edge
			}
		}
	}
	// (An edge on a mirror plane's open rim has one triangle only.) Nor may the
	// new edge lie in a plane: its reflection would be the same edge, used by
	// four triangles.
	if t2 < 0 || d == c || s.crease(d) || s.planes[c]&s.planes[d] != 0 {
		return false
	}
	// No edge (c, d) yet, and a and b keep three triangles at least.
	for _, ti := range s.vt[c] {
		if !s.tdead[ti] {
			t := s.t[ti]
			if t[0] == d || t[1] == d || t[2] == d {
				return false
			}
		}
	}
	if s.liveDegree(a) <= 3 || s.liveDegree(b) <= 3 {
		return false
	}
	pa, pb, pc, pd := s.p[a], s.p[b], s.p[c], s.p[d]
	if minSine(pa, pd, pc, pd, pb, pc) < flipGain*minSine(pa, pb, pc, pb, pa, pd) {
		return false
	}
	guard, lim := s.budget(false) // no corner is on a crease
	old1 := pb.Sub(pa).Cross(pc.Sub(pa))
	old2 := pa.Sub(pb).Cross(pd.Sub(pb))
	for _, q := range [2][3]uint32{{a, d, c}, {d, b, c}} {
		p0, p1, p2 := s.p[q[0]], s.p[q[1]], s.p[q[2]]
		nw := p1.Sub(p0).Cross(p2.Sub(p0))
		nw2 := nw.Dot(nw)
		if !(nw2 > 0) {
			return false
		}
		// Neither may fold against the surface or stray from it, as a
		// collapse's triangles...
		in, out, ok := bends([3]geom.Vec3{p0, p1, p2}, [3]geom.Vec3{s.n[q[0]], s.n[q[1]], s.n[q[2]]}, nw, 6*guard)
		if !ok || !within([3]float64{s.offOf(q[0]), s.offOf(q[1]), s.offOf(q[2])}, in, out, lim) {
			return false
		}
		// ...nor turn by 60° or more from either triangle it replaces.
		for _, old := range [2]geom.Vec3{old1, old2} {
			if dt := nw.Dot(old); dt <= 0 || dt*dt <= 0.25*nw2*old.Dot(old) {
				return false
			}
		}
	}
	// Apply: t1 becomes (a, d, c) and t2 (d, b, c).
	s.t[t1] = [3]uint32{a, d, c}
	s.t[t2] = [3]uint32{d, b, c}
	s.drop(b, t1)
	s.drop(a, t2)
	s.vt[d] = append(s.vt[d], t1)
	s.vt[c] = append(s.vt[c], t2)
	return true
}

// drop removes triangle ti, and the dead ones, from v's list.
func (s *state) drop(v uint32, ti int32) {
	l := s.vt[v][:0]
	for _, x := range s.vt[v] {
		if x != ti && !s.tdead[x] {
			l = append(l, x)
		}
	}
	s.vt[v] = l
}

// minSine returns the least sine of the angles of triangles (p, q, r) and
// (u, v, w).
func minSine(p, q, r, u, v, w geom.Vec3) float64 {
	return math.Min(triMinSine(p, q, r), triMinSine(u, v, w))
}

// triMinSine returns the sine of the smallest angle of triangle pqr: twice its
// area over the product of the two longest edges.
func triMinSine(p, q, r geom.Vec3) float64 {
	a2, b2, c2 := q.Sub(p).Dot(q.Sub(p)), r.Sub(q).Dot(r.Sub(q)), p.Sub(r).Dot(p.Sub(r))
	cr := q.Sub(p).Cross(r.Sub(p)).Len()
	// The smallest angle lies opposite the shortest edge, between the two longer.
	lo := math.Min(a2, math.Min(b2, c2))
	prod := math.Sqrt(a2 * b2 * c2 / lo)
	if !(prod > 0) {
		return 0
	}
	return cr / prod
}

// relax moves every free vertex towards the middle of its neighbours, within the
// surface's tangent plane and back onto the field's zero set, where every rule
// still holds: the edges even out, and collapses refused for one long edge may
// pass. It needs the field and returns the vertices moved.
func (s *state) relax() []uint32 {
	if s.opt.Field == nil {
		return nil
	}
	var moved []uint32
	for v := range s.p {
		u := uint32(v)
		if s.vdead[v] || s.locked[v] || s.crease(u) {
			continue
		}
		s.nbA = s.neighbours(u, u, s.nbA)
		if len(s.nbA) < 3 {
			continue
		}
		var mid geom.Vec3
		near := false
		for _, w := range s.nbA {
			mid = mid.Add(s.p[w])
			near = near || s.crease(w)
		}
		if near {
			continue // next to a crease, where collapses are mostly refused
		}
		n := s.n[v]
		step := mid.Scale(1 / float64(len(s.nbA))).Sub(s.p[v])
		step = step.Sub(n.Scale(n.Dot(step)))
		if step.Dot(step) < 1e-6*s.opt.Tol*s.opt.Tol {
			continue
		}
		// On a mirror plane: within it, along the open rim.
		pl := s.planes[v]
		pos := geom.OnPlanes(s.p[v].Add(step), pl)
		d := s.opt.Field(pos)
		pos = geom.OnPlanes(pos.Sub(n.Scale(d)), pl)
		if math.Abs(s.opt.Field(pos)) > s.opt.Tol/10 {
			continue
		}
		npos := n
		if g, _ := geom.Gradient(s.opt.Field, pos, 1e-3*s.opt.Tol); g != (geom.Vec3{}) {
			npos = g
		}
		pos, o := s.offsetAt(pos, npos, s.opt.Field(pos), pl, s.nbA, nil)
		if !s.shapeOK(u, u, pos, npos, geom.Vec3{}, o, [2]int32{-1, -1}, 1) {
			continue
		}
		s.p[v], s.n[v], s.off[v] = pos, npos, o
		moved = append(moved, u)
	}
	return moved
}

// ringMiddle returns the middle of the neighbours of a and b, other than
// themselves, moved along the normal at the edge's middle to the plane through
// it: where a collapse of (a, b) makes its new edges most even.
func (s *state) ringMiddle(a, b uint32) (geom.Vec3, bool) {
	s.nbA = s.neighbours(a, b, s.nbA)
	s.nbB = s.neighbours(b, a, s.nbB)
	var sum geom.Vec3
	n := 0
	for _, nb := range [2][]uint32{s.nbA, s.nbB} {
		for _, w := range nb {
			if w != a && w != b {
				sum = sum.Add(s.p[w])
				n++
			}
		}
	}
	if n < 3 {
		return geom.Vec3{}, false
	}
	mid := s.p[a].Add(s.p[b]).Scale(0.5)
	nrm := s.n[a].Add(s.n[b]).Unit()
	m := sum.Scale(1 / float64(n))
	return m.Sub(nrm.Scale(nrm.Dot(m.Sub(mid)))), true
}

// offsetAt sets a vertex at pos, d off the surface with normal n there, off by
// half the mean bend of its edges to the neighbours in rings (skipping none of
// them but those of its own edge's ends, which are not in the lists), up to
// Options.Straddle of the tolerance: on a convex patch its triangles, bulging inward between their
// corners, then straddle the surface, and may be half as large again. It returns
// the new point and the field there. A vertex on mirror planes stays in them.
func (s *state) offsetAt(pos, n geom.Vec3, d float64, planes uint8, rings ...[]uint32) (geom.Vec3, float64) {
	if s.straddle == 0 {
		return pos, d
	}
	var sum float64
	k := 0
	for _, ring := range rings {
		for _, w := range ring {
			if s.vdead[w] {
				continue
			}
			sum += s.n[w].Sub(n).Dot(s.p[w].Sub(pos)) / 6
			k++
		}
	}
	if k == 0 {
		return pos, d
	}
	lim := s.straddle * s.opt.Tol
	want := math.Max(-lim, math.Min(lim, sum/float64(k)/2))
	if math.Abs(want-d) < s.opt.Tol/50 {
		return pos, d
	}
	// On a mirror plane the normal lies in the plane, nearly: held there.
	p := geom.OnPlanes(pos.Add(n.Scale(want-d)), planes)
	return p, s.opt.Field(p)
}
