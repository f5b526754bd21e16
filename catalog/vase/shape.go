package vase

import (
	"fmt"
	"math"

	"yanchu/geom"
	"yanchu/sdf"
)

// shape is a vase in numbers: millimetres and radians.
type shape struct {
	h          float64 // height
	rb, rm, rt float64 // peak radii at the base, the belly and the top
	zm         float64 // height of the belly
	n          int     // lobes
	a          float64 // relative lobe depth
	twist      float64 // turn of the lobes from base to rim (rad)
	w          float64 // ripple depth, crest to trough
	m          int     // ripples
}

// profile returns P(z) and P'(z), for 0 <= z <= h.
func (s *shape) profile(z float64) (p, dp float64) {
	if z <= s.zm {
		q := math.Pi / (2 * s.zm)
		sn, cs := math.Sincos(q * z)
		return s.rb + (s.rm-s.rb)*sn, (s.rm - s.rb) * q * cs
	}
	q := math.Pi / (2 * (s.h - s.zm))
	sn, cs := math.Sincos(q * (z - s.zm))
	return s.rm + (s.rt-s.rm)*(1-cs), (s.rt - s.rm) * q * sn
}

// radius returns B(z), the peak radius at z, and its derivative, for
// 0 <= z <= h.
func (s *shape) radius(z float64) (r, dr float64) {
	p, dp := s.profile(z)
	if s.w == 0 {
		return p, dp
	}
	k := 2 * math.Pi * float64(s.m) / s.h
	sn, cs := math.Sincos(k * z)
	return p - s.w*(1-cs)/2, dp - s.w*k*sn/2
}

// outer returns the outer radius at (θ, z) and its partial derivatives along θ
// and z, with B(z). Below 0 and above h the surface goes on as it is at 0 and
// h, derivatives included, so the inside (see inner) goes on too.
func (s *shape) outer(theta, z float64) (r, rth, rz, bz float64) {
	if z < 0 {
		z = 0
	} else if z > s.h {
		z = s.h
	}
	bz, dbz := s.radius(z)
	if s.n == 0 || s.a == 0 {
		return bz, 0, dbz, bz
	}
	n := float64(s.n)
	rate := s.twist / s.h
	sn, cs := math.Sincos(n * (theta - rate*z))
	k := 1 / (1 + s.a)
	lam := (1 + s.a*cs) * k
	r = bz * lam
	rth = -bz * s.a * n * sn * k
	rz = dbz*lam + bz*s.a*n*rate*sn*k
	return r, rth, rz, bz
}

// inner returns the radius of the inside at (θ, z): the outer surface moved in
// along the radius by wall t over the cosine of its tilt, so the wall is t thick
// along its normal. It also returns the outer radius and B(z).
func (s *shape) inner(theta, z, t float64) (ri, ro, bz float64) {
	ro, rth, rz, bz := s.outer(theta, z)
	q := rth / ro
	return ro - t*math.Sqrt(1+q*q+rz*rz), ro, bz
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

// period is the angle over which the shape repeats around the axis, and the
// number of samples taken over it.
func (s *shape) period() (float64, int) {
	if s.n == 0 || s.a == 0 {
		return 2 * math.Pi, 1
	}
	return 2 * math.Pi / float64(s.n), 48
}

// area returns the area (mm²) inside the radius f(θ) at height z, integrated
// over one period with the trapezoid rule, exact to rounding for a periodic
// function this smooth.
func (s *shape) area(z float64, f func(theta, z float64) float64) float64 {
	per, k := s.period()
	sum := 0.0
	for j := range k {
		r := f(per*float64(j)/float64(k), z)
		sum += r * r
	}
	return 0.5 * sum / float64(k) * 2 * math.Pi
}

// integrate returns ∫ area(z) dz from lo to hi by Simpson's rule, split at the
// belly where the profile's curvature jumps.
func (s *shape) integrate(lo, hi float64, f func(theta, z float64) float64) float64 {
	if hi <= lo {
		return 0
	}
	total := 0.0
	cuts := []float64{lo, hi}
	if s.zm > lo && s.zm < hi {
		cuts = []float64{lo, s.zm, hi}
	}
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		// At least 16 steps a ripple.
		steps := 2 * max(32, int(math.Ceil(8*float64(s.m)*(b-a)/s.h)))
		dz := (b - a) / float64(steps)
		sum := s.area(a, f) + s.area(b, f)
		for j := 1; j < steps; j++ {
			w := 2.0
			if j%2 == 1 {
				w = 4
			}
			sum += w * s.area(a+float64(j)*dz, f)
		}
		total += sum * dz / 3
	}
	return total
}

