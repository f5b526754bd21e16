package gcode

import (
	"math"
	"strings"
	"testing"

	"yanchu/geom"
)

func parse(t *testing.T, src string) *Stats {
	t.Helper()
	st, err := Parse(strings.NewReader(src), Options{Segments: true})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func near(a, b geom.Vec3) bool { return a.Sub(b).Len() < 1e-9 }

func TestParseAbsoluteE(t *testing.T) {
	st := parse(t, `; written for this test
G21 ; millimetres
G90
M82
;LAYER_CHANGE
;Z:0.2
;HEIGHT:0.2
G1 Z0.2 F600
G92 E0
;TYPE:External perimeter
;WIDTH:0.45
G1 X10 Y0 E1 F1200
G1 X10 Y10 E2
G1 E1.2 ; retract
G1 X0 Y10 F9000
G1 E2 ; unretract
G92 E0
G1 X0 Y0 E0.5
;LAYER_CHANGE
;Z:0.4
;HEIGHT:0.2
G1 Z0.4
;TYPE:Overhang perimeter
;HEIGHT:0.4
;WIDTH:0.4
G1 X5 Y0 E0.8
`)
	want := []Segment{
		{A: geom.V(0, 0, 0.2), B: geom.V(10, 0, 0.2), WidthMM: 0.45, HeightMM: 0.2, LayerMM: 0.2, Type: "External perimeter"},
		{A: geom.V(10, 0, 0.2), B: geom.V(10, 10, 0.2), WidthMM: 0.45, HeightMM: 0.2, LayerMM: 0.2, Type: "External perimeter"},
		{A: geom.V(0, 10, 0.2), B: geom.V(0, 0, 0.2), WidthMM: 0.45, HeightMM: 0.2, LayerMM: 0.2, Type: "External perimeter"},
		// A thick bridge: the bead is 0.4 tall in a 0.2 layer.
		{A: geom.V(0, 0, 0.4), B: geom.V(5, 0, 0.4), WidthMM: 0.4, HeightMM: 0.4, LayerMM: 0.2, Type: "Overhang perimeter"},
	}
	if len(st.Segments) != len(want) {
		t.Fatalf("%d segments, want %d: %+v", len(st.Segments), len(want), st.Segments)
	}
	for i, w := range want {
		if g := st.Segments[i]; !near(g.A, w.A) || !near(g.B, w.B) || g.WidthMM != w.WidthMM || g.HeightMM != w.HeightMM || g.LayerMM != w.LayerMM || g.Type != w.Type {
			t.Errorf("segment %d = %+v, want %+v", i, g, w)
		}
	}
	if st.LayerCount != 2 || st.Extrusions != 4 || math.Abs(st.ExtrudedMM-2.8) > 1e-9 || st.Lines != 26 {
		t.Errorf("layers %d, extrusions %d, extruded %g, lines %d; want 2, 4, 2.8, 26", st.LayerCount, st.Extrusions, st.ExtrudedMM, st.Lines)
	}
	if want := (geom.Box{Min: geom.V(0, 0, 0.2), Max: geom.V(10, 10, 0.4)}); st.Bounds != want {
		t.Errorf("bounds %v, want %v", st.Bounds, want)
	}
	if got := st.AreaMM2(); math.Abs(got-(30*0.45+5*0.4)) > 1e-9 {
		t.Errorf("AreaMM2 = %g, want 15.5", got)
	}
	if st.HasTime || st.HasFilamentMM || st.HasFilamentCM3 || st.HasFilamentG || st.TimeS != 0 || st.FilamentMM != 0 {
		t.Errorf("no summary in the file, yet %+v", st)
	}
}

func TestParseRelative(t *testing.T) {
	st := parse(t, `G90
M83
G1 X0 Y0 Z0.3
G1 X10 E0.5
G1 Y10 E0.5
G1 E-0.8
G1 X0
G1 E0.8
G91
G1 X5 E0.25
G1 Y-5 E0.25
M82
G1 X-5 E0.125 ; still relative: G91 makes E relative too
G90
G1 X0 Y0 E2.125
`)
	ends := []geom.Vec3{geom.V(10, 0, 0.3), geom.V(10, 10, 0.3), geom.V(5, 10, 0.3), geom.V(5, 5, 0.3), geom.V(0, 5, 0.3), geom.V(0, 0, 0.3)}
	if len(st.Segments) != len(ends) {
		t.Fatalf("%d segments, want %d", len(st.Segments), len(ends))
	}
	for i, e := range ends {
		if !near(st.Segments[i].B, e) {
			t.Errorf("segment %d ends at %v, want %v", i, st.Segments[i].B, e)
		}
	}
	// Absolute E after M82 and G90: 2.125 less the 1.625 pushed so far.
	if math.Abs(st.ExtrudedMM-2.125) > 1e-9 || math.Abs(st.Segments[5].B.Sub(st.Segments[5].A).Len()-5) > 1e-9 {
		t.Errorf("extruded %g, want 2.125", st.ExtrudedMM)
	}
	if st.LayerCount != 1 {
		t.Errorf("%d layers from one height, want 1", st.LayerCount)
	}
	// With no ;WIDTH: comment the width comes from the filament: 0.5 mm of 1.75
	// mm filament over 10 mm, in a 0.3 mm layer, as a rectangle with round sides.
	sg := st.Segments[0]
	area := 0.5 * math.Pi * 1.75 * 1.75 / 4 / 10
	if got := (sg.WidthMM-sg.HeightMM)*sg.HeightMM + math.Pi*sg.HeightMM*sg.HeightMM/4; sg.HeightMM != 0.3 || math.Abs(got-area) > 1e-12 {
		t.Errorf("bead %g × %g has area %g, want 0.3 tall and %g", sg.WidthMM, sg.HeightMM, got, area)
	}
}

func TestParseArcs(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		length    float64
		centre    geom.Vec3 // every point is 10 mm from it
		mid       geom.Vec3 // a point the arc passes within 0.11 mm of
		end       geom.Vec3
	}{
		{"G3 quarter", "G1 X10 Y0 Z0.2\nG3 X0 Y10 I-10 J0 E1.5", 5 * math.Pi, geom.Vec3{}, geom.V(10/math.Sqrt2, 10/math.Sqrt2, 0.2), geom.V(0, 10, 0.2)},
		{"G2 quarter", "G1 X0 Y10 Z0.2\nG2 X10 Y0 I0 J-10 E1.5", 5 * math.Pi, geom.Vec3{}, geom.V(10/math.Sqrt2, 10/math.Sqrt2, 0.2), geom.V(10, 0, 0.2)},
		{"G3 long way", "G1 X0 Y10 Z0.2\nG3 X10 Y0 I0 J-10 E1.5", 15 * math.Pi, geom.Vec3{}, geom.V(-10, 0, 0.2), geom.V(10, 0, 0.2)},
		{"R short", "G1 X10 Y0 Z0.2\nG2 X0 Y-10 R10 E1", 5 * math.Pi, geom.Vec3{}, geom.V(10/math.Sqrt2, -10/math.Sqrt2, 0.2), geom.V(0, -10, 0.2)},
		// R < 0 goes the long way, around the centre on the other side.
		{"R long", "G1 X10 Y0 Z0.2\nG2 X0 Y-10 R-10 E1", 15 * math.Pi, geom.V(10, -10, 0), geom.V(10+10/math.Sqrt2, -10-10/math.Sqrt2, 0.2), geom.V(0, -10, 0.2)},
		{"full circle", "G1 X10 Y0 Z0.2\nG3 X10 Y0 I-10 J0 E4", 20 * math.Pi, geom.Vec3{}, geom.V(-10, 0, 0.2), geom.V(10, 0, 0.2)},
		{"helix", "G1 X10 Y0 Z0.2\nG3 X-10 Y0 Z0.4 I-10 J0 E4", math.Hypot(10*math.Pi, 0.2), geom.Vec3{}, geom.V(0, 10, 0.3), geom.V(-10, 0, 0.4)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := parse(t, "G90\nM82\n"+tc.src+"\n")
			var length float64
			closest := math.Inf(1)
			for _, sg := range st.Segments {
				length += sg.Len()
				if sg.Len() > 0.2+1e-9 {
					t.Fatalf("a piece of %g mm, longer than 0.2", sg.Len())
				}
				closest = math.Min(closest, sg.B.Sub(tc.mid).Len())
				if r := math.Hypot(sg.B.X-tc.centre.X, sg.B.Y-tc.centre.Y); math.Abs(r-10) > 1e-9 {
					t.Fatalf("point %v off the 10 mm circle", sg.B)
				}
			}
			if math.Abs(length-tc.length) > 0.01 {
				t.Errorf("arc length %g, want %g", length, tc.length)
			}
			if closest > 0.11 {
				t.Errorf("the arc passes %g mm from %v", closest, tc.mid)
			}
			if last := st.Segments[len(st.Segments)-1].B; !near(last, tc.end) {
				t.Errorf("ends at %v, want %v", last, tc.end)
			}
			if st.Extrusions != 1 {
				t.Errorf("%d extrusions, want 1", st.Extrusions)
			}
		})
	}
	if _, err := Parse(strings.NewReader("G1 X10 Y0\nG2 X0 Y-10 E1\n"), Options{}); err == nil || !strings.Contains(err.Error(), "line 2: arc without I, J or R") {
		t.Errorf("arc without a centre: %v", err)
	}
	if _, err := Parse(strings.NewReader("G1 X10 Y0\nG2 X-30 Y0 R5 E1\n"), Options{}); err == nil || !strings.Contains(err.Error(), "cannot join") {
		t.Errorf("radius too small: %v", err)
	}
}

