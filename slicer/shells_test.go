package slicer

import (
	"testing"

	"yanchu/gcode"
	"yanchu/geom"
	"yanchu/sdf"
)

// TestSliceShells slices two concentric spherical shells 0.4 mm apart, the inner
// one (radius 6.4 to 8) hanging in the outer one (8.4 to 10), with and without a
// tie: a 2 mm cylinder across the gap at the bottom pole. Without the tie the gap
// must stay empty and nothing may hold the inner shell's bottom pole; with it, the
// tie's beads fill the gap there, and only there, and hold the pole.
//
// The mesh has 0.2 mm cells (a 0.5 mm cell cannot keep a 0.4 mm gap open),
// simplified to 0.01 mm. Both configs are sliced: the MK3S profile, whose
// overhangs are printed as 0.15 mm layers, and the generic one, which keeps
// PrusaSlicer's thick bridges: overhangs as 0.4 mm round beads that sag into the
// gap at the poles.
func TestSliceShells(t *testing.T) {
	exe := requireSlicer(t)
	dir := requireProfiles(t)
	mk3s, err := VendorConfig(dir, "PrusaResearch", "Original Prusa i3 MK3S & MK3S+")
	if err != nil {
		t.Fatal(err)
	}
	const inner, outer = 8.0, 8.4
	shells := sdf.Union(sdf.Shell(sdf.Sphere(10), 10-outer), sdf.Shell(sdf.Sphere(inner), 1.6))
	tie := sdf.Translate(sdf.Cylinder(1, 1.2), geom.V(0, 0, -(inner+outer)/2))
	for _, cfg := range []struct {
		name string
		c    *Config
	}{{"MK3S", mk3s}, {"generic", genericConfig(t)}} {
		for _, tied := range []bool{false, true} {
			name := cfg.name + "/untied"
			solid := shells
			if tied {
				name = cfg.name + "/tied"
				solid = sdf.Union(shells, tie)
			}
			t.Run(name, func(t *testing.T) {
				m := mustMesh(t, solid, 0.2, 0.01)
				s, st := slicedStats(t, SliceInput{Config: cfg.c, Mesh: m, Executable: exe})
				centre := s.Offset // the shells are centred on the mesh's origin
				tieAt := centre.Add(geom.V(0, 0, -(inner+outer)/2))
				f := gcode.Fusion(st, []gcode.Gap{{Name: "gap", Centre: centre, Inner: inner, Outer: outer}},
					[]gcode.Tie{{At: tieAt, RadiusMM: 1}})[0]
				poles := gcode.PoleReach(st, []geom.Vec3{
					centre.Add(geom.V(0, 0, -inner)), // the inner shell's bottom pole
					centre.Add(geom.V(0, 0, -10)),    // the outer shell's, on the bed
				}, 1)
				total := st.AreaMM2()
				t.Logf("extruded %.0f mm²; in the gap %.2f mm² in %d pieces, %.2f mm² away from the tie; walls reach %.3f and %.3f mm into it; poles held %v",
					total, f.AreaMM2, f.Counted, f.OutsideTiesMM2, f.InnerReachMM, f.OuterReachMM, poles)
				if f.Counted > 0 {
					t.Logf("deepest bead in the gap at %.3f from the centre", f.Deepest.Sub(centre))
				}
				if !poles[1] {
					t.Error("the outer shell's bottom pole, on the bed, is not held")
				}
				// The walls' beads overhang into the gap at the poles, but leave most
				// of it open.
				if f.InnerReachMM > 0.3 || f.OuterReachMM > 0.3 {
					t.Errorf("the walls reach %.3f and %.3f mm into a 0.4 mm gap", f.InnerReachMM, f.OuterReachMM)
				}
				if f.OutsideTiesMM2 > 0.001*total {
					t.Errorf("%.2f mm² of beads in the gap away from any tie, out of %.0f mm²", f.OutsideTiesMM2, total)
				}
				if !tied {
					if f.AreaMM2 != 0 {
						t.Errorf("%.2f mm² in the gap of untied shells, want none", f.AreaMM2)
					}
					if poles[0] {
						t.Error("the inner shell's bottom pole is held with no tie or support")
					}
					return
				}
				// The tie crosses the gap as about two layers of a 2 mm disc: a loop
				// of beads and what fills it, a few mm².
				if f.AreaMM2 < 2 || f.AreaMM2 > 20 {
					t.Errorf("the tie puts %.2f mm² in the gap, want 2 to 20", f.AreaMM2)
				}
				if !poles[0] {
					t.Error("the tie does not hold the inner shell's bottom pole")
				}
			})
		}
	}
}
