package vase

import (
	"context"
	"fmt"
	"math"
	"sync"

	"yanchu/catalog"
	"yanchu/mesh"
	"yanchu/spec"
)

// Build returns the vase of a resolved spec: one body, standing on z = 0, its rim
// at z = height.
func (domain) Build(ctx context.Context, s *spec.Spec, _ catalog.Inputs) (*catalog.Model, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, p := range schema.Params {
		if !s.Has(p.Name) {
			return nil, fmt.Errorf("vase: the spec is not resolved: no %s", p.Name)
		}
	}
	sh := shapeOf(s)
	single := s.Text("mode") == "single"
	t, b := effective(s)
	solid, v := sh.field(t, b, single)
	// The walls are sampled once, for the count and the mesh at any tolerance.
	sampled := sync.OnceValue(func() *walls { return sh.sampleWalls(t, b, single) })
	m := &catalog.Model{
		Solid: solid,
		Parts: []catalog.Part{{Name: "vase", Role: catalog.Fixed}},
		Cell:  cellFor(sh, t, b, single),
		Surface: func(ctx context.Context, tol float64) (*mesh.Mesh, error) {
			return sampled().surface(ctx, tol)
		},
		SurfaceTriangles: func(tol float64) int { return sampled().triangles(tol) },
		Print: catalog.Print{
			SpiralVase: single,
			NoSupports: true,
			Note: fmt.Sprintf("prints upright on its base with no support: no face leans more than %.0f° from vertical",
				math.Max(v.overhang, 0)),
		},
	}
	capacity := sh.cavity(t, b) / 1000
	outer := sh.solidVolume() / 1000
	// In spiral vase mode the slicer's wall and base make about the same.
	material := outer - capacity
	capNote := fmt.Sprintf("up to the rim, inside the %s mm wall above the %s mm floor", mm(t), mm(b))
	if single {
		capNote = fmt.Sprintf("what the print holds in spiral vase mode: inside one %s mm line, above a %s mm base, up to the rim",
			mm(spiralLine), mm(spiralFloor))
	}
	m.Facts = []catalog.Fact{
		{Name: "capacity", Value: round2(capacity), Unit: "ml", Source: "derived", Note: capNote},
		{Name: "material", Value: round2(material), Unit: "cm3", Source: "derived", Note: "the printed plastic"},
		{Name: "weight in PLA", Value: math.Round(material * plaDensity), Unit: "g", Source: "derived",
			Note: fmt.Sprintf("at %g g/cm³, walls and floor printed solid", plaDensity)},
		{Name: "mouth inside", Value: round2(mouth(sh, t)), Unit: "mm", Source: "derived",
			Note: "the narrowest width across the inside of the rim"},
		{Name: "steepest overhang", Value: round2(v.overhang), Unit: "deg", Source: "derived",
			Note: fmt.Sprintf("from vertical, %s mm up; faces up to 45° print without support", mm(v.overhangAt))},
	}
	if sh.n > 0 {
		m.Facts = append(m.Facts, catalog.Fact{Name: "lobe peak radius", Value: round2(peakRound(sh)), Unit: "mm",
			Source: "derived", Note: "the sharpest lobe's roundness in a horizontal cut"})
	}
	if single {
		m.Facts = append(m.Facts, catalog.Fact{Name: "outer volume", Value: round2(outer), Unit: "cm3", Source: "derived",
			Note: "the filled model the slicer reads"})
	} else {
		m.Measures = []catalog.Measure{{Name: "capacity", Unit: "ml", Of: func(msh *mesh.Mesh) (float64, error) {
			v, err := cavityVolume(context.Background(), msh)
			return round2(v / 1000), err
		}}}
	}
	m.Notes, m.Warnings = remarks(s, sh)
	return m, nil
}

// cellFor returns the model's cell: half the wall and the floor, and half the
// sharpest lobe peak's radius, so the wall stays at least two cells thick; a
// filled vase has no wall, and the cell follows its size.
func cellFor(sh *shape, t, b float64, single bool) float64 {
	c := math.Min(sh.h, 2*sh.rm) / 60
	if !single {
		c = math.Min(t, b) / 2
	}
	c = math.Min(c, peakRound(sh)/2)
	if sh.w > 0 {
		// A ripple's trough, a quarter of its length, across two cells.
		c = math.Min(c, sh.h/float64(sh.m)/8)
	}
	return clamp(c, 0.2, 2)
}

// mouth returns the narrowest width across the inside of the rim (mm).
func mouth(sh *shape, t float64) float64 {
	per, k := sh.period()
	r := math.Inf(1)
	for j := range max(k, 1) {
		ri, _, _ := sh.inner(per*float64(j)/float64(max(k, 1)), sh.h, t)
		r = math.Min(r, ri)
	}
	return 2 * r
}

// remarks returns the notes and the warnings for the person.
func remarks(s *spec.Spec, sh *shape) (notes, warnings []string) {
	src := func(name string) spec.Source { return s.Params[name].Source }
	if src("lobes") == spec.Derived {
		notes = append(notes, fmt.Sprintf("%d lobes, since a twist shows only on lobes", sh.n))
	}
	if src("twist") == spec.Derived {
		notes = append(notes, fmt.Sprintf("the lobes turn %s° from base to rim; say twist 0 for straight lobes", spec.FormatNumber(s.Num("twist"))))
	}
	if src("capacity_ml") == spec.Said {
		for _, p := range []string{"height", "diameter"} {
			if src(p) == spec.Derived {
				notes = append(notes, fmt.Sprintf("the %s, %s mm, is solved so the vase holds %s ml", p, mm(s.Num(p)), spec.FormatNumber(s.Num("capacity_ml"))))
			}
		}
	}
	if s.Text("mode") == "single" {
		notes = append(notes, "spiral vase mode: the model is the filled outer shape; slice it with the spiral vase mode on "+
			"(PrusaSlicer: Spiral vase; Cura: Spiralize Outer Contour; Bambu Studio: Spiral vase), and the slicer prints one wall and the base")
		if src("wall") == spec.Said || src("base") == spec.Said {
			warnings = append(warnings, "in spiral vase mode the slicer makes the wall and the base: the wall and the base said are not used")
		}
	}
	if sh.n == 0 && s.Num("twist") != 0 {
		warnings = append(warnings, "a round vase shows no twist; say some lobes (六瓣, 6 lobes) to see it")
	}
	if sh.w == 0 && src("ripples") == spec.Said {
		warnings = append(warnings, "ripples show only with a wave depth; say one, such as 波纹2毫米 or wave 2mm")
	}
	if 2*sh.rb < 0.35*sh.h {
		warnings = append(warnings, fmt.Sprintf("the base is %s mm across under a %s mm height: the vase may tip over, above all when full",
			mm(2*sh.rb), mm(sh.h)))
	}
	return notes, warnings
}
