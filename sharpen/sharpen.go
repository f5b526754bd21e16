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
// within the tolerance, near the edge; and each new triangle must keep
// its facing and face as the surface does at its vertices. Where one cannot, the
// points on its edges are given up, and its neighbours split again without them.
package sharpen

import (
	"math"

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
	// Done, when set and closed, stops the work soon: Mesh then returns nil.
	Done <-chan struct{}
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

// Mesh sharpens in. The input is not changed. It returns nil when
// Options.Done closes before it is done.
func Mesh(in Input, opt Options) *Result {
	if opt.Angle <= 0 {
		opt.Angle = DefaultAngle
	}
	s := &state{in: in, opt: opt, cosEdge: math.Cos(opt.Angle), split: map[edgeKey]*point{}}
	s.gradients()
	if s.stopped() {
		return nil
	}
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
		if s.stopped() {
			return nil
		}
		s.giveUpUnfit(hot)
		res, origin := s.emit(hot)
		if !s.opt.Untangle || round == maxRounds {
			return res
		}
		bad := crossing(res, origin, s.opt.Done)
		if len(bad) == 0 {
			return res
		}
		for _, ti := range bad {
			s.giveUp(in.Triangles[ti])
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
			if !s.pieces(t, nil) && s.giveUp(t) {
				gaveUp = true
			}
		}
		if !gaveUp {
			return
		}
	}
}

// giveUp gives up the points in use on the edges of triangle t, and reports
// whether there were any.
func (s *state) giveUp(t [3]uint32) bool {
	found := false
	for k := range 3 {
		if pt := s.at(t[k], t[(k+1)%3]); pt != nil {
			pt.ok, found = false, true
		}
	}
	return found
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

// stopped reports whether Options.Done is closed.
func (s *state) stopped() bool {
	select {
	case <-s.opt.Done:
		return true
	default:
		return false
	}
}

// crossing returns the input triangles whose pieces cross a triangle near them.
func crossing(res *Result, origin []int32, done <-chan struct{}) []int32 {
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
	for _, x := range mesh.SelfIntersectionsUntil(done, sub, 1<<16) {
		for _, i := range [2]int{index[x.A], index[x.B]} {
			if o := origin[i]; o >= 0 {
				bad = append(bad, o)
			}
		}
	}
	return bad
}
