// Package simplify makes meshes lean: it collapses edges of a fine mesh, each to
// the point of least quadric error, while every result stays within a tolerance of
// the true surface, so a sphere needs thousands of triangles where the uniform mesh
// has millions. It works in passes over the triangles in order; a vertex moved in a
// pass is left alone for the rest of it, so collapses spread evenly, and the next
// pass retries only the edges near what moved. That costs a fraction of a priority
// queue (measured: 1.4 s against 5.8 s for a sphere of 1.08 million triangles,
// with 1% more triangles kept).
//
// A collapse is taken only if it keeps the mesh a closed 2-manifold (the link
// condition: the edge's two ends share exactly the two opposite vertices), turns no
// triangle over or into a sliver, and keeps the surface within the tolerance. The
// deviation of a new triangle is bounded by the bend of the surface along its edges:
// an edge of length L whose ends' normals differ by |Δn| strays at most L·|Δn|/6 from
// a smooth surface (L²/8R on a sphere of radius R, where |Δn| = L/R). Where a field
// is given, each moved vertex is brought back onto its zero set along the normal
// and held within a tenth of the tolerance. Across a crease the normals differ by
// much, so a crease the input does not mark stays as finely meshed as it came; one
// it marks (Input.Creases, as package sharpen makes them) is kept in place, each
// triangle taking there the normal of its own face, and simplified along.
//
// The bound has a side: a triangle on a convex patch bulges inward between its
// corners, by (Δn·edge)/6 along each edge. With Options.Straddle each moved
// vertex is set off the surface, outward there, by half the mean bend of its
// edges, so its triangles straddle the surface and may span the whole tolerance,
// not half of it; every vertex's distance is then measured. Once collapses run
// out, edges are flipped towards a Delaunay triangulation, vertices are moved to
// the middle of their neighbours along the surface, and collapses resume, a few
// rounds: a refused collapse may also take the middle of the two ends'
// neighbours. The lean sphere of radius 40 mm within 0.01 mm (R2) keeps 24,224
// triangles so, against 48,400 without (the least with every vertex on the
// sphere is about 19,000).
package simplify

import (
	"math"
	"math/bits"
	"slices"

	"yanchu/geom"
)

// Options say how far to simplify.
type Options struct {
	// Tol is the largest distance (mm) the result may stray from the surface.
	Tol float64
	// Field, when set, is the signed distance to the true surface; moved vertices
	// are kept within Tol/10 of its zero set, unless Straddle.
	Field func(p geom.Vec3) float64
	// Straddle, with a Field, is how far each moved vertex may be set off the
	// surface, as a share of Tol up to MaxStraddle: to the side its triangles
	// bulge away from, so they straddle the surface and may be larger (a sphere
	// within 0.01 mm needs a third fewer triangles). Edges are then also flipped
	// and vertices evened out once collapses run out, and collapsed again. Keep
	// it under what a later step takes for off the surface (as package
	// sharpen's search for cut creases, which settles vertices farther off than
	// a quarter of its tolerance).
	Straddle float64
	// Done, when set and closed, stops the work within a few thousand edges
	// tried: Mesh then returns nil.
	Done <-chan struct{}
}

// Input is a mesh to simplify.
type Input struct {
	Vertices  []geom.Vec3
	Triangles [][3]uint32
	// Normals are unit surface normals at the vertices, such as the field's
	// gradient; nil means they are estimated from the triangles.
	Normals []geom.Vec3
	// Locked vertices never move or vanish; nil locks none. Edges with only one
	// triangle (a patch's rim) must join locked vertices.
	Locked []bool
	// Start, when set, marks the vertices whose edges are tried at first; others
	// are tried once a collapse reaches them. nil tries every edge.
	Start []bool
	// Planes, when set, marks the vertices on the coordinate planes through the
	// origin (bit a for the plane where coordinate a is 0) at which the mesh ends
	// open: it is one part of a whole symmetric in those planes. Such a vertex moves
	// only within its plane, and only along the open rim; a vertex on two planes
	// never moves; no triangle comes to lie in a plane.
	Planes []uint8
	// Creases, when set, holds for each vertex on a sharp edge of the solid the unit
	// normal of its second face (Normals holding the first), and zero elsewhere.
	// Such a vertex stays where it is, but for joining a neighbour along the
	// crease, and a triangle takes there the normal of the face it lies on.
	Creases []geom.Vec3
}

