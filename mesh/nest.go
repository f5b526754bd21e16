package mesh

import (
	"cmp"
	"math"
	"slices"

	"yanchu/geom"
)

// Nesting: a shell lies inside another when a ray from a point of its surface
// crosses the other an odd number of times. Rays go up (+Z) and are matched to
// triangles through a grid over XY holding the rays' start points, so one pass over
// the triangles serves every ray. Only shell pairs whose bounding boxes nest are
// tested, and only the triangles of shells that may enclose another are read.

// probeWeights are the barycentric weights of the points rays start from. All but
// the first are far from simple fractions, so a retry rarely grazes an edge again.
var probeWeights = [...][3]float64{
	{1.0 / 3, 1.0 / 3, 1.0 / 3},
	{0.2371, 0.3319, 0.4310},
	{0.6124, 0.1517, 0.2359},
	{0.1093, 0.7012, 0.1895},
}

// maxProbes is how many start points are tried per shell before giving up.
const maxProbes = 16

// pair is a shell s that may lie inside shell a, with the crossings counted.
type pair struct{ s, a, n int32 }

// nest sets each shell's depth and parent. It reports false when some shell's
// nesting could not be decided because every ray from it grazed another surface.
func (a *analysis) nest() bool {
	ns := len(a.shells)
	if ns < 2 {
		return true
	}
	pairs := a.candidates()
	if len(pairs) == 0 {
		return true
	}
	pstart := make([]int32, ns+1)
	encl := make([]bool, ns)
	for _, p := range pairs {
		pstart[p.s+1]++
		encl[p.a] = true
	}
	for s := range ns {
		pstart[s+1] += pstart[s]
	}
	var queries []int32
	for s := range ns {
		if pstart[s+1] > pstart[s] {
			queries = append(queries, int32(s))
		}
	}
	tri := make([]int, ns) // the triangle each shell's rays start from
	points := make([]geom.Vec3, 0, len(queries))
	decided := true
	for k := 0; len(queries) > 0; k++ {
		if k == maxProbes {
			decided = false
			for _, s := range queries {
				sh := &a.shells[s]
				if a.p.add(kNesting) {
					a.p.name(kNesting, sprintf("cannot tell whether the surface of %d triangles from triangle %d, "+
						"bounds %s to %s, lies inside another: every ray from it grazes another surface",
						sh.faces, sh.first, pt(sh.box.Min), pt(sh.box.Max)))
				}
			}
			break
		}
		live := queries[:0]
		points = points[:0]
		for _, s := range queries {
			if k%len(probeWeights) == 0 {
				from := tri[s] + 1
				if k == 0 {
					from = a.shells[s].first
				}
				tri[s] = a.usable(s, from)
			}
			if tri[s] < 0 {
				continue // no triangle with area: leave the shell at depth 0
			}
			for j := pstart[s]; j < pstart[s+1]; j++ {
				pairs[j].n = 0
			}
			t, w := a.m.Triangles[tri[s]], probeWeights[k%len(probeWeights)]
			pa, pb, pc := a.m.Vertices[t[0]], a.m.Vertices[t[1]], a.m.Vertices[t[2]]
			live = append(live, s)
			points = append(points, pa.Scale(w[0]).Add(pb.Scale(w[1])).Add(pc.Scale(w[2])))
		}
		queries = live
		unsure := a.cast(queries, points, pairs, pstart, encl)
		next := queries[:0]
		for q, s := range queries {
			if unsure[q] {
				next = append(next, s)
			}
		}
		queries = next
	}
	for s := range a.shells {
		sh := &a.shells[s]
		for _, p := range pairs[pstart[s]:pstart[s+1]] {
			if p.n%2 == 1 {
				sh.depth++
			}
		}
	}
	for s := range a.shells {
		sh := &a.shells[s]
		for _, p := range pairs[pstart[s]:pstart[s+1]] {
			if p.n%2 == 0 {
				continue
			}
			if sh.parent < 0 || a.shells[p.a].depth > a.shells[sh.parent].depth ||
				a.shells[p.a].depth == a.shells[sh.parent].depth &&
					a.shells[p.a].box.Size().Len() < a.shells[sh.parent].box.Size().Len() {
				sh.parent = p.a
			}
		}
	}
	return decided
}

