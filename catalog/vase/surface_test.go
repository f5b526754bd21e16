package vase

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"yanchu/badinput"
	"yanchu/catalog"
	"yanchu/geom"
	"yanchu/isosurface"
	"yanchu/mesh"
	"yanchu/spec"
)

// surfaceShapes are the vases the surface mesh is checked on: the corpus, the
// examples, a twist of 360° on 24 lobes, and two where ripples on twisted
// lobes bend the quads so that their shorter diagonal strays the farther.
var surfaceShapes = append(slices.Clone(corpus),
	"spiral vase 150mm tall 500ml",
	"vase 8 lobes wave 2mm vase mode",
	"vase 24 lobes twist 360",
	"vase 24 lobes twist 360 vase mode",
	"vase 157mm tall 11 lobes twist -230 wave 4.1mm wall 4.8mm base 1.5mm vase mode",
	"vase 240mm tall 98mm wide 11 lobes twist 198 wave 0.6mm wall 2.1mm base 9.2mm",
)

// surfaceOf builds words and meshes the model's surface within tol.
func surfaceOf(t *testing.T, words string, tol float64) (*catalog.Model, *mesh.Mesh) {
	t.Helper()
	_, m := built(t, words)
	if m.Surface == nil {
		t.Fatal("the model has no Surface")
	}
	msh, err := m.Surface(t.Context(), tol)
	if err != nil {
		t.Fatal(err)
	}
	return m, msh
}

// fieldVolume returns the volume (mm³) of words' solid integrated on the very
// functions the field uses: the outside less the cavity, or the outside alone
// when filled.
func fieldVolume(t *testing.T, words string) float64 {
	s := resolved(t, words)
	sh := shapeOf(s)
	w, b := effective(s)
	v := sh.solidVolume()
	if s.Text("mode") != "single" {
		v -= sh.cavity(w, b)
	}
	return v
}

// TestSurface: on every vase of the corpus and the examples, the surface mesh is
// one closed, manifold, outward body, as tall as the vase, holding the field's
// volume within 0.2%, and within the tolerance of the field's surface at every
// vertex, edge midpoint and centroid.
func TestSurface(t *testing.T) {
	const tol = 0.01
	for _, words := range surfaceShapes {
		t.Run(words, func(t *testing.T) {
			s := resolved(t, words)
			t0 := time.Now()
			m, msh := surfaceOf(t, words, tol)
			took := time.Since(t0)
			f := mesh.Analyze(msh)
			if err := f.Err(); err != nil {
				t.Fatal(err)
			}
			if !f.Watertight || !f.Manifold || !f.Outward || len(f.Bodies) != 1 || f.Degenerate != 0 {
				t.Fatalf("watertight %v manifold %v outward %v bodies %d degenerate %d; want true, true, true, 1, 0",
					f.Watertight, f.Manifold, f.Outward, len(f.Bodies), f.Degenerate)
			}
			if g := f.Bodies[0].Genus; g != 0 {
				t.Errorf("genus %d, want 0", g)
			}
			if f.UnusedVertices != 0 {
				t.Errorf("%d vertices unused", f.UnusedVertices)
			}
			h := s.Num("height")
			if b := f.Bounds; b.Min.Z != 0 || b.Max.Z != h {
				t.Errorf("z from %g to %g, want 0 to %g exactly", b.Min.Z, b.Max.Z, h)
			}
			want := fieldVolume(t, words)
			if rel := f.Volume/want - 1; math.Abs(rel) > 0.002 {
				t.Errorf("volume %.1f mm³, want the field's %.1f within 0.2%% (off by %.3f%%)", f.Volume, want, 100*rel)
			}
			dev, over := isosurface.Deviation(msh, m.Solid.At, tol)
			if dev > tol {
				t.Errorf("deviation %.5f mm on the field (%.3f%% of points over), want at most %g", dev, 100*over, tol)
			}
			t.Logf("%d triangles, %d vertices, volume off by %+.4f%%, deviation %.5f mm, meshed in %v",
				len(msh.Triangles), len(msh.Vertices), 100*(f.Volume/want-1), dev, took.Round(time.Millisecond))
		})
	}
}

