package pipeline

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"yanchu/badinput"
	"yanchu/catalog"
	"yanchu/geom"
	"yanchu/printcheck"
	"yanchu/spec"
)

// fitsAPrinter refuses a model that no printer yanchu knows can build, when its
// size is yanchu's own working-out and not what the words asked for: "鬼工球
// 100层" makes a ball 410 mm across, which no printer builds. The message says
// what the words make, the largest printer, and for each number said, the most
// that fits it. Sides may be turned to any axis of the build volume.
//
// A side said outright that is larger than every printer (a 300 mm box) is
// taken as meant: the maker may have a larger printer than yanchu knows.
func fitsAPrinter(ctx context.Context, d catalog.Domain, u *Understanding, size geom.Vec3, in catalog.Inputs) error {
	largest := largestPrinter()
	if fits(size, largest.BuildMM) || saidLarge(u, largest.BuildMM) {
		return nil
	}
	zh := u.Spec.Lang == "zh"
	var what string
	sc := u.Schema
	if p, ok := sc.Param(sc.Length); ok {
		if v, ok := u.Spec.Params[p.Name]; ok && v.Source != spec.Said {
			what = fmt.Sprintf(" (%s %s)", p.Name, spec.FormatValue(p.Kind, v))
			if zh {
				what = fmt.Sprintf("（%s %s）", p.Zh, spec.FormatValue(p.Kind, v))
			}
		}
	}
	box := fmt.Sprintf("%s × %s × %s mm", spec.FormatNumber(math.Round(size.X)), spec.FormatNumber(math.Round(size.Y)), spec.FormatNumber(math.Round(size.Z)))
	vol := fmt.Sprintf("%s × %s × %s mm", spec.FormatNumber(largest.BuildMM[0]), spec.FormatNumber(largest.BuildMM[1]), spec.FormatNumber(largest.BuildMM[2]))
	var msg string
	if zh {
		msg = fmt.Sprintf("这样做出来有 %s%s，比 yanchu 知道的最大的打印机（%s，%s）还大", box, what, largest.NameZH, vol)
	} else {
		msg = fmt.Sprintf("these words make a model of %s%s, larger than the largest printer yanchu knows (the %s, %s)", box, what, largest.NameEN, vol)
	}
	var fitsWith []string
	var suggestions []string
	for _, p := range sc.Params {
		v, ok := u.Spec.Params[p.Name]
		if !ok || v.Source != spec.Said {
			continue
		}
		best, ok := mostThatFits(ctx, d, u, p, v, in, largest.BuildMM)
		if !ok {
			continue
		}
		w := v
		w.Num = best
		fitsWith = append(fitsWith, atMost(p, w, zh))
		s := saidOnly(u.Spec)
		s.Params[p.Name] = w
		suggestions = append(suggestions, spec.Canonical(sc, s))
	}
	switch {
	case len(fitsWith) > 0 && zh:
		msg += "；放得下的：" + strings.Join(fitsWith, "，或")
	case len(fitsWith) > 0:
		msg += "; what fits it: " + strings.Join(fitsWith, ", or ")
	case zh:
		msg += "；请说一个更小的尺寸"
	default:
		msg += "; say a smaller size"
	}
	return &badinput.Error{Code: badinput.OverLimit, Message: msg, Suggestions: suggestions}
}

// atMost says "at most 62 layers", "module at most 1.65", "层数最多 62".
func atMost(p spec.Param, v spec.Value, zh bool) string {
	x := spec.FormatValue(p.Kind, v)
	name := strings.ReplaceAll(p.Name, "_", " ")
	switch {
	case zh:
		// The parameter's description up to its first aside: "层数（含最里面的球芯）" is 层数.
		name = p.Zh
		if i := strings.IndexAny(name, "（(：，,;；"); i > 0 {
			name = name[:i]
		}
		return name + "最多 " + x
	case p.Kind == spec.Count:
		return "at most " + x + " " + name
	}
	return name + " at most " + x
}

