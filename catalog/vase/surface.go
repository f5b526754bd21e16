package vase

import (
	"context"
	"fmt"
	"math"

	"yanchu/badinput"
	"yanchu/geom"
	"yanchu/mesh"
)

// The vase's surface in closed form (catalog.Model.Surface). Each wall is a
// structured grid in (θ', z), where θ' = θ − φ(z) follows the twist, so the grid
// lines run along the lobes: rings of vertices at fixed heights, at the same
// angles θ' on every ring and in every lobe. The spacing is worked out from the
// tolerance (see plan): around, from the curvature of the rings' outlines,
// closer where the lobes curve more; along the height, from the curvature of
// the grid lines across the surface, in steps that shrink where the profile and
// the ripples curve more. Each of the two chord errors is at most half the
// tolerance, and each quad is split along the diagonal nearer the surface. The
// rim joins the outer and inner top rings; the floor top closes the inner ring
// at z = base and the bottom the outer ring at z = 0, each with rings toward the
// axis and a fan at the middle. Rings are shared where two pieces meet, so the
// mesh is closed with no vertex repeated.

// Limits and proportions of the surface mesh.
const (
	// maxSurfaceTriangles caps a surface mesh: a tolerance that needs more is
	// refused.
	maxSurfaceTriangles = 4_000_000
	// maxSteps caps the steps around or along the height while planning, so an
	// absurd tolerance is refused before anything is allocated for it.
	maxSteps = 1 << 20
	// chordShare is the share of the tolerance each of the two chord errors,
	// around and along the height, may take.
	chordShare = 0.5
	// sampleMargin is the room (a factor on the curvature) left for what falls
	// between the samples the curvature is taken at.
	sampleMargin = 1.1
	// diskGap is the gap between two rings of a disk over the spacing of the
	// outer one; a disk closes with a fan from a ring of under fanBelow
	// vertices.
	diskGap  = 1.25
	fanBelow = 24
	// However flat the surface, there are at least leastRows steps along the
	// height, leastAround around a ring and leastLobe in a lobe.
	leastRows   = 32
	leastAround = 24
	leastLobe   = 8
)

// grid is the plan of a surface mesh.
type grid struct {
	// around holds the angles θ' of a ring's vertices, from 0, ascending, under
	// 2π: the same in every lobe.
	around []float64
	// rows holds the heights of the outer wall's rings, from 0 to the height;
	// rows[floor:] are the inner wall's, from the floor top up (solid mode).
	rows  []float64
	floor int
	// rate is the twist: the vertex at θ' of a ring at z lies at θ = θ' + rate·z.
	rate float64
}

// triangles returns how many triangles the mesh on g has: two for each quad of
// the bands between rings (the walls, and the rim unless filled), and the two
// disks.
func (g grid) triangles(filled bool) int {
	bands := len(g.rows) - 1
	if !filled {
		bands += len(g.rows) - 1 - g.floor + 1 // the inner wall and the rim
	}
	return 2*len(g.around)*bands + 2*diskTriangles(len(g.around))
}

// diskTriangles returns how many triangles disk makes closing a ring of n
// vertices: each ring inside zipped to the one outside it, a triangle to each
// vertex of both, then the fan.
func diskTriangles(n int) int {
	tris := 0
	for n >= fanBelow {
		m := (n + 1) / 2
		tris += n + m
		n = m
	}
	return tris + n
}

// triangles returns how many triangles surface makes within tol, worked out
// on the grid without making them; where the grid would take over maxSteps
// steps, which surface refuses, a number far over its limit.
func (w *walls) triangles(tol float64) int {
	g, ok := w.plan(tol)
	if !ok {
		return 2 * maxSteps * leastAround
	}
	return g.triangles(w.filled)
}

// twistRate returns dφ/dz (rad/mm), 0 for a round vase, which shows no twist.
func (s *shape) twistRate() float64 {
	if s.n == 0 || s.a == 0 {
		return 0
	}
	return s.twist / s.h
}

// walls are the vase's walls as the surface mesh follows them, the wall t
// thick above the floor or filled, their curvature sampled over the height and
// around a lobe: what the grid's spacing rests on, whatever the tolerance.
// Sampling a lobed vase takes 3 to 13 ms, spacing a grid from the samples 0.01
// to 0.1 ms (the tests' vases, on 2 cores).
type walls struct {
	s        *shape
	t, floor float64 // mm
	filled   bool
	// rate is the twist (see grid); the samples are at θ' = per·j/k, j =
	// 0..k, repeated in each of lobes lobes.
	rate     float64
	per      float64
	k, lobes int
	// kAround is the curvature around, the largest over the height and both
	// walls; segs the walls' pieces along the height.
	kAround []float64
	segs    []*segment
}

