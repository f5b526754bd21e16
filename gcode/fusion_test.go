package gcode

import (
	"math"
	"testing"

	"yanchu/geom"
)

// ring returns a horizontal loop of beads of radius r around (cx, cy) with its
// top at z, as 72 segments.
func ring(cx, cy, z, r, w, h, layer float64, typ string) []Segment {
	const n = 72
	var out []Segment
	for i := 0; i < n; i++ {
		a0, a1 := 2*math.Pi*float64(i)/n, 2*math.Pi*float64(i+1)/n
		out = append(out, Segment{
			A:       geom.V(cx+r*math.Cos(a0), cy+r*math.Sin(a0), z),
			B:       geom.V(cx+r*math.Cos(a1), cy+r*math.Sin(a1), z),
			WidthMM: w, HeightMM: h, LayerMM: layer, Type: typ,
		})
	}
	return out
}

// ringLength is the length of ring's polygon of radius r.
func ringLength(r float64) float64 { return 72 * 2 * r * math.Sin(math.Pi/72) }

func TestFusion(t *testing.T) {
	c := geom.V(100, 100, 10)
	gap := Gap{Name: "g", Centre: c, Inner: 8, Outer: 8.4}
	// planned returns the top height of a ring whose layer's middle is zRel above
	// the centre.
	top := func(zRel, layer float64) float64 { return c.Z + zRel + layer/2 }
	// The walls at the equator: beads inset half their width from each surface.
	inner := ring(c.X, c.Y, top(0, 0.2), 8-0.225, 0.45, 0.2, 0.2, "External perimeter")
	outer := ring(c.X, c.Y, top(0, 0.2), 8.4+0.225, 0.45, 0.2, 0.2, "External perimeter")
	// A thick bridge closing the outer shell's cavity near its top: planned 0.05
	// inside the wall, but its 0.4 mm round bead sags 0.1 lower, into the gap.
	rr := math.Sqrt(8.45*8.45 - 8.3*8.3)
	sag := ring(c.X, c.Y, top(8.3, 0.2), rr, 0.4, 0.4, 0.2, "Overhang perimeter")
	// A tie's loop in the middle of the gap at the bottom pole, and a stray loop
	// at the top pole.
	tie := ring(c.X, c.Y, top(-8.2, 0.2), 0.5, 0.45, 0.2, 0.2, "External perimeter")
	stray := ring(c.X, c.Y, top(8.2, 0.2), 0.5, 0.45, 0.2, 0.2, "Support material")
	ties := []Tie{{At: c.Add(geom.V(0, 0, -8.2)), RadiusMM: 1}}

	walls := &Stats{}
	for _, s := range [][]Segment{inner, outer, sag} {
		walls.Segments = append(walls.Segments, s...)
	}
	f := Fusion(walls, []Gap{gap}, ties)[0]
	if f.AreaMM2 != 0 || f.Counted != 0 || f.OutsideTiesMM2 != 0 {
		t.Errorf("walls alone put %g mm² (%d pieces) in the gap", f.AreaMM2, f.Counted)
	}
	if f.InnerReachMM > 0.01 {
		t.Errorf("the inner wall's beads reach %g mm into the gap, want 0", f.InnerReachMM)
	}
	// The sagging bead's centre is 0.048 mm inside the gap and it is 0.4 mm
	// round: it reaches about 0.25 mm in.
	if f.OuterReachMM < 0.2 || f.OuterReachMM > 0.3 {
		t.Errorf("the outer wall reaches %g mm into the gap, want about 0.25", f.OuterReachMM)
	}
	if f.Gap != gap {
		t.Errorf("Gap = %+v", f.Gap)
	}

	all := &Stats{Segments: append(append(append([]Segment{}, walls.Segments...), tie...), stray...)}
	f = Fusion(all, []Gap{gap}, ties)[0]
	loop := ringLength(0.5) * 0.45
	if math.Abs(f.AreaMM2-2*loop) > 1e-9 || f.Counted != 2*72 {
		t.Errorf("AreaMM2 = %g in %d pieces, want the two loops: %g in 144", f.AreaMM2, f.Counted, 2*loop)
	}
	if math.Abs(f.OutsideTiesMM2-loop) > 1e-9 {
		t.Errorf("OutsideTiesMM2 = %g, want the stray loop's %g", f.OutsideTiesMM2, loop)
	}
	// Both loops lie 0.185 mm inside the band; the first found is kept.
	if r := f.Deepest.Sub(c).Len(); math.Abs(math.Min(r-8, 8.4-r)-0.1846) > 0.001 {
		t.Errorf("deepest at %v, %g from the centre", f.Deepest, r)
	}

	// Two gaps at once, the second far away.
	far := Gap{Name: "far", Centre: geom.V(0, 0, 0), Inner: 1, Outer: 2}
	if fs := Fusion(all, []Gap{gap, far}, nil); len(fs) != 2 || math.Abs(fs[0].OutsideTiesMM2-2*loop) > 1e-9 || fs[1].AreaMM2 != 0 || fs[1].Gap != far {
		t.Errorf("two gaps: %+v", fs)
	}
}

