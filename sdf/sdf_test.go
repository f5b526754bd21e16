package sdf

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"yanchu/geom"
)

// grown returns b scaled by f about its centre.
func grown(b geom.Box, f float64) geom.Box {
	c, h := b.Center(), b.Size().Scale(f/2)
	return geom.Box{Min: c.Sub(h), Max: c.Add(h)}
}

func randIn(r *rand.Rand, b geom.Box) geom.Vec3 {
	s := b.Size()
	return geom.V(b.Min.X+s.X*r.Float64(), b.Min.Y+s.Y*r.Float64(), b.Min.Z+s.Z*r.Float64())
}

// randDir returns a random unit vector.
func randDir(r *rand.Rand) geom.Vec3 {
	for {
		d := geom.V(2*r.Float64()-1, 2*r.Float64()-1, 2*r.Float64()-1)
		if l := d.Len(); l > 0.1 && l <= 1 {
			return d.Scale(1 / l)
		}
	}
}

// logUniform returns a number between lo and hi, uniform in its logarithm.
func logUniform(r *rand.Rand, lo, hi float64) float64 {
	return lo * math.Pow(hi/lo, r.Float64())
}

func finiteBox(b geom.Box) bool {
	for _, x := range []float64{b.Min.X, b.Min.Y, b.Min.Z, b.Max.X, b.Max.Y, b.Max.Z} {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return !b.Empty()
}

func TestCorpusNames(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range corpus() {
		if seen[c.name] {
			t.Errorf("corpus name %q appears twice", c.name)
		}
		seen[c.name] = true
		if !finiteBox(c.s.Bounds()) {
			t.Errorf("%s: bounds %v, want finite and non-empty", c.name, c.s.Bounds())
		}
	}
}

func TestBoundsContainSolid(t *testing.T) {
	for i, c := range corpus() {
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, uint64(i)))
			b := c.s.Bounds()
			tol := b.Expand(1e-9)
			big := grown(b, 1.5)
			inside := 0
			for range 20000 {
				p := randIn(r, big)
				if c.s.At(p) <= 0 {
					inside++
					if !tol.Contains(p) {
						t.Fatalf("At(%v) = %g <= 0 outside bounds %v", p, c.s.At(p), b)
					}
				}
			}
			if inside == 0 {
				t.Fatalf("got no point inside among 20000 samples of %v, want some", big)
			}
			// Points just outside each face.
			size := b.Size().MaxComp()
			for face := range 6 {
				for _, gap := range []float64{1e-6, 1e-3, 0.05} {
					for range 300 {
						p := randIn(r, grown(b, 1.2))
						off := gap * size
						switch face {
						case 0:
							p.X = b.Max.X + off
						case 1:
							p.X = b.Min.X - off
						case 2:
							p.Y = b.Max.Y + off
						case 3:
							p.Y = b.Min.Y - off
						case 4:
							p.Z = b.Max.Z + off
						case 5:
							p.Z = b.Min.Z - off
						}
						if d := c.s.At(p); !(d > 0) {
							t.Fatalf("At(%v) = %g just outside bounds %v, want > 0", p, d, b)
						}
					}
				}
			}
		})
	}
}

func TestEvalMatchesAt(t *testing.T) {
	for i, c := range corpus() {
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(2, uint64(i)))
			big := grown(c.s.Bounds(), 1.5)
			for _, n := range []int{0, 1, 7, 1000, 2500} {
				p := make([]geom.Vec3, n)
				for j := range p {
					p[j] = randIn(r, big)
				}
				d := make([]float64, n+3) // longer than p: Eval fills d[:len(p)]
				c.s.Eval(p, d)
				for j, q := range p {
					if got, want := d[j], c.s.At(q); math.Float64bits(got) != math.Float64bits(want) {
						t.Fatalf("n=%d: Eval at %v = %v, want At = %v", n, q, got, want)
					}
				}
			}
		})
	}
}

