package vase

import (
	"fmt"
	"math"

	"yanchu/badinput"
	"yanchu/spec"
)

// Ranges the solver searches, from the schema.
const (
	minHeight, maxHeight = 20.0, 400.0
	minDiam, maxDiam     = 10.0, 400.0
)

// size sets the height and the diameter: as said; else solved for a capacity
// said; else from each other by the default proportions.
func (r *resolver) size() error {
	s := r.s
	hSaid, dSaid, vSaid := s.Has("height"), s.Has("diameter"), s.Has("capacity_ml")
	if err := r.widest(); err != nil {
		return err
	}
	setH := func(h float64, src spec.Source) {
		s.Params["height"] = spec.Value{Num: round2(h), Unit: "mm", Source: src}
	}
	setD := func(d float64, src spec.Source) {
		s.Params["diameter"] = spec.Value{Num: round2(d), Unit: "mm", Source: src}
	}
	if !vSaid {
		switch {
		case hSaid && !dSaid:
			setD(r.proportional(s.Num("height")), spec.Derived)
		case dSaid && !hSaid:
			setH(clamp(s.Num("diameter")/slender, minHeight, maxHeight), spec.Derived)
		case !hSaid && !dSaid:
			setH(150, spec.Default)
			setD(r.proportional(150), spec.Derived)
		}
		return nil
	}
	want := s.Num("capacity_ml") * 1000
	switch {
	case hSaid && dSaid:
		return r.matches(want)
	case hSaid:
		h := s.Num("height")
		d, err := r.solveDiameter(h, want)
		if err != nil {
			return err
		}
		setD(d, spec.Derived)
	case dSaid:
		d := s.Num("diameter")
		h, err := r.solveHeight(d, want)
		if err != nil {
			return err
		}
		setH(h, spec.Derived)
	default:
		// Keep the proportions; past the tallest height, widen.
		f := func(h float64) float64 { return r.capacity(h, r.proportional(h)) }
		if h, ok := solve(f, want, minHeight, maxHeight); ok {
			setH(h, spec.Derived)
			setD(r.proportional(h), spec.Derived)
			return nil
		}
		d, err := r.solveDiameter(maxHeight, want)
		if err != nil {
			return err
		}
		setH(maxHeight, spec.Derived)
		setD(d, spec.Derived)
	}
	return nil
}

// proportional returns the default diameter for height h: slender·h, at least
// minDiameter and as wide as a base or a top said.
func (r *resolver) proportional(h float64) float64 {
	d := math.Max(slender*h, minDiameter)
	return math.Max(d, r.narrowestDiameter())
}

// narrowestDiameter returns the least diameter the base and the top said allow.
func (r *resolver) narrowestDiameter() float64 {
	return math.Max(r.s.Num("base_diameter"), r.s.Num("top_diameter"))
}

// widest refuses a diameter said narrower than a base or a top said: the
// diameter is the widest.
func (r *resolver) widest() error {
	s := r.s
	if !s.Has("diameter") {
		return nil
	}
	d := s.Num("diameter")
	for _, p := range []string{"base_diameter", "top_diameter"} {
		if s.Has(p) && s.Num(p) > d {
			return &badinput.Error{Code: badinput.Conflict, Message: fmt.Sprintf(
				"vase: the diameter is the widest across, so a %s mm diameter cannot have a %s of %s mm; say a diameter of at least %s mm, or a %s of at most %s mm",
				mm(d), words(p), mm(s.Num(p)), mm(s.Num(p)), words(p), mm(d))}
		}
	}
	return nil
}

func words(p string) string {
	switch p {
	case "base_diameter":
		return "base diameter"
	case "top_diameter":
		return "top diameter"
	}
	return p
}

// capacity returns what the vase of height h and diameter d holds (mm³).
func (r *resolver) capacity(h, d float64) float64 {
	sh := r.shapeAt(h, d)
	t, b := effective(r.s)
	return sh.cavity(t, b)
}

