package all_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"maps"
	"math"
	"slices"
	"testing"

	"yanchu/carve"
	"yanchu/catalog"
	_ "yanchu/catalog/all"
	"yanchu/internal/filmtest"
	"yanchu/pipeline"
	"yanchu/query"
	"yanchu/spec"
)

// TestConformance holds every registered domain to the contract of package
// catalog, so a domain is tested from the moment it registers.
func TestConformance(t *testing.T) {
	domains := catalog.All()
	if len(domains) == 0 {
		t.Fatal("no domains registered")
	}
	for _, d := range domains {
		sc := d.Schema()
		t.Run(sc.Domain, func(t *testing.T) {
			t.Run("schema", func(t *testing.T) { checkSchema(t, sc) })
			t.Run("lexicon", func(t *testing.T) { checkLexicon(t, d) })
			t.Run("defaults", func(t *testing.T) { checkDefaults(t, d) })
			t.Run("round trip", func(t *testing.T) { checkRoundTrip(t, d) })
		})
	}
}

// checkSchema: names are unique; ranges are sane; the parameters the schema
// names for bare lengths, volumes, sizes and sides exist with the right kind.
func checkSchema(t *testing.T, sc *spec.Schema) {
	if sc.Zh == "" || sc.En == "" {
		t.Errorf("the schema needs a Chinese and an English description")
	}
	seen := map[string]bool{}
	for _, p := range sc.Params {
		if seen[p.Name] {
			t.Errorf("parameter %q declared twice", p.Name)
		}
		seen[p.Name] = true
		if p.Zh == "" || p.En == "" {
			t.Errorf("%s: needs a Chinese and an English description", p.Name)
		}
		if p.Kind == spec.Choice {
			if !slices.Contains(p.Choices, p.DefaultText) {
				t.Errorf("%s: default %q is not one of %v", p.Name, p.DefaultText, p.Choices)
			}
			continue
		}
		if !(p.Min <= p.Max) {
			t.Errorf("%s: min %g above max %g", p.Name, p.Min, p.Max)
		}
		if p.Then != "" {
			if q, ok := sc.Param(p.Then); !ok || q.Kind != p.Kind {
				t.Errorf("%s: Then names %q, which is not a parameter of the same kind", p.Name, p.Then)
			}
		}
	}
	for want, name := range map[spec.Kind]string{spec.Length: sc.Length, spec.Volume: sc.Volume, spec.Size: sc.Size} {
		if name == "" {
			continue
		}
		if p, ok := sc.Param(name); !ok || p.Kind != want {
			t.Errorf("the schema sends a bare %s to %q, which is not a %s parameter", want, name, want)
		}
	}
	for axis, name := range sc.Sides {
		if name == "" {
			continue
		}
		if p, ok := sc.Param(name); !ok || p.Kind != spec.Length {
			t.Errorf("side %c goes to %q, which is not a length parameter", 'x'+axis, name)
		}
	}
}

// checkLexicon: every target names this domain and a parameter or choice of its
// schema (NewReader refuses anything else), and the examples it gives, in
// Chinese and in English, are understood as this domain.
func checkLexicon(t *testing.T, d catalog.Domain) {
	sc := d.Schema()
	r, err := query.NewReader([]query.Domain{{Schema: sc, Lexicon: d.Lexicon()}})
	if err != nil {
		t.Fatalf("lexicon: %v", err)
	}
	langs := map[string]bool{}
	for _, ex := range r.Examples(sc.Domain) {
		u, err := pipeline.Understand(ex)
		if err != nil {
			t.Errorf("example %q: %v", ex, err)
			continue
		}
		if u.Spec.Domain != sc.Domain {
			t.Errorf("example %q is understood as %s", ex, u.Spec.Domain)
		}
		langs[u.Spec.Lang] = true
	}
	if !langs["zh"] || !langs["en"] {
		t.Errorf("the lexicon needs an example in Chinese and one in English; got languages %v", slices.Sorted(maps.Keys(langs)))
	}
}

