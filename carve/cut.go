package carve

import (
	"context"
	"math"
	"slices"

	"yanchu/geom"
)

// A hull carved from one circle of views overstates the object above and
// below. Over a flat top seen from above, every silhouette's top edge is
// the top's far rim, and the rays through it meet in a cone over the top (a
// roof as high as the top is wide times the tangent of the pitch); under a
// flat base the rays through the near rim meet in a cone hanging below it.
// But where a silhouette's edge touches the object, the object is: along a
// ray just inside the highest part of a frame's outline, the lowest point it
// shares with the hull is on the wall below the top's far rim (seen from
// above), and along a ray just inside the lowest part, the highest point is
// on the wall above the base's near rim. Moved back along the wall to the
// outline, these give the rim's height in each frame; the median over the
// frames is where the hull is cut flat. The rays pass a pixel and a half
// inside the outline because a ray closer in can slip past the rim, whose
// corner the silhouettes' blur rounds by about a pixel, and touch the hull
// only far along its cone.
//
// A round top is different: the ray meets it along a chord, not a wall, and
// its hull's cone rises past the top. Its cut is where the cross-sections of
// the hull below the contact, which shrink as a sphere's do, close (roundEnd).

// cuts returns the heights (world units) to cut the hull at: the base and the
// top.
func cuts(ctx context.Context, g *grid, r rig, s *silhouettes, workers int) (bottom, top float64, ok bool) {
	lo, hi, any := g.inside(0)
	if !any {
		return 0, 0, false
	}
	box := geom.Box{Min: g.point(lo[0], lo[1], lo[2]), Max: g.point(hi[0]-1, hi[1]-1, hi[2]-1)}.Expand(g.cell)
	step := max(1, len(s.masks)/36)
	var frames []int
	for i := 0; i < len(s.masks); i += step {
		frames = append(frames, i)
	}
	topZ := make([]float64, len(frames))
	botZ := make([]float64, len(frames))
	err := parallel(ctx, len(frames), workers, func(fi int) {
		k := frames[fi]
		v := r.view(k)
		m := s.masks[k]
		// The topmost and bottommost pixel of each column.
		tops, bots := make([]int, s.w), make([]int, s.w)
		ymin, ymax := s.h, -1
		for x := range s.w {
			tops[x], bots[x] = -1, -1
			for y := range s.h {
				if m[y*s.w+x] != 0 {
					if tops[x] < 0 {
						tops[x] = y
					}
					bots[x] = y
				}
			}
		}
		// A spike of one or two columns is noise: the outline is filtered by
		// the median of five columns before its extremes are taken.
		tops, bots = median5(tops), median5(bots)
		for x := range s.w {
			if tops[x] >= 0 {
				ymin, ymax = min(ymin, tops[x]), max(ymax, bots[x])
			}
		}
		topZ[fi], botZ[fi] = math.Inf(1), math.Inf(-1)
		if ymax < 0 {
			return
		}
		// The columns whose outline is highest, or next highest when their
		// rays miss the hull (a speck the other frames carved away): the
		// median of their rays' contacts, so a ray that aliasing lets pass
		// by a corner of the object does not decide. The rays pass just
		// inside the outline, at the pixels' edge.
		var zs []float64
		for y := ymin; y <= ymin+3 && len(zs) == 0; y++ {
			for x := range s.w {
				if tops[x] == y {
					if zlo, depth, _, _, hit := contact(g, box, v, float64(x)+0.5, float64(y)+inset); hit {
						zs = append(zs, zlo+wallShift(v, x, y, depth))
					}
				}
			}
		}
		if len(zs) > 0 {
			topZ[fi] = median(zs)
		}
		zs = zs[:0]
		for y := ymax; y >= ymax-3 && len(zs) == 0; y-- {
			for x := range s.w {
				if bots[x] == y {
					if _, _, zhi, depth, hit := contact(g, box, v, float64(x)+0.5, float64(y+1)-inset); hit {
						zs = append(zs, zhi-wallShift(v, x, y, depth))
					}
				}
			}
		}
		if len(zs) > 0 {
			botZ[fi] = median(zs)
		}
	})
	if err != nil {
		return 0, 0, false
	}
	var ts, bs []float64
	for i := range frames {
		if !math.IsInf(topZ[i], 0) && !math.IsInf(botZ[i], 0) {
			ts, bs = append(ts, topZ[i]), append(bs, botZ[i])
		}
	}
	if len(ts) == 0 {
		return 0, 0, false
	}
	bottom, top = median(bs), median(ts)
	return bottom, top, top > bottom
}

// inset is how far inside the outline the rays of cuts pass (pixels).
const inset = 1.5

// wallShift returns how far (world units, up or down the wall) a ray inset
// pixels inside the outline at column x, row y meets a vertical wall from its
// rim, at the depth given: the rays are inset·depth/f apart across, and cross
// the wall at the ray's angle to the horizontal.
func wallShift(v view, x, y int, depth float64) float64 {
	d := v.ray(float64(x)+0.5, float64(y)+0.5)
	return inset * depth / v.f / math.Sqrt(math.Max(1e-6, 1-d.Z*d.Z))
}

