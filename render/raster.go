package render

import (
	"context"
	"math"
	"sync"
)

// vbuf is a visibility buffer: at each sample the nearest triangle (-1 for
// none) and its 1/depth.
type vbuf struct {
	s  int
	w  []float32
	id []int32
}

// rasterise fills the visibility buffer, a band of rows per worker. Within a
// band the triangles are drawn in mesh order and a sample keeps the first of
// equal depth, so a sample's triangle does not depend on the bands.
func (sc *scene) rasterise(ctx context.Context) (*vbuf, error) {
	s := sc.s
	buf := &vbuf{s: s, w: make([]float32, s*s), id: make([]int32, s*s)}
	for i := range buf.id {
		buf.id[i] = -1
	}
	parallel(s, sc.opt.Workers, func(y0, y1 int) {
		for i := range sc.tris {
			if i%4096 == 0 && ctx.Err() != nil {
				return
			}
			t := &sc.tris[i]
			if int(t.y1) < y0 || int(t.y0) >= y1 {
				continue
			}
			fillTri(t.sx, t.sy, y0, y1, s, func(x, y int, l0, l1, l2 float64) {
				w := float32(l0*t.w[0] + l1*t.w[1] + l2*t.w[2])
				k := y*s + x
				if w > buf.w[k] {
					buf.w[k], buf.id[k] = w, int32(i)
				}
			})
		}
	})
	return buf, ctx.Err()
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

// fillTri calls at for every sample (x, y), x in [0, s) and y in [y0, y1), whose
// centre (x+0.5, y+0.5) lies in the triangle, with its barycentric coordinates.
// A sample on an edge belongs to the triangle only where that edge is a top or
// a left one, so two triangles sharing an edge never both take it.
func fillTri(sx, sy [3]float64, y0, y1, s int, at func(x, y int, l0, l1, l2 float64)) {
	x0, y0f, x1, y1f, x2, y2f := sx[0], sy[0], sx[1], sy[1], sx[2], sy[2]
	area := (x1-x0)*(y2f-y0f) - (x2-x0)*(y1f-y0f)
	if area == 0 || math.IsNaN(area) {
		return
	}
	flip := area < 0
	if flip {
		x1, y1f, x2, y2f = x2, y2f, x1, y1f
		area = -area
	}
	ylo := max(y0, int(math.Ceil(min(y0f, y1f, y2f)-0.5)))
	yhi := min(y1-1, int(math.Floor(max(y0f, y1f, y2f)-0.5)))
	xlo := max(0, int(math.Ceil(min(x0, x1, x2)-0.5)))
	xhi := min(s-1, int(math.Floor(max(x0, x1, x2)-0.5)))
	if ylo > yhi || xlo > xhi {
		return
	}
	// Edge k is opposite corner k: e(p) = (b−a) × (p−a) for the edge a→b, which
	// is positive inside a counter-clockwise (in y-down, clockwise-looking)
	// triangle. A top edge is horizontal with the inside below it; a left edge
	// runs downward... in this orientation, up-going in y.
	type edge struct {
		ax, ay, dx, dy float64
		incl           bool // a sample exactly on it belongs here
	}
	mk := func(ax, ay, bx, by float64) edge {
		dx, dy := bx-ax, by-ay
		return edge{ax, ay, dx, dy, dy < 0 || dy == 0 && dx > 0}
	}
	e := [3]edge{mk(x1, y1f, x2, y2f), mk(x2, y2f, x0, y0f), mk(x0, y0f, x1, y1f)}
	inv := 1 / area
	for y := ylo; y <= yhi; y++ {
		py := float64(y) + 0.5
		for x := xlo; x <= xhi; x++ {
			px := float64(x) + 0.5
			var l [3]float64
			ok := true
			for k := range 3 {
				v := e[k].dx*(py-e[k].ay) - e[k].dy*(px-e[k].ax)
				if v < 0 || v == 0 && !e[k].incl {
					ok = false
					break
				}
				l[k] = v * inv
			}
			if !ok {
				continue
			}
			if flip {
				l[1], l[2] = l[2], l[1]
			}
			at(x, y, l[0], l[1], l[2])
		}
	}
}
