package carve

import (
	"context"
	"fmt"
	"math"

	"yanchu/badinput"
	"yanchu/geom"
	"yanchu/sdf"
)

// Defaults and limits of Options.
const (
	// DefaultFOVDeg is the field of view assumed when none is given: that of
	// yanchu's own renderer.
	DefaultFOVDeg = 30
	// DefaultResolution is the voxels along the hull's longest side when
	// none is given.
	DefaultResolution = 160
	// MinResolution and MaxResolution bound Options.Resolution.
	MinResolution = 16
	MaxResolution = 256
	// MaxHeightMM bounds Options.HeightMM.
	MaxHeightMM = 2000
)

// Options say what the film cannot: the object's height, and what is known
// of the camera and the turn.
type Options struct {
	// HeightMM is the object's height (mm), from the turntable to its top;
	// the film alone has no scale. It must be given.
	HeightMM float64
	// Turn is the fraction of a full turn the film covers, frame to frame
	// evenly: frame i is seen i·Turn/N of a turn on from frame 0. 0 means 1.
	Turn float64
	// Clockwise says the object turns clockwise seen from above. In
	// yanchu's own turntable films it does (the camera circles it
	// counterclockwise).
	Clockwise bool
	// PitchDeg is how far the camera looks down at the turntable (degrees);
	// FOVDeg is its field of view across the frame's width (degrees). 0
	// means: estimate each from the film, the field of view falling back to
	// DefaultFOVDeg where the film cannot tell it.
	PitchDeg, FOVDeg float64
	// PitchKnown says PitchDeg is given even when it is 0: a level camera.
	PitchKnown bool
	// Resolution is the voxels along the hull's longest side; 0 means
	// DefaultResolution.
	Resolution int
	// Workers is the goroutines that work at once; 0 means GOMAXPROCS. The
	// solid does not depend on it.
	Workers int
}

// Figure is one number the carving used, with where it came from, for a
// report: Source is "given" (from Options), "estimated" (from the film) or
// "default" (neither: a value assumed).
type Figure struct {
	Name   string
	Value  float64
	Unit   string
	Source string
}

// Sources of a Figure.
const (
	Given     = "given"
	Estimated = "estimated"
	Default   = "default"
)

// Result is the carved solid and what was learned carving it.
type Result struct {
	// Solid is the hull, in mm, standing on z = 0 with its turning axis on
	// the Z axis, frame 0 seen from -Y. Its field is sloped: Solid.Slope()
	// bounds how fast it changes, a guaranteed bound well above what it does.
	Solid sdf.Solid
	// Size is the hull's width, depth and height (mm): the height as given,
	// the width and depth where its field crosses zero.
	Size geom.Vec3
	// Figures are the camera's and the film's numbers, each with its source.
	Figures []Figure
	// Warnings say what may make the hull wrong, each with what would help.
	Warnings []string
	// Threshold is the colour distance (0 to 441, in RGB) that told the
	// object from the background.
	Threshold float64
}

