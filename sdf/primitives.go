package sdf

import (
	"fmt"
	"math"
	"strconv"

	"yanchu/geom"
)

// num formats a number for canonical expressions: shortest form that round-trips.
func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func vec(v geom.Vec3) string { return "[" + num(v.X) + "," + num(v.Y) + "," + num(v.Z) + "]" }

func mustPositive(fn, name string, x float64) {
	if !(x > 0) || math.IsInf(x, 0) {
		panic(fmt.Sprintf("sdf.%s: %s must be > 0 and finite, got %g", fn, name, x))
	}
}

type sphere struct {
	props
	r float64
}

// Sphere returns a sphere of radius r (mm) around the origin. The field is exact.
func Sphere(r float64) Solid {
	mustPositive("Sphere", "radius", r)
	return &sphere{newProps(geom.Cube(r), 2*r, "sphere diameter"), r}
}

func (s *sphere) At(p geom.Vec3) float64 {
	return math.Sqrt(p.X*p.X+p.Y*p.Y+p.Z*p.Z) - s.r
}

func (s *sphere) Eval(p []geom.Vec3, d []float64) {
	d = d[:len(p)]
	for i, q := range p {
		d[i] = math.Sqrt(q.X*q.X+q.Y*q.Y+q.Z*q.Z) - s.r
	}
}

func (s *sphere) Prune(geom.Vec3, float64) Solid { return s }
func (s *sphere) String() string                 { return "sphere(" + num(s.r) + ")" }

type box struct {
	props
	h     geom.Vec3 // half size less the rounding
	round float64
}

// Box returns a box of the given size (mm) centred on the origin, its edges
// rounded with radius round (0 for sharp). The field is exact.
func Box(size geom.Vec3, round float64) Solid {
	mustPositive("Box", "size.X", size.X)
	mustPositive("Box", "size.Y", size.Y)
	mustPositive("Box", "size.Z", size.Z)
	if round < 0 || 2*round > size.MinComp() {
		panic(fmt.Sprintf("sdf.Box: round must be in [0, %g], got %g", size.MinComp()/2, round))
	}
	h := size.Scale(0.5)
	b := geom.Box{Min: h.Scale(-1), Max: h}
	return &box{newProps(b, size.MinComp(), "box side"), h.Sub(geom.Vec3{X: round, Y: round, Z: round}), round}
}

func (b *box) At(p geom.Vec3) float64 {
	qx, qy, qz := math.Abs(p.X)-b.h.X, math.Abs(p.Y)-b.h.Y, math.Abs(p.Z)-b.h.Z
	m := qx
	if qy > m {
		m = qy
	}
	if qz > m {
		m = qz
	}
	if m <= 0 {
		return m - b.round
	}
	qx, qy, qz = pos(qx), pos(qy), pos(qz)
	return math.Sqrt(qx*qx+qy*qy+qz*qz) - b.round
}

// pos returns x when positive and 0 otherwise.
func pos(x float64) float64 {
	if x > 0 {
		return x
	}
	return 0
}

func (b *box) Eval(p []geom.Vec3, d []float64) {
	d = d[:len(p)]
	for i, q := range p {
		d[i] = b.At(q)
	}
}

func (b *box) Prune(geom.Vec3, float64) Solid { return b }
func (b *box) String() string {
	return "box(" + vec(b.bounds.Size()) + "," + num(b.round) + ")"
}

type cylinder struct {
	props
	r, hh float64
}

// Cylinder returns a cylinder of radius r and height h (mm) along Z, centred on the
// origin. The field is exact.
func Cylinder(r, h float64) Solid {
	mustPositive("Cylinder", "radius", r)
	mustPositive("Cylinder", "height", h)
	b := geom.Box{Min: geom.V(-r, -r, -h/2), Max: geom.V(r, r, h/2)}
	return &cylinder{newProps(b, math.Min(2*r, h), "cylinder diameter or height"), r, h / 2}
}

func (c *cylinder) At(p geom.Vec3) float64 {
	dx := math.Sqrt(p.X*p.X+p.Y*p.Y) - c.r
	dz := math.Abs(p.Z) - c.hh
	// Plain comparisons: math.Max and math.Min pay for NaN and signed-zero rules.
	switch {
	case dx <= 0 && dz <= 0:
		if dx > dz {
			return dx
		}
		return dz
	case dx <= 0:
		return dz
	case dz <= 0:
		return dx
	}
	return math.Sqrt(dx*dx + dz*dz)
}