// creaseCos is the cosine of the least bend between the two faces at a crease:
// an edge between two crease vertices runs along the crease only where its two
// triangles bend by more.
const creaseCos = 0.966 // 15°

// Result is a simplified mesh. Kept[i] is the index in the input of the vertex
// that became output vertex i.
type Result struct {
	Vertices  []geom.Vec3
	Triangles [][3]uint32
	Kept      []int32
	// Normals are the unit surface normals at the vertices where they now stand;
	// Creases, when the input had them, the second normals on creases.
	Normals, Creases []geom.Vec3
}

// Mesh simplifies in. The input is not changed. It returns nil when
// Options.Done closes before it is done.
func Mesh(in Input, opt Options) *Result {
	s := &state{opt: opt}
	if s.stopped() {
		return nil
	}
	s = newState(in, opt)
	if s.stopped() {
		return nil
	}
	s.run()
	if s.stopped() {
		return nil
	}
	return s.result()
}

// sagitta is the share of the tolerance left for the bulge of a triangle between
// its vertices, once a vertex not yet measured may sit a tenth of the tolerance
// off the surface.
const sagitta = 0.9

// MaxStraddle is the most a moved vertex is set off the surface, as a share of
// the tolerance (see Options.Straddle and offsetAt).
const MaxStraddle = 0.475

// straddled is the share of the tolerance a triangle may span when straddling:
// every corner's distance is measured then, and the bend's bound alone is
// approximate.
const straddled = 0.95

// budget returns the most an edge of a triangle may bend (|edge|·|Δn|/6) and the
// most the triangle may stray, in mm. A triangle with a corner on a crease,
// where the bend's bound is rougher, keeps the budget of a triangle on the
// surface.
func (s *state) budget(sharp bool) (guard, lim float64) {
	if s.straddle > 0 && !sharp {
		return (straddled + s.straddle) * s.opt.Tol, straddled * s.opt.Tol
	}
	return sagitta * s.opt.Tol, sagitta * s.opt.Tol
}

// giveUp is how many shape refusals a vertex takes before its edges wait for it
// to move: around creases most tries fail again and again (on R1 at 200 cells, 9
// million refusals for 620 thousand collapses). 12 cuts R1's time by a seventh and
// keeps R2 at 48,548 triangles.
const giveUp = 12

// candidate is an edge collapse: b goes, a moves to pos.
type candidate struct {
	a, b uint32
	pos  geom.Vec3
}

type state struct {
	opt Options
	p   []geom.Vec3
	n   []geom.Vec3 // unit normals
	off []float64   // the field at each vertex when straddling: NaN until measured; else 0
	// straddle is Options.Straddle within its bounds, 0 without a field.
	straddle float64
	q        []quadric
	locked   []bool
	vt       [][]int32 // live and dead triangles around each vertex
	t        [][3]uint32
	tdead    []bool
	vdead    []bool
	start    []bool      // Input.Start
	planes   []uint8     // Input.Planes, or all zero
	n2       []geom.Vec3 // Input.Creases, or nil
	// refused counts shape refusals at each vertex: after a few, its edges are only
	// tried once the vertex itself moves.
	refused []uint8
	// scratch
	nbA, nbB []uint32
	mark     []uint32 // neighbours' dedupe stamps, gen the current one
	gen      uint32
}

