package isosurface

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"yanchu/geom"
	"yanchu/mesh"
	"yanchu/reference"
	"yanchu/sdf"
	"yanchu/sdf/profile"
)

// corpus is one solid of every kind the kernel makes, in shapes that stress the
// mesher: sharp edges, thin walls, holes, blends, unbounded fields clipped.
func corpus() []struct {
	name string
	s    sdf.Solid
} {
	ball := sdf.Sphere(6)
	return []struct {
		name string
		s    sdf.Solid
	}{
		{"sphere", ball},
		{"box", sdf.Box(geom.V(10, 6, 4), 0)},
		{"rounded box", sdf.Box(geom.V(10, 6, 4), 1)},
		{"cylinder", sdf.Cylinder(3, 8)},
		{"frustum", sdf.Cone(4, 2, 6)},
		{"cone", sdf.Cone(4, 0, 6)},
		{"torus", sdf.Torus(5, 1.5)},
		{"capsule", sdf.Capsule(geom.V(-4, -1, 0), geom.V(4, 2, 1), 1.5)},
		{"halfspace in box", sdf.Intersection(sdf.HalfSpace(geom.V(1, 1, 1), 0.5), sdf.Box(geom.V(8, 8, 8), 0))},
		{"gyroid cube", sdf.Intersection(sdf.Gyroid(6, 0.8), sdf.Box(geom.V(12, 12, 12), 0))},
		{"extruded hexagon", sdf.Extrude(profile.RegularPolygon(6, 4), 5)},
		{"revolved polygon", sdf.Revolve(profile.Polygon(profile.V(1, -3), profile.V(4, -3), profile.V(2, 0), profile.V(4, 3), profile.V(1, 3)))},
		{"union", sdf.Union(ball, sdf.Translate(sdf.Box(geom.V(4, 4, 4), 0), geom.V(6, 0, 0)))},
		{"difference", sdf.Difference(sdf.Box(geom.V(10, 10, 10), 0), sdf.Cylinder(3, 12), sdf.AlignZ(sdf.Cylinder(2, 12), geom.V(1, 0, 0)))},
		{"intersection", sdf.Intersection(ball, sdf.Box(geom.V(9, 9, 9), 0))},
		{"smooth union", sdf.SmoothUnion(2, ball, sdf.Translate(sdf.Sphere(4), geom.V(7, 0, 0)))},
		{"smooth difference", sdf.SmoothDifference(1, sdf.Box(geom.V(10, 10, 10), 0), sdf.Sphere(6))},
		{"smooth intersection", sdf.SmoothIntersection(1.5, ball, sdf.Box(geom.V(9, 9, 9), 0))},
		{"shell", sdf.Shell(ball, 0.8)},
		{"offset", sdf.Offset(sdf.Box(geom.V(6, 6, 6), 0), 1)},
		{"scaled", sdf.ScaleXYZ(ball, geom.V(1.5, 1, 0.5))},
		{"mirrored cone", sdf.Mirror(sdf.Cone(4, 1, 6), geom.V(0, 0, 1))},
		{"linear repeat", sdf.LinearRepeat(sdf.Sphere(1.5), geom.V(3.5, 0, 0), 4)},
		{"polar repeat", sdf.PolarRepeat(sdf.Translate(sdf.Cylinder(1, 4), geom.V(4, 0, 0)), 6)},
		{"twist", sdf.Twist(sdf.Box(geom.V(6, 3, 12), 0), 0.2)},
		{"thin plate", sdf.Box(geom.V(10, 10, 0.1), 0)},
		{"nested shells", sdf.Union(sdf.Shell(sdf.Sphere(6), 1), sdf.Shell(sdf.Sphere(4), 1), sdf.Sphere(2))},
	}
}

func validate(t *testing.T, name string, m *mesh.Mesh) *mesh.Facts {
	t.Helper()
	f := mesh.Analyze(m)
	if err := f.Err(); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return f
}

func TestCorpusMeshesClosed(t *testing.T) {
	for _, c := range corpus() {
		for _, cell := range []float64{0.7, 0.31, 0.13} {
			r, err := Mesher{Cell: cell}.Mesh(t.Context(), c.s)
			if err != nil {
				t.Fatalf("%s at %g: %v", c.name, cell, err)
			}
			if len(r.Mesh.Triangles) == 0 && c.name != "thin plate" {
				t.Fatalf("%s at %g: empty mesh", c.name, cell)
			}
			if len(r.Mesh.Triangles) > 0 {
				validate(t, c.name, r.Mesh)
			}
			// The mesh lies within the solid's bounds, padded by a cell.
			if b := r.Mesh.Bounds(); !b.Empty() && !contains(c.s.Bounds().Expand(cell), b) {
				t.Errorf("%s at %g: mesh box %v outside the solid's bounds %v", c.name, cell, b, c.s.Bounds())
			}
		}
	}
}

func contains(outer, inner geom.Box) bool {
	return outer.Contains(inner.Min) && outer.Contains(inner.Max)
}