// solveDiameter returns the diameter at which a vase h tall holds want (mm³).
func (r *resolver) solveDiameter(h, want float64) (float64, error) {
	lo := math.Max(minDiam, r.narrowestDiameter())
	f := func(d float64) float64 { return r.capacity(h, d) }
	if d, ok := solve(f, want, lo, maxDiam); ok {
		return d, nil
	}
	return 0, &badinput.Error{Code: badinput.Infeasible, Message: fmt.Sprintf(
		"vase: at %s mm tall a vase holds from %s to %s ml, not %s ml; say another height or capacity",
		mm(h), spec.FormatNumber(roundCapacity(f(lo)/1000)), spec.FormatNumber(roundCapacity(f(maxDiam)/1000)), spec.FormatNumber(want/1000))}
}

// solveHeight returns the height at which a vase d across holds want (mm³).
func (r *resolver) solveHeight(d, want float64) (float64, error) {
	lo := math.Max(minHeight, r.s.Num("base")+minDepth)
	f := func(h float64) float64 { return r.capacity(h, d) }
	if h, ok := solve(f, want, lo, maxHeight); ok {
		return h, nil
	}
	return 0, &badinput.Error{Code: badinput.Infeasible, Message: fmt.Sprintf(
		"vase: a vase %s mm across holds from %s to %s ml, %s to %s mm tall, not %s ml; say another diameter or capacity",
		mm(d), spec.FormatNumber(roundCapacity(f(lo)/1000)), spec.FormatNumber(roundCapacity(f(maxHeight)/1000)),
		mm(lo), mm(maxHeight), spec.FormatNumber(want/1000))}
}

// matches refuses a capacity that the height and the diameter said cannot hold,
// naming the diameter and the height that would.
func (r *resolver) matches(want float64) error {
	s := r.s
	h, d := s.Num("height"), s.Num("diameter")
	got := r.capacity(h, d)
	if math.Abs(got-want) <= tolerance*want {
		return nil
	}
	msg := fmt.Sprintf("vase: %s mm tall and %s mm across it holds %s ml, not %s ml", mm(h), mm(d),
		spec.FormatNumber(roundCapacity(got/1000)), spec.FormatNumber(want/1000))
	var sugg []string
	if d2, err := r.solveDiameter(h, want); err == nil {
		msg += fmt.Sprintf("; at %s mm tall it needs a %s mm diameter", mm(h), mm(d2))
		sugg = append(sugg, fmt.Sprintf("vase height=%smm diameter=%smm capacity_ml=%s", mm(h), mm(d2), spec.FormatNumber(want/1000)))
	}
	if h2, err := r.solveHeight(d, want); err == nil {
		msg += fmt.Sprintf("; at %s mm diameter it needs %s mm of height", mm(d), mm(h2))
		sugg = append(sugg, fmt.Sprintf("vase height=%smm diameter=%smm capacity_ml=%s", mm(h2), mm(d), spec.FormatNumber(want/1000)))
	}
	if len(sugg) == 0 {
		msg += "; say the height or the diameter, not both"
	}
	return &badinput.Error{Code: badinput.Conflict, Message: msg, Suggestions: sugg}
}

// solve returns x in [lo, hi] where the increasing function f reaches want, to
// a part in 10⁵ of want, by regula falsi with the Illinois rule (bisecting when
// it stalls). ok is false when want lies outside [f(lo), f(hi)].
func solve(f func(float64) float64, want, lo, hi float64) (x float64, ok bool) {
	flo, fhi := f(lo)-want, f(hi)-want
	if flo > 0 || fhi < 0 {
		return 0, false
	}
	side := 0
	for range 60 {
		x = (lo*fhi - hi*flo) / (fhi - flo)
		if !(x > lo && x < hi) {
			x = (lo + hi) / 2
		}
		fx := f(x) - want
		if math.Abs(fx) <= 1e-5*want || hi-lo < 1e-6 {
			return x, true
		}
		if fx < 0 {
			lo, flo = x, fx
			if side == -1 {
				fhi /= 2
			}
			side = -1
		} else {
			hi, fhi = x, fx
			if side == 1 {
				flo /= 2
			}
			side = 1
		}
	}
	return x, true
}
