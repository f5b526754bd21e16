package box_test

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"yanchu/badinput"
	"yanchu/catalog"
	"yanchu/geom"
	"yanchu/isosurface"
	"yanchu/mesh"
	"yanchu/spec"
)

// surfaceBoxes are boxes of every kind the surface in closed form meshes.
var surfaceBoxes = []string{
	"box",                           // the defaults: 100x60x40, corner 3 over a 2 mm wall
	"box with lid 100x60x40 wall 2", // the examples
	"带盖收纳盒 80×80×50",
	"box 100x60x40 corner 0",        // sharp inside and out
	"box 100x60x40 wall 3 corner 2", // corner < wall: sharp inside
	"box 100x60x40 wall 2 corner 2", // corner = wall
	"box 100x60x40 corner 8",        // corner > wall
	"box 100x60x40 corner 30",       // the ends round into half circles
	"box 120x60x40 1 divider",
	"open box 60x40x20 2 dividers", // dividers level with the rim
	"带盖收纳盒 80×80×50 3个隔板 圆角0 间隙0.3",
	"box 130x60x40 corner 25 4 dividers",
	"box 120x60x40 5 dividers corner 0",
	"box 130x60x40 corner 28 5 dividers",   // dividers meeting the inside's arcs
	"box 130x60x40 corner 22.5 5 dividers", // a divider's faces either side of where an arc begins
	"open box 120x60x30 corner 28 5 dividers",
	"open box 80x50x30",                     // no lid
	"box 100x60x40 wall 5 floor 4",          // thick walls
	"box 80x60x14 wall 5 floor 1 lip 6",     // the lid's bounding box is the larger
	"box 60x40x30 corner 2.3 clearance 0.5", // the lip's corner sharp, the plate's round
}

// arcWidthLoss returns ∫ (r - √(r² - u²)) du from 0 to u: how much narrower,
// on each side, a rounded end makes a strip u into its arc.
func arcWidthLoss(r, u float64) float64 {
	if r == 0 || u <= 0 {
		return 0
	}
	u = math.Min(u, r)
	return r*u - (u*math.Sqrt(r*r-u*u)+r*r*math.Asin(u/r))/2
}

// stripArea returns the area of the rounded rectangle w by h, corners r, that
// lies between x0 and x1.
func stripArea(w, h, r, x0, x1 float64) float64 {
	c := w/2 - r                         // where the ends begin to round
	loss := func(a, b float64) float64 { // over a <= x <= b, x >= 0
		return arcWidthLoss(r, b-c) - arcWidthLoss(r, a-c)
	}
	area := h * (x1 - x0)
	if x1 > c {
		area -= 2 * loss(math.Max(x0, c), x1)
	}
	if x0 < -c {
		area -= 2 * loss(math.Max(-x1, c), -x0)
	}
	return area
}

// wantBodies returns each part's volume (mm³) and bounding box size, from the
// parameters by the test's own formulas.
func wantBodies(s *spec.Spec) map[string][2]any {
	sz := s.Params["size"].Vec
	L, W, H := sz[0], sz[1], sz[2]
	wall, floor, r := s.Num("wall"), s.Num("floor"), s.Num("corner")
	lid, n := s.Text("lid"), int(s.Num("dividers"))
	li, wi, ri := L-2*wall, W-2*wall, math.Max(r-wall, 0)
	hb, top := H, H // the body's height, the dividers' tops
	if lid == "lift" {
		hb = H - math.Max(wall, 2)
		top = hb - s.Num("lip") - 1
	}
	v := rrArea(L, W, r)*hb - rrArea(li, wi, ri)*(hb-floor)
	comp := (li - float64(n)*wall) / float64(n+1)
	for i := range n {
		x0 := -li/2 + float64(i+1)*comp + float64(i)*wall
		v += stripArea(li, wi, ri, x0, x0+wall) * (top - floor)
	}
	out := map[string][2]any{"box": {v, geom.V(L, W, hb)}}
	if lid == "lift" {
		c, p, lip := s.Num("clearance"), math.Max(wall, 2), s.Num("lip")
		lo, wo, ro := li-2*c, wi-2*c, math.Max(ri-c, 0)
		ring := rrArea(lo, wo, ro) - rrArea(lo-2*wall, wo-2*wall, math.Max(ro-wall, 0))
		out["lid"] = [2]any{rrArea(L, W, r)*p + ring*lip, geom.V(L, W, p+lip)}
	}
	return out
}

