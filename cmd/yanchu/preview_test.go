package main

import (
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"yanchu/encoding/stl"
	"yanchu/render"
)

var updatePreviews = flag.Bool("update-previews", false, "rewrite testdata/previews.json from this run")

// summary is what a small preview of an example shows, rounded: the share of
// the picture the model covers (%), and its mean colour where it does.
type summary struct {
	Coverage int    `json:"coverage_pct"`
	Color    [3]int `json:"mean_rgb"`
}

// previewSet holds the golden summaries of every example's preview.
type previewSet struct {
	mu   sync.Mutex
	want map[string]summary
	got  map[string]summary
}

const previewsFile = "testdata/previews.json"

func loadPreviews(t *testing.T) *previewSet {
	ps := &previewSet{want: map[string]summary{}, got: map[string]summary{}}
	if b, err := os.ReadFile(previewsFile); err == nil {
		if err := json.Unmarshal(b, &ps.want); err != nil {
			t.Fatalf("%s: %v", previewsFile, err)
		}
	} else if !*updatePreviews {
		t.Fatalf("%s: %v; make it with go test ./cmd/yanchu -run TestMakeExamples -update-previews", previewsFile, err)
	}
	t.Cleanup(func() {
		if !*updatePreviews || t.Failed() {
			return
		}
		b, err := json.MarshalIndent(ps.got, "", "  ")
		if err == nil {
			err = os.WriteFile(previewsFile, append(b, '\n'), 0o644)
		}
		if err != nil {
			t.Error(err)
		}
	})
	return ps
}

// check draws the STL at path as a 64 × 64 preview on a clear background and
// compares its summary with the golden one, within 2 of each figure.
func (ps *previewSet) check(t *testing.T, words, path string) {
	t.Helper()
	m, err := stl.DecodeFile(path, stl.DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	img, err := render.Render(t.Context(), m, render.Options{Size: 64, Pitch: 0.45, Yaw: -0.5, Transparent: true})
	if err != nil {
		t.Fatal(err)
	}
	var cover float64
	var rgb [3]float64
	for i := 0; i < len(img.Pix); i += 4 {
		a := float64(img.Pix[i+3]) / 255
		cover += a
		for c := range 3 {
			rgb[c] += float64(img.Pix[i+c]) * a
		}
	}
	got := summary{Coverage: int(math.Round(100 * cover / float64(64*64)))}
	for c := range 3 {
		got.Color[c] = int(math.Round(rgb[c] / math.Max(cover, 1)))
	}
	if got.Coverage == 0 {
		t.Errorf("the preview is empty")
	}
	ps.mu.Lock()
	ps.got[words] = got
	want, ok := ps.want[words]
	ps.mu.Unlock()
	if *updatePreviews {
		return
	}
	if !ok {
		t.Errorf("no golden preview for %q in %s; rerun with -update-previews", words, filepath.Base(previewsFile))
		return
	}
	near := func(a, b int) bool { return a-b <= 2 && b-a <= 2 }
	if !near(got.Coverage, want.Coverage) || !near(got.Color[0], want.Color[0]) || !near(got.Color[1], want.Color[1]) || !near(got.Color[2], want.Color[2]) {
		t.Errorf("preview: got %+v, want %+v", got, want)
	}
}
