package carved

import (
	"image"
	"image/color"
	"math"
	"testing"

	"yanchu/badinput"
	"yanchu/carve"
	"yanchu/catalog"
	"yanchu/spec"
)

// tinyFilm is 12 frames of 48 × 48 pixels of a dark upright block on grey,
// its top seen as a band: a quick film for the fuzzer.
func tinyFilm(t testing.TB) *carve.Film {
	img := image.NewNRGBA(image.Rect(0, 0, 48, 48))
	for y := range 48 {
		for x := range 48 {
			c := color.NRGBA{200, 200, 200, 255}
			if x >= 16 && x < 32 && y >= 10 && y < 38 {
				c = color.NRGBA{60, 40, 120, 255}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	frames := make([]image.Image, 12)
	for i := range frames {
		frames[i] = img
	}
	f, err := carve.FromImages(frames)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// FuzzResolve: whatever values are said, Resolve and ResolveInputs either
// refuse them with a *badinput.Error or give a spec inside the schema whose
// model has the size said and a solid standing on z = 0.
func FuzzResolve(f *testing.F) {
	f.Add(uint16(0b1), 150.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
	f.Add(uint16(0b11), 60.0, 40.0, 0.0, 180.0, 0.0, 0.0, 0.0, 0.0)
	f.Add(uint16(0b11110110), 5.0, 5.0, 1000.0, 30.0, 1.0, 79.0, 5.0, 16.0)
	f.Add(uint16(0b111111111), math.Inf(1), math.NaN(), -1.0, 720.0, 0.0, 0.0, 120.0, 256.0)
	film := tinyFilm(f)
	names := []string{"height", "width", "depth", "turn", "direction", "pitch", "fov", "resolution"}
	units := []string{"mm", "mm", "mm", "deg", "", "deg", "deg", ""}
	d := domain{}
	f.Fuzz(func(t *testing.T, said uint16, height, width, depth, turn, dir, pitch, fov, resolution float64) {
		vals := []float64{height, width, depth, turn, dir, pitch, fov, resolution}
		s := &spec.Spec{Domain: "carved", Params: map[string]spec.Value{}, Lang: "en"}
		for i, name := range names {
			if said&(1<<i) == 0 {
				continue
			}
			v := spec.Value{Num: vals[i], Unit: units[i], Source: spec.Said}
			if name == "direction" {
				v = spec.Value{Text: []string{clockwise, counterclockwise}[int(math.Abs(dir))%2], Source: spec.Said}
				if math.IsNaN(dir) || math.IsInf(dir, 0) {
					v.Text = clockwise
				}
			}
			if name == "resolution" && vals[i] > 64 {
				continue // the fuzzer carves many films: keep each quick
			}
			s.Params[name] = v
		}
		r, err := d.Resolve(s)
		if err == nil {
			r, err = d.ResolveInputs(t.Context(), r, catalog.Inputs{Film: film})
		}
		if err != nil {
			if badinput.As(err) == nil {
				t.Fatalf("%v: got %v, not a *badinput.Error", s.Params, err)
			}
			return
		}
		if name, msg := spec.Check(schema, r); msg != "" {
			t.Fatalf("%v resolves outside the schema: %s: %s", s.Params, name, msg)
		}
		m, err := d.Build(t.Context(), r, catalog.Inputs{Film: film})
		if err != nil {
			t.Fatalf("%s: build: %v", spec.Canonical(schema, r), err)
		}
		b := m.Solid.Bounds()
		if !(m.Cell > 0) || !(m.Tolerance > 0) || m.Tolerance > maxTolerance {
			t.Fatalf("%s: cell %g, tolerance %g", spec.Canonical(schema, r), m.Cell, m.Tolerance)
		}
		// The bounds hold the solid from z = 0 to its height, with a few of
		// the hull's voxels to spare.
		h := r.Num("height")
		if spare := 0.1*h + 3*m.Cell; b.Min.Z > 0 || b.Max.Z < h || b.Min.Z < -spare || b.Max.Z > h+spare {
			t.Fatalf("%s: bounds %v for a height of %g", spec.Canonical(schema, r), b, h)
		}
		// Below the base and above the top is outside.
		c := b.Center()
		c.Z = -0.01 * h
		if m.Solid.At(c) <= 0 {
			t.Fatalf("%s: the solid reaches below its base", spec.Canonical(schema, r))
		}
		c.Z = 1.01 * h
		if m.Solid.At(c) <= 0 {
			t.Fatalf("%s: the solid reaches above its height", spec.Canonical(schema, r))
		}
	})
}
