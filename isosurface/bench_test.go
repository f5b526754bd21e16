package isosurface

import (
	"fmt"
	"runtime"
	"testing"

	"yanchu/reference"
)

// BenchmarkMesh meshes the reference solids at 200, 400 and 800 cells. It reports
// triangles (a coarser mesh must not pass for a faster one) and the peak heap.
func BenchmarkMesh(b *testing.B) {
	for _, name := range reference.Names {
		s, _, _ := reference.Get(name)
		for _, cells := range []int{200, 400, 800} {
			b.Run(fmt.Sprintf("%s/cells=%d", name, cells), func(b *testing.B) {
				b.ReportAllocs()
				var tris int
				var peak uint64
				for b.Loop() {
					runtime.GC()
					stop := watchHeap(&peak)
					r, err := Mesher{Cells: cells}.Mesh(b.Context(), s)
					stop()
					if err != nil {
						b.Fatal(err)
					}
					tris = len(r.Mesh.Triangles)
				}
				b.ReportMetric(float64(tris), "tris/op")
				b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
			})
		}
	}
}
