// Package film writes a sequence of equal-sized frames as a looping film: an
// animated GIF, an animated PNG (APNG) or, through ffmpeg, an H.264 MP4.
//
// Frames are non-premultiplied RGBA (*image.NRGBA) and may have a transparent
// background. Each format keeps what it can of that:
//
//   - GIF has one palette for the whole film (an adaptive median cut of at most
//     256 colours over every frame, mapped to the nearest colour without
//     dithering, so nothing shimmers between frames) and 1-bit alpha: a pixel
//     with alpha below 128 is transparent, any other is shown opaque with its
//     own colour. Delays are whole hundredths of a second, at least 2.
//   - APNG keeps every pixel exactly, alpha included.
//   - MP4 has no alpha: frames are composited over Film.Background, and a film
//     of odd width or height gets one more column or row of background, since
//     4:2:0 video needs even sizes.
//
// The writers are deterministic: the same film gives the same bytes on one
// architecture (the GIF palette is chosen with floating point, which some
// architectures fuse differently) and, for MP4, one ffmpeg version. They hold one or two frames' worth of
// working memory beyond the input, never a copy of the whole film.
//
// A film that breaks the limits below is a bug in its caller (yanchu's own
// renderer), so the writers report it with a plain error that says what was
// wrong and write nothing.
package film

import (
	"fmt"
	"image"
	"image/color"
	"time"
)

// Limits on a film. They bound memory and keep every count within the fields
// of the three formats.
const (
	// MaxFrames is the most frames a film may have.
	MaxFrames = 10000
	// MaxFramePixels is the most pixels a frame may have (16 MiB pixels,
	// e.g. 4096×4096).
	MaxFramePixels = 16 << 20
	// MaxSide is the most pixels a frame may have across or down; GIF stores
	// sizes in 16 bits.
	MaxSide = 65535
	// MaxDelay is the longest Delay: GIF stores delays as a 16-bit count of
	// hundredths of a second.
	MaxDelay = 65535 * 10 * time.Millisecond
)

// Film is frames shown one after another, each for Delay, looping forever.
type Film struct {
	// Frames are the pictures, all of the same size, non-premultiplied.
	Frames []*image.NRGBA
	// Delay is how long each frame is shown; it must be positive and at most
	// MaxDelay. GIF rounds it to hundredths of a second (at least 2).
	Delay time.Duration
	// Background is what MP4 composites transparent pixels over, and the
	// colour of the padding column or row of an odd-sized film; its alpha is
	// ignored. The zero value is black. GIF and APNG keep the transparency.
	Background color.NRGBA
}

// size validates f and returns the width and height of its frames.
func (f *Film) size(op string) (w, h int, err error) {
	fail := func(format string, args ...any) (int, int, error) {
		return 0, 0, fmt.Errorf("film: %s: "+format, append([]any{op}, args...)...)
	}
	switch {
	case f == nil:
		return fail("nil film")
	case len(f.Frames) == 0:
		return fail("no frames")
	case len(f.Frames) > MaxFrames:
		return fail("%d frames, more than the %d allowed", len(f.Frames), MaxFrames)
	case f.Delay <= 0:
		return fail("delay %v is not positive", f.Delay)
	case f.Delay > MaxDelay:
		return fail("delay %v is longer than the %v allowed", f.Delay, MaxDelay)
	}
	for i, m := range f.Frames {
		if m == nil {
			return fail("frame %d is nil", i)
		}
		b := m.Bounds()
		if i == 0 {
			w, h = b.Dx(), b.Dy()
			switch {
			case w <= 0 || h <= 0:
				return fail("frame 0 is empty (%d×%d)", w, h)
			case w > MaxSide || h > MaxSide:
				return fail("frame 0 is %d×%d, more than %d pixels across or down", w, h, MaxSide)
			case w*h > MaxFramePixels:
				return fail("frame 0 is %d×%d = %d pixels, more than the %d allowed", w, h, w*h, MaxFramePixels)
			}
		} else if b.Dx() != w || b.Dy() != h {
			return fail("frame %d is %d×%d, frame 0 is %d×%d", i, b.Dx(), b.Dy(), w, h)
		}
		if m.Stride < 4*w || len(m.Pix) < (h-1)*m.Stride+4*w {
			return fail("frame %d has %d bytes of pixels at stride %d, too few for %d×%d", i, len(m.Pix), m.Stride, w, h)
		}
	}
	return w, h, nil
}

// row returns the 4*w bytes of row y (counted from the top of the bounds) of m.
func row(m *image.NRGBA, y, w int) []byte {
	o := y * m.Stride
	return m.Pix[o : o+4*w : o+4*w]
}

// opaque reports whether every pixel of m has alpha 255.
func opaque(m *image.NRGBA, w, h int) bool {
	for y := range h {
		r := row(m, y, w)
		for i := 3; i < len(r); i += 4 {
			if r[i] != 0xff {
				return false
			}
		}
	}
	return true
}
