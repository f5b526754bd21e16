// Package sharpen gives back the sharp edges of a solid to a mesh found on a grid.
//
// Marching cubes puts every vertex on a grid edge, so where two faces of a solid
// meet at a crease (a box's edge, a hole's rim) the mesh cuts the corner: a band of
// triangles with vertices on both faces, the crease up to half a cell outside
// them. An edge of the band joins two vertices where the solid's normals differ by
// more than an angle. Each such edge is split where the tangent planes of the
// solid at its two ends meet, right above the edge (in the plane holding the edge
// and the mean of the two normals): for a crease, that is the point of the crease
// the edge cut off. The triangles around it are then split along the new points,
// so each lies on one face and the crease runs along their edges; a triangle with
// three faces at its corners also gets the corner where their planes meet.
//
// Splitting an edge keeps a mesh closed and 2-manifold: both triangles at the edge
// take the same new point. A point is taken only where it lies on the surface,
// within the tolerance, between the edge's ends; and each new triangle must keep
// its facing and face as the surface does at its vertices. Where one cannot, the
// points on its edges are given up, and its neighbours split again without them.
package sharpen

import (
	"math"
	"runtime"
	"sync"

	"yanchu/geom"
	"yanchu/mesh"
)

// Input is a mesh to sharpen.
type Input struct {
	Vertices  []geom.Vec3
	Triangles [][3]uint32
	// Planes, when set, marks the vertices on the coordinate planes through the
	// origin (bit a for the plane where coordinate a is 0) at which the mesh ends
	// open, as in package simplify: an edge between two vertices of one plane is the
	// open rim there, and a point splitting it lies exactly on the plane. No other
	// new point lies on a plane or beyond one.
	Planes []uint8
	// Avoid, when set, reports places to leave as they are: no edge with its middle
	// there is split, and no vertex there moved.
	Avoid func(geom.Vec3) bool
}

// Options say which creases to restore and how closely.
type Options struct {
	// Field is the signed distance to the solid's surface; it is called from
	// several goroutines at once.
	Field func(geom.Vec3) float64
	// Tol is the largest distance from the surface a new point may have.
	Tol float64
	// Angle is the least turn of the normal across a crease (radians); 0 means
	// DefaultAngle.
	Angle float64
	// Workers is the number of goroutines working out normals; 0 means GOMAXPROCS.
	Workers int
	// Untangle checks the pieces for crossing the triangles near them, and gives
	// up the points of those that do (which takes time: a mesh checked as a whole
	// afterwards may ask for it only where it found crossings).
	Untangle bool
}

// DefaultAngle is 15°: a shallower crease is cut by a tenth as much as a right
// angle.
const DefaultAngle = 15 * math.Pi / 180

// Result is the sharpened mesh: the input's vertices, in order, then the points
// added on creases.
type Result struct {
	Vertices  []geom.Vec3
	Triangles [][3]uint32
	// Normals are the unit normals of the surface at the vertices; Second holds,
	// for a point on a crease, the normal of the face across it (Normals holding
	// the first), and zero elsewhere.
	Normals, Second []geom.Vec3
	// Fixed marks the points that should not move: corners where three faces
	// meet, and crease points on a plane. Touched marks the vertices of the
	// triangles split.
	Fixed, Touched []bool
	// Split is the number of edges split on a crease, Corners the number of
	// corners added where three faces meet.
	Split, Corners int
}

// facing is the least cosine between a new triangle's normal and the surface's at
// its vertices off the crease.
const facing = 0.2

// quality is the least shape of a new triangle: 2√3·area / Σ edge², 1 for an
// equilateral triangle. Slivers are let be, but not triangles without area: two
// edges next to a grid point (marching cubes makes them 1/128 of a cell apart)
// split close together.
const quality = 1e-5

type edgeKey [2]uint32

type state struct {
	in      Input
	opt     Options
	p       []geom.Vec3 // the vertices, some brought onto the surface
	cosEdge float64     // an edge crosses a crease where its ends' normals differ more
	grad    []geom.Vec3
	// split holds the point on each crossing edge, and whether it is still in use.
	split map[edgeKey]*point
}

type point struct {
	p      geom.Vec3
	n1, n2 geom.Vec3 // the normals of the faces either side
	ok     bool
	idx    uint32 // its vertex index, once placed
}

