package puzzleball

import (
	"runtime"
	"slices"
	"sync"
	"testing"

	"yanchu/catalog"
	"yanchu/spec"
)

// BenchmarkSurfaceCold meshes the 8-layer ball of 80 mm within 0.01 mm as a
// fresh process does: with no geodesic sphere made yet.
func BenchmarkSurfaceCold(b *testing.B) {
	r, err := puzzleBall{}.Resolve(&spec.Spec{Domain: "puzzleball", Lang: "en", Params: map[string]spec.Value{
		"layers": {Num: 8, Source: spec.Said}, "diameter": {Num: 80, Unit: "mm", Source: spec.Said}}})
	if err != nil {
		b.Fatal(err)
	}
	m, err := puzzleBall{}.Build(b.Context(), r, catalog.Inputs{})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		geodesics = sync.Map{}
		if _, err := m.Surface(b.Context(), 0.01); err != nil {
			b.Fatal(err)
		}
	}
}

// The surface is the same, point for point, on one core and on two, and
// whether the geodesic spheres were made before or not.
func TestSurfaceSameAnyCores(t *testing.T) {
	r, err := puzzleBall{}.Resolve(&spec.Spec{Domain: "puzzleball", Lang: "en", Params: map[string]spec.Value{
		"layers": {Num: 5, Source: spec.Said}, "diameter": {Num: 60, Unit: "mm", Source: spec.Said},
		"decoration": {Text: "cloud", Source: spec.Said}, "inner_decoration": {Text: "coin", Source: spec.Said}}})
	if err != nil {
		t.Fatal(err)
	}
	m, err := puzzleBall{}.Build(t.Context(), r, catalog.Inputs{})
	if err != nil {
		t.Fatal(err)
	}
	mesh := func(cores int) ([]float64, [][3]uint32) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(cores))
		geodesics = sync.Map{}
		out, err := m.Surface(t.Context(), 0.02)
		if err != nil {
			t.Fatal(err)
		}
		var xs []float64
		for _, v := range out.Vertices {
			xs = append(xs, v.X, v.Y, v.Z)
		}
		return xs, out.Triangles
	}
	v1, t1 := mesh(1)
	v2, t2 := mesh(2)
	if !slices.Equal(v1, v2) || !slices.Equal(t1, t2) {
		t.Errorf("one core: %d points, %d triangles; two: %d, %d, or the same counts with other values", len(v1)/3, len(t1), len(v2)/3, len(t2))
	}
}
