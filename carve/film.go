package carve

import (
	"crypto/sha256"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"sync"

	"yanchu/badinput"
)

// Error codes for a film that cannot be carved, in the style of package
// badinput's.
const (
	// BadVideo: the film could not be read or breaks a limit.
	BadVideo = badinput.BadVideo
	// MissingVideo: no file or folder at the path given.
	MissingVideo = badinput.MissingVideo
)

// Limits on a film, checked from the headers before any frame is decoded.
const (
	// MinFrames is the fewest frames a hull can be carved from.
	MinFrames = 6
	// MaxFrames is the most frames a film may have.
	MaxFrames = 720
	// MaxSide is the most pixels a frame may have across or down.
	MaxSide = 4096
	// MaxPixels is the most pixels a film may have, all frames together
	// (a megapixel is 10⁶ pixels); it bounds the memory a film takes to
	// 3 bytes a pixel.
	MaxPixels = 100_000_000
)

// key is the colour transparent pixels are shown over: a pure green that few
// objects share, which the background estimate then finds like any other.
var key = color.NRGBA{0, 255, 0, 255}

// Film is a turntable film held in memory: frames of one size, in order, each
// stored as 8-bit RGB.
type Film struct {
	// Width and Height are the frames' size (pixels).
	Width, Height int
	frames        [][]byte // 3 bytes a pixel, row by row

	sumOnce sync.Once
	sum     [sha256.Size]byte
}

// Len returns the number of frames.
func (f *Film) Len() int { return len(f.frames) }

// Sum returns a digest of the film's frames and their size, worked out once:
// two films with the same sum carve the same hull.
func (f *Film) Sum() [sha256.Size]byte {
	f.sumOnce.Do(func() {
		h := sha256.New()
		fmt.Fprintf(h, "%d %d %d\n", f.Width, f.Height, len(f.frames))
		for _, fr := range f.frames {
			h.Write(fr)
		}
		h.Sum(f.sum[:0])
	})
	return f.sum
}

// Frame returns frame i as a picture.
func (f *Film) Frame(i int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, f.Width, f.Height))
	src := f.frames[i]
	for p := range f.Width * f.Height {
		img.Pix[4*p], img.Pix[4*p+1], img.Pix[4*p+2], img.Pix[4*p+3] = src[3*p], src[3*p+1], src[3*p+2], 255
	}
	return img
}

// FromImages makes a film of imgs, which must all be the same size and keep
// within the limits; it returns a bad_video error when they are not.
// Transparent pixels are shown over pure green.
func FromImages(imgs []image.Image) (*Film, error) {
	if len(imgs) == 0 {
		return nil, badVideo("the film has no frames; give at least %d frames of the object turning", MinFrames)
	}
	b := imgs[0].Bounds()
	if err := checkSize("the film", b.Dx(), b.Dy(), len(imgs)); err != nil {
		return nil, err
	}
	f := &Film{Width: b.Dx(), Height: b.Dy()}
	for i, m := range imgs {
		if m.Bounds().Dx() != f.Width || m.Bounds().Dy() != f.Height {
			return nil, badVideo("frame %d is %d×%d but frame 0 is %d×%d; all frames of a film must be the same size",
				i, m.Bounds().Dx(), m.Bounds().Dy(), f.Width, f.Height)
		}
		f.frames = append(f.frames, toRGB(m))
	}
	return f, nil
}

// checkSize says what is wrong with a film of n frames of w × h pixels, named
// what in the message, or nil when it keeps within the limits.
func checkSize(what string, w, h, n int) error {
	switch {
	case w <= 0 || h <= 0:
		return badVideo("%s has frames of %d×%d pixels; give frames with pixels in them", what, w, h)
	case w > MaxSide || h > MaxSide:
		return badVideo("%s has frames of %d×%d pixels, over the %d-pixel limit on a side; scale it down (1024 pixels is plenty)", what, w, h, MaxSide)
	case n < MinFrames:
		return badVideo("%s has %d frames; a hull needs at least %d views of the object turning (36 to 120 over a full turn is best)", what, n, MinFrames)
	case n > MaxFrames:
		return badVideo("%s has %d frames, over the limit of %d; keep every 2nd or 4th frame (72 to 120 over a full turn is plenty)", what, n, MaxFrames)
	case int64(w)*int64(h)*int64(n) > MaxPixels:
		return badVideo("%s has %d frames of %d×%d pixels, %.0f megapixels in all, over the limit of %d; use smaller frames or fewer of them",
			what, n, w, h, float64(w)*float64(h)*float64(n)/1e6, MaxPixels/1_000_000)
	}
	return nil
}

// toRGB returns m's pixels as RGB, transparent ones shown over key.
func toRGB(m image.Image) []byte {
	b := m.Bounds()
	w, h := b.Dx(), b.Dy()
	out := make([]byte, 3*w*h)
	switch src := m.(type) {
	case *image.YCbCr:
		for y := range h {
			for x := range w {
				yi := src.YOffset(b.Min.X+x, b.Min.Y+y)
				ci := src.COffset(b.Min.X+x, b.Min.Y+y)
				i := 3 * (y*w + x)
				out[i], out[i+1], out[i+2] = color.YCbCrToRGB(src.Y[yi], src.Cb[ci], src.Cr[ci])
			}
		}
		return out
	case *image.Gray:
		for y := range h {
			row := src.Pix[y*src.Stride : y*src.Stride+w]
			for x, v := range row {
				i := 3 * (y*w + x)
				out[i], out[i+1], out[i+2] = v, v, v
			}
		}
		return out
	}
	// Everything else is drawn over the key colour as RGBA first.
	rgba, ok := m.(*image.RGBA)
	if !ok || !opaque(rgba) {
		rgba = image.NewRGBA(image.Rect(0, 0, w, h))
		draw.Draw(rgba, rgba.Bounds(), image.NewUniform(key), image.Point{}, draw.Src)
		draw.Draw(rgba, rgba.Bounds(), m, b.Min, draw.Over)
	}
	for y := range h {
		row := rgba.Pix[y*rgba.Stride : y*rgba.Stride+4*w]
		for x := range w {
			i := 3 * (y*w + x)
			out[i], out[i+1], out[i+2] = row[4*x], row[4*x+1], row[4*x+2]
		}
	}
	return out
}

func opaque(m *image.RGBA) bool {
	for i := 3; i < len(m.Pix); i += 4 {
		if m.Pix[i] != 255 {
			return false
		}
	}
	return true
}

// badVideo returns a bad_video error with the formatted message.
func badVideo(format string, args ...any) error {
	return badinput.New(BadVideo, format, args...)
}
