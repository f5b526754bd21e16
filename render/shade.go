package render

import (
	"context"
	"image/color"
	"math"

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
// pixel rows per worker. The ground's shadow, soft anyway, is looked up once a
// pixel for the background samples in it.
func (sc *scene) shadeAll(ctx context.Context, buf *vbuf) ([]float32, error) {
	s, n := sc.s, sc.opt.Samples
	out := make([]float32, 4*s*s)
	base := linear(sc.opt.Material.Color)
	bg := linear(sc.opt.Background)
	r := sc.frameRadius()
	parallel(sc.opt.Size, sc.opt.Workers, func(p0, p1 int) {
		dark := make([]float64, sc.opt.Size) // this pixel row's ground shadow, -1 until looked up
		for py := p0; py < p1; py++ {
			if ctx.Err() != nil {
				return
			}
			for i := range dark {
				dark[i] = -1
			}
			for y := py * n; y < (py+1)*n; y++ {
				for x := range s {
					k := y*s + x
					var c [4]float64
					if id := buf.id[k]; id >= 0 {
						c = sc.shadeSurface(&sc.tris[id], x, y, base)
					} else {
						px := x / n
						if dark[px] < 0 {
							dark[px] = sc.groundDark(float64(px*n)+float64(n)/2, float64(py*n)+float64(n)/2, r)
						}
						c = sc.background(bg, dark[px])
					}
					out[4*k], out[4*k+1], out[4*k+2], out[4*k+3] = float32(c[0]), float32(c[1]), float32(c[2]), float32(c[3])
				}
			}
		}
	})
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
		n = sc.normal(t, 0).Scale(b0).Add(sc.normal(t, 1).Scale(b1)).Add(sc.normal(t, 2).Scale(b2)).Unit()
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

// groundDark is how much the ground's shadow darkens the background seen at
// sample position (x, y): 0 where the ground is lit or too far to show.
func (sc *scene) groundDark(x, y, r float64) float64 {
	if sc.shad == nil {
		return 0
	}
	dir := sc.ray(x, y)
	if dir.Z >= 0 {
		return 0
	}
	g := sc.eye.Add(dir.Scale((sc.zlo - sc.eye.Z) / dir.Z))
	dist := math.Hypot(g.X-sc.mid.X, g.Y-sc.mid.Y) / r
	fade := 1 - smooth(dist/groundReach)
	if fade <= 0 {
		return 0
	}
	return shadowDark * (1 - sc.shad.lit(g)) * fade
}

// background is the background darkened by dark.
func (sc *scene) background(bg [3]float64, dark float64) [4]float64 {
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

// encode turns a linear value into an 8-bit sRGB one, through a table fine
// enough that the nearest entry gives the nearest 8-bit value.
func encode(x float64) uint8 {
	x = math.Min(math.Max(x, 0), 1)
	return srgb[int(x*srgbSteps+0.5)]
}

const srgbSteps = 1 << 14

var srgb = func() []uint8 {
	t := make([]uint8, srgbSteps+1)
	for i := range t {
		x := float64(i) / srgbSteps
		if x <= 0.0031308 {
			x *= 12.92
		} else {
			x = 1.055*math.Pow(x, 1/2.4) - 0.055
		}
		t[i] = uint8(math.Round(x * 255))
	}
	return t
}()

// decode turns an 8-bit sRGB value into a linear one.
func decode(v uint8) float64 {
	x := float64(v) / 255
	if x <= 0.04045 {
		return x / 12.92
	}
	return math.Pow((x+0.055)/1.055, 2.4)
}
