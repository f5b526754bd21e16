package sdf

import (
	"fmt"
	"math"

	"yanchu/geom"
)

// affine maps the child's space into the world: world = m·child + t, then scales
// the child's field by f. m is a rotation (or reflection) times a uniform scale s;
// inv is its inverse.
type affine struct {
	props
	s        Solid
	m, inv   geom.Mat3
	t        geom.Vec3
	f        float64 // field factor: the uniform scale
	name     string
	nonUnifS geom.Vec3 // for printing a non-uniform scale
}

func (a *affine) local(p geom.Vec3) geom.Vec3 { return a.inv.MulVec(p.Sub(a.t)) }

func (a *affine) At(p geom.Vec3) float64 { return a.s.At(a.local(p)) * a.f }

func (a *affine) Eval(p []geom.Vec3, d []float64) {
	buf := getVecs(len(p))
	q := (*buf)[:len(p)]
	inv, t := a.inv, a.t
	for i, w := range p {
		x, y, z := w.X-t.X, w.Y-t.Y, w.Z-t.Z
		q[i] = geom.Vec3{
			X: inv[0][0]*x + inv[0][1]*y + inv[0][2]*z,
			Y: inv[1][0]*x + inv[1][1]*y + inv[1][2]*z,
			Z: inv[2][0]*x + inv[2][1]*y + inv[2][2]*z,
		}
	}
	a.s.Eval(q, d)
	putVecs(buf)
	if a.f != 1 {
		d = d[:len(p)]
		for i := range d {
			d[i] *= a.f
		}
	}
}

// Prune maps the ball into the child's space: the centre through the inverse map,
// the radius through its largest stretch (1/f for a uniform scale).
func (a *affine) Prune(c geom.Vec3, r float64) Solid {
	s := a.s.Prune(a.local(c), r*a.stretch())
	if s == a.s {
		return a
	}
	b := *a
	b.s = s
	return &b
}

// stretch is the largest factor by which the inverse map lengthens a vector.
func (a *affine) stretch() float64 {
	if a.name == "scalexyz" {
		return 1 / a.nonUnifS.MinComp()
	}
	return 1 / a.f
}

func (a *affine) String() string {
	switch a.name {
	case "translate":
		return "translate(" + a.s.String() + "," + vec(a.t) + ")"
	case "scale":
		return "scale(" + a.s.String() + "," + num(a.f) + ")"
	case "scalexyz":
		return "scalexyz(" + a.s.String() + "," + vec(a.nonUnifS) + ")"
	}
	m := a.m
	return fmt.Sprintf("%s(%s,[%s,%s,%s,%s,%s,%s,%s,%s,%s])", a.name, a.s.String(),
		num(m[0][0]), num(m[0][1]), num(m[0][2]), num(m[1][0]), num(m[1][1]), num(m[1][2]),
		num(m[2][0]), num(m[2][1]), num(m[2][2]))
}

func newAffine(name string, s Solid, m, inv geom.Mat3, t geom.Vec3, f float64) *affine {
	p := props{slope: s.Slope(), exact: s.Exactness(), rch: s.reach()}
	p.feature, p.what = s.Feature()
	p.feature *= f
	b := s.Bounds()
	if isInf(b) {
		p.bounds = infBox()
	} else {
		b = m.TransformBox(b)
		p.bounds = geom.Box{Min: b.Min.Add(t), Max: b.Max.Add(t)}
	}
	return &affine{props: p, s: s, m: m, inv: inv, t: t, f: f, name: name}
}

func isInf(b geom.Box) bool {
	for _, x := range []float64{b.Min.X, b.Min.Y, b.Min.Z, b.Max.X, b.Max.Y, b.Max.Z} {
		if math.IsInf(x, 0) {
			return true
		}
	}
	return false
}

// Translate returns s moved by v (mm). It keeps the child's exactness.
func Translate(s Solid, v geom.Vec3) Solid {
	if a, ok := s.(*affine); ok && a.name == "translate" {
		return newAffine("translate", a.s, a.m, a.inv, a.t.Add(v), 1)
	}
	if hs, ok := s.(*halfSpace); ok {
		return HalfSpace(hs.n, hs.offset+hs.n.Dot(v))
	}
	return newAffine("translate", s, geom.Identity(), geom.Identity(), v, 1)
}

// Rotate returns s turned by angle (radians, right-handed) about axis through the
// origin. It keeps the child's exactness.
func Rotate(s Solid, axis geom.Vec3, angle float64) Solid {
	if axis.Len() == 0 {
		panic("sdf.Rotate: axis must not be zero")
	}
	return RotateMatrix(s, geom.RotationAxis(axis, angle))
}

// RotateMatrix returns s turned by the rotation matrix m. It keeps the child's
// exactness. m must be orthonormal with determinant 1.
func RotateMatrix(s Solid, m geom.Mat3) Solid {
	checkOrthonormal("RotateMatrix", m, 1)
	return newAffine("rotate", s, m, m.Transpose(), geom.Vec3{}, 1)
}

