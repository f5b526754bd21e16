package pipeline

import (
	"fmt"
	"math"
	"time"

	"yanchu/badinput"
	"yanchu/catalog"
	"yanchu/printcheck"
	"yanchu/query"
	"yanchu/spec"
)

// UnderstandFor parses words for printer p and completes the spec so that it
// suits p: a process not said is the printer's, a gap not said is at least the
// printer's narrowest clearance that stays open, and a size not said fits the
// printer's build volume. p nil is Understand.
func UnderstandFor(words string, p *printcheck.Printer) (*Understanding, error) {
	t0 := time.Now()
	s, err := query.Parse(words, catalog.Schemas())
	if err != nil {
		return nil, err
	}
	if p == nil {
		return Resolve(words, s, t0)
	}
	if d, ok := catalog.Get(s.Domain); ok && !s.Has("process") && p.Process != "" {
		if _, ok := d.Schema().Param("process"); ok {
			s = s.Clone()
			s.Params["process"] = spec.Value{Text: p.Process, Source: spec.Default}
		}
	}
	u, err := Resolve(words, s, t0)
	if err != nil {
		return nil, err
	}
	if v, ok := u.Spec.Params["gap"]; ok && v.Source != spec.Said && v.Num < p.MinGapMM {
		s = s.Clone()
		s.Params["gap"] = spec.Value{Num: p.MinGapMM, Unit: "mm", Source: spec.Default}
		if u, err = Resolve(words, s, t0); err != nil {
			return nil, err
		}
	}
	return fitBed(words, s, u, p, t0)
}

// fitBed refuses a size yanchu chose that the printer cannot build, saying what
// would fit. A size the person said is left to the printability report.
func fitBed(words string, s *spec.Spec, u *Understanding, p *printcheck.Printer, t0 time.Time) (*Understanding, error) {
	v, ok := u.Spec.Params["diameter"]
	if !ok || v.Source == spec.Said {
		return u, nil
	}
	bed := math.Min(p.BuildMM[0], math.Min(p.BuildMM[1], p.BuildMM[2]))
	if v.Num <= bed {
		return u, nil
	}
	zh := u.Spec.Lang == "zh"
	msg := fmt.Sprintf("this needs a diameter of at least %s mm, more than the %s's %s mm build volume",
		spec.FormatNumber(v.Num), p.NameEN, spec.FormatNumber(bed))
	if zh {
		msg = fmt.Sprintf("需要直径至少 %s 毫米，超出%s的成型尺寸 %s 毫米", spec.FormatNumber(v.Num), p.NameZH, spec.FormatNumber(bed))
	}
	fit := s.Clone()
	fit.Params["diameter"] = spec.Value{Num: math.Floor(bed), Unit: "mm", Source: spec.Said}
	if _, err := Resolve(words, fit, t0); err != nil {
		if e := badinput.As(err); e != nil {
			msg += "; " + e.Message
		}
	}
	sugg := []string{"fewer layers", "a printer with a larger build volume"}
	if zh {
		sugg = []string{"减少层数", "换成型尺寸更大的打印机"}
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
