// Package isosurface turns a solid into a closed, 2-manifold, outward-facing
// indexed triangle mesh.
//
// The grid covers the solid's bounds with at least one cell to spare on every
// side, so every sample on its rim is outside and every surface closes. Space is
// visited as an octree of blocks. A block whose centre value exceeds the field's
// slope times its half-diagonal holds no surface and is never sampled; elsewhere the
// solid is pruned to what matters in the block (sdf.Solid.Prune), and at the leaves
// the block's grid points are evaluated in one batch and triangulated by marching
// cubes (see table.go). Blocks are meshed in parallel and merged in a fixed order, so
// the mesh is the same, byte for byte, for any number of workers.
package isosurface

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sync"

	"yanchu/geom"
	"yanchu/mesh"
	"yanchu/sdf"
)

const (
	leafCells = 8 // cells along a leaf block's side
	taskLeafs = 4 // leaf blocks along a task's side
	// MaxCellsPerAxis is the most grid cells along any axis the mesher accepts.
	MaxCellsPerAxis = 1 << 14
	// clampT keeps every vertex this fraction of a cell away from the grid points, so
	// no triangle degenerates when a sample lands on the surface.
	clampT = 1.0 / 128
)

// Mesher meshes solids on a uniform grid. Set either Cell or Cells.
type Mesher struct {
	// Cell is the grid spacing (mm).
	Cell float64
	// Cells is the number of cells along the longest side of the solid's bounds,
	// used when Cell is 0.
	Cells int
	// Workers is the number of goroutines meshing blocks; 0 means one more than
	// GOMAXPROCS, since the goroutine merging the blocks in order leaves gaps an
	// extra worker fills (the 8-layer ball: 1.25 s with two workers on two cores,
	// 1.20 s with three).
	Workers int
	// Tolerance, when positive, makes the mesh lean: the fine mesh of each block is
	// simplified as it is made, keeping within Tolerance (mm) of the surface, and
	// then the seams between blocks are simplified too (see package simplify).
	Tolerance float64
	// Progress, when set, is called from one goroutine with the work done and the
	// total, in arbitrary units, as the mesh forms.
	Progress func(done, total int)
	// Mirror says the solid is symmetric under reflection in each coordinate plane
	// through the origin. Only the octant x, y, z >= 0 is meshed; its mesh ends
	// open on the three planes, with every vertex there exactly on them, and is
	// reflected into the other seven, which close it. A lean mesh is simplified
	// across the planes once the octants are joined. It does a quarter of the
	// work of meshing the whole, or less.
	Mirror bool
	// Blunt leaves a lean mesh's creases as the grid cut them. Sharpening (see
	// package sharpen) checks that no triangles cross, but a crease made sharp
	// next to a sliver that the grid split from a thin edge could swallow it, and
	// the whole mesh then fails validation: mesh again with Blunt.
	Blunt bool
}

// Result is a mesh with what the mesher learned making it.
type Result struct {
	Mesh *mesh.Mesh
	// Cell is the grid spacing used (mm).
	Cell float64
	// Grid is the number of cells along X, Y and Z.
	Grid [3]int
	// Samples is the number of field values computed, and Leaves the number of
	// leaf blocks meshed: both show how much space pruning skipped.
	Samples, Leaves int
	// Warnings name what the mesh may have lost, such as a feature thinner than a cell.
	Warnings []string
	// Fine is the number of triangles of the uniform mesh, before a lean mesh was
	// made from it; 0 when the mesh is uniform.
	Fine int
	// Deviation is the largest distance from the surface measured on a lean mesh
	// (mm), at every vertex, edge midpoint and centroid; 0 when the mesh is uniform.
	Deviation float64
	// Over is the share of those points that lie farther than the tolerance: a
	// few places the grid cut that could not be made sharp (see package sharpen).
	Over float64
	// Creases is the number of points a lean mesh gained on the solid's sharp
	// edges, where the grid had cut across them.
	Creases int
	// Surfaces, for a uniform mesh, names the connected surface of every vertex as
	// the mesher joined them (see mesh.Closed, which takes them with the mesh's
	// soundness on trust); nil for a lean mesh, whose simplifying is checked by
	// mesh.Analyze instead.
	Surfaces []int32
}

// CellFor returns the grid spacing giving n cells along the longest side of b.
func CellFor(b geom.Box, n int) float64 { return b.Size().MaxComp() / float64(n) }

