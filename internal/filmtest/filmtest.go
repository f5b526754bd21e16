// Package filmtest draws turntable films of known solids with yanchu's own
// renderer, for the tests of what carves them back.
package filmtest

import (
	"context"
	"image"
	"image/color"

	"yanchu/carve"
	"yanchu/isosurface"
	"yanchu/mesh"
	"yanchu/render"
	"yanchu/sdf"
)

// Background is the light grey yanchu's films stand the model on.
var Background = color.NRGBA{242, 241, 237, 255}

// Frames meshes s on a grid of 96 cells along its longest side and draws
// frames views of it turning, each size × size pixels, from a camera pitch
// radians above level, one sample a pixel, without the ground's shadow.
func Frames(ctx context.Context, s sdf.Solid, size, frames int, pitch float64) ([]*image.NRGBA, error) {
	res, err := isosurface.Mesher{Cells: 96}.Mesh(ctx, s)
	if err != nil {
		return nil, err
	}
	return MeshFrames(ctx, res.Mesh, size, frames, pitch)
}

// MeshFrames draws m as Frames draws a solid.
func MeshFrames(ctx context.Context, m *mesh.Mesh, size, frames int, pitch float64) ([]*image.NRGBA, error) {
	p, err := render.Prepare(m)
	if err != nil {
		return nil, err
	}
	return p.Turntable(ctx, render.Options{Size: size, Pitch: pitch, Samples: 1, Background: Background}, frames)
}

// Film is Frames held as a carve.Film.
func Film(ctx context.Context, s sdf.Solid, size, frames int, pitch float64) (*carve.Film, error) {
	fr, err := Frames(ctx, s, size, frames, pitch)
	if err != nil {
		return nil, err
	}
	imgs := make([]image.Image, len(fr))
	for i, f := range fr {
		imgs[i] = f
	}
	return carve.FromImages(imgs)
}
