package gear

import (
	"math"

	"yanchu/geom"
	"yanchu/mesh"
	"yanchu/sdf/profile"
)

// The gear's surface in closed form (catalog.Model.Surface): the outline, cut
// into chords within the tolerance, pushed up into side walls, with flat end
// faces, the hub and the bore. The outline is star-shaped about the gear's
// centre (the flank's polar angle rises as its radius falls), so every face
// between the outline and a circle inside it (the bore, the hub) or the centre
// is cut into wedges, one for each step in polar angle, each convex; the
// circles get a vertex at each angle of the outline. Where the flank runs
// radially below the base circle, two outline vertices share an angle (a
// group) and the wedge beside them gains a vertex on its side ray: such a
// wedge is fanned from its centroid. The outline is cut finely enough in angle
// that the circles' chords also keep within the tolerance.

// arcSteps returns how many chords keep an arc of radius r spanning the angle
// span within tol of it.
func arcSteps(r, span, tol float64) int {
	if span <= 0 {
		return 0
	}
	step := math.Pi / 2
	if tol < r {
		step = math.Min(step, 2*math.Acos(1-tol/r))
	}
	return max(1, int(math.Ceil(span/step)))
}

// simplifyLine returns the points of the polyline pts that keep it within eps
// (Douglas–Peucker), its ends included.
func simplifyLine(pts []profile.Vec2, eps float64) []profile.Vec2 {
	keep := make([]bool, len(pts))
	keep[0], keep[len(pts)-1] = true, true
	var split func(i, j int)
	split = func(i, j int) {
		worst, at := -1.0, -1
		for k := i + 1; k < j; k++ {
			if d := segDist(pts[k], pts[i], pts[j]); d > worst {
				worst, at = d, k
			}
		}
		if at >= 0 && worst > eps {
			keep[at] = true
			split(i, at)
			split(at, j)
		}
	}
	split(0, len(pts)-1)
	var out []profile.Vec2
	for i, p := range pts {
		if keep[i] {
			out = append(out, p)
		}
	}
	return out
}

func polar(r, a float64) profile.Vec2 {
	s, c := math.Sincos(a)
	return profile.Vec2{X: r * c, Y: r * s}
}

// half returns the half tooth from the tip's middle (angle 0) to the space's
// (π/z), both ends included, within tol (mm): the arcs cut into chords, the
// flank polyline thinned to what tol allows beyond its own polyTol.
func (t *tooth) half(tol float64) []profile.Vec2 {
	var out []profile.Vec2
	n := arcSteps(t.ra, t.tipHalf, 0.8*tol)
	for k := range n {
		out = append(out, polar(t.ra, t.tipHalf*float64(k)/float64(n)))
	}
	out = append(out, simplifyLine(t.pts, math.Max(0, 0.8*tol-polyTol))...)
	end := math.Pi / float64(t.z)
	n = arcSteps(t.rf, end-t.rootHalf, 0.8*tol)
	for k := 1; k <= n; k++ {
		out = append(out, polar(t.rf, t.rootHalf+(end-t.rootHalf)*float64(k)/float64(n)))
	}
	return out
}

// ring returns the whole outline of o within tol (mm), counter-clockwise about
// the origin, each point once; where consecutive points stand further apart in
// angle than a chord of the root circle may span within tol, points on the
// segment between them are added.
func (o *outline) ring(tol float64) []profile.Vec2 {
	t := o.t
	h := t.half(tol)
	last := len(h) - 1
	one := make([]profile.Vec2, 0, 2*last)
	for i := last - 1; i > 0; i-- {
		one = append(one, profile.Vec2{X: h[i].X, Y: -h[i].Y})
	}
	one = append(one, h...)
	var pts []profile.Vec2
	for k := range t.z {
		c, s := o.cos[k], o.sin[k]
		for _, p := range one {
			pts = append(pts, profile.Vec2{X: p.X*c - p.Y*s, Y: p.X*s + p.Y*c})
		}
	}
	maxGap := 2 * math.Acos(1-math.Min(0.8*tol/t.rf, 1))
	out := make([]profile.Vec2, 0, len(pts))
	for i, a := range pts {
		out = append(out, a)
		b := pts[(i+1)%len(pts)]
		gap := angleBetween(a, b)
		if n := int(math.Ceil(gap / maxGap)); n > 1 {
			d := b.Sub(a)
			for j := 1; j < n; j++ {
				// Where the ray at the angle between meets the segment.
				u := polar(1, math.Atan2(a.Y, a.X)+gap*float64(j)/float64(n))
				out = append(out, a.Add(d.Scale(-a.Cross(u)/d.Cross(u))))
			}
		}
	}
	return out
}

