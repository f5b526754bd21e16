package box

import (
	"context"
	"fmt"
	"math"
	"slices"

	"yanchu/badinput"
	"yanchu/geom"
	"yanchu/mesh"
	"yanchu/sdf/profile"
)

// The box's surface in closed form (catalog.Model.Surface), for a lift-off lid
// and for none; the sliding lid's grooves, with their sloping tops, are left to
// the grid. Both parts are stacks of slabs, each a region of rounded
// rectangles (the outside, the inside, the lip) pushed up between two heights:
// the walls are the regions' outlines pushed up, the flat faces the
// differences of the regions below and above. The outlines (see outline.go)
// are cut into chords within the tolerance, the arcs of rounded rectangles on
// one centre at the same angles, and each outline is cut once and used at
// every height, so faces that meet share their vertices: no T-junctions.
//
//   - The box: the bottom, the outer wall up to the rim, the rim (outside less
//     inside), the inside's wall down to the dividers' tops, the dividers' tops,
//     and each compartment's walls and floor. The inside's outline has a point
//     where each divider's face meets it, and the outside's arcs the same angles
//     as the inside's.
//   - A lift-off lid, upside down: the plate's bottom and wall, the plate's top
//     around the lip, the lip's outer wall, top and inner wall, and the plate's
//     top inside the lip.
//
// A flat ring between two outlines is cut about each corner and along each
// side: about a rounded inner corner into quads between the two arcs, at the
// same angles; about a sharp one into a fan from it over the outer outline up
// to the lines through it; along a side into triangles zipped between the two
// parallel sides. Regions inside one outline (the bottom, floors, dividers'
// tops) are convex: fans from their middle.

// maxSurfaceTriangles caps a surface mesh: a tolerance that needs more is
// refused.
const maxSurfaceTriangles = 4_000_000

// perPoint bounds the triangles of the box and its lid for each point of an
// outline: each part makes under 12.
const perPoint = 2 * 12

// hasSurface reports whether the box's surface is meshed in closed form: for
// every lid but a sliding one.
func (b *plan) hasSurface() bool { return b.lid != lidSlide }

