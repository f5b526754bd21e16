package sdf

import (
	"math"
	"math/rand/v2"
	"testing"

	"yanchu/geom"
)

// The cones' fields are checked against the distance to their surface found by
// brute force over the generator lines in the plane of the point and the axis.
func TestConesExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 9))
	u := geom.V(1, 2, -0.5).Unit()
	a := 0.4
	cases := []struct {
		name   string
		s      Solid
		double bool
	}{
		{"double", DoubleCone(u, a), true},
		{"single", InfiniteCone(u, a), false},
	}
	for _, c := range cases {
		for n := 0; n < 2000; n++ {
			p := geom.V(rng.Float64()*20-10, rng.Float64()*20-10, rng.Float64()*20-10)
			want := brute(p, u, a, c.double)
			if got := c.s.At(p); math.Abs(got-want) > 1e-6*(1+p.Len()) {
				t.Fatalf("%s at %v: got %g, want %g", c.name, p, got, want)
			}
			d := make([]float64, 1)
			c.s.Eval([]geom.Vec3{p}, d)
			if math.Float64bits(d[0]) != math.Float64bits(c.s.At(p)) {
				t.Fatalf("%s at %v: batch %g, scalar %g", c.name, p, d[0], c.s.At(p))
			}
		}
	}
}

// brute measures the signed distance from p to the cone surface by sampling its
// generator lines densely in every direction around the axis.
func brute(p, u geom.Vec3, a float64, double bool) float64 {
	v := u.Cross(geom.V(0.3, -0.7, 0.2)).Unit()
	w := u.Cross(v)
	best := p.Len()
	// Sample every tenth of a degree around the axis, starting at the point's own
	// azimuth, where the nearest generator lies.
	phi0 := math.Atan2(p.Dot(w), p.Dot(v))
	for k := 0; k < 3600; k++ {
		phi := phi0 + 2*math.Pi*float64(k)/3600
		g := u.Scale(math.Cos(a)).Add(v.Scale(math.Sin(a) * math.Cos(phi))).Add(w.Scale(math.Sin(a) * math.Sin(phi)))
		for _, sgn := range []float64{1, -1} {
			if sgn < 0 && !double {
				continue
			}
			t := math.Max(0, p.Dot(g.Scale(sgn)))
			best = math.Min(best, p.Sub(g.Scale(sgn*t)).Len())
		}
	}
	cos := math.Abs(p.Dot(u)) / p.Len()
	if !double {
		cos = p.Dot(u) / p.Len()
	}
	if cos > math.Cos(a) {
		return -best
	}
	return best
}
