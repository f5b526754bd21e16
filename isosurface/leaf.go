package isosurface

import (
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
	lm := &leafMesher{g: g, pts: make([]geom.Vec3, n), val: make([]float64, n), in: make([]uint8, n)}
	for a := range lm.vert {
		lm.vert[a] = make([]int32, tside*tside*tside)
		lm.gen[a] = make([]uint32, tside*tside*tside)
	}
	return lm
}

// cornerOffset[c] is the offset in the sample array of corner c of a cube.
var cornerOffset = [8]int{0, 1, side, side + 1, side * side, side*side + 1, side*side + side, side*side + side + 1}

// mesh samples the block of cells [lo, hi) and appends its triangles to lm.p.
func (lm *leafMesher) mesh(s sdf.Solid, lo, hi [3]int) {
	g := lm.g
	nx, ny, nz := hi[0]-lo[0], hi[1]-lo[1], hi[2]-lo[2]
	// Sample the (nx+1)(ny+1)(nz+1) points, stored with stride side.
	pts := lm.pts[:0]
	for k := 0; k <= nz; k++ {
		for j := 0; j <= ny; j++ {
			for i := 0; i <= nx; i++ {
				pts = append(pts, g.point(lo[0]+i, lo[1]+j, lo[2]+k))
			}
		}
	}
	n := len(pts)
	s.Eval(pts, lm.val[:n])
	lm.p.samples += n
	lm.p.leaves++
	// Spread into the fixed-stride layout, forcing the grid's rim outside.
	val := lm.val
	if nx != leafCells || ny != leafCells || nz != leafCells {
		tmp := make([]float64, n)
		copy(tmp, val[:n])
		idx := 0
		for k := 0; k <= nz; k++ {
			for j := 0; j <= ny; j++ {
				for i := 0; i <= nx; i++ {
					val[(k*side+j)*side+i] = tmp[idx]
					idx++
				}
			}
		}
	}
	onRim := lo[0] == 0 || lo[1] == 0 || lo[2] == 0 || hi[0] == g.n[0] || hi[1] == g.n[1] || hi[2] == g.n[2]
	any := false
	for k := 0; k <= nz; k++ {
		for j := 0; j <= ny; j++ {
			for i := 0; i <= nx; i++ {
				o := (k*side+j)*side + i
				if onRim {
					gi, gj, gk := lo[0]+i, lo[1]+j, lo[2]+k
					if (gi == 0 || gj == 0 || gk == 0 || gi == g.n[0] || gj == g.n[1] || gk == g.n[2]) && !(val[o] > 0) {
						val[o] = g.h
					}
				}
				if val[o] < 0 {
					lm.in[o] = 1
					any = true
				} else {
					lm.in[o] = 0
				}
			}
		}
	}
	if !any {
		return
	}
	in := lm.in
	var ev [12]int32
	for k := 0; k < nz; k++ {
		for j := 0; j < ny; j++ {
			for i := 0; i < nx; i++ {
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
