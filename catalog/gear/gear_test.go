package gear_test

import (
	"math"
	"strings"
	"testing"

	"yanchu/badinput"
	"yanchu/catalog"
	"yanchu/geom"
	"yanchu/pipeline"
	"yanchu/query"
	"yanchu/spec"
)

// parse reads words with the gear domain's own reader, without resolving.
func parse(t *testing.T, words string) (*spec.Spec, error) {
	t.Helper()
	d := gearDomain(t)
	r, err := query.NewReader([]query.Domain{{Schema: d.Schema(), Lexicon: d.Lexicon()}})
	if err != nil {
		t.Fatal(err)
	}
	return r.Parse(words)
}

// The lexicon reads each way of saying a gear into the parameters meant.
func TestWords(t *testing.T) {
	cases := []struct {
		words string
		want  map[string]any // float64 for numbers, string for choices
	}{
		{example24, map[string]any{"teeth": 24.0, "module": 2.0, "thickness": 8.0, "bore": 5.0}},
		{example30, map[string]any{"teeth": 30.0, "module": 1.5, "thickness": 6.0}},
		{examplePr, map[string]any{"pair": "yes", "teeth": 20.0, "teeth2": 40.0, "module": 2.0}},
		{"齒輪 24齒 模數2 齒寬8", map[string]any{"teeth": 24.0, "module": 2.0, "thickness": 8.0}},
		{"直齿轮 齿数18 压力角25度 孔径5毫米 轮毂12 轮毂高度4 齿隙0.3", map[string]any{
			"teeth": 18.0, "pressure_angle": 25.0, "bore": 5.0, "hub": 12.0, "hub_length": 4.0, "backlash": 0.3}},
		{"一副齿轮 30个齿", map[string]any{"pair": "yes", "teeth": 30.0}},
		{"gear pair 20 teeth module 2", map[string]any{"pair": "yes", "teeth": 20.0, "module": 2.0}},
		{"pair of gears, 16 teeth, m 1.5, 5mm shaft", map[string]any{"pair": "yes", "teeth": 16.0, "module": 1.5, "bore": 5.0}},
		{"gear 20 teeth 40mm", map[string]any{"teeth": 20.0, "pitch_diameter": 40.0}},
		{"cog 12 teeth pitch diameter 36 face width 6", map[string]any{"teeth": 12.0, "pitch_diameter": 36.0, "thickness": 6.0}},
		{"spur gear 24 teeth pressure angle 14.5 hub 16 hub length 5", map[string]any{
			"teeth": 24.0, "pressure_angle": 14.5, "hub": 16.0, "hub_length": 5.0}},
		{"gear teeth=40 module=1.25 backlash=0.1", map[string]any{"teeth": 40.0, "module": 1.25, "backlash": 0.1}},
		{"齿轮 20齿 高8毫米 直径40", map[string]any{"teeth": 20.0, "thickness": 8.0, "pitch_diameter": 40.0}},
		{"单个齿轮 36齿 模数0.8", map[string]any{"pair": "no", "teeth": 36.0, "module": 0.8}},
	}
	for _, c := range cases {
		t.Run(c.words, func(t *testing.T) {
			s, err := parse(t, c.words)
			if err != nil {
				t.Fatal(err)
			}
			if s.Domain != "gear" {
				t.Fatalf("domain: got %q, want gear", s.Domain)
			}
			for name, want := range c.want {
				v, ok := s.Params[name]
				switch w := want.(type) {
				case float64:
					if !ok || v.Num != w {
						t.Errorf("%s: got %v (said %v), want %g", name, v.Num, ok, w)
					}
				case string:
					if !ok || v.Text != w {
						t.Errorf("%s: got %q (said %v), want %q", name, v.Text, ok, w)
					}
				}
			}
			if len(s.Params) != len(c.want) {
				t.Errorf("said: got %d parameters %v, want %d", len(s.Params), spec.Canonical(gearDomain(t).Schema(), s), len(c.want))
			}
		})
	}
}

// said returns a value said in the given unit.
func said(x float64, unit string) spec.Value {
	return spec.Value{Num: x, Unit: unit, Source: spec.Said}
}