// segment is a piece of the walls along the height where they are smooth:
// below the floor top the outer wall, above it both (one piece, the outer
// wall, when filled). along and across hold II_zz and II_θz at the heights zs
// and the angles of the samples, the largest over the walls.
type segment struct {
	lo, hi        float64
	walls         []func(theta, z float64) float64
	zs            []float64
	along, across [][]float64
}

// surface returns the vase's mesh within tol (mm) of its surface. See the
// comment at the top of this file.
func (w *walls) surface(ctx context.Context, tol float64) (*mesh.Mesh, error) {
	if !(tol > 0) || math.IsInf(tol, 0) {
		return nil, fmt.Errorf("vase: the surface tolerance must be a positive number of millimetres, got %g", tol)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s, t, floor, filled := w.s, w.t, w.floor, w.filled
	g, ok := w.plan(tol)
	tris := 0.0
	if ok {
		tris = float64(g.triangles(filled))
	}
	if !ok || tris > maxSurfaceTriangles {
		return nil, badinput.New(badinput.OverLimit,
			"vase: a surface within %g mm of the vase needs more than the %d triangles allowed; ask for a tolerance of at least %.2g mm",
			tol, maxSurfaceTriangles, tol*math.Max(2, tris/maxSurfaceTriangles))
	}
	inner := func(theta, z float64) float64 {
		ri, _, _ := s.inner(theta, z, t)
		return ri
	}
	b := &builder{m: &mesh.Mesh{
		Vertices:  make([]geom.Vec3, 0, int(tris/2)+len(g.around)),
		Triangles: make([][3]uint32, 0, int(tris)),
	}}
	n := len(g.around)
	for _, z := range g.rows {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		b.ring(g.around, g.rate*z, z, s.outerRadius)
	}
	top := uint32((len(g.rows) - 1) * n)
	for i := range len(g.rows) - 1 {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		b.band(uint32(i*n), uint32((i+1)*n), n, false, middle(g.around, g.rate, g.rows[i], g.rows[i+1], s.outerRadius))
	}
	if filled {
		b.disk(top, g.around, g.rate*s.h, s.h, s.n, true)
	} else {
		in := uint32(len(b.m.Vertices))
		for _, z := range g.rows[g.floor:] {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			b.ring(g.around, g.rate*z, z, inner)
		}
		rows := g.rows[g.floor:]
		for i := range len(rows) - 1 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			b.band(in+uint32(i*n), in+uint32((i+1)*n), n, true, middle(g.around, g.rate, rows[i], rows[i+1], inner))
		}
		// The rim, flat, faces up: from the outer top ring in to the inner one.
		b.band(top, in+uint32((len(rows)-1)*n), n, false, nil)
		b.disk(in, g.around, g.rate*floor, floor, s.n, true)
	}
	b.disk(0, g.around, 0, 0, s.n, false)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return b.m, nil
}

// outerRadius is outer's radius alone.
func (s *shape) outerRadius(theta, z float64) float64 {
	r, _, _, _ := s.outer(theta, z)
	return r
}

