package printcheck

import (
	"context"
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
//
// The tree is stored as the pairs of children of its inner nodes: a ray tests
// both children of a node, and finds their boxes side by side rather than in two
// nodes apart.
type bvh struct {
	centre geom.Vec3
	root   bref
	pairs  []bpair // the root's children first, each pair before its children's
	tris   []btri  // in tree order
}

// bbox is a node's bounds: the low corner, then the high one, indexable so that
// a ray picks the face it enters by on each axis without branching.
type bbox [6]float32

// bref refers to a node, with its bounds: a leaf (n > 0) holds tris[at : at+n];
// an inner node (n == 0) has its children in pairs[at].
type bref struct {
	box   bbox
	at, n int32
}

// bpair holds the two children of an inner node, left then right.
type bpair struct {
	box   [2]bbox
	at, n [2]int32
}

// btri is a triangle as the ray test wants it: a corner and the two edges from it,
// so e1×e2 is its outward normal, and its index in the mesh.
type btri struct {
	a, e1, e2 [3]float32
	id        int32
}

// leafTris is the most triangles a leaf holds.
const leafTris = 4

// buildBVH builds the hierarchy over the triangles of tris marked in use (all
// of them when use is nil), with vertex positions pos. Triangles must have
// indices in range and finite vertices. box is the bounds of their corners, as
// Check has them at hand, or an empty box to have them measured here. Once ctx
// is done it stops between its steps, with a tree the caller must not use.
func buildBVH(ctx context.Context, pos []geom.Vec3, tris [][3]uint32, use []bool, box geom.Box) *bvh {
	b := &bvh{}
	ids, cbox := centroidBounds(pos, tris, use)
	if len(ids) == 0 || ctx.Err() != nil {
		return b
	}
	if box.Empty() {
		box = cornerBounds(pos, tris, ids)
	}
	b.centre = box.Center()
	keys := mortonKeys(pos, tris, ids, cbox)
	if ctx.Err() != nil {
		return b
	}
	radixSortHigh(keys)
	if ctx.Err() != nil {
		return b
	}
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
	if ctx.Err() != nil {
		return b
	}
	splits := splitAll(codes, 0, len(codes), nil)
	if ctx.Err() != nil {
		return b
	}
	b.pairs = make([]bpair, 0, len(splits))
	next := 0
	b.root = b.build(splits, &next, 0, len(codes))
	return b
}

// centroid returns the centroid of the triangle with corners p, q and r, always
// computed the same way so that the bounds and the Morton codes agree to the bit.
func centroid(p, q, r geom.Vec3) geom.Vec3 {
	return p.Add(q).Add(r).Scale(1.0 / 3)
}

// centroidBounds returns the indices of the triangles in use and the bounds of
// their centroids. The bounds are kept with plain comparisons, which are cheaper
// than grow's min and max; they differ from those only in the sign of a zero
// bound, which the Morton codes do not see.
func centroidBounds(pos []geom.Vec3, tris [][3]uint32, use []bool) ([]int32, geom.Box) {
	ids := make([]int32, 0, len(tris))
	lo, hi := geom.V(math.Inf(1), math.Inf(1), math.Inf(1)), geom.V(math.Inf(-1), math.Inf(-1), math.Inf(-1))
	for i, t := range tris {
		if use != nil && !use[i] {
			continue
		}
		ids = append(ids, int32(i))
		c := centroid(pos[t[0]], pos[t[1]], pos[t[2]])
		if c.X < lo.X {
			lo.X = c.X
		}
		if c.X > hi.X {
			hi.X = c.X
		}
		if c.Y < lo.Y {
			lo.Y = c.Y
		}
		if c.Y > hi.Y {
			hi.Y = c.Y
		}
		if c.Z < lo.Z {
			lo.Z = c.Z
		}
		if c.Z > hi.Z {
			hi.Z = c.Z
		}
	}
	return ids, geom.Box{Min: lo, Max: hi}
}

// cornerBounds returns the bounds of the corners of triangles ids. Each vertex
// is taken once, in index order, which costs a sixth of growing the box by every
// corner of every triangle and gives the same box.
func cornerBounds(pos []geom.Vec3, tris [][3]uint32, ids []int32) geom.Box {
	corner := make([]bool, len(pos))
	for _, i := range ids {
		t := tris[i]
		corner[t[0]], corner[t[1]], corner[t[2]] = true, true, true
	}
	box := geom.EmptyBox()
	for v, c := range corner {
		if c {
			box = grow(box, pos[v])
		}
	}
	return box
}

// mortonKeys returns for each triangle of ids (k) the Morton code of its
// centroid, 10 bits per axis over the bounds cbox, in the upper half of a key
// and k in the lower half, so that sorting the keys stably by code keeps equal
// codes in the mesh's order.
func mortonKeys(pos []geom.Vec3, tris [][3]uint32, ids []int32, cbox geom.Box) []uint64 {
	size := cbox.Size()
	keys := make([]uint64, len(ids))
	for k, i := range ids {
		t := tris[i]
		c := centroid(pos[t[0]], pos[t[1]], pos[t[2]])
		x := quantize(c.X, cbox.Min.X, size.X)
		y := quantize(c.Y, cbox.Min.Y, size.Y)
		z := quantize(c.Z, cbox.Min.Z, size.Z)
		keys[k] = uint64(spread(x)|spread(y)<<1|spread(z)<<2)<<32 | uint64(k)
	}
	return keys
}

// quantize maps c in [lo, lo+size] to 0..1023.
func quantize(c, lo, size float64) uint32 {
	if size > 0 {
		return uint32(min(1023, max(0, (c-lo)/size*1024)))
	}
	return 0
}

// build adds the subtree over tris[lo:hi] and returns a reference to its root.
// Its inner nodes take their splits from splits[*next:], in the order splitAll
// made them.
func (b *bvh) build(splits []int32, next *int, lo, hi int) bref {
	if hi-lo <= leafTris {
		return bref{box: leafBox(b.tris[lo:hi]), at: int32(lo), n: int32(hi - lo)}
	}
	mid := int(splits[*next])
	*next++
	at := int32(len(b.pairs))
	b.pairs = append(b.pairs, bpair{})
	l := b.build(splits, next, lo, mid)
	r := b.build(splits, next, mid, hi)
	b.pairs[at] = bpair{box: [2]bbox{l.box, r.box}, at: [2]int32{l.at, r.at}, n: [2]int32{l.n, r.n}}
	n := bref{at: at}
	for a := range 3 {
		n.box[a], n.box[3+a] = min(l.box[a], r.box[a]), max(l.box[3+a], r.box[3+a])
	}
	return n
}

// split returns where build splits codes[lo:hi]: where the leading bit in which
// the codes differ turns on, or the middle when they are all equal.
func split(codes []uint32, lo, hi int) int {
	x := codes[lo] ^ codes[hi-1]
	if x == 0 {
		return (lo + hi) / 2
	}
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
	return l
}

// splitAll appends to out the splits of the inner nodes over codes[lo:hi], each
// node before its children and the left subtree before the right, as build
// makes them. Finding them first sizes the pairs exactly, so they are allocated
// once: a leaf holds 2.6 triangles on average, and an estimate from leafTris
// made the slice grow and copy.
func splitAll(codes []uint32, lo, hi int, out []int32) []int32 {
	if hi-lo <= leafTris {
		return out
	}
	mid := split(codes, lo, hi)
	out = append(out, int32(mid))
	out = splitAll(codes, lo, mid, out)
	return splitAll(codes, mid, hi, out)
}

// leafBox returns the bounds of the corners of tris as the ray test rebuilds
// them, widened by a float32 step so rounding never leaves a corner outside. The
// step is taken once per face of the box, after the min and max: a step is
// monotone, so that is the box widening every corner would give.
func leafBox(tris []btri) bbox {
	inf := float32(math.Inf(1))
	box := bbox{inf, inf, inf, -inf, -inf, -inf}
	for _, t := range tris {
		for a := range 3 {
			c0, c1, c2 := t.a[a], t.a[a]+t.e1[a], t.a[a]+t.e2[a]
			box[a] = min(box[a], c0, c1, c2)
			box[3+a] = max(box[3+a], c0, c1, c2)
		}
	}
	for a := range 3 {
		box[a], box[3+a] = down32(box[a]), up32(box[3+a])
	}
	return box
}

// down32 is math.Nextafter32(x, -Inf) and up32 math.Nextafter32(x, +Inf), to
// the bit, without its general case of any direction.
func down32(x float32) float32 {
	switch {
	case x != x:
		return float32(math.NaN())
	case math.IsInf(float64(x), -1):
		return x
	case x == 0:
		return -math.Float32frombits(1)
	case x > 0:
		return math.Float32frombits(math.Float32bits(x) - 1)
	}
	return math.Float32frombits(math.Float32bits(x) + 1)
}

func up32(x float32) float32 {
	switch {
	case x != x:
		return float32(math.NaN())
	case math.IsInf(float64(x), 1):
		return x
	case x == 0:
		return math.Float32frombits(1)
	case x > 0:
		return math.Float32frombits(math.Float32bits(x) + 1)
	}
	return math.Float32frombits(math.Float32bits(x) - 1)
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

// maxDepth bounds the traversal stack, which holds at most one node a level:
// Morton splits give at most 30 levels, and splits of equal codes halve their
// range.
const maxDepth = 30 + 40

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
