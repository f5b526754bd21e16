package render

import (
	"bytes"
	"math"
	"sync"
	"testing"

	"yanchu/isosurface"
	"yanchu/mesh"
	"yanchu/reference"
)

var (
	r1Once sync.Once
	r1Mesh *mesh.Mesh
	r1Err  error
)

// r1 is the reference puzzle ball R1, meshed uniformly at 120 cells: enough
// edges and holes to see jitter, quick to mesh.
func r1(t testing.TB) *Prepared {
	t.Helper()
	r1Once.Do(func() {
		var r *isosurface.Result
		r, r1Err = isosurface.Mesher{Cells: 120}.Mesh(t.Context(), reference.R1())
		if r1Err == nil {
			r1Mesh = r.Mesh
		}
	})
	if r1Err != nil {
		t.Fatal(r1Err)
	}
	p, err := Prepare(r1Mesh)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// maxDiff returns the largest difference of any channel of any pixel.
func maxDiff(a, b []byte) int {
	worst := 0
	for i := range a {
		d := int(a[i]) - int(b[i])
		worst = max(worst, d, -d)
	}
	return worst
}

// Shifting the camera by a quarter of a pixel changes no pixel of R1 in ivory
// on black at 512 × 512 by more than 15% of full scale; one sample a pixel
// changes some by far more, so the check has teeth.
func TestQuarterPixelShift(t *testing.T) {
	p := r1(t)
	opt := Options{Size: 512, Pitch: 0.4, Yaw: 0.5}
	for _, samples := range []int{4, 1} {
		opt.Samples = samples
		base, err := p.Render(t.Context(), opt)
		if err != nil {
			t.Fatal(err)
		}
		for _, shift := range [][2]float64{{0.25, 0}, {0, 0.25}, {-0.25, 0.25}} {
			o := opt
			o.Shift = shift
			moved, err := p.Render(t.Context(), o)
			if err != nil {
				t.Fatal(err)
			}
			d := maxDiff(base.Pix, moved.Pix)
			limit := 38 // 15% of 255
			switch {
			case samples == 4 && d > limit:
				t.Errorf("a shift of %v pixel changed a pixel by %d of 255, over %d", shift, d, limit)
			case samples == 1 && d <= limit:
				t.Errorf("one sample a pixel: a shift of %v changed no pixel by more than %d; the check cannot tell", shift, d)
			}
			t.Logf("%d×%d samples, shift %v: largest change %d of 255", samples, samples, shift, d)
		}
	}
}

// flicker is the mean absolute second difference in time of the films'
// brightness over the pixels on the model's silhouette: those that the
// filtered film covers partly (alpha strictly between 0 and 1) in nine frames
// of ten. There the outline stands still as the model turns, and any change
// from frame to frame is shimmer.
func flicker(films [][][]byte, size int) []float64 {
	on := make([]bool, size*size)
	count := make([]int, size*size)
	for _, f := range films[0] {
		for i := range on {
			if a := f[4*i+3]; a > 5 && a < 250 {
				count[i]++
			}
		}
	}
	for i, c := range count {
		on[i] = c*10 >= 9*len(films[0])
	}
	out := make([]float64, len(films))
	for k, film := range films {
		var sum float64
		var n int
		lum := func(f []byte, i int) float64 {
			return (float64(f[4*i]) + float64(f[4*i+1]) + float64(f[4*i+2])) / 3 * float64(f[4*i+3]) / 255
		}
		for t := 1; t+1 < len(film); t++ {
			for i, ok := range on {
				if ok {
					sum += math.Abs(lum(film[t+1], i) - 2*lum(film[t], i) + lum(film[t-1], i))
					n++
				}
			}
		}
		out[k] = sum / float64(max(n, 1))
	}
	return out
}

// In a 72-frame turntable the silhouettes flicker at most a quarter as much as
// in the same film drawn sharp with one sample a pixel. At 5° a frame the
// holes' rims cross R1's outline by several pixels a frame, a change no filter
// in space removes (it alone leaves a third); the film's filter in time
// (DefaultBlur) brings it under a quarter.
func TestTurntableFlicker(t *testing.T) {
	if testing.Short() {
		t.Skip("72 frames twice")
	}
	p := r1(t)
	const size = 128
	var films [][][]byte
	for _, o := range []Options{{Samples: 4, Blur: DefaultBlur}, {Samples: 1}} {
		o.Size, o.Pitch, o.Transparent = size, 0.35, true
		frames, err := p.Turntable(t.Context(), o, 72)
		if err != nil {
			t.Fatal(err)
		}
		var film [][]byte
		for _, f := range frames {
			film = append(film, f.Pix)
		}
		films = append(films, film)
	}
	m := flicker(films, size)
	t.Logf("flicker along silhouettes: %.2f filtered, %.2f at one sample a pixel: %.3f", m[0], m[1], m[0]/m[1])
	if !(m[0] <= m[1]/4) {
		t.Errorf("the filtered film flickers %.2f, over a quarter of %.2f", m[0], m[1])
	}
}

// A blurred film is the same whatever the number of workers, and its frames
// are blurred: a frame differs from the sharp one, most where the model moves,
// yet keeps its brightness.
func TestBlurredFilm(t *testing.T) {
	p := r1(t)
	opt := Options{Size: 64, Pitch: 0.4, Ground: true, Blur: DefaultBlur, Background: Materials["pla-white"].Color}
	var first [][]byte
	for _, w := range []int{1, 2, 3} {
		opt.Workers = w
		frames, err := p.Turntable(t.Context(), opt, 12)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			for _, f := range frames {
				first = append(first, f.Pix)
			}
			continue
		}
		for i, f := range frames {
			if !bytes.Equal(first[i], f.Pix) {
				t.Fatalf("%d workers drew frame %d differently (largest difference %d)", w, i, maxDiff(first[i], f.Pix))
			}
		}
	}
	opt.Blur = 0
	sharp, err := p.Turntable(t.Context(), opt, 12)
	if err != nil {
		t.Fatal(err)
	}
	d := maxDiff(first[3], sharp[3].Pix)
	mean := func(pix []byte) float64 {
		var s float64
		for _, v := range pix {
			s += float64(v)
		}
		return s / float64(len(pix))
	}
	if d < 40 {
		t.Errorf("the blurred frame is within %d of the sharp one: no blur", d)
	}
	if m0, m1 := mean(first[3]), mean(sharp[3].Pix); math.Abs(m0-m1) > 2 {
		t.Errorf("the blurred frame's mean %.1f is not the sharp one's %.1f", m0, m1)
	}
}

