package ballcheck

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"yanchu/geom"
	"yanchu/isosurface"
	"yanchu/sdf"
)

const deg = math.Pi / 180

func randomDir(rng *rand.Rand) geom.Vec3 {
	for {
		v := geom.V(2*rng.Float64()-1, 2*rng.Float64()-1, 2*rng.Float64()-1)
		if l := v.Len(); l > 0.1 && l <= 1 {
			return v.Scale(1 / l)
		}
	}
}

func TestSphere(t *testing.T) {
	for _, step := range []float64{0.5, 3, 10} {
		s := NewSphere(step)
		total := 0.0
		for _, a := range s.Area {
			total += a
		}
		if math.Abs(total-4*math.Pi) > 1e-9 {
			t.Errorf("step %g: cells cover %.12f sr, want 4π", step, total)
		}
		if s.Err > s.Step || s.Err < s.Step/2 {
			t.Errorf("step %g: covering radius %.4f°, want between half a step and a step (%.4f°)", step, s.Err/deg, s.Step/deg)
		}
		if step < 1 {
			continue
		}
		// Brute force: every direction has a sample within Err, cap finds exactly
		// the samples within its radius, neighbours are symmetric.
		rng := rand.New(rand.NewPCG(1, 2))
		for range 500 {
			d := randomDir(rng)
			near := math.Inf(1)
			for _, q := range s.Dirs {
				near = math.Min(near, angle(d, q))
			}
			if near > s.Err+1e-12 {
				t.Fatalf("step %g: direction %v is %.4f° from every sample, over the covering radius %.4f°", step, d, near/deg, s.Err/deg)
			}
			r := rng.Float64() * 40 * deg
			var got, want []int
			s.cap(d, r, func(i int) { got = append(got, i) })
			for i, q := range s.Dirs {
				if angle(d, q) <= r {
					want = append(want, i)
				}
			}
			slices.Sort(got)
			got = slices.Compact(got)
			// cap may add samples on the rim through rounding, never miss one.
			for _, i := range want {
				if _, ok := slices.BinarySearch(got, i); !ok {
					t.Fatalf("step %g: cap(%v, %.2f°) misses sample %d", step, d, r/deg, i)
				}
			}
			if len(got) > len(want)+2 {
				t.Fatalf("step %g: cap(%v, %.2f°) gave %d samples, want %d", step, d, r/deg, len(got), len(want))
			}
		}
		var nb []int
		for i := range s.Dirs {
			nb = s.neighbours(i, nb)
			for _, j := range nb {
				back := s.neighbours(j, nil)
				if !slices.Contains(back, i) {
					t.Fatalf("step %g: %d neighbours %d but not the other way", step, i, j)
				}
				if a := angle(s.Dirs[i], s.Dirs[j]); a > 4*s.Err {
					t.Fatalf("step %g: neighbours %d and %d are %.2f° apart", step, i, j, a/deg)
				}
			}
		}
	}
}

func TestPointTriangle(t *testing.T) {
	a, b, c := geom.V(0, 0, 0), geom.V(2, 0, 0), geom.V(0, 2, 0)
	tests := []struct {
		name string
		p    geom.Vec3
		want float64
	}{
		{"above the inside", geom.V(0.5, 0.5, 3), 3},
		{"beyond a corner", geom.V(-3, -4, 0), 5},
		{"beyond an edge", geom.V(1, -2, 0), 2},
		{"beyond the long edge", geom.V(2, 2, 0), math.Sqrt2},
		{"on the triangle", geom.V(0.3, 0.3, 0), 0},
	}
	for _, tt := range tests {
		if got := pointTriangle(tt.p, a, b, c); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("%s: got %g, want %g", tt.name, got, tt.want)
		}
	}
	if got := pointTriangle(geom.V(1, 1, 1), a, b, geom.V(4, 0, 0)); math.Abs(got-math.Sqrt2) > 1e-12 {
		t.Errorf("degenerate triangle: got %g, want √2", got)
	}
}