// Samples that land exactly on the surface (a box whose faces sit on grid planes)
// must neither open the mesh nor degenerate a triangle.
func TestSamplesOnTheSurface(t *testing.T) {
	// The grid is centred on the bounds with a whole number of cells, so with a
	// 0.5 mm cell these faces fall on grid points.
	for _, s := range []sdf.Solid{
		sdf.Box(geom.V(8, 8, 8), 0),
		sdf.Union(sdf.Box(geom.V(8, 8, 8), 0), sdf.Translate(sdf.Box(geom.V(2, 2, 2), 0), geom.V(5, 0, 0))),
		sdf.Difference(sdf.Box(geom.V(8, 8, 8), 0), sdf.Box(geom.V(4, 4, 10), 0)),
	} {
		r, err := Mesher{Cell: 0.5}.Mesh(t.Context(), s)
		if err != nil {
			t.Fatal(err)
		}
		zeros := 0
		g := newGrid(s.Bounds(), 0.5)
		for k := 0; k <= g.n[2]; k++ {
			for j := 0; j <= g.n[1]; j++ {
				for i := 0; i <= g.n[0]; i++ {
					if s.At(g.point(i, j, k)) == 0 {
						zeros++
					}
				}
			}
		}
		f := validate(t, s.String(), r.Mesh)
		if zeros == 0 {
			t.Errorf("%s: no grid point on the surface; the test does not exercise f == 0", s)
		}
		if f.Degenerate != 0 {
			t.Errorf("%s: %d degenerate triangles", s, f.Degenerate)
		}
	}
}

func TestSphereVolumeConverges(t *testing.T) {
	const r = 10.0
	want := 4.0 / 3 * math.Pi * r * r * r
	prev := math.Inf(1)
	for _, cell := range []float64{1, 0.5, 0.25} {
		res, err := Mesher{Cell: cell}.Mesh(t.Context(), sdf.Sphere(r))
		if err != nil {
			t.Fatal(err)
		}
		validate(t, "sphere", res.Mesh)
		rel := math.Abs(res.Mesh.Volume()-want) / want
		if rel >= prev {
			t.Errorf("cell %g: volume error %.4f%% did not shrink from %.4f%%", cell, 100*rel, 100*prev)
		}
		prev = rel
		if cell == 0.25 && rel > 0.005 {
			t.Errorf("cell 0.25: volume error %.4f%%, want within 0.5%%", 100*rel)
		}
	}
}

// Two shells 0.3 mm apart meshed at 0.15 mm stay two bodies.
func TestCloseShellsStayApart(t *testing.T) {
	s := sdf.Union(sdf.Shell(sdf.Sphere(10), 1), sdf.Shell(sdf.Sphere(8.7), 1))
	r, err := Mesher{Cell: 0.15}.Mesh(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	f := validate(t, "two shells", r.Mesh)
	if len(f.Bodies) != 2 {
		t.Fatalf("got %d bodies, want 2", len(f.Bodies))
	}
}

func TestReferenceBodies(t *testing.T) {
	r, err := Mesher{Cells: 120}.Mesh(t.Context(), reference.R1())
	if err != nil {
		t.Fatal(err)
	}
	f := validate(t, "r1", r.Mesh)
	if len(f.Bodies) != 8 {
		t.Fatalf("R1: got %d bodies, want 8", len(f.Bodies))
	}
	for i, b := range f.Bodies {
		// Every shell has 14 holes: a sphere with 14 holes has genus 13.
		if b.Genus != 13 {
			t.Errorf("R1 shell %d: genus %d, want 13", i, b.Genus)
		}
	}
}

func TestSameBytesAnyWorkers(t *testing.T) {
	s := reference.R1()
	var ref *mesh.Mesh
	for _, w := range []int{1, 2, 5} {
		r, err := Mesher{Cells: 90, Workers: w}.Mesh(t.Context(), s)
		if err != nil {
			t.Fatal(err)
		}
		if ref == nil {
			ref = r.Mesh
			continue
		}
		if len(r.Mesh.Vertices) != len(ref.Vertices) || len(r.Mesh.Triangles) != len(ref.Triangles) {
			t.Fatalf("workers %d: %d/%d vertices/triangles, want %d/%d", w, len(r.Mesh.Vertices), len(r.Mesh.Triangles), len(ref.Vertices), len(ref.Triangles))
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

func TestThinFeatureWarns(t *testing.T) {
	r, err := Mesher{Cell: 0.5}.Mesh(t.Context(), sdf.Union(sdf.Sphere(5), sdf.Box(geom.V(14, 14, 0.2), 0)))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Mesh.Triangles) > 0 {
		validate(t, "thin", r.Mesh)
	}
	if len(r.Warnings) == 0 || !strings.Contains(r.Warnings[0], "box side of 0.2 mm") {
		t.Fatalf("got warnings %q, want one naming the 0.2 mm box side", r.Warnings)
	}
}

func TestErrors(t *testing.T) {
	cases := []struct {
		name string
		m    Mesher
		s    sdf.Solid
		want string
	}{
		{"unbounded", Mesher{Cell: 1}, sdf.Gyroid(5, 1), "unbounded"},
		{"no cell", Mesher{}, sdf.Sphere(1), "cell"},
		{"negative cell", Mesher{Cell: -1}, sdf.Sphere(1), "cell size"},
		{"too fine", Mesher{Cell: 1e-4}, sdf.Sphere(10), "over the limit"},
	}
	for _, c := range cases {
		_, err := c.m.Mesh(t.Context(), c.s)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", c.name, err, c.want)
		}
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	calls := 0
	m := Mesher{Cells: 300, Progress: func(done, total int) {
		calls++
		if calls == 3 {
			cancel()
		}
	}}
	_, err := m.Mesh(ctx, reference.R1())
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}
