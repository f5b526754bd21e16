package puzzleball_test

import (
	"math"
	"testing"

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
	}{
		{"8 layers 80 mm", map[string]spec.Value{"layers": num(8, ""), "diameter": num(80, "mm")}, 0.01},
		{"6 holes", map[string]spec.Value{"layers": num(4, ""), "diameter": num(50, "mm"), "holes": num(6, "")}, 0.01},
		{"20 holes", map[string]spec.Value{"layers": num(5, ""), "diameter": num(60, "mm"), "holes": num(20, "")}, 0.02},
		{"resin", map[string]spec.Value{"layers": num(5, ""), "diameter": num(40, "mm"), "process": text("resin")}, 0.01},
		{"near-largest holes", map[string]spec.Value{"layers": num(9, ""), "diameter": num(40, "mm"), "hole_size": num(14.6, "mm")}, 0.01},
		{"preview", map[string]spec.Value{"layers": num(12, ""), "diameter": num(100, "mm")}, 0.1},
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
			// Each body's volume is that of its closed form, to within the
			// tolerance over its area, and each shell's genus one less than its
			// holes.
			exact := puzzleball.ExactVolumes(r)
			for k, b := range f.Bodies {
				if diff := math.Abs(b.Volume - exact[k]); diff > tt.tol*b.Area {
					t.Errorf("body %d: volume %.1f mm³, its closed form's %.1f (off by %.2f, more than the tolerance over its area)", k+1, b.Volume, exact[k], diff)
				}
				if k < layers-1 && b.Genus != holes-1 {
					t.Errorf("shell %d: genus %d, want %d (one less than its %d holes)", k+1, b.Genus, holes-1, holes)
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
