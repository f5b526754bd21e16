package isosurface

import (
	"math"
	"testing"

	"yanchu/geom"
	"yanchu/mesh"
	"yanchu/reference"
	"yanchu/sdf"
)

// symmetric lists solids symmetric in the three coordinate planes, some with
// surface crossing the planes at grid points, edges and slants.
func symmetric() []struct {
	name string
	s    sdf.Solid
} {
	return []struct {
		name string
		s    sdf.Solid
	}{
		{"sphere", sdf.Sphere(7)},
		{"box", sdf.Box(geom.V(9, 6.2, 4), 0.5)},
		{"cylinder", sdf.Cylinder(3, 10)},
		{"shells", sdf.Union(sdf.Shell(sdf.Sphere(8), 1), sdf.Shell(sdf.Sphere(6.4), 1), sdf.Sphere(4.5))},
		{"r1 small", sdf.Scale(reference.R1(), 0.25)},
		{"torus", sdf.Torus(6, 1.5)},
	}
}

// Meshing one octant and reflecting it gives a closed, manifold, outward mesh with
// the bodies and volume of meshing the whole, uniform or lean.
func TestMirrorMatchesWhole(t *testing.T) {
	for _, c := range symmetric() {
		for _, tol := range []float64{0, 0.01} {
			whole, err := Mesher{Cell: 0.2, Tolerance: tol}.Mesh(t.Context(), c.s)
			if err != nil {
				t.Fatal(err)
			}
			half, err := Mesher{Cell: 0.2, Tolerance: tol, Mirror: true}.Mesh(t.Context(), c.s)
			if err != nil {
				t.Fatal(err)
			}
			fw, fm := mesh.Analyze(whole.Mesh), validate(t, c.name+" mirrored", half.Mesh)
			if len(fm.Bodies) != len(fw.Bodies) {
				t.Errorf("%s tol %g: %d bodies mirrored, %d whole", c.name, tol, len(fm.Bodies), len(fw.Bodies))
			}
			// Uniform meshes differ by the grid's place; lean ones also by up to the
			// tolerance over the area.
			if d := math.Abs(fm.Volume - fw.Volume); d > 2e-3*fw.Volume+tol*fw.Area {
				t.Errorf("%s tol %g: volume %.2f mirrored, %.2f whole", c.name, tol, fm.Volume, fw.Volume)
			}
			if tol > 0 {
				// The grids differ, and so do the few places next to a crease the
				// mesh could not make sharp.
				if !(half.Deviation > 0) || half.Deviation > 1.25*whole.Deviation+1e-3 {
					t.Errorf("%s: deviation %.4f mirrored, %.4f whole", c.name, half.Deviation, whole.Deviation)
				}
				// The planes hold the rim's vertices, which keeps a little more
				// there: the cylinder's octant keeps 10.2% more than the whole.
				if n, w := len(half.Mesh.Triangles), len(whole.Mesh.Triangles); n > w*23/20 {
					t.Errorf("%s: %d triangles mirrored, %d whole", c.name, n, w)
				}
				if x := mesh.SelfIntersections(half.Mesh, 1); len(x) > 0 {
					t.Errorf("%s: triangles %d and %d intersect", c.name, x[0].A, x[0].B)
				}
			}
		}
	}
}

// A uniform mirrored mesh is its own reflection: every vertex's images are
// vertices too.
func TestMirrorIsSymmetric(t *testing.T) {
	r, err := Mesher{Cell: 0.3, Mirror: true}.Mesh(t.Context(), sdf.Scale(reference.R1(), 0.25))
	if err != nil {
		t.Fatal(err)
	}
	have := map[geom.Vec3]bool{}
	for _, v := range r.Mesh.Vertices {
		have[v] = true
	}
	for _, v := range r.Mesh.Vertices {
		for _, m := range []geom.Vec3{{X: -v.X, Y: v.Y, Z: v.Z}, {X: v.X, Y: -v.Y, Z: v.Z}, {X: v.X, Y: v.Y, Z: -v.Z}} {
			if m.X == 0 || m.Y == 0 || m.Z == 0 {
				m = geom.Vec3{X: m.X + 0, Y: m.Y + 0, Z: m.Z + 0}
			}
			if !have[m] {
				t.Fatalf("vertex %v has no reflection %v", v, m)
			}
		}
	}
}

func TestMirrorSameForAnyWorkers(t *testing.T) {
	s := sdf.Scale(reference.R1(), 0.25)
	var ref *mesh.Mesh
	for _, w := range []int{1, 3} {
		r, err := Mesher{Cell: 0.2, Tolerance: 0.01, Mirror: true, Workers: w}.Mesh(t.Context(), s)
		if err != nil {
			t.Fatal(err)
		}
		if ref == nil {
			ref = r.Mesh
			continue
		}
		if len(r.Mesh.Triangles) != len(ref.Triangles) || len(r.Mesh.Vertices) != len(ref.Vertices) {
			t.Fatalf("workers %d: %d triangles, want %d", w, len(r.Mesh.Triangles), len(ref.Triangles))
		}
		for i := range ref.Vertices {
			if r.Mesh.Vertices[i] != ref.Vertices[i] {
				t.Fatalf("workers %d: vertex %d differs", w, i)
			}
		}
		for i := range ref.Triangles {
			if r.Mesh.Triangles[i] != ref.Triangles[i] {
				t.Fatalf("workers %d: triangle %d differs", w, i)
			}
		}
	}
}
