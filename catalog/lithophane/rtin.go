package lithophane

import (
	"math"
)

// A right-triangulated irregular network (RTIN) meshes a height field on a
// lattice within a tolerance: the square of side S = 2^k cells is cut along a
// diagonal into two right triangles, and a triangle is cut in two at the middle
// of its long side wherever the plane through its corners strays from the
// heights within it by more than the tolerance. Cutting from the middle of the
// long side keeps the mesh free of T-junctions as long as a triangle's neighbour
// across that side is cut too: the error is kept at the middle vertex, shared
// by both, and each vertex's error is the largest of the triangles below it, so
// a cut forces every cut above it.
//
// The smallest triangles are half a cell, cut along the diagonal through the
// cell's corner with both coordinates odd (the "union jack" pattern): the
// height field between nodes is the linear interpolant on those triangles
// (see plate.height), which the mesh therefore matches within the tolerance
// everywhere, not only at the nodes.
//
// A lattice of nx × ny cells that is not a power-of-two square lies in the
// square's corner; triangles that straddle its far sides are always cut, so
// each leaf lies on one side, and those outside are dropped.

// rtin holds the errors of a lattice's triangles.
type rtin struct {
	s      int // the side of the square, a power of two
	nx, ny int
	z      func(i, j int) float64
	err    []float32 // at each node of the (s+1)² grid
	// force, when set, says a triangle must be cut whatever its error.
	force func(t tri) bool
}

// tri is a triangle of the network: a and b end its long side, c is its right
// angle. Coordinates are lattice nodes.
type tri struct{ ax, ay, bx, by, cx, cy int }

// mid returns the middle of the long side.
func (t tri) mid() (int, int) { return (t.ax + t.bx) / 2, (t.ay + t.by) / 2 }

// leaf reports a triangle of half a cell, which has no middle node.
func (t tri) leaf() bool { return abs(t.ax-t.cx)+abs(t.ay-t.cy) <= 1 }

// children returns the two halves.
func (t tri) children() (tri, tri) {
	mx, my := t.mid()
	return tri{t.cx, t.cy, t.ax, t.ay, mx, my}, tri{t.bx, t.by, t.cx, t.cy, mx, my}
}

// bounds returns the least and greatest coordinates of the corners.
func (t tri) bounds() (x0, y0, x1, y1 int) {
	return min(t.ax, t.bx, t.cx), min(t.ay, t.by, t.cy), max(t.ax, t.bx, t.cx), max(t.ay, t.by, t.cy)
}

// roots returns the square's two halves.
func (r *rtin) roots() [2]tri {
	s := r.s
	return [2]tri{{0, 0, s, s, s, 0}, {s, s, 0, 0, 0, s}}
}

// newRTIN measures the errors of every triangle of the square over an nx × ny
// lattice whose heights z gives. The two triangles that share a long side share
// its middle node and are of one depth; a triangle reads its children's middle
// errors once both triangles at each have been measured, so the depths are
// measured from the deepest up.
func newRTIN(nx, ny int, z func(i, j int) float64, force func(tri) bool) *rtin {
	s, depth := 1, 0
	for s < nx || s < ny {
		s *= 2
		depth += 2 // each halving of the side is two halvings of a triangle
	}
	r := &rtin{s: s, nx: nx, ny: ny, z: z, force: force, err: make([]float32, (s+1)*(s+1))}
	// Triangles at depth d have legs of s/2^(d/2) (times √2 at odd d); the
	// deepest with a middle node is depth-1.
	for d := depth - 1; d >= 0; d-- {
		for _, t := range r.roots() {
			r.measure(t, d)
		}
	}
	return r
}

// h returns the height at node (i, j), clamped into the lattice.
func (r *rtin) h(i, j int) float64 { return r.z(min(i, r.nx), min(j, r.ny)) }

