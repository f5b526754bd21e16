package box

import (
	"fmt"
	"math"

	"yanchu/badinput"
	"yanchu/spec"
)

// Resolve fills what was not said and refuses a box that cannot be made. The
// clearance is left out for an open box and the lip for any lid but a lift-off
// one, since they mean nothing there; saying them there is a conflict.
func (domain) Resolve(in *spec.Spec) (*spec.Spec, error) {
	s := in.Clone()
	s.Domain = schema.Domain
	def := func(name string, v spec.Value) {
		if !s.Has(name) {
			v.Source = spec.Default
			s.Params[name] = v
		}
	}
	def("lid", spec.Value{Text: lidLift})
	def("wall", spec.Value{Num: defWall, Unit: "mm"})
	def("floor", spec.Value{Num: defFloor, Unit: "mm"})
	def("corner", spec.Value{Num: defCorner, Unit: "mm"})
	if name, msg := spec.Check(schema, s); msg != "" {
		return nil, &badinput.Error{Code: badinput.OutOfRange, Message: "box: " + msg, Suggestions: []string{name}}
	}
	lid := s.Text("lid")
	if lid == lidNone && s.Has("clearance") {
		return nil, conflict("a clearance is for fitting a lid, and an open box has none; leave out the clearance, or say a lift-off or sliding lid")
	}
	if lid != lidLift && s.Has("lip") {
		return nil, conflict(fmt.Sprintf("a lip belongs to a lift-off lid, not to %s; leave out the lip, or say a lift-off lid", lidWords[lid]))
	}
	if lid != lidNone {
		def("clearance", spec.Value{Num: defClearance, Unit: "mm"})
	}
	if err := resolveDividers(s); err != nil {
		return nil, err
	}
	if err := resolveSize(s); err != nil {
		return nil, err
	}
	b := planOf(s)
	if lid == lidLift && !s.Has("lip") {
		b.lip = deriveLip(b)
		s.Params["lip"] = spec.Value{Num: b.lip, Unit: "mm", Source: spec.Derived}
	}
	if err := b.check(); err != nil {
		return nil, err
	}
	if name, msg := spec.Check(schema, s); msg != "" {
		return nil, &badinput.Error{Code: badinput.OutOfRange, Message: "box: " + msg, Suggestions: []string{name}}
	}
	return s, nil
}

// lidWords names each lid style in messages.
var lidWords = map[string]string{lidLift: "a lift-off lid", lidSlide: "a sliding lid", lidNone: "an open box"}

func conflict(msg string) error {
	return &badinput.Error{Code: badinput.Conflict, Message: "box: " + msg}
}

func infeasible(msg string) error {
	return &badinput.Error{Code: badinput.Infeasible, Message: "box: " + msg}
}

// mm prints a length rounded to 0.01 mm, without its unit.
func mm(x float64) string { return spec.FormatNumber(math.Round(x*100) / 100) }

// down and up round a length to 0.1 mm toward what fits.
func down(x float64) float64 { return math.Floor(x*10+1e-6) / 10 }
func up(x float64) float64   { return math.Ceil(x*10-1e-6) / 10 }

// round6 rounds to the 6 decimals spec.FormatNumber prints.
func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// resolveDividers fills dividers from compartments or the other way round.
func resolveDividers(s *spec.Spec) error {
	switch {
	case s.Has("dividers") && s.Has("compartments"):
		if d, c := s.Num("dividers"), s.Num("compartments"); c != d+1 {
			return conflict(fmt.Sprintf("%s dividers make %s compartments, not %s; say the dividers or the compartments, not both",
				spec.FormatNumber(d), spec.FormatNumber(d+1), spec.FormatNumber(c)))
		}
	case s.Has("compartments"):
		s.Params["dividers"] = spec.Value{Num: s.Num("compartments") - 1, Source: spec.Derived}
	default:
		if !s.Has("dividers") {
			s.Params["dividers"] = spec.Value{Num: 0, Source: spec.Default}
		}
		s.Params["compartments"] = spec.Value{Num: s.Num("dividers") + 1, Source: spec.Derived}
	}
	return nil
}

