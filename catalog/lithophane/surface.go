package lithophane

import (
	"context"
	"fmt"
	"math"
	"slices"

	"yanchu/geom"
	"yanchu/mesh"
)

// The plate's surface in closed form (catalog.Model.Surface):
//
//   - the face: the RTIN of the thickness lattice within the tolerance (rtin.go),
//     at the picture's own resolution where it needs it and in large triangles
//     where the thickness is flat (the frame, a plain sky);
//   - the walls: a quad down to the back under each edge of the face's rim,
//     which runs along the lattice's four sides;
//   - the back: for a flat plate a fan from its middle over the rim, which is
//     convex; for a bent one the face's triangles again, on the back, so the
//     back follows the bend as finely as the face;
//   - the tab, when asked for: a ring zipped between the tab's outline and the
//     hole, on top and below, with their walls; it meets the face and the back
//     along the top edge between its two nodes, which the RTIN is made to keep.
//
// A bent plate is meshed flat and then bent: triangles are kept narrow enough
// across the bend that a chord strays at most half the tolerance from the arc,
// and the face keeps to the other half.

// maxTriangles caps a surface mesh (a tolerance so fine that a large lattice
// would need more is refused): well under what slicers take in stride.
const maxTriangles = 6_000_000

// surface meshes the plate within tol (mm), as it stands.
func (p *plate) surface(ctx context.Context, tol float64) (*mesh.Mesh, error) {
	if !(tol > 0) || math.IsInf(tol, 0) {
		return nil, fmt.Errorf("lithophane: the surface tolerance must be a positive number of millimetres, got %g", tol)
	}
	g, faceTol, span := p.lattice(tol)
	if (g.nx+1)*(g.ny+1) > 4*maxNodes {
		return nil, fmt.Errorf("lithophane: bending %d×%d pixels within %g mm needs a lattice %d times finer, over the limit", p.nx, p.ny, tol, g.k)
	}
	r := p.network()
	if err := check(ctx); err != nil {
		return nil, err
	}
	var face []tri
	r.walk(faceTol, g.k, span, func(t tri) { face = append(face, t) })
	if n := 2 * len(face); n > maxTriangles {
		return nil, fmt.Errorf("lithophane: the face needs %d triangles within %g mm, over the limit of %d", n, tol, maxTriangles)
	}
	m := &mesh.Mesh{}
	index := make([]int32, (g.nx+1)*(g.ny+1))
	for i := range index {
		index[i] = -1
	}
	vertex := func(i, j int) uint32 {
		k := j*(g.nx+1) + i
		if index[k] < 0 {
			index[k] = int32(len(m.Vertices))
			m.Vertices = append(m.Vertices, geom.V(float64(i)*g.px, float64(j)*g.py, g.z(i, j)))
		}
		return uint32(index[k])
	}
	for _, t := range face {
		a, b, c := vertex(t.ax, t.ay), vertex(t.bx, t.by), vertex(t.cx, t.cy)
		if (t.bx-t.ax)*(t.cy-t.ay)-(t.cx-t.ax)*(t.by-t.ay) < 0 {
			b, c = c, b
		}
		m.Triangles = append(m.Triangles, [3]uint32{a, b, c})
	}
	rim := g.rim(index)
	// The back: one vertex under each of the rim's, or under every face vertex.
	under := make(map[uint32]uint32)
	below := func(v uint32) uint32 {
		if u, ok := under[v]; ok {
			return u
		}
		q := m.Vertices[v]
		u := uint32(len(m.Vertices))
		m.Vertices = append(m.Vertices, geom.V(q.X, q.Y, 0))
		under[v] = u
		return u
	}
	if p.arc == 0 {
		mid := uint32(len(m.Vertices))
		m.Vertices = append(m.Vertices, geom.V(p.w/2, p.h/2, 0))
		for k := range rim {
			a, b := below(rim[k]), below(rim[(k+1)%len(rim)])
			m.Triangles = append(m.Triangles, [3]uint32{mid, b, a})
		}
	} else {
		for _, t := range m.Triangles[:len(face)] {
			m.Triangles = append(m.Triangles, [3]uint32{below(t[0]), below(t[2]), below(t[1])})
		}
	}
	// The walls, but where the tab joins the top edge.
	onSeam := func(v uint32) bool {
		q := m.Vertices[v]
		return p.tab != nil && int(math.Round(q.Y/p.py)) == p.ny &&
			int(math.Round(q.X/p.px)) >= p.tab.a && int(math.Round(q.X/p.px)) <= p.tab.b
	}
	for k := range rim {
		a, b := rim[k], rim[(k+1)%len(rim)]
		if onSeam(a) && onSeam(b) {
			continue
		}
		wall(m, a, b, below(a), below(b))
	}
	if p.tab != nil {
		var seam []uint32
		for i := p.tab.a; i <= p.tab.b; i++ {
			if v := index[g.ny*(g.nx+1)+i]; v >= 0 {
				seam = append(seam, uint32(v))
			}
		}
		p.tab.mesh(m, p, seam, below, tol)
	}
	if p.arc != 0 {
		for i, q := range m.Vertices {
			m.Vertices[i] = p.bend(q)
		}
	}
	return m, check(ctx)
}

