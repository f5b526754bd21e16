package gridfinity_test

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"testing"

	"yanchu/catalog"
	"yanchu/encoding/stl"
	"yanchu/geom"
	"yanchu/internal/meshtest"
	"yanchu/mesh"
	"yanchu/pipeline"
)

// The standard's figures (mm) the tests hold the mesh to, written out here from
// gridfinity.xyz/specification (as gridfinity-rebuilt-openscad's standard.scad
// has them), never read from the domain's code.
const (
	tol     = 0.05 // the standard's dimensions, within this on the mesh
	pitch   = 42.0 // one cell
	unitZ   = 7.0  // one height unit
	lipTall = 4.4  // the stacking lip above the body
)

// built understands words and builds the model.
func built(t testing.TB, words string) *catalog.Model {
	t.Helper()
	d, _ := theDomain(t)
	m, err := d.Build(t.Context(), understand(t, words), catalog.Inputs{})
	if err != nil {
		t.Fatalf("%q: %v", words, err)
	}
	return m
}

// exported meshes the model the pipeline's way (lean at 0.01 mm on the model's
// cell, as make does), writes it as STL and reads the file back: the tests
// measure what a person gets.
func exported(t testing.TB, m *catalog.Model) *mesh.Mesh {
	t.Helper()
	path := filepath.Join(t.TempDir(), "m.stl")
	opt := pipeline.Options{Cell: m.Cell, Tolerance: 0.01, Names: m.PartNames(),
		Outputs: []pipeline.Output{{Format: "stl", Path: path}}}
	if _, err := pipeline.Mesh(t.Context(), m.Solid, opt); err != nil {
		t.Fatal(err)
	}
	out, err := stl.DecodeFile(path, stl.DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// meshOf understands, builds and meshes words, and checks that the mesh is one
// closed, manifold, outward body.
func meshOf(t *testing.T, words string) *mesh.Mesh {
	t.Helper()
	out := exported(t, built(t, words))
	f := mesh.Analyze(out)
	if !f.Watertight || !f.Manifold || !f.Outward {
		t.Fatalf("%q: watertight %v, manifold %v, outward %v: %v", words, f.Watertight, f.Manifold, f.Outward, f.Problems)
	}
	if len(f.Bodies) != 1 {
		t.Fatalf("%q: %d bodies, want one", words, len(f.Bodies))
	}
	return out
}

// hits returns where the line through o along axis (0 x, 1 y, 2 z) passes
// through the mesh's triangles, sorted, each place once: the test's own ray
// cast.
func hits(m *mesh.Mesh, o geom.Vec3, axis int) []float64 {
	var dir geom.Vec3
	switch axis {
	case 0:
		dir.X = 1
	case 1:
		dir.Y = 1
	default:
		dir.Z = 1
	}
	o = o.Sub(dir.Scale(1000))
	var out []float64
	for _, tr := range m.Triangles {
		if t, ok := meshtest.RayHit(m.Vertices[tr[0]], m.Vertices[tr[1]], m.Vertices[tr[2]], o, dir); ok {
			out = append(out, t+o.Comp(axis))
		}
	}
	slices.Sort(out)
	return slices.CompactFunc(out, func(x, y float64) bool { return math.Abs(x-y) < 1e-6 })
}

func near(got, want float64) bool { return math.Abs(got-want) <= tol }

// The outside is 42n − 0.5 mm across for each n, and 7h + 4.4 mm tall with the
// lip, the bottom of the feet on z = 0.
func TestOuterSize(t *testing.T) {
	for _, g := range [][3]int{{1, 2, 3}, {2, 3, 6}, {3, 2, 2}} {
		words := fmt.Sprintf("gridfinity %dx%dx%d", g[0], g[1], g[2])
		t.Run(words, func(t *testing.T) {
			if testing.Short() && g[0]*g[1] > 4 {
				t.Skip("a large bin meshes in over a second")
			}
			b := mesh.Analyze(meshOf(t, words)).Bounds
			sz := b.Size()
			want := geom.V(pitch*float64(g[0])-0.5, pitch*float64(g[1])-0.5, unitZ*float64(g[2])+lipTall)
			if !near(sz.X, want.X) || !near(sz.Y, want.Y) || !near(sz.Z, want.Z) || !near(b.Min.Z, 0) {
				t.Errorf("got %.3f x %.3f x %.3f mm from z %.3f, want %.2f x %.2f x %.2f from 0",
					sz.X, sz.Y, sz.Z, b.Min.Z, want.X, want.Y, want.Z)
			}
		})
	}
}

// A foot's width across a cell matches the standard's section at its named
// heights: 35.6 mm at the bottom, 37.2 mm at 0.8 and 2.6 mm (the straight
// part between them), the cell's 41.5 mm at 4.75 mm; and each cell has its
// own foot, 4.8 mm apart at the straight part.
func TestFootProfile(t *testing.T) {
	m := meshOf(t, "gridfinity 1x2x3")
	cy := pitch / 2 // the centre of the second cell; the first is at -21
	for _, c := range []struct{ z, width float64 }{
		{0.001, 35.6 + 0.002}, {0.8, 37.2}, {1.7, 37.2}, {2.6, 37.2}, {3.7, 37.2 + 2*1.1}, {4.75, 41.5},
	} {
		h := hits(m, geom.V(0, cy, c.z), 0)
		if len(h) != 2 {
			t.Errorf("z %g: %d crossings across the foot, want 2: %v", c.z, len(h), h)
			continue
		}
		if w := h[1] - h[0]; !near(w, c.width) {
			t.Errorf("z %g: the foot is %.3f mm across, want %.3f", c.z, w, c.width)
		}
	}
	// Along y through both cells at the straight part: two feet, each 37.2 mm,
	// with 42 − 37.2 = 4.8 mm between them.
	h := hits(m, geom.V(0.137, 0, 1.7), 1)
	if len(h) != 4 {
		t.Fatalf("%d crossings along y through both feet, want 4: %v", len(h), h)
	}
	if w0, gap, w1 := h[1]-h[0], h[2]-h[1], h[3]-h[2]; !near(w0, 37.2) || !near(gap, 4.8) || !near(w1, 37.2) {
		t.Errorf("feet %.3f and %.3f mm with %.3f mm between, want 37.2, 37.2 and 4.8", w0, w1, gap)
	}
	// Over the feet the body closes the gap: one piece 83.5 mm across.
	if h := hits(m, geom.V(0.137, 0, 5.5), 1); len(h) != 2 || !near(h[1]-h[0], 83.5) {
		t.Errorf("over the feet: crossings %v, want one piece 83.5 mm across", h)
	}
}

// The stacking lip's opening matches the standard's section: in from the
// outer wall by 2.6 mm at the top of the body (h × 7 mm) and 1.9 mm from 0.7
// to 2.5 mm above it, closing to the wall at 4.4 mm; under the top, the
// straight face of 1.2 mm, and the 0.95 mm wall lower down.
func TestLipProfile(t *testing.T) {
	m := meshOf(t, "gridfinity 1x2x4")
	const W, H = 41.5, 28.0
	for _, c := range []struct{ dz, inset float64 }{
		{-6, 0.95}, {-0.6, 2.6}, {0, 2.6}, {0.35, 2.25}, {0.7, 1.9}, {1.6, 1.9}, {2.5, 1.9}, {3.4, 1.0}, {3.9, 0.5},
	} {
		h := hits(m, geom.V(0, 0.137, H+c.dz), 0)
		if len(h) != 4 {
			t.Errorf("%+g mm from the top of the body: %d crossings, want 4: %v", c.dz, len(h), h)
			continue
		}
		if outer, in := h[3]-h[0], h[2]-h[1]; !near(outer, W) || !near(in, W-2*c.inset) {
			t.Errorf("%+g mm from the top of the body: %.3f mm outside, %.3f inside; want %.2f and %.2f",
				c.dz, outer, in, W, W-2*c.inset)
		}
	}
	if top := mesh.Analyze(m).Bounds.Max.Z; !near(top, H+lipTall) {
		t.Errorf("the lip's top at %.3f mm, want %.2f", top, H+lipTall)
	}
}

// Magnet holes, 6.5 mm across and 2.4 mm deep, and screw holes, 3 mm across
// and 6 mm deep, stand at the four places of each cell, 13 mm from its centre
// along x and y, and only where asked; the floor inside is at 7 mm.
func TestHoles(t *testing.T) {
	tests := []struct {
		words          string
		atCentre, ring float64 // the first face up from below at the hole's centre and 2.5 mm off it
	}{
		{"gridfinity 1x2x3", 0, 0},
		{"gridfinity 1x2x3 magnets", 2.4, 2.4},
		{"gridfinity 1x2x3 screw holes", 6, 0},
		{"gridfinity 1x2x3 磁铁孔 螺丝孔", 6, 2.4},
	}
	for _, tt := range tests {
		t.Run(tt.words, func(t *testing.T) {
			if testing.Short() && tt.atCentre == 6 {
				t.Skip("meshing takes a second")
			}
			m := meshOf(t, tt.words)
			for _, cy := range []float64{-21, 21} {
				for _, s := range [4][2]float64{{-1, -1}, {1, -1}, {-1, 1}, {1, 1}} {
					x, y := 13*s[0], cy+13*s[1]
					for _, p := range []struct {
						off, want float64
					}{{0, tt.atCentre}, {2.5, tt.ring}} {
						h := hits(m, geom.V(x+p.off, y+0.037, 0), 2)
						if len(h) == 0 || !near(h[0], p.want) {
							t.Errorf("at (%g, %g): first face up at %v, want %g", x+p.off, y, h, p.want)
						}
					}
				}
			}
			if tt.ring == 2.4 {
				// Across a magnet hole, through its centre.
				h := hits(m, geom.V(0, -21+13+0.001, 1.2), 0)
				var across float64
				for k := 0; k+1 < len(h); k++ {
					if h[k] < 13 && h[k+1] > 13 {
						across = h[k+1] - h[k]
					}
				}
				if !near(across, 6.5) {
					t.Errorf("the magnet hole is %.3f mm across, want 6.5 (crossings %v)", across, h)
				}
			}
			// The floor inside, at the middle of a cell.
			if h := hits(m, geom.V(0.137, 21.137, 0), 2); len(h) < 2 || !near(h[1], 7) {
				t.Errorf("up through the middle of a cell: %v, want the floor at 7", h)
			}
		})
	}
}

// Dividers 1.2 mm thick split the inside into equal compartments, and a label
// shelf's top stands 1.2 mm under the top of the body at the back.
func TestCompartmentsAndLabel(t *testing.T) {
	if testing.Short() {
		t.Skip("meshing takes a second")
	}
	m := meshOf(t, "gridfinity 2x1×4 3 compartments label")
	const W, wall, div, H = 83.5, 0.95, 1.2, 28.0
	h := hits(m, geom.V(0, -10.137, 12), 0)
	if len(h) != 8 {
		t.Fatalf("across the compartments: %d crossings, want 8 (two walls, two dividers): %v", len(h), h)
	}
	comp := (W - 2*wall - 2*div) / 3
	for k := 0; k < 8; k += 2 {
		want := div
		if k == 0 || k == 6 {
			want = wall
		}
		if th := h[k+1] - h[k]; !near(th, want) {
			t.Errorf("wall or divider %d: %.3f mm thick, want %.2f", k/2, th, want)
		}
		if k > 0 {
			if c := h[k] - h[k-1]; !near(c, comp) {
				t.Errorf("compartment %d: %.3f mm, want %.3f", k/2, c, comp)
			}
		}
	}
	// Down onto the shelf, near the back wall (y = 41.5/2 − 0.95 inside).
	back := 41.5/2 - wall
	if h := hits(m, geom.V(7.137, back-3, 0), 2); len(h) < 3 || !near(h[len(h)-1], H-1.2) {
		t.Errorf("down onto the label shelf: crossings %v, want the top at %g", h, H-1.2)
	}
}