// poolsKeepItems reports whether a sync.Pool hands back what was just put in it.
// The race detector makes pools drop items at random, so batch evaluation
// allocates there by design and counting allocations tells nothing.
func poolsKeepItems() bool {
	var p sync.Pool
	for range 64 {
		x := new(int)
		p.Put(x)
		if p.Get() != x {
			return false
		}
	}
	return true
}

func TestEvalAllocatesNothing(t *testing.T) {
	if !poolsKeepItems() {
		t.Skip("sync.Pool drops items in this build (the race detector); allocations are counted in normal builds")
	}
	for i, c := range corpus() {
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(3, uint64(i)))
			big := grown(c.s.Bounds(), 1.5)
			p := make([]geom.Vec3, 512)
			for j := range p {
				p[j] = randIn(r, big)
			}
			d := make([]float64, len(p))
			c.s.Eval(p, d) // fill the scratch pools
			if got := testing.AllocsPerRun(20, func() { c.s.Eval(p, d) }); got != 0 {
				t.Errorf("got %v allocations per Eval of %d points, want 0", got, len(p))
			}
		})
	}
}

func TestSlope(t *testing.T) {
	for i, c := range corpus() {
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(4, uint64(i)))
			b := c.s.Bounds()
			big := grown(b, 1.5)
			size := b.Size().MaxComp()
			k := c.s.Slope()
			if !(k >= 1) || math.IsInf(k, 0) {
				t.Fatalf("Slope() = %g, want finite and >= 1", k)
			}
			if e := c.s.Exactness(); e != Sloped && k != 1 {
				t.Fatalf("Slope() = %g for a %v field, want 1", k, e)
			}
			for range 20000 {
				p := randIn(r, big)
				q := p.Add(randDir(r).Scale(logUniform(r, 1e-4*size, size)))
				fp, fq := c.s.At(p), c.s.At(q)
				dist := q.Sub(p).Len()
				if math.Abs(fp-fq) > k*dist*(1+1e-9)+1e-12 {
					t.Fatalf("|f(%v) - f(%v)| = %g over %g mm, want at most slope %g times it",
						p, q, math.Abs(fp-fq), dist, k)
				}
			}
		})
	}
}

// TestExactGradient checks that exact fields have a gradient of length 1 almost
// everywhere: only points within the difference step of a medial axis may differ.
func TestExactGradient(t *testing.T) {
	tested := 0
	for i, c := range corpus() {
		if c.s.Exactness() != Exact {
			continue
		}
		tested++
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(5, uint64(i)))
			big := grown(c.s.Bounds(), 1.5)
			const h, n = 1e-6, 4000
			off := 0
			for range n {
				p := randIn(r, big)
				g := geom.V(
					c.s.At(p.Add(geom.V(h, 0, 0)))-c.s.At(p.Sub(geom.V(h, 0, 0))),
					c.s.At(p.Add(geom.V(0, h, 0)))-c.s.At(p.Sub(geom.V(0, h, 0))),
					c.s.At(p.Add(geom.V(0, 0, h)))-c.s.At(p.Sub(geom.V(0, 0, h))),
				).Scale(1 / (2 * h)).Len()
				if math.Abs(g-1) > 1e-4 {
					off++
				}
			}
			if off > n/100 {
				t.Errorf("got %d of %d points with |∇f| away from 1, want at most %d", off, n, n/100)
			}
		})
	}
	if tested < 10 {
		t.Errorf("got %d exact solids in the corpus, want at least 10", tested)
	}
}

