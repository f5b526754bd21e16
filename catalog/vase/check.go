package vase

import (
	"fmt"
	"math"
	"strings"

	"yanchu/badinput"
	"yanchu/spec"
)

// maxLobe caps the relative lobe depth a: deeper, the valleys would pinch in to
// half the peaks' radius.
const maxLobe = 0.3

// check refuses a resolved shape that cannot be made or printed, in the order a
// person would fix it: the floor, the lobes, the wall, the overhangs.
func (r *resolver) check() error {
	s := r.s
	sh := shapeOf(s)
	t, b := effective(s)
	h := sh.h
	if h-b < minDepth {
		return infeasible(fmt.Sprintf("a %s mm floor leaves %s mm of cavity in a %s mm vase, under the %s mm it needs",
			mm(b), mm(h-b), mm(h), mm(minDepth)),
			fmt.Sprintf("a floor of at most %s mm, or a height of at least %s mm", mm(h-minDepth), mm(b+minDepth)))
	}
	if sh.n > 0 {
		round := peakRound(sh)
		if sh.a > maxLobe || round < t {
			aMax := math.Min(maxLobe, maxAmplitude(narrowest(sh), sh.n, t))
			most := math.Floor(100*sh.rm*2*aMax/(1+aMax)) / 100
			why := fmt.Sprintf("%d lobes %s mm deep pinch the valleys in too far", sh.n, mm(depthOf(sh)))
			if sh.a <= maxLobe {
				why = fmt.Sprintf("%d lobes %s mm deep make peaks %s mm round, sharper than the %s mm wall can follow",
					sh.n, mm(depthOf(sh)), mm(round), mm(t))
			}
			return infeasible(why, fmt.Sprintf("lobes at most %s mm deep, or fewer lobes", mm(most)))
		}
	}
	v := sh.survey(t, b)
	if 2*v.minInner < minCavity {
		return r.tooThick(sh, t, b, v)
	}
	if v.overhang > maxOverhang+0.05 {
		return r.overhang(sh, t, b, v)
	}
	return nil
}

// tooThick refuses a wall that leaves the inside under minCavity across,
// naming the thickest wall that fits.
func (r *resolver) tooThick(sh *shape, t, b float64, v survey) error {
	fits := func(w float64) bool { return 2*sh.coarse(w, b).minInner >= minCavity+0.1 }
	var instead []string
	if r.s.Text("mode") != "single" && fits(0.8) {
		lo, hi := 0.8, t
		for range 16 {
			if mid := (lo + hi) / 2; fits(mid) {
				lo = mid
			} else {
				hi = mid
			}
		}
		instead = append(instead, fmt.Sprintf("a wall of at most %s mm", spec.FormatNumber(math.Floor(lo*10)/10)))
	}
	instead = append(instead, "a wider base and top")
	return infeasible(fmt.Sprintf("a %s mm wall leaves the inside %s mm across at its narrowest, under the %s mm it needs",
		mm(t), mm(math.Max(0, 2*v.minInner)), mm(minCavity)), strings.Join(instead, ", or "))
}

// overhang refuses a face that leans more than maxOverhang from vertical, with
// each change that would bring it back, found by bisection.
func (r *resolver) overhang(sh *shape, t, b float64, v survey) error {
	ok := func(c *shape) bool { return c.coarse(t, b).overhang <= maxOverhang-0.5 }
	// largest returns the largest x in [0, 1] with ok(at(x)), given ok(at(0)).
	largest := func(at func(x float64) *shape) (float64, bool) {
		if !ok(at(0)) {
			return 0, false
		}
		lo, hi := 0.0, 1.0
		for range 16 {
			if mid := (lo + hi) / 2; ok(at(mid)) {
				lo = mid
			} else {
				hi = mid
			}
		}
		return lo, true
	}
	var instead []string
	if sh.twist != 0 {
		if x, found := largest(func(x float64) *shape { c := *sh; c.twist *= x; return &c }); found {
			instead = append(instead, fmt.Sprintf("a twist of at most %s°", spec.FormatNumber(math.Floor(x*math.Abs(sh.twist)*180/math.Pi))))
		}
	}
	if sh.w > 0 {
		if x, found := largest(func(x float64) *shape { c := *sh; c.w *= x; return &c }); found {
			instead = append(instead, fmt.Sprintf("ripples at most %s mm deep", spec.FormatNumber(math.Floor(x*sh.w*10)/10)))
		}
	}
	if sh.n > 0 {
		if x, found := largest(func(x float64) *shape { c := *sh; c.a *= x; return &c }); found {
			c := *sh
			c.a *= x
			instead = append(instead, fmt.Sprintf("lobes at most %s mm deep", spec.FormatNumber(math.Floor(depthOf(&c)*10)/10)))
		}
	}
	if sh.h < maxHeight {
		// Taller, with the same proportions of belly and ripples.
		taller := func(x float64) *shape {
			c := *sh
			c.h = maxHeight - x*(maxHeight-sh.h)
			c.zm = bellyAt * c.h
			return &c
		}
		if x, found := largest(taller); found {
			instead = append(instead, fmt.Sprintf("a height of at least %s mm", spec.FormatNumber(math.Ceil(taller(x).h))))
		}
	}
	if sh.rb < sh.rm {
		wider := func(x float64) *shape { c := *sh; c.rb = sh.rm - x*(sh.rm-sh.rb); return &c }
		if x, found := largest(wider); found {
			instead = append(instead, fmt.Sprintf("a base at least %s mm across", spec.FormatNumber(math.Ceil(2*wider(x).rb))))
		}
	}
	if len(instead) == 0 {
		instead = append(instead, "a gentler shape")
	}
	return infeasible(fmt.Sprintf("its steepest face leans %.0f° from vertical, %s mm up, more than the %g° that print without support",
		v.overhang, mm(v.overhangAt), maxOverhang), strings.Join(instead, ", or "))
}

// infeasible returns the refusal "vase: why; try instead".
func infeasible(why, instead string) error {
	return &badinput.Error{Code: badinput.Infeasible, Message: "vase: " + why + "; try " + instead}
}