// angleBetween returns the angle (radians) from the direction of a to that of
// b, counter-clockwise, in [0, π] for the small steps of an outline.
func angleBetween(a, b profile.Vec2) float64 {
	return math.Abs(math.Atan2(a.Cross(b), a.Dot(b)))
}

// group is a run of outline vertices at one polar angle: first and last index
// into the ring (last may wrap past the end), and whether the run falls in
// radius, along the outline.
type group struct {
	first, last int
	falls       bool
}

// size returns how many vertices the group holds.
func (g group) size() int { return g.last - g.first + 1 }

// groups splits the ring into runs of one polar angle (within 1e-9 rad).
func groups(ring []profile.Vec2) []group {
	n := len(ring)
	var out []group
	for i := 0; i < n; {
		j := i
		for j+1 < n && angleBetween(ring[j], ring[j+1]) < 1e-9 {
			j++
		}
		out = append(out, group{first: i, last: j, falls: ring[i].Len() > ring[j].Len()})
		i = j + 1
	}
	return out
}

// solidMesh builds one gear's closed surface into m.
type solidMesh struct {
	m    *mesh.Mesh
	ring []profile.Vec2
	gs   []group
	cx   float64
}

func (b *solidMesh) vertex(p profile.Vec2, z float64) uint32 {
	b.m.Vertices = append(b.m.Vertices, geom.V(b.cx+p.X, p.Y, z))
	return uint32(len(b.m.Vertices) - 1)
}

func (b *solidMesh) tri(a, c, d uint32) { b.m.Triangles = append(b.m.Triangles, [3]uint32{a, c, d}) }

// outlineAt adds the ring at height z and returns its vertex indices.
func (b *solidMesh) outlineAt(z float64) []uint32 {
	idx := make([]uint32, len(b.ring))
	for i, p := range b.ring {
		idx[i] = b.vertex(p, z)
	}
	return idx
}

// circleAt adds a circle of radius r at height z with a vertex at the angle of
// each group, and returns their indices.
func (b *solidMesh) circleAt(r, z float64) []uint32 {
	idx := make([]uint32, len(b.gs))
	for g, gr := range b.gs {
		p := b.ring[gr.first]
		idx[g] = b.vertex(p.Scale(r/p.Len()), z)
	}
	return idx
}

// wall joins two loops of vertices at two heights with quads; lo and hi run
// counter-clockwise seen from above, and outward says which way the wall faces.
func (b *solidMesh) wall(lo, hi []uint32, outward bool) {
	n := len(lo)
	for j := range n {
		k := (j + 1) % n
		if outward {
			b.tri(lo[j], lo[k], hi[k])
			b.tri(lo[j], hi[k], hi[j])
		} else {
			b.tri(lo[j], hi[j], hi[k])
			b.tri(lo[j], hi[k], lo[k])
		}
	}
}

// face fills the flat face between the outline loop out (the ring's vertices at
// height z) and an inner circle in (a vertex per group), or the centre when in
// is nil; up says the face looks up (+Z).
func (b *solidMesh) face(out, in []uint32, z float64, up bool) {
	var centre uint32
	if in == nil {
		centre = b.vertex(profile.Vec2{}, z)
	}
	n, ng := len(out), len(b.gs)
	for g := range ng {
		g1 := (g + 1) % ng
		a, c := b.gs[g], b.gs[g1]
		// The wedge's outline, clockwise seen from above: up the ray of
		// group g1 to its first vertex, back along the outline to group g's
		// last, and down its ray.
		var poly []uint32
		if in != nil {
			poly = append(poly, in[g], in[g1])
		} else {
			poly = append(poly, centre)
		}
		if c.falls {
			for i := c.last; i >= c.first; i-- {
				poly = append(poly, out[i%n])
			}
		} else {
			poly = append(poly, out[c.first%n])
		}
		if a.falls {
			poly = append(poly, out[a.last%n])
		} else {
			for i := a.last; i >= a.first; i-- {
				poly = append(poly, out[i%n])
			}
		}
		// Four corners are two on the circle and two on the outline; with
		// the centre, a fourth vertex lies in line with it.
		b.fill(poly, up, in != nil)
	}
}

