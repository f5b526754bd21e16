package mesh

import (
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"yanchu/geom"
)

// Intersection is a pair of triangles, by index into Mesh.Triangles, that meet
// where they must not. A < B.
type Intersection struct{ A, B int }

// The tolerances of SelfIntersections.
const (
	// touchRel is the contact distance for triangles that share no vertex index,
	// relative to the longer of the two triangles' longest edges.
	touchRel = 1e-9
	// flatSin is the sine of the dihedral angle below which two neighbours count
	// as lying in one plane.
	flatSin = 1e-6
	// rayTol is how far (as a sine) a direction may lie outside a triangle's corner
	// and still count as inside it.
	rayTol = 1e-9
)

// SelfIntersections returns the pairs of triangles of m that intersect, sorted by
// A then B, at most limit of them (0 means no limit). It is
// SelfIntersectionsWorkers with as many workers as GOMAXPROCS.
func SelfIntersections(m *Mesh, limit int) []Intersection {
	return SelfIntersectionsWorkers(m, limit, 0)
}

// SelfIntersectionsWorkers is SelfIntersections on workers goroutines (0 means
// GOMAXPROCS). The result does not depend on workers.
//
// Two triangles that share a vertex index are neighbours. They may meet at what
// they share; they are reported when they overlap beyond it:
//   - sharing one vertex, when some direction from it enters both triangles,
//     allowing a direction up to 1e-9 (as a sine) outside a corner; triangles
//     whose planes are within 1e-6 (sine of the dihedral angle) of each other are
//     compared as coplanar;
//   - sharing an edge, when they are coplanar within 1e-6 and lie on the same side
//     of the edge (folded onto each other);
//   - sharing all three vertices, always.
//
// Triangles that share no vertex index belong apart, so any contact is reported:
// the pair is reported when the distance between the triangles is at most 1e-9
// times the longest edge of the two. Degenerate triangles (zero area or a repeated
// index, as Validate defines them) are never reported against their neighbours and
// count as the segment or point they collapse to against other triangles.
// Triangles with an index out of range or a non-finite vertex are skipped.
//
// It builds a bounding-volume hierarchy over the triangles' boxes and queries it
// with each triangle. BenchmarkSelfIntersections measured 2.6 s and 136 MB (about
// 70 bytes per triangle) for a sphere of 2 million triangles on one core.
func SelfIntersectionsWorkers(m *Mesh, limit, workers int) []Intersection {
	return selfIntersections(nil, m, limit, workers)
}

// SelfIntersectionsUntil is SelfIntersections that stops soon once done is
// closed (a nil done never is), with the pairs found by then: some, not all.
func SelfIntersectionsUntil(done <-chan struct{}, m *Mesh, limit int) []Intersection {
	return selfIntersections(done, m, limit, 0)
}

func selfIntersections(done <-chan struct{}, m *Mesh, limit, workers int) []Intersection {
	if limit < 0 {
		panic("mesh.SelfIntersections: negative limit")
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	t := buildTree(m, done)
	if len(t.items) == 0 || t.stopped() {
		return nil
	}
	n := len(m.Triangles)
	const block = 4096
	nblocks := (n + block - 1) / block
	results := make([][]Intersection, nblocks)
	var next, found atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, nblocks) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var js []int32
			for {
				// Blocks are claimed in order, so when the pairs found reach the
				// limit, the claimed blocks form a prefix that holds the answer.
				if limit > 0 && found.Load() >= int64(limit) {
					return
				}
				select {
				case <-done:
					return
				default:
				}
				b := int(next.Add(1) - 1)
				if b >= nblocks {
					return
				}
				var out []Intersection
				for i := b * block; i < min(n, (b+1)*block); i++ {
					js = t.query(m, i, js[:0])
					for _, j := range js {
						out = append(out, Intersection{i, int(j)})
					}
				}
				results[b] = out
				found.Add(int64(len(out)))
			}
		}()
	}
	wg.Wait()
	var all []Intersection
	for _, r := range results {
		all = append(all, r...)
		if limit > 0 && len(all) >= limit {
			return all[:limit:limit]
		}
	}
	return all
}

