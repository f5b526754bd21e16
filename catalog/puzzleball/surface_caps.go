package puzzleball

import (
	"math"

	"yanchu/geom"
)

// domain is the unit sphere less the caps, meshed: unit vertices, outward
// triangles, and for each vertex the cap whose rim it lies on (-1 for none).
type domain struct {
	verts []geom.Vec3
	tris  [][3]uint32
	rim   []int
}

// snapShare is how near a rim, as a share of the longest edge, a vertex is
// moved onto it: no triangle is then cut into a sliver.
const snapShare = 0.25

// cutCaps cuts the caps of angular radius angle about axes out of the
// geodesic sphere g: vertices near a rim move onto it, triangles across a rim
// are cut along it, and those inside a cap are dropped.
func cutCaps(g *geodesic, axes []geom.Vec3, angle float64) *domain {
	ca, sa := math.Cos(angle), math.Sin(angle)
	snap := snapShare * g.longest()
	type state struct {
		cap int // the nearest cap
		in  bool
	}
	d := &domain{verts: append([]geom.Vec3(nil), g.verts...), rim: make([]int, len(g.verts))}
	st := make([]state, len(g.verts))
	for i, v := range d.verts {
		k, c := nearestAxis(v, axes)
		st[i].cap = k
		d.rim[i] = -1
		off := math.Acos(math.Max(-1, math.Min(1, c))) - angle // > 0 outside
		switch {
		case math.Abs(off) < snap:
			d.verts[i] = onRim(v, axes[k], ca, sa)
			d.rim[i] = k
		case off < 0:
			st[i].in = true
		}
	}
	// crossing returns the vertex where the edge from out (outside) to in
	// (inside cap k) crosses the rim, made once an edge.
	cross := map[[2]uint32]uint32{}
	crossing := func(out, in uint32, k int) uint32 {
		key := [2]uint32{min(out, in), max(out, in)}
		if i, ok := cross[key]; ok {
			return i
		}
		a, b := d.verts[out], d.verts[in]
		lo, hi := 0.0, 1.0
		for range 60 {
			t := (lo + hi) / 2
			if a.Scale(1-t).Add(b.Scale(t)).Unit().Dot(axes[k]) > ca {
				hi = t
			} else {
				lo = t
			}
		}
		p := a.Scale(1 - lo).Add(b.Scale(lo)).Unit()
		i := uint32(len(d.verts))
		d.verts = append(d.verts, onRim(p, axes[k], ca, sa))
		d.rim = append(d.rim, k)
		cross[key] = i
		return i
	}
	for _, t := range g.tris {
		k, inside, onRims := -1, 0, 0
		for _, v := range t {
			if st[v].in {
				k = st[v].cap
				inside++
			}
			if d.rim[v] >= 0 {
				onRims++
			}
		}
		switch {
		case inside == 0 && onRims < 3:
			d.tris = append(d.tris, t)
			continue
		case inside+onRims == 3:
			continue // within a cap
		}
		var poly []uint32
		for j := range 3 {
			cur, next := t[j], t[(j+1)%3]
			if !st[cur].in {
				poly = append(poly, cur)
			}
			curOut := !st[cur].in && d.rim[cur] < 0
			nextOut := !st[next].in && d.rim[next] < 0
			switch {
			case curOut && st[next].in:
				poly = append(poly, crossing(cur, next, k))
			case st[cur].in && nextOut:
				poly = append(poly, crossing(next, cur, k))
			}
		}
		for j := 1; j+1 < len(poly); j++ {
			d.tris = append(d.tris, [3]uint32{poly[0], poly[j], poly[j+1]})
		}
	}
	d.compact()
	return d
}

// nearestAxis returns the axis nearest v and the cosine of the angle to it.
func nearestAxis(v geom.Vec3, axes []geom.Vec3) (int, float64) {
	best, c := 0, math.Inf(-1)
	for k, a := range axes {
		if x := v.Dot(a); x > c {
			best, c = k, x
		}
	}
	return best, c
}

// onRim moves the unit vector v along its great circle from axis onto the rim
// at the angle whose cosine and sine are ca and sa.
func onRim(v, axis geom.Vec3, ca, sa float64) geom.Vec3 {
	u := v.Sub(axis.Scale(v.Dot(axis))).Unit()
	return axis.Scale(ca).Add(u.Scale(sa))
}

// compact drops the vertices no triangle uses, keeping the others' order.
func (d *domain) compact() {
	used := make([]int32, len(d.verts))
	for i := range used {
		used[i] = -1
	}
	var verts []geom.Vec3
	var rim []int
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

// splitRims adds points along every rim edge whose chord strays more than tol
// from the rim, a circle of radius rho (mm) on the outer sphere: the triangle on
// it becomes a fan from its third corner.
func (d *domain) splitRims(axes []geom.Vec3, angle, rho, tol float64) {
	ca, sa := math.Cos(angle), math.Sin(angle)
	most := 2 * math.Acos(math.Max(-1, 1-tol/rho)) // the widest arc a chord may span
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
			cap := d.rim[a]
			if cap < 0 || d.rim[b] != cap || uses[[2]uint32{b, a}] > 0 {
				continue
			}
			ax := axes[cap]
			ua := d.verts[a].Sub(ax.Scale(d.verts[a].Dot(ax))).Unit()
			ub := d.verts[b].Sub(ax.Scale(d.verts[b].Dot(ax))).Unit()
			phi := angleBetween(ua, ub)
			n := int(math.Ceil(phi / most))
			if n <= 1 {
				continue
			}
			// Points evenly along the arc from a to b: ua turned about the axis.
			w := ax.Cross(ua)
			if w.Dot(ub) < 0 {
				w = w.Scale(-1)
			}
			prev := a
			for j := 1; j <= n; j++ {
				next := b
				if j < n {
					s, co := math.Sincos(phi * float64(j) / float64(n))
					dir := ua.Scale(co).Add(w.Scale(s))
					next = uint32(len(d.verts))
					d.verts = append(d.verts, ax.Scale(ca).Add(dir.Scale(sa)))
					d.rim = append(d.rim, cap)
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
