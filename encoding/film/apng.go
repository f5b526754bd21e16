package film

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/png"
	"io"
	"time"
)

// WriteAPNG writes f as an animated PNG that loops forever, every pixel exact.
// A plain PNG reader shows the first frame. Every frame covers the whole
// picture and replaces the one before (dispose_op NONE, blend_op SOURCE), and
// is shown for f.Delay, kept exactly when a second is a whole number of Delays
// and otherwise rounded to the millisecond (at least 1) or, above 65.535 s,
// to the hundredth.
//
// Frames are 8-bit RGB when every pixel of the film is opaque and 8-bit RGBA
// otherwise, compressed by image/png at BestSpeed one at a time, so memory
// beyond the input is one frame's compressed bytes.
func WriteAPNG(w io.Writer, f *Film) error {
	width, height, err := f.size("apng")
	if err != nil {
		return err
	}
	alpha := false
	for _, m := range f.Frames {
		if !opaque(m, width, height) {
			alpha = true
			break
		}
	}
	num, den := apngDelay(f.Delay)
	enc := png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: &onePool{}}
	cw := chunkWriter{w: w}
	var buf bytes.Buffer
	var ihdr []byte
	seq := uint32(0)
	for i, m := range f.Frames {
		var img image.Image = m
		if alpha && opaque(m, width, height) {
			img = withAlpha{m} // keep RGBA, the colour type of frame 0
		}
		buf.Reset()
		if err := enc.Encode(&buf, img); err != nil {
			return fmt.Errorf("film: apng: frame %d: %w", i, err)
		}
		hdr, data, err := pngParts(buf.Bytes())
		if err != nil {
			return fmt.Errorf("film: apng: frame %d: %w", i, err)
		}
		if i == 0 {
			ihdr = bytes.Clone(hdr)
			cw.raw([]byte(pngSignature))
			cw.chunk("IHDR", ihdr)
			cw.chunk("acTL", be32(nil, uint32(len(f.Frames)), 0)) // 0 plays: forever
		} else if !bytes.Equal(hdr, ihdr) {
			return fmt.Errorf("film: apng: frame %d: image/png wrote header %x, frame 0 %x", i, hdr, ihdr)
		}
		fctl := be32(nil, seq, uint32(width), uint32(height), 0, 0)
		fctl = binary.BigEndian.AppendUint16(fctl, num)
		fctl = binary.BigEndian.AppendUint16(fctl, den)
		fctl = append(fctl, 0, 0) // dispose_op NONE, blend_op SOURCE
		cw.chunk("fcTL", fctl)
		seq++
		if i == 0 {
			cw.chunk("IDAT", data)
		} else {
			cw.chunk("fdAT", be32(nil, seq), data)
			seq++
		}
		if cw.err != nil {
			return cw.err
		}
	}
	cw.chunk("IEND")
	return cw.err
}

const pngSignature = "\x89PNG\r\n\x1a\n"

// onePool lets image/png reuse its buffers and compressor from frame to frame.
type onePool struct{ b *png.EncoderBuffer }

func (p *onePool) Get() *png.EncoderBuffer { return p.b }

func (p *onePool) Put(b *png.EncoderBuffer) { p.b = b }

// withAlpha is an opaque frame that image/png must still write with alpha.
type withAlpha struct{ *image.NRGBA }

// Opaque reports false, so image/png chooses 8-bit RGBA as for frame 0.
func (withAlpha) Opaque() bool { return false }

// apngDelay returns d as delay_num/delay_den seconds: 1/n when a second is
// a whole number n of d, else milliseconds, else hundredths.
func apngDelay(d time.Duration) (num, den uint16) {
	if time.Second%d == 0 && time.Second/d <= 0xffff {
		return 1, uint16(time.Second / d)
	}
	if ms := (d + time.Millisecond/2) / time.Millisecond; ms <= 0xffff {
		return uint16(max(1, ms)), 1000 // 0 would mean "as fast as you can"
	}
	return uint16(min(0xffff, (d+5*time.Millisecond)/(10*time.Millisecond))), 100
}

// pngParts returns the IHDR data and the joined IDAT data of a PNG that
// image/png wrote, checking that it has no other chunks.
func pngParts(b []byte) (ihdr, idat []byte, err error) {
	if !bytes.HasPrefix(b, []byte(pngSignature)) {
		return nil, nil, errors.New("image/png wrote no PNG signature")
	}
	b = b[len(pngSignature):]
	var parts [][]byte
	for len(b) >= 12 {
		n := binary.BigEndian.Uint32(b)
		if uint64(n) > uint64(len(b)-12) {
			break
		}
		typ, data := string(b[4:8]), b[8:8+n]
		switch typ {
		case "IHDR":
			ihdr = data
		case "IDAT":
			parts = append(parts, data)
		case "IEND":
			if ihdr == nil || parts == nil {
				return nil, nil, errors.New("image/png wrote no IHDR or IDAT")
			}
			if len(parts) == 1 {
				return ihdr, parts[0], nil
			}
			return ihdr, bytes.Join(parts, nil), nil
		default:
			return nil, nil, fmt.Errorf("image/png wrote an unexpected %q chunk", typ)
		}
		b = b[12+n:]
	}
	return nil, nil, errors.New("image/png wrote a truncated PNG")
}

// be32 appends each v to b as 4 big-endian bytes.
func be32(b []byte, vs ...uint32) []byte {
	for _, v := range vs {
		b = binary.BigEndian.AppendUint32(b, v)
	}
	return b
}

// chunkWriter writes PNG chunks, keeping the first error.
type chunkWriter struct {
	w   io.Writer
	err error
	hdr [8]byte
}

func (c *chunkWriter) raw(b []byte) {
	if c.err != nil {
		return
	}
	if _, err := c.w.Write(b); err != nil {
		c.err = fmt.Errorf("film: apng: %w", err)
	}
}

// chunk writes one chunk whose data is parts joined: length, type, data and
// the CRC of type and data.
func (c *chunkWriter) chunk(typ string, parts ...[]byte) {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	if c.err == nil && n > 1<<31-1 {
		c.err = fmt.Errorf("film: apng: %s chunk of %d bytes is too long for PNG", typ, n)
	}
	binary.BigEndian.PutUint32(c.hdr[:4], uint32(n))
	copy(c.hdr[4:], typ)
	crc := crc32.NewIEEE()
	crc.Write(c.hdr[4:])
	c.raw(c.hdr[:])
	for _, p := range parts {
		crc.Write(p)
		c.raw(p)
	}
	c.raw(binary.BigEndian.AppendUint32(nil, crc.Sum32()))
}
