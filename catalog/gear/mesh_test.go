package gear_test

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"yanchu/catalog"
	_ "yanchu/catalog/gear"
	"yanchu/encoding/stl"
	"yanchu/geom"
	"yanchu/mesh"
	"yanchu/pipeline"
	"yanchu/query"
	"yanchu/spec"
)

// The examples the field tests mesh.
const (
	example24 = "spur gear 24 teeth module 2 thickness 8 bore 5"
	example30 = "齿轮 30齿 模数1.5 厚6"
	examplePr = "一对齿轮 20齿 40齿 模数2"
)

func gearDomain(t testing.TB) catalog.Domain {
	t.Helper()
	d, ok := catalog.Get("gear")
	if !ok {
		t.Fatal("the gear domain is not registered")
	}
	return d
}

// understand reads words with the gear domain's own reader and resolves them.
func understand(t testing.TB, words string) *spec.Spec {
	t.Helper()
	d := gearDomain(t)
	r, err := query.NewReader([]query.Domain{{Schema: d.Schema(), Lexicon: d.Lexicon()}})
	if err != nil {
		t.Fatal(err)
	}
	s, err := r.Parse(words)
	if err != nil {
		t.Fatalf("%q: %v", words, err)
	}
	res, err := d.Resolve(s)
	if err != nil {
		t.Fatalf("%q: %v", words, err)
	}
	return res
}

// build reads, resolves and builds words.
func build(t testing.TB, words string) (*spec.Spec, *catalog.Model) {
	t.Helper()
	s := understand(t, words)
	m, err := gearDomain(t).Build(t.Context(), s, catalog.Inputs{})
	if err != nil {
		t.Fatalf("%q: %v", words, err)
	}
	return s, m
}

// meshOptions are the pipeline's options for a model: its cell, the lean
// tolerance, its parts, each body apart when it asks; with surface, its
// surface in closed form instead of the grid, as make meshes it.
func meshOptions(model *catalog.Model, surface bool, outputs ...pipeline.Output) pipeline.Options {
	opt := pipeline.Options{Cell: model.Cell, Tolerance: 0.01, Names: model.PartNames(), Outputs: outputs}
	switch {
	case surface:
		opt.Surface = model.Surface
	case model.BodiesApart:
		opt.Bodies = model.Bodies
	}
	return opt
}

// paths are the two ways the pipeline meshes a gear: the grid at the model's
// cell, and the surface in closed form.
var paths = []struct {
	name    string
	surface bool
}{{"grid", false}, {"surface", true}}

// exported meshes a model the pipeline's way, writes it as STL and reads the
// file back: the tests measure the mesh a person gets.
func exported(t *testing.T, model *catalog.Model, surface bool) (*mesh.Mesh, *pipeline.Result) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "m.stl")
	res, err := pipeline.Mesh(t.Context(), model.Solid, meshOptions(model, surface, pipeline.Output{Format: "stl", Path: path}))
	if err != nil {
		t.Fatal(err)
	}
	m, err := stl.DecodeFile(path, stl.DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	f := mesh.Analyze(m)
	if err := f.Err(); err != nil {
		t.Fatalf("the exported mesh: %v", err)
	}
	if len(f.Bodies) != len(model.Parts) {
		t.Fatalf("the exported mesh has %d bodies, the model %d parts", len(f.Bodies), len(model.Parts))
	}
	return m, res
}

// meshedWords is a model of some words and its exported mesh.
type meshedWords struct {
	s     *spec.Spec
	model *catalog.Model
	m     *mesh.Mesh
	res   *pipeline.Result
}

var (
	meshedMu sync.Mutex
	meshedBy = map[string]*meshedWords{}
)

// meshed builds words and meshes them, on the grid or from the surface, once
// for all the tests that read the mesh.
func meshed(t *testing.T, words string, surface bool) *meshedWords {
	t.Helper()
	meshedMu.Lock()
	defer meshedMu.Unlock()
	key := fmt.Sprint(words, surface)
	if w := meshedBy[key]; w != nil {
		return w
	}
	s, model := build(t, words)
	m, res := exported(t, model, surface)
	w := &meshedWords{s, model, m, res}
	meshedBy[key] = w
	return w
}

