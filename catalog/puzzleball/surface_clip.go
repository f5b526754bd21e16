package puzzleball

import (
	"math"

	"yanchu/geom"
)

// clip carves w's openings out of the geodesic sphere g exactly, triangle by
// triangle. First each corner of the outline, where it turns from one circle
// to another, is put in as a vertex, and vertices near the outline (but not
// next to a corner) move onto it, so few triangles are cut into slivers. Then
// each triangle's edges are cut where the outline crosses them (the points
// shared with the neighbour across the edge), the pieces of its edges in the
// kept region are chained, and each place the chain leaves the triangle's
// edges is joined to where it comes back along the circle it left on; the
// polygons so made are cut into triangles. ok is false when the outline could
// not be followed (a triangle turned over by the moves, or a path in a
// triangle that would leave one circle for another): a finer sphere is needed.
func clip(g *geodesic, w *openwork) (d *domain, ok bool) {
	d = &domain{verts: append([]geom.Vec3(nil), g.verts...), tris: make([][3]uint32, 0, len(g.tris)+len(g.tris)/8)}
	d.rim = make([][2]int32, len(d.verts))
	for i := range d.rim {
		d.rim[i] = [2]int32{-1, -1}
	}
	tris := append([][3]uint32(nil), g.tris...)
	var fan [][]int32 // the triangles at each vertex
	fan, ok = d.insertCorners(&tris, w)
	// Vertices near the outline move onto its nearest point.
	snap := snapShare * g.longest()
	cosSnap := math.Cos(snap)
	for i, v := range d.verts {
		if d.rim[i][0] >= 0 || fan != nil && nextToCorner(d, tris, fan[i]) {
			continue
		}
		best, near := int32(-1), cosSnap
		var to geom.Vec3
		for c, h := range w.circles {
			if math.Abs(v.Dot(h.a)-h.c) >= snap {
				continue // farther than snap from the rim
			}
			x := onCircle(v, h)
			if dot := x.Dot(v); dot > near && w.onOutline(x, c) {
				best, near, to = int32(c), dot, x
			}
		}
		if best >= 0 {
			d.verts[i] = to
			d.rim[i] = [2]int32{best, -1}
		}
	}
	for _, t := range tris {
		a, b, c := d.verts[t[0]], d.verts[t[1]], d.verts[t[2]]
		if b.Sub(a).Cross(c.Sub(a)).Dot(a.Add(b).Add(c)) <= 0 {
			ok = false
		}
	}
	// The outline's crossings of each edge, made once an edge (from the side
	// that runs from the lower index) and kept only where there are some.
	cross := map[[2]uint32][]uint32{}
	crossed := make([]bool, len(d.verts)) // vertices with a crossed edge
	for _, t := range tris {
		for k := range 3 {
			a, b := t[k], t[(k+1)%3]
			if a > b {
				continue
			}
			for _, x := range w.crossings(d.verts[a], d.verts[b]) {
				crossed[a], crossed[b] = true, true
				cross[[2]uint32{a, b}] = append(cross[[2]uint32{a, b}], uint32(len(d.verts)))
				d.verts = append(d.verts, x.p)
				d.rim = append(d.rim, [2]int32{x.c, x.c2})
			}
		}
	}
	along := func(a, b uint32) []uint32 {
		if !crossed[a] || !crossed[b] {
			return nil
		}
		ids := cross[[2]uint32{min(a, b), max(a, b)}]
		if a < b || len(ids) < 2 {
			return ids
		}
		out := make([]uint32, len(ids))
		for i, id := range ids {
			out[len(ids)-1-i] = id
		}
		return out
	}
	// Each vertex off the outline is kept or carved; a triangle with no
	// crossing and no vertex on a rim is wholly one or the other.
	keptAt := make([]int8, len(d.verts)) // 1 kept, -1 carved, 0 on a rim
	for i, v := range d.verts {
		if d.rim[i][0] < 0 {
			if f, _ := w.field(v); f > 0 {
				keptAt[i] = 1
			} else {
				keptAt[i] = -1
			}
		}
	}
	var ring []uint32
	var in []bool
	for _, t := range tris {
		if along(t[0], t[1]) == nil && along(t[1], t[2]) == nil && along(t[2], t[0]) == nil {
			switch keptAt[t[0]] + keptAt[t[1]] + keptAt[t[2]] {
			case 3:
				d.tris = append(d.tris, t)
				continue
			case -3:
				continue
			}
		}
		ring = ring[:0]
		for k := range 3 {
			ring = append(ring, t[k])
			ring = append(ring, along(t[k], t[(k+1)%3])...)
		}
		m := len(ring)
		if m == 3 && d.onOne(t) {
			// Three corners on one rim: within its cap, or flat in the
			// plane of a great circle.
			continue
		}
		in = in[:0]
		kept := 0
		centre := d.verts[t[0]].Add(d.verts[t[1]]).Add(d.verts[t[2]])
		for i := range m {
			a, b := ring[i], ring[(i+1)%m]
			mid := d.verts[a].Add(d.verts[b]).Unit()
			var keep bool
			if c := d.common(a, b); c >= 0 {
				// A chord of a rim: its middle lies in the opening by the
				// sagitta, so the triangle's side of it decides, and the
				// other openings.
				h := w.circles[c]
				keep = centre.Dot(h.a) < h.c*centre.Len() && w.fieldApart(mid, w.of[c]) > 0
			} else {
				f, _ := w.field(mid)
				keep = f > 0
			}
			in = append(in, keep)
			if keep {
				kept++
			}
		}
		switch {
		case kept == 0:
			continue
		case kept == m && m == 3:
			d.tris = append(d.tris, t)
			continue
		case kept == m:
			d.fill(ring)
			continue
		}
		if !d.chain(ring, in) {
			ok = false
		}
	}
	d.weldCorners()
	d.compact()
	return d, ok
}