// Carve carves the visual hull of the object turning in f: the largest solid
// whose silhouettes match the film's, cut flat where it stood on the
// turntable and where its silhouettes show its top, scaled to opt.HeightMM.
// It returns a *badinput.Error for options out of range and for a film in
// which no object can be told from the background, and ctx's error when it
// is cancelled.
func Carve(ctx context.Context, f *Film, opt Options) (*Result, error) {
	turnGiven := opt.Turn != 0
	if err := check(f, &opt); err != nil {
		return nil, err
	}
	res := &Result{}
	s, err := findSilhouettes(ctx, f, opt.Workers)
	if err != nil {
		return nil, err
	}
	res.Threshold = s.threshold
	u, x0, y0, x1, y1 := union(s)
	if x1-x0 < 4 || y1-y0 < 4 {
		return nil, badinput.New(BadVideo, "no object stands out from the background in the film (it differs by less than %.0f in colour, or is smaller than 4 pixels); film it against a plain background of another colour", s.threshold)
	}
	if s.touches {
		res.Warnings = append(res.Warnings, "the object reaches the edge of the frame, and what lies beyond it is cut off; film it with a margin all round")
	}
	// The camera: the axis, the field of view and the pitch.
	full := opt.Turn >= 0.95
	cx := float64(f.Width) / 2
	cxSource := Default
	if c, ok := axisColumn(u, f.Width, y0, y1); ok && full {
		cx, cxSource = c, Estimated
	}
	// The arcs that a flat base and a flat top draw on the union over a full
	// turn give the field of view, the pitch and where to cut.
	var baseArc, topArc arc
	if full {
		baseArc, topArc = fitArc(u, f.Width, f.Height, cx, false), fitArc(u, f.Width, f.Height, cx, true)
	}
	fov, fovSource := opt.FOVDeg, Given
	if fov == 0 {
		fov, fovSource = DefaultFOVDeg, Default
		if v, ok := estimateFOV(baseArc, topArc, f.Width, f.Height, DefaultFOVDeg*math.Pi/180); ok {
			fov, fovSource = v*180/math.Pi, Estimated
		}
	}
	res.Figures = append(res.Figures, Figure{"field of view", fov, "°", fovSource}, Figure{"axis column", cx, "px", cxSource})
	focal := float64(f.Width) / 2 / math.Tan(fov*math.Pi/360)
	pitch, pitchSource := opt.PitchDeg*math.Pi/180, Given
	if opt.PitchDeg == 0 && !opt.PitchKnown {
		pitch, pitchSource = 0, Default
		if p, ok := estimatePitch(baseArc, topArc, f.Height, focal); ok {
			pitch, pitchSource = p, Estimated
		} else {
			res.Warnings = append(res.Warnings, "the film shows no flat rim or base to measure the camera's pitch by, so the camera is taken as level; give the pitch if it looked down")
		}
	}
	res.Figures = append(res.Figures, Figure{"pitch", pitch * 180 / math.Pi, "°", pitchSource})
	step := 2 * math.Pi * opt.Turn / float64(f.Len())
	if !opt.Clockwise {
		step = -step
	}
	r := newRig(f.Width, f.Height, fov*math.Pi/180, cx, pitch, step)
	h, err := carveHull(ctx, r, s, x0, y0, x1, y1, opt)
	if err != nil {
		return nil, err
	}
	bottom, top, ok := cutHeights(ctx, h.g, r, s, topArc, opt.Workers)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if !ok {
		return nil, badinput.New(BadVideo, "the silhouettes of the film do not agree on any solid; check that the film shows one full turn (or give the fraction it shows) and the turning direction")
	}
	scale := opt.HeightMM / (top - bottom)
	res.Solid, res.Size = h.solid(bottom, top, scale, r, f.Len(), fov)
	res.Figures = append(res.Figures,
		Figure{"height", opt.HeightMM, "mm", Given},
		Figure{"width", res.Size.X, "mm", Estimated},
		Figure{"depth", res.Size.Y, "mm", Estimated},
		figure("turn", opt.Turn, "turns", turnGiven, Default))
	return res, nil
}

// figure returns a Figure that is given when given is set and otherwise has
// the source other.
func figure(name string, v float64, unit string, given bool, other string) Figure {
	src := other
	if given {
		src = Given
	}
	return Figure{name, v, unit, src}
}

// check fills in opt's defaults and says what is wrong with it or with f.
func check(f *Film, opt *Options) error {
	switch {
	case f == nil || f.Len() < MinFrames:
		n := 0
		if f != nil {
			n = f.Len()
		}
		return badVideo("the film has %d frames; a hull needs at least %d views of the object turning", n, MinFrames)
	case !(opt.HeightMM > 0) || opt.HeightMM > MaxHeightMM:
		return badinput.New(badinput.OutOfRange, "the object's height must be more than 0 and at most %d mm, got %g; the film alone has no scale, so give its height", MaxHeightMM, opt.HeightMM)
	case math.IsNaN(opt.Turn) || opt.Turn < 0 || opt.Turn > 2:
		return badinput.New(badinput.OutOfRange, "the film's turn must be a fraction from 0 to 2 turns, got %g", opt.Turn)
	case math.IsNaN(opt.PitchDeg) || math.Abs(opt.PitchDeg) >= 80:
		return badinput.New(badinput.OutOfRange, "the camera's pitch must be between -80° and 80°, got %g", opt.PitchDeg)
	case math.IsNaN(opt.FOVDeg) || opt.FOVDeg < 0 || opt.FOVDeg > 120 || (opt.FOVDeg > 0 && opt.FOVDeg < 1):
		return badinput.New(badinput.OutOfRange, "the camera's field of view must be 1° to 120°, got %g", opt.FOVDeg)
	case opt.Resolution != 0 && (opt.Resolution < MinResolution || opt.Resolution > MaxResolution):
		return badinput.New(badinput.OutOfRange, "the resolution must be %d to %d voxels, got %d", MinResolution, MaxResolution, opt.Resolution)
	}
	if opt.Turn == 0 {
		opt.Turn = 1
	}
	if opt.Resolution == 0 {
		opt.Resolution = DefaultResolution
	}
	return nil
}

// estimatePitch measures the camera's pitch from the ellipses that a flat
// top or a flat base draws on the union of the silhouettes (radians). The
// top's is preferred: seen from above, the sides below a rim run in towards
// the vanishing point under the object, so the ellipse's ends stand clear,
// while above a base they run out and blur its ends.
func estimatePitch(baseArc, topArc arc, h int, focal float64) (float64, bool) {
	cy := float64(h) / 2
	if p, ok := arcPitch(topArc, focal, cy, false); ok {
		return p, true
	}
	return arcPitch(baseArc, focal, cy, false)
}

// hull is a carved hull's field on a grid, in world units.
type hull struct {
	g *grid
	c *carver
}