func (c *cylinder) Eval(p []geom.Vec3, d []float64) {
	d = d[:len(p)]
	for i, q := range p {
		d[i] = c.At(q)
	}
}

func (c *cylinder) Prune(geom.Vec3, float64) Solid { return c }
func (c *cylinder) String() string {
	return "cylinder(" + num(c.r) + "," + num(2*c.hh) + ")"
}

type cone struct {
	props
	r0, r1, hh float64
}

// Cone returns a frustum along Z centred on the origin: radius r0 at z = -h/2 and
// r1 at z = +h/2 (mm). Either radius may be 0, giving a pointed cone. The field is exact.
func Cone(r0, r1, h float64) Solid {
	mustPositive("Cone", "height", h)
	if r0 < 0 || r1 < 0 || r0+r1 == 0 {
		panic(fmt.Sprintf("sdf.Cone: radii must be >= 0 and not both 0, got %g and %g", r0, r1))
	}
	r := math.Max(r0, r1)
	b := geom.Box{Min: geom.V(-r, -r, -h/2), Max: geom.V(r, r, h/2)}
	return &cone{newProps(b, math.Min(2*r, h), "cone diameter or height"), r0, r1, h / 2}
}

// At measures in the half-plane (rho, z) against the trapezoid with corners
// (0,-hh), (r0,-hh), (r1,hh), (0,hh).
func (c *cone) At(p geom.Vec3) float64 {
	rho, z := math.Sqrt(p.X*p.X+p.Y*p.Y), p.Z
	// Distance to the caps, each a segment from the axis to its rim.
	rc := c.r1
	if z < 0 {
		rc = c.r0
	}
	cx, cz := rho-math.Min(rho, rc), math.Abs(z)-c.hh
	dCap := cx*cx + cz*cz
	// Distance to the slanted side from (r0,-hh) to (r1,hh).
	ex, ez := c.r1-c.r0, 2*c.hh
	t := ((rho-c.r0)*ex + (z+c.hh)*ez) / (ex*ex + ez*ez)
	t = math.Max(0, math.Min(1, t))
	sx, sz := rho-(c.r0+t*ex), z-(-c.hh+t*ez)
	dSide := sx*sx + sz*sz
	d := math.Sqrt(math.Min(dCap, dSide))
	// Inside when below both caps and on the axis side of the slanted edge.
	if cz < 0 && (rho-c.r0)*ez-(z+c.hh)*ex < 0 {
		return -d
	}
	return d
}

func (c *cone) Eval(p []geom.Vec3, d []float64) {
	d = d[:len(p)]
	for i, q := range p {
		d[i] = c.At(q)
	}
}

func (c *cone) Prune(geom.Vec3, float64) Solid { return c }
func (c *cone) String() string {
	return "cone(" + num(c.r0) + "," + num(c.r1) + "," + num(2*c.hh) + ")"
}

type torus struct {
	props
	major, minor float64
}

// Torus returns a torus in the XY plane around the origin. major is the distance
// from the centre to the middle of the tube, minor the tube radius (mm). The field
// is exact.
func Torus(major, minor float64) Solid {
	mustPositive("Torus", "minor radius", minor)
	if !(major > minor) || math.IsInf(major, 0) {
		panic(fmt.Sprintf("sdf.Torus: major radius must exceed minor radius %g, got %g", minor, major))
	}
	r := major + minor
	b := geom.Box{Min: geom.V(-r, -r, -minor), Max: geom.V(r, r, minor)}
	return &torus{newProps(b, 2*minor, "torus tube diameter"), major, minor}
}

func (t *torus) At(p geom.Vec3) float64 {
	q := math.Sqrt(p.X*p.X+p.Y*p.Y) - t.major
	return math.Sqrt(q*q+p.Z*p.Z) - t.minor
}

func (t *torus) Eval(p []geom.Vec3, d []float64) {
	d = d[:len(p)]
	for i, q := range p {
		d[i] = t.At(q)
	}
}

func (t *torus) Prune(geom.Vec3, float64) Solid { return t }
func (t *torus) String() string                 { return "torus(" + num(t.major) + "," + num(t.minor) + ")" }

