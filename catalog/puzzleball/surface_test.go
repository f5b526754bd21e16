package puzzleball_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"yanchu/badinput"
	"yanchu/catalog"
	"yanchu/catalog/puzzleball"
	"yanchu/isosurface"
	"yanchu/mesh"
	"yanchu/spec"
)

// The plain ball meshed from its closed form: closed, manifold and outward,
// a body a layer with no triangle crossing another, within the tolerance of
// the solid everywhere (rims included), each shell's volume that of a shell
// less its caps, and its genus the number of holes less one.
func TestSurface(t *testing.T) {
	num := func(x float64, unit string) spec.Value { return spec.Value{Num: x, Unit: unit, Source: spec.Said} }
	text := func(s string) spec.Value { return spec.Value{Text: s, Source: spec.Said} }
	tests := []struct {
		name   string
		params map[string]spec.Value
		tol    float64
		// The openings of the outer shell and of the inner ones, when not
		// the holes.
		outer, inner int
	}{
		{"8 layers 80 mm", map[string]spec.Value{"layers": num(8, ""), "diameter": num(80, "mm")}, 0.01, 0, 0},
		{"6 holes", map[string]spec.Value{"layers": num(4, ""), "diameter": num(50, "mm"), "holes": num(6, "")}, 0.01, 0, 0},
		{"20 holes", map[string]spec.Value{"layers": num(5, ""), "diameter": num(60, "mm"), "holes": num(20, "")}, 0.02, 0, 0},
		{"resin", map[string]spec.Value{"layers": num(5, ""), "diameter": num(40, "mm"), "process": text("resin")}, 0.01, 0, 0},
		{"near-largest holes", map[string]spec.Value{"layers": num(9, ""), "diameter": num(40, "mm"), "hole_size": num(14.6, "mm")}, 0.01, 0, 0},
		{"preview", map[string]spec.Value{"layers": num(12, ""), "diameter": num(100, "mm")}, 0.1, 0, 0},
		{"clouds", map[string]spec.Value{"layers": num(12, ""), "diameter": num(80, "mm"), "decoration": text("cloud")}, 0.01, 14, 0},
		{"clouds, 6 holes", map[string]spec.Value{"layers": num(4, ""), "diameter": num(60, "mm"), "holes": num(6, ""), "decoration": text("cloud")}, 0.02, 6, 0},
		{"clouds, resin", map[string]spec.Value{"layers": num(20, ""), "diameter": num(100, "mm"), "process": text("resin"), "decoration": text("cloud")}, 0.05, 14, 0},
		{"coins", map[string]spec.Value{"layers": num(5, ""), "diameter": num(60, "mm"), "inner_decoration": text("coin")}, 0.01, 0, 14 + 12},
		{"clouds and coins, 6 holes", map[string]spec.Value{"layers": num(4, ""), "diameter": num(60, "mm"), "holes": num(6, ""),
			"decoration": text("cloud"), "inner_decoration": text("coin")}, 0.02, 6, 6 + 8},
	}
	d, _ := catalog.Get("puzzleball")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := d.Resolve(&spec.Spec{Domain: "puzzleball", Lang: "en", Params: tt.params})
			if err != nil {
				t.Fatal(err)
			}
			m, err := d.Build(t.Context(), r, catalog.Inputs{})
			if err != nil {
				t.Fatal(err)
			}
			if m.Surface == nil {
				t.Fatal("a plain ball has no Surface")
			}
			out, err := m.Surface(t.Context(), tt.tol)
			if err != nil {
				t.Fatal(err)
			}
			f := mesh.Analyze(out)
			if err := f.Err(); err != nil {
				t.Fatal(err)
			}
			layers, holes := int(r.Num("layers")), int(r.Num("holes"))
			if len(f.Bodies) != layers {
				t.Fatalf("%d bodies, want %d", len(f.Bodies), layers)
			}
			if x := mesh.SelfIntersections(out, 1); len(x) > 0 {
				t.Errorf("triangles %d and %d cross", x[0].A, x[0].B)
			}
			dev, over := isosurface.Deviation(out, m.Solid.At, tt.tol)
			if dev > tt.tol*1.001 {
				t.Errorf("the mesh strays %.4f mm from the solid (%.2f%% of points over %g)", dev, 100*over, tt.tol)
			}
			// Each shell's genus is one less than its openings, and each body's
			// volume, with plain holes, is that of its closed form to within
			// the tolerance over its area.
			for k, b := range f.Bodies[:layers-1] {
				want := holes
				switch {
				case k == 0 && tt.outer > 0:
					want = tt.outer
				case k > 0 && tt.inner > 0:
					want = tt.inner
				}
				if b.Genus != want-1 {
					t.Errorf("shell %d: genus %d, want %d (one less than its %d openings)", k+1, b.Genus, want-1, want)
				}
			}
			if tt.outer == 0 && tt.inner == 0 {
				exact := puzzleball.ExactVolumes(r)
				for k, b := range f.Bodies {
					if diff := math.Abs(b.Volume - exact[k]); diff > tt.tol*b.Area {
						t.Errorf("body %d: volume %.1f mm³, its closed form's %.1f (off by %.2f, more than the tolerance over its area)", k+1, b.Volume, exact[k], diff)
					}
				}
			}
			t.Logf("%s at %g mm: %d triangles, deviation %.4f mm", spec.Canonical(d.Schema(), r), tt.tol, len(out.Triangles), dev)
		})
	}
}

// BenchmarkSurface meshes the 8-layer ball of 80 mm from its closed form
// within 0.01 mm, as `yanchu make "鬼工球 8层 直径80毫米"` does.
func BenchmarkSurface(b *testing.B) {
	d, _ := catalog.Get("puzzleball")
	r, err := d.Resolve(&spec.Spec{Domain: "puzzleball", Lang: "en", Params: map[string]spec.Value{
		"layers": {Num: 8, Source: spec.Said}, "diameter": {Num: 80, Unit: "mm", Source: spec.Said}}})
	if err != nil {
		b.Fatal(err)
	}
	m, err := d.Build(b.Context(), r, catalog.Inputs{})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := m.Surface(b.Context(), 0.01); err != nil {
			b.Fatal(err)
		}
	}
}

// A tolerance that would need too many triangles is refused before anything is
// made, saying which tolerance fits.
func TestSurfaceRefusesTooFine(t *testing.T) {
	d, _ := catalog.Get("puzzleball")
	r, err := d.Resolve(&spec.Spec{Domain: "puzzleball", Lang: "en", Params: map[string]spec.Value{
		"layers": {Num: 60, Source: spec.Said}}})
	if err != nil {
		t.Fatal(err)
	}
	m, err := d.Build(t.Context(), r, catalog.Inputs{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = m.Surface(t.Context(), 0.001)
	var bad *badinput.Error
	if !errors.As(err, &bad) || bad.Code != badinput.OverLimit || !strings.Contains(bad.Message, "ask for a tolerance of at least") {
		t.Fatalf("got %v, want an over-limit error naming a tolerance that fits", err)
	}
}
