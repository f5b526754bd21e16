package slicer

import (
	"bytes"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func testdataBytes(name string) ([]byte, error) {
	return os.ReadFile(filepath.Join("testdata", name))
}

func readTestBundle(t *testing.T, name string) *Bundle {
	t.Helper()
	b, err := ReadBundle(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseBundle(t *testing.T) {
	b := readTestBundle(t, "bundle.ini")
	if b.Name != "bundle" {
		t.Errorf("Name = %q, want bundle", b.Name)
	}
	var heads []string
	for _, s := range b.Sections {
		heads = append(heads, s.Kind+":"+s.Name)
	}
	if len(heads) != 19 || heads[0] != "vendor:" || heads[1] != "printer_model:T1" || heads[18] != "sla_print:0.05 @R1" {
		t.Errorf("sections %q", heads)
	}
	v := b.Section("vendor", "")
	if v == nil || v.Values["name"] != "Test Vendor" || v.Line != 3 {
		t.Fatalf("vendor section %+v", v)
	}
	p := b.Section("printer", "*common*")
	if got := p.Values["start_gcode"]; got != `G28 ; home\nG1 Z5` {
		t.Errorf("start_gcode = %q: a ';' inside a value and \\n escapes must stay as written", got)
	}
	if got := p.Values["default_filament_profile"]; got != `"Test PLA"` {
		t.Errorf("default_filament_profile = %q, want the quotes kept", got)
	}
	if !p.Abstract() || b.Section("printer", "Test One").Abstract() {
		t.Error("Abstract: want *common* abstract and Test One concrete")
	}
	if got, want := b.Presets("print"), []string{"0.10mm FINE @T1", "0.10mm STRONG @T1", "Child of STRONG", "0.30mm DRAFT @T2"}; !slices.Equal(got, want) {
		t.Errorf("Presets(print) = %q, want %q", got, want)
	}
	if b.Section("print", "nope") != nil {
		t.Error("Section of a missing preset is not nil")
	}
}

func TestResolve(t *testing.T) {
	const strongCond = `printer_model=="T1" and ! (nozzle_diameter[0] > 0.4)`
	b := readTestBundle(t, "bundle.ini")
	for _, tc := range []struct {
		kind, name string
		want       map[string]string
	}{
		{"print", "0.10mm FINE @T1", map[string]string{
			"layer_height": "0.1", "perimeters": "3", "fill_density": "15%", "support_material": "0",
			"compatible_printers_condition": "printer_notes=~/.*PRINTER_MODEL_T1.*/ and nozzle_diameter[0]==0.4",
		}},
		// Three parents, the last overriding, then the preset's own key.
		{"print", "0.10mm STRONG @T1", map[string]string{
			"layer_height": "0.1", "perimeters": "4", "fill_density": "25%", "support_material": "0",
			"renamed_from": `"0.1mm STRONG"`, "compatible_printers_condition": strongCond,
		}},
		// A quoted, concrete parent; renamed_from is not inherited.
		{"print", "Child of STRONG", map[string]string{
			"layer_height": "0.1", "perimeters": "4", "fill_density": "25%", "support_material": "0",
			"infill_speed": "80", "compatible_printers_condition": strongCond,
		}},
		{"printer", "Test One", map[string]string{
			"printer_technology": "FFF", "gcode_flavor": "marlin2", "retract_length": "0.8",
			"start_gcode": `G28 ; home\nG1 Z5`, "default_filament_profile": `"Test PLA"`,
			"nozzle_diameter": "0.4", "printer_variant": "0.4", "default_print_profile": `"0.10mm FINE @T1"`,
			"bed_shape": "0x0,200x0,200x180,0x180", "max_print_height": "150",
			"printer_model": "T1", "printer_notes": "PRINTER_MODEL_T1",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := b.Resolve(tc.kind, tc.name)
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(got, tc.want) {
				t.Errorf("got  %v\nwant %v", got, tc.want)
			}
		})
	}
	// Resolve returns a copy: changing it leaves the bundle alone.
	m, _ := b.Resolve("print", "0.10mm FINE @T1")
	m["layer_height"] = "9"
	if m2, _ := b.Resolve("print", "0.10mm FINE @T1"); m2["layer_height"] != "0.1" {
		t.Error("Resolve's result aliases the bundle")
	}
}

func TestResolveErrors(t *testing.T) {
	b := readTestBundle(t, "cycle.ini")
	for _, name := range []string{"A", "B", "C"} {
		_, err := b.Resolve("print", name)
		if !errors.Is(err, ErrCycle) {
			t.Errorf("Resolve(%s) = %v, want ErrCycle", name, err)
		}
	}
	if m, err := b.Resolve("print", "Fine"); err != nil || m["perimeters"] != "2" {
		t.Errorf("Resolve(Fine) = %v, %v: a preset beside a cycle must resolve", m, err)
	}
	if _, err := b.Resolve("print", "Dangling"); err == nil || !strings.Contains(err.Error(), `"Nowhere"`) {
		t.Errorf("Resolve(Dangling) = %v, want an error naming the missing parent", err)
	}
	if _, err := readTestBundle(t, "bundle.ini").Resolve("print", "strong"); err == nil ||
		!strings.Contains(err.Error(), `did you mean "0.10mm STRONG @T1", "Child of STRONG"`) {
		t.Errorf("Resolve(strong) = %v, want suggestions", err)
	}
}

func TestParseBundleErrors(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"no equals", "[print:a]\nlayer_height 0.2\n", "line 2: no '='"},
		{"unmatched bracket", "[print:a\n", "line 1: unmatched '['"},
		{"empty section", "[]\n", "empty section name"},
		{"empty key", "[print:a]\n = 3\n", "line 2: empty key"},
		{"duplicate section", "[print:a]\nx = 1\n[print:a]\n", "line 3: section [print:a] appears twice"},
		{"duplicate key", "[print:a]\nx = 1\nx = 2\n", `line 3: key "x" appears twice`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseBundle(strings.NewReader(tc.text))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "slicer: ") {
				t.Errorf("error %v, want one with %q", err, tc.want)
			}
		})
	}
	big := bytes.Repeat([]byte("# padding padding padding padding\n"), MaxBundleBytes/34+2)
	if _, err := ParseBundle(bytes.NewReader(big)); err == nil || !strings.Contains(err.Error(), "over the limit") {
		t.Errorf("a %d-byte bundle: error %v, want over the limit", len(big), err)
	}
	b, err := ParseBundle(strings.NewReader("\xef\xbb\xbfloose = 1\r\n[print:x]\r\nk=v\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Sections) != 2 || b.Sections[0].Kind != "" || b.Sections[0].Values["loose"] != "1" || b.Section("print", "x").Values["k"] != "v" {
		t.Errorf("BOM, CRLF and keys before any section: got %+v", b.Sections)
	}
}

