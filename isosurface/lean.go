package isosurface

import (
	"math"

	"yanchu/geom"
	"yanchu/mesh"
	"yanchu/sdf"
	"yanchu/simplify"
)

// lean simplifies the task's piece within tol of the surface. The vertices on the
// task's rim, which neighbouring tasks share, are locked; the seams are simplified
// after the merge.
func (p *piece) lean(g *grid, tol float64) {
	p.fine = len(p.tris)
	if len(p.tris) == 0 {
		return
	}
	locked := make([]bool, len(p.verts))
	for i, k := range p.keys {
		locked[i] = k != interior
	}
	var planes []uint8
	if g.mirror {
		// On a mirror plane a vertex may move within it, unless a neighbouring task
		// shares it too.
		planes = make([]uint8, len(p.verts))
		for i, v := range p.verts {
			if planes[i] = planeBits(v); planes[i] != 0 && locked[i] && !g.taskFace(v) {
				locked[i] = false
			}
		}
	}
	// The task's leaf blocks, by their place in the task.
	var leaves [taskLeafs * taskLeafs * taskLeafs]sdf.Solid
	span := leafCells * taskLeafs
	for _, ls := range p.leafSolids {
		lo := g.leafLow(ls.index)
		i := (lo[2]%span/leafCells*taskLeafs+lo[1]%span/leafCells)*taskLeafs + lo[0]%span/leafCells
		leaves[i] = ls.solid
	}
	lookup := func(lo [3]int) sdf.Solid {
		if lo[0]/span != p.task[0] || lo[1]/span != p.task[1] || lo[2]/span != p.task[2] {
			return nil
		}
		return leaves[(lo[2]%span/leafCells*taskLeafs+lo[1]%span/leafCells)*taskLeafs+lo[0]%span/leafCells]
	}
	r := simplify.Mesh(simplify.Input{Vertices: p.verts, Triangles: p.tris, Normals: p.norms, Locked: locked, Planes: planes},
		simplify.Options{Tol: tol, Field: g.fieldIn(lookup, p.solid.At)})
	keys := make([]uint64, len(r.Kept))
	for i, old := range r.Kept {
		keys[i] = p.keys[old]
	}
	p.verts, p.norms, p.keys, p.tris = r.Vertices, r.Normals, keys, r.Triangles
}

// fieldIn returns the signed distance at p from the solid pruned to p's leaf block
// when leaves holds it, else from the fallback. Pruning never changes a value, so
// every choice gives the same number, only faster.
func (g *grid) fieldIn(leaf func(lo [3]int) sdf.Solid, fallback func(geom.Vec3) float64) func(geom.Vec3) float64 {
	return func(p geom.Vec3) float64 {
		var lo [3]int
		for a := 0; a < 3; a++ {
			c := int(math.Floor((p.Comp(a) - g.origin.Comp(a)) / g.h))
			if c < 0 || c >= g.n[a] {
				return fallback(p)
			}
			lo[a] = c / leafCells * leafCells
		}
		if s := leaf(lo); s != nil {
			return s.At(p)
		}
		return fallback(p)
	}
}

// field returns the signed distance at p, from the solid pruned to p's leaf block
// or task where one is kept, else from s.
func (g *grid) field(s sdf.Solid) func(geom.Vec3) float64 {
	span := float64(leafCells*taskLeafs) * g.h
	task := func(p geom.Vec3) float64 {
		var t [3]int
		for a := 0; a < 3; a++ {
			t[a] = int(math.Floor((p.Comp(a) - g.origin.Comp(a)) / span))
			if t[a] < 0 || t[a] >= g.tasks[a] {
				return s.At(p)
			}
		}
		if ts := g.solids[(t[2]*g.tasks[1]+t[1])*g.tasks[0]+t[0]]; ts != nil {
			return ts.At(p)
		}
		return s.At(p)
	}
	return g.fieldIn(func(lo [3]int) sdf.Solid { return g.leaves[g.leafIndex(lo)] }, task)
}

// seams simplifies the merged lean mesh where the tasks met; locked vertices, if
// any, stay, and those on mirror planes (planes, if set) move only within them. It returns the normals and the indices in the input of the vertices
// kept.
func (g *grid) seams(res *Result, s sdf.Solid, norms []geom.Vec3, rim, locked []bool, planes []uint8) ([]geom.Vec3, []int32) {
	m := res.Mesh
	if len(m.Triangles) == 0 {
		return norms, nil
	}
	r := simplify.Mesh(simplify.Input{Vertices: m.Vertices, Triangles: m.Triangles, Normals: norms, Start: rim, Locked: locked, Planes: planes},
		simplify.Options{Tol: g.tol, Field: g.field(s)})
	res.Mesh = &mesh.Mesh{Vertices: r.Vertices, Triangles: r.Triangles}
	return r.Normals, r.Kept
}

// deviation is the largest |field| at the vertices, edge midpoints and centroids.
func deviation(m *mesh.Mesh, f func(geom.Vec3) float64) float64 {
	worst := 0.0
	for _, v := range m.Vertices {
		worst = math.Max(worst, math.Abs(f(v)))
	}
	for _, t := range m.Triangles {
		a, b, c := m.Vertices[t[0]], m.Vertices[t[1]], m.Vertices[t[2]]
		for _, p := range [4]geom.Vec3{a.Add(b).Scale(0.5), b.Add(c).Scale(0.5), c.Add(a).Scale(0.5), a.Add(b).Add(c).Scale(1.0 / 3)} {
			worst = math.Max(worst, math.Abs(f(p)))
		}
	}
	return worst
}