// weldCorners merges into each corner the points made at it a second time (a
// vertex moved onto a circle next to it, a crossing at it), and drops the
// triangles that then repeat a point.
func (d *domain) weldCorners() {
	const near = 1e-9
	to := map[uint32]uint32{}
	for c, r := range d.rim {
		if r[1] < 0 {
			continue
		}
		for v := range d.verts {
			if v != c && d.rim[v][1] < 0 && d.verts[v].Sub(d.verts[c]).Len() < near {
				to[uint32(v)] = uint32(c)
			}
		}
	}
	if len(to) == 0 {
		return
	}
	tris := d.tris[:0]
	for _, t := range d.tris {
		for k, v := range t {
			if c, ok := to[v]; ok {
				t[k] = c
			}
		}
		if t[0] != t[1] && t[1] != t[2] && t[2] != t[0] {
			tris = append(tris, t)
		}
	}
	d.tris = tris
}

// insertCorners puts each corner of w's outline into the mesh as a vertex on
// both its circles, splitting the triangle it falls in into three. It returns
// the triangles at each vertex, and false when a corner falls on an edge.
func (d *domain) insertCorners(tris *[][3]uint32, w *openwork) ([][]int32, bool) {
	if len(w.turns) == 0 {
		return nil, true
	}
	fan := make([][]int32, len(d.verts))
	for ti, t := range *tris {
		for _, v := range t {
			fan[v] = append(fan[v], int32(ti))
		}
	}
	inside := func(t [3]uint32, p geom.Vec3) (float64, bool) {
		worst := math.Inf(1)
		for k := range 3 {
			a, b := d.verts[t[k]], d.verts[t[(k+1)%3]]
			x := a.Cross(b).Dot(p) / a.Sub(b).Len()
			worst = math.Min(worst, x)
		}
		return worst, worst >= 0
	}
	ok := true
	for _, c := range w.turns {
		best, near := -1, math.Inf(-1)
		for i, v := range d.verts {
			if x := v.Dot(c.p); x > near {
				best, near = i, x
			}
		}
		at := int32(-1)
		for _, ti := range fan[best] {
			if _, in := inside((*tris)[ti], c.p); in {
				at = ti
				break
			}
		}
		if at < 0 { // not next to the nearest vertex: look everywhere
			for ti, t := range *tris {
				if _, in := inside(t, c.p); in {
					at = int32(ti)
					break
				}
			}
		}
		if at < 0 {
			ok = false
			continue
		}
		t := (*tris)[at]
		if margin, _ := inside(t, c.p); margin < 10*cornerOnEdge {
			continue // on an edge: made where its crossings meet
		}
		p := uint32(len(d.verts))
		d.verts = append(d.verts, c.p)
		d.rim = append(d.rim, [2]int32{c.i, c.j})
		n := int32(len(*tris))
		(*tris)[at] = [3]uint32{t[0], t[1], p}
		*tris = append(*tris, [3]uint32{t[1], t[2], p}, [3]uint32{t[2], t[0], p})
		fan = append(fan, []int32{at, n, n + 1})
		fan[t[1]] = append(fan[t[1]], n)
		fan[t[2]] = append(fan[t[2]], n, n+1)
		fan[t[0]] = append(fan[t[0]], n+1)
		// t[2] is no longer in triangle at.
		for i, x := range fan[t[2]] {
			if x == at {
				fan[t[2]] = append(fan[t[2]][:i], fan[t[2]][i+1:]...)
				break
			}
		}
	}
	return fan, ok
}

