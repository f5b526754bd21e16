package carve

import (
	"bytes"
	"encoding/binary"
	"testing"
	"time"

	"yanchu/badinput"
	"yanchu/encoding/film"
)

// FuzzRead feeds bytes to the GIF and animated PNG readers: whatever they
// are, reading ends in a film or a *badinput.Error, never a panic. Inputs that
// declare frames of more than 256 × 256 pixels are skipped, to keep each run
// small.
func FuzzRead(f *testing.F) {
	frames := testFrames(6, 12, 8)
	for _, write := range []func(*bytes.Buffer, *film.Film) error{
		func(b *bytes.Buffer, fm *film.Film) error { return film.WriteGIF(b, fm) },
		func(b *bytes.Buffer, fm *film.Film) error { return film.WriteAPNG(b, fm) },
	} {
		var buf bytes.Buffer
		if err := write(&buf, &film.Film{Frames: frames, Delay: time.Second / 10}); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.Bytes())
	}
	f.Add([]byte("GIF89a"))
	f.Add(pngSignature)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		if large(data) {
			t.Skip()
		}
		for name, read := range map[string]func() (*Film, error){
			"gif":  func() (*Film, error) { return readGIF(t.Context(), bytes.NewReader(data), "fuzz.gif") },
			"apng": func() (*Film, error) { return readAPNG(t.Context(), bytes.NewReader(data), "fuzz.png") },
		} {
			fm, err := read()
			if err != nil {
				if badinput.As(err) == nil {
					t.Fatalf("%s: got %v, want a *badinput.Error", name, err)
				}
				continue
			}
			if fm.Len() < MinFrames || fm.Width <= 0 || fm.Height <= 0 {
				t.Fatalf("%s: read %d frames of %d×%d", name, fm.Len(), fm.Width, fm.Height)
			}
			for i := range fm.Len() {
				if len(fm.frames[i]) != 3*fm.Width*fm.Height {
					t.Fatalf("%s: frame %d holds %d bytes for %d×%d", name, i, len(fm.frames[i]), fm.Width, fm.Height)
				}
			}
		}
	})
}

// large reports whether data declares a GIF screen or PNG picture of more
// than 256 × 256 pixels.
func large(data []byte) bool {
	if len(data) >= 10 && string(data[:3]) == "GIF" {
		return int(binary.LittleEndian.Uint16(data[6:]))*int(binary.LittleEndian.Uint16(data[8:])) > 256*256
	}
	if len(data) >= 24 && bytes.HasPrefix(data, pngSignature) {
		return uint64(binary.BigEndian.Uint32(data[16:]))*uint64(binary.BigEndian.Uint32(data[20:])) > 256*256
	}
	return false
}
