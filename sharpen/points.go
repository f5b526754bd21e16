package sharpen

import (
	"math"
	"runtime"
	"sync"

	"yanchu/geom"
)

// gradients works out the field's unit gradient at every vertex, and first
// brings onto the surface, along it, each vertex that lies off it by more than
// half the tolerance: linear interpolation on a grid edge misses the surface
// where the field bends, as it does next to a crease.
func (s *state) gradients() {
	n := len(s.in.Vertices)
	s.p = append([]geom.Vec3(nil), s.in.Vertices...)
	s.grad = make([]geom.Vec3, n)
	moved := make([]bool, n)
	s.parallel(n, func(v int) { s.grad[v], moved[v] = s.settle(uint32(v)) })
	s.keepFacing(moved)
}

// parallel calls f(i) for i in [0, n), in chunks on the workers. Each call writes
// only its own results, so the outcome does not depend on the workers.
func (s *state) parallel(n int, f func(i int)) {
	w := s.opt.Workers
	if w <= 0 {
		w = runtime.GOMAXPROCS(0)
	}
	chunk := max((n+w-1)/w, 1)
	var wg sync.WaitGroup
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				if (i-lo)&1023 == 1023 && s.stopped() {
					return
				}
				f(i)
			}
		}()
	}
	wg.Wait()
}

// settle returns the unit gradient at vertex v, after moving v onto the surface
// if it lies off it, and whether it moved.
func (s *state) settle(v uint32) (geom.Vec3, bool) {
	p := s.p[v]
	g, d := geom.Gradient(s.opt.Field, p, gradEps)
	if !(math.Abs(d) > s.opt.Tol/2) || g == (geom.Vec3{}) || s.in.Avoid != nil && s.in.Avoid(p) {
		return g, false
	}
	pl := s.planes(v)
	for iter := 0; iter < 3 && math.Abs(d) > s.opt.Tol/8; iter++ {
		q := p.Sub(geom.OnPlanes(g.Scale(d), pl))
		gq, dq := geom.Gradient(s.opt.Field, q, gradEps)
		if !(math.Abs(dq) < math.Abs(d)) || gq == (geom.Vec3{}) {
			break
		}
		p, g, d = q, gq, dq
	}
	if p == s.p[v] {
		return g, false
	}
	s.p[v] = p
	return g, true
}

// keepFacing puts back moved vertices where a triangle around them turned over,
// until none has.
func (s *state) keepFacing(moved []bool) {
	for {
		undone := false
		for _, t := range s.in.Triangles {
			if !moved[t[0]] && !moved[t[1]] && !moved[t[2]] {
				continue
			}
			a, b, c := s.in.Vertices[t[0]], s.in.Vertices[t[1]], s.in.Vertices[t[2]]
			old := b.Sub(a).Cross(c.Sub(a))
			pa, pb, pc := s.p[t[0]], s.p[t[1]], s.p[t[2]]
			nw := pb.Sub(pa).Cross(pc.Sub(pa))
			if nw.Dot(old) > 0.5*old.Len()*nw.Len() {
				continue
			}
			for _, v := range t {
				if moved[v] {
					s.p[v], moved[v] = s.in.Vertices[v], false
					s.grad[v], _ = geom.Gradient(s.opt.Field, s.p[v], gradEps)
					undone = true
				}
			}
		}
		if !undone {
			return
		}
	}
}

// mergeClose makes one point of two that split edges of one hot triangle and lie
// nearly at one place: two edges from a vertex to two vertices next to a grid
// point (marching cubes keeps them 1/128 of a cell apart) meet the crease
// together, in an order left to rounding. The triangle between then drops out.
func (s *state) mergeClose(hot []int32) {
	// into[p] is the point p was merged into; followed to its end, the one kept.
	into := map[*point]*point{}
	kept := func(p *point) *point {
		for into[p] != nil {
			p = into[p]
		}
		return p
	}
	for _, ti := range hot {
		t := s.in.Triangles[ti]
		if s.planes(t[0])|s.planes(t[1])|s.planes(t[2]) != 0 {
			continue
		}
		for k := range 3 {
			e1 := edgeKey{min(t[k], t[(k+1)%3]), max(t[k], t[(k+1)%3])}
			e2 := edgeKey{min(t[(k+1)%3], t[(k+2)%3]), max(t[(k+1)%3], t[(k+2)%3])}
			p1, p2 := s.split[e1], s.split[e2]
			if p1 == nil || p2 == nil {
				continue
			}
			p1, p2 = kept(p1), kept(p2)
			l := math.Min(edge2(s.p[e1[0]], s.p[e1[1]]), edge2(s.p[e2[0]], s.p[e2[1]]))
			if p1 != p2 && edge2(p1.p, p2.p) < 4e-4*l {
				into[p2] = p1
			}
		}
	}
	if len(into) == 0 {
		return
	}
	for key, pt := range s.split {
		s.split[key] = kept(pt)
	}
}

// at returns the point splitting edge (a, b), if one is in use.
func (s *state) at(a, b uint32) *point {
	pt := s.split[edgeKey{min(a, b), max(a, b)}]
	if pt == nil || !pt.ok {
		return nil
	}
	return pt
}

func (s *state) planes(v uint32) uint8 {
	if s.in.Planes == nil {
		return 0
	}
	return s.in.Planes[v]
}

