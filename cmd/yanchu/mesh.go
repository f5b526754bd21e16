package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"yanchu/badinput"
	"yanchu/pipeline"
	"yanchu/reference"
)

// runMesh is `yanchu mesh`: a reference solid to one mesh file.
func runMesh(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("mesh")
	example := fs.String("example", "", "reference solid: r1, r2 or r3")
	cells := fs.Int("cells", 200, "cells along the longest side")
	cell := fs.Float64("cell", 0, "cell size in mm (wins over --cells)")
	outPath := fs.String("o", "", "output file; its extension picks the format")
	asJSON := fs.Bool("json", false, "print the result document as JSON")
	tolerance := fs.Float64("tolerance", 0, "make a lean mesh within this many mm of the surface")
	uniform := fs.Bool("uniform", false, "keep the uniform mesh (the default for mesh)")
	ascii := fs.Bool("ascii", false, "write STL as text")
	glbMax := fs.Int("glb-triangles", pipeline.DefaultGLBTriangles, "most triangles in a GLB")
	workers := fs.Int("workers", 0, "goroutines to use (0: all cores)")
	words, err := parseFlags(fs, args)
	if err == nil && len(words) > 0 {
		err = badinput.New(badinput.BadRequest, "mesh takes no words (got %q); use --example r1|r2|r3", words[0])
	}
	if err != nil {
		return fail(stdout, stderr, *asJSON || wantsJSON(args), err)
	}
	if *uniform && *tolerance != 0 {
		return fail(stdout, stderr, *asJSON, badinput.New(badinput.Conflict, "give --tolerance or --uniform, not both"))
	}
	t0 := time.Now()
	solid, desc, rerr := reference.Get(*example)
	if rerr != nil {
		return fail(stdout, stderr, *asJSON, &badinput.Error{Code: badinput.UnknownWord,
			Message: rerr.Error(), Suggestions: reference.Names})
	}
	if *outPath == "" {
		return fail(stdout, stderr, *asJSON, badinput.New(badinput.BadRequest, "say where to write the mesh with -o FILE.stl (or .3mf, .glb, .obj)"))
	}
	format, ferr := pipeline.FormatOf(*outPath)
	if ferr != nil {
		return fail(stdout, stderr, *asJSON, ferr)
	}
	opt := pipeline.Options{
		Cells: *cells, Cell: *cell, Workers: *workers, ASCII: *ascii, GLBTriangles: *glbMax, Tolerance: *tolerance,
		Outputs: []pipeline.Output{{Format: format, Path: *outPath}}, Title: desc,
	}
	var b *bar
	if isTerminal(stderr) {
		b = &bar{w: stderr}
		opt.Progress = b.event
	}
	build := time.Since(t0)
	res, err := pipeline.Mesh(ctx, solid, opt)
	if b != nil {
		b.done()
	}
	if err != nil {
		return fail(stdout, stderr, *asJSON, err)
	}
	res.Canonical = fmt.Sprintf("example %s cells=%d", *example, *cells)
	if *cell > 0 {
		res.Canonical = fmt.Sprintf("example %s cell=%gmm", *example, *cell)
	}
	res.Spec = &pipeline.Spec{Domain: "example", Params: map[string]pipeline.Param{
		"name": {Value: *example, Unit: "", Source: "said"},
	}}
	res.Timings.Build = float64(build.Microseconds()) / 1000
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			return fail(stdout, stderr, false, err)
		}
		return 0
	}
	m := res.Mesh
	fmt.Fprintf(stdout, "%s\n", desc)
	fmt.Fprintf(stdout, "mesh: %d triangles, %d vertices, %d bodies, cell %.4g mm, watertight %v, manifold %v\n",
		m.Triangles, m.Vertices, m.Components, m.CellMM, m.Watertight, m.Manifold)
	fmt.Fprintf(stdout, "volume %.1f mm³, area %.1f mm², box %v to %v mm\n", m.VolumeMM3, m.AreaMM2, m.BBox.Min, m.BBox.Max)
	for _, w := range m.Warnings {
		fmt.Fprintf(stdout, "warning: %s\n", w)
	}
	for _, f := range res.Files {
		fmt.Fprintf(stdout, "wrote %s (%s, %d bytes, %d triangles)\n", f.Path, f.Format, f.Bytes, f.Triangles)
	}
	fmt.Fprintf(stdout, "time: mesh %.0f ms, analyze %.0f ms, write %.0f ms\n", res.Timings.Mesh, res.Timings.Analyze, res.Timings.Write)
	return 0
}
