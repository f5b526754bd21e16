package gridfinity_test

import (
	"testing"

	"yanchu/catalog"
	"yanchu/pipeline"
)

// BenchmarkMake runs make on each example, words to a lean (0.01 mm) 3MF and
// STL, as `yanchu make` does: understanding, building, meshing at the model's
// cell, the printability report and both files.
func BenchmarkMake(b *testing.B) {
	for _, words := range []string{
		"gridfinity 2x3x6",
		"gridfinity 2x2x4 磁铁孔 3格 标签",
	} {
		b.Run(words, func(b *testing.B) {
			theDomain(b) // the domain is registered before pipeline reads the domains
			dir := b.TempDir()
			var tris int
			for b.Loop() {
				u, err := pipeline.Understand(words)
				if err != nil {
					b.Fatal(err)
				}
				res, err := pipeline.Make(b.Context(), u, pipeline.MakeOptions{Dir: dir, Formats: []string{"3mf", "stl"}})
				if err != nil {
					b.Fatal(err)
				}
				tris = res.Mesh.Triangles
			}
			b.ReportMetric(float64(tris), "tris/op")
		})
	}
}

// BenchmarkBuild builds the model of a resolved spec: the solid's tree, with
// no meshing.
func BenchmarkBuild(b *testing.B) {
	d, _ := theDomain(b)
	s := understand(b, "gridfinity 3x3x6 magnets screws 3 compartments 2 rows label")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := d.Build(b.Context(), s, catalog.Inputs{}); err != nil {
			b.Fatal(err)
		}
	}
}