// edgePoint returns where the tangent planes at a and b meet in the plane holding
// the edge and the mean of their normals, if that point is fit to split the edge.
func (s *state) edgePoint(a, b uint32) (geom.Vec3, bool) {
	pa, pb := s.p[a], s.p[b]
	ga, gb := s.grad[a], s.grad[b]
	e := pb.Sub(pa)
	w := e.Cross(ga.Add(gb))
	x, ok := solve3(ga, ga.Dot(pa), gb, gb.Dot(pb), w, w.Dot(pa))
	// The tangent planes at the ends meet off a curved crease by about d²/2R, d
	// their distance from it: meet again the planes at points of each face near
	// the first meeting, which brings the point within a few hundredths of that.
	for iter := 0; iter < 2 && ok; iter++ {
		qa, na, oka := s.nearOnFace(pa, ga, x)
		qb, nb, okb := s.nearOnFace(pb, gb, x)
		if !oka && !okb {
			break
		}
		x, ok = solve3(na, na.Dot(qa), nb, nb.Dot(qb), w, w.Dot(pa))
	}
	if !ok {
		return x, false
	}
	// On the rim along a plane the point lies on it exactly.
	both := s.planes(a) & s.planes(b)
	x = geom.OnPlanes(x, both)
	// Near the edge: within its length of its middle, and between its ends
	// along it; but across an acute crease (the normals turning by more than a
	// right angle, as at a hole's rim on a sphere) the crease point lies beyond
	// the end nearer the crease when that end is much the nearer, and is taken
	// there too: the pieces are judged by their facing.
	l2 := e.Dot(e)
	if along := x.Sub(pa).Dot(e) / l2; !(along > 0.02 && along < 0.98) && !(ga.Dot(gb) < acute) || !(edge2(x, pa.Add(pb).Scale(0.5)) <= l2) {
		return x, false
	}
	if s.in.Planes != nil {
		// Off every plane the edge is off, on the edge's side of it.
		for k := range 3 {
			if both&(1<<k) != 0 {
				continue
			}
			side := pa.Comp(k) + pb.Comp(k)
			if x.Comp(k) == 0 || (x.Comp(k) > 0) != (side > 0) {
				return x, false
			}
		}
	}
	return x, math.Abs(s.opt.Field(x)) <= s.opt.Tol
}

// nearOnFace returns a point of the surface near x on the face through p (where
// the normal is g), and the normal there: a point most of the way from p to x,
// brought onto the surface along the normal, whose own normal has not turned away
// from g as it would on the other face.
func (s *state) nearOnFace(p, g, x geom.Vec3) (geom.Vec3, geom.Vec3, bool) {
	for _, t := range [3]float64{0.9, 0.6, 0.3} {
		q := p.Add(x.Sub(p).Scale(t))
		q = q.Sub(g.Scale(s.opt.Field(q)))
		if n, _ := geom.Gradient(s.opt.Field, q, gradEps); n.Dot(g) >= s.cosEdge {
			return q, n, true
		}
	}
	return p, g, false
}

// corner returns where the tangent planes at a triangle's three vertices meet, if
// that point lies on the surface near the triangle.
func (s *state) corner(t [3]uint32) (geom.Vec3, bool) {
	var p [3]geom.Vec3
	for k, v := range t {
		p[k] = s.p[v]
	}
	g := [3]geom.Vec3{s.grad[t[0]], s.grad[t[1]], s.grad[t[2]]}
	x, ok := solve3(g[0], g[0].Dot(p[0]), g[1], g[1].Dot(p[1]), g[2], g[2].Dot(p[2]))
	if !ok {
		return x, false
	}
	c := p[0].Add(p[1]).Add(p[2]).Scale(1.0 / 3)
	l2 := max(edge2(p[0], p[1]), edge2(p[1], p[2]), edge2(p[2], p[0]))
	if !(edge2(x, c) <= l2) {
		return x, false
	}
	if s.in.Planes != nil {
		for k := range 3 {
			if x.Comp(k) == 0 || (x.Comp(k) > 0) != (c.Comp(k) > 0) {
				return x, false
			}
		}
	}
	return x, math.Abs(s.opt.Field(x)) <= s.opt.Tol
}

// solve3 returns the point x with n1·x = d1, n2·x = d2 and n3·x = d3, unless the
// planes are nearly parallel.
func solve3(n1 geom.Vec3, d1 float64, n2 geom.Vec3, d2 float64, n3 geom.Vec3, d3 float64) (geom.Vec3, bool) {
	c23, c31, c12 := n2.Cross(n3), n3.Cross(n1), n1.Cross(n2)
	det := n1.Dot(c23)
	scale := n1.Len() * n2.Len() * n3.Len()
	if !(math.Abs(det) > 0.05*scale) {
		return geom.Vec3{}, false
	}
	return c23.Scale(d1).Add(c31.Scale(d2)).Add(c12.Scale(d3)).Scale(1 / det), true
}

// acute is the cosine under which the normals either side of a crease make it
// acute (they turn by more than 96°).
const acute = -0.1

// gradEps is the size (mm) of the tetrahedron normals are worked out over.
const gradEps = 1e-5

func edge2(a, b geom.Vec3) float64 { return b.Sub(a).Dot(b.Sub(a)) }
