// Package spec holds the unit of exchange between the page, the command line and
// any front end: a Spec names a domain and gives each parameter a value, a unit and
// where the value came from. A domain's Schema declares its parameters once, and the
// same declaration drives parsing, validation, help text and the web form.
package spec

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Kind is what sort of quantity a parameter holds.
type Kind string

const (
	// Count is a whole number without a unit (layers, teeth).
	Count Kind = "count"
	// Number is a plain number without a unit (a gear's module).
	Number Kind = "number"
	// Length is in millimetres.
	Length Kind = "length"
	// Angle is in degrees.
	Angle Kind = "angle"
	// Volume is in millilitres.
	Volume Kind = "volume"
	// Percent is a share from 0 to 100.
	Percent Kind = "percent"
	// Choice is one word out of Param.Choices.
	Choice Kind = "choice"
	// Size is a box of lengths in millimetres: x, y and z.
	Size Kind = "size"
)

// Unit returns the canonical unit of the kind: "mm", "deg", "ml", "%" or "".
func (k Kind) Unit() string {
	switch k {
	case Length, Size:
		return "mm"
	case Angle:
		return "deg"
	case Volume:
		return "ml"
	case Percent:
		return "%"
	}
	return ""
}

// Param declares one parameter of a domain.
type Param struct {
	Name string `json:"name"`
	Kind Kind   `json:"kind"`
	Unit string `json:"unit"`
	// Min and Max bound the value (in the canonical unit), both included.
	Min float64 `json:"min"`
	Max float64 `json:"max"`
	// Default is the value taken when nothing is said and nothing is derived;
	// DefaultText for choices.
	Default     float64 `json:"default,omitempty"`
	DefaultText string  `json:"default_text,omitempty"`
	// Derived says the default is worked out from the other parameters.
	Derived bool `json:"derived,omitempty"`
	// PrintGap marks a clearance printed in place between parts (a puzzle
	// ball's gap): when not said, it is at least the printer's narrowest gap
	// that stays open.
	PrintGap bool `json:"print_gap,omitempty"`
	// Choices lists the words a Choice parameter takes; Values the numbers a Count
	// parameter allows, when only some are allowed.
	Choices []string `json:"choices,omitempty"`
	// Then names the parameter that takes a second, different value said for
	// this one ("一对齿轮 20齿 40齿": the second count is the second gear's).
	Then   string    `json:"then,omitempty"`
	Values []float64 `json:"values,omitempty"`
	// Diameter says a radius said for this parameter (半径, radius) is doubled
	// into it.
	Diameter bool `json:"diameter,omitempty"`
	// Alone is the value a parameter's word said without one gives ("挂孔",
	// "curved": a 5 mm hole, a 120° arc), or 0 when such a word needs a value.
	// A number after such a word binds to it only when it fits the range.
	Alone float64 `json:"alone,omitempty"`
	// Needed, for a parameter that cannot be turned off ("不要孔": a puzzle ball
	// without openings), says why; "no X" is then refused with it.
	Needed string `json:"needed,omitempty"`
	// Zh and En describe the parameter for people.
	Zh string `json:"zh"`
	En string `json:"en"`
}

// Schema declares a domain: its name, descriptions and parameters.
type Schema struct {
	Domain string  `json:"domain"`
	Zh     string  `json:"zh"`
	En     string  `json:"en"`
	Params []Param `json:"params"`
	// Length is the parameter a bare length goes to ("80mm" for a puzzle ball's
	// diameter); Volume and Size likewise for a bare volume or a box of lengths.
	Length string `json:"length_param,omitempty"`
	Volume string `json:"volume_param,omitempty"`
	Size   string `json:"size_param,omitempty"`
	// Sides, in a domain without a Size parameter, name the parameters that a
	// side word alone sets: x 长 length, y 宽 width, z 高 height (a vase's 高 is
	// its height). Empty names leave the side word unknown.
	Sides [3]string `json:"side_params,omitempty"`
	// Image says the domain takes a picture with its words (make --image).
	Image bool `json:"image,omitempty"`
	// Film says the domain takes a turntable film with its words (yanchu
	// carve FILM, or make --film).
	Film bool `json:"film,omitempty"`
}

