package vase_test

import (
	"testing"

	"yanchu/pipeline"
)

// examples are the words the benchmarks make, words to 3MF and STL.
var examples = []string{
	"spiral vase 150mm tall 500ml",
	"花瓶 高20厘米 六瓣 扭转90度",
	"vase 8 lobes wave 2mm vase mode",
}

// BenchmarkMake runs `yanchu make` the pipeline's way: words to a lean mesh
// (0.01 mm), meshed from the vase's surface, written as 3MF and STL, with the
// printability report and the capacity measured on the mesh; dev-mm is the
// mesh's deviation measured on the field.
func BenchmarkMake(b *testing.B) {
	for _, w := range examples {
		b.Run(w, func(b *testing.B) {
			var tris int
			var dev float64
			var ms pipeline.Timings
			for b.Loop() {
				u, err := pipeline.Understand(w)
				if err != nil {
					b.Fatal(err)
				}
				res, err := pipeline.Make(b.Context(), u, pipeline.MakeOptions{Dir: b.TempDir()})
				if err != nil {
					b.Fatal(err)
				}
				tris, dev, ms = res.Mesh.Triangles, res.Mesh.DeviationMM, res.Timings
			}
			// A coarser mesh must not pass for a faster one.
			b.ReportMetric(float64(tris), "tris/op")
			b.ReportMetric(dev, "dev-mm")
			b.ReportMetric(ms.Mesh, "mesh-ms")
		})
	}
}