// surfaceSamples returns points on the surface of s, found by bisecting every edge
// of an n×n×n grid over b along which the field changes sign, and dropping those
// where the field does not clearly cross zero.
func surfaceSamples(s Solid, b geom.Box, n int) []geom.Vec3 {
	step := b.Size().Scale(1 / float64(n))
	at := func(i, j, k int) geom.Vec3 {
		return geom.V(b.Min.X+float64(i)*step.X, b.Min.Y+float64(j)*step.Y, b.Min.Z+float64(k)*step.Z)
	}
	m := n + 1
	vals := make([]float64, m*m*m)
	pts := make([]geom.Vec3, m*m)
	for k := range m {
		for j := range m {
			for i := range m {
				pts[j*m+i] = at(i, j, k)
			}
		}
		s.Eval(pts, vals[k*m*m:(k+1)*m*m])
	}
	var out []geom.Vec3
	for k := range m {
		for j := range m {
			for i := range m {
				v0 := vals[(k*m+j)*m+i]
				for _, e := range [3][3]int{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}} {
					i1, j1, k1 := i+e[0], j+e[1], k+e[2]
					if i1 > n || j1 > n || k1 > n {
						continue
					}
					v1 := vals[(k1*m+j1)*m+i1]
					if (v0 <= 0) == (v1 <= 0) {
						continue
					}
					a, c := at(i, j, k), at(i1, j1, k1)
					ain := v0 <= 0
					for range 44 {
						mid := a.Lerp(c, 0.5)
						if (s.At(mid) <= 0) == ain {
							a = mid
						} else {
							c = mid
						}
					}
					// Keep only true crossings: a field that merely touches zero, as a
					// revolved profile does on the axis, has no surface there.
					mid, du := a.Lerp(c, 0.5), c.Sub(a).Unit().Scale(1e-6)
					lo, hi := s.At(mid.Sub(du)), s.At(mid.Add(du))
					if (ain && lo < 0 && hi > 1e-9) || (!ain && lo > 1e-9 && hi < 0) {
						out = append(out, mid)
					}
				}
			}
		}
	}
	return out
}

func nearest(p geom.Vec3, samples []geom.Vec3) float64 {
	best := math.Inf(1)
	for _, q := range samples {
		dx, dy, dz := p.X-q.X, p.Y-q.Y, p.Z-q.Z
		if d := dx*dx + dy*dy + dz*dz; d < best {
			best = d
		}
	}
	return math.Sqrt(best)
}

// TestDistanceBruteForce compares exact and bound fields with the distance to
// points sampled on their surface. Every sample lies on the surface, so the true
// distance is at most the distance to the nearest sample: no exact or bound field
// may exceed it. A surface point lies within a grid cell's diagonal of a sample, so
// an exact field may fall short of it by no more than that.
func TestDistanceBruteForce(t *testing.T) {
	for i, c := range corpus() {
		e := c.s.Exactness()
		if e == Sloped {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			n := 48
			if e == Exact {
				n = 80
			}
			r := rand.New(rand.NewPCG(6, uint64(i)))
			b := grown(c.s.Bounds(), 1.1)
			samples := surfaceSamples(c.s, b, n)
			if len(samples) < 100 {
				t.Fatalf("got %d surface samples, want at least 100", len(samples))
			}
			diag := b.Size().Scale(1 / float64(n)).Len()
			big := grown(c.s.Bounds(), 1.5)
			for j := range 300 {
				var p geom.Vec3
				if j%2 == 0 {
					p = randIn(r, big)
				} else {
					p = samples[r.IntN(len(samples))].Add(randDir(r).Scale(logUniform(r, 1e-3, 3)))
				}
				f, brute := math.Abs(c.s.At(p)), nearest(p, samples)
				if f > brute+1e-9 {
					t.Fatalf("|At(%v)| = %g, want at most the distance %g to a surface sample", p, f, brute)
				}
				if e == Exact && f < brute-diag {
					t.Fatalf("|At(%v)| = %g, want at least %g (sampled distance %g less a cell diagonal)",
						p, f, brute-diag, brute)
				}
			}
		})
	}
}

