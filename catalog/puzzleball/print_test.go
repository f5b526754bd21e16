package puzzleball_test

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"yanchu/badinput"
	"yanchu/catalog"
	"yanchu/catalog/nested"
	"yanchu/geom"
	"yanchu/isosurface"
	"yanchu/mesh"
	"yanchu/query"
	"yanchu/spec"
)

// makeBall parses words with the real lexicon and schemas, resolves and builds.
func makeBall(t *testing.T, words string) (*spec.Spec, ball) {
	t.Helper()
	d, _ := catalog.Get("puzzleball")
	s, err := reader(t).Parse(words)
	if err != nil {
		t.Fatalf("Parse(%q): %v", words, err)
	}
	r, err := d.Resolve(s)
	if err != nil {
		t.Fatalf("Resolve(%q): %v", words, err)
	}
	m, err := d.Build(t.Context(), r, catalog.Inputs{})
	if err != nil {
		t.Fatalf("Build(%q): %v", words, err)
	}
	sp, ok := catalog.Extension[*nested.Spheres](m)
	if !ok {
		t.Fatalf("Build(%q): no nested.Spheres extension", words)
	}
	return r, ball{m, sp}
}

// ball is a built puzzle ball with its nested-shells extension.
type ball struct {
	*catalog.Model
	*nested.Spheres
}