// The same picture comes whatever the number of workers.
func TestSamePixelsWithAnyWorkers(t *testing.T) {
	p := r1(t)
	opt := Options{Size: 200, Pitch: 0.5, Yaw: 1, Ground: true, CutAway: true, Background: Materials["pla-white"].Color}
	var first []byte
	for _, w := range []int{1, 2, 3} {
		opt.Workers = w
		img, err := p.Render(t.Context(), opt)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = img.Pix
		} else if !bytes.Equal(first, img.Pix) {
			t.Errorf("%d workers drew different pixels (largest difference %d)", w, maxDiff(first, img.Pix))
		}
	}
}

// The model fills the middle of the frame and the background stays clear at
// the corners; the ground's shadow darkens the background under the model.
func TestFraming(t *testing.T) {
	p := r1(t)
	bg := Materials["pla-white"].Color
	img, err := p.Render(t.Context(), Options{Size: 128, Pitch: 0.4, Background: bg, Ground: true})
	if err != nil {
		t.Fatal(err)
	}
	at := func(x, y int) []byte { i := img.PixOffset(x, y); return img.Pix[i : i+4] }
	if c := at(64, 64); c[0] == bg.R && c[1] == bg.G && c[2] == bg.B {
		t.Errorf("the middle pixel is the background")
	}
	for _, c := range [][2]int{{1, 1}, {126, 1}} {
		if px := at(c[0], c[1]); px[0] != bg.R || px[1] != bg.G || px[2] != bg.B {
			t.Errorf("corner %v is %v, not the background %v", c, px, bg)
		}
	}
	// Some of the lower half is darker than the background: the shadow.
	dark := 0
	for y := 64; y < 128; y++ {
		for x := range 128 {
			if px := at(x, y); int(px[0]) < int(bg.R)-20 {
				dark++
			}
		}
	}
	if dark == 0 {
		t.Errorf("no shadow on the ground")
	}
}

func TestBadOptions(t *testing.T) {
	p := r1(t)
	for _, opt := range []Options{{Size: 0}, {Size: MaxSize + 1}, {Size: 64, Shift: [2]float64{2, 0}}, {Size: 64, Samples: 9}} {
		if _, err := p.Render(t.Context(), opt); err == nil {
			t.Errorf("%+v: no error", opt)
		}
	}
	if _, err := Prepare(&mesh.Mesh{}); err == nil {
		t.Errorf("an empty mesh: no error")
	}
	if _, err := p.Turntable(t.Context(), Options{Size: 64}, 0); err == nil {
		t.Errorf("a film of no frames: no error")
	}
}
