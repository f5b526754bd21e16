package film

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

type chunk struct {
	typ  string
	data []byte
}

// chunks splits a PNG into its chunks, checking the signature and every CRC.
func chunks(t *testing.T, b []byte) []chunk {
	t.Helper()
	if !bytes.HasPrefix(b, []byte(pngSignature)) {
		t.Fatal("no PNG signature")
	}
	b = b[len(pngSignature):]
	var cs []chunk
	for len(b) > 0 {
		if len(b) < 12 {
			t.Fatalf("%d bytes left after chunk %d", len(b), len(cs))
		}
		n := int(binary.BigEndian.Uint32(b))
		if n > len(b)-12 {
			t.Fatalf("chunk %d claims %d bytes, %d left", len(cs), n, len(b)-12)
		}
		c := chunk{string(b[4:8]), b[8 : 8+n]}
		if got, want := binary.BigEndian.Uint32(b[8+n:]), crc32.ChecksumIEEE(b[4:8+n]); got != want {
			t.Errorf("chunk %d (%s): CRC %08x, want %08x", len(cs), c.typ, got, want)
		}
		cs = append(cs, c)
		b = b[12+n:]
	}
	return cs
}

// frameData is one frame's fcTL fields and its image data.
type frameData struct {
	fctl []byte
	data []byte
}

// parseAPNG checks the chunk order and sequence numbers of an APNG and
// returns its IHDR, acTL and frames.
func parseAPNG(t *testing.T, b []byte) (ihdr, actl []byte, frames []frameData) {
	t.Helper()
	cs := chunks(t, b)
	if len(cs) < 5 || cs[0].typ != "IHDR" || cs[1].typ != "acTL" || cs[len(cs)-1].typ != "IEND" {
		t.Fatalf("chunks do not start IHDR, acTL and end IEND: %v", typesOf(cs))
	}
	seq := uint32(0)
	for i, c := range cs[2 : len(cs)-1] {
		switch c.typ {
		case "fcTL":
			frames = append(frames, frameData{fctl: c.data})
		case "IDAT", "fdAT":
			if len(frames) == 0 || (c.typ == "IDAT") != (len(frames) == 1) {
				t.Fatalf("%s before its fcTL or after frame 1's: %v", c.typ, typesOf(cs))
			}
			if c.typ == "IDAT" {
				frames[0].data = append(frames[0].data, c.data...)
				continue
			}
		default:
			t.Fatalf("unexpected chunk %d %s", i+2, c.typ)
		}
		if got := binary.BigEndian.Uint32(c.data); got != seq {
			t.Errorf("%s %d has sequence number %d, want %d", c.typ, i+2, got, seq)
		}
		seq++
		if c.typ == "fdAT" {
			f := &frames[len(frames)-1]
			f.data = append(f.data, c.data[4:]...)
		}
	}
	return cs[0].data, cs[1].data, frames
}

func typesOf(cs []chunk) []string {
	var ts []string
	for _, c := range cs {
		ts = append(ts, c.typ)
	}
	return ts
}

// framePNG builds a plain PNG of one frame's data.
func framePNG(ihdr, data []byte) []byte {
	var b bytes.Buffer
	cw := chunkWriter{w: &b}
	cw.raw([]byte(pngSignature))
	cw.chunk("IHDR", ihdr)
	cw.chunk("IDAT", data)
	cw.chunk("IEND")
	return b.Bytes()
}

// sameImage reports the first pixel where got differs from want exactly.
func sameImage(t *testing.T, what string, got image.Image, want *image.NRGBA) {
	t.Helper()
	wb := want.Bounds()
	if got.Bounds().Dx() != wb.Dx() || got.Bounds().Dy() != wb.Dy() {
		t.Fatalf("%s: %v, want %v", what, got.Bounds(), wb)
	}
	gb := got.Bounds()
	for y := range wb.Dy() {
		for x := range wb.Dx() {
			w := want.NRGBAAt(wb.Min.X+x, wb.Min.Y+y)
			g := nrgbaAt(got, gb.Min.X+x, gb.Min.Y+y)
			if w.A == 0 {
				g.R, g.G, g.B, w.R, w.G, w.B = 0, 0, 0, 0, 0, 0 // only alpha is kept by image.Image
			}
			if g != w {
				t.Fatalf("%s: pixel (%d, %d) is %v, want %v", what, x, y, g, w)
			}
		}
	}
}

