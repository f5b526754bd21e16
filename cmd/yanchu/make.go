package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"yanchu/badinput"
	"yanchu/carve"
	"yanchu/catalog"
	"yanchu/pipeline"
	"yanchu/printcheck"
	"yanchu/spec"
)

// runMake is `yanchu make "<words>"`: words to files.
func runMake(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return makeFiles(ctx, "make", args, stdout, stderr)
}

// runCarve is `yanchu carve FILM ["<words>"]`: a copy of what a turntable
// film shows, carved from it and sized by the words, to files, as make makes
// them.
func runCarve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return makeFiles(ctx, "carve", args, stdout, stderr)
}

// carvedDomain is the domain yanchu carve makes.
const carvedDomain = "carved"

// makeFiles is make, or carve, whose first word is the film.
func makeFiles(ctx context.Context, name string, args []string, stdout, stderr io.Writer) int {
	fs := newFlags(name)
	dir := fs.String("o", "", "output folder (default out/<canonical words>)")
	formats := fs.String("formats", "3mf,stl", "comma-separated formats: "+strings.Join(pipeline.Formats, ", ")+", gcode, "+strings.Join(pipeline.Pictures, ", "))
	cells := fs.Int("cells", 0, "cells along the longest side (default: half the smallest gap or wall)")
	cell := fs.Float64("cell", 0, "cell size in mm")
	asJSON := fs.Bool("json", false, "print the result document as JSON")
	tolerance := fs.Float64("tolerance", pipeline.DefaultTolerance, "the lean mesh stays within this many mm of the surface")
	uniform := fs.Bool("uniform", false, "keep the uniform mesh instead of the lean one")
	workers := fs.Int("workers", 0, "goroutines to use (0: all cores)")
	image := fs.String("image", "", "a picture (PNG or JPEG) for a domain that takes one")
	film := fs.String("film", "", "a turntable film (MP4, GIF, or a folder of frames) for a domain that takes one")
	printerName := fs.String("printer", "", "printer profile id or name (see yanchu printers); the files then stand as it prints them")
	memory := fs.String("memory", "", "the most memory the make may need, as 4G or 512M (default: three quarters of the machine's)")
	timeout := fs.Duration("timeout", 0, "stop the make after this long, as 90s or 5m (default: no limit)")
	words, err := parseFlags(fs, args)
	if err != nil {
		return fail(stdout, stderr, *asJSON || wantsJSON(args), err)
	}
	if *uniform && tolSaid(fs) {
		return fail(stdout, stderr, *asJSON, badinput.New(badinput.Conflict, "give --tolerance or --uniform, not both"))
	}
	if *cells != 0 && *cell != 0 {
		return fail(stdout, stderr, *asJSON, badinput.New(badinput.Conflict, "give --cells or --cell, not both"))
	}
	var lim pipeline.Limits
	if *memory != "" {
		if lim.MemoryMiB, err = pipeline.ParseMemory(*memory); err != nil {
			return fail(stdout, stderr, *asJSON, err)
		}
	}
	if *timeout < 0 {
		return fail(stdout, stderr, *asJSON, badinput.New(badinput.OutOfRange, "the timeout must be positive, as 90s or 5m, got %s", *timeout))
	}
	lim.Time = *timeout
	var printer *printcheck.Printer
	if *printerName != "" {
		if printer, err = printcheck.Lookup(*printerName); err != nil {
			return fail(stdout, stderr, *asJSON, err)
		}
	}
	if name == "carve" {
		if *film != "" {
			return fail(stdout, stderr, *asJSON, badinput.New(badinput.Conflict, "yanchu carve takes its film as its first word; leave out --film"))
		}
		if len(words) == 0 {
			return fail(stdout, stderr, *asJSON, badinput.New(carve.MissingVideo,
				`give the film to carve: yanchu carve FILM.mp4|FILM.gif|FRAMES_DIR ["<words>"], e.g. yanchu carve turn.mp4 "高15厘米"`))
		}
		*film = words[0]
		if words, err = carveWords(words[1:]); err != nil {
			return fail(stdout, stderr, *asJSON, err)
		}
	}
	var inputs catalog.Inputs
	if *image != "" {
		if inputs.Image, err = pipeline.ReadImage(*image); err != nil {
			return fail(stdout, stderr, *asJSON, err)
		}
	}
	if *film != "" {
		if inputs.Film, err = carve.Read(ctx, *film); err != nil {
			return fail(stdout, stderr, *asJSON, err)
		}
	}
	u, err := pipeline.UnderstandFor(strings.Join(words, " "), printer)
	if err != nil {
		return fail(stdout, stderr, *asJSON, err)
	}
	var b *bar
	if isTerminal(stderr) {
		b = &bar{w: stderr}
	}
	// What comes with the words settles some of what they leave open (the
	// film's proportions, the picture's), shown with the rest.
	if inputs.Film != nil && b != nil {
		b.event(pipeline.Event{Stage: "carve", Total: 1}) // the film is carved now
	}
	u, err = pipeline.WithInputs(ctx, u, inputs)
	if b != nil {
		b.done()
	}
	if err != nil {
		return fail(stdout, stderr, *asJSON, err)
	}
	if !*asJSON {
		printUnderstanding(stdout, u)
	}
	opt := pipeline.MakeOptions{Dir: *dir, Cells: *cells, Cell: *cell, Workers: *workers, Uniform: *uniform, Printer: u.Printer, Inputs: inputs, Limits: lim}
	if tolSaid(fs) {
		opt.Tolerance = *tolerance // else the model's own, or the default
	}
	for _, f := range strings.Split(*formats, ",") {
		if f = strings.TrimSpace(strings.ToLower(f)); f != "" {
			opt.Formats = append(opt.Formats, f)
		}
	}
	if !*asJSON {
		// Said before the work starts, where it can be worked out.
		opt.Estimated = func(e pipeline.Estimate) { fmt.Fprintf(stdout, "estimate: %s\n", e) }
	}
	if b != nil {
		opt.Progress = b.event
	}
	res, err := pipeline.Make(ctx, u, opt)
	if b != nil {
		b.done()
	}
	if err != nil {
		return fail(stdout, stderr, *asJSON, err)
	}
	if *asJSON {
		return printJSON(stdout, stderr, res)
	}
	printResult(stdout, res)
	return 0
}

