// Package render draws a closed mesh as a still picture or a frame of a film, in
// pure Go, with no GPU: the mesh yanchu prints is the mesh it shows.
//
// It rasterises triangles rather than ray-marching the solid. The mesh is
// already the exact surface within the tolerance, a triangle covers many
// samples at the cost of one setup, and rasterising 650,000 triangles at 16
// samples a pixel takes a fraction of a second, where marching a distance
// field needs tens of field evaluations per sample. Screen positions are
// snapped to 1/256 of a sample and edges tested in integers, so triangles
// that share an edge neither overlap nor leave a crack. Each sample keeps the
// nearest triangle (a visibility buffer); a closed mesh's faces turned from
// the eye are skipped. Shading then runs once per surface in each pixel.
//
// Edges do not jitter: every pixel takes 16 samples on a 4 × 4 grid, and the
// picture is reconstructed from them with a Gaussian filter of σ = 0.75 pixel,
// wider than the pixel, so an edge moving by a quarter of a pixel changes a
// pixel by about a seventh of its contrast, however the edge falls on the
// samples. Films filter in time as well (Options.Blur, film). Each sample's
// result depends only on the triangles over it, taken in mesh order, so the
// pixels are the same whatever the number of workers.
//
// Light: a soft key light from the upper left front and a fill from the right,
// with a hemisphere ambient, over a ground plane under the model that takes the
// key light's shadow (a shadow map, filtered over 5 × 5 texels, so the shadow
// is soft). A cut-away removes the half of the model in front of a plane
// through its middle and shows the material in section: where the nearest
// surface seen through the cut faces away (its inside), the sample is section.
package render

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"math"
	"runtime"

	"yanchu/geom"
	"yanchu/mesh"
)

// Limits on a picture: its side, in pixels.
const (
	MinSize = 16
	MaxSize = 4096
)

// Material is a surface's look: a base colour (sRGB) and a shine.
type Material struct {
	Name  string
	Color color.NRGBA
	// Shine is the strength of the key light's highlight, from 0 (matte) to 1.
	Shine float64
}

// Materials yanchu draws in: ivory (a carved puzzle ball), PLA colours and a
// grey resin.
var Materials = map[string]Material{
	"ivory":      {"ivory", color.NRGBA{236, 226, 200, 255}, 0.25},
	"pla-white":  {"pla-white", color.NRGBA{235, 235, 232, 255}, 0.15},
	"pla-red":    {"pla-red", color.NRGBA{200, 40, 35, 255}, 0.2},
	"pla-orange": {"pla-orange", color.NRGBA{240, 120, 30, 255}, 0.2},
	"pla-blue":   {"pla-blue", color.NRGBA{35, 90, 190, 255}, 0.2},
	"pla-green":  {"pla-green", color.NRGBA{50, 150, 70, 255}, 0.2},
	"pla-black":  {"pla-black", color.NRGBA{40, 40, 42, 255}, 0.3},
	"grey-resin": {"grey-resin", color.NRGBA{150, 152, 155, 255}, 0.45},
}

// Options say how to draw a mesh.
type Options struct {
	// Size is the side of the square picture (pixels).
	Size int
	// Material is the surface's look; the zero value is ivory.
	Material Material
	// Yaw turns the camera about the vertical (radians, 0 looking along +Y from
	// -Y), Pitch raises it above the horizon (radians).
	Yaw, Pitch float64
	// Shift moves the camera by a fraction of a pixel across the picture.
	Shift [2]float64
	// Background is the colour behind the model; Transparent leaves it clear
	// (the ground's shadow then darkens it through its alpha).
	Background  color.NRGBA
	Transparent bool
	// Ground draws the ground plane's shadow under the model.
	Ground bool
	// CutAway removes the front half of the model to show it in section.
	CutAway bool
	// Samples is the samples per pixel along each axis: 4 (16 a pixel) unless
	// set; 1 draws one sample a pixel, with no filter (for comparison).
	Samples int
	// Workers rasterise bands of rows at once; 0 means GOMAXPROCS. The picture
	// does not depend on it.
	Workers int
	// Blur spreads a film frame's samples over time, as a Gaussian of this
	// many frames' standard deviation (motion blur), so an edge that moves
	// several pixels a frame fades across its path instead of stepping; see
	// film. 0 draws each frame at one moment; stills are always sharp.
	Blur float64
	// Frame, when set, is the box the camera frames instead of the mesh's own,
	// so the frames of a film share one framing.
	Frame *geom.Box
	// FOV is the camera's field of view across the picture (radians), from
	// 5° to 120°; 0 means DefaultFOV. The camera stands as near as frames the
	// model, so a wider view shows more perspective.
	FOV float64
}