func newState(in Input, opt Options) *state {
	verts, tris, locked := in.Vertices, in.Triangles, in.Locked
	nv := len(verts)
	if locked == nil {
		locked = make([]bool, nv)
	}
	s := &state{
		opt: opt, p: append([]geom.Vec3(nil), verts...), n: make([]geom.Vec3, nv), off: make([]float64, nv), q: make([]quadric, nv),
		locked: locked, vt: make([][]int32, nv), t: append([][3]uint32(nil), tris...),
		tdead: make([]bool, len(tris)), vdead: make([]bool, nv),
		mark: make([]uint32, nv), refused: make([]uint8, nv),
	}
	deg := make([]int32, nv)
	for _, t := range tris {
		deg[t[0]]++
		deg[t[1]]++
		deg[t[2]]++
	}
	back := make([]int32, 0, 3*len(tris)+nv)
	for v := range s.vt {
		s.vt[v] = back[len(back) : len(back) : len(back)+int(deg[v])]
		back = back[:len(back)+int(deg[v])]
	}
	for i, t := range tris {
		a, b, c := verts[t[0]], verts[t[1]], verts[t[2]]
		cr := b.Sub(a).Cross(c.Sub(a))
		area := cr.Len() / 2
		for _, v := range t {
			s.vt[v] = append(s.vt[v], int32(i))
			s.n[v] = s.n[v].Add(cr)
		}
		if area > 0 {
			un := cr.Scale(1 / (2 * area))
			pq := planeQuadric(un, -un.Dot(a), area)
			for _, v := range t {
				s.q[v].add(&pq)
				if in.Planes != nil && in.Planes[v] != 0 {
					// The reflected half's triangle too, so the quadric is symmetric
					// and its least point lies on the plane.
					m := geom.OnPlanes(geom.V(1, 1, 1), ^in.Planes[v]).Scale(-2).Add(geom.V(1, 1, 1))
					rn := geom.Vec3{X: un.X * m.X, Y: un.Y * m.Y, Z: un.Z * m.Z}
					rq := planeQuadric(rn, -un.Dot(a), area)
					s.q[v].add(&rq)
				}
			}
		}
	}
	if in.Normals != nil {
		copy(s.n, in.Normals)
	}
	if opt.Field != nil && opt.Straddle > 0 {
		// Only a straddling mesh has its vertices' distances measured; others
		// lie within a tenth of the tolerance (sagitta).
		s.straddle = min(opt.Straddle, MaxStraddle)
		for v := range s.off {
			s.off[v] = math.NaN()
		}
	}
	for v := range s.n {
		s.n[v] = s.n[v].Unit()
	}
	s.start = in.Start
	if in.Creases != nil {
		s.n2 = append([]geom.Vec3(nil), in.Creases...)
	}
	s.planes = in.Planes
	if s.planes == nil {
		s.planes = make([]uint8, nv)
	}
	copied := in.Locked == nil
	for v, pl := range s.planes {
		if bits.OnesCount8(pl) > 1 && !s.locked[v] {
			if !copied {
				s.locked, copied = append([]bool(nil), s.locked...), true
			}
			s.locked[v] = true
		}
	}
	return s
}

func (s *state) unit(v uint32) geom.Vec3 { return s.n[v] }

// offOf returns the field at vertex v, measured on first need: a vertex may come
// set off the surface by an earlier simplifying.
func (s *state) offOf(v uint32) float64 {
	if o := s.off[v]; o == o {
		return o
	}
	s.off[v] = s.opt.Field(s.p[v])
	return s.off[v]
}

// crease reports whether v lies on a sharp edge of the solid.
func (s *state) crease(v uint32) bool { return s.n2 != nil && s.n2[v] != (geom.Vec3{}) }

// faceNormal returns, of the normals n and n2 (zero if none) at a vertex, the one
// of the face a triangle with normal nw lies on.
func faceNormal(n, n2, nw geom.Vec3) geom.Vec3 {
	if n2 != (geom.Vec3{}) && n2.Dot(nw) > n.Dot(nw) {
		return n2
	}
	return n
}