func TestUnescapeList(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
		ok   bool
	}{
		{"", nil, true},
		{"  ", nil, true},
		{"A", []string{"A"}, true},
		{"*common*; *bowden*; *pauseprint*", []string{"*common*", "*bowden*", "*pauseprint*"}, true},
		{`"0.16 mm OPTIMAL (0.4 mm nozzle) @CREALITY"`, []string{"0.16 mm OPTIMAL (0.4 mm nozzle) @CREALITY"}, true},
		{`"A; B";C`, []string{"A; B", "C"}, true},
		{`"say \"hi\"\\ \n"`, []string{"say \"hi\"\\ \n"}, true},
		{"A;", []string{"A", ""}, true},
		{"A ; B", []string{"A", "B"}, true},
		{`"open`, nil, false},
		{`"A" B`, nil, false},
		{`"A\`, nil, false},
	} {
		got, ok := unescapeList(tc.in)
		if ok != tc.ok || !slices.Equal(got, tc.want) {
			t.Errorf("unescapeList(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	if got := unquote(`"A \"B\""`); got != `A "B"` {
		t.Errorf("unquote = %q", got)
	}
	if got := unquote(`plain "x"`); got != `plain "x"` {
		t.Errorf("unquote of an unquoted value = %q", got)
	}
}

func TestPrinterConfig(t *testing.T) {
	b := readTestBundle(t, "bundle.ini")
	c, err := b.PrinterConfig("Test One")
	if err != nil {
		t.Fatal(err)
	}
	if c.Vendor != "bundle" || c.Printer != "Test One" || c.Print != "0.10mm FINE @T1" || c.Filament != "Test PLA" {
		t.Errorf("presets %q %q %q %q", c.Vendor, c.Printer, c.Print, c.Filament)
	}
	for key, want := range map[string]string{
		"bed_shape": "0x0,200x0,200x180,0x180", "layer_height": "0.1", "perimeters": "3",
		"temperature": "210", "filament_density": "1.24", "printer_model": "T1",
		"printer_settings_id": "Test One", "print_settings_id": "0.10mm FINE @T1", "filament_settings_id": "Test PLA",
	} {
		if got, _ := c.Get(key); got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
	for _, key := range []string{"inherits", "compatible_printers_condition", "default_print_profile", "default_filament_profile", "alias", "renamed_from"} {
		if v, ok := c.Get(key); ok {
			t.Errorf("%s = %q is kept; it only links presets", key, v)
		}
	}

	// No default print preset, and a default filament that does not exist: the
	// first presets in alphabetical order whose condition holds for model T2 with
	// a 0.6 mm nozzle, or whose list names the printer, stand in.
	c, err = b.PrinterConfig("Test Two 0.6")
	if err != nil {
		t.Fatal(err)
	}
	if c.Print != "0.30mm DRAFT @T2" || c.Filament != "Listed PLA" {
		t.Errorf("fallback presets %q and %q, want 0.30mm DRAFT @T2 and Listed PLA", c.Print, c.Filament)
	}
	if got, _ := c.Get("bed_shape"); got != "0x0,300x0,300x300,0x300" {
		t.Errorf("bed_shape = %q", got)
	}

	for _, tc := range []struct{ printer, want string }{
		{"Test Resin", "resin (SLA) printer"},
		{"*common*", "abstract preset"},
		{"Test Two", `no printer preset "Test Two" in bundle; did you mean "Test Two 0.6"`},
		{"Test Nine", `no printer preset "Test Nine" in bundle`},
	} {
		if _, err := b.PrinterConfig(tc.printer); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("PrinterConfig(%q) = %v, want an error with %q", tc.printer, err, tc.want)
		}
	}
}

func FuzzBundle(f *testing.F) {
	for _, name := range []string{"bundle.ini", "cycle.ini"} {
		data, err := testdataBytes(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("[printer:a]\ninherits = \"b\\\n[printer:b]\ninherits = a;a;\n"))
	f.Add([]byte("[print:x]\ninherits = x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ParseBundle(bytes.NewReader(data))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "slicer: ") {
				t.Fatalf("error %q lacks the package prefix", err)
			}
			return
		}
		for _, s := range b.Sections {
			if m, err := b.Resolve(s.Kind, s.Name); err == nil {
				if _, ok := m["inherits"]; ok {
					t.Fatalf("[%s:%s] resolved with inherits left in", s.Kind, s.Name)
				}
			}
			if s.Kind == "printer" {
				if c, err := b.PrinterConfig(s.Name); err == nil {
					var buf bytes.Buffer
					if _, err := c.WriteTo(&buf); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	})
}
