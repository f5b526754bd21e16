package box_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"yanchu/badinput"
	"yanchu/catalog"
	_ "yanchu/catalog/box"
	"yanchu/query"
	"yanchu/spec"
)

// theDomain returns the registered box domain and a reader of its words.
func theDomain(t testing.TB) (catalog.Domain, *query.Reader) {
	t.Helper()
	d, ok := catalog.Get("box")
	if !ok {
		t.Fatal("no box domain registered")
	}
	r, err := query.NewReader([]query.Domain{{Schema: d.Schema(), Lexicon: d.Lexicon()}})
	if err != nil {
		t.Fatalf("the box lexicon does not load: %v", err)
	}
	return d, r
}

// understand parses and resolves words.
func understand(t testing.TB, words string) *spec.Spec {
	t.Helper()
	d, r := theDomain(t)
	s, err := r.Parse(words)
	if err != nil {
		t.Fatalf("%q: %v", words, err)
	}
	rs, err := d.Resolve(s)
	if err != nil {
		t.Fatalf("%q: %v", words, err)
	}
	return rs
}

// The parameter names, kinds and defaults are a contract: tests and scripts
// read them.
func TestSchema(t *testing.T) {
	d, _ := theDomain(t)
	sc := d.Schema()
	if sc.Domain != "box" || sc.Size != "size" || sc.Length != "" {
		t.Errorf("got domain %q, size param %q, length param %q; want box, size and none", sc.Domain, sc.Size, sc.Length)
	}
	for _, want := range []struct {
		name     string
		kind     spec.Kind
		min, max float64
	}{
		{"size", spec.Size, 10, 400}, {"inner", spec.Size, 5, 399}, {"wall", spec.Length, 0.8, 10},
		{"floor", spec.Length, 0.8, 10}, {"lid", spec.Choice, 0, 0}, {"clearance", spec.Length, 0.05, 1},
		{"corner", spec.Length, 0, 200}, {"lip", spec.Length, 1, 50}, {"dividers", spec.Count, 0, 20},
		{"compartments", spec.Count, 1, 21},
	} {
		p, ok := sc.Param(want.name)
		if !ok {
			t.Errorf("no parameter %q", want.name)
			continue
		}
		if p.Kind != want.kind || p.Min != want.min || p.Max != want.max {
			t.Errorf("%s: got %s %g..%g, want %s %g..%g", want.name, p.Kind, p.Min, p.Max, want.kind, want.min, want.max)
		}
		if p.Zh == "" || p.En == "" {
			t.Errorf("%s: no description", want.name)
		}
	}
}