// DefaultFOV is the field of view yanchu's pictures and films are drawn with
// (radians).
const DefaultFOV = 30 * math.Pi / 180

// sigma is the reconstruction filter's width (pixels), and reach how far it
// is summed (pixels).
const (
	sigma = 0.75
	reach = 2.2
)

// Prepared is a mesh made ready to draw many times, as the frames of a film
// are: its corners' normals are worked out once, and whether it is closed
// (then faces turned from the eye are never drawn).
type Prepared struct {
	m       *mesh.Mesh
	normals []geom.Vec3
	closed  bool
	box     geom.Box
}

// Prepare makes m ready to draw. It returns an error for a mesh with no
// triangles.
func Prepare(m *mesh.Mesh) (*Prepared, error) {
	if m == nil || len(m.Triangles) == 0 {
		return nil, fmt.Errorf("render: the mesh has no triangles")
	}
	p := &Prepared{m: m, box: m.Bounds()}
	p.normals, p.closed = cornerNormals(m.Vertices, m.Triangles)
	return p, nil
}

// Render draws m as opt says. The mesh must be closed and facing outward for
// the cut-away's sections to be right; any mesh draws.
func Render(ctx context.Context, m *mesh.Mesh, opt Options) (*image.NRGBA, error) {
	p, err := Prepare(m)
	if err != nil {
		return nil, err
	}
	return p.Render(ctx, opt)
}

// Render draws the prepared mesh as opt says, at one moment.
func (p *Prepared) Render(ctx context.Context, opt Options) (*image.NRGBA, error) {
	if err := check(&opt); err != nil {
		return nil, err
	}
	box := p.box
	if opt.Frame != nil {
		box = *opt.Frame
	}
	m := moment{yaw: opt.Yaw}
	return p.frame(ctx, &opt, box, m, nil)
}

