package slicer

import (
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"yanchu/internal/needtool"
)

func TestGeneric(t *testing.T) {
	c, err := Generic{BedX: 220, BedY: 220, MaxZ: 250, NozzleMM: 0.4, LayerMM: 0.12}.Config()
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{
		"bed_shape": "0x0,220x0,220x220,0x220", "max_print_height": "250", "nozzle_diameter": "0.4",
		"layer_height": "0.12", "first_layer_height": "0.2", "filament_diameter": "1.75",
		"temperature": "215", "bed_temperature": "60", "perimeters": "2", "fill_density": "15%",
		"retract_length": "0.8", "use_relative_e_distances": "1", "layer_gcode": "G92 E0",
		"printer_technology": "FFF",
	} {
		if got, _ := c.Get(key); got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
	if s, _ := c.Get("start_gcode"); !strings.Contains(s, `G28\n`) || !strings.Contains(s, `G1 Y80 E7.00 F1200`) {
		t.Errorf("start_gcode %q should home and prime 70 mm along Y", s)
	}
	// A small nozzle keeps the first layer under 75% of its width.
	c, _ = Generic{BedX: 100, BedY: 30, MaxZ: 100, NozzleMM: 0.2, LayerMM: 0.05}.Config()
	if got, _ := c.Get("first_layer_height"); got != "0.15" {
		t.Errorf("first_layer_height = %s, want 0.15", got)
	}
	if s, _ := c.Get("start_gcode"); strings.Contains(s, "E") && strings.Contains(s, "Y80") {
		t.Errorf("a 30 mm deep bed must not get the 80 mm prime line: %q", s)
	}
	for _, tc := range []struct {
		g    Generic
		want string
	}{
		{Generic{BedX: 0, BedY: 200, MaxZ: 200, NozzleMM: 0.4, LayerMM: 0.2}, "BedX must be a positive number"},
		{Generic{BedX: 200, BedY: 200, MaxZ: -1, NozzleMM: 0.4, LayerMM: 0.2}, "MaxZ must be a positive number"},
		{Generic{BedX: 200, BedY: 200, MaxZ: 200, NozzleMM: 0.4, LayerMM: 0.5}, "a 0.5 mm layer is thicker than the 0.4 mm nozzle"},
	} {
		if _, err := tc.g.Config(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want %q", tc.g, err, tc.want)
		}
	}
}

func TestConfigWrite(t *testing.T) {
	var c Config
	for _, tc := range []struct{ key, value, want string }{
		{"layer height", "0.2", "not a PrusaSlicer option name"},
		{"", "0.2", "not a PrusaSlicer option name"},
		{"start_gcode", "G28\nG1", "line break"},
	} {
		if err := c.Set(tc.key, tc.value); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Set(%q, %q) = %v, want %q", tc.key, tc.value, err, tc.want)
		}
	}
	if err := c.Set("perimeters", "3"); err != nil {
		t.Fatal(err)
	}
	c.Set("bed_shape", "0x0,10x0,10x10,0x10")
	c.SetSupports(true)
	want := map[string]string{
		"perimeters": "3", "bed_shape": "0x0,10x0,10x10,0x10",
		"support_material": "1", "support_material_auto": "1", "support_material_buildplate_only": "0",
	}
	// The written file reads back, in PrusaSlicer's format, to the same keys.
	path := filepath.Join(t.TempDir(), "c.ini")
	if err := c.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	b, err := ReadBundle(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Sections) != 1 || !maps.Equal(b.Sections[0].Values, want) {
		t.Errorf("read back %+v, want %v", b.Sections, want)
	}
	if keys := b.Sections[0].Keys; keys[0] != "bed_shape" || keys[len(keys)-1] != "support_material_buildplate_only" {
		t.Errorf("keys written in order %q, want sorted", keys)
	}
	c.SetSupports(false)
	if v, _ := c.Get("support_material"); v != "0" {
		t.Errorf("SetSupports(false): support_material = %s", v)
	}
}

