package printcheck

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"yanchu/encoding/stl"
	"yanchu/geom"
	"yanchu/internal/meshtest"
	"yanchu/mesh"
	"yanchu/sdf"
)

// check runs Check on the named printer and logs the report.
func check(t *testing.T, m *mesh.Mesh, printer string, opt Options) *Report {
	t.Helper()
	p, err := Lookup(printer)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Check(t.Context(), m, p, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d triangles\n%s", len(m.Triangles), r.Text())
	if r.Printable != (r.Count(Blocker) == 0) {
		t.Errorf("Printable = %v with %d blockers", r.Printable, r.Count(Blocker))
	}
	return r
}

// one returns the only finding with the code, failing the test unless there is
// exactly one.
func one(t *testing.T, r *Report, code string) Finding {
	t.Helper()
	fs := r.Find(code)
	if len(fs) != 1 {
		t.Fatalf("%d %s findings, want 1", len(fs), code)
	}
	return fs[0]
}

// near fails the test unless got is within tol of want.
func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.4g, want %.4g ± %g", what, got, want, tol)
	}
}

// noneBut fails the test when the report has a finding with a code other than
// those allowed.
func noneBut(t *testing.T, r *Report, allowed ...string) {
	t.Helper()
	for _, f := range r.Findings {
		ok := false
		for _, a := range allowed {
			ok = ok || f.Code == a
		}
		if !ok {
			t.Errorf("unexpected finding: %s", f.line())
		}
	}
}

// plateOnBase is a base 20 x 20 x 3 mm with an upright plate of the given
// thickness, 15 mm wide and 10 mm tall, built from exact boxes.
func plateOnBase(thick float64) *mesh.Mesh {
	x0, x1 := 10-thick/2, 10+thick/2
	return boxUnion(lines(2, 0, x0, x1, 20), lines(2.5, 0, 2.5, 17.5, 20), lines(1, 0, 3, 13),
		[2]geom.Vec3{geom.V(0, 0, 0), geom.V(20, 20, 3)},
		[2]geom.Vec3{geom.V(x0, 2.5, 3), geom.V(x1, 17.5, 13)})
}

func TestThinWall(t *testing.T) {
	cases := []struct {
		thick float64
		sev   string // "" for no finding
	}{{0.4, Blocker}, {0.7, Warning}, {0.79, ""}, {2, ""}}
	for _, c := range cases {
		r := check(t, plateOnBase(c.thick), "mk3s", Options{})
		fs := r.Find(CodeThinWall)
		if c.sev == "" {
			if len(fs) != 0 {
				t.Errorf("plate %g mm: %d thin_wall findings, want none", c.thick, len(fs))
			}
			continue
		}
		f := one(t, r, CodeThinWall)
		if f.Severity != c.sev || f.Body != 0 || f.Limit != 0.8 || f.Unit != "mm" || f.At == nil {
			t.Errorf("plate %g mm: %+v, want a %s on body 0 with limit 0.8 mm", c.thick, f, c.sev)
		}
		near(t, "measured thickness", f.Measured, c.thick, 1e-3)
		if f.At != nil && (f.At.Z < 3 || f.At.Z > 13 || math.Abs(f.At.X-10) > c.thick) {
			t.Errorf("plate %g mm: placed at %v, not on the plate", c.thick, *f.At)
		}
		noneBut(t, r, CodeThinWall, CodeBodies)
	}
}

// TestThinWallMeshed finds the thin plate in a mesher's mesh, whose edges are
// chamfered and whose faces are cut into many triangles.
func TestThinWallMeshed(t *testing.T) {
	s := sdf.Union(block(geom.V(0, 0, 0), geom.V(10, 10, 2)), block(geom.V(4.8, 1, 1.5), geom.V(5.2, 9, 8)))
	r := check(t, meshed(t, s, 0.1), "mk3s", Options{})
	f := one(t, r, CodeThinWall)
	if f.Severity != Blocker {
		t.Errorf("severity %s, want blocker", f.Severity)
	}
	near(t, "measured thickness", f.Measured, 0.4, 0.02)
	noneBut(t, r, CodeThinWall, CodeBodies)
}

