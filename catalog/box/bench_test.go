package box_test

import (
	"testing"

	"yanchu/catalog"
	"yanchu/pipeline"
)

// BenchmarkMake runs make on each example, words to a lean (0.01 mm) 3MF and
// STL, as `yanchu make` does: understanding, building, meshing at the model's
// cell, the printability report and both files.
func BenchmarkMake(b *testing.B) {
	for _, words := range []string{
		"box with lid 100x60x40 wall 2",
		"带盖收纳盒 80×80×50",
		"滑盖盒子 100x60x40 3格",
	} {
		b.Run(words, func(b *testing.B) {
			theDomain(b) // the box is registered before pipeline reads the domains
			dir := b.TempDir()
			var tris int
			for b.Loop() {
				u, err := pipeline.Understand(words)
				if err != nil {
					b.Fatal(err)
				}
				res, err := pipeline.Make(b.Context(), u, pipeline.MakeOptions{Dir: dir, Formats: []string{"3mf", "stl"}})
				if err != nil {
					b.Fatal(err)
				}
				tris = res.Mesh.Triangles
			}
			b.ReportMetric(float64(tris), "tris/op")
		})
	}
}

// BenchmarkSurface meshes each example's surface in closed form within
// 0.01 mm, as make does, and nothing else.
func BenchmarkSurface(b *testing.B) {
	for _, words := range []string{
		"box with lid 100x60x40 wall 2",
		"带盖收纳盒 80×80×50",
		"box 130x60x40 corner 28 5 dividers",
	} {
		b.Run(words, func(b *testing.B) {
			d, _ := theDomain(b)
			m, err := d.Build(b.Context(), understand(b, words), catalog.Inputs{})
			if err != nil {
				b.Fatal(err)
			}
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