// resolveSize fills the outer size from the inner one or the other way round.
func resolveSize(s *spec.Spec) error {
	wall, floor := s.Num("wall"), s.Num("floor")
	stack := stackOf(s.Text("lid"), wall, s.Num("clearance"))
	outer := func(in [3]float64) [3]float64 {
		return [3]float64{round6(in[0] + 2*wall), round6(in[1] + 2*wall), round6(in[2] + floor + stack)}
	}
	inner := func(out [3]float64) [3]float64 {
		return [3]float64{round6(out[0] - 2*wall), round6(out[1] - 2*wall), round6(out[2] - floor - stack)}
	}
	how := fmt.Sprintf("%s mm walls, a %s mm floor and %s", mm(wall), mm(floor), lidWords[s.Text("lid")])
	switch {
	case s.Has("size") && s.Has("inner"):
		want, said := inner(s.Params["size"].Vec), s.Params["inner"].Vec
		for i := range want {
			if math.Abs(want[i]-said[i]) > 1e-3 {
				return conflict(fmt.Sprintf("a %s box with %s is %s inside, not %s; say the outer size or the inner size, not both",
					sizeText(s.Params["size"].Vec), how, sizeText(want), sizeText(said)))
			}
		}
	case s.Has("inner"):
		in := s.Params["inner"].Vec
		out := outer(in)
		for i, x := range out {
			if x > 400 {
				most := in
				most[i] = down(400 - (x - in[i]))
				return &badinput.Error{Code: badinput.OutOfRange, Message: fmt.Sprintf(
					"box: an inner size of %s with %s makes the box %s, and no side may be over 400 mm; an inner size of at most %s",
					sizeText(in), how, sizeText(out), sizeText(most)), Suggestions: []string{"inner"}}
			}
		}
		s.Params["size"] = spec.Value{Vec: out, Unit: "mm", Source: spec.Derived}
	default:
		if !s.Has("size") {
			s.Params["size"] = spec.Value{Vec: [3]float64{100, 60, 40}, Unit: "mm", Source: spec.Default}
		}
		in := inner(s.Params["size"].Vec)
		s.Params["inner"] = spec.Value{Vec: in, Unit: "mm", Source: spec.Derived}
	}
	return nil
}

// sizeText prints a size as 100x60x40 mm.
func sizeText(v [3]float64) string {
	return mm(v[0]) + "x" + mm(v[1]) + "x" + mm(v[2]) + " mm"
}

// deriveLip returns the lip worked out for a lift-off lid: half the depth under
// the lid, between 2 and 6 mm in steps of 0.5 mm, kept at least 1 mm off the
// height of the box body so that the body's bounding box and the lid's never
// tie (the parts are named by size).
func deriveLip(b *plan) float64 {
	depth := b.body() - b.floor
	d := math.Max(minLip, math.Min(maxLip, math.Floor(depth)/2))
	if math.Abs(b.body()-(b.plate()+d)) < 1 {
		if d-1 >= minLip {
			d--
		} else if d+1 <= depth-dividerDrop-minDivider {
			d++
		}
	}
	return d
}

