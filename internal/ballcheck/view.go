package ballcheck

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"yanchu/geom"
)

// View is a body seen from the centre: the directions along which a ray from the
// origin crosses none of the body's triangles are open, and connected open
// samples make an opening.
//
// Sampling error, with e = Sphere.Err and provided the openings and the material
// between them are wider than a few e (true of any printable shell at the
// samplings used): the widest open cap's true angular radius lies within
// [Inscribed − 2e, Inscribed + e]; the true least angle between two openings lies
// within [Ligament − 6e, Ligament]. The ray test itself is exact on the mesh.
type View struct {
	// Openings are the openings, in the order of their first sample.
	Openings []Opening
	// OpenShare is the share of the sphere's solid angle that is open.
	OpenShare float64
	// Ligament is the least angle (radians) between samples of two different
	// openings, taken over the openings' rim samples (open samples touching a
	// closed one); +Inf with fewer than two openings. LigamentPair names the two
	// openings.
	Ligament     float64
	LigamentPair [2]int
	// Err is the sampling's covering radius (radians), Sphere.Err.
	Err float64
}

// Opening is one connected open region of a View.
type Opening struct {
	// Dir is the mean direction of the opening, weighted by solid angle.
	Dir geom.Vec3
	// Samples is the number of samples in it and SolidAngle their solid angle (sr).
	Samples    int
	SolidAngle float64
	// Reach is the largest angle (radians) from Dir to a sample of the opening.
	Reach float64
	// Inscribed is the angular radius (radians) of the widest cap of open
	// directions inside the opening: the largest, over its samples, of the angle
	// to the nearest closed sample.
	Inscribed float64
	// Concavity is the share of the opening's convex hull, taken in the gnomonic
	// projection centred on Dir (great circles project to straight lines, so a
	// spherically convex opening projects to a convex one), that is not in the
	// opening, measured by the solid angle of the samples inside the hull: near 0
	// (a fraction of the sampling) for a convex opening. NaN when the opening
	// reaches 80° or more from Dir, where the projection is not useful.
	Concavity float64
}

// Look returns body k seen from the centre through the sampling s. It panics for
// a body that does not exist.
func (b *Ball) Look(k int, s *Sphere) *View {
	closed := b.rasterize(k, s)
	v := &View{Ligament: math.Inf(1), LigamentPair: [2]int{-1, -1}, Err: s.Err}

	// Openings: connected components of open samples.
	label := make([]int32, len(s.Dirs))
	for i := range label {
		label[i] = -1
	}
	var members [][]int32 // samples of each opening
	var rims [][]int32    // open samples of each opening touching a closed one
	var nb []int
	var queue []int32
	for i := range s.Dirs {
		if closed[i] || label[i] >= 0 {
			continue
		}
		id := int32(len(members))
		label[i] = id
		queue = append(queue[:0], int32(i))
		var rim []int32
		for h := 0; h < len(queue); h++ {
			p := int(queue[h])
			touches := false
			nb = s.neighbours(p, nb)
			for _, q := range nb {
				if closed[q] {
					touches = true
				} else if label[q] < 0 {
					label[q] = id
					queue = append(queue, int32(q))
				}
			}
			if touches {
				rim = append(rim, int32(p))
			}
		}
		members = append(members, slices.Clone(queue))
		rims = append(rims, rim)
	}

	total := 0.0
	for _, a := range s.Area {
		total += a
	}
	v.Openings = make([]Opening, len(members))
	forEach(len(members), func(id int) {
		ms := members[id]
		o := Opening{Samples: len(ms)}
		var sum geom.Vec3
		for _, p := range ms {
			o.SolidAngle += s.Area[p]
			sum = sum.Add(s.Dirs[p].Scale(s.Area[p]))
		}
		o.Dir = sum.Unit()
		if sum.Len() < 1e-12 {
			o.Dir = s.Dirs[ms[0]]
		}
		for _, p := range rims[id] {
			o.Reach = math.Max(o.Reach, angle(o.Dir, s.Dirs[p]))
		}
		if len(rims[id]) == 0 { // the whole sphere is open
			o.Reach = math.Pi
		}
		o.Inscribed = inscribed(s, closed, ms, o.Dir, o.Reach, uint64(id))
		o.Concavity = concavity(s, label, int32(id), rims[id], o.SolidAngle, o.Dir, o.Reach)
		v.Openings[id] = o
	})
	open := 0.0
	for _, o := range v.Openings {
		open += o.SolidAngle
	}
	v.OpenShare = open / total

	// Ligament: the closest rim samples of two different openings.
	for a := range members {
		for c := a + 1; c < len(members); c++ {
			oa, oc := &v.Openings[a], &v.Openings[c]
			if angle(oa.Dir, oc.Dir)-oa.Reach-oc.Reach-2*s.Err >= v.Ligament {
				continue
			}
			best := math.Cos(math.Min(v.Ligament, math.Pi))
			bp, bq := int32(-1), int32(-1)
			for _, p := range rims[a] {
				dp := s.Dirs[p]
				for _, q := range rims[c] {
					if d := dp.Dot(s.Dirs[q]); d > best {
						best, bp, bq = d, p, q
					}
				}
			}
			if bp >= 0 {
				v.Ligament = angle(s.Dirs[bp], s.Dirs[bq])
				v.LigamentPair = [2]int{a, c}
			}
		}
	}
	return v
}