func TestBedCentre(t *testing.T) {
	for _, tc := range []struct {
		shape  string
		x, y   float64
		parsed bool
	}{
		{"0x0,250x0,250x210,0x210", 125, 105, true},
		{"5x0,215x0,215x220,5x220", 110, 110, true},
		{"-90x-90,90x-90,90x90,-90x90", 0, 0, true},
		{"0x0,250", 0, 0, false},
		{"abc", 0, 0, false},
		{"", 0, 0, false},
	} {
		c := &Config{}
		if tc.shape != "" {
			c.Set("bed_shape", tc.shape)
		}
		x, y, ok := c.BedCentre()
		if ok != tc.parsed || x != tc.x || y != tc.y {
			t.Errorf("BedCentre(%q) = %g, %g, %v; want %g, %g, %v", tc.shape, x, y, ok, tc.x, tc.y, tc.parsed)
		}
	}
}

// requireProfiles returns the installed vendor profiles folder. It skips the test
// when PrusaSlicer's profiles are not installed, except under CI, which installs
// them.
func requireProfiles(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(SystemProfiles); err != nil {
		needtool.Skip(t, "PrusaSlicer's vendor profiles are not installed in %s (apt-get install prusa-slicer): %v", SystemProfiles, err)
	}
	return SystemProfiles
}

func TestInstalledProfiles(t *testing.T) {
	dir := requireProfiles(t)
	for _, tc := range []struct {
		vendor, printer string
		bed             string
	}{
		{"PrusaResearch", "Original Prusa i3 MK3S & MK3S+", "0x0,250x0,250x210,0x210"},
		{"PrusaResearch", "Original Prusa MINI & MINI+", "0x0,180x0,180x180,0x180"},
		{"Creality", "Creality Ender-3 V2 (0.4 mm nozzle)", "5x0,215x0,215x220,5x220"},
		{"Creality", "Creality Ender-3 S1 (0.4 mm nozzle)", "5x0,215x0,215x220,5x220"},
	} {
		t.Run(tc.printer, func(t *testing.T) {
			c, err := VendorConfig(dir, tc.vendor, tc.printer)
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := c.Get("bed_shape"); got != tc.bed {
				t.Errorf("bed_shape = %q, want %q", got, tc.bed)
			}
			if got, _ := c.Get("nozzle_diameter"); got != "0.4" {
				t.Errorf("nozzle_diameter = %q, want 0.4", got)
			}
			if _, ok := c.Get("layer_height"); !ok {
				t.Error("no layer_height: the print preset is missing")
			}
			if _, ok := c.Get("filament_diameter"); !ok {
				t.Error("no filament_diameter: the filament preset is missing")
			}
			if c.Print == "" || c.Filament == "" {
				t.Errorf("print %q, filament %q", c.Print, c.Filament)
			}
			t.Logf("print %q, filament %q, %d keys", c.Print, c.Filament, len(c.Keys()))
		})
	}
	if _, err := VendorConfig(dir, "../etc/passwd", "x"); err == nil || !strings.Contains(err.Error(), "not a bundle name") {
		t.Errorf("a path as vendor: %v", err)
	}
}

// TestInstalledBundles resolves every printer of every installed bundle: an FFF
// printer gives a config with a print and a filament preset, an SLA one the
// resin error.
func TestInstalledBundles(t *testing.T) {
	dir := requireProfiles(t)
	paths, err := filepath.Glob(filepath.Join(dir, "*.ini"))
	if err != nil || len(paths) < 10 {
		t.Fatalf("%d bundles in %s (%v)", len(paths), dir, err)
	}
	printers := 0
	for _, path := range paths {
		b, err := ReadBundle(path)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		for _, name := range b.Presets("printer") {
			c, err := b.PrinterConfig(name)
			if err != nil {
				if !strings.Contains(err.Error(), "resin (SLA)") {
					t.Errorf("%s: %v", b.Name, err)
				}
				continue
			}
			printers++
			if _, ok := c.Get("bed_shape"); !ok {
				t.Errorf("%s %q: no bed_shape", b.Name, name)
			}
		}
	}
	if printers < 200 {
		t.Errorf("%d FFF printers resolved, want hundreds", printers)
	}
	t.Logf("%d bundles, %d FFF printers", len(paths), printers)
}