// sampleWalls samples the curvature of the vase's walls, the wall t thick
// above the floor, or filled.
func (s *shape) sampleWalls(t, floor float64, filled bool) *walls {
	w := &walls{s: s, t: t, floor: floor, filled: filled, rate: s.twistRate(), per: 2 * math.Pi, k: 1, lobes: 1}
	if s.n > 0 && s.a > 0 {
		w.per, w.k, w.lobes = 2*math.Pi/float64(s.n), 32, s.n
	}
	per, k := w.per, w.k
	inner := func(theta, z float64) float64 {
		ri, _, _ := s.inner(theta, z, t)
		return ri
	}
	w.kAround = make([]float64, k+1)
	w.segs = []*segment{{lo: 0, hi: s.h, walls: []func(theta, z float64) float64{s.outerRadius}}}
	if !filled {
		w.segs = []*segment{{lo: 0, hi: floor, walls: w.segs[0].walls},
			{lo: floor, hi: s.h, walls: []func(theta, z float64) float64{s.outerRadius, inner}}}
	}
	for _, sg := range w.segs {
		// At least 16 samples a ripple and one a millimetre.
		nz := max(16, int(math.Ceil(float64(max(256, 16*s.m))*(sg.hi-sg.lo)/s.h)), int(math.Ceil(sg.hi-sg.lo)))
		sg.zs = make([]float64, nz+1)
		sg.along, sg.across = make([][]float64, nz+1), make([][]float64, nz+1)
		for i := range sg.zs {
			sg.zs[i] = sg.lo + (sg.hi-sg.lo)*float64(i)/float64(nz)
			sg.along[i], sg.across[i] = make([]float64, k+1), make([]float64, k+1)
			for _, f := range sg.walls {
				for j := range k {
					ka, kz, kx := curvature(f, per*float64(j)/float64(k), sg.zs[i], sg.lo, sg.hi, w.rate)
					w.kAround[j] = math.Max(w.kAround[j], ka)
					sg.along[i][j] = math.Max(sg.along[i][j], kz)
					sg.across[i][j] = math.Max(sg.across[i][j], kx)
				}
			}
			sg.along[i][k], sg.across[i][k] = sg.along[i][0], sg.across[i][0]
		}
		sg.zs[nz] = sg.hi
	}
	w.kAround[k] = w.kAround[0]
	return w
}

// plan works out the grid for tol from the samples. ok is false when it would
// take more than maxSteps steps in either direction.
//
// With the second fundamental form II of a wall in (θ', z), a grid edge's
// midpoint lies |II(d, d)|/8 off the surface for the edge's step d: around, the
// steps keep |II_θθ|·Δθ²/8 within half the tolerance, along the height
// |II_zz|·Δz²/8, and each quad is split along the diagonal nearer the surface
// (see band), whose error is at most the larger of their sum and
// 2·|II_θz|·Δθ·Δz/8, which the steps along the height keep within the
// tolerance too.
func (w *walls) plan(tol float64) (g grid, ok bool) {
	s, per, k, lobes, kAround, segs := w.s, w.per, w.k, w.lobes, w.kAround, w.segs
	g.rate = w.rate
	budget := 8 * chordShare * tol / sampleMargin
	// Around: one lobe's angles, repeated in every lobe.
	ths := make([]float64, k+1)
	q := make([]float64, k+1)
	least := max(leastLobe, (leastAround+lobes-1)/lobes)
	for j := range ths {
		ths[j] = per * float64(j) / float64(k)
		q[j] = math.Max(math.Sqrt(kAround[j]/budget), float64(least)/per)
	}
	ths[k] = per
	one := spread(ths, q, least)
	if one == nil || (len(one)-1)*lobes > maxSteps {
		return g, false
	}
	// step[j] is the longest step around next to θ' = ths[j].
	step := make([]float64, k+1)
	for j, at := 0, 0; j <= k; j++ {
		for at+2 < len(one) && one[at+1] <= ths[j] {
			at++
		}
		step[j] = one[at+1] - one[at]
		if at > 0 {
			step[j] = math.Max(step[j], one[at]-one[at-1])
		}
		if at+2 < len(one) {
			step[j] = math.Max(step[j], one[at+2]-one[at+1])
		}
	}
	for l := range lobes {
		for _, th := range one[:len(one)-1] {
			g.around = append(g.around, th+per*float64(l))
		}
	}
	// Along the height, in each segment.
	for _, sg := range segs {
		q := make([]float64, len(sg.zs))
		for i := range sg.zs {
			q[i] = leastRows / s.h
			for j := range k + 1 {
				q[i] = math.Max(q[i], math.Max(math.Sqrt(sg.along[i][j]/budget), sg.across[i][j]*step[j]/budget))
			}
		}
		rows := spread(sg.zs, q, 1)
		if rows == nil {
			return g, false
		}
		if len(g.rows) > 0 {
			g.floor = len(g.rows) - 1
			rows = rows[1:]
		}
		g.rows = append(g.rows, rows...)
	}
	return g, true
}

