package printcheck

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"yanchu/geom"
)

// The severities of a finding.
const (
	Blocker = "blocker" // the print fails or comes out wrong as the model stands
	Warning = "warning" // the print needs care: supports, ties, a slower speed
	Info    = "info"    // worth knowing; nothing to fix
)

// The codes of the findings, in the order a report lists findings of one severity.
const (
	CodeOpenMesh  = "open_mesh"  // the mesh is not a closed, manifold, outward surface
	CodeTooLarge  = "too_large"  // the model does not fit the build volume
	CodeThinWall  = "thin_wall"  // walls thinner than the printer's MinWallMM
	CodeNarrowGap = "narrow_gap" // clearances narrower than the printer's MinGapMM
	CodeIsland    = "island"     // material that starts in mid-air
	CodeOverhang  = "overhang"   // surfaces facing down beyond MaxOverhangDeg
	CodeBodies    = "bodies"     // how many separate bodies the mesh holds
	CodeTies      = "ties"       // the ties that hold free bodies while printing
	CodeThickness = "thickness"  // a plate's designed thinnest and thickest
)

var codeOrder = []string{CodeOpenMesh, CodeTooLarge, CodeThinWall, CodeNarrowGap, CodeIsland, CodeOverhang, CodeBodies, CodeTies, CodeThickness}

// Finding is one thing the printability check found. Measured and Limit are in
// Unit ("mm", "mm²", "°" or "" for a count); At is a point of the model near the
// problem in the mesh's own coordinates (mm), nil when the finding has no place.
// In JSON, At is an array [x, y, z] or null, as the bounds of the result document are.
type Finding struct {
	Code     string     `json:"code"`
	Severity string     `json:"severity"` // Blocker, Warning or Info
	Place    string     `json:"place"`    // where, in words: "body 2", "between body 1 and body 3"
	Measured float64    `json:"measured"` // what the mesh measured
	Limit    float64    `json:"limit"`    // what the printer needs, or 0 when no limit applies
	Unit     string     `json:"unit"`
	Advice   string     `json:"advice"` // what was found and what to do, in a sentence or two
	Body     int        `json:"body"`   // index into the bodies of mesh.Analyze, -1 when none
	At       *geom.Vec3 `json:"at"`
}

// findingJSON is a Finding as JSON has it.
type findingJSON struct {
	Code     string      `json:"code"`
	Severity string      `json:"severity"`
	Place    string      `json:"place"`
	Measured float64     `json:"measured"`
	Limit    float64     `json:"limit"`
	Unit     string      `json:"unit"`
	Advice   string      `json:"advice"`
	Body     int         `json:"body"`
	At       *[3]float64 `json:"at"`
}

// MarshalJSON writes f with At as an array [x, y, z].
func (f Finding) MarshalJSON() ([]byte, error) {
	j := findingJSON{f.Code, f.Severity, f.Place, f.Measured, f.Limit, f.Unit, f.Advice, f.Body, nil}
	if f.At != nil {
		j.At = &[3]float64{f.At.X, f.At.Y, f.At.Z}
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads what MarshalJSON writes.
func (f *Finding) UnmarshalJSON(b []byte) error {
	var j findingJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*f = Finding{j.Code, j.Severity, j.Place, j.Measured, j.Limit, j.Unit, j.Advice, j.Body, nil}
	if j.At != nil {
		f.At = &geom.Vec3{X: j.At[0], Y: j.At[1], Z: j.At[2]}
	}
	return nil
}

// Report is the printability report of a mesh on a printer.
type Report struct {
	// Printer is the id of the printer profile checked against.
	Printer string `json:"printer"`
	// Printable is true when no finding is a blocker.
	Printable bool `json:"printable"`
	// Findings lists blockers first, then warnings, then information; never nil.
	Findings []Finding `json:"findings"`
}

// Count returns how many findings have the given severity.
func (r *Report) Count(severity string) int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == severity {
			n++
		}
	}
	return n
}

// Find returns the findings with the given code, in report order.
func (r *Report) Find(code string) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Code == code {
			out = append(out, f)
		}
	}
	return out
}

// Text returns the report as WriteText writes it.
func (r *Report) Text() string {
	var b strings.Builder
	_ = r.WriteText(&b) // a strings.Builder never fails
	return b.String()
}

// WriteText writes the report for a person to read: a summary line, then one
// line per finding with its severity, code, place, measurement and advice.
func (r *Report) WriteText(w io.Writer) error {
	verdict := "printable"
	if !r.Printable {
		verdict = "not printable"
	}
	_, err := fmt.Fprintf(w, "%s: %s (%s, %s, %s)\n", r.Printer, verdict,
		plural(r.Count(Blocker), "blocker"), plural(r.Count(Warning), "warning"), plural(r.Count(Info), "note"))
	if err != nil {
		return err
	}
	for _, f := range r.Findings {
		if _, err := io.WriteString(w, "  "+f.line()+"\n"); err != nil {
			return err
		}
	}
	return nil
}

// line renders one finding on one line.
func (f *Finding) line() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-7s %-10s", f.Severity, f.Code)
	if f.Place != "" {
		b.WriteString(" " + f.Place + ":")
	}
	if f.Limit != 0 {
		fmt.Fprintf(&b, " %s%s (limit %s%s)", num(f.Measured), unitSuffix(f.Unit), num(f.Limit), unitSuffix(f.Unit))
	}
	if f.Advice != "" {
		if f.Limit != 0 {
			b.WriteString(";")
		}
		b.WriteString(" " + f.Advice)
	}
	return b.String()
}

// unitSuffix puts a space before a unit word, none before a degree sign.
func unitSuffix(u string) string {
	switch u {
	case "", "°", "%":
		return u
	}
	return " " + u
}

// num formats a measurement with up to two decimals.
func num(v float64) string {
	s := fmt.Sprintf("%.2f", v)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		s = "0"
	}
	return s
}

// plural writes a count with its noun.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// pt formats a point for advice text.
func pt(v geom.Vec3) string {
	return fmt.Sprintf("(%s, %s, %s)", num1(v.X), num1(v.Y), num1(v.Z))
}

// num1 formats a coordinate with one decimal.
func num1(v float64) string {
	s := fmt.Sprintf("%.1f", v)
	if s == "-0.0" {
		s = "0.0"
	}
	return s
}

// sortFindings orders findings by severity, then code, then body and place.
func sortFindings(fs []Finding) {
	rank := func(s string) int {
		switch s {
		case Blocker:
			return 0
		case Warning:
			return 1
		}
		return 2
	}
	slices.SortStableFunc(fs, func(a, b Finding) int {
		if c := cmp.Compare(rank(a.Severity), rank(b.Severity)); c != 0 {
			return c
		}
		if c := cmp.Compare(slices.Index(codeOrder, a.Code), slices.Index(codeOrder, b.Code)); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Body, b.Body); c != 0 {
			return c
		}
		return strings.Compare(a.Place, b.Place)
	})
}
