package isosurface

import (
	"testing"

	"yanchu/reference"
)

func BenchmarkLean(b *testing.B) {
	s := reference.R1()
	var tris int
	for b.Loop() {
		r, err := Mesher{Cells: 200, Tolerance: 0.01, Workers: 1}.Mesh(b.Context(), s)
		if err != nil {
			b.Fatal(err)
		}
		tris = len(r.Mesh.Triangles)
	}
	b.ReportMetric(float64(tris), "tris/op")
}
