package profile

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

type namedShape struct {
	name string
	s    Shape
	pts  []Vec2 // the outline of a polygon, for the independent inside test
}

var (
	lShape = []Vec2{{-5, -5}, {5, -5}, {5, -1}, {-1, -1}, {-1, 6}, {-5, 6}}
	comb   = []Vec2{{0, 0}, {10, 0}, {10, 6}, {8, 6}, {8, 2}, {6, 2}, {6, 6}, {4, 6}, {4, 2}, {2, 2}, {2, 6}, {0, 6}}
)

// shapes returns a seeded corpus of every constructor.
func shapes() []namedShape {
	r := rand.New(rand.NewPCG(11, 3))
	u := func(lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }
	var star []Vec2
	for k := range 14 {
		rr := u(5, 8)
		if k%2 == 1 {
			rr = u(1, 3)
		}
		s, c := math.Sincos(2*math.Pi*float64(k)/14 + u(-0.1, 0.1))
		star = append(star, Vec2{rr * c, rr * s})
	}
	cw := append([]Vec2(nil), lShape...)
	for i, j := 0, len(cw)-1; i < j; i, j = i+1, j-1 {
		cw[i], cw[j] = cw[j], cw[i]
	}
	w, h := u(3, 9), u(3, 9)
	return []namedShape{
		{"circle", Circle(u(1, 9)), nil},
		{"rect", Rect(u(1, 9), u(1, 9), 0), nil},
		{"rect/round", Rect(w, h, u(0.1, math.Min(w, h)/2)), nil},
		{"rect/stadium", Rect(8, 2, 1), nil},
		{"regularpolygon/3", RegularPolygon(3, u(2, 8)), nil},
		{"regularpolygon/8", RegularPolygon(8, u(2, 8)), nil},
		{"polygon/l-ccw", Polygon(lShape...), lShape},
		{"polygon/l-cw", Polygon(cw...), cw},
		{"polygon/comb", Polygon(comb...), comb},
		{"polygon/star", Polygon(star...), star},
		{"polyline/comb", Polyline(append(comb, comb[0])...), comb},
		{"stroke/segment", Stroke(u(0.5, 2), Vec2{-4, 1}, Vec2{3, -2}), nil},
		{"stroke/hairpin", Stroke(1, Vec2{-5, 0}, Vec2{5, 0}, Vec2{5, 1.5}, Vec2{-5, 1.5}), nil},
		{"translate", Translate(Translate(RegularPolygon(5, 3), Vec2{1, 2}), Vec2{-4, 1}), nil},
	}
}

func grown(b Box, f float64) Box {
	c := b.Min.Add(b.Max).Scale(0.5)
	h := b.Size().Scale(f / 2)
	return Box{c.Sub(h), c.Add(h)}
}

func randIn(r *rand.Rand, b Box) Vec2 {
	s := b.Size()
	return Vec2{b.Min.X + s.X*r.Float64(), b.Min.Y + s.Y*r.Float64()}
}

func TestBoundsContainShape(t *testing.T) {
	for i, c := range shapes() {
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, uint64(i)))
			b := c.s.Bounds()
			tol := Box{b.Min.Sub(Vec2{1e-9, 1e-9}), b.Max.Add(Vec2{1e-9, 1e-9})}
			inside := 0
			lo, hi := Vec2{math.Inf(1), math.Inf(1)}, Vec2{math.Inf(-1), math.Inf(-1)}
			for range 20000 {
				p := randIn(r, grown(b, 1.5))
				if c.s.At(p) <= 0 {
					inside++
					lo = Vec2{math.Min(lo.X, p.X), math.Min(lo.Y, p.Y)}
					hi = Vec2{math.Max(hi.X, p.X), math.Max(hi.Y, p.Y)}
					if !tol.Contains(p) {
						t.Fatalf("At(%v) = %g <= 0 outside bounds %v", p, c.s.At(p), b)
					}
				}
			}
			if inside == 0 {
				t.Fatalf("got no sample inside, want some")
			}
			// The bounds are tight: the inside samples reach near every side.
			if gap := math.Max(math.Max(lo.X-b.Min.X, b.Max.X-hi.X), math.Max(lo.Y-b.Min.Y, b.Max.Y-hi.Y)); gap > 0.05*math.Max(b.Size().X, b.Size().Y) {
				t.Errorf("inside samples span %v to %v, want near every side of bounds %v", lo, hi, b)
			}
		})
	}
}

