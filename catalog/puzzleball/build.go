package puzzleball

import (
	"context"

	"fmt"
	"math"
	"sync"
	"yanchu/catalog"
	"yanchu/catalog/nested"

	"yanchu/badinput"
	"yanchu/geom"
	"yanchu/mesh"
	"yanchu/sdf"
	"yanchu/spec"
)

func (puzzleBall) Build(ctx context.Context, s *spec.Spec, _ catalog.Inputs) (*catalog.Model, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b := planOf(s)
	if b.angle <= 0 {
		return nil, fmt.Errorf("catalog: puzzle ball spec is not resolved: no hole size")
	}
	// Without print aids the ball keeps its poles solid and Model.PrintRotation
	// turns it onto a hole column; with them it is built as it prints (see
	// puzzleball_print.go).
	rot := orientation(b.holes)
	var aid *aidPlan
	if b.ties || b.flat {
		var err error
		if aid, err = b.aids(); err != nil {
			return nil, err
		}
		rot = aid.rot
	}
	var lines []geom.Vec3
	for _, d := range sdf.Lines(b.holes) {
		lines = append(lines, rot.MulVec(d))
	}
	holes := make([]sdf.Solid, len(lines))
	for i, d := range lines {
		holes[i] = sdf.DoubleCone(d, b.angle)
	}
	cuts := holes
	if b.coin {
		cp, _ := b.coinPlan()
		cuts = append(append([]sdf.Solid(nil), holes...), cp.cuts(rot)...)
	}
	m := &catalog.Model{Cell: math.Min(b.t, b.g) / 2}
	sp := &nested.Spheres{}
	// The outer shell carries the clouds, or the plain holes; the coin lattice is for
	// the inner shells only.
	for k := 1; k < b.n; k++ {
		ro, _ := b.radius(k)
		shell := sdf.Shell(sdf.Sphere(ro), b.t)
		if k == 1 && aid != nil && aid.flatR > 0 {
			shell = sdf.Intersection(shell, sdf.HalfSpace(geom.V(0, 0, -1), b.r-aid.depth))
		}
		switch {
		case k == 1 && b.cloud:
			cp, _ := b.cloudPlan()
			m.Bodies = append(m.Bodies, sdf.Difference(shell, cp.cuts(rot)...))
		case k == 1:
			m.Bodies = append(m.Bodies, sdf.Difference(shell, holes...))
		default:
			m.Bodies = append(m.Bodies, sdf.Difference(shell, cuts...))
		}
	}
	m.Bodies = append(m.Bodies, sdf.Sphere(b.r0))
	if aid == nil && !b.cloud && !b.coin {
		// The hole lines are symmetric in the coordinate planes before the turn.
		m.Symmetric, m.Frame = b.plain(geom.Identity()), rot
	}
	if aid == nil {
		// Spheres less cones from the centre: meshed from their closed form.
		works, err := b.openworks(rot, lines)
		if err != nil {
			return nil, err
		}
		m.Surface = func(ctx context.Context, tol float64) (*mesh.Mesh, error) {
			return b.surface(ctx, tol, works)
		}
		m.SurfaceTriangles = func(tol float64) int { return int(b.surfaceTriangles(tol)) }
	}
	for k := 1; k < b.n; k++ {
		name := fmt.Sprintf("layer %d", k)
		if k == 1 {
			name += " (outer)"
		}
		m.Parts = append(m.Parts, catalog.Part{Name: name, Role: catalog.Moving})
		_, outer := b.radius(k)
		inner, _ := b.radius(k + 1)
		sp.Gaps = append(sp.Gaps, nested.Gap{Name: gapName(k, b.n), Inner: inner, Outer: outer})
	}
	m.Parts = append(m.Parts, catalog.Part{Name: "core", Role: catalog.Moving})

	down := geom.V(0, 0, -1)
	if aid == nil {
		var share float64
		down, share = b.printColumn(rot, m.Bodies)
		m.Print.Rotation = downTo(down)
		m.Print.Note = columnNote(b, share)
	} else {
		m.Print.Rotation = geom.Identity()
		m.Print.Note = aid.printNote(b)
	}
	for k := 2; k <= b.n; k++ {
		ro, _ := b.radius(k)
		sp.Poles = append(sp.Poles, down.Scale(ro))
	}
	if aid != nil && b.ties {
		solids, ties := aid.tieSolids(b)
		m.Solid = sdf.Union(append(append([]sdf.Solid(nil), m.Bodies...), solids...)...)
		sp.Ties = ties
		m.Bodies, m.Parts = nil, []catalog.Part{{Name: "ball with ties", Role: catalog.Fixed}}
		m.Cell = math.Min(m.Cell, aid.tieD/2)
	} else {
		m.Solid = sdf.Union(m.Bodies...)
	}
	if aid != nil {
		m.Notes = append(m.Notes, aid.notes(b, sp.Ties)...)
	}
	m.Extensions = append(m.Extensions, sp)
	return m, nil
}

