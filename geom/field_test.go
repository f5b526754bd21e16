package geom

import (
	"math"
	"testing"
)

// The gradient of the distance to a sphere is the unit radius, and the mean of the
// four samples is the distance itself but for a term in eps².
func TestGradient(t *testing.T) {
	f := func(p Vec3) float64 { return p.Len() - 5 }
	p := V(3, -4, 12)
	g, v := Gradient(f, p, 1e-4)
	if want := p.Unit(); g.Sub(want).Len() > 1e-5 {
		t.Errorf("gradient %v, want %v", g, want)
	}
	if math.Abs(v-f(p)) > 1e-8 {
		t.Errorf("value %g, want %g", v, f(p))
	}
	if g, _ := Gradient(func(Vec3) float64 { return 2 }, p, 1e-4); g != (Vec3{}) {
		t.Errorf("a flat field's gradient is %v, want zero", g)
	}
}

func TestOnPlanes(t *testing.T) {
	p := V(1, 2, 3)
	for pl, want := range map[uint8]Vec3{0: p, 1: V(0, 2, 3), 2: V(1, 0, 3), 4: V(1, 2, 0), 5: V(0, 2, 0), 7: {}} {
		if got := OnPlanes(p, pl); got != want {
			t.Errorf("planes %03b: %v, want %v", pl, got, want)
		}
	}
}
