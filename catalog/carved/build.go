package carved

import (
	"context"
	"fmt"

	"yanchu/catalog"
	"yanchu/sdf"
	"yanchu/spec"
)

// Build scales the film's hull to the size said and returns it, standing on
// its flat base at z = 0 as it stood on the turntable.
func (domain) Build(ctx context.Context, s *spec.Spec, in catalog.Inputs) (*catalog.Model, error) {
	for _, name := range sizes {
		if !s.Has(name) {
			return nil, fmt.Errorf("carved: the spec has no %s; ResolveInputs completes it from the film", name)
		}
	}
	res, err := carved(ctx, s, in.Film)
	if err != nil {
		return nil, err
	}
	k := scale(s, res.Size)
	size := res.Size.Scale(k)
	m := &catalog.Model{
		Solid: sdf.Scale(res.Solid, k),
		Parts: []catalog.Part{{Name: "copy", Role: catalog.Fixed}},
		// The hull's own voxel: a finer cell meshes no more of the film.
		Cell:      size.MaxComp() / s.Num("resolution"),
		Tolerance: tolerance(size, s.Num("resolution")),
		Print: catalog.Print{
			Note: "stands on its flat base, as it stood on the turntable",
		},
	}
	f := in.Film
	m.Facts = append(m.Facts, catalog.Fact{Name: "film", Value: float64(f.Len()), Unit: "frames", Source: "measured",
		Note: fmt.Sprintf("%d×%d pixels, object told from the background by a colour distance of %.0f", f.Width, f.Height, res.Threshold)})
	for _, fig := range res.Figures {
		if fig.Name == "axis column" {
			m.Facts = append(m.Facts, catalog.Fact{Name: "turning axis", Value: round2(fig.Value), Unit: "px", Source: "measured",
				Note: fmt.Sprintf("the column of the frames it stands on (%s)", fig.Source)})
		}
	}
	m.Notes = append(m.Notes, "a hull is the largest solid every silhouette allows: a hollow that no view sees past its rim (the inside of a cup) is filled")
	m.Warnings = append(m.Warnings, res.Warnings...)
	return m, nil
}
