package render

import (
	"image"
	"math"
)

// reconstruct filters the samples (linear, premultiplied RGBA, n samples a
// pixel along each axis) into a picture of size × size pixels with a Gaussian
// of σ = sigma pixels, in two passes: along rows, then along columns.
func reconstruct(samples []float32, size, n, workers int) *image.NRGBA {
	s := size * n
	// The weights of the samples round a pixel's centre, the same for every pixel.
	r := int(math.Ceil(reach * float64(n)))
	taps := make([]float64, 0, 2*r+n)
	first := -r // the offset of the first tap from the pixel's first sample
	for d := first; d < n+r; d++ {
		x := (float64(d) + 0.5 - float64(n)/2) / float64(n) // pixels from the centre
		taps = append(taps, math.Exp(-x*x/(2*sigma*sigma)))
	}
	// Rows: size × s values of 4 channels, then the columns; each value is
	// one pixel's own sum, so bands of rows may be summed at once.
	rows := make([]float64, 4*size*s)
	parallel(s, workers, func(y0, y1 int) {
		for y := y0; y < y1; y++ {
			for px := range size {
				acc := weigh(samples, 4*y*s, 4, px*n+first, s, taps)
				copy(rows[4*(y*size+px):], acc[:])
			}
		}
	})
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	parallel(size, workers, func(y0, y1 int) {
		for py := y0; py < y1; py++ {
			for px := range size {
				put(img, px, py, weigh(rows, 4*px, 4*size, py*n+first, s, taps))
			}
		}
	})
	return img
}

// weigh returns the taps' weighted mean of the 4-channel values of src at
// base + i·stride for i from pos on, leaving out those past [0, limit).
func weigh[T float32 | float64](src []T, base, stride, pos, limit int, taps []float64) [4]float64 {
	var acc [4]float64
	var wsum float64
	for t, w := range taps {
		i := pos + t
		if i < 0 || i >= limit {
			continue
		}
		k := base + i*stride
		for c := range 4 {
			acc[c] += w * float64(src[k+c])
		}
		wsum += w
	}
	for c := range 4 {
		acc[c] /= wsum
	}
	return acc
}

// parallel runs f over bands of [0, n), one goroutine a band.
func parallel(n, workers int, f func(y0, y1 int)) {
	parallelChunks(bandsOf(n, workers), func(_, y0, y1 int) { f(y0, y1) })
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
