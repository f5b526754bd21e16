package mesh

import (
	"testing"

	"yanchu/geom"
)

// BenchmarkAnalyze runs the independent validator, and BenchmarkAnalyze/…/closed
// the facts a mesher hands over (Closed, from its surfaces) on the same meshes.
func BenchmarkAnalyze(b *testing.B) {
	o := geom.V(0, 0, 0)
	cubes := func(n int) *Mesh {
		var ms []*Mesh
		for i := range n {
			for j := range n {
				for k := range n / 4 {
					ms = append(ms, box(geom.V(float64(3*i), float64(3*j), float64(3*k)), 1))
				}
			}
		}
		return merged(ms...)
	}
	cases := []struct {
		name string
		m    func() *Mesh
	}{
		// One sphere of 7 million triangles.
		{"sphere", func() *Mesh { return uvSphere(o, 40, 1750, 2000) }},
		// A puzzle ball: three bodies of two, two and one shells, 4 million triangles.
		{"nested", func() *Mesh {
			s := func(r float64) *Mesh { return uvSphere(o, r, 400, 1000) }
			return merged(s(40), flipped(s(38)), s(30), flipped(s(28)), s(20))
		}},
		// 54 000 separate cubes: many shells, 648 000 triangles.
		{"cubes", func() *Mesh { return cubes(60) }},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			m := c.m()
			if err := Validate(m); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				Analyze(m)
			}
			b.ReportMetric(float64(len(m.Triangles)), "tris/op")
		})
		b.Run(c.name+"/closed", func(b *testing.B) {
			m := c.m()
			surfaces := Shells(m)
			b.ReportAllocs()
			for b.Loop() {
				if f := Closed(m, surfaces); !f.Manifold {
					b.Fatal("not manifold")
				}
			}
			b.ReportMetric(float64(len(m.Triangles)), "tris/op")
		})
	}
}