func TestAPNG(t *testing.T) {
	mixed := ball(4, 32, true) // frame 2 opaque in a film with alpha
	mixed[2] = ball(1, 32, false)[0]
	cases := []struct {
		name      string
		frames    []*image.NRGBA
		delay     time.Duration
		colorType byte // in IHDR: 2 RGB, 6 RGBA
		num, den  uint16
	}{
		{"opaque", ball(12, 48, false), 40 * time.Millisecond, 2, 1, 25},
		{"transparent", spin(12, 40, true), time.Second / 24, 6, 42, 1000},
		{"one opaque frame among transparent", mixed, 2 * time.Minute, 6, 12000, 100},
		{"sub-images", flags(3, 17), 7 * time.Millisecond, 2, 7, 1000},
		{"one frame", flags(1, 5), time.Second, 2, 1, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := &Film{Frames: tc.frames, Delay: tc.delay}
			var buf bytes.Buffer
			if err := WriteAPNG(&buf, f); err != nil {
				t.Fatal(err)
			}
			var again bytes.Buffer
			if err := WriteAPNG(&again, f); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(buf.Bytes(), again.Bytes()) {
				t.Error("two writes of the same film differ")
			}
			ihdr, actl, frames := parseAPNG(t, buf.Bytes())
			w, h := tc.frames[0].Bounds().Dx(), tc.frames[0].Bounds().Dy()
			if got := binary.BigEndian.Uint32(ihdr); got != uint32(w) || binary.BigEndian.Uint32(ihdr[4:]) != uint32(h) {
				t.Errorf("IHDR is %d×%d, want %d×%d", got, binary.BigEndian.Uint32(ihdr[4:]), w, h)
			}
			if ihdr[8] != 8 || ihdr[9] != tc.colorType {
				t.Errorf("IHDR bit depth %d, colour type %d; want 8, %d", ihdr[8], ihdr[9], tc.colorType)
			}
			if n, plays := binary.BigEndian.Uint32(actl), binary.BigEndian.Uint32(actl[4:]); n != uint32(len(tc.frames)) || plays != 0 {
				t.Errorf("acTL: %d frames, %d plays; want %d, 0", n, plays, len(tc.frames))
			}
			if len(frames) != len(tc.frames) {
				t.Fatalf("%d fcTL chunks, want %d", len(frames), len(tc.frames))
			}
			for k, fr := range frames {
				c := fr.fctl
				if len(c) != 26 {
					t.Fatalf("frame %d: fcTL of %d bytes, want 26", k, len(c))
				}
				be := binary.BigEndian
				if be.Uint32(c[4:]) != uint32(w) || be.Uint32(c[8:]) != uint32(h) || be.Uint32(c[12:]) != 0 || be.Uint32(c[16:]) != 0 {
					t.Errorf("frame %d: region %d×%d at (%d, %d), want the whole %d×%d", k,
						be.Uint32(c[4:]), be.Uint32(c[8:]), be.Uint32(c[12:]), be.Uint32(c[16:]), w, h)
				}
				if num, den := be.Uint16(c[20:]), be.Uint16(c[22:]); num != tc.num || den != tc.den {
					t.Errorf("frame %d: delay %d/%d, want %d/%d", k, num, den, tc.num, tc.den)
				}
				if c[24] != 0 || c[25] != 0 {
					t.Errorf("frame %d: dispose_op %d, blend_op %d; want 0, 0", k, c[24], c[25])
				}
				m, err := png.Decode(bytes.NewReader(framePNG(ihdr, fr.data)))
				if err != nil {
					t.Fatalf("frame %d: %v", k, err)
				}
				sameImage(t, "frame "+strconv.Itoa(k), m, tc.frames[k])
			}
			first, err := png.Decode(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			if nrgba, ok := first.(*image.NRGBA); ok && tc.colorType == 6 {
				// Alpha-0 pixels keep their colour in NRGBA: all of frame 1
				// comes back byte for byte.
				src := tc.frames[0]
				for y := range h {
					if !bytes.Equal(row(nrgba, y, w), row(src, y, w)) {
						t.Fatalf("png.Decode: row %d differs from frame 0", y)
					}
				}
			}
			sameImage(t, "png.Decode", first, tc.frames[0])
			checkFFmpegFrames(t, buf.Bytes(), len(tc.frames))
		})
	}
}

// checkFFmpegFrames has ffprobe count an APNG's frames.
func checkFFmpegFrames(t *testing.T, b []byte, want int) {
	t.Helper()
	if _, ok := lookTool(t, "ffprobe"); !ok {
		t.Log("ffprobe is not on PATH: ffmpeg's frame count not checked")
		return
	}
	file := filepath.Join(t.TempDir(), "f.png")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	kv := probe(t, file)
	if kv["codec_name"] != "apng" || kv["nb_read_frames"] != strconv.Itoa(want) {
		t.Errorf("ffprobe: codec %q, %q frames; want apng, %d", kv["codec_name"], kv["nb_read_frames"], want)
	}
}

func TestAPNGDelay(t *testing.T) {
	for _, tc := range []struct {
		d        time.Duration
		num, den uint16
	}{
		{time.Nanosecond, 1, 1000},
		{time.Second / 60, 17, 1000},
		{time.Second / 50, 1, 50},
		{time.Second / 30, 33, 1000},
		{100 * time.Millisecond, 1, 10},
		{1500 * time.Millisecond, 1500, 1000},
		{65535 * time.Millisecond, 65535, 1000},
		{65536 * time.Millisecond, 6554, 100},
		{MaxDelay, 65535, 100},
	} {
		if num, den := apngDelay(tc.d); num != tc.num || den != tc.den {
			t.Errorf("apngDelay(%v) = %d/%d, want %d/%d", tc.d, num, den, tc.num, tc.den)
		}
	}
}
