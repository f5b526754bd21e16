package vase_test

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"yanchu/catalog"
	_ "yanchu/catalog/vase"
	"yanchu/encoding/stl"
	"yanchu/geom"
	"yanchu/internal/meshtest"
	"yanchu/mesh"
	"yanchu/pipeline"
	"yanchu/spec"
)

// made is an example made the pipeline's way and read back from its STL.
type made struct {
	spec  *spec.Spec
	model *catalog.Model
	res   *pipeline.Result
	mesh  *mesh.Mesh // as read back from the STL
	facts *mesh.Facts
	err   error
}

// route is a way `make` meshes a model: from the model's Surface, as it does
// unless a cell is asked for, or on a grid at the model's own cell, as with
// --cell.
type route struct {
	name string
	grid bool
}

var routes = []route{{"surface", false}, {"grid", true}}

var (
	makeMu sync.Mutex
	cache  = map[route]map[string]*made{}
)

// exported makes words through pipeline.Make with its lean tolerance of
// 0.01 mm, by the route r, writes the STL and reads it back; each example is
// made once per route and test binary. The model is built again beside it, for
// its parts and measures.
func exported(t *testing.T, words string, r route) *made {
	t.Helper()
	makeMu.Lock()
	defer makeMu.Unlock()
	if m, ok := cache[r][words]; ok {
		if m.err != nil {
			t.Fatal(m.err)
		}
		return m
	}
	m := &made{}
	if cache[r] == nil {
		cache[r] = map[string]*made{}
	}
	cache[r][words] = m
	fail := func(err error) *made {
		m.err = err
		t.Fatal(err)
		return nil
	}
	u, err := pipeline.Understand(words)
	if err != nil {
		return fail(err)
	}
	d, _ := catalog.Get("vase")
	m.spec = u.Spec
	if m.model, err = d.Build(t.Context(), u.Spec, catalog.Inputs{}); err != nil {
		return fail(err)
	}
	if m.model.Surface == nil {
		return fail(errors.New("the model has no Surface"))
	}
	opt := pipeline.MakeOptions{Dir: t.TempDir(), Formats: []string{"stl"}}
	if r.grid {
		opt.Cell = m.model.Cell
	}
	if m.res, err = pipeline.Make(t.Context(), u, opt); err != nil {
		return fail(err)
	}
	// The route taken shows in the cell: none for a surface meshed directly.
	if want := map[bool]float64{false: 0, true: m.model.Cell}[r.grid]; m.res.Mesh.CellMM != want {
		return fail(fmt.Errorf("%s: meshed at a cell of %g mm, want %g", r.name, m.res.Mesh.CellMM, want))
	}
	if m.mesh, err = stl.DecodeFile(filepath.Join(opt.Dir, "model.stl"), stl.DecodeOptions{}); err != nil {
		return fail(err)
	}
	m.facts = mesh.Analyze(m.mesh)
	return m
}

// eachRoute runs f on words made by each route; the grid is skipped in short
// mode for a vase taller than 150 mm, which takes it seconds.
func eachRoute(t *testing.T, words string, f func(t *testing.T, m *made)) {
	for _, r := range routes {
		t.Run(r.name, func(t *testing.T) {
			if testing.Short() && r.grid && tall(words) {
				t.Skip("over 5 s in short mode")
			}
			f(t, exported(t, words, r))
		})
	}
}

// tall reports whether words make a vase taller than 150 mm.
func tall(words string) bool {
	u, err := pipeline.Understand(words)
	return err == nil && u.Spec.Has("height") && u.Spec.Num("height") > 150
}

// measure runs the model's named measure on the exported mesh.
func (m *made) measure(t *testing.T, name string) (float64, bool) {
	for _, ms := range m.model.Measures {
		if ms.Name == name {
			v, err := ms.Of(m.mesh)
			if err != nil {
				t.Fatalf("measure %s: %v", name, err)
			}
			return v, true
		}
	}
	return 0, false
}

// nudge moves the rays off the grid's planes, where one could run along an edge.
const nudge = 1.234e-3

// band returns the triangles of m that reach the height z (nudged).
func band(m *mesh.Mesh, z float64) []int {
	z += nudge
	var out []int
	for i, tr := range m.Triangles {
		a, b, c := m.Vertices[tr[0]], m.Vertices[tr[1]], m.Vertices[tr[2]]
		if min(a.Z, b.Z, c.Z) <= z && max(a.Z, b.Z, c.Z) >= z {
			out = append(out, i)
		}
	}
	return out
}

