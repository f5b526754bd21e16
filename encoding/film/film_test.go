package film

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"yanchu/internal/needtool"
)

// spin returns n frames of size×size: a disc, anti-aliased, circling the
// centre over black (opaque) or over nothing, showing a fixed picture of
// thousands of colours through it.
func spin(n, size int, transparent bool) []*image.NRGBA {
	frames := make([]*image.NRGBA, n)
	s := float64(size)
	for k := range frames {
		m := image.NewNRGBA(image.Rect(0, 0, size, size))
		th := 2 * math.Pi * float64(k) / float64(n)
		cx, cy, r := s/2+s/5*math.Cos(th), s/2+s/5*math.Sin(th), s/4
		for y := range size {
			for x := range size {
				d := math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy)
				cov := math.Max(0, math.Min(1, r-d+0.5))
				c := [3]float64{
					255 * float64(x) / s,
					255 * float64(y) / s,
					127.5 + 127.5*math.Sin(float64(x+y)/9),
				}
				o := m.PixOffset(x, y)
				for i := range 3 {
					if transparent {
						m.Pix[o+i] = uint8(c[i] + 0.5)
					} else {
						m.Pix[o+i] = uint8(c[i]*cov + 0.5)
					}
				}
				m.Pix[o+3] = 255
				if transparent {
					m.Pix[o+3] = uint8(255*cov + 0.5)
				}
			}
		}
		frames[k] = m
	}
	return frames
}

// ball returns n frames of size×size: a ball of one colour, anti-aliased and
// shaded, lit from a light that circles it, over dark grey (opaque) or over
// nothing.
func ball(n, size int, transparent bool) []*image.NRGBA {
	frames := make([]*image.NRGBA, n)
	s := float64(size)
	base := [3]float64{230, 120, 40}
	for k := range frames {
		m := image.NewNRGBA(image.Rect(0, 0, size, size))
		th := 2 * math.Pi * float64(k) / float64(n)
		lx, ly, lz := 0.6*math.Cos(th), 0.6*math.Sin(th), 0.8
		for y := range size {
			for x := range size {
				px, py := (float64(x)+0.5)/s*2-1, (float64(y)+0.5)/s*2-1
				d := math.Hypot(px, py)
				cov := math.Max(0, math.Min(1, (0.8-d)*s/2+0.5))
				nz := math.Sqrt(math.Max(0, 0.64-d*d)) / 0.8
				nx, ny := px/0.8, py/0.8
				diff := math.Max(0, nx*lx+ny*ly+nz*lz)
				spec := math.Pow(math.Max(0, 2*diff*nz-lz), 24) // reflection towards the viewer
				o := m.PixOffset(x, y)
				for i := range 3 {
					c := math.Min(255, base[i]*(0.15+0.85*diff)+200*spec)
					if !transparent {
						c = c*cov + 30*(1-cov)
					}
					m.Pix[o+i] = uint8(c + 0.5)
				}
				m.Pix[o+3] = 255
				if transparent {
					m.Pix[o+3] = uint8(255*cov + 0.5)
				}
			}
		}
		frames[k] = m
	}
	return frames
}

// writers runs each writer on f; mp4 writes into dir.
var writers = []struct {
	name  string
	write func(t *testing.T, f *Film) error
}{
	{"gif", func(t *testing.T, f *Film) error {
		var b bytes.Buffer
		err := WriteGIF(&b, f)
		if err != nil && b.Len() > 0 {
			t.Errorf("WriteGIF wrote %d bytes before failing", b.Len())
		}
		return err
	}},
	{"apng", func(t *testing.T, f *Film) error {
		var b bytes.Buffer
		err := WriteAPNG(&b, f)
		if err != nil && b.Len() > 0 {
			t.Errorf("WriteAPNG wrote %d bytes before failing", b.Len())
		}
		return err
	}},
	{"mp4", func(t *testing.T, f *Film) error {
		dir := t.TempDir()
		err := WriteMP4(t.Context(), filepath.Join(dir, "f.mp4"), f)
		if err != nil {
			if left, _ := os.ReadDir(dir); len(left) > 0 {
				t.Errorf("WriteMP4 failed and left %v", left[0].Name())
			}
		}
		return err
	}},
}