// plain returns the ball with plain conical holes along the hole lines turned by
// rot.
func (b *ballPlan) plain(rot geom.Mat3) sdf.Solid {
	var holes []sdf.Solid
	for _, d := range sdf.Lines(b.holes) {
		holes = append(holes, sdf.DoubleCone(rot.MulVec(d), b.angle))
	}
	var bodies []sdf.Solid
	for k := 1; k < b.n; k++ {
		ro, _ := b.radius(k)
		bodies = append(bodies, sdf.Difference(sdf.Shell(sdf.Sphere(ro), b.t), holes...))
	}
	return sdf.Union(append(bodies, sdf.Sphere(b.r0))...)
}

// cloudPlan is the outer shell's cloud-scroll openwork: around each hole direction
// an opening made of a central cone and four lobes, a quatrefoil cloud whose
// outline curves in between the lobes, so no opening is convex.
type cloudPlan struct {
	dirs           []geom.Vec3
	centre, lobe   float64 // half-angles (radians)
	offset, extent float64 // lobe axis offset and the cloud's angular radius
}

func (b *ballPlan) cloudPlan() (*cloudPlan, error) {
	_, rho := b.radius(1) // the outer shell's inside binds the ligament
	room := minAngle(b.holes)/2 - b.proc.ligament/(2*rho)
	e := 0.92 * room
	cp := &cloudPlan{dirs: sdf.Directions(b.holes), extent: e, lobe: 0.42 * e, offset: 0.58 * e, centre: 0.6 * e}
	// Captive: even the cloud's whole extent is narrower than the next shell.
	next := rho - b.g
	if 2*rho*math.Sin(e) > 2*next-captiveMargin || e <= 0 {
		return nil, &badinput.Error{Code: badinput.Infeasible, Message: fmt.Sprintf(
			"puzzle ball: cloud openwork needs room: the clouds would be %.1f mm across on a %.1f mm outer shell; use fewer holes or a larger ball",
			2*rho*math.Sin(e), 2*b.r)}
	}
	return cp, nil
}

// cones returns the cones that carve the clouds, turned by rot: about each
// direction its central cone, then its four lobes.
func (cp *cloudPlan) cones(rot geom.Mat3) []cutCone {
	var out []cutCone
	for _, d := range cp.dirs {
		u := rot.MulVec(d)
		v, w := perpendiculars(u)
		out = append(out, cutCone{u, cp.centre})
		for j := 0; j < 4; j++ {
			phi := math.Pi/4 + float64(j)*math.Pi/2
			dir := v.Scale(math.Cos(phi)).Add(w.Scale(math.Sin(phi)))
			out = append(out, cutCone{u.Scale(math.Cos(cp.offset)).Add(dir.Scale(math.Sin(cp.offset))), cp.lobe})
		}
	}
	return out
}

// cuts returns the solids that carve the clouds, turned by rot: a union of
// five cones a direction.
func (cp *cloudPlan) cuts(rot geom.Mat3) []sdf.Solid {
	cones := cp.cones(rot)
	var out []sdf.Solid
	for i := 0; i < len(cones); i += 5 {
		var parts []sdf.Solid
		for _, c := range cones[i : i+5] {
			parts = append(parts, sdf.InfiniteCone(c.u, c.r))
		}
		out = append(out, sdf.Union(parts...))
	}
	return out
}

// coinPlan is the inner shells' coin lattice: a square opening, like the hole in a
// cash coin, in each direction farthest from the holes.
type coinPlan struct {
	dirs  []geom.Vec3
	half  float64 // the square's angular half-width (radians)
	delta float64 // the angle from a coin direction to the nearest hole direction
}

func (b *ballPlan) coinPlan() (*coinPlan, error) {
	dirs := coinDirections(b.holes)
	// The angle from a coin direction to the nearest hole direction.
	delta := math.Pi
	for _, d := range dirs {
		for _, h := range sdf.Directions(b.holes) {
			delta = math.Min(delta, math.Acos(math.Max(-1, math.Min(1, d.Dot(h)))))
		}
	}
	rho := b.r0 + b.g // the innermost holed surface binds
	// A square's corner reaches √2 times its half-width.
	half := 0.85 * (delta - b.angle - b.proc.ligament/rho) / math.Sqrt2
	across := 2 * rho * math.Tan(half)
	if half <= 0 || across < 1 {
		return nil, &badinput.Error{Code: badinput.Infeasible, Message: fmt.Sprintf(
			"puzzle ball: the coin lattice has no room between the %d holes of the innermost shell; use smaller holes, fewer layers or a larger ball", b.holes)}
	}
	if math.Sqrt2*across > 2*(rho-b.g)-captiveMargin {
		return nil, &badinput.Error{Code: badinput.Infeasible, Message: "puzzle ball: the coin openings would let the core out; use a larger core"}
	}
	return &coinPlan{dirs: dirs, half: half, delta: delta}, nil
}

