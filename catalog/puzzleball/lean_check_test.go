package puzzleball_test

import (
	"testing"

	"yanchu/catalog"
	"yanchu/isosurface"
	"yanchu/mesh"
	"yanchu/spec"
)

// Lean meshes of puzzle balls keep one body per layer, stay closed, and no
// triangle crosses another (shells 0.4 mm apart must not touch).
func TestLeanBallsDoNotIntersect(t *testing.T) {
	cases := []map[string]spec.Value{
		{"layers": {Num: 5, Source: spec.Said}, "diameter": {Num: 50, Unit: "mm", Source: spec.Said}},
		{"layers": {Num: 4, Source: spec.Said}, "diameter": {Num: 45, Unit: "mm", Source: spec.Said},
			"decoration": {Text: "cloud", Source: spec.Said}, "inner_decoration": {Text: "coin", Source: spec.Said}},
	}
	d, _ := catalog.Get("puzzleball")
	for _, params := range cases {
		r, err := d.Resolve(&spec.Spec{Domain: "puzzleball", Params: params})
		if err != nil {
			t.Fatal(err)
		}
		m, err := d.Build(t.Context(), r, catalog.Inputs{})
		if err != nil {
			t.Fatal(err)
		}
		res, err := isosurface.Mesher{Cell: m.Cell, Tolerance: 0.01}.Mesh(t.Context(), m.Solid)
		if err != nil {
			t.Fatal(err)
		}
		f := mesh.Analyze(res.Mesh)
		if err := f.Err(); err != nil {
			t.Fatal(err)
		}
		if len(f.Bodies) != len(m.Parts) {
			t.Errorf("%s: got %d bodies, want %d", spec.Canonical(d.Schema(), r), len(f.Bodies), len(m.Parts))
		}
		if x := mesh.SelfIntersections(res.Mesh, 1); len(x) > 0 {
			t.Errorf("%s: triangles %d and %d intersect", spec.Canonical(d.Schema(), r), x[0].A, x[0].B)
		}
		t.Logf("%s: %d -> %d triangles, deviation %.4f mm", spec.Canonical(d.Schema(), r), res.Fine, len(res.Mesh.Triangles), res.Deviation)
	}
}
