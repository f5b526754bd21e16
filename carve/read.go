package carve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // frames may be JPEG
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"yanchu/badinput"
)

// maxFileBytes caps the size of a GIF or APNG file, which is read twice: once
// to count its frames and once to decode them.
const maxFileBytes = 1 << 30

// Read reads a turntable film from path: a GIF or animated PNG, a video such
// as an MP4 (through ffmpeg, which must be on PATH), or a folder of PNG or
// JPEG frames taken in the order of their names (frame2 before frame10).
// Every limit (MaxFrames, MaxSide, MaxPixels) is checked from the headers
// before a frame is decoded. A path with nothing there is a missing_video
// error; anything that cannot be read as a film is a bad_video error that
// says what was wrong and what would work.
func Read(ctx context.Context, path string) (*Film, error) {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, badinput.New(MissingVideo, "there is no film at %s; give an MP4 or GIF file, or a folder of PNG or JPEG frames", path)
	}
	if err != nil {
		return nil, badVideo("cannot read the film %s: %v; give an MP4 or GIF file, or a folder of PNG or JPEG frames", path, err)
	}
	if st.IsDir() {
		return readFolder(ctx, path)
	}
	if !st.Mode().IsRegular() {
		return nil, badVideo("the film %s is not a file or a folder; give an MP4 or GIF file, or a folder of PNG or JPEG frames", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, badVideo("cannot open the film %s: %v", path, err)
	}
	defer f.Close() // read only: nothing to flush
	return readFile(ctx, f, st.Size(), filepath.Base(path), func() (string, func(), error) { return path, func() {}, nil })
}

// Decode reads a film sent as bytes, such as an upload: a GIF or animated
// PNG, or a video through ffmpeg, from a temporary file it removes. name is
// for messages only. The limits and errors are Read's.
func Decode(ctx context.Context, name string, data []byte) (*Film, error) {
	if int64(len(data)) > maxFileBytes {
		return nil, badVideo("the film %s is %d MB, over the limit of %d MB; give a shorter or smaller film", name, len(data)>>20, maxFileBytes>>20)
	}
	onDisk := func() (string, func(), error) {
		tmp, err := os.CreateTemp("", "yanchu-film-*")
		if err != nil {
			return "", nil, fmt.Errorf("carve: %w", err)
		}
		done := func() { os.Remove(tmp.Name()) } // a temporary copy: nothing to keep
		if _, err := tmp.Write(data); err != nil {
			tmp.Close()
			done()
			return "", nil, fmt.Errorf("carve: writing the film for ffmpeg: %w", err)
		}
		if err := tmp.Close(); err != nil {
			done()
			return "", nil, fmt.Errorf("carve: writing the film for ffmpeg: %w", err)
		}
		return tmp.Name(), done, nil
	}
	return readFile(ctx, bytes.NewReader(data), int64(len(data)), name, onDisk)
}

// readFile reads a film of size bytes from r, named name in messages: a GIF
// or animated PNG from r itself, anything else as a video from the path that
// onDisk gives (and cleans up after).
func readFile(ctx context.Context, r io.ReadSeeker, size int64, name string, onDisk func() (string, func(), error)) (*Film, error) {
	head := make([]byte, 16)
	n, _ := io.ReadFull(r, head)
	head = head[:n]
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, badVideo("cannot read the film %s: %v", name, err)
	}
	switch {
	case n == 0:
		return nil, badVideo("the film %s is empty; give an MP4 or GIF file, or a folder of PNG or JPEG frames", name)
	case bytes.HasPrefix(head, []byte("GIF8")):
		if size > maxFileBytes {
			return nil, badVideo("the GIF %s is %d MB, over the limit of %d MB; give a shorter or smaller film", name, size>>20, maxFileBytes>>20)
		}
		return readGIF(ctx, r, name)
	case bytes.HasPrefix(head, pngSignature):
		if size > maxFileBytes {
			return nil, badVideo("the PNG %s is %d MB, over the limit of %d MB; give a shorter or smaller film", name, size>>20, maxFileBytes>>20)
		}
		return readAPNG(ctx, r, name)
	case bytes.HasPrefix(head, []byte{0xff, 0xd8, 0xff}):
		return nil, badVideo("%s is one JPEG picture, not a film; give an MP4 or GIF of the object turning, or a folder of its frames", name)
	case looksLikeText(head):
		return nil, badVideo("%s is text, not a film; give an MP4 or GIF file, or a folder of PNG or JPEG frames", name)
	}
	path, done, err := onDisk()
	if err != nil {
		return nil, err
	}
	defer done()
	return readVideo(ctx, path, name)
}

