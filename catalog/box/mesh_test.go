package box_test

import (
	"math"
	"path/filepath"
	"slices"
	"testing"

	"yanchu/catalog"
	"yanchu/encoding/stl"
	"yanchu/geom"
	"yanchu/internal/meshtest"
	"yanchu/mesh"
	"yanchu/pipeline"
	"yanchu/spec"
)

// exported meshes the model the pipeline's way (as make does: lean at 0.01 mm,
// from the surface in closed form where the model has one, else each body on
// its own when the model asks), writes it as STL and reads the file back: the
// tests measure what a person gets.
func exported(t testing.TB, m *catalog.Model) *mesh.Mesh {
	t.Helper()
	path := filepath.Join(t.TempDir(), "m.stl")
	opt := pipeline.Options{Cell: m.Cell, Tolerance: 0.01, Names: m.PartNames(),
		Outputs: []pipeline.Output{{Format: "stl", Path: path}}, Surface: m.Surface}
	if m.BodiesApart {
		opt.Bodies = m.Bodies
	}
	_, err := pipeline.Mesh(t.Context(), m.Solid, opt)
	if err != nil {
		t.Fatal(err)
	}
	out, err := stl.DecodeFile(path, stl.DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// hits returns where the line through o along axis (0 x, 1 y, 2 z) passes
// through the mesh's triangles, sorted, each place once. It is the test's own
// ray cast (Möller–Trumbore), independent of the domain's measure.
func hits(m *mesh.Mesh, o geom.Vec3, axis int) []float64 {
	var dir geom.Vec3
	switch axis {
	case 0:
		dir.X = 1
	case 1:
		dir.Y = 1
	default:
		dir.Z = 1
	}
	var out []float64
	for _, tr := range m.Triangles {
		if t, ok := meshtest.RayHit(m.Vertices[tr[0]], m.Vertices[tr[1]], m.Vertices[tr[2]], o, dir); ok {
			out = append(out, t+o.Comp(axis))
		}
	}
	slices.Sort(out)
	return slices.CompactFunc(out, func(x, y float64) bool { return math.Abs(x-y) < 1e-6 })
}

// within returns the hits between lo and hi.
func within(xs []float64, lo, hi float64) []float64 {
	var out []float64
	for _, x := range xs {
		if x > lo && x < hi {
			out = append(out, x)
		}
	}
	return out
}

// rrArea is the area of a w by h rectangle with corners of radius r.
func rrArea(w, h, r float64) float64 { return w*h - (4-math.Pi)*r*r }

// The field test: on the exported mesh of each box, the clearance between the
// lid and the box measures as said within 0.05 mm, for both lid styles; the
// mesh holds one closed body per part, listed in Parts' order; the box's outer
// size, its inside, its dividers on a cross-section and (for lids that do not
// cut the walls) its volume are what the parameters say. Expected values come
// from the parameters by the formulas here, never from the domain's code.
func TestFitOnExportedMesh(t *testing.T) {
	tests := []struct {
		words string
		long  bool // skipped in short mode
	}{
		{"box with lid 100x60x40 wall 2", false},
		{"滑盖盒子 80x50x30 2个隔板", false},
		{"open box 60x40x20 2 dividers", false},
		{"带盖收纳盒 80×80×50 3个隔板 圆角0 间隙0.3", true},
		{"sliding lid box 90x60x35 wall 3 clearance 0.35 corner 8", true},
		// A thick lid on a short box: the lid's bounding box is the larger.
		{"box 80x60x14 wall 5 floor 1 lip 6", true},
	}
	d, _ := theDomain(t)
	for _, tt := range tests {
		t.Run(tt.words, func(t *testing.T) {
			if tt.long && testing.Short() {
				t.Skip("meshing takes over a second")
			}
			s := understand(t, tt.words)
			m, err := d.Build(t.Context(), s, catalog.Inputs{})
			if err != nil {
				t.Fatal(err)
			}
			out := exported(t, m)
			f := mesh.Analyze(out)
			if !f.Watertight || !f.Manifold || !f.Outward {
				t.Fatalf("watertight %v, manifold %v, outward %v: %v", f.Watertight, f.Manifold, f.Outward, f.Problems)
			}
			checkBox(t, s, m, out, f)
		})
	}
}

// checkBox measures one box on its mesh.
func checkBox(t *testing.T, s *spec.Spec, m *catalog.Model, out *mesh.Mesh, f *mesh.Facts) {
	sz := s.Params["size"].Vec
	L, W, H := sz[0], sz[1], sz[2]
	wall, floor, c, r := s.Num("wall"), s.Num("floor"), s.Num("clearance"), s.Num("corner")
	lid, n := s.Text("lid"), int(s.Num("dividers"))
	plate := math.Max(wall, 2)
	hb := H // the box body's height
	if lid == "lift" {
		hb = H - plate
	}
	li, wi, ri := L-2*wall, W-2*wall, math.Max(r-wall, 0)

	// Bodies: one per part, each where its name says.
	want := map[string]geom.Vec3{"box": geom.V(L, W, hb)}
	switch lid {
	case "lift":
		want["lid"] = geom.V(L, W, plate+s.Num("lip"))
	case "slide":
		want["lid"] = geom.V(L-wall+wall/2-c, W-wall-2*c, plate)
	}
	if len(f.Bodies) != len(want) || len(m.Parts) != len(want) {
		t.Fatalf("got %d bodies and %d parts, want %d", len(f.Bodies), len(m.Parts), len(want))
	}
	var boxBounds, lidBounds geom.Box
	for i, p := range m.Parts {
		got := f.Bodies[i].Bounds.Size()
		w := want[p.Name]
		if got.Sub(w).Abs().MaxComp() > 0.05 {
			t.Errorf("body %d (%s) is %.3f x %.3f x %.3f, want %g x %g x %g", i, p.Name, got.X, got.Y, got.Z, w.X, w.Y, w.Z)
		}
		if f.Bodies[i].Bounds.Min.Z < -0.01 || f.Bodies[i].Bounds.Min.Z > 0.01 {
			t.Errorf("%s: stands at z = %.3f, want on the bed", p.Name, f.Bodies[i].Bounds.Min.Z)
		}
		if p.Name == "box" {
			boxBounds = f.Bodies[i].Bounds
		} else {
			lidBounds = f.Bodies[i].Bounds
		}
	}
	if lid != "none" {
		if lw, bw := want["lid"].Len(), want["box"].Len(); lw > bw != (m.Parts[0].Name == "lid") {
			t.Errorf("parts %v: the lid's bounding box is %.1f mm across and the box's %.1f; want the larger first", m.PartNames(), lw, bw)
		}
		if gap := lidBounds.Min.Y - boxBounds.Max.Y; gap < 5 {
			t.Errorf("the lid lies %.2f mm from the box, want apart", gap)
		}
	}
	mid := boxBounds.Max.Y + 1 // between the box and the lid
	fit := 0.05                // how near the clearance measures to what was said
	if m.Surface != nil {
		fit = 1e-4 // exact, but for the STL's single precision
	}
	ly := lidBounds.Center().Y

	// The inside, low down: its length between the end walls, its width, and a
	// face pair for each divider (all below the dividers' tops).
	x0 := -li/2 + (li-float64(n)*wall)/float64(n+1)/2 + 0.113 // in the first compartment
	z0 := floor + 0.7
	along := within(hits(out, geom.V(0, 0.127, z0), 0), -L, L)
	if got := (len(along) - 4) / 2; len(along)%2 != 0 || got != n {
		t.Errorf("a cross-section along the length shows %d walls (%d faces), want %d dividers", got, len(along), n)
	} else if got := along[len(along)-2] - along[1]; math.Abs(got-li) > 0.05 {
		t.Errorf("the inside is %.3f mm long, want %g", got, li)
	}
	across := within(hits(out, geom.V(x0, 0, z0), 1), -W, mid)
	if len(across) != 4 || math.Abs(across[2]-across[1]-wi) > 0.05 {
		t.Errorf("across the inside: faces at %.3f, want 4 with %g mm between the middle two", across, wi)
	}
	if up := hits(out, geom.V(x0, 0.127, -1), 2); len(up) < 2 || math.Abs(up[1]-floor) > 0.05 {
		t.Errorf("up through the floor: faces at %.3f, want the floor's top at %g", up, floor)
	}

	// The fit.
	switch lid {
	case "lift":
		lip := s.Num("lip")
		zb, zl := hb-lip/2, plate+lip/2
		for axis, size := range []float64{li, wi} {
			var box, lip []float64
			if axis == 0 {
				box = within(hits(out, geom.V(0, 0.127, zb), 0), -L, L)
				lip = hits(out, geom.V(0, ly+0.127, zl), 0)
			} else {
				box = within(hits(out, geom.V(0.113, 0, zb), 1), -W, mid)
				lip = within(hits(out, geom.V(0.113, 0, zl), 1), mid, math.Inf(1))
			}
			if len(box) != 4 || len(lip) != 4 {
				t.Fatalf("along %c: %d faces of the box, %d of the lip; want 4 and 4", "xy"[axis], len(box), len(lip))
			}
			opening, outside := box[2]-box[1], lip[3]-lip[0]
			if math.Abs(opening-size) > 0.05 || math.Abs(outside-(size-2*c)) > 0.05 {
				t.Errorf("along %c: opening %.3f mm, lip %.3f mm; want %g and %g", "xy"[axis], opening, outside, size, size-2*c)
			}
			if got := (opening - outside) / 2; math.Abs(got-c) > fit {
				t.Errorf("along %c: the lid's lip clears the box by %.3f mm, want %g", "xy"[axis], got, c)
			}
			if got := lip[1] - lip[0]; math.Abs(got-wall) > 0.05 {
				t.Errorf("along %c: the lip is %.3f mm thick, want %g", "xy"[axis], got, wall)
			}
		}
	case "slide":
		g, gh := wall/2, plate+2*c
		rail := math.Ceil((math.Sqrt(3)*g+math.Max(g, 0.8))*2) / 2 // the grooves' 60° top and half the wall above it
		zg := H - rail - gh/2                                      // the grooves' middle
		box := within(hits(out, geom.V(-0.113, 0, zg), 1), -W, mid)
		lidY := within(hits(out, geom.V(-0.113, 0, plate/2), 1), mid, math.Inf(1))
		if len(box) != 4 || len(lidY) != 2 {
			t.Fatalf("across: %d faces of the box, %d of the lid; want 4 and 2", len(box), len(lidY))
		}
		if got := ((box[2] - box[1]) - (lidY[1] - lidY[0])) / 2; math.Abs(got-c) > 0.05 || math.Abs(box[2]-box[1]-(wi+2*g)) > 0.05 {
			t.Errorf("across: grooves %.3f mm apart, lid %.3f mm wide: %.3f mm each side, want %g (grooves %g apart)", box[2]-box[1], lidY[1]-lidY[0], got, c, wi+2*g)
		}
		wallUp := hits(out, geom.V(-0.113, wi/2+g-c, -1), 2) // where the lid's edge lies
		lidUp := hits(out, geom.V(-0.113, ly+0.127, -1), 2)
		if len(wallUp) != 4 || len(lidUp) != 2 {
			t.Fatalf("up: %d faces in the wall, %d in the lid; want 4 and 2", len(wallUp), len(lidUp))
		}
		if got := ((wallUp[2] - wallUp[1]) - (lidUp[1] - lidUp[0])) / 2; math.Abs(got-c) > 0.05 || math.Abs(wallUp[2]-wallUp[1]-gh) > 0.05 {
			t.Errorf("up: groove %.3f mm, lid %.3f mm: %.3f mm above and below, want %g (groove %g)", wallUp[2]-wallUp[1], lidUp[1]-lidUp[0], got, c, gh)
		}
		// Along: the far groove's end to the box's near end, against the lid.
		far := within(hits(out, geom.V(0, 0.127, zg), 0), -L, L)
		lidX := hits(out, geom.V(0, ly+0.127, plate/2), 0)
		if len(far) != 2 || len(lidX) != 2 {
			t.Fatalf("along: %d faces at the grooves (want 2: the near end is open), %d of the lid", len(far), len(lidX))
		}
		if got := (L/2 - far[1]) - (lidX[1] - lidX[0]); math.Abs(got-c) > 0.05 {
			t.Errorf("along: %.3f mm between the lid's end and the far groove's, want %g", got, c)
		}
	}
	for _, ms := range m.Measures {
		got, err := ms.Of(out)
		if err != nil {
			t.Errorf("%s: %v", ms.Name, err)
		} else if math.Abs(got-c) > fit {
			t.Errorf("%s: measures %.6f %s, want %g", ms.Name, got, ms.Unit, c)
		}
	}

	// The box body's volume, where the lid cuts nothing into the walls.
	if lid != "slide" {
		top := H // the dividers' tops
		if lid == "lift" {
			top = hb - s.Num("lip") - 1
		}
		want := rrArea(L, W, r)*hb - rrArea(li, wi, ri)*(hb-floor) + float64(n)*wall*wi*(top-floor)
		for i, p := range m.Parts {
			if got := f.Bodies[i].Volume; p.Name == "box" && math.Abs(got-want) > 0.002*want {
				t.Errorf("the box's volume is %.0f mm³, want %.0f within 0.2%%", got, want)
			}
		}
	}
}

// The examples of /work/shared/examples/prompts.tsv, made as `yanchu make`
// makes them: two parts, and the part named "box" the size said across.
func TestExamples(t *testing.T) {
	theDomain(t) // the box is registered before pipeline reads the domains
	for _, ex := range []struct {
		words string
		x, y  float64
	}{
		{"box with lid 100x60x40 wall 2", 100, 60},
		{"带盖收纳盒 80×80×50", 80, 80},
	} {
		t.Run(ex.words, func(t *testing.T) {
			u, err := pipeline.Understand(ex.words)
			if err != nil {
				t.Fatal(err)
			}
			if u.Spec.Domain != "box" {
				t.Fatalf("got domain %q, want box", u.Spec.Domain)
			}
			res, err := pipeline.Make(t.Context(), u, pipeline.MakeOptions{Dir: t.TempDir(), Formats: []string{"3mf", "stl"}})
			if err != nil {
				t.Fatal(err)
			}
			if res.Mesh.Components != 2 || len(res.Mesh.Parts) != 2 {
				t.Fatalf("got %d bodies, %d parts; want 2", res.Mesh.Components, len(res.Mesh.Parts))
			}
			found := false
			for _, p := range res.Mesh.Parts {
				if p.Name != "box" {
					continue
				}
				found = true
				if x, y := p.BBox.Max[0]-p.BBox.Min[0], p.BBox.Max[1]-p.BBox.Min[1]; math.Abs(x-ex.x) > 0.2 || math.Abs(y-ex.y) > 0.2 {
					t.Errorf("the box part is %.3f x %.3f mm, want %g x %g within 0.2", x, y, ex.x, ex.y)
				}
			}
			if !found {
				t.Errorf("no part named box among %v", res.Mesh.Parts)
			}
			if len(res.Files) != 2 {
				t.Errorf("got %d files, want 3mf and stl", len(res.Files))
			}
		})
	}
}
