package slicer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"yanchu/encoding/threemf"
	"yanchu/geom"
	"yanchu/internal/atomicfile"
	"yanchu/mesh"
)

// SliceInput is what Slice needs: a configuration, a model and where the G-code
// goes.
type SliceInput struct {
	// Config is the configuration to slice with (see VendorConfig and Generic).
	Config *Config
	// Model is the path of a 3MF, STL or OBJ file to slice. When it is empty, Mesh
	// is written as a 3MF file (one object, see package threemf) and sliced.
	Model string
	// Mesh is the model when Model is empty, and Names names its bodies.
	Mesh  *mesh.Mesh
	Names []string
	// Facts, when set, are Mesh's facts, taken instead of analysing it again.
	Facts *mesh.Facts
	// Output is the path of the G-code file to write. The file appears only
	// when slicing succeeds, complete: it is written under a temporary name in
	// the same folder and renamed.
	Output string
	// Executable is the prusa-slicer to run; Find's answer when empty.
	Executable string
}

// Sliced is what a successful Slice made.
type Sliced struct {
	// GCode is the path of the G-code file (SliceInput.Output).
	GCode string
	// Args are the arguments prusa-slicer ran with, after the executable; the
	// temporary paths in them are gone once Slice returns.
	Args []string
	// Log is the tail of what prusa-slicer printed (at most LogBytes).
	Log string
	// Elapsed is how long prusa-slicer ran.
	Elapsed time.Duration
	// Offset is what PrusaSlicer added to the mesh's coordinates to place it, so
	// a point p of SliceInput.Mesh is at p + Offset in the G-code: the bounding
	// box is centred on the bed and its bottom set on it. OffsetKnown is false,
	// and Offset zero, when the model came from a file.
	Offset      geom.Vec3
	OffsetKnown bool
}

// LogBytes is the most of prusa-slicer's output that Slice keeps (64 KiB, the end).
const LogBytes = 64 << 10

// Slice writes in.Config and the model to a temporary folder and runs
//
//	prusa-slicer --export-gcode --datadir TMP --load TMP/config.ini --center X,Y --output OUT MODEL
//
// where X,Y is the centre of the bed's bounding box from bed_shape, so the model
// is placed there whole: a 3MF with one object, however many nested bodies,
// stays one object (prusa-slicer neither splits nor arranges it; --ensure-on-bed,
// its default, sets it on the bed). --datadir points at an empty folder, so the
// person's own PrusaSlicer settings play no part. Cancelling ctx kills the
// process. A failure returns an error that quotes the last lines PrusaSlicer
// printed; a missing executable returns Find's error, which wraps
// ErrNotInstalled.
func Slice(ctx context.Context, in SliceInput) (*Sliced, error) {
	if in.Config == nil {
		return nil, errors.New("slicer: no config to slice with")
	}
	if in.Output == "" {
		return nil, errors.New("slicer: no output path for the G-code")
	}
	if in.Model == "" && (in.Mesh == nil || len(in.Mesh.Triangles) == 0) {
		return nil, errors.New("slicer: nothing to slice: give a model file or a mesh")
	}
	cx, cy, ok := in.Config.BedCentre()
	if !ok {
		return nil, errors.New("slicer: the config has no readable bed_shape, so the model cannot be centred on the bed")
	}
	exe := in.Executable
	if exe == "" {
		var err error
		if exe, err = Find(); err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("slicer: %w", err)
	}
	tmp, err := os.MkdirTemp("", "yanchu-slice-")
	if err != nil {
		return nil, fmt.Errorf("slicer: %w", err)
	}
	defer os.RemoveAll(tmp)
	configPath := filepath.Join(tmp, "config.ini")
	if err := in.Config.WriteFile(configPath); err != nil {
		return nil, fmt.Errorf("slicer: writing the config: %w", err)
	}
	model := in.Model
	if model == "" {
		model = filepath.Join(tmp, "model.3mf")
		err := atomicfile.WriteFile(model, func(w io.Writer) error {
			return threemf.Encode(w, in.Mesh, threemf.Options{Names: in.Names, Facts: in.Facts})
		})
		if err != nil {
			return nil, fmt.Errorf("slicer: writing the model: %w", err)
		}
	} else if abs, err := filepath.Abs(model); err == nil {
		model = abs
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("slicer: %w", err)
	}

	// PrusaSlicer writes to the temporary name (itself through NAME.tmp), which is
	// renamed to Output only after it exits successfully.
	outDir, outBase := filepath.Split(in.Output)
	if outDir == "" {
		outDir = "."
	}
	f, err := os.CreateTemp(outDir, "."+outBase+".*.gcode")
	if err != nil {
		return nil, fmt.Errorf("slicer: %w", err)
	}
	partial := f.Name()
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("slicer: %w", err)
	}
	defer os.Remove(partial)
	if abs, err := filepath.Abs(partial); err == nil {
		partial = abs // prusa-slicer runs in the temporary folder
	}

	args := []string{
		"--export-gcode",
		"--datadir", filepath.Join(tmp, "datadir"),
		"--load", configPath,
		"--center", strconv.FormatFloat(cx, 'f', -1, 64) + "," + strconv.FormatFloat(cy, 'f', -1, 64),
		"--output", partial,
		model,
	}
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Dir = tmp
	cmd.WaitDelay = 5 * time.Second
	var log tail
	cmd.Stdout, cmd.Stderr = &log, &log
	start := time.Now()
	runErr := cmd.Run()
	elapsed := time.Since(start)
	out := &Sliced{GCode: in.Output, Args: args, Log: log.String(), Elapsed: elapsed}
	if in.Model == "" {
		b := in.Mesh.Bounds()
		c := b.Center()
		out.Offset, out.OffsetKnown = geom.Vec3{X: cx - c.X, Y: cy - c.Y, Z: -b.Min.Z}, true
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("slicer: prusa-slicer stopped after %v: %w", elapsed.Round(time.Millisecond), err)
	}
	if runErr != nil {
		return nil, fmt.Errorf("slicer: prusa-slicer failed (%v) on %s:\n%s", runErr, filepath.Base(in.Output), lastLines(out.Log, 12))
	}
	if fi, err := os.Stat(partial); err != nil || fi.Size() == 0 {
		return nil, fmt.Errorf("slicer: prusa-slicer exited 0 but wrote no G-code:\n%s", lastLines(out.Log, 12))
	}
	if err := os.Rename(partial, in.Output); err != nil {
		return nil, fmt.Errorf("slicer: %w", err)
	}
	return out, nil
}

// tail is an io.Writer keeping the last LogBytes written to it; safe for the
// two goroutines exec uses for stdout and stderr.
type tail struct {
	mu  sync.Mutex
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := len(p)
	if len(p) >= LogBytes {
		p = p[len(p)-LogBytes:]
		t.buf = t.buf[:0]
	}
	if over := len(t.buf) + len(p) - LogBytes; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	t.buf = append(t.buf, p...)
	return n, nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}

// lastLines returns the last n non-blank lines of log, leaving out Boost's trace
// lines (PrusaSlicer prints one at every start, whatever the log level).
func lastLines(log string, n int) string {
	var keep []string
	for _, l := range strings.Split(log, "\n") {
		l = strings.TrimRight(l, "\r ")
		if l == "" || strings.Contains(l, "] [trace]") {
			continue
		}
		keep = append(keep, l)
	}
	if len(keep) > n {
		keep = keep[len(keep)-n:]
	}
	if len(keep) == 0 {
		return "\t(no output)"
	}
	return "\t" + strings.Join(keep, "\n\t")
}