// candidateOf returns the collapse of edge (a, b) at its best point, with the
// surviving vertex first; false when both ends are locked.
func (s *state) candidateOf(a, b uint32) (candidate, bool) {
	if s.locked[a] && s.locked[b] {
		return candidate{}, false
	}
	if s.locked[b] {
		a, b = b, a
	}
	// A vertex on a plane survives, and only a vertex on the same plane, or off
	// every plane, may join it.
	pa, pb := s.planes[a], s.planes[b]
	switch {
	case pa != 0 && pb != 0 && pa != pb:
		return candidate{}, false
	case pb != 0 && pa == 0:
		if s.locked[a] {
			return candidate{}, false
		}
		a, b = b, a
	}
	// A vertex on a crease survives where it is, unless both are on it.
	if s.crease(b) && !s.crease(a) {
		if s.locked[a] || s.planes[a] != 0 {
			return candidate{}, false
		}
		a, b = b, a
	}
	var pos geom.Vec3
	q := s.q[a]
	q.add(&s.q[b])
	switch {
	case s.locked[a], s.crease(a) && !s.crease(b):
		pos = s.p[a]
	default:
		mid := s.p[a].Add(s.p[b]).Scale(0.5)
		pos = mid
		best := q.eval(mid)
		if m, ok := q.minimum(); ok && m.Sub(mid).Len() <= s.p[a].Sub(s.p[b]).Len() {
			if e := q.eval(m); e < best {
				pos, best = m, e
			}
		}
		for _, c := range []geom.Vec3{s.p[a], s.p[b]} {
			if e := q.eval(c); e < best {
				pos, best = c, e
			}
		}
	}
	return candidate{a: a, b: b, pos: geom.OnPlanes(pos, s.planes[a])}, true
}

