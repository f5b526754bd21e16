package pipeline

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"yanchu/badinput"
	"yanchu/catalog"
	"yanchu/printcheck"
	"yanchu/spec"
)

// UnderstandFor parses words for printer p and completes the spec so that it
// suits p: a process not said is the printer's (in a domain with a process
// parameter), a clearance printed in place that was not said (spec.Param.PrintGap)
// is at least the printer's narrowest clearance that stays open, and a size not
// said fits the printer's build volume. p nil is Understand.
//
// A printer named in the words ("给拓竹A1 mini打印", "for my MK3S") is taken as
// p is; naming a different one than p is a conflict.
func UnderstandFor(words string, p *printcheck.Printer) (*Understanding, error) {
	t0 := time.Now()
	s, err := Parse(words)
	if err != nil {
		return nil, err
	}
	if p, err = printerNamed(s, p); err != nil {
		return nil, err
	}
	u, err := resolveFor(words, s, p, t0)
	if err != nil {
		return nil, err
	}
	u.Printer = p
	return u, nil
}

// resolveFor completes s for printer p (nil for none).
func resolveFor(words string, s *spec.Spec, p *printcheck.Printer, t0 time.Time) (*Understanding, error) {
	if p == nil {
		return Resolve(words, s, t0)
	}
	d, ok := catalog.Get(s.Domain)
	if !ok {
		return Resolve(words, s, t0)
	}
	if _, ok := d.Schema().Param("process"); ok && !s.Has("process") && p.Process != "" {
		s = s.Clone()
		s.Params["process"] = spec.Value{Text: p.Process, Source: spec.Default}
	}
	u, err := Resolve(words, s, t0)
	if err != nil {
		return nil, err
	}
	raised := false
	for _, prm := range d.Schema().Params {
		if v, ok := u.Spec.Params[prm.Name]; ok && prm.PrintGap && v.Source != spec.Said && v.Num < p.MinGapMM {
			if !raised {
				s = s.Clone()
				raised = true
			}
			s.Params[prm.Name] = spec.Value{Num: p.MinGapMM, Unit: "mm", Source: spec.Default}
		}
	}
	if raised {
		if u, err = Resolve(words, s, t0); err != nil {
			return nil, err
		}
	}
	return fitBed(words, s, u, d, p, t0)
}

// fitBed refuses a size yanchu chose that the printer cannot build, saying what
// would fit. The model's box is what must fit. A size the person said (the
// schema's Length or Size parameter) is left to the printability report.
func fitBed(words string, s *spec.Spec, u *Understanding, d catalog.Domain, p *printcheck.Printer, t0 time.Time) (*Understanding, error) {
	sc := d.Schema()
	for _, name := range []string{sc.Length, sc.Size} {
		if v, ok := u.Spec.Params[name]; ok && v.Source == spec.Said {
			return u, nil
		}
	}
	model, err := d.Build(context.Background(), u.Spec, catalog.Inputs{})
	if err != nil {
		// The build itself reports what is wrong when make runs it.
		return u, nil
	}
	size := model.Solid.Bounds().Size()
	if size.X <= p.BuildMM[0] && size.Y <= p.BuildMM[1] && size.Z <= p.BuildMM[2] {
		return u, nil
	}
	zh := u.Spec.Lang == "zh"
	dims := fmt.Sprintf("%s × %s × %s", spec.FormatNumber(round(size.X, 1)), spec.FormatNumber(round(size.Y, 1)), spec.FormatNumber(round(size.Z, 1)))
	bed := fmt.Sprintf("%s × %s × %s", spec.FormatNumber(p.BuildMM[0]), spec.FormatNumber(p.BuildMM[1]), spec.FormatNumber(p.BuildMM[2]))
	msg := fmt.Sprintf("this needs %s mm, more than the %s's %s mm build volume", dims, p.NameEN, bed)
	if zh {
		msg = fmt.Sprintf("需要 %s 毫米，超出%s的成型尺寸 %s 毫米", dims, p.NameZH, bed)
	}
	if prm, ok := sc.Param(sc.Length); ok {
		// What the domain says at the largest such size that fits.
		fit := s.Clone()
		most := math.Floor(math.Min(p.BuildMM[0], math.Min(p.BuildMM[1], p.BuildMM[2])))
		fit.Params[prm.Name] = spec.Value{Num: most, Unit: "mm", Source: spec.Said}
		if _, err := Resolve(words, fit, t0); err != nil {
			if e := badinput.As(err); e != nil {
				msg += "; " + e.Message
			}
		}
	}
	sugg := []string{"a smaller size", "a printer with a larger build volume"}
	if zh {
		sugg = []string{"更小的尺寸", "换成型尺寸更大的打印机"}
	}
	return nil, &badinput.Error{Code: badinput.Infeasible, Message: msg, Suggestions: sugg}
}

// printerFor returns the printer a report is made for: the one asked for, else the
// generic printer of the spec's process.
func printerFor(u *Understanding, p *printcheck.Printer) *printcheck.Printer {
	if p != nil {
		return p
	}
	if v, ok := u.Spec.Params["process"]; ok && v.Text == printcheck.Resin {
		return printcheck.Generic(printcheck.Resin)
	}
	return printcheck.Generic(printcheck.FDM)
}

// printerNamed returns the printer the words named, or p when they named none.
// Words that name a printer other than p are a conflict, unless p is a generic
// profile (generic-fdm, generic-resin): that names no printer in particular, so
// the page's default gives way to the words.
func printerNamed(s *spec.Spec, p *printcheck.Printer) (*printcheck.Printer, error) {
	id := s.Heard.Printer
	if id == "" {
		return p, nil
	}
	named, err := printcheck.Lookup(id)
	if err != nil {
		return nil, err
	}
	if p != nil && p.ID != named.ID && !strings.HasPrefix(p.ID, "generic-") {
		zh := s.Lang == "zh"
		msg := fmt.Sprintf("the words name the %s (%s), and the printer given is the %s; name one", named.NameEN, s.Heard.PrinterWord, p.NameEN)
		if zh {
			msg = fmt.Sprintf("话里说的是%s（%s），另外指定的打印机是%s；只说一台", named.NameZH, s.Heard.PrinterWord, p.NameZH)
		}
		return nil, &badinput.Error{Code: badinput.Conflict, Message: msg, Suggestions: []string{named.ID, p.ID}}
	}
	return named, nil
}
