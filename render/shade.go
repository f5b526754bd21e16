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

// slots is how many surfaces a pixel remembers the light of.
const slots = 6

// lightCache remembers, for each pixel of a frame, the light of the surfaces
// already lit in it (by key: -1 for the background, t for a face of mesh
// triangle t, -2-t for a section through it). A surface is lit once a pixel, at
// the first of its samples there, whichever moment of the frame: the light
// changes little across a pixel or a moment, while the samples' coverage
// carries the edges.
type lightCache struct {
	keys []int32
	cols [][4]float32
}

func (lc *lightCache) reset(pixels int) {
	if len(lc.keys) != slots*pixels {
		lc.keys = make([]int32, slots*pixels)
		lc.cols = make([][4]float32, slots*pixels)
	}
	for i := range lc.keys {
		lc.keys[i] = math.MinInt32
	}
}

// shade writes the linear, premultiplied RGBA of the samples of the scene's
// lattice into out, a band of pixel rows per worker.
func (sc *scene) shade(ctx context.Context, buf *vbuf, lc *lightCache, out []float32) error {
	s, n, size := buf.s, sc.opt.Samples, sc.opt.Size
	base := linear(sc.opt.Material.Color)
	bg := linear(sc.opt.Background)
	l := sc.lat
	sl := s / l.step
	plane := (l.oy*l.step + l.ox) * sl * sl // where the lattice's samples start in buf
	parallel(size, sc.opt.Workers, func(p0, p1 int) {
		for py := p0; py < p1; py++ {
			if ctx.Err() != nil {
				return
			}
			y0 := l.first(py*n, l.oy)
			for px := range size {
				keys := lc.keys[slots*(py*size+px):][:slots]
				cols := lc.cols[slots*(py*size+px):][:slots]
				for y := y0; y < (py+1)*n; y += l.step {
					row := plane + y/l.step*sl
					for x := px*n + l.ox; x < (px+1)*n; x += l.step {
						id := buf.id[row+x/l.step]
						// The surface's key: its mesh triangle, or for a
						// section through it -2 less; -1 for the background.
						key := id
						var src int32
						front := true
						if id >= 0 && sc.src != nil {
							_, src, front = sc.face(id)
							key = src
							if !front {
								key = -2 - src
							}
						}
						j := 0
						for j < slots && keys[j] != key && keys[j] != math.MinInt32 {
							j++
						}
						var c [4]float32
						if j < slots && keys[j] == key {
							c = cols[j]
						} else {
							if id >= 0 {
								var v [3]uint32
								v, src, front = sc.face(id)
								c = sc.shadeSurface(id, v, src, front, x, y, base)
							} else {
								c = sc.background(bg, sc.groundDark(float64(px*n)+float64(n)/2, float64(py*n)+float64(n)/2))
							}
							if j < slots {
								keys[j], cols[j] = key, c
							}
						}
						k := y*s + x
						copy(out[4*k:4*k+4], c[:])
					}
				}
			}
		}
	})
	return ctx.Err()
}