// hits returns the distances from the axis at which a ray along angle theta
// at height z crosses the triangles tris of m, nearest first (Möller–Trumbore);
// crossings within a micrometre are one.
func hits(m *mesh.Mesh, tris []int, theta, z float64) []float64 {
	theta += nudge / 10
	o := geom.V(0, 0, z+nudge)
	dir := geom.V(math.Cos(theta), math.Sin(theta), 0)
	var out []float64
	for _, i := range tris {
		tr := m.Triangles[i]
		if d, ok := meshtest.RayHit(m.Vertices[tr[0]], m.Vertices[tr[1]], m.Vertices[tr[2]], o, dir); ok && d > 0 {
			out = append(out, d)
		}
	}
	slices.Sort(out)
	return slices.CompactFunc(out, func(a, b float64) bool { return math.Abs(b-a) < 1e-3 })
}

// ray returns where a ray along theta at height z crosses m.
func ray(m *mesh.Mesh, theta, z float64) []float64 { return hits(m, band(m, z), theta, z) }

// TestExampleMeshes holds each example's exported mesh, by each route, to what
// the words said: one closed, manifold, outward body standing on z = 0 as tall
// as said; meshed from the surface, within the 0.01 mm asked of it.
func TestExampleMeshes(t *testing.T) {
	tests := []struct {
		words  string
		height float64
	}{
		{"spiral vase 150mm tall 500ml", 150},
		{"花瓶 高20厘米 六瓣 扭转90度", 200},
		{"vase 8 lobes wave 2mm vase mode", 150},
	}
	for _, tc := range tests {
		t.Run(tc.words, func(t *testing.T) {
			eachRoute(t, tc.words, func(t *testing.T, m *made) {
				f := m.facts
				if !f.Watertight || !f.Manifold || !f.Outward || len(f.Bodies) != 1 {
					t.Fatalf("watertight %v manifold %v outward %v bodies %d; want true, true, true, 1",
						f.Watertight, f.Manifold, f.Outward, len(f.Bodies))
				}
				if len(m.model.Parts) != 1 || m.model.Parts[0].Role != catalog.Fixed {
					t.Errorf("parts %+v, want one fixed part", m.model.Parts)
				}
				if b := f.Bounds; math.Abs(b.Min.Z) > 0.3 || math.Abs(b.Max.Z-tc.height) > 0.3 {
					t.Errorf("z from %.3f to %.3f, want 0 to %g within 0.3 mm", b.Min.Z, b.Max.Z, tc.height)
				}
				// Round or lobed, the widest is the diameter: across x and y, the
				// box is at most the diameter and, on a peak's axis, close to it.
				d := m.spec.Num("diameter")
				if s := f.Bounds.Size(); s.X > d+0.3 || s.Y > d+0.3 || math.Max(s.X, s.Y) < d-1 {
					t.Errorf("box %.2f × %.2f mm, want at most the %g mm diameter and near it", s.X, s.Y, d)
				}
				if dev := m.res.Mesh.DeviationMM; m.res.Mesh.CellMM == 0 && !(dev > 0 && dev <= 0.01) {
					t.Errorf("deviation %g mm on the field, want within the 0.01 mm asked", dev)
				}
				t.Logf("%d triangles, within %g mm of the field", len(m.mesh.Triangles), m.res.Mesh.DeviationMM)
			})
		})
	}
}

// TestCapacityOnMesh: the capacity measured on the exported mesh by slicing it
// is within 2% of the 500 ml said, and of what Resolve derives when none is
// said.
func TestCapacityOnMesh(t *testing.T) {
	for _, words := range []string{"spiral vase 150mm tall 500ml", "花瓶 高20厘米 六瓣 扭转90度"} {
		t.Run(words, func(t *testing.T) {
			eachRoute(t, words, func(t *testing.T, m *made) {
				want := m.spec.Num("capacity_ml")
				if words == "spiral vase 150mm tall 500ml" && math.Abs(want-500) > 10 {
					t.Errorf("capacity_ml %g in the resolved spec, want 500 ± 10", want)
				}
				got, ok := m.measure(t, "capacity")
				if !ok {
					t.Fatal("no capacity measure")
				}
				if math.Abs(got-want) > 0.02*want {
					t.Errorf("capacity measured on the mesh %.2f ml, want %g ml within 2%%", got, want)
				}
				t.Logf("%.2f ml measured, %g ml designed, %d triangles", got, want, len(m.mesh.Triangles))
			})
		})
	}
}