// gearAt is what the tests know of one gear, from the standard formulas and
// the orientation rules of the package comment, not from the generator.
type gearAt struct {
	z          int
	m, alpha   float64 // module, pressure angle (rad)
	cx, phi    float64 // centre on X (mm), turn (rad)
	h          float64 // face width (mm)
	rb, ra, rf float64
	beta       float64 // half the tooth's angle on the base circle
}

func newGearAt(z int, m, deg, cx, phi, h float64) gearAt {
	a := deg * math.Pi / 180
	r := m * float64(z) / 2
	return gearAt{z: z, m: m, alpha: a, cx: cx, phi: phi, h: h,
		rb: r * math.Cos(a), ra: r + m, rf: r - 1.25*m,
		beta: math.Pi/(2*float64(z)) + math.Tan(a) - a}
}

// single is a lone gear, turned by the rule: a tooth on +X when 4 divides z,
// else half of what a quarter turn leaves after whole pitches.
func single(z int, m, deg, h float64) gearAt {
	step := 2 * math.Pi / float64(z)
	phi := 0.0
	if z%4 != 0 {
		phi = math.Mod(math.Pi/2, step) / 2
	}
	return newGearAt(z, m, deg, 0, phi, h)
}

// flankDeviation returns the largest distance (mm) from the analytic involute
// of the vertices on the gear's flanks, and how many there are: the vertices of
// the side walls (of triangles facing within 60° of sideways; the end faces'
// own vertices are left out) whose radius lies between the
// fillet's top (at most rf + 2·0.38·m) or the base circle, plus 0.05 mm, and
// the tip circle less 0.05 mm. A point at radius r and angle θ lies on the
// involute turned by ψ = θ ± inv(α_r); involutes of one base circle turned by
// ψ1 and ψ2 are rb·|ψ1 − ψ2| apart. Vertices on the edges of the end faces
// count only with edges: a grid's mesh leaves some of them where the grid cut
// the edge, up to half a millimetre off it, which the mesher's own deviation
// figure reports; a surface mesh has its flank vertices there and nowhere else,
// and with edges the middles of the edges between them count too.
func flankDeviation(m *mesh.Mesh, g gearAt, edges bool) (worst float64, n int) {
	side := make([]bool, len(m.Vertices))
	for _, tr := range m.Triangles {
		a, b, c := m.Vertices[tr[0]], m.Vertices[tr[1]], m.Vertices[tr[2]]
		nv := b.Sub(a).Cross(c.Sub(a))
		if math.Abs(nv.Z) < 0.5*nv.Len() {
			side[tr[0]], side[tr[1]], side[tr[2]] = true, true, true
		}
	}
	lo := math.Max(g.rb, g.rf+2*0.38*g.m) + 0.05
	hi := g.ra - 0.05
	step := 2 * math.Pi / float64(g.z)
	pts := m.Vertices
	if edges {
		// The chords between the flank's vertices too, at their middles.
		pts = append([]geom.Vec3(nil), pts...)
		for _, tr := range m.Triangles {
			for k := range 3 {
				a, b := tr[k], tr[(k+1)%3]
				if side[a] && side[b] {
					pts = append(pts, m.Vertices[a].Add(m.Vertices[b]).Scale(0.5))
					side = append(side, true)
				}
			}
		}
	}
	for i, v := range pts {
		x, y := v.X-g.cx, v.Y
		r := math.Hypot(x, y)
		if r < lo || r > hi || !side[i] || !edges && (v.Z < 0.01 || v.Z > g.h-0.01) {
			continue
		}
		th := math.Atan2(y, x) - g.phi
		th -= step * math.Round(th/step) // the nearest tooth's centre at 0
		ar := math.Acos(g.rb / r)
		d := g.rb * math.Abs(math.Abs(th)+math.Tan(ar)-ar-g.beta)
		worst = math.Max(worst, d)
		n++
	}
	return worst, n
}