// surfaceOf builds the words and meshes the model's surface within tol.
func surfaceOf(t *testing.T, words string, tol float64) (*spec.Spec, *catalog.Model, *mesh.Mesh) {
	t.Helper()
	d, _ := theDomain(t)
	s := understand(t, words)
	model, err := d.Build(t.Context(), s, catalog.Inputs{})
	if err != nil {
		t.Fatal(err)
	}
	if model.Surface == nil {
		t.Fatalf("%s: no Surface", words)
	}
	m, err := model.Surface(t.Context(), tol)
	if err != nil {
		t.Fatal(err)
	}
	return s, model, m
}

// TestSurface: for boxes of every kind the surface mesh is closed, manifold,
// outward, no triangle crossing another, with one body per part in Parts'
// order, each of the size and the volume the parameters make (within 0.1%);
// every vertex lies on the solid's surface, and every vertex, edge midpoint
// and centroid within the tolerance of it.
func TestSurface(t *testing.T) {
	for _, words := range surfaceBoxes {
		for _, tol := range []float64{0.01, 0.1} {
			t.Run(words, func(t *testing.T) {
				s, model, m := surfaceOf(t, words, tol)
				f := mesh.Analyze(m)
				if err := f.Err(); err != nil || !f.Watertight || !f.Manifold || !f.Outward || f.Degenerate > 0 || f.UnusedVertices > 0 {
					t.Fatalf("tol %g: %v; watertight %v, manifold %v, outward %v, %d degenerate triangles, %d unused vertices",
						tol, err, f.Watertight, f.Manifold, f.Outward, f.Degenerate, f.UnusedVertices)
				}
				if x := mesh.SelfIntersections(m, 1); len(x) > 0 {
					t.Errorf("tol %g: triangles %d and %d cross", tol, x[0].A, x[0].B)
				}
				want := wantBodies(s)
				if len(f.Bodies) != len(model.Parts) || len(want) != len(model.Parts) {
					t.Fatalf("tol %g: %d bodies, %d parts, want %d", tol, len(f.Bodies), len(model.Parts), len(want))
				}
				for i, p := range model.Parts {
					vol, size := want[p.Name][0].(float64), want[p.Name][1].(geom.Vec3)
					if got := f.Bodies[i].Bounds.Size(); got.Sub(size).Abs().MaxComp() > 1e-6 {
						t.Errorf("tol %g: body %d (%s) is %.4f x %.4f x %.4f, want %g x %g x %g", tol, i, p.Name, got.X, got.Y, got.Z, size.X, size.Y, size.Z)
					}
					if got := f.Bodies[i].Volume; tol == 0.01 && math.Abs(got-vol) > 1e-3*vol {
						t.Errorf("tol %g: %s: volume %.1f mm³, want %.1f within 0.1%%", tol, p.Name, got, vol)
					}
				}
				worst := 0.0
				for _, v := range m.Vertices {
					worst = math.Max(worst, math.Abs(model.Solid.At(v)))
				}
				if worst > 1e-9 {
					t.Errorf("tol %g: a vertex lies %.3g mm off the surface", tol, worst)
				}
				if dev, over := isosurface.Deviation(m, model.Solid.At, tol); dev > tol || over > 0 {
					t.Errorf("tol %g: deviation %.4f mm, %.2f%% of points over", tol, dev, 100*over)
				}
			})
		}
	}
}

