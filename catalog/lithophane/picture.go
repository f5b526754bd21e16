package lithophane

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"

	"yanchu/badinput"
	"yanchu/catalog"
)

// Limits on a picture, checked before it is decoded in full: the bytes of the
// file, and the pixels its header declares. A 25-megapixel picture decodes into
// at most 100 MB (8-bit RGBA); phones take 12.
const (
	MaxBytes  = 32 << 20
	MaxPixels = 25_000_000
)

// picture is a decoded picture's luminance, row by row from the top: 0 is
// black, 1 white.
type picture struct {
	w, h int
	lum  []float32
}

// at returns the luminance of pixel (x, y), clamped into the picture.
func (p *picture) at(x, y int) float32 {
	x = min(max(x, 0), p.w-1)
	y = min(max(y, 0), p.h-1)
	return p.lum[y*p.w+x]
}

// header reads the picture's format and size from its header alone, and refuses
// what is not a PNG or a JPEG, or is over the limits.
func header(f *catalog.File) (image.Config, error) {
	if f == nil {
		return image.Config{}, badinput.New(badinput.MissingImage, "a lithophane is made from a picture, and none was given; give a PNG or JPEG with --image FILE")
	}
	if len(f.Data) > MaxBytes {
		return image.Config{}, badinput.New(badinput.OverLimit, "the picture %s is %d MB, over the limit of %d MB; give a smaller PNG or JPEG", f.Name, len(f.Data)>>20, MaxBytes>>20)
	}
	var cfg image.Config
	var err error
	switch format(f.Data) {
	case "png":
		cfg, err = png.DecodeConfig(bytes.NewReader(f.Data))
	case "jpeg":
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(f.Data))
	default:
		return cfg, badinput.New(badinput.BadImage, "%s is not a PNG or JPEG picture; give a PNG or JPEG file", f.Name)
	}
	if err != nil {
		return cfg, badinput.New(badinput.BadImage, "cannot read the picture %s: %v; give a PNG or JPEG file", f.Name, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return cfg, badinput.New(badinput.BadImage, "the picture %s has no pixels (%d×%d); give a PNG or JPEG with some", f.Name, cfg.Width, cfg.Height)
	}
	if px := int64(cfg.Width) * int64(cfg.Height); px > MaxPixels {
		// The largest size of the same proportions that fits.
		k := math.Sqrt(float64(MaxPixels) / float64(px))
		return cfg, badinput.New(badinput.OverLimit, "the picture %s is %d×%d, %.1f megapixels, over the limit of %d; scale it down to at most %d×%d",
			f.Name, cfg.Width, cfg.Height, float64(px)/1e6, MaxPixels/1_000_000, int(float64(cfg.Width)*k), int(float64(cfg.Height)*k))
	}
	return cfg, nil
}

// format tells a PNG or a JPEG by its first bytes, or returns "".
func format(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "png"
	case bytes.HasPrefix(b, []byte("\xff\xd8")):
		return "jpeg"
	}
	return ""
}

// decode reads the picture's luminance, once its header has passed the limits.
// Transparent pixels count as white: they let the light through.
func decode(ctx context.Context, f *catalog.File) (*picture, error) {
	if _, err := header(f); err != nil {
		return nil, err
	}
	var img image.Image
	var err error
	if format(f.Data) == "png" {
		img, err = png.Decode(bytes.NewReader(f.Data))
	} else {
		img, err = jpeg.Decode(bytes.NewReader(f.Data))
	}
	if err != nil {
		return nil, badinput.New(badinput.BadImage, "cannot read the picture %s: %v; give a PNG or JPEG file", f.Name, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("lithophane: %w", err)
	}
	return luminance(img), nil
}

// luminance returns the Rec. 601 luma of img (the Y of JPEG's YCbCr), from
// its 8-bit sRGB values, read straight from the pixel arrays of the kinds the
// decoders return.
func luminance(img image.Image) *picture {
	b := img.Bounds()
	p := &picture{w: b.Dx(), h: b.Dy(), lum: make([]float32, b.Dx()*b.Dy())}
	i := 0
	switch m := img.(type) {
	case *image.Gray:
		for y := b.Min.Y; y < b.Max.Y; y++ {
			row := m.Pix[m.PixOffset(b.Min.X, y):]
			for x := range p.w {
				p.lum[i] = float32(row[x]) / 255
				i++
			}
		}
	case *image.YCbCr:
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				p.lum[i] = float32(m.Y[m.YOffset(x, y)]) / 255
				i++
			}
		}
	case *image.NRGBA:
		for y := b.Min.Y; y < b.Max.Y; y++ {
			row := m.Pix[m.PixOffset(b.Min.X, y):]
			for x := range p.w {
				c := row[4*x : 4*x+4 : 4*x+4]
				a := float32(c[3]) / 255
				p.lum[i] = luma(c[0], c[1], c[2])*a + 1 - a
				i++
			}
		}
	case *image.RGBA: // premultiplied: the white shows through by 1 − alpha
		for y := b.Min.Y; y < b.Max.Y; y++ {
			row := m.Pix[m.PixOffset(b.Min.X, y):]
			for x := range p.w {
				c := row[4*x : 4*x+4 : 4*x+4]
				p.lum[i] = min(luma(c[0], c[1], c[2])+1-float32(c[3])/255, 1)
				i++
			}
		}
	default:
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				c := color.NRGBA64Model.Convert(img.At(x, y)).(color.NRGBA64)
				l := (0.299*float64(c.R) + 0.587*float64(c.G) + 0.114*float64(c.B)) / 65535
				a := float64(c.A) / 65535
				p.lum[i] = float32(l*a + (1 - a))
				i++
			}
		}
	}
	return p
}

// luma is the Rec. 601 luma of an 8-bit colour, from 0 to 1.
func luma(r, g, b uint8) float32 {
	return (0.299*float32(r) + 0.587*float32(g) + 0.114*float32(b)) / 255
}
