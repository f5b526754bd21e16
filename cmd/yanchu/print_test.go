package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"yanchu/internal/needtool"

	"yanchu/geom"
	"yanchu/isosurface"
	"yanchu/mesh"
	"yanchu/sdf"
)

// printDoc is the part of the result document about printing.
type printDoc struct {
	Mesh struct {
		Components int `json:"components"`
	} `json:"mesh"`
	Report struct {
		Printer   string `json:"printer"`
		Printable bool   `json:"printable"`
		Findings  []struct {
			Code     string  `json:"code"`
			Severity string  `json:"severity"`
			Place    string  `json:"place"`
			Measured float64 `json:"measured"`
			Body     int     `json:"body"`
		} `json:"findings"`
	} `json:"report"`
	Print struct {
		Printer     string  `json:"printer"`
		Orientation string  `json:"orientation"`
		Turned      bool    `json:"turned"`
		Ties        int     `json:"ties"`
		TiesAreaMM2 float64 `json:"ties_area_mm2"`
		Notes       []string
		GCode       *struct {
			Layers     int     `json:"layers"`
			TimeS      float64 `json:"time_s"`
			FilamentMM float64 `json:"filament_mm"`
			Fusion     []struct {
				Gap            string  `json:"gap"`
				AreaMM2        float64 `json:"area_mm2"`
				OutsideTiesMM2 float64 `json:"outside_ties_mm2"`
				TiesAreaMM2    float64 `json:"ties_area_mm2"`
			} `json:"fusion"`
			UnreachedPoles []string `json:"unreached_poles"`
		} `json:"gcode"`
	} `json:"print"`
	Files []struct {
		Format string `json:"format"`
		Path   string `json:"path"`
	} `json:"files"`
	Error *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func runPrintJSON(t *testing.T, args ...string) (printDoc, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(t.Context(), args, &out, &errb)
	var doc printDoc
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("%v: stdout is not JSON: %v\n%s\n%s", args, err, out.String(), errb.String())
	}
	return doc, code
}

func (d printDoc) count(code string) int {
	n := 0
	for _, f := range d.Report.Findings {
		if f.Code == code {
			n++
		}
	}
	return n
}