// mustBall meshes s at the given cell and splits it into bodies.
func mustBall(t *testing.T, s sdf.Solid, cell float64) *Ball {
	t.Helper()
	res, err := isosurface.Mesher{Cell: cell}.Mesh(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(res.Mesh)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRoundHoles: a shell from radius 8 to 10 mm with two conical holes of 20°
// half-angle 60° apart, around a 6 mm core. Known: 2 bodies, openings of 20°
// angular radius (5.47 mm across at the inner radius), a ligament of 20° (2.79 mm
// along the inner surface), an open share of 1 − cos 20°, a 2 mm gap, and round,
// convex openings.
func TestRoundHoles(t *testing.T) {
	const cell = 0.1
	u1 := geom.V(1, 0.2, 0.3).Unit()
	w := u1.Cross(geom.V(0, 0, 1)).Unit()
	u2 := u1.Scale(math.Cos(60 * deg)).Add(w.Scale(math.Sin(60 * deg)))
	shell := sdf.Difference(sdf.Shell(sdf.Sphere(10), 2), sdf.InfiniteCone(u1, 20*deg), sdf.InfiniteCone(u2, 20*deg))
	b := mustBall(t, sdf.Union(shell, sdf.Sphere(6)), cell)
	if got := b.Bodies(); got != 2 {
		t.Fatalf("got %d bodies, want 2", got)
	}
	in, out := b.Radii(0)
	if math.Abs(in-8) > 0.02 || math.Abs(out-10) > 0.02 {
		t.Errorf("shell radii: got %.3f and %.3f, want 8 and 10", in, out)
	}
	if _, core := b.Radii(1); math.Abs(core-6) > 0.02 {
		t.Errorf("core radius: got %.3f, want 6", core)
	}
	v := b.Look(0, NewSphere(0.15))
	if len(v.Openings) != 2 {
		t.Fatalf("got %d openings, want 2", len(v.Openings))
	}
	// The mesh cuts the corner where a hole meets the inner sphere by up to about
	// a cell, which widens what the centre sees by cell/8 mm at most.
	meshErr := cell / in
	for i, o := range v.Openings {
		t.Logf("opening %d: inscribed %.3f°, reach %.3f°, %d samples, concavity %.4f", i, o.Inscribed/deg, o.Reach/deg, o.Samples, o.Concavity)
		if o.Inscribed < 20*deg-2*v.Err || o.Inscribed > 20*deg+v.Err+meshErr {
			t.Errorf("opening %d: inscribed %.3f°, want 20° (−%.3f°, +%.3f°)", i, o.Inscribed/deg, 2*v.Err/deg, (v.Err+meshErr)/deg)
		}
		if o.Concavity > 0.02 {
			t.Errorf("opening %d: concavity %.4f, want under 0.02 for a round hole", i, o.Concavity)
		}
		if d := math.Min(angle(o.Dir, u1), angle(o.Dir, u2)); d > 0.2*deg {
			t.Errorf("opening %d: centred %.3f° from its hole's axis", i, d/deg)
		}
	}
	t.Logf("ligament %.3f° (%.3f mm at the inner radius), open share %.4f, sampling error %.3f°", v.Ligament/deg, v.Ligament*in, v.OpenShare, v.Err/deg)
	if v.Ligament < 20*deg-meshErr || v.Ligament > 20*deg+6*v.Err {
		t.Errorf("ligament: got %.3f°, want 20° (−%.3f°, +%.3f°)", v.Ligament/deg, meshErr/deg, 6*v.Err/deg)
	}
	if want := 1 - math.Cos(20*deg); math.Abs(v.OpenShare-want) > 0.02*want {
		t.Errorf("open share: got %.5f, want %.5f", v.OpenShare, want)
	}
	if got := b.Gap(0, 1, 5); math.Abs(got-2) > 0.01 {
		t.Errorf("gap: got %.4f mm, want 2", got)
	}
	if got := b.Gap(0, 1, 1); got != 1 {
		t.Errorf("gap under a 1 mm limit: got %.4f mm, want the limit, 1", got)
	}
}

// TestShapes: a peanut-shaped opening (two 12° cones 22° apart) is not convex: its
// gnomonic hull, nearly a stadium, is about 10% larger than it; a square pyramid's
// opening is convex, and its inscribed cap is as wide as the square's half-width.
func TestShapes(t *testing.T) {
	const cell = 0.1
	u := geom.V(0.3, -0.2, 1).Unit()
	v, _ := perpendiculars(u)
	a1 := u.Scale(math.Cos(11 * deg)).Add(v.Scale(math.Sin(11 * deg)))
	a2 := u.Scale(math.Cos(11 * deg)).Sub(v.Scale(math.Sin(11 * deg)))
	peanut := sdf.Union(sdf.InfiniteCone(a1, 12*deg), sdf.InfiniteCone(a2, 12*deg))
	s := u.Scale(-1) // the square pyramid points the other way
	sv, sw := perpendiculars(s)
	tn := math.Tan(15 * deg)
	var planes []sdf.Solid
	for _, side := range []geom.Vec3{sv, sv.Scale(-1), sw, sw.Scale(-1)} {
		planes = append(planes, sdf.HalfSpace(side.Sub(s.Scale(tn)), 0))
	}
	planes = append(planes, sdf.HalfSpace(s.Scale(-1), 0))
	square := sdf.Intersection(planes...)
	b := mustBall(t, sdf.Difference(sdf.Shell(sdf.Sphere(10), 2), peanut, square), cell)
	view := b.Look(0, NewSphere(0.15))
	if len(view.Openings) != 2 {
		t.Fatalf("got %d openings, want 2", len(view.Openings))
	}
	for i, o := range view.Openings {
		t.Logf("opening %d: inscribed %.3f°, reach %.3f°, concavity %.4f", i, o.Inscribed/deg, o.Reach/deg, o.Concavity)
		in, _ := b.Radii(0)
		meshErr := cell / in
		if o.Dir.Dot(u) > 0 { // the peanut
			if o.Concavity < 0.06 || o.Concavity > 0.14 {
				t.Errorf("peanut: concavity %.4f, want about 0.10", o.Concavity)
			}
			if o.Inscribed < 12*deg-2*view.Err || o.Inscribed > 12*deg+view.Err+meshErr+0.1*deg {
				t.Errorf("peanut: inscribed %.3f°, want 12°", o.Inscribed/deg)
			}
			continue
		}
		if o.Concavity > 0.02 {
			t.Errorf("square: concavity %.4f, want under 0.02", o.Concavity)
		}
		if o.Inscribed < 15*deg-2*view.Err || o.Inscribed > 15*deg+view.Err+meshErr {
			t.Errorf("square: inscribed %.3f°, want 15°", o.Inscribed/deg)
		}
	}
}

// TestRasterize: the fast path, by polar-angle and azimuth ranges, marks the same
// samples as testing every triangle against the cap around it, on a shell whose
// holes sit at a pole, across the azimuth seam and at the equator.
func TestRasterize(t *testing.T) {
	holes := []sdf.Solid{sdf.DoubleCone(geom.V(0, 0, 1), 15*deg), sdf.DoubleCone(geom.V(-1, 0.01, 0.3), 12*deg), sdf.InfiniteCone(geom.V(1, 1, 0), 10*deg)}
	b := mustBall(t, sdf.Difference(sdf.Shell(sdf.Sphere(10), 1.5), holes...), 0.2)
	s := NewSphere(0.5)
	got := b.rasterize(0, s)
	want := make([]bool, len(s.Dirs))
	for _, tr := range b.tris[0] {
		p0, p1, p2 := b.tri(tr)
		e1, e2 := p1.Sub(p0), p2.Sub(p0)
		b.capTest(s, p0, p1, p2, func(i int) {
			if crosses(s.Dirs[i], p0, e1, e2) {
				want[i] = true
			}
		})
	}
	diff, closed := 0, 0
	for i := range got {
		if got[i] != want[i] {
			diff++
		}
		if want[i] {
			closed++
		}
	}
	if diff != 0 {
		t.Errorf("got %d samples marked differently, want 0 (of %d closed)", diff, closed)
	}
	if v := b.Look(0, s); len(v.Openings) != 5 {
		t.Errorf("got %d openings, want 5", len(v.Openings))
	}
}
