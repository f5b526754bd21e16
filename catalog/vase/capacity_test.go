package vase

import (
	"math"
	"testing"

	"yanchu/geom"
	"yanchu/internal/meshtest"
	"yanchu/isosurface"
	"yanchu/mesh"
	"yanchu/sdf"
)

// meshed returns the lean mesh of s at cell c, failing on an invalid mesh.
func meshed(t *testing.T, s sdf.Solid, c float64) *mesh.Mesh {
	t.Helper()
	res, err := isosurface.Mesher{Cell: c, Tolerance: 0.01}.Mesh(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	if err := mesh.Analyze(res.Mesh).Err(); err != nil {
		t.Fatal(err)
	}
	return res.Mesh
}

// TestCavityVolume checks the slicer on solids whose cavities are known
// exactly: a cylinder cup holds π r² h, a box cup w·d·h, and a sphere, a
// hollow ball (a closed void counts, as the hole of each cut) and a plain
// cylinder hold what they should.
func TestCavityVolume(t *testing.T) {
	up := func(s sdf.Solid, z float64) sdf.Solid { return sdf.Translate(s, geom.V(0, 0, z)) }
	const (
		R, r, H, floor = 15.0, 12.0, 30.0, 3.0
		side, in       = 20.0, 14.0
	)
	tests := []struct {
		name  string
		solid sdf.Solid
		cell  float64
		want  float64 // mm³
		tol   float64 // share of want, or mm³ when want is 0
	}{
		{"cylinder cup", sdf.Difference(up(sdf.Cylinder(R, H), H/2), up(sdf.Cylinder(r, H), H/2+floor)),
			1, math.Pi * r * r * (H - floor), 0.005},
		{"box cup", sdf.Difference(up(sdf.Box(geom.V(side, side, H), 0), H/2), up(sdf.Box(geom.V(in, in, H), 0), H/2+floor)),
			1, in * in * (H - floor), 0.002},
		{"hollow ball", sdf.Shell(sdf.Sphere(20), 3), 0.75, 4.0 / 3 * math.Pi * 17 * 17 * 17, 0.005},
		{"sphere", sdf.Sphere(20), 1, 0, 1e-9},
		{"cylinder", sdf.Cylinder(R, H), 1, 0, 1e-9},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := meshed(t, tc.solid, tc.cell)
			got, err := cavityVolume(t.Context(), m)
			if err != nil {
				t.Fatal(err)
			}
			if tc.want == 0 {
				if got > tc.tol {
					t.Errorf("got %.6g mm³, want none", got)
				}
				return
			}
			t.Logf("got %.2f want %.2f rel %.5f", got, tc.want, got/tc.want-1)
			if math.Abs(got-tc.want) > tc.tol*tc.want {
				t.Errorf("got %.1f mm³, want %.1f within %g%%", got, tc.want, 100*tc.tol)
			}
		})
	}
}

// TestSliceLoops cuts a box made by hand, from (0,0,0) to (2,3,4), at whole
// heights: each cut through it is one loop of area 6, counter-clockwise.
func TestSliceLoops(t *testing.T) {
	m := &mesh.Mesh{}
	meshtest.AddBox(m, geom.V(0, 0, 0), geom.V(2, 3, 4), false)
	if err := mesh.Analyze(m).Err(); err != nil {
		t.Fatal(err)
	}
	// A vertex on the plane counts as above it: the cut at the bottom face
	// misses the box, the one at the top face goes round it.
	sl, err := newSlicer(m, 0, 1, 5)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range []int{0, 1, 1, 1, 1} {
		areas, err := sl.cut(k)
		if err != nil {
			t.Fatal(err)
		}
		if len(areas) != want {
			t.Fatalf("level %d: %d loops, want %d", k, len(areas), want)
		}
		if want == 1 && math.Abs(areas[0]-6) > 1e-12 {
			t.Errorf("level %d: area %g, want 6", k, areas[0])
		}
	}
	// One triangle gone: the slicer refuses the open mesh.
	open := &mesh.Mesh{Vertices: m.Vertices, Triangles: m.Triangles[1:]}
	if _, err := cavityVolume(t.Context(), open); err == nil {
		t.Errorf("an open mesh measured without error")
	}
}