// Test 1: the vertices on the flanks of the exported mesh lie within 0.02 mm
// of the true involute.
func TestFlankOnMesh(t *testing.T) {
	pair1 := newGearAt(20, 2, 20, 0, math.Pi/20, 10)
	pair2 := newGearAt(40, 2, 20, 60.2, math.Pi, 10)
	cases := []struct {
		words string
		gears []gearAt
	}{
		{example24, []gearAt{single(24, 2, 20, 8)}},
		{example30, []gearAt{single(30, 1.5, 20, 6)}},
		{"gear 12 teeth module 3 pressure angle 25", []gearAt{single(12, 3, 25, 15)}},
		{examplePr, []gearAt{pair1, pair2}},
	}
	for _, c := range cases {
		for _, how := range paths {
			t.Run(how.name+"/"+c.words, func(t *testing.T) {
				if testing.Short() && len(c.gears) > 1 && !how.surface {
					t.Skip("meshing a pair on the grid takes over a second")
				}
				w := meshed(t, c.words, how.surface)
				model, m, res := w.model, w.m, w.res
				for i, g := range c.gears {
					worst, n := flankDeviation(bodyOf(m, len(c.gears)-1-i), g, how.surface)
					if n < 4*g.z {
						t.Errorf("%d teeth: only %d vertices on the flanks", g.z, n)
					}
					// The grid's vertices within 0.02 mm; the surface's
					// vertices and chords within the tolerance.
					limit := 0.02
					if how.surface {
						limit = 0.01
					}
					if worst > limit {
						t.Errorf("%d teeth: a point of the flank lies %.4f mm from the involute, want at most %g", g.z, worst, limit)
					}
					t.Logf("%d teeth: %d points on the flanks, largest deviation %.4f mm (mesh: %d triangles, cell %g mm, deviation %.4f mm, over 0.01 mm: %.1f%%)",
						g.z, n, worst, res.Mesh.Triangles, model.Cell, res.Mesh.DeviationMM, 100*res.Mesh.OverTolerance)
				}
			})
		}
	}
}

// tips counts the tooth tips seen on a mesh: the vertices within a quarter
// module of the tip circle, sorted by angle about the gear's centre, fall into
// runs parted by the spaces, gaps wider than a third of the pitch.
func tips(m *mesh.Mesh, g gearAt) int {
	var angles []float64
	for _, v := range m.Vertices {
		x, y := v.X-g.cx, v.Y
		if math.Hypot(x, y) > g.ra-g.m/4 {
			angles = append(angles, math.Atan2(y, x))
		}
	}
	if len(angles) == 0 {
		return 0
	}
	slices.Sort(angles)
	gap := 2 * math.Pi / float64(g.z) / 3
	n := 0
	for i, a := range angles {
		prev := angles[(i+len(angles)-1)%len(angles)]
		if i == 0 {
			prev -= 2 * math.Pi
		}
		if a-prev > gap {
			n++
		}
	}
	return n
}

// Test 3: the examples' boxes are their tip diameters by their face widths, and
// the mesh shows as many tips as teeth.
func TestExampleBoxes(t *testing.T) {
	cases := []struct {
		words   string
		g       gearAt
		x, y, z float64
	}{
		{example24, single(24, 2, 20, 8), 52, 52, 8},
		{example30, single(30, 1.5, 20, 6), 48, 48, 6},
		{"gear 17 teeth", single(17, 1, 20, 5), 0, 0, 5},
	}
	for _, c := range cases {
		for _, how := range paths {
			t.Run(how.name+"/"+c.words, func(t *testing.T) {
				boxOnMesh(t, meshed(t, c.words, how.surface), c.g, c.x, c.y, c.z)
			})
		}
	}
}

func boxOnMesh(t *testing.T, w *meshedWords, g gearAt, x, y, z float64) {
	s, model, m := w.s, w.model, w.m
	if len(model.Parts) != 1 || model.Parts[0].Role != catalog.Fixed {
		t.Errorf("parts: got %+v, want one fixed gear", model.Parts)
	}
	size := m.Bounds().Size()
	if x > 0 && (math.Abs(size.X-x) > 0.15 || math.Abs(size.Y-y) > 0.15) || math.Abs(size.Z-z) > 0.15 {
		t.Errorf("box: got %.3f × %.3f × %.3f mm, want %g × %g × %g (±0.15)", size.X, size.Y, size.Z, x, y, z)
	}
	if got := tips(m, g); got != int(s.Num("teeth")) || got != g.z {
		t.Errorf("tips on the mesh: got %d, want %d", got, g.z)
	}
	d, err := model.Measures[0].Of(m)
	if err != nil || math.Abs(d-2*g.ra) > 0.02 {
		t.Errorf("measured %s: got %.4f, %v; want %.4f", model.Measures[0].Name, d, err, 2*g.ra)
	}
}