func TestNarrowGap(t *testing.T) {
	for _, c := range []struct {
		gap  float64
		want bool
	}{{0.15, true}, {0.25, true}, {0.3, false}, {1, false}} {
		m := &mesh.Mesh{}
		meshtest.AddBox(m, geom.V(0, 0, 0), geom.V(10, 10, 10), false)
		meshtest.AddBox(m, geom.V(10+c.gap, 0, 0), geom.V(20+c.gap, 10, 10), false)
		r := check(t, m, "mk3s", Options{MovingBodies: true})
		if !c.want {
			noneBut(t, r, CodeBodies)
			continue
		}
		f := one(t, r, CodeNarrowGap)
		if f.Severity != Blocker || f.Place != "between body 1 and body 2" || f.Limit != 0.3 {
			t.Errorf("gap %g: %+v, want a blocker between body 1 and body 2", c.gap, f)
		}
		near(t, "measured gap", f.Measured, c.gap, 1e-3)
		if f.At != nil {
			near(t, "gap's place along X", f.At.X, 10+c.gap/2, 1e-3)
		}
		noneBut(t, r, CodeNarrowGap, CodeBodies)
	}
}

// TestNarrowSlot finds a slot within one body: a U of two walls 0.2 mm apart.
func TestNarrowSlot(t *testing.T) {
	m := boxUnion(lines(1, 0, 4.9, 5.1, 10), lines(2, 0, 10), lines(1, 0, 3, 10),
		[2]geom.Vec3{geom.V(0, 0, 0), geom.V(10, 10, 3)},
		[2]geom.Vec3{geom.V(0, 0, 3), geom.V(4.9, 10, 10)},
		[2]geom.Vec3{geom.V(5.1, 0, 3), geom.V(10, 10, 10)})
	r := check(t, m, "mk3s", Options{})
	f := one(t, r, CodeNarrowGap)
	if f.Severity != Warning || f.Place != "within body 1" {
		t.Errorf("%+v, want a warning within body 1", f)
	}
	near(t, "slot width", f.Measured, 0.2, 1e-3)
	noneBut(t, r, CodeNarrowGap, CodeBodies)
}

// tee is a slab 20 x 20 x 3 mm on a post 4 x 4 x 10 mm.
func tee() *mesh.Mesh {
	return boxUnion(lines(2, 0, 8, 12, 20), lines(2, 0, 8, 12, 20), lines(2, 0, 10, 13),
		[2]geom.Vec3{geom.V(8, 8, 0), geom.V(12, 12, 10)},
		[2]geom.Vec3{geom.V(0, 0, 10), geom.V(20, 20, 13)})
}

func TestOverhang(t *testing.T) {
	r := check(t, tee(), "mk3s", Options{})
	f := one(t, r, CodeOverhang)
	if f.Severity != Warning || f.Limit != 45 || f.Unit != "°" || f.At == nil {
		t.Fatalf("%+v, want a warning with limit 45°", f)
	}
	near(t, "steepest overhang", f.Measured, 90, 1e-9)
	near(t, "height of the overhang", f.At.Z, 10, 1e-9)
	// The slab's underside less the post, 400 - 16 mm², of 1,200 mm² in all.
	if !strings.Contains(f.Advice, "384.0 mm²") || !strings.Contains(f.Advice, "32%") {
		t.Errorf("advice %q, want 384.0 mm² and 32%%", f.Advice)
	}
	noneBut(t, r, CodeOverhang, CodeBodies)

	// Upside down the slab lies on the bed and nothing hangs.
	r = check(t, tee(), "mk3s", Options{Up: geom.V(0, 0, -1)})
	noneBut(t, r, CodeBodies)
}