func TestParse(t *testing.T) {
	_, r := theDomain(t)
	num := func(x float64) spec.Value { return spec.Value{Num: x} }
	size := func(x, y, z float64) spec.Value { return spec.Value{Vec: [3]float64{x, y, z}} }
	text := func(s string) spec.Value { return spec.Value{Text: s} }
	tests := []struct {
		words string
		want  map[string]spec.Value
	}{
		{"box with lid 100x60x40 wall 2", map[string]spec.Value{"size": size(100, 60, 40), "wall": num(2)}},
		{"带盖收纳盒 80×80×50", map[string]spec.Value{"size": size(80, 80, 50)}},
		{"盒子 长100宽60高40", map[string]spec.Value{"size": size(100, 60, 40)}},
		{"收纳盒 10x6x4厘米 壁厚1.6毫米 底厚3", map[string]spec.Value{"size": size(100, 60, 40), "wall": num(1.6), "floor": num(3)}},
		{"滑盖盒子 100x60x40 3格", map[string]spec.Value{"size": size(100, 60, 40), "lid": text("slide"), "compartments": num(3)}},
		{"带盖盒子 120x80x50 3个隔板 圆角5 间隙0.3", map[string]spec.Value{"size": size(120, 80, 50), "dividers": num(3), "corner": num(5), "clearance": num(0.3)}},
		{"无盖收纳盒 内尺寸90x50x30", map[string]spec.Value{"lid": text("none"), "inner": size(90, 50, 30)}},
		{"storage box inner size 90x50x30 sliding lid", map[string]spec.Value{"inner": size(90, 50, 30), "lid": text("slide")}},
		{"open box 100x60x40 2 dividers", map[string]spec.Value{"size": size(100, 60, 40), "lid": text("none"), "dividers": num(2)}},
		{"lidded box 100x60x40 lid slide clearance 0.25", map[string]spec.Value{"size": size(100, 60, 40), "lid": text("slide"), "clearance": num(0.25)}},
		{"box 100x60x40 lift-off lid lip 5mm 4 compartments", map[string]spec.Value{"size": size(100, 60, 40), "lid": text("lift"), "lip": num(5), "compartments": num(4)}},
		{"首饰盒 掀盖 80x80x30 壁厚1.2", map[string]spec.Value{"size": size(80, 80, 30), "lid": text("lift"), "wall": num(1.2)}},
		{"box size=100x60x40mm lid=slide dividers=2", map[string]spec.Value{"size": size(100, 60, 40), "lid": text("slide"), "dividers": num(2)}},
	}
	for _, tt := range tests {
		t.Run(tt.words, func(t *testing.T) {
			s, err := r.Parse(tt.words)
			if err != nil {
				t.Fatal(err)
			}
			if s.Domain != "box" {
				t.Fatalf("got domain %q, want box", s.Domain)
			}
			if len(s.Params) != len(tt.want) {
				t.Errorf("got %d parameters %v, want %d", len(s.Params), s.Params, len(tt.want))
			}
			for name, w := range tt.want {
				g, ok := s.Params[name]
				switch {
				case !ok:
					t.Errorf("%s: not said", name)
				case g.Num != w.Num || g.Vec != w.Vec || g.Text != w.Text:
					t.Errorf("%s: got %v %v %q, want %v %v %q", name, g.Num, g.Vec, g.Text, w.Num, w.Vec, w.Text)
				}
			}
		})
	}
}

func TestResolve(t *testing.T) {
	tests := []struct {
		words string
		want  map[string]float64    // numbers
		vecs  map[string][3]float64 // sizes
		text  map[string]string
		unset []string
	}{
		{"box", map[string]float64{"wall": 2, "floor": 2, "clearance": 0.2, "corner": 3, "lip": 6, "dividers": 0, "compartments": 1},
			map[string][3]float64{"size": {100, 60, 40}, "inner": {96, 56, 36}}, map[string]string{"lid": "lift"}, nil},
		// Inner size to outer: walls on each side, the floor, and the lid's plate (2 mm).
		{"box inner 90x50x30 wall 1.6 floor 3", map[string]float64{"lip": 6},
			map[string][3]float64{"size": {93.2, 53.2, 35}}, nil, nil},
		// A sliding lid takes a rail (the grooves' 60° top over 1 mm, and 1 mm
		// more: 2.73 mm, rounded up to 3), the plate (2 mm) and the clearance
		// twice.
		{"box inner 90x50x30 sliding lid", nil,
			map[string][3]float64{"size": {94, 54, 37.4}}, map[string]string{"lid": "slide"}, []string{"lip"}},
		{"open box inner 90x50x30", nil,
			map[string][3]float64{"size": {94, 54, 32}}, map[string]string{"lid": "none"}, []string{"lip", "clearance"}},
		{"box 100x60x40 4 compartments", map[string]float64{"dividers": 3, "compartments": 4}, nil, nil, nil},
		// A short box: half the 8 mm under the lid.
		{"box 60x40x12", map[string]float64{"lip": 4}, map[string][3]float64{"inner": {56, 36, 8}}, nil, nil},
		// Thick walls, a thick lid: 9 mm under a 5 mm plate gives 4.5 mm, which
		// would tie the lid (5 + 4.5) with the 10 mm body within 1 mm: 3.5 mm.
		{"box 60x60x15 wall 5 floor 1", map[string]float64{"lip": 3.5}, nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.words, func(t *testing.T) {
			s := understand(t, tt.words)
			for name, w := range tt.want {
				if g := s.Num(name); math.Abs(g-w) > 1e-9 {
					t.Errorf("%s: got %g, want %g", name, g, w)
				}
			}
			for name, w := range tt.vecs {
				g := s.Params[name].Vec
				for i := range w {
					if math.Abs(g[i]-w[i]) > 1e-9 {
						t.Errorf("%s: got %v, want %v", name, g, w)
						break
					}
				}
			}
			for name, w := range tt.text {
				if g := s.Text(name); g != w {
					t.Errorf("%s: got %q, want %q", name, g, w)
				}
			}
			for _, name := range tt.unset {
				if s.Has(name) {
					t.Errorf("%s: got %v, want it left out", name, s.Params[name])
				}
			}
		})
	}
}

