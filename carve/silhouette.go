package carve

import (
	"context"
	"math"
	"slices"
)

// Silhouettes are told from the background by colour. The background is one
// plain colour, the median of a band round the border of the frames. Each
// pixel's difference from it is smoothed over 3 × 3 pixels (a binomial
// filter, which cuts the noise to 0.375 of itself and leaves a straight edge
// where it was) and measured as a distance in RGB. Every pixel farther than
// the background's noise reaches is the object's; each mask then keeps its
// large pieces (specks go) and has its small holes filled (a highlight that
// matches the background), while holes as large as a handle's stay open.
// Last, the outline moves, in or out by up to 2 pixels, to where each edge is
// half covered, judged against the object's contrast just inside it, so a
// dark edge and a pale one are both cut near the middle of their blur.

// silhouettes are the masks of a film and what was learned finding them.
type silhouettes struct {
	w, h      int
	masks     [][]uint8 // 1 inside the object
	bg        [3]float64
	threshold float64 // in RGB distance, 0 to 441
	touches   bool    // some mask touches the frame's edge
	shadows   bool    // shadows on the turntable were told from the object
}

// findSilhouettes finds the object's mask in every frame of f.
func findSilhouettes(ctx context.Context, f *Film, workers int) (*silhouettes, error) {
	s := &silhouettes{w: f.Width, h: f.Height}
	s.bg = backgroundColour(f)
	dist := make([][]uint8, f.Len())
	shade := make([][]uint8, f.Len())
	err := parallel(ctx, f.Len(), workers, func(i int) {
		dist[i], shade[i] = distanceImage(f.frames[i], f.Width, f.Height, s.bg)
	})
	if err != nil {
		return nil, err
	}
	threshold, floor := chooseThreshold(dist, f.Width, f.Height)
	s.threshold = threshold
	s.masks = make([][]uint8, f.Len())
	t := uint8(math.Min(255, math.Ceil(s.threshold)))
	err = parallel(ctx, f.Len(), workers, func(i int) {
		s.masks[i] = mask(dist[i], f.Width, f.Height, t, floor)
	})
	if err != nil {
		return nil, err
	}
	// Shadows on the turntable: dropped when the object's own colour tells
	// it from them (see shadowLike).
	tol := uint8(math.Ceil(floor))
	if shadowsApart(s.masks, shade, f.Width, f.Height, tol) {
		s.shadows = true
		err = parallel(ctx, f.Len(), workers, func(i int) {
			d := dist[i]
			for p, e := range shade[i] {
				if e <= tol {
					d[p] = 0
				}
			}
			s.masks[i] = mask(d, f.Width, f.Height, t, floor)
		})
		if err != nil {
			return nil, err
		}
	}
	for _, m := range s.masks {
		if touchesEdge(m, s.w, s.h) {
			s.touches = true
		}
	}
	return s, nil
}

// mask returns the object's mask in a frame of distances d: the pixels at
// least t from the background, cleaned and with its edges set at half cover
// (see clean and halfEdges). The work is done on the box round the pixels
// over t, and a margin, outside which the mask is empty.
func mask(d []uint8, w, h int, t uint8, floor float64) []uint8 {
	m := make([]uint8, len(d))
	x0, y0, x1, y1 := w, h, 0, 0
	for p, v := range d {
		if v >= t {
			m[p] = 1
			x, y := p%w, p/w
			x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x+1), max(y1, y+1)
		}
	}
	if x1 <= x0 {
		return m
	}
	const margin = 4
	x0, y0, x1, y1 = max(0, x0-margin), max(0, y0-margin), min(w, x1+margin), min(h, y1+margin)
	cw, ch := x1-x0, y1-y0
	cm, cd := make([]uint8, cw*ch), make([]uint8, cw*ch)
	for y := range ch {
		copy(cm[y*cw:(y+1)*cw], m[(y+y0)*w+x0:(y+y0)*w+x1])
		copy(cd[y*cw:(y+1)*cw], d[(y+y0)*w+x0:(y+y0)*w+x1])
	}
	clean(cm, cw, ch)
	halfEdges(cm, cd, cw, ch, floor)
	for y := range ch {
		copy(m[(y+y0)*w+x0:(y+y0)*w+x1], cm[y*cw:(y+1)*cw])
	}
	return m
}

