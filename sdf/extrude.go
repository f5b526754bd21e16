package sdf

import (
	"fmt"
	"math"

	"yanchu/geom"
	"yanchu/sdf/profile"
)

// exactnessOf maps a profile's exactness onto a solid's.
func exactnessOf(e profile.Exactness) Exactness {
	switch e {
	case profile.Exact:
		return Exact
	case profile.Bound:
		return Bound
	}
	return Sloped
}

// mustProfile panics unless s is a shape with finite, non-empty bounds.
func mustProfile(fn string, s profile.Shape) profile.Box {
	if s == nil {
		panic(fmt.Sprintf("sdf.%s: profile is nil", fn))
	}
	b := s.Bounds()
	for _, x := range []float64{b.Min.X, b.Min.Y, b.Max.X, b.Max.Y} {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			panic(fmt.Sprintf("sdf.%s: profile %s has unbounded bounds", fn, s))
		}
	}
	if b.Min.X > b.Max.X || b.Min.Y > b.Max.Y {
		panic(fmt.Sprintf("sdf.%s: profile %s is empty", fn, s))
	}
	return b
}

type extrude struct {
	props
	s  profile.Shape
	hh float64
}

// Extrude returns the profile s pushed along Z to height h (mm), centred on the
// origin: the profile's XY plane becomes the solid's. The field combines the
// profile's value d and the distance to the caps w = |z| - h/2 the way the exact
// cylinder does, so it is exact when the profile is exact, a bound when the profile
// is a bound, and otherwise sloped with the profile's slope (at least 1).
func Extrude(s profile.Shape, h float64) Solid {
	b := mustProfile("Extrude", s)
	mustPositive("Extrude", "height", h)
	p := props{
		bounds: geom.Box{Min: geom.V(b.Min.X, b.Min.Y, -h/2), Max: geom.V(b.Max.X, b.Max.Y, h/2)},
		slope:  math.Max(1, s.Slope()),
		exact:  exactnessOf(s.Exactness()),
	}
	p.feature, p.what = s.Feature()
	if h < p.feature {
		p.feature, p.what = h, "extrusion height"
	}
	return &extrude{p, s, h / 2}
}

func (e *extrude) At(p geom.Vec3) float64 {
	d := e.s.At(profile.Vec2{X: p.X, Y: p.Y})
	w := math.Abs(p.Z) - e.hh
	od, ow := math.Max(d, 0), math.Max(w, 0)
	return math.Min(math.Max(d, w), 0) + math.Sqrt(od*od+ow*ow)
}

func (e *extrude) Eval(p []geom.Vec3, d []float64) {
	d = d[:len(p)]
	for i, q := range p {
		d[i] = e.At(q)
	}
}

func (e *extrude) Prune(geom.Vec3, float64) Solid { return e }
func (e *extrude) String() string {
	return "extrude(" + e.s.String() + "," + num(2*e.hh) + ")"
}

type revolve struct {
	props
	s profile.Shape
}

// Revolve returns the part of the profile s with x >= 0 turned a full circle about
// the Z axis: the profile's X is the distance from the axis (mm) and its Y becomes
// Z. The field is the profile's at (sqrt(x²+y²), z). It is exact when the profile
// is exact and either lies wholly at x > 0 (a ring) or is its own mirror image
// across the Y axis (profile.SymmetricY: a Circle gives a sphere, a Rect a
// cylinder); otherwise the profile's part at x < 0 or its edge on the axis can only
// make the value smaller, so an exact or bound profile gives a bound. A sloped
// profile gives a field with its slope. It panics when the profile has no part at
// x > 0.
func Revolve(s profile.Shape) Solid {
	b := mustProfile("Revolve", s)
	if !(b.Max.X > 0) {
		panic(fmt.Sprintf("sdf.Revolve: profile %s has no part at x > 0", s))
	}
	r := b.Max.X
	p := props{
		bounds: geom.Box{Min: geom.V(-r, -r, b.Min.Y), Max: geom.V(r, r, b.Max.Y)},
		slope:  s.Slope(),
		exact:  exactnessOf(s.Exactness()),
	}
	if p.exact == Exact && !(b.Min.X > 0) && !profile.SymmetricY(s) {
		p.exact = Bound
	}
	p.feature, p.what = s.Feature()
	return &revolve{p, s}
}

func (v *revolve) At(p geom.Vec3) float64 {
	return v.s.At(profile.Vec2{X: math.Sqrt(p.X*p.X + p.Y*p.Y), Y: p.Z})
}

func (v *revolve) Eval(p []geom.Vec3, d []float64) {
	d = d[:len(p)]
	for i, q := range p {
		d[i] = v.At(q)
	}
}

func (v *revolve) Prune(geom.Vec3, float64) Solid { return v }
func (v *revolve) String() string                 { return "revolve(" + v.s.String() + ")" }
