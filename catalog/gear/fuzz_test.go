package gear_test

import (
	"math"
	"testing"

	"yanchu/badinput"
	"yanchu/catalog"
	"yanchu/mesh"
	"yanchu/spec"
)

// FuzzResolve: whatever values a person or a script sends, Resolve either
// refuses them with a *badinput.Error or returns a spec inside the schema that
// builds, without a panic, into a model whose surface is a valid mesh with a
// body per part.
func FuzzResolve(f *testing.F) {
	f.Add(uint16(0), 20.0, 40.0, 2.0, 40.0, 20.0, 8.0, 5.0, 0.2, 0.0, 0.0)
	f.Add(uint16(0b11111111111), 6.0, 300.0, 10.0, 60.0, 30.0, 1.0, 400.0, 1.0, 400.0, 200.0)
	f.Add(uint16(0b00000001001), 300.0, 6.0, 0.3, 90.0, 14.5, 200.0, 0.0, 0.0, 20.0, 0.0)
	f.Add(uint16(0b10000000011), 7.0, 8.0, 0.3, 2.1, 30.0, 3.0, 1.0, 0.0, 3.5, 1.0)
	f.Add(uint16(0b00100001111), 13.0, 13.0, 1.0, 13.0, 14.5, 5.0, math.Inf(1), math.NaN(), -1.0, 5.0)
	names := []string{"teeth", "teeth2", "module", "pitch_diameter", "pressure_angle", "thickness", "bore", "backlash", "hub", "hub_length"}
	d, _ := catalog.Get("gear")
	f.Fuzz(func(t *testing.T, said uint16, teeth, teeth2, module, pd, angle, thick, bore, backlash, hub, hubLen float64) {
		vals := []float64{teeth, teeth2, module, pd, angle, thick, bore, backlash, hub, hubLen}
		s := &spec.Spec{Domain: "gear", Params: map[string]spec.Value{}, Lang: "en"}
		for i, name := range names {
			if said&(1<<i) != 0 {
				s.Params[name] = spec.Value{Num: vals[i], Source: spec.Said}
			}
		}
		if said&(1<<10) != 0 {
			s.Params["pair"] = spec.Value{Text: []string{"no", "yes"}[said>>11&1], Source: spec.Said}
		}
		r, err := d.Resolve(s)
		if err != nil {
			if badinput.As(err) == nil {
				t.Fatalf("%v: got %v, not a *badinput.Error", s.Params, err)
			}
			return
		}
		if name, msg := spec.Check(d.Schema(), r); msg != "" {
			t.Fatalf("%v resolves outside the schema: %s: %s", s.Params, name, msg)
		}
		model, err := d.Build(t.Context(), r, catalog.Inputs{})
		if err != nil {
			t.Fatalf("%s: build: %v", spec.Canonical(d.Schema(), r), err)
		}
		if !(model.Cell >= 0.05) || len(model.Parts) < 1 || len(model.Parts) > 2 {
			t.Fatalf("%s: cell %g, %d parts", spec.Canonical(d.Schema(), r), model.Cell, len(model.Parts))
		}
		sm, err := model.Surface(t.Context(), 0.01)
		if err != nil {
			t.Fatalf("%s: surface: %v", spec.Canonical(d.Schema(), r), err)
		}
		if f := mesh.Analyze(sm); f.Err() != nil || f.Degenerate > 0 || len(f.Bodies) != len(model.Parts) {
			t.Fatalf("%s: surface: %v, %d degenerate triangles, %d bodies for %d parts",
				spec.Canonical(d.Schema(), r), f.Err(), f.Degenerate, len(f.Bodies), len(model.Parts))
		}
		b := model.Solid.Bounds()
		if v := model.Solid.At(b.Center()); math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("%s: field %g at the centre of the bounds", spec.Canonical(d.Schema(), r), v)
		}
	})
}
