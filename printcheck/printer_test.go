package printcheck

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"yanchu/internal/needtool"

	"yanchu/badinput"
)

// wantIDs are the printer ids of the command line contract, in table order.
var wantIDs = []string{"mk3s", "mini", "mk4", "x1c", "p1s", "a1", "a1mini", "ender3v2", "ender3s1",
	"saturn4ultra", "mars5ultra", "generic-fdm", "generic-resin"}

func TestDataFile(t *testing.T) {
	tab, err := parseTable(printersJSON)
	if err != nil {
		t.Fatalf("printers.json: %v", err)
	}
	var ids []string
	for _, p := range tab.printers {
		ids = append(ids, p.ID)
		if p.Process == FDM && p.MaxOverhangDeg != 45 {
			t.Errorf("%s: overhang %g°, want 45° for FDM", p.ID, p.MaxOverhangDeg)
		}
		if p.Process == FDM && (p.MinGapMM < 0.3 || p.MinGapMM > 0.4) {
			t.Errorf("%s: gap %g mm, want 0.3 to 0.4 for FDM", p.ID, p.MinGapMM)
		}
		if p.LayerMM >= p.MinWallMM || p.MinGapMM >= p.MinWallMM {
			t.Errorf("%s: layer %g and gap %g should be under the wall %g", p.ID, p.LayerMM, p.MinGapMM, p.MinWallMM)
		}
		if p.Process == FDM && p.LayerMM > 0.8*p.NozzleMM {
			t.Errorf("%s: layer %g mm is over 80%% of the %g mm nozzle", p.ID, p.LayerMM, p.NozzleMM)
		}
		if p.Note == "" {
			t.Errorf("%s: no note on where the numbers come from", p.ID)
		}
	}
	if !slices.Equal(ids, wantIDs) {
		t.Errorf("ids = %v, want %v", ids, wantIDs)
	}
	if got := IDs(); !slices.Equal(got, wantIDs) {
		t.Errorf("IDs() = %v, want %v", got, wantIDs)
	}
	vol := map[string][3]float64{
		"mk3s": {250, 210, 210}, "mini": {180, 180, 180}, "mk4": {250, 210, 220}, "x1c": {256, 256, 256},
		"a1mini": {180, 180, 180}, "ender3v2": {220, 220, 250}, "saturn4ultra": {218.88, 122.88, 220},
		"mars5ultra": {153.36, 77.76, 165}, "generic-fdm": {220, 220, 250},
	}
	for id, want := range vol {
		p, err := Lookup(id)
		if err != nil {
			t.Fatal(err)
		}
		if p.BuildMM != want {
			t.Errorf("%s: volume %v, want %v", id, p.BuildMM, want)
		}
	}
	routes := map[string]string{"mk3s": PrusaSlicer, "mini": PrusaSlicer, "ender3v2": PrusaSlicer,
		"ender3s1": PrusaSlicer, "generic-fdm": PrusaSlicer, "mk4": "", "x1c": "", "a1mini": "", "saturn4ultra": "", "generic-resin": ""}
	for id, want := range routes {
		p, _ := Lookup(id)
		if p.Slicer != want {
			t.Errorf("%s: slicer %q, want %q", id, p.Slicer, want)
		}
	}
	if p, _ := Lookup("generic-fdm"); p.Vendor != "" || p.NozzleMM != 0.4 {
		t.Errorf("generic-fdm: vendor %q nozzle %g, want none and 0.4", p.Vendor, p.NozzleMM)
	}
}

// TestPresetsInstalled checks every PrusaSlicer preset name against the vendor
// bundles of the installed PrusaSlicer.
func TestPresetsInstalled(t *testing.T) {
	const dir = "/usr/share/PrusaSlicer/profiles"
	if _, err := os.Stat(dir); err != nil {
		needtool.Skip(t, "PrusaSlicer's profiles are not installed at %s (%v): preset names unchecked", dir, err)
	}
	sections := map[string]map[string]bool{}
	checked := 0
	for _, p := range Printers() {
		if p.Vendor == "" {
			continue
		}
		if sections[p.Vendor] == nil {
			sections[p.Vendor] = readSections(t, filepath.Join(dir, p.Vendor+".ini"))
		}
		if !sections[p.Vendor][p.Preset] {
			t.Errorf("%s: no [printer:%s] in %s.ini", p.ID, p.Preset, p.Vendor)
		}
		checked++
	}
	if checked != 4 {
		t.Errorf("checked %d presets, want 4 (mk3s, mini, ender3v2, ender3s1)", checked)
	}
}

