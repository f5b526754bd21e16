package main

import (
	"fmt"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"yanchu/internal/filmtest"
)

// framesDir writes a turntable film of filmtest.Tower (20 mm across, 30 mm
// tall) as a folder of 48 PNG frames of 128² pixels seen from 25° above.
func framesDir(t *testing.T) string {
	t.Helper()
	frames, err := filmtest.Frames(t.Context(), filmtest.Tower(), 128, 48, 25*math.Pi/180)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "film")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i, f := range frames {
		out, err := os.Create(filepath.Join(dir, fmt.Sprintf("frame%d.png", i+1)))
		if err != nil {
			t.Fatal(err)
		}
		if err := png.Encode(out, f); err != nil {
			t.Fatal(err)
		}
		if err := out.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestCarve: yanchu carve reads a folder of frames, sizes the copy by the
// words, and writes closed files of that size, every figure with its source;
// make --film does the same.
func TestCarve(t *testing.T) {
	film := framesDir(t)
	for _, args := range [][]string{
		{"carve", film, "高45毫米"},
		{"make", "视频建模 高45毫米", "--film", film},
	} {
		dir := filepath.Join(t.TempDir(), "out")
		doc, code, stderr := runJSON(t, append(args, "--json", "-o", dir, "--formats", "3mf,stl")...)
		if code != 0 {
			t.Fatalf("%q: exit %d: %s", args, code, stderr)
		}
		if doc.Spec.Domain != carvedDomain {
			t.Errorf("%q: domain %q", args, doc.Spec.Domain)
		}
		for name, want := range map[string]string{"height": "said", "width": "derived", "depth": "derived", "pitch": "derived", "turn": "default"} {
			if got := doc.Spec.Params[name].Source; got != want {
				t.Errorf("%q: %s is %s, want %s", args, name, got, want)
			}
		}
		m := doc.Mesh
		height := m.BBox.Max[2] - m.BBox.Min[2]
		width := m.BBox.Max[0] - m.BBox.Min[0]
		if !m.Watertight || m.Components != 1 || math.Abs(height-45) > 0.45 || math.Abs(width-30) > 1.5 {
			t.Errorf("%q: watertight %v, %d bodies, %.2f mm wide and %.2f mm tall; want closed, one, about 30 and 45",
				args, m.Watertight, m.Components, width, height)
		}
		if len(doc.Files) != 2 {
			t.Fatalf("%q: %d files", args, len(doc.Files))
		}
		for _, f := range doc.Files {
			if st, err := os.Stat(f.Path); err != nil || st.Size() != f.Bytes {
				t.Errorf("%q: %s: %v", args, f.Path, err)
			}
		}
	}
}

// TestCarveRefusals: what cannot be carved exits 2 with what would work,
// and writes nothing.
func TestCarveRefusals(t *testing.T) {
	film := framesDir(t)
	for _, c := range []struct {
		args       []string
		code, want string
	}{
		{[]string{"carve"}, "missing_video", "give the film to carve"},
		{[]string{"carve", filepath.Join(film, "none")}, "missing_video", "there is no film"},
		{[]string{"carve", film, "花瓶 高15厘米"}, "conflict", "leave out what names a vase"},
		{[]string{"carve", film, "--film", film}, "conflict", "leave out --film"},
		{[]string{"carve", film, "高15厘米 宽20厘米"}, "conflict", "the film fixes the object's proportions"},
		{[]string{"carve", filepath.Join(film, "frame1.png")}, "bad_video", ""},
		{[]string{"make", "视频建模 高15厘米"}, "missing_video", "carved from a turntable film"},
		{[]string{"make", "花瓶", "--film", film}, "bad_request", "takes no film"},
	} {
		dir := filepath.Join(t.TempDir(), "out")
		doc, code, stderr := runJSON(t, append(c.args, "--json", "-o", dir)...)
		if code != 2 || doc.Error == nil || doc.Error.Code != c.code || !strings.Contains(doc.Error.Message, c.want) {
			t.Errorf("%q: exit %d, error %+v (%s); want 2, %s and %q", c.args, code, doc.Error, stderr, c.code, c.want)
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("%q: output folder exists after a refusal: %v", c.args, err)
		}
	}
}
