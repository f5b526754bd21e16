package puzzleball

import (
	"math"

	"yanchu/geom"
)

// domain is the unit sphere less a shell's openings, meshed: unit vertices,
// outward triangles, and for each vertex the circles whose rim it lies on (-1
// for none; a vertex where two rims meet would lie on two).
type domain struct {
	verts []geom.Vec3
	tris  [][3]uint32
	rim   [][2]int32
}

// snapShare is how near a rim, as a share of an edge, a vertex is moved onto
// it: no triangle is then cut into a sliver.
const snapShare = 0.25

// vertex states while cutting.
const (
	kept = iota
	carved
	onRim
)

// cut carves w's openings out of the geodesic sphere g: edges an opening
// reaches into without taking either end are split where it reaches deepest,
// vertices near a rim move onto it, triangles across a rim are cut along it,
// and those in an opening are dropped. ok is false when the outline was not
// followed (a rim edge from one circle to another): a finer sphere is needed.
func cut(g *geodesic, w *openwork) (d *domain, ok bool) {
	d = &domain{verts: append([]geom.Vec3(nil), g.verts...), tris: append([][3]uint32(nil), g.tris...)}
	d.rim = make([][2]int32, len(d.verts))
	for i := range d.rim {
		d.rim[i] = [2]int32{-1, -1}
	}
	ok = true
	for range 3 {
		if !d.splitHidden(w) {
			break
		}
	}
	state := make([]uint8, len(d.verts))
	for i, v := range d.verts {
		switch g, _ := w.field(v); {
		case d.rim[i][0] >= 0:
			state[i] = onRim
		case g < 0:
			state[i] = carved
		}
	}
	// crossing returns where the rim crosses the arc from a (kept) to b
	// (carved), as a share of the way, and the point and its circle.
	crossing := func(a, b geom.Vec3) (float64, geom.Vec3, int) {
		// Edges are shorter than a ligament: the rim crossed is that of
		// b's opening.
		_, c := w.field(b)
		k := w.of[c]
		lo, hi := 0.0, 1.0
		for range 48 {
			t := (lo + hi) / 2
			if g, _ := w.depth(k, a.Scale(1-t).Add(b.Scale(t)).Unit(), w.first[k]); g < 0 {
				hi = t
			} else {
				lo = t
			}
		}
		p := a.Scale(1 - lo).Add(b.Scale(lo)).Unit()
		_, c = w.depth(k, p, w.first[k])
		return lo, onCircle(p, w.circles[c]), c
	}
	// Vertices near a rim move onto it, where one of their edges crosses it.
	type snap struct {
		share float64
		p     geom.Vec3
		c     int
	}
	snaps := map[uint32]snap{}
	offer := func(v uint32, s snap) {
		if old, ok := snaps[v]; !ok || s.share < old.share {
			snaps[v] = s
		}
	}
	for _, t := range d.tris {
		for k := range 3 {
			a, b := t[k], t[(k+1)%3]
			if a > b || state[a] == onRim || state[b] == onRim || state[a] == state[b] {
				continue
			}
			if state[a] == carved {
				a, b = b, a
			}
			share, p, c := crossing(d.verts[a], d.verts[b])
			if share < snapShare {
				offer(a, snap{share, p, c})
			}
			if 1-share < snapShare {
				offer(b, snap{1 - share, p, c})
			}
		}
	}
	for v, s := range snaps {
		d.verts[v] = s.p
		d.rim[v] = [2]int32{int32(s.c), -1}
		state[v] = onRim
	}
	// Cut the triangles across a rim; drop those in an opening.
	cross := map[[2]uint32]uint32{}
	crossAt := func(out, in uint32) uint32 {
		key := [2]uint32{min(out, in), max(out, in)}
		if i, ok := cross[key]; ok {
			return i
		}
		_, p, c := crossing(d.verts[out], d.verts[in])
		i := uint32(len(d.verts))
		d.verts = append(d.verts, p)
		d.rim = append(d.rim, [2]int32{int32(c), -1})
		cross[key] = i
		return i
	}
	tris := d.tris[:0:0]
	for _, t := range d.tris {
		var n [3]int
		for _, v := range t {
			n[state[v]]++
		}
		switch {
		case n[carved] == 0 && n[onRim] < 3:
			tris = append(tris, t)
			continue
		case n[carved] == 0:
			// Three corners on rims: kept if its middle is.
			if g, _ := w.field(d.verts[t[0]].Add(d.verts[t[1]]).Add(d.verts[t[2]]).Unit()); g > 0 {
				tris = append(tris, t)
			}
			continue
		case n[kept] == 0:
			continue // within an opening
		}
		var poly []uint32
		for j := range 3 {
			cur, next := t[j], t[(j+1)%3]
			if state[cur] != carved {
				poly = append(poly, cur)
			}
			switch {
			case state[cur] == kept && state[next] == carved:
				poly = append(poly, crossAt(cur, next))
			case state[cur] == carved && state[next] == kept:
				poly = append(poly, crossAt(next, cur))
			}
		}
		for j := 1; j+1 < len(poly); j++ {
			tris = append(tris, [3]uint32{poly[0], poly[j], poly[j+1]})
		}
	}
	d.tris = tris
	d.compact()
	return d, ok
}