// readSections returns the printer section names of a PrusaSlicer vendor bundle.
func readSections(t *testing.T, path string) map[string]bool {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for line := range strings.Lines(string(data)) {
		line = strings.TrimSpace(line)
		if name, ok := strings.CutPrefix(line, "[printer:"); ok && strings.HasSuffix(name, "]") {
			out[strings.TrimSuffix(name, "]")] = true
		}
	}
	return out
}

func TestParseTableRejects(t *testing.T) {
	good := `{"id":"x","name_zh":"甲","name_en":"Printer X","aliases":[],"process":"fdm","build_mm":[1,1,1],"nozzle_mm":0.4,"layer_mm":0.2,"min_wall_mm":0.8,"min_gap_mm":0.3,"max_overhang_deg":45,"slicer":"prusaslicer","vendor":"","preset":""}`
	if _, err := parseTable([]byte(`{"printers":[` + good + `]}`)); err != nil {
		t.Fatalf("the good row: %v", err)
	}
	cases := map[string]string{
		"not json":        `{"printers":[`,
		"no printers":     `{"printers":[]}`,
		"unknown field":   `{"printers":[` + strings.Replace(good, `"id"`, `"colour":1,"id"`, 1) + `]}`,
		"duplicate id":    `{"printers":[` + good + `,` + strings.Replace(good, `"甲"`, `"乙"`, 1) + `]}`,
		"alias collision": `{"printers":[` + strings.Replace(good, `"aliases":[]`, `"aliases":["甲"]`, 1) + `]}`,
		"bad process":     `{"printers":[` + strings.Replace(good, `"fdm"`, `"sls"`, 1) + `]}`,
		"zero volume":     `{"printers":[` + strings.Replace(good, `[1,1,1]`, `[1,0,1]`, 1) + `]}`,
		"upper-case id":   `{"printers":[` + strings.Replace(good, `"id":"x"`, `"id":"X1"`, 1) + `]}`,
		"no advice":       `{"printers":[` + strings.Replace(good, `"slicer":"prusaslicer"`, `"slicer":""`, 1) + `]}`,
		"preset alone":    `{"printers":[` + strings.Replace(good, `"preset":""`, `"preset":"P"`, 1) + `]}`,
		"resin nozzle":    `{"printers":[` + strings.Replace(good, `"fdm"`, `"resin"`, 1) + `]}`,
		"flat overhang":   `{"printers":[` + strings.Replace(good, `"max_overhang_deg":45`, `"max_overhang_deg":90`, 1) + `]}`,
	}
	for name, data := range cases {
		if _, err := parseTable([]byte(data)); err == nil || !strings.HasPrefix(err.Error(), "printcheck: ") {
			t.Errorf("%s: err = %v, want a printcheck error", name, err)
		}
	}
}

func TestLookup(t *testing.T) {
	cases := map[string]string{
		"mk3s": "mk3s", "MK3S+": "mk3s", "ＭＫ３Ｓ＋": "mk3s", "Prusa MK3S+": "mk3s", "普鲁萨MK3S": "mk3s",
		"Original Prusa i3 MK3S+": "mk3s", "mini": "mini", "Prusa MINI+": "mini", "普鲁萨 MINI+": "mini",
		"mk4": "mk4", "MK4S": "mk4", "普鲁萨MK4": "mk4",
		"x1c": "x1c", "Bambu Lab X1 Carbon": "x1c", "拓竹X1C": "x1c", "P1S": "p1s", "拓竹 P1S": "p1s",
		"a1": "a1", "拓竹A1": "a1", "拓竹A1mini": "a1mini", "Bambu Lab A1 mini": "a1mini", "A1 mini": "a1mini",
		"a1_mini": "a1mini", "A1-MINI": "a1mini", "Ender-3 V2": "ender3v2", "创想三维Ender-3 V2": "ender3v2",
		"Creality Ender-3 S1": "ender3s1", "Elegoo Saturn 4 Ultra": "saturn4ultra", "爱乐酷Saturn 4 Ultra": "saturn4ultra",
		"爱乐酷 土星4 Ultra": "saturn4ultra", "Mars 5 Ultra": "mars5ultra", "爱乐酷火星5Ultra": "mars5ultra",
		"generic-fdm": "generic-fdm", "GENERIC_FDM": "generic-fdm", "fdm": "generic-fdm", "通用FDM": "generic-fdm",
		"generic-resin": "generic-resin", "光固化": "generic-resin", "resin": "generic-resin",
		"\u3000mk3s\u3000": "mk3s",
	}
	for name, want := range cases {
		p, err := Lookup(name)
		if err != nil {
			t.Errorf("Lookup(%q): %v", name, err)
			continue
		}
		if p.ID != want {
			t.Errorf("Lookup(%q) = %s, want %s", name, p.ID, want)
		}
	}
}

