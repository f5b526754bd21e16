package isosurface

import (
	"math"
	"math/bits"

	"yanchu/geom"
	"yanchu/mesh"
	"yanchu/sdf"
	"yanchu/simplify"
)

// onPlane reports whether p lies on a coordinate plane: a vertex of an octant's
// mesh made on an edge in the plane.
func onPlane(p geom.Vec3) bool { return p.X == 0 || p.Y == 0 || p.Z == 0 }

// nearPlanes marks the vertices on a coordinate plane and those joined to them by
// an edge. Locking them while an octant is simplified keeps any triangle from
// lying wholly in a plane, where its reflection would be the same triangle.
func nearPlanes(verts []geom.Vec3, tris [][3]uint32, mark []bool) {
	for _, t := range tris {
		if onPlane(verts[t[0]]) || onPlane(verts[t[1]]) || onPlane(verts[t[2]]) {
			mark[t[0]], mark[t[1]], mark[t[2]] = true, true, true
		}
	}
}

// reflect turns the octant's mesh into the whole: the seams between the octant's
// tasks are simplified (lean meshes), the octant is reflected in the planes
// (copies with an odd number of reflections reverse their triangles, and vertices
// on a plane are shared with their reflection), and then the mesh is simplified
// across the planes.
func (g *grid) reflect(res *Result, s sdf.Solid, norms []geom.Vec3, rim []bool) {
	lean := g.tol > 0
	m := res.Mesh
	var octDev float64
	var oct func(geom.Vec3) float64
	if lean {
		locked := make([]bool, len(m.Vertices))
		nearPlanes(m.Vertices, m.Triangles, locked)
		norms, _ = g.seams(res, s, norms, rim, locked)
		m = res.Mesh
		oct = g.field(s)
		octDev = deviation(m, oct)
	}
	nv := len(m.Vertices)
	planes := make([]uint8, nv)
	for i, v := range m.Vertices {
		for a := 0; a < 3; a++ {
			if v.Comp(a) == 0 {
				planes[i] |= 1 << a
			}
		}
	}
	index := make([]uint32, 8*nv)
	var verts []geom.Vec3
	var ns []geom.Vec3
	for c := 0; c < 8; c++ {
		sign := geom.V(1-2*float64(c&1), 1-2*float64(c>>1&1), 1-2*float64(c>>2&1))
		for i, v := range m.Vertices {
			if home := c &^ int(planes[i]); home != c {
				index[c*nv+i] = index[home*nv+i]
				continue
			}
			index[c*nv+i] = uint32(len(verts))
			verts = append(verts, geom.Vec3{X: sign.X * v.X, Y: sign.Y * v.Y, Z: sign.Z * v.Z})
			if lean {
				n := norms[i]
				ns = append(ns, geom.Vec3{X: sign.X * n.X, Y: sign.Y * n.Y, Z: sign.Z * n.Z})
			}
		}
	}
	tris := make([][3]uint32, 0, 8*len(m.Triangles))
	for c := 0; c < 8; c++ {
		odd := bits.OnesCount(uint(c))%2 == 1
		for _, t := range m.Triangles {
			a, b, d := index[c*nv+int(t[0])], index[c*nv+int(t[1])], index[c*nv+int(t[2])]
			if odd {
				b, d = d, b
			}
			tris = append(tris, [3]uint32{a, b, d})
		}
	}
	res.Mesh = &mesh.Mesh{Vertices: verts, Triangles: tris}
	if !lean {
		return
	}
	f := func(p geom.Vec3) float64 {
		return oct(geom.Vec3{X: math.Abs(p.X), Y: math.Abs(p.Y), Z: math.Abs(p.Z)})
	}
	res.Mesh, res.Deviation = acrossPlanes(verts, tris, ns, g.tol, f)
	res.Deviation = math.Max(res.Deviation, octDev)
}

// acrossPlanes simplifies the joined octants where they meet: only the band of
// triangles near the planes, with the band's rim locked, so the work follows the
// band's size, not the mesh's. It returns the mesh and the deviation measured on
// the band; elsewhere the mesh is the octant's, reflected.
func acrossPlanes(verts []geom.Vec3, tris [][3]uint32, ns []geom.Vec3, tol float64, f func(geom.Vec3) float64) (*mesh.Mesh, float64) {
	start := make([]bool, len(verts))
	nearPlanes(verts, tris, start)
	// The band: triangles within two more rings of the start.
	reach := append([]bool(nil), start...)
	for ring := 0; ring < 2; ring++ {
		grow := append([]bool(nil), reach...)
		for _, t := range tris {
			if reach[t[0]] || reach[t[1]] || reach[t[2]] {
				grow[t[0]], grow[t[1]], grow[t[2]] = true, true, true
			}
		}
		reach = grow
	}
	local := make([]int32, len(verts))
	for i := range local {
		local[i] = -1
	}
	var pv, pn []geom.Vec3
	var pt, rest [][3]uint32
	var global []uint32
	for _, t := range tris {
		if !(reach[t[0]] && reach[t[1]] && reach[t[2]]) {
			rest = append(rest, t)
			continue
		}
		var lt [3]uint32
		for k, v := range t {
			if local[v] < 0 {
				local[v] = int32(len(pv))
				pv, pn = append(pv, verts[v]), append(pn, ns[v])
				global = append(global, v)
			}
			lt[k] = uint32(local[v])
		}
		pt = append(pt, lt)
	}
	// The band's rim: vertices also on a triangle outside it.
	locked := make([]bool, len(pv))
	for _, t := range rest {
		for _, v := range t {
			if local[v] >= 0 {
				locked[local[v]] = true
			}
		}
	}
	pstart := make([]bool, len(pv))
	for i, g := range global {
		pstart[i] = start[g]
	}
	r := simplify.Mesh(simplify.Input{Vertices: pv, Triangles: pt, Normals: pn, Locked: locked, Start: pstart},
		simplify.Options{Tol: tol, Field: f})
	band := &mesh.Mesh{Vertices: r.Vertices, Triangles: r.Triangles}
	dev := deviation(band, f)
	// Join the band back: its kept vertices are the mesh's, some moved.
	moved := append([]geom.Vec3(nil), verts...)
	for i, k := range r.Kept {
		moved[global[k]] = r.Vertices[i]
	}
	for _, t := range r.Triangles {
		rest = append(rest, [3]uint32{global[r.Kept[t[0]]], global[r.Kept[t[1]]], global[r.Kept[t[2]]]})
	}
	// Renumber the vertices still in use, in order.
	re := make([]int32, len(verts))
	for i := range re {
		re[i] = -1
	}
	out := &mesh.Mesh{Triangles: rest}
	for i := range out.Triangles {
		for k, v := range out.Triangles[i] {
			if re[v] < 0 {
				re[v] = int32(len(out.Vertices))
				out.Vertices = append(out.Vertices, moved[v])
			}
			out.Triangles[i][k] = uint32(re[v])
		}
	}
	return out, dev
}
