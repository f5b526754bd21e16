package gridfinity_test

import (
	"strings"
	"testing"

	"yanchu/badinput"
	"yanchu/catalog"
	_ "yanchu/catalog/box" // to check that 收纳盒 alone stays the box's
	_ "yanchu/catalog/gridfinity"
	"yanchu/query"
	"yanchu/spec"
)

// theDomain returns the registered Gridfinity domain and a reader of its words.
func theDomain(t testing.TB) (catalog.Domain, *query.Reader) {
	t.Helper()
	d, ok := catalog.Get("gridfinity")
	if !ok {
		t.Fatal("no gridfinity domain registered")
	}
	r, err := query.NewReader([]query.Domain{{Schema: d.Schema(), Lexicon: d.Lexicon()}})
	if err != nil {
		t.Fatalf("the gridfinity lexicon does not load: %v", err)
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

// The parameter names, kinds and ranges are a contract: tests and scripts read
// them.
func TestSchema(t *testing.T) {
	d, _ := theDomain(t)
	sc := d.Schema()
	if sc.Domain != "gridfinity" || sc.Size != "size" {
		t.Errorf("got domain %q, size param %q; want gridfinity and size", sc.Domain, sc.Size)
	}
	for _, want := range []struct {
		name     string
		kind     spec.Kind
		min, max float64
	}{
		{"size", spec.Size, 1, 400}, {"wall", spec.Length, 0.95, 2}, {"magnets", spec.Choice, 0, 0},
		{"screws", spec.Choice, 0, 0}, {"compartments", spec.Count, 1, 40},
		{"compartments_y", spec.Count, 1, 40}, {"label", spec.Choice, 0, 0},
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

// Words in both languages reach the parameters they mean, and what was not
// said takes the standard's defaults.
func TestParse(t *testing.T) {
	tests := []struct {
		words string
		grid  [3]float64
		want  map[string]string // choices, and counts printed
	}{
		{"gridfinity 2x3x6", [3]float64{2, 3, 6},
			map[string]string{"magnets": "none", "screws": "none", "label": "none", "compartments": "1", "wall": "0.95"}},
		{"gridfinity 收纳盒", [3]float64{2, 2, 6}, map[string]string{"magnets": "none"}},
		{"gridfinity bin 1×1×3 magnets", [3]float64{1, 1, 3}, map[string]string{"magnets": "on", "screws": "none"}},
		{"gridfinity 2x2x4 磁铁孔 3格 标签", [3]float64{2, 2, 4},
			map[string]string{"magnets": "on", "compartments": "3", "label": "on"}},
		{"gridfinity 长2宽3高6单位", [3]float64{2, 3, 6}, nil},
		{"Gridfinity box 3x2x5 screws magnets 2 rows 4 compartments", [3]float64{3, 2, 5},
			map[string]string{"magnets": "on", "screws": "on", "compartments": "4", "compartments_y": "2"}},
		{"网格收纳盒 1x2x3 不要磁铁 螺丝孔 壁厚1.2", [3]float64{1, 2, 3},
			map[string]string{"magnets": "none", "screws": "on", "wall": "1.2"}},
		// A size in millimetres is read as the nearest grid units.
		{"gridfinity 84x126x42mm", [3]float64{2, 3, 6}, nil},
		{"gridfinity 8.4x4.2x2.8cm magnets", [3]float64{2, 1, 4}, map[string]string{"magnets": "on"}},
		{"gridfinity 85x85x40", [3]float64{2, 2, 6}, nil},
		{"gridfinity 2x2x6mm", [3]float64{2, 2, 6}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.words, func(t *testing.T) {
			s := understand(t, tt.words)
			if s.Domain != "gridfinity" {
				t.Fatalf("got domain %q, want gridfinity", s.Domain)
			}
			if got := s.Params["size"].Vec; got != tt.grid {
				t.Errorf("size: got %v, want %v", got, tt.grid)
			}
			for name, want := range tt.want {
				v := s.Params[name]
				got := v.Text
				if got == "" {
					got = spec.FormatNumber(v.Num)
				}
				if got != want {
					t.Errorf("%s: got %s, want %s", name, got, want)
				}
			}
		})
	}
}

// "gridfinity 收纳盒" is this domain, and 收纳盒 alone stays the box's, when
// both domains are offered.
func TestWordsBetweenDomains(t *testing.T) {
	var ds []query.Domain
	for _, name := range []string{"box", "gridfinity"} {
		d, ok := catalog.Get(name)
		if !ok {
			t.Fatalf("no %s domain", name)
		}
		ds = append(ds, query.Domain{Schema: d.Schema(), Lexicon: d.Lexicon()})
	}
	r, err := query.NewReader(ds)
	if err != nil {
		t.Fatal(err)
	}
	for words, want := range map[string]string{
		"gridfinity 收纳盒 2x2x3": "gridfinity", "gridfinity bin 2x3x6": "gridfinity",
		"收纳盒 100x60x40": "box", "带盖收纳盒 80x80x50": "box",
	} {
		s, err := r.Parse(words)
		if err != nil {
			t.Errorf("%q: %v", words, err)
			continue
		}
		if s.Domain != want {
			t.Errorf("%q: got domain %q, want %q", words, s.Domain, want)
		}
	}
}

// The canonical form reads back to the same spec.
func TestCanonicalRoundTrip(t *testing.T) {
	d, r := theDomain(t)
	s := understand(t, "gridfinity 2x2x4 磁铁孔 3格 标签")
	canon := spec.Canonical(d.Schema(), s)
	back, err := r.Parse(canon)
	if err != nil {
		t.Fatalf("%q: %v", canon, err)
	}
	rs, err := d.Resolve(back)
	if err != nil {
		t.Fatalf("%q: %v", canon, err)
	}
	if again := spec.Canonical(d.Schema(), rs); again != canon {
		t.Errorf("got %q, want %q", again, canon)
	}
}

// Impossible bins are refused with the code and a message that says what
// would work.
func TestRefusals(t *testing.T) {
	tests := []struct {
		words, code string
		says        []string
	}{
		{"gridfinity 2x2x1", badinput.Infeasible, []string{"2 units or more", "2x2x2"}},
		{"gridfinity 1.5x2x3", badinput.OutOfRange, []string{"whole numbers", "1.5"}},
		{"gridfinity 9x2x3", badinput.OutOfRange, []string{"at most 8 cells"}},
		{"gridfinity 2x2x31", badinput.OutOfRange, []string{"at most 30 units"}},
		{"gridfinity 2x2x3 wall 0.5", badinput.OutOfRange, []string{"wall"}},
		// 41 mm inside holds at most 4 compartments of 8 mm.
		{"gridfinity 1×1×3 6 compartments", badinput.Infeasible, []string{"at most 4 compartments", "2 cells along x"}},
		{"gridfinity 2x2x2 label", badinput.Infeasible, []string{"3 units or more"}},
		{"gridfinity 2x1×3 4 rows label", badinput.Infeasible, []string{"fewer compartments along y"}},
	}
	d, r := theDomain(t)
	for _, tt := range tests {
		t.Run(tt.words, func(t *testing.T) {
			s, err := r.Parse(tt.words)
			if err == nil {
				_, err = d.Resolve(s)
			}
			e := badinput.As(err)
			if e == nil {
				t.Fatalf("got %v, want a %s error", err, tt.code)
			}
			if e.Code != tt.code {
				t.Errorf("got code %s (%s), want %s", e.Code, e.Message, tt.code)
			}
			for _, w := range tt.says {
				if !strings.Contains(e.Message, w) {
					t.Errorf("message %q does not say %q", e.Message, w)
				}
			}
		})
	}
}