// lattice returns the lattice the face is meshed on within tol (mm): the
// plate's, or for a bent plate whose pixels are wider than a chord may be, the
// plate's cut k × k finer, its nodes on the plate's half cells (where the
// thickness is linear), so the finer mesh follows the same surface. faceTol is
// the share of tol the face keeps to, and span how many of the lattice's cells
// a triangle may be across in x: for a bent plate, the chord that strays half
// the tolerance from the arc.
func (p *plate) lattice(tol float64) (g grid, faceTol float64, span int) {
	g = grid{nx: p.nx, ny: p.ny, px: p.px, py: p.py, k: 1, z: p.node}
	if p.arc == 0 {
		return g, tol, math.MaxInt
	}
	// A chord of length c on radius R strays c²/8R from the arc.
	c := math.Sqrt(8 * p.radius() * tol / 2)
	for g.px > c && g.k < 64 {
		g.k *= 2
		g.px /= 2
		g.py /= 2
	}
	if g.k > 1 {
		g.nx, g.ny = p.nx*g.k, p.ny*g.k
		g.z = func(i, j int) float64 { return p.height(float64(i)*g.px, float64(j)*g.py) }
	}
	return g, tol / 2, max(1, int(c/g.px))
}

// network returns the RTIN of the plate's own lattice, measured on first use
// and kept: its errors do not depend on the tolerance, so the count before the
// mesh and the mesh at every tolerance share them. A triangle on the top edge
// across either end of the tab is always cut, so that the tab's seam has a
// vertex at each end.
func (p *plate) network() *rtin {
	p.once.Do(func() {
		var force func(tri) bool
		if tb := p.tab; tb != nil {
			force = func(t tri) bool {
				x0, _, x1, y1 := t.bounds()
				return y1 == p.ny && (x0 < tb.a && tb.a < x1 || x0 < tb.b && tb.b < x1)
			}
		}
		p.net = newRTIN(p.nx, p.ny, p.node, force)
	})
	return p.net
}

// triangles returns how many triangles surface makes within tol (mm), read
// from the RTIN's errors without making them: the face, and the back, walls
// and tab from the face's rim. A tolerance that is no positive number counts
// none, and one that needs a lattice over the limit counts a face and back
// cut as finely as it goes, far over the limit too.
func (p *plate) triangles(tol float64) int {
	if !(tol > 0) || math.IsInf(tol, 0) {
		return 0
	}
	g, faceTol, span := p.lattice(tol)
	if (g.nx+1)*(g.ny+1) > 4*maxNodes {
		return 4 * g.nx * g.ny
	}
	// The face's triangles, the edges of its rim, and those along the tab's
	// seam, where no wall stands.
	var face, rim, seam int
	side := func(ax, ay, bx, by int) {
		if ax == 0 && bx == 0 || ax == g.nx && bx == g.nx || ay == 0 && by == 0 || ay == g.ny && by == g.ny {
			rim++
			if tb := p.tab; tb != nil && ay == g.ny && by == g.ny && min(ax, bx) >= tb.a && max(ax, bx) <= tb.b {
				seam++
			}
		}
	}
	p.network().walk(faceTol, g.k, span, func(t tri) {
		face++
		side(t.ax, t.ay, t.bx, t.by)
		side(t.bx, t.by, t.cx, t.cy)
		side(t.cx, t.cy, t.ax, t.ay)
	})
	if p.arc != 0 {
		return 2*face + 2*rim // the back is the face again
	}
	n := face + rim + 2*(rim-seam) // the face, the back's fan, the walls
	if p.tab != nil {
		n += p.tab.triangles(seam, tol)
	}
	return n
}

// grid is the lattice a face is meshed on: nx × ny cells of px × py mm, k × k
// of them to a cell of the plate's, with the thickness z at each node.
type grid struct {
	nx, ny, k int
	px, py    float64
	z         func(i, j int) float64
}