// Param returns the declaration of the named parameter.
func (s *Schema) Param(name string) (*Param, bool) {
	for i := range s.Params {
		if s.Params[i].Name == name {
			return &s.Params[i], true
		}
	}
	return nil, false
}

// GridUnits is the unit of a Size counted in a domain's own grid (a Gridfinity
// bin's cells and height units) rather than in millimetres: it prints bare.
const GridUnits = "units"

// Source says where a value came from.
type Source string

const (
	Said    Source = "said"
	Default Source = "default"
	Derived Source = "derived"
)

// Value is one parameter's value. Num holds numbers in the canonical unit of the
// kind, Text a choice, Vec a size.
type Value struct {
	Num    float64    `json:"-"`
	Text   string     `json:"-"`
	Vec    [3]float64 `json:"-"`
	Unit   string     `json:"unit"`
	Source Source     `json:"source"`
	// Word is what the person wrote for it, such as "八公分".
	Word string `json:"word,omitempty"`
	// Note says how the words gave the value when it is not plain: the object a
	// size was compared with ("a tennis ball, 67 mm (ITF)").
	Note string `json:"note,omitempty"`
}

// Spec is a domain and its parameters.
type Spec struct {
	Domain string
	Params map[string]Value
	// Lang is "zh" when the words hold any Chinese character, else "en".
	Lang string
	// Heard is what the words said besides the parameters. It never reaches
	// the canonical form.
	Heard Heard
}

// Heard is what the words said besides the parameters, for the explanation:
// the printer they named, the words set aside and the values corrected.
type Heard struct {
	// Printer is the id of the printer the words named ("用拓竹P1S打": p1s),
	// and PrinterWord the words that named it; both "" when none was named.
	Printer     string `json:"printer,omitempty"`
	PrinterWord string `json:"printer_word,omitempty"`
	// Aside lists the words understood to carry no modelling meaning, in the
	// order said.
	Aside []Aside `json:"set_aside,omitempty"`
	// Corrections lists the values a later one replaced ("不对", "actually").
	Corrections []Correction `json:"corrections,omitempty"`
}

// Why a word was set aside.
const (
	AsideFiller        = "filler"        // 嗯, 那个, um, like
	AsidePoliteness    = "politeness"    // 请, 谢谢, please, thanks
	AsidePurpose       = "purpose"       // 送给我爸, for my son, as a gift
	AsideApproximation = "approximation" // 大概, 左右, about: the value is taken as said
	AsideCorrection    = "correction"    // a correction word that replaced nothing
)

// Aside is a piece of the words set aside: the words as written and why.
type Aside struct {
	Word string `json:"word"`
	Why  string `json:"why"`
}

// Correction is one value replaced by a later one: the parameter, the two
// values as said, and the word that made the correction.
type Correction struct {
	Param string `json:"param"`
	From  string `json:"from"`
	To    string `json:"to"`
	Word  string `json:"word"`
}

// Clone returns a deep copy of s.
func (s *Spec) Clone() *Spec {
	c := &Spec{Domain: s.Domain, Lang: s.Lang, Params: make(map[string]Value, len(s.Params))}
	c.Heard = s.Heard
	c.Heard.Aside = append([]Aside(nil), s.Heard.Aside...)
	c.Heard.Corrections = append([]Correction(nil), s.Heard.Corrections...)
	for k, v := range s.Params {
		c.Params[k] = v
	}
	return c
}

// Num returns the number of the named parameter, or 0.
func (s *Spec) Num(name string) float64 { return s.Params[name].Num }

// Text returns the text of the named parameter, or "".
func (s *Spec) Text(name string) string { return s.Params[name].Text }