// candidates lists the pairs of shells whose bounding boxes nest, sorted by the
// inner shell, then the outer.
func (a *analysis) candidates() []pair {
	shells := a.shells
	g := newGrid(a.f.Bounds, len(shells), func(i int) (float64, float64) {
		c := shells[i].box.Center()
		return c.X, c.Y
	})
	var pairs []pair
	for o := range shells {
		ob := shells[o].box
		if ob.Empty() {
			continue
		}
		i0, j0 := g.cell(ob.Min.X, ob.Min.Y)
		i1, j1 := g.cell(ob.Max.X, ob.Max.Y)
		for j := j0; j <= j1; j++ {
			for i := i0; i <= i1; i++ {
				c := j*g.nx + i
				for _, s := range g.items[g.start[c]:g.start[c+1]] {
					if int(s) != o && contains(ob, shells[s].box) {
						pairs = append(pairs, pair{s: s, a: int32(o)})
					}
				}
			}
		}
	}
	slices.SortFunc(pairs, func(x, y pair) int {
		if c := cmp.Compare(x.s, y.s); c != 0 {
			return c
		}
		return cmp.Compare(x.a, y.a)
	})
	return pairs
}

// contains reports whether box b lies within box o, both non-empty.
func contains(o, b geom.Box) bool {
	return !o.Empty() && !b.Empty() &&
		o.Min.X <= b.Min.X && o.Min.Y <= b.Min.Y && o.Min.Z <= b.Min.Z &&
		b.Max.X <= o.Max.X && b.Max.Y <= o.Max.Y && b.Max.Z <= o.Max.Z
}

// usable returns the first triangle of shell s from index i on that has area and
// finite vertices and faces up or down enough for an upward ray to leave it cleanly;
// failing that, the first with area and finite vertices; failing that, -1. A ray
// from a wall runs within the wall's plane and may graze the edges it meets there.
func (a *analysis) usable(s int32, i int) int {
	vs := a.m.Vertices
	fallback := -1
	for ; i < len(a.m.Triangles); i++ {
		t := a.m.Triangles[i]
		if a.skip != nil && a.skip[i] || a.comp[t[0]] != s {
			continue
		}
		if a.bad != nil && (a.bad[t[0]] || a.bad[t[1]] || a.bad[t[2]]) {
			continue
		}
		pa, pb, pc := vs[t[0]], vs[t[1]], vs[t[2]]
		e0, e1 := pb.Sub(pa), pc.Sub(pa)
		n := e0.Cross(e1)
		n2 := n.Dot(n)
		if degenerate(n2, e0.X, e0.Y, e0.Z, e1.X, e1.Y, e1.Z) {
			continue
		}
		if n.Z*n.Z >= 0.1*n2 {
			return i
		}
		if fallback < 0 {
			fallback = i
		}
	}
	return fallback
}

// cast counts, for each query shell queries[q] and each of its pairs, how often the
// upward ray from points[q] crosses the pair's outer shell. It reports which rays
// grazed an edge or vertex, or started on another surface; their counts are void.
func (a *analysis) cast(queries []int32, points []geom.Vec3, pairs []pair, pstart []int32, encl []bool) []bool {
	g := newGrid(a.f.Bounds, len(points), func(i int) (float64, float64) { return points[i].X, points[i].Y })
	unsure := make([]bool, len(queries))
	vs := a.m.Vertices
	for i, t := range a.m.Triangles {
		if a.skip != nil && a.skip[i] {
			continue
		}
		o := a.comp[t[0]]
		if !encl[o] || a.bad != nil && (a.bad[t[0]] || a.bad[t[1]] || a.bad[t[2]]) {
			continue
		}
		pa, pb, pc := vs[t[0]], vs[t[1]], vs[t[2]]
		x0, x1 := min(pa.X, pb.X, pc.X), max(pa.X, pb.X, pc.X)
		y0, y1 := min(pa.Y, pb.Y, pc.Y), max(pa.Y, pb.Y, pc.Y)
		z1 := max(pa.Z, pb.Z, pc.Z)
		i0, j0 := g.cell(x0, y0)
		i1, j1 := g.cell(x1, y1)
		for j := j0; j <= j1; j++ {
			for ci := i0; ci <= i1; ci++ {
				c := j*g.nx + ci
				for _, q := range g.items[g.start[c]:g.start[c+1]] {
					p := points[q]
					if p.X < x0 || p.X > x1 || p.Y < y0 || p.Y > y1 || p.Z > z1 {
						continue
					}
					s := queries[q]
					k := int32(-1)
					for j := pstart[s]; j < pstart[s+1]; j++ {
						if pairs[j].a == o {
							k = j
							break
						}
					}
					if k < 0 {
						continue
					}
					switch crossing(pa, pb, pc, t[0], t[1], t[2], p) {
					case 1:
						pairs[k].n++
					case -1:
						unsure[q] = true
					}
				}
			}
		}
	}
	return unsure
}