// box32 is a box in float32, rounded outward from the float64 one.
type box32 struct{ lo, hi [3]float32 }

func (b *box32) overlaps(c *box32) bool {
	return b.lo[0] <= c.hi[0] && c.lo[0] <= b.hi[0] &&
		b.lo[1] <= c.hi[1] && c.lo[1] <= b.hi[1] &&
		b.lo[2] <= c.hi[2] && c.lo[2] <= b.hi[2]
}

// treeNode is a node of the hierarchy. An inner node (n == 0) has its left child
// right after it and its right child at at; a leaf holds items at..at+n.
type treeNode struct {
	box   box32
	at, n int32
}

// tree is a bounding-volume hierarchy over a mesh's usable triangles, split at
// the median of the box centres along the widest axis, in depth-first order.
type tree struct {
	nodes []treeNode
	items []int32 // triangle indices in tree order
	boxes []box32 // their boxes, grown by their contact distance
	pos   []int32 // position in items of each triangle, or -1 when skipped
	done  <-chan struct{}
}

const leafSize = 4

// buildTree builds the tree over m's triangles. Once done closes, the large
// subtrees left are made leaves: a valid tree, slow to query, for a caller
// that stops.
func buildTree(m *Mesh, done <-chan struct{}) *tree {
	n := len(m.Triangles)
	t := &tree{pos: make([]int32, n), items: make([]int32, 0, n), boxes: make([]box32, 0, n), done: done}
	vs := m.Vertices
	for i, tr := range m.Triangles {
		t.pos[i] = -1
		if int(tr[0]) >= len(vs) || int(tr[1]) >= len(vs) || int(tr[2]) >= len(vs) {
			continue
		}
		a, b, c := vs[tr[0]], vs[tr[1]], vs[tr[2]]
		if !finite(a) || !finite(b) || !finite(c) {
			continue
		}
		lo, hi := a.Min(b).Min(c), a.Max(b).Max(c)
		e := touchRel * math.Sqrt(longest2(a, b, c))
		t.items = append(t.items, int32(i))
		t.boxes = append(t.boxes, box32{
			lo: [3]float32{down(lo.X - e), down(lo.Y - e), down(lo.Z - e)},
			hi: [3]float32{up(hi.X + e), up(hi.Y + e), up(hi.Z + e)},
		})
	}
	if len(t.items) == 0 {
		return t
	}
	t.nodes = make([]treeNode, 0, 2*len(t.items)/leafSize+1)
	t.build(0, len(t.items))
	for k, i := range t.items {
		t.pos[i] = int32(k)
	}
	return t
}

// build adds the subtree over items lo..hi and returns its node index.
func (t *tree) build(lo, hi int) int32 {
	at := int32(len(t.nodes))
	t.nodes = append(t.nodes, treeNode{})
	b := t.boxes[lo]
	var clo, chi [3]float32
	for a := range 3 {
		clo[a], chi[a] = b.lo[a]+b.hi[a], b.lo[a]+b.hi[a]
	}
	for _, c := range t.boxes[lo+1 : hi] {
		for a := range 3 {
			b.lo[a], b.hi[a] = min(b.lo[a], c.lo[a]), max(b.hi[a], c.hi[a])
			m := c.lo[a] + c.hi[a]
			clo[a], chi[a] = min(clo[a], m), max(chi[a], m)
		}
	}
	t.nodes[at].box = b
	if hi-lo <= leafSize || hi-lo > 1<<14 && t.stopped() {
		t.nodes[at].at, t.nodes[at].n = int32(lo), int32(hi-lo)
		return at
	}
	axis := 0
	for a := 1; a < 3; a++ {
		if chi[a]-clo[a] > chi[axis]-clo[axis] {
			axis = a
		}
	}
	mid := (lo + hi) / 2
	t.selectNth(lo, hi, mid, axis)
	t.build(lo, mid)
	right := t.build(mid, hi)
	t.nodes[at].at = right
	return at
}

