package film

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"io"
	"time"
)

// WriteGIF writes f as an animated GIF that loops forever. Every frame shares
// one global palette (see the package comment); each frame is shown for
// f.Delay rounded to hundredths of a second, at least 2 (browsers stretch
// shorter delays to 10). A film with any pixel of alpha below 128 is written
// with index 0 transparent and each frame disposed to the background, so the
// transparent parts of one frame do not show the frame before.
//
// Frames are encoded one at a time by image/gif and joined behind one header,
// so memory beyond the input is one paletted frame and its compressed bytes.
func WriteGIF(w io.Writer, f *Film) error {
	width, height, err := f.size("gif")
	if err != nil {
		return err
	}
	p := newPalette(f.Frames, width, height)
	pal := make(color.Palette, len(p.rgb))
	for i, c := range p.rgb {
		pal[i] = color.RGBA{c[0], c[1], c[2], 0xff}
	}
	disposal := byte(gif.DisposalNone)
	if p.transparent {
		pal[0] = color.RGBA{}
		disposal = gif.DisposalBackground
	}
	pm := image.NewPaletted(image.Rect(0, 0, width, height), pal)
	one := &gif.GIF{
		Image:    []*image.Paletted{pm},
		Delay:    []int{gifDelay(f.Delay)},
		Disposal: []byte{disposal},
		Config:   image.Config{ColorModel: pal, Width: width, Height: height},
	}
	var buf bytes.Buffer
	var header []byte
	for i, m := range f.Frames {
		p.index(pm, m, width, height)
		buf.Reset()
		if err := gif.EncodeAll(&buf, one); err != nil {
			return fmt.Errorf("film: gif: frame %d: %w", i, err)
		}
		head, body, err := splitGIF(buf.Bytes())
		if err != nil {
			return fmt.Errorf("film: gif: frame %d: %w", i, err)
		}
		if i == 0 {
			header = bytes.Clone(head)
			if _, err := w.Write(header); err != nil {
				return fmt.Errorf("film: gif: %w", err)
			}
			if _, err := w.Write(loopForever); err != nil {
				return fmt.Errorf("film: gif: %w", err)
			}
		} else if !bytes.Equal(head, header) {
			return fmt.Errorf("film: gif: frame %d: image/gif wrote a different header than for frame 0", i)
		}
		if _, err := w.Write(body); err != nil {
			return fmt.Errorf("film: gif: %w", err)
		}
	}
	if _, err := w.Write([]byte{gifTrailer}); err != nil {
		return fmt.Errorf("film: gif: %w", err)
	}
	return nil
}

// gifDelay returns d in hundredths of a second, rounded, at least 2.
func gifDelay(d time.Duration) int {
	return max(2, int((d+5*time.Millisecond)/(10*time.Millisecond)))
}

const gifTrailer = 0x3b

// loopForever is the NETSCAPE2.0 application extension with a loop count of 0,
// which every browser reads as "loop forever".
var loopForever = []byte{
	0x21, 0xff, 0x0b, 'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0',
	0x03, 0x01, 0x00, 0x00, // sub-block: index 1, loop count 0 (little-endian)
	0x00,
}

// splitGIF splits a one-frame GIF into its header (signature, logical screen
// descriptor and global colour table) and its frame (extensions, image
// descriptor and image data), without the trailer.
func splitGIF(b []byte) (head, body []byte, err error) {
	const screen = 13 // "GIF89a" and the 7-byte logical screen descriptor
	if len(b) < screen+1 || string(b[:6]) != "GIF89a" {
		return nil, nil, errors.New("image/gif wrote no GIF89a header")
	}
	n := screen
	if packed := b[10]; packed&0x80 != 0 {
		n += 3 << (packed&7 + 1)
	}
	if len(b) < n+2 || b[len(b)-1] != gifTrailer || (b[n] != 0x21 && b[n] != 0x2c) {
		return nil, nil, errors.New("image/gif wrote an unexpected layout")
	}
	if b[n] == 0x21 && b[n+1] == 0xff {
		return nil, nil, errors.New("image/gif wrote an application extension for one frame")
	}
	return b[:n], b[n : len(b)-1], nil
}
