package printcheck

import (
	"testing"

	"yanchu/geom"
	"yanchu/isosurface"
	"yanchu/mesh"
	"yanchu/sdf"
)

// meshed meshes a solid with the uniform mesher at the given cell (mm) and fails
// the test when the mesh is not sound.
func meshed(t testing.TB, s sdf.Solid, cell float64) *mesh.Mesh {
	t.Helper()
	res, err := isosurface.Mesher{Cell: cell}.Mesh(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	if err := mesh.Validate(res.Mesh); err != nil {
		t.Fatalf("the test solid's mesh: %v", err)
	}
	return res.Mesh
}

// at returns s translated so that its bounds start at min.
func at(s sdf.Solid, min geom.Vec3) sdf.Solid {
	return sdf.Translate(s, min.Sub(s.Bounds().Min))
}

// block returns a box solid from lo to hi.
func block(lo, hi geom.Vec3) sdf.Solid { return at(sdf.Box(hi.Sub(lo), 0), lo) }

// voxels builds the closed mesh of the filled cells of a grid with the given
// lines along X, Y and Z: every face between a filled cell and an empty one (or
// the outside) becomes two triangles facing out of the filled cell. Cells that
// touch only along an edge or at a corner make a non-manifold mesh; the tests
// avoid them. The faces are exact and few, unlike a mesher's.
func voxels(xs, ys, zs []float64, filled func(i, j, k int) bool) *mesh.Mesh {
	nx, ny, nz := len(xs)-1, len(ys)-1, len(zs)-1
	in := func(i, j, k int) bool {
		return i >= 0 && j >= 0 && k >= 0 && i < nx && j < ny && k < nz && filled(i, j, k)
	}
	m := &mesh.Mesh{}
	index := map[[3]int]uint32{}
	vert := func(i, j, k int) uint32 {
		key := [3]int{i, j, k}
		if v, ok := index[key]; ok {
			return v
		}
		v := uint32(len(m.Vertices))
		index[key] = v
		m.Vertices = append(m.Vertices, geom.V(xs[i], ys[j], zs[k]))
		return v
	}
	// Each face: the neighbour's offset, and the four corners' offsets from the
	// cell's low corner, counter-clockwise seen from outside.
	faces := []struct {
		d       [3]int
		corners [4][3]int
	}{
		{[3]int{1, 0, 0}, [4][3]int{{1, 0, 0}, {1, 1, 0}, {1, 1, 1}, {1, 0, 1}}},
		{[3]int{-1, 0, 0}, [4][3]int{{0, 0, 0}, {0, 0, 1}, {0, 1, 1}, {0, 1, 0}}},
		{[3]int{0, 1, 0}, [4][3]int{{0, 1, 0}, {0, 1, 1}, {1, 1, 1}, {1, 1, 0}}},
		{[3]int{0, -1, 0}, [4][3]int{{0, 0, 0}, {1, 0, 0}, {1, 0, 1}, {0, 0, 1}}},
		{[3]int{0, 0, 1}, [4][3]int{{0, 0, 1}, {1, 0, 1}, {1, 1, 1}, {0, 1, 1}}},
		{[3]int{0, 0, -1}, [4][3]int{{0, 0, 0}, {0, 1, 0}, {1, 1, 0}, {1, 0, 0}}},
	}
	for k := range nz {
		for j := range ny {
			for i := range nx {
				if !in(i, j, k) {
					continue
				}
				for _, f := range faces {
					if in(i+f.d[0], j+f.d[1], k+f.d[2]) {
						continue
					}
					var v [4]uint32
					for c, o := range f.corners {
						v[c] = vert(i+o[0], j+o[1], k+o[2])
					}
					m.Triangles = append(m.Triangles, [3]uint32{v[0], v[1], v[2]}, [3]uint32{v[0], v[2], v[3]})
				}
			}
		}
	}
	return m
}

// lines returns grid lines through the given coordinates, each interval split
// into pieces of at most step.
func lines(step float64, at ...float64) []float64 {
	out := []float64{at[0]}
	for i := 1; i < len(at); i++ {
		n := max(1, int((at[i]-at[i-1])/step+0.999))
		for s := 1; s <= n; s++ {
			out = append(out, at[i-1]+(at[i]-at[i-1])*float64(s)/float64(n))
		}
	}
	return out
}

// cellIn returns the index of the interval of ls that holds x.
func cellIn(ls []float64, x float64) int {
	for i := 0; i+1 < len(ls); i++ {
		if x >= ls[i] && x < ls[i+1] {
			return i
		}
	}
	return -1
}

// boxUnion builds with voxels the union of boxes (lo, hi pairs) whose faces lie on
// the given lines.
func boxUnion(xs, ys, zs []float64, boxes ...[2]geom.Vec3) *mesh.Mesh {
	return voxels(xs, ys, zs, func(i, j, k int) bool {
		c := geom.V((xs[i]+xs[i+1])/2, (ys[j]+ys[j+1])/2, (zs[k]+zs[k+1])/2)
		for _, b := range boxes {
			if (geom.Box{Min: b[0], Max: b[1]}).Contains(c) {
				return true
			}
		}
		return false
	})
}
