package render

import (
	"context"
	"math"
	"sync"

	"yanchu/geom"
)

// subBits is the rasteriser's precision: screen positions are snapped to
// 1/256 of a sample, so that edge functions are exact integers. Two triangles
// sharing an edge then never both take a sample on it, nor leave a gap, and
// stepping along a row adds exactly what evaluating afresh would give.
const (
	subBits = 8
	subOne  = 1 << subBits
	// fixLimit keeps snapped positions (in samples) where products of their
	// differences fit an int64 many times over.
	fixLimit = 1 << 18
)

// fixed is a screen position in 1/256 samples: small, so that the vertices
// of a large mesh stay in the cache as its triangles are drawn.
type fixed struct{ x, y int32 }

func toFixed(x, y float64) fixed {
	return fixed{snap(x), snap(y)}
}

// snap rounds v (samples) to the nearest 1/256, within ±fixLimit.
func snap(v float64) int32 {
	if !(v > -fixLimit) { // NaN too
		v = -fixLimit
	} else if v > fixLimit {
		v = fixLimit
	}
	return int32(math.Floor(v*subOne + 0.5))
}

// float returns f in samples.
func (f fixed) float() (x, y float64) {
	return float64(f.x) / subOne, float64(f.y) / subOne
}

// lattice is the set of samples a scene draws: those (x, y) of the s × s
// grid with x ≡ ox and y ≡ oy modulo step. A still draws every sample; a
// film's frame gives each of its moments its own interleaved lattice.
type lattice struct {
	step, ox, oy int
}

// first returns the first lattice index (along the axis with offset o) at or
// after sample lo.
func (l lattice) first(lo, o int) int {
	if lo <= o {
		return o
	}
	return o + (lo-o+l.step-1)/l.step*l.step
}

// vbuf is a visibility buffer: at each sample the nearest triangle (-1 for
// none) and its 1/depth.
// Each lattice of step × step samples is kept apart, row by row, so that
// drawing one moment of a film's frame touches its samples alone.
type vbuf struct {
	s, step int
	w       []float32
	id      []int32
}

func newVbuf(s, step int) *vbuf {
	b := &vbuf{s: s, step: step, w: make([]float32, s*s), id: make([]int32, s*s)}
	b.reset(0)
	return b
}

// at returns the place of sample (x, y).
func (b *vbuf) at(x, y int) int {
	sl := b.s / b.step
	return ((y%b.step*b.step+x%b.step)*sl+y/b.step)*sl + x/b.step
}

// reset empties the buffer, every sample at depth far.
func (b *vbuf) reset(far float32) {
	for i := range b.id {
		b.id[i] = -1
	}
	for i := range b.w {
		b.w[i] = far
	}
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// parallelChunks runs f on each chunk at once, with its index.
func parallelChunks(chunks [][2]int, f func(c, i0, i1 int)) {
	var wg sync.WaitGroup
	for c, ch := range chunks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(c, ch[0], ch[1])
		}()
	}
	wg.Wait()
}

// bandsOf splits n rows into at most k bands of whole rows.
func bandsOf(n, k int) [][2]int {
	k = max(1, min(k, n))
	out := make([][2]int, 0, k)
	for i := range k {
		out = append(out, [2]int{i * n / k, (i + 1) * n / k})
	}
	return out
}

// parallel runs f over bands of [0, n), one goroutine a band.
func parallel(n, workers int, f func(y0, y1 int)) {
	parallelChunks(bandsOf(n, workers), func(_, y0, y1 int) { f(y0, y1) })
}

// mesh2d is triangles on a screen (or a light's map) ready to draw: their
// corners' snapped positions, each corner's depth (larger is nearer), and
// which faces to leave out: those whose screen area has the sign of cull
// (1 or -1; 0 keeps all).
type mesh2d struct {
	fix   []fixed
	depth []float64
	idx   [][3]uint32
	cull  int64
}

