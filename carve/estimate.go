package carve

import (
	"math"
	"slices"
)

// The object sweeps a solid of revolution as it turns, and the union of its
// silhouettes over a full turn is that solid's silhouette. A camera that
// looks at the axis without rolling sees it mirror-symmetric about the axis's
// column, so the column is the median over rows of the midpoint of the
// union's row. A flat rim or base of the swept solid is a circle, seen as an
// ellipse: its far half bounds the union above and its near half below, and
// the ratio of its axes is the sine of the angle the camera looks down at it.

// union returns the union of the masks of s, less the pixels only one mask
// has (a speck of noise in one frame), and its bounding box [x0, x1) × [y0,
// y1), empty when no pixel is left.
func union(s *silhouettes) (u []uint8, x0, y0, x1, y1 int) {
	count := make([]uint16, s.w*s.h)
	for _, m := range s.masks {
		for p, v := range m {
			count[p] += uint16(v)
		}
	}
	u = make([]uint8, s.w*s.h)
	for p, n := range count {
		if n >= 2 {
			u[p] = 1
		}
	}
	x0, y0, x1, y1 = s.w, s.h, 0, 0
	for y := range s.h {
		for x := range s.w {
			if u[y*s.w+x] != 0 {
				x0, y0 = min(x0, x), min(y0, y)
				x1, y1 = max(x1, x+1), max(y1, y+1)
			}
		}
	}
	return u, x0, y0, x1, y1
}

// axisColumn returns the picture column of the turning axis: the median of
// the midpoints of the union's rows in the upper two thirds of it (the lower
// rows may hold a shadow on one side).
func axisColumn(u []uint8, w, y0, y1 int) (float64, bool) {
	var mids []float64
	for y := y0; y < y0+(y1-y0)*2/3; y++ {
		row := u[y*w : (y+1)*w]
		l, r := slices.Index(row, 1), len(row)-1-slices.Index(reverse(row), 1)
		if l >= 0 && r-l >= 2 {
			mids = append(mids, float64(l+r+1)/2)
		}
	}
	if len(mids) < 3 {
		return 0, false
	}
	return median(mids), true
}

func reverse(b []uint8) []uint8 {
	r := slices.Clone(b)
	slices.Reverse(r)
	return r
}

