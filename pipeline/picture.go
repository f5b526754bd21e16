package pipeline

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"maps"
	"math"
	"os"
	"slices"
	"strings"
	"time"

	"yanchu/badinput"
	"yanchu/encoding/film"
	"yanchu/internal/atomicfile"
	"yanchu/mesh"
	"yanchu/render"
)

// Pictures lists the picture formats yanchu draws of a mesh: a still and films.
var Pictures = []string{"png", "gif", "apng", "mp4"}

// PictureOptions say how to draw a mesh as a picture or a film.
type PictureOptions struct {
	// Size is the side of the picture (pixels); 0 means DefaultPictureSize.
	Size int
	// Frames and Seconds are a film's frames and length; 0 means the defaults.
	Frames  int
	Seconds float64
	// Material names one of render.Materials; "" means ivory.
	Material string
	// CutAway shows nested bodies in section.
	CutAway bool
	// Transparent leaves the background clear (PNG, GIF, APNG).
	Transparent bool
	// Shift moves the camera by a fraction of a pixel.
	Shift [2]float64
	// Blur is a film's motion blur, the σ of each frame's exposure in frames
	// (render.Options.Blur); 0 means render.DefaultBlur, and a negative value
	// none.
	Blur float64
	// Workers draw bands of rows at once; the pixels do not depend on it.
	Workers int
	// Motion is a film's: "turntable" (the default) circles the camera;
	// "bodies" moves each body as render.Motions has it, or as Motions says.
	Motion  string
	Motions []render.BodyMotion
}

// Defaults and limits of pictures.
const (
	DefaultPictureSize = 512
	DefaultFilmSize    = 320
	DefaultFrames      = 72
	DefaultSeconds     = 6.0
	MaxFilmFrames      = 720
	MaxFilmSeconds     = 60.0
)

// pictureBackground is the light grey the model stands on, its shadow under it.
var pictureBackground = color.NRGBA{242, 241, 237, 255}

// Picture draws m into path in the format given (png, gif, apng or mp4): a still
// for png, a turntable for the films. The camera frames the whole model, seen
// from a little above. A missing ffmpeg for mp4 is a *badinput.Error that says
// how to install it.
func Picture(ctx context.Context, m *mesh.Mesh, format, path string, po PictureOptions) (File, error) {
	size := po.Size
	if size == 0 {
		size = DefaultPictureSize
		if format != "png" {
			size = DefaultFilmSize
		}
	}
	if size < render.MinSize || size > render.MaxSize {
		return File{}, badinput.New(badinput.OutOfRange, "a picture's side must be %d to %d pixels, got %d", render.MinSize, render.MaxSize, size)
	}
	mat := render.Materials["ivory"]
	if po.Material != "" {
		var ok bool
		if mat, ok = render.Materials[po.Material]; !ok {
			return File{}, badinput.New(badinput.UnknownWord, "no material %q; use one of %s", po.Material, materialNames())
		}
	}
	opt := render.Options{Size: size, Material: mat, Pitch: 0.45, Yaw: -0.5, Shift: po.Shift,
		Background: pictureBackground, Transparent: po.Transparent, Ground: true, CutAway: po.CutAway, Workers: po.Workers}
	prep, err := render.Prepare(m)
	if err != nil {
		return File{}, fmt.Errorf("pipeline: %w", err)
	}
	if format == "png" {
		img, err := prep.Render(ctx, opt)
		if err != nil {
			return File{}, fmt.Errorf("pipeline: %w", err)
		}
		return writePicture(path, format, m, func(w io.Writer) error {
			return png.Encode(w, img)
		})
	}
	frames, seconds := po.Frames, po.Seconds
	if frames == 0 {
		frames = DefaultFrames
	}
	if seconds == 0 {
		seconds = DefaultSeconds
	}
	if frames < 2 || frames > MaxFilmFrames {
		return File{}, badinput.New(badinput.OutOfRange, "a film has 2 to %d frames, got %d", MaxFilmFrames, frames)
	}
	if !(seconds > 0) || seconds > MaxFilmSeconds || math.IsInf(seconds, 0) {
		return File{}, badinput.New(badinput.OutOfRange, "a film lasts more than 0 and at most %g seconds, got %g", MaxFilmSeconds, seconds)
	}
	if format == "mp4" {
		opt.Transparent = false
	}
	switch {
	case po.Blur == 0:
		opt.Blur = render.DefaultBlur
	case po.Blur > render.MaxBlur || math.IsNaN(po.Blur):
		return File{}, badinput.New(badinput.OutOfRange, "a film's blur is 0 to %g frames, got %g", render.MaxBlur, po.Blur)
	case po.Blur > 0:
		opt.Blur = po.Blur
	}
	var imgs []*image.NRGBA
	switch po.Motion {
	case "", "turntable":
		imgs, err = prep.Turntable(ctx, opt, frames)
	case "bodies":
		motions := po.Motions
		if motions == nil {
			motions = render.Motions(m)
		}
		imgs, err = prep.Bodies(ctx, opt, frames, motions)
	default:
		return File{}, badinput.New(badinput.BadRequest, "no motion %q; use turntable or bodies", po.Motion)
	}
	if err != nil {
		return File{}, fmt.Errorf("pipeline: %w", err)
	}
	f := &film.Film{Frames: imgs, Delay: time.Duration(seconds / float64(frames) * float64(time.Second)), Background: pictureBackground}
	switch format {
	case "gif":
		return writePicture(path, format, m, func(w io.Writer) error { return film.WriteGIF(w, f) })
	case "apng":
		return writePicture(path, format, m, func(w io.Writer) error { return film.WriteAPNG(w, f) })
	case "mp4":
		if err := film.WriteMP4(ctx, path, f); err != nil {
			if errors.Is(err, film.ErrNoFFmpeg) {
				return File{}, badinput.New(badinput.BadRequest, "%v", err)
			}
			return File{}, fmt.Errorf("pipeline: writing %s: %w", path, err)
		}
		return statFile(path, format, m)
	}
	return File{}, badinput.New(badinput.BadRequest, "unknown picture format %q; use png, gif, apng or mp4", format)
}

func writePicture(path, format string, m *mesh.Mesh, write func(w io.Writer) error) (File, error) {
	if err := atomicfile.WriteFile(path, write); err != nil {
		return File{}, fmt.Errorf("pipeline: writing %s: %w", path, err)
	}
	return statFile(path, format, m)
}

func statFile(path, format string, m *mesh.Mesh) (File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return File{}, fmt.Errorf("pipeline: %w", err)
	}
	return File{Format: format, Path: path, Bytes: st.Size(), Triangles: len(m.Triangles)}, nil
}

func materialNames() string {
	return strings.Join(slices.Sorted(maps.Keys(render.Materials)), ", ")
}
