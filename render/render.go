// Package render draws a closed mesh as a still picture or a frame of a film, in
// pure Go, with no GPU: the mesh yanchu prints is the mesh it shows.
//
// It rasterises triangles rather than ray-marching the solid. The mesh is
// already the exact surface within the tolerance, a triangle covers many
// samples at the cost of one setup, and rasterising 390,000 triangles at 16
// samples a pixel takes a fraction of a second, where marching a distance
// field needs tens of field evaluations per sample. Each sample keeps the
// nearest triangle (a visibility buffer); shading then runs once per sample.
//
// Edges do not jitter: every pixel takes 16 samples on a 4 × 4 grid, and the
// picture is reconstructed from them with a Gaussian filter of σ = 0.75 pixel,
// wider than the pixel, so an edge moving by a quarter of a pixel changes a
// pixel by about a seventh of its contrast, however the edge falls on the
// samples. Each sample's result depends only on the triangles over it, taken in
// mesh order, so the pixels are the same whatever the number of workers.
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
	// Shutter is the sub-frames a film's frame averages over the time it shows
	// (motion blur); 0 or 1 draws each frame at one moment.
	Shutter int
	// Frame, when set, is the box the camera frames instead of the mesh's own,
	// so the frames of a film share one framing.
	Frame *geom.Box
}

// sigma is the reconstruction filter's width (pixels), and reach how far it
// is summed (pixels).
const (
	sigma = 0.75
	reach = 2.2
)

// Prepared is a mesh made ready to draw many times, as the frames of a film
// are: its corners' normals are worked out once.
type Prepared struct {
	m       *mesh.Mesh
	normals []geom.Vec3
	box     geom.Box
}

// Prepare makes m ready to draw. It returns an error for a mesh with no
// triangles.
func Prepare(m *mesh.Mesh) (*Prepared, error) {
	if m == nil || len(m.Triangles) == 0 {
		return nil, fmt.Errorf("render: the mesh has no triangles")
	}
	return &Prepared{m: m, normals: cornerNormals(m), box: m.Bounds()}, nil
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

// Render draws the prepared mesh as opt says.
func (p *Prepared) Render(ctx context.Context, opt Options) (*image.NRGBA, error) {
	if opt.Size < MinSize || opt.Size > MaxSize {
		return nil, fmt.Errorf("render: the picture's side must be %d to %d pixels, got %d", MinSize, MaxSize, opt.Size)
	}
	if opt.Material.Name == "" {
		opt.Material = Materials["ivory"]
	}
	if opt.Samples <= 0 {
		opt.Samples = 4
	}
	if opt.Samples > 8 {
		return nil, fmt.Errorf("render: at most 8 samples a pixel along each axis, got %d", opt.Samples)
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	for _, s := range opt.Shift {
		if math.IsNaN(s) || math.Abs(s) > 1 {
			return nil, fmt.Errorf("render: a shift is a fraction of a pixel, from -1 to 1, got %v", opt.Shift)
		}
	}
	sc := newScene(p, &opt)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	buf, err := sc.rasterise(ctx)
	if err != nil {
		return nil, err
	}
	samples, err := sc.shadeAll(ctx, buf)
	if err != nil {
		return nil, err
	}
	if opt.Samples == 1 {
		return toImage(samples, opt.Size, opt.Size), nil
	}
	return reconstruct(samples, opt.Size, opt.Samples, opt.Workers), nil
}

// Turntable draws frames of a film in which the camera circles the model once,
// starting from opt.Yaw, all framed alike.
func (p *Prepared) Turntable(ctx context.Context, opt Options, frames int) ([]*image.NRGBA, error) {
	if frames < 1 || frames > MaxFrames {
		return nil, fmt.Errorf("render: a film has 1 to %d frames, got %d", MaxFrames, frames)
	}
	box := p.box
	if opt.Frame == nil {
		opt.Frame = &box
	}
	out := make([]*image.NRGBA, frames)
	yaw := opt.Yaw
	step := 2 * math.Pi / float64(frames)
	shutter := max(1, opt.Shutter)
	for i := range frames {
		// The shutter stays open through the frame: the sub-frames' mean is the
		// turning model's motion blur, which keeps moving edges from stepping.
		var sum []float64
		for k := range shutter {
			opt.Yaw = yaw + step*(float64(i)+(float64(k)+0.5)/float64(shutter)-0.5)
			if shutter == 1 {
				opt.Yaw = yaw + step*float64(i)
			}
			img, err := p.Render(ctx, opt)
			if err != nil {
				return nil, err
			}
			if shutter == 1 {
				out[i] = img
				break
			}
			sum = accumulate(sum, img)
		}
		if shutter > 1 {
			out[i] = mean(sum, opt.Size, shutter)
		}
	}
	return out, nil
}

// accumulate adds img's premultiplied linear colour to sum.
func accumulate(sum []float64, img *image.NRGBA) []float64 {
	if sum == nil {
		sum = make([]float64, len(img.Pix))
	}
	for i := 0; i < len(img.Pix); i += 4 {
		a := float64(img.Pix[i+3]) / 255
		for c := range 3 {
			sum[i+c] += decode(img.Pix[i+c]) * a
		}
		sum[i+3] += a
	}
	return sum
}

// mean returns the mean of n accumulated pictures.
func mean(sum []float64, size, n int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	for y := range size {
		for x := range size {
			i := img.PixOffset(x, y)
			put(img, x, y, [4]float64{sum[i] / float64(n), sum[i+1] / float64(n), sum[i+2] / float64(n), sum[i+3] / float64(n)})
		}
	}
	return img
}

// MaxFrames caps a film's frames.
const MaxFrames = 1000
