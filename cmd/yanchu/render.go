package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"yanchu/badinput"
	"yanchu/pipeline"
	"yanchu/render"
)

// runRender is `yanchu render FILE -o OUT`: a still or a turntable film of any
// STL, 3MF or GLB mesh, the format from OUT's extension.
func runRender(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("render")
	out := fs.String("o", "", "the picture or film to write: .png, .gif, .apng or .mp4")
	size := fs.Int("size", 0, "the picture's side in pixels (512 for a still, 320 for a film)")
	frames := fs.Int("frames", 0, "a film's frames (72)")
	seconds := fs.Float64("seconds", 0, "a film's length in seconds (6)")
	motion := fs.String("motion", "turntable", "a film's motion: turntable (the camera circles), or bodies (each body turns: nested shells about axes of their own, bodies side by side like meshing gears)")
	shift := fs.String("shift", "", "move the camera by DX,DY of a pixel, each from -1 to 1")
	blur := fs.Float64("blur", render.DefaultBlur, "a film's motion blur: each frame's exposure, in frames (0 for none)")
	material := fs.String("material", "", "ivory, pla-white, pla-red, pla-orange, pla-blue, pla-green, pla-black or grey-resin")
	cut := fs.Bool("cutaway", false, "cut away the front to show nested bodies in section")
	transparent := fs.Bool("transparent", false, "leave the background clear (png, gif, apng)")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	files, err := parseFlags(fs, args)
	if err != nil {
		return fail(stdout, stderr, *asJSON || wantsJSON(args), err)
	}
	if len(files) != 1 || *out == "" {
		return fail(stdout, stderr, *asJSON, badinput.New(badinput.BadRequest,
			"render takes one mesh and -o, for example: yanchu render model.stl -o model.gif"))
	}
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(*out)), ".")
	if format == "png" && strings.HasSuffix(strings.ToLower(*out), ".apng") {
		format = "apng"
	}
	if !slices.Contains(pipeline.Pictures, format) {
		return fail(stdout, stderr, *asJSON, badinput.New(badinput.BadRequest,
			"cannot tell the picture's format from %q; end it in .png, .gif, .apng or .mp4", *out))
	}
	if *motion != "turntable" && *motion != "bodies" {
		return fail(stdout, stderr, *asJSON, badinput.New(badinput.BadRequest,
			"no motion %q; use --motion turntable or --motion bodies", *motion))
	}
	po := pipeline.PictureOptions{Size: *size, Frames: *frames, Seconds: *seconds, Material: *material, CutAway: *cut, Transparent: *transparent, Motion: *motion}
	if *blur < 0 || *blur > render.MaxBlur || math.IsNaN(*blur) {
		return fail(stdout, stderr, *asJSON, badinput.New(badinput.OutOfRange,
			"--blur takes 0 (none) to %g frames, such as %g; got %g", render.MaxBlur, render.DefaultBlur, *blur))
	}
	po.Blur = *blur
	if *blur == 0 {
		po.Blur = -1
	}
	if *shift != "" {
		if po.Shift, err = parseShift(*shift); err != nil {
			return fail(stdout, stderr, *asJSON, err)
		}
	}
	m, err := pipeline.ReadMesh(files[0])
	if err != nil {
		return fail(stdout, stderr, *asJSON, err)
	}
	t0 := time.Now()
	f, err := pipeline.Picture(ctx, m, format, *out, po)
	if err != nil {
		return fail(stdout, stderr, *asJSON, err)
	}
	took := time.Since(t0)
	if *asJSON {
		return printJSON(stdout, stderr, map[string]any{"file": f, "timings_ms": map[string]float64{"render": float64(took.Microseconds()) / 1000}})
	}
	fmt.Fprintf(stdout, "wrote %s (%s, %d bytes, from %d triangles) in %s\n", f.Path, f.Format, f.Bytes, f.Triangles, took.Round(time.Millisecond))
	return 0
}

// parseShift reads "DX,DY", each a fraction of a pixel from -1 to 1.
func parseShift(s string) ([2]float64, error) {
	var out [2]float64
	parts := strings.Split(s, ",")
	if len(parts) != 2 {
		return out, badinput.New(badinput.BadRequest, "--shift takes DX,DY, such as 0.25,0; got %q", s)
	}
	for i, p := range parts {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || v < -1 || v > 1 {
			return out, badinput.New(badinput.OutOfRange, "--shift takes fractions of a pixel from -1 to 1, such as 0.25,0; got %q", s)
		}
		out[i] = v
	}
	return out, nil
}