// TestKnownValues checks fields against values worked out by hand.
func TestKnownValues(t *testing.T) {
	s3 := math.Sqrt(3)
	cases := []struct {
		name string
		s    Solid
		p    geom.Vec3
		want float64
	}{
		{"sphere/outside", Sphere(2), geom.V(3, 4, 0), 3},
		{"sphere/centre", Sphere(2), geom.V(0, 0, 0), -2},
		{"box/corner", Box(geom.V(2, 2, 2), 0), geom.V(2, 2, 2), s3},
		{"box/face", Box(geom.V(2, 4, 6), 0), geom.V(0, 0, 5), 2},
		{"box/inside", Box(geom.V(2, 4, 6), 0), geom.V(0, 0, 0), -1},
		{"box/round-corner", Box(geom.V(4, 4, 4), 1), geom.V(3, 3, 3), 2*s3 - 1},
		{"cylinder/rim", Cylinder(1, 2), geom.V(4, 0, 5), 5},
		{"cylinder/side", Cylinder(1, 2), geom.V(0, 3, 0.5), 2},
		{"cone/apex", Cone(1, 0, 2), geom.V(0, 0, 3), 2},
		{"cone/base", Cone(1, 0, 2), geom.V(0.5, 0, -3), 2},
		{"cone/side", Cone(2, 0, 2), geom.V(2, 0, 1), math.Sqrt2},
		{"torus/hole", Torus(3, 1), geom.V(0, 0, 0), 2},
		{"torus/tube", Torus(3, 1), geom.V(0, 3, 0), -1},
		{"capsule/end", Capsule(geom.V(0, 0, 0), geom.V(0, 0, 4), 1), geom.V(0, 0, 7), 2},
		{"extrude/rect-corner", Extrude(rect(2, 4), 6), geom.V(3, 4, 5), 2 * s3},
		{"extrude/rect-inside", Extrude(rect(2, 4), 6), geom.V(0, 0, 0), -1},
		{"extrude/rect-cap", Extrude(rect(2, 4), 6), geom.V(0.5, 1, 4), 1},
		{"revolve/circle-sphere", Revolve(circle(2)), geom.V(0, 3, 4), 3},
		{"revolve/torus-hole", Revolve(moved(circle(1), 3, 0)), geom.V(0, 0, 0), 2},
		{"revolve/torus-tube", Revolve(moved(circle(1), 3, 0)), geom.V(0, 3, 0), -1},
		{"revolve/torus-above", Revolve(moved(circle(1), 3, 0)), geom.V(3, 0, 4), 3},
		{"revolve/tube-axis", Revolve(moved(rect(2, 2), 3, 0)), geom.V(0, 0, 0), 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.s.At(c.p); math.Abs(got-c.want) > 1e-12 {
				t.Errorf("%s.At(%v) = %.15g, want %.15g", c.s, c.p, got, c.want)
			}
		})
	}
}

func TestPruneExact(t *testing.T) {
	for i, c := range corpus() {
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(7, uint64(i)))
			b := c.s.Bounds()
			big := grown(b, 1.5)
			size := b.Size().MaxComp()
			for range 40 {
				ctr := randIn(r, big)
				rad := logUniform(r, 1e-3*size, size)
				ps := c.s.Prune(ctr, rad)
				pts := make([]geom.Vec3, 60)
				for j := range pts {
					pts[j] = ctr.Add(randDir(r).Scale(rad * math.Cbrt(r.Float64())))
				}
				pts[0] = ctr
				got := make([]float64, len(pts))
				ps.Eval(pts, got)
				for j, p := range pts {
					want := c.s.At(p)
					if g := ps.At(p); math.Float64bits(g) != math.Float64bits(want) {
						t.Fatalf("Prune(%v, %g).At(%v) = %v, want %v\npruned: %s", ctr, rad, p, g, want, ps)
					}
					if math.Float64bits(got[j]) != math.Float64bits(want) {
						t.Fatalf("Prune(%v, %g).Eval at %v = %v, want %v", ctr, rad, p, got[j], want)
					}
				}
			}
		})
	}
}

