package carve

import (
	"testing"

	"yanchu/geom"
	"yanchu/isosurface"
	"yanchu/render"
	"yanchu/sdf"
)

// BenchmarkCarve512 carves a box from a film of 72 frames of 512 × 512 (drawn
// once, one sample a pixel), at the default resolution, silhouettes and all.
func BenchmarkCarve512(b *testing.B) {
	res, err := isosurface.Mesher{Cells: 96}.Mesh(b.Context(), sdf.Box(geom.V(30, 20, 40), 0))
	if err != nil {
		b.Fatal(err)
	}
	p, err := render.Prepare(res.Mesh)
	if err != nil {
		b.Fatal(err)
	}
	frames, err := p.Turntable(b.Context(), render.Options{Size: 512, Pitch: 0.45, Background: background, Samples: 1}, 72)
	if err != nil {
		b.Fatal(err)
	}
	f, err := FromImages(images(frames))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Carve(b.Context(), f, Options{HeightMM: 40, Clockwise: true}); err != nil {
			b.Fatal(err)
		}
	}
}
