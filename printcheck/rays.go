package printcheck

import (
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"yanchu/geom"
)

// The rules of the wall and gap checks.
const (
	// DefaultMaxRays is the number of rays Check casts at most when Options.MaxRays
	// is 0: two from each sample point, one inward and one outward.
	DefaultMaxRays = 200_000
	// slackMM is how far below a printer's limit a wall or gap must measure to be
	// reported: the accuracy of a lean mesh (0.01 mm on each surface) with room
	// for rounding, so a 0.4 mm gap meshed as 0.39 mm passes a 0.4 mm rule.
	slackMM = 0.025
	// facingCos: a ray's hit counts only where the surface it meets faces back
	// within 30° of the surface it left, as the two faces of a wall or a gap do.
	// Where faces meet at a sharper angle (the rim of a wedge, the floor of a
	// groove) a short ray measures the corner, not a wall.
	facingCos = 0.866
	// severeFrac: walls under this share of MinWallMM are blockers (they print as
	// one line or not at all); thinner than MinWallMM but above it, warnings.
	severeFrac = 0.75
	// chunkSamples is how many sample points a worker takes at a time.
	chunkSamples = 2048
)

// probes holds the sample points of the wall and gap checks and what their rays met.
type probes struct {
	j       *job
	tree    *bvh
	prefix  []float64 // cumulative area of the triangles: prefix[i+1]-prefix[i] is triangle i's
	n       int       // sample points
	spacing float64   // mean distance between sample points (mm)
	eps     float64   // how far off the surface rays start (mm)
	wall    []float32 // thickness measured at each sample, 0 when none under the limit
	gap     []float32 // gap measured at each sample, 0 when none under the limit
	gapTri  []int32   // the triangle across the gap
}

// walls runs the thin-wall and narrow-gap checks on a closed, outward mesh.
func (j *job) walls() error {
	tris := j.m.Triangles
	pr := &probes{j: j, prefix: make([]float64, len(tris)+1)}
	for i := range tris {
		a := 0.0
		if j.valid[i] {
			a = j.triArea(i)
		}
		pr.prefix[i+1] = pr.prefix[i] + a
	}
	area := pr.prefix[len(tris)]
	if !(area > 0) {
		return nil
	}
	want := min(j.p.MinWallMM, j.p.MinGapMM) / 2
	pr.n = int(min(math.Ceil(area/(want*want)), float64(max(1, j.maxRays/2))))
	pr.spacing = math.Sqrt(area / float64(pr.n))
	pr.eps = max(1e-5, 1e-6*j.diag)
	pr.tree = buildBVH(j.ctx, j.pos, tris, j.valid, j.box)
	if err := j.ctx.Err(); err != nil {
		return err
	}
	pr.wall = make([]float32, pr.n)
	pr.gap = make([]float32, pr.n)
	pr.gapTri = make([]int32, pr.n)
	if err := pr.cast(); err != nil {
		return err
	}
	pr.reportWalls()
	pr.reportGaps()
	return nil
}

// cast casts the rays of every sample point on the job's workers. Each sample
// writes only its own results, so the outcome does not depend on the workers.
func (pr *probes) cast() error {
	chunks := (pr.n + chunkSamples - 1) / chunkSamples
	workers := pr.j.workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, chunks) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for pr.j.ctx.Err() == nil {
				c := int(next.Add(1) - 1)
				if c >= chunks {
					return
				}
				from := 0
				for k := c * chunkSamples; k < min(pr.n, (c+1)*chunkSamples); k++ {
					from = pr.probe(k, from)
				}
			}
		}()
	}
	wg.Wait()
	return pr.j.ctx.Err()
}

// sample returns sample point k: its triangle, position and the triangle's unit
// outward normal. Points are stratified by area, each stratum holding one point
// placed by a hash of k, so they cover the surface evenly and never depend on
// anything but the mesh and the number of points.
func (pr *probes) sample(k int) (int32, geom.Vec3, geom.Vec3) {
	i, p, n, _ := pr.sampleFrom(k, 0)
	return i, p, n
}

// sampleFrom is sample for a k whose stratum lies in triangle from or after
// it, as it does for every k after one that returned from: samples taken in
// order search only forward from the last. It also returns that place.
func (pr *probes) sampleFrom(k, from int) (int32, geom.Vec3, geom.Vec3, int) {
	total := pr.prefix[len(pr.prefix)-1]
	u := (float64(k) + unit(uint64(k), 0)) / float64(pr.n) * total
	at := pr.stratum(u, from)
	lo := at
	for pr.prefix[lo+1] == pr.prefix[lo] && lo > 0 { // u at the very end: step back onto area
		lo--
	}
	t := pr.j.m.Triangles[lo]
	a, b, c := pr.j.pos[t[0]], pr.j.pos[t[1]], pr.j.pos[t[2]]
	r1 := math.Sqrt(unit(uint64(k), 1))
	r2 := unit(uint64(k), 2)
	p := a.Scale(1 - r1).Add(b.Scale(r1 * (1 - r2))).Add(c.Scale(r1 * r2))
	return int32(lo), p, b.Sub(a).Cross(c.Sub(a)).Unit(), at
}

