package printcheck

import (
	"math"
	"math/bits"

	"yanchu/geom"
)

// bvh is a bounding-volume hierarchy over triangles for casting rays. It is a
// linear BVH: triangles are sorted along a Morton curve of their centroids and
// split where the curve's leading bit changes, which builds in time linear in the
// number of triangles and serves the short rays of the wall and gap checks well.
// Coordinates are float32 relative to the centre of the triangles' bounds, which
// keeps about 1e-7 of the model's size in precision (0.03 µm at 250 mm).
type bvh struct {
	centre geom.Vec3
	nodes  []bnode
	tris   []btri // in tree order
}

// bnode is a node. An inner node (n == 0) has its left child right after it and
// its right child at at; a leaf holds tris[at : at+n].
type bnode struct {
	lo, hi [3]float32
	at, n  int32
}

// btri is a triangle as the ray test wants it: a corner and the two edges from it,
// so e1×e2 is its outward normal, and its index in the mesh.
type btri struct {
	a, e1, e2 [3]float32
	id        int32
}

// leafTris is the most triangles a leaf holds.
const leafTris = 4

// buildBVH builds the hierarchy over the triangles of tris whose index use
// accepts, with vertex positions pos. Triangles must have indices in range and
// finite vertices.
func buildBVH(pos []geom.Vec3, tris [][3]uint32, use func(i int) bool) *bvh {
	b := &bvh{}
	box, cbox := geom.EmptyBox(), geom.EmptyBox()
	var ids []int32
	for i, t := range tris {
		if !use(i) {
			continue
		}
		ids = append(ids, int32(i))
		p, q, r := pos[t[0]], pos[t[1]], pos[t[2]]
		box = grow(grow(grow(box, p), q), r)
		cbox = grow(cbox, p.Add(q).Add(r).Scale(1.0/3))
	}
	if len(ids) == 0 {
		return b
	}
	b.centre = box.Center()
	// Morton codes of the centroids, 10 bits per axis, sorted stably so equal
	// codes keep the mesh's order.
	size := cbox.Size()
	keys := make([]uint64, len(ids))
	for k, i := range ids {
		t := tris[i]
		c := pos[t[0]].Add(pos[t[1]]).Add(pos[t[2]]).Scale(1.0 / 3)
		var q [3]uint32
		for a := range 3 {
			if s := size.Comp(a); s > 0 {
				q[a] = uint32(min(1023, max(0, (c.Comp(a)-cbox.Min.Comp(a))/s*1024)))
			}
		}
		keys[k] = uint64(spread(q[0])|spread(q[1])<<1|spread(q[2])<<2)<<32 | uint64(k)
	}
	radixSortHigh(keys)
	codes := make([]uint32, len(keys))
	b.tris = make([]btri, len(keys))
	for k, key := range keys {
		codes[k] = uint32(key >> 32)
		i := ids[uint32(key)]
		t := tris[i]
		a := pos[t[0]].Sub(b.centre)
		e1, e2 := pos[t[1]].Sub(pos[t[0]]), pos[t[2]].Sub(pos[t[0]])
		b.tris[k] = btri{a: f32(a), e1: f32(e1), e2: f32(e2), id: i}
	}
	b.nodes = make([]bnode, 0, 2*len(keys)/leafTris+1)
	b.build(codes, 0, len(codes))
	return b
}

// build adds the subtree over tris[lo:hi] and returns its index.
func (b *bvh) build(codes []uint32, lo, hi int) int32 {
	at := int32(len(b.nodes))
	b.nodes = append(b.nodes, bnode{})
	if hi-lo <= leafTris {
		n := bnode{at: int32(lo), n: int32(hi - lo)}
		n.lo = [3]float32{float32(math.Inf(1)), float32(math.Inf(1)), float32(math.Inf(1))}
		n.hi = [3]float32{float32(math.Inf(-1)), float32(math.Inf(-1)), float32(math.Inf(-1))}
		for _, t := range b.tris[lo:hi] {
			for a := range 3 {
				// Corners rebuilt as the ray test sees them, widened by a float32
				// step so rounding never leaves a corner outside.
				c0, c1, c2 := t.a[a], t.a[a]+t.e1[a], t.a[a]+t.e2[a]
				n.lo[a] = min(n.lo[a], math.Nextafter32(min(c0, c1, c2), float32(math.Inf(-1))))
				n.hi[a] = max(n.hi[a], math.Nextafter32(max(c0, c1, c2), float32(math.Inf(1))))
			}
		}
		b.nodes[at] = n
		return at
	}
	mid := (lo + hi) / 2
	if x := codes[lo] ^ codes[hi-1]; x != 0 {
		bit := uint32(1) << (31 - bits.LeadingZeros32(x))
		// The codes share every bit above bit and are sorted: find the first with it set.
		l, h := lo, hi-1
		for l < h {
			m := (l + h) / 2
			if codes[m]&bit != 0 {
				h = m
			} else {
				l = m + 1
			}
		}
		mid = l
	}
	b.build(codes, lo, mid)
	r := b.build(codes, mid, hi)
	left, right := &b.nodes[at+1], &b.nodes[r]
	n := bnode{at: r}
	for a := range 3 {
		n.lo[a], n.hi[a] = min(left.lo[a], right.lo[a]), max(left.hi[a], right.hi[a])
	}
	b.nodes[at] = n
	return at
}

