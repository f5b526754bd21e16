package carved

import (
	"context"
	"errors"
	"math"
	"sync"
	"testing"

	"yanchu/badinput"
	"yanchu/carve"
	"yanchu/catalog"
	"yanchu/geom"
	"yanchu/internal/filmtest"
	"yanchu/isosurface"
	"yanchu/mesh"
	"yanchu/spec"
)

var (
	filmOnce sync.Once
	theFilm  *carve.Film
	filmErr  error
)

// film is a turntable film of filmtest.Tower: 72 frames of 160 × 160 pixels
// from 25° above, drawn once for every test.
func film(t *testing.T) *carve.Film {
	t.Helper()
	filmOnce.Do(func() {
		theFilm, filmErr = filmtest.Film(context.Background(), filmtest.Tower(), 160, 72, 25*math.Pi/180)
	})
	if filmErr != nil {
		t.Fatal(filmErr)
	}
	return theFilm
}

// resolve resolves the words' parameters with the film.
func resolve(t *testing.T, params map[string]spec.Value, f *carve.Film) (*spec.Spec, error) {
	t.Helper()
	s, err := domain{}.Resolve(&spec.Spec{Domain: "carved", Params: params, Lang: "en"})
	if err != nil {
		return nil, err
	}
	return domain{}.ResolveInputs(t.Context(), s, catalog.Inputs{Film: f})
}

func said(x float64, unit string) spec.Value {
	return spec.Value{Num: x, Unit: unit, Source: spec.Said}
}

// TestSizes: the size said sets the scale, the others follow the film's
// proportions, and the meshed copy has them.
func TestSizes(t *testing.T) {
	f := film(t)
	cases := []struct {
		said  string
		value float64
		want  geom.Vec3 // width, depth, height (mm)
	}{
		{"height", 60, geom.V(40, 40, 60)},
		{"width", 30, geom.V(30, 30, 45)},
		{"depth", 50, geom.V(50, 50, 75)},
	}
	for _, c := range cases {
		t.Run(c.said, func(t *testing.T) {
			s, err := resolve(t, map[string]spec.Value{c.said: said(c.value, "mm")}, f)
			if err != nil {
				t.Fatal(err)
			}
			got := geom.V(s.Num("width"), s.Num("depth"), s.Num("height"))
			for a := range 3 {
				// The hull of a round tower filmed at 160 pixels is a few
				// percent wider than the tower; the size said is exact.
				if math.Abs(got.Comp(a)-c.want.Comp(a)) > 0.05*c.want.Comp(a) {
					t.Errorf("size %v, want about %v", got, c.want)
				}
			}
			if got := s.Params[c.said]; got.Num != c.value || got.Source != spec.Said {
				t.Errorf("%s: %+v, want %g said", c.said, got, c.value)
			}
			m := build(t, s, f)
			b := m.Bounds()
			size := b.Size()
			for a := range 3 {
				if math.Abs(size.Comp(a)-got.Comp(a)) > 0.01*got.Comp(a) {
					t.Errorf("the mesh is %v, the spec %v", size, got)
				}
			}
			if box := (domain{}).Size(s); box.X < size.X || box.Y < size.Y || box.Z < size.Z {
				t.Errorf("the mesh is %v, over the model's box %v", size, box)
			}
			if math.Abs(b.Min.Z) > 0.01 {
				t.Errorf("the copy stands at z = %g, want 0", b.Min.Z)
			}
		})
	}
}

