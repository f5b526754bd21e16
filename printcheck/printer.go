package printcheck

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"yanchu/internal/textdist"

	"yanchu/badinput"
)

// The processes a printer may use.
const (
	FDM   = "fdm"   // fused deposition: a nozzle lays lines of molten plastic
	Resin = "resin" // masked stereolithography: a screen cures layers of resin
)

// PrusaSlicer is the Slicer of printers whose G-code comes from the PrusaSlicer
// command line.
const PrusaSlicer = "prusaslicer"

// Printer is a printer profile: what it can build and the rules a model must keep
// to print on it. Lengths are in millimetres and angles in degrees.
type Printer struct {
	// ID is the short lowercase name scripts use, such as "mk3s" or "a1mini".
	ID string `json:"id"`
	// NameZH and NameEN are the names a person reads, in Chinese and English.
	NameZH string `json:"name_zh"`
	NameEN string `json:"name_en"`
	// Aliases are further names Lookup accepts besides the id and the two names.
	Aliases []string `json:"aliases"`
	// Brands are the maker's names, in both languages, as the names begin
	// ("Bambu Lab", "拓竹"): words may name a printer without them ("A1 mini").
	Brands []string `json:"brands,omitempty"`
	// Process is FDM or Resin.
	Process string `json:"process"`
	// BuildMM is the build volume along X, Y and Z (mm).
	BuildMM [3]float64 `json:"build_mm"`
	// NozzleMM is the nozzle diameter of an FDM printer (mm); 0 for resin.
	NozzleMM float64 `json:"nozzle_mm,omitempty"`
	// PixelMM is the pixel size of a resin printer's screen along X (mm); 0 for FDM.
	PixelMM float64 `json:"pixel_mm,omitempty"`
	// LayerMM is the usual layer height (mm). Check treats surfaces within one
	// layer of the bed as lying on it.
	LayerMM float64 `json:"layer_mm"`
	// MinWallMM is the thinnest wall that prints reliably (mm): two lines of a
	// 0.4 mm nozzle, or an unsupported resin wall.
	MinWallMM float64 `json:"min_wall_mm"`
	// MinGapMM is the narrowest clearance between surfaces that stays open (mm),
	// such as between the moving parts of a print-in-place model.
	MinGapMM float64 `json:"min_gap_mm"`
	// MaxOverhangDeg is the largest angle from vertical at which a downward-facing
	// surface prints without support (degrees).
	MaxOverhangDeg float64 `json:"max_overhang_deg"`
	// Slicer is PrusaSlicer when G-code comes from the PrusaSlicer command line,
	// or "" when the person must slice the model in their own slicer.
	Slicer string `json:"slicer"`
	// Vendor is the base name of the PrusaSlicer vendor bundle holding Preset,
	// such as "PrusaResearch" for PrusaResearch.ini; "" when the configuration is
	// written from this profile.
	Vendor string `json:"vendor"`
	// Preset is the exact name of the [printer:...] section in the vendor bundle.
	Preset string `json:"preset"`
	// Advice says how to get G-code when Slicer is "".
	Advice string `json:"advice,omitempty"`
	// Note says where the numbers come from.
	Note string `json:"note,omitempty"`
}

//go:embed printers.json
var printersJSON []byte

// table is the parsed data file with the lookup keys of every printer.
type table struct {
	printers []*Printer
	keys     map[string]*Printer // normalised id, names and aliases
}

// loadTable parses the embedded data file once; a malformed file panics, and the
// tests parse it with parseTable to report why.
var loadTable = sync.OnceValue(func() *table {
	t, err := parseTable(printersJSON)
	if err != nil {
		panic(err)
	}
	return t
})

// parseTable parses and checks a data file.
func parseTable(data []byte) (*table, error) {
	var file struct {
		Printers []*Printer `json:"printers"`
	}
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	if err := d.Decode(&file); err != nil {
		return nil, fmt.Errorf("printcheck: printers.json: %w", err)
	}
	if len(file.Printers) == 0 {
		return nil, fmt.Errorf("printcheck: printers.json lists no printer")
	}
	t := &table{printers: file.Printers, keys: map[string]*Printer{}}
	for _, p := range file.Printers {
		if err := p.check(); err != nil {
			return nil, err
		}
		for _, name := range p.Names() {
			k := normalize(name)
			if k == "" {
				return nil, fmt.Errorf("printcheck: printers.json: printer %q has an empty name", p.ID)
			}
			if q, ok := t.keys[k]; ok {
				return nil, fmt.Errorf("printcheck: printers.json: %q of printer %q is also a name of %q", name, p.ID, q.ID)
			}
			t.keys[k] = p
		}
	}
	return t, nil
}

