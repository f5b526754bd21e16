package simplify_test

import (
	"testing"

	"yanchu/isosurface"
	"yanchu/reference"
	"yanchu/simplify"
)

func BenchmarkSimplify(b *testing.B) {
	s := reference.R2()
	r, err := isosurface.Mesher{Cells: 200}.Mesh(b.Context(), s)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var n int
	for b.Loop() {
		n = len(simplify.Mesh(simplify.Input{Vertices: r.Mesh.Vertices, Triangles: r.Mesh.Triangles},
			simplify.Options{Tol: 0.01, Field: s.At}).Triangles)
	}
	b.ReportMetric(float64(len(r.Mesh.Triangles)), "in-tris/op")
	b.ReportMetric(float64(n), "out-tris/op")
}