// borderBand is the width of the band round the frame that shows the
// background (pixels).
func borderBand(w, h int) int { return max(2, min(w, h)/48) }

// onBorder reports whether pixel (x, y) lies in the band round the frame.
func onBorder(x, y, w, h, band int) bool {
	return x < band || y < band || x >= w-band || y >= h-band
}

// backgroundColour returns the median colour of the band round the border of
// up to 24 frames spread over the film.
func backgroundColour(f *Film) [3]float64 {
	var hist [3][256]int
	band := borderBand(f.Width, f.Height)
	step := max(1, f.Len()/24)
	for i := 0; i < f.Len(); i += step {
		px := f.frames[i]
		for y := range f.Height {
			for x := 0; x < f.Width; x++ {
				if !onBorder(x, y, f.Width, f.Height, band) {
					x = f.Width - band - 1 // skip to the right band
					continue
				}
				p := 3 * (y*f.Width + x)
				hist[0][px[p]]++
				hist[1][px[p+1]]++
				hist[2][px[p+2]]++
			}
		}
	}
	var bg [3]float64
	for c := range 3 {
		bg[c] = histMedian(hist[c][:])
	}
	return bg
}

// histMedian returns the median of the values counted in hist.
func histMedian(hist []int) float64 {
	total := 0
	for _, n := range hist {
		total += n
	}
	seen := 0
	for v, n := range hist {
		seen += n
		if 2*seen >= total {
			return float64(v)
		}
	}
	return 0
}

// distanceImage returns each pixel's distance in RGB from bg, after the
// difference is smoothed by a 3 × 3 binomial filter, capped at 255.
func distanceImage(px []byte, w, h int, bg [3]float64) (dist, shade []uint8) {
	// The row pass of [1 2 1] on the difference, in whole units (at most
	// 4 × 255 either way).
	tmp := make([]int16, 3*w*h)
	var b [3]int16
	for c := range 3 {
		b[c] = int16(math.Round(bg[c]))
	}
	for y := range h {
		row := px[3*y*w : 3*(y+1)*w]
		for x := range w {
			xl, xr := max(x-1, 0), min(x+1, w-1)
			for c := range 3 {
				tmp[3*(y*w+x)+c] = int16(row[3*xl+c]) + 2*int16(row[3*x+c]) + int16(row[3*xr+c]) - 4*b[c]
			}
		}
	}
	// The column pass, in sixteenths.
	dist, shade = make([]uint8, w*h), make([]uint8, w*h)
	bb := bg[0]*bg[0] + bg[1]*bg[1] + bg[2]*bg[2]
	for y := range h {
		up, down := 3*max(y-1, 0)*w, 3*min(y+1, h-1)*w
		for x := range w {
			i := 3 * (y*w + x)
			var sum float64
			var diff [3]float64
			for c := range 3 {
				v := float64(tmp[up+3*x+c]) + 2*float64(tmp[i+c]) + float64(tmp[down+3*x+c])
				sum += v * v
				diff[c] = v / 16
			}
			dist[y*w+x] = uint8(math.Min(255, math.Round(math.Sqrt(sum)/16)))
			shade[y*w+x] = shadowLike(diff, bg, bb)
		}
	}
	return dist, shade
}

// shadowLike returns how far (in RGB units, at most 255) a pixel whose colour
// differs from the background bg by diff lies from the background's own
// colour darkened, when it is darker than the background and at least a
// seventh as bright; 255 for any other. A shadow on the turntable darkens
// the background and keeps its colour, so it lies near that line; an object
// of another colour lies off it by its colour's difference, times its
// brightness. bb is bg·bg.
func shadowLike(diff, bg [3]float64, bb float64) uint8 {
	var cb float64
	var c [3]float64
	for k := range 3 {
		c[k] = bg[k] + diff[k]
		cb += c[k] * bg[k]
	}
	r := cb / bb // the brightness of c along the background's colour
	if r >= 1 || r < 0.15 {
		return 255
	}
	var e float64
	for k := range 3 {
		d := c[k] - r*bg[k]
		e += d * d
	}
	return uint8(math.Min(255, math.Round(math.Sqrt(e))))
}

