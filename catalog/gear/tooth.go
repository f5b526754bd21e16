package gear

import (
	"fmt"
	"math"

	"yanchu/sdf/profile"
)

// polyTol is how far (mm) the half-tooth polyline may stray from the true
// involute and fillet: a chord's midpoint stays within it, and on curves of
// monotone curvature so does every point of the chord.
const polyTol = 0.0015

// filletShare is the root fillet's radius as a share of the module: 0.38·m is
// the radius a standard rack's tip rounding cuts, used where the space allows.
const filletShare = 0.38

// tooth is one spur gear's outline in numbers: z teeth of module m (mm) and
// pressure angle alpha (radians), standard proportions (addendum m, dedendum
// 1.25·m) and the standard tooth thickness π·m/2 on the pitch circle.
//
// In the tooth's own frame a tooth is centred on +X and the half tooth on the
// side y >= 0 runs, in the sector 0 <= θ <= π/z, along
//   - the tip arc: radius ra, from θ = 0 to tipHalf;
//   - the flank (pts, radius falling strictly): the involute of the base circle
//     θ(r) = beta − inv(α_r), cos α_r = rb/r, down to the base circle, then a
//     radial line at θ = beta where the base circle lies above the root circle,
//     then the root fillet, an arc of radius rho tangent to the flank and to
//     the root circle, ending on the root circle at rootHalf;
//   - the root arc: radius rf, from rootHalf to π/z.
//
// The whole outline is that half tooth and its images under the reflections in
// the lines θ = kπ/z.
type tooth struct {
	z                 int
	m, alpha          float64
	r, rb, ra, rf     float64 // pitch, base, tip and root radius (mm)
	beta              float64 // the involute's angle on the base circle (rad)
	tipHalf, rootHalf float64 // half-angles of the tip land and the root arc's start
	rho               float64 // root fillet radius (mm)
	filletTop         float64 // radius where the fillet meets the flank (mm)
	pts               []profile.Vec2
	rad               []float64 // |pts[i]|
}

// inv is the involute function tan a − a.
func inv(a float64) float64 { return math.Tan(a) - a }

// newTooth returns the outline of a gear of z teeth, module m (mm) and pressure
// angle alpha (radians), or an error saying why it cannot be drawn: teeth that
// come to a point before the tip circle, or no space between them at the root.
func newTooth(z int, m, alpha float64) (*tooth, error) {
	t := &tooth{z: z, m: m, alpha: alpha}
	zf := float64(z)
	t.r = m * zf / 2
	t.rb = t.r * math.Cos(alpha)
	t.ra = m * (zf/2 + 1)
	t.rf = m * (zf/2 - 1.25)
	t.beta = math.Pi/(2*zf) + inv(alpha)
	t.tipHalf = t.beta - inv(math.Acos(t.rb/t.ra))
	if !(t.rf > 0) {
		return nil, fmt.Errorf("%d teeth leave no root circle", z)
	}
	if !(t.tipHalf > 0) {
		return nil, fmt.Errorf("with %d teeth at %s° the teeth come to a point below the tip circle", z, fmtDeg(alpha))
	}
	flank := t.flank()
	if t.flankAngle(flank, t.rf) >= math.Pi/zf {
		return nil, fmt.Errorf("with %d teeth at %s° neighbouring teeth meet at the root", z, fmtDeg(alpha))
	}
	t.fillet(flank)
	return t, nil
}

func fmtDeg(a float64) string { return fmt.Sprintf("%.4g", a*180/math.Pi) }

// involute returns the point of the flank at roll parameter u: radius
// rb·sqrt(1+u²), polar angle beta − (u − atan u).
func (t *tooth) involute(u float64) profile.Vec2 {
	r := t.rb * math.Hypot(1, u)
	s, c := math.Sincos(t.beta - (u - math.Atan(u)))
	return profile.Vec2{X: r * c, Y: r * s}
}

// flank returns the flank from the tip corner down to the root circle, before
// the fillet: the involute sampled within polyTol, then the radial line.
func (t *tooth) flank() []profile.Vec2 {
	uA := math.Sqrt(t.ra*t.ra/(t.rb*t.rb) - 1)
	uLow := 0.0
	if t.rf > t.rb {
		uLow = math.Sqrt(t.rf*t.rf/(t.rb*t.rb) - 1)
	}
	pts := []profile.Vec2{t.involute(uA)}
	var split func(u0, u1 float64, p0, p1 profile.Vec2, depth int)
	split = func(u0, u1 float64, p0, p1 profile.Vec2, depth int) {
		um := (u0 + u1) / 2
		pm := t.involute(um)
		if depth < 3 || depth < 40 && segDist(pm, p0, p1) > polyTol {
			split(u0, um, p0, pm, depth+1)
			split(um, u1, pm, p1, depth+1)
			return
		}
		pts = append(pts, p1)
	}
	split(uA, uLow, pts[0], t.involute(uLow), 0)
	if t.rb > t.rf {
		s, c := math.Sincos(t.beta)
		pts = append(pts, profile.Vec2{X: t.rf * c, Y: t.rf * s})
	}
	return pts
}

// flankAngle returns the polar angle of the polyline pts (radius falling) at
// radius r, clamped to its ends.
func (t *tooth) flankAngle(pts []profile.Vec2, r float64) float64 {
	n := len(pts)
	if r >= pts[0].Len() {
		return math.Atan2(pts[0].Y, pts[0].X)
	}
	for i := 1; i < n; i++ {
		if pts[i].Len() <= r {
			x := circleCut(pts[i-1], pts[i], r)
			return math.Atan2(x.Y, x.X)
		}
	}
	return math.Atan2(pts[n-1].Y, pts[n-1].X)
}

