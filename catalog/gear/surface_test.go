package gear_test

import (
	"fmt"
	"math"
	"testing"

	"yanchu/catalog"
	"yanchu/mesh"
	"yanchu/spec"
)

// The surface in closed form is a valid mesh for gears of every kind: closed,
// manifold, outward, a body per part, no triangle crossing another, every
// vertex, edge midpoint and centroid within the tolerance of the solid's field.
func TestSurfaceIsValid(t *testing.T) {
	d := gearDomain(t)
	var cases []map[string]spec.Value
	teeth, tols := []float64{6, 7, 12, 24, 41, 90}, []float64{0.01, 0.1}
	if testing.Short() {
		teeth, tols = teeth[:4], tols[:1]
	}
	for _, z := range teeth {
		for _, deg := range []float64{14.5, 20, 30} {
			cases = append(cases, map[string]spec.Value{"teeth": said(z, ""), "pressure_angle": said(deg, "deg")})
		}
	}
	cases = append(cases,
		map[string]spec.Value{"teeth": said(24, ""), "module": said(2, ""), "hub": said(20, "mm"), "bore": said(8, "mm")},
		map[string]spec.Value{"teeth": said(24, ""), "module": said(2, ""), "hub": said(20, "mm"), "bore": said(0, "mm")},
		map[string]spec.Value{"teeth": said(17, ""), "teeth2": said(9, ""), "module": said(1.5, ""), "hub": said(6, "mm")},
	)
	for _, tol := range tols {
		for _, in := range cases {
			s, err := d.Resolve(&spec.Spec{Domain: "gear", Params: in, Lang: "en"})
			if err != nil {
				t.Fatal(err)
			}
			name := fmt.Sprintf("tol %g %s", tol, spec.Canonical(d.Schema(), s))
			model, err := d.Build(t.Context(), s, catalog.Inputs{})
			if err != nil {
				t.Fatal(err)
			}
			m, err := model.Surface(t.Context(), tol)
			if err != nil {
				t.Fatal(err)
			}
			f := mesh.Analyze(m)
			if err := f.Err(); err != nil || f.Degenerate > 0 {
				t.Fatalf("%s: %v, %d degenerate triangles", name, err, f.Degenerate)
			}
			if len(f.Bodies) != len(model.Parts) {
				t.Errorf("%s: %d bodies for %d parts", name, len(f.Bodies), len(model.Parts))
			}
			// Fans of long thin wedges make this the slow part (2.8 s for 300
			// teeth, 0.44 s for 90): it runs on the tight tolerance only.
			if tol == 0.01 {
				if x := mesh.SelfIntersections(m, 1); len(x) > 0 {
					t.Errorf("%s: triangles %d and %d cross", name, x[0].A, x[0].B)
				}
			}
			worst := 0.0
			for _, tr := range m.Triangles {
				a, b, c := m.Vertices[tr[0]], m.Vertices[tr[1]], m.Vertices[tr[2]]
				for _, p := range []struct{ x, y, z float64 }{
					{a.X, a.Y, a.Z}, {(a.X + b.X) / 2, (a.Y + b.Y) / 2, (a.Z + b.Z) / 2},
					{(a.X + b.X + c.X) / 3, (a.Y + b.Y + c.Y) / 3, (a.Z + b.Z + c.Z) / 3},
				} {
					q := a
					q.X, q.Y, q.Z = p.x, p.y, p.z
					worst = math.Max(worst, math.Abs(model.Solid.At(q)))
				}
			}
			if worst > tol {
				t.Errorf("%s: a point of the mesh lies %.4f mm from the solid, over %g", name, worst, tol)
			}
		}
	}
}

// The count the model gives before meshing is never below the triangles the
// surface makes, nor over 1.5 times as many (twice under 1000): for few and
// many teeth, every pressure angle, bore and hub or none, a pair in mesh and
// one laid apart, at tolerances from 0.005 to 0.2 mm.
func TestSurfaceTrianglesBound(t *testing.T) {
	d := gearDomain(t)
	var cases []map[string]spec.Value
	for _, z := range []float64{6, 7, 24, 90} {
		for _, deg := range []float64{14.5, 20, 30} {
			cases = append(cases, map[string]spec.Value{"teeth": said(z, ""), "pressure_angle": said(deg, "deg")})
		}
	}
	cases = append(cases,
		map[string]spec.Value{"teeth": said(24, ""), "module": said(2, ""), "hub": said(20, "mm"), "bore": said(8, "mm")},
		map[string]spec.Value{"teeth": said(24, ""), "module": said(2, ""), "hub": said(20, "mm"), "bore": said(0, "mm")},
		map[string]spec.Value{"teeth": said(30, ""), "module": said(1.5, ""), "bore": said(0, "mm")},
		map[string]spec.Value{"teeth": said(17, ""), "teeth2": said(9, ""), "module": said(1.5, ""), "hub": said(6, "mm")},
	)
	for _, in := range cases {
		s, err := d.Resolve(&spec.Spec{Domain: "gear", Params: in, Lang: "en"})
		if err != nil {
			t.Fatal(err)
		}
		model, err := d.Build(t.Context(), s, catalog.Inputs{})
		if err != nil {
			t.Fatal(err)
		}
		for _, tol := range []float64{0.005, 0.01, 0.05, 0.2} {
			name := fmt.Sprintf("tol %g %s", tol, spec.Canonical(d.Schema(), s))
			m, err := model.Surface(t.Context(), tol)
			if err != nil {
				t.Fatal(err)
			}
			n, count := len(m.Triangles), model.SurfaceTriangles(tol)
			most := 1.5
			if n < 1000 {
				most = 2
			}
			if count < n || float64(count) > most*float64(n) {
				t.Errorf("%s: counted %d triangles, made %d", name, count, n)
			}
		}
	}
	for _, words := range []string{examplePr, "一对齿轮 20齿 40齿 模数2 分开摆放"} {
		_, model := build(t, words)
		m, err := model.Surface(t.Context(), 0.01)
		if err != nil {
			t.Fatal(err)
		}
		if n, count := len(m.Triangles), model.SurfaceTriangles(0.01); count < n || float64(count) > 1.5*float64(n) {
			t.Errorf("%s: counted %d triangles, made %d", words, count, n)
		}
	}
}
