package puzzleball

import (
	"fmt"
	"math"
	"strings"
	"yanchu/catalog/nested"

	"yanchu/geom"
	"yanchu/sdf"
	"yanchu/spec"
)

// The puzzle ball's print aids and print orientation.
//
// Without aids the ball is built as it always was, its six axis poles solid so its
// box is the ball's size, and Model.PrintRotation turns it so that one hole axis
// points straight down: every shell's bottom pole then lies in a column of aligned
// openings (all shells share the hole directions), and tree supports from the bed
// reach each inner shell through it, as makers print these balls. Of the hole
// directions, the one that leaves the least solid surface facing down steeper than
// 45° is chosen.
//
// With ties or a flat base the ball is built in its print orientation, turned the
// other way: straight down (-Z) is the direction farthest from every opening, so
// every shell's bottom pole is solid. A flat base needs solid material to stand on,
// and ties stand where supports would, under each inner shell's bottom pole; a
// column of openings there would leave them nothing to stand on. With both, nothing
// inside the ball needs support: each inner shell starts on its ties and grows out
// over its gap as print-in-place parts do, and only the outer shell's lower cap,
// outside the ball, may want supports from the bed.
//
// Ties are round pillars along Z across each gap: three in a ring around the
// vertical through the bottom pole, a tie width apart (centres two widths apart),
// or one on the axis where three do not fit between the openings. They stand close to the
// pole because a twist of the shell snaps them there: the torque a tie resists
// grows with its distance from the axis. Each reaches a quarter of the wall into
// both walls, so the union is one solid, and stays within 0.4 of the wall so it
// never shows through.
//
// The flat base is a quarter of the ball's diameter across, enough to hold the
// ball on the bed and keep it from rolling while the cut stays shallow (1.6% of the
// diameter deep, 1.27 mm on an 80 mm ball); it is smaller where the wall or the
// openings leave less room, and at least 5 mm across (or the quarter, on a ball
// under 20 mm) or refused. It
// cuts at most half the outer wall, so the flat is a solid disc over at least half
// a wall (at least two lines on FDM) and no shell gains an opening: the captive
// rule is unchanged.

const (
	tiesPerRing = 3
	flatShare   = 0.25 // the flat base's share of the diameter
	flatLeast   = 5.0  // mm: a flat narrower than this holds nothing on the bed
	tieOverlap  = 0.25 // of the wall: how far a tie reaches into each wall
	tieDeepest  = 0.4  // of the wall: how far a tie may reach into a wall at most
	flatDeepest = 0.5  // of the wall: how deep the flat base may cut at most
	overhang    = 45   // degrees from vertical: steeper surfaces facing down want support
)

// cutCone is a cone with its apex at the centre that holds an opening: u is its
// axis and r its half-angle (radians).
type cutCone struct {
	u geom.Vec3
	r float64
}

// openings returns cones holding every opening of the outer shell and of the
// inner shells, in the hole pattern's own frame.
func (b *ballPlan) openings() (outer, inner []cutCone) {
	for _, d := range sdf.Directions(b.holes) {
		inner = append(inner, cutCone{d, b.angle})
	}
	outer = append(outer, inner...)
	if b.cloud {
		// The clouds replace the outer shell's holes. Their central cone and lobes
		// reach the cloud's extent and no further.
		outer = outer[:0]
		cp, _ := b.cloudPlan()
		for _, d := range cp.dirs {
			outer = append(outer, cutCone{d, cp.extent})
		}
	}
	if b.coin {
		// A square's corner is atan(√2·tan half) from its axis.
		cp, _ := b.coinPlan()
		r := math.Atan(math.Sqrt2 * math.Tan(cp.half))
		for _, d := range cp.dirs {
			inner = append(inner, cutCone{d, r})
		}
	}
	return outer, inner
}

// clearance returns the angle (radians) from the unit direction s to the nearest
// cone, negative inside one.
func clearance(s geom.Vec3, cones []cutCone) float64 {
	c := math.Inf(1)
	for _, k := range cones {
		c = math.Min(c, math.Atan2(s.Cross(k.u).Len(), s.Dot(k.u))-k.r)
	}
	return c
}

// fibonacci returns n directions spread evenly over the sphere.
func fibonacci(n int) []geom.Vec3 {
	out := make([]geom.Vec3, n)
	golden := math.Pi * (3 - math.Sqrt(5))
	for i := range out {
		z := 1 - (2*float64(i)+1)/float64(n)
		r := math.Sqrt(1 - z*z)
		phi := float64(i) * golden
		out[i] = geom.V(r*math.Cos(phi), r*math.Sin(phi), z)
	}
	return out
}