// Test 4: defaults and derived values.
func TestResolve(t *testing.T) {
	type want struct {
		num float64
		txt string
		src spec.Source
	}
	cases := []struct {
		name string
		in   map[string]spec.Value
		want map[string]want
	}{
		{"defaults", nil, map[string]want{
			"teeth": {num: 20, src: spec.Default}, "teeth2": {num: 0, src: spec.Derived}, "pair": {txt: "no", src: spec.Default},
			"module": {num: 1, src: spec.Default}, "pitch_diameter": {num: 20, src: spec.Derived},
			"pressure_angle": {num: 20, src: spec.Default}, "thickness": {num: 5, src: spec.Derived},
			"bore": {num: 4.5, src: spec.Derived}, "backlash": {num: 0.2, src: spec.Default},
			"hub": {num: 0, src: spec.Default}, "hub_length": {num: 0, src: spec.Derived}}},
		{"pitch diameter said gives the module", map[string]spec.Value{"teeth": said(24, ""), "pitch_diameter": said(60, "mm")},
			map[string]want{"module": {num: 2.5, src: spec.Derived}, "pitch_diameter": {num: 60, src: spec.Said},
				"thickness": {num: 12.5, src: spec.Derived}, "bore": {num: 13.5, src: spec.Derived}}},
		{"module said gives the pitch diameter", map[string]spec.Value{"teeth": said(30, ""), "module": said(1.5, "")},
			map[string]want{"pitch_diameter": {num: 45, src: spec.Derived}, "thickness": {num: 7.5, src: spec.Derived},
				"bore": {num: 10.5, src: spec.Derived}}},
		{"a small gear takes the 2 mm bore", map[string]spec.Value{"teeth": said(10, ""), "module": said(1, "")},
			map[string]want{"bore": {num: 2, src: spec.Derived}, "thickness": {num: 5, src: spec.Derived}}},
		{"a tiny gear takes no bore", map[string]spec.Value{"teeth": said(6, ""), "module": said(0.5, "")},
			map[string]want{"bore": {num: 0, src: spec.Derived}, "thickness": {num: 3, src: spec.Derived}}},
		{"a second count makes a pair", map[string]spec.Value{"teeth": said(20, ""), "teeth2": said(40, "")},
			map[string]want{"pair": {txt: "yes", src: spec.Derived}, "teeth2": {num: 40, src: spec.Said}}},
		{"a pair without a second count is two alike", map[string]spec.Value{"teeth": said(18, ""), "pair": {Text: "yes", Source: spec.Said}},
			map[string]want{"teeth2": {num: 18, src: spec.Derived}}},
		{"a hub stands proud by the face width", map[string]spec.Value{"teeth": said(40, ""), "module": said(2, ""), "hub": said(20, "mm")},
			map[string]want{"hub_length": {num: 10, src: spec.Derived}, "bore": {num: 17.5, src: spec.Derived}}},
	}
	d := gearDomain(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := &spec.Spec{Domain: "gear", Params: map[string]spec.Value{}, Lang: "en"}
			for k, v := range c.in {
				in.Params[k] = v
			}
			s, err := d.Resolve(in)
			if err != nil {
				t.Fatal(err)
			}
			for name, w := range c.want {
				v, ok := s.Params[name]
				if !ok || v.Num != w.num || v.Text != w.txt || v.Source != w.src {
					t.Errorf("%s: got %v %q (%s), want %v %q (%s)", name, v.Num, v.Text, v.Source, w.num, w.txt, w.src)
				}
			}
			if name, msg := spec.Check(d.Schema(), s); msg != "" {
				t.Errorf("resolved spec fails the schema: %s: %s", name, msg)
			}
			if len(in.Params) != len(c.in) {
				t.Errorf("Resolve changed its input")
			}
		})
	}
}

