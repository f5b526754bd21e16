package carve

import (
	"image"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"yanchu/geom"
	"yanchu/isosurface"
	"yanchu/mesh"
	"yanchu/sdf"
	"yanchu/sdf/profile"
)

// A round trip draws a turntable film of a known solid with yanchu's
// renderer, carves it back and compares the hull with the solid.
type roundTrip struct {
	name  string
	solid func() sdf.Solid
	// truth is what the hull should match, when not the solid itself (a
	// vase filled to its rim: no silhouette shows inside it).
	truth    func() sdf.Solid
	look     filmLook
	pitchDeg float64 // given to Carve; 0 lets it estimate
	minIoU   float64 // clean and noisy
}

func roundTrips() []roundTrip {
	return []roundTrip{
		// A sphere's silhouettes are the same from any height, so the
		// camera's pitch cannot be measured; the level camera Carve
		// assumes still carves a sphere.
		{name: "sphere", solid: func() sdf.Solid { return sdf.Sphere(20) },
			look: filmLook{size: 128, frames: 72, pitch: 0.2}, minIoU: 0.95},
		{name: "box", solid: func() sdf.Solid { return sdf.Box(geom.V(30, 20, 40), 0) },
			look: filmLook{size: 128, frames: 72, pitch: 0.45}, minIoU: 0.9},
		// Filmed wide, as a phone does, from near: the field of view is
		// measured from how differently the top and the base are
		// foreshortened (assumed 30°, this box carves to IoU 0.74).
		{name: "box filmed wide", solid: func() sdf.Solid { return sdf.Box(geom.V(30, 20, 40), 0) },
			look: filmLook{size: 256, frames: 72, pitch: 0.45, fov: 60 * math.Pi / 180}, minIoU: 0.9},
		// As yanchu draws its own films: the ground's shadow under the box,
		// told from the box by its colour, and the blur in time, which
		// softens the silhouettes' edges.
		{name: "box as yanchu films it", solid: func() sdf.Solid { return sdf.Box(geom.V(30, 20, 40), 0) },
			look: filmLook{size: 128, frames: 72, pitch: 0.45, shadow: true, blur: true}, minIoU: 0.9},
		// A vase, its pitch measured from its rim's ellipse: the hull is the
		// vase filled to its rim, which no silhouette sees into.
		{name: "vase", solid: func() sdf.Solid { return vase(false) }, truth: func() sdf.Solid { return vase(true) },
			look: filmLook{size: 256, frames: 72, pitch: 0.25}, minIoU: 0.95},
		// A flat gear seen from 35° up: its thickness rests on where the
		// silhouettes' edges put its rims, to a pixel, and the gaps
		// between its teeth are carved only where some view sees through
		// them, so it is the weakest case.
		{name: "gear", solid: gear, look: filmLook{size: 256, frames: 72, pitch: 35 * math.Pi / 180, cells: 128},
			pitchDeg: 35, minIoU: 0.85},
	}
}

// vase is a revolved profile with a wall 2 mm thick, open at the top, or
// filled to its rim.
func vase(filled bool) sdf.Solid {
	outer := points(0, 0, 12, 0, 18, 8, 20, 16, 17, 28, 10, 36, 11, 42, 13, 45)
	if filled {
		return sdf.Revolve(profile.Polygon(append(outer, profile.V(0, 45))...))
	}
	inner := points(11, 45, 9, 42, 8, 36, 15, 28, 18, 16, 16, 8, 10, 2, 0, 2)
	return sdf.Revolve(profile.Polygon(append(outer, inner...)...))
}

// gear is a disc 8 mm thick and 50 mm across its ten teeth, lying flat.
func gear() sdf.Solid {
	parts := []sdf.Solid{sdf.Cylinder(20, 8)}
	for i := range 10 {
		tooth := sdf.Translate(sdf.Box(geom.V(7, 7, 8), 0), geom.V(21.5, 0, 0))
		parts = append(parts, sdf.Rotate(tooth, geom.V(0, 0, 1), float64(i)*2*math.Pi/10))
	}
	return sdf.Union(parts...)
}

