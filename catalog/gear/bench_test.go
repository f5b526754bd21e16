package gear_test

import (
	"testing"

	"yanchu/pipeline"
)

// BenchmarkMake times `yanchu make` of each example, words to 3MF and STL at
// the lean tolerance with the printability report, as the command line runs
// it: from the surface in closed form (the default), and on the grid at the
// model's own cell (what --cell asks for).
func BenchmarkMake(b *testing.B) {
	for _, words := range []string{example24, example30, examplePr} {
		for _, how := range paths {
			b.Run(how.name+"/"+words, func(b *testing.B) {
				dir := b.TempDir()
				opt := pipeline.MakeOptions{Dir: dir, Formats: []string{"3mf", "stl"}}
				if !how.surface {
					_, model := build(b, words)
					opt.Cell = model.Cell
				}
				var tris int
				for b.Loop() {
					u, err := pipeline.Understand(words)
					if err != nil {
						b.Fatal(err)
					}
					res, err := pipeline.Make(b.Context(), u, opt)
					if err != nil {
						b.Fatal(err)
					}
					tris = res.Mesh.Triangles
				}
				b.ReportMetric(float64(tris), "tris/op")
			})
		}
	}
}

// BenchmarkMesh times meshing each example's solid the pipeline's way, without
// the files and the report.
func BenchmarkMesh(b *testing.B) {
	for _, words := range []string{example24, example30, examplePr} {
		for _, how := range paths {
			b.Run(how.name+"/"+words, func(b *testing.B) {
				_, model := build(b, words)
				var tris int
				for b.Loop() {
					res, err := pipeline.Mesh(b.Context(), model.Solid, meshOptions(model, how.surface))
					if err != nil {
						b.Fatal(err)
					}
					tris = res.Mesh.Triangles
				}
				b.ReportMetric(float64(tris), "tris/op")
			})
		}
	}
}
