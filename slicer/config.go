package slicer

import (
	"fmt"
	"io"
	"maps"
	"math"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"yanchu/internal/atomicfile"
)

// Config is a flat PrusaSlicer configuration: option keys and their values in
// PrusaSlicer's own text form (strings keep their C-style escapes, so "\n" is a
// backslash and an n). Write it with WriteTo or WriteFile and pass the file to
// prusa-slicer --load.
type Config struct {
	// Vendor, Printer, Print and Filament name where the values came from: the
	// bundle and its presets, or "" and the generic printer's description.
	Vendor, Printer, Print, Filament string
	values                           map[string]string
}

// Get returns the value of key and whether it is set.
func (c *Config) Get(key string) (string, bool) {
	v, ok := c.values[key]
	return v, ok
}

// Keys returns the keys that are set, sorted.
func (c *Config) Keys() []string {
	keys := make([]string, 0, len(c.values))
	for k := range c.values {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

var keyRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

// Set sets key to value, in PrusaSlicer's text form (for example "15%" or
// "0x0,250x0,250x210,0x210"). A key that is not a word, or a value holding a line
// break, is an error: write a line break in a G-code template as \n.
func (c *Config) Set(key, value string) error {
	if !keyRE.MatchString(key) {
		return fmt.Errorf("slicer: config key %q is not a PrusaSlicer option name", key)
	}
	if strings.ContainsAny(value, "\r\n") {
		return fmt.Errorf("slicer: the value of %s holds a line break; write it as \\n", key)
	}
	if c.values == nil {
		c.values = map[string]string{}
	}
	c.values[key] = value
	return nil
}

// set is Set for keys and values known to be valid.
func (c *Config) set(key, value string) {
	if err := c.Set(key, value); err != nil {
		panic(err)
	}
}

// SetSupports turns generated supports on or off. On means support_material = 1
// with automatic placement (support_material_auto = 1) everywhere, not only on the
// build plate (support_material_buildplate_only = 0), which is what an island
// that starts in mid-air, like the bottom pole of an inner shell, needs. Off sets
// support_material = 0 and leaves the other two as they were.
func (c *Config) SetSupports(on bool) {
	if !on {
		c.set("support_material", "0")
		return
	}
	c.set("support_material", "1")
	c.set("support_material_auto", "1")
	c.set("support_material_buildplate_only", "0")
}

// SetSpiralVase turns PrusaSlicer's spiral vase mode on or off: the model's outer
// surface printed as one continuous wall rising in a spiral, over a solid base of
// bottom_solid_layers, with no top and no infill. PrusaSlicer wants the model's
// filled outer solid for it; supports are turned off.
func (c *Config) SetSpiralVase(on bool) {
	if !on {
		c.set("spiral_vase", "0")
		return
	}
	c.set("spiral_vase", "1")
	c.set("support_material", "0")
}

// WriteTo writes the configuration as PrusaSlicer's config .ini: one
// "key = value" line per key, sorted by key, after a comment naming its source.
func (c *Config) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	b.WriteString("# PrusaSlicer configuration written by yanchu")
	for _, s := range []string{c.Vendor, c.Printer, c.Print, c.Filament} {
		if s != "" {
			b.WriteString("; ")
			b.WriteString(strings.NewReplacer("\n", " ", "\r", " ").Replace(s))
		}
	}
	b.WriteString("\n")
	for _, k := range c.Keys() {
		b.WriteString(k)
		b.WriteString(" = ")
		b.WriteString(c.values[k])
		b.WriteByte('\n')
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

// WriteFile writes the configuration to path through a temporary file renamed
// into place, so a failed write leaves no partial file.
func (c *Config) WriteFile(path string) error {
	return atomicfile.WriteFile(path, func(w io.Writer) error {
		_, err := c.WriteTo(w)
		return err
	})
}

// BedCentre returns the centre of the bounding box of bed_shape (mm), or false
// when bed_shape is missing or unreadable.
func (c *Config) BedCentre() (x, y float64, ok bool) {
	v, found := c.values["bed_shape"]
	if !found {
		return 0, 0, false
	}
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for _, p := range strings.Split(v, ",") {
		xs, ys, cut := strings.Cut(strings.TrimSpace(p), "x")
		px, err1 := strconv.ParseFloat(xs, 64)
		py, err2 := strconv.ParseFloat(ys, 64)
		if !cut || err1 != nil || err2 != nil || math.IsInf(px, 0) || math.IsInf(py, 0) || math.IsNaN(px) || math.IsNaN(py) {
			return 0, 0, false
		}
		minX, maxX = math.Min(minX, px), math.Max(maxX, px)
		minY, maxY = math.Min(minY, py), math.Max(maxY, py)
	}
	return (minX + maxX) / 2, (minY + maxY) / 2, true
}

// bundleOnly are keys of vendor bundles that are not printing options, or that
// only link presets together; they are left out of a Config. PrusaSlicer 2.5's
// --load ignores unknown keys silently, so this is tidiness, not a need:
// compatible_* would otherwise collide between the print and filament presets.
var bundleOnly = map[string]bool{
	"inherits": true, "alias": true, "renamed_from": true,
	"compatible_printers": true, "compatible_printers_condition": true,
	"compatible_prints": true, "compatible_prints_condition": true,
	"default_print_profile": true, "default_filament_profile": true,
	"default_sla_print_profile": true, "default_sla_material_profile": true,
}

// VendorConfig reads dir/vendor.ini (dir is usually ProfilesDir()) and returns
// the configuration of its printer preset, as Bundle.PrinterConfig does.
func VendorConfig(dir, vendor, printer string) (*Config, error) {
	if vendor == "" || vendor != filepath.Base(vendor) || strings.HasPrefix(vendor, ".") {
		return nil, fmt.Errorf("slicer: vendor %q is not a bundle name such as PrusaResearch or Creality", vendor)
	}
	b, err := ReadBundle(filepath.Join(dir, vendor+".ini"))
	if err != nil {
		return nil, err
	}
	return b.PrinterConfig(printer)
}

// PrinterConfig returns the full configuration for the printer preset named
// printer: the printer preset, its default print preset and its default filament
// preset, each resolved through its inherits chain and merged (print keys over
// printer keys, filament keys over both; PrusaSlicer's three sets of options do
// not overlap); bed_shape is DefaultBedShape when the printer gives none. Keys that only link presets (see bundleOnly) are dropped, and
// print_settings_id, filament_settings_id and printer_settings_id are set to the
// preset names, which PrusaSlicer writes into the G-code.
//
// The print and filament presets are the printer's default_print_profile and the
// first of its default_filament_profile list when those name presets of the
// bundle that suit the printer. Otherwise, as PrusaSlicer does when a printer is
// selected, the first suitable preset in alphabetical order is used: one whose
// compatible_printers list names the printer or, when the list is empty, whose
// compatible_printers_condition holds for the printer's values (and, for a
// filament, whose compatible_prints list or condition accepts the print preset).
// Of PrusaSlicer 2.5's 383 FFF printer presets, 265 get both defaults; the
// others (every Voron, gCreate, Jubilee and TriLAB printer, 8 Prusa and 1 Anycubic)
// name defaults that do not exist or do not suit them. A resin (SLA) printer is
// an error.
func (b *Bundle) PrinterConfig(printer string) (*Config, error) {
	pv, err := b.Resolve("printer", printer)
	if err != nil {
		return nil, err
	}
	if b.Section("printer", printer).Abstract() {
		return nil, fmt.Errorf("slicer: %q is an abstract preset, which only other presets inherit", printer)
	}
	if strings.EqualFold(unquote(pv["printer_technology"]), "SLA") {
		return nil, fmt.Errorf("slicer: %q is a resin (SLA) printer; G-code needs an FFF printer", printer)
	}
	printName := b.pick("print", unquote(pv["default_print_profile"]), printer, pv, nil)
	if printName == "" {
		return nil, fmt.Errorf("slicer: no print preset in %s fits printer %q", b.where(), printer)
	}
	printValues, err := b.Resolve("print", printName)
	if err != nil {
		return nil, err
	}
	printValues["print_settings_id"] = printName
	var filName string
	if list, ok := unescapeList(pv["default_filament_profile"]); ok && len(list) > 0 {
		filName = list[0]
	}
	filName = b.pick("filament", filName, printer, pv, printValues)
	if filName == "" {
		return nil, fmt.Errorf("slicer: no filament preset in %s fits printer %q", b.where(), printer)
	}
	c := &Config{Vendor: b.Name, Printer: printer, Print: printName, Filament: filName, values: map[string]string{}}
	for _, part := range []struct{ kind, name string }{{"printer", printer}, {"print", printName}, {"filament", filName}} {
		m := pv
		if part.kind != "printer" {
			if m, err = b.Resolve(part.kind, part.name); err != nil {
				return nil, err
			}
		}
		for k, v := range m {
			if !bundleOnly[strings.ToLower(k)] && keyRE.MatchString(k) && !strings.ContainsAny(v, "\r\n") {
				c.values[k] = v
			}
		}
	}
	if _, ok := c.values["bed_shape"]; !ok {
		c.values["bed_shape"] = DefaultBedShape
	}
	c.set("printer_settings_id", quoteIfNeeded(printer))
	c.set("print_settings_id", quoteIfNeeded(printName))
	c.set("filament_settings_id", quoteIfNeeded(filName))
	return c, nil
}

// DefaultBedShape is the bed PrusaSlicer assumes when a configuration gives none
// (200 × 200 mm); PrinterConfig sets it for the few vendor printers that lack
// one, such as Creality's CR-20 in PrusaSlicer 2.5.
const DefaultBedShape = "0x0,200x0,200x200,0x200"

// pick returns the preset of kind to use with the printer: want when it names a
// concrete preset compatible with the printer (or one whose condition cannot be
// read: the vendor chose it), else the first compatible concrete preset in
// alphabetical order, as PrusaSlicer lists them; "" when none is. A filament must
// also suit print, the print preset's values.
func (b *Bundle) pick(kind, want, printerName string, printer, print map[string]string) string {
	if s := b.Section(kind, want); want != "" && s != nil && !s.Abstract() {
		if ok, err := b.compatible(kind, want, printerName, printer, print); ok || err != nil {
			return want
		}
	}
	names := b.Presets(kind)
	slices.Sort(names)
	for _, name := range names {
		if ok, err := b.compatible(kind, name, printerName, printer, print); ok && err == nil {
			return name
		}
	}
	return ""
}

// compatible reports whether preset [kind:name] suits the printer, as its
// compatible_printers list (when not empty) or compatible_printers_condition
// says, and for a filament whether it suits the print preset too.
func (b *Bundle) compatible(kind, name, printerName string, printer, print map[string]string) (bool, error) {
	v, err := b.Resolve(kind, name)
	if err != nil {
		return false, err
	}
	if ok, err := fits(v["compatible_printers"], v["compatible_printers_condition"], printerName, printer); !ok || err != nil {
		return ok, err
	}
	if kind != "filament" || print == nil {
		return true, nil
	}
	vars := maps.Clone(printer)
	maps.Copy(vars, print)
	return fits(v["compatible_prints"], v["compatible_prints_condition"], unquote(print["print_settings_id"]), vars)
}

// fits applies a compatible_* list, when it names anything, or else the condition.
func fits(list, cond, name string, vars map[string]string) (bool, error) {
	if names, ok := unescapeList(list); ok && len(names) > 0 && !(len(names) == 1 && names[0] == "") {
		return slices.Contains(names, name), nil
	}
	return evalCondition(cond, vars)
}

// firstNumber parses the first item of a comma-separated list of numbers, such as
// nozzle_diameter = 0.4,0.4; NaN when it does not parse.
func firstNumber(v string) float64 {
	first, _, _ := strings.Cut(v, ",")
	x, err := strconv.ParseFloat(strings.TrimSpace(first), 64)
	if err != nil {
		return math.NaN()
	}
	return x
}

// quoteIfNeeded returns s as PrusaSlicer writes a string option: quoted with
// C-style escapes when it holds a quote, a backslash, a semicolon, a line break
// or blanks at either end.
func quoteIfNeeded(s string) string {
	if !strings.ContainsAny(s, "\"\\;\n\r") && s == strings.TrimSpace(s) {
		return s
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", "")
	return `"` + r.Replace(s) + `"`
}

// startGCode heats, homes and, on a bed deep enough, primes the nozzle with a line
// along the left edge.
func startGCode(g Generic) string {
	s := `G90\nM83\nM104 S[first_layer_temperature]\nM140 S[first_layer_bed_temperature]\nG28\n` +
		`M190 S[first_layer_bed_temperature]\nM109 S[first_layer_temperature]\nG92 E0`
	if g.BedX >= 10 && g.BedY >= 40 {
		end := math.Min(g.BedY-10, 80)
		s += fmt.Sprintf(`\nG1 Z0.3 F600\nG1 X2 Y10 F3000\nG1 Y%g E%.2f F1200\nG92 E0`, end, (end-10)/10)
	}
	return s
}

// Generic describes a printer no vendor bundle knows by its build volume and
// nozzle; Config turns it into a PrusaSlicer configuration for PLA on a 1.75 mm
// filament Marlin printer.
type Generic struct {
	// BedX, BedY and MaxZ are the build volume (mm); the bed's corner is at 0,0.
	BedX, BedY, MaxZ float64
	// NozzleMM is the nozzle diameter and LayerMM the layer height (mm).
	NozzleMM, LayerMM float64
}

// Config returns the configuration of g: its bed, height and nozzle; layer_height
// LayerMM and a first layer of 0.2 mm (within [LayerMM, 0.75 × NozzleMM]); PLA
// (filament_diameter 1.75, density 1.24 g/cm³, 215 °C, bed 60 °C); 0.8 mm
// retraction at 35 mm/s; 2 perimeters, 4 top and 3 bottom layers, 15% infill;
// Marlin 2 G-code with relative extrusion (reset by G92 E0 every layer, which
// PrusaSlicer requires) and a start G-code that heats, homes and primes. Every number must be positive and finite and LayerMM at most
// NozzleMM, the limit PrusaSlicer enforces.
func (g Generic) Config() (*Config, error) {
	for _, f := range []struct {
		name string
		v    float64
	}{{"BedX", g.BedX}, {"BedY", g.BedY}, {"MaxZ", g.MaxZ}, {"NozzleMM", g.NozzleMM}, {"LayerMM", g.LayerMM}} {
		if !(f.v > 0) || math.IsInf(f.v, 0) {
			return nil, fmt.Errorf("slicer: generic printer %s must be a positive number of mm, got %g", f.name, f.v)
		}
	}
	if g.LayerMM > g.NozzleMM {
		return nil, fmt.Errorf("slicer: a %g mm layer is thicker than the %g mm nozzle", g.LayerMM, g.NozzleMM)
	}
	first := math.Max(g.LayerMM, math.Min(0.2, 0.75*g.NozzleMM))
	num := func(x float64) string { return strconv.FormatFloat(math.Round(x*1e6)/1e6, 'f', -1, 64) }
	name := fmt.Sprintf("generic %gx%gx%g mm, %g mm nozzle", g.BedX, g.BedY, g.MaxZ, g.NozzleMM)
	c := &Config{Printer: name, Print: fmt.Sprintf("%g mm layers", g.LayerMM), Filament: "generic PLA", values: map[string]string{}}
	for _, kv := range [][2]string{
		{"printer_technology", "FFF"},
		{"bed_shape", fmt.Sprintf("0x0,%sx0,%sx%s,0x%s", num(g.BedX), num(g.BedX), num(g.BedY), num(g.BedY))},
		{"max_print_height", num(g.MaxZ)},
		{"nozzle_diameter", num(g.NozzleMM)},
		{"min_layer_height", num(math.Min(0.07, g.LayerMM))},
		{"max_layer_height", num(0.75 * g.NozzleMM)},
		{"layer_height", num(g.LayerMM)},
		{"first_layer_height", num(first)},
		{"filament_diameter", "1.75"},
		{"filament_density", "1.24"},
		{"filament_type", "PLA"},
		{"temperature", "215"},
		{"first_layer_temperature", "215"},
		{"bed_temperature", "60"},
		{"first_layer_bed_temperature", "60"},
		{"retract_length", "0.8"},
		{"retract_speed", "35"},
		{"retract_lift", "0"},
		{"perimeters", "2"},
		{"top_solid_layers", "4"},
		{"bottom_solid_layers", "3"},
		{"fill_density", "15%"},
		{"skirts", "1"},
		{"gcode_flavor", "marlin2"},
		{"use_relative_e_distances", "1"},
		{"start_gcode", startGCode(g)},
		{"layer_gcode", `G92 E0`},
		{"end_gcode", `M104 S0\nM140 S0\nM107\nG91\nG1 Z5 F600\nG90\nM84`},
		{"printer_settings_id", quoteIfNeeded(name)},
		{"print_settings_id", quoteIfNeeded(c.Print)},
		{"filament_settings_id", quoteIfNeeded(c.Filament)},
	} {
		c.set(kv[0], kv[1])
	}
	return c, nil
}
