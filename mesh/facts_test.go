package mesh

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"yanchu/geom"
)

// body is what TestBodies checks of one Body.
type body struct {
	shells, triangles, euler, genus int
	volume                          float64
	center                          geom.Vec3
}

func TestBodies(t *testing.T) {
	o := geom.V(0, 0, 0)
	// Shells of boxes around the origin, alternating outward and inward.
	nested := func(hs ...float64) *Mesh {
		var ms []*Mesh
		for i, h := range hs {
			m := box(o, h)
			if i%2 == 1 {
				m = flipped(m)
			}
			ms = append(ms, m)
		}
		return merged(ms...)
	}
	cheb := func(i, j, k, c int) int { return max(abs(i-c), abs(j-c), abs(k-c)) }
	// A big hollow box holding a 4×4×4 grid of small boxes in its cavity.
	caged := func() *Mesh {
		ms := []*Mesh{box(o, 20), flipped(box(o, 19))}
		for i := range 4 {
			for j := range 4 {
				for k := range 4 {
					ms = append(ms, box(geom.V(float64(i*8-12), float64(j*8-12), float64(k*8-12)), 1))
				}
			}
		}
		return merged(ms...)
	}()
	sphere := func(r float64) *Mesh { return uvSphere(o, r, 24, 48) }
	ballVolume := func(ra float64) float64 { return sphere(ra).Volume() }

	tests := []struct {
		name   string
		m      *Mesh
		shells int
		want   []body
	}{
		{"tetrahedron", tetra(2), 1, []body{{1, 4, 2, 0, 8.0 / 6, geom.V(1, 1, 1)}}},
		{"cube", box(geom.V(1, 2, 3), 0.5), 1, []body{{1, 12, 2, 0, 1, geom.V(1, 2, 3)}}},
		{"hollow cube", nested(2, 1), 2, []body{{2, 24, 4, 0, 64 - 8, o}}},
		{"hollow voxel cube", voxels(3, func(i, j, k int) bool { return cheb(i, j, k, 1) == 1 }), 2,
			[]body{{2, 6*18 + 12, 4, 0, 26, geom.V(1.5, 1.5, 1.5)}}},
		{"two cubes, larger second", merged(box(o, 1), box(geom.V(5, 0, 0), 2)), 2,
			[]body{{1, 12, 2, 0, 64, geom.V(5, 0, 0)}, {1, 12, 2, 0, 8, o}}},
		{"two equal cubes", merged(box(geom.V(5, 0, 0), 1), box(o, 1)), 2,
			[]body{{1, 12, 2, 0, 8, geom.V(5, 0, 0)}, {1, 12, 2, 0, 8, o}}},
		{"cube in a hollow cube", nested(3, 2, 1), 3,
			[]body{{2, 24, 4, 0, 216 - 64, o}, {1, 12, 2, 0, 8, o}}},
		{"voxel cube in a hollow voxel cube", voxels(5, func(i, j, k int) bool { return cheb(i, j, k, 2) != 1 }), 3,
			[]body{{2, 6*50 + 6*18, 4, 0, 125 - 27, geom.V(2.5, 2.5, 2.5)}, {1, 12, 2, 0, 1, geom.V(2.5, 2.5, 2.5)}}},
		// The tetrahedron's first ray starts at (1, 1, 0), under the diagonal edges
		// of the boxes' top faces, so it grazes them and is cast again.
		{"tetrahedron in a cage, first ray grazing", merged(box(o, 10), flipped(box(o, 9)), tetra(3)), 3,
			[]body{{2, 24, 4, 0, 8000 - 5832, o}, {1, 4, 2, 0, 4.5, geom.V(1.5, 1.5, 1.5)}}},
		{"picture frame", voxels(3, func(i, j, k int) bool { return k == 0 && !(i == 1 && j == 1) }), 1,
			[]body{{1, 64, 0, 1, 8, geom.V(1.5, 1.5, 0.5)}}},
		{"double frame", voxels(5, func(i, j, k int) bool { return k == 0 && j < 3 && !(j == 1 && (i == 1 || i == 3)) }), 1,
			[]body{{1, 100, -2, 2, 13, geom.V(2.5, 1.5, 0.5)}}},
		{"nested spheres", merged(sphere(10), flipped(sphere(9)), sphere(7), flipped(sphere(6)), sphere(4)), 5,
			[]body{
				{2, 2 * 2208, 4, 0, ballVolume(10) - ballVolume(9), o},
				{2, 2 * 2208, 4, 0, ballVolume(7) - ballVolume(6), o},
				{1, 2208, 2, 0, ballVolume(4), o},
			}},
	}
	cagedWant := []body{{2, 24, 4, 0, 40*40*40 - 38*38*38, o}}
	for i := range 4 {
		for j := range 4 {
			for k := range 4 {
				cagedWant = append(cagedWant, body{1, 12, 2, 0, 8, geom.V(float64(i*8-12), float64(j*8-12), float64(k*8-12))})
			}
		}
	}
	tests = append(tests, struct {
		name   string
		m      *Mesh
		shells int
		want   []body
	}{"64 cubes in a cage", caged, 66, cagedWant})

	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := Analyze(tc.m)
			if len(f.Problems) > 0 {
				t.Fatalf("Problems: got %q, want none", f.Problems)
			}
			if f.Shells != tc.shells {
				t.Errorf("Shells: got %d, want %d", f.Shells, tc.shells)
			}
			if len(f.Bodies) != len(tc.want) {
				t.Fatalf("len(Bodies): got %d, want %d", len(f.Bodies), len(tc.want))
			}
			var total float64
			for i, w := range tc.want {
				b := f.Bodies[i]
				got := body{b.Shells, b.Triangles, b.Euler, b.Genus, b.Volume, b.Bounds.Center()}
				if got.shells != w.shells || got.triangles != w.triangles || got.euler != w.euler || got.genus != w.genus ||
					!near(got.volume, w.volume, 1e-9) || got.center.Sub(w.center).Len() > 1e-9 {
					t.Errorf("Bodies[%d]: got %+v, want %+v", i, got, w)
				}
				total += b.Volume
			}
			if !near(f.Volume, total, 1e-9) {
				t.Errorf("Volume: got %g, want the bodies' sum %g", f.Volume, total)
			}
			counts := make([]int, len(f.Bodies))
			for _, b := range f.TriangleBody {
				counts[b]++
			}
			for i, b := range f.Bodies {
				if counts[i] != b.Triangles {
					t.Errorf("TriangleBody holds %d triangles of body %d, want %d", counts[i], i, b.Triangles)
				}
			}
		})
	}
}