// circleFace fills the flat face between two circles of a vertex per group,
// outer and inner, or between outer and the centre when inner is nil.
func (b *solidMesh) circleFace(outer, inner []uint32, z float64, up bool) {
	var centre uint32
	if inner == nil {
		centre = b.vertex(profile.Vec2{}, z)
	}
	for g := range outer {
		g1 := (g + 1) % len(outer)
		poly := []uint32{centre, outer[g1], outer[g]}
		if inner != nil {
			poly = []uint32{inner[g], inner[g1], outer[g1], outer[g]}
		}
		b.fill(poly, up, true)
	}
}

// fill cuts a convex polygon, clockwise seen from above, into triangles facing
// up or down: a triangle as it is, a quad of four corners (quad) along a
// diagonal, any other polygon as a fan from its centroid, since it has
// vertices in line on its sides.
func (b *solidMesh) fill(poly []uint32, up, quad bool) {
	if up {
		// Seen from below the order is counter-clockwise; from above, turn it.
		for i, j := 0, len(poly)-1; i < j; i, j = i+1, j-1 {
			poly[i], poly[j] = poly[j], poly[i]
		}
	}
	switch {
	case len(poly) == 3:
		b.tri(poly[0], poly[1], poly[2])
	case len(poly) == 4 && quad:
		b.tri(poly[0], poly[1], poly[2])
		b.tri(poly[0], poly[2], poly[3])
	default:
		var sum geom.Vec3
		for _, v := range poly {
			sum = sum.Add(b.m.Vertices[v])
		}
		b.m.Vertices = append(b.m.Vertices, sum.Scale(1/float64(len(poly))))
		mid := uint32(len(b.m.Vertices) - 1)
		for i := range poly {
			b.tri(mid, poly[i], poly[(i+1)%len(poly)])
		}
	}
}

// fillTriangles returns how many triangles fill makes of a polygon of n
// corners, quad as fill takes it.
func fillTriangles(n int, quad bool) int {
	if n == 3 || n == 4 && quad {
		return n - 2
	}
	return n
}

// faceTriangles returns how many triangles face makes on the ring's groups gs,
// between the outline and a circle, or the centre unless circle.
func faceTriangles(gs []group, circle bool) int {
	tris := 0
	for g := range gs {
		a, c := gs[g], gs[(g+1)%len(gs)]
		n := 1 // the centre
		if circle {
			n = 2
		}
		// The corners face takes from the outline: all of a group on one
		// side, its nearest on the other.
		if c.falls {
			n += c.size()
		} else {
			n++
		}
		if a.falls {
			n++
		} else {
			n += a.size()
		}
		tris += fillTriangles(n, circle)
	}
	return tris
}

// trianglesOf returns how many triangles surfaceOf makes for the gear of
// outline o within tol, counted on the outline cut within tol without making
// them.
func (p *plan) trianglesOf(o *outline, tol float64) int {
	ring := o.ring(tol)
	gs := groups(ring)
	bore := p.bore > 0
	// A wall or a flat ring between two circles of a vertex a group.
	band := 2 * len(gs)
	tris := 2*len(ring) + faceTriangles(gs, bore) // the side wall, the bottom face
	if bore {
		tris += band
	}
	if p.hub == 0 {
		return tris + faceTriangles(gs, bore) // the top face
	}
	tris += band + faceTriangles(gs, true) // the hub's wall, the top face round it
	if bore {
		return tris + band // the hub's top
	}
	return tris + len(gs) // the hub's top, a fan
}

// surfaceOf adds to m the closed surface of the gear of outline o centred at
// (cx, 0), within tol (mm) of the solid: as many triangles as trianglesOf
// counts.
func (p *plan) surfaceOf(m *mesh.Mesh, o *outline, cx, tol float64) {
	ring := o.ring(tol)
	b := &solidMesh{m: m, ring: ring, gs: groups(ring), cx: cx}
	top := p.h
	if p.hub > 0 {
		top += p.hubLen
	}
	bottom, upper := b.outlineAt(0), b.outlineAt(p.h)
	b.wall(bottom, upper, true)
	var boreLo, boreHi []uint32
	if p.bore > 0 {
		boreLo, boreHi = b.circleAt(p.bore/2, 0), b.circleAt(p.bore/2, top)
		b.wall(boreLo, boreHi, false)
	}
	b.face(bottom, boreLo, 0, false)
	if p.hub == 0 {
		b.face(upper, boreHi, p.h, true)
		return
	}
	hubLo, hubHi := b.circleAt(p.hub/2, p.h), b.circleAt(p.hub/2, top)
	b.wall(hubLo, hubHi, true)
	b.face(upper, hubLo, p.h, true)
	b.circleFace(hubHi, boreHi, top, true)
}