// cavity returns the volume (mm³) inside a wall t above a floor b, up to the rim.
func (s *shape) cavity(t, b float64) float64 {
	return s.integrate(b, s.h, func(theta, z float64) float64 {
		ri, _, _ := s.inner(theta, z, t)
		return math.Max(ri, 0)
	})
}

// solidVolume returns the volume (mm³) inside the outer surface.
func (s *shape) solidVolume() float64 {
	return s.integrate(0, s.h, func(theta, z float64) float64 {
		r, _, _, _ := s.outer(theta, z)
		return r
	})
}

// survey holds what sampling the surfaces finds: the bounds the field needs and
// the figures printability is judged by.
type survey struct {
	minInner   float64 // least inner radius, over the whole height
	maxOuter   float64 // greatest outer radius
	slope      float64 // Lipschitz bound of the radial fields (see field)
	overhang   float64 // steepest lean from vertical of a face looking down (deg)
	overhangAt float64 // the height where it leans most (mm)
}

// survey samples both surfaces over the height and one period of the lobes.
// t is the wall the inside is made with.
func (s *shape) survey(t, floor float64) survey {
	_, k := s.period()
	return s.surveyN(t, floor, max(256, 16*s.m), min(k, 32))
}

// coarse is survey on fewer samples, for searching: its overhang may miss the
// steepest by a little.
func (s *shape) coarse(t, floor float64) survey {
	_, k := s.period()
	return s.surveyN(t, floor, max(128, 8*s.m), min(k, 16))
}

// surveyN is survey with nz steps along the height and k samples a period.
func (s *shape) surveyN(t, floor float64, nz, k int) survey {
	per, _ := s.period()
	v := survey{minInner: math.Inf(1)}
	// Derivatives of the inner radius by central differences.
	const e = 1e-4
	type sample struct{ rth, rz, dev, dbar float64 }
	var outs, ins []sample
	for i := 0; i <= nz; i++ {
		z := s.h * float64(i) / float64(nz)
		_, dbz := s.radius(z)
		for j := range k {
			th := per * float64(j) / float64(k)
			ro, rth, rz, bz := s.outer(th, z)
			ri, _, _ := s.inner(th, z, t)
			v.maxOuter = math.Max(v.maxOuter, ro)
			v.minInner = math.Min(v.minInner, ri)
			a, _, _ := s.inner(th+e, z, t)
			c, _, _ := s.inner(th-e, z, t)
			zl, zh := math.Max(z-e, 0), math.Min(z+e, s.h)
			d, _, _ := s.inner(th, zh, t)
			f, _, _ := s.inner(th, zl, t)
			rith, riz := (a-c)/(2*e), (d-f)/(zh-zl)
			mean := bz / (1 + s.a)
			outs = append(outs, sample{rth, rz, math.Abs(ro - mean), dbz / (1 + s.a)})
			ins = append(ins, sample{rith, riz, math.Abs(ri - (mean - t)), dbz / (1 + s.a)})
			// A face looks down where the outside flares (r_z > 0) or the
			// inside narrows (r_z < 0); tan(lean) = |r_z| / √(1 + (r_θ/r)²).
			if lean := tilt(rz, rth/ro); rz > 0 && lean > v.overhang {
				v.overhang, v.overhangAt = lean, z
			}
			if lean := tilt(riz, rith/ri); riz < 0 && z > floor && lean > v.overhang {
				v.overhang, v.overhangAt = lean, z
			}
		}
	}
	// Near the axis the field fades the lobes out (see field); below rhoS its
	// slope is bounded by the terms with rhoS in them, which also bound it above.
	rhoS := fadeShare * v.minInner
	if rhoS <= 0 {
		return v
	}
	l2 := 1.0
	for _, set := range [][]sample{outs, ins} {
		for _, q := range set {
			x := 1 + q.dev/rhoS
			y := q.rth / rhoS
			l2 = math.Max(l2, x*x+y*y+math.Max(q.rz*q.rz, q.dbar*q.dbar))
		}
	}
	// 10% for what falls between the samples.
	v.slope = 1.1 * math.Sqrt(l2)
	return v
}