// shadeSurface lights the sample (x, y) of drawn triangle id (corners v, from
// mesh triangle src): a face, or a section where the cut-away shows the inside
// of a back face.
func (sc *scene) shadeSurface(id int32, v [3]uint32, src int32, front bool, x, y int, base [3]float64) [4]float32 {
	var a, b, c screen
	a.x, a.y = sc.fix[v[0]].float()
	b.x, b.y = sc.fix[v[1]].float()
	c.x, c.y = sc.fix[v[2]].float()
	a.w, b.w, c.w = sc.depth[v[0]], sc.depth[v[1]], sc.depth[v[2]]
	l := barycentric(a, b, c, float64(x)+0.5, float64(y)+0.5)
	w := l[0]*a.w + l[1]*b.w + l[2]*c.w
	dir := sc.cam.ray(float64(x)+0.5, float64(y)+0.5)
	p := sc.cam.eye.Add(dir.Scale(1 / w))
	view := dir.Unit().Scale(-1)
	var n geom.Vec3
	albedo := base
	if front || !sc.opt.CutAway {
		// Perspective-correct weights for the normal.
		b0, b1, b2 := l[0]*a.w/w, l[1]*b.w/w, l[2]*c.w/w
		n = sc.normal(id, src, 0).Scale(b0).Add(sc.normal(id, src, 1).Scale(b1)).Add(sc.normal(id, src, 2).Scale(b2)).Unit()
		if !front {
			n = n.Scale(-1) // an open mesh seen from inside
		}
		if n.Dot(view) < 0 {
			// A smooth normal that turns away at a silhouette: bend it back.
			n = n.Sub(view.Scale(n.Dot(view) * 1.01)).Unit()
		}
	} else {
		n = sc.lit.cut
		for i := range albedo {
			albedo[i] *= sectionShade
		}
	}
	lit := 1.0
	if sc.shad != nil {
		if sc.turn != nil && sc.centre != nil && sc.centre.turn != nil {
			// The shadows are cast at the frame's centre: look this point
			// up where its body stood then, so that a moving body does not
			// fall into its own shadow.
			p = carry(p, sc.body[src], sc.now, sc.centre)
		}
		lit = sc.shad.lit(p)
	}
	sky := skyLight * (2 + n.Z) / 3
	d := sky + keyLight*math.Max(0, n.Dot(sc.lit.key))*lit + fillLight*math.Max(0, n.Dot(sc.lit.fill))
	h := sc.lit.key.Add(view).Unit()
	spec := sc.opt.Material.Shine * 0.5 * pow48(math.Max(0, n.Dot(h))) * lit
	return [4]float32{float32(albedo[0]*d + spec), float32(albedo[1]*d + spec), float32(albedo[2]*d + spec), 1}
}

// pow48 is x⁴⁸, the highlight's falloff, by squaring.
func pow48(x float64) float64 {
	x2 := x * x
	x4 := x2 * x2
	x8 := x4 * x4
	x16 := x8 * x8
	return x16 * x16 * x16
}

// groundDark is how much the ground's shadow darkens the background seen at
// sample position (x, y): 0 where the ground is lit or too far to show.
func (sc *scene) groundDark(x, y float64) float64 {
	if sc.shad == nil {
		return 0
	}
	dir := sc.cam.ray(x, y)
	if dir.Z >= 0 {
		return 0
	}
	eye := sc.cam.eye
	g := eye.Add(dir.Scale((sc.zlo - eye.Z) / dir.Z))
	dist := math.Hypot(g.X-sc.cam.mid.X, g.Y-sc.cam.mid.Y) / sc.cam.r
	fade := 1 - smooth(dist/groundReach)
	if fade <= 0 {
		return 0
	}
	return shadowDark * (1 - sc.shad.lit(g)) * fade
}

// background is the background darkened by dark.
func (sc *scene) background(bg [3]float64, dark float64) [4]float32 {
	if sc.opt.Transparent {
		return [4]float32{0, 0, 0, float32(dark)}
	}
	k := 1 - dark
	return [4]float32{float32(bg[0] * k), float32(bg[1] * k), float32(bg[2] * k), 1}
}

// smooth rises from 0 at 0 to 1 at 1, flat at both ends.
func smooth(t float64) float64 {
	t = math.Min(math.Max(t, 0), 1)
	return t * t * (3 - 2*t)
}

// barycentric returns the screen-space weights of the corners a, b, c at (x, y).
func barycentric(a, b, c screen, x, y float64) [3]float64 {
	area := (b.x-a.x)*(c.y-a.y) - (c.x-a.x)*(b.y-a.y)
	l1 := ((x-a.x)*(c.y-a.y) - (c.x-a.x)*(y-a.y)) / area
	l2 := ((b.x-a.x)*(y-a.y) - (x-a.x)*(b.y-a.y)) / area
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
