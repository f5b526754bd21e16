package ballcheck

import (
	"fmt"
	"math"
	"runtime"
	"sync"

	"yanchu/geom"
)

// Gap returns the least distance (mm) between bodies i and j: from every vertex of
// each to the nearest point of the other's triangles, both ways. Only distances
// under limit are searched; it returns limit when nothing is nearer. The answer is
// exact for the mesh.
func (b *Ball) Gap(i, j int, limit float64) float64 {
	if !(limit > 0) || math.IsInf(limit, 0) {
		panic(fmt.Sprintf("ballcheck.Gap: limit must be a positive number, got %g", limit))
	}
	best := limit
	best = b.gapTo(i, j, best)
	return b.gapTo(j, i, best)
}

// gapTo lowers best to the least distance under it from a vertex of body from to
// a triangle of body to.
func (b *Ball) gapTo(from, to int, best float64) float64 {
	limit := best
	rf, rt := b.radius[from], b.radius[to]
	rf[0] = b.near[from]
	// Only vertices within limit of the other body's radial range, and triangles
	// with a corner within limit of this body's, can be nearer than limit.
	type tri struct {
		p0, p1, p2 geom.Vec3
		c          geom.Vec3
		r          float64
	}
	var tris []tri
	box := geom.EmptyBox()
	for _, t := range b.tris[to] {
		p0, p1, p2 := b.tri(t)
		c := p0.Add(p1).Add(p2).Scale(1.0 / 3)
		r := math.Max(c.Sub(p0).Len(), math.Max(c.Sub(p1).Len(), c.Sub(p2).Len()))
		// The triangle lies within r of c, so its points' distances from the
		// origin lie within r of c's.
		if l := c.Len(); l+r <= rf[0]-limit || l-r >= rf[1]+limit {
			continue
		}
		tris = append(tris, tri{p0, p1, p2, c, r})
		box = box.Include(p0).Include(p1).Include(p2)
	}
	if len(tris) == 0 {
		return best
	}
	// A uniform grid of cells about two triangles wide (never wider than limit);
	// each triangle is listed in every cell its box overlaps, so a point finds every
	// triangle within best of it in the cells whose boxes come within best.
	edges := 0.0
	for k := range tris {
		edges += tris[k].r
	}
	h := math.Min(limit, math.Max(4*edges/float64(len(tris)), limit/16))
	var n [3]int
	for {
		for a := 0; a < 3; a++ {
			n[a] = int(math.Floor(box.Size().Comp(a)/h)) + 1
		}
		if n[0]*n[1]*n[2] <= 1<<24 {
			break
		}
		h *= 1.5
	}
	cellOf := func(p geom.Vec3, a int) int {
		return min(n[a]-1, max(0, int(math.Floor((p.Comp(a)-box.Min.Comp(a))/h))))
	}
	span := func(t *tri) (lo, hi [3]int) {
		for a := 0; a < 3; a++ {
			mn := math.Min(t.p0.Comp(a), math.Min(t.p1.Comp(a), t.p2.Comp(a)))
			mx := math.Max(t.p0.Comp(a), math.Max(t.p1.Comp(a), t.p2.Comp(a)))
			lo[a] = min(n[a]-1, max(0, int(math.Floor((mn-box.Min.Comp(a))/h))))
			hi[a] = min(n[a]-1, max(0, int(math.Floor((mx-box.Min.Comp(a))/h))))
		}
		return lo, hi
	}
	idx := func(x, y, z int) int { return (z*n[1]+y)*n[0] + x }
	start := make([]int32, n[0]*n[1]*n[2]+1)
	for k := range tris {
		lo, hi := span(&tris[k])
		for z := lo[2]; z <= hi[2]; z++ {
			for y := lo[1]; y <= hi[1]; y++ {
				for x := lo[0]; x <= hi[0]; x++ {
					start[idx(x, y, z)+1]++
				}
			}
		}
	}
	for c := 1; c < len(start); c++ {
		start[c] += start[c-1]
	}
	fill := make([]int32, len(start)-1)
	copy(fill, start[:len(start)-1])
	list := make([]int32, start[len(start)-1])
	for k := range tris {
		lo, hi := span(&tris[k])
		for z := lo[2]; z <= hi[2]; z++ {
			for y := lo[1]; y <= hi[1]; y++ {
				for x := lo[0]; x <= hi[0]; x++ {
					c := idx(x, y, z)
					list[fill[c]] = int32(k)
					fill[c]++
				}
			}
		}
	}
	// The other body lies between radii near[to] and radius[to][1], so a vertex
	// at radius l is at least max(near[to]-l, l-radius[to][1]) from it.
	var verts []geom.Vec3
	seen := make([]bool, len(b.m.Vertices))
	grown := box.Expand(limit)
	for _, t := range b.tris[from] {
		for _, v := range b.m.Triangles[t] {
			if seen[v] {
				continue
			}
			seen[v] = true
			p := b.m.Vertices[v]
			if l := p.Len(); b.near[to]-l < limit && l-rt[1] < limit && grown.Contains(p) {
				verts = append(verts, p)
			}
		}
	}
	workers := runtime.GOMAXPROCS(0)
	chunk := (len(verts) + workers - 1) / workers
	bests := make([]float64, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			best := best
			for _, p := range verts[min(len(verts), w*chunk):min(len(verts), (w+1)*chunk)] {
				if l := p.Len(); b.near[to]-l >= best || l-rt[1] >= best {
					continue
				}
				cx, cy, cz := cellOf(p, 0), cellOf(p, 1), cellOf(p, 2)
				reach := int(math.Ceil(best / h))
				for z := max(0, cz-reach); z <= min(n[2]-1, cz+reach); z++ {
					dz := axisDist(p.Z, box.Min.Z, h, z)
					for y := max(0, cy-reach); y <= min(n[1]-1, cy+reach); y++ {
						dy := axisDist(p.Y, box.Min.Y, h, y)
						if dz+dy >= best*best {
							continue
						}
						for x := max(0, cx-reach); x <= min(n[0]-1, cx+reach); x++ {
							c := idx(x, y, z)
							if start[c] == start[c+1] || dz+dy+axisDist(p.X, box.Min.X, h, x) >= best*best {
								continue
							}
							for _, k := range list[start[c]:start[c+1]] {
								t := &tris[k]
								if p.Sub(t.c).Len()-t.r >= best {
									continue
								}
								if d := pointTriangle(p, t.p0, t.p1, t.p2); d < best {
									best = d
								}
							}
						}
					}
				}
			}
			bests[w] = best
		}()
	}
	wg.Wait()
	for _, x := range bests {
		best = math.Min(best, x)
	}
	return best
}