// check reports what is wrong with one profile of the data file.
func (p *Printer) check() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("printcheck: printers.json: printer %q: %s", p.ID, fmt.Sprintf(format, args...))
	}
	if p.ID == "" || p.ID != strings.ToLower(p.ID) || strings.ContainsAny(p.ID, " _+") {
		return bad("the id must be short, lowercase and without spaces")
	}
	if p.NameZH == "" || p.NameEN == "" {
		return bad("both names are needed")
	}
	for i, v := range p.BuildMM {
		if !(v > 0 && v < 10000) {
			return bad("build volume %c is %g mm", "XYZ"[i], v)
		}
	}
	switch p.Process {
	case FDM:
		if !(p.NozzleMM > 0) || p.PixelMM != 0 {
			return bad("an FDM printer needs a nozzle and no pixel size")
		}
	case Resin:
		if !(p.PixelMM > 0) || p.NozzleMM != 0 {
			return bad("a resin printer needs a pixel size and no nozzle")
		}
	default:
		return bad("unknown process %q", p.Process)
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"layer_mm", p.LayerMM}, {"min_wall_mm", p.MinWallMM}, {"min_gap_mm", p.MinGapMM}} {
		if !(f.v > 0 && f.v < 10) {
			return bad("%s is %g", f.name, f.v)
		}
	}
	if !(p.MaxOverhangDeg > 0 && p.MaxOverhangDeg < 90) {
		return bad("max_overhang_deg is %g", p.MaxOverhangDeg)
	}
	switch {
	case p.Slicer != PrusaSlicer && p.Slicer != "":
		return bad("unknown slicer %q", p.Slicer)
	case p.Slicer == "" && (p.Advice == "" || p.Vendor != "" || p.Preset != ""):
		return bad("a printer without a slicer needs advice and no preset")
	case (p.Vendor == "") != (p.Preset == ""):
		return bad("vendor and preset go together")
	}
	return nil
}

// Names returns the id, the names and the aliases of p: every name Lookup accepts.
func (p *Printer) Names() []string {
	return append([]string{p.ID, p.NameZH, p.NameEN}, p.Aliases...)
}

// clone returns a deep copy of p, so callers cannot change the table.
func (p *Printer) clone() *Printer {
	c := *p
	c.Aliases = slices.Clone(p.Aliases)
	c.Brands = slices.Clone(p.Brands)
	return &c
}

// Printers returns every printer profile in the order of the data file, which
// is stable: Prusa, Bambu Lab, Creality, Elegoo, then the two generic profiles.
// The profiles are copies the caller may change.
func Printers() []*Printer {
	t := loadTable()
	out := make([]*Printer, len(t.printers))
	for i, p := range t.printers {
		out[i] = p.clone()
	}
	return out
}

// IDs returns the ids of every printer, in the order of Printers.
func IDs() []string {
	t := loadTable()
	out := make([]string, len(t.printers))
	for i, p := range t.printers {
		out[i] = p.ID
	}
	return out
}

// Lookup returns a copy of the printer whose id, Chinese or English name or alias
// matches name. Matching ignores case, spaces, hyphens, underscores and "+", and
// folds full-width letters and digits, so "A1 mini", "拓竹A1mini" and
// "ＭＫ３Ｓ＋" all match. An unknown name returns a *badinput.Error with code
// unknown_printer whose message lists the ids and whose Suggestions holds the
// nearest ids.
func Lookup(name string) (*Printer, error) {
	t := loadTable()
	k := normalize(name)
	if p, ok := t.keys[k]; ok {
		return p.clone(), nil
	}
	ids := IDs()
	sugg := t.suggest(k)
	msg := fmt.Sprintf("printcheck: unknown printer %q; known printers: %s", name, strings.Join(ids, ", "))
	if strings.TrimSpace(name) == "" {
		msg = "printcheck: no printer named; known printers: " + strings.Join(ids, ", ")
	}
	if len(sugg) > 0 {
		msg += "; did you mean " + strings.Join(sugg, " or ") + "?"
	}
	return nil, &badinput.Error{Code: badinput.UnknownPrinter, Message: msg, Suggestions: sugg}
}

// Generic returns the generic profile of a process: FDM or Resin. It panics for
// any other process.
func Generic(process string) *Printer {
	switch process {
	case FDM, Resin:
		p, err := Lookup("generic-" + process)
		if err != nil {
			panic("printcheck.Generic: " + err.Error())
		}
		return p
	}
	panic(fmt.Sprintf("printcheck.Generic: process must be %q or %q, got %q", FDM, Resin, process))
}

// maxSuggestions is how many ids an unknown printer's error suggests at most.
const maxSuggestions = 3

// suggest returns the ids of the printers with a name near key: within an edit
// distance that grows with the key's length, or holding the key (or held by it)
// when the key has three runes or more. The nearest come first, ties in table order.
func (t *table) suggest(key string) []string {
	n := len([]rune(key))
	if n == 0 {
		return nil
	}
	limit := 1 + n/4
	best := map[*Printer]int{}
	for k, p := range t.keys {
		d := textdist.Distance(key, k)
		if n >= 3 && (strings.Contains(k, key) || strings.Contains(key, k)) {
			d = min(d, 1)
		}
		if d > limit {
			continue
		}
		if old, ok := best[p]; !ok || d < old {
			best[p] = d
		}
	}
	var out []*Printer
	for _, p := range t.printers {
		if _, ok := best[p]; ok {
			out = append(out, p)
		}
	}
	slices.SortStableFunc(out, func(a, b *Printer) int { return best[a] - best[b] })
	ids := make([]string, 0, maxSuggestions)
	for _, p := range out[:min(len(out), maxSuggestions)] {
		ids = append(ids, p.ID)
	}
	if len(ids) == 0 {
		return nil
	}
	return ids
}

// maxNameRunes bounds the work of normalising and comparing a name a person typed.
const maxNameRunes = 64

// normalize folds a printer name for matching: full-width forms to ASCII, lower
// case, and spaces, hyphens, underscores and "+" dropped. Names longer than
// maxNameRunes are cut, which no real name reaches.
func normalize(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == maxNameRunes {
			break
		}
		n++
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == 0x3000:
			r = ' '
		}
		if unicode.IsSpace(r) || r == '-' || r == '_' || r == '+' || r == unicode.ReplacementChar {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
