package lithophane

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"runtime"
	"testing"

	"yanchu/badinput"
	"yanchu/catalog"
	"yanchu/spec"
)

// hugePNG writes a valid 1-bit grey PNG of w × h pixels, all black, streaming
// its rows through zlib, so the test makes it without holding it.
func hugePNG(t testing.TB, w, h int) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(kind string, data []byte) {
		var n [4]byte
		binary.BigEndian.PutUint32(n[:], uint32(len(data)))
		b.Write(n[:])
		c := crc32.NewIEEE()
		c.Write([]byte(kind))
		c.Write(data)
		b.WriteString(kind)
		b.Write(data)
		binary.BigEndian.PutUint32(n[:], c.Sum32())
		b.Write(n[:])
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 1, 0 // 1 bit, grey
	chunk("IHDR", ihdr)
	var z bytes.Buffer
	zw, err := zlib.NewWriterLevel(&z, zlib.BestSpeed)
	if err != nil {
		t.Fatal(err)
	}
	row := make([]byte, 1+(w+7)/8)
	for range h {
		if _, err := zw.Write(row); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	return b.Bytes()
}

// gradient returns a w × h PNG: dark at the left, light at the right, with a
// dark square in the middle.
func gradient(t testing.TB, w, h int) []byte {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			v := uint8(255 * x / (w - 1))
			if abs(x-w/2) < w/6 && abs(y-h/2) < h/6 {
				v = 30
			}
			img.SetGray(x, y, color.Gray{Y: v})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func resolved(t testing.TB, in catalog.Inputs, params map[string]spec.Value) (*spec.Spec, error) {
	t.Helper()
	s, err := domain{}.Resolve(&spec.Spec{Domain: "lithophane", Params: params})
	if err != nil {
		t.Fatalf("resolve: %v", err)
	}
	return domain{}.ResolveInputs(context.Background(), s, in)
}

// A 20000 × 20000 picture is refused from its header: over_limit, saying what
// fits, having allocated far less than the picture would take.
func TestHugePictureRefusedFromHeader(t *testing.T) {
	data := hugePNG(t, 20000, 20000)
	if cfg, err := png.DecodeConfig(bytes.NewReader(data)); err != nil || cfg.Width != 20000 {
		t.Fatalf("the test picture: %v %+v", err, cfg)
	}
	in := catalog.Inputs{Image: &catalog.File{Name: "huge.png", Data: data}}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := resolved(t, in, map[string]spec.Value{})
	_, err2 := decode(t.Context(), in.Image)
	runtime.ReadMemStats(&after)
	for _, err := range []error{err, err2} {
		e := badinput.As(err)
		if e == nil || e.Code != badinput.OverLimit {
			t.Fatalf("got %v, want over_limit", err)
		}
		if !bytes.Contains([]byte(e.Message), []byte("5000×5000")) {
			t.Errorf("message %q does not say what fits", e.Message)
		}
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 50<<20 {
		t.Errorf("refusing allocated %d MB, want under 50", got>>20)
	}
}

func TestBadPictures(t *testing.T) {
	var g bytes.Buffer
	if err := gif.Encode(&g, image.NewPaletted(image.Rect(0, 0, 4, 4), color.Palette{color.Black, color.White}), nil); err != nil {
		t.Fatal(err)
	}
	good := gradient(t, 40, 30)
	for _, c := range []struct {
		name string
		data []byte
		code string
	}{
		{"not a picture", []byte("this is not a picture at all"), badinput.BadImage},
		{"empty", nil, badinput.BadImage},
		{"gif", g.Bytes(), badinput.BadImage},
		{"png header only", good[:40], badinput.BadImage},
		{"truncated png", good[:len(good)/2], badinput.BadImage},
		{"png with a broken body", append(append([]byte{}, good[:60]...), bytes.Repeat([]byte{0xff}, 200)...), badinput.BadImage},
		{"jpeg marker alone", []byte("\xff\xd8\xff"), badinput.BadImage},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := &catalog.File{Name: c.name, Data: c.data}
			_, err := header(f)
			if err == nil {
				_, err = decode(t.Context(), f)
			}
			if e := badinput.As(err); e == nil || e.Code != c.code || len(e.Message) < 20 {
				t.Fatalf("got %v, want %s with a message", err, c.code)
			}
		})
	}
	if _, err := header(nil); badinput.As(err) == nil || badinput.As(err).Code != badinput.MissingImage {
		t.Errorf("no picture: got %v, want missing_image", err)
	}
}

// FuzzPicture: whatever bytes come, reading them as a picture and building a
// plate from them returns a plate or a *badinput.Error, never a panic.
func FuzzPicture(f *testing.F) {
	f.Add(gradient(f, 8, 6))
	f.Add(gradient(f, 3, 40))
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add([]byte("\xff\xd8\xff\xe0"))
	var j bytes.Buffer
	img := image.NewGray(image.Rect(0, 0, 9, 7))
	if err := png.Encode(&j, img); err != nil {
		f.Fatal(err)
	}
	f.Add(j.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		in := catalog.Inputs{Image: &catalog.File{Name: "fuzz", Data: data}}
		s, err := resolved(t, in, map[string]spec.Value{"width": {Num: 40, Unit: "mm", Source: spec.Said}, "height": {Num: 30, Unit: "mm", Source: spec.Said}})
		if err != nil {
			if badinput.As(err) == nil {
				t.Fatalf("not a *badinput.Error: %v", err)
			}
			return
		}
		cfg, _ := header(in.Image)
		if cfg.Width*cfg.Height > 4_000_000 {
			return // decoding a large picture is slow under fuzzing; the header test covers the limit
		}
		m, err := domain{}.Build(t.Context(), s, in)
		if err != nil {
			if badinput.As(err) == nil {
				t.Fatalf("not a *badinput.Error: %v", err)
			}
			return
		}
		if _, err := m.Surface(t.Context(), 0.05); err != nil {
			t.Fatalf("surface: %v", err)
		}
	})
}

// BenchmarkRefuseHugePicture: a 20000 × 20000 PNG is refused from its header.
func BenchmarkRefuseHugePicture(b *testing.B) {
	in := catalog.Inputs{Image: &catalog.File{Name: "huge.png", Data: hugePNG(b, 20000, 20000)}}
	s, err := domain{}.Resolve(&spec.Spec{Domain: "lithophane", Params: map[string]spec.Value{}})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := (domain{}).ResolveInputs(context.Background(), s, in); badinput.As(err) == nil {
			b.Fatalf("got %v, want over_limit", err)
		}
	}
}
