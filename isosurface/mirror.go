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
	if lean {
		locked := make([]bool, len(m.Vertices))
		nearPlanes(m.Vertices, m.Triangles, locked)
		norms, _ = g.seams(res, s, norms, rim, locked)
		m = res.Mesh
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
	oct := g.field(s)
	f := func(p geom.Vec3) float64 {
		return oct(geom.Vec3{X: math.Abs(p.X), Y: math.Abs(p.Y), Z: math.Abs(p.Z)})
	}
	start := make([]bool, len(verts))
	nearPlanes(verts, tris, start)
	r := simplify.Mesh(simplify.Input{Vertices: verts, Triangles: tris, Normals: ns, Start: start},
		simplify.Options{Tol: g.tol, Field: f})
	res.Mesh = &mesh.Mesh{Vertices: r.Vertices, Triangles: r.Triangles}
	res.Deviation = deviation(res.Mesh, f)
}
