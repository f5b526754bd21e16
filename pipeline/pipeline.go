// Package pipeline is yanchu's one orchestration, shared by the command line and the
// server: a solid is meshed, checked and written to every requested format, with
// progress and cancellation, and described by the result document.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"yanchu/badinput"
	"yanchu/catalog"
	"yanchu/encoding/glb"
	"yanchu/encoding/obj"
	"yanchu/encoding/stl"
	"yanchu/encoding/threemf"
	"yanchu/geom"
	"yanchu/internal/atomicfile"
	"yanchu/isosurface"
	"yanchu/mesh"
	"yanchu/sdf"
	"yanchu/simplify"
)

// Limits on what a request may ask for, so no input can exhaust the machine.
const (
	// MaxCells is the most cells allowed along the longest side.
	MaxCells = 2000
	// DefaultGLBTriangles is the most triangles a GLB gets unless told otherwise.
	DefaultGLBTriangles = 200_000
)

// Formats lists the mesh formats yanchu writes, by file extension.
var Formats = []string{"stl", "3mf", "glb", "obj"}

// Output is one file to write: its format and path.
type Output struct {
	Format string
	Path   string
}

// Event reports progress: the stage ("mesh", "analyze", "write") and how much of it
// is done. The first event of a make, stage "estimate", carries its estimate
// (where one can be worked out) and no progress.
type Event struct {
	Stage       string
	Done, Total int
	Estimate    *Estimate
}

// Options say how to mesh and what to write.
type Options struct {
	// Cells is the number of cells along the longest side; Cell the cell size in mm,
	// which wins when set.
	Cells int
	Cell  float64
	// Workers is the number of goroutines; 0 means GOMAXPROCS.
	Workers int
	// Tolerance, when positive, makes the mesh lean: within Tolerance (mm) of the
	// true surface, with every guarantee of the uniform mesh kept.
	Tolerance float64
	Outputs   []Output
	// ASCII writes STL as text rather than binary.
	ASCII bool
	// GLBTriangles caps the triangles of a GLB (0 means DefaultGLBTriangles): the
	// solid is meshed again at the coarser cell that fits.
	GLBTriangles int
	// Names name the bodies, largest first.
	Names []string
	// GLBTurns, when set, gives the bodies' motion for a GLB's animation, from
	// the mesh written.
	GLBTurns func(m *mesh.Mesh, f *mesh.Facts) []glb.Turn
	// Title names the model inside the files.
	Title string
	// Progress, when set, receives progress events from one goroutine at a time.
	Progress func(Event)
	// Mirror says the solid is symmetric in the coordinate planes, so one octant
	// is meshed and reflected (see isosurface.Mesher); Turn, when not zero, then
	// turns the mesh (p -> Turn·p).
	Mirror bool
	Turn   geom.Mat3
	// Surface, when set, meshes the solid from a closed form of its surface
	// instead of a grid (see catalog.Model.Surface); the cell options are then
	// unused.
	Surface func(ctx context.Context, tol float64) (*mesh.Mesh, error)
	// Bodies, when set, are the solid's separate bodies, each meshed on its own
	// and joined: for parts closer together than a cell. Mesh then ignores its
	// solid argument but for the cell-count limit.
	Bodies []sdf.Solid
	// Alongside, when set, runs on the finished mesh and its facts while the
	// files are written, such as the printability report; its error fails Mesh.
	Alongside func(context.Context, *mesh.Mesh, *mesh.Facts) error
}

// FormatOf returns the format named by a path's extension, or an input error.
func FormatOf(path string) (string, error) {
	ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	for _, f := range Formats {
		if ext == f {
			return f, nil
		}
	}
	return "", badinput.New(badinput.BadRequest,
		"cannot tell the format of %q from its extension; use .stl, .3mf, .glb or .obj", path)
}

