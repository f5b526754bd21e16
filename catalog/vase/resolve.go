package vase

import (
	"fmt"
	"math"

	"yanchu/badinput"
	"yanchu/spec"
)

// Resolve fills what was not said, solves the size for a capacity said, and
// refuses what cannot print, saying what would.
func (domain) Resolve(in *spec.Spec) (*spec.Spec, error) {
	s := in.Clone()
	if name, msg := spec.Check(schema, s); msg != "" {
		return nil, &badinput.Error{Code: badinput.OutOfRange, Message: "vase: " + msg, Suggestions: []string{name}}
	}
	set := func(name string, v spec.Value) {
		if !s.Has(name) {
			s.Params[name] = v
		}
	}
	num := func(x float64, unit string, src spec.Source) spec.Value {
		return spec.Value{Num: x, Unit: unit, Source: src}
	}
	set("mode", spec.Value{Text: "solid", Source: spec.Default})
	set("wall", num(2, "mm", spec.Default))
	set("base", num(3, "mm", spec.Default))
	set("wave", num(0, "mm", spec.Default))
	if !s.Has("lobes") {
		// A twist said alone needs lobes to show.
		if s.Num("twist") != 0 {
			s.Params["lobes"] = num(6, "", spec.Derived)
		} else {
			s.Params["lobes"] = num(0, "", spec.Default)
		}
	}
	if !s.Has("twist") {
		if s.Num("lobes") > 0 {
			s.Params["twist"] = num(90, "deg", spec.Derived)
		} else {
			s.Params["twist"] = num(0, "deg", spec.Default)
		}
	}
	r := &resolver{s: s}
	if err := r.size(); err != nil {
		return nil, err
	}
	// Everything else follows the size, and is stored as Build reads it.
	h, d := s.Num("height"), s.Num("diameter")
	sh := r.shapeAt(h, d)
	set("base_diameter", num(round2(2*sh.rb), "mm", spec.Derived))
	set("top_diameter", num(round2(2*sh.rt), "mm", spec.Derived))
	set("lobe_depth", num(round2(depthOf(sh)), "mm", spec.Derived))
	set("ripples", num(float64(sh.m), "", spec.Derived))
	if err := r.check(); err != nil {
		return nil, err
	}
	sh = shapeOf(s)
	t, b := effective(s)
	vol := sh.cavity(t, b) / 1000
	if !s.Has("capacity_ml") {
		s.Params["capacity_ml"] = num(roundCapacity(vol), "ml", spec.Derived)
	} else if want := s.Num("capacity_ml"); math.Abs(vol-want) > tolerance*want {
		// Rounding the sizes cannot move the capacity this far; a shape the
		// solver could not reach can.
		return nil, &badinput.Error{Code: badinput.Infeasible, Message: fmt.Sprintf(
			"vase: this shape holds %s ml, not the %s ml said; drop the capacity or one of the sizes",
			spec.FormatNumber(roundCapacity(vol)), spec.FormatNumber(want))}
	}
	return s, nil
}

// resolver holds the spec while it is being resolved.
type resolver struct {
	s *spec.Spec
}

// effective returns the wall and the floor of what is printed: the model's, or
// in spiral vase mode the slicer's one line and bottom layers.
func effective(s *spec.Spec) (t, b float64) {
	if s.Text("mode") == "single" {
		return spiralLine, spiralFloor
	}
	return s.Num("wall"), s.Num("base")
}

// shapeAt returns the shape of height h and diameter d, with everything not said
// worked out as Resolve would.
func (r *resolver) shapeAt(h, d float64) *shape {
	s := r.s
	sh := &shape{h: h, rm: d / 2, zm: bellyAt * h, n: int(s.Num("lobes")), twist: s.Num("twist") * math.Pi / 180,
		w: s.Num("wave")}
	sh.rb, sh.rt = baseShare*d/2, topShare*d/2
	if s.Has("base_diameter") {
		sh.rb = s.Num("base_diameter") / 2
	}
	if s.Has("top_diameter") {
		sh.rt = s.Num("top_diameter") / 2
	}
	if s.Has("ripples") {
		sh.m = int(s.Num("ripples"))
	} else {
		sh.m = defaultRipples(h, sh.w)
	}
	switch {
	case sh.n == 0:
	case s.Has("lobe_depth"):
		sh.a = amplitude(sh.rm, s.Num("lobe_depth"))
	default:
		// Peaks at least twice the wall round, at most lobeShare deep.
		sh.a = math.Min(lobeShare, maxAmplitude(narrowest(sh), sh.n, 2*s.Num("wall")))
		sh.a = amplitude(sh.rm, round2(depthOf(sh)))
	}
	return sh
}

// shapeOf returns the shape of a resolved spec.
func shapeOf(s *spec.Spec) *shape {
	h, d := s.Num("height"), s.Num("diameter")
	sh := &shape{h: h, rm: d / 2, rb: s.Num("base_diameter") / 2, rt: s.Num("top_diameter") / 2, zm: bellyAt * h,
		n: int(s.Num("lobes")), twist: s.Num("twist") * math.Pi / 180, w: s.Num("wave"), m: int(s.Num("ripples"))}
	if sh.n > 0 {
		sh.a = amplitude(sh.rm, s.Num("lobe_depth"))
	}
	return sh
}

// defaultRipples is about one ripple per rippleEvery of height, fewer when the
// ripples are deep, so their flanks lean at most 30° from vertical.
func defaultRipples(h, w float64) int {
	m := math.Round(h / rippleEvery)
	if w > 0 {
		m = math.Min(m, math.Floor(math.Tan(math.Pi/6)*h/(math.Pi*w)))
	}
	return int(clamp(m, 1, 50))
}

// amplitude returns the relative depth a of lobes depth mm deep, peak to valley,
// at peak radius rm: depth = rm·2a/(1+a).
func amplitude(rm, depth float64) float64 {
	if depth >= 2*rm {
		return math.Inf(1)
	}
	return depth / (2*rm - depth)
}

// depthOf returns the lobes' depth at the belly, peak to valley (mm).
func depthOf(sh *shape) float64 {
	if sh.n == 0 {
		return 0
	}
	return sh.rm * 2 * sh.a / (1 + sh.a)
}

// maxAmplitude returns the largest relative depth for n lobes whose peaks, at
// peak radius r, stay at least c round: in a cross-section the peak's radius of
// curvature is r / (1 + a·n²/(1+a)).
func maxAmplitude(r float64, n int, c float64) float64 {
	k := r/c - 1
	nn := float64(n * n)
	if k <= 0 {
		return 0
	}
	if nn <= k {
		return math.Inf(1)
	}
	return k / (nn - k)
}

// peakRound returns the radius of curvature of the sharpest lobe peak (mm).
func peakRound(sh *shape) float64 {
	if sh.n == 0 || sh.a == 0 {
		return math.Inf(1)
	}
	return narrowest(sh) / (1 + sh.a*float64(sh.n*sh.n)/(1+sh.a))
}

// narrowest returns the least peak radius B(z) over the height.
func narrowest(sh *shape) float64 {
	r := math.Inf(1)
	for i := 0; i <= 400; i++ {
		b, _ := sh.radius(sh.h * float64(i) / 400)
		r = math.Min(r, b)
	}
	return r
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// roundCapacity rounds a capacity (ml) to 1 ml, or to 0.1 ml under 100 ml.
func roundCapacity(v float64) float64 {
	if v < 100 {
		return math.Round(v*10) / 10
	}
	return math.Round(v)
}

func mm(x float64) string { return spec.FormatNumber(round2(x)) }