// TestSurfaceConverges: a finer tolerance gives more triangles, a volume
// closer to the field's, and a deviation within the tolerance each time.
func TestSurfaceConverges(t *testing.T) {
	const words = "花瓶 高20厘米 六瓣 扭转90度"
	want := fieldVolume(t, words)
	lastTris, lastErr := 0, math.Inf(1)
	for _, tol := range []float64{0.1, 0.03, 0.01, 0.003} {
		m, msh := surfaceOf(t, words, tol)
		dev, _ := isosurface.Deviation(msh, m.Solid.At, tol)
		verr := math.Abs(msh.Volume() - want)
		t.Logf("tol %g: %d triangles, deviation %.5f mm, volume off by %.1f mm³", tol, len(msh.Triangles), dev, verr)
		if dev > tol {
			t.Errorf("tol %g: deviation %.5f mm, want at most the tolerance", tol, dev)
		}
		if len(msh.Triangles) <= lastTris {
			t.Errorf("tol %g: %d triangles, want more than the %d of the coarser tolerance", tol, len(msh.Triangles), lastTris)
		}
		if verr >= lastErr {
			t.Errorf("tol %g: volume off by %.1f mm³, want less than the %.1f of the coarser tolerance", tol, verr, lastErr)
		}
		lastTris, lastErr = len(msh.Triangles), verr
	}
}

// TestSurfaceShape checks the grid: rings share their vertices exactly, one
// ring at the floor top and the rim, the steps along the height finer where
// the profile curves more, the spacing around the same in every lobe.
func TestSurfaceShape(t *testing.T) {
	s := resolved(t, "花瓶 高20厘米 六瓣 扭转90度")
	sh := shapeOf(s)
	w, b := effective(s)
	g, ok := sh.sampleWalls(w, b, false).plan(0.01)
	if !ok {
		t.Fatal("no plan")
	}
	if g.rows[0] != 0 || g.rows[g.floor] != b || g.rows[len(g.rows)-1] != sh.h {
		t.Errorf("rows from %g, floor row %g, to %g; want 0, %g, %g", g.rows[0], g.rows[g.floor], g.rows[len(g.rows)-1], b, sh.h)
	}
	if len(g.around)%sh.n != 0 {
		t.Fatalf("%d vertices around, not a multiple of the %d lobes", len(g.around), sh.n)
	}
	k := len(g.around) / sh.n
	for j := k; j < len(g.around); j++ {
		if d := g.around[j] - g.around[j-k] - 2*math.Pi/float64(sh.n); math.Abs(d) > 1e-12 {
			t.Fatalf("vertex %d around is off its place in the first lobe by %g rad", j, d)
		}
	}
	// The profile curves most at the belly and not at all at the rim: the
	// steps are shorter at the belly.
	step := func(z float64) float64 {
		i, _ := slices.BinarySearch(g.rows, z)
		return g.rows[i] - g.rows[i-1]
	}
	if lo, hi := step(sh.zm+5), step(sh.h-1); !(lo < hi) {
		t.Errorf("step %.3f mm above the belly, %.3f mm at the rim; want finer where the profile curves more", lo, hi)
	}
	t.Logf("%d around, %d rows, steps %.3f to %.3f mm", len(g.around), len(g.rows)-1, minStep(g.rows), maxStep(g.rows))
}

func minStep(zs []float64) float64 {
	m := math.Inf(1)
	for i := 1; i < len(zs); i++ {
		m = math.Min(m, zs[i]-zs[i-1])
	}
	return m
}

func maxStep(zs []float64) float64 {
	m := 0.0
	for i := 1; i < len(zs); i++ {
		m = math.Max(m, zs[i]-zs[i-1])
	}
	return m
}