// solidBottom returns the direction, in the hole pattern's frame, farthest from
// every opening of every shell, and its clearances to the outer shell's and the
// inner shells' openings (radians; +Inf for inner shells when there are none).
// It samples 4000 directions and then climbs from the best with halving steps.
func (b *ballPlan) solidBottom(outer, inner []cutCone) (s geom.Vec3, clearOuter, clearInner float64) {
	score := func(s geom.Vec3) float64 {
		v := clearance(s, outer)
		if b.n > 2 {
			v = math.Min(v, clearance(s, inner))
		}
		return v
	}
	best := math.Inf(-1)
	for _, p := range fibonacci(4000) {
		if v := score(p); v > best {
			best, s = v, p
		}
	}
	for step := 2 * math.Pi / 180; step > 1e-5; step /= 2 {
		for tries := 0; tries < 100; tries++ {
			v, w := perpendiculars(s)
			moved := false
			for j := 0; j < 16 && !moved; j++ {
				phi := float64(j) * math.Pi / 8
				q := s.Add(v.Scale(step * math.Cos(phi))).Add(w.Scale(step * math.Sin(phi))).Unit()
				if x := score(q); x > best+1e-12 {
					best, s, moved = x, q, true
				}
			}
			if !moved {
				break
			}
		}
	}
	clearInner = math.Inf(1)
	if b.n > 2 {
		clearInner = clearance(s, inner)
	}
	return s, clearance(s, outer), clearInner
}

// downTo returns the rotation taking the unit direction v to straight down (-Z).
func downTo(v geom.Vec3) geom.Mat3 { return geom.RotationTo(v.Scale(-1)).Transpose() }

// aidPlan is a ball's print orientation with ties or a flat base, and the aids.
type aidPlan struct {
	rot                    geom.Mat3 // turns the hole pattern so its solid bottom points down
	clearOuter, clearInner float64   // radians from the bottom pole to the nearest opening
	flatR, depth           float64   // the flat base's radius and depth (mm); 0 without one
	tieD, overlap, rho     float64   // tie diameter, reach into each wall and ring radius (mm)
	rings                  []int     // ties in each gap: tiesPerRing, or 1 on the axis
}

// aids plans the print orientation, the flat base and the ties, and proves they
// fit: the flat and every tie on solid material, clear of every opening.
func (b *ballPlan) aids() (*aidPlan, error) {
	outer, inner := b.openings()
	s, co, ci := b.solidBottom(outer, inner)
	a := &aidPlan{rot: downTo(s), clearOuter: co, clearInner: ci}
	if b.flat {
		target := b.r * flatShare
		deepest := flatDeepest * b.t
		byWall := math.Sqrt(2*b.r*deepest - deepest*deepest)
		// The flat's rim keeps a ligament from the nearest opening.
		byOpenings := 0.0
		if ang := co - b.proc.ligament/b.r; ang > 0 {
			byOpenings = b.r * math.Sin(ang)
		}
		a.flatR = math.Min(target, math.Min(byWall, byOpenings))
		if least := math.Min(flatLeast, 2*target); 2*a.flatR < least-1e-9 {
			instead := "smaller holes or a larger ball"
			if b.cloud {
				instead = "no cloud openwork, smaller holes or a larger ball"
			}
			return nil, infeasible(b.zh, fmt.Sprintf("a flat base needs a solid bottom at least %s mm across, and the openings nearest the bottom of the outer shell (%.1f° from it) leave %s mm",
				spec.FormatNumber(least), co*180/math.Pi, spec.FormatNumber(math.Floor(20*a.flatR)/10)), instead)
		}
		a.depth = b.r - math.Sqrt(b.r*b.r-a.flatR*a.flatR)
	}
	if b.ties {
		a.tieD = b.proc.tie
		a.overlap = tieOverlap * b.t
		a.rho = 2 * a.tieD / math.Sqrt(3) // centres two widths apart: a tie width between ties
		for k := 1; k < b.n; k++ {
			switch {
			case a.tieFits(b, k, a.rho):
				a.rings = append(a.rings, tiesPerRing)
			case a.tieFits(b, k, 0):
				a.rings = append(a.rings, 1)
			default:
				_, ra := b.radius(k)
				return nil, infeasible(b.zh, fmt.Sprintf("ties need solid material around the bottom pole of every gap, and in %s, %.1f mm across, the nearest opening is %.1f° from the pole: too close for even one %s mm tie",
					gapName(k, b.n), 2*ra, math.Min(a.clear(b, k), a.clear(b, k+1))*180/math.Pi, spec.FormatNumber(a.tieD)),
					"smaller holes, no openwork or a larger core")
			}
		}
	}
	return a, nil
}

