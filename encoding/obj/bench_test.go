package obj

import (
	"io"
	"testing"

	"yanchu/geom"
	"yanchu/mesh"
)

func BenchmarkEncode(b *testing.B) {
	// 125,000 separate octahedra: 1,000,000 triangles, 750,000 vertices.
	m := &mesh.Mesh{}
	for i := range 125_000 {
		o := octahedron(geom.V(3*float64(i%500), 3*float64(i/500), 0.1), 1.1)
		n := uint32(len(m.Vertices))
		for _, tr := range o.Triangles {
			m.Triangles = append(m.Triangles, [3]uint32{tr[0] + n, tr[1] + n, tr[2] + n})
		}
		m.Vertices = append(m.Vertices, o.Vertices...)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := Encode(io.Discard, m); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(m.Triangles)), "tris/op")
}
