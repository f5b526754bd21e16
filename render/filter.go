package render

import (
	"image"
	"math"
)

// reconstruct filters the samples (linear, premultiplied RGBA, n samples a
// pixel along each axis) into a picture of size × size pixels with a Gaussian
// of σ = sigma pixels.
func reconstruct(samples []float32, size, n, workers int) *image.NRGBA {
	f := filterLattice(samples, size, n, lattice{step: 1}, workers)
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	f.put(img, nil, 1)
	return img
}

// filtered is a picture of size × size pixels summed from some samples: each
// pixel's weighted sum of premultiplied RGBA, and its weight, the product of
// the weights along the rows (wx) and down the columns (wy).
type filtered struct {
	size   int
	sum    []float32
	wx, wy []float32
}

// weight returns the weight of pixel (x, y).
func (f *filtered) weight(x, y int) float32 { return f.wx[x] * f.wy[y] }

// put writes the pixels sum/weight into img; with more, each pixel's sum and
// weight are those added up in more and norm.
func (f *filtered) put(img *image.NRGBA, norm []float32, _ int) {
	for y := range f.size {
		for x := range f.size {
			i := y*f.size + x
			a := f.sum[4*i : 4*i+4]
			var w float32
			if norm != nil {
				w = norm[i]
			} else {
				w = f.weight(x, y)
			}
			put(img, x, y, [4]float64{float64(a[0] / w), float64(a[1] / w), float64(a[2] / w), float64(a[3] / w)})
		}
	}
}

// filterLattice sums the samples of lattice l (of the s × s grid of n samples
// a pixel, s = size·n) into pixels with the Gaussian of σ = sigma pixels, in
// two passes: along the lattice's rows, then down its columns. Each value is
// one pixel's own sum, so bands may be summed at once and the sums do not
// depend on the bands.
func filterLattice(samples []float32, size, n int, l lattice, workers int) *filtered {
	s := size * n
	sl := s / l.step // lattice points along a side
	q := n / l.step  // lattice points a pixel
	tx, kx := latticeTaps(n, l.step, l.ox)
	ty, ky := latticeTaps(n, l.step, l.oy)
	f := &filtered{size: size, sum: make([]float32, 4*size*size), wx: make([]float32, size), wy: make([]float32, size)}
	edgeWeights(f.wx, tx, kx, q, sl)
	edgeWeights(f.wy, ty, ky, q, sl)
	// Rows: each lattice row into size pixels of 4 channels.
	rows := make([]float32, 4*size*sl)
	stride := 4 * l.step
	span := stride*(len(tx)-1) + 4
	parallel(sl, workers, func(b0, b1 int) {
		for b := b0; b < b1; b++ {
			row := samples[4*(l.oy+l.step*b)*s : 4*(l.oy+l.step*b+1)*s]
			dst := rows[4*b*size : 4*(b+1)*size]
			for px := range size {
				a0 := px*q + kx
				var a0f, a1f, a2f, a3f float32
				if a0 >= 0 && a0+len(tx) <= sl {
					seg := row[4*l.ox+stride*a0:][:span]
					for k, w := range tx {
						v := seg[k*stride : k*stride+4]
						a0f += w * v[0]
						a1f += w * v[1]
						a2f += w * v[2]
						a3f += w * v[3]
					}
				} else {
					for k, w := range tx {
						if ai := a0 + k; ai >= 0 && ai < sl {
							v := row[4*(l.ox+l.step*ai):][:4]
							a0f += w * v[0]
							a1f += w * v[1]
							a2f += w * v[2]
							a3f += w * v[3]
						}
					}
				}
				d := dst[4*px : 4*px+4]
				d[0], d[1], d[2], d[3] = a0f, a1f, a2f, a3f
			}
		}
	})
	// Columns: the rows near each pixel row, weighted.
	parallel(size, workers, func(p0, p1 int) {
		for py := p0; py < p1; py++ {
			acc := f.sum[4*py*size : 4*(py+1)*size]
			b0 := py*q + ky
			for k, w := range ty {
				b := b0 + k
				if b < 0 || b >= sl {
					continue
				}
				row := rows[4*b*size : 4*(b+1)*size]
				for i, v := range row {
					acc[i] += w * v
				}
			}
		}
	})
	return f
}

// latticeTaps returns the Gaussian's weights of the lattice points (step
// apart, from offset o) round a pixel, and where the first lies from the
// pixel's first lattice point (in lattice points; negative: before it).
func latticeTaps(n, step, o int) (taps []float32, first int) {
	r := reach * float64(n) // samples
	first = int(math.Ceil((-r - float64(o)) / float64(step)))
	for k := first; float64(o+step*k) < float64(n)+r; k++ {
		x := (float64(o+step*k) + 0.5 - float64(n)/2) / float64(n) // pixels from the centre
		taps = append(taps, float32(math.Exp(-x*x/(2*sigma*sigma))))
	}
	return taps, first
}

// edgeWeights sets w[p] to the sum of the taps of pixel p whose lattice
// points lie in [0, sl).
func edgeWeights(w, taps []float32, first, q, sl int) {
	for p := range w {
		var sum float32
		for k, t := range taps {
			if a := p*q + first + k; a >= 0 && a < sl {
				sum += t
			}
		}
		w[p] = sum
	}
}

// toImage turns one sample a pixel into a picture, unfiltered.
func toImage(samples []float32, w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			k := 4 * (y*w + x)
			put(img, x, y, [4]float64{float64(samples[k]), float64(samples[k+1]), float64(samples[k+2]), float64(samples[k+3])})
		}
	}
	return img
}

// put writes a linear premultiplied colour as an sRGB pixel.
func put(img *image.NRGBA, x, y int, c [4]float64) {
	a := math.Min(math.Max(c[3], 0), 1)
	i := img.PixOffset(x, y)
	if a <= 0 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = 0, 0, 0, 0
		return
	}
	img.Pix[i] = encode(c[0] / a)
	img.Pix[i+1] = encode(c[1] / a)
	img.Pix[i+2] = encode(c[2] / a)
	img.Pix[i+3] = uint8(math.Round(a * 255))
}
