package pipeline

import (
	"path/filepath"
	"testing"

	"yanchu/badinput"
	"yanchu/sdf"
)

// A GLB over its triangle limit is simplified, never meshed coarser: nested shells
// a gap apart stay separate bodies.
func TestGLBKeepsBodies(t *testing.T) {
	s := sdf.Union(sdf.Shell(sdf.Sphere(10), 1), sdf.Shell(sdf.Sphere(8.6), 1), sdf.Sphere(7.2))
	dir := t.TempDir()
	res, err := Mesh(t.Context(), s, Options{Cell: 0.2, GLBTriangles: 5000, Names: []string{"outer", "middle", "core"},
		Outputs: []Output{{Format: "glb", Path: filepath.Join(dir, "m.glb")}, {Format: "stl", Path: filepath.Join(dir, "m.stl")}}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Mesh.Components != 3 {
		t.Fatalf("mesh: got %d bodies, want 3", res.Mesh.Components)
	}
	g := res.Files[0]
	if g.Triangles > 5000 || g.Triangles == 0 {
		t.Errorf("GLB: got %d triangles, want at most 5000", g.Triangles)
	}
	if g.ToleranceMM <= 0.01 {
		t.Errorf("GLB: tolerance %g, want it loosened past 0.01 mm", g.ToleranceMM)
	}
	if res.Files[1].Triangles != res.Mesh.Triangles {
		t.Errorf("STL: got %d triangles, want the mesh's %d", res.Files[1].Triangles, res.Mesh.Triangles)
	}
}

func TestCheckRefuses(t *testing.T) {
	cases := []struct {
		name string
		opt  Options
		code string
	}{
		{"no cells", Options{}, "over_limit"},
		{"too many cells", Options{Cells: MaxCells + 1}, "over_limit"},
		{"negative cell", Options{Cell: -1}, "out_of_range"},
		{"tolerance too big", Options{Cells: 100, Tolerance: 5}, "out_of_range"},
		{"unknown format", Options{Cells: 100, Outputs: []Output{{Format: "xyz", Path: "a.xyz"}}}, "bad_request"},
	}
	for _, c := range cases {
		err := c.opt.Check()
		if err == nil {
			t.Errorf("%s: got no error, want %s", c.name, c.code)
			continue
		}
		if e := badinput.As(err); e == nil || e.Code != c.code {
			t.Errorf("%s: got %v, want code %s", c.name, err, c.code)
		}
	}
}