func TestSlope(t *testing.T) {
	for i, c := range shapes() {
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(2, uint64(i)))
			b := c.s.Bounds()
			size := math.Max(b.Size().X, b.Size().Y)
			if got := c.s.Slope(); got != 1 {
				t.Fatalf("Slope() = %g, want 1", got)
			}
			for range 20000 {
				p := randIn(r, grown(b, 1.5))
				a := 2 * math.Pi * r.Float64()
				l := size * math.Pow(1e-4, r.Float64())
				q := p.Add(Vec2{l * math.Cos(a), l * math.Sin(a)})
				if d := math.Abs(c.s.At(p) - c.s.At(q)); d > q.Sub(p).Len()*(1+1e-9)+1e-12 {
					t.Fatalf("|f(%v) - f(%v)| = %g, want at most their distance %g", p, q, d, q.Sub(p).Len())
				}
			}
		})
	}
}

// outline returns points on the zero set of s, found by bisecting the edges of an
// n×n grid over b along which the field changes sign.
func outline(s Shape, b Box, n int) []Vec2 {
	step := b.Size().Scale(1 / float64(n))
	at := func(i, j int) Vec2 { return Vec2{b.Min.X + float64(i)*step.X, b.Min.Y + float64(j)*step.Y} }
	var out []Vec2
	for j := 0; j <= n; j++ {
		for i := 0; i <= n; i++ {
			for _, e := range [2][2]int{{1, 0}, {0, 1}} {
				if i+e[0] > n || j+e[1] > n {
					continue
				}
				a, c := at(i, j), at(i+e[0], j+e[1])
				ain := s.At(a) <= 0
				if ain == (s.At(c) <= 0) {
					continue
				}
				for range 50 {
					m := a.Add(c).Scale(0.5)
					if (s.At(m) <= 0) == ain {
						a = m
					} else {
						c = m
					}
				}
				out = append(out, a.Add(c).Scale(0.5))
			}
		}
	}
	return out
}

// winding returns the winding number of the closed outline pts around p, from
// the sum of the angles the edges subtend: an inside test independent of the
// crossing rule of Polygon.
func winding(p Vec2, pts []Vec2) int {
	sum := 0.0
	for i := range pts {
		a, b := pts[i].Sub(p), pts[(i+1)%len(pts)].Sub(p)
		sum += math.Atan2(a.Cross(b), a.Dot(b))
	}
	return int(math.Round(sum / (2 * math.Pi)))
}

// TestDistanceBruteForce compares every field with the distance to points sampled
// on its outline: exact fields must match it within a grid cell's diagonal, bound
// fields must not exceed it. Polygons' signs are checked against winding numbers.
func TestDistanceBruteForce(t *testing.T) {
	for i, c := range shapes() {
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(3, uint64(i)))
			b := grown(c.s.Bounds(), 1.1)
			const n = 600
			// A grid misses the tips of sharp corners; a polygon's corners lie on
			// its outline by definition.
			samples := append(outline(c.s, b, n), c.pts...)
			diag := b.Size().Scale(1.0 / n).Len()
			for range 1000 {
				p := randIn(r, grown(c.s.Bounds(), 1.5))
				brute := math.Inf(1)
				for _, q := range samples {
					brute = math.Min(brute, q.Sub(p).Len())
				}
				f := c.s.At(p)
				if math.Abs(f) > brute+1e-9 {
					t.Fatalf("|At(%v)| = %g, want at most the distance %g to an outline sample", p, f, brute)
				}
				if c.s.Exactness() == Exact && math.Abs(f) < brute-diag {
					t.Fatalf("|At(%v)| = %g, want at least %g", p, f, brute-diag)
				}
				if c.pts != nil && math.Abs(f) > 1e-9 {
					if got, want := f < 0, winding(p, c.pts) != 0; got != want {
						t.Fatalf("At(%v) = %g: inside %v, want %v by winding number", p, f, got, want)
					}
				}
			}
		})
	}
}

