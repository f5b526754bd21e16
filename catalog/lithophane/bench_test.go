package lithophane_test

import (
	"testing"

	"yanchu/catalog"
	_ "yanchu/catalog/lithophane"
	"yanchu/internal/examples"
	"yanchu/pipeline"
)

// BenchmarkMakeLotus: a 100 mm lithophane from the example lotus.png, words and
// picture to a 3MF, as `yanchu make "lithophane 100mm" --image lotus.png
// --formats 3mf` does (the report included).
func BenchmarkMakeLotus(b *testing.B) {
	data := examples.Image(b, "../..", "lotus.png")
	in := catalog.Inputs{Image: &catalog.File{Name: "lotus.png", Data: data}}
	out := b.TempDir()
	var tris int
	for b.Loop() {
		u, err := pipeline.Understand("lithophane 100mm")
		if err != nil {
			b.Fatal(err)
		}
		res, err := pipeline.Make(b.Context(), u, pipeline.MakeOptions{Dir: out, Formats: []string{"3mf"}, Inputs: in})
		if err != nil {
			b.Fatal(err)
		}
		tris = res.Mesh.Triangles
	}
	b.ReportMetric(float64(tris), "triangles")
}