// measure sets the error at the middle node of each triangle d levels below t.
func (r *rtin) measure(t tri, d int) {
	if t.leaf() {
		return
	}
	c1, c2 := t.children()
	if d > 0 {
		r.measure(c1, d-1)
		r.measure(c2, d-1)
		return
	}
	mx, my := t.mid()
	e := r.stray(t)
	x0, y0, x1, y1 := t.bounds()
	if x0 < r.nx && x1 > r.nx || y0 < r.ny && y1 > r.ny || r.force != nil && r.force(t) {
		e = math.Inf(1)
	}
	m := my*(r.s+1) + mx
	e = max(e, float64(r.err[m]))
	for _, c := range [2]tri{c1, c2} {
		if !c.leaf() {
			cx, cy := c.mid()
			e = max(e, float64(r.err[cy*(r.s+1)+cx]))
		}
	}
	r.err[m] = float32(e)
}

// stray returns how far the plane through t's corners strays from the heights
// of the nodes within t (on its sides included): the error of keeping t whole.
// Only the lattice's nodes count; a triangle reaching past it is cut anyway.
func (r *rtin) stray(t tri) float64 {
	ha, hb, hc := r.h(t.ax, t.ay), r.h(t.bx, t.by), r.h(t.cx, t.cy)
	ux, uy := t.bx-t.ax, t.by-t.ay
	vx, vy := t.cx-t.ax, t.cy-t.ay
	det := ux*vy - vx*uy
	x0, y0, x1, y1 := t.bounds()
	x1, y1 = min(x1, r.nx), min(y1, r.ny)
	var worst float64
	for j := y0; j <= y1; j++ {
		for i := x0; i <= x1; i++ {
			// Barycentric numerators over det: inside when both are of det's
			// sign (or zero) and their sum no more than det.
			px, py := i-t.ax, j-t.ay
			nb := px*vy - vx*py
			nc := ux*py - px*uy
			if det < 0 {
				nb, nc = -nb, -nc
			}
			if nb < 0 || nc < 0 || nb+nc > abs(det) {
				continue
			}
			lb, lc := float64(nb)/float64(abs(det)), float64(nc)/float64(abs(det))
			plane := ha + lb*(hb-ha) + lc*(hc-ha)
			worst = max(worst, math.Abs(plane-r.z(i, j)))
		}
	}
	return worst
}

// scale returns t on the lattice cut k × k finer.
func (t tri) scale(k int) tri {
	return tri{t.ax * k, t.ay * k, t.bx * k, t.by * k, t.cx * k, t.cy * k}
}

// walk visits the triangles of the mesh within tol that lie in the lattice,
// each as its three corners on the lattice cut k × k finer (k a power of two,
// 1 for the lattice itself), and cuts too every triangle more than wide nodes
// of that lattice across in x. Inside one of the lattice's half cells the
// height field is linear, so a triangle there strays nothing and is cut only
// for its width; above them the finer lattice's triangles stray as the
// lattice's own, whose errors are read. Cutting by width keeps the mesh free of
// T-junctions: the two triangles on a long side are as wide, and a triangle is
// no wider than the one it was cut from.
func (r *rtin) walk(tol float64, k, wide int, visit func(tri)) {
	nx, ny := k*r.nx, k*r.ny
	// own says t is one of the lattice's triangles, scaled.
	var cut func(t tri, own bool)
	cut = func(t tri, own bool) {
		if !t.leaf() {
			x0, _, x1, _ := t.bounds()
			split := x1-x0 > wide
			big := own && abs(t.ax-t.cx)+abs(t.ay-t.cy) > k // with a middle node of the lattice's
			if big && !split {
				mx, my := t.mid()
				split = float64(r.err[my/k*(r.s+1)+mx/k]) > tol
			}
			if split {
				c1, c2 := t.children()
				cut(c1, big)
				cut(c2, big)
				return
			}
		}
		if _, _, x1, y1 := t.bounds(); x1 <= nx && y1 <= ny {
			visit(t)
		}
	}
	for _, t := range r.roots() {
		cut(t.scale(k), true)
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