func TestKnownValues(t *testing.T) {
	cases := []struct {
		name string
		s    Shape
		p    Vec2
		want float64
	}{
		{"circle/outside", Circle(2), Vec2{3, 4}, 3},
		{"circle/centre", Circle(2), Vec2{0, 0}, -2},
		{"rect/side", Rect(4, 2, 0), Vec2{3, 0}, 1},
		{"rect/centre", Rect(4, 2, 0), Vec2{0, 0}, -1},
		{"rect/corner", Rect(4, 2, 0), Vec2{3, 2}, math.Sqrt2},
		{"rect/round-corner", Rect(4, 4, 1), Vec2{4, 4}, 3*math.Sqrt2 - 1},
		{"rect/round-side", Rect(4, 4, 1), Vec2{0, 3}, 1},
		{"hexagon/corner", RegularPolygon(6, 2), Vec2{0, 5}, 3},
		{"hexagon/centre", RegularPolygon(6, 2), Vec2{0, 0}, -math.Sqrt(3)},
		{"l/notch", Polygon(lShape...), Vec2{1, 1}, 2},
		{"l/notch-corner", Polygon(lShape...), Vec2{0, 0}, 1},
		{"l/inside-reflex", Polygon(lShape...), Vec2{-2, -2}, -math.Sqrt2},
		{"l/arm", Polygon(lShape...), Vec2{-3, 3}, -2},
		{"l/beyond-corner", Polygon(lShape...), Vec2{8, 3}, 5},
		{"comb/gap", Polygon(comb...), Vec2{3, 5}, 1},
		{"comb/tooth", Polygon(comb...), Vec2{5, 4}, -1},
		{"stroke/middle", Stroke(2, Vec2{0, 0}, Vec2{10, 0}), Vec2{5, 3}, 2},
		{"stroke/end", Stroke(2, Vec2{0, 0}, Vec2{10, 0}), Vec2{13, 4}, 4},
		{"stroke/inside", Stroke(2, Vec2{0, 0}, Vec2{10, 0}, Vec2{10, 10}), Vec2{10, 5}, -1},
		{"translate", Translate(Circle(1), Vec2{5, 0}), Vec2{5, 3}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.s.At(c.p); math.Abs(got-c.want) > 1e-12 {
				t.Errorf("%s.At(%v) = %.15g, want %.15g", c.s, c.p, got, c.want)
			}
		})
	}
}

