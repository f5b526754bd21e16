package slicer

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"yanchu/internal/needtool"

	"yanchu/gcode"
	"yanchu/geom"
	"yanchu/isosurface"
	"yanchu/mesh"
	"yanchu/sdf"
)

func mustMesh(t *testing.T, s sdf.Solid, cell, tol float64) *mesh.Mesh {
	t.Helper()
	r, err := isosurface.Mesher{Cell: cell, Tolerance: tol}.Mesh(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	return r.Mesh
}

func genericConfig(t *testing.T) *Config {
	t.Helper()
	c, err := Generic{BedX: 250, BedY: 210, MaxZ: 210, NozzleMM: 0.4, LayerMM: 0.2}.Config()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// leftovers lists the files in dir other than keep.
func leftovers(t *testing.T, dir string, keep ...string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if !slices.Contains(keep, e.Name()) {
			names = append(names, e.Name())
		}
	}
	return names
}

func TestSliceInputErrors(t *testing.T) {
	c := genericConfig(t)
	cube := &mesh.Mesh{Vertices: []geom.Vec3{{}}, Triangles: [][3]uint32{{0, 0, 0}}}
	for _, tc := range []struct {
		name string
		in   SliceInput
		want string
	}{
		{"no config", SliceInput{Model: "m.3mf", Output: "o.gcode"}, "no config"},
		{"no output", SliceInput{Config: c, Model: "m.3mf"}, "no output path"},
		{"no model", SliceInput{Config: c, Output: "o.gcode"}, "nothing to slice"},
		{"no bed", SliceInput{Config: &Config{}, Mesh: cube, Output: "o.gcode", Executable: "/bin/false"}, "no readable bed_shape"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Slice(t.Context(), tc.in)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "slicer: ") {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

// TestSliceFake runs Slice against shell scripts standing in for prusa-slicer:
// the arguments, the error that quotes the output, the atomic output, and
// cancellation.
func TestSliceFake(t *testing.T) {
	bin := t.TempDir()
	model := filepath.Join(t.TempDir(), "model.stl")
	if err := os.WriteFile(model, []byte("solid x\nendsolid x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := genericConfig(t)

	t.Run("success", func(t *testing.T) {
		seen := filepath.Join(t.TempDir(), "seen.ini")
		exe := fakeExecutable(t, bin, "ok", `while [ $# -gt 0 ]; do
	case "$1" in --output) out=$2;; --load) cp "$2" "`+seen+`";; esac; shift
done
printf ';LAYER_CHANGE\n' > "$out"`)
		outDir := t.TempDir()
		out := filepath.Join(outDir, "part.gcode")
		s, err := Slice(t.Context(), SliceInput{Config: c, Model: model, Output: out, Executable: exe})
		if err != nil {
			t.Fatal(err)
		}
		if s.GCode != out || s.OffsetKnown {
			t.Errorf("Sliced %+v", s)
		}
		if got, _ := os.ReadFile(out); string(got) != ";LAYER_CHANGE\n" {
			t.Errorf("output %q", got)
		}
		if extra := leftovers(t, outDir, "part.gcode"); len(extra) > 0 {
			t.Errorf("left behind %q", extra)
		}
		want := []string{"--export-gcode", "--datadir", "--load", "--center", "125,105", "--output", model}
		for _, w := range want {
			if !slices.Contains(s.Args, w) {
				t.Errorf("args %q lack %q", s.Args, w)
			}
		}
		b, err := ReadBundle(seen)
		if err != nil {
			t.Fatal(err)
		}
		if got := b.Sections[0].Values["bed_shape"]; got != "0x0,250x0,250x210,0x210" {
			t.Errorf("the config prusa-slicer got has bed_shape %q", got)
		}
	})

	t.Run("relative output", func(t *testing.T) {
		exe := fakeExecutable(t, bin, "writer", `while [ $# -gt 0 ]; do [ "$1" = --output ] && out=$2; shift; done
echo G1 > "$out"`)
		t.Chdir(t.TempDir())
		if _, err := Slice(t.Context(), SliceInput{Config: c, Model: model, Output: "rel.gcode", Executable: exe}); err != nil {
			t.Fatal(err)
		}
		if got, err := os.ReadFile("rel.gcode"); err != nil || string(got) != "G1\n" {
			t.Errorf("rel.gcode: %q, %v", got, err)
		}
	})

	t.Run("failure", func(t *testing.T) {
		exe := fakeExecutable(t, bin, "fail", `echo "[2026-01-01] [0x1] [trace]   Initializing StaticPrintConfigs"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do echo "line $i"; done
echo "Objects could not fit on the bed" >&2
exit 134`)
		outDir := t.TempDir()
		out := filepath.Join(outDir, "part.gcode")
		_, err := Slice(t.Context(), SliceInput{Config: c, Model: model, Output: out, Executable: exe})
		if err == nil {
			t.Fatal("no error")
		}
		msg := err.Error()
		for _, want := range []string{"exit status 134", "Objects could not fit on the bed", "line 14", "line 4\n"} {
			if !strings.Contains(msg, want) {
				t.Errorf("error %q lacks %q", msg, want)
			}
		}
		if strings.Contains(msg, "line 3\n") || strings.Contains(msg, "[trace]") {
			t.Errorf("error %q quotes more than the last 12 lines", msg)
		}
		if extra := leftovers(t, outDir); len(extra) > 0 {
			t.Errorf("a failed slice left %q", extra)
		}
	})

	t.Run("no output", func(t *testing.T) {
		exe := fakeExecutable(t, bin, "lazy", `echo done`)
		_, err := Slice(t.Context(), SliceInput{Config: c, Model: model, Output: filepath.Join(t.TempDir(), "o.gcode"), Executable: exe})
		if err == nil || !strings.Contains(err.Error(), "wrote no G-code") {
			t.Errorf("error %v", err)
		}
	})

	t.Run("cancel", func(t *testing.T) {
		exe := fakeExecutable(t, bin, "slow", `exec sleep 30`)
		ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := Slice(ctx, SliceInput{Config: c, Model: model, Output: filepath.Join(t.TempDir(), "o.gcode"), Executable: exe})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("error %v, want the deadline", err)
		}
		if d := time.Since(start); d > 4*time.Second {
			t.Errorf("Slice returned %v after the deadline", d)
		}
	})
}

// requireSlicer returns the prusa-slicer executable, skipping the test when it is
// not installed except under CI, which installs it.
func requireSlicer(t *testing.T) string {
	t.Helper()
	exe, err := Find()
	if err != nil {
		needtool.Skip(t, "prusa-slicer is not installed (apt-get install prusa-slicer): %v", err)
	}
	return exe
}

func slicedStats(t *testing.T, in SliceInput) (*Sliced, *gcode.Stats) {
	t.Helper()
	in.Output = filepath.Join(t.TempDir(), "out.gcode")
	s, err := Slice(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(s.GCode)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := gcode.Parse(f, gcode.Options{Segments: true})
	if err != nil {
		t.Fatal(err)
	}
	if !st.HasTime || !(st.TimeS > 0) || !st.HasFilamentMM || !(st.FilamentMM > 0) ||
		!(st.FilamentCM3 > 0) || !(st.FilamentG > 0) {
		t.Errorf("summary: time %v (%v), filament %v mm (%v), %v cm³, %v g", st.TimeS, st.HasTime,
			st.FilamentMM, st.HasFilamentMM, st.FilamentCM3, st.FilamentG)
	}
	// The moves push what the summary reports, plus the start G-code's prime line.
	if d := st.ExtrudedMM - st.FilamentMM; d < -0.01*st.FilamentMM || d > 0.01*st.FilamentMM+30 {
		t.Errorf("moves extrude %.1f mm of filament, the summary says %.1f", st.ExtrudedMM, st.FilamentMM)
	}
	t.Logf("sliced in %v: %d layers, %.0f s, %.1f mm = %.2f cm³ = %.2f g of filament, %d segments",
		s.Elapsed.Round(time.Millisecond), st.LayerCount, st.TimeS, st.FilamentMM, st.FilamentCM3, st.FilamentG, len(st.Segments))
	return s, st
}

func TestSliceCube(t *testing.T) {
	exe := requireSlicer(t)
	dir := requireProfiles(t)
	cube := mustMesh(t, sdf.Box(geom.V(20, 20, 20), 0), 0.5, 0)
	mk3s, err := VendorConfig(dir, "PrusaResearch", "Original Prusa i3 MK3S & MK3S+")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		c      *Config
		layers int
	}{
		{"MK3S", mk3s, 133}, // a 0.2 mm first layer, then 0.15 mm
		{"generic", genericConfig(t), 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, st := slicedStats(t, SliceInput{Config: tc.c, Mesh: cube, Executable: exe})
			if st.LayerCount < tc.layers-1 || st.LayerCount > tc.layers+1 {
				t.Errorf("%d layers, want %d", st.LayerCount, tc.layers)
			}
			cx, cy, _ := tc.c.BedCentre()
			if !s.OffsetKnown || math.Abs(s.Offset.X-cx) > 0.01 || math.Abs(s.Offset.Y-cy) > 0.01 || math.Abs(s.Offset.Z-10) > 0.01 {
				t.Errorf("offset %v, want the bed centre %g,%g and 10 up", s.Offset, cx, cy)
			}
			b := geom.EmptyBox()
			for _, sg := range st.Segments {
				if sg.Type == "External perimeter" {
					b = b.Include(sg.A).Include(sg.B)
				}
			}
			want := geom.Box{Min: geom.V(cx-10, cy-10, 0), Max: geom.V(cx+10, cy+10, 20)}
			if d := b.Min.Sub(want.Min).Abs().Max(b.Max.Sub(want.Max).Abs()); d.X > 0.5 || d.Y > 0.5 || d.Z > 0.25 {
				t.Errorf("external perimeters span %v, want about %v", b, want)
			}
		})
	}
}