// stopped reports whether the tree's done is closed.
func (t *tree) stopped() bool {
	select {
	case <-t.done:
		return true
	default:
		return false
	}
}

// selectNth reorders items lo..hi so that the one at k has the k-th smallest box
// centre along axis, with none larger before it and none smaller after.
func (t *tree) selectNth(lo, hi, k, axis int) {
	key := func(i int) float32 { return t.boxes[i].lo[axis] + t.boxes[i].hi[axis] }
	swap := func(i, j int) {
		t.items[i], t.items[j] = t.items[j], t.items[i]
		t.boxes[i], t.boxes[j] = t.boxes[j], t.boxes[i]
	}
	hi--
	for hi > lo {
		// Median of three as the pivot, then Hoare's partition.
		mid := lo + (hi-lo)/2
		if key(mid) < key(lo) {
			swap(mid, lo)
		}
		if key(hi) < key(lo) {
			swap(hi, lo)
		}
		if key(hi) < key(mid) {
			swap(hi, mid)
		}
		p := key(mid)
		i, j := lo, hi
		for i <= j {
			for key(i) < p {
				i++
			}
			for key(j) > p {
				j--
			}
			if i <= j {
				swap(i, j)
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return
		}
	}
}

// query appends to js, in increasing order, the triangles j > i that meet
// triangle i.
func (t *tree) query(m *Mesh, i int, js []int32) []int32 {
	p := t.pos[i]
	if p < 0 {
		return js
	}
	q := t.boxes[p]
	ti := m.Triangles[i]
	var stack [64]int32
	stack[0] = 0
	sp := 1
	for sp > 0 {
		sp--
		k := stack[sp]
		nd := &t.nodes[k]
		if !nd.box.overlaps(&q) {
			continue
		}
		if nd.n == 0 {
			stack[sp], stack[sp+1] = nd.at, k+1
			sp += 2
			continue
		}
		for e := nd.at; e < nd.at+nd.n; e++ {
			j := t.items[e]
			if int(j) <= i || !t.boxes[e].overlaps(&q) {
				continue
			}
			if trianglesMeet(m.Vertices, ti, m.Triangles[j]) {
				js = append(js, j)
			}
		}
	}
	slices.Sort(js)
	return js
}

// trianglesMeet reports whether triangles s and t intersect under the rules of
// SelfIntersectionsWorkers. Their indices must be in range.
func trianglesMeet(vs []geom.Vec3, s, t [3]uint32) bool {
	var in [3]bool // s[k] is also a corner of t
	shared := 0
	for k, v := range s {
		if v == t[0] || v == t[1] || v == t[2] {
			in[k] = true
			shared++
		}
	}
	if shared == 0 {
		return touching(vs[s[0]], vs[s[1]], vs[s[2]], vs[t[0]], vs[t[1]], vs[t[2]])
	}
	if s[0] == s[1] || s[1] == s[2] || s[0] == s[2] || t[0] == t[1] || t[1] == t[2] || t[0] == t[2] {
		return false
	}
	// other returns the position in t of the corner after (d=1) or before (d=2) v.
	other := func(v uint32, d int) uint32 {
		for m := range 3 {
			if t[m] == v {
				return t[(m+d)%3]
			}
		}
		return v
	}
	switch shared {
	case 1:
		k := slices.Index(in[:], true)
		p := s[k]
		return cornersOverlap(vs[p], vs[s[(k+1)%3]], vs[s[(k+2)%3]], vs[other(p, 1)], vs[other(p, 2)])
	case 2:
		k := slices.Index(in[:], false)
		p, q := s[(k+1)%3], s[(k+2)%3]
		r := t[0] + t[1] + t[2] - p - q // the corner of t not in s (wraps, but exact)
		return folded(vs[p], vs[q], vs[s[k]], vs[r])
	}
	a, b, c := vs[s[0]], vs[s[1]], vs[s[2]]
	return !degenerateTri(a, b, c)
}

// cornersOverlap reports whether triangles (p, q, r) and (p, s, t), which share
// only corner p, have more than p in common: whether some direction from p enters
// both.
func cornersOverlap(p, q, r, s, t geom.Vec3) bool {
	if degenerateTri(p, q, r) || degenerateTri(p, s, t) {
		return false
	}
	qu, ru, su, tu := q.Sub(p).Unit(), r.Sub(p).Unit(), s.Sub(p).Unit(), t.Sub(p).Unit()
	n1, n2 := qu.Cross(ru).Unit(), su.Cross(tu).Unit()
	d := n1.Cross(n2)
	if l := d.Len(); l > flatSin {
		// The planes meet in a line through p; the triangles overlap when both
		// reach along it the same way.
		u := d.Scale(1 / l)
		w := u.Scale(-1)
		return inCorner(qu, ru, n1, u) && inCorner(su, tu, n2, u) ||
			inCorner(qu, ru, n1, w) && inCorner(su, tu, n2, w)
	}
	// Coplanar: two corners of less than a half turn overlap when one holds a
	// side of the other.
	if n1.Dot(n2) < 0 {
		su, tu = tu, su
	}
	return inCorner(qu, ru, n1, su) || inCorner(qu, ru, n1, tu) ||
		inCorner(su, tu, n1, qu) || inCorner(su, tu, n1, ru)
}

// inCorner reports whether direction u lies between unit directions a and b,
// turning counter-clockwise about n from a to b, with a margin of rayTol.
func inCorner(a, b, n, u geom.Vec3) bool {
	return a.Cross(u).Dot(n) >= -rayTol && u.Cross(b).Dot(n) >= -rayTol && u.Dot(a.Add(b)) > 0
}

// folded reports whether triangles (p, q, r) and (p, q, s), which share edge pq,
// overlap beyond it: whether they are coplanar with r and s on the same side.
func folded(p, q, r, s geom.Vec3) bool {
	if degenerateTri(p, q, r) || degenerateTri(p, q, s) {
		return false
	}
	e := q.Sub(p)
	n1, n2 := e.Cross(r.Sub(p)).Unit(), e.Cross(s.Sub(p)).Unit()
	return n1.Cross(n2).Len() <= flatSin && n1.Dot(n2) > 0
}

// touching reports whether triangles a and b come within touchRel times the
// longest of their edges of each other.
func touching(a0, a1, a2, b0, b1, b2 geom.Vec3) bool {
	eps := touchRel * math.Sqrt(max(longest2(a0, a1, a2), longest2(b0, b1, b2)))
	na := a1.Sub(a0).Cross(a2.Sub(a0))
	nb := b1.Sub(b0).Cross(b2.Sub(b0))
	// Signed distances, times the plane normal's length, of each triangle's
	// corners from the other's plane; a plane with all of the other triangle
	// beyond eps on one side separates them.
	da := [3]float64{nb.Dot(a0.Sub(b0)), nb.Dot(a1.Sub(b0)), nb.Dot(a2.Sub(b0))}
	if beyond(da, eps*nb.Len()) {
		return false
	}
	db := [3]float64{na.Dot(b0.Sub(a0)), na.Dot(b1.Sub(a0)), na.Dot(b2.Sub(a0))}
	if beyond(db, eps*na.Len()) {
		return false
	}
	a := [3]geom.Vec3{a0, a1, a2}
	b := [3]geom.Vec3{b0, b1, b2}
	degA, degB := degenerateTri(a0, a1, a2), degenerateTri(b0, b1, b2)
	// An edge that pierces the other triangle.
	if !degB && pierces(a, da, b, nb) || !degA && pierces(b, db, a, na) {
		return true
	}
	// Otherwise the nearest points lie on an edge of one triangle and either
	// inside the other (a corner over its face) or on one of its edges.
	eps2 := eps * eps
	if !degB && cornerOver(a, da, b, nb, eps2) || !degA && cornerOver(b, db, a, na, eps2) {
		return true
	}
	for i := range 3 {
		for j := range 3 {
			if segmentDist2(a[i], a[(i+1)%3], b[j], b[(j+1)%3]) <= eps2 {
				return true
			}
		}
	}
	return false
}

// beyond reports whether all of d exceed tol on the same side of zero.
func beyond(d [3]float64, tol float64) bool {
	return d[0] > tol && d[1] > tol && d[2] > tol || d[0] < -tol && d[1] < -tol && d[2] < -tol
}

// pierces reports whether an edge of a, whose corners lie at scaled signed
// distances d from b's plane, crosses that plane at a point inside b.
func pierces(a [3]geom.Vec3, d [3]float64, b [3]geom.Vec3, nb geom.Vec3) bool {
	for i := range 3 {
		j := (i + 1) % 3
		if d[i] > 0 && d[j] < 0 || d[i] < 0 && d[j] > 0 {
			x := a[i].Lerp(a[j], d[i]/(d[i]-d[j]))
			if inside(b, nb, x) {
				return true
			}
		}
	}
	return false
}

// cornerOver reports whether a corner of a lies over the face of b (its
// projection inside b) within distance² eps2.
func cornerOver(a [3]geom.Vec3, d [3]float64, b [3]geom.Vec3, nb geom.Vec3, eps2 float64) bool {
	n2 := nb.Dot(nb)
	for i := range 3 {
		if d[i]*d[i] <= eps2*n2 && inside(b, nb, a[i]) {
			return true
		}
	}
	return false
}

// inside reports whether the projection of x onto the plane of b, whose normal
// is nb, lies in b, boundary included.
func inside(b [3]geom.Vec3, nb, x geom.Vec3) bool {
	for i := range 3 {
		e := b[(i+1)%3].Sub(b[i])
		if e.Cross(x.Sub(b[i])).Dot(nb) < 0 {
			return false
		}
	}
	return true
}

// segmentDist2 returns the squared distance between segments p0p1 and q0q1,
// either of which may be a point.
func segmentDist2(p0, p1, q0, q1 geom.Vec3) float64 {
	d1, d2, r := p1.Sub(p0), q1.Sub(q0), p0.Sub(q0)
	a, e, f := d1.Dot(d1), d2.Dot(d2), d2.Dot(r)
	clamp := func(x float64) float64 { return min(1, max(0, x)) }
	var s, t float64
	switch {
	case a == 0 && e == 0:
	case a == 0:
		t = clamp(f / e)
	default:
		c := d1.Dot(r)
		if e == 0 {
			s = clamp(-c / a)
			break
		}
		b := d1.Dot(d2)
		if den := a*e - b*b; den > 0 {
			s = clamp((b*f - c*e) / den)
		}
		t = (b*s + f) / e
		if t < 0 {
			t, s = 0, clamp(-c/a)
		} else if t > 1 {
			t, s = 1, clamp((b-c)/a)
		}
	}
	g := p0.Add(d1.Scale(s)).Sub(q0.Add(d2.Scale(t)))
	return g.Dot(g)
}

// longest2 returns the squared length of the triangle's longest edge.
func longest2(a, b, c geom.Vec3) float64 {
	ab, bc, ca := b.Sub(a), c.Sub(b), a.Sub(c)
	return max(ab.Dot(ab), bc.Dot(bc), ca.Dot(ca))
}

// degenerateTri is degenerate for the triangle's corners.
func degenerateTri(a, b, c geom.Vec3) bool {
	e0, e1 := b.Sub(a), c.Sub(a)
	n := e0.Cross(e1)
	return degenerate(n.Dot(n), e0.X, e0.Y, e0.Z, e1.X, e1.Y, e1.Z)
}

// down and up round x to a float32 no larger and no smaller than it.
func down(x float64) float32 {
	f := float32(x)
	if float64(f) > x {
		f = math.Nextafter32(f, float32(math.Inf(-1)))
	}
	return f
}

func up(x float64) float32 {
	f := float32(x)
	if float64(f) < x {
		f = math.Nextafter32(f, float32(math.Inf(1)))
	}
	return f
}