func TestFacts(t *testing.T) {
	cases := []struct {
		name    string
		s       Shape
		str     string
		exact   Exactness
		bounds  Box
		feature float64
		what    string
		sym     bool
	}{
		{"circle", Circle(2), "circle(2)", Exact, Box{Vec2{-2, -2}, Vec2{2, 2}}, 4, "circle diameter", true},
		{"rect", Rect(4, 2, 0.5), "rect(4,2,0.5)", Exact, Box{Vec2{-2, -1}, Vec2{2, 1}}, 2, "rectangle side", true},
		{"square", RegularPolygon(4, math.Sqrt2), "regularpolygon(4,1.4142135623730951)", Exact,
			Box{Vec2{-math.Sqrt2, -math.Sqrt2}, Vec2{math.Sqrt2, math.Sqrt2}}, 2, "polygon width", true},
		{"triangle", RegularPolygon(3, 2), "regularpolygon(3,2)", Exact,
			Box{Vec2{-math.Sqrt(3), -1}, Vec2{math.Sqrt(3), 2}}, 3, "polygon width", true},
		{"polygon", Polygon(Vec2{0, 0}, Vec2{2, 0}, Vec2{0, 1}), "polygon([0,0],[2,0],[0,1])", Exact,
			Box{Vec2{0, 0}, Vec2{2, 1}}, math.Inf(1), "", false},
		{"polygon/mirrored", Polygon(Vec2{-1, 0}, Vec2{1, 0}, Vec2{0, 3}), "polygon([-1,0],[1,0],[0,3])", Exact,
			Box{Vec2{-1, 0}, Vec2{1, 3}}, math.Inf(1), "", true},
		{"polyline", Polyline(Vec2{0, 0}, Vec2{2, 0}, Vec2{0, 1}, Vec2{0, 0}), "polygon([0,0],[2,0],[0,1])", Exact,
			Box{Vec2{0, 0}, Vec2{2, 1}}, math.Inf(1), "", false},
		{"stroke/segment", Stroke(1, Vec2{0, 0}, Vec2{3, 4}), "stroke(1,[0,0],[3,4])", Exact,
			Box{Vec2{-0.5, -0.5}, Vec2{3.5, 4.5}}, 1, "stroke width", false},
		{"stroke/path", Stroke(1, Vec2{0, 0}, Vec2{3, 4}, Vec2{6, 0}), "stroke(1,[0,0],[3,4],[6,0])", Bound,
			Box{Vec2{-0.5, -0.5}, Vec2{6.5, 4.5}}, 1, "stroke width", false},
		{"translate/y", Translate(Circle(1), Vec2{0, 3}), "translate(circle(1),[0,3])", Exact,
			Box{Vec2{-1, 2}, Vec2{1, 4}}, 2, "circle diameter", true},
		{"translate/xy", Translate(Translate(Circle(1), Vec2{1, 3}), Vec2{1, 0}), "translate(circle(1),[2,3])", Exact,
			Box{Vec2{1, 2}, Vec2{3, 4}}, 2, "circle diameter", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.s.String(); got != c.str {
				t.Errorf("String() = %q, want %q", got, c.str)
			}
			if got := c.s.Exactness(); got != c.exact {
				t.Errorf("Exactness() = %v, want %v", got, c.exact)
			}
			if got := c.s.Bounds(); !near(got.Min, c.bounds.Min) || !near(got.Max, c.bounds.Max) {
				t.Errorf("Bounds() = %v, want %v", got, c.bounds)
			}
			if f, w := c.s.Feature(); math.Abs(f-c.feature) > 1e-12 && f != c.feature || w != c.what {
				t.Errorf("Feature() = %g %q, want %g %q", f, w, c.feature, c.what)
			}
			if got := SymmetricY(c.s); got != c.sym {
				t.Errorf("SymmetricY() = %v, want %v", got, c.sym)
			}
		})
	}
}

func near(a, b Vec2) bool { return math.Abs(a.X-b.X) <= 1e-12 && math.Abs(a.Y-b.Y) <= 1e-12 }