func TestOverhangMeshed(t *testing.T) {
	s := sdf.Union(at(sdf.Cylinder(2, 10), geom.V(-2, -2, 0)), at(sdf.Cylinder(10, 3), geom.V(-10, -10, 9.5)))
	r := check(t, meshed(t, s, 0.5), "mk3s", Options{})
	f := one(t, r, CodeOverhang)
	if f.Measured < 80 {
		t.Errorf("steepest overhang %g°, want the flat underside near 90°", f.Measured)
	}
	near(t, "height of the overhang", f.At.Z, 9.5, 0.5)
	noneBut(t, r, CodeOverhang, CodeBodies)
}

func TestIsland(t *testing.T) {
	s := sdf.Union(block(geom.V(0, 0, 0), geom.V(30, 30, 2)), sdf.Translate(sdf.Sphere(5), geom.V(15, 15, 12)))
	m := meshed(t, s, 0.5)
	r := check(t, m, "mk3s", Options{})
	f := one(t, r, CodeIsland)
	if f.Severity != Warning || f.Body != 1 || f.Place != "body 2" {
		t.Errorf("%+v, want a warning on body 1, the sphere", f)
	}
	near(t, "height above the bed", f.Measured, 7, 0.3)
	if !strings.Contains(f.Advice, "body 2 starts 7") {
		t.Errorf("advice %q should say where body 1 starts", f.Advice)
	}
	if b := one(t, r, CodeBodies); b.Severity != Warning || b.Measured != 2 {
		t.Errorf("bodies: %+v, want a warning about 2 bodies", b)
	}
	one(t, r, CodeOverhang) // the sphere's underside
	noneBut(t, r, CodeIsland, CodeBodies, CodeOverhang)

	r = check(t, m, "mk3s", Options{MovingBodies: true, Ties: 4, TieAreaMM2: 1.5})
	if b := one(t, r, CodeBodies); b.Severity != Info || !strings.Contains(b.Advice, "free to move") {
		t.Errorf("bodies with MovingBodies: %+v, want information", b)
	}
	if ti := one(t, r, CodeTies); ti.Severity != Info || ti.Measured != 1.5 {
		t.Errorf("ties: %+v, want information with 1.5 mm²", ti)
	}
}

// TestIslandNested finds a cube held free in a hollow cube's cavity.
func TestIslandNested(t *testing.T) {
	r := check(t, meshtest.Nested(), "mk3s", Options{MovingBodies: true})
	f := one(t, r, CodeIsland)
	if f.Body != 1 || !strings.Contains(f.Advice, "inside body 1") {
		t.Errorf("%+v, want body 2 inside body 1", f)
	}
	near(t, "height above the bed", f.Measured, 5, 1e-9)
}

// TestIslandMidAir finds a pendant hanging from a bridge: it is part of the body
// that stands on the bed, but starts in mid-air.
func TestIslandMidAir(t *testing.T) {
	m := boxUnion(lines(2, 0, 2, 4, 6, 8, 10), lines(2, 0, 4), lines(2, 0, 6, 10, 12),
		[2]geom.Vec3{geom.V(0, 0, 0), geom.V(2, 4, 12)},
		[2]geom.Vec3{geom.V(8, 0, 0), geom.V(10, 4, 12)},
		[2]geom.Vec3{geom.V(0, 0, 10), geom.V(10, 4, 12)},
		[2]geom.Vec3{geom.V(4, 0, 6), geom.V(6, 4, 10)})
	r := check(t, m, "mk3s", Options{})
	f := one(t, r, CodeIsland)
	if f.Body != 0 || !strings.Contains(f.Advice, "1 place on body 1 starts in mid-air") {
		t.Errorf("%+v, want one place in mid-air on body 0", f)
	}
	near(t, "height above the bed", f.Measured, 6, 1e-9)
	one(t, r, CodeOverhang)
}

