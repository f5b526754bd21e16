package vase

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"yanchu/badinput"
	"yanchu/catalog"
	"yanchu/query"
	"yanchu/spec"
)

func reader(t testing.TB) *query.Reader {
	t.Helper()
	d := domain{}
	r, err := query.NewReader([]query.Domain{{Schema: d.Schema(), Lexicon: d.Lexicon()}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// resolved parses and resolves words, failing the test on any error.
func resolved(t testing.TB, words string) *spec.Spec {
	t.Helper()
	s, err := reader(t).Parse(words)
	if err != nil {
		t.Fatalf("parse %q: %v", words, err)
	}
	r, err := domain{}.Resolve(s)
	if err != nil {
		t.Fatalf("resolve %q: %v", words, err)
	}
	return r
}

// TestParse reads the vase's words: every parameter, in Chinese and English,
// before and after its number, as markers and as choices.
func TestParse(t *testing.T) {
	tests := []struct {
		words string
		want  map[string]any // float64 numbers, string choices
	}{
		{"spiral vase 150mm tall 500ml", map[string]any{"height": 150.0, "capacity_ml": 500.0}},
		{"花瓶 高20厘米 六瓣 扭转90度", map[string]any{"height": 200.0, "lobes": 6.0, "twist": 90.0}},
		{"花瓶 高约20厘米", map[string]any{"height": 200.0}},
		{"花瓶 宽10厘米", map[string]any{"diameter": 100.0}},
		{"能装一升水的花瓶", map[string]any{"capacity_ml": 1000.0}},
		{"vase 2 litres", map[string]any{"capacity_ml": 2000.0}},
		{"vase 180mm", map[string]any{"height": 180.0}},
		{"花瓶 瓶高18厘米 直径9厘米 口径5厘米 底径6厘米", map[string]any{"height": 180.0, "diameter": 90.0, "top_diameter": 50.0, "base_diameter": 60.0}},
		{"flower vase 90mm wide, mouth 40mm, base diameter 55mm", map[string]any{"diameter": 90.0, "top_diameter": 40.0, "base_diameter": 55.0}},
		{"twisted vase 8 lobes twist 120 degrees", map[string]any{"lobes": 8.0, "twist": 120.0}},
		{"花瓶 8棱 瓣深3毫米", map[string]any{"lobes": 8.0, "lobe_depth": 3.0}},
		{"花瓶 波纹2毫米 8道波纹", map[string]any{"wave": 2.0, "ripples": 8.0}},
		{"vase ripple 2mm 6 ripples", map[string]any{"wave": 2.0, "ripples": 6.0}},
		{"花瓶 壁厚1.6毫米 底厚4毫米", map[string]any{"wall": 1.6, "base": 4.0}},
		{"vase 1.2mm thick floor 2mm", map[string]any{"wall": 1.2, "base": 2.0}},
		{"花瓶 花瓶模式", map[string]any{"mode": "single"}},
		{"vase, vase mode, 6 petals", map[string]any{"mode": "single", "lobes": 6.0}},
		{"瓶子 单层", map[string]any{"mode": "single"}},
		{"bottle holds 750ml", map[string]any{"capacity_ml": 750.0}},
		{"花器 容量300毫升", map[string]any{"capacity_ml": 300.0}},
	}
	r := reader(t)
	for _, tc := range tests {
		t.Run(tc.words, func(t *testing.T) {
			s, err := r.Parse(tc.words)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			if s.Domain != "vase" {
				t.Fatalf("domain %q, want vase", s.Domain)
			}
			if len(s.Params) != len(tc.want) {
				t.Errorf("got %d parameters %v, want %d", len(s.Params), s.Params, len(tc.want))
			}
			for name, want := range tc.want {
				v, ok := s.Params[name]
				switch w := want.(type) {
				case float64:
					if !ok || math.Abs(v.Num-w) > 1e-9 {
						t.Errorf("%s = %v (set %v), want %g", name, v.Num, ok, w)
					}
				case string:
					if !ok || v.Text != w {
						t.Errorf("%s = %q (set %v), want %q", name, v.Text, ok, w)
					}
				}
			}
		})
	}
}

// TestResolve fills what was not said, with the documented defaults and
// proportions and the right sources.
func TestResolve(t *testing.T) {
	type want struct {
		num float64
		src spec.Source
	}
	tests := []struct {
		words string
		want  map[string]want
	}{
		{"花瓶", map[string]want{
			"height": {150, spec.Default}, "diameter": {82.5, spec.Derived}, "base_diameter": {53.63, spec.Derived},
			"top_diameter": {49.5, spec.Derived}, "lobes": {0, spec.Default}, "twist": {0, spec.Default},
			"wall": {2, spec.Default}, "base": {3, spec.Default}, "wave": {0, spec.Default}, "ripples": {5, spec.Derived}}},
		{"vase 100mm wide", map[string]want{"diameter": {100, spec.Said}, "height": {181.82, spec.Derived}}},
		{"vase 300mm wide", map[string]want{"height": {400, spec.Derived}}},
		{"花瓶 高2厘米", map[string]want{"height": {20, spec.Said}, "diameter": {24, spec.Derived}}},
		{"花瓶 六瓣", map[string]want{"lobes": {6, spec.Said}, "twist": {90, spec.Derived}}},
		{"花瓶 扭转60度", map[string]want{"lobes": {6, spec.Derived}, "twist": {60, spec.Said}}},
		{"vase 6 lobes twist 0", map[string]want{"twist": {0, spec.Said}}},
		// 24 lobes at 8% would make peaks under a millimetre round: shallower.
		{"vase 24 lobes", map[string]want{"lobe_depth": {0.74, spec.Derived}}},
		{"vase 6 lobes", map[string]want{"lobe_depth": {6.11, spec.Derived}}},
		// Deep ripples come fewer, so their flanks stay under 30°.
		{"vase wave 6mm", map[string]want{"ripples": {4, spec.Derived}}},
		{"vase wave 1mm", map[string]want{"ripples": {5, spec.Derived}}},
	}
	for _, tc := range tests {
		t.Run(tc.words, func(t *testing.T) {
			s := resolved(t, tc.words)
			for _, p := range schema.Params {
				if !s.Has(p.Name) {
					t.Errorf("%s has no value", p.Name)
				}
			}
			for name, w := range tc.want {
				v := s.Params[name]
				if math.Abs(v.Num-w.num) > 0.005 || v.Source != w.src {
					t.Errorf("%s = %g (%s), want %g (%s)", name, v.Num, v.Source, w.num, w.src)
				}
			}
			if name, msg := spec.Check(schema, s); msg != "" {
				t.Errorf("resolved spec fails the schema: %s: %s", name, msg)
			}
		})
	}
}

// profileRadius is the documented outer surface, written again here from the
// package comment: the test's own reading of the shape.
func profileRadius(s *spec.Spec, theta, z float64) float64 {
	h, rm := s.Num("height"), s.Num("diameter")/2
	rb, rt := s.Num("base_diameter")/2, s.Num("top_diameter")/2
	z = math.Max(0, math.Min(h, z))
	zm := 0.4 * h
	var p float64
	if z <= zm {
		p = rb + (rm-rb)*math.Sin(math.Pi/2*z/zm)
	} else {
		p = rm + (rt-rm)*(1-math.Cos(math.Pi/2*(z-zm)/(h-zm)))
	}
	p -= s.Num("wave") * (1 - math.Cos(2*math.Pi*s.Num("ripples")*z/h)) / 2
	n, depth := s.Num("lobes"), s.Num("lobe_depth")
	if n == 0 {
		return p
	}
	a := depth / (2*rm - depth)
	return p * (1 + a*math.Cos(n*(theta-s.Num("twist")*math.Pi/180*z/h))) / (1 + a)
}

// innerRadius is the inside as documented: the outer surface moved in along the
// radius by the wall over the cosine of its tilt, by numerical derivatives.
func innerRadius(s *spec.Spec, theta, z, wall float64) float64 {
	const e = 1e-5
	r := profileRadius(s, theta, z)
	rt := (profileRadius(s, theta+e, z) - profileRadius(s, theta-e, z)) / (2 * e)
	rz := (profileRadius(s, theta, z+e) - profileRadius(s, theta, z-e)) / (2 * e)
	return r - wall*math.Sqrt(1+(rt/r)*(rt/r)+rz*rz)
}

// TestCapacitySolved solves the size for a capacity said; the capacity is then
// checked by the test's own integral of the documented inside, π·r_in² over
// the height for a round vase and the polar area for a lobed one.
func TestCapacitySolved(t *testing.T) {
	tests := []struct {
		words   string
		solved  string  // the parameter solved for
		lo, hi  float64 // the range it must fall in
		wantCap float64
	}{
		{"spiral vase 150mm tall 500ml", "diameter", 60, 100, 500},
		{"vase 90mm across holds 1 litre", "height", 100, 250, 1000},
		{"能装一升水的花瓶", "height", 150, 250, 1000},
		{"花瓶 高15厘米 六瓣 容量600毫升", "diameter", 70, 110, 600},
		{"vase 150mm tall 300ml vase mode", "diameter", 50, 90, 300},
		{"vase 20 litres", "diameter", 200, 400, 20000},
	}
	for _, tc := range tests {
		t.Run(tc.words, func(t *testing.T) {
			s := resolved(t, tc.words)
			if v := s.Params[tc.solved]; v.Source != spec.Derived || v.Num < tc.lo || v.Num > tc.hi {
				t.Errorf("%s = %g (%s), want derived within [%g, %g]", tc.solved, v.Num, v.Source, tc.lo, tc.hi)
			}
			if got := s.Num("capacity_ml"); got != tc.wantCap || s.Params["capacity_ml"].Source != spec.Said {
				t.Errorf("capacity_ml = %g (%s), want %g as said", got, s.Params["capacity_ml"].Source, tc.wantCap)
			}
			wall, floor := s.Num("wall"), s.Num("base")
			if s.Text("mode") == "single" {
				wall, floor = 0.45, 1.0
			}
			// The cavity by the trapezoid rule: 1000 steps up, 96 around (one
			// for a round vase), exact to rounding around for lobes this smooth.
			h := s.Num("height")
			nz, nt := 1000, 96
			if s.Num("lobes") == 0 {
				nt = 1
			}
			vol := 0.0
			for i := 0; i <= nz; i++ {
				z := floor + (h-floor)*float64(i)/float64(nz)
				area := 0.0
				for j := range nt {
					r := math.Max(0, innerRadius(s, 2*math.Pi*float64(j)/float64(nt), z, wall))
					area += r * r / 2 * 2 * math.Pi / float64(nt)
				}
				w := 1.0
				if i == 0 || i == nz {
					w = 0.5
				}
				vol += w * area * (h - floor) / float64(nz)
			}
			if got := vol / 1000; math.Abs(got-tc.wantCap) > 0.005*tc.wantCap {
				t.Errorf("the documented inside holds %.1f ml, want %g ml within 0.5%%", got, tc.wantCap)
			}
		})
	}
}

// TestRefusals: what cannot be made or printed is refused with the right code,
// a message that says what was wrong and numbers that would work.
func TestRefusals(t *testing.T) {
	tests := []struct {
		words string
		code  string
		says  []string // pieces the message must hold
	}{
		{"花瓶 直径20毫米 壁厚8毫米", badinput.Infeasible, []string{"8 mm wall", "a wall of at most"}},
		{"花瓶 高30毫米 底厚28毫米", badinput.Infeasible, []string{"28 mm floor", "a floor of at most 25 mm"}},
		{"花瓶 六瓣 瓣深30毫米", badinput.Infeasible, []string{"6 lobes 30 mm deep", "lobes at most"}},
		{"vase 12 lobes lobe depth 12mm", badinput.Infeasible, []string{"sharper than the 2 mm wall", "lobes at most"}},
		{"vase 12 lobes twist 720", badinput.Infeasible, []string{"leans", "a twist of at most"}},
		{"vase wave 12mm 10 ripples", badinput.Infeasible, []string{"leans", "ripples at most"}},
		{"vase 100mm tall 100mm wide base diameter 30mm", badinput.Infeasible, []string{"leans", "a base at least"}},
		{"vase 150mm tall 90mm wide 500ml", badinput.Conflict, []string{"holds", "at 150 mm tall it needs a 79.97 mm diameter", "at 90 mm diameter it needs"}},
		{"vase 80mm wide mouth 100mm", badinput.Conflict, []string{"widest", "at least 100 mm"}},
		{"vase 20mm tall 20 litres", badinput.Infeasible, []string{"at 20 mm tall a vase holds from"}},
		{"vase 50mm wide 20 litres", badinput.Infeasible, []string{"50 mm across holds from"}},
		{"vase wall 30mm", badinput.OutOfRange, []string{"wall must be between 0.8 and 10"}},
		{"vase 30 lobes", badinput.OutOfRange, []string{"lobes must be between 0 and 24"}},
	}
	r := reader(t)
	for _, tc := range tests {
		t.Run(tc.words, func(t *testing.T) {
			s, err := r.Parse(tc.words)
			if err == nil {
				_, err = domain{}.Resolve(s)
			}
			e := badinput.As(err)
			if e == nil {
				t.Fatalf("got %v, want a %s refusal", err, tc.code)
			}
			if e.Code != tc.code {
				t.Errorf("code %q, want %q (%s)", e.Code, tc.code, e.Message)
			}
			if tc.code != badinput.OutOfRange || strings.HasPrefix(e.Message, "vase: ") {
				if !strings.HasPrefix(e.Message, "vase: ") {
					t.Errorf("message %q does not start with %q", e.Message, "vase: ")
				}
			}
			for _, p := range tc.says {
				if !strings.Contains(e.Message, p) {
					t.Errorf("message %q lacks %q", e.Message, p)
				}
			}
		})
	}
}

// TestRefusalsSuggestWhatWorks: the numbers a refusal names resolve.
func TestRefusalsSuggestWhatWorks(t *testing.T) {
	tests := []struct{ bad, good string }{
		{"vase 12 lobes twist 720", "vase 12 lobes twist %s"},
		{"花瓶 直径20毫米 壁厚8毫米", "花瓶 直径20毫米 壁厚%s毫米"},
		{"花瓶 六瓣 瓣深30毫米", "花瓶 六瓣 瓣深%s毫米"},
	}
	r := reader(t)
	for _, tc := range tests {
		s, err := r.Parse(tc.bad)
		if err != nil {
			t.Fatal(err)
		}
		_, err = domain{}.Resolve(s)
		e := badinput.As(err)
		if e == nil {
			t.Fatalf("%q: got %v, want a refusal", tc.bad, err)
		}
		// The number after "at most".
		_, rest, ok := strings.Cut(e.Message, "at most ")
		if !ok {
			t.Fatalf("%q: message %q names no limit", tc.bad, e.Message)
		}
		num := strings.FieldsFunc(rest, func(r rune) bool { return !(r >= '0' && r <= '9' || r == '.') })[0]
		resolved(t, strings.Replace(tc.good, "%s", num, 1))
	}
}

// TestCanonicalRoundTrip: a resolved spec's canonical words read back to the
// same spec, which resolves to the same words; and resolving a resolved spec
// again changes nothing.
func TestCanonicalRoundTrip(t *testing.T) {
	for _, words := range []string{"spiral vase 150mm tall 500ml", "花瓶 高20厘米 六瓣 扭转90度", "vase 8 lobes wave 2mm vase mode", "能装一升水的花瓶"} {
		s := resolved(t, words)
		canon := spec.Canonical(schema, s)
		again := resolved(t, canon)
		if got := spec.Canonical(schema, again); got != canon {
			t.Errorf("%q: canonical %q reads back as %q", words, canon, got)
		}
		twice, err := domain{}.Resolve(s)
		if err != nil {
			t.Fatalf("%q: resolving again: %v", words, err)
		}
		for name, v := range s.Params {
			if twice.Params[name] != v {
				t.Errorf("%q: %s is %+v resolved again, was %+v", words, name, twice.Params[name], v)
			}
		}
	}
}

// TestResolveAnything: any values within the schema's ranges, said in any
// combination, either resolve to a spec that builds, or are refused with an
// input error; nothing panics. Seeded.
func TestResolveAnything(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	n := 200
	if testing.Short() {
		n = 50
	}
	made, refused := 0, 0
	for range n {
		s := &spec.Spec{Domain: "vase", Params: map[string]spec.Value{}, Lang: "en"}
		for _, p := range schema.Params {
			if rng.IntN(3) != 0 {
				continue
			}
			v := spec.Value{Unit: p.Kind.Unit(), Source: spec.Said}
			switch p.Kind {
			case spec.Choice:
				v.Text = p.Choices[rng.IntN(len(p.Choices))]
			case spec.Count:
				v.Num = float64(int(p.Min) + rng.IntN(int(p.Max-p.Min)+1))
			default:
				// Mostly small values, as people say them.
				v.Num = p.Min + (p.Max-p.Min)*math.Pow(rng.Float64(), 3)
			}
			s.Params[p.Name] = v
		}
		r, err := domain{}.Resolve(s)
		if err != nil {
			if badinput.As(err) == nil {
				t.Fatalf("%v: a refusal that is not an input error: %v", s.Params, err)
			}
			refused++
			continue
		}
		if _, err := (domain{}).Build(t.Context(), r, catalog.Inputs{}); err != nil {
			t.Fatalf("%s: build: %v", spec.Canonical(schema, r), err)
		}
		made++
	}
	if made == 0 || refused == 0 {
		t.Errorf("%d made and %d refused: the corpus should hold both", made, refused)
	}
}

// FuzzWords: whatever the words, reading, resolving and building never panic.
func FuzzWords(f *testing.F) {
	for _, w := range []string{"spiral vase 150mm tall 500ml", "花瓶 高20厘米 六瓣 扭转90度", "能装一升水的花瓶",
		"vase 24 lobes twist 720 wave 20mm", "花瓶 直径10毫米 壁厚10毫米", "vase 400mm tall 10mm wide"} {
		f.Add(w)
	}
	r := reader(f)
	f.Fuzz(func(t *testing.T, words string) {
		s, err := r.Parse(words)
		if err != nil {
			return
		}
		rs, err := domain{}.Resolve(s)
		if err != nil {
			if badinput.As(err) == nil {
				t.Fatalf("%q: %v", words, err)
			}
			return
		}
		if _, err := (domain{}).Build(t.Context(), rs, catalog.Inputs{}); err != nil {
			t.Fatalf("%q: build: %v", words, err)
		}
	})
}