// Check validates the options before any work, so bad input writes nothing.
func (o *Options) Check() error {
	if o.Cell != 0 {
		if !(o.Cell > 0) || math.IsInf(o.Cell, 0) {
			return badinput.New(badinput.OutOfRange, "the cell size must be a positive number of millimetres, got %g", o.Cell)
		}
	} else if o.Cells < 4 || o.Cells > MaxCells {
		return badinput.New(badinput.OverLimit, "cells must be between 4 and %d along the longest side, got %d", MaxCells, o.Cells)
	}
	if o.Tolerance < 0 || o.Tolerance > 1 || math.IsNaN(o.Tolerance) {
		return badinput.New(badinput.OutOfRange, "the tolerance must be between 0 and 1 mm, got %g; 0.01 keeps within a hundredth of a millimetre", o.Tolerance)
	}
	if o.GLBTriangles < 0 {
		return badinput.New(badinput.OutOfRange, "the GLB triangle limit must be positive, got %d", o.GLBTriangles)
	}
	for _, out := range o.Outputs {
		known := false
		for _, f := range Formats {
			known = known || out.Format == f
		}
		if !known {
			return badinput.New(badinput.BadRequest, "unknown format %q; use one of %s", out.Format, strings.Join(Formats, ", "))
		}
	}
	return nil
}

// Mesh meshes s, checks the mesh and writes the outputs. A mesh that fails the
// validator is a bug in yanchu and is never written.
func Mesh(ctx context.Context, s sdf.Solid, opt Options) (*Result, error) {
	if err := opt.Check(); err != nil {
		return nil, err
	}
	m := isosurface.Mesher{Cell: opt.Cell, Cells: opt.Cells, Workers: opt.Workers, Tolerance: opt.Tolerance, Mirror: opt.Mirror}
	if m.Cell > 0 {
		size := s.Bounds().Size().MaxComp()
		if n := size / m.Cell; n > MaxCells {
			return nil, badinput.New(badinput.OverLimit,
				"a %g mm cell gives %.0f cells along the %g mm side, over the limit of %d; use a cell of at least %.3g mm",
				m.Cell, n, size, MaxCells, size/MaxCells)
		}
	}
	if opt.Progress != nil {
		m.Progress = func(done, total int) { opt.Progress(Event{Stage: "mesh", Done: done, Total: total}) }
	}
	res := &Result{}
	t0 := time.Now()
	run := func() (*isosurface.Result, error) {
		if opt.Surface != nil {
			r, err := meshSurface(ctx, s, opt)
			if !errors.Is(err, catalog.ErrSurface) {
				return r, err
			}
			// The closed form could not be followed: sample the solid.
		}
		if len(opt.Bodies) > 0 {
			return meshApart(ctx, m, opt.Bodies)
		}
		return m.Mesh(ctx, s)
	}
	mr, err := run()
	if err != nil {
		return nil, err
	}
	turnMesh(mr, opt.Turn)
	res.Timings.Mesh = ms(time.Since(t0))

	// A binary STL needs the facts only to be kept, not to be written: it is
	// written while they are found, under a temporary name renamed once they
	// pass. Not where failing them means meshing again (creases made sharp).
	var f *mesh.Facts
	known := make(chan struct{})
	abandoned := errors.New("pipeline: the mesh was not written")
	later := func() (*mesh.Facts, error) { <-known; return f, abandoned }
	files := make([]File, len(opt.Outputs))
	errs := make([]error, len(opt.Outputs)+1)
	early := make([]bool, len(opt.Outputs))
	var wg sync.WaitGroup
	release := sync.OnceFunc(func() { close(known) })
	// Whatever happens below, the STL waits no longer than Mesh, and is kept
	// only once Mesh goes on to write the files: until then it is abandoned.
	defer wg.Wait()
	defer release()
	if mr.Creases == 0 {
		first := mr
		for i, out := range opt.Outputs {
			if early[i] = out.Format == "stl" && !opt.ASCII; early[i] {
				wg.Add(1)
				go func() {
					defer wg.Done()
					files[i], errs[i] = write(ctx, first, later, out, opt)
				}()
			}
		}
	}

	t0 = time.Now()
	f = factsOf(mr)
	if f.Err() != nil && mr.Creases > 0 {
		// A crease made sharp swallowed a sliver of a thin edge (see
		// isosurface.Mesher.Blunt): the creases stay as the grid cut them.
		m.Blunt = true
		if mr, err = run(); err != nil {
			return nil, err
		}
		turnMesh(mr, opt.Turn)
		f = factsOf(mr)
	}
	res.Timings.Analyze = ms(time.Since(t0))
	if err := f.Err(); err != nil {
		return nil, fmt.Errorf("pipeline: the mesher made an invalid mesh (this is a bug in yanchu): %w", err)
	}
	res.Mesh = facts(f, opt.Names)
	res.mesh, res.facts = mr.Mesh, f
	res.Mesh.CellMM = round(mr.Cell, 6)
	if opt.Tolerance > 0 {
		res.Mesh.ToleranceMM = opt.Tolerance
		res.Mesh.DeviationMM = round(mr.Deviation, 5)
		res.Mesh.OverTolerance = round(mr.Over, 5)
		res.Mesh.FineTriangles = mr.Fine
	}
	res.Mesh.Grid = mr.Grid
	res.Mesh.Warnings = mr.Warnings

	// The files, and the work alongside, are made at once: each reads the mesh
	// only, and the result lists the files in the order asked.
	t0 = time.Now()
	if opt.Progress != nil {
		opt.Progress(Event{Stage: "write", Total: len(opt.Outputs)})
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("pipeline: %w", err)
	}
	abandoned = nil
	release()
	now := func() (*mesh.Facts, error) { return f, nil }
	for i, out := range opt.Outputs {
		if early[i] {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			files[i], errs[i] = write(ctx, mr, now, out, opt)
		}()
	}
	if opt.Alongside != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[len(opt.Outputs)] = opt.Alongside(ctx, mr.Mesh, f)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	res.Files = files
	res.Timings.Write = ms(time.Since(t0))
	return res, nil
}

