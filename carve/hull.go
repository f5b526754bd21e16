package carve

import (
	"context"
	"encoding/binary"
	"hash/crc32"
	"math"

	"yanchu/geom"
)

// The hull is the intersection of the cones of rays through each frame's
// silhouette. Its field at a point is the largest over the frames of the
// signed distance from the point's image to the silhouette's outline
// (pixels), times the point's depth over the focal length: the distance to
// that frame's cone, near its surface. The field is sampled on a grid, within
// a band of the surface; beyond the band it is only known to be beyond it.
//
// The grid is filled by descending an octree of blocks of its points. At a
// block's centre every frame still in play is asked for its distance, and
// each answer bounds the frame's field over the block (see bound). A frame
// that puts the whole block beyond the band outside settles it; a frame that
// puts it beyond the band inside can no longer decide the largest and drops
// out for the block's children. So near the surface a point asks only the
// few frames whose outline passes near it, and space far from it is never
// sampled.

// carver samples the hull's field.
type carver struct {
	views []view
	sd    []*sdf2
	lip   float64 // the slope of a frame's pixel distance over the picture, with the projection's stretch
	band  float64 // the field is clamped to ±band (world units)
}

// grid holds field values at points origin + cell·(i, j, k).
type grid struct {
	origin geom.Vec3
	cell   float64
	n      [3]int // points along each axis
	v      []float32
}

func newGrid(origin geom.Vec3, cell float64, n [3]int) *grid {
	return &grid{origin: origin, cell: cell, n: n, v: make([]float32, n[0]*n[1]*n[2])}
}

func (g *grid) index(i, j, k int) int { return (k*g.n[1]+j)*g.n[0] + i }

func (g *grid) point(i, j, k int) geom.Vec3 {
	return g.origin.Add(geom.V(float64(i), float64(j), float64(k)).Scale(g.cell))
}

// frameDist returns frame k's field at p (world units), the signed pixel
// distance there and p's depth; a point too near or behind the camera is far
// outside.
func (c *carver) frameDist(k int, p geom.Vec3) (d, s, depth float64) {
	v := &c.views[k]
	x, y, depth := v.project(p)
	if depth < nearest {
		return math.Inf(1), math.Inf(1), depth
	}
	s = c.sd[k].at(x, y)
	return s * depth / v.f, s, depth
}

// bound returns how far frame k's field can change within r of a point of
// depth depth where the pixel distance is s: the pixel distance changes by at
// most lip·f·r/(depth-r) and the depth by r.
func (c *carver) bound(k int, r, s, depth float64) float64 {
	if depth-r < nearest {
		return math.Inf(1)
	}
	return c.lip*r*(depth+r)/(depth-r) + math.Abs(s)*r/c.views[k].f
}

// fill samples the field over g, clamped to ±c.band.
func (c *carver) fill(ctx context.Context, g *grid, workers int) error {
	const task = 16 // points along a task's side
	var tasks [][2][3]int
	for k := 0; k < g.n[2]; k += task {
		for j := 0; j < g.n[1]; j += task {
			for i := 0; i < g.n[0]; i += task {
				lo := [3]int{i, j, k}
				hi := [3]int{min(i+task, g.n[0]), min(j+task, g.n[1]), min(k+task, g.n[2])}
				tasks = append(tasks, [2][3]int{lo, hi})
			}
		}
	}
	all := make([]int32, len(c.views))
	for k := range all {
		all[k] = int32(k)
	}
	return parallel(ctx, len(tasks), workers, func(t int) {
		var scratch [][]int32
		c.block(g, tasks[t][0], tasks[t][1], all, 0, &scratch)
	})
}

// block samples the field over the points [lo, hi) of g, asking only the
// frames in active; scratch holds the frames kept at each depth.
func (c *carver) block(g *grid, lo, hi [3]int, active []int32, depth int, scratch *[][]int32) {
	ext := [3]int{hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]}
	if ext[0]*ext[1]*ext[2] <= 8 {
		c.points(g, lo, hi, active)
		return
	}
	mid := geom.V(float64(lo[0]+hi[0]-1), float64(lo[1]+hi[1]-1), float64(lo[2]+hi[2]-1)).Scale(0.5 * g.cell).Add(g.origin)
	r := 0.5 * g.cell * math.Sqrt(float64((ext[0]-1)*(ext[0]-1)+(ext[1]-1)*(ext[1]-1)+(ext[2]-1)*(ext[2]-1)))
	for len(*scratch) <= depth {
		*scratch = append(*scratch, make([]int32, 0, len(c.views)))
	}
	kept := (*scratch)[depth][:0]
	for _, k := range active {
		d, s, z := c.frameDist(int(k), mid)
		b := c.bound(int(k), r, s, z)
		if d-b >= c.band {
			c.set(g, lo, hi, c.band)
			return
		}
		if d+b > -c.band {
			kept = append(kept, k)
		}
	}
	(*scratch)[depth] = kept
	if len(kept) == 0 {
		c.set(g, lo, hi, -c.band)
		return
	}
	var cut [3][3]int // per axis: lo, mid, hi
	for a := range 3 {
		cut[a] = [3]int{lo[a], (lo[a] + hi[a]) / 2, hi[a]}
		if ext[a] < 2 {
			cut[a][1] = hi[a]
		}
	}
	for z := range 2 {
		for y := range 2 {
			for x := range 2 {
				l := [3]int{cut[0][x], cut[1][y], cut[2][z]}
				h := [3]int{cut[0][x+1], cut[1][y+1], cut[2][z+1]}
				if l[0] < h[0] && l[1] < h[1] && l[2] < h[2] {
					c.block(g, l, h, kept, depth+1, scratch)
				}
			}
		}
	}
}