// Mesh meshes s. It fails for an unbounded solid, a bad cell size or a grid over
// MaxCellsPerAxis, and when ctx is cancelled.
func (m Mesher) Mesh(ctx context.Context, s sdf.Solid) (*Result, error) {
	if s.Bounds().Empty() {
		return &Result{Mesh: &mesh.Mesh{}}, nil
	}
	g, err := m.grid(s.Bounds())
	if err != nil {
		return nil, err
	}
	h := g.h
	if m.Tolerance < 0 || math.IsNaN(m.Tolerance) {
		return nil, fmt.Errorf("isosurface: tolerance must be >= 0, got %g", m.Tolerance)
	}
	g.tol, g.blunt = m.Tolerance, m.Blunt
	res, err := g.run(ctx, s, m.workers(), m.Progress)
	if err != nil {
		return nil, err
	}
	if f, what := s.Feature(); f < h {
		res.Warnings = append(res.Warnings, fmt.Sprintf(
			"the smallest feature, %s of %.3g mm, is thinner than the %.3g mm cell: it may be lost or broken up; use a cell of %.3g mm or less",
			what, f, h, f/2))
	}
	return res, nil
}

// grid returns the grid the mesher lays over bounds b (not empty), or an
// error for unbounded bounds, a bad cell size or a grid over MaxCellsPerAxis.
func (m Mesher) grid(b geom.Box) (*grid, error) {
	for _, x := range []float64{b.Min.X, b.Min.Y, b.Min.Z, b.Max.X, b.Max.Y, b.Max.Z} {
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return nil, fmt.Errorf("isosurface: the solid is unbounded (%v); intersect it with a box", b)
		}
	}
	h := m.Cell
	if h == 0 {
		if m.Cells <= 0 {
			return nil, fmt.Errorf("isosurface: set a cell size or a number of cells")
		}
		h = CellFor(b, m.Cells)
	}
	if !(h > 0) || math.IsInf(h, 0) {
		return nil, fmt.Errorf("isosurface: cell size must be > 0, got %g", h)
	}
	g := newGrid(b, h)
	if m.Mirror {
		g = newOctantGrid(b, h)
	}
	for _, n := range g.n {
		if n > MaxCellsPerAxis {
			return nil, fmt.Errorf("isosurface: %d cells along an axis is over the limit of %d; use a cell of at least %.3g mm",
				n, MaxCellsPerAxis, b.Size().MaxComp()/float64(MaxCellsPerAxis-4))
		}
	}
	return g, nil
}

func (m Mesher) workers() int {
	if m.Workers > 0 {
		return m.Workers
	}
	return runtime.GOMAXPROCS(0) + 1
}

// grid is the sampling lattice: point (i, j, k) sits at origin + (i, j, k)·h for
// 0 <= i <= n[0] and so on.
type grid struct {
	origin geom.Vec3
	h      float64
	n      [3]int // cells per axis
	tasks  [3]int // tasks per axis
	tol    float64
	blunt  bool // leave creases as cut
	// mirror: the grid covers the octant x, y, z >= 0 from the origin, and the
	// mesh is reflected into the other octants.
	mirror bool
	// solids holds each task's pruned solid and leaves each leaf block's that may
	// hold surface, by leafIndex, for checking and measuring a lean mesh.
	solids []sdf.Solid
	leaves []sdf.Solid
}

// leafSolid is the solid pruned to one leaf block.
type leafSolid struct {
	index int
	solid sdf.Solid
}

// leafIndex numbers the leaf block whose lowest cell is lo.
func (g *grid) leafIndex(lo [3]int) int {
	nl := [3]int{g.n[0]/leafCells + 1, g.n[1]/leafCells + 1, g.n[2]/leafCells + 1}
	return (lo[2]/leafCells*nl[1]+lo[1]/leafCells)*nl[0] + lo[0]/leafCells
}

// leafLow is the lowest cell of the leaf block numbered i.
func (g *grid) leafLow(i int) [3]int {
	nl := [3]int{g.n[0]/leafCells + 1, g.n[1]/leafCells + 1, g.n[2]/leafCells + 1}
	return [3]int{i % nl[0] * leafCells, i / nl[0] % nl[1] * leafCells, i / (nl[0] * nl[1]) * leafCells}
}

func newGrid(b geom.Box, h float64) *grid {
	g := &grid{h: h}
	size, c := b.Size(), b.Center()
	for a := 0; a < 3; a++ {
		n := int(math.Ceil(size.Comp(a)/h)) + 2
		g.n[a] = n
		g.tasks[a] = (n + leafCells*taskLeafs - 1) / (leafCells * taskLeafs)
	}
	g.origin = geom.V(c.X-float64(g.n[0])*h/2, c.Y-float64(g.n[1])*h/2, c.Z-float64(g.n[2])*h/2)
	return g
}

// newOctantGrid returns the grid of the octant x, y, z >= 0 of a solid whose bounds
// b are symmetric about the origin: grid point 0 lies on the planes.
func newOctantGrid(b geom.Box, h float64) *grid {
	g := &grid{h: h, mirror: true}
	for a := 0; a < 3; a++ {
		n := int(math.Ceil(math.Max(b.Max.Comp(a), -b.Min.Comp(a))/h)) + 1
		g.n[a] = n
		g.tasks[a] = (n + leafCells*taskLeafs - 1) / (leafCells * taskLeafs)
	}
	return g
}