// draw draws the triangles into the lattice l of buf (whose lattices it is
// one of), a band of rows per
// worker: each sample keeps the nearest triangle over it. Within a band the
// triangles are drawn in order and a sample keeps the first of equal depth,
// so a sample's triangle does not depend on the bands.
func (m *mesh2d) draw(ctx context.Context, l lattice, buf *vbuf, workers int) error {
	s := buf.s
	mask := l.step - 1
	fix, depth, idx, cull := m.fix, m.depth, m.idx, m.cull
	const half = subOne / 2
	parallel(s, workers, func(y0, y1 int) {
		for i, t := range idx {
			if i%8192 == 0 && ctx.Err() != nil {
				return
			}
			fa, fb, fc := fix[t[0]], fix[t[1]], fix[t[2]]
			// The lattice rows and columns whose sample centres lie in the
			// triangle's box: centre of sample i is at (i + ½) samples.
			ylo := int((min(fa.y, fb.y, fc.y) - half + subOne - 1) >> subBits)
			yhi := int((max(fa.y, fb.y, fc.y) - half) >> subBits)
			ylo = max(ylo, y0)
			yhi = min(yhi, y1-1)
			ylo = (ylo-l.oy+mask)&^mask + l.oy
			if ylo > yhi {
				continue
			}
			xlo := int((min(fa.x, fb.x, fc.x) - half + subOne - 1) >> subBits)
			xhi := int((max(fa.x, fb.x, fc.x) - half) >> subBits)
			xlo = max(xlo, 0)
			xhi = min(xhi, s-1)
			xlo = (xlo-l.ox+mask)&^mask + l.ox
			if xlo > xhi {
				continue
			}
			ax, ay, bx, by, cx, cy := int64(fa.x), int64(fa.y), int64(fb.x), int64(fb.y), int64(fc.x), int64(fc.y)
			area := (bx-ax)*(cy-ay) - (cx-ax)*(by-ay)
			// Counter-clockwise seen from the eye is clockwise on a screen
			// whose y runs down: a face turned to the eye has area < 0.
			if area == 0 || area*cull > 0 {
				continue
			}
			w0, w1, w2 := depth[t[0]], depth[t[1]], depth[t[2]]
			if area < 0 {
				bx, by, cx, cy = cx, cy, bx, by
				w1, w2 = w2, w1
				area = -area
			}
			// Edge k is opposite corner k, from p to q: e = (q−p) × (x−p),
			// positive inside; a sample exactly on an edge belongs here only
			// on a top or left edge (bias 0), else the bias makes it outside.
			var ea, eb, ec, bias [3]int64
			edge := func(k int, px, py, qx, qy int64) {
				dx, dy := qx-px, qy-py
				ea[k], eb[k], ec[k] = -dy, dx, dy*px-dx*py
				if !(dy < 0 || dy == 0 && dx > 0) {
					bias[k] = -1
				}
			}
			edge(0, bx, by, cx, cy)
			edge(1, cx, cy, ax, ay)
			edge(2, ax, ay, bx, by)
			// 1/depth is a plane over the screen.
			inv := 1 / float64(area)
			wa := (float64(ea[0])*w0 + float64(ea[1])*w1 + float64(ea[2])*w2) * inv
			wb := (float64(eb[0])*w0 + float64(eb[1])*w1 + float64(eb[2])*w2) * inv
			wc := (float64(ec[0])*w0 + float64(ec[1])*w1 + float64(ec[2])*w2) * inv
			xstep := int64(l.step) * subOne
			d0, d1, d2 := ea[0]*xstep, ea[1]*xstep, ea[2]*xstep
			id := int32(i)
			for y := ylo; y <= yhi; y += l.step {
				py := int64(y)*subOne + half
				px := int64(xlo)*subOne + half
				v0 := ea[0]*px + eb[0]*py + ec[0] + bias[0]
				v1 := ea[1]*px + eb[1]*py + ec[1] + bias[1]
				v2 := ea[2]*px + eb[2]*py + ec[2] + bias[2]
				k := buf.at(xlo, y)
				for x := xlo; x <= xhi; x, k = x+l.step, k+1 {
					if v0|v1|v2 >= 0 {
						w := float32(wa*float64(int64(x)*subOne+half) + wb*float64(py) + wc)
						if w > buf.w[k] {
							buf.w[k], buf.id[k] = w, id
						}
					}
					v0 += d0
					v1 += d1
					v2 += d2
				}
			}
		}
	})
	return ctx.Err()
}

// project finds every vertex of pos on screen, a chunk per worker.
func (sc *scene) project(pos []geom.Vec3) {
	sc.fix = make([]fixed, len(pos))
	sc.depth = make([]float64, len(pos))
	parallelChunks(bandsOf(len(pos), sc.workers), func(_ int, i0, i1 int) {
		for i := i0; i < i1; i++ {
			v := sc.cam.project(pos[i])
			sc.fix[i], sc.depth[i] = toFixed(v.x, v.y), v.w
		}
	})
}