// points samples the field at each point of [lo, hi) from the frames in
// active.
func (c *carver) points(g *grid, lo, hi [3]int, active []int32) {
	for k := lo[2]; k < hi[2]; k++ {
		for j := lo[1]; j < hi[1]; j++ {
			for i := lo[0]; i < hi[0]; i++ {
				g.v[g.index(i, j, k)] = float32(c.point(g.point(i, j, k), active))
			}
		}
	}
}

// point returns the field at p from the frames in active, clamped to the
// band.
func (c *carver) point(p geom.Vec3, active []int32) float64 {
	f := -c.band
	for _, v := range active {
		if d, _, _ := c.frameDist(int(v), p); d > f {
			if f = d; f >= c.band {
				return c.band
			}
		}
	}
	return f
}

// set gives the points [lo, hi) of g the value v.
func (c *carver) set(g *grid, lo, hi [3]int, v float64) {
	for k := lo[2]; k < hi[2]; k++ {
		for j := lo[1]; j < hi[1]; j++ {
			row := g.index(lo[0], j, k)
			for i := range hi[0] - lo[0] {
				g.v[row+i] = float32(v)
			}
		}
	}
}

// inside returns the box of the points of g where the field is below v, and
// whether there are any.
func (g *grid) inside(v float32) (lo, hi [3]int, any bool) {
	lo = g.n
	for k := range g.n[2] {
		for j := range g.n[1] {
			for i := range g.n[0] {
				if g.v[g.index(i, j, k)] < v {
					p := [3]int{i, j, k}
					for a := range 3 {
						lo[a], hi[a] = min(lo[a], p[a]), max(hi[a], p[a]+1)
					}
					any = true
				}
			}
		}
	}
	return lo, hi, any
}

// across returns the least and greatest x and y (world units) where the
// field crosses zero along the grid's lines in x and y, on its levels from
// zlo to zhi: the box across of the surface the grid interpolates.
func (g *grid) across(zlo, zhi float64) (lo, hi [2]float64) {
	lo = [2]float64{math.Inf(1), math.Inf(1)}
	hi = [2]float64{math.Inf(-1), math.Inf(-1)}
	for k := range g.n[2] {
		if z := g.origin.Z + float64(k)*g.cell; z < zlo || z > zhi {
			continue
		}
		for j := range g.n[1] {
			for i := range g.n[0] {
				a := g.v[g.index(i, j, k)]
				for ax, next := range [2][3]int{{i + 1, j, k}, {i, j + 1, k}} {
					if at := [2]int{i, j}[ax]; at == 0 && a <= 0 {
						lo[ax] = -2 // inside at the rim, as at the other end
					}
					if next[ax] >= g.n[ax] {
						if a <= 0 { // inside at the rim: the solid's bounds end two cells on
							c := [2]float64{float64(i), float64(j)}[ax] + 2
							lo[ax], hi[ax] = math.Min(lo[ax], c), math.Max(hi[ax], c)
						}
						continue
					}
					b := g.v[g.index(next[0], next[1], next[2])]
					if (a <= 0) == (b <= 0) {
						if a <= 0 { // inside up to the grid's rim
							c := [2]float64{float64(i), float64(j)}[ax]
							lo[ax], hi[ax] = math.Min(lo[ax], c), math.Max(hi[ax], c)
						}
						continue
					}
					c := [2]float64{float64(i), float64(j)}[ax] + float64(a/(a-b))
					lo[ax], hi[ax] = math.Min(lo[ax], c), math.Max(hi[ax], c)
				}
			}
		}
	}
	o := [2]float64{g.origin.X, g.origin.Y}
	for ax := range 2 {
		lo[ax], hi[ax] = o[ax]+lo[ax]*g.cell, o[ax]+hi[ax]*g.cell
	}
	return lo, hi
}

// at returns the field at p by trilinear interpolation, and outside the grid
// the value at the nearest point of its rim (every rim value is the band's).
func (g *grid) at(p geom.Vec3) float64 {
	q := p.Sub(g.origin).Scale(1 / g.cell)
	u := [3]float64{q.X, q.Y, q.Z}
	var i [3]int
	var f [3]float64
	for a := range 3 {
		t := math.Max(0, math.Min(float64(g.n[a]-1), u[a]))
		i[a] = min(int(t), g.n[a]-2)
		f[a] = t - float64(i[a])
	}
	p0 := g.index(i[0], i[1], i[2])
	sx, sy, sz := 1, g.n[0], g.n[0]*g.n[1]
	c := func(o int) float64 { return float64(g.v[p0+o]) }
	x00 := c(0) + (c(sx)-c(0))*f[0]
	x10 := c(sy) + (c(sy+sx)-c(sy))*f[0]
	x01 := c(sz) + (c(sz+sx)-c(sz))*f[0]
	x11 := c(sz+sy) + (c(sz+sy+sx)-c(sz+sy))*f[0]
	y0 := x00 + (x10-x00)*f[1]
	y1 := x01 + (x11-x01)*f[1]
	return y0 + (y1-y0)*f[2]
}

// checksum returns the CRC-32 of the grid's values, so the solid's name tells
// one hull from another.
func (g *grid) checksum() uint32 {
	var sum uint32
	buf := make([]byte, 0, 4096)
	for i, v := range g.v {
		buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(v))
		if len(buf) == cap(buf) || i == len(g.v)-1 {
			sum = crc32.Update(sum, crc32.IEEETable, buf)
			buf = buf[:0]
		}
	}
	return sum
}