// spread spaces the low 10 bits of x two bits apart, for a Morton code.
func spread(x uint32) uint32 {
	x &= 0x3ff
	x = (x | x<<16) & 0x030000ff
	x = (x | x<<8) & 0x0300f00f
	x = (x | x<<4) & 0x030c30c3
	x = (x | x<<2) & 0x09249249
	return x
}

// radixSortHigh sorts keys stably by their upper 32 bits, eight bits a pass.
func radixSortHigh(keys []uint64) {
	if len(keys) == 0 {
		return
	}
	src, dst := keys, make([]uint64, len(keys))
	for shift := 32; shift < 64; shift += 8 {
		var count [257]int
		for _, k := range src {
			count[(k>>shift)&0xff+1]++
		}
		if count[1] == len(src) { // every digit is zero
			continue
		}
		for i := 1; i < 257; i++ {
			count[i] += count[i-1]
		}
		for _, k := range src {
			d := (k >> shift) & 0xff
			dst[count[d]] = k
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &keys[0] {
		copy(keys, src)
	}
}

func f32(v geom.Vec3) [3]float32 { return [3]float32{float32(v.X), float32(v.Y), float32(v.Z)} }

// maxDepth bounds the traversal stack: Morton splits give at most 30 levels, and
// splits of equal codes halve their range.
const maxDepth = 30 + 40

// hit is the nearest triangle a ray meets.
type hit struct {
	t float64 // distance along the unit direction (mm)
	k int32   // index into bvh.tris, -1 when none
}

// first returns the nearest triangle that the ray from o along the unit vector d
// meets at a distance in (0, tmax), skipping triangle skip (a mesh index).
func (b *bvh) first(o, d geom.Vec3, tmax float64, skip int32) hit {
	best := hit{t: tmax, k: -1}
	if len(b.nodes) == 0 {
		return best
	}
	o = o.Sub(b.centre)
	inv := geom.Vec3{X: 1 / d.X, Y: 1 / d.Y, Z: 1 / d.Z}
	type entry struct {
		n    int32
		near float64
	}
	var stack [2 * maxDepth]entry
	sp := 0
	if near, ok := b.enter(0, o, inv, best.t); ok {
		stack[0] = entry{0, near}
		sp = 1
	}
	for sp > 0 {
		sp--
		e := stack[sp]
		if e.near >= best.t {
			continue
		}
		n := &b.nodes[e.n]
		if n.n > 0 {
			for k := n.at; k < n.at+n.n; k++ {
				tr := &b.tris[k]
				if tr.id == skip {
					continue
				}
				if t, ok := intersect(tr, o, d); ok && t < best.t {
					best = hit{t, k}
				}
			}
			continue
		}
		l, r := e.n+1, n.at
		nl, okl := b.enter(l, o, inv, best.t)
		nr, okr := b.enter(r, o, inv, best.t)
		if okl && okr && nl > nr {
			l, r, nl, nr = r, l, nr, nl
		}
		// Push the farther child first so the nearer one is visited next.
		if okr {
			stack[sp] = entry{r, nr}
			sp++
		}
		if okl {
			stack[sp] = entry{l, nl}
			sp++
		}
	}
	return best
}

// enter returns where the ray enters node n's box and whether it does so before
// tmax. Comparisons with NaN (a ray along a box face) fail and so never narrow the
// interval: such boxes count as entered.
func (b *bvh) enter(n int32, o, inv geom.Vec3, tmax float64) (float64, bool) {
	nd := &b.nodes[n]
	t0, t1 := 0.0, tmax
	for a := range 3 {
		oa, ia := o.Comp(a), inv.Comp(a)
		lo := (float64(nd.lo[a]) - oa) * ia
		hi := (float64(nd.hi[a]) - oa) * ia
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

// intersect is the Möller-Trumbore test of the ray from o along d against tr; it
// returns the distance of a hit in front of o.
func intersect(tr *btri, o, d geom.Vec3) (float64, bool) {
	e1 := geom.Vec3{X: float64(tr.e1[0]), Y: float64(tr.e1[1]), Z: float64(tr.e1[2])}
	e2 := geom.Vec3{X: float64(tr.e2[0]), Y: float64(tr.e2[1]), Z: float64(tr.e2[2])}
	p := d.Cross(e2)
	det := e1.Dot(p)
	if det == 0 {
		return 0, false
	}
	inv := 1 / det
	s := o.Sub(geom.Vec3{X: float64(tr.a[0]), Y: float64(tr.a[1]), Z: float64(tr.a[2])})
	u := s.Dot(p) * inv
	if u < 0 || u > 1 {
		return 0, false
	}
	q := s.Cross(e1)
	v := d.Dot(q) * inv
	if v < 0 || u+v > 1 {
		return 0, false
	}
	t := e2.Dot(q) * inv
	return t, t > 0
}

// normal returns the unit outward normal of tree triangle k.
func (b *bvh) normal(k int32) geom.Vec3 {
	tr := &b.tris[k]
	e1 := geom.Vec3{X: float64(tr.e1[0]), Y: float64(tr.e1[1]), Z: float64(tr.e1[2])}
	e2 := geom.Vec3{X: float64(tr.e2[0]), Y: float64(tr.e2[1]), Z: float64(tr.e2[2])}
	return e1.Cross(e2).Unit()
}
