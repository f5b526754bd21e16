package puzzleball

import (
	"math"

	"yanchu/geom"
)

// clip carves w's openings out of the geodesic sphere g exactly, triangle by
// triangle. First a vertex moves onto each corner of the outline, where it
// turns from one circle to another, and vertices near the outline move onto
// it, so no triangle is cut into a sliver. Then each triangle's edges are cut
// where the outline crosses them (the points shared with the neighbour across
// the edge), the pieces of its edges in the kept region are chained, and each
// place the chain leaves the triangle's edges is joined to where it comes back
// along the circle it left on; the polygons so made are cut into triangles.
// ok is false when the outline could not be followed (two corners nearest one
// vertex, a triangle turned over by the moves, or a path in a triangle that
// would leave one circle for another): a finer sphere is needed.
func clip(g *geodesic, w *openwork) (d *domain, ok bool) {
	d = &domain{verts: append([]geom.Vec3(nil), g.verts...), tris: make([][3]uint32, 0, len(g.tris)+len(g.tris)/8)}
	d.rim = make([][2]int32, len(d.verts))
	for i := range d.rim {
		d.rim[i] = [2]int32{-1, -1}
	}
	ok = true
	for _, c := range w.turns {
		best, near := -1, math.Inf(-1)
		for i, v := range d.verts {
			if x := v.Dot(c.p); x > near {
				best, near = i, x
			}
		}
		if d.rim[best][0] >= 0 {
			ok = false
			continue
		}
		d.verts[best] = c.p
		d.rim[best] = [2]int32{c.i, c.j}
	}
	// Vertices near the outline move onto its nearest point.
	snap := snapShare * g.longest()
	cosSnap := math.Cos(snap)
	for i, v := range d.verts {
		if d.rim[i][0] >= 0 {
			continue
		}
		best, near := int32(-1), cosSnap
		var to geom.Vec3
		for c, h := range w.circles {
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
	for _, t := range g.tris {
		a, b, c := d.verts[t[0]], d.verts[t[1]], d.verts[t[2]]
		if b.Sub(a).Cross(c.Sub(a)).Dot(a.Add(b).Add(c)) <= 0 {
			ok = false
		}
	}
	// The outline's crossings of each edge, made once an edge (from the side
	// that runs from the lower index) and kept only where there are some.
	cross := map[[2]uint32][]uint32{}
	crossed := make([]bool, len(d.verts)) // vertices with a crossed edge
	for _, t := range g.tris {
		for k := range 3 {
			a, b := t[k], t[(k+1)%3]
			if a > b {
				continue
			}
			for _, x := range w.crossings(d.verts[a], d.verts[b]) {
				crossed[a], crossed[b] = true, true
				cross[[2]uint32{a, b}] = append(cross[[2]uint32{a, b}], uint32(len(d.verts)))
				d.verts = append(d.verts, x.p)
				d.rim = append(d.rim, [2]int32{x.c, -1})
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
	var ring []uint32
	var in []bool
	for _, t := range g.tris {
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
	d.compact()
	return d, ok
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
// fills them: each point where the ring leaves the kept region is joined to
// the next point where it comes back on a circle they share.
func (d *domain) chain(ring []uint32, in []bool) bool {
	m := len(ring)
	next := make([]int, m) // from an exit to its entry
	for i := range next {
		next[i] = -1
	}
	for i := range m {
		if !(in[(i+m-1)%m] && !in[i]) {
			continue // not an exit
		}
		for s := 1; s < m; s++ {
			j := (i + s) % m
			if !in[(j+m-1)%m] && in[j] && d.common(ring[i], ring[j]) >= 0 {
				next[i] = j
				break
			}
		}
		if next[i] < 0 {
			return false
		}
	}
	done := make([]bool, m)
	for start := range m {
		if done[start] || !(!in[(start+m-1)%m] && in[start]) {
			continue
		}
		var poly []uint32
		for i := start; ; {
			done[i] = true
			poly = append(poly, ring[i])
			if in[i] {
				i = (i + 1) % m
			} else {
				i = next[i]
			}
			if i == start {
				break
			}
			if i < 0 || len(poly) > m {
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