// stratum returns the first triangle i from from on with prefix[i+1] > u, or the
// last triangle. It gallops forward from from, then bisects: the next sample's
// triangle is usually a few triangles on.
func (pr *probes) stratum(u float64, from int) int {
	last := len(pr.prefix) - 2
	lo, hi := from, from
	for step := 1; hi < last && !(pr.prefix[hi+1] > u); step *= 2 {
		lo, hi = hi+1, min(last, hi+step)
	}
	for lo < hi {
		m := (lo + hi) / 2
		if pr.prefix[m+1] > u {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

// probe casts the two rays of sample k: inward to the far face of the wall, and
// outward to the surface across the gap. from and the place it returns are
// sampleFrom's, for the next sample.
func (pr *probes) probe(k, from int) int {
	i, p, n, from := pr.sampleFrom(k, from)
	if pr.j.nearSharp(i, p, pr.spacing) {
		return from
	}
	// found reports whether a hit counts: on a surface facing back at the one
	// the ray left, away from that surface's sharp edges.
	found := func(h hit, o, d geom.Vec3) bool {
		return h.k >= 0 && pr.tree.normal(h.k).Dot(n) <= -facingCos &&
			!pr.j.nearSharp(pr.tree.tris[h.k].id, o.Add(d.Scale(h.t)), pr.spacing)
	}
	if lim := pr.j.p.MinWallMM - slackMM; lim > pr.eps {
		o, d := p.Sub(n.Scale(pr.eps)), n.Scale(-1)
		if h := pr.tree.first(o, d, lim-pr.eps, i); found(h, o, d) {
			pr.wall[k] = float32(h.t + pr.eps)
		}
	}
	if lim := pr.j.p.MinGapMM - slackMM; lim > pr.eps {
		o, d := p.Add(n.Scale(pr.eps)), n
		if h := pr.tree.first(o, d, lim-pr.eps, i); found(h, o, d) {
			pr.gap[k] = float32(h.t + pr.eps)
			pr.gapTri[k] = pr.tree.tris[h.k].id
		}
	}
	return from
}

// unit returns a number in [0, 1) from a hash of k and a stream number.
func unit(k, stream uint64) float64 {
	x := k*0x9E3779B97F4A7C15 + stream*0xD1B54A32D192ED03 + 0x2545F4914F6CDD1D
	x ^= x >> 30
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 27
	x *= 0x94D049BB133111EB
	x ^= x >> 31
	return float64(x>>11) / (1 << 53)
}

// region is a connected patch of sample points that measured under a limit, in
// one body or between one pair of bodies.
type region struct {
	group      int64   // the body, or the pair of bodies
	n, severeN int     // sample points, and those under the severe limit
	min        float64 // the smallest measurement (mm)
	at         geom.Vec3
	atTri      int32
}

// regions groups the flagged sample points (value > 0) into patches: points of one
// group within about two sample spacings of each other join. It returns the
// patches in order of their first point.
func (pr *probes) regions(value []float32, group func(k int, i int32) int64, severe float64) []*region {
	cell := max(2*pr.spacing, min(pr.j.p.MinWallMM, pr.j.p.MinGapMM))
	type key struct {
		g       int64
		x, y, z int32
	}
	ids := map[key]int32{}
	var cells []key
	var parent []int32
	var find func(int32) int32
	find = func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	type flagged struct {
		k    int
		cell int32
	}
	var pts []flagged
	for k, v := range value {
		if v <= 0 {
			continue
		}
		i, p, _ := pr.sample(k)
		c := key{group(k, i), int32(math.Floor(p.X / cell)), int32(math.Floor(p.Y / cell)), int32(math.Floor(p.Z / cell))}
		id, ok := ids[c]
		if !ok {
			id = int32(len(cells))
			ids[c] = id
			cells = append(cells, c)
			parent = append(parent, id)
		}
		pts = append(pts, flagged{k, id})
	}
	for id, c := range cells {
		for dx := int32(-1); dx <= 1; dx++ {
			for dy := int32(-1); dy <= 1; dy++ {
				for dz := int32(-1); dz <= 1; dz++ {
					o, ok := ids[key{c.g, c.x + dx, c.y + dy, c.z + dz}]
					if !ok {
						continue
					}
					a, b := find(int32(id)), find(o)
					if a != b {
						parent[max(a, b)] = min(a, b)
					}
				}
			}
		}
	}
	byRoot := map[int32]*region{}
	var out []*region
	for _, f := range pts {
		r := byRoot[find(f.cell)]
		v := float64(value[f.k])
		if r == nil {
			r = &region{group: cells[f.cell].g, min: math.Inf(1)}
			byRoot[find(f.cell)] = r
			out = append(out, r)
		}
		r.n++
		if v < severe {
			r.severeN++
		}
		if v < r.min {
			i, p, _ := pr.sample(f.k)
			r.min, r.at, r.atTri = v, p, i
		}
	}
	return out
}

// sampleArea is the surface each sample point stands for (mm²).
func (pr *probes) sampleArea() float64 { return pr.spacing * pr.spacing }

// significant reports whether n sample points make a patch worth reporting: at
// least two points and an area of at least limit².
func (pr *probes) significant(n int, limit float64) bool {
	return n >= 2 && float64(n)*pr.sampleArea() >= limit*limit
}

// reportWalls turns the thin samples into one thin_wall finding per body.
func (pr *probes) reportWalls() {
	j, lim := pr.j, pr.j.p.MinWallMM
	body := func(_ int, i int32) int64 { return int64(j.facts.TriangleBody[i]) }
	type acc struct {
		n       int
		severe  bool
		min     float64
		at      geom.Vec3
		present bool
	}
	per := make([]acc, len(j.facts.Bodies))
	for _, r := range pr.regions(pr.wall, body, severeFrac*lim) {
		if !pr.significant(r.n, lim) {
			continue
		}
		a := &per[r.group]
		if !a.present || r.min < a.min {
			// The middle of the wall: half way along the ray into it.
			a.min, a.at = r.min, r.at.Sub(j.triNormal(int(r.atTri)).Scale(r.min/2))
		}
		a.present = true
		a.n += r.n
		a.severe = a.severe || pr.significant(r.severeN, lim)
	}
	for b, a := range per {
		if !a.present {
			continue
		}
		area := float64(a.n) * pr.sampleArea()
		sev, what := Warning, "print weak and patchy"
		if a.severe {
			sev, what = Blocker, "print as a single line or not at all"
		}
		at := j.world(a.at)
		j.add(Finding{
			Code: CodeThinWall, Severity: sev, Place: j.name(b),
			Measured: a.min, Limit: lim, Unit: "mm", Body: b, At: &at,
			Advice: fmt.Sprintf("walls as thin as %s mm at %s cover %s mm² (%s of the body's surface); walls under %s mm %s: thicken them to %s mm or more",
				num(a.min), pt(at), num1(area), percent(area, j.facts.Bodies[b].Area), num(lim), what, num(lim)),
		})
	}
}

// reportGaps turns the narrow samples into one narrow_gap finding per pair of
// bodies (or per body, for a slot within one).
func (pr *probes) reportGaps() {
	j, lim := pr.j, pr.j.p.MinGapMM
	nb := int64(len(j.facts.Bodies))
	pair := func(k int, i int32) int64 {
		a, b := int64(j.facts.TriangleBody[i]), int64(j.facts.TriangleBody[pr.gapTri[k]])
		return min(a, b)*nb + max(a, b)
	}
	type acc struct {
		n   int
		min float64
		at  geom.Vec3
	}
	per := map[int64]*acc{}
	var order []int64
	for _, r := range pr.regions(pr.gap, pair, 0) {
		if !pr.significant(r.n, lim) {
			continue
		}
		a := per[r.group]
		if a == nil {
			a = &acc{min: math.Inf(1)}
			per[r.group] = a
			order = append(order, r.group)
		}
		a.n += r.n
		if r.min < a.min {
			// The middle of the gap: half way along the ray from the surface.
			a.min, a.at = r.min, r.at.Add(j.triNormal(int(r.atTri)).Scale(r.min/2))
		}
	}
	for _, g := range order {
		a := per[g]
		b0, b1 := int(g/nb), int(g%nb)
		area := float64(a.n) * pr.sampleArea()
		at := j.world(a.at)
		f := Finding{Code: CodeNarrowGap, Measured: a.min, Limit: lim, Unit: "mm", Body: b0, At: &at}
		if b0 == b1 {
			f.Severity, f.Place = Warning, "within "+j.name(b0)
			f.Advice = fmt.Sprintf("a slot as narrow as %s mm at %s over %s mm² (%s of the body's surface) will close up in printing: widen it to %s mm or more",
				num(a.min), pt(at), num1(area), percent(area, j.facts.Bodies[b0].Area), num(lim))
		} else {
			f.Severity, f.Place = Blocker, "between "+j.name(b0)+" and "+j.name(b1)
			f.Advice = fmt.Sprintf("the bodies come as close as %s mm at %s over %s mm² (%s of their surface); under %s mm they fuse in printing: widen the gap to %s mm or more",
				num(a.min), pt(at), num1(area), percent(area, j.facts.Bodies[b0].Area+j.facts.Bodies[b1].Area), num(lim), num(lim))
		}
		j.add(f)
	}
}

// percent formats part/whole as a percentage.
func percent(part, whole float64) string {
	if !(whole > 0) {
		return "0%"
	}
	p := 100 * part / whole
	switch {
	case p >= 10:
		return fmt.Sprintf("%.0f%%", min(p, 100))
	case p >= 0.1:
		return fmt.Sprintf("%.1f%%", p)
	}
	return "under 0.1%"
}
