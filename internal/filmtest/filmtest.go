// Package filmtest draws turntable films of known solids with yanchu's own
// renderer, for the tests of what carves them back.
package filmtest

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"time"

	"yanchu/carve"
	"yanchu/encoding/film"
	"yanchu/geom"
	"yanchu/isosurface"
	"yanchu/mesh"
	"yanchu/render"
	"yanchu/sdf"
)

// Background is the light grey yanchu's films stand the model on.
var Background = color.NRGBA{242, 241, 237, 255}

// Tower is the solid the tests film: a cylinder 20 mm across and 20 mm
// tall with a cone on it up to 30 mm, its top flat and 14 mm across, so that
// both a flat top and a flat base show (for the camera's pitch and field of
// view).
func Tower() sdf.Solid {
	return sdf.Union(sdf.Cylinder(10, 20), sdf.Translate(sdf.Cone(10, 7, 10), geom.V(0, 0, 15)))
}

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

// GIF is Frames written as a GIF, a tenth of a second a frame.
func GIF(ctx context.Context, s sdf.Solid, size, frames int, pitch float64) ([]byte, error) {
	fr, err := Frames(ctx, s, size, frames, pitch)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := film.WriteGIF(&b, &film.Film{Frames: fr, Delay: 100 * time.Millisecond}); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
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