// clear returns the angle (radians) from the bottom pole to body k's nearest
// opening: +Inf for the core.
func (a *aidPlan) clear(b *ballPlan, k int) float64 {
	switch {
	case k == 1:
		return a.clearOuter
	case k < b.n:
		return a.clearInner
	}
	return math.Inf(1)
}

// tieEnds returns how far below the centre (mm) the ties of gap k, rho from the
// vertical axis, end: bottom in the wall outside the gap, top in the body inside.
func (a *aidPlan) tieEnds(b *ballPlan, k int, rho float64) (bottom, top float64) {
	_, ra := b.radius(k)
	rb, _ := b.radius(k + 1)
	far, near := rho+a.tieD/2, math.Max(0, rho-a.tieD/2)
	return math.Sqrt(ra*ra-near*near) + a.overlap, math.Sqrt(rb*rb-far*far) - a.overlap
}

// tieFits reports whether ties rho from the vertical axis fit gap k: every point
// of a tie inside a wall is at least half a tie width (along the wall) from every
// opening, and no tie reaches further than tieDeepest into a wall.
func (a *aidPlan) tieFits(b *ballPlan, k int, rho float64) bool {
	_, ra := b.radius(k)
	rb, _ := b.radius(k + 1)
	far, near := rho+a.tieD/2, math.Max(0, rho-a.tieD/2)
	rim := a.tieD / 2
	if far >= rb/2 {
		return false
	}
	bottom, top := a.tieEnds(b, k, rho)
	// In the outer wall a tie's points lie at radius ra or more, so within
	// asin(far/ra) of the pole; in the inner body they lie at depth top or more.
	outerOK := math.Asin(far/ra)+rim/ra <= a.clear(b, k) && math.Hypot(far, bottom) <= ra+tieDeepest*b.t
	innerOK := math.Atan2(far, top)+rim/(rb-a.overlap) <= a.clear(b, k+1)
	if k+1 < b.n {
		innerOK = innerOK && math.Hypot(near, top) >= rb-tieDeepest*b.t
	}
	return outerOK && innerOK
}

// tieSolids returns the ties as solids and as facts, in the print frame.
func (a *aidPlan) tieSolids(b *ballPlan) ([]sdf.Solid, []nested.Tie) {
	var solids []sdf.Solid
	var ties []nested.Tie
	area := math.Pi * a.tieD * a.tieD / 4
	for k := 1; k < b.n; k++ {
		n, rho := a.rings[k-1], a.rho
		if n == 1 {
			rho = 0
		}
		_, ra := b.radius(k)
		rb, _ := b.radius(k + 1)
		bottom, top := a.tieEnds(b, k, rho)
		// The gap along the tie's axis: from the outer wall's inside, lo below the
		// centre, up to the inner body's outside, hi below it.
		lo, hi := math.Sqrt(ra*ra-rho*rho), math.Sqrt(rb*rb-rho*rho)
		for j := 0; j < n; j++ {
			phi := math.Pi/2 + 2*math.Pi*float64(j)/float64(n)
			x, y := rho*math.Cos(phi), rho*math.Sin(phi)
			solids = append(solids, sdf.Translate(sdf.Cylinder(a.tieD/2, bottom-top), geom.V(x, y, -(bottom+top)/2)))
			ties = append(ties, nested.Tie{Middle: geom.V(x, y, -(lo+hi)/2), Axis: geom.V(0, 0, 1),
				Diameter: a.tieD, Area: area, Span: lo - hi, Gap: k - 1})
		}
	}
	return solids, ties
}

// notes returns what the person should know of the aids.
func (a *aidPlan) notes(b *ballPlan, ties []nested.Tie) []string {
	var out []string
	if a.flatR > 0 {
		out = append(out, fmt.Sprintf("flat base %.1f mm across and %.2f mm deep, cut into the outer shell only (wall %s mm), so the flat is solid and the shells stay captive",
			2*a.flatR, a.depth, spec.FormatNumber(b.t)))
	}
	if len(ties) > 0 {
		total := 0.0
		for _, t := range ties {
			total += t.Area
		}
		out = append(out, fmt.Sprintf("%d breakaway ties across the %d gaps at the bottom poles, each %s mm across (%.2f mm²), %.2f mm² in all; twist each shell to snap them after printing",
			len(ties), b.n-1, spec.FormatNumber(a.tieD), ties[0].Area, total))
		var single []string
		for k, n := range a.rings {
			if n == 1 {
				single = append(single, gapName(k+1, b.n))
			}
		}
		if len(single) > 0 {
			out = append(out, fmt.Sprintf("one tie, on the pole, in %s: a ring of %d does not fit between the openings there", strings.Join(single, ", "), tiesPerRing))
		}
	}
	return out
}