// curvature returns, at (θ', z) on the wall ρ = f(θ, z) with the vertices at
// θ = θ' + rate·z, the second fundamental form's terms in (θ', z) as eight
// times the chord error per squared step: around, |II_θθ|, the curvature of
// the ring's outline times its squared speed, |r² + 2·r_θ² − r·r_θθ| / √(r² + r_θ²)
// (mm/rad²); along the height, |II_zz|, the normal component of the second
// derivative of the line θ' = const (1/mm); across, |II_θz| (1/rad). The
// derivatives are central differences, the stencil moved inside [lo, hi],
// where f is smooth.
func curvature(f func(theta, z float64) float64, th, z, lo, hi, rate float64) (around, along, across float64) {
	const e, eta = 1e-3, 0.02 // rad, mm
	if hi-lo > 2*eta {
		z = clamp(z, lo+eta, hi-eta)
	}
	at := func(th, z float64) (geom.Vec3, float64) {
		a := th + rate*z
		r := f(a, z)
		sn, cs := math.Sincos(a)
		return geom.V(r*cs, r*sn, z), r
	}
	c, r := at(th, z)
	cp, rp := at(th+e, z)
	cm, rm := at(th-e, z)
	up, _ := at(th, z+eta)
	dn, _ := at(th, z-eta)
	pu, _ := at(th+e, z+eta)
	pd, _ := at(th+e, z-eta)
	mu, _ := at(th-e, z+eta)
	md, _ := at(th-e, z-eta)
	r1, r2 := (rp-rm)/(2*e), (rp-2*r+rm)/(e*e)
	around = math.Abs(r*r+2*r1*r1-r*r2) / math.Sqrt(r*r+r1*r1)
	n := cp.Sub(cm).Cross(up.Sub(dn)).Unit()
	along = math.Abs(n.Dot(up.Add(dn).Sub(c.Scale(2)))) / (eta * eta)
	across = math.Abs(n.Dot(pu.Sub(pd).Sub(mu).Add(md))) / (4 * e * eta)
	return around, along, across
}

// spread returns points from xs[0] to the last of xs, at least least steps
// apart, each step covering at most one unit of ∫q, where q, sampled at xs,
// is taken in each interval as the largest at its ends and its neighbours'
// (so a peak between samples is not missed). It returns nil past maxSteps.
func spread(xs, q []float64, least int) []float64 {
	n := len(xs) - 1
	cum := make([]float64, n+1)
	for i := range n {
		d := max(q[i], q[i+1], q[max(i-1, 0)], q[min(i+2, n)])
		cum[i+1] = cum[i] + d*(xs[i+1]-xs[i])
	}
	if !(cum[n] <= maxSteps) {
		return nil
	}
	k := max(least, int(math.Ceil(cum[n]*(1-1e-12))))
	out := make([]float64, k+1)
	out[0], out[k] = xs[0], xs[n]
	i := 0
	for j := 1; j < k; j++ {
		target := cum[n] * float64(j) / float64(k)
		for cum[i+1] < target {
			i++
		}
		out[j] = xs[i] + (target-cum[i])/(cum[i+1]-cum[i])*(xs[i+1]-xs[i])
	}
	return out
}

// builder collects a mesh.
type builder struct {
	m *mesh.Mesh
}

// ring adds a ring of vertices at height z on the wall ρ = f(θ, z), at the
// angles θ' + phi.
func (b *builder) ring(around []float64, phi, z float64, f func(theta, z float64) float64) {
	for _, th := range around {
		a := th + phi
		r := f(a, z)
		sn, cs := math.Sincos(a)
		b.m.Vertices = append(b.m.Vertices, geom.V(r*cs, r*sn, z))
	}
}

// tri adds the triangle p, q, r, or p, r, q when flip.
func (b *builder) tri(p, q, r uint32, flip bool) {
	if flip {
		q, r = r, q
	}
	b.m.Triangles = append(b.m.Triangles, [3]uint32{p, q, r})
}

// band joins the rings of n vertices from a and from c, quad by quad: a_j,
// a_j+1, c_j+1, c_j runs counter-clockwise seen from the side the band faces
// (flip turns it round). centre(j), when set, returns the surface's point at
// quad j's middle in (θ', z); each quad is then split along the diagonal whose
// midpoint lies nearer the surface there, along the normal, and else (or when
// they tie, as on a round vase) along the shorter diagonal.
func (b *builder) band(a, c uint32, n int, flip bool, centre func(j int) geom.Vec3) {
	vs := b.m.Vertices
	for j := range n {
		a0, a1 := a+uint32(j), a+uint32((j+1)%n)
		c0, c1 := c+uint32(j), c+uint32((j+1)%n)
		d := vs[c1].Sub(vs[a0])
		e := vs[c0].Sub(vs[a1])
		other := e.Dot(e) < d.Dot(d)*(1-1e-9)
		if centre != nil {
			p := centre(j)
			nrm := d.Cross(e).Unit()
			ed := math.Abs(vs[a0].Add(vs[c1]).Scale(0.5).Sub(p).Dot(nrm))
			ee := math.Abs(vs[a1].Add(vs[c0]).Scale(0.5).Sub(p).Dot(nrm))
			if math.Abs(ed-ee) > 1e-9*(ed+ee) {
				other = ee < ed
			}
		}
		if other {
			b.tri(a0, a1, c0, flip)
			b.tri(a1, c1, c0, flip)
		} else {
			b.tri(a0, a1, c1, flip)
			b.tri(a0, c1, c0, flip)
		}
	}
}