// pyramids returns, for each coin direction turned by rot, the normals of the
// planes through the centre that bound its square pyramid, which is where p·n
// <= 0 for every one: four leaning in from the sides, then the one that keeps
// the pyramid on its direction's side.
func (cp *coinPlan) pyramids(rot geom.Mat3) [][]geom.Vec3 {
	var out [][]geom.Vec3
	tn := math.Tan(cp.half)
	for _, d := range cp.dirs {
		u := rot.MulVec(d)
		v, w := perpendiculars(u)
		var planes []geom.Vec3
		for _, side := range []geom.Vec3{v, v.Scale(-1), w, w.Scale(-1)} {
			planes = append(planes, side.Sub(u.Scale(tn)))
		}
		out = append(out, append(planes, u.Scale(-1)))
	}
	return out
}

// cuts returns the solids that carve the coins, turned by rot.
func (cp *coinPlan) cuts(rot geom.Mat3) []sdf.Solid {
	var out []sdf.Solid
	for _, planes := range cp.pyramids(rot) {
		var halves []sdf.Solid
		for _, n := range planes {
			halves = append(halves, sdf.HalfSpace(n, 0))
		}
		out = append(out, sdf.Intersection(halves...))
	}
	return out
}

// coinDirections returns the directions farthest from a hole set: the centres of
// the gaps between holes (the dual of the set).
func coinDirections(holes int) []geom.Vec3 {
	switch holes {
	case 6:
		return sdf.Directions(8)
	case 8:
		return sdf.Directions(6)
	case 12:
		return sdf.Directions(20)
	case 20:
		return sdf.Directions(12)
	}
	var out []geom.Vec3 // the cube's edge midpoints
	for a := 0; a < 3; a++ {
		for _, s1 := range []float64{1, -1} {
			for _, s2 := range []float64{1, -1} {
				var c [3]float64
				c[(a+1)%3], c[(a+2)%3] = s1, s2
				out = append(out, geom.V(c[0], c[1], c[2]).Unit())
			}
		}
	}
	return out
}

func perpendiculars(u geom.Vec3) (v, w geom.Vec3) {
	ref := geom.V(0, 0, 1)
	if math.Abs(u.Z) > 0.9 {
		ref = geom.V(1, 0, 0)
	}
	v = u.Cross(ref).Unit()
	return v, u.Cross(v)
}

var orientations sync.Map // hole count -> geom.Mat3

// orientation returns the rotation of the hole pattern that keeps the holes
// farthest from the six axis poles, so the ball's outer shell reaches its full
// diameter along X, Y and Z and its box is the ball's size.
func orientation(holes int) geom.Mat3 {
	if m, ok := orientations.Load(holes); ok {
		return m.(geom.Mat3)
	}
	dirs := sdf.Directions(holes)
	score := func(m geom.Mat3) float64 {
		// The largest |component| of any rotated direction: small is far from poles.
		worst := 0.0
		for _, d := range dirs {
			r := m.MulVec(d).Abs()
			worst = math.Max(worst, r.MaxComp())
		}
		return worst
	}
	euler := func(a, b, c float64) geom.Mat3 {
		return geom.RotationAxis(geom.V(0, 0, 1), a).Mul(geom.RotationAxis(geom.V(0, 1, 0), b)).Mul(geom.RotationAxis(geom.V(1, 0, 0), c))
	}
	deg := math.Pi / 180
	best, ba, bb, bc := math.Inf(1), 0.0, 0.0, 0.0
	for a := 0.0; a < 180; a += 6 {
		for b := 0.0; b < 180; b += 6 {
			for c := 0.0; c < 180; c += 6 {
				if s := score(euler(a*deg, b*deg, c*deg)); s < best-1e-12 {
					best, ba, bb, bc = s, a, b, c
				}
			}
		}
	}
	ca, cb, cc := ba, bb, bc
	for a := ca - 6; a <= ca+6; a += 0.5 {
		for b := cb - 6; b <= cb+6; b += 0.5 {
			for c := cc - 6; c <= cc+6; c += 0.5 {
				if s := score(euler(a*deg, b*deg, c*deg)); s < best-1e-12 {
					best, ba, bb, bc = s, a, b, c
				}
			}
		}
	}
	m := euler(ba*deg, bb*deg, bc*deg)
	orientations.Store(holes, m)
	return m
}
