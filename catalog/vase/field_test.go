package vase

import (
	"math"
	"math/rand/v2"
	"testing"

	"yanchu/catalog"
	"yanchu/geom"
	"yanchu/sdf"
	"yanchu/spec"
)

// corpus is a seeded set of vases, one of each feature and some at their limits.
var corpus = []string{
	"花瓶",
	"花瓶 高20厘米 六瓣 扭转90度",
	"vase 24 lobes twist -360",
	"vase 2 lobes lobe depth 10mm",
	"vase wave 4mm 3 ripples",
	"vase 8 lobes wave 2mm twist 45 vase mode",
	"vase 20mm tall",
	"vase 400mm tall 10 lobes wall 6mm base 20mm",
	"vase 100mm tall 100mm wide mouth 90mm base diameter 90mm 5 lobes twist 30",
}

func built(t *testing.T, words string) (*spec.Spec, *catalog.Model) {
	t.Helper()
	s := resolved(t, words)
	m, err := domain{}.Build(t.Context(), s, catalog.Inputs{})
	if err != nil {
		t.Fatalf("%q: build: %v", words, err)
	}
	return s, m
}

// TestFieldIsBound: the field is a bound, as declared: it changes by at most
// the distance between two points, for pairs near the surfaces and anywhere in
// the bounds and around them, on every vase of the corpus.
func TestFieldIsBound(t *testing.T) {
	for _, words := range corpus {
		t.Run(words, func(t *testing.T) {
			s, m := built(t, words)
			f := m.Solid
			if f.Exactness() != sdf.Bound || f.Slope() != 1 {
				t.Fatalf("exactness %v slope %g, want a bound of slope 1", f.Exactness(), f.Slope())
			}
			rng := rand.New(rand.NewPCG(1, 2))
			b := f.Bounds().Expand(5)
			h := s.Num("height")
			worst := 0.0
			for i := range 40000 {
				var p geom.Vec3
				if i%2 == 0 {
					// Near a surface: on the documented outside or inside, moved a little.
					th, z := rng.Float64()*2*math.Pi, rng.Float64()*h
					r := profileRadius(s, th, z)
					if i%4 == 0 {
						r = innerRadius(s, th, z, s.Num("wall"))
					}
					r += rng.NormFloat64()
					p = geom.V(r*math.Cos(th), r*math.Sin(th), z+rng.NormFloat64())
				} else {
					p = geom.V(b.Min.X+rng.Float64()*(b.Max.X-b.Min.X), b.Min.Y+rng.Float64()*(b.Max.Y-b.Min.Y),
						b.Min.Z+rng.Float64()*(b.Max.Z-b.Min.Z))
				}
				d := geom.V(rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()).Unit().Scale(0.05 + rng.Float64())
				q := p.Add(d)
				if k := math.Abs(f.At(p)-f.At(q)) / d.Len(); k > worst {
					worst = k
				}
			}
			if worst > 1+1e-9 {
				t.Errorf("the field changes by %.4f per mm, over the slope of 1 it declares", worst)
			}
		})
	}
}

// TestFieldSurfaces: the field is zero on the documented outer surface and on
// the inside above the floor (wall along the normal), negative just within the
// wall and positive just outside it, and the bounds hold the solid with the
// floor on z = 0 and the rim at the height.
func TestFieldSurfaces(t *testing.T) {
	for _, words := range corpus {
		t.Run(words, func(t *testing.T) {
			s, m := built(t, words)
			f := m.Solid
			single := s.Text("mode") == "single"
			wall, floor := s.Num("wall"), s.Num("base")
			h := s.Num("height")
			if b := f.Bounds(); b.Min.Z != 0 || b.Max.Z != h {
				t.Errorf("bounds from z = %g to %g, want 0 to %g", b.Min.Z, b.Max.Z, h)
			}
			rng := rand.New(rand.NewPCG(3, 4))
			for range 2000 {
				th := rng.Float64() * 2 * math.Pi
				z := floor + 0.5 + rng.Float64()*(h-floor-1)
				at := func(r float64) float64 { return f.At(geom.V(r*math.Cos(th), r*math.Sin(th), z)) }
				ro := profileRadius(s, th, z)
				if v := at(ro); math.Abs(v) > 1e-6 {
					t.Fatalf("field %g on the outer surface at θ %.3f z %.2f", v, th, z)
				}
				if at(ro+0.05) <= 0 {
					t.Fatalf("field not positive just outside at θ %.3f z %.2f", th, z)
				}
				if single {
					if v := at(ro / 2); v >= 0 {
						t.Fatalf("filled vase: field %g inside at half the radius, θ %.3f z %.2f", v, th, z)
					}
					continue
				}
				ri := innerRadius(s, th, z, wall)
				if v := at(ri); math.Abs(v) > 1e-5 {
					t.Fatalf("field %g on the inside at θ %.3f z %.2f", v, th, z)
				}
				if at((ri+ro)/2) >= 0 || at(ri-0.05) <= 0 {
					t.Fatalf("the wall is not where it should be at θ %.3f z %.2f", th, z)
				}
			}
			// The floor: solid below it, hollow above it, on the axis.
			if !single {
				if f.At(geom.V(0, 0, floor/2)) >= 0 || f.At(geom.V(0, 0, floor+0.05)) <= 0 {
					t.Errorf("the floor is not %g mm thick on the axis", floor)
				}
			}
		})
	}
}
