package sdf

import (
	"fmt"
	"math"
	"strings"

	"yanchu/geom"
)

// op names the n-ary boolean operations.
type op int

const (
	opUnion op = iota
	opIntersect
)

// nary is a union (minimum) or intersection (maximum) of solids, hard when k is 0
// and smooth with blend radius k otherwise. The children fold left to right.
type nary struct {
	props
	op   op
	k    float64
	kids []Solid
}

func joinNames(ss []Solid) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = s.String()
	}
	return strings.Join(parts, ",")
}

func newNary(fn string, o op, k float64, ss []Solid) Solid {
	if len(ss) == 0 {
		panic(fmt.Sprintf("sdf.%s: needs at least one solid", fn))
	}
	for i, s := range ss {
		if s == nil {
			panic(fmt.Sprintf("sdf.%s: solid %d is nil", fn, i))
		}
	}
	if k < 0 || math.IsNaN(k) || math.IsInf(k, 0) {
		panic(fmt.Sprintf("sdf.%s: blend radius must be >= 0 and finite, got %g", fn, k))
	}
	if len(ss) == 1 {
		return ss[0]
	}
	n := &nary{op: o, k: k, kids: append([]Solid(nil), ss...)}
	n.feature, n.what = minFeature(ss)
	n.slope, n.exact = maxSlope(ss)
	if k > 0 && n.exact < Sloped {
		// A smooth blend keeps the slope but may overstate the distance inside.
		n.exact = Sloped
	}
	if o == opUnion {
		b := geom.EmptyBox()
		for _, s := range ss {
			b = b.Union(s.Bounds())
			n.rch = math.Max(n.reach(), s.reach())
		}
		// The blend lowers the field by at most k/4, which the reach turns into a
		// distance beyond the children's bounds.
		n.bounds = b.Expand(k / 4 * n.reach())
	} else {
		// Outside the common box, the distance to it is at most √m times the largest
		// distance to the m bounded children's boxes, one axis at a time.
		b, m, r := infBox(), 0, 1.0
		for _, s := range ss {
			b = b.Intersect(s.Bounds())
			if !isInf(s.Bounds()) {
				m++
				r = math.Max(r, s.reach())
			}
		}
		n.bounds = b
		n.rch = r * math.Sqrt(float64(max(m, 1)))
	}
	return n
}

// Union returns the solid covering every one of ss. The field is a bound when the
// children are exact or bounds (exact outside when they are exact).
func Union(ss ...Solid) Solid { return newNary("Union", opUnion, 0, ss) }

// Intersection returns the solid common to all of ss. The field is a bound when
// the children are exact or bounds.
func Intersection(ss ...Solid) Solid { return newNary("Intersection", opIntersect, 0, ss) }

// Difference returns a with every one of cut removed. The field is a bound when the
// children are exact or bounds.
func Difference(a Solid, cut ...Solid) Solid {
	ss := []Solid{a}
	for _, c := range cut {
		ss = append(ss, Complement(c))
	}
	return newNary("Difference", opIntersect, 0, ss)
}

// SmoothUnion returns the union of ss with concave edges filleted by blend radius k
// (mm). The field's slope stays that of the children; it is not a bound.
func SmoothUnion(k float64, ss ...Solid) Solid { return newNary("SmoothUnion", opUnion, k, ss) }

// SmoothIntersection returns the intersection of ss with convex edges rounded by
// blend radius k (mm). The field's slope stays that of the children.
func SmoothIntersection(k float64, ss ...Solid) Solid {
	return newNary("SmoothIntersection", opIntersect, k, ss)
}

// SmoothDifference returns a with cut removed, the cut edges rounded by blend
// radius k (mm). The field's slope stays that of the children.
func SmoothDifference(k float64, a Solid, cut ...Solid) Solid {
	ss := []Solid{a}
	for _, c := range cut {
		ss = append(ss, Complement(c))
	}
	return newNary("SmoothDifference", opIntersect, k, ss)
}

// combine folds one more value into x. Both the scalar and the batch path use it,
// so they agree bit for bit.
func (n *nary) combine(x, y float64) float64 {
	if n.k == 0 {
		if n.op == opUnion {
			if y < x {
				return y
			}
			return x
		}
		if y > x {
			return y
		}
		return x
	}
	if n.op == opUnion {
		return smin(x, y, n.k)
	}
	return -smin(-x, -y, n.k)
}

