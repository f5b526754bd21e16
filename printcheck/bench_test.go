package printcheck

import (
	"fmt"
	"testing"

	"yanchu/isosurface"
	"yanchu/reference"
)

// BenchmarkCheck checks the reference solids on one core: R1, the puzzle ball of
// eight shells, and R2, the sphere, each meshed to about a million triangles.
//
//	go test ./printcheck -run '^$' -bench Check -benchtime 3x
func BenchmarkCheck(b *testing.B) {
	for _, c := range []struct {
		name  string
		cells int
	}{{"r1", 150}, {"r2", 330}} {
		s, _, err := reference.Get(c.name)
		if err != nil {
			b.Fatal(err)
		}
		res, err := isosurface.Mesher{Cells: c.cells}.Mesh(b.Context(), s)
		if err != nil {
			b.Fatal(err)
		}
		m, p := res.Mesh, Generic(FDM)
		b.Run(fmt.Sprint(c.name, "/cells=", c.cells), func(b *testing.B) {
			b.ReportAllocs()
			var findings int
			for b.Loop() {
				r, err := Check(b.Context(), m, p, Options{MovingBodies: true, Workers: 1})
				if err != nil {
					b.Fatal(err)
				}
				findings = len(r.Findings)
			}
			b.ReportMetric(float64(len(m.Triangles)), "tris/op")
			b.ReportMetric(float64(findings), "findings/op")
		})
	}
}