func TestTooLarge(t *testing.T) {
	cases := []struct {
		name, printer string
		size          geom.Vec3
		advice        string // "" when it fits
	}{
		{"300 mm cube", "mk3s", geom.V(300, 300, 300), "scale it to 70% or less"},
		{"fits", "mk3s", geom.V(200, 170, 50), ""},
		{"exactly", "mk3s", geom.V(250, 210, 210), ""},
		{"quarter turn", "mk3s", geom.V(200, 230, 50), "turned 90° about the vertical (a quarter turn) it fits"},
		{"diagonal", "a1mini", geom.V(230, 10, 10), "(corner to corner) it fits"},
		{"tall", "mk3s", geom.V(100, 100, 230), "laid on another face it fits"},
		{"resin on its side", "mars5ultra", geom.V(100, 100, 10), "laid on another face it fits"},
		{"resin", "mars5ultra", geom.V(200, 200, 200), "scale it to 38% or less"},
	}
	for _, c := range cases {
		m := &mesh.Mesh{}
		meshtest.AddBox(m, geom.V(0, 0, 0), c.size, false)
		r := check(t, m, c.printer, Options{MaxRays: 1000})
		fs := r.Find(CodeTooLarge)
		if c.advice == "" {
			if len(fs) != 0 {
				t.Errorf("%s: %+v, want no too_large", c.name, fs)
			}
			continue
		}
		f := one(t, r, CodeTooLarge)
		if f.Severity != Blocker || r.Printable || !strings.Contains(f.Advice, c.advice) {
			t.Errorf("%s: %+v, want a blocker advising %q", c.name, f, c.advice)
		}
	}
	m := &mesh.Mesh{}
	meshtest.AddBox(m, geom.V(0, 0, 0), geom.V(300, 300, 300), false)
	f := one(t, check(t, m, "mk3s", Options{MaxRays: 1000}), CodeTooLarge)
	if f.Measured != 300 || f.Limit != 210 {
		t.Errorf("measured %g against %g, want 300 against 210", f.Measured, f.Limit)
	}
}

