package isosurface

import (
	"context"
	"math"
	"math/bits"

	"yanchu/geom"
	"yanchu/mesh"
	"yanchu/sdf"
)

// planeBits returns the coordinate planes through the origin that p lies on: bit a
// for the plane where coordinate a is 0. A vertex an octant's mesh makes on an edge
// in a plane lies on it exactly.
func planeBits(p geom.Vec3) uint8 {
	var pl uint8
	for a := 0; a < 3; a++ {
		if p.Comp(a) == 0 {
			pl |= 1 << a
		}
	}
	return pl
}

// taskFace reports whether grid-made vertex p lies on a face between two tasks,
// other than a mirror plane: a vertex a neighbouring task shares.
func (g *grid) taskFace(p geom.Vec3) bool {
	span := leafCells * taskLeafs
	for a := 0; a < 3; a++ {
		c := p.Comp(a)
		if c == 0 {
			continue
		}
		if i := math.Round(c / g.h); i*g.h == c && int(i)%span == 0 {
			return true
		}
	}
	return false
}

// reflect turns the octant's mesh into the whole: the seams between the octant's
// tasks are simplified and its creases made sharp (lean meshes), with the
// vertices on the planes moving only within them, and the octant is reflected in
// the planes. Copies with an odd number of reflections reverse their triangles,
// and vertices on a plane are shared with their reflection, so the mesh closes
// there.
func (g *grid) reflect(ctx context.Context, res *Result, s sdf.Solid, norms []geom.Vec3, rim []bool) error {
	if g.tol > 0 {
		if err := g.finish(ctx, res, s, norms, rim); err != nil {
			return err
		}
		res.Deviation, res.Over = deviation(res.Mesh, g.field(s), g.tol)
	}
	res.Mesh = mirrored(res.Mesh)
	return nil
}

// mirrored returns the whole mesh from the octant's mesh m.
func mirrored(m *mesh.Mesh) *mesh.Mesh {
	nv := len(m.Vertices)
	planes := make([]uint8, nv)
	for i, v := range m.Vertices {
		planes[i] = planeBits(v)
	}
	index := make([]uint32, 8*nv)
	var verts []geom.Vec3
	for c := 0; c < 8; c++ {
		sign := geom.V(1-2*float64(c&1), 1-2*float64(c>>1&1), 1-2*float64(c>>2&1))
		for i, v := range m.Vertices {
			if home := c &^ int(planes[i]); home != c {
				index[c*nv+i] = index[home*nv+i]
				continue
			}
			index[c*nv+i] = uint32(len(verts))
			verts = append(verts, geom.Vec3{X: sign.X * v.X, Y: sign.Y * v.Y, Z: sign.Z * v.Z})
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
	return &mesh.Mesh{Vertices: verts, Triangles: tris}
}
