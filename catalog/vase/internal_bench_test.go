package vase

import (
	"testing"

	"yanchu/catalog"
	"yanchu/geom"
	"yanchu/isosurface"
	"yanchu/mesh"
)

var benchWords = []string{"spiral vase 150mm tall 500ml", "花瓶 高20厘米 六瓣 扭转90度", "vase 8 lobes wave 2mm vase mode"}

// BenchmarkResolve: words already read, to a resolved spec (the capacity
// solve and the printability survey).
func BenchmarkResolve(b *testing.B) {
	r := reader(b)
	for _, w := range benchWords {
		s, err := r.Parse(w)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(w, func(b *testing.B) {
			for b.Loop() {
				if _, err := (domain{}).Resolve(s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkField evaluates each example's field at 1024 points in a batch.
func BenchmarkField(b *testing.B) {
	for _, w := range benchWords {
		m, err := domain{}.Build(b.Context(), resolved(b, w), catalog.Inputs{})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(w, func(b *testing.B) {
			ps := make([]geom.Vec3, 1024)
			for i := range ps {
				ps[i] = geom.V(float64(i%37)-18, float64(i%41)-20, float64(i%151))
			}
			ds := make([]float64, len(ps))
			for b.Loop() {
				m.Solid.Eval(ps, ds)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ps)), "ns/point")
		})
	}
}

// BenchmarkSurface meshes each example's surface within 0.01 mm, as make does.
func BenchmarkSurface(b *testing.B) {
	for _, w := range benchWords {
		m, err := domain{}.Build(b.Context(), resolved(b, w), catalog.Inputs{})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(w, func(b *testing.B) {
			b.ReportAllocs()
			var tris int
			for b.Loop() {
				msh, err := m.Surface(b.Context(), 0.01)
				if err != nil {
					b.Fatal(err)
				}
				tris = len(msh.Triangles)
			}
			b.ReportMetric(float64(tris), "tris/op")
		})
	}
}

// BenchmarkMeasureCapacity slices each example's lean mesh for its capacity:
// the surface's within 0.01 mm, as make measures it, and the grid's.
func BenchmarkMeasureCapacity(b *testing.B) {
	for _, w := range benchWords[:2] {
		m, err := domain{}.Build(b.Context(), resolved(b, w), catalog.Inputs{})
		if err != nil {
			b.Fatal(err)
		}
		surface, err := m.Surface(b.Context(), 0.01)
		if err != nil {
			b.Fatal(err)
		}
		grid, err := isosurface.Mesher{Cell: m.Cell, Tolerance: 0.01}.Mesh(b.Context(), m.Solid)
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range []struct {
			name string
			mesh *mesh.Mesh
		}{{"surface", surface}, {"grid", grid.Mesh}} {
			b.Run(w+"/"+c.name, func(b *testing.B) {
				for b.Loop() {
					if _, err := cavityVolume(b.Context(), c.mesh); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(len(c.mesh.Triangles)), "tris")
			})
		}
	}
}
