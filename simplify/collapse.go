package simplify

import (
	"math"

	"yanchu/geom"
)

// outcome says whether a collapse was made, and if not, whether another position
// might pass (the shape rules) or none can (the topology rules).
type outcome int

const (
	collapsed outcome = iota
	refusedTopology
	refusedShape
)

// collapse moves a to c.pos and removes b, if every rule allows it.
func (s *state) collapse(c candidate) outcome {
	a, b, pos := c.a, c.b, c.pos
	// The edge's own triangles: exactly two on a closed surface.
	shared := [2]int32{-1, -1}
	ns := 0
	for _, ti := range s.vt[b] {
		if s.tdead[ti] {
			continue
		}
		t := s.t[ti]
		if t[0] == a || t[1] == a || t[2] == a {
			if ns == 2 {
				return refusedTopology
			}
			shared[ns] = ti
			ns++
		}
	}
	// An edge between two vertices of a plane must be the open rim there (one
	// triangle); collapsing any other would pinch the rim.
	want := 2
	if s.planes[a] != 0 && s.planes[a] == s.planes[b] {
		want = 1
	}
	if ns != want {
		return refusedTopology
	}
	npos := s.n[a].Add(s.n[b]).Unit()
	var npos2 geom.Vec3
	switch {
	case s.crease(a) && s.crease(b):
		// Along the crease only: its two triangles lie on the two faces.
		if ns != 2 {
			return refusedTopology
		}
		t0, t1 := s.t[shared[0]], s.t[shared[1]]
		n0 := s.p[t0[1]].Sub(s.p[t0[0]]).Cross(s.p[t0[2]].Sub(s.p[t0[0]])).Unit()
		n1 := s.p[t1[1]].Sub(s.p[t1[0]]).Cross(s.p[t1[2]].Sub(s.p[t1[0]])).Unit()
		if n0.Dot(n1) >= creaseCos {
			return refusedTopology
		}
		npos, npos2 = s.n[a], s.n2[a]
		if pos == s.p[b] {
			npos, npos2 = s.n[b], s.n2[b]
		}
	case s.crease(a):
		npos, npos2 = s.n[a], s.n2[a]
	case pos == s.p[a]:
		npos = s.unit(a)
	case pos == s.p[b]:
		npos = s.unit(b)
	}
	// The shape rules first, with the normals at hand: most refusals then cost
	// neither the link condition nor a field evaluation.
	slack := 1.0
	if s.opt.Field != nil && !s.locked[a] {
		slack = 1.5 // the field's normal comes next and decides
	}
	opos := 0.0
	switch pos {
	case s.p[a]:
		opos = s.offOf(a)
	case s.p[b]:
		opos = s.offOf(b)
	}
	if !s.shapeOK(a, b, pos, npos, npos2, opos, shared, slack) {
		return refusedShape
	}
	// Link condition: the ends share exactly the opposite vertices.
	s.nbA = s.neighbours(a, b, s.nbA)
	s.nbB = s.neighbours(b, a, s.nbB) // leaves b's neighbours marked with s.gen
	common := 0
	for _, x := range s.nbA {
		if s.mark[x] == s.gen && x != a && x != b {
			common++
		}
	}
	if common != want {
		return refusedTopology
	}
	// The opposite vertices must keep at least three neighbours.
	for _, ti := range shared[:ns] {
		for _, w := range s.t[ti] {
			if w != a && w != b && s.liveDegree(w) <= 3 {
				return refusedTopology
			}
		}
	}
	if s.opt.Field != nil && s.crease(a) {
		// On a crease the normal is no guide: the point must lie on the surface.
		if pos != s.p[a] && pos != s.p[b] && math.Abs(s.opt.Field(pos)) > s.opt.Tol/4 {
			return refusedShape
		}
		// A crease bends along its length too, as a hole's rim does: the new edges
		// to its other vertices may not cut across that bend by more than the budget.
		if s.crease(b) {
			for _, nb := range [2][]uint32{s.nbA, s.nbB} {
				for _, w := range nb {
					if w != a && w != b && s.crease(w) && math.Abs(s.opt.Field(pos.Add(s.p[w]).Scale(0.5))) > sagitta*s.opt.Tol {
						return refusedShape
					}
				}
			}
		}
	} else if s.opt.Field != nil && !s.locked[a] {
		// Bring the new vertex back onto the surface along the normal, then set
		// it off to the side its triangles bulge away from, and check.
		d := s.opt.Field(pos)
		if math.Abs(d) > s.opt.Tol/20 {
			pos = geom.OnPlanes(pos.Sub(npos.Scale(d)), s.planes[a])
			if d = s.opt.Field(pos); math.Abs(d) > s.opt.Tol/10 {
				return refusedShape
			}
		}
		// The surface's own normal there, for the bend of the new edges.
		if g, _ := geom.Gradient(s.opt.Field, pos, 1e-3*s.opt.Tol); g != (geom.Vec3{}) {
			npos = g
		}
		pos, opos = s.offsetAt(pos, npos, d, s.planes[a], s.nbA, s.nbB)
		if !s.shapeOK(a, b, pos, npos, npos2, opos, shared, 1) {
			return refusedShape
		}
	}
	na := npos
	// Apply.
	for _, ti := range shared[:ns] {
		s.tdead[ti] = true
	}
	for _, ti := range s.vt[b] {
		if s.tdead[ti] {
			continue
		}
		t := &s.t[ti]
		for k := range t {
			if t[k] == b {
				t[k] = a
			}
		}
		s.vt[a] = append(s.vt[a], ti)
	}
	s.vt[b] = nil
	s.compact(a)
	s.p[a] = pos
	s.n[a] = na
	s.off[a] = opos
	if s.n2 != nil {
		s.n2[a] = npos2
	}
	s.q[a].add(&s.q[b])
	s.vdead[b] = true
	s.refused[a] = 0
	s.nbA = s.neighbours(a, a, s.nbA)
	return collapsed
}