// rim returns the face's vertices on the lattice's sides, counter-clockwise
// from the origin seen from the face.
func (p *grid) rim(index []int32) []uint32 {
	type at struct {
		t int
		v uint32
	}
	var out []at
	add := func(i, j, t int) {
		if v := index[j*(p.nx+1)+i]; v >= 0 {
			out = append(out, at{t, uint32(v)})
		}
	}
	nx, ny := p.nx, p.ny
	for i := 0; i < nx; i++ {
		add(i, 0, i)
	}
	for j := 0; j < ny; j++ {
		add(nx, j, nx+j)
	}
	for i := nx; i > 0; i-- {
		add(i, ny, nx+ny+(nx-i))
	}
	for j := ny; j > 0; j-- {
		add(0, j, 2*nx+ny+(ny-j))
	}
	slices.SortFunc(out, func(a, b at) int { return a.t - b.t })
	vs := make([]uint32, len(out))
	for i, a := range out {
		vs[i] = a.v
	}
	return vs
}

// wall adds the quad under the rim's edge a→b (counter-clockwise seen from
// above), facing out: a and b on top, a2 and b2 below them.
func wall(m *mesh.Mesh, a, b, a2, b2 uint32) {
	m.Triangles = append(m.Triangles, [3]uint32{a, a2, b}, [3]uint32{b, a2, b2})
}

// steps returns how many chords cut the half disc within tol (mm); the hole
// has twice as many.
func (t *tab) steps(tol float64) int {
	n := max(8, int(math.Ceil(math.Pi/math.Acos(max(1-tol/t.r, -1)))))
	return min(n, 720)
}

// triangles returns how many triangles mesh makes for a seam of edges edges:
// the ring between the outline (the seam's vertices and the half disc's) and
// the hole, on top and below, and the walls of the outline but the seam and of
// the hole.
func (t *tab) triangles(edges int, tol float64) int {
	n := t.steps(tol)
	outline, hole := edges+1+n+1, 2*n
	return 2*(outline+hole) + 2*(n+2) + 2*hole
}

// mesh adds the tab: seam holds the face's vertices on the top edge from node a
// to node b, and below gives the back's vertex under a face vertex.
func (t *tab) mesh(m *mesh.Mesh, p *plate, seam []uint32, below func(uint32) uint32, tol float64) {
	x0, x1 := float64(t.a)*p.px, float64(t.b)*p.px
	c := geom.V((x0+x1)/2, p.h+t.r, 0)
	n := t.steps(tol)
	// The outline, counter-clockwise about c: the seam from a to b, up the
	// right side, the half disc, down the left side.
	outer := slices.Clone(seam)
	add := func(x, y, z float64) uint32 {
		m.Vertices = append(m.Vertices, geom.V(x, y, z))
		return uint32(len(m.Vertices) - 1)
	}
	for k := 0; k <= n; k++ {
		phi := math.Pi * float64(k) / float64(n)
		outer = append(outer, add(c.X+t.r*math.Cos(phi), c.Y+t.r*math.Sin(phi), t.t))
	}
	angle := func(v uint32) float64 {
		q := m.Vertices[v]
		a := math.Atan2(q.Y-c.Y, q.X-c.X)
		if a < -3*math.Pi/4-1e-9 { // the seam starts at -3π/4, and the outline ends there
			a += 2 * math.Pi
		}
		return a
	}
	start := angle(outer[0])
	nh := 2 * n
	hole := make([]uint32, nh)
	for k := range hole {
		phi := start + 2*math.Pi*float64(k)/float64(nh)
		hole[k] = add(c.X+t.hole*math.Cos(phi), c.Y+t.hole*math.Sin(phi), t.t)
	}
	// Zip the outline and the hole by angle: the outline is convex about c and
	// the hole a circle on it, so the triangles never cross.
	no := len(outer)
	next := func(k int) float64 { // the angle of the outline's vertex k+1
		if k+1 == no {
			return start + 2*math.Pi
		}
		return angle(outer[k+1])
	}
	var top [][3]uint32
	for i, j := 0, 0; i < no || j < nh; {
		if j == nh || i < no && next(i) <= start+2*math.Pi*float64(j+1)/float64(nh) {
			top = append(top, [3]uint32{outer[i], outer[(i+1)%no], hole[j%nh]})
			i++
		} else {
			top = append(top, [3]uint32{outer[i%no], hole[(j+1)%nh], hole[j]})
			j++
		}
	}
	// Below: the same ring on the back, facing down.
	for _, tr := range top {
		m.Triangles = append(m.Triangles, tr, [3]uint32{below(tr[0]), below(tr[2]), below(tr[1])})
	}
	// The walls: the outline but the seam, and the hole, facing into it.
	for k := len(seam) - 1; k < len(outer); k++ {
		a, b := outer[k], outer[(k+1)%len(outer)]
		wall(m, a, b, below(a), below(b))
	}
	for k := range hole {
		a, b := hole[(k+1)%nh], hole[k]
		wall(m, a, b, below(a), below(b))
	}
}