// meshSurface meshes s from the closed form of its surface and measures how far
// the mesh strays from the solid's field.
func meshSurface(ctx context.Context, s sdf.Solid, opt Options) (*isosurface.Result, error) {
	tol := opt.Tolerance
	if tol <= 0 {
		tol = DefaultTolerance
	}
	m, err := opt.Surface(ctx, tol)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("pipeline: %w", err)
	}
	dev, over, err := isosurface.DeviationOf(ctx, m, s, tol)
	if err != nil {
		return nil, fmt.Errorf("pipeline: %w", err)
	}
	return &isosurface.Result{Mesh: m, Deviation: dev, Over: over}, nil
}

// meshApart meshes each body on its own and joins the meshes in order. Bodies
// that do not touch give a closed, manifold whole however close they stand.
func meshApart(ctx context.Context, m isosurface.Mesher, bodies []sdf.Solid) (*isosurface.Result, error) {
	out := &isosurface.Result{Mesh: &mesh.Mesh{}}
	var over float64
	var points int
	known, surfaces := true, int32(0)
	for _, b := range bodies {
		r, err := m.Mesh(ctx, b)
		if err != nil {
			return nil, err
		}
		base := uint32(len(out.Mesh.Vertices))
		out.Mesh.Vertices = append(out.Mesh.Vertices, r.Mesh.Vertices...)
		for _, t := range r.Mesh.Triangles {
			out.Mesh.Triangles = append(out.Mesh.Triangles, [3]uint32{t[0] + base, t[1] + base, t[2] + base})
		}
		out.Cell = r.Cell
		for a := range out.Grid {
			out.Grid[a] = max(out.Grid[a], r.Grid[a])
		}
		out.Samples += r.Samples
		out.Leaves += r.Leaves
		out.Warnings = append(out.Warnings, r.Warnings...)
		out.Fine += r.Fine
		out.Deviation = math.Max(out.Deviation, r.Deviation)
		over += r.Over * float64(len(r.Mesh.Triangles))
		points += len(r.Mesh.Triangles)
		out.Creases += r.Creases
		// Each body's surfaces are numbered after the earlier bodies', as their
		// vertices are; known only while every body's are.
		known = known && r.Surfaces != nil
		if known {
			n := int32(0)
			for _, s := range r.Surfaces {
				if s >= 0 {
					n = max(n, s+1)
					s += surfaces
				}
				out.Surfaces = append(out.Surfaces, s)
			}
			surfaces += n
		}
	}
	if !known {
		out.Surfaces = nil
	}
	if points > 0 {
		out.Over = over / float64(points)
	}
	return out, nil
}

// factsOf returns the facts of the mesher's result: from the surfaces the mesher
// joined, for a uniform mesh (mesh.Closed), else from the validator.
func factsOf(mr *isosurface.Result) *mesh.Facts {
	if mr.Surfaces != nil {
		return mesh.Closed(mr.Mesh, mr.Surfaces)
	}
	return mesh.Analyze(mr.Mesh)
}

// turnMesh turns the mesh by t (p -> t·p), unless t is zero or the identity.
func turnMesh(mr *isosurface.Result, t geom.Mat3) {
	if t == (geom.Mat3{}) || t == geom.Identity() {
		return
	}
	for i, v := range mr.Mesh.Vertices {
		mr.Mesh.Vertices[i] = t.MulVec(v)
	}
}