// point returns the position of grid point (i, j, k). Every block computes it the
// same way, so shared points agree bit for bit.
func (g *grid) point(i, j, k int) geom.Vec3 {
	return geom.Vec3{
		X: g.origin.X + float64(i)*g.h,
		Y: g.origin.Y + float64(j)*g.h,
		Z: g.origin.Z + float64(k)*g.h,
	}
}

// key names the grid edge from point (i, j, k) along axis a.
func (g *grid) key(i, j, k, a int) uint64 {
	return ((uint64(i)*uint64(g.n[1]+1)+uint64(j))*uint64(g.n[2]+1)+uint64(k))*3 + uint64(a)
}

// interior marks a vertex inside a leaf block, which no other block makes.
const interior = math.MaxUint64

// piece is the mesh of one task before merging: local vertices, the global edge key
// of each (interior for those no other block shares), and triangles.
type piece struct {
	verts []geom.Vec3
	norms []geom.Vec3 // unit surface normals at the vertices
	keys  []uint64
	tris  [][3]uint32
	// surface is the connected surface of each vertex within the piece (uniform
	// meshes only), numbered from 0 in order of each surface's lowest vertex.
	surface []int32
	samples int
	leaves  int
	solid   sdf.Solid // the solid pruned to the task's box
	// leafSolids are the solids pruned to the task's leaf blocks that may hold
	// surface, for fast checks of a lean mesh.
	leafSolids []leafSolid
	fine       int    // triangles before simplifying
	task       [3]int // the task's place in the grid of tasks
	rim        []bool // after merging: the vertex lies on a task's rim
}

func (g *grid) run(ctx context.Context, s sdf.Solid, workers int, progress func(int, int)) (*Result, error) {
	nt := g.tasks[0] * g.tasks[1] * g.tasks[2]
	pieces := make([]*piece, nt)
	ready := make([]chan struct{}, nt)
	for i := range ready {
		ready[i] = make(chan struct{})
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lm := newLeafMesher(g)
			for t := range next {
				if ctx.Err() == nil {
					pieces[t] = g.task(s, t, lm)
					if g.tol > 0 {
						pieces[t].lean(g, g.tol)
					}
				}
				close(ready[t])
			}
		}()
	}
	go func() {
		defer close(next)
		for t := 0; t < nt; t++ {
			select {
			case next <- t:
			case <-ctx.Done():
				for ; t < nt; t++ {
					close(ready[t])
				}
				return
			}
		}
	}()

	res := &Result{Mesh: &mesh.Mesh{}, Cell: g.h, Grid: g.n}
	var surf joined
	shared := make(map[uint64]uint32)
	var remap []uint32
	var kept []*piece
	nv, ntri := 0, 0
	for t := 0; t < nt; t++ {
		<-ready[t]
		if err := ctx.Err(); err != nil {
			cancel()
			wg.Wait()
			return nil, fmt.Errorf("isosurface: %w", err)
		}
		p := pieces[t]
		pieces[t] = nil
		if progress != nil {
			progress(t+1, nt)
		}
		if p == nil {
			continue
		}
		res.Samples += p.samples
		res.Leaves += p.leaves
		res.Fine += p.fine
		if g.tol > 0 {
			if g.solids == nil {
				g.solids = make([]sdf.Solid, nt)
				nl := [3]int{g.n[0]/leafCells + 1, g.n[1]/leafCells + 1, g.n[2]/leafCells + 1}
				g.leaves = make([]sdf.Solid, nl[0]*nl[1]*nl[2])
			}
			g.solids[t] = p.solid
			for _, ls := range p.leafSolids {
				g.leaves[ls.index] = ls.solid
			}
		}
		p.solid, p.leafSolids = nil, nil
		if len(p.tris) == 0 {
			continue
		}
		// Rim vertices already made by an earlier task take their first index; the
		// others are numbered in order, so indices do not depend on scheduling. The
		// piece is rewritten in place: its new vertices only, its triangles global.
		remap = remap[:0]
		fresh := p.verts[:0]
		var norms []geom.Vec3
		var rim []bool
		if g.tol > 0 {
			norms, rim = p.norms[:0], p.rim[:0]
		}
		base := surf.add(p.surface)
		for i, v := range p.verts {
			k := p.keys[i]
			if k != interior {
				if gi, ok := shared[k]; ok {
					remap = append(remap, gi)
					if p.surface != nil {
						surf.join(gi, base+p.surface[i])
					}
					continue
				}
				shared[k] = uint32(nv)
			}
			remap = append(remap, uint32(nv))
			fresh = append(fresh, v)
			if g.tol > 0 {
				norms = append(norms, p.norms[i])
				rim = append(rim, k != interior)
			}
			if p.surface != nil {
				surf.of = append(surf.of, base+p.surface[i])
			}
			nv++
		}
		p.verts, p.norms, p.rim, p.keys, p.surface = fresh, norms, rim, nil, nil
		for i, tr := range p.tris {
			p.tris[i] = [3]uint32{remap[tr[0]], remap[tr[1]], remap[tr[2]]}
		}
		ntri += len(p.tris)
		kept = append(kept, p)
	}
	// One allocation of the exact size, filled piece by piece, each piece released
	// as soon as it is copied.
	out := res.Mesh
	out.Vertices = make([]geom.Vec3, 0, nv)
	out.Triangles = make([][3]uint32, 0, ntri)
	var norms []geom.Vec3
	var rim []bool
	if g.tol > 0 {
		norms, rim = make([]geom.Vec3, 0, nv), make([]bool, 0, nv)
	}
	for i, p := range kept {
		out.Vertices = append(out.Vertices, p.verts...)
		out.Triangles = append(out.Triangles, p.tris...)
		if g.tol > 0 {
			norms = append(norms, p.norms...)
			rim = append(rim, p.rim...)
		}
		kept[i] = nil
	}
	wg.Wait()
	if g.mirror {
		if err := g.reflect(ctx, res, s, norms, rim); err != nil {
			return nil, err
		}
		if g.tol == 0 {
			res.Surfaces = mesh.Shells(res.Mesh)
		}
		return res, nil
	}
	if g.tol == 0 {
		res.Surfaces = surf.labels()
	}
	if g.tol > 0 {
		if err := g.finish(ctx, res, s, norms, rim); err != nil {
			return nil, err
		}
		res.Deviation, res.Over = deviation(res.Mesh, g.field(s), g.tol)
	}
	return res, nil
}

