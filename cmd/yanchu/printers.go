package main

import (
	"context"
	"fmt"
	"io"

	"yanchu/printcheck"
)

// runPrinters is `yanchu printers`: the printer profiles.
func runPrinters(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("printers")
	asJSON := fs.Bool("json", false, "print the profiles as JSON")
	words, err := parseFlags(fs, args)
	if err != nil {
		return fail(stdout, stderr, *asJSON || wantsJSON(args), err)
	}
	list := printcheck.Printers()
	if len(words) > 0 {
		p, err := printcheck.Lookup(words[0])
		if err != nil {
			return fail(stdout, stderr, *asJSON, err)
		}
		list = []*printcheck.Printer{p}
	}
	if *asJSON {
		return printJSON(stdout, stderr, map[string]any{"printers": list})
	}
	for _, p := range list {
		route := "G-code through PrusaSlicer"
		if p.Slicer == "" {
			route = p.Advice
		}
		fmt.Fprintf(stdout, "%-13s %s / %s\n", p.ID, p.NameEN, p.NameZH)
		fmt.Fprintf(stdout, "              %s, %gx%gx%g mm, wall >= %g mm, gap >= %g mm, overhang <= %g°\n",
			p.Process, p.BuildMM[0], p.BuildMM[1], p.BuildMM[2], p.MinWallMM, p.MinGapMM, p.MaxOverhangDeg)
		fmt.Fprintf(stdout, "              %s\n", route)
	}
	return 0
}