// TestWallOnMesh measures the wall on the exported mesh at a few heights and
// angles: a horizontal ray from the axis crosses the inside and the outside,
// and the wall along the normal is their distance times the cosine of the
// outside's tilt, read from the mesh at heights 1 mm either side.
func TestWallOnMesh(t *testing.T) {
	eachRoute(t, "spiral vase 150mm tall 500ml", func(t *testing.T, m *made) {
		wall := m.spec.Num("wall")
		for _, z := range []float64{20, 60, 100, 140} {
			for _, th := range []float64{0.3, 2.1, 4.4} {
				hz := ray(m.mesh, th, z)
				if len(hz) != 2 {
					t.Fatalf("z %g θ %g: the ray crosses %d surfaces %v, want 2", z, th, len(hz), hz)
				}
				below, above := ray(m.mesh, th, z-1), ray(m.mesh, th, z+1)
				slope := (above[len(above)-1] - below[len(below)-1]) / 2
				got := (hz[1] - hz[0]) / math.Sqrt(1+slope*slope)
				if math.Abs(got-wall) > 0.05 {
					t.Errorf("z %g θ %g: wall %.3f mm along the normal, want %g within 0.05", z, th, got, wall)
				}
			}
		}
	})
}

// TestLobesOnMesh counts the lobes on cross-sections of the exported mesh, as
// the times the outer radius rises through its mean going round, and reads the
// twist from the phase of the radius's sixth harmonic at two heights.
func TestLobesOnMesh(t *testing.T) {
	eachRoute(t, "花瓶 高20厘米 六瓣 扭转90度", func(t *testing.T, m *made) {
		if m.spec.Num("lobes") != 6 || m.spec.Num("twist") != 90 {
			t.Fatalf("lobes %g twist %g, want 6 and 90", m.spec.Num("lobes"), m.spec.Num("twist"))
		}
		const n = 720
		section := func(z float64) (lobes int, phase float64) {
			r := make([]float64, n)
			mean := 0.0
			tris := band(m.mesh, z)
			for i := range r {
				hz := hits(m.mesh, tris, 2*math.Pi*float64(i)/n, z)
				if len(hz) == 0 {
					t.Fatalf("z %g: a ray misses the vase", z)
				}
				r[i] = hz[len(hz)-1]
				mean += r[i] / n
			}
			var re, im float64
			for i := range r {
				th := 2 * math.Pi * float64(i) / n
				if r[i] >= mean && r[(i+n-1)%n] < mean {
					lobes++
				}
				re += r[i] * math.Cos(6*th)
				im -= r[i] * math.Sin(6*th)
			}
			return lobes, -math.Atan2(im, re) / 6
		}
		for _, z := range []float64{20, 50, 100, 150, 190} {
			if got, _ := section(z); got != 6 {
				t.Errorf("z %g: %d lobes on the cross-section, want 6", z, got)
			}
		}
		// 100 mm apart in 200 mm, the lobes turn 45° (mod the 60° between them).
		_, lo := section(50)
		_, hi := section(150)
		turn := math.Mod(hi-lo+4*math.Pi, math.Pi/3) * 180 / math.Pi
		if math.Abs(turn-45) > 1 {
			t.Errorf("the lobes turn %.2f° from 50 to 150 mm, want 45°", turn)
		}
	})
}

// TestSpiralVaseMode: in spiral vase mode the model is the filled outside: no
// cavity on the mesh, every ray from the axis crosses one surface, the volume
// is the outside's, and the print hint asks the slicer for its vase mode.
func TestSpiralVaseMode(t *testing.T) {
	eachRoute(t, "vase 8 lobes wave 2mm vase mode", func(t *testing.T, m *made) {
		if !m.model.Print.SpiralVase {
			t.Errorf("Print.SpiralVase false, want true")
		}
		if _, ok := m.measure(t, "capacity"); ok {
			t.Errorf("a filled vase measures a capacity")
		}
		for _, z := range []float64{10, 75, 140} {
			if hz := ray(m.mesh, 0.7, z); len(hz) != 1 {
				t.Errorf("z %g: the ray crosses %d surfaces, want 1", z, len(hz))
			}
		}
		var outer, holds float64
		for _, f := range m.model.Facts {
			switch f.Name {
			case "outer volume":
				outer = f.Value * 1000
			case "capacity":
				holds = f.Value
			}
		}
		if got := m.facts.Volume; math.Abs(got-outer) > 0.005*outer {
			t.Errorf("mesh volume %.0f mm³, want the outside's %.0f within 0.5%%", got, outer)
		}
		if want := m.spec.Num("capacity_ml"); math.Abs(holds-want) > 0.5 {
			t.Errorf("capacity fact %g ml, want the spec's %g", holds, want)
		}
	})
}