// smin is the quadratic smooth minimum: min(a, b) less at most k/4 where a and b
// are within k of each other, and exactly min(a, b) elsewhere. Its gradient is a
// convex combination of the children's, so it keeps their slope.
func smin(a, b, k float64) float64 {
	h := k - math.Abs(a-b)
	if h <= 0 {
		if b < a {
			return b
		}
		return a
	}
	h /= k
	return math.Min(a, b) - h*h*k/4
}

func (n *nary) At(p geom.Vec3) float64 {
	x := n.kids[0].At(p)
	for _, s := range n.kids[1:] {
		x = n.combine(x, s.At(p))
	}
	return x
}

func (n *nary) Eval(p []geom.Vec3, d []float64) {
	d = d[:len(p)]
	n.kids[0].Eval(p, d)
	buf := getFloats(len(p))
	t := (*buf)[:len(p)]
	for _, s := range n.kids[1:] {
		s.Eval(p, t)
		switch {
		case n.k == 0 && n.op == opUnion:
			for i, y := range t {
				if y < d[i] {
					d[i] = y
				}
			}
		case n.k == 0:
			for i, y := range t {
				if y > d[i] {
					d[i] = y
				}
			}
		default:
			for i, y := range t {
				d[i] = n.combine(d[i], y)
			}
		}
	}
	putFloats(buf)
}

// Prune drops every child that cannot change the fold anywhere in the ball. A hard
// union keeps a child only if its lowest possible value there is not above the
// others' lowest highest value; a smooth one drops a child only when it stays at
// least k above the fold of the children before it, which leaves the fold
// unchanged bit for bit. Intersections mirror this.
func (n *nary) Prune(c geom.Vec3, r float64) Solid {
	lo := make([]float64, len(n.kids))
	hi := make([]float64, len(n.kids))
	for i, s := range n.kids {
		v, e := s.At(c), s.Slope()*r
		if n.op == opIntersect {
			v = -v // work on the minimum of the negated values
		}
		lo[i], hi[i] = v-e, v+e
	}
	keep := make([]bool, len(n.kids))
	for i := range keep {
		keep[i] = true
	}
	for i := range n.kids {
		// best is the least upper bound over the children that stay in front of i
		// (hard: all others; smooth: the kept ones before i, or the next kept one
		// when i is first).
		best := math.Inf(1)
		if n.k == 0 {
			for j := range n.kids {
				if j != i && keep[j] {
					best = math.Min(best, hi[j])
				}
			}
			if lo[i] > best {
				keep[i] = false
			}
			continue
		}
		first := true
		for j := 0; j < i; j++ {
			if keep[j] {
				first = false
				best = math.Min(best, hi[j])
			}
		}
		if first {
			for j := i + 1; j < len(n.kids); j++ {
				if keep[j] {
					best = hi[j]
					break
				}
			}
		}
		if lo[i] >= best+n.k {
			keep[i] = false
		}
	}
	var kept []Solid
	changed := false
	for i, s := range n.kids {
		if !keep[i] {
			changed = true
			continue
		}
		ps := s.Prune(c, r)
		if ps != s {
			changed = true
		}
		kept = append(kept, ps)
	}
	if !changed {
		return n
	}
	if len(kept) == 1 {
		return kept[0]
	}
	m := *n
	m.kids = kept
	return &m
}

func (n *nary) String() string {
	name := "union"
	if n.op == opIntersect {
		name = "intersection"
	}
	if n.k > 0 {
		return "smooth" + name + "(" + num(n.k) + "," + joinNames(n.kids) + ")"
	}
	return name + "(" + joinNames(n.kids) + ")"
}

type complement struct {
	props
	s Solid
}

// Complement returns everything outside s: the field negated. It keeps the child's
// exactness and slope; its bounds are infinite.
func Complement(s Solid) Solid {
	if c, ok := s.(*complement); ok {
		return c.s
	}
	p := props{bounds: infBox(), slope: s.Slope(), exact: s.Exactness()}
	p.feature, p.what = s.Feature()
	return &complement{p, s}
}

func (c *complement) At(p geom.Vec3) float64 { return -c.s.At(p) }

func (c *complement) Eval(p []geom.Vec3, d []float64) {
	c.s.Eval(p, d)
	d = d[:len(p)]
	for i := range d {
		d[i] = -d[i]
	}
}

func (c *complement) Prune(p geom.Vec3, r float64) Solid {
	if s := c.s.Prune(p, r); s != c.s {
		return &complement{c.props, s}
	}
	return c
}

func (c *complement) String() string { return "not(" + c.s.String() + ")" }
