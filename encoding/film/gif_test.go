package film

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"slices"
	"testing"
	"time"
)

func TestGIF(t *testing.T) {
	cases := []struct {
		name        string
		frames      []*image.NRGBA
		delay       time.Duration
		wantDelay   int
		transparent bool
		maxMean     float64 // mean absolute error per channel, 0-255
		maxErr      int     // largest error of one channel
	}{
		// A shaded ball like a render: thousands of colours of one hue.
		{"ball", ball(36, 96, false), 40 * time.Millisecond, 4, false, 1, 8},
		{"ball transparent", ball(36, 96, true), time.Second / 24, 4, true, 1, 8},
		// A hard film, thousands of colours spread over a plane of colour
		// space. 255 colours cannot come close to every one of them; the
		// bounds hold the measured error with a margin.
		{"spin", spin(36, 96, false), 40 * time.Millisecond, 4, false, 1.5, 48},
		{"spin transparent", spin(36, 96, true), time.Second / 24, 4, true, 6, 32},
		// Few colours: the palette is exactly them.
		{"few colours", flags(6, 40), 3 * time.Millisecond, 2, false, 0, 0},
		{"few colours transparent", withHole(flags(6, 40)), time.Second, 100, true, 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := &Film{Frames: tc.frames, Delay: tc.delay}
			var buf bytes.Buffer
			if err := WriteGIF(&buf, f); err != nil {
				t.Fatal(err)
			}
			var again bytes.Buffer
			if err := WriteGIF(&again, f); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(buf.Bytes(), again.Bytes()) {
				t.Error("two writes of the same film differ")
			}
			g, err := gif.DecodeAll(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			w, h := tc.frames[0].Bounds().Dx(), tc.frames[0].Bounds().Dy()
			if len(g.Image) != len(tc.frames) || g.LoopCount != 0 || g.Config.Width != w || g.Config.Height != h {
				t.Fatalf("got %d frames, loop %d, %d×%d; want %d, 0, %d×%d",
					len(g.Image), g.LoopCount, g.Config.Width, g.Config.Height, len(tc.frames), w, h)
			}
			globalPal, ok := g.Config.ColorModel.(color.Palette)
			if !ok || len(globalPal) == 0 {
				t.Fatal("no global palette")
			}
			wantDisposal := byte(gif.DisposalNone)
			if tc.transparent {
				wantDisposal = gif.DisposalBackground
			}
			for i, pm := range g.Image {
				global := globalPal
				if g.Delay[i] != tc.wantDelay || g.Disposal[i] != wantDisposal {
					t.Errorf("frame %d: delay %d, disposal %d; want %d, %d", i, g.Delay[i], g.Disposal[i], tc.wantDelay, wantDisposal)
				}
				// The decoder gives a frame the global palette with its
				// transparent index made transparent.
				pal := pm.Palette
				if tc.transparent {
					if _, _, _, a := pal[0].RGBA(); a != 0 {
						t.Errorf("frame %d: index 0 is %v, want transparent", i, pal[0])
					}
					pal, global = pal[1:], global[1:]
				}
				if !slices.Equal(pal, global) {
					t.Errorf("frame %d has its own palette", i)
				}
				if pm.Bounds() != image.Rect(0, 0, w, h) {
					t.Errorf("frame %d covers %v", i, pm.Bounds())
				}
			}
			for _, c := range globalPal {
				if _, _, _, a := c.RGBA(); a == 0 && !tc.transparent {
					t.Errorf("an opaque film has a transparent palette entry %v", c)
				}
			}
			checkColours(t, tc.frames, g, tc.transparent, tc.maxMean, tc.maxErr)
			checkSteady(t, tc.frames, g)
		})
	}
}

// checkColours compares every decoded pixel with its input pixel.
func checkColours(t *testing.T, in []*image.NRGBA, g *gif.GIF, transparent bool, maxMean float64, maxErr int) {
	t.Helper()
	var sum, n, worst, wrongAlpha int
	for k, m := range in {
		b := m.Bounds()
		for y := range b.Dy() {
			for x := range b.Dx() {
				want := m.NRGBAAt(b.Min.X+x, b.Min.Y+y)
				got := nrgbaAt(g.Image[k], x, y)
				if transparent && want.A < 128 {
					if got.A != 0 {
						wrongAlpha++
					}
					continue
				}
				if got.A != 0xff {
					wrongAlpha++
				}
				for _, d := range []int{int(got.R) - int(want.R), int(got.G) - int(want.G), int(got.B) - int(want.B)} {
					d = max(d, -d)
					sum += d
					worst = max(worst, d)
					n++
				}
			}
		}
	}
	mean := float64(sum) / float64(max(n, 1))
	t.Logf("colour error per channel: mean %.3f, max %d over %d samples", mean, worst, n)
	if wrongAlpha > 0 {
		t.Errorf("%d pixels have the wrong transparency", wrongAlpha)
	}
	if mean > maxMean || worst > maxErr {
		t.Errorf("colour error: mean %.3f, max %d; want at most %.3f, %d", mean, worst, maxMean, maxErr)
	}
}

