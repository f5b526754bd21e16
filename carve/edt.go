package carve

import "math"

// sdf2 is the signed distance to a mask's outline in pixels, over a crop of
// the frame: negative inside, positive outside, zero halfway between a pixel
// of the object and one of the background. Pixels outside the crop are the
// background's.
type sdf2 struct {
	x0, y0, w, h int // the crop within the frame
	d            []float32
}

// newSDF2 returns the signed distance to mask m (of a frame w pixels wide)
// over the crop at (x0, y0) of cw × ch pixels.
func newSDF2(m []uint8, fw, x0, y0, cw, ch int) *sdf2 {
	s := &sdf2{x0: x0, y0: y0, w: cw, h: ch, d: make([]float32, cw*ch)}
	in := make([]float64, cw*ch)  // squared distance to the nearest pixel inside
	out := make([]float64, cw*ch) // squared distance to the nearest pixel outside
	for y := range ch {
		for x := range cw {
			p := y*cw + x
			if m[(y+y0)*fw+x+x0] != 0 {
				out[p] = math.Inf(1)
			} else {
				in[p] = math.Inf(1)
			}
		}
	}
	edt(in, cw, ch)
	edt(out, cw, ch)
	// A crop with no pixel of one kind has infinite distances: they are
	// capped, so interpolation never meets Inf - Inf.
	far := float64(cw + ch)
	for p := range s.d {
		if in[p] == 0 {
			s.d[p] = float32(0.5 - math.Min(far, math.Sqrt(out[p])))
		} else {
			s.d[p] = float32(math.Min(far, math.Sqrt(in[p])) - 0.5)
		}
	}
	return s
}

// at returns the signed distance at picture position (x, y), interpolated
// bilinearly between pixel centres and grown by the distance to the crop
// beyond it.
func (s *sdf2) at(x, y float64) float64 {
	u, v := x-float64(s.x0)-0.5, y-float64(s.y0)-0.5
	var extra float64
	maxU, maxV := float64(s.w-1), float64(s.h-1)
	if u < 0 || v < 0 || u > maxU || v > maxV {
		cu, cv := math.Max(0, math.Min(maxU, u)), math.Max(0, math.Min(maxV, v))
		extra = math.Hypot(u-cu, v-cv)
		u, v = cu, cv
	}
	i, j := int(u), int(v)
	i, j = min(i, s.w-2), min(j, s.h-2)
	fu, fv := u-float64(i), v-float64(j)
	p := j*s.w + i
	d00, d10 := float64(s.d[p]), float64(s.d[p+1])
	d01, d11 := float64(s.d[p+s.w]), float64(s.d[p+s.w+1])
	top := d00 + (d10-d00)*fu
	bot := d01 + (d11-d01)*fu
	return top + (bot-top)*fv + extra
}

// edt replaces each value of the w × h grid g (0 at the points of a set,
// +Inf elsewhere) by the squared Euclidean distance to the nearest point of the
// set, exactly, in two passes of the lower envelope of parabolas.
func edt(g []float64, w, h int) {
	n := max(w, h)
	f := make([]float64, n)
	d := make([]float64, n)
	z := make([]float64, n+1)
	v := make([]int, n)
	for x := range w {
		for y := range h {
			f[y] = g[y*w+x]
		}
		edt1(f[:h], d[:h], z, v)
		for y := range h {
			g[y*w+x] = d[y]
		}
	}
	for y := range h {
		copy(f[:w], g[y*w:(y+1)*w])
		edt1(f[:w], d[:w], z, v)
		copy(g[y*w:(y+1)*w], d[:w])
	}
}

// edt1 is the one-dimensional squared distance transform of f into d; z and v
// are scratch of len(f)+1 and len(f).
func edt1(f, d, z []float64, v []int) {
	n := len(f)
	k := -1
	for q := range n {
		if math.IsInf(f[q], 1) {
			continue
		}
		for k >= 0 {
			s := ((f[q] + float64(q*q)) - (f[v[k]] + float64(v[k]*v[k]))) / float64(2*(q-v[k]))
			if s > z[k] {
				break
			}
			k--
		}
		k++
		v[k] = q
		if k == 0 {
			z[k] = math.Inf(-1)
		} else {
			z[k] = ((f[q] + float64(q*q)) - (f[v[k-1]] + float64(v[k-1]*v[k-1]))) / float64(2*(q-v[k-1]))
		}
		z[k+1] = math.Inf(1)
	}
	if k < 0 {
		for q := range d {
			d[q] = math.Inf(1)
		}
		return
	}
	j := 0
	for q := range n {
		for z[j+1] < float64(q) {
			j++
		}
		dq := float64(q - v[j])
		d[q] = dq*dq + f[v[j]]
	}
}