// Has reports whether the named parameter has a value.
func (s *Spec) Has(name string) bool { _, ok := s.Params[name]; return ok }

// FormatNumber prints a number the shortest way that reads back the same,
// trimmed to at most 6 decimals.
func FormatNumber(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) >= 1e15 {
		return strconv.FormatFloat(x, 'g', 6, 64)
	}
	if x == math.Trunc(x) {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	s := strconv.FormatFloat(x, 'f', 6, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

// FormatValue prints a value with its unit: "80mm", "12", "90deg", "resin",
// "100x60x40mm".
func FormatValue(k Kind, v Value) string {
	switch k {
	case Choice:
		return v.Text
	case Size:
		unit := "mm"
		if v.Unit == GridUnits {
			unit = ""
		}
		return FormatNumber(v.Vec[0]) + "x" + FormatNumber(v.Vec[1]) + "x" + FormatNumber(v.Vec[2]) + unit
	}
	return FormatNumber(v.Num) + k.Unit()
}

// Canonical prints the spec as words that parse back to the same spec: the domain,
// then name=value for each parameter in schema order.
func Canonical(sc *Schema, s *Spec) string {
	parts := []string{s.Domain}
	for _, p := range sc.Params {
		v, ok := s.Params[p.Name]
		if !ok {
			continue
		}
		parts = append(parts, p.Name+"="+FormatValue(p.Kind, v))
	}
	// Parameters the schema does not declare cannot appear; keep any in a fixed order.
	var extra []string
	for k := range s.Params {
		if _, ok := sc.Param(k); !ok {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	for _, k := range extra {
		parts = append(parts, k+"=?")
	}
	return strings.Join(parts, " ")
}

// Check reports the first value outside its declared range or choices, as a
// message naming the range, or "" when all are fine.
func Check(sc *Schema, s *Spec) (name, msg string) {
	for _, p := range sc.Params {
		v, ok := s.Params[p.Name]
		if !ok {
			continue
		}
		switch p.Kind {
		case Choice:
			found := false
			for _, c := range p.Choices {
				found = found || c == v.Text
			}
			if !found {
				return p.Name, fmt.Sprintf("%s must be one of %s, got %q", p.Name, strings.Join(p.Choices, ", "), v.Text)
			}
		case Size:
			for _, x := range v.Vec {
				if !(x >= p.Min && x <= p.Max) {
					return p.Name, fmt.Sprintf("%s must be between %s and %s mm on each side, got %s", p.Name,
						FormatNumber(p.Min), FormatNumber(p.Max), FormatValue(p.Kind, v))
				}
			}
		default:
			if !(v.Num >= p.Min && v.Num <= p.Max) || math.IsNaN(v.Num) {
				return p.Name, fmt.Sprintf("%s must be between %s and %s%s, got %s", p.Name,
					FormatNumber(p.Min), FormatNumber(p.Max), unitSuffix(p.Kind), said(p.Kind, v))
			}
			if p.Kind == Count && v.Num != math.Trunc(v.Num) {
				return p.Name, fmt.Sprintf("%s must be a whole number, got %s", p.Name, said(p.Kind, v))
			}
			if len(p.Values) > 0 {
				found := false
				var vs []string
				for _, x := range p.Values {
					found = found || x == v.Num
					vs = append(vs, FormatNumber(x))
				}
				if !found {
					return p.Name, fmt.Sprintf("%s must be one of %s, got %s", p.Name, strings.Join(vs, ", "), said(p.Kind, v))
				}
			}
		}
	}
	return "", ""
}

func unitSuffix(k Kind) string {
	if u := k.Unit(); u != "" {
		return " " + u
	}
	return ""
}

func said(k Kind, v Value) string {
	s := FormatValue(k, v)
	if v.Word != "" && v.Word != s {
		s += " (" + v.Word + ")"
	}
	return s
}