// AlignZ returns s rotated so that its Z axis points along dir.
func AlignZ(s Solid, dir geom.Vec3) Solid {
	if dir.Len() == 0 {
		panic("sdf.AlignZ: direction must not be zero")
	}
	return RotateMatrix(s, geom.RotationTo(dir))
}

func checkOrthonormal(fn string, m geom.Mat3, det float64) {
	p := m.Mul(m.Transpose())
	id := geom.Identity()
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			if math.Abs(p[i][j]-id[i][j]) > 1e-9 {
				panic(fmt.Sprintf("sdf.%s: matrix is not orthonormal", fn))
			}
		}
	}
	d := m[0][0]*(m[1][1]*m[2][2]-m[1][2]*m[2][1]) - m[0][1]*(m[1][0]*m[2][2]-m[1][2]*m[2][0]) +
		m[0][2]*(m[1][0]*m[2][1]-m[1][1]*m[2][0])
	if math.Abs(d-det) > 1e-9 {
		panic(fmt.Sprintf("sdf.%s: matrix determinant is %g, want %g", fn, d, det))
	}
}

// Scale returns s scaled uniformly by f about the origin. It keeps the child's
// exactness.
func Scale(s Solid, f float64) Solid {
	mustPositive("Scale", "factor", f)
	m := geom.Mat3{{f, 0, 0}, {0, f, 0}, {0, 0, f}}
	inv := geom.Mat3{{1 / f, 0, 0}, {0, 1 / f, 0}, {0, 0, 1 / f}}
	return newAffine("scale", s, m, inv, geom.Vec3{}, f)
}

// ScaleXYZ returns s stretched by f along each axis. The field is the child's
// taken at p/f and multiplied by the smallest factor: a bound when the child is
// exact or a bound, with the child's slope.
func ScaleXYZ(s Solid, f geom.Vec3) Solid {
	mustPositive("ScaleXYZ", "factor X", f.X)
	mustPositive("ScaleXYZ", "factor Y", f.Y)
	mustPositive("ScaleXYZ", "factor Z", f.Z)
	m := geom.Mat3{{f.X, 0, 0}, {0, f.Y, 0}, {0, 0, f.Z}}
	inv := geom.Mat3{{1 / f.X, 0, 0}, {0, 1 / f.Y, 0}, {0, 0, 1 / f.Z}}
	a := newAffine("scalexyz", s, m, inv, geom.Vec3{}, f.MinComp())
	a.rch = s.reach() * f.MaxComp() / f.MinComp()
	if a.exact == Exact {
		a.exact = Bound
	}
	a.nonUnifS = f
	return a
}

// Mirror returns s reflected through the plane through the origin with normal n.
// It keeps the child's exactness.
func Mirror(s Solid, n geom.Vec3) Solid {
	if n.Len() == 0 {
		panic("sdf.Mirror: normal must not be zero")
	}
	u := n.Unit()
	var m geom.Mat3
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			m[i][j] = -2 * u.Comp(i) * u.Comp(j)
		}
		m[i][i]++
	}
	return newAffine("mirror", s, m, m, geom.Vec3{}, 1)
}

type offset struct {
	props
	s Solid
	d float64
}

// Offset returns s grown by d (mm), or shrunk when d is negative. The field is
// the child's less d: exact outside when the child is exact and d > 0, and a bound
// when the child is exact or a bound.
func Offset(s Solid, d float64) Solid {
	if math.IsNaN(d) || math.IsInf(d, 0) {
		panic(fmt.Sprintf("sdf.Offset: distance must be finite, got %g", d))
	}
	p := props{slope: s.Slope(), exact: s.Exactness(), rch: s.reach()}
	if p.exact == Exact {
		p.exact = Bound
	}
	p.feature, p.what = s.Feature()
	p.feature += 2 * d
	p.bounds = s.Bounds()
	if d > 0 && !isInf(p.bounds) {
		p.bounds = p.bounds.Expand(d * s.reach())
	}
	return &offset{p, s, d}
}

func (o *offset) At(p geom.Vec3) float64 { return o.s.At(p) - o.d }

func (o *offset) Eval(p []geom.Vec3, d []float64) {
	o.s.Eval(p, d)
	d = d[:len(p)]
	for i := range d {
		d[i] -= o.d
	}
}

func (o *offset) Prune(c geom.Vec3, r float64) Solid {
	if s := o.s.Prune(c, r); s != o.s {
		return &offset{o.props, s, o.d}
	}
	return o
}

func (o *offset) String() string { return "offset(" + o.s.String() + "," + num(o.d) + ")" }

type shell struct {
	props
	s Solid
	t float64
}