// check fills in opt's defaults and says what is wrong with it.
func check(opt *Options) error {
	if opt.Size < MinSize || opt.Size > MaxSize {
		return fmt.Errorf("render: the picture's side must be %d to %d pixels, got %d", MinSize, MaxSize, opt.Size)
	}
	if opt.Material.Name == "" {
		opt.Material = Materials["ivory"]
	}
	if opt.Samples <= 0 {
		opt.Samples = 4
	}
	if opt.Samples > 8 {
		return fmt.Errorf("render: at most 8 samples a pixel along each axis, got %d", opt.Samples)
	}
	if opt.FOV == 0 {
		opt.FOV = DefaultFOV
	}
	if !(opt.FOV >= 5*math.Pi/180 && opt.FOV <= 120*math.Pi/180) {
		return fmt.Errorf("render: the field of view must be 5° to 120°, got %g°", opt.FOV*180/math.Pi)
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	for _, s := range opt.Shift {
		if math.IsNaN(s) || math.Abs(s) > 1 {
			return fmt.Errorf("render: a shift is a fraction of a pixel, from -1 to 1, got %v", opt.Shift)
		}
	}
	if math.IsNaN(opt.Blur) || opt.Blur < 0 || opt.Blur > MaxBlur {
		return fmt.Errorf("render: a blur is 0 to %g frames, got %v", MaxBlur, opt.Blur)
	}
	return nil
}

// MaxBlur caps Options.Blur (frames), and DefaultBlur is the blur of the
// films yanchu makes: the least that keeps a turning puzzle ball's outline
// within a quarter of the shimmer a sharp one-sample film shows
// (TestTurntableFlicker).
const (
	MaxBlur     = 4.0
	DefaultBlur = 0.7
)

// frame draws one picture of the moment m on cv (clean, or nil for a new one).
func (p *Prepared) frame(ctx context.Context, opt *Options, box geom.Box, m moment, cv *canvas) (*image.NRGBA, error) {
	if cv == nil {
		cv = cv.clean(opt, 1)
	}
	if err := p.drawMoments(ctx, opt, box, m, []moment{m}, []lattice{{step: 1}}, cv); err != nil {
		return nil, err
	}
	if opt.Samples == 1 {
		return toImage(cv.samples, opt.Size, opt.Size), nil
	}
	return reconstruct(cv.samples, opt.Size, opt.Samples, opt.Workers), nil
}

// drawMoments draws each moment of ms on its lattice of cv's samples, lit as
// at the moment centre, which also casts the ground's shadow.
func (p *Prepared) drawMoments(ctx context.Context, opt *Options, box geom.Box, centre moment, ms []moment, lats []lattice, cv *canvas) error {
	cam := newCamera(opt, box, centre.yaw, [2]float64{})
	lit := newLights(&cam)
	var shad *shadowMap
	if opt.Ground {
		pos := centre.pos
		if pos == nil {
			pos = p.m.Vertices
		}
		var cut *[2]geom.Vec3
		if opt.CutAway {
			cut = &[2]geom.Vec3{cam.mid, lit.cut}
		}
		shad = newShadowMap(pos, p.m.Triangles, box, lit.key, cut, p.closed, opt.Workers)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	// The moments are set up and drawn a group at once, each by a worker on
	// its own lattice (a lone moment by all the workers, a band each), then
	// lit in time order.
	group := min(opt.Workers, len(ms))
	for g := 0; g < len(ms); g += group {
		scenes := make([]*scene, min(group, len(ms)-g))
		workers := opt.Workers
		if len(scenes) > 1 {
			workers = 1
		}
		parallelChunks(bandsOf(len(scenes), len(scenes)), func(_, i0, _ int) {
			j := g + i0
			sc := newScene(p, opt, box, ms[j], lit, lats[j], workers)
			sc.shad, sc.centre = shad, &centre
			sc.draw(ctx, lats[j], cv.buf, workers)
			scenes[i0] = sc
		})
		if err := ctx.Err(); err != nil {
			return err
		}
		for _, sc := range scenes {
			if err := sc.shade(ctx, cv.buf, &cv.lights, cv.samples); err != nil {
				return err
			}
		}
	}
	return nil
}

// canvas is what a frame is drawn on: the visibility buffer, the samples'
// colours and the light of each pixel's surfaces. A film's frames draw on one
// in turn.
type canvas struct {
	buf     *vbuf
	samples []float32
	lights  lightCache
}

// clean readies cv for a frame of opt's size drawn in lattices of step ×
// step samples, making it when nil.
func (cv *canvas) clean(opt *Options, step int) *canvas {
	s := opt.Size * opt.Samples
	if cv == nil || cv.buf.s != s || cv.buf.step != step {
		cv = &canvas{buf: newVbuf(s, step), samples: make([]float32, 4*s*s)}
	} else {
		cv.buf.reset(0)
	}
	cv.lights.reset(opt.Size * opt.Size)
	return cv
}

// Turntable draws frames of a film in which the camera circles the model once,
// starting from opt.Yaw, all framed alike.
func (p *Prepared) Turntable(ctx context.Context, opt Options, frames int) ([]*image.NRGBA, error) {
	if frames < 1 || frames > MaxFrames {
		return nil, fmt.Errorf("render: a film has 1 to %d frames, got %d", MaxFrames, frames)
	}
	if err := check(&opt); err != nil {
		return nil, err
	}
	box := p.box
	if opt.Frame != nil {
		box = *opt.Frame
	}
	step := 2 * math.Pi / float64(frames)
	return p.film(ctx, opt, frames, box, func(t float64) moment {
		return moment{yaw: opt.Yaw + step*t}
	})
}

// MaxFrames caps a film's frames.
const MaxFrames = 1000
