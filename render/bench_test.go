package render

import "testing"

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

// BenchmarkTurntableR1: 72 frames of 512 × 512.
func BenchmarkTurntableR1(b *testing.B) {
	p := r1(b)
	opt := Options{Size: 512, Pitch: 0.45, Ground: true, Background: Materials["pla-white"].Color}
	for b.Loop() {
		if _, err := p.Turntable(b.Context(), opt, 72); err != nil {
			b.Fatal(err)
		}
	}
}
