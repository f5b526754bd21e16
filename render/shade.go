package render

import (
	"context"
	"image/color"
	"math"
	"sync"

	"yanchu/geom"
)

// Light strengths, in linear units of the base colour.
const (
	keyLight  = 0.85
	fillLight = 0.28
	skyLight  = 0.30 // the hemisphere: full from above, a third from below
	// shadowDark is how much the ground darkens in full shadow, and groundReach
	// how far from the model (in its radii) the ground's shadow fades out.
	shadowDark  = 0.6
	groundReach = 1.6
	// sectionShade darkens a section a little, so it reads as cut.
	sectionShade = 0.8
)

// shadeAll returns the linear, premultiplied RGBA of every sample, a band of
// rows per worker.
func (sc *scene) shadeAll(ctx context.Context, buf *vbuf) ([]float32, error) {
	s := sc.s
	out := make([]float32, 4*s*s)
	base := linear(sc.opt.Material.Color)
	bg := linear(sc.opt.Background)
	r := sc.frameRadius()
	var wg sync.WaitGroup
	for _, b := range bandsOf(s, sc.opt.Workers) {
		wg.Add(1)
		go func(y0, y1 int) {
			defer wg.Done()
			for y := y0; y < y1; y++ {
				if y%64 == 0 && ctx.Err() != nil {
					return
				}
				for x := range s {
					k := y*s + x
					var c [4]float64
					if id := buf.id[k]; id >= 0 {
						c = sc.shadeSurface(&sc.tris[id], x, y, base)
					} else {
						c = sc.shadeBackground(x, y, bg, r)
					}
					copy(out[4*k:4*k+4], []float32{float32(c[0]), float32(c[1]), float32(c[2]), float32(c[3])})
				}
			}
		}(b[0], b[1])
	}
	wg.Wait()
	return out, ctx.Err()
}

// frameRadius is the radius of the framed box's sphere.
func (sc *scene) frameRadius() float64 {
	return sc.eye.Sub(sc.mid).Len() * math.Sin(fov/2) / 1.02
}

// shadeSurface lights the sample (x, y) of triangle t: a face, or a section
// where the cut-away shows the inside of a back face.
func (sc *scene) shadeSurface(t *tri, x, y int, base [3]float64) [4]float64 {
	l := barycentric(t, float64(x)+0.5, float64(y)+0.5)
	w := l[0]*t.w[0] + l[1]*t.w[1] + l[2]*t.w[2]
	dir := sc.ray(float64(x)+0.5, float64(y)+0.5)
	p := sc.eye.Add(dir.Scale(1 / w))
	view := dir.Unit().Scale(-1)
	var n geom.Vec3
	albedo := base
	if t.front || !sc.opt.CutAway {
		// Perspective-correct weights for the normal.
		b0, b1, b2 := l[0]*t.w[0]/w, l[1]*t.w[1]/w, l[2]*t.w[2]/w
		n = t.n[0].Scale(b0).Add(t.n[1].Scale(b1)).Add(t.n[2].Scale(b2)).Unit()
		if !t.front {
			n = n.Scale(-1) // an open mesh seen from inside
		}
		if n.Dot(view) < 0 {
			// A smooth normal that turns away at a silhouette: bend it back.
			n = n.Sub(view.Scale(n.Dot(view) * 1.01)).Unit()
		}
	} else {
		n = sc.cut
		for i := range albedo {
			albedo[i] *= sectionShade
		}
	}
	lit := 1.0
	if sc.shad != nil {
		lit = sc.shad.lit(p)
	}
	sky := skyLight * (2 + n.Z) / 3
	d := sky + keyLight*math.Max(0, n.Dot(sc.key))*lit + fillLight*math.Max(0, n.Dot(sc.fill))
	h := sc.key.Add(view).Unit()
	spec := sc.opt.Material.Shine * 0.5 * math.Pow(math.Max(0, n.Dot(h)), 48) * lit
	return [4]float64{albedo[0]*d + spec, albedo[1]*d + spec, albedo[2]*d + spec, 1}
}

// shadeBackground is the background at sample (x, y), darkened where the ground
// under the model is in its shadow.
func (sc *scene) shadeBackground(x, y int, bg [3]float64, r float64) [4]float64 {
	dark := 0.0
	if sc.shad != nil {
		dir := sc.ray(float64(x)+0.5, float64(y)+0.5)
		if dir.Z < 0 {
			g := sc.eye.Add(dir.Scale((sc.zlo - sc.eye.Z) / dir.Z))
			dist := math.Hypot(g.X-sc.mid.X, g.Y-sc.mid.Y) / r
			if fade := 1 - smooth(dist/groundReach); fade > 0 {
				dark = shadowDark * (1 - sc.shad.lit(g)) * fade
			}
		}
	}
	if sc.opt.Transparent {
		return [4]float64{0, 0, 0, dark}
	}
	k := 1 - dark
	return [4]float64{bg[0] * k, bg[1] * k, bg[2] * k, 1}
}

// smooth rises from 0 at 0 to 1 at 1, flat at both ends.
func smooth(t float64) float64 {
	t = math.Min(math.Max(t, 0), 1)
	return t * t * (3 - 2*t)
}

// barycentric returns the screen-space weights of t's corners at (x, y).
func barycentric(t *tri, x, y float64) [3]float64 {
	area := (t.sx[1]-t.sx[0])*(t.sy[2]-t.sy[0]) - (t.sx[2]-t.sx[0])*(t.sy[1]-t.sy[0])
	l1 := ((x-t.sx[0])*(t.sy[2]-t.sy[0]) - (t.sx[2]-t.sx[0])*(y-t.sy[0])) / area
	l2 := ((t.sx[1]-t.sx[0])*(y-t.sy[0]) - (x-t.sx[0])*(t.sy[1]-t.sy[0])) / area
	return [3]float64{1 - l1 - l2, l1, l2}
}

// linear turns an sRGB colour into linear RGB.
func linear(c color.NRGBA) [3]float64 {
	f := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return [3]float64{f(c.R), f(c.G), f(c.B)}
}

// encode turns a linear value into an 8-bit sRGB one.
func encode(x float64) uint8 {
	x = math.Min(math.Max(x, 0), 1)
	if x <= 0.0031308 {
		x *= 12.92
	} else {
		x = 1.055*math.Pow(x, 1/2.4) - 0.055
	}
	return uint8(math.Round(x * 255))
}

// decode turns an 8-bit sRGB value into a linear one.
func decode(v uint8) float64 {
	x := float64(v) / 255
	if x <= 0.04045 {
		return x / 12.92
	}
	return math.Pow((x+0.055)/1.055, 2.4)
}
