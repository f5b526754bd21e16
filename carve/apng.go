package carve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/draw"
	"image/png"
	"io"
)

// maxChunk caps one PNG chunk's length, as the PNG standard does.
const maxChunk = 1<<31 - 1

// readAPNG reads an animated PNG: its frames are counted from the chunks
// first, then each is rebuilt as a PNG of its own, decoded by image/png and
// composed as the APNG standard says. A PNG with no animation is one picture,
// not a film.
func readAPNG(ctx context.Context, r io.ReadSeeker, name string) (*Film, error) {
	w, h, n, err := countAPNG(bufio.NewReader(r))
	if err != nil {
		return nil, badVideo("the PNG %s is damaged (%v); give an MP4 or GIF file, or a folder of PNG or JPEG frames", name, err)
	}
	if n == 0 {
		return nil, stillPNG(name)
	}
	if err := checkSize("the animated PNG "+name, w, h, n); err != nil {
		return nil, err
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, badVideo("cannot read the PNG %s: %v", name, err)
	}
	f, err := decodeAPNG(ctx, bufio.NewReader(r), w, h)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, badVideo("the animated PNG %s is damaged (%v); give an MP4 or GIF file, or a folder of PNG or JPEG frames", name, err)
	}
	if err := checkSize("the animated PNG "+name, w, h, f.Len()); err != nil {
		return nil, err
	}
	return f, nil
}

// chunk reads the next chunk's type and data (checked against the CRC by the
// decoder later, not here); skip drops the data unread.
func chunk(r *bufio.Reader, skip bool) (typ string, data []byte, err error) {
	var hdr [8]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return "", nil, errors.New("the chunks end without IEND")
	}
	n := binary.BigEndian.Uint32(hdr[:4])
	if n > maxChunk {
		return "", nil, fmt.Errorf("a chunk of %d bytes", n)
	}
	typ = string(hdr[4:])
	if skip {
		_, err = r.Discard(int(n) + 4)
	} else {
		// Read what is there rather than trust the length with an allocation.
		data, err = io.ReadAll(io.LimitReader(r, int64(n)))
		if err == nil && len(data) < int(n) {
			err = io.ErrUnexpectedEOF
		}
		if err == nil {
			_, err = r.Discard(4)
		}
	}
	if err != nil {
		return "", nil, fmt.Errorf("the %q chunk is cut short", typ)
	}
	return typ, data, nil
}

// countAPNG returns the size of a PNG and its number of animation frames (0
// for a still picture).
func countAPNG(r *bufio.Reader) (w, h, frames int, err error) {
	if _, err := r.Discard(len(pngSignature)); err != nil {
		return 0, 0, 0, errors.New("no PNG signature")
	}
	typ, ihdr, err := chunk(r, false)
	if err != nil || typ != "IHDR" || len(ihdr) != 13 {
		return 0, 0, 0, errors.New("the first chunk is not an IHDR")
	}
	w, h = int(binary.BigEndian.Uint32(ihdr)), int(binary.BigEndian.Uint32(ihdr[4:]))
	if w > MaxSide || h > MaxSide {
		return w, h, 0, nil // over the limit: the caller says so
	}
	animated, seenData := false, false
	for {
		typ, _, err := chunk(r, true)
		if err != nil {
			return 0, 0, 0, err
		}
		switch typ {
		case "acTL":
			animated = !seenData
		case "fcTL":
			frames++
		case "IDAT":
			seenData = true
		case "IEND":
			if !animated {
				frames = 0
			}
			return w, h, frames, nil
		}
	}
}

// frameControl is an fcTL chunk: where a frame goes and how it is composed.
type frameControl struct {
	w, h, x, y     int
	dispose, blend byte
}

