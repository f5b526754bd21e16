package carve

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"math/rand/v2"
	"os/exec"
	"testing"

	"yanchu/isosurface"
	"yanchu/mesh"
	"yanchu/render"
	"yanchu/sdf"
)

// filmLook is how a test film is drawn: ivory on yanchu's light grey, as
// its films are, but with no shadow on the ground and no blur in time (see
// TestShadowAndBlur).
type filmLook struct {
	size, frames int
	pitch        float64 // radians
	cells        int     // mesh cells along the longest side
	shadow, blur bool    // the ground's shadow, and yanchu's blur in time
	fov          float64 // the camera's field of view (radians); 0 for yanchu's 30°
}

// background is the light grey yanchu's films stand the model on.
var background = color.NRGBA{242, 241, 237, 255}

// renderFilm meshes s and draws a turntable film of it as look says.
func renderFilm(t testing.TB, s sdf.Solid, look filmLook) ([]*image.NRGBA, *mesh.Mesh) {
	t.Helper()
	cells := look.cells
	if cells == 0 {
		cells = 96
	}
	res, err := isosurface.Mesher{Cells: cells}.Mesh(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	p, err := render.Prepare(res.Mesh)
	if err != nil {
		t.Fatal(err)
	}
	opt := render.Options{Size: look.size, Pitch: look.pitch, Background: background, Ground: look.shadow, FOV: look.fov}
	if look.blur {
		opt.Blur = render.DefaultBlur
	}
	frames, err := p.Turntable(t.Context(), opt, look.frames)
	if err != nil {
		t.Fatal(err)
	}
	return frames, res.Mesh
}

// images turns frames into the interface slice FromImages takes.
func images[T image.Image](frames []T) []image.Image {
	out := make([]image.Image, len(frames))
	for i, f := range frames {
		out[i] = f
	}
	return out
}

// spoil adds Gaussian noise of sigma (0 to 255) to every channel and then
// round-trips each frame through JPEG at the quality given, seeded.
func spoil(t testing.TB, frames []*image.NRGBA, sigma float64, quality int, seed uint64) []image.Image {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	out := make([]image.Image, len(frames))
	for i, f := range frames {
		n := image.NewNRGBA(f.Bounds())
		for j := range f.Pix {
			if j%4 == 3 {
				n.Pix[j] = 255
				continue
			}
			v := float64(f.Pix[j]) + rng.NormFloat64()*sigma
			n.Pix[j] = uint8(math.Max(0, math.Min(255, math.Round(v))))
		}
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, n, &jpeg.Options{Quality: quality}); err != nil {
			t.Fatal(err)
		}
		m, err := jpeg.Decode(&buf)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = m
	}
	return out
}

// lookPath finds a command on PATH.
func lookPath(name string) (string, error) { return exec.LookPath(name) }

// contextCancelled returns a context that is already cancelled.
func contextCancelled(t *testing.T) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	return ctx, cancel
}
