package isosurface

import (
	"math"
	"testing"

	"yanchu/geom"
	"yanchu/mesh"
	"yanchu/sdf"
)

func TestSphereQuick(t *testing.T) {
	r, err := Mesher{Cell: 0.25}.Mesh(t.Context(), sdf.Sphere(10))
	if err != nil {
		t.Fatal(err)
	}
	if err := mesh.Validate(r.Mesh); err != nil {
		t.Fatal(err)
	}
	want := 4.0 / 3 * math.Pi * 1000
	got := r.Mesh.Volume()
	t.Logf("tris %d verts %d vol %g want %g err %.4f%% samples %d leaves %d", len(r.Mesh.Triangles), len(r.Mesh.Vertices), got, want, 100*(got-want)/want, r.Samples, r.Leaves)
	_ = geom.V
}
