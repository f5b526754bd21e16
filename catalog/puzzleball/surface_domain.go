package puzzleball

import (
	"math"

	"yanchu/geom"
)

// domain is the unit sphere less a shell's openings, meshed: unit vertices,
// outward triangles, and for each vertex the circles whose rim it lies on (-1
// for none; a corner, where two rims meet, lies on two).
type domain struct {
	verts []geom.Vec3
	tris  [][3]uint32
	rim   [][2]int32
}

// snapShare is how near a rim, as a share of an edge, a vertex is moved onto
// it: no triangle is then cut into a sliver.
const snapShare = 0.25

// compact drops the vertices no triangle uses, keeping the others' order.
func (d *domain) compact() {
	used := make([]int32, len(d.verts))
	for i := range used {
		used[i] = -1
	}
	var verts []geom.Vec3
	var rim [][2]int32
	for ti, t := range d.tris {
		for k, v := range t {
			if used[v] < 0 {
				used[v] = int32(len(verts))
				verts = append(verts, d.verts[v])
				rim = append(rim, d.rim[v])
			}
			d.tris[ti][k] = uint32(used[v])
		}
	}
	d.verts, d.rim = verts, rim
}

// common returns the circle both vertices lie on, or -1.
func (d *domain) common(a, b uint32) int32 {
	for _, x := range d.rim[a] {
		if x >= 0 && (x == d.rim[b][0] || x == d.rim[b][1]) {
			return x
		}
	}
	return -1
}

// splitRims adds points along every rim edge whose chord strays more than tol
// from its circle on the outer sphere of radius ro (mm): the triangle on it
// becomes a fan from its third corner. It returns false when a rim edge lies on
// no one circle (it cuts across a corner).
func (d *domain) splitRims(w *openwork, ro, tol float64) bool {
	ok := true
	edges := indexEdges(len(d.verts), d.tris)
	tris := d.tris[:0:0]
	for _, t := range d.tris {
		split := false
		for k := range 3 {
			a, b, c := t[k], t[(k+1)%3], t[(k+2)%3]
			if d.rim[a][0] < 0 || d.rim[b][0] < 0 || edges.has(b, a) {
				continue
			}
			ci := d.common(a, b)
			if ci < 0 {
				ok = false
				continue
			}
			h := w.circles[ci]
			sa := math.Sqrt(math.Max(0, 1-h.c*h.c))
			rho := ro * sa
			most := 2 * math.Acos(math.Max(-1, 1-tol/rho)) // the widest arc a chord may span
			ua := d.verts[a].Sub(h.a.Scale(d.verts[a].Dot(h.a))).Unit()
			ub := d.verts[b].Sub(h.a.Scale(d.verts[b].Dot(h.a))).Unit()
			phi := angleBetween(ua, ub)
			n := int(math.Ceil(phi / most))
			if n <= 1 {
				continue
			}
			// Points evenly along the arc from a to b: ua turned about the axis.
			wv := h.a.Cross(ua)
			if wv.Dot(ub) < 0 {
				wv = wv.Scale(-1)
			}
			prev := a
			for j := 1; j <= n; j++ {
				next := b
				if j < n {
					s, co := math.Sincos(phi * float64(j) / float64(n))
					dir := ua.Scale(co).Add(wv.Scale(s))
					next = uint32(len(d.verts))
					d.verts = append(d.verts, h.a.Scale(h.c).Add(dir.Scale(sa)))
					d.rim = append(d.rim, [2]int32{ci, -1})
				}
				tris = append(tris, [3]uint32{c, prev, next})
				prev = next
			}
			split = true
			break
		}
		if !split {
			tris = append(tris, t)
		}
	}
	d.tris = tris
	return ok
}

// stray returns how far the flat triangles of d, on a sphere of radius r,
// stray from it at most: r less the nearest a triangle comes to the centre.
func (d *domain) stray(r float64) float64 {
	var worst float64
	for _, t := range d.tris {
		near := nearestToOrigin(d.verts[t[0]], d.verts[t[1]], d.verts[t[2]])
		worst = math.Max(worst, r*(1-near))
	}
	return worst
}

// nearestToOrigin returns the distance from the origin to the triangle abc.
func nearestToOrigin(a, b, c geom.Vec3) float64 {
	// The foot of the perpendicular, if it falls inside; else the nearest
	// point of an edge.
	n := b.Sub(a).Cross(c.Sub(a))
	if nn := n.Dot(n); nn > 0 {
		foot := n.Scale(a.Dot(n) / nn)
		if n.Dot(b.Sub(a).Cross(foot.Sub(a))) >= 0 && n.Dot(c.Sub(b).Cross(foot.Sub(b))) >= 0 && n.Dot(a.Sub(c).Cross(foot.Sub(c))) >= 0 {
			return foot.Len()
		}
	}
	return math.Min(nearestOnSegment(a, b), math.Min(nearestOnSegment(b, c), nearestOnSegment(c, a)))
}

// nearestOnSegment returns the distance from the origin to the segment ab.
func nearestOnSegment(a, b geom.Vec3) float64 {
	ab := b.Sub(a)
	t := 0.0
	if l := ab.Dot(ab); l > 0 {
		t = math.Max(0, math.Min(1, -a.Dot(ab)/l))
	}
	return a.Add(ab.Scale(t)).Len()
}

// edgeIndex lists the directed edges of a triangle mesh by their first vertex.
type edgeIndex struct {
	start []int32 // start[v]:start[v+1] are v's edges in to
	to    []uint32
}

func indexEdges(nv int, tris [][3]uint32) edgeIndex {
	e := edgeIndex{start: make([]int32, nv+1), to: make([]uint32, 3*len(tris))}
	for _, t := range tris {
		for _, v := range t {
			e.start[v+1]++
		}
	}
	for v := range nv {
		e.start[v+1] += e.start[v]
	}
	fill := append([]int32(nil), e.start[:nv]...)
	for _, t := range tris {
		for k := range 3 {
			a := t[k]
			e.to[fill[a]] = t[(k+1)%3]
			fill[a]++
		}
	}
	return e
}

// has reports whether some triangle runs from a to b.
func (e edgeIndex) has(a, b uint32) bool {
	for _, x := range e.to[e.start[a]:e.start[a+1]] {
		if x == b {
			return true
		}
	}
	return false
}