type capsule struct {
	props
	a, ab geom.Vec3
	abab  float64
	r     float64
}

// Capsule returns the points within r (mm) of the segment from a to b. The field is exact.
func Capsule(a, b geom.Vec3, r float64) Solid {
	mustPositive("Capsule", "radius", r)
	bb := geom.Box{Min: a.Min(b), Max: a.Max(b)}.Expand(r)
	ab := b.Sub(a)
	return &capsule{newProps(bb, 2*r, "capsule diameter"), a, ab, ab.Dot(ab), r}
}

func (c *capsule) At(p geom.Vec3) float64 {
	ap := p.Sub(c.a)
	t := 0.0
	if c.abab > 0 {
		t = math.Max(0, math.Min(1, ap.Dot(c.ab)/c.abab))
	}
	return ap.Sub(c.ab.Scale(t)).Len() - c.r
}

func (c *capsule) Eval(p []geom.Vec3, d []float64) {
	d = d[:len(p)]
	for i, q := range p {
		d[i] = c.At(q)
	}
}

func (c *capsule) Prune(geom.Vec3, float64) Solid { return c }
func (c *capsule) String() string {
	return "capsule(" + vec(c.a) + "," + vec(c.a.Add(c.ab)) + "," + num(c.r) + ")"
}

type halfSpace struct {
	props
	n      geom.Vec3
	offset float64
}

// HalfSpace returns the points p with n·p <= offset, n normalised; n points out of
// the solid. The field is exact. Its bounds are infinite except along an axis-aligned n.
func HalfSpace(n geom.Vec3, offset float64) Solid {
	if n.Len() == 0 {
		panic("sdf.HalfSpace: normal must not be zero")
	}
	u := n.Unit()
	b := infBox()
	switch {
	case u.X == 1:
		b.Max.X = offset
	case u.X == -1:
		b.Min.X = -offset
	case u.Y == 1:
		b.Max.Y = offset
	case u.Y == -1:
		b.Min.Y = -offset
	case u.Z == 1:
		b.Max.Z = offset
	case u.Z == -1:
		b.Min.Z = -offset
	}
	return &halfSpace{newProps(b, math.Inf(1), ""), u, offset}
}

func (h *halfSpace) At(p geom.Vec3) float64 { return h.n.Dot(p) - h.offset }

func (h *halfSpace) Eval(p []geom.Vec3, d []float64) {
	d = d[:len(p)]
	for i, q := range p {
		d[i] = h.n.X*q.X + h.n.Y*q.Y + h.n.Z*q.Z - h.offset
	}
}

func (h *halfSpace) Prune(geom.Vec3, float64) Solid { return h }
func (h *halfSpace) String() string {
	return "halfspace(" + vec(h.n) + "," + num(h.offset) + ")"
}

type gyroid struct {
	props
	w, scale, half float64
}

// Gyroid returns a gyroid sheet of the given period and nominal thickness (mm),
// filling all space; intersect it with a bounded solid. The field is
// |g(p)|·period/(2π) - thickness/2 with g = sin x cos y + sin y cos z + sin z cos x
// at x = 2πp/period. It is neither exact nor a bound: its slope is at most √3,
// which Slope reports, so samplers and pruning stay safe.
func Gyroid(period, thickness float64) Solid {
	mustPositive("Gyroid", "period", period)
	mustPositive("Gyroid", "thickness", thickness)
	p := newProps(infBox(), thickness, "gyroid sheet thickness")
	p.slope, p.exact = math.Sqrt(3), Sloped
	return &gyroid{p, 2 * math.Pi / period, period / (2 * math.Pi), thickness / 2}
}

func (g *gyroid) At(p geom.Vec3) float64 {
	sx, cx := math.Sincos(p.X * g.w)
	sy, cy := math.Sincos(p.Y * g.w)
	sz, cz := math.Sincos(p.Z * g.w)
	return math.Abs(sx*cy+sy*cz+sz*cx)*g.scale - g.half
}

func (g *gyroid) Eval(p []geom.Vec3, d []float64) {
	d = d[:len(p)]
	for i, q := range p {
		d[i] = g.At(q)
	}
}

func (g *gyroid) Prune(geom.Vec3, float64) Solid { return g }
func (g *gyroid) String() string {
	return "gyroid(" + num(2*math.Pi/g.w) + "," + num(2*g.half) + ")"
}