// TestSurfaceDisks: the flat faces (the bottom, the floor top, the rim, the
// top of a filled vase) tile their outlines without folds: every triangle faces
// the same way and their areas add up to the outline's. No angle of a disk is
// sharper than 8°; the rim, one quad across between rings spaced for the
// walls, is allowed 2°.
func TestSurfaceDisks(t *testing.T) {
	for _, words := range []string{"花瓶 高20厘米 六瓣 扭转90度", "vase 24 lobes twist 360", "vase 8 lobes wave 2mm vase mode", "spiral vase 150mm tall 500ml"} {
		t.Run(words, func(t *testing.T) {
			s := resolved(t, words)
			_, msh := surfaceOf(t, words, 0.01)
			h := s.Num("height")
			flats := map[float64]float64{0: -1, h: 1} // height: which way it faces
			if s.Text("mode") != "single" {
				flats[s.Num("base")] = 1
			}
			for z, up := range flats {
				area, least, n := 0.0, 180.0, 0
				for _, tr := range msh.Triangles {
					a, b, c := msh.Vertices[tr[0]], msh.Vertices[tr[1]], msh.Vertices[tr[2]]
					if a.Z != z || b.Z != z || c.Z != z {
						continue
					}
					n++
					nz := b.Sub(a).Cross(c.Sub(a)).Z / 2
					if nz*up <= 0 {
						t.Fatalf("z %g: a triangle faces %g, want %g", z, math.Copysign(1, nz), up)
					}
					area += math.Abs(nz)
					least = math.Min(least, smallestAngle(a, b, c))
				}
				if want := flatArea(s, z); math.Abs(area-want) > 1e-9*want {
					t.Errorf("z %g: the triangles cover %.6f mm², want the outline's %.6f", z, area, want)
				}
				sharpest := 8.0
				if z == h && s.Text("mode") != "single" {
					sharpest = 2
				}
				if least < sharpest {
					t.Errorf("z %g: the sharpest angle is %.2f°, want at least %g°", z, least, sharpest)
				}
				t.Logf("z %g: %d triangles, sharpest angle %.1f°", z, n, least)
			}
		})
	}
}

// flatArea returns the area of the flat face at height z of the surface mesh
// of s, from its outline polygons: at the bottom the outer ring, at the floor
// top the inner ring, at the rim the outer less the inner (in spiral vase mode
// the top is the outer ring).
func flatArea(s *spec.Spec, z float64) float64 {
	sh := shapeOf(s)
	w, b := effective(s)
	filled := s.Text("mode") == "single"
	g, _ := sh.sampleWalls(w, b, filled).plan(0.01)
	poly := func(f func(theta, z float64) float64) float64 {
		bl := &builder{m: &mesh.Mesh{}}
		bl.ring(g.around, g.rate*z, z, f)
		a := 0.0
		vs := bl.m.Vertices
		for i := range vs {
			p, q := vs[i], vs[(i+1)%len(vs)]
			a += p.X*q.Y - q.X*p.Y
		}
		return a / 2
	}
	inner := func(theta, z float64) float64 { ri, _, _ := sh.inner(theta, z, w); return ri }
	switch {
	case z == 0, filled:
		return poly(sh.outerRadius)
	case z == sh.h:
		return poly(sh.outerRadius) - poly(inner)
	}
	return poly(inner)
}

// smallestAngle returns the smallest angle of the triangle a, b, c (degrees).
func smallestAngle(a, b, c geom.Vec3) float64 {
	ang := func(p, q, r geom.Vec3) float64 {
		u, v := q.Sub(p), r.Sub(p)
		return math.Acos(clamp(u.Dot(v)/(u.Len()*v.Len()), -1, 1)) * 180 / math.Pi
	}
	return min(ang(a, b, c), ang(b, c, a), ang(c, a, b))
}

// TestSurfaceDeterministic: the same vase meshes to the same bytes.
func TestSurfaceDeterministic(t *testing.T) {
	_, a := surfaceOf(t, "vase 24 lobes twist 360", 0.01)
	_, b := surfaceOf(t, "vase 24 lobes twist 360", 0.01)
	if !slices.Equal(a.Vertices, b.Vertices) || !slices.Equal(a.Triangles, b.Triangles) {
		t.Error("two meshes of one vase differ")
	}
}

// TestSurfaceRefuses: a tolerance too fine for the triangle limit, or not a
// positive number, is refused, and a cancelled context stops the mesh.
func TestSurfaceRefuses(t *testing.T) {
	_, m := built(t, "花瓶 高20厘米 六瓣 扭转90度")
	for _, tol := range []float64{1e-6, 1e-300, 0, -1, math.NaN(), math.Inf(1)} {
		msh, err := m.Surface(t.Context(), tol)
		if err == nil {
			t.Errorf("tol %g: %d triangles, want a refusal", tol, len(msh.Triangles))
			continue
		}
		var bad *badinput.Error
		if tol > 0 && tol < 1 && (!errors.As(err, &bad) || bad.Code != badinput.OverLimit) {
			t.Errorf("tol %g: %v, want a refusal over the limit", tol, err)
		}
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := m.Surface(ctx, 0.01); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v, want context.Canceled", err)
	}
}

