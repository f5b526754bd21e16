package lithophane

import (
	"context"
	"math"

	"yanchu/badinput"
	"yanchu/catalog"
	"yanchu/spec"
)

// Resolve fills what the words alone settle and refuses what cannot be made.
// The height (or the width, when only the height is said) and the pixel follow
// from the picture, in ResolveInputs.
func (domain) Resolve(in *spec.Spec) (*spec.Spec, error) {
	s := in.Clone()
	s.Domain = schema.Domain
	def := func(name string, v spec.Value, src spec.Source) {
		if !s.Has(name) {
			v.Source = src
			s.Params[name] = v
		}
	}
	def("style", spec.Value{Text: styleLitho}, spec.Default)
	style := s.Text("style")
	def("min_thickness", spec.Value{Num: defThickness[style][0], Unit: "mm"}, spec.Default)
	def("max_thickness", spec.Value{Num: defThickness[style][1], Unit: "mm"}, spec.Default)
	def("border", spec.Value{Num: defBorder, Unit: "mm"}, spec.Default)
	def("arc", spec.Value{Num: 0, Unit: "deg"}, spec.Default)
	def("invert", spec.Value{Text: "no"}, spec.Default)
	def("hole", spec.Value{Num: 0, Unit: "mm"}, spec.Default)
	if !s.Has("height") {
		def("width", spec.Value{Num: defWidth, Unit: "mm"}, spec.Default)
	}
	if name, msg := spec.Check(schema, s); msg != "" {
		return nil, &badinput.Error{Code: badinput.OutOfRange, Message: "lithophane: " + msg, Suggestions: []string{name}}
	}
	tmin, tmax := s.Num("min_thickness"), s.Num("max_thickness")
	if tmin >= tmax {
		return nil, badinput.New(badinput.Conflict, "lithophane: the thinnest (%s mm) must be less than the thickest (%s mm); say, for example, 最薄0.8毫米 最厚3毫米 (min thickness 0.8 max thickness 3)", mm(tmin), mm(tmax))
	}
	def("frame", spec.Value{Num: round2(tmax + frameExtra), Unit: "mm"}, spec.Derived)
	if s.Num("frame") < tmin {
		return nil, badinput.New(badinput.Infeasible, "lithophane: a frame %s mm thick is thinner than the picture's thinnest %s mm; say a frame of at least %s mm", mm(s.Num("frame")), mm(tmin), mm(tmin))
	}
	hole, arc, border := s.Num("hole"), s.Num("arc"), s.Num("border")
	if hole > 0 && arc > 0 {
		return nil, badinput.New(badinput.Conflict, "lithophane: a curved plate stands on its own edge, and a hanging hole is for a flat one; leave out the hole or the curve")
	}
	if hole > 0 && border < 2 {
		return nil, badinput.New(badinput.Infeasible, "lithophane: the hanging tab hangs from the frame, and a border of %s mm is too narrow to carry it; say a border of at least 2 mm, or leave out the hole", mm(border))
	}
	for _, side := range []string{"width", "height"} {
		if s.Has(side) && s.Num(side)-2*border < 10 {
			return nil, badinput.New(badinput.Infeasible, "lithophane: a %s mm border leaves the picture less than 10 mm of the %s mm %s; say a narrower border or a larger plate", mm(border), mm(s.Num(side)), side)
		}
	}
	if hole > 0 && s.Has("width") && hole+2*tabWall > s.Num("width")-2*border {
		return nil, badinput.New(badinput.Infeasible, "lithophane: a %s mm hole needs a tab %s mm wide, more than the plate's picture; say a smaller hole", mm(hole), mm(hole+2*tabWall))
	}
	if name, msg := spec.Check(schema, s); msg != "" {
		return nil, &badinput.Error{Code: badinput.OutOfRange, Message: "lithophane: " + msg, Suggestions: []string{name}}
	}
	return s, nil
}

// ResolveInputs completes the spec from the picture's header: the side not said
// follows its proportions, and the pixel its resolution. Nothing but the
// header is read.
func (domain) ResolveInputs(_ context.Context, in *spec.Spec, inputs catalog.Inputs) (*spec.Spec, error) {
	cfg, err := header(inputs.Image)
	if err != nil {
		return nil, err
	}
	s := in.Clone()
	b := s.Num("border")
	aspect := float64(cfg.Width) / float64(cfg.Height)
	switch {
	case !s.Has("height"):
		s.Params["height"] = spec.Value{Num: round2((s.Num("width")-2*b)/aspect + 2*b), Unit: "mm", Source: spec.Derived}
	case !s.Has("width"):
		s.Params["width"] = spec.Value{Num: round2((s.Num("height")-2*b)*aspect + 2*b), Unit: "mm", Source: spec.Derived}
	}
	for _, side := range []string{"width", "height"} {
		p, _ := schema.Param(side)
		if v := s.Num(side); v < p.Min || v > p.Max {
			return nil, badinput.New(badinput.OutOfRange, "lithophane: the picture's proportions (%d×%d) make the %s %s mm, outside %s to %s mm; say both the width and the height, and the picture is cropped to them",
				cfg.Width, cfg.Height, side, mm(v), mm(p.Min), mm(p.Max))
		}
		if s.Num(side)-2*b < 10 {
			return nil, badinput.New(badinput.Infeasible, "lithophane: a %s mm border leaves the picture less than 10 mm of the %s mm %s; say a narrower border or a larger plate", mm(b), mm(s.Num(side)), side)
		}
	}
	w, h := s.Num("width"), s.Num("height")
	if !s.Has("pixel") {
		// The picture's own pixel where it covers the plate, no finer than
		// minPixel, and coarse enough for the lattice's cap.
		k := math.Min(float64(cfg.Width)/(w-2*b), float64(cfg.Height)/(h-2*b)) // pixels per mm
		px := math.Max(1/k, minPixel)
		px = math.Max(px, math.Sqrt(w*h/maxNodes))
		s.Params["pixel"] = spec.Value{Num: math.Ceil(px*1000) / 1000, Unit: "mm", Source: spec.Derived}
	}
	if nx, ny, _, _ := lattice(s); (nx+1)*(ny+1) > maxNodes {
		least := math.Ceil(math.Sqrt(w*h/maxNodes)*1000) / 1000
		return nil, badinput.New(badinput.OverLimit, "lithophane: a %s mm pixel gives %d×%d points on a %s×%s mm plate, over the limit of %d; use a pixel of at least %s mm",
			mm(s.Num("pixel")), nx+1, ny+1, mm(w), mm(h), maxNodes, spec.FormatNumber(least))
	}
	return s, nil
}

// lattice returns the cells across and up the plate, and their size (mm): as
// near the pixel as whole cells allow.
func lattice(s *spec.Spec) (nx, ny int, px, py float64) {
	w, h, p := s.Num("width"), s.Num("height"), s.Num("pixel")
	nx = max(2, int(math.Round(w/p)))
	ny = max(2, int(math.Round(h/p)))
	return nx, ny, w / float64(nx), h / float64(ny)
}

// mm prints a length rounded to 0.01 mm, without its unit.
func mm(x float64) string { return spec.FormatNumber(round2(x)) }

func round2(x float64) float64 { return math.Round(x*100) / 100 }
