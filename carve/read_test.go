package carve

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"yanchu/badinput"
	"yanchu/encoding/film"
	"yanchu/internal/needtool"
)

// testFrames returns n small frames of a dark disc moving across grey, each
// different, so a reader that mixes them up is caught.
func testFrames(n, w, h int) []*image.NRGBA {
	out := make([]*image.NRGBA, n)
	for i := range out {
		m := image.NewNRGBA(image.Rect(0, 0, w, h))
		cx := float64(w) * (0.3 + 0.4*float64(i)/float64(max(1, n-1)))
		for y := range h {
			for x := range w {
				c := color.NRGBA{242, 241, 237, 255}
				dx, dy := float64(x)-cx, float64(y)-float64(h)/2
				if dx*dx+dy*dy < float64(h*h)/16 {
					c = color.NRGBA{60, 50, 40, 255}
				}
				m.SetNRGBA(x, y, c)
			}
		}
		out[i] = m
	}
	return out
}

func writePNG(t *testing.T, path string, m image.Image) {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// sameFrames checks that f holds frames, pixel for pixel (tolerance tol on
// each channel).
func sameFrames(t *testing.T, f *Film, frames []*image.NRGBA, tol int) {
	t.Helper()
	if f.Len() != len(frames) {
		t.Fatalf("read %d frames, want %d", f.Len(), len(frames))
	}
	b := frames[0].Bounds()
	if f.Width != b.Dx() || f.Height != b.Dy() {
		t.Fatalf("read frames of %d×%d, want %d×%d", f.Width, f.Height, b.Dx(), b.Dy())
	}
	for i, want := range frames {
		got := f.Frame(i)
		for p := 0; p < len(want.Pix); p += 4 {
			for c := range 3 {
				if d := int(got.Pix[p+c]) - int(want.Pix[p+c]); d > tol || d < -tol {
					t.Fatalf("frame %d, pixel %d, channel %d: got %d, want %d", i, p/4, c, got.Pix[p+c], want.Pix[p+c])
				}
			}
		}
	}
}

func TestReadFolderInNaturalOrder(t *testing.T) {
	dir := t.TempDir()
	frames := testFrames(12, 24, 16)
	for i, m := range frames {
		writePNG(t, filepath.Join(dir, "frame"+itoa(i+1)+".png"), m)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("not a frame"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Read(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	sameFrames(t, f, frames, 0)
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

func TestNaturalCompare(t *testing.T) {
	names := []string{"f10.png", "f2.png", "f1.png", "f02b.png", "g.png", "f.png"}
	slices.SortFunc(names, naturalCompare)
	want := []string{"f.png", "f1.png", "f2.png", "f02b.png", "f10.png", "g.png"}
	if !slices.Equal(names, want) {
		t.Errorf("got %v, want %v", names, want)
	}
}

func TestReadGIFAndAPNG(t *testing.T) {
	frames := testFrames(8, 32, 20)
	f := &film.Film{Frames: frames, Delay: 100 * time.Millisecond}
	for _, format := range []string{"gif", "apng"} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			var err error
			if format == "gif" {
				err = film.WriteGIF(&buf, f)
			} else {
				err = film.WriteAPNG(&buf, f)
			}
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "film."+format)
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := Read(t.Context(), path)
			if err != nil {
				t.Fatal(err)
			}
			tol := 0
			if format == "gif" {
				tol = 8 // a palette of the film's colours
			}
			sameFrames(t, got, frames, tol)
		})
	}
}

func TestReadMP4(t *testing.T) {
	if _, err := lookPath("ffmpeg"); err != nil {
		needtool.Skip(t, "ffmpeg is not on PATH; apt-get install -y ffmpeg to run this test")
	}
	frames := testFrames(10, 32, 20)
	path := filepath.Join(t.TempDir(), "film.mp4")
	if err := film.WriteMP4(t.Context(), path, &film.Film{Frames: frames, Delay: 100 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	got, err := Read(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	sameFrames(t, got, frames, 40) // lossy, with chroma at half resolution
}

// TestDecode: a film sent as bytes reads as the same film from a file: a GIF,
// an animated PNG, and an MP4 through ffmpeg from a temporary file that is
// gone afterwards; bytes that are no film are bad_video.
func TestDecode(t *testing.T) {
	frames := testFrames(8, 32, 20)
	f := &film.Film{Frames: frames, Delay: 100 * time.Millisecond}
	var gif, apng bytes.Buffer
	if err := film.WriteGIF(&gif, f); err != nil {
		t.Fatal(err)
	}
	if err := film.WriteAPNG(&apng, f); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		data []byte
		tol  int
	}{"turn.gif": {gif.Bytes(), 8}, "turn.png": {apng.Bytes(), 0}} {
		got, err := Decode(t.Context(), name, c.data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		sameFrames(t, got, frames, c.tol)
	}
	for name, data := range map[string][]byte{"notes.txt": []byte("these are words"), "empty.gif": nil, "cut.gif": gif.Bytes()[:40]} {
		if _, err := Decode(t.Context(), name, data); badinput.As(err) == nil || badinput.As(err).Code != BadVideo {
			t.Errorf("%s: %v, want bad_video", name, err)
		}
	}
	if _, err := lookPath("ffmpeg"); err != nil {
		needtool.Skip(t, "ffmpeg is not on PATH; apt-get install -y ffmpeg to decode an MP4")
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	path := filepath.Join(t.TempDir(), "film.mp4")
	if err := film.WriteMP4(t.Context(), path, f); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(t.Context(), "turn.mp4", data)
	if err != nil {
		t.Fatal(err)
	}
	sameFrames(t, got, frames, 40)
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("Decode left %d files in the temporary folder", len(left))
	}
}

// TestBadFilms: each kind of bad input is a *badinput.Error with its code.
func TestBadFilms(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	mixed := filepath.Join(dir, "mixed")
	many := filepath.Join(dir, "many")
	for _, d := range []string{empty, mixed, many} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	small, large := testFrames(1, 16, 16)[0], testFrames(1, 20, 16)[0]
	for i := range 8 {
		m := small
		if i == 5 {
			m = large
		}
		writePNG(t, filepath.Join(mixed, "f"+itoa(i)+".png"), m)
	}
	var one bytes.Buffer
	if err := png.Encode(&one, small); err != nil {
		t.Fatal(err)
	}
	for i := range MaxFrames + 1 {
		if err := os.WriteFile(filepath.Join(many, "f"+itoa(i)+".png"), one.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	text := filepath.Join(dir, "film.txt")
	if err := os.WriteFile(text, []byte("this is not a film\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	junk := filepath.Join(dir, "junk.mp4")
	if err := os.WriteFile(junk, []byte{0, 0, 0, 24, 'f', 't', 'y', 'p', 0xff, 0xfe, 1, 2, 3}, 0o644); err != nil {
		t.Fatal(err)
	}
	still := filepath.Join(dir, "still.png")
	writePNG(t, still, small)
	zero := filepath.Join(dir, "zero.gif")
	if err := os.WriteFile(zero, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(dir, "cut.gif")
	var g bytes.Buffer
	if err := film.WriteGIF(&g, &film.Film{Frames: testFrames(8, 16, 16), Delay: time.Second / 10}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cut, g.Bytes()[:40], 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, path, code string
	}{
		{"missing", filepath.Join(dir, "nothing.mp4"), MissingVideo},
		{"empty folder", empty, BadVideo},
		{"frames of two sizes", mixed, BadVideo},
		{"too many frames", many, BadVideo},
		{"text", text, BadVideo},
		{"one picture", still, BadVideo},
		{"not a video", junk, BadVideo},
		{"empty file", zero, BadVideo},
		{"cut short", cut, BadVideo},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(t.Context(), c.path)
			e := badinput.As(err)
			if e == nil {
				t.Fatalf("got %v, want a *badinput.Error", err)
			}
			if e.Code != c.code {
				t.Errorf("got code %q (%s), want %q", e.Code, e.Message, c.code)
			}
			t.Log(e.Message)
		})
	}
}

func TestFromImagesChecks(t *testing.T) {
	if _, err := FromImages(nil); badinput.As(err) == nil {
		t.Errorf("no frames: got %v, want a bad_video error", err)
	}
	frames := images(testFrames(8, 16, 16))
	frames[3] = testFrames(1, 17, 16)[0]
	if _, err := FromImages(frames); badinput.As(err) == nil {
		t.Errorf("mixed sizes: got %v, want a bad_video error", err)
	}
}

// TestCarveRefuses: options out of range and a film with nothing in it are
// errors a person can act on.
func TestCarveRefuses(t *testing.T) {
	plain := make([]*image.NRGBA, 12)
	for i := range plain {
		plain[i] = image.NewNRGBA(image.Rect(0, 0, 32, 32))
		for p := range plain[i].Pix {
			plain[i].Pix[p] = 200
		}
	}
	blank, err := FromImages(images(plain))
	if err != nil {
		t.Fatal(err)
	}
	moving, err := FromImages(images(testFrames(12, 32, 32)))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		f    *Film
		opt  Options
		code string
	}{
		{"no height", moving, Options{}, badinput.OutOfRange},
		{"pitch", moving, Options{HeightMM: 10, PitchDeg: 95}, badinput.OutOfRange},
		{"resolution", moving, Options{HeightMM: 10, Resolution: 5000}, badinput.OutOfRange},
		{"nothing in the film", blank, Options{HeightMM: 10}, BadVideo},
		{"no film", nil, Options{HeightMM: 10}, BadVideo},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Carve(t.Context(), c.f, c.opt)
			e := badinput.As(err)
			if e == nil || e.Code != c.code {
				t.Fatalf("got %v, want a *badinput.Error with code %q", err, c.code)
			}
		})
	}
	// A disc sliding across the frame is no turning solid, but carving it
	// must end in a solid or an error, never a panic.
	if _, err := Carve(t.Context(), moving, Options{HeightMM: 10}); err != nil && badinput.As(err) == nil {
		t.Errorf("got %v, want a solid or a *badinput.Error", err)
	}
}

func TestCarveStopsWhenCancelled(t *testing.T) {
	f, err := FromImages(images(testFrames(12, 32, 32)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := contextCancelled(t)
	defer cancel()
	if _, err := Carve(ctx, f, Options{HeightMM: 10}); !errors.Is(err, ctx.Err()) {
		t.Errorf("got %v, want %v", err, ctx.Err())
	}
}