// axisDist returns the squared distance along one axis from v to grid cell i of
// side h whose grid starts at o.
func axisDist(v, o, h float64, i int) float64 {
	lo := o + float64(i)*h
	switch {
	case v < lo:
		return (lo - v) * (lo - v)
	case v > lo+h:
		return (v - lo - h) * (v - lo - h)
	}
	return 0
}

// pointTriangle returns the distance from p to the triangle abc (mm), by the
// closest-point regions of the triangle: its inside, three edges, three corners.
func pointTriangle(p, a, b, c geom.Vec3) float64 {
	ab, ac, ap := b.Sub(a), c.Sub(a), p.Sub(a)
	d1, d2 := ab.Dot(ap), ac.Dot(ap)
	if d1 <= 0 && d2 <= 0 {
		return ap.Len()
	}
	bp := p.Sub(b)
	d3, d4 := ab.Dot(bp), ac.Dot(bp)
	if d3 >= 0 && d4 <= d3 {
		return bp.Len()
	}
	vc := d1*d4 - d3*d2
	if vc <= 0 && d1 >= 0 && d3 <= 0 {
		v := d1 / (d1 - d3)
		return p.Sub(a.Add(ab.Scale(v))).Len()
	}
	cp := p.Sub(c)
	d5, d6 := ab.Dot(cp), ac.Dot(cp)
	if d6 >= 0 && d5 <= d6 {
		return cp.Len()
	}
	vb := d5*d2 - d1*d6
	if vb <= 0 && d2 >= 0 && d6 <= 0 {
		w := d2 / (d2 - d6)
		return p.Sub(a.Add(ac.Scale(w))).Len()
	}
	va := d3*d6 - d5*d4
	if va <= 0 && d4-d3 >= 0 && d5-d6 >= 0 {
		w := (d4 - d3) / ((d4 - d3) + (d5 - d6))
		return p.Sub(b.Add(c.Sub(b).Scale(w))).Len()
	}
	den := 1 / (va + vb + vc)
	v, w := vb*den, vc*den
	if math.IsNaN(v) || math.IsNaN(w) { // a degenerate triangle: its edges decide
		return math.Min(segment(p, a, b), math.Min(segment(p, b, c), segment(p, c, a)))
	}
	return p.Sub(a.Add(ab.Scale(v)).Add(ac.Scale(w))).Len()
}

// segment returns the distance from p to the segment ab.
func segment(p, a, b geom.Vec3) float64 {
	ab := b.Sub(a)
	l2 := ab.Dot(ab)
	if l2 == 0 {
		return p.Sub(a).Len()
	}
	t := math.Max(0, math.Min(1, p.Sub(a).Dot(ab)/l2))
	return p.Sub(a.Add(ab.Scale(t))).Len()
}