// checkDefaults: the domain's defaults resolve, build and mesh at the domain's
// own cell into a closed, manifold, outward mesh with a body per part.
func checkDefaults(t *testing.T, d catalog.Domain) {
	sc := d.Schema()
	s := &spec.Spec{Domain: sc.Domain, Params: map[string]spec.Value{}, Lang: "en"}
	r, err := d.Resolve(s)
	if err != nil {
		t.Fatalf("the defaults do not resolve: %v", err)
	}
	// A domain made from a picture gets one: a gradient with a dark disc.
	var in catalog.Inputs
	if sc.Image {
		in.Image = testPicture(t)
	}
	if sc.Film {
		in.Film = testFilm(t)
	}
	if ir, ok := d.(catalog.InputResolver); ok {
		if r, err = ir.ResolveInputs(t.Context(), r, in); err != nil {
			t.Fatalf("the defaults do not resolve with the inputs: %v", err)
		}
	}
	for _, p := range sc.Params {
		v, ok := r.Params[p.Name]
		if !ok {
			t.Errorf("%s: no value after Resolve", p.Name)
			continue
		}
		if v.Source == spec.Said {
			t.Errorf("%s: source %q with nothing said", p.Name, v.Source)
		}
	}
	if name, msg := spec.Check(sc, r); msg != "" {
		t.Errorf("resolved defaults fail the schema: %s: %s", name, msg)
	}
	model, err := d.Build(t.Context(), r, in)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	if len(model.Parts) == 0 || !(model.Cell > 0) {
		t.Fatalf("model has %d parts and cell %g", len(model.Parts), model.Cell)
	}
	for _, p := range model.Parts {
		if p.Name == "" || p.Role == "" {
			t.Errorf("part %+v needs a name and a role", p)
		}
	}
	if testing.Short() && sc.Domain == "puzzleball" {
		return // its defaults are meshed by its own package's tests
	}
	u := &pipeline.Understanding{Spec: r, Schema: sc, Canonical: spec.Canonical(sc, r)}
	res, err := pipeline.Make(t.Context(), u, pipeline.MakeOptions{Dir: t.TempDir(), Formats: []string{"stl"}, Inputs: in})
	if err != nil {
		t.Fatalf("make: %v", err)
	}
	m := res.Mesh
	if !m.Watertight || !m.Manifold || !m.Outward {
		t.Errorf("mesh: watertight %v, manifold %v, outward %v; want all true", m.Watertight, m.Manifold, m.Outward)
	}
	if m.Components != len(model.Parts) {
		t.Errorf("mesh has %d bodies, the model %d parts", m.Components, len(model.Parts))
	}
	if !(m.VolumeMM3 > 0) {
		t.Errorf("volume %g mm³", m.VolumeMM3)
	}
	for i, p := range m.Parts {
		if p.Name != model.Parts[i].Name {
			t.Errorf("body %d is named %q, want %q", i, p.Name, model.Parts[i].Name)
		}
	}
	t.Logf("%s: %d triangles, %d bodies, cell %g mm, mesh %.0f ms", u.Canonical, m.Triangles, m.Components, m.CellMM, res.Timings.Mesh)
}

// checkRoundTrip: the canonical words of the resolved defaults read back to the
// same canonical words, in a reader of every domain.
func checkRoundTrip(t *testing.T, d catalog.Domain) {
	sc := d.Schema()
	r, err := d.Resolve(&spec.Spec{Domain: sc.Domain, Params: map[string]spec.Value{}, Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	canon := spec.Canonical(sc, r)
	u, err := pipeline.Understand(canon)
	if err != nil {
		t.Fatalf("canonical %q: %v", canon, err)
	}
	if u.Canonical != canon {
		t.Errorf("canonical round trip: got %q, want %q", u.Canonical, canon)
	}
	for name, v := range u.Spec.Params {
		if v.Source != spec.Said {
			t.Errorf("%s: source %s after reading every parameter back", name, v.Source)
		}
	}
}

// testFilm returns a turntable film of 36 frames of 96 × 96 pixels of
// filmtest.Tower, seen from 25° above, as yanchu draws its films.
func testFilm(t *testing.T) *carve.Film {
	f, err := filmtest.Film(t.Context(), filmtest.Tower(), 96, 36, 25*math.Pi/180)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// testPicture returns a 64×48 PNG: a grey gradient with a dark disc.
func testPicture(t *testing.T) *catalog.File {
	img := image.NewGray(image.Rect(0, 0, 64, 48))
	for y := range 48 {
		for x := range 64 {
			v := uint8(60 + 3*x)
			if (x-32)*(x-32)+(y-24)*(y-24) < 100 {
				v = 20
			}
			img.SetGray(x, y, color.Gray{Y: v})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return &catalog.File{Name: "test.png", Data: b.Bytes()}
}