// carveHull carves the hull seen by r through the silhouettes s, whose
// union lies in [x0, x1) × [y0, y1): first coarsely over the space the
// camera sees, to find the hull's box, then at opt.Resolution over that box.
func carveHull(ctx context.Context, r rig, s *silhouettes, x0, y0, x1, y1 int, opt Options) (*hull, error) {
	margin := 8
	cx0, cy0 := max(0, x0-margin), max(0, y0-margin)
	cx1, cy1 := min(s.w, x1+margin), min(s.h, y1+margin)
	c := &carver{views: make([]view, len(s.masks)), sd: make([]*sdf2, len(s.masks))}
	err := parallel(ctx, len(s.masks), opt.Workers, func(i int) {
		c.views[i] = r.view(i)
		c.sd[i] = newSDF2(s.masks[i], s.w, cx0, cy0, max(2, cx1-cx0), max(2, cy1-cy0))
	})
	if err != nil {
		return nil, err
	}
	tx, ty := 0.75*float64(r.w)/r.f, 0.75*float64(r.h)/r.f
	c.lip = math.Sqrt2 * math.Sqrt(1+tx*tx+ty*ty)
	// Coarse: 48 cells across the space in view, up to 0.8 of the camera's
	// distance from the axis point.
	half := math.Min(0.8, 1.3*math.Hypot(float64(r.w), float64(r.h))/2/r.f)
	const coarse = 48
	cell := 2 * half / coarse
	g := newGrid(geom.V(-half, -half, -half), cell, [3]int{coarse + 1, coarse + 1, coarse + 1})
	c.band = 2 * cell
	if err := c.fill(ctx, g, opt.Workers); err != nil {
		return nil, err
	}
	lo, hi, any := g.inside(float32(cell))
	if !any {
		return nil, badinput.New(BadVideo, "the silhouettes of the film do not agree on any solid; check that the film shows one full turn (or give the fraction it shows) and the turning direction")
	}
	box := geom.Box{Min: g.point(lo[0], lo[1], lo[2]), Max: g.point(hi[0]-1, hi[1]-1, hi[2]-1)}.Expand(cell)
	// Fine: opt.Resolution voxels along the box's longest side, with room for
	// the band and a cell to spare all round.
	fine := box.Size().MaxComp() / float64(opt.Resolution)
	c.band = 4 * fine
	box = box.Expand(c.band + 2*fine)
	var n [3]int
	for a := range 3 {
		n[a] = int(math.Ceil(box.Size().Comp(a)/fine)) + 1
	}
	g = newGrid(box.Min, fine, n)
	if err := c.fill(ctx, g, opt.Workers); err != nil {
		return nil, err
	}
	return &hull{g: g, c: c}, nil
}

// solid returns the hull cut at heights bottom and top (world units) and
// scaled by scale into mm, standing on z = 0, and its size (mm).
func (h *hull) solid(bottom, top, scale float64, r rig, frames int, fov float64) (sdf.Solid, geom.Vec3) {
	g := h.g
	lo, hi, _ := g.inside(0)
	box := geom.Box{Min: g.point(lo[0], lo[1], lo[2]), Max: g.point(hi[0]-1, hi[1]-1, hi[2]-1)}.Expand(g.cell)
	box.Min.Z, box.Max.Z = bottom, top
	size := box.Size().Scale(scale)
	// The levels a cell beyond the cuts hold what lies between them and
	// the cuts.
	if alo, ahi := g.across(bottom-g.cell, top+g.cell); alo[0] < ahi[0] && alo[1] < ahi[1] {
		// The surface's own width and depth, where the field crosses zero.
		size.X, size.Y = (ahi[0]-alo[0])*scale, (ahi[1]-alo[1])*scale
	}
	mm := geom.Box{
		Min: geom.V(box.Min.X*scale, box.Min.Y*scale, 0),
		Max: geom.V(box.Max.X*scale, box.Max.Y*scale, (top-bottom)*scale),
	}.Expand(g.cell * scale)
	// The sampled field's slope: lip within a picture, spread over the three
	// axes by the trilinear interpolation, with a little to spare.
	slope := math.Sqrt(3) * h.c.lip * 1.05
	inv := 1 / scale
	field := func(p geom.Vec3) float64 {
		q := geom.V(p.X*inv, p.Y*inv, p.Z*inv+bottom)
		v := g.at(q)
		v = math.Max(v, math.Max(bottom-q.Z, q.Z-top))
		return v * scale
	}
	sum := g.checksum()
	name := fmt.Sprintf("hull(%d frames %dx%d, pitch %.3g°, fov %.3g°, %dx%dx%d voxels of %.4g mm, height %.4g mm, crc %08x)",
		frames, r.w, r.h, r.pitch*180/math.Pi, fov, g.n[0], g.n[1], g.n[2], g.cell*scale, (top-bottom)*scale, sum)
	return sdf.Custom(name, mm, slope, field), size
}
