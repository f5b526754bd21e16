package puzzleball_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"yanchu/catalog"
	"yanchu/geom"
	"yanchu/spec"
)

// A model that offers a symmetric frame is symmetric in it, and turned by Frame it
// is the model's solid.
func TestSymmetricFrame(t *testing.T) {
	d, _ := catalog.Get("puzzleball")
	for _, holes := range []float64{6, 8, 12, 14, 20} {
		r, err := d.Resolve(&spec.Spec{Domain: "puzzleball", Lang: "en", Params: map[string]spec.Value{
			"layers": {Num: 5}, "diameter": {Num: 60, Unit: "mm"}, "holes": {Num: holes}}})
		if err != nil {
			t.Fatal(err)
		}
		m, err := d.Build(t.Context(), r, catalog.Inputs{})
		if err != nil {
			t.Fatal(err)
		}
		if m.Symmetric == nil {
			t.Fatalf("%g holes: no symmetric frame", holes)
		}
		rng := rand.New(rand.NewPCG(1, uint64(holes)))
		for i := 0; i < 20000; i++ {
			p := geom.V(rng.Float64()*64-32, rng.Float64()*64-32, rng.Float64()*64-32)
			v := m.Symmetric.At(p)
			for c := 1; c < 8; c++ {
				q := geom.V(p.X*float64(1-2*(c&1)), p.Y*float64(1-2*(c>>1&1)), p.Z*float64(1-2*(c>>2&1)))
				if w := m.Symmetric.At(q); math.Abs(w-v) > 1e-9 {
					t.Fatalf("%g holes: field %g at %v but %g at its reflection %v", holes, v, p, w, q)
				}
			}
			if w := m.Solid.At(m.Frame.MulVec(p)); math.Abs(w-v) > 1e-9 {
				t.Fatalf("%g holes: the turned solid has %g at %v, the symmetric one %g", holes, w, m.Frame.MulVec(p), v)
			}
		}
	}
	for _, words := range []map[string]spec.Value{
		{"layers": {Num: 5}, "diameter": {Num: 60, Unit: "mm"}, "decoration": {Text: "cloud"}},
		{"layers": {Num: 5}, "diameter": {Num: 60, Unit: "mm"}, "ties": {Text: "on"}},
	} {
		r, err := d.Resolve(&spec.Spec{Domain: "puzzleball", Lang: "en", Params: words})
		if err != nil {
			t.Fatal(err)
		}
		if m, _ := d.Build(t.Context(), r, catalog.Inputs{}); m.Symmetric != nil {
			t.Errorf("%v: a symmetric frame is offered for a ball that is not symmetric", words)
		}
	}
}