// nextToCorner reports whether a triangle of fan has a corner of the outline
// (a vertex on two circles).
func nextToCorner(d *domain, tris [][3]uint32, fan []int32) bool {
	for _, ti := range fan {
		for _, v := range tris[ti] {
			if d.rim[v][1] >= 0 {
				return true
			}
		}
	}
	return false
}

// onOne reports whether the three corners of t lie on one circle.
func (d *domain) onOne(t [3]uint32) bool {
	for _, x := range d.rim[t[0]] {
		if x < 0 {
			continue
		}
		on := func(v uint32) bool { return d.rim[v][0] == x || d.rim[v][1] == x }
		if on(t[1]) && on(t[2]) {
			return true
		}
	}
	return false
}

// chain joins the kept pieces of a triangle's outline ring into polygons and
// fills them. Each point where the ring leaves the kept region is joined to
// where it comes back, along the circle it leaves on: through corners the kept
// region only touches, onto the corner's other circle; or to a corner the kept
// region lies on both sides of (an opening's corner pointing into the
// triangle), which then pinches the region into two: arriving by the ring it
// leaves along its other circle, arriving by the outline it goes on by the
// ring.
func (d *domain) chain(ring []uint32, in []bool) bool {
	m := len(ring)
	entry := func(j int) bool { return !in[(j+m-1)%m] && in[j] }
	on := func(v uint32, c int32) bool { return c >= 0 && (d.rim[v][0] == c || d.rim[v][1] == c) }
	corner := func(j int) bool { return d.rim[ring[j]][1] >= 0 }
	other := func(j int, c int32) int32 {
		if r := d.rim[ring[j]]; r[0] != c {
			return r[0]
		}
		return d.rim[ring[j]][1]
	}
	pinch := make([]int32, m) // for a pinching corner: the circle arrived on, plus one
	var walk func(cur int, c int32, depth int) ([]int, bool)
	walk = func(cur int, c int32, depth int) ([]int, bool) {
		for s := 1; s < m; s++ {
			j := (cur + s) % m
			if !on(ring[j], c) {
				continue
			}
			switch {
			case entry(j):
				return []int{j}, true
			case corner(j) && in[(j+m-1)%m] && in[j]:
				pinch[j] = c + 1
				return []int{j}, true
			case corner(j) && !in[(j+m-1)%m] && !in[j] && depth < 4:
				if rest, ok := walk(j, other(j, c), depth+1); ok {
					return append([]int{j}, rest...), true
				}
			}
		}
		return nil, false
	}
	route := make([][]int, m) // from an exit: the corners passed, then where it ends
	for i := range m {
		if !(in[(i+m-1)%m] && !in[i]) {
			continue // not an exit
		}
		for _, c := range d.rim[ring[i]] {
			if r, ok := walk(i, c, 0); ok {
				route[i] = r
				break
			}
		}
		if route[i] == nil {
			return false
		}
	}
	away := make([][]int, m) // from a pinching corner reached by the ring
	for j := range m {
		if pinch[j] == 0 {
			continue
		}
		r, ok := walk(j, other(j, pinch[j]-1), 0)
		if !ok {
			return false
		}
		away[j] = r
	}
	done := make([]bool, m)
	for start := range m {
		if done[start] || !(entry(start) || pinch[start] != 0) {
			continue
		}
		var poly []uint32
		byRoute := pinch[start] != 0 // a pinch starts where the outline arrives
		for i := start; ; {
			poly = append(poly, ring[i])
			var r []int
			switch {
			case pinch[i] != 0 && !byRoute:
				r = away[i]
			case in[i]:
				done[i] = true
				i, byRoute = (i+1)%m, false
			default:
				r = route[i]
			}
			if r != nil {
				for _, x := range r[:len(r)-1] {
					poly = append(poly, ring[x])
				}
				i, byRoute = r[len(r)-1], true
			}
			if i == start && (pinch[start] == 0 || byRoute) {
				break
			}
			if len(poly) > 2*m {
				return false
			}
		}
		if len(poly) < 3 {
			return false
		}
		d.fill(poly)
	}
	return true
}

