package mesh

import (
	"math/rand/v2"
	"testing"

	"yanchu/geom"
)

func TestCrossing(t *testing.T) {
	a, b, c := geom.V(0, 0, 0), geom.V(2, 0, 0), geom.V(0, 2, 0)
	tests := []struct {
		name       string
		pa, pb, pc geom.Vec3
		p          geom.Vec3
		want       int
	}{
		{"below the inside", a, b, c, geom.V(0.5, 0.5, -1), 1},
		{"below, other winding", a, c, b, geom.V(0.5, 0.5, -1), 1},
		{"above the inside", a, b, c, geom.V(0.5, 0.5, 1), 0},
		{"on the triangle", a, b, c, geom.V(0.5, 0.5, 0), -1},
		{"beside it", a, b, c, geom.V(3, 3, -1), 0},
		{"below an edge", a, b, c, geom.V(1, 0, -1), -1},
		{"below a vertex", a, b, c, geom.V(0, 2, -1), -1},
		{"below a sloped inside", a, b, geom.V(0, 2, 4), geom.V(0.5, 0.5, 0.9), 1},
		{"above a sloped inside", a, b, geom.V(0, 2, 4), geom.V(0.5, 0.5, 1.1), 0},
		{"edge-on", a, b, geom.V(0, 0, 1), geom.V(0.5, 0, -1), 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := crossing(tc.pa, tc.pb, tc.pc, 0, 1, 2, tc.p); got != tc.want {
				t.Errorf("crossing: got %d, want %d", got, tc.want)
			}
		})
	}
}

// A ray near the edge two triangles share crosses exactly one of them, or is
// reported as grazing: it never slips through the crack or counts twice.
func TestCrossingSharedEdge(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	p0, p1, p2, p3 := geom.V(0.1, 0.3, 1), geom.V(1.7, 0.2, 2), geom.V(0.3, 1.9, 1.5), geom.V(1.9, 1.3, 3)
	grazes := 0
	for range 100000 {
		s := rng.Float64()
		p := p1.Lerp(p2, s)
		p.X += (rng.Float64() - 0.5) * 1e-15
		p.Y += (rng.Float64() - 0.5) * 1e-15
		p.Z = -1
		x := crossing(p0, p1, p2, 0, 1, 2, p)
		y := crossing(p1, p3, p2, 1, 3, 2, p)
		if x == -1 || y == -1 {
			grazes++
			continue
		}
		if x+y != 1 {
			t.Fatalf("crossings of the ray from %v: got %d and %d, want one of them 1", p, x, y)
		}
	}
	if grazes > 50000 {
		t.Errorf("grazes: got %d of 100000, want most rays decided", grazes)
	}
}
