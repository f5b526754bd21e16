package isosurface

import (
	"math"

	"yanchu/geom"
	"yanchu/sdf"
)

// leafMesher triangulates leaf blocks. Each worker owns one and reuses its buffers.
type leafMesher struct {
	g   *grid
	p   *piece
	buf piece // reused for every task
	pts []geom.Vec3
	val []float64
	in  []uint8 // 1 where the sample is inside
	// need marks the points of the current leaf to sample, idx lists their
	// offsets in order, and batch receives their values.
	need  []bool
	idx   []int32
	batch []float64
	// vert caches the vertex made on each grid edge of the current task, indexed by
	// the edge's lower point relative to the task; gen stamps which task made it.
	vert [3][]int32
	gen  [3][]uint32
	cur  uint32
	tlo  [3]int // the current task's lowest grid point
}

// tside is the number of grid points along a task's side.
const tside = leafCells*taskLeafs + 1

// begin starts a task whose lowest grid point is lo: vertices cached for earlier
// tasks are forgotten.
func (lm *leafMesher) begin(lo [3]int) {
	lm.tlo = lo
	lm.cur++
	if lm.cur == 0 { // stamps wrapped: clear them
		for a := range lm.gen {
			clear(lm.gen[a])
		}
		lm.cur = 1
	}
}

const side = leafCells + 1

func newLeafMesher(g *grid) *leafMesher {
	n := side * side * side
	lm := &leafMesher{g: g, pts: make([]geom.Vec3, n), val: make([]float64, n), in: make([]uint8, n),
		need: make([]bool, n), idx: make([]int32, n), batch: make([]float64, n)}
	for a := range lm.vert {
		lm.vert[a] = make([]int32, tside*tside*tside)
		lm.gen[a] = make([]uint32, tside*tside*tside)
	}
	return lm
}

// cornerOffset[c] is the offset in the sample array of corner c of a cube.
var cornerOffset = [8]int{0, 1, side, side + 1, side * side, side*side + 1, side*side + side, side*side + side + 1}

// subCells is the side of the sub-blocks a leaf is split into: only sub-blocks the
// surface may cross are sampled and triangulated.
const subCells = 2

// mesh samples the block of cells [lo, hi) and appends its triangles to lm.p.
func (lm *leafMesher) mesh(s sdf.Solid, lo, hi [3]int) {
	g := lm.g
	lm.p.leaves++
	// Find the sub-blocks that may hold surface, and mark their grid points.
	const nsub = leafCells / subCells
	var active [nsub * nsub * nsub]bool
	need := lm.need
	clear(need)
	r := float64(subCells) * g.h * math.Sqrt(3) / 2
	limit := s.Slope()*r*(1+1e-9) + 1e-12
	nact := 0
	for sk := 0; sk < nsub; sk++ {
		for sj := 0; sj < nsub; sj++ {
			for si := 0; si < nsub; si++ {
				c0 := [3]int{si * subCells, sj * subCells, sk * subCells}
				if lo[0]+c0[0] >= hi[0] || lo[1]+c0[1] >= hi[1] || lo[2]+c0[2] >= hi[2] {
					continue
				}
				c := g.point(lo[0]+c0[0], lo[1]+c0[1], lo[2]+c0[2])
				half := float64(subCells) * g.h / 2
				c.X, c.Y, c.Z = c.X+half, c.Y+half, c.Z+half
				if math.Abs(s.At(c)) > limit {
					continue
				}
				active[(sk*nsub+sj)*nsub+si] = true
				nact++
				for k := c0[2]; k <= min(c0[2]+subCells, hi[2]-lo[2]); k++ {
					for j := c0[1]; j <= min(c0[1]+subCells, hi[1]-lo[1]); j++ {
						for i := c0[0]; i <= min(c0[0]+subCells, hi[0]-lo[0]); i++ {
							need[(k*side+j)*side+i] = true
						}
					}
				}
			}
		}
	}
	if nact == 0 {
		return
	}
	// Sample the marked points in one batch, in a fixed order.
	pts, idx := lm.pts[:0], lm.idx[:0]
	for o, ok := range need {
		if ok {
			i, j, k := o%side, o/side%side, o/(side*side)
			pts = append(pts, g.point(lo[0]+i, lo[1]+j, lo[2]+k))
			idx = append(idx, int32(o))
		}
	}
	lm.idx = idx
	n := len(pts)
	vals := lm.batch[:n]
	s.Eval(pts, vals)
	lm.p.samples += n
	val, in := lm.val, lm.in
	onRim := lo[0] == 0 || lo[1] == 0 || lo[2] == 0 || hi[0] == g.n[0] || hi[1] == g.n[1] || hi[2] == g.n[2]
	for q, o := range idx {
		v := vals[q]
		if onRim {
			// The grid's rim is outside by construction; force it, so every mesh closes
			// even if a solid's bounds were wrong.
			i, j, k := lo[0]+int(o)%side, lo[1]+int(o)/side%side, lo[2]+int(o)/(side*side)
			if (!g.mirror && (i == 0 || j == 0 || k == 0) || i == g.n[0] || j == g.n[1] || k == g.n[2]) && !(v > 0) {
				v = g.h
			}
		}
		val[o] = v
		if v < 0 {
			in[o] = 1
		} else {
			in[o] = 0
		}
	}
	var ev [12]int32
	for sb, ok := range active {
		if !ok {
			continue
		}
		si, sj, sk := sb%nsub*subCells, sb/nsub%nsub*subCells, sb/(nsub*nsub)*subCells
		for k := sk; k < min(sk+subCells, hi[2]-lo[2]); k++ {
			for j := sj; j < min(sj+subCells, hi[1]-lo[1]); j++ {
				for i := si; i < min(si+subCells, hi[0]-lo[0]); i++ {
					o := (k*side+j)*side + i
					c := int(in[o]) | int(in[o+1])<<1 | int(in[o+side])<<2 | int(in[o+side+1])<<3 |
						int(in[o+side*side])<<4 | int(in[o+side*side+1])<<5 |
						int(in[o+side*side+side])<<6 | int(in[o+side*side+side+1])<<7
					if c == 0 || c == 255 {
						continue
					}
					tt := triTable[c]
					for e := 0; e < 12; e++ {
						ev[e] = -1
					}
					for q := 0; q < len(tt); q += 3 {
						var tri [3]uint32
						for r := 0; r < 3; r++ {
							e := tt[q+r]
							if ev[e] < 0 {
								ev[e] = lm.vertex(o, int(e), lo, i, j, k)
							}
							tri[r] = uint32(ev[e])
						}
						lm.p.tris = append(lm.p.tris, tri)
					}
				}
			}
		}
	}
}

