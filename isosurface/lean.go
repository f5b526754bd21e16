package isosurface

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"

	"yanchu/geom"
	"yanchu/mesh"
	"yanchu/sdf"
	"yanchu/sharpen"
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

// finish simplifies the merged lean mesh where the tasks met, and, unless the
// grid is blunt, gives back the creases the grid cut (see package sharpen): with
// the crease running along edges the simplifier keeps, the bands of small
// triangles that lined it are simplified in the same pass. Vertices on mirror
// planes (an octant's grid) move only within them. With two tasks or more along
// X, the halves either side of the middle task face are simplified at once, the
// vertices they share held, and then the face itself.
//
// Sharpen untangles its pieces: it gives up the points of those that cross the
// triangles near them. Where the result still has triangles crossing (as where
// points made above oblique edges fall out of order along a curved crease, or
// next to a face lying on a grid plane, which the grid meshes with slivers), the
// work is done again with those places left as they were; after three tries the
// creases stay as they came. (Untangling on the first try costs less than the
// second try it mostly spares: R1's octant 2.5 s instead of 3.2 s.)
func (g *grid) finish(ctx context.Context, res *Result, s sdf.Solid, norms []geom.Vec3, rim []bool) error {
	m := res.Mesh
	if len(m.Triangles) == 0 {
		return nil
	}
	stopped := func() error {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("isosurface: %w", err)
		}
		return nil
	}
	field := g.field(s)
	opt := simplify.Options{Tol: g.tol, Field: field, Done: ctx.Done()}
	sin := sharpen.Input{Vertices: m.Vertices, Triangles: m.Triangles}
	if g.mirror {
		sin.Planes = planesOf(m.Vertices)
	}
	var avoid []geom.Vec3
	reach2 := 9 * g.h * g.h
	sin.Avoid = func(p geom.Vec3) bool {
		for _, c := range avoid {
			if p.Sub(c).Dot(p.Sub(c)) <= reach2 {
				return true
			}
		}
		return false
	}
	for try := 0; ; try++ {
		in := simplify.Input{Vertices: m.Vertices, Triangles: m.Triangles, Normals: norms, Start: rim}
		split := 0
		opt.Straddle = 0
		if !g.blunt && try < 3 {
			r := sharpen.Mesh(sin, sharpen.Options{Field: field, Tol: g.tol / 2, Untangle: true, Done: ctx.Done()})
			if r == nil {
				return stopped()
			}
			split = r.Split
			start := r.Touched
			for v, ok := range rim {
				start[v] = start[v] || ok
			}
			in = simplify.Input{Vertices: r.Vertices, Triangles: r.Triangles, Normals: r.Normals,
				Creases: r.Second, Locked: r.Fixed, Start: start}
			if split == 0 {
				// A smooth surface: the last passes straddle it (see
				// simplify.Options.Straddle), and halve the triangles of a
				// sphere. Next to creases most collapses are refused whatever
				// the budget, and there the extra passes cost half as much time
				// again for a fifth fewer triangles (R1, the tied ball): not
				// done. (The blocks' passes never straddle: sharpen, run
				// after them, takes a vertex a quarter of the tolerance off the
				// surface for a cut crease.)
				opt.Straddle = simplify.MaxStraddle
			}
		}
		if g.mirror {
			in.Planes = planesOf(in.Vertices)
		}
		if g.tasks[0] >= 2 {
			if in = g.halves(in, opt); in.Vertices == nil {
				return stopped()
			}
		}
		out := simplify.Mesh(in, opt)
		if out == nil {
			return stopped()
		}
		sm := &mesh.Mesh{Vertices: out.Vertices, Triangles: out.Triangles}
		if split == 0 {
			res.Mesh = sm
			return nil
		}
		x := mesh.SelfIntersectionsUntil(ctx.Done(), sm, 1<<16)
		if err := stopped(); err != nil {
			return err
		}
		if len(x) == 0 {
			res.Mesh, res.Creases = sm, split
			return nil
		}
		for _, p := range x {
			for _, ti := range [2]int{p.A, p.B} {
				t := sm.Triangles[ti]
				avoid = append(avoid, sm.Vertices[t[0]].Add(sm.Vertices[t[1]]).Add(sm.Vertices[t[2]]).Scale(1.0/3))
			}
		}
	}
}

// planesOf returns the mirror planes each vertex lies on (see planeBits).
func planesOf(vs []geom.Vec3) []uint8 {
	pl := make([]uint8, len(vs))
	for i, v := range vs {
		pl[i] = planeBits(v)
	}
	return pl
}