// check refuses a plan that cannot be built, saying what would work.
func (b *plan) check() error {
	if half := math.Min(b.l, b.w) / 2; b.corner > half {
		return infeasible(fmt.Sprintf("a %s mm corner radius is more than half the %s mm %s; a corner radius of at most %s mm",
			mm(b.corner), mm(2*half), sideName(b.w <= b.l), mm(down(half))))
	}
	if b.lid == lidSlide {
		if need := math.Max(2*minSlideRim, 2*(b.clearance+minHold)); b.wall < need-1e-9 {
			return infeasible(fmt.Sprintf("a sliding lid needs walls of at least %s mm: its grooves are half the wall deep, leave %s mm of wall behind them and hold the lid %s mm past the %s mm clearance; walls of %s mm, or a lift-off lid",
				mm(need), mm(minSlideRim), mm(minHold), mm(b.clearance), mm(up(need))))
		}
	}
	// The inside, across: wide enough to use, and for a lift-off lid to leave an
	// opening inside its lip.
	least := func(wall float64) float64 {
		if b.lid == lidLift {
			return math.Max(minInside, 2*(wall+b.clearance)+minLipHole)
		}
		return minInside
	}
	for _, side := range []struct {
		name string
		size float64
	}{{"length", b.l}, {"width", b.w}} {
		if in := side.size - 2*b.wall; in < least(b.wall)-1e-9 {
			most := (side.size - minInside) / 2
			if b.lid == lidLift {
				most = math.Min(most, (side.size-2*b.clearance-minLipHole)/4)
			}
			msg := fmt.Sprintf("%s mm walls leave %s mm inside the %s mm %s, and the least is %s mm", mm(b.wall), mm(in), mm(side.size), side.name, mm(least(b.wall)))
			if most >= 0.8 {
				msg += fmt.Sprintf("; walls of at most %s mm, or a %s of at least %s mm", mm(down(most)), side.name, mm(up(2*b.wall+least(b.wall))))
			} else {
				msg += fmt.Sprintf("; a %s of at least %s mm", side.name, mm(up(2*b.wall+least(b.wall))))
			}
			return infeasible(msg)
		}
	}
	if _, _, hi := b.inner(); hi < minInside-1e-9 {
		what := fmt.Sprintf("a %s mm floor", mm(b.floor))
		if b.lid != lidNone {
			what += fmt.Sprintf(" and %s %s mm thick", lidWords[b.lid], mm(b.stack()))
		}
		msg := fmt.Sprintf("%s leave %s mm inside a box %s mm tall, and the least is %s mm; a height of at least %s mm", what, mm(hi), mm(b.h), mm(minInside), mm(up(b.floor+b.stack()+minInside)))
		if most := b.h - b.stack() - minInside; most >= 0.8 {
			msg += fmt.Sprintf(", or a floor of at most %s mm", mm(down(most)))
		}
		return infeasible(msg)
	}
	if b.lid == lidLift {
		depth := b.body() - b.floor
		if b.lip > depth-1+1e-9 {
			return infeasible(fmt.Sprintf("a %s mm lip is taller than the box is deep under the lid (%s mm), with 1 mm to spare; a lip of at most %s mm, or a box at least %s mm tall",
				mm(b.lip), mm(depth), mm(down(depth-1)), mm(up(b.h+b.lip+1-depth))))
		}
		if b.lip < minLip-1e-9 {
			return infeasible(fmt.Sprintf("a %s mm lip is too shallow to hold the lid; a lip of at least %s mm", mm(b.lip), mm(minLip)))
		}
	}
	if span, cell := b.span(), b.cell(); span/cell > maxCells {
		t, what := b.thinnest()
		return infeasible(fmt.Sprintf("the %s mm %s needs a grid of %s mm cells, and %s mm across the bed is %.0f of them, over the %d yanchu meshes; a %s of at least %s mm, or a box of at most %s mm on its longest side",
			mm(t), what, mm(cell), mm(span), span/cell, maxCells, what, mm(up(2*span/maxCells)), mm(down(b.cell()*maxCells*math.Max(b.l, b.w)/span))))
	}
	if b.n > 0 {
		li, _, _ := b.inner()
		if c := b.compartment(); c < minCompart-1e-9 {
			most := int(math.Floor((li - minCompart) / (minCompart + b.wall)))
			return infeasible(fmt.Sprintf("%d dividers leave compartments %s mm long in %s mm inside, and the least is %s mm; at most %d dividers, or a box at least %s mm long",
				b.n, mm(c), mm(li), mm(minCompart), max(most, 0), mm(up(float64(b.n)*b.wall+float64(b.n+1)*minCompart+2*b.wall))))
		}
		if t := b.dividerTop() - b.floor; t < minDivider-1e-9 {
			return infeasible(fmt.Sprintf("a %s mm lip leaves the dividers only %s mm tall; a lip of at most %s mm, or no dividers",
				mm(b.lip), mm(math.Max(t, 0)), mm(down(b.lip-(minDivider-t)))))
		}
	}
	return nil
}

// sideName names the shorter side.
func sideName(width bool) string {
	if width {
		return "width"
	}
	return "length"
}
