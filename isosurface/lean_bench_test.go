package isosurface

import (
	"testing"

	"yanchu/reference"
)

// BenchmarkLean makes lean meshes (0.01 mm) of the reference solids at 400 cells,
// reporting the triangles kept, those of the uniform mesh they came from, and the
// deviation measured on the field.
func BenchmarkLean(b *testing.B) {
	for _, name := range []string{"r2", "r1"} {
		s, _, _ := reference.Get(name)
		b.Run(name, func(b *testing.B) {
			var r *Result
			for b.Loop() {
				var err error
				if r, err = (Mesher{Cells: 400, Tolerance: 0.01}).Mesh(b.Context(), s); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(r.Mesh.Triangles)), "tris/op")
			b.ReportMetric(float64(r.Fine), "fine-tris/op")
			b.ReportMetric(r.Deviation, "deviation-mm")
		})
	}
}