// halves simplifies the two halves of in either side of the task face x = cut at
// once, and returns the mesh joined again, marked to start where they met. A
// triangle goes to the half its centre lies in; the vertices both halves use
// (those on the face, and points made on its edges) are held in both. Stopped
// (opt.Done), it returns an empty input.
func (g *grid) halves(in simplify.Input, opt simplify.Options) simplify.Input {
	// The task face that splits the triangles most evenly.
	span := leafCells * taskLeafs
	count := make([]int, g.tasks[0])
	for _, t := range in.Triangles {
		x := (in.Vertices[t[0]].X + in.Vertices[t[1]].X + in.Vertices[t[2]].X) / 3
		tx := min(max(int((x-g.origin.X)/(float64(span)*g.h)), 0), g.tasks[0]-1)
		count[tx]++
	}
	best, below := 1, 0
	for k, bestGap := 1, len(in.Triangles); k < g.tasks[0]; k++ {
		below += count[k-1]
		if d := abs(2*below - len(in.Triangles)); d < bestGap {
			best, bestGap = k, d
		}
	}
	cut := g.point(best*span, 0, 0).X
	side := make([]bool, len(in.Triangles))
	uses := make([]uint8, len(in.Vertices)) // bit h: half h uses the vertex
	for i, t := range in.Triangles {
		side[i] = (in.Vertices[t[0]].X+in.Vertices[t[1]].X+in.Vertices[t[2]].X)/3 >= cut
		for _, v := range t {
			uses[v] |= 1 << b2i(side[i])
		}
	}
	type half struct {
		in     simplify.Input
		global []uint32
		r      *simplify.Result
	}
	var hs [2]half
	local := make([]int32, len(in.Vertices))
	for h := range hs {
		for i := range local {
			local[i] = -1
		}
		p := &hs[h]
		for i, t := range in.Triangles {
			if i&0xffff == 0 && closed(opt.Done) {
				return simplify.Input{}
			}
			if side[i] != (h == 1) {
				continue
			}
			var lt [3]uint32
			for k, v := range t {
				if local[v] < 0 {
					local[v] = int32(len(p.global))
					p.global = append(p.global, v)
					p.in.Vertices = append(p.in.Vertices, in.Vertices[v])
					p.in.Normals = append(p.in.Normals, in.Normals[v])
					p.in.Locked = append(p.in.Locked, uses[v] == 3 || in.Locked != nil && in.Locked[v])
					p.in.Start = append(p.in.Start, in.Start[v])
					if in.Planes != nil {
						p.in.Planes = append(p.in.Planes, in.Planes[v])
					}
					if in.Creases != nil {
						p.in.Creases = append(p.in.Creases, in.Creases[v])
					}
				}
				lt[k] = uint32(local[v])
			}
			p.in.Triangles = append(p.in.Triangles, lt)
		}
	}
	var wg sync.WaitGroup
	for h := range hs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hs[h].r = simplify.Mesh(hs[h].in, opt)
		}()
	}
	wg.Wait()
	if hs[0].r == nil || hs[1].r == nil {
		return simplify.Input{}
	}
	// Join: kept vertices take their new places; vertices in use are numbered in
	// order of first use.
	verts := append([]geom.Vec3(nil), in.Vertices...)
	norms := append([]geom.Vec3(nil), in.Normals...)
	var creases []geom.Vec3
	if in.Creases != nil {
		creases = append([]geom.Vec3(nil), in.Creases...)
	}
	var tris [][3]uint32
	for _, p := range hs {
		for i, k := range p.r.Kept {
			verts[p.global[k]], norms[p.global[k]] = p.r.Vertices[i], p.r.Normals[i]
			if creases != nil {
				creases[p.global[k]] = p.r.Creases[i]
			}
		}
		for _, t := range p.r.Triangles {
			tris = append(tris, [3]uint32{p.global[p.r.Kept[t[0]]], p.global[p.r.Kept[t[1]]], p.global[p.r.Kept[t[2]]]})
		}
	}
	for i := range local {
		local[i] = -1
	}
	out := simplify.Input{Triangles: tris}
	if in.Locked != nil {
		out.Locked = []bool{}
	}
	for i, t := range tris {
		for k, v := range t {
			if local[v] < 0 {
				local[v] = int32(len(out.Vertices))
				out.Vertices = append(out.Vertices, verts[v])
				out.Normals = append(out.Normals, norms[v])
				out.Start = append(out.Start, uses[v] == 3)
				if in.Planes != nil {
					out.Planes = append(out.Planes, in.Planes[v])
				}
				if creases != nil {
					out.Creases = append(out.Creases, creases[v])
				}
				if in.Locked != nil {
					out.Locked = append(out.Locked, in.Locked[v])
				}
			}
			tris[i][k] = uint32(local[v])
		}
	}
	return out
}

// closed reports whether done is closed; a nil done never is.
func closed(done <-chan struct{}) bool {
	select {
	case <-done:
		return true
	default:
		return false
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Deviation returns the largest |f| at the vertices, edge midpoints and centroids
// of m, and the share of those points where it exceeds tol, measured in chunks at
// once. For a field that is exact or a bound, |f| never overstates the distance
// to the surface.
func Deviation(m *mesh.Mesh, f func(geom.Vec3) float64, tol float64) (float64, float64) {
	return deviation(m, f, tol)
}

func deviation(m *mesh.Mesh, f func(geom.Vec3) float64, tol float64) (float64, float64) {
	w := runtime.GOMAXPROCS(0)
	worst := make([]float64, w)
	over := make([]int, w)
	var wg sync.WaitGroup
	nv, nt := len(m.Vertices), len(m.Triangles)
	for i := range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			at := func(p geom.Vec3) {
				d := math.Abs(f(p))
				worst[i] = math.Max(worst[i], d)
				if d > tol {
					over[i]++
				}
			}
			for _, v := range m.Vertices[i*nv/w : (i+1)*nv/w] {
				at(v)
			}
			for _, t := range m.Triangles[i*nt/w : (i+1)*nt/w] {
				a, b, c := m.Vertices[t[0]], m.Vertices[t[1]], m.Vertices[t[2]]
				for _, p := range [4]geom.Vec3{a.Add(b).Scale(0.5), b.Add(c).Scale(0.5), c.Add(a).Scale(0.5), a.Add(b).Add(c).Scale(1.0 / 3)} {
					at(p)
				}
			}
		}()
	}
	wg.Wait()
	total := 0
	for _, n := range over {
		total += n
	}
	if points := nv + 4*nt; points > 0 {
		return slices.Max(worst), float64(total) / float64(points)
	}
	return 0, 0
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