// crossing tells how the ray from p towards +Z meets triangle (pa, pb, pc), whose
// vertex indices are ia, ib, ic: 1 when it crosses the inside, 0 when it misses,
// -1 when it grazes an edge or vertex or starts on the triangle. Each edge's side
// test is computed the same way in both triangles that share it, so a ray never
// slips between two triangles or crosses both.
func crossing(pa, pb, pc geom.Vec3, ia, ib, ic uint32, p geom.Vec3) int {
	d1 := side(pa, pb, ia, ib, p) // opposite c
	d2 := side(pb, pc, ib, ic, p) // opposite a
	d3 := side(pc, pa, ic, ia, p) // opposite b
	neg := d1 < 0 || d2 < 0 || d3 < 0
	pos := d1 > 0 || d2 > 0 || d3 > 0
	if neg == pos {
		return 0 // outside, or a triangle seen edge-on
	}
	if d1 == 0 || d2 == 0 || d3 == 0 {
		return -1
	}
	z := (d2*pa.Z + d3*pb.Z + d1*pc.Z) / (d1 + d2 + d3)
	switch {
	case z > p.Z:
		return 1
	case z == p.Z:
		return -1
	}
	return 0
}

// side returns twice the signed area of (u, w, p) projected on XY, computed from the
// vertex with the lower index so that it is exactly antisymmetric.
func side(u, w geom.Vec3, iu, iw uint32, p geom.Vec3) float64 {
	if iu > iw {
		return -((u.X-w.X)*(p.Y-w.Y) - (u.Y-w.Y)*(p.X-w.X))
	}
	return (w.X-u.X)*(p.Y-u.Y) - (w.Y-u.Y)*(p.X-u.X)
}

// grid buckets points over the XY extent of a box.
type grid struct {
	x0, y0, fx, fy float64 // origin and cells per millimetre
	nx, ny         int
	start, items   []int32 // items[start[c]:start[c+1]] are the points in cell c
}

// newGrid buckets the n points given by at into about n cells.
func newGrid(box geom.Box, n int, at func(i int) (x, y float64)) *grid {
	side := min(max(int(math.Ceil(math.Sqrt(float64(n)))), 1), 1024)
	g := &grid{x0: box.Min.X, y0: box.Min.Y, nx: side, ny: side}
	if w := box.Max.X - box.Min.X; w > 0 {
		g.fx = float64(side) / w
	}
	if h := box.Max.Y - box.Min.Y; h > 0 {
		g.fy = float64(side) / h
	}
	g.start = make([]int32, side*side+1)
	cells := make([]int32, n)
	for i := range n {
		ci, cj := g.cell(at(i))
		cells[i] = int32(cj*g.nx + ci)
		g.start[cells[i]+1]++
	}
	for c := range side * side {
		g.start[c+1] += g.start[c]
	}
	g.items = make([]int32, n)
	fill := slices.Clone(g.start[:side*side])
	for i, c := range cells {
		g.items[fill[c]] = int32(i)
		fill[c]++
	}
	return g
}

// cell returns the column and row of the cell holding (x, y), clamped to the grid.
func (g *grid) cell(x, y float64) (int, int) {
	return clampCell((x-g.x0)*g.fx, g.nx), clampCell((y-g.y0)*g.fy, g.ny)
}

func clampCell(f float64, n int) int {
	if !(f >= 0) { // negative or NaN
		return 0
	}
	if f >= float64(n) {
		return n - 1
	}
	return int(f)
}