// carveWords returns the words of a carve as make reads them: the carved
// domain's name and what was said of the film. Words that name something else
// to make are refused: the film shows what to make.
func carveWords(said []string) ([]string, error) {
	words := strings.TrimSpace(strings.Join(said, " "))
	if words != "" {
		if s, err := pipeline.Parse(words); err == nil && s.Domain != carvedDomain {
			return nil, badinput.New(badinput.Conflict,
				"yanchu carve copies what the film shows, so its words say only the size and how the film was taken (高15厘米 转了半圈, height 150mm counterclockwise); leave out what names a %s", s.Domain)
		}
	}
	return []string{carvedDomain, words}, nil
}

func printResult(w io.Writer, res *pipeline.Result) {
	m := res.Mesh
	how := fmt.Sprintf("cell %.4g mm", m.CellMM)
	if m.CellMM == 0 {
		how = "meshed from the surface"
	}
	fmt.Fprintf(w, "mesh: %d triangles, %d vertices, %d bodies, %s, watertight %v, manifold %v\n",
		m.Triangles, m.Vertices, m.Components, how, m.Watertight, m.Manifold)
	fmt.Fprintf(w, "volume %.1f mm³, area %.1f mm², box %v to %v mm\n", m.VolumeMM3, m.AreaMM2, m.BBox.Min, m.BBox.Max)
	if m.ToleranceMM > 0 {
		if m.FineTriangles > 0 {
			fmt.Fprintf(w, "lean: %d triangles from %d, within %.4g mm of the surface (asked %g mm)", m.Triangles, m.FineTriangles, m.DeviationMM, m.ToleranceMM)
		} else {
			fmt.Fprintf(w, "lean: within %.4g mm of the surface (asked %g mm)", m.DeviationMM, m.ToleranceMM)
		}
		if m.OverTolerance > 0 {
			// The rest are a few places next to creases the grid cut.
			fmt.Fprintf(w, "; %.2g%% of the points measured lie farther, next to creases", 100*m.OverTolerance)
		}
		fmt.Fprintln(w)
	}
	for _, p := range m.Parts {
		fmt.Fprintf(w, "  %-16s %9d triangles  %10.1f mm³\n", p.Name, p.Triangles, p.VolumeMM3)
	}
	for _, warn := range m.Warnings {
		fmt.Fprintf(w, "warning: %s\n", warn)
	}
	for _, f := range res.Facts {
		fmt.Fprintf(w, "%s: %s %s (%s)", f.Name, spec.FormatNumber(f.Value), f.Unit, f.Source)
		if f.Note != "" {
			fmt.Fprintf(w, "; %s", f.Note)
		}
		fmt.Fprintln(w)
	}
	for _, c := range res.Clearances {
		fmt.Fprintf(w, "clearance %s: %s mm\n", c.Name, spec.FormatNumber(c.MinMM))
	}
	for _, n := range res.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	for _, warn := range res.Warnings {
		fmt.Fprintf(w, "warning: %s\n", warn)
	}
	for _, f := range res.Files {
		if f.Format == "gcode" {
			fmt.Fprintf(w, "wrote %s (G-code, %d bytes)\n", f.Path, f.Bytes)
			continue
		}
		fmt.Fprintf(w, "wrote %s (%s, %d bytes, %d triangles)\n", f.Path, f.Format, f.Bytes, f.Triangles)
	}
	if res.Report != nil {
		fmt.Fprintf(w, "printability on %s:\n", res.Report.Printer)
		_ = res.Report.WriteText(w)
	}
	if pf := res.Print; pf != nil {
		if pf.Orientation != "" {
			turned := "turn it so before printing"
			if pf.Turned {
				turned = "the files stand so"
			}
			fmt.Fprintf(w, "orientation (%s): %s\n", turned, pf.Orientation)
		}
		if pf.Ties > 0 {
			fmt.Fprintf(w, "ties: %d, %.2f mm² in all\n", pf.Ties, pf.TiesAreaMM2)
		}
		if g := pf.GCode; g != nil {
			fmt.Fprintf(w, "G-code: %d layers, %s, %.2f m of filament (%.1f g); %s; supports %s",
				g.Layers, g.Time, g.FilamentMM/1000, g.FilamentG, g.Config, onOff(g.Supports))
			if g.SpiralVase {
				fmt.Fprint(w, "; spiral vase mode")
			}
			fmt.Fprintln(w)
			for _, f := range g.Fusion {
				fmt.Fprintf(w, "  %s: %.2f mm² of the model extruded inside the gap, %.2f mm² away from ties (ties %.2f mm²); %.2f mm² of support\n",
					f.Gap, f.AreaMM2, f.OutsideTiesMM2, f.TiesAreaMM2, f.SupportMM2)
			}
			for _, name := range g.UnreachedPoles {
				fmt.Fprintf(w, "  nothing holds up the bottom of %s\n", name)
			}
		}
		for _, n := range pf.Notes {
			fmt.Fprintf(w, "note: %s\n", n)
		}
	}
	t := res.Timings
	fmt.Fprintf(w, "time: understand %.2f ms, ", t.Understand)
	if t.Inputs > 0 {
		fmt.Fprintf(w, "inputs %.0f ms, ", t.Inputs)
	}
	fmt.Fprintf(w, "build %.1f ms, mesh %.0f ms, analyze %.0f ms, write %.0f ms, check %.0f ms",
		t.Build, t.Mesh, t.Analyze, t.Write, t.Check)
	if t.Slice > 0 {
		fmt.Fprintf(w, ", slice %.0f ms", t.Slice)
	}
	fmt.Fprintln(w)
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
