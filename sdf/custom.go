package sdf

import (
	"fmt"
	"math"

	"yanchu/geom"
)

type custom struct {
	props
	f    func(geom.Vec3) float64
	name string
	half geom.Vec3 // half the bounds' size
	mid  geom.Vec3 // the bounds' centre
}

// Custom returns the solid of a field given as a function, for shapes no
// constructor here describes (a lobed, tapering vase). The caller promises that f
// is negative inside, positive outside, and Lipschitz with constant slope (at least
// 1), and that the solid lies within bounds; name must print the field and its
// parameters, since it is the solid's canonical expression. The field is f, raised
// to the signed distance to the bounds' box where that is larger, so it is positive
// outside the box whatever f does there; it is sloped with the given slope, or a
// bound when slope is 1.
func Custom(name string, bounds geom.Box, slope float64, f func(geom.Vec3) float64) Solid {
	if name == "" || f == nil {
		panic("sdf.Custom: a name and a field are needed")
	}
	if isInf(bounds) || bounds.Empty() {
		panic(fmt.Sprintf("sdf.Custom: bounds must be finite and not empty, got %v", bounds))
	}
	if !(slope >= 1) || math.IsInf(slope, 0) {
		panic(fmt.Sprintf("sdf.Custom: slope must be a finite number of at least 1, got %g", slope))
	}
	p := props{bounds: bounds, slope: slope, exact: Sloped, feature: math.Inf(1)}
	if slope == 1 {
		p.exact = Bound
	}
	return &custom{props: p, f: f, name: name, half: bounds.Size().Scale(0.5), mid: bounds.Center()}
}

func (c *custom) At(p geom.Vec3) float64 {
	q := p.Sub(c.mid)
	dx, dy, dz := math.Abs(q.X)-c.half.X, math.Abs(q.Y)-c.half.Y, math.Abs(q.Z)-c.half.Z
	ox, oy, oz := math.Max(dx, 0), math.Max(dy, 0), math.Max(dz, 0)
	box := math.Sqrt(ox*ox+oy*oy+oz*oz) + math.Min(math.Max(dx, math.Max(dy, dz)), 0)
	return math.Max(c.f(p), box)
}

func (c *custom) Eval(p []geom.Vec3, d []float64) {
	d = d[:len(p)]
	for i, q := range p {
		d[i] = c.At(q)
	}
}

func (c *custom) Prune(geom.Vec3, float64) Solid { return c }
func (c *custom) String() string                 { return "custom(" + c.name + ")" }
