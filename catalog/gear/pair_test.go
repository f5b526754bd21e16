package gear_test

import (
	"math"
	"strings"
	"testing"

	"yanchu/catalog"
	"yanchu/geom"
	"yanchu/mesh"
	"yanchu/printcheck"
)

// bodyOf returns the triangles of body b of m, over all of m's vertices.
func bodyOf(m *mesh.Mesh, b int) *mesh.Mesh {
	f := mesh.Analyze(m)
	out := &mesh.Mesh{Vertices: m.Vertices}
	for i, tr := range m.Triangles {
		if int(f.TriangleBody[i]) == b {
			out.Triangles = append(out.Triangles, tr)
		}
	}
	return out
}

// centroids returns each body's volume centroid, computed from the triangles:
// the signed tetrahedra from the origin, weighted at their centroids.
func centroids(m *mesh.Mesh) []geom.Vec3 {
	f := mesh.Analyze(m)
	mom := make([]geom.Vec3, len(f.Bodies))
	vol := make([]float64, len(f.Bodies))
	for i, tr := range m.Triangles {
		b := f.TriangleBody[i]
		a, bb, c := m.Vertices[tr[0]], m.Vertices[tr[1]], m.Vertices[tr[2]]
		v := a.X*(bb.Y*c.Z-bb.Z*c.Y) - a.Y*(bb.X*c.Z-bb.Z*c.X) + a.Z*(bb.X*c.Y-bb.Y*c.X)
		vol[b] += v
		mom[b] = mom[b].Add(geom.V((a.X+bb.X+c.X)*v/4, (a.Y+bb.Y+c.Y)*v/4, (a.Z+bb.Z+c.Z)*v/4))
	}
	out := make([]geom.Vec3, len(mom))
	for i := range mom {
		out[i] = mom[i].Scale(1 / vol[i])
	}
	return out
}

// Test 2: a pair is two bodies, the larger first, their centroids m(z1+z2)/2 +
// backlash apart; the least gap the model states is the flank play of
// involutes at that distance.
func TestPairOnMesh(t *testing.T) {
	for _, how := range paths {
		t.Run(how.name, func(t *testing.T) {
			if testing.Short() && !how.surface {
				t.Skip("meshing a pair on the grid takes over a second")
			}
			pairOnMesh(t, meshed(t, examplePr, how.surface))
		})
	}
}

func pairOnMesh(t *testing.T, w *meshedWords) {
	model, m := w.model, w.m
	if got := model.PartNames(); len(got) != 2 || got[0] != "gear 2 (40 teeth)" || got[1] != "gear 1 (20 teeth)" {
		t.Fatalf("parts: got %q, want the 40-tooth gear first", got)
	}
	for _, p := range model.Parts {
		if p.Role != catalog.Moving {
			t.Errorf("%s: role %s, want %s", p.Name, p.Role, catalog.Moving)
		}
	}
	if !model.BodiesApart || len(model.Bodies) != 2 {
		t.Fatalf("BodiesApart %v with %d bodies; want true and 2", model.BodiesApart, len(model.Bodies))
	}
	f := mesh.Analyze(m)
	if w := f.Bodies[0].Bounds.Size().X; math.Abs(w-84) > 0.3 {
		t.Errorf("the first body is %.3f mm wide, want the 40-tooth gear's 84", w)
	}
	c := centroids(m)
	want := 2*(20+40)/2.0 + 0.2
	if got := c[0].Sub(c[1]).Len(); math.Abs(got-want) > 0.01 {
		t.Errorf("centre distance on the mesh: got %.4f mm, want %.4f", got, want)
	}
	// Flank play of standard involutes at the centre distance a' = a + Δa:
	// cos α' = a·cos α / a', and each flank is (rb1 + rb2)(inv α' − inv α)
	// from its mate when the teeth sit in the middle of their spaces. The
	// drawn flanks' chords lie up to 0.0015 mm inside each flank, and the
	// figure is rounded to 0.001 mm.
	a, alpha := 60.0, 20*math.Pi/180
	aw := math.Acos(a * math.Cos(alpha) / want)
	inv := func(x float64) float64 { return math.Tan(x) - x }
	play := a * math.Cos(alpha) * (inv(aw) - inv(alpha))
	if len(model.Clearances) != 1 || model.Clearances[0].MinMM < play-0.0005 || model.Clearances[0].MinMM > play+0.0035 {
		t.Errorf("clearances: got %+v, want one flank play of %.4f mm", model.Clearances, play)
	}
	got, err := model.Measures[0].Of(m)
	if err != nil || math.Abs(got-want) > 0.01 {
		t.Errorf("the model's %s measure: got %.4f, %v; want %.4f", model.Measures[0].Name, got, err, want)
	}
}

// A pair laid out to print lies side by side: two bodies whose tip circles are
// apartGap clear, centroids ra1 + ra2 + 5 mm apart, and nothing the printability
// check calls a narrow gap.
func TestPairApart(t *testing.T) {
	w := meshed(t, "一对齿轮 20齿 40齿 模数2 分开摆放", true)
	if got := w.s.Text("layout"); got != "apart" {
		t.Fatalf("layout: got %q, want apart", got)
	}
	c := centroids(w.m)
	if len(c) != 2 {
		t.Fatalf("got %d bodies, want 2", len(c))
	}
	// Tip radii from the standard formula: m(z/2 + 1).
	want := 2*(20.0/2+1) + 2*(40.0/2+1) + 5
	if got := c[0].Sub(c[1]).Len(); math.Abs(got-want) > 0.01 {
		t.Errorf("spacing: got %.4f mm, want %.4f", got, want)
	}
	for _, warn := range w.model.Warnings {
		if strings.Contains(warn, "fuse") {
			t.Errorf("a pair laid apart warns of fusing: %s", warn)
		}
	}
	res, err := printcheck.Check(t.Context(), w.m, printcheck.Generic(printcheck.FDM), printcheck.Options{MovingBodies: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Find("narrow_gap")) > 0 || !res.Printable {
		t.Errorf("report: printable %v, narrow gaps %v", res.Printable, res.Find("narrow_gap"))
	}
}