// looksLikeText reports whether the first bytes of a file are printable text.
func looksLikeText(b []byte) bool {
	for _, c := range b {
		if c < 0x09 || c > 0x7e || (c > 0x0d && c < 0x20) {
			return false
		}
	}
	return len(b) > 0
}

// readFolder reads the PNG and JPEG frames in dir, in natural order of name.
func readFolder(ctx context.Context, dir string) (*Film, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, badVideo("cannot list the folder %s: %v", dir, err)
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		ext := strings.ToLower(filepath.Ext(n))
		if e.Type().IsRegular() && !strings.HasPrefix(n, ".") && (ext == ".png" || ext == ".jpg" || ext == ".jpeg") {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return nil, badVideo("the folder %s holds no PNG or JPEG frames; put the film's frames there as frame001.png, frame002.png and so on", dir)
	}
	slices.SortFunc(names, naturalCompare)
	// Every header first, so nothing large is decoded from a film over a limit.
	var w, h int
	for i, n := range names {
		cfg, err := frameConfig(filepath.Join(dir, n))
		if err != nil {
			return nil, err
		}
		if i == 0 {
			w, h = cfg.Width, cfg.Height
			if err := checkSize("the folder "+dir, w, h, len(names)); err != nil {
				return nil, err
			}
		} else if cfg.Width != w || cfg.Height != h {
			return nil, badVideo("the frame %s is %d×%d but %s is %d×%d; all frames of a film must be the same size",
				n, cfg.Width, cfg.Height, names[0], w, h)
		}
	}
	film := &Film{Width: w, Height: h}
	for _, n := range names {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		m, err := decodeFrame(filepath.Join(dir, n))
		if err != nil {
			return nil, err
		}
		if m.Bounds().Dx() != w || m.Bounds().Dy() != h {
			return nil, badVideo("the frame %s decodes to %d×%d, not the %d×%d its header says", n, m.Bounds().Dx(), m.Bounds().Dy(), w, h)
		}
		film.frames = append(film.frames, toRGB(m))
	}
	return film, nil
}

// frameConfig reads the header of the picture at path.
func frameConfig(path string) (image.Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return image.Config{}, badVideo("cannot open the frame %s: %v", filepath.Base(path), err)
	}
	defer f.Close() // read only
	cfg, _, err := image.DecodeConfig(f)
	if err != nil {
		return cfg, badVideo("the frame %s is not a PNG or JPEG picture (%v); give PNG or JPEG frames", filepath.Base(path), err)
	}
	return cfg, nil
}

// decodeFrame decodes the picture at path.
func decodeFrame(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, badVideo("cannot open the frame %s: %v", filepath.Base(path), err)
	}
	defer f.Close() // read only
	m, _, err := image.Decode(f)
	if err != nil {
		return nil, badVideo("cannot decode the frame %s (%v); give PNG or JPEG frames", filepath.Base(path), err)
	}
	return m, nil
}

// naturalCompare orders names as people count: runs of digits compare by
// their value, so frame2 comes before frame10.
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		da, db := digits(a), digits(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if c := len(na) - len(nb); c != 0 {
				return c
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return int(a[0]) - int(b[0])
		}
		a, b = a[1:], b[1:]
	}
	if c := len(a) - len(b); c != 0 {
		return c
	}
	return 0
}

// digits returns the length of the run of ASCII digits at the start of s.
func digits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// pngSignature starts every PNG file.
var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// stillPNG is the message for a PNG that holds one picture.
func stillPNG(name string) error {
	return badVideo("%s is one PNG picture, not a film; give an MP4, GIF or animated PNG of the object turning, or a folder of its frames", name)
}