// reader reads words for the puzzle ball alone, with its real lexicon.
func reader(t *testing.T) *query.Reader {
	t.Helper()
	d, _ := catalog.Get("puzzleball")
	r, err := query.NewReader([]query.Domain{{Schema: d.Schema(), Lexicon: d.Lexicon()}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// noteNumber returns the number matched by the first group of re in the notes.
func noteNumber(t *testing.T, m ball, re string) float64 {
	t.Helper()
	rx := regexp.MustCompile(re)
	for _, n := range m.Notes {
		if g := rx.FindStringSubmatch(n); g != nil {
			x, err := strconv.ParseFloat(g[1], 64)
			if err != nil {
				t.Fatal(err)
			}
			return x
		}
	}
	t.Fatalf("no note matches %q in %q", re, m.Notes)
	return 0
}

// TestPuzzleBallPrintWords: the words for ties and a flat base, in Chinese and in
// English, reach the spec, and the canonical form reads back to the same spec,
// said and resolved.
func TestPuzzleBallPrintWords(t *testing.T) {
	d, _ := catalog.Get("puzzleball")
	tests := []struct {
		words      string
		ties, base string // "" means not said
	}{
		{"鬼工球 8层 直径80毫米 连接点", "on", ""},
		{"puzzle ball 8 layers 80mm flat base", "", "flat"},
		{"鬼工球 平底 连接点", "on", "flat"},
		{"鬼工球 連接點 平底座", "on", "flat"},
		{"鬼工球 6层 连接桥", "on", ""},
		{"鬼工球 支撑点 圆底", "on", "round"},
		{"puzzle ball 5 layers 60mm breakaway ties flat-bottomed", "on", "flat"},
		{"puzzle ball 4 layers ties", "on", ""},
		{"puzzle ball with print ties and a flat bottom", "on", "flat"},
		{"puzzle ball 8 layers without ties", "none", ""},
		{"puzzleball layers=8 ties=on base=flat", "on", "flat"},
	}
	for _, tt := range tests {
		t.Run(tt.words, func(t *testing.T) {
			s, err := reader(t).Parse(tt.words)
			if err != nil {
				t.Fatal(err)
			}
			for name, want := range map[string]string{"ties": tt.ties, "base": tt.base} {
				v, said := s.Params[name]
				if got := v.Text; said != (want != "") || got != want {
					t.Errorf("%s: got %q (said %v), want %q", name, got, said, want)
				}
			}
			r, err := d.Resolve(s)
			if err != nil {
				t.Fatal(err)
			}
			for _, sp := range []*spec.Spec{s, r} {
				canon := spec.Canonical(d.Schema(), sp)
				back, err := reader(t).Parse(canon)
				if err != nil {
					t.Fatalf("Parse(%q): %v", canon, err)
				}
				if len(back.Params) != len(sp.Params) {
					t.Fatalf("%q: got %d parameters back, want %d", canon, len(back.Params), len(sp.Params))
				}
				for k, a := range sp.Params {
					b := back.Params[k]
					if a.Num != b.Num || a.Text != b.Text || a.Unit != b.Unit {
						t.Errorf("%q: %s: got %+v back, want %+v", canon, k, b, a)
					}
				}
			}
			again, err := d.Resolve(r)
			if err != nil {
				t.Fatal(err)
			}
			if a, b := spec.Canonical(d.Schema(), again), spec.Canonical(d.Schema(), r); a != b {
				t.Errorf("resolving twice: got %q, want %q", a, b)
			}
		})
	}
}

// TestPuzzleBallPrintAidsMesh meshes an 8-layer 50 mm ball with a flat base, with
// and without ties. With ties the mesh is one closed body; without, one body per
// layer. Either way the mesh's lowest layer is a flat disc of the stated diameter,
// the stated depth above where the round ball's bottom was.
func TestPuzzleBallPrintAidsMesh(t *testing.T) {
	const words = "鬼工球 8层 直径50毫米 平底"
	for _, ties := range []bool{true, false} {
		w := words
		if ties {
			w += " 连接点"
		}
		t.Run(w, func(t *testing.T) {
			r, m := makeBall(t, w)
			layers, radius := int(r.Num("layers")), r.Num("diameter")/2
			res, err := isosurface.Mesher{Cell: m.Cell}.Mesh(t.Context(), m.Solid)
			if err != nil {
				t.Fatal(err)
			}
			f := mesh.Analyze(res.Mesh)
			if err := f.Err(); err != nil {
				t.Fatalf("the mesh at cell %g mm is broken: %v", m.Cell, err)
			}
			wantBodies := layers
			if ties {
				wantBodies = 1
				if len(m.Parts) != 1 || m.Bodies != nil {
					t.Errorf("with ties: got parts %v and %d bodies, want one part and no bodies", m.Parts, len(m.Bodies))
				}
			}
			if got := len(f.Bodies); got != wantBodies {
				t.Errorf("got %d bodies, want %d", got, wantBodies)
			}
			if got := len(m.Parts); got != wantBodies {
				t.Errorf("got %d parts, want %d", got, wantBodies)
			}

			across := noteNumber(t, m, `flat base ([0-9.]+) mm across`)
			depth := noteNumber(t, m, `([0-9.]+) mm deep`)
			bottom := res.Mesh.Bounds().Min.Z
			t.Logf("flat base %.1f mm across, %.2f mm deep; the mesh's bottom is at %.4f mm", across, depth, bottom)
			if want := -radius + depth; math.Abs(bottom-want) > 0.01 {
				t.Errorf("bottom: got z = %.4f mm, want %.4f mm (raised %.2f mm from %g)", bottom, want, depth, -radius)
			}
			lo, hi := geom.V(math.Inf(1), math.Inf(1), 0), geom.V(math.Inf(-1), math.Inf(-1), 0)
			n := 0
			for _, v := range res.Mesh.Vertices {
				if v.Z < bottom+0.01 {
					lo, hi = lo.Min(v), hi.Max(v)
					n++
				}
			}
			// The outermost vertices on the flat are grid points inside the disc:
			// up to a cell's diagonal in from its rim on each side.
			for axis, span := range []float64{hi.X - lo.X, hi.Y - lo.Y} {
				t.Logf("flat: %d vertices, %.3f mm across along %c", n, span, "XY"[axis])
				if span > across+0.05 || span < across-2*math.Sqrt2*m.Cell-0.05 {
					t.Errorf("flat across %c: got %.3f mm, want %.1f mm (less up to %.2f mm of grid)", "XY"[axis], span, across, 2*math.Sqrt2*m.Cell)
				}
			}
			if c := lo.Add(hi).Scale(0.5); math.Hypot(c.X, c.Y) > m.Cell {
				t.Errorf("flat: centred at (%.3f, %.3f), want under the centre", c.X, c.Y)
			}

			if ties {
				count := noteNumber(t, m, `([0-9]+) breakaway ties`)
				total := noteNumber(t, m, `([0-9.]+) mm² in all`)
				sum := 0.0
				for _, tie := range m.Ties {
					sum += tie.Area
				}
				if int(count) != len(m.Ties) || math.Abs(total-sum) > 0.006 {
					t.Errorf("the note states %g ties of %g mm² in all; the model has %d of %.3f mm²", count, total, len(m.Ties), sum)
				}
			} else if len(m.Ties) != 0 {
				t.Errorf("without ties: got %d ties", len(m.Ties))
			}
		})
	}
}

// TestPuzzleBallTiesOnSolid checks every tie against the built solid, in the
// print frame: it crosses its whole gap and reaches into both walls; the walls
// all around its feet are solid, so no tie stands in a hole or an opening; and
// the gap beside it is empty, so it is a tab and not a wall. Every gap has ties.
func TestPuzzleBallTiesOnSolid(t *testing.T) {
	for _, words := range []string{
		"puzzle ball 8 layers 80mm ties",
		"鬼工球 8层 直径50毫米 平底 连接点",
		"puzzle ball 6 layers 60mm cloud coin ties flat base",
		"puzzle ball 4 layers 50mm 6 holes ties",
		"puzzle ball 5 layers 60mm 8 holes coin ties",
		"puzzle ball 5 layers 60mm 12 holes cloud ties",
		"puzzle ball 5 layers 60mm 20 holes ties flat base",
		"puzzle ball 5 layers 40mm resin ties flat base",
		"puzzle ball 18 layers 80mm coin ties flat base",
		"puzzle ball 9 layers 40mm hole size 14.6mm ties",
		"puzzle ball 2 layers 30mm ties",
	} {
		t.Run(words, func(t *testing.T) {
			r, m := makeBall(t, words)
			wall, gap := r.Num("wall"), r.Num("gap")
			if id := geom.Identity(); m.Print.Rotation != id {
				t.Errorf("print rotation: got %v, want the identity (built as it prints)", m.Print.Rotation)
			}
			perGap := make([]int, len(m.Gaps))
			for i, tie := range m.Ties {
				if tie.Gap < 0 || tie.Gap >= len(m.Gaps) {
					t.Fatalf("tie %d: gap %d of %d", i, tie.Gap, len(m.Gaps))
				}
				perGap[tie.Gap]++
				g := m.Gaps[tie.Gap]
				if want := math.Pi * tie.Diameter * tie.Diameter / 4; math.Abs(tie.Area-want) > 1e-9 {
					t.Errorf("tie %d: area %g mm², want %g for %g mm across", i, tie.Area, want, tie.Diameter)
				}
				if tie.Span < gap-1e-9 || tie.Span > 1.2*gap {
					t.Errorf("tie %d: spans %.3f mm of a %g mm gap", i, tie.Span, gap)
				}
				// Along its axis: solid from inside the outer wall to inside the
				// inner body.
				for s := -tie.Span/2 - 0.1; s <= tie.Span/2+0.1; s += 0.02 {
					if p := tie.Middle.Add(tie.Axis.Scale(s)); m.Solid.At(p) >= 0 {
						t.Errorf("tie %d: not solid at %.3f mm along its axis (%v)", i, s, p)
						break
					}
				}
				v, w := perpendicular(tie.Axis)
				for j := 0; j < 16; j++ {
					phi := 2 * math.Pi * float64(j) / 16
					side := v.Scale(math.Cos(phi)).Add(w.Scale(math.Sin(phi)))
					// Around the foot, a little wider than the tie, inside both
					// walls but deeper than the tie reaches: solid.
					dir := tie.Middle.Add(side.Scale(tie.Diameter/2 + 0.3)).Unit()
					if p := dir.Scale(g.Outer + 0.45*wall); m.Solid.At(p) >= 0 {
						t.Errorf("tie %d: the outer wall is open %.1f mm from it (%v): the tie stands by an opening", i, 0.3, p)
					}
					if in := g.Inner - 0.45*wall; in > 0 {
						if p := dir.Scale(in); m.Solid.At(p) >= 0 {
							t.Errorf("tie %d: the inner body is open %.1f mm from it (%v): the tie stands by an opening", i, 0.3, p)
						}
					}
					// Beside the tie, in the middle of the gap: empty.
					beside := tie.Middle.Add(side.Scale(tie.Diameter/2 + 0.2)).Unit().Scale((g.Inner + g.Outer) / 2)
					if m.Solid.At(beside) <= 0 {
						t.Errorf("tie %d: the gap beside it is filled at %v", i, beside)
					}
				}
			}
			for i, n := range perGap {
				if n == 0 {
					t.Errorf("%s: no ties", m.Gaps[i].Name)
				}
			}
			// Every shell's bottom pole, mid-wall, is solid.
			for i, g := range m.Gaps {
				if p := geom.V(0, 0, -(g.Outer + wall/2)); m.Solid.At(p) >= 0 {
					t.Errorf("%s: the outer body's bottom pole is open at %v", g.Name, p)
				}
				if want := geom.V(0, 0, -g.Inner); m.Poles[i].Sub(want).Len() > 1e-9 {
					t.Errorf("pole %d: got %v, want %v", i, m.Poles[i], want)
				}
			}
			t.Logf("%d ties in %d gaps, %v", len(m.Ties), len(m.Gaps), perGap)
		})
	}
}

func perpendicular(u geom.Vec3) (v, w geom.Vec3) {
	ref := geom.V(1, 0, 0)
	if math.Abs(u.X) > 0.9 {
		ref = geom.V(0, 1, 0)
	}
	v = u.Cross(ref).Unit()
	return v, u.Cross(v)
}

// TestPuzzleBallPrintColumn: without print aids the ball is built as before, its
// six axis poles solid, and its print rotation turns a hole straight down, so
// that along the vertical below the core every shell is open: a column from the
// bed to the core. Gaps and poles are stated for every ball.
func TestPuzzleBallPrintColumn(t *testing.T) {
	for _, words := range []string{
		"鬼工球 8层 直径80毫米",
		"puzzle ball 4 layers 50mm 6 holes",
		"puzzle ball 5 layers 60mm 8 holes",
		"puzzle ball 5 layers 60mm 12 holes",
		"puzzle ball 5 layers 60mm 20 holes",
		"puzzle ball 5 layers 40mm resin",
		"puzzle ball 6 layers 60mm cloud coin",
		"puzzle ball 9 layers 40mm hole size 14.6mm",
		"puzzle ball 2 layers 30mm",
	} {
		t.Run(words, func(t *testing.T) {
			r, m := makeBall(t, words)
			layers, radius, wall, gap := int(r.Num("layers")), r.Num("diameter")/2, r.Num("wall"), r.Num("gap")
			if got := len(m.Gaps); got != layers-1 {
				t.Fatalf("got %d gaps, want %d", got, layers-1)
			}
			for i, g := range m.Gaps {
				inner := fmt.Sprintf("layer %d", i+2)
				if i+2 == layers {
					inner = "core"
				}
				if want := fmt.Sprintf("gap %d (layer %d / %s)", i+1, i+1, inner); g.Name != want {
					t.Errorf("gap %d: got name %q, want %q", i, g.Name, want)
				}
				if want := radius - float64(i)*(wall+gap) - wall; math.Abs(g.Outer-want) > 1e-9 || math.Abs(g.Outer-g.Inner-gap) > 1e-9 {
					t.Errorf("%s: radii %g to %g mm, want %g to %g", g.Name, g.Inner, g.Outer, want-gap, want)
				}
			}
			for _, p := range []geom.Vec3{geom.V(1, 0, 0), geom.V(-1, 0, 0), geom.V(0, 1, 0), geom.V(0, -1, 0), geom.V(0, 0, 1), geom.V(0, 0, -1)} {
				if q := p.Scale(radius - wall/2); m.Solid.At(q) >= 0 {
					t.Errorf("the outer shell is open at the pole %v: the built orientation changed", q)
				}
			}
			rot := m.Print.Rotation
			if e := rot.Mul(rot.Transpose()); !near(e, geom.Identity(), 1e-9) || det(rot) < 0 {
				t.Fatalf("print rotation %v is not a rotation", rot)
			}
			if near(rot, geom.Identity(), 1e-9) {
				t.Errorf("print rotation is the identity: the built ball has solid poles, so it needs turning")
			}
			down := rot.Transpose().MulVec(geom.V(0, 0, -1))
			for i, p := range m.Poles {
				if want := geom.V(0, 0, -m.Gaps[i].Inner); rot.MulVec(p).Sub(want).Len() > 1e-9 {
					t.Errorf("pole %d: turned, got %v, want %v", i, rot.MulVec(p), want)
				}
			}
			core := m.Gaps[len(m.Gaps)-1].Inner
			for s := core + 0.02; s < radius+0.5; s += 0.05 {
				if p := down.Scale(s); m.Solid.At(p) <= 0 {
					t.Fatalf("the column under the core is closed %.2f mm from the centre (%v)", s, p)
				}
			}
			if !strings.Contains(m.Print.Note, "straight down") {
				t.Errorf("print note: %q", m.Print.Note)
			}
			t.Log(m.Print.Note)
		})
	}
}

func near(a, b geom.Mat3, tol float64) bool {
	for i := range a {
		for j := range a[i] {
			if math.Abs(a[i][j]-b[i][j]) > tol {
				return false
			}
		}
	}
	return true
}

func det(m geom.Mat3) float64 {
	return m[0][0]*(m[1][1]*m[2][2]-m[1][2]*m[2][1]) - m[0][1]*(m[1][0]*m[2][2]-m[1][2]*m[2][0]) + m[0][2]*(m[1][0]*m[2][1]-m[1][1]*m[2][0])
}

// TestPuzzleBallFlatBaseRefused: a flat base that the openings leave no room for
// is refused with the reason and what would work.
func TestPuzzleBallFlatBaseRefused(t *testing.T) {
	d, _ := catalog.Get("puzzleball")
	s, err := reader(t).Parse("puzzle ball 5 layers 40mm 12 holes cloud flat base")
	if err != nil {
		t.Fatal(err)
	}
	_, err = d.Resolve(s)
	e := badinput.As(err)
	if e == nil || e.Code != badinput.Infeasible || !strings.Contains(e.Message, "flat base") || !strings.Contains(e.Message, "no cloud openwork") {
		t.Fatalf("got %v, want an infeasible flat base naming the cloud openwork", err)
	}
	s.Params["decoration"] = spec.Value{Text: "none", Source: spec.Said}
	if _, err := d.Resolve(s); err != nil {
		t.Errorf("without the clouds: %v", err)
	}
}
