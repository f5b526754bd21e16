package carve

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/gif"
	"io"
)

// readGIF reads an animated GIF: its frames are counted from the block
// structure first, then decoded and composed as a browser shows them.
func readGIF(ctx context.Context, r io.ReadSeeker, name string) (*Film, error) {
	w, h, n, err := countGIF(bufio.NewReader(r))
	if err != nil {
		return nil, badVideo("the GIF %s is damaged (%v); give an MP4 or GIF file, or a folder of PNG or JPEG frames", name, err)
	}
	if err := checkSize("the GIF "+name, w, h, n); err != nil {
		return nil, err
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, badVideo("cannot read the GIF %s: %v", name, err)
	}
	g, err := gif.DecodeAll(r)
	if err != nil {
		return nil, badVideo("the GIF %s is damaged (%v); give an MP4 or GIF file, or a folder of PNG or JPEG frames", name, err)
	}
	if err := checkSize("the GIF "+name, g.Config.Width, g.Config.Height, len(g.Image)); err != nil {
		return nil, err
	}
	return composeGIF(ctx, g)
}

// composeGIF draws each frame of g over what its predecessors left, as the
// disposal methods say, on a canvas that starts transparent.
func composeGIF(ctx context.Context, g *gif.GIF) (*Film, error) {
	w, h := g.Config.Width, g.Config.Height
	canvas := image.NewRGBA(image.Rect(0, 0, w, h))
	clear := image.NewUniform(key)
	draw.Draw(canvas, canvas.Bounds(), clear, image.Point{}, draw.Src)
	f := &Film{Width: w, Height: h}
	var saved *image.RGBA
	for i, m := range g.Image {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		r := m.Bounds().Intersect(canvas.Bounds())
		disposal := byte(0)
		if i < len(g.Disposal) {
			disposal = g.Disposal[i]
		}
		if disposal == gif.DisposalPrevious {
			saved = image.NewRGBA(r)
			draw.Draw(saved, r, canvas, r.Min, draw.Src)
		}
		draw.Draw(canvas, r, m, r.Min, draw.Over)
		f.frames = append(f.frames, toRGB(canvas))
		switch disposal {
		case gif.DisposalBackground:
			draw.Draw(canvas, r, clear, image.Point{}, draw.Src)
		case gif.DisposalPrevious:
			draw.Draw(canvas, r, saved, r.Min, draw.Src)
		}
	}
	return f, nil
}

// countGIF walks a GIF's blocks without decoding any image and returns its
// logical screen size and number of frames. A frame larger than the screen is
// an error.
func countGIF(r *bufio.Reader) (w, h, frames int, err error) {
	var hdr [13]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return 0, 0, 0, errors.New("no GIF header")
	}
	if s := string(hdr[:6]); s != "GIF87a" && s != "GIF89a" {
		return 0, 0, 0, fmt.Errorf("the signature %q is not GIF87a or GIF89a", s)
	}
	w, h = int(binary.LittleEndian.Uint16(hdr[6:])), int(binary.LittleEndian.Uint16(hdr[8:]))
	if hdr[10]&0x80 != 0 {
		if _, err := r.Discard(3 << (hdr[10]&7 + 1)); err != nil {
			return 0, 0, 0, errors.New("the colour table is cut short")
		}
	}
	for {
		b, err := r.ReadByte()
		if err != nil {
			if frames > 0 {
				return w, h, frames, nil // no trailer: what was read stands
			}
			return 0, 0, 0, errors.New("the file ends before its first frame")
		}
		switch b {
		case 0x21: // extension: a label and sub-blocks
			if _, err := r.ReadByte(); err != nil {
				return 0, 0, 0, errors.New("an extension is cut short")
			}
			if err := skipSubBlocks(r); err != nil {
				return 0, 0, 0, err
			}
		case 0x2c: // image descriptor
			var d [9]byte
			if _, err := io.ReadFull(r, d[:]); err != nil {
				return 0, 0, 0, errors.New("an image descriptor is cut short")
			}
			x0, y0 := int(binary.LittleEndian.Uint16(d[0:])), int(binary.LittleEndian.Uint16(d[2:]))
			fw, fh := int(binary.LittleEndian.Uint16(d[4:])), int(binary.LittleEndian.Uint16(d[6:]))
			if x0+fw > w || y0+fh > h {
				return 0, 0, 0, fmt.Errorf("frame %d (%d×%d at %d,%d) spills over the %d×%d screen", frames, fw, fh, x0, y0, w, h)
			}
			if d[8]&0x80 != 0 {
				if _, err := r.Discard(3 << (d[8]&7 + 1)); err != nil {
					return 0, 0, 0, errors.New("a colour table is cut short")
				}
			}
			if _, err := r.ReadByte(); err != nil { // LZW minimum code size
				return 0, 0, 0, errors.New("an image is cut short")
			}
			if err := skipSubBlocks(r); err != nil {
				return 0, 0, 0, err
			}
			frames++
		case 0x3b: // trailer
			return w, h, frames, nil
		default:
			return 0, 0, 0, fmt.Errorf("an unknown block 0x%02x after frame %d", b, frames)
		}
	}
}

// skipSubBlocks skips a chain of data sub-blocks up to its empty terminator.
func skipSubBlocks(r *bufio.Reader) error {
	for {
		n, err := r.ReadByte()
		if err != nil {
			return errors.New("data is cut short")
		}
		if n == 0 {
			return nil
		}
		if _, err := r.Discard(int(n)); err != nil {
			return errors.New("data is cut short")
		}
	}
}