// median returns the median of xs, reordering them.
func median(xs []float64) float64 {
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// arc is an ellipse fitted to the top or bottom outline of the union: its
// half-axes a (across) and b (down) and the row of its centre (pixels).
type arc struct {
	a, b, y0 float64
	rms      float64 // the fit's residual (pixels)
	ok       bool
}

// fitArc fits an ellipse centred on column cx, with upright axes, to the
// union's outline: its top edge when top is set, else its bottom edge. The
// ellipse's half-width a is where the union first all but stops widening,
// going in from that edge (a rim's ends, beyond which the sides run straight,
// narrow, or widen no faster than perspective makes a cylinder's sides, 0.15
// pixels a row); the row of its centre and its half-height b are then fitted to the
// outline by least squares over the columns within 0.95 a of the axis.
func fitArc(u []uint8, w, h int, cx float64, top bool) arc {
	// The union's half-width in each row, from the edge inwards.
	var half []float64
	for i := range h {
		y := i
		if !top {
			y = h - 1 - i
		}
		row := u[y*w : (y+1)*w]
		l := slices.Index(row, 1)
		if l < 0 {
			continue
		}
		r := len(row) - 1 - slices.Index(reverse(row), 1)
		half = append(half, float64(r+1-l)/2)
	}
	if len(half) < 6 {
		return arc{}
	}
	k := max(3, h/32)
	a := 0.0
	for i := 1; i+k < len(half); i++ {
		if half[i] >= 3 && slices.Max(half[i+1:i+1+k])-half[i] <= 0.25+0.15*float64(k) {
			a = slices.Max(half[max(0, i-1) : i+2])
			break
		}
	}
	if a == 0 {
		return arc{}
	}
	// The outline's row in each column within 0.95 a of the axis.
	var m [2][3]float64 // normal equations for y = y0 + sign·b·s
	var xs, ys, ss []float64
	sign := -1.0
	if !top {
		sign = 1
	}
	for x := int(math.Ceil(cx - 0.95*a)); float64(x)+1 <= cx+0.95*a; x++ {
		if x < 0 || x >= w {
			continue
		}
		X := float64(x) + 0.5 - cx
		var y float64
		found := false
		for i := range h {
			yy := i
			if !top {
				yy = h - 1 - i
			}
			if u[yy*w+x] != 0 {
				y, found = float64(yy), true
				if !top {
					y++
				}
				break
			}
		}
		if !found {
			continue
		}
		sv := sign * math.Sqrt(math.Max(0, 1-X*X/(a*a)))
		row := [2]float64{1, sv}
		for r := range 2 {
			m[r][0] += row[r] * row[0]
			m[r][1] += row[r] * row[1]
			m[r][2] += row[r] * y
		}
		xs, ys, ss = append(xs, X), append(ys, y), append(ss, sv)
	}
	if len(xs) < 8 {
		return arc{}
	}
	det := m[0][0]*m[1][1] - m[0][1]*m[1][0]
	if math.Abs(det) < 1e-9 {
		return arc{}
	}
	y0 := (m[0][2]*m[1][1] - m[0][1]*m[1][2]) / det
	b := (m[0][0]*m[1][2] - m[1][0]*m[0][2]) / det
	if !(b > 0) {
		return arc{}
	}
	var sum float64
	for i := range xs {
		d := ys[i] - (y0 + b*ss[i])
		sum += d * d
	}
	return arc{a: a, b: b, y0: y0, rms: math.Sqrt(sum / float64(len(xs))), ok: true}
}

// solve3 solves the 3 × 3 system in the augmented matrix m by Gaussian
// elimination with partial pivoting.
func solve3(m [3][4]float64) ([3]float64, bool) {
	for c := range 3 {
		p := c
		for r := c + 1; r < 3; r++ {
			if math.Abs(m[r][c]) > math.Abs(m[p][c]) {
				p = r
			}
		}
		if math.Abs(m[p][c]) < 1e-300 {
			return [3]float64{}, false
		}
		m[c], m[p] = m[p], m[c]
		for r := c + 1; r < 3; r++ {
			f := m[r][c] / m[c][c]
			for k := c; k < 4; k++ {
				m[r][k] -= f * m[c][k]
			}
		}
	}
	var x [3]float64
	for r := 2; r >= 0; r-- {
		s := m[r][3]
		for k := r + 1; k < 3; k++ {
			s -= m[r][k] * x[k]
		}
		x[r] = s / m[r][r]
	}
	return x, true
}

// Limits on an arc that is taken for a flat rim or base: a steeper view than
// maxArcDeg is what a round top gives (a sphere's outline is a circle, a =
// b), and the fit must follow the outline within arcRMS pixels, or a
// hundredth of its width.
const (
	maxArcDeg = 70
	arcRMS    = 1.2
)

// arcPitch returns the camera's pitch that makes the arc the image of a
// horizontal circle: the sight line to its centre dips by asin(b/a), and the
// line dips by the arc's angle below the picture's centre less than that
// (radians). below says the circle is seen from below (a rim above the
// camera).
func arcPitch(c arc, f, cy float64, below bool) (float64, bool) {
	if !c.ok || c.rms > math.Max(arcRMS, 0.01*c.a) || c.b > c.a {
		return 0, false
	}
	e := math.Asin(c.b / c.a)
	if e > maxArcDeg*math.Pi/180 {
		return 0, false
	}
	if below {
		e = -e
	}
	return e - math.Atan((c.y0-cy)/f), true
}

// estimateFOV measures the field of view across a w × h film from the
// ellipses a flat top and a flat base draw: a rim seen at elevation e is an
// ellipse b/a = sin e wide, and e is the pitch plus the angle of the rim's
// centre below the picture's middle, atan((y0 − cy)/f). Both rims share the
// pitch, so the difference of their elevations is the difference of those
// angles, which fixes the focal length f. It reports false unless both arcs
// are fitted well, stand apart by at least a sixth of the picture's height
// (nearer, a pixel's error in either swamps the difference), and give a field
// of view from 10° to 100°; and unless the elevations' difference departs from
// the one the field of view def gives by four times what the arcs' edges (by
// each fit's residual, at least a third of a pixel) can move it: a film too
// small to tell keeps def.
func estimateFOV(baseArc, topArc arc, w, h int, def float64) (float64, bool) {
	for _, c := range []arc{baseArc, topArc} {
		if !c.ok || c.rms > math.Max(arcRMS, 0.01*c.a) || c.b >= c.a || c.b <= 0 {
			return 0, false
		}
	}
	cy := float64(h) / 2
	dt, db := topArc.y0-cy, baseArc.y0-cy
	if db-dt < float64(h)/6 {
		return 0, false
	}
	want := math.Asin(baseArc.b/baseArc.a) - math.Asin(topArc.b/topArc.a)
	if !(want > 0) {
		return 0, false
	}
	// atan(db/f) − atan(dt/f) falls as f grows: bisect on f.
	focal := func(fov float64) float64 { return float64(w) / 2 / math.Tan(fov/2) }
	g := func(f float64) float64 { return math.Atan(db/f) - math.Atan(dt/f) - want }
	spread := func(c arc) float64 { // asin(b/a)'s change for b off by its fit's residual
		return math.Max(1.0/3, c.rms) / c.a / math.Sqrt(1-(c.b/c.a)*(c.b/c.a))
	}
	if math.Abs(g(focal(def))) < 4*math.Hypot(spread(baseArc), spread(topArc)) {
		return 0, false
	}
	lo, hi := focal(100*math.Pi/180), focal(10*math.Pi/180) // short and long focal lengths
	if g(lo) < 0 || g(hi) > 0 {
		return 0, false
	}
	for range 60 {
		mid := (lo + hi) / 2
		if g(mid) > 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	return 2 * math.Atan(float64(w)/2/((lo+hi)/2)), true
}