// shapeOK reports whether every triangle that moves when a and b meet at pos
// (with normal npos, and npos2 of a second face on a crease) keeps its facing,
// its shape and the tolerance, the bend of its edges allowed slack times the
// budget.
func (s *state) shapeOK(a, b uint32, pos, npos, npos2 geom.Vec3, opos float64, shared [2]int32, slack float64) bool {
	for _, v := range [2]uint32{a, b} {
		for _, ti := range s.vt[v] {
			if s.tdead[ti] || ti == shared[0] || ti == shared[1] {
				continue
			}
			t := s.t[ti]
			var q [3]geom.Vec3
			inPlane := uint8(7)
			for k, w := range t {
				if w == v {
					q[k] = pos
					inPlane &= s.planes[a]
				} else {
					q[k] = s.p[w]
					inPlane &= s.planes[w]
				}
			}
			if inPlane != 0 {
				return false // would lie in a plane, as would its reflection
			}
			o0, o1, o2 := s.p[t[0]], s.p[t[1]], s.p[t[2]]
			old := o1.Sub(o0).Cross(o2.Sub(o0))
			nw := q[1].Sub(q[0]).Cross(q[2].Sub(q[0]))
			var nrm [3]geom.Vec3
			sharp := false
			for k, w := range t {
				sharp = sharp || s.crease(w)
				switch {
				case w == v:
					sharp = sharp || npos2 != (geom.Vec3{})
					nrm[k] = faceNormal(npos, npos2, nw)
				case s.n2 != nil:
					nrm[k] = faceNormal(s.n[w], s.n2[w], nw)
				default:
					nrm[k] = s.n[w]
				}
			}
			nw2, old2 := nw.Dot(nw), old.Dot(old)
			// Quality 2√3·|cross| / Σ edge² is 1 for an equilateral triangle; it may not
			// fall under 0.05, or under what the triangle had, if that was less, but
			// never under 0.005. Compared squared: 12·|cross|² against (q·Σ edge²)².
			if !(nw2 > 0) {
				return false
			}
			l2 := edges2(q[0], q[1], q[2])
			if 12*nw2 < 0.05*0.05*l2*l2 {
				// Rarely: the qualities themselves, worked out alike, so a triangle
				// that keeps its shape keeps passing.
				floor := 0.005
				if ol2 := edges2(o0, o1, o2); ol2 > 0 {
					floor = math.Max(floor, math.Min(0.05, 2*math.Sqrt(3)*math.Sqrt(old2)/ol2))
				}
				if 2*math.Sqrt(3)*math.Sqrt(nw2)/l2 < floor {
					return false
				}
			}
			// It may not turn by 60° or more: nw·old > cos 60°·|nw||old|.
			if d := nw.Dot(old); d <= 0 || d*d <= 0.25*nw2*old2 {
				return false
			}
			// Nor fold against the surface or stray from it.
			guard, lim := s.budget(sharp)
			in, out, ok := bends(q, nrm, nw, 6*slack*guard)
			if !ok {
				return false
			}
			var o [3]float64
			for k, w := range t {
				if w == v {
					o[k] = opos
				} else {
					o[k] = s.offOf(w)
				}
			}
			if !within(o, in, out, slack*lim) {
				return false
			}
		}
	}
	return true
}

// edges2 is the sum of the squared edge lengths of triangle abc.
func edges2(a, b, c geom.Vec3) float64 {
	return b.Sub(a).Dot(b.Sub(a)) + c.Sub(b).Dot(c.Sub(b)) + a.Sub(c).Dot(a.Sub(c))
}

// bends reports whether triangle q, with normal nw (not unit) and the unit
// surface normals nrm at its corners, does not fold against the surface
// (n·nw > 0.2|nw| at every corner) and no edge of it bends by more than guard/6
// (|edge|·|Δn|/6, L²/6R on a sphere). Between its corners the triangle bulges by
// at most that bend, towards the side (Δn·edge)/6 says: it returns the most it
// bulges inward and outward.
func bends(q, nrm [3]geom.Vec3, nw geom.Vec3, guard float64) (in, out float64, ok bool) {
	nw2 := nw.Dot(nw)
	for k := 0; k < 3; k++ {
		if d := nw.Dot(nrm[k]); d <= 0 || d*d <= 0.04*nw2 {
			return 0, 0, false
		}
		j := (k + 1) % 3
		e, dn := q[j].Sub(q[k]), nrm[j].Sub(nrm[k])
		if e.Dot(e)*dn.Dot(dn) > guard*guard {
			return 0, 0, false
		}
		bend := dn.Dot(e) / 6
		in, out = max(in, bend), max(out, -bend)
	}
	return in, out, true
}

// within reports whether a triangle whose corners lie o off the surface and
// which bulges by in and out between them (see bends) stays within lim of it:
// it spans [min o − in, max o + out].
func within(o [3]float64, in, out, lim float64) bool {
	return in-min(o[0], o[1], o[2]) <= lim && max(o[0], o[1], o[2])+out <= lim
}
