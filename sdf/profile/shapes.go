package profile

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

func mustPositive(fn, name string, x float64) {
	if !(x > 0) || math.IsInf(x, 0) {
		panic(fmt.Sprintf("profile.%s: %s must be > 0 and finite, got %g", fn, name, x))
	}
}

type circle struct {
	props
	r float64
}

// Circle returns a disc of radius r (mm) around the origin. The field is exact.
func Circle(r float64) Shape {
	mustPositive("Circle", "radius", r)
	b := Box{Vec2{-r, -r}, Vec2{r, r}}
	return &circle{exactProps(b, 2*r, "circle diameter"), r}
}

func (c *circle) At(p Vec2) float64 { return math.Sqrt(p.X*p.X+p.Y*p.Y) - c.r }
func (c *circle) String() string    { return "circle(" + num(c.r) + ")" }

type rect struct {
	props
	hx, hy float64 // half size less the rounding
	round  float64
}

// Rect returns a w by h rectangle (mm) centred on the origin, its corners rounded
// with radius round (0 for sharp, at most half the shorter side). The field is exact.
func Rect(w, h, round float64) Shape {
	mustPositive("Rect", "width", w)
	mustPositive("Rect", "height", h)
	if !(round >= 0) || 2*round > math.Min(w, h) {
		panic(fmt.Sprintf("profile.Rect: round must be in [0, %g], got %g", math.Min(w, h)/2, round))
	}
	b := Box{Vec2{-w / 2, -h / 2}, Vec2{w / 2, h / 2}}
	return &rect{exactProps(b, math.Min(w, h), "rectangle side"), w/2 - round, h/2 - round, round}
}

func (r *rect) At(p Vec2) float64 {
	qx, qy := math.Abs(p.X)-r.hx, math.Abs(p.Y)-r.hy
	ox, oy := math.Max(qx, 0), math.Max(qy, 0)
	return math.Sqrt(ox*ox+oy*oy) + math.Min(math.Max(qx, qy), 0) - r.round
}

func (r *rect) String() string {
	return "rect(" + num(2*(r.hx+r.round)) + "," + num(2*(r.hy+r.round)) + "," + num(r.round) + ")"
}

type polygon struct {
	props
	pts  []Vec2
	inv  []float64 // 1/|edge|², edge i from pts[i-1] (wrapping) to pts[i]
	sym  bool      // the outline is its own mirror image under x -> -x
	name string    // canonical expression
}

// Polygon returns the region inside the closed outline through pts (mm), in either
// winding. The outline must be simple: at least 3 distinct points, no zero-length
// edge, no edge folding back on its neighbour, no two edges touching or crossing,
// and a non-zero area; a last point equal to the first is dropped. The field is
// exact: the distance to the nearest edge, negative where a ray from the point
// crosses the outline an odd number of times, so concave outlines are fine. Each
// evaluation visits every edge. Polygon declares no feature size.
func Polygon(pts ...Vec2) Shape { return newPolygon("Polygon", pts) }

// Polyline returns the region inside the closed polyline through pts (mm): the
// last point joins the first. It is Polygon under the name a path tracer reaches
// for, with the same checks, exact field and canonical expression.
func Polyline(pts ...Vec2) Shape { return newPolygon("Polyline", pts) }

// RegularPolygon returns the regular polygon with n corners on the circle of
// radius r (mm) around the origin, one corner on +Y, so the shape is symmetric
// about the Y axis. The field is exact. Its feature is its smallest width.
func RegularPolygon(n int, r float64) Shape {
	if n < 3 {
		panic(fmt.Sprintf("profile.RegularPolygon: needs at least 3 corners, got %d", n))
	}
	mustPositive("RegularPolygon", "radius", r)
	pts := make([]Vec2, n)
	for k := 0; 2*k <= n; k++ {
		s, c := math.Sincos(2 * math.Pi * float64(k) / float64(n))
		x := -r * s
		if 2*k == n {
			x = 0
		}
		pts[k] = Vec2{x, r * c}
		if k > 0 {
			pts[n-k] = Vec2{-x, r * c}
		}
	}
	g := newPolygon("RegularPolygon", pts)
	g.feature, g.what = 2*r*math.Cos(math.Pi/float64(n)), "polygon width"
	if n%2 == 1 {
		g.feature = r * (1 + math.Cos(math.Pi/float64(n)))
	}
	g.name = "regularpolygon(" + fmt.Sprint(n) + "," + num(r) + ")"
	return g
}