// task meshes the blocks of task t: an octree descent from the task's box to its
// leaf blocks.
func (g *grid) task(s sdf.Solid, t int, lm *leafMesher) *piece {
	tx := t % g.tasks[0]
	ty := t / g.tasks[0] % g.tasks[1]
	tz := t / (g.tasks[0] * g.tasks[1])
	span := leafCells * taskLeafs
	lo := [3]int{tx * span, ty * span, tz * span}
	lm.p = &lm.buf
	lm.buf.verts, lm.buf.norms, lm.buf.keys, lm.buf.tris = lm.buf.verts[:0], lm.buf.norms[:0], lm.buf.keys[:0], lm.buf.tris[:0]
	lm.buf.samples, lm.buf.leaves = 0, 0
	lm.buf.leafSolids = nil
	lm.begin(lo)
	hi := [3]int{min(lo[0]+span, g.n[0]), min(lo[1]+span, g.n[1]), min(lo[2]+span, g.n[2])}
	p0, p1 := g.point(lo[0], lo[1], lo[2]), g.point(hi[0], hi[1], hi[2])
	ts := s.Prune(p0.Add(p1).Scale(0.5), p1.Sub(p0).Len()/2)
	g.descend(ts, lo, span, lm)
	var surface []int32
	if g.tol == 0 && !g.mirror {
		surface = mesh.Shells(&mesh.Mesh{Vertices: lm.buf.verts, Triangles: lm.buf.tris})
	}
	// Copy out at the exact size; the worker's buffers grow once and are reused.
	return &piece{
		surface:    surface,
		solid:      ts,
		task:       [3]int{tx, ty, tz},
		leafSolids: lm.buf.leafSolids,
		verts:      append([]geom.Vec3(nil), lm.buf.verts...),
		norms:      append([]geom.Vec3(nil), lm.buf.norms...),
		keys:       append([]uint64(nil), lm.buf.keys...),
		tris:       append([][3]uint32(nil), lm.buf.tris...),
		samples:    lm.buf.samples,
		leaves:     lm.buf.leaves,
	}
}

// descend visits the cube of cells from lo with side n, clipped to the grid.
func (g *grid) descend(s sdf.Solid, lo [3]int, n int, lm *leafMesher) {
	if lo[0] >= g.n[0] || lo[1] >= g.n[1] || lo[2] >= g.n[2] {
		return
	}
	ps, hi, ok := g.holds(s, lo, n)
	if !ok {
		return
	}
	if n <= leafCells {
		lm.mesh(ps, lo, hi)
		if g.tol > 0 {
			lm.p.leafSolids = append(lm.p.leafSolids, leafSolid{g.leafIndex(lo), ps})
		}
		return
	}
	half := n / 2
	for oz := 0; oz < 2; oz++ {
		for oy := 0; oy < 2; oy++ {
			for ox := 0; ox < 2; ox++ {
				g.descend(ps, [3]int{lo[0] + ox*half, lo[1] + oy*half, lo[2] + oz*half}, half, lm)
			}
		}
	}
}