// TestFusionSamples checks that a long segment is tested along its length: a
// radial bead from 7 to 9 mm crosses the 8 to 8.4 band with both ends outside.
func TestFusionSamples(t *testing.T) {
	st := &Stats{Segments: []Segment{{A: geom.V(7, 0, 0.1), B: geom.V(9, 0, 0.1), WidthMM: 0.4, HeightMM: 0.2, LayerMM: 0.2}}}
	f := Fusion(st, []Gap{{Inner: 8, Outer: 8.4}}, nil)[0]
	// Pieces of 0.2 mm centred at 7.1, 7.3, ...; those at 8.1 and 8.3 lie deeper
	// than the margin.
	if f.Counted != 2 || math.Abs(f.AreaMM2-2*0.2*0.4) > 1e-12 {
		t.Errorf("%d pieces, %g mm², want 2 and 0.16", f.Counted, f.AreaMM2)
	}
}

func TestFusionPanics(t *testing.T) {
	for _, g := range []Gap{{Inner: 8, Outer: 8}, {Inner: -1, Outer: 2}, {Inner: math.NaN(), Outer: 2}, {Inner: 1, Outer: math.Inf(1)}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Fusion with gap %+v did not panic", g)
				}
			}()
			Fusion(&Stats{}, []Gap{g}, nil)
		}()
	}
	defer func() {
		if recover() == nil {
			t.Error("PoleReach with radius 0 did not panic")
		}
	}()
	PoleReach(&Stats{}, nil, 0)
}

func TestPoleReach(t *testing.T) {
	pole := geom.V(50, 50, 5)
	// The body's first layer: its middle, 5.1, is above the pole; its bottom is 5.
	first := ring(50, 50, 5.2, 0.5, 0.45, 0.2, 0.2, "Overhang perimeter")
	for _, tc := range []struct {
		name  string
		below []Segment
		want  bool
	}{
		{"mid-air", nil, false},
		{"a layer right below", ring(50, 50, 5.0, 0.5, 0.45, 0.2, 0.2, "External perimeter"), true},
		{"support 0.2 below", ring(50, 50, 4.8, 0.3, 0.45, 0.2, 0.2, "Support material interface"), true},
		{"another body 0.4 below", ring(50, 50, 4.6, 0.5, 0.45, 0.2, 0.2, "Top solid infill"), false},
		{"a layer below, 3 mm aside", ring(53, 50, 5.0, 0.5, 0.45, 0.2, 0.2, "External perimeter"), false},
		{"above the pole", ring(50, 50, 5.4, 0.5, 0.45, 0.2, 0.2, "External perimeter"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := &Stats{Segments: append(append([]Segment{}, first...), tc.below...)}
			if got := PoleReach(st, []geom.Vec3{pole}, 1); len(got) != 1 || got[0] != tc.want {
				t.Errorf("PoleReach = %v, want %v", got, tc.want)
			}
		})
	}
	// A pole on the bed is held by it; a pole with no layer at all is measured
	// from its own height.
	st := &Stats{Segments: append(ring(0, 0, 0.2, 0.5, 0.45, 0.2, 0.2, ""), ring(20, 20, 2.9, 0.5, 0.45, 0.2, 0.2, "")...)}
	if got := PoleReach(st, []geom.Vec3{{}, geom.V(20, 20, 3), geom.V(40, 40, 3)}, 1); got[0] != true || got[1] != true || got[2] != false {
		t.Errorf("PoleReach = %v, want [true true false]", got)
	}
}