// Every refusal has its code, and its message says what was wrong and what
// would work (the number that fits).
func TestRefusals(t *testing.T) {
	d, r := theDomain(t)
	tests := []struct {
		words, code string
		says        []string
	}{
		{"box 100x60x40 corner 40", badinput.Infeasible, []string{"corner radius", "at most 30 mm"}},
		{"box 30x20x40 wall 6", badinput.Infeasible, []string{"6 mm walls leave 8 mm inside the 20 mm width", "at most 4.4 mm", "at least 26.4 mm"}},
		{"open box 30x20x40 wall 8", badinput.Infeasible, []string{"leave 4 mm inside", "at most 7.5 mm", "at least 21 mm"}},
		{"box 100x60x10 floor 4", badinput.Infeasible, []string{"4 mm inside a box 10 mm tall", "at least 11 mm", "floor of at most 3 mm"}},
		{"box 100x60x40 lip 40", badinput.Infeasible, []string{"lip is taller than the box", "at most 35 mm", "at least 45 mm tall"}},
		{"box 100x60x40 10 dividers", badinput.Infeasible, []string{"compartments", "at most 7 dividers", "at least 134 mm long"}},
		{"box 100x60x40 lip 35 2 dividers", badinput.Infeasible, []string{"dividers only 0 mm tall", "lip of at most 34 mm"}},
		{"box 100x60x40 sliding lid wall 1.2", badinput.Infeasible, []string{"walls of at least 1.6 mm", "lift-off lid"}},
		{"box 100x60x40 sliding lid wall 1.8 clearance 0.5", badinput.Infeasible, []string{"walls of at least 2 mm"}},
		{"box 100x60x40 inner 90x50x30", badinput.Conflict, []string{"96x56x36 mm inside", "not both"}},
		{"box 3 dividers 5 compartments", badinput.Conflict, []string{"3 dividers make 4 compartments"}},
		{"open box clearance 0.3", badinput.Conflict, []string{"open box has none"}},
		{"sliding lid box lip 5", badinput.Conflict, []string{"lip belongs to a lift-off lid"}},
		{"box inner 398x50x30", badinput.OutOfRange, []string{"over 400 mm", "at most 396x50x30 mm"}},
		{"box 400x400x50 wall 0.8 floor 0.8", badinput.Infeasible, []string{"810 mm across", "at least 0.9 mm"}},
	}
	for _, tt := range tests {
		t.Run(tt.words, func(t *testing.T) {
			s, err := r.Parse(tt.words)
			if err == nil {
				_, err = d.Resolve(s)
			}
			e := badinput.As(err)
			if e == nil {
				t.Fatalf("got %v, want a %s refusal", err, tt.code)
			}
			if e.Code != tt.code {
				t.Errorf("got code %s (%s), want %s", e.Code, e.Message, tt.code)
			}
			if !strings.HasPrefix(e.Message, "box: ") {
				t.Errorf("got %q, want a message starting with \"box: \"", e.Message)
			}
			for _, w := range tt.says {
				if !strings.Contains(e.Message, w) {
					t.Errorf("got %q, want it to say %q", e.Message, w)
				}
			}
		})
	}
}

// A resolved spec prints as words that read back to the same spec.
func TestCanonicalRoundTrip(t *testing.T) {
	d, r := theDomain(t)
	for _, words := range []string{
		"box", "box with lid 100x60x40 wall 2", "滑盖盒子 100x60x40 3格", "open box inner 90x50x30 2 dividers",
		"box 120x80x50 corner 0 clearance 0.3 lip 4", "box 93.3x51.7x33.1 wall 1.7 floor 1.3 sliding lid",
	} {
		s := understand(t, words)
		c := spec.Canonical(d.Schema(), s)
		p, err := r.Parse(c)
		if err != nil {
			t.Errorf("%q: %q does not read back: %v", words, c, err)
			continue
		}
		s2, err := d.Resolve(p)
		if err != nil {
			t.Errorf("%q: %q does not resolve: %v", words, c, err)
			continue
		}
		if c2 := spec.Canonical(d.Schema(), s2); c2 != c {
			t.Errorf("%q: got %q back, want %q", words, c2, c)
		}
	}
}

