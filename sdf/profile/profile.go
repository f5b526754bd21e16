// Package profile holds yanchu's 2D shapes: immutable signed-distance fields in the
// XY plane, in millimetres, negative inside. A Shape is the cross-section that
// sdf.Extrude pushes along Z or sdf.Revolve turns about Z; like sdf.Solid it is data
// that prints as a canonical expression.
//
// Every constructor documents its field's exactness, with the meanings of package
// sdf:
//   - Exact: the value is the signed Euclidean distance to the outline.
//   - Bound: |value| never exceeds the true distance, and the slope is at most 1.
//   - Sloped: neither; the field changes by at most Shape.Slope per millimetre.
//
// Every Shape promises that its field is positive outside Bounds and Lipschitz
// with constant Slope. Impossible arguments to a constructor are programmer errors
// and panic with a message naming the constructor.
package profile

import (
	"math"
	"strconv"
)

// Vec2 is a point or direction in the XY plane, in millimetres.
type Vec2 struct{ X, Y float64 }

// V returns the vector (x, y).
func V(x, y float64) Vec2 { return Vec2{x, y} }

// Add returns a+b.
func (a Vec2) Add(b Vec2) Vec2 { return Vec2{a.X + b.X, a.Y + b.Y} }

// Sub returns a-b.
func (a Vec2) Sub(b Vec2) Vec2 { return Vec2{a.X - b.X, a.Y - b.Y} }

// Scale returns a*s.
func (a Vec2) Scale(s float64) Vec2 { return Vec2{a.X * s, a.Y * s} }

// Dot returns the dot product of a and b.
func (a Vec2) Dot(b Vec2) float64 { return a.X*b.X + a.Y*b.Y }

// Cross returns the z component of the cross product a×b: positive when b turns
// counter-clockwise from a.
func (a Vec2) Cross(b Vec2) float64 { return a.X*b.Y - a.Y*b.X }

// Len returns the Euclidean length of a.
func (a Vec2) Len() float64 { return math.Sqrt(a.X*a.X + a.Y*a.Y) }

// Box is an axis-aligned rectangle from Min to Max, in millimetres.
type Box struct{ Min, Max Vec2 }

// Size returns the box's extent along each axis.
func (b Box) Size() Vec2 { return b.Max.Sub(b.Min) }

// Contains reports whether p lies in b, boundary included.
func (b Box) Contains(p Vec2) bool {
	return p.X >= b.Min.X && p.X <= b.Max.X && p.Y >= b.Min.Y && p.Y <= b.Max.Y
}

// Exactness says how a field's value relates to the true distance. The values and
// their order match sdf.Exactness.
type Exactness int

const (
	// Exact fields give the signed Euclidean distance.
	Exact Exactness = iota
	// Bound fields never overstate the distance and have slope at most 1.
	Bound
	// Sloped fields are only Lipschitz, with the constant Shape.Slope.
	Sloped
)

// String returns "exact", "bound" or "sloped".
func (e Exactness) String() string {
	switch e {
	case Exact:
		return "exact"
	case Bound:
		return "bound"
	}
	return "sloped"
}

// Shape is an immutable 2D signed-distance shape, safe for concurrent use.
type Shape interface {
	// At returns the field at p (mm): negative inside, positive outside.
	At(p Vec2) float64
	// Bounds returns a finite box holding every point where the field is not
	// positive.
	Bounds() Box
	// Slope returns the field's Lipschitz constant: 1 for exact and bound fields.
	Slope() float64
	// Exactness says whether the field is exact, a bound, or only sloped.
	Exactness() Exactness
	// Feature returns the smallest feature the shape declares (mm) and its name,
	// such as a stroke width; +Inf when it declares none.
	Feature() (size float64, what string)
	// String returns the canonical expression of the shape.
	String() string
}

// props holds the facts every shape carries.
type props struct {
	bounds  Box
	slope   float64
	exact   Exactness
	feature float64
	what    string
}

func (p *props) Bounds() Box                { return p.bounds }
func (p *props) Slope() float64             { return p.slope }
func (p *props) Exactness() Exactness       { return p.exact }
func (p *props) Feature() (float64, string) { return p.feature, p.what }

func exactProps(b Box, f float64, what string) props {
	return props{bounds: b, slope: 1, exact: Exact, feature: f, what: what}
}

// num formats a number for canonical expressions: shortest form that round-trips.
func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func vec(v Vec2) string { return "[" + num(v.X) + "," + num(v.Y) + "]" }

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
