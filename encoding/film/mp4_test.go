package film

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestMP4(t *testing.T) {
	ffmpeg := tool(t, "ffmpeg")
	// 65×47: odd both ways, so the video is padded to 66×48.
	frames := make([]*image.NRGBA, 12)
	for k := range frames {
		m := image.NewNRGBA(image.Rect(0, 0, 65, 47))
		for y := range 47 {
			for x := range 65 {
				if x >= 20 && x < 45 {
					m.SetNRGBA(x, y, color.NRGBA{uint8(20 * k), 255, 0, 255})
				}
			}
		}
		frames[k] = m
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "f.mp4")
	f := &Film{Frames: frames, Delay: 100 * time.Millisecond, Background: color.NRGBA{R: 255}}
	if err := WriteMP4(t.Context(), path, f); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 1 {
		t.Errorf("the folder holds %d files, want only f.mp4", len(left))
	}
	again := filepath.Join(dir, "again.mp4")
	if err := WriteMP4(t.Context(), again, f); err != nil {
		t.Fatal(err)
	}
	a, errA := os.ReadFile(path)
	b, errB := os.ReadFile(again)
	if errA != nil || errB != nil || !bytes.Equal(a, b) {
		t.Errorf("two writes of the same film differ (%d and %d bytes; %v %v)", len(a), len(b), errA, errB)
	}
	kv := probe(t, path)
	want := map[string]string{"codec_name": "h264", "width": "66", "height": "48",
		"pix_fmt": "yuv420p", "nb_read_frames": "12", "r_frame_rate": "10/1"}
	for k, v := range want {
		if kv[k] != v {
			t.Errorf("ffprobe %s = %q, want %q", k, kv[k], v)
		}
	}
	// The transparent left part shows the red background, the middle green.
	out, err := exec.CommandContext(t.Context(), ffmpeg, "-v", "error", "-i", path,
		"-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-").Output()
	if err != nil || len(out) != 66*48*3 {
		t.Fatalf("decoding frame 1: %v, %d bytes", err, len(out))
	}
	at := func(x, y int) color.RGBA {
		o := 3 * (66*y + x)
		return color.RGBA{out[o], out[o+1], out[o+2], 255}
	}
	for _, c := range []struct {
		x, y int
		want color.RGBA
	}{{5, 20, color.RGBA{255, 0, 0, 255}}, {32, 20, color.RGBA{0, 255, 0, 255}}, {65, 47, color.RGBA{255, 0, 0, 255}}} {
		got := at(c.x, c.y)
		if d := max(absDiff(got.R, c.want.R), absDiff(got.G, c.want.G), absDiff(got.B, c.want.B)); d > 24 {
			t.Errorf("pixel (%d, %d) is %v, want about %v", c.x, c.y, got, c.want)
		}
	}
}

func absDiff(a, b uint8) int { return max(int(a)-int(b), int(b)-int(a)) }

func TestMP4NoFFmpeg(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	dir := t.TempDir()
	err := WriteMP4(t.Context(), filepath.Join(dir, "f.mp4"), &Film{Frames: ball(2, 8, true), Delay: time.Second})
	if !errors.Is(err, ErrNoFFmpeg) {
		t.Fatalf("got %v, want ErrNoFFmpeg", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "apt-get install ffmpeg") || !strings.Contains(msg, "GIF and APNG") {
		t.Errorf("the message %q does not say how to install ffmpeg and that the GIF and APNG are written", msg)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("WriteMP4 left %s", left[0].Name())
	}
}

func TestMP4Fails(t *testing.T) {
	tool(t, "ffmpeg")
	film := &Film{Frames: ball(30, 64, false), Delay: time.Second / 30}
	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	t.Run("cancelled", func(t *testing.T) {
		dir := t.TempDir()
		err := WriteMP4(cancelled, filepath.Join(dir, "f.mp4"), film)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("got %v, want context.Canceled", err)
		}
		if left, _ := os.ReadDir(dir); len(left) != 0 {
			t.Errorf("WriteMP4 left %s", left[0].Name())
		}
	})
	t.Run("cancelled while writing", func(t *testing.T) {
		// 1500 frames of 512×512 take libx264 many seconds; the film is
		// stopped after 500 ms.
		m := ball(1, 512, false)[0]
		long := &Film{Frames: make([]*image.NRGBA, 1500), Delay: time.Second / 30}
		for i := range long.Frames {
			long.Frames[i] = m
		}
		ctx, cancel := context.WithTimeout(t.Context(), 500*time.Millisecond)
		defer cancel()
		dir := t.TempDir()
		start := time.Now()
		err := WriteMP4(ctx, filepath.Join(dir, "f.mp4"), long)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("got %v after %v, want context.DeadlineExceeded", err, time.Since(start))
		}
		if left, _ := os.ReadDir(dir); len(left) != 0 {
			t.Errorf("WriteMP4 left %s", left[0].Name())
		}
	})
	t.Run("no folder", func(t *testing.T) {
		err := WriteMP4(t.Context(), filepath.Join(t.TempDir(), "none", "f.mp4"), film)
		if err == nil || !strings.HasPrefix(err.Error(), "film: mp4: ") {
			t.Errorf("got %v, want a film: mp4: error", err)
		}
	})
	t.Run("rename fails", func(t *testing.T) {
		// A folder where the film should be: ffmpeg succeeds, the rename fails,
		// and the temporary file must go.
		dir := t.TempDir()
		path := filepath.Join(dir, "f.mp4")
		if err := os.Mkdir(path, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(path, "x"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := WriteMP4(t.Context(), path, film); err == nil {
			t.Fatal("WriteMP4 over a full folder succeeded")
		}
		if left, _ := os.ReadDir(dir); len(left) != 1 {
			t.Errorf("the folder holds %d entries, want only the folder f.mp4", len(left))
		}
	})
}

func TestComposite(t *testing.T) {
	m := image.NewNRGBA(image.Rect(0, 0, 1, 1))
	bg := color.NRGBA{R: 200, G: 100, A: 7}
	for _, tc := range []struct {
		in   color.NRGBA
		want [4]byte
	}{
		{color.NRGBA{10, 20, 30, 0}, [4]byte{200, 100, 0, 255}},
		{color.NRGBA{10, 20, 30, 255}, [4]byte{10, 20, 30, 255}},
		{color.NRGBA{0, 255, 255, 51}, [4]byte{160, 131, 51, 255}},
	} {
		m.SetNRGBA(0, 0, tc.in)
		buf := make([]byte, 4*2*2)
		composite(buf, m, 1, 1, 2, 2, bg)
		if [4]byte(buf) != tc.want {
			t.Errorf("composite(%v) = %v, want %v", tc.in, buf[:4], tc.want)
		}
		for i := 4; i < len(buf); i += 4 {
			if [4]byte(buf[i:]) != [4]byte{200, 100, 0, 255} {
				t.Errorf("padding pixel %d is %v, want the background", i/4, buf[i:i+4])
			}
		}
	}
}

func TestFrameRate(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{100 * time.Millisecond, "10/1"}, {time.Second / 24, "500000000/20833333"},
		{3 * time.Second, "1/3"}, {40 * time.Millisecond, "25/1"},
	} {
		if got := frameRate(tc.d); got != tc.want {
			t.Errorf("frameRate(%v) = %s, want %s", tc.d, got, tc.want)
		}
	}
}