// Resolve never panics and never lets through what Build cannot make: every
// combination of extreme values either is refused with a *badinput.Error or
// builds.
func TestExtremesBuildOrRefuse(t *testing.T) {
	d, _ := theDomain(t)
	sizes := [][3]float64{{10, 10, 10}, {400, 10, 10}, {12, 400, 30}, {400, 400, 400}, {100, 60, 40}}
	lids := []string{"lift", "slide", "none"}
	for _, sz := range sizes {
		for _, lid := range lids {
			for _, wall := range []float64{0.8, 3, 10} {
				for _, corner := range []float64{0, 5, 200} {
					for _, n := range []float64{0, 20} {
						s := &spec.Spec{Domain: "box", Params: map[string]spec.Value{
							"size": {Vec: sz, Source: spec.Said}, "lid": {Text: lid, Source: spec.Said},
							"wall": {Num: wall, Source: spec.Said}, "floor": {Num: wall, Source: spec.Said},
							"corner": {Num: corner, Source: spec.Said}, "dividers": {Num: n, Source: spec.Said}}}
						rs, err := d.Resolve(s)
						if err != nil {
							if badinput.As(err) == nil {
								t.Errorf("%v: got %v, want a *badinput.Error", s.Params, err)
							}
							continue
						}
						m, err := d.Build(t.Context(), rs, catalog.Inputs{})
						if err != nil {
							t.Errorf("%s: Build: %v", spec.Canonical(d.Schema(), rs), err)
							continue
						}
						if m.Cell <= 0 || m.Cell > 1 {
							t.Errorf("%s: cell %g, want in (0, 1]", spec.Canonical(d.Schema(), rs), m.Cell)
						}
					}
				}
			}
		}
	}
}

// The facts, notes and warnings of a model: the inside, the usable volume (the
// inside less the dividers and a lift-off lid's lip, worked out here from
// rounded-rectangle areas), the lid, the compartments.
func TestFacts(t *testing.T) {
	rr := func(w, h, r float64) float64 { return w*h - (4-math.Pi)*r*r }
	tests := []struct {
		words    string
		facts    map[string]float64
		notes    []string // words some note holds
		warnings []string // words some warning holds
	}{
		// 96 x 56 x 36 inside with 1 mm corners, less the lip: a ring 6 mm deep
		// from 95.6 x 55.6 (0.8 mm corners) to 91.6 x 51.6 (sharp).
		{"box", map[string]float64{"inner length": 96, "inner width": 56, "inner height": 36,
			"usable volume": (rr(96, 56, 1)*36 - (rr(95.6, 55.6, 0.8)-rr(91.6, 51.6, 0))*6) / 1000,
			"lid thickness": 2, "lip depth": 6}, []string{"upside down"}, nil},
		// 56 x 36 x 26 inside, sharp corners; two dividers 2 mm thick, 36 mm
		// across, 26 mm tall; compartments (56 - 4) / 3 long.
		{"open box 60x40x28 2 dividers corner 1", map[string]float64{"inner height": 26,
			"usable volume": (56*36*26 - 2*2*36*26) / 1000.0, "compartment length": 17.33},
			[]string{"inside corners are sharp"}, nil},
		// Slide: the inside reaches up to the grooves' bottom, under the rail
		// (3 mm) and the groove (2 mm and twice 0.1): 40 - 2 - 3 - 2.2.
		{"sliding lid box 100x60x40 clearance 0.1", map[string]float64{"inner height": 32.8, "groove depth": 1,
			"usable volume": rr(96, 56, 1) * 32.8 / 1000}, []string{"slides in"}, []string{"0.1 mm clearance is tighter"}},
		{"box clearance 0.8", nil, nil, []string{"loose lid"}},
	}
	d, _ := theDomain(t)
	for _, tt := range tests {
		t.Run(tt.words, func(t *testing.T) {
			m, err := d.Build(t.Context(), understand(t, tt.words), catalog.Inputs{})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]float64{}
			for _, f := range m.Facts {
				got[f.Name] = f.Value
				if f.Source != "derived" {
					t.Errorf("%s: source %q, want derived", f.Name, f.Source)
				}
			}
			for name, w := range tt.facts {
				if g, ok := got[name]; !ok || math.Abs(g-w) > 0.006 {
					t.Errorf("%s: got %v (%v), want %.2f", name, g, ok, w)
				}
			}
			for _, w := range tt.notes {
				if !slices.ContainsFunc(m.Notes, func(n string) bool { return strings.Contains(n, w) }) {
					t.Errorf("notes %q: want one saying %q", m.Notes, w)
				}
			}
			for _, w := range tt.warnings {
				if !slices.ContainsFunc(m.Warnings, func(n string) bool { return strings.Contains(n, w) }) {
					t.Errorf("warnings %q: want one saying %q", m.Warnings, w)
				}
			}
			if len(tt.warnings) == 0 && len(m.Warnings) > 0 {
				t.Errorf("warnings %q, want none", m.Warnings)
			}
		})
	}
}