func TestPrinters(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(t.Context(), []string{"printers", "--json"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var doc struct {
		Printers []struct {
			ID string `json:"id"`
		} `json:"printers"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, p := range doc.Printers {
		ids[p.ID] = true
	}
	for _, id := range []string{"mk3s", "mini", "mk4", "x1c", "p1s", "a1", "a1mini", "ender3v2", "ender3s1", "saturn4ultra", "mars5ultra", "generic-fdm", "generic-resin"} {
		if !ids[id] {
			t.Errorf("printers lacks %s", id)
		}
	}
	out.Reset()
	if code := run(t.Context(), []string{"printers", "拓竹A1mini"}, &out, &errb); code != 0 || !strings.HasPrefix(out.String(), "a1mini") {
		t.Errorf("printers 拓竹A1mini: exit %d, %q", code, out.String())
	}
	d, code := runPrintJSON(t, "make", "鬼工球 3层 直径30毫米", "--printer", "prusa mk9", "--json", "-o", t.TempDir())
	if code != 2 || d.Error == nil || d.Error.Code != "unknown_printer" {
		t.Errorf("an unknown printer: exit %d, %+v", code, d.Error)
	}
}

// The puzzle ball on the A1 mini: the report names every inner shell as an
// island, and the ball is turned so a column of openings stands at the bottom.
func TestMakeForPrinterNamesIslands(t *testing.T) {
	dir := t.TempDir()
	d, code := runPrintJSON(t, "make", "鬼工球 4层 直径40毫米", "--printer", "a1mini", "--cell", "0.2", "--json", "-o", dir)
	if code != 0 {
		t.Fatalf("exit %d: %+v", code, d.Error)
	}
	if d.Report.Printer != "a1mini" || d.Print.Printer != "a1mini" {
		t.Errorf("printer %q / %q, want a1mini", d.Report.Printer, d.Print.Printer)
	}
	if n := d.count("island"); n != 3 {
		t.Errorf("%d islands reported, want the 3 inner bodies: %+v", n, d.Report.Findings)
	}
	if !d.Print.Turned || !strings.Contains(d.Print.Orientation, "column") {
		t.Errorf("orientation %q (turned %v): want the column of openings, applied", d.Print.Orientation, d.Print.Turned)
	}
	// Without a printer the files keep the ball as built and say how to turn it.
	d, code = runPrintJSON(t, "make", "鬼工球 4层 直径40毫米", "--cell", "0.2", "--json", "-o", t.TempDir())
	if code != 0 || d.Print.Turned || d.Report.Printer != "generic-fdm" {
		t.Errorf("no printer: exit %d, turned %v, report for %q", code, d.Print.Turned, d.Report.Printer)
	}
	// G-code for a printer PrusaSlicer does not know is a note, not a failure.
	d, code = runPrintJSON(t, "make", "鬼工球 4层 直径40毫米", "--printer", "a1mini", "--cell", "0.2", "--formats", "3mf,gcode", "--json", "-o", t.TempDir())
	if code != 0 || len(d.Print.Notes) == 0 || !strings.Contains(d.Print.Notes[0], "Bambu Studio") {
		t.Errorf("gcode for the A1 mini: exit %d, notes %q", code, d.Print.Notes)
	}
	for _, f := range d.Files {
		if f.Format == "gcode" {
			t.Errorf("wrote G-code for a printer PrusaSlicer does not know: %s", f.Path)
		}
	}
}

// A size yanchu would choose that the printer cannot build is refused, saying
// what fits.
func TestMakeFitsTheBed(t *testing.T) {
	d, code := runPrintJSON(t, "make", "鬼工球 40层 树脂", "--printer", "mars5ultra", "--json", "-o", t.TempDir())
	if code != 2 || d.Error == nil || d.Error.Code != "infeasible" || !strings.Contains(d.Error.Message, "77.76") || !strings.Contains(d.Error.Message, "最多") {
		t.Errorf("40 layers on the Mars 5 Ultra: exit %d, %+v", code, d.Error)
	}
}

// needSlicer fails under CI, which installs PrusaSlicer, and skips elsewhere.
func needSlicer(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("prusa-slicer"); err != nil {
		needtool.Skip(t, "prusa-slicer is not installed (apt-get install prusa-slicer)")
	}
}

// With ties the G-code has material in the gaps only at the ties; without them
// the report says which inner shells nothing holds up.
func TestMakeGCodeFusion(t *testing.T) {
	if testing.Short() {
		t.Skip("slices with PrusaSlicer")
	}
	needSlicer(t)
	d, code := runPrintJSON(t, "make", "鬼工球 3层 直径30毫米 连接点", "--printer", "mk3s", "--cell", "0.2",
		"--formats", "3mf,gcode", "--json", "-o", t.TempDir())
	if code != 0 || d.Print.GCode == nil {
		t.Fatalf("exit %d, %+v, notes %q", code, d.Error, d.Print.Notes)
	}
	g := d.Print.GCode
	if g.Layers == 0 || g.TimeS <= 0 || g.FilamentMM <= 0 {
		t.Errorf("G-code facts: %d layers, %g s, %g mm of filament", g.Layers, g.TimeS, g.FilamentMM)
	}
	if d.Mesh.Components != 1 || d.Print.Ties == 0 {
		t.Errorf("with ties: %d bodies, %d ties", d.Mesh.Components, d.Print.Ties)
	}
	if len(g.Fusion) != 2 {
		t.Fatalf("fusion for %d gaps, want 2", len(g.Fusion))
	}
	for _, f := range g.Fusion {
		if f.AreaMM2 <= 0 || f.OutsideTiesMM2 > 0.1*f.TiesAreaMM2 {
			t.Errorf("%s: %.2f mm² in the gap, %.2f away from the ties (%.2f mm² of ties)", f.Gap, f.AreaMM2, f.OutsideTiesMM2, f.TiesAreaMM2)
		}
	}
	d, code = runPrintJSON(t, "make", "鬼工球 3层 直径30毫米", "--printer", "mk3s", "--cell", "0.2",
		"--formats", "gcode", "--json", "-o", t.TempDir())
	if code != 0 || d.Print.GCode == nil {
		t.Fatalf("exit %d, %+v", code, d.Error)
	}
	if len(d.Print.GCode.Fusion) != 2 {
		t.Errorf("fusion for %d gaps, want 2", len(d.Print.GCode.Fusion))
	}
	// Supports reach the inner shells up the column of openings, through the gaps.
	if g := d.Print.GCode; len(g.UnreachedPoles) > 1 {
		t.Errorf("no ties: nothing holds up %q", g.UnreachedPoles)
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	res, err := isosurface.Mesher{Cell: 1}.Mesh(t.Context(), sdf.Box(geom.V(20, 20, 20), 0))
	if err != nil {
		t.Fatal(err)
	}
	cube := res.Mesh
	// write writes a binary STL by hand, since the encoder refuses open meshes.
	write := func(name string, m *mesh.Mesh) string {
		b := make([]byte, 84, 84+50*len(m.Triangles))
		binary.LittleEndian.PutUint32(b[80:], uint32(len(m.Triangles)))
		for _, tri := range m.Triangles {
			var rec [50]byte
			for c, v := range tri {
				p := m.Vertices[v]
				for a, x := range [3]float64{p.X, p.Y, p.Z} {
					binary.LittleEndian.PutUint32(rec[12+12*c+4*a:], math.Float32bits(float32(x)))
				}
			}
			b = append(b, rec[:]...)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("cube.stl", cube)
	d, code := runPrintJSON(t, "check", good, "--printer", "mk3s", "--json")
	if code != 0 || !d.Report.Printable || d.Report.Printer != "mk3s" {
		t.Errorf("a 20 mm cube: exit %d, %+v", code, d.Report)
	}
	open := &mesh.Mesh{Vertices: cube.Vertices, Triangles: cube.Triangles[1:]}
	d, code = runPrintJSON(t, "check", write("open.stl", open), "--json")
	if code != 0 || d.Report.Printable || d.count("open_mesh") != 1 {
		t.Errorf("an open cube: exit %d, %+v", code, d.Report)
	}
	junk := filepath.Join(dir, "junk.stl")
	if err := os.WriteFile(junk, []byte("solid x\nfacet normal 0 0 1\nouter loop\nvertex 1 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{junk, filepath.Join(dir, "missing.3mf"), filepath.Join(dir, "cube.obj"), dir} {
		d, code = runPrintJSON(t, "check", p, "--json")
		if code != 2 || d.Error == nil || d.Error.Code != "bad_mesh" {
			t.Errorf("check %s: exit %d, %+v", p, code, d.Error)
		}
	}
}