// Mesh sharpens in. The input is not changed.
func Mesh(in Input, opt Options) *Result {
	if opt.Angle <= 0 {
		opt.Angle = DefaultAngle
	}
	s := &state{in: in, opt: opt, cosEdge: math.Cos(opt.Angle), split: map[edgeKey]*point{}}
	s.gradients()
	// The crossing edges, each once, in order; their points are worked out at once.
	// hot lists the triangles with an edge across a crease: the others stay whole.
	seen := map[edgeKey]bool{}
	var cross []edgeKey
	var hot []int32
	for ti, t := range in.Triangles {
		crossing := false
		for k := range 3 {
			a, b := t[k], t[(k+1)%3]
			if s.grad[a].Dot(s.grad[b]) >= s.cosEdge {
				continue
			}
			crossing = true
			key := edgeKey{min(a, b), max(a, b)}
			if seen[key] {
				continue
			}
			seen[key] = true
			if in.Avoid == nil || !in.Avoid(s.p[a].Add(s.p[b]).Scale(0.5)) {
				cross = append(cross, key)
			}
		}
		if crossing {
			hot = append(hot, int32(ti))
		}
	}
	pts := make([]point, len(cross))
	s.parallel(len(cross), func(i int) {
		key := cross[i]
		if p, ok := s.edgePoint(key[0], key[1]); ok {
			pts[i] = point{p: p, n1: s.grad[key[0]], n2: s.grad[key[1]], ok: true}
		}
	})
	for i, key := range cross {
		if pts[i].ok {
			s.split[key] = &pts[i]
		}
	}
	s.mergeClose(hot)
	// Points are given up until every triangle splits well, and then, asked to
	// untangle, until no piece crosses another triangle.
	for round := 0; ; round++ {
		s.giveUpUnfit(hot)
		res, origin := s.emit(hot)
		if !s.opt.Untangle || round == maxRounds {
			return res
		}
		bad := crossing(res, origin)
		if len(bad) == 0 {
			return res
		}
		for _, ti := range bad {
			t := in.Triangles[ti]
			for k := range 3 {
				if pt := s.at(t[k], t[(k+1)%3]); pt != nil {
					pt.ok = false
				}
			}
		}
		for _, pt := range s.split {
			pt.idx = 0
		}
	}
}

// maxRounds is how many times points are given up where pieces cross.
const maxRounds = 4

// giveUpUnfit gives up the points on the edges of hot triangles that do not
// split well, until all do.
func (s *state) giveUpUnfit(hot []int32) {
	for {
		gaveUp := false
		for _, ti := range hot {
			t := s.in.Triangles[ti]
			if s.pieces(t, nil) {
				continue
			}
			for k := range 3 {
				if pt := s.at(t[k], t[(k+1)%3]); pt != nil {
					pt.ok = false
					gaveUp = true
				}
			}
		}
		if !gaveUp {
			return
		}
	}
}

// emit splits the hot triangles along the points in use. origin gives, for each
// triangle of the result, the input triangle it is a piece of, or -1 where it
// stayed whole.
func (s *state) emit(hot []int32) (*Result, []int32) {
	in := s.in
	nv := len(in.Vertices)
	res := &Result{
		Vertices: s.p,
		Normals:  append([]geom.Vec3(nil), s.grad...),
		Second:   make([]geom.Vec3, nv),
		Fixed:    make([]bool, nv),
		Touched:  make([]bool, nv),
	}
	res.Triangles = make([][3]uint32, 0, len(in.Triangles)+2*len(hot))
	origin := make([]int32, 0, cap(res.Triangles))
	next := 0 // the next hot triangle
	for ti, t := range in.Triangles {
		if next == len(hot) || hot[next] != int32(ti) {
			res.Triangles = append(res.Triangles, t)
			origin = append(origin, -1)
			continue
		}
		next++
		split := false
		for k := range 3 {
			pt := s.at(t[k], t[(k+1)%3])
			if pt == nil {
				continue
			}
			split = true
			if pt.idx == 0 {
				pt.idx = uint32(len(res.Vertices))
				res.Vertices = append(res.Vertices, pt.p)
				res.Normals = append(res.Normals, pt.n1)
				res.Second = append(res.Second, pt.n2)
				res.Fixed = append(res.Fixed, s.planes(t[k])&s.planes(t[(k+1)%3]) != 0)
				res.Touched = append(res.Touched, true)
				res.Split++
			}
		}
		corners := res.Corners
		s.pieces(t, res)
		for len(origin) < len(res.Triangles) {
			origin = append(origin, int32(ti))
		}
		if res.Corners > corners {
			// The corner was appended last, with no normals yet.
			res.Normals = append(res.Normals, s.grad[t[0]])
			res.Second = append(res.Second, geom.Vec3{})
			res.Fixed = append(res.Fixed, true)
			res.Touched = append(res.Touched, true)
		}
		if split {
			for _, v := range t {
				res.Touched[v] = true
			}
		}
	}
	return res, origin
}