// TestSurfaceRandom meshes a seeded set of random boxes that resolve, with a
// lift-off lid or none, at tolerances from 0.005 to 0.5 mm: each mesh is valid,
// a body per part, every vertex on the surface, within the tolerance of it,
// and of the parameters' volume within 0.1% at the finer tolerances.
func TestSurfaceRandom(t *testing.T) {
	d, _ := theDomain(t)
	rng := rand.New(rand.NewPCG(7, 11))
	count := 300
	if testing.Short() {
		count = 60
	}
	made := 0
	for range count {
		num := func(lo, hi float64) spec.Value {
			return spec.Value{Num: math.Round((lo+rng.Float64()*(hi-lo))*10) / 10, Unit: "mm", Source: spec.Said}
		}
		size := [3]float64{num(20, 250).Num, num(20, 150).Num, num(12, 80).Num}
		p := map[string]spec.Value{
			"size":     {Vec: size, Unit: "mm", Source: spec.Said},
			"wall":     num(0.8, 6),
			"floor":    num(0.8, 5),
			"corner":   num(0, math.Min(size[0], size[1])/2),
			"dividers": {Num: float64(rng.IntN(6)), Source: spec.Said},
			"lid":      {Text: []string{"lift", "none"}[rng.IntN(2)], Source: spec.Said},
		}
		if rng.IntN(4) == 0 {
			p["corner"] = spec.Value{Num: math.Min(size[0], size[1]) / 2, Unit: "mm", Source: spec.Said}
		}
		if p["lid"].Text == "lift" {
			p["clearance"] = num(0.05, 1)
		}
		s, err := d.Resolve(&spec.Spec{Domain: "box", Params: p, Lang: "en"})
		if err != nil {
			continue
		}
		made++
		name := spec.Canonical(d.Schema(), s)
		model, err := d.Build(t.Context(), s, catalog.Inputs{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		tol := []float64{0.005, 0.01, 0.05, 0.5}[rng.IntN(4)]
		m, err := model.Surface(t.Context(), tol)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		f := mesh.Analyze(m)
		if err := f.Err(); err != nil || f.Degenerate > 0 || f.UnusedVertices > 0 || len(f.Bodies) != len(model.Parts) {
			t.Fatalf("%s, tol %g: %v; %d degenerate triangles, %d unused vertices, %d bodies for %d parts",
				name, tol, err, f.Degenerate, f.UnusedVertices, len(f.Bodies), len(model.Parts))
		}
		want := wantBodies(s)
		for i, part := range model.Parts {
			if vol, got := want[part.Name][0].(float64), f.Bodies[i].Volume; tol <= 0.01 && math.Abs(got-vol) > 1e-3*vol {
				t.Errorf("%s, tol %g: %s: volume %.1f mm³, want %.1f within 0.1%%", name, tol, part.Name, got, vol)
			}
		}
		for _, v := range m.Vertices {
			if d := math.Abs(model.Solid.At(v)); d > 1e-9 {
				t.Fatalf("%s, tol %g: the vertex at %v lies %.3g mm off the surface", name, tol, v, d)
			}
		}
		if dev, over := isosurface.Deviation(m, model.Solid.At, tol); dev > tol || over > 0 {
			t.Errorf("%s, tol %g: deviation %.4f mm, %.2f%% of points over", name, tol, dev, 100*over)
		}
	}
	if made < count/3 {
		t.Errorf("only %d of %d random boxes resolved", made, count)
	}
}

// TestSurfaceVolumeConverges: a finer tolerance gives more triangles and the
// volume closer to the parameters'.
func TestSurfaceVolumeConverges(t *testing.T) {
	const words = "box 130x60x40 corner 28 5 dividers"
	prevTris, prevErr := 0, math.Inf(1)
	for _, tol := range []float64{0.5, 0.1, 0.01, 0.001} {
		s, model, m := surfaceOf(t, words, tol)
		f := mesh.Analyze(m)
		want := wantBodies(s)
		errSum := 0.0
		for i, p := range model.Parts {
			errSum += math.Abs(f.Bodies[i].Volume - want[p.Name][0].(float64))
		}
		if len(m.Triangles) <= prevTris || errSum >= prevErr {
			t.Errorf("tol %g: %d triangles, volume off by %.3f mm³; at the coarser tolerance %d and %.3f", tol, len(m.Triangles), errSum, prevTris, prevErr)
		}
		prevTris, prevErr = len(m.Triangles), errSum
	}
}

// TestSurfaceLidFit: on the surface mesh the lid's lip clears the opening by
// the clearance, exactly, as the model's measure finds it.
func TestSurfaceLidFit(t *testing.T) {
	for _, words := range []string{"box with lid 100x60x40 wall 2", "带盖收纳盒 80×80×50 3个隔板 圆角0 间隙0.3"} {
		s, model, m := surfaceOf(t, words, 0.01)
		if len(model.Measures) != 1 {
			t.Fatalf("%s: %d measures, want the lid's fit", words, len(model.Measures))
		}
		got, err := model.Measures[0].Of(m)
		if err != nil {
			t.Fatal(err)
		}
		if c := s.Num("clearance"); math.Abs(got-c) > 1e-6 {
			t.Errorf("%s: the lid fit gap measures %.6f mm, want %g", words, got, c)
		}
	}
}

// TestSurfaceRefuses: a sliding lid's grooves are left to the grid; bad
// tolerances, one too fine for the triangle limit, and a cancelled context are
// refused.
func TestSurfaceRefuses(t *testing.T) {
	d, _ := theDomain(t)
	slide, err := d.Build(t.Context(), understand(t, "滑盖盒子 80x50x30"), catalog.Inputs{})
	if err != nil {
		t.Fatal(err)
	}
	if slide.Surface != nil {
		t.Error("a sliding lid's box has a Surface, want the grid")
	}
	_, model, _ := surfaceOf(t, "box", 0.01)
	for _, tol := range []float64{0, -1, math.NaN(), math.Inf(1), 1e-12, 1e-300} {
		m, err := model.Surface(t.Context(), tol)
		if err == nil {
			t.Errorf("tol %g: %d triangles, want a refusal", tol, len(m.Triangles))
			continue
		}
		var bad *badinput.Error
		if tol > 0 && tol < 1 && (!errors.As(err, &bad) || bad.Code != badinput.OverLimit) {
			t.Errorf("tol %g: %v, want a refusal over the limit", tol, err)
		}
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := model.Surface(ctx, 0.01); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v, want context.Canceled", err)
	}
}

// TestSurfaceTrianglesBound: the count the model gives before meshing is never
// below the triangles the surface makes, nor over 1.5 times as many (twice
// under 1000), on boxes of every kind at tolerances from 0.005 to 0.2 mm;
// where the surface refuses a tolerance, the count is over the limit.
func TestSurfaceTrianglesBound(t *testing.T) {
	for _, words := range surfaceBoxes {
		for _, tol := range []float64{0.005, 0.01, 0.05, 0.2} {
			_, model, m := surfaceOf(t, words, tol)
			n, count := len(m.Triangles), model.SurfaceTriangles(tol)
			most := 1.5
			if n < 1000 {
				most = 2
			}
			if count < n || float64(count) > most*float64(n) {
				t.Errorf("%s, tol %g: counted %d triangles, made %d", words, tol, count, n)
			}
		}
	}
	_, model, _ := surfaceOf(t, "box", 0.01)
	if _, err := model.Surface(t.Context(), 1e-12); err == nil {
		t.Fatal("tol 1e-12: made, want a refusal")
	}
	if n := model.SurfaceTriangles(1e-12); n <= 4_000_000 {
		t.Errorf("tol 1e-12, refused: counted %d triangles, want over the limit of 4 million", n)
	}
}
