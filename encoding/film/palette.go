package film

import (
	"image"
	"slices"
)

// A palette is one colour table for a whole film, built by median cut over a
// histogram of 5-bit-per-channel cells, with a nearest-colour lookup that is
// exact in 8-bit RGB.
type palette struct {
	rgb         [][3]uint8 // colours; index 0 is transparency when transparent
	transparent bool       // index 0 is reserved for alpha < 128
	cells       []cellCand // per 5-bit cell, its candidate nearest colours
	cand        []uint8
}

// cellCand locates a cell's candidate colours in palette.cand; n < 0 means not
// computed yet.
type cellCand struct {
	off int32
	n   int16
}

// hist is one cell of the histogram: the pixels whose colour falls in it.
type hist struct {
	n, r, g, b, sq uint64 // count, channel sums, sum of r²+g²+b²
	first          [3]uint8
	mixed          bool // holds more than one exact colour
}

const cells = 1 << 15

func cellOf(r, g, b uint8) int { return int(r>>3)<<10 | int(g>>3)<<5 | int(b>>3) }

// transparentFilm reports whether any pixel of any frame has alpha below 128.
func transparentFilm(frames []*image.NRGBA, w, h int) bool {
	for _, m := range frames {
		for y := range h {
			r := row(m, y, w)
			for i := 3; i < len(r); i += 4 {
				if r[i] < 128 {
					return true
				}
			}
		}
	}
	return false
}

// newPalette builds the film's palette: at most 256 colours, or 255 and a
// transparent entry at index 0 when any pixel has alpha below 128. When the
// film has no more distinct colours than that, the palette is exactly those.
func newPalette(frames []*image.NRGBA, w, h int) *palette {
	p := &palette{transparent: transparentFilm(frames, w, h)}
	limit := 256
	if p.transparent {
		limit = 255
		p.rgb = append(p.rgb, [3]uint8{})
	}
	hs := make([]hist, cells)
	for _, m := range frames {
		for y := range h {
			r := row(m, y, w)
			for i := 0; i < len(r); i += 4 {
				if p.transparent && r[i+3] < 128 {
					continue
				}
				c := [3]uint8{r[i], r[i+1], r[i+2]}
				e := &hs[cellOf(c[0], c[1], c[2])]
				if e.n == 0 {
					e.first = c
				} else if e.first != c {
					e.mixed = true
				}
				e.n++
				e.r += uint64(c[0])
				e.g += uint64(c[1])
				e.b += uint64(c[2])
				e.sq += uint64(c[0])*uint64(c[0]) + uint64(c[1])*uint64(c[1]) + uint64(c[2])*uint64(c[2])
			}
		}
	}
	var used []int
	exact := true
	for i := range hs {
		if hs[i].n > 0 {
			used = append(used, i)
			exact = exact && !hs[i].mixed
		}
	}
	if len(used) == 0 {
		// Every pixel is transparent; GIF still wants one colour.
		p.rgb = append(p.rgb, [3]uint8{})
	} else if exact && len(used) <= limit {
		for _, i := range used {
			p.rgb = append(p.rgb, hs[i].first)
		}
	} else {
		p.rgb = append(p.rgb, medianCut(hs, used, limit)...)
	}
	p.cells = make([]cellCand, cells)
	for i := range p.cells {
		p.cells[i].n = -1
	}
	return p
}

// box is a run of histogram cells in medianCut's working slice.
type box struct {
	lo, hi int // cells are es[lo:hi]
	sum    hist
	sse    float64 // sum of squared distances from the box's mean colour
}

func sse(s *hist) float64 {
	if s.n == 0 {
		return 0
	}
	n := float64(s.n)
	r, g, b := float64(s.r), float64(s.g), float64(s.b)
	return float64(s.sq) - (r*r+g*g+b*b)/n
}

func add(s *hist, e *hist) {
	s.n += e.n
	s.r += e.r
	s.g += e.g
	s.b += e.b
	s.sq += e.sq
}

