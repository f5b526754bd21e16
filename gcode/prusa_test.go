package gcode

import (
	"math"
	"os"
	"testing"

	"yanchu/geom"
)

// TestParsePrusaSlicer reads testdata/cube6.gcode, PrusaSlicer 2.5's G-code for a
// 6 × 6 × 3 mm box on a generic 100 mm printer (0.2 mm layers, centred at 50, 50).
func TestParsePrusaSlicer(t *testing.T) {
	f, err := os.Open("testdata/cube6.gcode")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := Parse(f, Options{Segments: true})
	if err != nil {
		t.Fatal(err)
	}
	if st.LayerCount != 15 || st.TimeS != 86 || st.FilamentMM != 45.04 || st.FilamentCM3 != 0.11 || st.FilamentG != 0.13 {
		t.Errorf("%d layers, %g s, %g mm, %g cm³, %g g; want 15, 86, 45.04, 0.11, 0.13",
			st.LayerCount, st.TimeS, st.FilamentMM, st.FilamentCM3, st.FilamentG)
	}
	// The moves push the summary's filament plus the 7 mm prime line.
	if math.Abs(st.ExtrudedMM-(45.04+7)) > 0.05 {
		t.Errorf("extruded %g mm, want about 52.04", st.ExtrudedMM)
	}
	types := map[string]int{}
	box := geom.EmptyBox()
	for _, sg := range st.Segments {
		types[sg.Type]++
		if sg.Type == "External perimeter" {
			box = box.Include(sg.A).Include(sg.B)
		}
		if sg.Type != "Custom" && (sg.LayerMM != 0.2 || sg.WidthMM <= 0.3 || sg.WidthMM > 0.8) {
			t.Fatalf("segment %+v: want 0.2 mm layers and a nozzle-sized width", sg)
		}
	}
	for _, typ := range []string{"Custom", "Skirt/Brim", "External perimeter", "Perimeter", "Solid infill", "Top solid infill"} {
		if types[typ] == 0 {
			t.Errorf("no %q segments: %v", typ, types)
		}
	}
	// The outer beads are centred half a width inside the box's sides.
	want := geom.Box{Min: geom.V(47, 47, 0.2), Max: geom.V(53, 53, 3)}
	if d := box.Min.Sub(want.Min).Abs().Max(box.Max.Sub(want.Max).Abs()); d.X > 0.3 || d.Y > 0.3 || d.Z > 1e-9 {
		t.Errorf("external perimeters span %v, want about %v", box, want)
	}
}