// TestOpenMesh reads an STL file with one facet cut out.
func TestOpenMesh(t *testing.T) {
	m := meshed(t, block(geom.V(0, 0, 0), geom.V(20, 20, 20)), 1)
	var buf bytes.Buffer
	if err := stl.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	n := binary.LittleEndian.Uint32(data[80:84])
	cut := append(append([]byte{}, data[:84+50*7]...), data[84+50*8:]...)
	binary.LittleEndian.PutUint32(cut[80:84], n-1)
	open, err := stl.Decode(bytes.NewReader(cut), stl.DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r := check(t, open, "mk3s", Options{})
	f := one(t, r, CodeOpenMesh)
	if f.Severity != Blocker || r.Printable || !strings.Contains(f.Advice, "3 open edges") {
		t.Errorf("%+v, want a blocker naming open edges", f)
	}
	noneBut(t, r, CodeOpenMesh, CodeBodies)

	r = check(t, &mesh.Mesh{}, "mk3s", Options{})
	one(t, r, CodeOpenMesh)
}

// TestGoodSolids checks that sound solids standing on the bed raise nothing but
// information.
func TestGoodSolids(t *testing.T) {
	tray := sdf.Difference(block(geom.V(0, 0, 0), geom.V(30, 30, 15)), block(geom.V(2, 2, 2), geom.V(28, 28, 16)))
	solids := map[string]sdf.Solid{
		"cube":     block(geom.V(0, 0, 0), geom.V(20, 20, 20)),
		"tray":     tray,
		"cylinder": at(sdf.Cylinder(10, 20), geom.V(0, 0, 0)),
	}
	for name, s := range solids {
		m := meshed(t, s, 0.5)
		for _, printer := range []string{"mk3s", "saturn4ultra"} {
			r := check(t, m, printer, Options{})
			for _, f := range r.Findings {
				if f.Severity != Info {
					t.Errorf("%s on %s: %s", name, printer, f.line())
				}
			}
			if b := one(t, r, CodeBodies); b.Measured != 1 {
				t.Errorf("%s: %g bodies, want 1", name, b.Measured)
			}
		}
	}
}

// TestNestedGap measures the gap between a ball and the cavity around it, meshed:
// 0.4 mm passes a 0.4 mm rule, 0.25 mm does not.
func TestNestedGap(t *testing.T) {
	for _, c := range []struct {
		gap  float64
		want bool
	}{{0.4, false}, {0.25, true}} {
		s := sdf.Union(sdf.Shell(sdf.Sphere(6), 1.6), sdf.Sphere(6-1.6-c.gap))
		r := check(t, meshed(t, s, 0.08), "generic-fdm", Options{MovingBodies: true})
		fs := r.Find(CodeNarrowGap)
		if !c.want {
			if len(fs) != 0 {
				t.Errorf("gap %g: %+v, want none", c.gap, fs)
			}
			continue
		}
		f := one(t, r, CodeNarrowGap)
		if f.Severity != Blocker || f.Place != "between body 1 and body 2" {
			t.Errorf("gap %g: %+v, want a blocker between the bodies", c.gap, f)
		}
		near(t, "gap", f.Measured, c.gap, 0.01)
	}
}

func TestDeterministic(t *testing.T) {
	m := meshed(t, sdf.Union(sdf.Shell(sdf.Sphere(6), 1), sdf.Sphere(4.8)), 0.1)
	p, _ := Lookup("mk3s")
	var first *Report
	for _, w := range []int{1, 2, 5} {
		r, err := Check(t.Context(), m, p, Options{Workers: w, MovingBodies: true})
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = r
			if len(r.Find(CodeNarrowGap)) == 0 {
				t.Errorf("expected a narrow gap in\n%s", r.Text())
			}
		} else if !reflect.DeepEqual(r, first) {
			t.Errorf("workers %d:\n%s\nworkers 1:\n%s", w, r.Text(), first.Text())
		}
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := Check(ctx, tee(), Generic(FDM), Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if _, err := Check(t.Context(), tee(), Generic(FDM), Options{Up: geom.V(math.NaN(), 0, 1)}); err == nil ||
		!strings.HasPrefix(err.Error(), "printcheck: ") {
		t.Errorf("a NaN up: err = %v, want a printcheck error", err)
	}
}

func TestReportJSON(t *testing.T) {
	m := &mesh.Mesh{}
	meshtest.AddBox(m, geom.V(0, 0, 0), geom.V(10, 10, 10), false)
	r := check(t, m, "mk3s", Options{})
	r.Findings = r.Findings[:0]
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"printer":"mk3s","printable":true,"findings":[]}`; string(b) != want {
		t.Errorf("JSON %s, want %s", b, want)
	}
	at := geom.V(1, 2, 3)
	f := Finding{Code: CodeThinWall, Severity: Blocker, Place: "body 0", Measured: 0.4, Limit: 0.8, Unit: "mm", Advice: "a", Body: 0, At: &at}
	b, _ = json.Marshal(f)
	want := `{"code":"thin_wall","severity":"blocker","place":"body 0","measured":0.4,"limit":0.8,"unit":"mm","advice":"a","body":0,"at":[1,2,3]}`
	if string(b) != want {
		t.Errorf("JSON %s, want %s", b, want)
	}
	for _, in := range []Finding{f, {Code: CodeBodies, Severity: Info, Body: -1}} {
		b, _ := json.Marshal(in)
		var back Finding
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(back, in) {
			t.Errorf("round trip of %s gave %+v", b, back)
		}
	}
	if b, _ := json.Marshal(Finding{Body: -1}); !strings.Contains(string(b), `"at":null`) {
		t.Errorf("JSON %s, want at null", b)
	}
}

func TestText(t *testing.T) {
	r := check(t, plateOnBase(0.4), "mk3s", Options{})
	lines := strings.Split(strings.TrimSpace(r.Text()), "\n")
	if len(lines) != 1+len(r.Findings) {
		t.Fatalf("%d lines for %d findings:\n%s", len(lines), len(r.Findings), r.Text())
	}
	if want := "mk3s: not printable (1 blocker, 0 warnings, 1 note)"; lines[0] != want {
		t.Errorf("summary %q, want %q", lines[0], want)
	}
	if !strings.Contains(lines[1], "blocker thin_wall  body 1: 0.4 mm (limit 0.8 mm); walls as thin as 0.4 mm") {
		t.Errorf("finding line %q", lines[1])
	}
}