func newPolygon(fn string, in []Vec2) *polygon {
	pts := append([]Vec2(nil), in...)
	if len(pts) > 3 && pts[len(pts)-1] == pts[0] {
		pts = pts[:len(pts)-1]
	}
	n := len(pts)
	if n < 3 {
		panic(fmt.Sprintf("profile.%s: needs at least 3 points, got %d", fn, n))
	}
	b := Box{Vec2{math.Inf(1), math.Inf(1)}, Vec2{math.Inf(-1), math.Inf(-1)}}
	for i, p := range pts {
		if !finite(p.X) || !finite(p.Y) {
			panic(fmt.Sprintf("profile.%s: point %d is not finite: %v", fn, i, p))
		}
		b.Min = Vec2{math.Min(b.Min.X, p.X), math.Min(b.Min.Y, p.Y)}
		b.Max = Vec2{math.Max(b.Max.X, p.X), math.Max(b.Max.Y, p.Y)}
	}
	inv := make([]float64, n)
	area := 0.0
	for i, p := range pts {
		a := pts[(i+n-1)%n]
		e := p.Sub(a)
		if e.X == 0 && e.Y == 0 {
			panic(fmt.Sprintf("profile.%s: point %d repeats point %d", fn, i, (i+n-1)%n))
		}
		inv[i] = 1 / e.Dot(e)
		area += a.Cross(p)
		// The edge into point i and the edge out of it may only meet at point i.
		f := pts[(i+1)%n].Sub(p)
		if e.Cross(f) == 0 && e.Dot(f) < 0 {
			panic(fmt.Sprintf("profile.%s: the outline folds back at point %d", fn, i))
		}
	}
	if i, j, ok := crossing(pts); ok {
		panic(fmt.Sprintf("profile.%s: edges %d-%d and %d-%d touch or cross", fn,
			i, (i+1)%n, j, (j+1)%n))
	}
	if d := b.Size(); !(math.Abs(area)/2 > 1e-12*d.Dot(d)) {
		panic(fmt.Sprintf("profile.%s: the outline encloses no area", fn))
	}
	parts := make([]string, n)
	for i, p := range pts {
		parts[i] = vec(p)
	}
	g := &polygon{
		props: props{bounds: b, slope: 1, exact: Exact, feature: math.Inf(1)},
		pts:   pts,
		inv:   inv,
		name:  "polygon(" + strings.Join(parts, ",") + ")",
	}
	g.sym = mirrored(pts)
	return g
}

// crossing finds two edges of the closed outline, not neighbours, that touch or
// cross; edge i runs from pts[i] to pts[i+1]. It sweeps the edges in order of their
// lowest x, so it compares only edges whose x ranges overlap.
func crossing(pts []Vec2) (int, int, bool) {
	n := len(pts)
	idx := make([]int, n)
	lo := make([]float64, n)
	hi := make([]float64, n)
	for i := range pts {
		a, b := pts[i], pts[(i+1)%n]
		idx[i], lo[i], hi[i] = i, math.Min(a.X, b.X), math.Max(a.X, b.X)
	}
	sort.Slice(idx, func(u, v int) bool { return lo[idx[u]] < lo[idx[v]] })
	for u, i := range idx {
		for _, j := range idx[u+1:] {
			if lo[j] > hi[i] {
				break
			}
			if j == (i+1)%n || i == (j+1)%n {
				continue
			}
			if segmentsMeet(pts[i], pts[(i+1)%n], pts[j], pts[(j+1)%n]) {
				return min(i, j), max(i, j), true
			}
		}
	}
	return 0, 0, false
}

// orient returns twice the signed area of the triangle abc.
func orient(a, b, c Vec2) float64 { return b.Sub(a).Cross(c.Sub(a)) }

// within reports whether c, collinear with a and b, lies on the segment ab.
func within(a, b, c Vec2) bool {
	return math.Min(a.X, b.X) <= c.X && c.X <= math.Max(a.X, b.X) &&
		math.Min(a.Y, b.Y) <= c.Y && c.Y <= math.Max(a.Y, b.Y)
}

// segmentsMeet reports whether the closed segments ab and cd share a point.
func segmentsMeet(a, b, c, d Vec2) bool {
	d1, d2 := orient(c, d, a), orient(c, d, b)
	d3, d4 := orient(a, b, c), orient(a, b, d)
	if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) {
		return true
	}
	return (d1 == 0 && within(c, d, a)) || (d2 == 0 && within(c, d, b)) ||
		(d3 == 0 && within(a, b, c)) || (d4 == 0 && within(a, b, d))
}

// mirrored reports whether the closed outline maps onto itself, edge for edge,
// under x -> -x.
func mirrored(pts []Vec2) bool {
	type edge struct{ a, b Vec2 }
	key := func(a, b Vec2) edge {
		if b.X < a.X || (b.X == a.X && b.Y < a.Y) {
			a, b = b, a
		}
		return edge{a, b}
	}
	n := len(pts)
	set := make(map[edge]bool, n)
	for i := range pts {
		set[key(pts[i], pts[(i+1)%n])] = true
	}
	for i := range pts {
		a, b := pts[i], pts[(i+1)%n]
		if !set[key(Vec2{-a.X, a.Y}, Vec2{-b.X, b.Y})] {
			return false
		}
	}
	return true
}