func TestBodiesOrder(t *testing.T) {
	// Equal cubes in a row: ties are broken by the lowest triangle index, so the
	// bodies come out in the order the cubes were merged.
	var ms []*Mesh
	for i := range 5 {
		ms = append(ms, box(geom.V(float64(-3*i), 0, 0), 1))
	}
	f := Analyze(merged(ms...))
	for i, b := range f.Bodies {
		if got, want := b.Bounds.Center().X, float64(-3*i); got != want {
			t.Errorf("Bodies[%d] centre X: got %g, want %g", i, got, want)
		}
		if got, want := f.TriangleBody[12*i], int32(i); got != want {
			t.Errorf("TriangleBody[%d]: got %d, want %d", 12*i, got, want)
		}
	}
}

func TestNestedTriangleBody(t *testing.T) {
	o := geom.V(0, 0, 0)
	m := merged(box(o, 3), flipped(box(o, 2)), box(o, 1))
	f := Analyze(m)
	for i, b := range f.TriangleBody {
		want := int32(0)
		if i >= 24 {
			want = 1
		}
		if b != want {
			t.Errorf("TriangleBody[%d]: got %d, want %d", i, b, want)
		}
	}
}

func TestSphereConverges(t *testing.T) {
	const r = 3.0
	c := geom.V(100, -50, 7) // away from the origin, to check the volume sum's accuracy
	wantV, wantA := 4.0/3*math.Pi*r*r*r, 4*math.Pi*r*r
	prevV, prevA := math.Inf(1), math.Inf(1)
	for _, n := range []int{8, 16, 32, 64, 128, 256} {
		t.Run(fmt.Sprint("rings=", n), func(t *testing.T) {
			f := Analyze(uvSphere(c, r, n, 2*n))
			if len(f.Problems) > 0 {
				t.Fatalf("Problems: got %q, want none", f.Problems)
			}
			if len(f.Bodies) != 1 || f.Bodies[0].Genus != 0 || f.Bodies[0].Euler != 2 {
				t.Fatalf("Bodies: got %+v, want one of genus 0 and Euler 2", f.Bodies)
			}
			ev, ea := math.Abs(f.Volume-wantV)/wantV, math.Abs(f.Area-wantA)/wantA
			if ev >= prevV || ea >= prevA {
				t.Errorf("relative errors of volume and area: got %.3g and %.3g, want below the coarser mesh's %.3g and %.3g",
					ev, ea, prevV, prevA)
			}
			prevV, prevA = ev, ea
		})
	}
	if prevV > 1e-4 || prevA > 1e-4 {
		t.Errorf("relative errors of volume and area at 256 rings: got %.3g and %.3g, want below 1e-4", prevV, prevA)
	}
}

func TestNonManifoldPoles(t *testing.T) {
	// Two spheres whose poles are welded into one vertex, with fans of 2·100 triangles.
	a := uvSphere(geom.V(0, 0, 1), 1, 10, 100)
	b := uvSphere(geom.V(0, 0, -1), 1, 10, 100)
	m := merged(a, b)
	south := uint32(len(a.Vertices) - 1)
	north := uint32(len(a.Vertices))
	for i := range m.Triangles {
		for k, v := range m.Triangles[i] {
			if v == north {
				m.Triangles[i][k] = south
			}
		}
	}
	f := Analyze(m)
	if f.NonManifoldVertices != 1 || !f.Watertight || f.Manifold {
		t.Errorf("NonManifoldVertices, Watertight, Manifold: got %d %v %v, want 1 true false",
			f.NonManifoldVertices, f.Watertight, f.Manifold)
	}
}

func near(got, want, rel float64) bool {
	return math.Abs(got-want) <= rel*math.Max(1, math.Abs(want))
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// A triangle whose corners stay apart in float64 but fall together in float32,
// as files store them, is degenerate: a writer could not keep it.
func TestDegenerateInAFile(t *testing.T) {
	m := &Mesh{
		Vertices:  []geom.Vec3{{X: 40, Y: 20, Z: 8}, {X: 40 + 1e-7, Y: 20, Z: 8}, {X: 40, Y: 21, Z: 8}},
		Triangles: [][3]uint32{{0, 1, 2}},
	}
	f := Analyze(m)
	if f.Degenerate != 1 || !strings.Contains(fmt.Sprint(f.Problems), "float32") {
		t.Fatalf("degenerate %d, %v; want the triangle found degenerate at float32 precision", f.Degenerate, f.Problems)
	}
}