func TestPanics(t *testing.T) {
	cases := []struct {
		name string
		f    func()
		want string
	}{
		{"circle-zero", func() { Circle(0) }, "profile.Circle: radius"},
		{"circle-inf", func() { Circle(math.Inf(1)) }, "profile.Circle: radius"},
		{"rect-negative", func() { Rect(-1, 2, 0) }, "profile.Rect: width"},
		{"rect-round-too-big", func() { Rect(2, 4, 1.5) }, "profile.Rect: round"},
		{"rect-round-negative", func() { Rect(2, 4, -0.5) }, "profile.Rect: round"},
		{"regularpolygon-2", func() { RegularPolygon(2, 1) }, "profile.RegularPolygon: needs at least 3"},
		{"regularpolygon-radius", func() { RegularPolygon(5, 0) }, "profile.RegularPolygon: radius"},
		{"polygon-2-points", func() { Polygon(Vec2{0, 0}, Vec2{1, 0}) }, "profile.Polygon: needs at least 3 points"},
		{"polygon-closed-triangle-only-2", func() { Polygon(Vec2{0, 0}, Vec2{1, 0}, Vec2{0, 0}) }, "profile.Polygon"},
		{"polygon-nan", func() { Polygon(Vec2{0, 0}, Vec2{1, math.NaN()}, Vec2{0, 1}) }, "profile.Polygon: point 1 is not finite"},
		{"polygon-repeat", func() { Polygon(Vec2{0, 0}, Vec2{1, 0}, Vec2{1, 0}, Vec2{0, 1}) }, "profile.Polygon: point 2 repeats point 1"},
		{"polygon-collinear", func() { Polygon(Vec2{0, 0}, Vec2{1, 1}, Vec2{2, 2}) }, "profile.Polygon: the outline folds back"},
		{"polygon-flat", func() { Polygon(Vec2{0, 0}, Vec2{1, 1e-300}, Vec2{2, 0}, Vec2{1, -1e-300}) }, "profile.Polygon: the outline encloses no area"},
		{"polygon-bowtie", func() { Polygon(Vec2{0, 0}, Vec2{2, 2}, Vec2{2, 0}, Vec2{0, 2}) }, "profile.Polygon: edges 0-1 and 2-3 touch or cross"},
		{"polygon-touching", func() {
			Polygon(Vec2{0, 0}, Vec2{4, 0}, Vec2{4, 4}, Vec2{2, 0}, Vec2{0, 4})
		}, "touch or cross"},
		{"polygon-fold", func() { Polygon(Vec2{0, 0}, Vec2{4, 0}, Vec2{2, 0}, Vec2{2, 3}) }, "profile.Polygon: the outline folds back at point 1"},
		{"polyline-bowtie", func() { Polyline(Vec2{0, 0}, Vec2{2, 2}, Vec2{2, 0}, Vec2{0, 2}, Vec2{0, 0}) }, "profile.Polyline: edges"},
		{"stroke-1-point", func() { Stroke(1, Vec2{0, 0}) }, "profile.Stroke: needs at least 2 points"},
		{"stroke-width", func() { Stroke(0, Vec2{0, 0}, Vec2{1, 0}) }, "profile.Stroke: width"},
		{"translate-nil", func() { Translate(nil, Vec2{}) }, "profile.Translate: shape is nil"},
		{"translate-inf", func() { Translate(Circle(1), Vec2{math.Inf(1), 0}) }, "profile.Translate: offset"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				msg := fmt.Sprint(recover())
				if !strings.Contains(msg, c.want) {
					t.Errorf("got panic %q, want one containing %q", msg, c.want)
				}
			}()
			c.f()
		})
	}
}

// TestLargePolygon checks that the crossing sweep handles many edges quickly and
// that a many-sided polygon approximates its circle.
func TestLargePolygon(t *testing.T) {
	const n = 20000
	pts := make([]Vec2, n)
	for k := range pts {
		s, c := math.Sincos(2 * math.Pi * float64(k) / n)
		pts[k] = Vec2{10 * c, 10 * s}
	}
	g := Polygon(pts...)
	for _, p := range []Vec2{{0, 0}, {3, 4}, {20, 0}, {-7, 7}} {
		want := p.Len() - 10
		if got := g.At(p); math.Abs(got-want) > 1e-5 {
			t.Errorf("At(%v) = %g, want %g", p, got, want)
		}
	}
}

func BenchmarkPolygonAt(b *testing.B) {
	g := Polygon(comb...)
	var sink float64
	for b.Loop() {
		sink += g.At(Vec2{3, 5})
	}
	_ = sink
}