// build builds the resolved spec and meshes it at the model's own cell.
func build(t *testing.T, s *spec.Spec, f *carve.Film) *mesh.Mesh {
	t.Helper()
	m, err := domain{}.Build(t.Context(), s, catalog.Inputs{Film: f})
	if err != nil {
		t.Fatal(err)
	}
	if m.Cell <= 0 || m.Tolerance <= 0 || len(m.Parts) != 1 {
		t.Fatalf("model: cell %g, tolerance %g, %d parts", m.Cell, m.Tolerance, len(m.Parts))
	}
	res, err := isosurface.Mesher{Cell: m.Cell}.Mesh(t.Context(), m.Solid)
	if err != nil {
		t.Fatal(err)
	}
	facts := mesh.Analyze(res.Mesh)
	if !facts.Watertight || !facts.Manifold || len(facts.Bodies) != 1 || !facts.Outward {
		t.Fatalf("mesh: watertight %v, manifold %v, %d bodies", facts.Watertight, facts.Manifold, len(facts.Bodies))
	}
	return res.Mesh
}

// TestPitch: a pitch not said is measured from the film's flat top; one said
// is used, level included.
func TestPitch(t *testing.T) {
	f := film(t)
	s, err := resolve(t, map[string]spec.Value{}, f)
	if err != nil {
		t.Fatal(err)
	}
	p := s.Params["pitch"]
	if p.Source != spec.Derived || math.Abs(p.Num-25) > 3 || p.Note == "" {
		t.Errorf("pitch %+v, want about 25° derived, with a note", p)
	}
	if h := s.Params["height"]; h.Num != defHeight || h.Source != spec.Default {
		t.Errorf("height %+v, want the default %g", h, defHeight)
	}
	level, err := resolve(t, map[string]spec.Value{"pitch": said(0, "deg")}, f)
	if err != nil {
		t.Fatal(err)
	}
	if p := level.Params["pitch"]; p.Num != 0 || p.Source != spec.Said {
		t.Errorf("pitch said 0: %+v", p)
	}
	// A level camera seeing a film taken from 25° carves another solid.
	if math.Abs(domain{}.Size(level).X-domain{}.Size(s).X) < 0.5 {
		t.Errorf("a level camera carved the same width, %g mm, as the measured pitch", domain{}.Size(s).X)
	}
}

// TestTwoSizes: two sizes said are taken when the film's proportions agree
// (the canonical words carry every size), refused when they do not.
func TestTwoSizes(t *testing.T) {
	f := film(t)
	s, err := resolve(t, map[string]spec.Value{"height": said(60, "mm")}, f)
	if err != nil {
		t.Fatal(err)
	}
	w := s.Num("width")
	if _, err := resolve(t, map[string]spec.Value{"height": said(60, "mm"), "width": said(w, "mm")}, f); err != nil {
		t.Errorf("height 60 mm with the width it gives, %g mm: %v", w, err)
	}
	_, err = resolve(t, map[string]spec.Value{"height": said(60, "mm"), "width": said(2*w, "mm")}, f)
	if e := badinput.As(err); e == nil || e.Code != badinput.Conflict {
		t.Errorf("height 60 mm and width %g mm: %v, want a conflict", 2*w, err)
	}
}

// TestNoFilm: without a film the copy is refused as missing_video.
func TestNoFilm(t *testing.T) {
	_, err := resolve(t, map[string]spec.Value{}, nil)
	if e := badinput.As(err); e == nil || e.Code != badinput.MissingVideo {
		t.Errorf("no film: %v, want missing_video", err)
	}
}

// TestCancelled: carving stops when its context is cancelled.
func TestCancelled(t *testing.T) {
	f := film(t)
	s, err := domain{}.Resolve(&spec.Spec{Domain: "carved", Params: map[string]spec.Value{"resolution": said(97, "")}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := (domain{}).ResolveInputs(ctx, s, catalog.Inputs{Film: f}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// TestCache: a film carved once serves every later call with the same
// options, and a film dropped leaves the cache.
func TestCache(t *testing.T) {
	f := film(t)
	s, err := resolve(t, map[string]spec.Value{"resolution": said(90, "")}, f)
	if err != nil {
		t.Fatal(err)
	}
	a, err := carved(t.Context(), s, f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := carved(t.Context(), s, f)
	if err != nil || a != b {
		t.Errorf("the second carving of one film: %p, %v; want the first, %p", b, err, a)
	}
}
