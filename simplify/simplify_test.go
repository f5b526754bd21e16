package simplify_test

import (
	"math"
	"testing"

	"yanchu/geom"
	"yanchu/isosurface"
	"yanchu/mesh"
	"yanchu/sdf"
	"yanchu/simplify"
)

// deviation measures how far the mesh strays from the solid's surface, at every
// vertex, edge midpoint and centroid.
func deviation(m *mesh.Mesh, s sdf.Solid) float64 {
	worst := 0.0
	for _, t := range m.Triangles {
		a, b, c := m.Vertices[t[0]], m.Vertices[t[1]], m.Vertices[t[2]]
		for _, p := range []geom.Vec3{a, b, c, a.Add(b).Scale(0.5), b.Add(c).Scale(0.5), c.Add(a).Scale(0.5), a.Add(b).Add(c).Scale(1.0 / 3)} {
			worst = math.Max(worst, math.Abs(s.At(p)))
		}
	}
	return worst
}

// smoothSolids are solids without creases, meshed at 0.1 mm by the tests, with
// their bodies and the largest share of their uniform triangles a lean mesh keeps.
var smoothSolids = []struct {
	name   string
	s      sdf.Solid
	bodies int
	most   float64
}{
	{"sphere", sdf.Sphere(10), 1, 0.1},
	{"torus", sdf.Torus(8, 3), 1, 0.15},
	{"nested spheres", sdf.Union(sdf.Shell(sdf.Sphere(10), 1), sdf.Sphere(8.6)), 2, 0.12},
}

// keepsGuarantees fails t unless m is valid, has the given number of bodies,
// strays at most tol from s and has no triangles crossing.
func keepsGuarantees(t *testing.T, name string, m *mesh.Mesh, s sdf.Solid, bodies int, tol float64) {
	t.Helper()
	f := mesh.Analyze(m)
	if err := f.Err(); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(f.Bodies) != bodies {
		t.Errorf("%s: got %d bodies, want %d", name, len(f.Bodies), bodies)
	}
	if d := deviation(m, s); d > tol {
		t.Errorf("%s: deviation %.4f mm, want at most %g", name, d, tol)
	}
	if x := mesh.SelfIntersections(m, 1); len(x) > 0 {
		t.Errorf("%s: triangles %d and %d intersect", name, x[0].A, x[0].B)
	}
}

// Smooth solids simplify to a small share of their uniform mesh, stay closed,
// keep their bodies and stay within the tolerance.
func TestSimplifySmooth(t *testing.T) {
	for _, c := range smoothSolids {
		r, err := isosurface.Mesher{Cell: 0.1}.Mesh(t.Context(), c.s)
		if err != nil {
			t.Fatal(err)
		}
		const tol = 0.01
		out := simplify.Mesh(simplify.Input{Vertices: r.Mesh.Vertices, Triangles: r.Mesh.Triangles},
			simplify.Options{Tol: tol, Field: c.s.At})
		m := &mesh.Mesh{Vertices: out.Vertices, Triangles: out.Triangles}
		keepsGuarantees(t, c.name, m, c.s, c.bodies, tol)
		share := float64(len(m.Triangles)) / float64(len(r.Mesh.Triangles))
		if share > c.most {
			t.Errorf("%s: kept %d of %d triangles (%.1f%%), want at most %.0f%%", c.name, len(m.Triangles), len(r.Mesh.Triangles), 100*share, 100*c.most)
		}
		for i, v := range out.Kept {
			if out.Vertices[i] == r.Mesh.Vertices[v] {
				continue
			}
			if math.Abs(c.s.At(out.Vertices[i])) > tol/4 {
				t.Fatalf("%s: moved vertex %d is %.4f mm off the surface", c.name, i, c.s.At(out.Vertices[i]))
			}
		}
	}
}

// Locked vertices stay where they are.
func TestSimplifyLocked(t *testing.T) {
	s := sdf.Sphere(5)
	r, err := isosurface.Mesher{Cell: 0.2}.Mesh(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	locked := make([]bool, len(r.Mesh.Vertices))
	for i, v := range r.Mesh.Vertices {
		locked[i] = v.Z > 3
	}
	out := simplify.Mesh(simplify.Input{Vertices: r.Mesh.Vertices, Triangles: r.Mesh.Triangles, Locked: locked},
		simplify.Options{Tol: 0.01, Field: s.At})
	kept := map[int32]bool{}
	for i, v := range out.Kept {
		kept[v] = true
		if locked[v] && out.Vertices[i] != r.Mesh.Vertices[v] {
			t.Fatalf("locked vertex %d moved", v)
		}
	}
	for i, l := range locked {
		if l && !kept[int32(i)] {
			t.Fatalf("locked vertex %d vanished", i)
		}
	}
	if err := mesh.Validate(&mesh.Mesh{Vertices: out.Vertices, Triangles: out.Triangles}); err != nil {
		t.Fatal(err)
	}
}

// Straddling the surface keeps every guarantee with far fewer triangles: the
// vertices stand off the surface by at most MaxStraddle of the tolerance, to
// the outside of a convex solid and the inside of a cavity, and the triangles
// stay within the tolerance.
func TestSimplifyStraddle(t *testing.T) {
	const tol = 0.01
	const most = 0.65 // the largest share of the triangles kept without straddling
	for _, c := range smoothSolids {
		r, err := isosurface.Mesher{Cell: 0.1}.Mesh(t.Context(), c.s)
		if err != nil {
			t.Fatal(err)
		}
		in := simplify.Input{Vertices: r.Mesh.Vertices, Triangles: r.Mesh.Triangles}
		plain := simplify.Mesh(in, simplify.Options{Tol: tol, Field: c.s.At})
		out := simplify.Mesh(in, simplify.Options{Tol: tol, Field: c.s.At, Straddle: simplify.MaxStraddle})
		m := &mesh.Mesh{Vertices: out.Vertices, Triangles: out.Triangles}
		keepsGuarantees(t, c.name, m, c.s, c.bodies, tol)
		if n, p := len(out.Triangles), len(plain.Triangles); float64(n) > most*float64(p) {
			t.Errorf("%s: %d triangles straddling, %d not; want at most %.0f%%", c.name, n, p, 100*most)
		}
		off := 0
		for _, v := range out.Vertices {
			d := c.s.At(v)
			if math.Abs(d) > simplify.MaxStraddle*tol*1.01 {
				t.Fatalf("%s: vertex %v is %.4f mm off the surface, want at most %.4f", c.name, v, d, simplify.MaxStraddle*tol)
			}
			if math.Abs(d) > tol/10 {
				off++
			}
		}
		if off == 0 {
			t.Errorf("%s: no vertex stands off the surface", c.name)
		}
	}
}