// surface returns the mesh of the box and its lid, within tol (mm) of the
// solid, as Build lays them out: the lid first when lidFirst.
func (b *plan) surface(ctx context.Context, tol float64, lidFirst bool) (*mesh.Mesh, error) {
	if !(tol > 0) || math.IsInf(tol, 0) {
		return nil, fmt.Errorf("box: the surface tolerance must be a positive number of millimetres, got %g", tol)
	}
	if !b.hasSurface() {
		return nil, fmt.Errorf("box: %s has no surface in closed form", lidWords[b.lid])
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	steps, most := b.arcSteps(tol)
	if !(most <= maxSurfaceTriangles) {
		fit := (maxSurfaceTriangles/perPoint-float64(2*b.n+8))/4 - 1 // the most steps
		least := b.corner * (1 - math.Cos(math.Pi/4/fit)) / 0.99
		return nil, badinput.New(badinput.OverLimit,
			"box: a surface within %g mm of the box needs more than the %d triangles allowed; ask for a tolerance of at least %.2g mm",
			tol, maxSurfaceTriangles, least)
	}
	parts := []func(*solidMesh, int){b.bodyMesh}
	switch {
	case b.lid == lidLift && lidFirst:
		parts = []func(*solidMesh, int){b.lidMesh, b.bodyMesh}
	case b.lid == lidLift:
		parts = append(parts, b.lidMesh)
	}
	s := &solidMesh{m: &mesh.Mesh{}}
	for _, part := range parts {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		part(s, int(steps))
	}
	return s.m, nil
}

// arcSteps returns how many steps cut each arc within tol (mm), and a bound on
// the triangles that makes, worked out without cutting the outlines. The arcs
// are cut alike in every outline of a part, as finely as the largest radius,
// the outside's corner, needs.
func (b *plan) arcSteps(tol float64) (steps, most float64) {
	step := math.Pi / 2
	if r := b.corner; r > tol {
		step = 2 * math.Acos(1-0.99*tol/r)
	}
	steps = math.Max(1, math.Ceil(math.Pi/2/step))
	// Each outline has under 4(steps+1)+2n+8 points.
	return steps, perPoint * (4*(steps+1) + float64(2*b.n+8))
}

// triangles returns how many triangles surface makes within tol (mm),
// counted on the outlines without making them; where surface refuses, the
// bound arcSteps gives, over the limit.
func (b *plan) triangles(tol float64) int {
	steps, most := b.arcSteps(tol)
	if !(most <= maxSurfaceTriangles) {
		if most < math.MaxInt32 {
			return int(most)
		}
		return math.MaxInt32
	}
	n := b.cutBody(int(steps)).triangles()
	if b.lid == lidLift {
		n += b.cutLid(int(steps)).triangles()
	}
	return n
}

// bodyCut is the box body's outlines, its arcs cut into a number of steps: the
// outside o and the inside r; rooms holds the inside's points round each
// compartment and tops round each divider's top, by index into r's, each
// counter-clockwise. deep says the dividers' tops lie below the rim.
type bodyCut struct {
	o, r        *outline
	rooms, tops [][]int
	deep        bool
}

// cutBody cuts the box body's outlines, their arcs into n steps.
func (b *plan) cutBody(n int) *bodyCut {
	li, wi, _ := b.inner()
	out, in := rrectOf(b.l, b.w, b.corner), rrectOf(li, wi, b.innerCorner())
	// Where the dividers' faces meet the inside's outline, from -x to +x.
	var extra [4][]float64
	marks := map[int]spot{}
	for i := range b.n {
		for k, a := range []float64{b.dividerX(i) - b.wall/2, b.dividerX(i) + b.wall/2} {
			up, down := in.across(a)
			j := 2*i + k
			marks[markSplit+2*j], marks[markSplit+2*j+1] = up, down
			for _, sp := range []spot{up, down} {
				if sp.sec%2 == 0 {
					extra[sp.sec/2] = append(extra[sp.sec/2], sp.t)
				}
			}
		}
	}
	c := &bodyCut{o: out.cut(n, extra, chainMarks(out, in)), r: in.cut(n, extra, marks), deep: b.dividerTop() < b.body()}
	if b.n == 0 {
		return c
	}
	r := c.r
	up := func(j int) int { return markSplit + 2*j }
	down := func(j int) int { return markSplit + 2*j + 1 }
	// Each compartment's outline: along the bottom, up a divider's face or
	// round the end, back along the top.
	c.rooms = append(c.rooms, r.span(up(0), down(0)))
	for k := 1; k < b.n; k++ {
		c.rooms = append(c.rooms, append(r.span(down(2*k-1), down(2*k)), r.span(up(2*k), up(2*k-1))...))
	}
	c.rooms = append(c.rooms, r.span(down(2*b.n-1), up(2*b.n-1)))
	for i := range b.n {
		c.tops = append(c.tops, append(r.span(down(2*i), down(2*i+1)), r.span(up(2*i+1), up(2*i))...))
	}
	return c
}

// bodyMesh adds the box body's surface to s, its arcs cut into n steps.
func (b *plan) bodyMesh(s *solidMesh, n int) {
	c := b.cutBody(n)
	o, r := c.o, c.r
	top, floor, dt := b.body(), b.floor, b.dividerTop()

	s.dy = 0
	bottom, rim := s.layer(o, 0), s.layer(o, top)
	s.fill(bottom, false)
	s.wall(bottom, rim, true)
	rimIn := s.layer(r, top)
	s.ring(o, r, rim, rimIn)
	if b.n == 0 {
		atFloor := s.layer(r, floor)
		s.wall(atFloor, rimIn, false)
		s.fill(atFloor, true)
		return
	}
	atTop := rimIn // the dividers' tops, level with the rim of an open box
	if c.deep {
		atTop = s.layer(r, dt)
		s.wall(atTop, rimIn, false)
	}
	// On the floor, the points under the dividers are no vertices.
	atFloor := s.layer(r, floor, slices.Concat(c.rooms...)...)
	for _, room := range c.rooms {
		lo, hi := pick(atFloor, room), pick(atTop, room)
		s.wall(lo, hi, false)
		s.fill(lo, true)
	}
	for _, d := range c.tops {
		s.fill(pick(atTop, d), true)
	}
}

// triangles returns how many triangles bodyMesh makes on these outlines: as
// it makes them, a wall two for each point of its loop, a flat ring one for
// each point of both outlines, a region filled one for each point of its
// loop, or fewer (see fill).
func (c *bodyCut) triangles() int {
	no, nr := len(c.o.pts), len(c.r.pts)
	tris := fillTriangles(c.o.pts, nil) + 2*no + no + nr
	if len(c.rooms) == 0 {
		return tris + 2*nr + fillTriangles(c.r.pts, nil)
	}
	if c.deep {
		tris += 2 * nr
	}
	for _, room := range c.rooms {
		tris += 2*len(room) + fillTriangles(c.r.pts, room)
	}
	for _, d := range c.tops {
		tris += fillTriangles(c.r.pts, d)
	}
	return tris
}

// lidCut is a lift-off lid's outlines, its arcs cut into a number of steps:
// the plate's o, the lip's l and the hole's h inside the lip.
type lidCut struct{ o, l, h *outline }

// cutLid cuts a lift-off lid's outlines, their arcs into n steps.
func (b *plan) cutLid(n int) *lidCut {
	li, wi, _ := b.inner()
	c := b.clearance
	lo, wo, ro := li-2*c, wi-2*c, math.Max(b.innerCorner()-c, 0)
	plate := rrectOf(b.l, b.w, b.corner)
	lip := rrectOf(lo, wo, ro)
	hole := rrectOf(lo-2*b.wall, wo-2*b.wall, math.Max(ro-b.wall, 0))
	var none [4][]float64
	return &lidCut{o: plate.cut(n, none, chainMarks(plate, lip)), l: lip.cut(n, none, chainMarks(lip, hole)), h: hole.cut(n, none, nil)}
}

// triangles returns how many triangles lidMesh makes on these outlines, as
// bodyCut's triangles counts them.
func (c *lidCut) triangles() int {
	no, nl, nh := len(c.o.pts), len(c.l.pts), len(c.h.pts)
	return fillTriangles(c.o.pts, nil) + 2*no + no + nl + 2*nl + nl + nh + 2*nh + fillTriangles(c.h.pts, nil)
}

// lidMesh adds a lift-off lid's surface to s, upside down beside the box as
// lidSolid lays it, its arcs cut into n steps.
func (b *plan) lidMesh(s *solidMesh, n int) {
	c := b.cutLid(n)
	o, l, h := c.o, c.l, c.h
	p := b.plate()

	s.dy = b.lidY()
	bottom, rim := s.layer(o, 0), s.layer(o, p)
	s.fill(bottom, false)
	s.wall(bottom, rim, true)
	lipLo, lipHi := s.layer(l, p), s.layer(l, p+b.lip)
	s.ring(o, l, rim, lipLo)
	s.wall(lipLo, lipHi, true)
	holeLo, holeHi := s.layer(h, p), s.layer(h, p+b.lip)
	s.ring(l, h, lipHi, holeHi)
	s.wall(holeLo, holeHi, false)
	s.fill(holeLo, true)
}

// pick returns the vertices of layer at the indices idx.
func pick(layer []uint32, idx []int) []uint32 {
	out := make([]uint32, len(idx))
	for i, k := range idx {
		out[i] = layer[k]
	}
	return out
}

// solidMesh builds one part's closed surface into m, shifted dy along y.
type solidMesh struct {
	m  *mesh.Mesh
	dy float64
}

func (s *solidMesh) vertex(p geom.Vec3) uint32 {
	s.m.Vertices = append(s.m.Vertices, p)
	return uint32(len(s.m.Vertices) - 1)
}

// tri adds a triangle counter-clockwise seen from above (up) or below.
func (s *solidMesh) tri(a, b, c uint32, up bool) {
	if !up {
		b, c = c, b
	}
	s.m.Triangles = append(s.m.Triangles, [3]uint32{a, b, c})
}

// layer adds the points of o at height z, or only those at the indices only,
// and returns their vertices by index into o's points.
func (s *solidMesh) layer(o *outline, z float64, only ...int) []uint32 {
	idx := make([]uint32, len(o.pts))
	add := func(i int) { idx[i] = s.vertex(geom.V(o.pts[i].X, o.pts[i].Y+s.dy, z)) }
	if only == nil {
		for i := range o.pts {
			add(i)
		}
		return idx
	}
	done := make([]bool, len(o.pts))
	for _, i := range only {
		if !done[i] {
			done[i] = true
			add(i)
		}
	}
	return idx
}

// wall joins a closed loop of vertices lo, counter-clockwise seen from above,
// to the same loop hi above it; outward says the wall faces away from the
// loop's inside.
func (s *solidMesh) wall(lo, hi []uint32, outward bool) {
	for j := range lo {
		k := (j + 1) % len(lo)
		s.tri(lo[j], lo[k], hi[k], outward)
		s.tri(lo[j], hi[k], hi[j], outward)
	}
}

// fill fills the convex polygon of the loop, counter-clockwise seen from
// above, facing up or down: a triangle as it is, four corners along a
// diagonal, any other polygon as a fan from its centroid, since its sides may
// hold vertices in line.
func (s *solidMesh) fill(loop []uint32, up bool) {
	if len(loop) == 3 || len(loop) == 4 && corners(len(loop), func(i int) (x, y float64) {
		v := s.m.Vertices[loop[i]]
		return v.X, v.Y
	}) {
		s.tri(loop[0], loop[1], loop[2], up)
		if len(loop) == 4 {
			s.tri(loop[0], loop[2], loop[3], up)
		}
		return
	}
	var sum geom.Vec3
	for _, v := range loop {
		sum = sum.Add(s.m.Vertices[v])
	}
	mid := s.vertex(sum.Scale(1 / float64(len(loop))))
	for i := range loop {
		s.tri(mid, loop[i], loop[(i+1)%len(loop)], up)
	}
}

// corners reports whether each vertex of a flat loop of n, at(i) the ith,
// turns left: none lies in line with its neighbours.
func corners(n int, at func(i int) (x, y float64)) bool {
	for i := range n {
		ax, ay := at(i)
		bx, by := at((i + 1) % n)
		cx, cy := at((i + 2) % n)
		ex, ey, fx, fy := bx-ax, by-ay, cx-bx, cy-by
		if ex*fy-ey*fx <= 1e-9*math.Hypot(ex, ey)*math.Hypot(fx, fy) {
			return false
		}
	}
	return true
}

// fillTriangles returns how many triangles fill makes of the loop of pts at
// the indices loop, or of all pts when loop is nil.
func fillTriangles(pts []profile.Vec2, loop []int) int {
	n := len(loop)
	at := func(i int) (x, y float64) { return pts[loop[i]].X, pts[loop[i]].Y }
	if loop == nil {
		n = len(pts)
		at = func(i int) (x, y float64) { return pts[i].X, pts[i].Y }
	}
	if n == 3 || n == 4 && corners(n, at) {
		return n - 2
	}
	return n
}

// sideAfter holds the direction of the side after each corner, as the outline
// runs.
var sideAfter = [4]profile.Vec2{{X: -1}, {Y: -1}, {X: 1}, {Y: 1}}

// ring fills the flat ring, facing up, between the outlines o and in (inside
// o), whose points are the vertices lo and li. o's chains are cut for in (see
// chainMarks).
func (s *solidMesh) ring(o, in *outline, lo, li []uint32) {
	for q := range 4 {
		oc := o.span(markChainStart+q, markChainEnd+q)
		if in.r.r > 0 {
			// On one centre and at the same angles: quads.
			ic := in.span(markArcStart+q, markArcEnd+q)
			if len(ic) != len(oc) {
				panic(fmt.Sprintf("box: corner %d: %d points on the outer arc, %d on the inner", q, len(oc), len(ic)))
			}
			for k := 0; k+1 < len(oc); k++ {
				s.tri(li[ic[k]], lo[oc[k]], lo[oc[k+1]], true)
				s.tri(li[ic[k]], lo[oc[k+1]], li[ic[k+1]], true)
			}
		} else {
			c := li[in.at[markArcStart+q]]
			for k := 0; k+1 < len(oc); k++ {
				s.tri(c, lo[oc[k]], lo[oc[k+1]], true)
			}
		}
		// Along the side after the corner: zip the two sides together in
		// the order their points come along it.
		os := o.span(markChainEnd+q, markChainStart+(q+1)%4)
		is := in.span(markArcEnd+q, markArcStart+(q+1)%4)
		d := sideAfter[q]
		i, j := 0, 0
		for i+1 < len(is) || j+1 < len(os) {
			if j+1 < len(os) && (i+1 == len(is) || o.pts[os[j+1]].Dot(d) <= in.pts[is[i+1]].Dot(d)) {
				s.tri(li[is[i]], lo[os[j]], lo[os[j+1]], true)
				j++
			} else {
				s.tri(li[is[i]], lo[os[j]], li[is[i+1]], true)
				i++
			}
		}
	}
}
