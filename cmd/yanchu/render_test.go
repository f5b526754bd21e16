package main

import (
	"bytes"
	"encoding/json"
	"image/gif"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// render draws a meshed file as a still and as films; the files decode, the
// film has its frames, and a quarter-pixel shift moves no pixel far.
func TestRender(t *testing.T) {
	dir := t.TempDir()
	stl := filepath.Join(dir, "r1.stl")
	if _, code, stderr := runJSON(t, "mesh", "--example", "r1", "--cells", "80", "-o", stl, "--json"); code != 0 {
		t.Fatalf("mesh: exit %d: %s", code, stderr)
	}
	still := func(name string, extra ...string) []byte {
		t.Helper()
		path := filepath.Join(dir, name)
		var out, errb bytes.Buffer
		if code := run(t.Context(), append([]string{"render", stl, "-o", path, "--size", "128", "--json"}, extra...), &out, &errb); code != 0 {
			t.Fatalf("render %s: exit %d: %s", name, code, errb.String())
		}
		var doc struct {
			File struct{ Format string }
		}
		if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
			t.Fatalf("render --json: %v: %s", err, out.String())
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	a := still("a.png", "--material", "pla-blue")
	img, err := png.Decode(bytes.NewReader(a))
	if err != nil || img.Bounds().Dx() != 128 {
		t.Fatalf("the PNG: %v, %v", err, img)
	}
	// A quarter-pixel shift moves no pixel by more than 15% of full scale.
	b := still("b.png", "--material", "pla-blue", "--shift", "0.25,0")
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	worst := 0
	for y := range 128 {
		for x := range 128 {
			r1, g1, b1, _ := img.At(x, y).RGBA()
			r2, g2, b2, _ := ib.At(x, y).RGBA()
			for _, d := range []int{int(r1>>8) - int(r2>>8), int(g1>>8) - int(g2>>8), int(b1>>8) - int(b2>>8)} {
				worst = max(worst, d, -d)
			}
		}
	}
	if worst > 38 {
		t.Errorf("a quarter-pixel shift changed a pixel by %d of 255", worst)
	}
	g := still("c.gif", "--frames", "12", "--seconds", "1.2", "--cutaway")
	film, err := gif.DecodeAll(bytes.NewReader(g))
	if err != nil || len(film.Image) != 12 || film.Delay[0] != 10 {
		t.Fatalf("the GIF: %v, %d frames, delay %v", err, len(film.Image), film.Delay)
	}
	if !bytes.Equal(a, still("a2.png", "--material", "pla-blue")) {
		t.Errorf("the same render gave different bytes")
	}
	// A GLB of the same mesh draws the same picture, give or take its float32
	// metres and its triangle budget (its mesh is leaner): on the whole within
	// a hundredth of full scale.
	glbPath := filepath.Join(dir, "r1.glb")
	if _, code, stderr := runJSON(t, "mesh", "--example", "r1", "--cells", "80", "-o", glbPath, "--json"); code != 0 {
		t.Fatalf("mesh to GLB: exit %d: %s", code, stderr)
	}
	var out, errb bytes.Buffer
	fromGLB := filepath.Join(dir, "g.png")
	if code := run(t.Context(), []string{"render", glbPath, "-o", fromGLB, "--size", "128", "--material", "pla-blue"}, &out, &errb); code != 0 {
		t.Fatalf("render a GLB: exit %d: %s", code, errb.String())
	}
	gb, err := os.ReadFile(fromGLB)
	if err != nil {
		t.Fatal(err)
	}
	ig, err := png.Decode(bytes.NewReader(gb))
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for y := range 128 {
		for x := range 128 {
			r1, _, _, _ := img.At(x, y).RGBA()
			r2, _, _, _ := ig.At(x, y).RGBA()
			sum += math.Abs(float64(r1>>8) - float64(r2>>8))
		}
	}
	if d := sum / (128 * 128); d > 0.5 {
		t.Errorf("the GLB's picture differs from the STL's by %.2f of 255 on average", d)
	} else {
		t.Logf("the GLB's picture differs from the STL's by %.2f of 255 on average", d)
	}
}

func TestRenderBadInput(t *testing.T) {
	dir := t.TempDir()
	stl := filepath.Join(dir, "r2.stl")
	if _, code, stderr := runJSON(t, "mesh", "--example", "r2", "--cells", "40", "-o", stl, "--json"); code != 0 {
		t.Fatalf("mesh: exit %d: %s", code, stderr)
	}
	for _, c := range []struct {
		name string
		args []string
		code string
	}{
		{"no output", []string{"render", stl, "--json"}, "bad_request"},
		{"unknown extension", []string{"render", stl, "-o", filepath.Join(dir, "a.bmp"), "--json"}, "bad_request"},
		{"missing mesh", []string{"render", filepath.Join(dir, "none.stl"), "-o", filepath.Join(dir, "a.png"), "--json"}, "bad_mesh"},
		{"tiny size", []string{"render", stl, "-o", filepath.Join(dir, "a.png"), "--size", "2", "--json"}, "out_of_range"},
		{"bad shift", []string{"render", stl, "-o", filepath.Join(dir, "a.png"), "--shift", "3,0", "--json"}, "out_of_range"},
		{"bad material", []string{"render", stl, "-o", filepath.Join(dir, "a.png"), "--material", "gold", "--json"}, "unknown_word"},
		{"one frame", []string{"render", stl, "-o", filepath.Join(dir, "a.gif"), "--frames", "1", "--json"}, "out_of_range"},
		{"unknown motion", []string{"render", stl, "-o", filepath.Join(dir, "a.gif"), "--motion", "dance", "--json"}, "bad_request"},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc, code, _ := runJSON(t, c.args...)
			if code != 2 || doc.Error == nil || doc.Error.Code != c.code {
				t.Fatalf("exit %d, error %+v; want 2 and %s", code, doc.Error, c.code)
			}
			for _, n := range []string{"a.png", "a.gif", "a.bmp"} {
				if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
					t.Errorf("%s was written", n)
				}
			}
		})
	}
}