func points(xy ...float64) []profile.Vec2 {
	var out []profile.Vec2
	for i := 0; i+1 < len(xy); i += 2 {
		out = append(out, profile.V(xy[i], xy[i+1]))
	}
	return out
}

// A film, drawn once for every test that uses it.
type drawn struct {
	once   sync.Once
	clean  []image.Image
	noisy  []image.Image
	bounds geom.Box // the mesh's: the renderer turns it about their centre
}

var films sync.Map // name → *drawn

func filmFor(t *testing.T, rt roundTrip) *drawn {
	t.Helper()
	v, _ := films.LoadOrStore(rt.name, &drawn{})
	d := v.(*drawn)
	d.once.Do(func() {
		frames, m := renderFilm(t, rt.solid(), rt.look)
		d.clean = images(frames)
		d.noisy = spoil(t, frames, 8, 60, 1)
		d.bounds = m.Bounds()
	})
	if d.clean == nil {
		t.Fatal("the film could not be drawn")
	}
	return d
}

// TestRoundTrip carves each film back, clean and with noise and JPEG
// artefacts, and compares the hull with the solid, its scale set by the known
// height.
func TestRoundTrip(t *testing.T) {
	for _, rt := range roundTrips() {
		for _, noisy := range []bool{false, true} {
			name := rt.name + "/clean"
			if noisy {
				name = rt.name + "/noisy"
			}
			t.Run(name, func(t *testing.T) {
				if testing.Short() && (noisy || rt.look.size > 128) {
					t.Skip("-short: the clean films of 128 pixels only")
				}
				t.Parallel()
				d := filmFor(t, rt)
				frames := d.clean
				if noisy {
					frames = d.noisy
				}
				f, err := FromImages(frames)
				if err != nil {
					t.Fatal(err)
				}
				height := d.bounds.Size().Z
				res, err := Carve(t.Context(), f, Options{HeightMM: height, Clockwise: true, PitchDeg: rt.pitchDeg})
				if err != nil {
					t.Fatal(err)
				}
				truth := rt.solid()
				if rt.truth != nil {
					truth = rt.truth()
				}
				iou := volumeIoU(res.Solid, truth, d.bounds)
				t.Logf("%s: IoU %.4f, size %.2f × %.2f × %.2f mm (true %.2f × %.2f × %.2f), %v",
					t.Name(), iou, res.Size.X, res.Size.Y, res.Size.Z, d.bounds.Size().X, d.bounds.Size().Y, height, res.Figures)
				if iou < rt.minIoU {
					t.Errorf("IoU %.4f, want at least %.2f", iou, rt.minIoU)
				}
				for _, fig := range res.Figures {
					if want := rt.look.fov * 180 / math.Pi; fig.Name == "field of view" && want != 0 && (fig.Source != Estimated || math.Abs(fig.Value-want) > 0.1*want) {
						t.Errorf("field of view %.1f° (%s), want %.1f° estimated within a tenth", fig.Value, fig.Source, want)
					}
					if fig.Name == "field of view" && rt.look.fov == 0 && math.Abs(fig.Value-DefaultFOVDeg) > 0.1*DefaultFOVDeg {
						t.Errorf("field of view %.1f° (%s) for a film drawn at yanchu's %d°", fig.Value, fig.Source, DefaultFOVDeg)
					}
					if fig.Name == "pitch" && fig.Source == Estimated {
						if want := rt.look.pitch * 180 / math.Pi; math.Abs(fig.Value-want) > 3 {
							t.Errorf("estimated pitch %.2f°, want %.2f° within 3°", fig.Value, want)
						}
					}
				}
				if noisy {
					return
				}
				// The clean hull meshes closed and manifold, at the height asked.
				mr, err := isosurface.Mesher{Cells: 96}.Mesh(t.Context(), res.Solid)
				if err != nil {
					t.Fatal(err)
				}
				facts := mesh.Analyze(mr.Mesh)
				if !facts.Watertight || !facts.Manifold || len(facts.Problems) > 0 {
					t.Errorf("the hull's mesh is not sound: watertight %v, manifold %v, problems %v", facts.Watertight, facts.Manifold, facts.Problems)
				}
				got := facts.Bounds.Size().Z
				if math.Abs(got-height) > 0.01*height {
					t.Errorf("the hull's mesh is %.3f mm high, want %.3f within 1%%", got, height)
				}
				if z := facts.Bounds.Min.Z; math.Abs(z) > 0.01*height {
					t.Errorf("the hull's mesh starts at z = %.3f, want 0", z)
				}
			})
		}
	}
}

