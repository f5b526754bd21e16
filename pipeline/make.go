package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"yanchu/badinput"
	"yanchu/catalog"
	"yanchu/catalog/nested"
	"yanchu/encoding/glb"
	"yanchu/geom"
	"yanchu/mesh"
	"yanchu/printcheck"
	"yanchu/query"
	"yanchu/render"
	"yanchu/sdf"
	"yanchu/spec"
)

// Understanding is what yanchu made of the words: the resolved spec, its domain's
// schema and the canonical words.
type Understanding struct {
	Words     string
	Spec      *spec.Spec
	Schema    *spec.Schema
	Canonical string
	Took      time.Duration
	// InputsTook is the time WithInputs took to settle what the inputs
	// settle: a picture's header read, a film carved.
	InputsTook time.Duration
	// Heard is what the words said besides the parameters: the printer named,
	// the words set aside and the corrections.
	Heard spec.Heard
	// Printer is the printer the model is for: the one given with the words or
	// named in them; nil for none.
	Printer *printcheck.Printer
}

var (
	readerOnce sync.Once
	theReader  *query.Reader
	readerErr  error
)

// Parse reads words for the registered domains (see catalog.Register) into the
// spec of what was said. The reader is made on first use, once every domain
// package linked into the program has registered.
func Parse(words string) (*spec.Spec, error) {
	readerOnce.Do(func() {
		var ds []query.Domain
		for _, d := range catalog.All() {
			ds = append(ds, query.Domain{Schema: d.Schema(), Lexicon: d.Lexicon()})
		}
		theReader, readerErr = query.NewReader(ds, spokenPrinters()...)
	})
	if readerErr != nil {
		return nil, fmt.Errorf("pipeline: the lexicon: %w", readerErr)
	}
	return theReader.Parse(words)
}

// spokenPrinters returns the printers words may name: every profile but the
// generic ones, whose names (resin, FDM) are words of the domains.
func spokenPrinters() []query.Printer {
	var out []query.Printer
	for _, p := range printcheck.Printers() {
		if strings.HasPrefix(p.ID, "generic-") {
			continue
		}
		out = append(out, query.Printer{ID: p.ID, Names: p.Names(), Brands: p.Brands})
	}
	return out
}

// Understand parses words and completes the spec with defaults and derived values.
// Anything wrong with the words is a *badinput.Error.
// A printer named in the words ("用拓竹P1S打") is taken as UnderstandFor takes one.
func Understand(words string) (*Understanding, error) {
	return UnderstandFor(words, nil)
}

// Resolve completes a spec given directly (from the web form or a script).
func Resolve(words string, s *spec.Spec, t0 time.Time) (*Understanding, error) {
	d, ok := catalog.Get(s.Domain)
	if !ok {
		return nil, badinput.New(badinput.UnknownWord, "no domain %q; use one of %s", s.Domain, domainNames())
	}
	r, err := d.Resolve(s)
	if err != nil {
		return nil, err
	}
	return &Understanding{Words: words, Spec: r, Schema: d.Schema(), Canonical: spec.Canonical(d.Schema(), r), Took: time.Since(t0), Heard: s.Heard}, nil
}

// MaxImageBytes is the largest picture a request may bring (bytes).
const MaxImageBytes = 32 << 20

// ReadImage reads a picture given with the words, capped at MaxImageBytes before
// anything is read. A file that is not there is missing_image; what it holds is
// for the domain to judge.
func ReadImage(path string) (*catalog.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, badinput.New(badinput.MissingImage, "cannot read the picture %q: %v; give a PNG or JPEG file", path, errors.Unwrap(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("pipeline: %w", err)
	}
	if !st.Mode().IsRegular() {
		return nil, badinput.New(badinput.BadImage, "the picture %q is not a file; give a PNG or JPEG file", path)
	}
	if st.Size() > MaxImageBytes {
		return nil, badinput.New(badinput.OverLimit, "the picture %q is %d MB, over the limit of %d MB; give a smaller PNG or JPEG", path, st.Size()>>20, MaxImageBytes>>20)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxImageBytes+1))
	if err != nil {
		return nil, badinput.New(badinput.BadImage, "cannot read the picture %q: %v", path, err)
	}
	if len(data) > MaxImageBytes {
		return nil, badinput.New(badinput.OverLimit, "the picture %q is over the limit of %d MB; give a smaller PNG or JPEG", path, MaxImageBytes>>20)
	}
	return &catalog.File{Name: filepath.Base(path), Data: data}, nil
}

