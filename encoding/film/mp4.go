package film

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// ErrNoFFmpeg is returned by WriteMP4 when ffmpeg is not on PATH.
var ErrNoFFmpeg = errors.New("film: mp4: ffmpeg is not on PATH, so no MP4 was written " +
	"(the GIF and APNG are still written); install it with: apt-get install ffmpeg")

// WriteMP4 writes f to path as an MP4 film by piping raw RGBA frames to
// ffmpeg, which must be on PATH (else ErrNoFFmpeg). The video is H.264
// (libx264, CRF 18, yuv420p) at one frame per f.Delay, with the index at the
// front (+faststart) so it plays while it downloads. If this ffmpeg has no
// libx264 encoder (Debian's ffmpeg has it), it is MPEG-4 Part 2 (ffmpeg's
// built-in mpeg4, quality 3) instead, which players read but most browsers do
// not. MP4 does not loop by itself: a page loops it with <video loop>.
//
// Transparent pixels are composited over f.Background, and a film of odd width
// or height gets one more column or row of it. The film is written to a
// temporary file next to path and renamed to path only when ffmpeg succeeds;
// on any error, or when ctx is cancelled (which stops ffmpeg), no file is
// left behind.
func WriteMP4(ctx context.Context, path string, f *Film) (err error) {
	w, h, err := f.size("mp4")
	if err != nil {
		return err
	}
	ffmpeg, err := exec.LookPath("ffmpeg")
	if err != nil {
		return ErrNoFFmpeg
	}
	codec, err := videoCodec(ctx, ffmpeg)
	if err != nil {
		return err
	}
	vw, vh := w+w%2, h+h%2
	dir, base := filepath.Split(path)
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return fmt.Errorf("film: mp4: %w", err)
	}
	name := tmp.Name()
	if err := tmp.Close(); err != nil {
		return errors.Join(fmt.Errorf("film: mp4: %w", err), os.Remove(name))
	}
	defer func() {
		if err != nil {
			_ = os.Remove(name) // best effort: the error that matters is err
		}
	}()

	args := []string{"-hide_banner", "-loglevel", "error", "-nostats",
		"-f", "rawvideo", "-pix_fmt", "rgba", "-s", fmt.Sprintf("%dx%d", vw, vh),
		"-r", frameRate(f.Delay), "-i", "-", "-an", "-c:v", codec}
	if codec == "libx264" {
		args = append(args, "-crf", "18")
	} else {
		args = append(args, "-q:v", "3")
	}
	args = append(args, "-pix_fmt", "yuv420p", "-movflags", "+faststart",
		"-map_metadata", "-1", "-f", "mp4", "-y", name)
	cmd := exec.CommandContext(ctx, ffmpeg, args...)
	var stderr tail
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return fmt.Errorf("film: mp4: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("film: mp4: starting ffmpeg: %w", err)
	}
	buf := make([]byte, 4*vw*vh)
	var werr error
	for _, m := range f.Frames {
		if werr = ctx.Err(); werr != nil {
			break
		}
		composite(buf, m, w, h, vw, vh, f.Background)
		if _, werr = stdin.Write(buf); werr != nil {
			break // ffmpeg has stopped; Wait says why
		}
	}
	cerr := stdin.Close()
	waitErr := cmd.Wait()
	switch {
	case ctx.Err() != nil:
		return fmt.Errorf("film: mp4: %w", ctx.Err())
	case waitErr != nil:
		return fmt.Errorf("film: mp4: ffmpeg: %w: %s", waitErr, strings.TrimSpace(stderr.String()))
	case werr != nil:
		return fmt.Errorf("film: mp4: writing frames to ffmpeg: %w", werr)
	case cerr != nil:
		return fmt.Errorf("film: mp4: %w", cerr)
	}
	if err := os.Rename(name, path); err != nil {
		return fmt.Errorf("film: mp4: %w", err)
	}
	return nil
}

// videoCodec returns libx264 if this ffmpeg has it, else mpeg4.
func videoCodec(ctx context.Context, ffmpeg string) (string, error) {
	out, err := exec.CommandContext(ctx, ffmpeg, "-hide_banner", "-encoders").Output()
	if ctx.Err() != nil {
		return "", fmt.Errorf("film: mp4: %w", ctx.Err())
	}
	if err != nil {
		return "", fmt.Errorf("film: mp4: listing ffmpeg's encoders: %w", err)
	}
	for line := range strings.Lines(string(out)) {
		if f := strings.Fields(line); len(f) >= 2 && f[1] == "libx264" {
			return "libx264", nil
		}
	}
	return "mpeg4", nil
}

// frameRate returns frames per second for delay d as ffmpeg's num/den.
func frameRate(d time.Duration) string {
	num, den := int64(time.Second), int64(d)
	a, b := num, den
	for b != 0 {
		a, b = b, a%b
	}
	return strconv.FormatInt(num/a, 10) + "/" + strconv.FormatInt(den/a, 10)
}

// composite writes m over bg into buf, an opaque RGBA picture vw×vh; the
// columns and rows beyond m's w×h are bg.
func composite(buf []byte, m *image.NRGBA, w, h, vw, vh int, bg color.NRGBA) {
	for y := range vh {
		out := buf[4*vw*y : 4*vw*(y+1)]
		x0 := 0
		if y < h {
			src := row(m, y, w)
			for i := 0; i < len(src); i += 4 {
				a := uint32(src[i+3])
				d := out[i : i+4 : i+4]
				d[0] = over(src[i], bg.R, a)
				d[1] = over(src[i+1], bg.G, a)
				d[2] = over(src[i+2], bg.B, a)
				d[3] = 0xff
			}
			x0 = w
		}
		for x := x0; x < vw; x++ {
			copy(out[4*x:], []byte{bg.R, bg.G, bg.B, 0xff})
		}
	}
}

// over blends 8-bit channel c with alpha a over background b, rounded.
func over(c, b uint8, a uint32) uint8 {
	return uint8((uint32(c)*a + uint32(b)*(255-a) + 127) / 255)
}

// tail keeps the last 4 KiB written to it: the end of ffmpeg's messages.
type tail struct{ b []byte }

func (t *tail) Write(p []byte) (int, error) {
	const keep = 4 << 10
	t.b = append(t.b, p...)
	if len(t.b) > keep {
		t.b = append(t.b[:0], t.b[len(t.b)-keep:]...)
	}
	return len(p), nil
}

func (t *tail) String() string { return string(t.b) }