// decodeAPNG decodes the frames of an animated PNG of w × h pixels.
func decodeAPNG(ctx context.Context, r *bufio.Reader, w, h int) (*Film, error) {
	if _, err := r.Discard(len(pngSignature)); err != nil {
		return nil, err
	}
	_, ihdr, err := chunk(r, false)
	if err != nil {
		return nil, err
	}
	canvas := image.NewNRGBA(image.Rect(0, 0, w, h))
	f := &Film{Width: w, Height: h}
	var shared [][2][]byte // PLTE and tRNS, copied into every frame
	var fc *frameControl
	var data []byte
	finish := func() error {
		if fc == nil {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		m, err := png.Decode(bytes.NewReader(framePNG(ihdr, fc, shared, data)))
		if err != nil {
			return fmt.Errorf("frame %d: %w", f.Len(), err)
		}
		r := image.Rect(fc.x, fc.y, fc.x+fc.w, fc.y+fc.h)
		var saved *image.NRGBA
		dispose := fc.dispose
		if dispose == 2 && f.Len() == 0 {
			dispose = 1 // nothing before the first frame to go back to
		}
		if dispose == 2 {
			saved = image.NewNRGBA(r)
			draw.Draw(saved, r, canvas, r.Min, draw.Src)
		}
		op := draw.Over
		if fc.blend == 0 {
			op = draw.Src
		}
		draw.Draw(canvas, r, m, m.Bounds().Min, op)
		f.frames = append(f.frames, toRGB(canvas))
		switch dispose {
		case 1:
			draw.Draw(canvas, r, image.Transparent, image.Point{}, draw.Src)
		case 2:
			draw.Draw(canvas, r, saved, r.Min, draw.Src)
		}
		fc, data = nil, nil
		return nil
	}
	for {
		typ, body, err := chunk(r, false)
		if err != nil {
			return nil, err
		}
		switch typ {
		case "PLTE", "tRNS":
			shared = append(shared, [2][]byte{[]byte(typ), body})
		case "fcTL":
			if err := finish(); err != nil {
				return nil, err
			}
			if len(body) != 26 {
				return nil, errors.New("an fcTL chunk of the wrong length")
			}
			be := binary.BigEndian
			c := &frameControl{w: int(be.Uint32(body[4:])), h: int(be.Uint32(body[8:])),
				x: int(be.Uint32(body[12:])), y: int(be.Uint32(body[16:])), dispose: body[24], blend: body[25]}
			if c.w <= 0 || c.h <= 0 || c.x < 0 || c.y < 0 || c.x+c.w > w || c.y+c.h > h {
				return nil, fmt.Errorf("frame %d (%d×%d at %d,%d) spills over the %d×%d picture", f.Len(), c.w, c.h, c.x, c.y, w, h)
			}
			fc = c
		case "IDAT":
			if fc != nil {
				data = append(data, body...)
			}
		case "fdAT":
			if fc == nil || len(body) < 4 {
				return nil, errors.New("frame data with no fcTL before it")
			}
			data = append(data, body[4:]...)
		case "IEND":
			if err := finish(); err != nil {
				return nil, err
			}
			return f, nil
		}
	}
}

// framePNG builds a PNG file of one frame: the film's header with the frame's
// size, the palette chunks, and the frame's image data.
func framePNG(ihdr []byte, fc *frameControl, shared [][2][]byte, data []byte) []byte {
	var b bytes.Buffer
	b.Write(pngSignature)
	hdr := bytes.Clone(ihdr)
	binary.BigEndian.PutUint32(hdr, uint32(fc.w))
	binary.BigEndian.PutUint32(hdr[4:], uint32(fc.h))
	writeChunk(&b, []byte("IHDR"), hdr)
	for _, c := range shared {
		writeChunk(&b, c[0], c[1])
	}
	writeChunk(&b, []byte("IDAT"), data)
	writeChunk(&b, []byte("IEND"), nil)
	return b.Bytes()
}

func writeChunk(b *bytes.Buffer, typ, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	b.Write(n[:])
	b.Write(typ)
	b.Write(data)
	crc := crc32.NewIEEE()
	crc.Write(typ)
	crc.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	b.Write(n[:])
}