// contact returns the lowest and highest heights at which the ray of view v
// through picture position (x, y) is inside the hull, sampled every half
// cell within box, and the depths (along v's axis) of those points.
func contact(g *grid, box geom.Box, v view, x, y float64) (zlo, dlo, zhi, dhi float64, hit bool) {
	d := v.ray(x, y)
	t0, t1, ok := clipRay(v.eye, d, box)
	if !ok {
		return 0, 0, 0, 0, false
	}
	zlo, zhi = math.Inf(1), math.Inf(-1)
	dt := g.cell / 2
	for t := t0; t <= t1; t += dt {
		p := v.eye.Add(d.Scale(t))
		if g.at(p) < 0 {
			depth := t * d.Dot(v.fwd)
			if p.Z < zlo {
				zlo, dlo = p.Z, depth
			}
			if p.Z > zhi {
				zhi, dhi = p.Z, depth
			}
			hit = true
		}
	}
	return zlo, dlo, zhi, dhi, hit
}

// clipRay returns the span of t over which o + t·d lies in box.
func clipRay(o, d geom.Vec3, box geom.Box) (t0, t1 float64, ok bool) {
	t0, t1 = 0, math.Inf(1)
	for a := range 3 {
		oa, da := o.Comp(a), d.Comp(a)
		lo, hi := box.Min.Comp(a), box.Max.Comp(a)
		if math.Abs(da) < 1e-12 {
			if oa < lo || oa > hi {
				return 0, 0, false
			}
			continue
		}
		ta, tb := (lo-oa)/da, (hi-oa)/da
		if ta > tb {
			ta, tb = tb, ta
		}
		t0, t1 = math.Max(t0, ta), math.Min(t1, tb)
	}
	return t0, t1, t0 <= t1
}

// cutHeights returns the heights (world units) to cut the hull at: the base
// and the top. A flat base or top is cut where the silhouettes show its rim
// (see cuts). A round one is cut where the hull's profile next to that
// closes (see roundEnd). Under a flat base the hull hangs on in a cone as
// deep as a good part of the base's radius; under a round one it ends just
// below the rim. A top is flat when the union shows its rim's ellipse.
func cutHeights(ctx context.Context, g *grid, r rig, s *silhouettes, topArc arc, workers int) (bottom, top float64, ok bool) {
	bottom, top, ok = cuts(ctx, g, r, s, workers)
	if !ok {
		return 0, 0, false
	}
	lo, hi, _ := g.inside(0)
	areas := g.areas()
	hullBottom := g.point(0, 0, lo[2]).Z
	k := min(g.n[2]-1, max(0, int(math.Round((bottom-g.origin.Z)/g.cell))))
	if bottom-hullBottom < 0.25*math.Sqrt(areas[k]/math.Pi) {
		if z, ok := roundEnd(g, areas, bottom, false); ok && z >= hullBottom {
			bottom = z
		}
	}
	if _, flat := arcPitch(topArc, r.f, r.cy, false); !flat {
		if z, ok := roundEnd(g, areas, top, true); ok && z <= g.point(0, 0, hi[2]-1).Z {
			top = z
		}
	}
	return bottom, top, top > bottom
}

// roundEnd returns where a round top (top) or base ends: the hull's
// cross-section's area below the contact height z, over a tenth of its
// height, is fitted by a + b·z + c·z² (a sphere's exactly) and followed to
// nothing. It reports false when the profile does not close.
func roundEnd(g *grid, areas []float64, z float64, top bool) (float64, bool) {
	lo, hi, any := g.inside(0)
	if !any {
		return 0, false
	}
	height := float64(hi[2]-lo[2]) * g.cell
	var m [3][4]float64
	n := 0
	for k := range g.n[2] {
		zk := g.origin.Z + float64(k)*g.cell
		off := z - zk
		if !top {
			off = zk - z
		}
		if off < 0 || off > height/10 || areas[k] == 0 {
			continue
		}
		row := [3]float64{1, zk, zk * zk}
		r2 := areas[k]
		for i := range 3 {
			for j := range 3 {
				m[i][j] += row[i] * row[j]
			}
			m[i][3] += row[i] * r2
		}
		n++
	}
	if n < 5 {
		return 0, false
	}
	sol, ok := solve3(m)
	a, b, c := sol[0], sol[1], sol[2]
	if !ok || !(c < 0) {
		return 0, false
	}
	disc := b*b - 4*a*c
	if disc < 0 {
		return 0, false
	}
	// c < 0: the larger root is -(b + sqrt)/2c... the roots bracket the
	// part where R² > 0.
	r1, r2 := (-b+math.Sqrt(disc))/(2*c), (-b-math.Sqrt(disc))/(2*c)
	end := math.Max(r1, r2)
	if !top {
		end = math.Min(r1, r2)
	}
	if top && end < z || !top && end > z || math.Abs(end-z) > height/4 {
		return 0, false
	}
	return end, true
}

// areas returns the area of the hull's cross-section at each height of the
// grid (world units²).
func (g *grid) areas() []float64 {
	out := make([]float64, g.n[2])
	for k := range g.n[2] {
		n := 0
		for _, v := range g.v[g.index(0, 0, k):g.index(0, 0, k+1)] {
			if v < 0 {
				n++
			}
		}
		out[k] = float64(n) * g.cell * g.cell
	}
	return out
}

// median5 returns the outline ys filtered by the median of each five
// columns; columns with no outline (-1) stay without, and are left out of
// their neighbours' medians.
func median5(ys []int) []int {
	out := make([]int, len(ys))
	var w []int
	for x := range ys {
		out[x] = ys[x]
		if ys[x] < 0 {
			continue
		}
		w = w[:0]
		for i := max(0, x-2); i <= min(len(ys)-1, x+2); i++ {
			if ys[i] >= 0 {
				w = append(w, ys[i])
			}
		}
		slices.Sort(w)
		out[x] = w[len(w)/2]
	}
	return out
}