// splitHidden splits each edge an opening reaches into while both its ends
// stay out of it, at the point of the edge deepest in the opening, and says
// whether it split any.
func (d *domain) splitHidden(w *openwork) bool {
	out := make([]bool, len(d.verts)) // kept, or on a rim
	for i, v := range d.verts {
		g, _ := w.field(v)
		out[i] = g >= 0 || d.rim[i][0] >= 0
	}
	at := map[[2]uint32]uint32{}
	for _, t := range d.tris {
		for k := range 3 {
			a, b := t[k], t[(k+1)%3]
			if a > b || !out[a] || !out[b] {
				continue
			}
			if x, ok := w.deepest(d.verts[a], d.verts[b]); ok {
				at[[2]uint32{a, b}] = uint32(len(d.verts))
				d.verts = append(d.verts, x)
				d.rim = append(d.rim, [2]int32{-1, -1})
			}
		}
	}
	if len(at) == 0 {
		return false
	}
	var tris [][3]uint32
	var emit func(t [3]uint32)
	emit = func(t [3]uint32) {
		for k := range 3 {
			a, b, c := t[k], t[(k+1)%3], t[(k+2)%3]
			if m, ok := at[[2]uint32{min(a, b), max(a, b)}]; ok {
				emit([3]uint32{a, m, c})
				emit([3]uint32{m, b, c})
				return
			}
		}
		tris = append(tris, t)
	}
	for _, t := range d.tris {
		emit(t)
	}
	d.tris = tris
	return true
}

// deepest returns the point of the arc from p to q deepest inside an opening,
// if some opening reaches into it between its ends.
func (w *openwork) deepest(p, q geom.Vec3) (geom.Vec3, bool) {
	n := p.Cross(q)
	span := math.Atan2(n.Len(), p.Dot(q))
	n = n.Unit()
	mid := p.Add(q).Unit()
	best, found := 0.0, geom.Vec3{}
	sh, ch := math.Sincos(span / 2)
	for _, h := range w.circles {
		// Only a cap that comes within the arc's half-span of its middle:
		// cos(radius + span/2) at most.
		if mid.Dot(h.a) < h.c*ch-math.Sqrt(math.Max(0, 1-h.c*h.c))*sh {
			continue
		}
		x := h.a.Sub(n.Scale(h.a.Dot(n)))
		if x.Dot(x) < 1e-24 {
			continue
		}
		x = x.Unit()
		if p.Cross(x).Dot(n) <= 0 || x.Cross(q).Dot(n) <= 0 || x.Dot(h.a) <= h.c {
			continue
		}
		if g, _ := w.field(x); g < best {
			best, found = g, x
		}
	}
	return found, best < 0
}

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
	uses := make(map[[2]uint32]int, 3*len(d.tris))
	for _, t := range d.tris {
		for k := range 3 {
			uses[[2]uint32{t[k], t[(k+1)%3]}]++
		}
	}
	tris := d.tris[:0:0]
	for _, t := range d.tris {
		split := false
		for k := range 3 {
			a, b, c := t[k], t[(k+1)%3], t[(k+2)%3]
			if d.rim[a][0] < 0 || d.rim[b][0] < 0 || uses[[2]uint32{b, a}] > 0 {
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