// medianCut splits the used cells into at most limit boxes, always splitting
// the box with the largest squared error, at the plane along one axis that
// leaves the least error on its two sides, and returns each box's mean colour.
func medianCut(hs []hist, used []int, limit int) [][3]uint8 {
	es := make([]hist, len(used))
	keys := make([]int, len(used))
	for i, c := range used {
		es[i], keys[i] = hs[c], c
	}
	mk := func(lo, hi int) box {
		b := box{lo: lo, hi: hi}
		for i := lo; i < hi; i++ {
			add(&b.sum, &es[i])
		}
		b.sse = sse(&b.sum)
		if hi-lo < 2 {
			b.sse = -1 // cannot split
		}
		return b
	}
	boxes := []box{mk(0, len(es))}
	idx := make([]int, len(es)) // permutation scratch for sorting
	for len(boxes) < limit {
		bi := 0
		for i := range boxes {
			if boxes[i].sse > boxes[bi].sse {
				bi = i
			}
		}
		bx := boxes[bi]
		if bx.sse <= 0 {
			break
		}
		bestAxis, bestAt, bestCost := -1, 0, 0.0
		for axis := range 3 {
			sortBox(es, keys, idx, bx.lo, bx.hi, axis)
			var left hist
			for at := bx.lo + 1; at < bx.hi; at++ {
				add(&left, &es[at-1])
				right := bx.sum
				right.n -= left.n
				right.r -= left.r
				right.g -= left.g
				right.b -= left.b
				right.sq -= left.sq
				if c := sse(&left) + sse(&right); bestAxis < 0 || c < bestCost {
					bestAxis, bestAt, bestCost = axis, at, c
				}
			}
		}
		sortBox(es, keys, idx, bx.lo, bx.hi, bestAxis)
		boxes[bi] = mk(bx.lo, bestAt)
		boxes = append(boxes, mk(bestAt, bx.hi))
	}
	out := make([][3]uint8, len(boxes))
	for i, b := range boxes {
		out[i] = mean(&b.sum)
	}
	return out
}

// mean returns the mean colour of s, rounded.
func mean(s *hist) [3]uint8 {
	half := s.n / 2
	return [3]uint8{uint8((s.r + half) / s.n), uint8((s.g + half) / s.n), uint8((s.b + half) / s.n)}
}

// sortBox orders es[lo:hi] (and keys with it) by the cell coordinate along
// axis (0 red, 1 green, 2 blue), then by cell, so the order is total.
func sortBox(es []hist, keys, idx []int, lo, hi, axis int) {
	shift := 10 - 5*axis
	id := idx[:hi-lo]
	for i := range id {
		id[i] = lo + i
	}
	slices.SortFunc(id, func(a, b int) int {
		ka, kb := keys[a]>>shift&31, keys[b]>>shift&31
		if ka != kb {
			return ka - kb
		}
		return keys[a] - keys[b]
	})
	e2 := make([]hist, len(id))
	k2 := make([]int, len(id))
	for i, j := range id {
		e2[i], k2[i] = es[j], keys[j]
	}
	copy(es[lo:hi], e2)
	copy(keys[lo:hi], k2)
}

// nearest returns the index of the palette colour closest to (r, g, b) in
// squared RGB distance, the lowest index on a tie. It never returns the
// transparent entry.
func (p *palette) nearest(r, g, b uint8) uint8 {
	c := &p.cells[cellOf(r, g, b)]
	if c.n < 0 {
		p.fill(c, r&^7, g&^7, b&^7)
	}
	best, bestD := p.cand[c.off], -1
	for _, i := range p.cand[c.off : c.off+int32(c.n)] {
		q := &p.rgb[i]
		dr, dg, db := int(q[0])-int(r), int(q[1])-int(g), int(q[2])-int(b)
		if d := dr*dr + dg*dg + db*db; bestD < 0 || d < bestD {
			best, bestD = i, d
		}
	}
	return best
}

// fill lists the colours that can be nearest to some colour of the cell whose
// lowest corner is (r, g, b): those no farther at their nearest point than the
// best colour is at its farthest.
func (p *palette) fill(c *cellCand, r, g, b uint8) {
	lo := [3]int{int(r), int(g), int(b)}
	start := 0
	if p.transparent {
		start = 1
	}
	minD := make([]int, len(p.rgb))
	bound := -1
	for i := start; i < len(p.rgb); i++ {
		var dmin, dmax int
		for k := range 3 {
			v, a, z := int(p.rgb[i][k]), lo[k], lo[k]+7
			switch {
			case v < a:
				dmin += (a - v) * (a - v)
			case v > z:
				dmin += (v - z) * (v - z)
			}
			far := max(v-a, z-v)
			dmax += far * far
		}
		minD[i] = dmin
		if bound < 0 || dmax < bound {
			bound = dmax
		}
	}
	c.off = int32(len(p.cand))
	for i := start; i < len(p.rgb); i++ {
		if minD[i] <= bound {
			p.cand = append(p.cand, uint8(i))
		}
	}
	c.n = int16(len(p.cand) - int(c.off))
}

// index maps frame m onto dst's pixels: transparent (index 0) where alpha is
// below 128 in a transparent film, else the nearest colour, without dithering.
func (p *palette) index(dst *image.Paletted, m *image.NRGBA, w, h int) {
	for y := range h {
		src := row(m, y, w)
		out := dst.Pix[y*dst.Stride : y*dst.Stride+w]
		var last [3]uint8
		lastI, have := uint8(0), false
		for x := range out {
			s := src[4*x : 4*x+4 : 4*x+4]
			if p.transparent && s[3] < 128 {
				out[x] = 0
				continue
			}
			c := [3]uint8{s[0], s[1], s[2]}
			if !have || c != last {
				last, lastI, have = c, p.nearest(c[0], c[1], c[2]), true
			}
			out[x] = lastI
		}
	}
}