func TestLookupUnknown(t *testing.T) {
	cases := []struct {
		name string
		want []string // suggestions that must be there
		none bool     // no suggestion at all
	}{
		{"ender3", []string{"ender3v2", "ender3s1"}, false},
		{"mk3", []string{"mk3s"}, false},
		{"a1mnii", []string{"a1mini"}, false},
		{"saturn", []string{"saturn4ultra"}, false},
		{"qwertyuiop", nil, true},
		{"", nil, true},
		{"   ", nil, true},
	}
	for _, c := range cases {
		p, err := Lookup(c.name)
		if p != nil || err == nil {
			t.Errorf("Lookup(%q) = %v, %v; want an error", c.name, p, err)
			continue
		}
		e := badinput.As(err)
		if e == nil || e.Code != badinput.UnknownPrinter {
			t.Errorf("Lookup(%q): error %v, want code %s", c.name, err, badinput.UnknownPrinter)
			continue
		}
		if !strings.HasPrefix(e.Message, "printcheck: ") || !strings.Contains(e.Message, strings.Join(wantIDs, ", ")) {
			t.Errorf("Lookup(%q): message %q should start with printcheck: and list the ids", c.name, e.Message)
		}
		for _, w := range c.want {
			if !slices.Contains(e.Suggestions, w) {
				t.Errorf("Lookup(%q): suggestions %v, want %s among them", c.name, e.Suggestions, w)
			}
		}
		if c.none && len(e.Suggestions) > 0 {
			t.Errorf("Lookup(%q): suggestions %v, want none", c.name, e.Suggestions)
		}
		if len(e.Suggestions) > maxSuggestions {
			t.Errorf("Lookup(%q): %d suggestions, want at most %d", c.name, len(e.Suggestions), maxSuggestions)
		}
	}
}

func TestLookupReturnsCopies(t *testing.T) {
	p, err := Lookup("mk3s")
	if err != nil {
		t.Fatal(err)
	}
	p.MinWallMM, p.Aliases[0] = 99, "changed"
	Printers()[0].BuildMM[0] = 1
	q, _ := Lookup("mk3s")
	if q.MinWallMM != 0.8 || q.Aliases[0] == "changed" || q.BuildMM[0] != 250 {
		t.Errorf("changing a returned profile changed the table: %+v", q)
	}
}

func TestGeneric(t *testing.T) {
	if got := Generic(FDM).ID; got != "generic-fdm" {
		t.Errorf("Generic(fdm) = %s", got)
	}
	if got := Generic(Resin).ID; got != "generic-resin" {
		t.Errorf("Generic(resin) = %s", got)
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "printcheck.Generic") {
			t.Errorf("Generic(sls): recovered %v, want a printcheck.Generic panic", r)
		}
	}()
	Generic("sls")
}

func TestPrinterJSON(t *testing.T) {
	b, err := json.Marshal(Printers()[0])
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "name_zh", "name_en", "aliases", "process", "build_mm", "nozzle_mm", "layer_mm",
		"min_wall_mm", "min_gap_mm", "max_overhang_deg", "slicer", "vendor", "preset"} {
		if _, ok := got[k]; !ok {
			t.Errorf("the JSON of a profile lacks %q: %s", k, b)
		}
	}
	if _, ok := got["pixel_mm"]; ok {
		t.Errorf("an FDM profile's JSON has pixel_mm: %s", b)
	}
}

func TestNormalize(t *testing.T) {
	cases := map[string]string{
		"A1 mini": "a1mini", "ＡＢＣ－１＋": "abc1", "Ender_3-V2+": "ender3v2", "拓竹 A1": "拓竹a1",
		"": "", "\xff\xfe": "", strings.Repeat("x", 100): strings.Repeat("x", maxNameRunes),
	}
	for in, want := range cases {
		if got := normalize(in); got != want {
			t.Errorf("normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLookupErrorIsBadInput(t *testing.T) {
	_, err := Lookup("nope")
	var e *badinput.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %T is not a *badinput.Error", err)
	}
}
