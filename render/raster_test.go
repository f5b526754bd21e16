package render

import (
	"math"
	"math/rand/v2"
	"testing"

	"yanchu/geom"
)

// Triangles that share edges cover every sample of their union once: no
// crack, no sample taken twice, whatever their corners' sub-sample places.
func TestSharedEdgesCoverOnce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const s, cells = 64, 7
	for trial := range 20 {
		// A grid of cells over [8, 56]², its inner corners moved at random,
		// each cell cut along a random diagonal.
		var fix []fixed
		at := func(i, j int) int { return j*(cells+1) + i }
		for j := range cells + 1 {
			for i := range cells + 1 {
				x := 8 + 48*float64(i)/cells
				y := 8 + 48*float64(j)/cells
				if i > 0 && i < cells && j > 0 && j < cells {
					x += rng.Float64()*4 - 2
					y += rng.Float64()*4 - 2
				}
				fix = append(fix, toFixed(x, y))
			}
		}
		var idx [][3]uint32
		for j := range cells {
			for i := range cells {
				a, b, c, d := uint32(at(i, j)), uint32(at(i+1, j)), uint32(at(i+1, j+1)), uint32(at(i, j+1))
				if rng.IntN(2) == 0 {
					idx = append(idx, [3]uint32{a, b, c}, [3]uint32{a, c, d})
				} else {
					idx = append(idx, [3]uint32{a, b, d}, [3]uint32{b, c, d})
				}
			}
		}
		depth := make([]float64, len(fix))
		for i := range depth {
			depth[i] = 1
		}
		count := make([]int, s*s)
		for _, tr := range idx {
			m := mesh2d{fix: fix, depth: depth, idx: [][3]uint32{tr}}
			buf := newVbuf(s, 1)
			m.draw(t.Context(), lattice{step: 1}, buf, 2)
			for k, id := range buf.id {
				if id >= 0 {
					count[k]++
				}
			}
		}
		for y := range s {
			for x := range s {
				inside := x+1 > 8 && x < 56 && y+1 > 8 && y < 56 // centre in [8.5, 55.5]
				want := 0
				if inside {
					want = 1
				}
				if c := count[y*s+x]; c != want {
					t.Fatalf("trial %d: sample (%d, %d) covered %d times, want %d", trial, x, y, c, want)
				}
			}
		}
	}
}

// A lattice draws only its own samples, and the lattices of a block together
// draw what the full grid draws.
func TestLatticesShareTheGrid(t *testing.T) {
	fix := []fixed{toFixed(3.3, 2.1), toFixed(60.2, 9.7), toFixed(20.5, 58.9)}
	m := mesh2d{fix: fix, depth: []float64{1, 1, 1}, idx: [][3]uint32{{0, 1, 2}}}
	full := newVbuf(64, 1)
	m.draw(t.Context(), lattice{step: 1}, full, 1)
	parts := newVbuf(64, 2)
	for c := range 4 {
		m.draw(t.Context(), lattice{step: 2, ox: c % 2, oy: c / 2}, parts, 1)
	}
	for y := range 64 {
		for x := range 64 {
			if a, b := full.id[full.at(x, y)], parts.id[parts.at(x, y)]; a != b {
				t.Fatalf("sample (%d, %d): %d on the grid, %d on its lattice", x, y, a, b)
			}
		}
	}
}

// A closed mesh's shadow map is the same drawn from the faces turned to the
// light alone as from all of them.
func TestShadowFromLitFaces(t *testing.T) {
	p := r1(t)
	key := geom.V(-0.4, -0.5, 0.77).Unit()
	culled := newShadowMap(p.m.Vertices, p.m.Triangles, p.box, key, nil, true, 2)
	all := newShadowMap(p.m.Vertices, p.m.Triangles, p.box, key, nil, false, 2)
	differ, covered := 0, 0
	for i, d := range all.depth {
		if !math.IsInf(float64(d), -1) {
			covered++
		}
		if culled.depth[i] != d {
			differ++
		}
	}
	if covered == 0 || differ > covered/10000 {
		t.Errorf("%d of %d covered texels differ between the lit faces' map and the whole mesh's", differ, covered)
	}
}

// Leaving out a closed mesh's faces turned from the eye changes no pixel.
func TestCullingHidesNothing(t *testing.T) {
	p := r1(t)
	open := *p
	open.closed = false
	if !p.closed {
		t.Fatal("R1 is not seen as closed")
	}
	opt := Options{Size: 128, Pitch: 0.4, Yaw: 0.3, Ground: true}
	a, err := p.Render(t.Context(), opt)
	if err != nil {
		t.Fatal(err)
	}
	b, err := open.Render(t.Context(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if d := maxDiff(a.Pix, b.Pix); d > 2 {
		t.Errorf("culling changed a pixel by %d", d)
	}
}