// normal returns the unit gradient, at the point u along edge e, of the trilinear
// interpolation of the samples of the cube whose lowest sample is at offset o: a
// surface normal from values already computed.
func (lm *leafMesher) normal(o, e int, u float64) geom.Vec3 {
	c0, c1 := edgeCorners[e][0], edgeCorners[e][1]
	f := func(c int) float64 { return lm.val[o+cornerOffset[c]] }
	var g [3]float64
	a := e / 4
	for b := 0; b < 3; b++ {
		if b == a {
			g[b] = f(c1) - f(c0)
			continue
		}
		bit := 1 << b
		d0 := f(c0|bit) - f(c0&^bit)
		d1 := f(c1|bit) - f(c1&^bit)
		g[b] = (1-u)*d0 + u*d1
	}
	return geom.Vec3{X: g[0], Y: g[1], Z: g[2]}.Unit()
}

// vertex returns the local index of the vertex on edge e of the cube whose lowest
// sample is at offset o (cell i, j, k of the block at lo), making it on first use.
func (lm *leafMesher) vertex(o, e int, lo [3]int, i, j, k int) int32 {
	c0 := edgeCorners[e][0]
	a := e / 4
	// Grid coordinates of the edge's lower point, and its place in the task.
	gi, gj, gk := lo[0]+i+c0&1, lo[1]+j+c0>>1&1, lo[2]+k+c0>>2&1
	t := [3]int{gi - lm.tlo[0], gj - lm.tlo[1], gk - lm.tlo[2]}
	slot := (t[2]*tside+t[1])*tside + t[0]
	if lm.gen[a][slot] == lm.cur {
		return lm.vert[a][slot]
	}
	s0 := o + cornerOffset[c0]
	s1 := s0 + [3]int{1, side, side * side}[a]
	f0, f1 := lm.val[s0], lm.val[s1]
	u := f0 / (f0 - f1)
	if u < clampT {
		u = clampT
	} else if u > 1-clampT {
		u = 1 - clampT
	}
	p := lm.g.point(gi, gj, gk)
	switch a {
	case 0:
		p.X += u * lm.g.h
	case 1:
		p.Y += u * lm.g.h
	default:
		p.Z += u * lm.g.h
	}
	idx := int32(len(lm.p.verts))
	lm.p.verts = append(lm.p.verts, p)
	if lm.g.tol > 0 {
		lm.p.norms = append(lm.p.norms, lm.normal(o, e, u))
	}
	lm.gen[a][slot] = lm.cur
	lm.vert[a][slot] = idx
	// An edge on the task's rim is shared with a neighbouring task.
	key := uint64(interior)
	for b := 0; b < 3; b++ {
		if b != a && (t[b] == 0 || t[b] == tside-1) {
			key = lm.g.key(gi, gj, gk, a)
			break
		}
	}
	lm.p.keys = append(lm.p.keys, key)
	return idx
}