func TestPrunePuzzleBall(t *testing.T) {
	ball := puzzleBall()
	cases := []struct {
		name string
		c    geom.Vec3
		r    float64
	}{
		{"far", geom.V(60, 5, -3), 2},
		{"outer-shell", geom.V(19, 0.3, 0.1).Add(geom.V(0, 7, 7)).Scale(0.8), 0.5},
		{"hollow-centre", geom.V(0, 0, 0), 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := ball.Prune(c.c, c.r)
			if got, whole := len(p.String()), len(ball.String()); got >= whole {
				t.Errorf("got a pruned expression of %d bytes, want fewer than the %d of the whole", got, whole)
			}
			if got, want := p.At(c.c), ball.At(c.c); got != want {
				t.Errorf("pruned At(%v) = %g, want %g", c.c, got, want)
			}
		})
	}
}

func TestDirections(t *testing.T) {
	cases := []struct {
		n        int
		angleDeg float64
	}{
		{6, 90},
		{8, 70.5288},
		{12, 63.4349},
		{14, 54.7356},
		{20, 41.8103},
	}
	for _, c := range cases {
		t.Run(fmt.Sprint(c.n), func(t *testing.T) {
			ds := Directions(c.n)
			if len(ds) != c.n {
				t.Fatalf("got %d directions, want %d", len(ds), c.n)
			}
			minAngle := math.Inf(1)
			for i, d := range ds {
				if l := d.Len(); math.Abs(l-1) > 1e-12 {
					t.Errorf("direction %d %v has length %g, want 1", i, d, l)
				}
				opposite := false
				for j, e := range ds {
					if i == j {
						continue
					}
					if d.Add(e).Len() < 1e-12 {
						opposite = true
					}
					a := math.Acos(math.Max(-1, math.Min(1, d.Dot(e)))) * 180 / math.Pi
					minAngle = math.Min(minAngle, a)
				}
				if !opposite {
					t.Errorf("direction %d %v has no opposite in the set", i, d)
				}
			}
			if math.Abs(minAngle-c.angleDeg) > 1e-3 {
				t.Errorf("got smallest angle %.4f°, want %.4f°", minAngle, c.angleDeg)
			}
			ls := Lines(c.n)
			if len(ls) != c.n/2 {
				t.Fatalf("got %d lines, want %d", len(ls), c.n/2)
			}
			for _, d := range ds {
				found := false
				for _, l := range ls {
					if d.Sub(l).Len() < 1e-12 || d.Add(l).Len() < 1e-12 {
						found = true
					}
				}
				if !found {
					t.Errorf("direction %v lies along no line of Lines(%d)", d, c.n)
				}
			}
		})
	}
}

func TestPanics(t *testing.T) {
	cases := []struct {
		name string
		f    func()
		want string
	}{
		{"sphere-zero", func() { Sphere(0) }, "sdf.Sphere"},
		{"sphere-nan", func() { Sphere(math.NaN()) }, "sdf.Sphere"},
		{"box-negative", func() { Box(geom.V(1, -1, 1), 0) }, "sdf.Box"},
		{"box-round-too-big", func() { Box(geom.V(2, 2, 2), 1.5) }, "sdf.Box"},
		{"directions-7", func() { Directions(7) }, "sdf.Directions"},
		{"lines-5", func() { Lines(5) }, "sdf.Directions"},
		{"extrude-nil", func() { Extrude(nil, 1) }, "sdf.Extrude"},
		{"extrude-zero-height", func() { Extrude(circle(1), 0) }, "sdf.Extrude"},
		{"revolve-nil", func() { Revolve(nil) }, "sdf.Revolve"},
		{"revolve-left-of-axis", func() { Revolve(moved(circle(1), -2, 0)) }, "sdf.Revolve"},
		{"revolve-touching-axis", func() { Revolve(moved(circle(1), -1, 0)) }, "sdf.Revolve"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				msg := fmt.Sprint(recover())
				if !strings.Contains(msg, c.want) {
					t.Errorf("got panic %q, want one naming %s", msg, c.want)
				}
			}()
			c.f()
		})
	}
}