// inscribed returns the largest, over the samples ms of an opening, of the angle
// to the nearest closed sample, among the closed samples within reach + 3·Err of
// dir: those bound the opening, and a closed sample farther out cannot be nearer
// than they are by more than Err. Candidates are taken nearest dir first and the
// scan for a sample stops as soon as it cannot beat the best so far, so the cost
// stays near linear.
func inscribed(s *Sphere, closed []bool, ms []int32, dir geom.Vec3, reach float64, seed uint64) float64 {
	type cand struct {
		key float64
		i   int32
	}
	var cs []cand
	s.cap(dir, math.Min(math.Pi, reach+3*s.Err), func(i int) {
		if closed[i] {
			cs = append(cs, cand{-s.Dirs[i].Dot(dir), int32(i)})
		}
	})
	if len(cs) == 0 {
		return math.Pi
	}
	slices.SortFunc(cs, func(a, b cand) int {
		if c := cmp.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	pts := make([]geom.Vec3, len(cs))
	for i, c := range cs {
		pts[i] = s.Dirs[c.i]
	}
	samples := slices.Clone(ms)
	rng := rand.New(rand.NewPCG(seed, 0x6261_6c6c))
	rng.Shuffle(len(samples), func(i, j int) { samples[i], samples[j] = samples[j], samples[i] })

	bestCos := 1.0 // cosine of the best (largest) nearest-closed angle so far
	for _, p := range samples {
		dp := s.Dirs[p]
		nearest := -1.0 // cosine of the angle to the nearest closed sample
		beaten := false
		for _, q := range pts {
			c := dp.Dot(q)
			if c >= bestCos {
				beaten = true
				break
			}
			if c > nearest {
				nearest = c
			}
		}
		if !beaten {
			bestCos = nearest
		}
	}
	return math.Acos(math.Max(-1, math.Min(1, bestCos)))
}

// concavity returns the share of the gnomonic convex hull of opening id that its
// samples do not fill. The hull is that of the opening's rim samples, which hold
// its extreme points.
func concavity(s *Sphere, label []int32, id int32, rim []int32, area float64, dir geom.Vec3, reach float64) float64 {
	if reach >= 80*math.Pi/180 {
		return math.NaN()
	}
	e1, e2 := perpendiculars(dir)
	project := func(d geom.Vec3) [2]float64 {
		z := d.Dot(dir)
		return [2]float64{d.Dot(e1) / z, d.Dot(e2) / z}
	}
	pts := make([][2]float64, len(rim))
	for i, p := range rim {
		pts[i] = project(s.Dirs[p])
	}
	hull := convexHull(pts)
	if len(hull) < 3 {
		return 0
	}
	missing := 0.0
	s.cap(dir, reach+s.Err, func(i int) {
		if label[i] == id {
			return
		}
		if inConvex(hull, project(s.Dirs[i])) {
			missing += s.Area[i]
		}
	})
	return missing / area
}

func perpendiculars(u geom.Vec3) (v, w geom.Vec3) {
	ref := geom.V(0, 0, 1)
	if math.Abs(u.Z) > 0.9 {
		ref = geom.V(1, 0, 0)
	}
	v = u.Cross(ref).Unit()
	return v, u.Cross(v)
}

func cross2(o, a, b [2]float64) float64 {
	return (a[0]-o[0])*(b[1]-o[1]) - (a[1]-o[1])*(b[0]-o[0])
}

// convexHull returns the convex hull of pts counter-clockwise, without collinear
// points (Andrew's monotone chain).
func convexHull(pts [][2]float64) [][2]float64 {
	p := slices.Clone(pts)
	slices.SortFunc(p, func(a, b [2]float64) int {
		if a[0] != b[0] {
			if a[0] < b[0] {
				return -1
			}
			return 1
		}
		switch {
		case a[1] < b[1]:
			return -1
		case a[1] > b[1]:
			return 1
		}
		return 0
	})
	if len(p) < 3 {
		return p
	}
	h := make([][2]float64, 0, 2*len(p))
	for _, q := range p {
		for len(h) >= 2 && cross2(h[len(h)-2], h[len(h)-1], q) <= 0 {
			h = h[:len(h)-1]
		}
		h = append(h, q)
	}
	lower := len(h) + 1
	for i := len(p) - 2; i >= 0; i-- {
		q := p[i]
		for len(h) >= lower && cross2(h[len(h)-2], h[len(h)-1], q) <= 0 {
			h = h[:len(h)-1]
		}
		h = append(h, q)
	}
	return h[:len(h)-1]
}

// inConvex reports whether q lies inside or on the counter-clockwise convex
// polygon h (at least 3 corners), in O(log n).
func inConvex(h [][2]float64, q [2]float64) bool {
	n := len(h)
	if cross2(h[0], h[1], q) < 0 || cross2(h[0], h[n-1], q) > 0 {
		return false
	}
	lo, hi := 1, n-1
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if cross2(h[0], h[mid], q) >= 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	return cross2(h[lo], h[lo+1], q) >= 0
}

// forEach calls fn(0) to fn(n-1) on GOMAXPROCS goroutines.
func forEach(n int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}

// rasterize returns, for every sample of s, whether the ray from the origin along
// it crosses a triangle of body k. Each triangle is tested against the samples in
// the polar-angle and azimuth range of its corners' directions, widened in polar
// angle by how far a great-circle edge can bow past its ends; near a pole, against
// the samples in the smallest cap around its corners' directions that holds them.
func (b *Ball) rasterize(k int, s *Sphere) []bool {
	if k < 0 || k >= len(b.tris) {
		panic(fmt.Sprintf("ballcheck: no body %d of %d", k, len(b.tris)))
	}
	tris := b.tris[k]
	polar := b.polar()
	workers := runtime.GOMAXPROCS(0)
	chunk := (len(tris) + workers - 1) / workers
	parts := make([][]bool, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := min(len(tris), w*chunk), min(len(tris), (w+1)*chunk)
		wg.Add(1)
		go func() {
			defer wg.Done()
			hit := make([]bool, len(s.Dirs))
			for _, t := range tris[lo:hi] {
				tv := b.m.Triangles[t]
				p0, p1, p2 := b.tri(t)
				e1, e2 := p1.Sub(p0), p2.Sub(p0)
				test := func(i int) {
					if !hit[i] && crosses(s.Dirs[i], p0, e1, e2) {
						hit[i] = true
					}
				}
				a, bb, c := polar[tv[0]], polar[tv[1]], polar[tv[2]]
				if math.IsNaN(a[0]) || math.IsNaN(bb[0]) || math.IsNaN(c[0]) {
					continue
				}
				tlo, thi := math.Min(a[0], math.Min(bb[0], c[0])), math.Max(a[0], math.Max(bb[0], c[0]))
				plo, phi := math.Min(a[1], math.Min(bb[1], c[1])), math.Max(a[1], math.Max(bb[1], c[1]))
				if phi-plo > math.Pi { // across the ±π seam
					plo, phi = math.Inf(1), math.Inf(-1)
					for _, x := range []float64{a[1], bb[1], c[1]} {
						if x < 0 {
							x += 2 * math.Pi
						}
						plo, phi = math.Min(plo, x), math.Max(phi, x)
					}
				}
				if tlo < 3*s.Step || thi > math.Pi-3*s.Step || phi-plo > math.Pi/2 {
					b.capTest(s, p0, p1, p2, test)
					continue
				}
				// A great-circle edge of length L at polar angle θ bows about
				// L²·|cot θ|/8 past its ends in polar angle; the azimuth along
				// it is monotone, since no edge passes a pole.
				d0, d1, d2 := p0.Unit(), p1.Unit(), p2.Unit()
				l := math.Max(d0.Sub(d1).Len(), math.Max(d1.Sub(d2).Len(), d2.Sub(d0).Len())) * 1.01
				cot := math.Max(math.Abs(1/math.Tan(tlo)), math.Abs(1/math.Tan(thi)))
				m := l*l*(1+cot)/4 + 1e-9
				r0 := max(0, int(math.Ceil((tlo-m)/s.Step-0.5)))
				r1 := min(len(s.rows)-1, int(math.Floor((thi+m)/s.Step-0.5)))
				for r := r0; r <= r1; r++ {
					row := s.rows[r]
					j0 := int(math.Ceil((plo-1e-9)/row.w - 0.5))
					j1 := int(math.Floor((phi+1e-9)/row.w - 0.5))
					if j1-j0+1 >= row.n {
						j0, j1 = 0, row.n-1
					}
					for j := j0; j <= j1; j++ {
						test(row.first + ((j%row.n)+row.n)%row.n)
					}
				}
			}
			parts[w] = hit
		}()
	}
	wg.Wait()
	out := parts[0]
	for _, p := range parts[1:] {
		for i, h := range p {
			out[i] = out[i] || h
		}
	}
	return out
}

// capTest calls test with every sample in the smallest cap around the directions
// of p0, p1 and p2 that holds them all.
func (b *Ball) capTest(s *Sphere, p0, p1, p2 geom.Vec3, test func(int)) {
	d0, d1, d2 := p0.Unit(), p1.Unit(), p2.Unit()
	c := d0.Add(d1).Add(d2)
	if c.Len() < 1e-12 {
		return
	}
	c = c.Unit()
	r := math.Max(angle(c, d0), math.Max(angle(c, d1), angle(c, d2)))
	s.cap(c, r+1e-9, test)
}

// crosses reports whether the ray from the origin along d meets the triangle with
// corner p0 and edges e1, e2 (Möller–Trumbore). The barycentric bounds are widened
// by 1e-9 so a ray along an edge shared by two triangles meets at least one.
func crosses(d, p0, e1, e2 geom.Vec3) bool {
	const tol = 1e-9
	pv := d.Cross(e2)
	det := e1.Dot(pv)
	if math.Abs(det) < 1e-300 {
		return false
	}
	inv := 1 / det
	tv := p0.Scale(-1)
	u := tv.Dot(pv) * inv
	if u < -tol || u > 1+tol {
		return false
	}
	qv := tv.Cross(e1)
	w := d.Dot(qv) * inv
	if w < -tol || u+w > 1+tol {
		return false
	}
	return e2.Dot(qv)*inv > 0
}
