package main

import (
	"context"
	"fmt"
	"io"

	"yanchu/badinput"
	"yanchu/pipeline"
	"yanchu/printcheck"
)

// runCheck is `yanchu check FILE`: the printability report of any mesh.
func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check")
	printer := fs.String("printer", "generic-fdm", "printer profile id or name (see yanchu printers)")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	files, err := parseFlags(fs, args)
	if err != nil {
		return fail(stdout, stderr, *asJSON || wantsJSON(args), err)
	}
	if len(files) != 1 {
		return fail(stdout, stderr, *asJSON, badinput.New(badinput.BadRequest,
			"check takes one file, got %d; for example: yanchu check model.stl --printer mk3s", len(files)))
	}
	p, err := printcheck.Lookup(*printer)
	if err != nil {
		return fail(stdout, stderr, *asJSON, err)
	}
	res, err := pipeline.Check(ctx, files[0], p)
	if err != nil {
		return fail(stdout, stderr, *asJSON, err)
	}
	if *asJSON {
		return printJSON(stdout, stderr, res)
	}
	m := res.Mesh
	fmt.Fprintf(stdout, "%s: %d triangles, %d bodies, closed %s, manifold %s, outward %s\n", res.File,
		m.Triangles, m.Components, yes(m.Watertight), yes(m.Manifold), yes(m.Outward))
	if err := res.Report.WriteText(stdout); err != nil {
		return fail(stdout, stderr, false, err)
	}
	return 0
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
