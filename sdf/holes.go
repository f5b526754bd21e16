package sdf

import (
	"fmt"
	"math"

	"yanchu/geom"
)

type doubleCone struct {
	props
	u      geom.Vec3
	sa, ca float64
	angle  float64
}

// DoubleCone returns the infinite double cone with its apex at the origin, its
// axis along u and the given half-angle (radians, between 0 and π/2): the points
// whose line through the origin lies within angle of u's. Cut from a ball, it makes
// a conical hole on each side, wide outside and narrow inside, as the carvers drill
// them. The field is exact; the bounds are infinite.
func DoubleCone(u geom.Vec3, angle float64) Solid {
	if u.Len() == 0 {
		panic("sdf.DoubleCone: axis must not be zero")
	}
	if !(angle > 0 && angle < math.Pi/2) {
		panic(fmt.Sprintf("sdf.DoubleCone: half-angle must be in (0, π/2), got %g", angle))
	}
	sa, ca := math.Sincos(angle)
	p := newProps(infBox(), math.Inf(1), "")
	return &doubleCone{p, u.Unit(), sa, ca, angle}
}

// At is |p×u|·cos a − |p·u|·sin a: |p|·sin(φ − a) for the angle φ between p and
// the axis line, which is the exact distance since φ − a never exceeds π/2.
func (c *doubleCone) At(p geom.Vec3) float64 {
	return p.Cross(c.u).Len()*c.ca - math.Abs(p.Dot(c.u))*c.sa
}

func (c *doubleCone) Eval(p []geom.Vec3, d []float64) {
	u := c.u
	for i, q := range p {
		x, y, z := q.Y*u.Z-q.Z*u.Y, q.Z*u.X-q.X*u.Z, q.X*u.Y-q.Y*u.X
		d[i] = math.Sqrt(x*x+y*y+z*z)*c.ca - math.Abs(q.X*u.X+q.Y*u.Y+q.Z*u.Z)*c.sa
	}
}

func (c *doubleCone) Prune(geom.Vec3, float64) Solid { return c }
func (c *doubleCone) String() string {
	return "doublecone(" + vec(c.u) + "," + num(c.angle) + ")"
}

type cone1 struct {
	props
	u      geom.Vec3
	sa, ca float64
	angle  float64
}

// InfiniteCone returns the infinite single cone with its apex at the origin, its
// axis along u and the given half-angle (radians, between 0 and π/2): the points
// within angle of u's direction. The field is exact; the bounds are infinite.
func InfiniteCone(u geom.Vec3, angle float64) Solid {
	if u.Len() == 0 {
		panic("sdf.InfiniteCone: axis must not be zero")
	}
	if !(angle > 0 && angle < math.Pi/2) {
		panic(fmt.Sprintf("sdf.InfiniteCone: half-angle must be in (0, π/2), got %g", angle))
	}
	sa, ca := math.Sincos(angle)
	p := newProps(infBox(), math.Inf(1), "")
	return &cone1{p, u.Unit(), sa, ca, angle}
}

// At is |p|·sin(φ − a) for the angle φ between p and the axis while φ − a is at
// most π/2 (the nearest point is on the cone's side), and |p| beyond (the apex).
func (c *cone1) At(p geom.Vec3) float64 {
	s := p.Cross(c.u).Len() // |p| sin φ
	t := p.Dot(c.u)         // |p| cos φ
	// |p| cos(φ − a) = t·cos a + s·sin a: negative when φ − a > π/2.
	if t*c.ca+s*c.sa < 0 {
		return p.Len()
	}
	return s*c.ca - t*c.sa
}

func (c *cone1) Eval(p []geom.Vec3, d []float64) {
	for i, q := range p {
		d[i] = c.At(q)
	}
}

func (c *cone1) Prune(geom.Vec3, float64) Solid { return c }
func (c *cone1) String() string {
	return "infinitecone(" + vec(c.u) + "," + num(c.angle) + ")"
}