func TestBadFilms(t *testing.T) {
	small := image.NewNRGBA(image.Rect(0, 0, 4, 4))
	other := image.NewNRGBA(image.Rect(0, 0, 4, 5))
	short := &image.NRGBA{Pix: make([]byte, 4*4*4-1), Stride: 16, Rect: image.Rect(0, 0, 4, 4)}
	many := make([]*image.NRGBA, MaxFrames+1)
	for i := range many {
		many[i] = small
	}
	ok := time.Second / 10
	cases := []struct {
		name string
		film *Film
		want string
	}{
		{"nil film", nil, "nil film"},
		{"no frames", &Film{Delay: ok}, "no frames"},
		{"nil frame", &Film{Frames: []*image.NRGBA{small, nil}, Delay: ok}, "frame 1 is nil"},
		{"sizes differ", &Film{Frames: []*image.NRGBA{small, other}, Delay: ok}, "frame 1 is 4×5, frame 0 is 4×4"},
		{"empty", &Film{Frames: []*image.NRGBA{image.NewNRGBA(image.Rect(0, 0, 0, 3))}, Delay: ok}, "empty"},
		{"too many pixels", &Film{Frames: []*image.NRGBA{{Rect: image.Rect(0, 0, 5000, 5000)}}, Delay: ok}, "25000000 pixels"},
		{"too wide", &Film{Frames: []*image.NRGBA{{Rect: image.Rect(0, 0, 70000, 1)}}, Delay: ok}, "across or down"},
		{"too many frames", &Film{Frames: many, Delay: ok}, "10001 frames"},
		{"zero delay", &Film{Frames: []*image.NRGBA{small}}, "delay 0s is not positive"},
		{"negative delay", &Film{Frames: []*image.NRGBA{small}, Delay: -ok}, "not positive"},
		{"long delay", &Film{Frames: []*image.NRGBA{small}, Delay: time.Hour}, "longer than"},
		{"short pixels", &Film{Frames: []*image.NRGBA{short}, Delay: ok}, "too few"},
	}
	for _, w := range writers {
		for _, tc := range cases {
			t.Run(w.name+"/"+tc.name, func(t *testing.T) {
				err := w.write(t, tc.film)
				if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "film: "+w.name+": ") {
					t.Errorf("got error %v, want one starting %q and containing %q", err, "film: "+w.name+": ", tc.want)
				}
			})
		}
	}
}

// tool returns the path of a command the test needs. Under CI=true a missing
// tool fails the test; elsewhere it skips it.
func tool(t testing.TB, name string) string {
	t.Helper()
	p, ok := lookTool(t, name)
	if !ok {
		t.Skipf("%s is not on PATH; apt-get install -y ffmpeg to run this test", name)
	}
	return p
}

// lookTool returns the path of a command and whether it is on PATH. Under
// CI=true a missing tool fails the test.
func lookTool(t testing.TB, name string) (string, bool) {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil && needtool.CI() {
		t.Fatalf("%s is required under CI (apt-get install -y ffmpeg): %v", name, err)
	}
	return p, err == nil
}

// probe runs ffprobe on file and returns key=value pairs of its first video
// stream, frames counted by decoding.
func probe(t *testing.T, file string) map[string]string {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, tool(t, "ffprobe"), "-v", "error", "-count_frames",
		"-select_streams", "v:0", "-show_entries",
		"stream=codec_name,width,height,pix_fmt,nb_read_frames,r_frame_rate",
		"-of", "default=noprint_wrappers=1", file).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", file, err)
	}
	kv := map[string]string{}
	for line := range strings.Lines(string(out)) {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), "="); ok {
			kv[k] = v
		}
	}
	return kv
}

// nrgbaAt returns the non-premultiplied colour of m at (x, y).
func nrgbaAt(m image.Image, x, y int) color.NRGBA {
	return color.NRGBAModel.Convert(m.At(x, y)).(color.NRGBA)
}

// failWriter fails every write after the first n bytes.
type failWriter struct{ n int }

var errFull = errors.New("disk full")

func (f *failWriter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		return 0, errFull
	}
	f.n -= len(p)
	return len(p), nil
}

func TestWriteErrors(t *testing.T) {
	f := &Film{Frames: ball(3, 16, true), Delay: time.Second}
	for _, w := range []struct {
		name  string
		write func(io.Writer, *Film) error
	}{{"gif", WriteGIF}, {"apng", WriteAPNG}} {
		var all counter
		if err := w.write(&all, f); err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{0, 10, int(all) / 2, int(all) - 1} {
			err := w.write(&failWriter{n}, f)
			if !errors.Is(err, errFull) || !strings.HasPrefix(err.Error(), "film: "+w.name+": ") {
				t.Errorf("%s failing after %d of %d bytes: got %v, want film: %s: disk full", w.name, n, all, err, w.name)
			}
		}
	}
}
