package render

import (
	"testing"

	"yanchu/isosurface"
	"yanchu/reference"
)

// BenchmarkRenderR1: a 512 × 512 still of R1 (uniform at 120 cells, 647,544
// triangles), 16 samples a pixel, with the ground's shadow.
func BenchmarkRenderR1(b *testing.B) {
	p := r1(b)
	opt := Options{Size: 512, Pitch: 0.45, Ground: true, Background: Materials["pla-white"].Color}
	for b.Loop() {
		if _, err := p.Render(b.Context(), opt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTurntableR1: 72 frames of 512 × 512, blurred as yanchu's films are.
func BenchmarkTurntableR1(b *testing.B) {
	p := r1(b)
	opt := Options{Size: 512, Pitch: 0.45, Ground: true, Background: Materials["pla-white"].Color, Blur: DefaultBlur}
	for b.Loop() {
		if _, err := p.Turntable(b.Context(), opt, 72); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTurntableR1Sharp: the same 72 frames, each at one moment.
func BenchmarkTurntableR1Sharp(b *testing.B) {
	p := r1(b)
	opt := Options{Size: 512, Pitch: 0.45, Ground: true, Background: Materials["pla-white"].Color}
	for b.Loop() {
		if _, err := p.Turntable(b.Context(), opt, 72); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderSmall: a 512 × 512 still of a small mesh (a sphere of 1,800
// triangles): what the picture costs beyond its triangles.
func BenchmarkRenderSmall(b *testing.B) {
	r, err := isosurface.Mesher{Cells: 16}.Mesh(b.Context(), reference.R2())
	if err != nil {
		b.Fatal(err)
	}
	p, err := Prepare(r.Mesh)
	if err != nil {
		b.Fatal(err)
	}
	opt := Options{Size: 512, Pitch: 0.45, Ground: true, Background: Materials["pla-white"].Color}
	for b.Loop() {
		if _, err := p.Render(b.Context(), opt); err != nil {
			b.Fatal(err)
		}
	}
}