// tilt returns the lean from vertical (degrees) of a surface ρ = r(θ, z) with
// slope rz along z and q = r_θ/r around.
func tilt(rz, q float64) float64 {
	return math.Atan(math.Abs(rz)/math.Sqrt(1+q*q)) * 180 / math.Pi
}

// fadeShare is where the lobes start to fade toward the axis, as a share of
// the least inner radius sampled: below it, safely inside the cavity.
const fadeShare = 0.97

// field returns the solid: the outer surface between z = 0 and h, less the
// inside (wall t) above the floor unless filled, with the survey it was made
// from. The radial terms ρ − r are divided by the survey's slope bound, so the
// field is a bound (slope 1). Near the axis, below fadeShare of the least inner
// radius, the lobes fade out linearly toward it, round the θ-mean radius: that
// keeps the angular slope r_θ/ρ finite and changes nothing where the surfaces
// are.
func (s *shape) field(t, floor float64, filled bool) (sdf.Solid, survey) {
	v := s.survey(t, floor)
	if !(v.slope >= 1) || !(v.minInner > 0) {
		panic(fmt.Sprintf("vase: field of an unresolved shape (least inner radius %g mm)", v.minInner))
	}
	rhoS, inv, h, k := fadeShare*v.minInner, 1/v.slope, s.h, 1/(1+s.a)
	round := s.n == 0 || s.a == 0
	// Plain comparisons: math.Max and math.Min pay for NaN and signed zeros,
	// which cannot arise here.
	f := func(p geom.Vec3) float64 {
		rho := math.Sqrt(p.X*p.X + p.Y*p.Y)
		theta := 0.0
		if !round {
			theta = math.Atan2(p.Y, p.X)
		}
		d := -p.Z
		if p.Z-h > d {
			d = p.Z - h
		}
		fade := rho / rhoS
		if fade > 1 {
			fade = 1
		}
		if filled {
			ro, _, _, bz := s.outer(theta, p.Z)
			mean := bz * k
			if out := (rho - (mean + fade*(ro-mean))) * inv; out > d {
				return out
			}
			return d
		}
		ri, ro, bz := s.inner(theta, p.Z, t)
		mean := bz * k
		if out := (rho - (mean + fade*(ro-mean))) * inv; out > d {
			d = out
		}
		mi := mean - t
		in := (mi + fade*(ri-mi) - rho) * inv
		if p.Z-floor < in {
			in = p.Z - floor
		}
		if in > d {
			return in
		}
		return d
	}
	r := v.maxOuter * 1.001
	bounds := geom.Box{Min: geom.V(-r, -r, 0), Max: geom.V(r, r, h)}
	name := fmt.Sprintf("vase(h=%g,r=%g/%g/%g,belly=%g,lobes=%d,a=%g,twist=%g,wave=%g/%d,wall=%g,floor=%g,filled=%t)",
		s.h, s.rb, s.rm, s.rt, s.zm, s.n, s.a, s.twist, s.w, s.m, t, floor, filled)
	return sdf.Custom(name, bounds, 1, f), v
}
