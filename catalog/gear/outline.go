package gear

import (
	"math"
	"sort"
	"strconv"

	"yanchu/sdf/profile"
)

// outline is a gear's 2D outline as a profile.Shape: the tooth t repeated z
// times, turned by phi (radians) about the origin.
//
// The field is exact for the drawn outline (an involute within polyTol): the
// outline is one half tooth reflected in the lines θ = kπ/z, and for a point in
// the sector 0 <= θ <= π/z that half tooth holds the nearest point of every
// image (a point and a curve on one side of a mirror are never farther apart
// than the point and the curve's image). At folds the point into that sector
// (a table of the z turns, then |y|) and measures the distance to the tip arc,
// the root arc and the few flank segments whose radii lie within the best
// distance so far of the point's radius, found by bisection on the radii.
type outline struct {
	t        *tooth
	phi      float64
	step     float64   // 2π/z
	cos, sin []float64 // of phi + k·step, k = 0..z-1
	tipEnd   profile.Vec2
	rootEnd  profile.Vec2
	feature  float64
	name     string
}

// newOutline returns the outline of t turned by phi (radians).
func newOutline(t *tooth, phi float64) *outline {
	o := &outline{t: t, phi: phi, step: 2 * math.Pi / float64(t.z)}
	o.cos, o.sin = make([]float64, t.z), make([]float64, t.z)
	for k := range t.z {
		o.sin[k], o.cos[k] = math.Sincos(phi + float64(k)*o.step)
	}
	o.tipEnd = t.pts[0]
	o.rootEnd = t.pts[len(t.pts)-1]
	o.feature = math.Min(t.tipLand(), t.rootSpace())
	o.name = "gear(" + strconv.Itoa(t.z) + "," + num(t.m) + "," + num(t.alpha*180/math.Pi) + "," + num(phi) + ")"
	return o
}

func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// fold returns p in the tooth's sector: its radius and the point itself.
func (o *outline) fold(p profile.Vec2) (profile.Vec2, float64) {
	a := math.Atan2(p.Y, p.X) - o.phi
	k := int(math.Floor(a/o.step + 0.5))
	k %= o.t.z
	if k < 0 {
		k += o.t.z
	}
	c, s := o.cos[k], o.sin[k]
	q := profile.Vec2{X: p.X*c + p.Y*s, Y: math.Abs(-p.X*s + p.Y*c)}
	return q, math.Sqrt(q.X*q.X + q.Y*q.Y)
}

// At returns the signed distance (mm) from p to the outline.
func (o *outline) At(p profile.Vec2) float64 {
	q, r := o.fold(p)
	t := o.t
	// The tip arc spans angles [0, tipHalf]: inside its wedge the nearest point
	// is straight out or in; beyond it, the tip corner. Likewise the root arc
	// from rootHalf to π/z.
	var d float64
	if q.Cross(o.tipEnd) >= 0 {
		d = math.Abs(r - t.ra)
	} else {
		d = q.Sub(o.tipEnd).Len()
	}
	if o.rootEnd.Cross(q) >= 0 {
		d = math.Min(d, math.Abs(r-t.rf))
	} else {
		d = math.Min(d, q.Sub(o.rootEnd).Len())
	}
	// Flank segments, radius falling: segment i joins pts[i] and pts[i+1] and
	// spans radii [rad[i+1], rad[i]].
	rad, pts := t.rad, t.pts
	n := len(rad) - 1
	// i0 is the first segment whose lower end lies below r.
	i0 := sort.Search(n, func(i int) bool { return rad[i+1] < r })
	for i := i0; i < n && r-rad[i] < d; i++ {
		d = math.Min(d, segDist(q, pts[i], pts[i+1]))
	}
	for i := i0 - 1; i >= 0 && rad[i+1]-r < d; i-- {
		d = math.Min(d, segDist(q, pts[i], pts[i+1]))
	}
	if o.inside(q, r, i0) {
		return -d
	}
	return d
}

// inside reports whether the folded point q at radius r lies inside the
// outline; i0 is the flank segment whose radii straddle r, if any.
func (o *outline) inside(q profile.Vec2, r float64, i0 int) bool {
	t := o.t
	switch {
	case r < t.rf:
		return true
	case r > t.ra:
		return false
	case i0 >= len(t.rad)-1:
		// On the root circle itself: inside below the fillet.
		return o.rootEnd.Cross(q) < 0
	}
	// The flank crosses the circle of radius r once, at x; the tooth lies on
	// the side of smaller angles.
	x := circleCut(t.pts[i0], t.pts[i0+1], r)
	return q.Cross(x) > 0
}

// Bounds returns the square around the tip circle.
func (o *outline) Bounds() profile.Box {
	ra := o.t.ra
	return profile.Box{Min: profile.Vec2{X: -ra, Y: -ra}, Max: profile.Vec2{X: ra, Y: ra}}
}

// Slope returns 1: the field is an exact distance.
func (o *outline) Slope() float64 { return 1 }

// Exactness returns profile.Exact.
func (o *outline) Exactness() profile.Exactness { return profile.Exact }

// Feature returns the thinner of the tip land and the space at the root.
func (o *outline) Feature() (float64, string) {
	if o.t.tipLand() < o.t.rootSpace() {
		return o.feature, "gear tooth tip land"
	}
	return o.feature, "gear root space"
}

// String returns the canonical expression: teeth, module, pressure angle in
// degrees and the turn in radians.
func (o *outline) String() string { return o.name }

// extent returns how far the outline reaches along the unit direction u (mm),
// over the polyline's points and the tip arcs of every tooth.
func (o *outline) extent(u profile.Vec2) float64 {
	best := math.Inf(-1)
	t := o.t
	for k := range t.z {
		c, s := o.cos[k], o.sin[k]
		// u in the tooth's frame, mirrored to the half tooth both ways.
		ux, uy := u.X*c+u.Y*s, -u.X*s+u.Y*c
		if ux > 0 && math.Abs(math.Atan2(uy, ux)) <= t.tipHalf {
			return t.ra
		}
		for _, sy := range []float64{uy, -uy} {
			for _, p := range t.pts {
				best = math.Max(best, p.X*ux+p.Y*sy)
			}
		}
	}
	return best
}