// volumeIoU returns the intersection over union of the carved solid and the
// truth, moved to stand on z = 0 about the centre of the bounds the renderer
// turned it about, sampled at 64³ points over both.
func volumeIoU(carved, truth sdf.Solid, turned geom.Box) float64 {
	off := geom.V(turned.Center().X, turned.Center().Y, turned.Min.Z)
	b := carved.Bounds().Union(geom.Box{Min: turned.Min.Sub(off), Max: turned.Max.Sub(off)})
	const n = 64
	s := b.Size()
	var inter, union int
	for k := range n {
		for j := range n {
			for i := range n {
				p := b.Min.Add(geom.V((float64(i)+0.5)/n*s.X, (float64(j)+0.5)/n*s.Y, (float64(k)+0.5)/n*s.Z))
				a, t := carved.At(p) < 0, truth.At(p.Add(off)) < 0
				if a && t {
					inter++
				}
				if a || t {
					union++
				}
			}
		}
	}
	return float64(inter) / float64(union)
}

// TestSlopeIsHonest: the hull's field never changes faster than the slope it
// declares, between points near its surface and far from it.
func TestSlopeIsHonest(t *testing.T) {
	rt := roundTrips()[1] // the box
	d := filmFor(t, rt)
	f, err := FromImages(d.clean)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Carve(t.Context(), f, Options{HeightMM: 40, Clockwise: true})
	if err != nil {
		t.Fatal(err)
	}
	s := res.Solid
	b := s.Bounds().Expand(2)
	rng := rand.New(rand.NewPCG(1, 2))
	at := func() geom.Vec3 {
		return geom.V(b.Min.X+rng.Float64()*b.Size().X, b.Min.Y+rng.Float64()*b.Size().Y, b.Min.Z+rng.Float64()*b.Size().Z)
	}
	worst := 0.0
	for range 20000 {
		p := at()
		step := geom.V(rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()).Unit().Scale(0.05 + 2*rng.Float64())
		q := p.Add(step)
		worst = math.Max(worst, math.Abs(s.At(p)-s.At(q))/step.Len())
	}
	t.Logf("largest slope seen %.3f, declared %.3f", worst, s.Slope())
	if worst > s.Slope() {
		t.Errorf("the field changes by %.3f a mm, more than its declared slope %.3f", worst, s.Slope())
	}
}

// The hull is the same whatever the number of workers: the same field value,
// to the bit, at every point tried.
func TestSameWithAnyWorkers(t *testing.T) {
	rt := roundTrips()[1] // the box: its pitch is estimated too
	d := filmFor(t, rt)
	f, err := FromImages(d.clean)
	if err != nil {
		t.Fatal(err)
	}
	var solids []sdf.Solid
	for _, w := range []int{1, 3} {
		res, err := Carve(t.Context(), f, Options{HeightMM: 40, Clockwise: true, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		solids = append(solids, res.Solid)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	b := solids[0].Bounds()
	if b != solids[1].Bounds() {
		t.Fatalf("bounds %v and %v", b, solids[1].Bounds())
	}
	s := b.Size()
	for range 2000 {
		p := b.Min.Add(geom.V(rng.Float64()*s.X, rng.Float64()*s.Y, rng.Float64()*s.Z))
		if a, c := solids[0].At(p), solids[1].At(p); a != c {
			t.Fatalf("at %v: %v with one worker, %v with three", p, a, c)
		}
	}
}