func TestParseSummary(t *testing.T) {
	st := parse(t, `G1 X1 E1
; filament used [mm] = 1480.72, 20.5
; filament used [cm3] = 3.56
; filament used [g] = 4.41
; total filament used [g] = 9.99
; total filament cost = 0.00
; estimated first layer printing time (normal mode) = 1m 2s
; estimated printing time (normal mode) = 1d 2h 3m 4s
; estimated printing time (silent mode) = 2d 0h 0m 0s
; layer_height = 0.15
`)
	if st.FilamentMM != 1501.22 || st.FilamentCM3 != 3.56 || st.FilamentG != 4.41 || st.TimeS != 93784 ||
		!st.HasFilamentMM || !st.HasFilamentCM3 || !st.HasFilamentG || !st.HasTime {
		t.Errorf("summary %+v", st)
	}
	// Only the silent time, only the total grams.
	st = parse(t, "; estimated printing time (silent mode) = 45m 10s\n; total filament used [g] = 2.50\n")
	if st.TimeS != 2710 || !st.HasTime || st.FilamentG != 2.5 || !st.HasFilamentG || st.HasFilamentMM {
		t.Errorf("fallbacks: %+v", st)
	}
	// A summary that does not parse counts as absent.
	st = parse(t, "; estimated printing time (normal mode) = soon\n; filament used [mm] = lots\n")
	if st.HasTime || st.HasFilamentMM {
		t.Errorf("unreadable summary taken: %+v", st)
	}
}