func (g *polygon) At(p Vec2) float64 {
	d2 := math.Inf(1)
	inside := false
	a := g.pts[len(g.pts)-1]
	for i, b := range g.pts {
		ex, ey := b.X-a.X, b.Y-a.Y
		wx, wy := p.X-a.X, p.Y-a.Y
		t := math.Max(0, math.Min(1, (wx*ex+wy*ey)*g.inv[i]))
		dx, dy := wx-ex*t, wy-ey*t
		if q := dx*dx + dy*dy; q < d2 {
			d2 = q
		}
		// Cast a ray towards +X: an edge straddling the ray's line counts when p
		// lies to its left going up, or to its right going down.
		if (a.Y > p.Y) != (b.Y > p.Y) {
			if c := ex*wy - ey*wx; (c > 0) == (b.Y > a.Y) {
				inside = !inside
			}
		}
		a = b
	}
	d := math.Sqrt(d2)
	if inside {
		return -d
	}
	return d
}

func (g *polygon) String() string { return g.name }

type stroke struct {
	props
	pts []Vec2
	hw  float64
	str string
}

// Stroke returns the open polyline through pts (mm) drawn with a round pen of the
// given width: every point within width/2 of the path. The field is the distance to
// the path less width/2: exact for a single segment, and for longer paths exact
// outside and a bound inside, where two legs of the path can overlap.
func Stroke(width float64, pts ...Vec2) Shape {
	mustPositive("Stroke", "width", width)
	if len(pts) < 2 {
		panic(fmt.Sprintf("profile.Stroke: needs at least 2 points, got %d", len(pts)))
	}
	b := Box{Vec2{math.Inf(1), math.Inf(1)}, Vec2{math.Inf(-1), math.Inf(-1)}}
	parts := make([]string, len(pts))
	for i, p := range pts {
		if !finite(p.X) || !finite(p.Y) {
			panic(fmt.Sprintf("profile.Stroke: point %d is not finite: %v", i, p))
		}
		b.Min = Vec2{math.Min(b.Min.X, p.X), math.Min(b.Min.Y, p.Y)}
		b.Max = Vec2{math.Max(b.Max.X, p.X), math.Max(b.Max.Y, p.Y)}
		parts[i] = vec(p)
	}
	hw := width / 2
	b.Min, b.Max = b.Min.Sub(Vec2{hw, hw}), b.Max.Add(Vec2{hw, hw})
	pr := exactProps(b, width, "stroke width")
	if len(pts) > 2 {
		pr.exact = Bound
	}
	return &stroke{pr, append([]Vec2(nil), pts...), hw,
		"stroke(" + num(width) + "," + strings.Join(parts, ",") + ")"}
}

func (s *stroke) At(p Vec2) float64 {
	d2 := math.Inf(1)
	for i := 1; i < len(s.pts); i++ {
		a, b := s.pts[i-1], s.pts[i]
		ex, ey := b.X-a.X, b.Y-a.Y
		wx, wy := p.X-a.X, p.Y-a.Y
		t := 0.0
		if ee := ex*ex + ey*ey; ee > 0 {
			t = math.Max(0, math.Min(1, (wx*ex+wy*ey)/ee))
		}
		dx, dy := wx-ex*t, wy-ey*t
		if q := dx*dx + dy*dy; q < d2 {
			d2 = q
		}
	}
	return math.Sqrt(d2) - s.hw
}

func (s *stroke) String() string { return s.str }

type translate struct {
	props
	s Shape
	v Vec2
}

// Translate returns s moved by v (mm). It keeps the shape's exactness.
func Translate(s Shape, v Vec2) Shape {
	if s == nil {
		panic("profile.Translate: shape is nil")
	}
	if !finite(v.X) || !finite(v.Y) {
		panic(fmt.Sprintf("profile.Translate: offset must be finite, got %v", v))
	}
	if t, ok := s.(*translate); ok {
		return Translate(t.s, t.v.Add(v))
	}
	b := s.Bounds()
	p := props{bounds: Box{b.Min.Add(v), b.Max.Add(v)}, slope: s.Slope(), exact: s.Exactness()}
	p.feature, p.what = s.Feature()
	return &translate{p, s, v}
}

func (t *translate) At(p Vec2) float64 { return t.s.At(Vec2{p.X - t.v.X, p.Y - t.v.Y}) }
func (t *translate) String() string    { return "translate(" + t.s.String() + "," + vec(t.v) + ")" }

// SymmetricY reports whether s is known to be its own mirror image under
// x -> -x: a Circle, Rect or RegularPolygon, a Polygon whose edges mirror onto
// edges, or one of these moved only along Y. It returns false when it cannot tell.
// sdf.Revolve uses it to decide whether its field is exact.
func SymmetricY(s Shape) bool {
	switch s := s.(type) {
	case *circle, *rect:
		return true
	case *polygon:
		return s.sym
	case *translate:
		return s.v.X == 0 && SymmetricY(s.s)
	}
	return false
}