// Test 4: what cannot be made is refused with a code and a message naming what
// would work.
func TestRefusals(t *testing.T) {
	cases := []struct {
		words string
		code  string
		says  string // a part of the message
	}{
		{"spur gear 3 teeth module 2", badinput.OutOfRange, "teeth must be between 6 and 300"},
		{"gear 20 teeth module 1 bore 15", badinput.Infeasible, "at most 14.5 mm fits"},
		{"gear 20 teeth module 1 bore 0.5", badinput.OutOfRange, "at least 1 mm"},
		{"gear 20 teeth module 2 pitch diameter 50", badinput.Conflict, "gives a pitch diameter of 40 mm, not 50 mm"},
		{"gear 200 teeth 40mm", badinput.OutOfRange, "fit a pitch diameter of 60 to 2000 mm"},
		{"gear 300 teeth module 5", badinput.Infeasible, "a module of at most 1.65 fits"},
		{"gear pair 20 teeth 30 teeth backlash 0", badinput.Infeasible, "a backlash of at least 0.06 mm"},
		{"gear 40 teeth module 2 hub 10 bore 8", badinput.Infeasible, "at most 7.6 mm fits, or a hub of at least 10.4 mm"},
		{"gear 20 teeth hub 40", badinput.Infeasible, "at most 16.5 mm fits"},
		{"gear 20 teeth hub length 5", badinput.Conflict, "without a hub diameter"},
		{"gear 20 teeth hub 2", badinput.OutOfRange, "at least 2.4 mm, or hub 0 for none"},
		{"gear 20 teeth pressure angle 35", badinput.OutOfRange, "pressure_angle must be between 14.5 and 30"},
		{"gear 20 teeth single teeth2=30", badinput.Conflict, "makes a pair"},
		{"gear pair 20 teeth teeth2=0", badinput.Conflict, "teeth2 = 0, which means one gear"},
		{"一对齿轮 20齿 3齿", badinput.OutOfRange, "teeth2 must be a whole number from 6 to 300, or 0 for one gear"},
	}
	d := gearDomain(t)
	for _, c := range cases {
		t.Run(c.words, func(t *testing.T) {
			s, err := parse(t, c.words)
			if err == nil {
				_, err = d.Resolve(s)
			}
			e := badinput.As(err)
			if e == nil {
				t.Fatalf("got %v, want a %s error", err, c.code)
			}
			if e.Code != c.code || !strings.Contains(e.Message, c.says) {
				t.Errorf("got %s %q, want %s saying %q", e.Code, e.Message, c.code, c.says)
			}
			if c.code != badinput.OutOfRange && !strings.HasPrefix(e.Message, "gear: ") {
				t.Errorf("message %q does not start with the domain", e.Message)
			}
		})
	}
	// Spec.Check, not only the words, refuses 3 teeth.
	_, err := d.Resolve(&spec.Spec{Domain: "gear", Params: map[string]spec.Value{"teeth": said(3, ""), "module": said(2, "")}})
	if e := badinput.As(err); e == nil || e.Code != badinput.OutOfRange {
		t.Errorf("3 teeth: got %v, want out_of_range", err)
	}
}

// Test 4: a gear a rack would undercut is warned about, one it would not is
// not; teeth too fine for a nozzle are warned about.
func TestWarnings(t *testing.T) {
	cases := []struct {
		words string
		want  []string // a part of each warning, in order
	}{
		{"gear 12 teeth module 2", []string{"12 teeth, fewer than the 17 a rack cutter needs at 20°"}},
		{"gear 24 teeth module 2", nil},
		{"gear 10 teeth module 3 pressure angle 25", []string{"10 teeth, fewer than the 11 a rack cutter needs at 25°"}},
		{"gear 12 teeth module 2 pressure angle 25", nil},
		{"gear 17 teeth module 2", nil},
		{"gear 40 teeth module 0.5", []string{"tooth tips 0.38 mm across, under the 0.8 mm"}},
		{"一对齿轮 10齿 40齿 模数2", []string{"gear 1 has 10 teeth", "flanks 0.07 mm apart: printed like this they fuse"}},
		{examplePr, []string{"flanks 0.07 mm apart"}},
	}
	for _, c := range cases {
		t.Run(c.words, func(t *testing.T) {
			_, model := build(t, c.words)
			if len(model.Warnings) != len(c.want) {
				t.Fatalf("got %d warnings %q, want %d", len(model.Warnings), model.Warnings, len(c.want))
			}
			for i, w := range c.want {
				if !strings.Contains(model.Warnings[i], w) {
					t.Errorf("warning %d: got %q, want it to say %q", i, model.Warnings[i], w)
				}
			}
		})
	}
}

