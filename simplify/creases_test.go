package simplify_test

import (
	"math"
	"testing"

	"yanchu/geom"
	"yanchu/isosurface"
	"yanchu/mesh"
	"yanchu/sdf"
	"yanchu/sharpen"
	"yanchu/simplify"
)

// A sharpened box, simplified knowing its creases, comes down to a few hundred
// triangles that all lie within the tolerance of the box, corners and edges too;
// not knowing them, the simplifier keeps the bands along the edges fine.
func TestCreasesSimplifyAlong(t *testing.T) {
	s := sdf.Translate(sdf.Box(geom.V(10.13, 6.07, 4.31), 0), geom.V(0.031, 0.017, 0.053))
	u, err := isosurface.Mesher{Cell: 0.2}.Mesh(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	r := sharpen.Mesh(sharpen.Input{Vertices: u.Mesh.Vertices, Triangles: u.Mesh.Triangles}, sharpen.Options{Field: s.At, Tol: 0.005})
	opt := simplify.Options{Tol: 0.01, Field: s.At}
	knowing := simplify.Mesh(simplify.Input{Vertices: r.Vertices, Triangles: r.Triangles, Normals: r.Normals,
		Creases: r.Second, Locked: r.Fixed}, opt)
	blind := simplify.Mesh(simplify.Input{Vertices: r.Vertices, Triangles: r.Triangles, Normals: r.Normals}, opt)
	m := &mesh.Mesh{Vertices: knowing.Vertices, Triangles: knowing.Triangles}
	if err := mesh.Validate(m); err != nil {
		t.Fatal(err)
	}
	worst := 0.0
	for _, tr := range m.Triangles {
		a, b, c := m.Vertices[tr[0]], m.Vertices[tr[1]], m.Vertices[tr[2]]
		for _, p := range [7]geom.Vec3{a, b, c, a.Add(b).Scale(0.5), b.Add(c).Scale(0.5), c.Add(a).Scale(0.5), a.Add(b).Add(c).Scale(1.0 / 3)} {
			worst = math.Max(worst, math.Abs(s.At(p)))
		}
	}
	t.Logf("%d triangles sharpened; %d simplified knowing the creases (deviation %.4f mm), %d not knowing them",
		len(r.Triangles), len(knowing.Triangles), worst, len(blind.Triangles))
	if worst > 0.01 {
		t.Errorf("deviation %.4f mm, want at most 0.01", worst)
	}
	if len(knowing.Triangles) > 400 || 4*len(knowing.Triangles) > len(blind.Triangles) {
		t.Errorf("%d triangles knowing the creases, %d not: want under 400 and under a quarter", len(knowing.Triangles), len(blind.Triangles))
	}
	if len(knowing.Creases) != len(knowing.Vertices) {
		t.Errorf("%d second normals for %d vertices", len(knowing.Creases), len(knowing.Vertices))
	}
}