func ms(d time.Duration) float64 { return round(float64(d.Microseconds())/1000, 3) }

// write writes out from the mesher's result; facts gives the mesh's facts, when
// they are known (a binary STL is written before).
func write(ctx context.Context, mr *isosurface.Result, facts func() (*mesh.Facts, error), out Output, opt Options) (File, error) {
	m, tol := mr.Mesh, opt.Tolerance
	var f *mesh.Facts
	if out.Format != "stl" || opt.ASCII {
		var err error
		if f, err = facts(); err != nil {
			return File{}, err
		}
	}
	if out.Format == "glb" {
		var err error
		if m, f, tol, err = forGLB(mr, f, opt); err != nil {
			return File{}, err
		}
	}
	names := opt.Names
	err := atomicfile.WriteFile(out.Path, func(w io.Writer) error {
		w = stoppable{ctx, w}
		switch out.Format {
		case "stl":
			if opt.ASCII {
				return stl.EncodeASCII(w, m, opt.Title)
			}
			return stl.EncodeAhead(w, m, facts)
		case "3mf":
			return threemf.Encode(w, m, threemf.Options{Names: names, Title: opt.Title, Facts: f})
		case "glb":
			var turns []glb.Turn
			if opt.GLBTurns != nil {
				turns = opt.GLBTurns(m, f)
			}
			return glb.Encode(w, m, glb.Options{Names: names, Turns: turns, Facts: f})
		case "obj":
			return obj.Encode(w, m)
		}
		return fmt.Errorf("pipeline: no writer for %q", out.Format)
	})
	if err != nil {
		return File{}, fmt.Errorf("pipeline: writing %s: %w", out.Path, err)
	}
	st, err := os.Stat(out.Path)
	if err != nil {
		return File{}, fmt.Errorf("pipeline: %w", err)
	}
	return File{Format: out.Format, Path: out.Path, Bytes: st.Size(), Triangles: len(m.Triangles), CellMM: round(mr.Cell, 6), ToleranceMM: round(tol, 5)}, nil
}

// stoppable is a writer that fails once its context is done: a stop takes
// effect at the encoder's next write, with the error the context gives.
type stoppable struct {
	ctx context.Context
	w   io.Writer
}

func (s stoppable) Write(b []byte) (int, error) {
	if err := s.ctx.Err(); err != nil {
		return 0, err
	}
	return s.w.Write(b)
}

// forGLB returns the mesh for a GLB: the given one when it is small enough, else
// that mesh simplified at a looser tolerance until it fits. Simplifying keeps every
// body apart and closed, which meshing again at a coarser cell would not: a cell
// wider than a gap fuses the shells of a puzzle ball. Triangle counts on smooth
// surfaces fall as the tolerance grows, so it grows by the excess, at most fourfold
// a step.
func forGLB(mr *isosurface.Result, f *mesh.Facts, opt Options) (*mesh.Mesh, *mesh.Facts, float64, error) {
	limit := opt.GLBTriangles
	if limit == 0 {
		limit = DefaultGLBTriangles
	}
	m := mr.Mesh
	tol := math.Max(opt.Tolerance, 0.01)
	if len(m.Triangles) <= limit {
		return m, f, tol, nil
	}
	for try := 0; len(m.Triangles) > limit; try++ {
		if try == 8 {
			return nil, nil, 0, badinput.New(badinput.OverLimit,
				"could not fit the GLB within %d triangles (the leanest mesh tried has %d, within %.3g mm); raise the limit", limit, len(m.Triangles), tol)
		}
		tol *= math.Min(4, 1.2*float64(len(m.Triangles))/float64(limit))
		r := simplify.Mesh(simplify.Input{Vertices: m.Vertices, Triangles: m.Triangles}, simplify.Options{Tol: tol})
		m = &mesh.Mesh{Vertices: r.Vertices, Triangles: r.Triangles}
	}
	f = mesh.Analyze(m)
	if err := f.Err(); err != nil {
		return nil, nil, 0, fmt.Errorf("pipeline: the GLB mesh is invalid (this is a bug in yanchu): %w", err)
	}
	return m, f, tol, nil
}

func mkdirAll(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("pipeline: %w", err)
	}
	return nil
}
