package pipeline

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"yanchu/badinput"
	"yanchu/catalog"
	"yanchu/geom"
	"yanchu/mesh"
	"yanchu/printcheck"
	"yanchu/query"
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
}

// Understand parses words and completes the spec with defaults and derived values.
// Anything wrong with the words is a *badinput.Error.
func Understand(words string) (*Understanding, error) {
	t0 := time.Now()
	s, err := query.Parse(words, catalog.Schemas())
	if err != nil {
		return nil, err
	}
	return Resolve(words, s, t0)
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
	return &Understanding{Words: words, Spec: r, Schema: d.Schema(), Canonical: spec.Canonical(d.Schema(), r), Took: time.Since(t0)}, nil
}

func domainNames() string {
	var names []string
	for _, sc := range catalog.Schemas() {
		names = append(names, sc.Domain)
	}
	return strings.Join(names, ", ")
}

// SpecDoc returns the spec in the result document's form.
func SpecDoc(u *Understanding) *Spec {
	doc := &Spec{Domain: u.Spec.Domain, Params: map[string]Param{}}
	for _, p := range u.Schema.Params {
		v, ok := u.Spec.Params[p.Name]
		if !ok {
			continue
		}
		var val any = v.Num
		switch p.Kind {
		case spec.Choice:
			val = v.Text
		case spec.Size:
			val = v.Vec
		case spec.Count:
			val = int(v.Num)
		}
		doc.Params[p.Name] = Param{Value: val, Unit: p.Kind.Unit(), Source: string(v.Source)}
	}
	return doc
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
	// DefaultTolerance. Uniform keeps the uniform mesh instead.
	Tolerance float64
	Uniform   bool
	Workers   int
	// Printer is the printer the model is for: the files are then turned to its
	// print orientation, and the report and G-code are for it. nil means the
	// generic printer of the model's process, with the model as built.
	Printer *printcheck.Printer
	// Progress, when set, receives progress events.
	Progress func(Event)
}

// Make builds, meshes and writes what u describes.
func Make(ctx context.Context, u *Understanding, opt MakeOptions) (*Result, error) {
	d, _ := catalog.Get(u.Spec.Domain)
	t0 := time.Now()
	model, err := d.Build(u.Spec)
	if err != nil {
		return nil, err
	}
	build := time.Since(t0)
	formats := opt.Formats
	if len(formats) == 0 {
		formats = []string{"3mf", "stl"}
	}
	dir := opt.Dir
	if dir == "" {
		dir = filepath.Join("out", Slug(u.Canonical))
	}
	tol := opt.Tolerance
	switch {
	case opt.Uniform:
		tol = 0
	case tol == 0:
		tol = DefaultTolerance
	}
	mo := Options{Cells: opt.Cells, Cell: opt.Cell, Workers: opt.Workers, Tolerance: tol, Names: model.Parts,
		Title: u.Canonical, Progress: opt.Progress}
	if mo.Cell == 0 && mo.Cells == 0 {
		mo.Cell = model.Cell
	}
	wantGCode := false
	for _, f := range formats {
		if f == "gcode" {
			wantGCode = true
			continue
		}
		known := false
		for _, k := range Formats {
			known = known || f == k
		}
		if !known {
			return nil, badinput.New(badinput.BadRequest, "unknown format %q; use %s, gcode", f, strings.Join(Formats, ", "))
		}
		mo.Outputs = append(mo.Outputs, Output{Format: f, Path: filepath.Join(dir, "model."+f)})
	}
	if err := mo.Check(); err != nil {
		return nil, err
	}
	if err := mkdirAll(dir); err != nil {
		return nil, err
	}
	solid := model.Solid
	printer := printerFor(u, opt.Printer)
	pf := &PrintFacts{Printer: printer.ID, Orientation: model.PrintNote}
	r := model.PrintRotation
	if r == (geom.Mat3{}) {
		r = geom.Identity()
	}
	pl := turn(model, geom.Identity())
	if opt.Printer != nil {
		// The files are for this printer: they stand as it prints them.
		if r != geom.Identity() {
			solid = sdf.RotateMatrix(solid, r)
			pl = turn(model, r)
		}
		pf.Turned = true
	} else {
		pf.Turned = r == geom.Identity()
	}
	for _, t := range model.Ties {
		pf.Ties++
		pf.TiesAreaMM2 += t.Area
	}
	pf.TiesAreaMM2 = round(pf.TiesAreaMM2, 3)
	if model.Symmetric != nil {
		// Mesh an octant of the symmetric frame, then turn it as the solid stands.
		mo.Mirror, mo.Turn = true, model.Frame
		if opt.Printer != nil {
			mo.Turn = r.Mul(model.Frame)
		}
		solid = model.Symmetric
	}
	// The printability report is made while the files are written.
	var rep *printcheck.Report
	var checkTook time.Duration
	mo.Alongside = func(ctx context.Context, m *mesh.Mesh) error {
		t0 := time.Now()
		var err error
		rep, err = printcheck.Check(ctx, m, printer, printcheck.Options{
			MovingBodies: len(model.Parts) > 1, Ties: pf.Ties, TieAreaMM2: pf.TiesAreaMM2, Workers: opt.Workers, Names: model.Parts})
		checkTook = time.Since(t0)
		if err != nil {
			return fmt.Errorf("pipeline: the printability report: %w", err)
		}
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
			opt.Progress(Event{"slice", 0, 1})
		}
		t0 = time.Now()
		f, err := sliceGCode(ctx, res.mesh, printer, rep, pl, filepath.Join(dir, "model.gcode"), pf)
		if err != nil {
			return nil, err
		}
		if f != nil {
			res.Files = append(res.Files, *f)
		}
		res.Timings.Slice = ms(time.Since(t0))
	}
	res.Print = pf
	if res.Mesh.Components != len(model.Parts) {
		res.Mesh.Warnings = append(res.Mesh.Warnings, fmt.Sprintf(
			"the mesh has %d separate bodies where the design has %d; the cell (%.3g mm) may be too coarse", res.Mesh.Components, len(model.Parts), res.Mesh.CellMM))
	}
	res.Query = u.Words
	res.Canonical = u.Canonical
	res.Spec = SpecDoc(u)
	res.Timings.Understand = ms(u.Took)
	res.Timings.Build = ms(build)
	return res, nil
}
