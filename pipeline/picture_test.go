package pipeline_test

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "yanchu/catalog/box"
	"yanchu/pipeline"
)

// make --formats png,mp4 writes a still of the model; with no ffmpeg on the
// PATH the MP4 is left out with a warning that says how to get it, and the
// other files are written.
func TestMakePictures(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	u, err := pipeline.Understand("box with lid 100x60x40")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	res, err := pipeline.Make(t.Context(), u, pipeline.MakeOptions{Dir: dir, Formats: []string{"stl", "png", "mp4"}})
	if err != nil {
		t.Fatal(err)
	}
	var formats []string
	for _, f := range res.Files {
		formats = append(formats, f.Format)
	}
	if strings.Join(formats, ",") != "stl,png" {
		t.Errorf("files: got %v, want stl and png", formats)
	}
	f, err := os.Open(filepath.Join(dir, "model.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil || img.Bounds().Dx() != pipeline.DefaultPictureSize {
		t.Fatalf("model.png: %v, %v", err, img)
	}
	warned := false
	for _, w := range res.Warnings {
		warned = warned || strings.Contains(w, "ffmpeg")
	}
	if !warned {
		t.Errorf("no warning about ffmpeg in %q", res.Warnings)
	}
	if _, err := os.Stat(filepath.Join(dir, "model.mp4")); err == nil {
		t.Errorf("model.mp4 was written without ffmpeg")
	}
	if res.Timings.Render <= 0 {
		t.Errorf("no render time")
	}
}
