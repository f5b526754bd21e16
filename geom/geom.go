// Package geom holds the small value types of yanchu's geometry: vectors, boxes and
// rotation matrices. Lengths are in millimetres and angles in radians. It has no
// dependencies beyond the standard library.
package geom

import "math"

// Vec3 is a point or direction in millimetres.
type Vec3 struct{ X, Y, Z float64 }

// V returns the vector (x, y, z).
func V(x, y, z float64) Vec3 { return Vec3{x, y, z} }

// Add returns a+b.
func (a Vec3) Add(b Vec3) Vec3 { return Vec3{a.X + b.X, a.Y + b.Y, a.Z + b.Z} }

// Sub returns a-b.
func (a Vec3) Sub(b Vec3) Vec3 { return Vec3{a.X - b.X, a.Y - b.Y, a.Z - b.Z} }

// Scale returns a*s.
func (a Vec3) Scale(s float64) Vec3 { return Vec3{a.X * s, a.Y * s, a.Z * s} }

// Mul returns the component-wise product of a and b.
func (a Vec3) Mul(b Vec3) Vec3 { return Vec3{a.X * b.X, a.Y * b.Y, a.Z * b.Z} }

// Dot returns the dot product of a and b.
func (a Vec3) Dot(b Vec3) float64 { return a.X*b.X + a.Y*b.Y + a.Z*b.Z }

// Cross returns the cross product a×b.
func (a Vec3) Cross(b Vec3) Vec3 {
	return Vec3{a.Y*b.Z - a.Z*b.Y, a.Z*b.X - a.X*b.Z, a.X*b.Y - a.Y*b.X}
}

// Len returns the Euclidean length of a.
func (a Vec3) Len() float64 { return math.Sqrt(a.X*a.X + a.Y*a.Y + a.Z*a.Z) }

// Unit returns a scaled to length 1. The zero vector stays zero.
func (a Vec3) Unit() Vec3 {
	l := a.Len()
	if l == 0 {
		return a
	}
	return a.Scale(1 / l)
}

// Abs returns the component-wise absolute value of a.
func (a Vec3) Abs() Vec3 { return Vec3{math.Abs(a.X), math.Abs(a.Y), math.Abs(a.Z)} }

// Min returns the component-wise minimum of a and b.
func (a Vec3) Min(b Vec3) Vec3 {
	return Vec3{math.Min(a.X, b.X), math.Min(a.Y, b.Y), math.Min(a.Z, b.Z)}
}

// Max returns the component-wise maximum of a and b.
func (a Vec3) Max(b Vec3) Vec3 {
	return Vec3{math.Max(a.X, b.X), math.Max(a.Y, b.Y), math.Max(a.Z, b.Z)}
}

// MaxComp returns the largest component of a.
func (a Vec3) MaxComp() float64 { return math.Max(a.X, math.Max(a.Y, a.Z)) }

// MinComp returns the smallest component of a.
func (a Vec3) MinComp() float64 { return math.Min(a.X, math.Min(a.Y, a.Z)) }

// Lerp returns a + (b-a)*t.
func (a Vec3) Lerp(b Vec3, t float64) Vec3 {
	return Vec3{a.X + (b.X-a.X)*t, a.Y + (b.Y-a.Y)*t, a.Z + (b.Z-a.Z)*t}
}

// Comp returns component i (0 for X, 1 for Y, 2 for Z).
func (a Vec3) Comp(i int) float64 {
	switch i {
	case 0:
		return a.X
	case 1:
		return a.Y
	}
	return a.Z
}

// Box is an axis-aligned box from Min to Max, in millimetres. A box with any
// Min component greater than the matching Max component is empty.
type Box struct{ Min, Max Vec3 }

// EmptyBox returns a box that contains nothing and is the identity of Union.
func EmptyBox() Box {
	inf := math.Inf(1)
	return Box{Vec3{inf, inf, inf}, Vec3{-inf, -inf, -inf}}
}

// Cube returns the box of half-size h around the origin.
func Cube(h float64) Box { return Box{Vec3{-h, -h, -h}, Vec3{h, h, h}} }

// Empty reports whether b contains no point.
func (b Box) Empty() bool { return b.Min.X > b.Max.X || b.Min.Y > b.Max.Y || b.Min.Z > b.Max.Z }

// Size returns the box's extent along each axis.
func (b Box) Size() Vec3 { return b.Max.Sub(b.Min) }

