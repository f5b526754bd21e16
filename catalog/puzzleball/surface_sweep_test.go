package puzzleball_test

import (
	"fmt"
	"testing"

	"yanchu/catalog"
	"yanchu/isosurface"
	"yanchu/mesh"
	"yanchu/spec"
)

// Across hole counts, decorations and processes, the surface is closed,
// manifold, a body a layer, free of crossing triangles and within its
// tolerance of the solid.
func TestSurfaceSweep(t *testing.T) {
	d, _ := catalog.Get("puzzleball")
	num := func(x float64, unit string) spec.Value { return spec.Value{Num: x, Unit: unit, Source: spec.Said} }
	text := func(s string) spec.Value { return spec.Value{Text: s, Source: spec.Said} }
	for _, holes := range []float64{6, 8, 12, 14, 20} {
		for _, deco := range [][2]string{{"none", "none"}, {"cloud", "none"}, {"none", "coin"}, {"cloud", "coin"}} {
			for _, proc := range []string{"fdm", "resin"} {
				params := map[string]spec.Value{"layers": num(4, ""), "diameter": num(50, "mm"), "holes": num(holes, ""),
					"decoration": text(deco[0]), "inner_decoration": text(deco[1]), "process": text(proc)}
				name := fmt.Sprintf("%v holes %s %s %s", holes, deco[0], deco[1], proc)
				r, err := d.Resolve(&spec.Spec{Domain: "puzzleball", Lang: "en", Params: params})
				if err != nil {
					continue // no room for this decoration here: refused by the rules
				}
				m, err := d.Build(t.Context(), r, catalog.Inputs{})
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				const tol = 0.03
				out, err := m.Surface(t.Context(), tol)
				if err != nil {
					t.Errorf("%s: %v", name, err)
					continue
				}
				f := mesh.Analyze(out)
				if err := f.Err(); err != nil {
					t.Errorf("%s: %v", name, err)
					continue
				}
				if len(f.Bodies) != 4 {
					t.Errorf("%s: %d bodies, want 4", name, len(f.Bodies))
				}
				if x := mesh.SelfIntersections(out, 1); len(x) > 0 {
					t.Errorf("%s: triangles %d and %d cross", name, x[0].A, x[0].B)
				}
				if dev, _, _ := isosurface.DeviationOf(t.Context(), out, m.Solid, tol); dev > tol*1.001 {
					t.Errorf("%s: strays %.4f mm", name, dev)
				}
			}
		}
	}
}