// fill cuts the polygon poly, counter-clockwise seen from outside the sphere,
// into triangles by clipping ears. Turns are measured on the sphere (three
// points on one great circle make none), so no triangle is made flat in the
// plane of a rim that runs along a great circle.
func (d *domain) fill(poly []uint32) {
	turn := func(a, b, c uint32) float64 {
		p, q, r := d.verts[a], d.verts[b], d.verts[c]
		return p.Dot(q.Cross(r))
	}
	left := append([]uint32(nil), poly...)
	for len(left) > 3 {
		k := len(left)
		cut, best := -1, 0.0
		for i := range k {
			a, b, c := left[(i+k-1)%k], left[i], left[(i+1)%k]
			ab, bc := d.verts[b].Sub(d.verts[a]).Len(), d.verts[c].Sub(d.verts[b]).Len()
			x := turn(a, b, c) / (ab * bc)
			if x <= 1e-9 {
				continue
			}
			empty := true
			for j := range k {
				if j == i || j == (i+k-1)%k || j == (i+1)%k {
					continue
				}
				p := left[j]
				if turn(a, b, p) >= 0 && turn(b, c, p) >= 0 && turn(c, a, p) >= 0 {
					empty = false
					break
				}
			}
			// The fattest clean ear, whose cut leaves no three points in a
			// row (they would end as a flat triangle).
			if k > 3 {
				pp, nn := left[(i+k-2)%k], left[(i+2)%k]
				x = math.Min(x, math.Abs(turn(pp, a, c))/(d.verts[a].Sub(d.verts[pp]).Len()*d.verts[c].Sub(d.verts[a]).Len()))
				x = math.Min(x, math.Abs(turn(a, c, nn))/(d.verts[c].Sub(d.verts[a]).Len()*d.verts[nn].Sub(d.verts[c]).Len()))
			}
			if empty && x > best {
				cut, best = i, x
			}
		}
		if cut < 0 {
			cut = 0 // no clean ear (a degenerate polygon): cut anyway
		}
		d.tris = append(d.tris, [3]uint32{left[(cut+k-1)%k], left[cut], left[(cut+1)%k]})
		left = append(left[:cut], left[cut+1:]...)
	}
	d.tris = append(d.tris, [3]uint32{left[0], left[1], left[2]})
}