// printNote says how a ball with aids prints.
func (a *aidPlan) printNote(b *ballPlan) string {
	var w strings.Builder
	fmt.Fprintf(&w, "Built in its print orientation; print it as it is. Straight down (-Z) is the direction farthest from every opening (%.1f° clear on the outer shell", a.clearOuter*180/math.Pi)
	if b.n > 2 {
		fmt.Fprintf(&w, ", %.1f° on the inner shells", a.clearInner*180/math.Pi)
	}
	w.WriteString("), so every shell's bottom pole is solid.")
	if a.flatR > 0 {
		fmt.Fprintf(&w, " The flat base, %.1f mm across, sits on the bed; the outer shell's lower cap around it may want supports from the bed, outside the ball.", 2*a.flatR)
	} else {
		w.WriteString(" The outer shell touches the bed at its pole: let the slicer support it from the bed, outside the ball, or ask for a flat base.")
	}
	if len(a.rings) > 0 {
		w.WriteString(" Ties hold each inner shell at its bottom pole to the shell outside it, where a support would stand, so nothing inside the ball needs support: each shell starts on its ties and grows out over its gap.")
	} else {
		fmt.Fprintf(&w, " Without ties each inner shell starts at its bottom pole in mid-air over its %s mm gap, where no support fits and no opening lets one in: ask for ties too.", spec.FormatNumber(b.g))
	}
	return w.String()
}

// printColumn returns the hole direction (built frame, from rot) to point down
// when the ball prints without aids, and the share of the bottom cap, the surface
// facing down steeper than 45°, that stays solid there and wants support. It
// weighs the outer shell and the first inner one (the others repeat its openings)
// by area seen from below, sampled on a polar grid around each direction (1° by
// 3°), so directions alike by symmetry measure alike; a later direction must beat
// an earlier one by a point to be taken.
func (b *ballPlan) printColumn(rot geom.Mat3, bodies []sdf.Solid) (geom.Vec3, float64) {
	var shells []sdf.Solid
	var radii []float64
	for k := 1; k < b.n && k <= 2; k++ {
		ro, _ := b.radius(k)
		shells, radii = append(shells, bodies[k-1]), append(radii, ro-b.t/2)
	}
	const rings, spokes = overhang, 120
	var best geom.Vec3
	bestShare := math.Inf(1)
	for _, d := range sdf.Directions(b.holes) {
		h := rot.MulVec(d)
		v, w := perpendiculars(h)
		solid, total := 0.0, 0.0
		for i := 0; i < rings; i++ {
			theta := (float64(i) + 0.5) * math.Pi / 180
			// A ring's area times its cosine: how much of it faces the bed.
			wt := math.Sin(theta) * math.Cos(theta)
			for j := 0; j < spokes; j++ {
				phi := 2 * math.Pi * float64(j) / spokes
				q := h.Scale(math.Cos(theta)).Add(v.Scale(math.Sin(theta) * math.Cos(phi))).Add(w.Scale(math.Sin(theta) * math.Sin(phi)))
				for k, s := range shells {
					total += wt * radii[k] * radii[k]
					if s.At(q.Scale(radii[k])) < 0 {
						solid += wt * radii[k] * radii[k]
					}
				}
			}
		}
		if share := solid / total; share < bestShare-0.01 {
			best, bestShare = h, share
		}
	}
	return best, bestShare
}

// columnNote says how a ball without aids prints.
func columnNote(b *ballPlan, share float64) string {
	return fmt.Sprintf("Print it turned by the print rotation, one of its %d hole directions straight down: the openings of every shell then line up in a column under their bottom poles, and tree supports from the bed reach each inner shell through it (no support fits in a %s mm gap). Of the hole directions this one leaves the least surface facing down steeper than %d°: %.0f%% of that bottom cap is open. To print with no support inside the ball, ask for ties and a flat base.",
		b.holes, spec.FormatNumber(b.g), overhang, 100*(1-share))
}

// gapName names gap k of a ball of n layers: "gap 1 (layer 1 / layer 2)".
func gapName(k, n int) string {
	inner := fmt.Sprintf("layer %d", k+1)
	if k+1 == n {
		inner = "core"
	}
	return fmt.Sprintf("gap %d (layer %d / %s)", k, k, inner)
}
