package printcheck

import (
	"math"

	"yanchu/geom"
)

// hit is the nearest triangle a ray meets.
type hit struct {
	t float64 // distance along the unit direction (mm)
	k int32   // index into bvh.tris, -1 when none
}

// pending is a node left for later on the walk's stack (as bref has it, less
// its box), with where the ray enters it.
type pending struct {
	at, n int32
	near  float64
}

// ray is a ray in the tree's frame, with the inverse of its direction per axis
// held in plain fields: the box test runs some sixty times a ray, and reading
// geom.Vec3.Comp through its switch cost more than the arithmetic. When every
// inverse is finite, near and far index the faces of a bbox the ray enters and
// leaves by on each axis, which spares the test its branches.
type ray struct {
	o, d       geom.Vec3
	ox, oy, oz float64
	ix, iy, iz float64
	near, far  [3]int
	anyInf     bool // some inverse is infinite: boxes take the general test
}

// newRay returns the ray from o along d in tree b's frame.
func (b *bvh) newRay(o, d geom.Vec3) ray {
	o = o.Sub(b.centre)
	r := ray{o: o, d: d, ox: o.X, oy: o.Y, oz: o.Z, ix: 1 / d.X, iy: 1 / d.Y, iz: 1 / d.Z}
	r.anyInf = math.IsInf(r.ix, 0) || math.IsInf(r.iy, 0) || math.IsInf(r.iz, 0)
	for a, inv := range [3]float64{r.ix, r.iy, r.iz} {
		r.near[a], r.far[a] = a, 3+a
		if inv < 0 {
			r.near[a], r.far[a] = 3+a, a
		}
	}
	return r
}

// first returns the nearest triangle that the ray from o along the unit vector d
// meets at a distance in (0, tmax), skipping triangle skip (a mesh index).
//
// The walk visits the nearer child of each node first (the left one when both are
// entered at the same distance) and skips a node entered no nearer than the best
// hit so far; of hits at the very same distance the first visited wins. The
// nearer child is walked into directly and only the farther one is pushed.
func (b *bvh) first(o, d geom.Vec3, tmax float64, skip int32) hit {
	best := hit{t: tmax, k: -1}
	if len(b.tris) == 0 {
		return best
	}
	r := b.newRay(o, d)
	if near, ok := r.enterAny(&b.root.box, best.t); !ok || near >= best.t {
		return best
	}
	var stack [maxDepth]pending
	sp := 0
	at, n := b.root.at, b.root.n
	for {
		if n > 0 {
			b.leaf(at, n, &r, skip, &best)
		} else {
			// Walk into the nearer child entered before the best hit, and push
			// the other when it is entered too.
			p := &b.pairs[at]
			nl, nr, okl, okr := r.enterPair(&p.box[0], &p.box[1], best.t)
			near, far := 0, 1
			if okl && okr {
				if nl > nr {
					near, far, nr = 1, 0, nl
				}
				stack[sp] = pending{p.at[far], p.n[far], nr}
				sp++
			}
			if okl || okr {
				if !okl {
					near = 1
				}
				at, n = p.at[near], p.n[near]
				continue
			}
		}
		// Pop the next node still entered nearer than the best hit.
		for {
			if sp == 0 {
				return best
			}
			sp--
			if e := stack[sp]; e.near < best.t {
				at, n = e.at, e.n
				break
			}
		}
	}
}

// leaf tests the triangles tris[at : at+n] of a leaf and keeps the nearest hit
// in best.
func (b *bvh) leaf(at, n int32, r *ray, skip int32, best *hit) {
	for k := at; k < at+n; k++ {
		tr := &b.tris[k]
		if tr.id == skip {
			continue
		}
		if t, ok := intersect(tr, r.o, r.d); ok && t < best.t {
			*best = hit{t, k}
		}
	}
}

// enterPair returns where the ray enters boxes p and q, as enterAny does, and
// whether it enters each strictly before tmax (a box entered at tmax holds no
// nearer hit): both children of a node in one call. When the ray's inverses are
// finite no product is NaN and the slab of each axis runs from the face picked
// in newRay to the opposite one, so the test reduces to a max and a min.
func (r *ray) enterPair(p, q *bbox, tmax float64) (float64, float64, bool, bool) {
	if r.anyInf {
		p0, okp := r.enterAny(p, tmax)
		q0, okq := r.enterAny(q, tmax)
		return p0, q0, okp && p0 < tmax, okq && q0 < tmax
	}
	ox, oy, oz, ix, iy, iz := r.ox, r.oy, r.oz, r.ix, r.iy, r.iz
	nx, ny, nz, fx, fy, fz := r.near[0], r.near[1], r.near[2], r.far[0], r.far[1], r.far[2]
	p0 := max(0, (float64(p[nx])-ox)*ix, (float64(p[ny])-oy)*iy, (float64(p[nz])-oz)*iz)
	p1 := min(tmax, (float64(p[fx])-ox)*ix, (float64(p[fy])-oy)*iy, (float64(p[fz])-oz)*iz)
	q0 := max(0, (float64(q[nx])-ox)*ix, (float64(q[ny])-oy)*iy, (float64(q[nz])-oz)*iz)
	q1 := min(tmax, (float64(q[fx])-ox)*ix, (float64(q[fy])-oy)*iy, (float64(q[fz])-oz)*iz)
	return p0, q0, p0 <= p1 && p0 < tmax, q0 <= q1 && q0 < tmax
}

// enterAny returns where the ray enters box nd and whether it does so before
// tmax, for any ray. Comparisons with NaN (a ray along a box face, where an
// infinite inverse meets a zero distance) fail and so never narrow the interval:
// such boxes count as entered.
func (r *ray) enterAny(nd *bbox, tmax float64) (float64, bool) {
	t0, t1 := 0.0, tmax
	o, inv := [3]float64{r.ox, r.oy, r.oz}, [3]float64{r.ix, r.iy, r.iz}
	for a := range 3 {
		lo := (float64(nd[a]) - o[a]) * inv[a]
		hi := (float64(nd[3+a]) - o[a]) * inv[a]
		if lo > hi {
			lo, hi = hi, lo
		}
		if lo > t0 {
			t0 = lo
		}
		if hi < t1 {
			t1 = hi
		}
	}
	return t0, t0 <= t1
}
