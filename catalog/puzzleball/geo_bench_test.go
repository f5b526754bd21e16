package puzzleball

import (
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