// checkSteady checks that a pixel equal in two successive input frames is
// equal in the GIF too: no dithering, no palette change, so no shimmer.
func checkSteady(t *testing.T, in []*image.NRGBA, g *gif.GIF) {
	t.Helper()
	var steady, changed int
	for k := 1; k < len(in); k++ {
		a, b := in[k-1], in[k]
		for y := range a.Bounds().Dy() {
			for x := range a.Bounds().Dx() {
				pa := a.NRGBAAt(a.Rect.Min.X+x, a.Rect.Min.Y+y)
				if pa != b.NRGBAAt(b.Rect.Min.X+x, b.Rect.Min.Y+y) {
					continue
				}
				steady++
				if g.Image[k-1].ColorIndexAt(x, y) != g.Image[k].ColorIndexAt(x, y) {
					changed++
				}
			}
		}
	}
	if steady == 0 {
		t.Fatal("the test film has no steady pixels")
	}
	if changed > 0 {
		t.Errorf("%d of %d pixels that stay the same in the input change in the GIF", changed, steady)
	}
}

// flags returns n frames of four stripes of solid colour, whose top half
// shifts by one stripe each frame, as sub-images of a larger picture (odd stride, non-zero
// origin).
func flags(n, size int) []*image.NRGBA {
	cols := []color.NRGBA{{200, 30, 30, 255}, {30, 200, 30, 255}, {30, 30, 200, 255}, {250, 250, 250, 255}}
	frames := make([]*image.NRGBA, n)
	for k := range frames {
		big := image.NewNRGBA(image.Rect(-3, -2, size+5, size+1))
		for y := range size {
			for x := range size {
				c := cols[x*4/size]
				if y < size/2 {
					c = cols[(x*4/size+k)%4]
				}
				big.SetNRGBA(x, y, c)
			}
		}
		frames[k] = big.SubImage(image.Rect(0, 0, size, size)).(*image.NRGBA)
	}
	return frames
}

// withHole makes the top-left quarter of each frame transparent, alpha 0
// there and 100 (below half) in a band beside it.
func withHole(frames []*image.NRGBA) []*image.NRGBA {
	for _, m := range frames {
		b := m.Bounds()
		for y := range b.Dy() / 2 {
			for x := range b.Dx()/2 + 3 {
				c := m.NRGBAAt(x, y)
				c.A = 0
				if x >= b.Dx()/2 {
					c.A = 100
				}
				m.SetNRGBA(x, y, c)
			}
		}
	}
	return frames
}

func TestGIFDelay(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want int
	}{
		{time.Nanosecond, 2}, {14 * time.Millisecond, 2}, {25 * time.Millisecond, 3},
		{44 * time.Millisecond, 4}, {45 * time.Millisecond, 5}, {time.Second / 24, 4},
		{time.Second, 100}, {MaxDelay, 65535},
	} {
		if got := gifDelay(tc.d); got != tc.want {
			t.Errorf("gifDelay(%v) = %d, want %d", tc.d, got, tc.want)
		}
	}
}

// TestPaletteNearest checks the cell lookup against a search of the whole
// palette for every colour on a lattice that crosses every cell boundary.
func TestPaletteNearest(t *testing.T) {
	frames := spin(8, 48, true)
	p := newPalette(frames, 48, 48)
	if len(p.rgb) != 256 || !p.transparent {
		t.Fatalf("got %d colours, transparent %v; want 256 with index 0 transparent", len(p.rgb), p.transparent)
	}
	for r := 0; r < 256; r += 5 {
		for g := 0; g < 256; g += 3 {
			for b := 0; b < 256; b += 7 {
				got := p.nearest(uint8(r), uint8(g), uint8(b))
				best, bestD := 0, -1
				for i := 1; i < len(p.rgb); i++ {
					q := p.rgb[i]
					dr, dg, db := int(q[0])-r, int(q[1])-g, int(q[2])-b
					if d := dr*dr + dg*dg + db*db; bestD < 0 || d < bestD {
						best, bestD = i, d
					}
				}
				if int(got) != best {
					t.Fatalf("nearest(%d,%d,%d) = %d %v, want %d %v", r, g, b, got, p.rgb[got], best, p.rgb[best])
				}
			}
		}
	}
}

func TestGIFAllTransparent(t *testing.T) {
	m := image.NewNRGBA(image.Rect(0, 0, 3, 2))
	var buf bytes.Buffer
	if err := WriteGIF(&buf, &Film{Frames: []*image.NRGBA{m, m}, Delay: time.Second}); err != nil {
		t.Fatal(err)
	}
	g, err := gif.DecodeAll(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Image) != 2 || nrgbaAt(g.Image[1], 2, 1).A != 0 {
		t.Errorf("got %d frames, pixel %v; want 2, transparent", len(g.Image), nrgbaAt(g.Image[1], 2, 1))
	}
}