// run collapses edges in passes over the triangles in order, each pass leaving
// alone the vertices an earlier collapse of the same pass moved, so collapses
// spread evenly, until a pass gains little.
func (s *state) run() {
	// moved holds the pass in which each vertex or a neighbour last changed: an edge
	// is tried when that was the pass before, since only then can a refusal have
	// been lifted. Pass 0 stands for the start: every vertex, or those marked.
	moved := make([]uint32, len(s.p))
	// fresh lists the vertices last marked moved, when few are: a pass then
	// visits only their triangles, in order, which are the only ones it could try
	// an edge of, and a collapse marks every vertex of the triangles it changes.
	var fresh []uint32
	if s.start != nil {
		for v, ok := range s.start {
			if !ok {
				moved[v] = math.MaxUint32
			} else {
				fresh = append(fresh, uint32(v))
			}
		}
	}
	live := 0
	for ti := range s.t {
		if !s.tdead[ti] {
			live++
		}
	}
	stamp := make([]uint32, len(s.t))
	var list []int32
	few := s.start != nil && len(fresh) < len(s.p)/8
	round := 0
	for pass := uint32(1); pass <= 60; pass++ {
		if few {
			list = list[:0]
			for _, v := range fresh {
				if moved[v] != pass-1 {
					continue
				}
				for _, ti := range s.vt[v] {
					if !s.tdead[ti] && stamp[ti] != pass {
						stamp[ti] = pass
						list = append(list, ti)
					}
				}
			}
			slices.Sort(list)
		}
		fresh = fresh[:0]
		done := 0
		visits := 0
		visit := func(ti int) {
			for k := 0; k < 3; k++ {
				if s.tdead[ti] {
					break
				}
				t := s.t[ti]
				a, b := t[k], t[(k+1)%3]
				// An edge is tried from the triangle where it runs upward, or from its
				// only triangle on a plane's open rim.
				if a > b && (s.planes[a] == 0 || s.planes[a] != s.planes[b]) || moved[a] == pass || moved[b] == pass || (moved[a] != pass-1 && moved[b] != pass-1) ||
					(s.refused[a] >= giveUp && s.refused[b] >= giveUp) {
					continue
				}
				c, ok := s.candidateOf(a, b)
				if !ok {
					continue
				}
				res := s.collapse(c)
				// Where the best point fails a shape rule, either end may still do.
				for _, alt := range [2]uint32{c.a, c.b} {
					if res != refusedShape || s.locked[c.a] || s.p[alt] == c.pos {
						break
					}
					c.pos = geom.OnPlanes(s.p[alt], s.planes[c.a])
					res = s.collapse(c)
				}
				// Then the middle of the two ends' neighbours, where the new
				// edges come out most even.
				if res == refusedShape && s.straddle > 0 && !s.locked[c.a] && s.planes[c.a] == 0 && !s.crease(c.a) && !s.crease(c.b) {
					if m, ok := s.ringMiddle(c.a, c.b); ok {
						c.pos = m
						res = s.collapse(c)
					}
				}
				if res == refusedShape {
					for _, v := range [2]uint32{c.a, c.b} {
						if s.refused[v] < giveUp {
							s.refused[v]++
						}
					}
				}
				if res == collapsed {
					done++
					live -= 2
					moved[c.a] = pass
					fresh = append(fresh, c.a)
					for _, x := range s.nbA {
						moved[x] = pass
						fresh = append(fresh, x)
					}
				}
			}
		}
		if few {
			for _, ti := range list {
				if visits++; visits&1023 == 0 && s.stopped() {
					return
				}
				visit(int(ti))
			}
		} else {
			for ti := range s.t {
				if visits++; visits&1023 == 0 && s.stopped() {
					return
				}
				if !s.tdead[ti] {
					visit(ti)
				}
			}
		}
		if done == 0 || done*1000 < live {
			// The collapses have run out: flip edges that gain, and collapse
			// again around them, a few rounds.
			if round == flipRounds || s.straddle == 0 {
				break
			}
			round++
			fresh = append(s.flips(), s.relax()...)
			if len(fresh) == 0 {
				break
			}
			for _, v := range fresh {
				moved[v] = pass
			}
			few = true
			continue
		}
		few = s.start != nil && len(fresh) < len(s.p)/8
	}
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

// flipRounds is how many times edges are flipped once collapses run out.
const flipRounds = 2

// neighbours lists the live vertices sharing a live triangle with v, other than
// skip, into out.
func (s *state) neighbours(v, skip uint32, out []uint32) []uint32 {
	out = out[:0]
	s.gen++
	if s.gen == 0 {
		clear(s.mark)
		s.gen = 1
	}
	s.mark[v], s.mark[skip] = s.gen, s.gen
	// Dead triangles are dropped from v's list on the way.
	l := s.vt[v][:0]
	for _, ti := range s.vt[v] {
		if s.tdead[ti] {
			continue
		}
		l = append(l, ti)
		for _, w := range s.t[ti] {
			if s.mark[w] != s.gen {
				s.mark[w] = s.gen
				out = append(out, w)
			}
		}
	}
	s.vt[v] = l
	return out
}

func (s *state) liveDegree(v uint32) int {
	n := 0
	for _, ti := range s.vt[v] {
		if !s.tdead[ti] {
			n++
		}
	}
	return n
}

// compact drops dead triangles from v's list.
func (s *state) compact(v uint32) {
	l := s.vt[v][:0]
	for _, ti := range s.vt[v] {
		if !s.tdead[ti] {
			l = append(l, ti)
		}
	}
	s.vt[v] = l
}

func (s *state) result() *Result {
	r := &Result{}
	idx := make([]int32, len(s.p))
	for v := range s.p {
		idx[v] = -1
	}
	for ti, t := range s.t {
		if s.tdead[ti] {
			continue
		}
		var nt [3]uint32
		for k, v := range t {
			if idx[v] < 0 {
				idx[v] = int32(len(r.Vertices))
				r.Vertices = append(r.Vertices, s.p[v])
				r.Normals = append(r.Normals, s.unit(v))
				if s.n2 != nil {
					r.Creases = append(r.Creases, s.n2[v])
				}
				r.Kept = append(r.Kept, int32(v))
			}
			nt[k] = uint32(idx[v])
		}
		r.Triangles = append(r.Triangles, nt)
	}
	return r
}