// fillet rounds the corner of the flank and the root circle, and fills in pts.
// The fillet circle's centre lies on the circle of radius rf+rho; bisection on
// its polar angle finds where it is rho from the flank. Where the space is too
// narrow for rho = 0.38·m, rho shrinks (bisection again) until the circle,
// centred on the middle of the space, touches both flanks.
func (t *tooth) fillet(flank []profile.Vec2) {
	half := math.Pi / float64(t.z)
	centre := func(rho, psi float64) profile.Vec2 {
		s, c := math.Sincos(psi)
		return profile.Vec2{X: (t.rf + rho) * c, Y: (t.rf + rho) * s}
	}
	gap := func(rho, psi float64) float64 {
		d, _ := polyDist(centre(rho, psi), flank)
		return d - rho
	}
	rho := filletShare * t.m
	var psi float64
	if gap(rho, half) < 0 {
		lo, hi := 0.0, rho
		for range 60 {
			mid := (lo + hi) / 2
			if gap(mid, half) < 0 {
				hi = mid
			} else {
				lo = mid
			}
		}
		rho, psi = lo, half
	} else {
		lo, hi := t.flankAngle(flank, t.rf+rho), half
		for range 60 {
			mid := (lo + hi) / 2
			if gap(rho, mid) < 0 {
				lo = mid
			} else {
				hi = mid
			}
		}
		psi = hi
	}
	c := centre(rho, psi)
	_, foot := polyDist(c, flank)
	t.rho, t.rootHalf, t.filletTop = rho, psi, foot.Len()
	var pts []profile.Vec2
	for _, p := range flank {
		if p.Len() > t.filletTop+1e-9 {
			pts = append(pts, p)
		}
	}
	pts = append(pts, foot)
	// The arc from the foot on the flank round to the root circle, turning
	// toward the direction of the origin.
	a0 := math.Atan2(foot.Y-c.Y, foot.X-c.X)
	a1 := math.Atan2(-c.Y, -c.X)
	for a1 < a0 {
		a1 += 2 * math.Pi
	}
	for a1-a0 > math.Pi {
		a1 -= 2 * math.Pi
	}
	step := 2 * math.Acos(1-polyTol/math.Max(rho, polyTol))
	n := max(1, int(math.Ceil(math.Abs(a1-a0)/step)))
	for k := 1; k < n; k++ {
		s, co := math.Sincos(a0 + (a1-a0)*float64(k)/float64(n))
		pts = append(pts, profile.Vec2{X: c.X + rho*co, Y: c.Y + rho*s})
	}
	s, co := math.Sincos(psi)
	pts = append(pts, profile.Vec2{X: t.rf * co, Y: t.rf * s})
	// Keep the radius strictly falling: drop points that rounding left level.
	t.pts, t.rad = t.pts[:0], t.rad[:0]
	for _, p := range pts {
		r := p.Len()
		if n := len(t.rad); n > 0 && r >= t.rad[n-1]-1e-12 {
			continue
		}
		t.pts, t.rad = append(t.pts, p), append(t.rad, r)
	}
	// The last point lies on the root circle exactly, for the inside test.
	t.rad[len(t.rad)-1] = t.rf
}

// tipLand returns the chord across the tip land (mm).
func (t *tooth) tipLand() float64 { return 2 * t.ra * math.Sin(t.tipHalf) }

// rootSpace returns the narrowest width of the space between teeth (mm), which
// the fillet circles bound from below: twice the fillet radius.
func (t *tooth) rootSpace() float64 { return 2 * t.rho }

// segDist returns the distance from p to the segment ab.
func segDist(p, a, b profile.Vec2) float64 {
	d, _ := segFoot(p, a, b)
	return d
}

// segFoot returns the distance from p to the segment ab and the nearest point.
func segFoot(p, a, b profile.Vec2) (float64, profile.Vec2) {
	ab, ap := b.Sub(a), p.Sub(a)
	l := ab.Dot(ab)
	h := 0.0
	if l > 0 {
		h = math.Max(0, math.Min(1, ap.Dot(ab)/l))
	}
	f := a.Add(ab.Scale(h))
	return p.Sub(f).Len(), f
}

// polyDist returns the distance from p to the open polyline pts and the
// nearest point on it.
func polyDist(p profile.Vec2, pts []profile.Vec2) (float64, profile.Vec2) {
	best, foot := math.Inf(1), pts[0]
	for i := 1; i < len(pts); i++ {
		if d, f := segFoot(p, pts[i-1], pts[i]); d < best {
			best, foot = d, f
		}
	}
	return best, foot
}

// circleCut returns the point of segment ab (|a| >= r >= |b|, the radius
// monotone along it) at radius r.
func circleCut(a, b profile.Vec2, r float64) profile.Vec2 {
	d := b.Sub(a)
	// |a + h·d|² = r²: h²·|d|² + 2h·a·d + |a|² − r² = 0, the root in [0, 1].
	A, B, C := d.Dot(d), a.Dot(d), a.Dot(a)-r*r
	if A == 0 {
		return a
	}
	disc := math.Max(0, B*B-A*C)
	h := (-B - math.Sqrt(disc)) / A
	if h < 0 || h > 1 {
		h = (-B + math.Sqrt(disc)) / A
	}
	return a.Add(d.Scale(math.Max(0, math.Min(1, h))))
}
