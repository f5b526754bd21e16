package puzzleball_test

import (
	"math"
	"testing"

	"yanchu/catalog"
	"yanchu/internal/ballcheck"
	"yanchu/isosurface"
	"yanchu/mesh"
	"yanchu/spec"
)

// TestPuzzleBallMesh checks the puzzle ball's rules on the mesh, independently of
// the generator's own proofs: it meshes each ball at the model's cell (half the
// smallest gap or wall) and measures the mesh with ballcheck, never reading the
// generator's angles or radii. For every shell k (body k; body k+1 is what it
// holds):
//   - captive: the widest circle through any opening, at the shell's inner radius,
//     is at least 1 mm narrower than the body inside it is across;
//   - ligament: at least 0.8 mm (fdm) or 0.5 mm (resin) of material between two
//     openings, along the inner surface;
//   - gap: bodies k and k+1 are at least 0.9 times the nominal gap apart;
//   - openings: as many as holes (more with the coin lattice on inner shells);
//     with cloud openwork, the outer shell is at least 20% open and none of its
//     openings is convex, while round holes and coin squares are.
//
// Sampling: rows 0.15° apart, a covering radius e of 0.111°. A measured opening
// is widened by e and a measured ligament shortened by 6e before the rules are
// applied (the bounds in ballcheck.View): 6e is 0.35 mm at a 30 mm radius.
func TestPuzzleBallMesh(t *testing.T) {
	const (
		captiveMargin = 1.0  // mm
		gapShare      = 0.9  // of the nominal gap
		cloudShare    = 0.2  // of the outer shell's solid angle
		convexMax     = 0.05 // concavity under which an opening counts as convex
	)
	ligamentMin := map[string]float64{"fdm": 0.8, "resin": 0.5}
	sphere := ballcheck.NewSphere(0.15)
	num := func(x float64, unit string) spec.Value { return spec.Value{Num: x, Unit: unit, Source: spec.Said} }
	text := func(s string) spec.Value { return spec.Value{Text: s, Source: spec.Said} }
	tests := []struct {
		name   string
		params map[string]spec.Value
	}{
		{"plain 14 holes", map[string]spec.Value{"layers": num(5, ""), "diameter": num(60, "mm")}},
		{"6 holes", map[string]spec.Value{"layers": num(4, ""), "diameter": num(50, "mm"), "holes": num(6, "")}},
		{"20 holes", map[string]spec.Value{"layers": num(5, ""), "diameter": num(60, "mm"), "holes": num(20, "")}},
		{"resin", map[string]spec.Value{"layers": num(5, ""), "diameter": num(40, "mm"), "process": text("resin")}},
		{"cloud 云纹", map[string]spec.Value{"layers": num(5, ""), "diameter": num(60, "mm"), "decoration": text("cloud")}},
		{"coin 铜钱纹", map[string]spec.Value{"layers": num(5, ""), "diameter": num(60, "mm"), "inner_decoration": text("coin")}},
		// Near the largest holes the generator allows here ("at most 15.0 mm"):
		// the ligament rule nearly binds in the innermost shell, 4.4 mm in radius.
		// At 15.0 mm the mesh measures 0.826 mm there, too close to 0.8 mm for the
		// sampling bound to decide; at 14.6 mm the rule should hold by about 0.1 mm.
		{"near-largest holes", map[string]spec.Value{"layers": num(9, ""), "diameter": num(40, "mm"), "hole_size": num(14.6, "mm")}},
		{"cloud and coin", map[string]spec.Value{"layers": num(6, ""), "diameter": num(60, "mm"),
			"decoration": text("cloud"), "inner_decoration": text("coin")}},
	}
	d, ok := catalog.Get("puzzleball")
	if !ok {
		t.Fatal("no puzzleball domain")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := d.Resolve(&spec.Spec{Domain: "puzzleball", Lang: "en", Params: tt.params})
			if err != nil {
				t.Fatal(err)
			}
			t.Log(spec.Canonical(d.Schema(), r))
			m, err := d.Build(t.Context(), r, catalog.Inputs{})
			if err != nil {
				t.Fatal(err)
			}
			res, err := isosurface.Mesher{Cell: m.Cell}.Mesh(t.Context(), m.Solid)
			if err != nil {
				t.Fatal(err)
			}
			if err := mesh.Analyze(res.Mesh).Err(); err != nil {
				t.Fatalf("the mesh at cell %g mm is broken: %v", m.Cell, err)
			}
			b, err := ballcheck.New(res.Mesh)
			if err != nil {
				t.Fatal(err)
			}
			layers, holes := int(r.Num("layers")), int(r.Num("holes"))
			cloud, coin := r.Text("decoration") == "cloud", r.Text("inner_decoration") == "coin"
			gap, ligMin := r.Num("gap"), ligamentMin[r.Text("process")]
			if got := b.Bodies(); got != layers {
				t.Fatalf("got %d bodies, want %d (layers)", got, layers)
			}
			for k := 0; k < layers-1; k++ {
				in, out := b.Radii(k)
				_, held := b.Radii(k + 1)
				v := b.Look(k, sphere)
				t.Logf("shell %d: radii %.3f-%.3f mm, %d openings, %.1f%% open, holds a body %.3f mm across",
					k, in, out, len(v.Openings), 100*v.OpenShare, 2*held)

				// Openings.
				switch {
				case k == 0, !coin:
					// The outer shell has its holes or clouds only: the coin
					// lattice is for the inner shells.
					if got := len(v.Openings); got != holes {
						t.Errorf("shell %d: got %d openings, want %d", k, got, holes)
					}
				default:
					if got := len(v.Openings); got <= holes {
						t.Errorf("shell %d: got %d openings, want more than the %d holes with the coin lattice", k, got, holes)
					}
				}

				// Captive.
				widest := 0.0
				for _, o := range v.Openings {
					widest = math.Max(widest, o.Inscribed)
				}
				across := 2 * in * math.Sin(math.Min(math.Pi/2, widest+v.Err))
				t.Logf("shell %d: widest opening %.3f° (+%.3f°) in radius, %.3f mm across at the inner radius; want at most %.3f mm",
					k, widest*180/math.Pi, v.Err*180/math.Pi, across, 2*held-captiveMargin)
				if across > 2*held-captiveMargin {
					t.Errorf("shell %d: captive: an opening %.3f mm across at radius %.3f mm lets through up to %.3f mm; the body inside is %.3f mm across (want at least %g mm less)",
						k, across, in, across, 2*held, captiveMargin)
				}

				// Ligament.
				if len(v.Openings) > 1 {
					measured := v.Ligament * in
					least := (v.Ligament - 6*v.Err) * in
					t.Logf("shell %d: ligament %.3f mm (at least %.3f mm allowing for sampling) between openings %v", k, measured, least, v.LigamentPair)
					if least < ligMin {
						t.Errorf("shell %d: ligament: got %.3f mm (%.3f mm measured, less %.3f mm of sampling error), want at least %g mm",
							k, least, measured, 6*v.Err*in, ligMin)
					}
				}

				// Shapes.
				if k == 0 && cloud {
					if v.OpenShare < cloudShare {
						t.Errorf("shell %d: cloud openwork: got %.1f%% open, want at least %.0f%%", k, 100*v.OpenShare, 100*cloudShare)
					}
				}
				lo, hi := math.Inf(1), 0.0
				for i, o := range v.Openings {
					lo, hi = math.Min(lo, o.Concavity), math.Max(hi, o.Concavity)
					if k == 0 && cloud {
						if !(o.Concavity > convexMax) {
							t.Errorf("shell %d: cloud opening %d: concavity %.4f, want over %g (not convex)", k, i, o.Concavity, convexMax)
						}
					} else if !(o.Concavity < convexMax) {
						t.Errorf("shell %d: opening %d: concavity %.4f, want under %g (convex)", k, i, o.Concavity, convexMax)
					}
				}
				t.Logf("shell %d: concavity %.4f to %.4f", k, lo, hi)

				// Gap.
				g := b.Gap(k, k+1, 2*gap)
				t.Logf("shell %d: gap to body %d %.3f mm, nominal %g mm", k, k+1, g, gap)
				if g < gapShare*gap {
					t.Errorf("shell %d: gap to body %d: got %.3f mm, want at least %.3f mm (%g of %g mm)", k, k+1, g, gapShare*gap, gapShare, gap)
				}
			}
		})
	}
}