func TestParseTime(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
	}{
		{"1d 2h 3m 4s", 93784},
		{"45m 10s", 2710},
		{"12s", 12},
		{"2h", 7200},
		{" 1h  0m 1s ", 3601},
		{"1.5m", 90},
	} {
		if got, err := ParseTime(tc.in); err != nil || got != tc.want {
			t.Errorf("ParseTime(%q) = %g, %v; want %g", tc.in, got, err, tc.want)
		}
	}
	for _, in := range []string{"", "   ", "5", "5x", "1h 2h", "-1s", "h", "1h2m"} {
		if _, err := ParseTime(in); err == nil || !strings.HasPrefix(err.Error(), "gcode: ") {
			t.Errorf("ParseTime(%q) = %v, want an error", in, err)
		}
	}
}

func TestParseMachine(t *testing.T) {
	st := parse(t, `N1 G90*12
N2 M83 ; relative E
M117 Hello World
G20
G1 X1 Y0 Z0.01 E0.01
G21
G1 X10 Y10 Z0.2
G92 X0 Y0
G1 X5 E1
G28 X
G1 Y-5 E1
g1 x2 e1
`)
	ends := []geom.Vec3{geom.V(25.4, 0, 0.254), geom.V(15, 10, 0.2), geom.V(0, 5, 0.2), geom.V(2, 5, 0.2)}
	if len(st.Segments) != len(ends) {
		t.Fatalf("%d segments: %+v", len(st.Segments), st.Segments)
	}
	for i, e := range ends {
		if !near(st.Segments[i].B, e) {
			t.Errorf("segment %d ends at %v, want %v", i, st.Segments[i].B, e)
		}
	}
}

func TestParseErrors(t *testing.T) {
	long := "G1 X1\n;" + strings.Repeat("x", MaxLineBytes) + "\n"
	for _, tc := range []struct {
		name, src string
		opt       Options
		want      string
	}{
		{"long line", long, Options{}, "line 2 is longer than 65536 bytes"},
		{"bad number", "G1 X1.2.3 E1\n", Options{}, `line 1: bad number "1.2.3" after X`},
		{"empty number", "G1 X E1\n", Options{}, `line 1: bad number "" after X`},
		{"huge number", "G1 X1" + strings.Repeat("0", 400) + "\n", Options{}, "bad number"},
		{"too many segments", "M83\nG1 X1 E1\nG1 X2 E1\nG1 X3 E1\n", Options{Segments: true, MaxSegments: 2}, "line 4: more than 2 extrusion segments"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tc.src), tc.opt)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "gcode: ") {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
	// Without Options.Segments nothing is kept, and the cap does not apply.
	st, err := Parse(strings.NewReader("M83\nG1 X1 E1\nG1 X2 E1\nG1 X3 E1\n"), Options{MaxSegments: 2})
	if err != nil || len(st.Segments) != 0 || st.Extrusions != 3 {
		t.Errorf("no segments asked: %v, %+v", err, st)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"G90\nM82\n;LAYER_CHANGE\n;Z:0.2\n;HEIGHT:0.2\nG1 Z0.2\n;TYPE:Perimeter\n;WIDTH:0.45\nG1 X10 Y0 E1\n",
		"M83\nG91\nG1 X1 E1\nG92 E0\nG2 X1 Y1 I1 J0 E1\nG3 X0 Y0 R-3 E1\n",
		"G20\nG28\nN3 G1 X1 E1*33\n; estimated printing time (normal mode) = 1d 2h 3m 4s\n; filament used [mm] = 1,2\n",
		"G1 X1e5 Y-.5 E+1\nG2 X0 Y0 I0 J0 E1\nG3 X99999 Y0 I-99999 J0 E1\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		st, err := Parse(strings.NewReader(s), Options{Segments: true, MaxSegments: 100_000})
		if err != nil {
			if !strings.HasPrefix(err.Error(), "gcode: ") {
				t.Fatalf("error %q lacks the package prefix", err)
			}
			return
		}
		if len(st.Segments) > 100_000 || st.LayerCount < 0 || st.Extrusions > st.Lines {
			t.Fatalf("stats %+v", st)
		}
	})
}