func domainNames() string {
	var names []string
	for _, sc := range catalog.Schemas() {
		names = append(names, sc.Domain)
	}
	return strings.Join(names, ", ")
}

// Slug turns canonical words into a folder name: letters, digits, dots and dashes.
func Slug(canonical string) string {
	var b strings.Builder
	for _, r := range canonical {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-'):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// DefaultTolerance is how far (mm) make's lean meshes may stray from the surface.
const DefaultTolerance = 0.01

// MakeOptions say what `make` writes and at what resolution.
type MakeOptions struct {
	Dir     string   // output folder; "" means out/<slug>
	Formats []string // default 3mf and stl
	Cells   int
	Cell    float64
	// Tolerance is how far (mm) the lean mesh may stray from the surface; 0 means
	// DefaultTolerance, or the model's own where it is larger (a carved hull).
	// Uniform keeps the uniform mesh instead.
	Tolerance float64
	Uniform   bool
	Workers   int
	// Printer is the printer the model is for: the files are then turned to its
	// print orientation, and the report and G-code are for it. nil means the
	// generic printer of the model's process, with the model as built.
	Printer *printcheck.Printer
	// Progress, when set, receives progress events.
	Progress func(Event)
	// Inputs are what came with the words besides them, such as a picture.
	Inputs catalog.Inputs
	// Estimated, when set, receives the estimate before the work starts, where
	// one can be worked out.
	Estimated func(Estimate)
	// Limits bound the memory and time of the make, from its estimate.
	Limits Limits
	// Preview makes a coarse model fast, for a viewer: a GLB only, with no
	// report, no measures and no G-code. A domain that meshes its surface does
	// so within PreviewTolerance; any other is meshed uniformly on a grid of
	// PreviewCells along the longest side, each body on its own so that bodies
	// closer than a cell never fuse.
	Preview bool
}

// Preview limits: how far a preview meshed from the surface may stray from it
// (mm), and the cells along the longest side of a preview's grid (the 6-layer,
// 60 mm ball: 59,376 triangles in 0.1 s, a 1.1 MB GLB).
const (
	PreviewTolerance = 0.05
	PreviewCells     = 40
)

// InputsFit checks what came with the words against their domain sc: a
// picture (image) for a domain made from one and none for any other, and a
// film (film says one came) likewise. WithInputs calls it; a server calls it
// before it queues a job whose film the worker will decode.
func InputsFit(sc *spec.Schema, image *catalog.File, film bool) error {
	switch {
	case image != nil && !sc.Image:
		return badinput.New(badinput.BadRequest, "the %s domain takes no picture; leave out the picture %s", sc.Domain, image.Name)
	case image == nil && sc.Image:
		return badinput.New(badinput.MissingImage,
			"a %s is made from a picture, and none was given; give a PNG or JPEG (make --image FILE, or choose one on the page)", sc.Domain)
	case film && !sc.Film:
		return badinput.New(badinput.BadRequest, "the %s domain takes no film; leave out the film, or carve it (yanchu carve FILM)", sc.Domain)
	case !film && sc.Film:
		return badinput.New(badinput.MissingVideo,
			"a %s model is carved from a turntable film, and none was given; give an MP4, GIF or animated PNG, or a folder of frames (yanchu carve FILM, or choose one on the page)", sc.Domain)
	}
	return nil
}

// WithInputs checks what came with the words against their domain (InputsFit)
// and returns u completed from it by a catalog.InputResolver, which reads only
// a picture's header, so a picture that cannot be used is refused before any
// work; a film is carved here. Make calls it; a server calls it before it
// queues a job, or in the job's worker for a film.
func WithInputs(ctx context.Context, u *Understanding, in catalog.Inputs) (*Understanding, error) {
	d, ok := catalog.Get(u.Spec.Domain)
	if !ok {
		return nil, badinput.New(badinput.UnknownWord, "no domain %q; use one of %s", u.Spec.Domain, domainNames())
	}
	sc := d.Schema()
	if err := InputsFit(sc, in.Image, in.Film != nil); err != nil {
		return nil, err
	}
	ir, ok := d.(catalog.InputResolver)
	if !ok {
		return u, nil
	}
	t0 := time.Now()
	s, err := ir.ResolveInputs(ctx, u.Spec, in)
	if err != nil {
		return nil, err
	}
	v := *u
	v.Spec, v.Canonical = s, spec.Canonical(sc, s)
	v.InputsTook += time.Since(t0)
	return &v, nil
}

// Make builds, meshes and writes what u describes.
func Make(ctx context.Context, u *Understanding, opt MakeOptions) (_ *Result, rerr error) {
	ctx, cancel := opt.Limits.withTime(ctx)
	defer cancel()
	var estimate *Estimate
	defer func() { rerr = opt.Limits.overTime(ctx, rerr, estimate) }()
	d, ok := catalog.Get(u.Spec.Domain)
	if !ok {
		return nil, badinput.New(badinput.UnknownWord, "no domain %q; use one of %s", u.Spec.Domain, domainNames())
	}
	u, err := WithInputs(ctx, u, opt.Inputs)
	if err != nil {
		return nil, err
	}
	t0 := time.Now()
	// A model no printer builds is refused before any work where the domain
	// knows its size, else once it is built.
	sizer, knows := d.(catalog.Sizer)
	if knows {
		if err := fitsAPrinter(ctx, d, u, sizer.Size(u.Spec), opt.Inputs); err != nil {
			return nil, err
		}
	}
	model, err := d.Build(ctx, u.Spec, opt.Inputs)
	if err != nil {
		return nil, err
	}
	if !knows {
		if err := fitsAPrinter(ctx, d, u, model.Solid.Bounds().Size(), opt.Inputs); err != nil {
			return nil, err
		}
	}
	build := time.Since(t0)
	formats := opt.Formats
	if len(formats) == 0 {
		formats = []string{"3mf", "stl"}
	}
	if opt.Preview {
		formats = []string{"glb"}
		opt.Cells = 0
		if model.Surface != nil {
			// The surface, at the preview's tolerance.
			opt.Cell, opt.Tolerance, opt.Uniform = 0, PreviewTolerance, false
		} else {
			// A uniform grid: simplifying costs more than the triangles it saves.
			size := model.Solid.Bounds().Size()
			opt.Cell = math.Max(model.Cell, math.Max(size.X, math.Max(size.Y, size.Z))/PreviewCells)
			opt.Uniform = true
		}
	}
	dir, made := opt.Dir, ""
	if dir == "" {
		made = design(u, opt)
		if dir, err = defaultFolder("out", FolderName(u.Schema, u.Spec), made); err != nil {
			return nil, err
		}
	}
	tol := opt.Tolerance
	switch {
	case opt.Uniform:
		tol = 0
	case tol == 0:
		tol = max(DefaultTolerance, model.Tolerance)
	}
	names := model.PartNames()
	mo := Options{Cells: opt.Cells, Cell: opt.Cell, Workers: opt.Workers, Tolerance: tol, Names: names,
		Title: u.Canonical, Progress: opt.Progress}
	if mo.Cell == 0 && mo.Cells == 0 {
		mo.Cell = model.Cell
	}
	_, assembled := catalog.Extension[catalog.Assembly](model)
	if model.Moving() || assembled {
		// A GLB of parts that move carries their motion, as the bodies film has it.
		mo.GLBTurns = func(m *mesh.Mesh, f *mesh.Facts) []glb.Turn {
			var out []glb.Turn
			for _, b := range motions(model, m, f) {
				out = append(out, glb.Turn{Axis: b.Axis, Turns: b.Turns,
					SeatAxis: b.SeatAxis, SeatAngle: b.SeatAngle, SeatMove: b.SeatMove, Lift: b.Lift})
			}
			return out
		}
	}
	wantGCode := false
	var pictures []string
	for _, f := range formats {
		if f == "gcode" {
			wantGCode = true
			continue
		}
		if slices.Contains(Pictures, f) {
			pictures = append(pictures, f)
			continue
		}
		known := false
		for _, k := range Formats {
			known = known || f == k
		}
		if !known {
			return nil, badinput.New(badinput.BadRequest, "unknown format %q; use %s, gcode, %s", f, strings.Join(Formats, ", "), strings.Join(Pictures, ", "))
		}
		mo.Outputs = append(mo.Outputs, Output{Format: f, Path: "model." + f}) // in the stage, below
	}
	chk := mo
	if chk.Cells > MaxCells {
		chk.Cells = MaxCells // planWork refuses it, saying what fits
	}
	if err := chk.Check(); err != nil {
		return nil, err
	}
	if !opt.Preview { // a preview meshes each body on its own
		if err := keepsPartsApart(model, mo); err != nil {
			return nil, err
		}
	}
	solid := model.Solid
	printer := printerFor(u, opt.Printer)
	pf := &PrintFacts{Printer: printer.ID, Orientation: model.Print.Note, SpiralVase: model.Print.SpiralVase}
	r := model.Print.Rotation
	if r == (geom.Mat3{}) {
		r = geom.Identity()
	}
	turned := geom.Identity()
	if opt.Printer != nil {
		// The files are for this printer: they stand as it prints them.
		if r != geom.Identity() {
			solid = sdf.RotateMatrix(solid, r)
			turned = r
			pf.Rotation = &turned
		}
		pf.Turned = true
	} else {
		pf.Turned = r == geom.Identity()
	}
	sp, _ := catalog.Extension[*nested.Spheres](model)
	if sp != nil {
		sp = sp.Turn(turned)
		pf.Ties, pf.TiesAreaMM2 = sp.TieArea()
		pf.TiesAreaMM2 = round(pf.TiesAreaMM2, 3)
	}
	switch {
	case opt.Preview && model.Surface == nil && len(model.Bodies) > 1:
		// A coarse cell would fuse bodies closer than it: mesh each alone.
		for _, b := range model.Bodies {
			if turned != geom.Identity() {
				b = sdf.RotateMatrix(b, turned)
			}
			mo.Bodies = append(mo.Bodies, b)
		}
	case model.Surface != nil && opt.Cell == 0 && opt.Cells == 0:
		surface := model.Surface
		mo.Surface = func(ctx context.Context, tol float64) (*mesh.Mesh, error) {
			m, err := surface(ctx, tol)
			if err != nil || turned == geom.Identity() {
				return m, err
			}
			for i, v := range m.Vertices {
				m.Vertices[i] = turned.MulVec(v)
			}
			return m, nil
		}
	case model.Symmetric != nil:
		// Mesh an octant of the symmetric frame, then turn it as the solid stands.
		mo.Mirror, mo.Turn = true, model.Frame
		if opt.Printer != nil {
			mo.Turn = r.Mul(model.Frame)
		}
		solid = model.Symmetric
	case model.BodiesApart && len(model.Bodies) > 1:
		for _, b := range model.Bodies {
			if turned != geom.Identity() {
				b = sdf.RotateMatrix(b, turned)
			}
			mo.Bodies = append(mo.Bodies, b)
		}
	}
	// The work is estimated, and its grid decided, before any of it starts.
	estimate, notes, err := planWork(ctx, model, solid, &mo, opt, opt.Limits, tol)
	if err != nil {
		return nil, err
	}
	if estimate != nil && opt.Estimated != nil {
		opt.Estimated(*estimate)
	}
	if estimate != nil && opt.Progress != nil {
		opt.Progress(Event{Stage: "estimate", Estimate: estimate})
	}
	_, statErr := os.Stat(dir)
	if err := mkdirAll(dir); err != nil {
		return nil, err
	}
	st, err := newStage(dir)
	if err != nil {
		return nil, err
	}
	// A make that fails leaves nothing: not its stage, nor a folder it made.
	defer func() {
		if rerr != nil {
			st.abort()
			if errors.Is(statErr, os.ErrNotExist) {
				os.Remove(dir) // only when empty
			}
		}
	}()
	if made != "" {
		if err := writeDesign(st.path(designFile), made); err != nil {
			return nil, fmt.Errorf("pipeline: %w", err)
		}
	}
	for i := range mo.Outputs {
		mo.Outputs[i].Path = st.path(mo.Outputs[i].Path)
	}
	// The printability report, and the domain's measures, are made while the
	// files are written.
	var rep *printcheck.Report
	var checkTook time.Duration
	facts := append([]catalog.Fact(nil), model.Facts...)
	if opt.Preview {
		res, err := Mesh(ctx, solid, mo)
		if err != nil {
			return nil, err
		}
		res.Query, res.Canonical, res.Spec, res.Heard = u.Words, u.Canonical, SpecDoc(u), HeardDoc(u)
		res.Timings.Understand, res.Timings.Inputs, res.Timings.Build = ms(u.Took), ms(u.InputsTook), ms(build)
		return res, commit(ctx, st, res)
	}
	var plate *printcheck.Plate
	if pl, ok := catalog.Extension[*catalog.Plate](model); ok {
		plate = &printcheck.Plate{Thinnest: pl.Thinnest, Thickest: pl.Thickest, ThinWhere: pl.ThinWhere, ThickWhere: pl.ThickWhere, Advice: pl.Advice}
	}
	mo.Alongside = func(ctx context.Context, m *mesh.Mesh, mf *mesh.Facts) error {
		t0 := time.Now()
		var err error
		rep, err = printcheck.Check(ctx, m, printer, printcheck.Options{
			MovingBodies: model.Moving(), PartsApart: !model.Moving() && len(model.Parts) > 1,
			Ties: pf.Ties, TieAreaMM2: pf.TiesAreaMM2, Workers: opt.Workers, Names: names, Plate: plate, Facts: mf})
		checkTook = time.Since(t0)
		if err != nil {
			return fmt.Errorf("pipeline: the printability report: %w", err)
		}
		measured, err := measure(m, model, turned)
		if err != nil {
			return err
		}
		facts = append(facts, measured...)
		return nil
	}
	res, err := Mesh(ctx, solid, mo)
	if err != nil {
		return nil, err
	}
	res.Report = rep
	res.Timings.Check = ms(checkTook)
	if wantGCode {
		if opt.Progress != nil {
			opt.Progress(Event{Stage: "slice", Total: 1})
		}
		t0 = time.Now()
		f, err := sliceGCode(ctx, res.mesh, res.facts, printer, rep, sliceJob{spheres: sp, names: names, spiral: model.Print.SpiralVase, noSupports: model.Print.NoSupports},
			st.path("model.gcode"), pf)
		if err != nil {
			return nil, err
		}
		if f != nil {
			res.Files = append(res.Files, *f)
		}
		res.Timings.Slice = ms(time.Since(t0))
	}
	if len(pictures) > 0 {
		t0 = time.Now()
		po := PictureOptions{CutAway: sp != nil, Workers: opt.Workers}
		if model.Moving() || assembled {
			// Parts that move are shown moving: shells turning, gears
			// meshing, a lid lifting off its box.
			po.Motion = "bodies"
			po.Motions = motions(model, res.mesh, res.facts)
		}
		if printer.Process == "resin" {
			po.Material = "grey-resin"
		}
		for i, f := range pictures {
			if opt.Progress != nil {
				opt.Progress(Event{Stage: "render", Done: i, Total: len(pictures)})
			}
			file, err := Picture(ctx, res.mesh, f, st.path("model."+f), po)
			if e := badinput.As(err); e != nil && f == "mp4" {
				// No ffmpeg: the other files are still written.
				res.Warnings = append(res.Warnings, e.Message)
				continue
			}
			if err != nil {
				return nil, err
			}
			res.Files = append(res.Files, file)
		}
		res.Timings.Render = ms(time.Since(t0))
	}
	res.Print = pf
	if res.Mesh.Components != len(model.Parts) {
		res.Mesh.Warnings = append(res.Mesh.Warnings, fmt.Sprintf(
			"the mesh has %d separate bodies where the design has %d; the cell (%.3g mm) may be too coarse", res.Mesh.Components, len(model.Parts), res.Mesh.CellMM))
	}
	res.Query = u.Words
	res.Canonical = u.Canonical
	res.Spec = SpecDoc(u)
	res.Heard = HeardDoc(u)
	res.Facts = facts
	res.Notes = slices.Concat(model.Notes, notes) // never into the model's own
	res.Warnings = append(model.Warnings, res.Warnings...)
	res.Clearances = model.Clearances
	res.Timings.Understand = ms(u.Took)
	res.Timings.Inputs = ms(u.InputsTook)
	res.Timings.Build = ms(build)
	res.Estimate = estimate
	return res, commit(ctx, st, res)
}

// keepsPartsApart refuses, before any work, a cell asked for that is coarser
// than the thinnest gap or wall of a model of several parts meshed together
// (twice Model.Cell): the grid would fuse the parts.
func keepsPartsApart(model *catalog.Model, mo Options) error {
	if len(model.Parts) < 2 || model.BodiesApart || !(model.Cell > 0) {
		return nil
	}
	cell := mo.Cell
	if cell == 0 && mo.Cells > 0 {
		size := model.Solid.Bounds().Size()
		cell = math.Max(size.X, math.Max(size.Y, size.Z)) / float64(mo.Cells)
	}
	if most := 2 * model.Cell; cell > most*(1+1e-9) {
		return badinput.New(badinput.OutOfRange,
			"a %.3g mm cell would fuse the %d parts, whose narrowest gap or wall is %.3g mm; use a cell of at most %.3g mm, or leave the cell out and yanchu picks one",
			cell, len(model.Parts), most, most)
	}
	return nil
}

// measure runs the model's measures on the mesh, turned back into the Solid's
// frame when the files stand turned for printing.
func measure(m *mesh.Mesh, model *catalog.Model, turned geom.Mat3) ([]catalog.Fact, error) {
	if len(model.Measures) == 0 {
		return nil, nil
	}
	if turned != geom.Identity() {
		back := turned.Transpose()
		c := &mesh.Mesh{Vertices: make([]geom.Vec3, len(m.Vertices)), Triangles: m.Triangles}
		for i, v := range m.Vertices {
			c.Vertices[i] = back.MulVec(v)
		}
		m = c
	}
	var out []catalog.Fact
	for _, ms := range model.Measures {
		x, err := ms.Of(m)
		if err != nil {
			return nil, fmt.Errorf("pipeline: measuring %s on the mesh: %w", ms.Name, err)
		}
		out = append(out, catalog.Fact{Name: ms.Name, Value: round(x, 3), Unit: ms.Unit, Source: "measured"})
	}
	return out, nil
}

// motions returns how the bodies of m, the model's mesh, move in a film of
// them: put together and taken apart as the model's Assembly says, or else as
// render.Motions reads them from the mesh.
func motions(model *catalog.Model, m *mesh.Mesh, f *mesh.Facts) []render.BodyMotion {
	as, ok := catalog.Extension[catalog.Assembly](model)
	f = mesh.Known(m, f)
	if !ok || len(as.Parts) != len(f.Bodies) {
		return render.MotionsOf(f)
	}
	out := make([]render.BodyMotion, len(f.Bodies))
	for i, b := range f.Bodies {
		s := as.Parts[i]
		out[i] = render.BodyMotion{Pivot: b.Bounds.Center(), Axis: geom.V(0, 0, 1),
			SeatAxis: s.Axis, SeatAngle: s.Angle, SeatMove: s.Move, Lift: s.Off}
	}
	return out
}