// Build refuses a spec that Resolve did not complete, with an error.
func TestBuildUnresolved(t *testing.T) {
	d, _ := theDomain(t)
	for _, params := range []map[string]spec.Value{
		{},
		{"size": {Vec: [3]float64{100, 60, 40}}, "wall": {Num: 2}, "floor": {Num: 2}, "corner": {Num: 3}, "lid": {Text: "lift"}, "dividers": {Num: 0}},
		{"size": {Vec: [3]float64{100, 60, 40}}, "wall": {Num: 20}, "floor": {Num: 2}, "corner": {Num: 3}, "lid": {Text: "none"}, "dividers": {Num: 0}},
	} {
		if _, err := d.Build(t.Context(), &spec.Spec{Domain: "box", Params: params}, catalog.Inputs{}); err == nil {
			t.Errorf("%v: built, want an error", params)
		}
	}
}

// FuzzResolveBuild: whatever numbers a spec holds, Resolve refuses them with a
// *badinput.Error or Build makes a model from what it returns, without a panic.
func FuzzResolveBuild(f *testing.F) {
	f.Add(100.0, 60.0, 40.0, 2.0, 2.0, 3.0, 0.2, 0.0, uint8(0), uint8(0))
	f.Add(10.0, 10.0, 10.0, 0.8, 0.8, 5.0, 0.05, 1.0, uint8(1), uint8(20))
	f.Add(400.0, 12.0, 400.0, 10.0, 10.0, 6.0, 1.0, 50.0, uint8(2), uint8(3))
	f.Add(80.0, 80.0, 20.0, 4.0, 1.0, 40.0, 0.3, 7.0, uint8(0), uint8(1))
	d, _ := theDomain(f)
	f.Fuzz(func(t *testing.T, l, w, h, wall, floor, corner, clearance, lip float64, lid, n uint8) {
		p := map[string]spec.Value{
			"size": {Vec: [3]float64{l, w, h}, Source: spec.Said}, "wall": {Num: wall, Source: spec.Said},
			"floor": {Num: floor, Source: spec.Said}, "corner": {Num: corner, Source: spec.Said},
			"lid": {Text: []string{"lift", "slide", "none"}[lid%3], Source: spec.Said}, "dividers": {Num: float64(n % 24), Source: spec.Said},
		}
		if lid%3 != 2 {
			p["clearance"] = spec.Value{Num: clearance, Source: spec.Said}
		}
		if lid%3 == 0 && lip != 0 {
			p["lip"] = spec.Value{Num: lip, Source: spec.Said}
		}
		s, err := d.Resolve(&spec.Spec{Domain: "box", Params: p})
		if err != nil {
			if badinput.As(err) == nil {
				t.Fatalf("got %v, want a *badinput.Error", err)
			}
			return
		}
		m, err := d.Build(t.Context(), s, catalog.Inputs{})
		if err != nil {
			t.Fatalf("%s: Build: %v", spec.Canonical(d.Schema(), s), err)
		}
		if !(m.Cell > 0 && m.Cell <= 1) || len(m.Parts) != len(m.Bodies) {
			t.Fatalf("%s: cell %g, %d parts, %d bodies", spec.Canonical(d.Schema(), s), m.Cell, len(m.Parts), len(m.Bodies))
		}
	})
}
