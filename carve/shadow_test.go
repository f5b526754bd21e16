package carve

import (
	"image"
	"image/color"
	"testing"
)

// shadowFilm is 8 frames of an upright box of the colour given on a grey
// background, its shadow a darker grey falling to its lower right.
func shadowFilm(t *testing.T, object color.NRGBA) *Film {
	t.Helper()
	bg := color.NRGBA{200, 200, 200, 255}
	shadow := color.NRGBA{130, 130, 130, 255}
	img := image.NewNRGBA(image.Rect(0, 0, 96, 96))
	for y := range 96 {
		for x := range 96 {
			c := bg
			switch {
			case x >= 36 && x < 60 && y >= 20 && y < 70:
				c = object
			case y >= 62 && y < 76 && x >= 40 && x < 85:
				c = shadow
			}
			img.SetNRGBA(x, y, c)
		}
	}
	frames := make([]image.Image, 8)
	for i := range frames {
		frames[i] = img
	}
	f, err := FromImages(frames)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestShadows: a shadow of the background's colour darkened is dropped from
// the silhouette of an object of another colour, and kept with an object of
// the shadow's own colour, which cannot be told from it.
func TestShadows(t *testing.T) {
	for _, c := range []struct {
		name    string
		object  color.NRGBA
		dropped bool
	}{
		{"red box", color.NRGBA{190, 70, 50, 255}, true},
		{"ivory box", color.NRGBA{236, 226, 200, 255}, true},
		{"grey box", color.NRGBA{110, 110, 110, 255}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := findSilhouettes(t.Context(), shadowFilm(t, c.object), 1)
			if err != nil {
				t.Fatal(err)
			}
			m := s.masks[0]
			inShadow, inObject := m[69*96+75], m[40*96+48]
			if s.shadows != c.dropped || (inShadow == 0) != c.dropped || inObject != 1 {
				t.Errorf("shadows told apart %v, a shadow pixel in the mask %d, an object pixel %d; want told apart %v",
					s.shadows, inShadow, inObject, c.dropped)
			}
		})
	}
}