// shadowsApart reports whether shadows can be told from the object in masks
// by their colour: shade (shadowLike) at most tol, the background's noise,
// marks a pixel that may be a shadow. A shadow falls on the turntable, below
// the object's top half, so the pixels of the masks' upper halves, away from
// their outlines, are the object's own: when under a twentieth of them lie
// within four times tol of the line of the background's colour darkened, the
// object's colour stands clear of it even where shaded (its distance from the
// line falls with its brightness), and the pixels on the line are shadow. An
// object of the background's colour (white on white), or a film whose noise
// blurs the difference, keeps its shadows, which cannot then be told from
// the object's shaded side.
func shadowsApart(masks, shade [][]uint8, w, h int, tol uint8) bool {
	// Under a two-hundredth of the masks looking like shadow is no shadow
	// worth the masks' second pass.
	var any, area int
	for i, m := range masks {
		for p, v := range m {
			if v != 0 {
				area++
				if shade[i][p] <= tol {
					any++
				}
			}
		}
	}
	if any*200 <= area {
		return false
	}
	// The object's colour, judged on up to 12 frames spread over the film.
	near4 := uint8(min(255, 4*int(tol)))
	var inside, like int
	step := max(1, len(masks)/12)
	for i := 0; i < len(masks); i += step {
		m := masks[i]
		y0, y1 := h, -1
		for p, v := range m {
			if v != 0 {
				y0, y1 = min(y0, p/w), max(y1, p/w)
			}
		}
		if y1 < 0 {
			continue
		}
		near := within(m, w, h, 3, 0)
		for y := y0; y <= (y0+y1)/2; y++ {
			for x := range w {
				p := y*w + x
				if m[p] != 0 && !near[p] {
					inside++
					if shade[i][p] <= near4 {
						like++
					}
				}
			}
		}
	}
	return inside > 0 && like*20 < inside
}

// chooseThreshold returns the least distance that the background's noise does
// reach: one and a half times the 90th percentile of the distances in the
// band round the border, plus 4 (for Gaussian noise, about 5 standard
// deviations), which is robust to the object or its shadow covering a tenth of
// the band. It also returns a floor that the noise seldom reaches, for pixels
// beside the object: the 90th percentile plus 2.
func chooseThreshold(dist [][]uint8, w, h int) (threshold, floor float64) {
	var border [256]int
	band := borderBand(w, h)
	for _, d := range dist {
		for y := range h {
			for x := 0; x < w; x++ {
				if !onBorder(x, y, w, h, band) {
					x = w - band - 1
					continue
				}
				border[d[y*w+x]]++
			}
		}
	}
	q := histQuantile(border[:], 0.9)
	return 1.5*q + 4, q + 2
}

// histQuantile returns the q-quantile of the values counted in hist.
func histQuantile(hist []int, q float64) float64 {
	total := 0
	for _, n := range hist {
		total += n
	}
	need := int(math.Ceil(q * float64(total)))
	seen := 0
	for v, n := range hist {
		seen += n
		if seen >= need {
			return float64(v)
		}
	}
	return float64(len(hist) - 1)
}

// halfEdges moves the outline of mask m to where each edge is half covered.
// The object's contrast near a pixel is the least distance d of the pixels
// within 4 of it that lie deep in the object (3 from the background), so
// where a pale face meets a dark one at the outline the pale one's edge is
// kept whole. A pixel of the object within 2 of the background is dropped
// when its d is less than half the contrast, and a pixel of the background
// within 2 of the object is taken when its d is at least half the contrast
// and at least floor, which the background's noise seldom reaches.
func halfEdges(m, d []uint8, w, h int, floor float64) {
	nearOut := within(m, w, h, 3, 0)
	deep := make([]bool, len(m))
	for p := range m {
		deep[p] = m[p] != 0 && !nearOut[p]
	}
	near2Out, near2In := within(m, w, h, 2, 0), within(m, w, h, 2, 1)
	var flip []int
	for y := range h {
		for x := range w {
			p := y*w + x
			in := m[p] != 0
			if deep[p] || in && !near2Out[p] || !in && !near2In[p] {
				continue
			}
			c := -1
			for yy := max(0, y-4); yy <= min(h-1, y+4); yy++ {
				for xx := max(0, x-4); xx <= min(w-1, x+4); xx++ {
					if q := yy*w + xx; deep[q] && (c < 0 || int(d[q]) < c) {
						c = int(d[q])
					}
				}
			}
			if c < 0 {
				continue
			}
			half := 2*int(d[p]) >= c
			if in && !half || !in && half && float64(d[p]) >= floor {
				flip = append(flip, p)
			}
		}
	}
	for _, p := range flip {
		m[p] = 1 - m[p]
	}
}