// Center returns the box's centre.
func (b Box) Center() Vec3 { return b.Min.Add(b.Max).Scale(0.5) }

// Union returns the smallest box holding both b and c.
func (b Box) Union(c Box) Box { return Box{b.Min.Min(c.Min), b.Max.Max(c.Max)} }

// Intersect returns the overlap of b and c, which may be empty.
func (b Box) Intersect(c Box) Box { return Box{b.Min.Max(c.Min), b.Max.Min(c.Max)} }

// Expand returns b grown by d on every side.
func (b Box) Expand(d float64) Box {
	e := Vec3{d, d, d}
	return Box{b.Min.Sub(e), b.Max.Add(e)}
}

// Include returns b grown to hold p.
func (b Box) Include(p Vec3) Box { return Box{b.Min.Min(p), b.Max.Max(p)} }

// Contains reports whether p lies in b, boundary included.
func (b Box) Contains(p Vec3) bool {
	return p.X >= b.Min.X && p.X <= b.Max.X && p.Y >= b.Min.Y && p.Y <= b.Max.Y &&
		p.Z >= b.Min.Z && p.Z <= b.Max.Z
}

// Corners returns the eight corners of b.
func (b Box) Corners() [8]Vec3 {
	var c [8]Vec3
	for i := range c {
		p := b.Min
		if i&1 != 0 {
			p.X = b.Max.X
		}
		if i&2 != 0 {
			p.Y = b.Max.Y
		}
		if i&4 != 0 {
			p.Z = b.Max.Z
		}
		c[i] = p
	}
	return c
}

// Mat3 is a 3×3 matrix in row-major order.
type Mat3 [3][3]float64

// Identity returns the identity matrix.
func Identity() Mat3 { return Mat3{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}} }

// RotationAxis returns the rotation by angle (radians, right-handed) about axis.
// It panics when axis is zero.
func RotationAxis(axis Vec3, angle float64) Mat3 {
	if axis.Len() == 0 {
		panic("geom.RotationAxis: zero axis")
	}
	u := axis.Unit()
	c, s := math.Cos(angle), math.Sin(angle)
	t := 1 - c
	return Mat3{
		{t*u.X*u.X + c, t*u.X*u.Y - s*u.Z, t*u.X*u.Z + s*u.Y},
		{t*u.X*u.Y + s*u.Z, t*u.Y*u.Y + c, t*u.Y*u.Z - s*u.X},
		{t*u.X*u.Z - s*u.Y, t*u.Y*u.Z + s*u.X, t*u.Z*u.Z + c},
	}
}

// RotationTo returns a rotation taking the unit Z axis onto dir.
func RotationTo(dir Vec3) Mat3 {
	d := dir.Unit()
	z := Vec3{0, 0, 1}
	axis := z.Cross(d)
	if axis.Len() < 1e-12 {
		if d.Z > 0 {
			return Identity()
		}
		return Mat3{{1, 0, 0}, {0, -1, 0}, {0, 0, -1}}
	}
	return RotationAxis(axis, math.Acos(math.Max(-1, math.Min(1, d.Z))))
}

// MulVec returns m·v.
func (m Mat3) MulVec(v Vec3) Vec3 {
	return Vec3{
		m[0][0]*v.X + m[0][1]*v.Y + m[0][2]*v.Z,
		m[1][0]*v.X + m[1][1]*v.Y + m[1][2]*v.Z,
		m[2][0]*v.X + m[2][1]*v.Y + m[2][2]*v.Z,
	}
}

// Mul returns m·n.
func (m Mat3) Mul(n Mat3) Mat3 {
	var r Mat3
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			r[i][j] = m[i][0]*n[0][j] + m[i][1]*n[1][j] + m[i][2]*n[2][j]
		}
	}
	return r
}

// Transpose returns the transpose of m, which is the inverse of a rotation.
func (m Mat3) Transpose() Mat3 {
	return Mat3{{m[0][0], m[1][0], m[2][0]}, {m[0][1], m[1][1], m[2][1]}, {m[0][2], m[1][2], m[2][2]}}
}

// TransformBox returns the axis-aligned box holding b after p -> m·p.
func (m Mat3) TransformBox(b Box) Box {
	if b.Empty() {
		return b
	}
	out := EmptyBox()
	for _, c := range b.Corners() {
		out = out.Include(m.MulVec(c))
	}
	return out
}