// TestSurfaceRandom meshes a seeded set of random vases that resolve, at
// tolerances from 0.01 to 1 mm: each mesh is valid, one body, within the
// tolerance of the field, and holds the field's volume within 0.2% at the
// finer tolerances.
func TestSurfaceRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 13))
	want := 30
	if testing.Short() {
		want = 8
	}
	r := reader(t)
	for made, tried := 0, 0; made < want && tried < 1000; tried++ {
		w := fmt.Sprintf("vase %dmm tall", 20+rng.IntN(380))
		if rng.IntN(2) == 0 {
			w += fmt.Sprintf(" %dmm wide", 20+rng.IntN(250))
		}
		if rng.IntN(3) > 0 {
			w += fmt.Sprintf(" %d lobes twist %d", 2+rng.IntN(23), rng.IntN(721)-360)
		}
		if rng.IntN(3) == 0 {
			w += fmt.Sprintf(" wave %.1fmm", 0.5+rng.Float64()*4)
		}
		if rng.IntN(3) == 0 {
			w += fmt.Sprintf(" wall %.1fmm base %.1fmm", 0.8+rng.Float64()*5, 0.8+rng.Float64()*10)
		}
		if rng.IntN(4) == 0 {
			w += " vase mode"
		}
		tol := []float64{0.01, 0.03, 0.2, 1}[rng.IntN(4)]
		parsed, err := r.Parse(w)
		if err != nil {
			continue
		}
		s, err := domain{}.Resolve(parsed)
		if err != nil {
			continue // refused: it would not print
		}
		sh := shapeOf(s)
		wall, floor := effective(s)
		if g, _ := sh.sampleWalls(wall, floor, s.Text("mode") == "single").plan(tol); len(g.around)*len(g.rows) > 400_000 {
			continue // over a second to check
		}
		made++
		m, err := domain{}.Build(t.Context(), s, catalog.Inputs{})
		if err != nil {
			t.Fatalf("%s: %v", w, err)
		}
		msh, err := m.Surface(t.Context(), tol)
		if err != nil {
			t.Errorf("%s: %v", w, err)
			continue
		}
		f := mesh.Analyze(msh)
		dev, _ := isosurface.Deviation(msh, m.Solid.At, tol)
		v := sh.solidVolume()
		if s.Text("mode") != "single" {
			v -= sh.cavity(wall, floor)
		}
		rel := f.Volume/v - 1
		if f.Err() != nil || len(f.Bodies) != 1 || dev > tol || (tol <= 0.03 && math.Abs(rel) > 0.002) {
			t.Errorf("%s, tol %g: problems %v, %d bodies, deviation %.4g mm, volume off by %+.3f%%",
				w, tol, f.Err(), len(f.Bodies), dev, 100*rel)
		}
	}
}

// TestSurfaceTrianglesBound: the count the model gives before meshing is never
// below the triangles the surface makes, nor over 1.5 times as many, on round,
// lobed, twisted, rippled, tall, small and filled vases at tolerances from
// 0.005 to 0.2 mm; where the surface refuses a tolerance, the count is over
// the limit.
func TestSurfaceTrianglesBound(t *testing.T) {
	for _, words := range []string{
		"花瓶",
		"vase 20mm tall",
		"vase wave 4mm 3 ripples",
		"花瓶 高20厘米 六瓣 扭转90度",
		"vase 24 lobes twist 360 vase mode",
		"vase 157mm tall 11 lobes twist -230 wave 4.1mm wall 4.8mm base 1.5mm vase mode",
	} {
		_, m := built(t, words)
		for _, tol := range []float64{0.005, 0.01, 0.05, 0.2} {
			count := m.SurfaceTriangles(tol)
			msh, err := m.Surface(t.Context(), tol)
			if err != nil {
				t.Fatalf("%s, tol %g: %v", words, tol, err)
			}
			if n := len(msh.Triangles); count < n || float64(count) > 1.5*float64(n) {
				t.Errorf("%s, tol %g: counted %d triangles, made %d", words, tol, count, n)
			}
		}
	}
	_, m := built(t, "花瓶 高20厘米 六瓣 扭转90度")
	if _, err := m.Surface(t.Context(), 1e-6); err == nil {
		t.Fatal("tol 1e-6: made, want a refusal")
	}
	if n := m.SurfaceTriangles(1e-6); n <= maxSurfaceTriangles {
		t.Errorf("tol 1e-6, refused: counted %d triangles, want over %d", n, maxSurfaceTriangles)
	}
}