// crossing returns the input triangles whose pieces cross a triangle near them.
func crossing(res *Result, origin []int32) []int32 {
	near := make([]bool, len(res.Vertices))
	for i, o := range origin {
		if o >= 0 {
			for _, v := range res.Triangles[i] {
				near[v] = true
			}
		}
	}
	sub := &mesh.Mesh{Vertices: res.Vertices}
	var index []int
	for i, t := range res.Triangles {
		if near[t[0]] || near[t[1]] || near[t[2]] {
			sub.Triangles = append(sub.Triangles, t)
			index = append(index, i)
		}
	}
	var bad []int32
	for _, x := range mesh.SelfIntersections(sub, 1<<16) {
		for _, i := range [2]int{index[x.A], index[x.B]} {
			if o := origin[i]; o >= 0 {
				bad = append(bad, o)
			}
		}
	}
	return bad
}

// gradients works out the field's unit gradient at every vertex, and first
// brings onto the surface, along it, each vertex that lies off it by more than a
// quarter of the tolerance: linear interpolation on a grid edge misses the surface
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
	g, d := gradientValue(s.opt.Field, p)
	if !(math.Abs(d) > s.opt.Tol/2) || g == (geom.Vec3{}) || s.in.Avoid != nil && s.in.Avoid(p) {
		return g, false
	}
	pl := s.planes(v)
	for iter := 0; iter < 3 && math.Abs(d) > s.opt.Tol/8; iter++ {
		step := g.Scale(d)
		for k := range 3 {
			if pl&(1<<k) != 0 {
				step = setComp(step, k, 0)
			}
		}
		q := p.Sub(step)
		gq, dq := gradientValue(s.opt.Field, q)
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
					s.grad[v] = gradient(s.opt.Field, s.p[v])
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
	for k := range 3 {
		if both&(1<<k) != 0 {
			x = setComp(x, k, 0)
		}
	}
	l2 := e.Dot(e)
	along := x.Sub(pa).Dot(e) / l2
	if !(along > 0.02 && along < 0.98) || !(edge2(x, pa.Add(pb).Scale(0.5)) <= l2) {
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
		if n := gradient(s.opt.Field, q); n.Dot(g) >= s.cosEdge {
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

// gradient returns the unit gradient of f at p, or the zero vector where f is
// flat.
func gradient(f func(geom.Vec3) float64, p geom.Vec3) geom.Vec3 {
	g, _ := gradientValue(f, p)
	return g
}

// gradientValue returns the unit gradient of f at p, by differences over a small
// tetrahedron, and the mean of those four values, which is f(p) but for a term in
// the square of the tetrahedron's size.
func gradientValue(f func(geom.Vec3) float64, p geom.Vec3) (geom.Vec3, float64) {
	const eps = 1e-5
	k := [4]geom.Vec3{{X: 1, Y: -1, Z: -1}, {X: -1, Y: -1, Z: 1}, {X: -1, Y: 1, Z: -1}, {X: 1, Y: 1, Z: 1}}
	var g geom.Vec3
	sum := 0.0
	for _, d := range k {
		v := f(p.Add(d.Scale(eps)))
		g = g.Add(d.Scale(v))
		sum += v
	}
	return g.Unit(), sum / 4
}

func setComp(p geom.Vec3, k int, x float64) geom.Vec3 {
	switch k {
	case 0:
		p.X = x
	case 1:
		p.Y = x
	default:
		p.Z = x
	}
	return p
}

func edge2(a, b geom.Vec3) float64 { return b.Sub(a).Dot(b.Sub(a)) }
