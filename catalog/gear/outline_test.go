package gear

import (
	"math"
	"math/rand/v2"
	"testing"

	"yanchu/sdf/profile"
)

// fullOutline returns the closed outline of every tooth as one polygon, the
// arcs cut into chords at most 0.004 mm long (points may repeat where the
// pieces meet), for a brute-force field.
func fullOutline(o *outline) []profile.Vec2 {
	t := o.t
	var half []profile.Vec2 // from the tooth's centre line to the space's
	arc := func(r, a0, a1 float64) {
		n := max(1, int(math.Ceil(r*math.Abs(a1-a0)/0.004)))
		for k := 0; k <= n; k++ {
			s, c := math.Sincos(a0 + (a1-a0)*float64(k)/float64(n))
			half = append(half, profile.Vec2{X: r * c, Y: r * s})
		}
	}
	arc(t.ra, 0, t.tipHalf)
	half = append(half, t.pts...)
	arc(t.rf, t.rootHalf, math.Pi/float64(t.z))
	var pts []profile.Vec2
	for k := range t.z {
		s, c := math.Sincos(o.phi + float64(k)*2*math.Pi/float64(t.z))
		turn := func(p profile.Vec2) profile.Vec2 { return profile.Vec2{X: p.X*c - p.Y*s, Y: p.X*s + p.Y*c} }
		// The lower half, from the space below back to the centre line, then
		// the upper half.
		for i := len(half) - 1; i > 0; i-- {
			pts = append(pts, turn(profile.Vec2{X: half[i].X, Y: -half[i].Y}))
		}
		for _, p := range half {
			pts = append(pts, turn(p))
		}
	}
	return pts
}

// bruteField is the signed distance to the polygon: the nearest edge, and a
// ray cast for the sign.
func bruteField(pts []profile.Vec2, p profile.Vec2) float64 {
	d := math.Inf(1)
	in := false
	for i := range pts {
		a, b := pts[i], pts[(i+1)%len(pts)]
		d = math.Min(d, segDist(p, a, b))
		if (a.Y > p.Y) != (b.Y > p.Y) && p.X < a.X+(p.Y-a.Y)*(b.X-a.X)/(b.Y-a.Y) {
			in = !in
		}
	}
	if in {
		return -d
	}
	return d
}

// The outline's field is the exact signed distance: it matches a brute-force
// field over every tooth at random points in and around the gear, near the
// surface and far from it.
func TestOutlineFieldIsExact(t *testing.T) {
	cases := []struct {
		z      int
		m, deg float64
		phi    float64
	}{
		{24, 2, 20, 0}, {30, 1.5, 20, 0.05}, {6, 1, 20, 0.3}, {6, 0.3, 30, 0}, {7, 3, 14.5, 1},
		{13, 1, 25, 0}, {60, 0.5, 20, 0.01}, {90, 0.5, 14.5, 0},
	}
	rng := rand.New(rand.NewPCG(5, 7))
	for _, c := range cases {
		tt, err := newTooth(c.z, c.m, c.deg*math.Pi/180)
		if err != nil {
			t.Fatalf("z=%d m=%g α=%g: %v", c.z, c.m, c.deg, err)
		}
		o := newOutline(tt, c.phi)
		poly := fullOutline(o)
		worst := 0.0
		for i := range 500 {
			var p profile.Vec2
			if i%2 == 0 {
				// Near the teeth.
				r := tt.rf - c.m + rng.Float64()*(tt.ra-tt.rf+2*c.m)
				s, co := math.Sincos(rng.Float64() * 2 * math.Pi)
				p = profile.Vec2{X: r * co, Y: r * s}
			} else {
				p = profile.Vec2{X: (2*rng.Float64() - 1) * 1.3 * tt.ra, Y: (2*rng.Float64() - 1) * 1.3 * tt.ra}
			}
			got, want := o.At(p), bruteField(poly, p)
			if e := math.Abs(got - want); e > worst {
				worst = e
			}
			if math.Abs(got-want) > 1e-5 {
				t.Fatalf("z=%d m=%g α=%g: field at %v: got %.7f, want %.7f", c.z, c.m, c.deg, p, got, want)
			}
		}
		t.Logf("z=%d m=%g α=%g: %d outline points, worst difference %.2g mm", c.z, c.m, c.deg, len(poly), worst)
	}
}

// The half-tooth polyline stays within polyTol of the true involute wherever it
// runs between the fillet and the tip, measured at every point and chord
// midpoint with the involute's parallel-curve property: a point at radius r and
// angle θ lies on the involute turned by θ + inv(α_r), and involutes of one
// base circle turned by ψ1 and ψ2 are rb·|ψ1 − ψ2| apart.
func TestFlankIsInvolute(t *testing.T) {
	for _, c := range []struct {
		z      int
		m, deg float64
	}{{24, 2, 20}, {30, 1.5, 20}, {6, 1, 30}, {12, 10, 20}, {100, 0.5, 14.5}} {
		tt, err := newTooth(c.z, c.m, c.deg*math.Pi/180)
		if err != nil {
			t.Fatal(err)
		}
		a := c.deg * math.Pi / 180
		rb := c.m * float64(c.z) / 2 * math.Cos(a)
		invf := func(x float64) float64 { return math.Tan(x) - x }
		// Half the tooth's angle on the base circle, from s = πm/2 at the pitch circle.
		psi := math.Pi/(2*float64(c.z)) + invf(a)
		worst := 0.0
		check := func(p profile.Vec2) {
			r := p.Len()
			if r < math.Max(rb, tt.filletTop)+1e-9 {
				return
			}
			d := rb * math.Abs(math.Atan2(p.Y, p.X)+invf(math.Acos(rb/r))-psi)
			worst = math.Max(worst, d)
		}
		for i, p := range tt.pts {
			check(p)
			if i > 0 {
				check(p.Add(tt.pts[i-1]).Scale(0.5))
			}
		}
		if worst > polyTol {
			t.Errorf("z=%d m=%g α=%g: the flank strays %.5f mm from the involute, over %g", c.z, c.m, c.deg, worst, polyTol)
		}
	}
}

// Every tooth count and pressure angle the schema allows draws: the tip land
// and the root space are open, the fillet fits, and the flank's radius falls
// strictly, which the field's search relies on.
func TestEveryGearDraws(t *testing.T) {
	for _, deg := range []float64{14.5, 20, 25, 30} {
		for z := 6; z <= 300; z++ {
			tt, err := newTooth(z, 1, deg*math.Pi/180)
			if err != nil {
				t.Fatalf("z=%d α=%g: %v", z, deg, err)
			}
			if !(tt.tipHalf > 0 && tt.rootHalf <= math.Pi/float64(z)+1e-12 && tt.rho > 0) {
				t.Fatalf("z=%d α=%g: tip half-angle %g, root from %g (half pitch %g), fillet %g", z, deg, tt.tipHalf, tt.rootHalf, math.Pi/float64(z), tt.rho)
			}
			for i := 1; i < len(tt.rad); i++ {
				if !(tt.rad[i] < tt.rad[i-1]) {
					t.Fatalf("z=%d α=%g: radius rises at point %d: %g after %g", z, deg, i, tt.rad[i], tt.rad[i-1])
				}
			}
			if math.Abs(tt.rad[0]-tt.ra) > 1e-9 || tt.rad[len(tt.rad)-1] != tt.rf {
				t.Fatalf("z=%d α=%g: the flank runs from %g to %g, not %g to %g", z, deg, tt.rad[0], tt.rad[len(tt.rad)-1], tt.ra, tt.rf)
			}
		}
	}
}