// middle returns the function that gives the point of the wall ρ = f(θ, z) at
// the middle in (θ', z) of quad j between the rings at z0 and z1.
func middle(around []float64, rate, z0, z1 float64, f func(theta, z float64) float64) func(j int) geom.Vec3 {
	z := (z0 + z1) / 2
	return func(j int) geom.Vec3 {
		next := 2 * math.Pi
		if j+1 < len(around) {
			next = around[j+1]
		}
		a := (around[j]+next)/2 + rate*z
		r := f(a, z)
		sn, cs := math.Sincos(a)
		return geom.V(r*cs, r*sn, z)
	}
}

// disk closes the ring of len(around) vertices from first, flat at height z,
// its vertices at the angles θ' + phi: rings toward the axis, each with about
// half the vertices of the one outside it and a gap of diskGap times its
// spacing, then a fan at the middle. Each ring is the outline shrunk toward the
// axis and, as it has fewer vertices than the lobes need, rounded toward the
// circle through the outline's nearest point, so every ring lies inside the one
// outside it. up says the disk faces up.
func (b *builder) disk(first uint32, around []float64, phi, z float64, lobes int, up bool) {
	n := len(around)
	radius := make([]float64, n)
	least := math.Inf(1)
	for j := range n {
		v := b.m.Vertices[first+uint32(j)]
		radius[j] = math.Hypot(v.X, v.Y)
		least = math.Min(least, radius[j])
	}
	// outline returns the outline's radius at θ', linear in θ' between the
	// ring's vertices, for θ' ascending from 0 after a reset of j.
	j := 0
	outline := func(th float64) float64 {
		for j+1 < n && around[j+1] <= th {
			j++
		}
		next, end := radius[(j+1)%n], 2*math.Pi
		if j+1 < n {
			end = around[j+1]
		}
		return radius[j] + (next-radius[j])*(th-around[j])/(end-around[j])
	}
	outer, outerAround := first, around
	u := 1.0
	for len(outerAround) >= fanBelow {
		m := (len(outerAround) + 1) / 2
		u *= 1 - diskGap*2*math.Pi/float64(len(outerAround))
		fade := 1.0
		if lobes > 0 {
			fade = clamp((float64(m)/float64(lobes)-leastLobe)/leastLobe, 0, 1)
		}
		next := uint32(len(b.m.Vertices))
		ths := make([]float64, m)
		j = 0
		for i := range m {
			ths[i] = 2 * math.Pi * float64(i) / float64(m)
			r := u * (least + fade*(outline(ths[i])-least))
			sn, cs := math.Sincos(ths[i] + phi)
			b.m.Vertices = append(b.m.Vertices, geom.V(r*cs, r*sn, z))
		}
		b.zip(outer, outerAround, next, ths, !up)
		outer, outerAround = next, ths
	}
	centre := uint32(len(b.m.Vertices))
	b.m.Vertices = append(b.m.Vertices, geom.V(0, 0, z))
	k := len(outerAround)
	for i := range k {
		b.tri(outer+uint32(i), outer+uint32((i+1)%k), centre, !up)
	}
}

// zip joins the ring from a, at the angles as, to the ring inside it from c, at
// the angles cs, both from 0 and under 2π, in order of angle: each triangle has
// one side on a ring and its third corner on the other. The triangles face up
// unless flip.
func (b *builder) zip(a uint32, as []float64, c uint32, cs []float64, flip bool) {
	na, nc := len(as), len(cs)
	next := func(th []float64, i int) float64 {
		if i+1 < len(th) {
			return th[i+1]
		}
		return 2 * math.Pi
	}
	i, j := 0, 0
	for i < na || j < nc {
		if j == nc || (i < na && next(as, i) <= next(cs, j)) {
			b.tri(a+uint32(i), a+uint32((i+1)%na), c+uint32(j%nc), flip)
			i++
		} else {
			b.tri(c+uint32(j), a+uint32(i%na), c+uint32((j+1)%nc), flip)
			j++
		}
	}
}