// sizeOf returns the size of the model a resolved spec makes: from the domain
// when it knows it (catalog.Sizer), else from the model built.
func sizeOf(ctx context.Context, d catalog.Domain, s *spec.Spec, in catalog.Inputs) (geom.Vec3, error) {
	if sz, ok := d.(catalog.Sizer); ok {
		return sz.Size(s), nil
	}
	m, err := d.Build(ctx, s, in)
	if err != nil {
		return geom.Vec3{}, err
	}
	return m.Solid.Bounds().Size(), nil
}

// largestPrinter returns the known printer with the largest build volume.
func largestPrinter() *printcheck.Printer {
	var best *printcheck.Printer
	for _, p := range printcheck.Printers() {
		v := p.BuildMM[0] * p.BuildMM[1] * p.BuildMM[2]
		if best == nil || v > best.BuildMM[0]*best.BuildMM[1]*best.BuildMM[2] {
			best = p
		}
	}
	return best
}

// fits reports whether a box of the given size fits the build volume with its
// sides turned to some axes: the sides in order against the volume's in order.
// A hundredth of a millimetre is let pass, for the rounding of a size said.
func fits(size geom.Vec3, build [3]float64) bool {
	s := []float64{size.X, size.Y, size.Z}
	b := slices.Clone(build[:])
	slices.Sort(s)
	slices.Sort(b)
	for i := range s {
		if !(s[i] <= b[i]+0.01) {
			return false
		}
	}
	return true
}

// saidLarge reports whether the words said a length or a size with a side
// larger than the build volume's longest: a size asked for outright.
func saidLarge(u *Understanding, build [3]float64) bool {
	longest := slices.Max(build[:])
	for _, p := range u.Schema.Params {
		v, ok := u.Spec.Params[p.Name]
		if !ok || v.Source != spec.Said {
			continue
		}
		switch {
		case p.Kind == spec.Length && v.Num > longest:
			return true
		case p.Kind == spec.Size && v.Unit != spec.GridUnits && slices.Max(v.Vec[:]) > longest:
			return true
		}
	}
	return false
}

// saidOnly returns the spec with only the values said.
func saidOnly(s *spec.Spec) *spec.Spec {
	c := s.Clone()
	for k, v := range c.Params {
		if v.Source != spec.Said {
			delete(c.Params, k)
		}
	}
	return c
}

// mostThatFits returns the largest value of the said number p, from its least
// up to what was said, with which the model fits the build volume, the other
// values said kept and the rest worked out again; false when no value does, or
// p is not a number whose growth grows the model. It builds the model about a
// dozen times, each cheap: the solid's box is all it reads.
func mostThatFits(ctx context.Context, d catalog.Domain, u *Understanding, p spec.Param, v spec.Value, in catalog.Inputs, build [3]float64) (float64, bool) {
	switch p.Kind {
	case spec.Count, spec.Number, spec.Length, spec.Volume:
	default:
		return 0, false
	}
	step := 1.0 // counts; lengths to a millimetre; volumes to a millilitre
	if p.Kind == spec.Number {
		step = 0.01
	}
	try := func(x float64) bool {
		s := saidOnly(u.Spec)
		w := v
		w.Num = x
		s.Params[p.Name] = w
		r, err := d.Resolve(s)
		if err != nil || ctx.Err() != nil {
			return false
		}
		if ir, ok := d.(catalog.InputResolver); ok {
			if r, err = ir.ResolveInputs(ctx, r, in); err != nil {
				return false
			}
		}
		size, err := sizeOf(ctx, d, r, in)
		return err == nil && fits(size, build)
	}
	lo, hi := math.Ceil(p.Min/step), math.Floor(v.Num/step)-1 // in steps
	if len(p.Values) > 0 || !(lo <= hi) || !try(lo*step) {
		return 0, false
	}
	// The largest that fits, in [lo, hi], lo known to fit.
	for lo < hi {
		mid := math.Floor((lo + hi + 1) / 2)
		if try(mid * step) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo * step, true
}