// Shell returns the wall of thickness t (mm) just inside the surface of s: the
// solid hollowed out, its outside unchanged. The field is |f + t/2| - t/2: a bound
// when the child is exact or a bound.
func Shell(s Solid, t float64) Solid {
	mustPositive("Shell", "thickness", t)
	p := props{bounds: s.Bounds(), slope: s.Slope(), exact: s.Exactness(), feature: t, what: "shell wall", rch: s.reach()}
	if p.exact == Exact {
		p.exact = Bound
	}
	if f, w := s.Feature(); f < t {
		p.feature, p.what = f, w
	}
	return &shell{p, s, t}
}

func (h *shell) At(p geom.Vec3) float64 { return math.Abs(h.s.At(p)+h.t/2) - h.t/2 }

func (h *shell) Eval(p []geom.Vec3, d []float64) {
	h.s.Eval(p, d)
	d = d[:len(p)]
	ht := h.t / 2
	for i, v := range d {
		d[i] = math.Abs(v+ht) - ht
	}
}

func (h *shell) Prune(c geom.Vec3, r float64) Solid {
	if s := h.s.Prune(c, r); s != h.s {
		return &shell{h.props, s, h.t}
	}
	return h
}

func (h *shell) String() string { return "shell(" + h.s.String() + "," + num(h.t) + ")" }

// LinearRepeat returns n copies of s, the i-th moved by i·step (mm). It is a union
// of the copies, so pruning skips the copies far from a region; the field is a bound
// when the child is exact or a bound.
func LinearRepeat(s Solid, step geom.Vec3, n int) Solid {
	if n < 1 {
		panic(fmt.Sprintf("sdf.LinearRepeat: count must be >= 1, got %d", n))
	}
	ss := make([]Solid, n)
	for i := range ss {
		ss[i] = Translate(s, step.Scale(float64(i)))
	}
	return Union(ss...)
}

// PolarRepeat returns n copies of s turned evenly about the Z axis, the first
// unturned. It is a union of the copies; the field is a bound when the child is
// exact or a bound.
func PolarRepeat(s Solid, n int) Solid {
	if n < 1 {
		panic(fmt.Sprintf("sdf.PolarRepeat: count must be >= 1, got %d", n))
	}
	ss := make([]Solid, n)
	for i := range ss {
		if i == 0 {
			ss[i] = s
			continue
		}
		ss[i] = Rotate(s, geom.V(0, 0, 1), 2*math.Pi*float64(i)/float64(n))
	}
	return Union(ss...)
}

type twist struct {
	props
	s    Solid
	rate float64 // radians per mm of Z
	rho  float64 // radius of the cylinder about Z that holds the child, with margin
	lip  float64 // the twist's stretch within that cylinder
}

// Twist returns s turned about the Z axis by rate·z radians at height z (mm), as a
// twisted vase or drill. Within the cylinder of radius R about Z holding s, the map
// stretches lengths by at most 1 + |rate|·R; the field is the child's divided by that
// factor, and outside the cylinder it is taken at the cylinder and never below the
// distance to it. The result has the child's slope (never a bound on the
// distance for sure), and Slope reports it.
func Twist(s Solid, rate float64) Solid {
	b := s.Bounds()
	if isInf(b) {
		panic("sdf.Twist: the solid must be bounded")
	}
	if math.IsNaN(rate) || math.IsInf(rate, 0) {
		panic(fmt.Sprintf("sdf.Twist: rate must be finite, got %g", rate))
	}
	rho := 0.0
	for _, c := range b.Corners() {
		rho = math.Max(rho, math.Hypot(c.X, c.Y))
	}
	rho += 1
	lip := 1 + math.Abs(rate)*rho
	p := props{slope: math.Max(1, s.Slope()), exact: Sloped, rch: s.reach() * lip}
	p.feature, p.what = s.Feature()
	p.bounds = geom.Box{Min: geom.V(-rho, -rho, b.Min.Z), Max: geom.V(rho, rho, b.Max.Z)}
	return &twist{p, s, rate, rho, lip}
}

func (w *twist) At(p geom.Vec3) float64 {
	q, out := w.local(p)
	v := w.s.At(q) / w.lip
	if out > 0 && out > v {
		return out
	}
	return v
}

// local returns the point in the child's space, projected onto the cylinder when
// it lies outside, and how far outside it lies (0 inside).
func (w *twist) local(p geom.Vec3) (geom.Vec3, float64) {
	rr := math.Hypot(p.X, p.Y)
	out := 0.0
	if rr > w.rho {
		out = rr - w.rho
		p.X, p.Y = p.X*w.rho/rr, p.Y*w.rho/rr
	}
	sn, cs := math.Sincos(-w.rate * p.Z)
	return geom.Vec3{X: cs*p.X - sn*p.Y, Y: sn*p.X + cs*p.Y, Z: p.Z}, out
}

func (w *twist) Eval(p []geom.Vec3, d []float64) {
	for i, q := range p {
		d[i] = w.At(q)
	}
}

func (w *twist) Prune(geom.Vec3, float64) Solid { return w }
func (w *twist) String() string                 { return "twist(" + w.s.String() + "," + num(w.rate) + ")" }