// within reports for each pixel of mask m whether a pixel within r of it
// (in both directions) has value v; beyond the edge counts as 0. It sums
// along rows and then down columns, so it costs the same for any r.
func within(m []uint8, w, h, r int, v uint8) []bool {
	rows := make([]int32, len(m)) // pixels of value v within r along the row
	run := make([]int32, max(w, h)+1)
	for y := range h {
		for x := range w {
			run[x+1] = run[x]
			if m[y*w+x] == v {
				run[x+1]++
			}
		}
		for x := range w {
			lo, hi := x-r, x+r
			n := run[min(hi, w-1)+1] - run[max(lo, 0)]
			if v == 0 {
				n += int32(max(0, -lo) + max(0, hi-(w-1)))
			}
			rows[y*w+x] = n
		}
	}
	out := make([]bool, len(m))
	for x := range w {
		for y := range h {
			run[y+1] = run[y] + rows[y*w+x]
		}
		for y := range h {
			lo, hi := y-r, y+r
			n := run[min(hi, h-1)+1] - run[max(lo, 0)]
			out[y*w+x] = n > 0 || v == 0 && (lo < 0 || hi > h-1)
		}
	}
	return out
}

// clean keeps the large pieces of mask m (those of at least a twentieth of
// the largest's area) and fills its holes smaller than a two-hundredth of
// the object's area.
func clean(m []uint8, w, h int) {
	labels, areas := components(m, w, h, 1)
	largest := slices.Max(append(areas, 0))
	for p, l := range labels {
		if l >= 0 && areas[l]*20 < largest {
			m[p] = 0
		}
	}
	area := 0
	for _, v := range m {
		area += int(v)
	}
	labels, areas = components(m, w, h, 0)
	edge := make([]bool, len(areas))
	for x := range w {
		markEdge(labels, edge, x)
		markEdge(labels, edge, (h-1)*w+x)
	}
	for y := range h {
		markEdge(labels, edge, y*w)
		markEdge(labels, edge, y*w+w-1)
	}
	for p, l := range labels {
		if l >= 0 && !edge[l] && areas[l]*200 < area {
			m[p] = 1
		}
	}
}

func markEdge(labels []int32, edge []bool, p int) {
	if l := labels[p]; l >= 0 {
		edge[l] = true
	}
}

// components labels the 8-connected regions of pixels equal to v (the
// background's regions are 4-connected, so a diagonal gap in the object does
// not join two holes) and returns the label of each pixel (-1 where m is not
// v) and each region's area.
func components(m []uint8, w, h int, v uint8) ([]int32, []int) {
	labels := make([]int32, len(m))
	for p := range labels {
		labels[p] = -1
	}
	var areas []int
	var stack []int32
	diag := v == 1
	for start := range m {
		if m[start] != v || labels[start] >= 0 {
			continue
		}
		l := int32(len(areas))
		area := 0
		labels[start] = l
		stack = append(stack[:0], int32(start))
		for len(stack) > 0 {
			p := int(stack[len(stack)-1])
			stack = stack[:len(stack)-1]
			area++
			x, y := p%w, p/w
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					if (dx == 0 && dy == 0) || (!diag && dx != 0 && dy != 0) {
						continue
					}
					nx, ny := x+dx, y+dy
					if nx < 0 || ny < 0 || nx >= w || ny >= h {
						continue
					}
					q := ny*w + nx
					if m[q] == v && labels[q] < 0 {
						labels[q] = l
						stack = append(stack, int32(q))
					}
				}
			}
		}
		areas = append(areas, area)
	}
	return labels, areas
}

// touchesEdge reports whether mask m has a pixel on the frame's edge.
func touchesEdge(m []uint8, w, h int) bool {
	for x := range w {
		if m[x] != 0 || m[(h-1)*w+x] != 0 {
			return true
		}
	}
	for y := range h {
		if m[y*w] != 0 || m[y*w+w-1] != 0 {
			return true
		}
	}
	return false
}
