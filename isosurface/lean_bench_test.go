package isosurface

import (
	"strings"
	"testing"

	"yanchu/reference"
)

// BenchmarkLean makes lean meshes (0.01 mm) of the reference solids at 400 cells,
// whole and (R1 and R2 are symmetric in the coordinate planes) by one octant,
// reporting the triangles kept, those of the uniform mesh they came from, and the
// deviation measured on the field.
func BenchmarkLean(b *testing.B) {
	for _, name := range []string{"r2", "r1", "r2-mirror", "r1-mirror"} {
		s, _, _ := reference.Get(strings.TrimSuffix(name, "-mirror"))
		mirror := strings.HasSuffix(name, "-mirror")
		b.Run(name, func(b *testing.B) {
			var r *Result
			for b.Loop() {
				var err error
				if r, err = (Mesher{Cells: 400, Tolerance: 0.01, Mirror: mirror}).Mesh(b.Context(), s); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(r.Mesh.Triangles)), "tris/op")
			b.ReportMetric(float64(r.Fine), "fine-tris/op")
			b.ReportMetric(r.Deviation, "deviation-mm")
		})
	}
}