// The model tells its figures: pitch, tip, root and base diameters and the
// circular pitch, and for a pair the centre distance and ratio, from the
// standard formulas.
func TestFacts(t *testing.T) {
	_, model := build(t, examplePr)
	facts := map[string]float64{}
	for _, f := range model.Facts {
		if f.Source != "derived" {
			t.Errorf("%s: source %q, want derived", f.Name, f.Source)
		}
		facts[f.Name] = f.Value
	}
	alpha := 20 * math.Pi / 180
	want := map[string]float64{
		"pitch diameter (gear 1)": 40, "tip diameter (gear 1)": 44, "root diameter (gear 1)": 35,
		"base diameter (gear 1)":  math.Round(40*math.Cos(alpha)*1000) / 1000,
		"pitch diameter (gear 2)": 80, "tip diameter (gear 2)": 84, "root diameter (gear 2)": 75,
		"circular pitch": math.Round(2*math.Pi*1000) / 1000, "centre distance": 60.2, "ratio": 2,
	}
	for name, w := range want {
		if got, ok := facts[name]; !ok || math.Abs(got-w) > 1e-9 {
			t.Errorf("%s: got %v (%v), want %v", name, got, ok, w)
		}
	}
	if model.Print.Rotation != geom.Identity() || !model.Print.NoSupports {
		t.Errorf("print: got %+v, want as built, with no supports", model.Print)
	}
}

// The canonical words of a resolved gear read back to the same spec, and make
// builds it into a valid mesh with a body per part, named as the parts.
func TestMakeRoundTrip(t *testing.T) {
	for _, words := range []string{"gear", "gear pair 15 teeth module 1.5 hub 10"} {
		t.Run(words, func(t *testing.T) {
			u, err := pipeline.Understand(words)
			if err != nil {
				t.Fatal(err)
			}
			back, err := pipeline.Understand(u.Canonical)
			if err != nil {
				t.Fatalf("%q: %v", u.Canonical, err)
			}
			if back.Canonical != u.Canonical {
				t.Errorf("canonical round trip: got %q, want %q", back.Canonical, u.Canonical)
			}
			if testing.Short() && words != "gear" {
				return
			}
			res, err := pipeline.Make(t.Context(), u, pipeline.MakeOptions{Dir: t.TempDir(), Formats: []string{"stl"}})
			if err != nil {
				t.Fatal(err)
			}
			m := res.Mesh
			d, _ := catalog.Get("gear")
			model, _ := d.Build(t.Context(), u.Spec, catalog.Inputs{})
			if !m.Watertight || !m.Manifold || !m.Outward || m.Components != len(model.Parts) {
				t.Errorf("mesh: watertight %v, manifold %v, outward %v, %d bodies for %d parts", m.Watertight, m.Manifold, m.Outward, m.Components, len(model.Parts))
			}
			for i, p := range m.Parts {
				if p.Name != model.Parts[i].Name {
					t.Errorf("body %d is named %q, want %q", i, p.Name, model.Parts[i].Name)
				}
			}
		})
	}
}

// A module worked out from a pitch diameter, rounded to 6 decimals, reads back
// with the pitch diameter that gave it.
func TestDerivedModuleRoundTrip(t *testing.T) {
	for _, words := range []string{"gear 300 teeth pitch diameter 100", "gear 7 teeth 10mm", "gear 299 teeth 301mm", "gear 200 teeth 60.0001mm"} {
		u, err := pipeline.Understand(words)
		if err != nil {
			t.Fatalf("%q: %v", words, err)
		}
		back, err := pipeline.Understand(u.Canonical)
		if err != nil {
			t.Fatalf("%q: %v", u.Canonical, err)
		}
		if back.Canonical != u.Canonical {
			t.Errorf("got %q, want %q", back.Canonical, u.Canonical)
		}
	}
}

// Every parameter has a value after Resolve, none of them said when nothing
// was, for a single gear and for a pair (as the catalog's conformance test
// asks of every domain).
func TestEveryParameterResolved(t *testing.T) {
	d := gearDomain(t)
	for _, in := range []map[string]spec.Value{{}, {"pair": {Text: "yes", Source: spec.Said}}} {
		s, err := d.Resolve(&spec.Spec{Domain: "gear", Params: in, Lang: "en"})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range d.Schema().Params {
			v, ok := s.Params[p.Name]
			if !ok {
				t.Errorf("%v: %s has no value after Resolve", in, p.Name)
			} else if v.Source == spec.Said && p.Name != "pair" {
				t.Errorf("%v: %s is said when nothing was", in, p.Name)
			}
		}
	}
}
