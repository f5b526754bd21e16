package lithophane

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"math/rand/v2"
	"testing"

	"yanchu/catalog"
	"yanchu/geom"
	"yanchu/isosurface"
	"yanchu/mesh"
	"yanchu/spec"
)

const tol = 0.01

func said(v float64) spec.Value { return spec.Value{Num: v, Unit: "mm", Source: spec.Said} }

// build makes the plate of the 64 × 48 gradient with the parameters given.
func build(t *testing.T, params map[string]spec.Value) (*catalog.Model, *mesh.Mesh, []byte) {
	t.Helper()
	data := gradient(t, 64, 48)
	in := catalog.Inputs{Image: &catalog.File{Name: "gradient.png", Data: data}}
	s, err := resolved(t, in, params)
	if err != nil {
		t.Fatal(err)
	}
	m, err := domain{}.Build(t.Context(), s, in)
	if err != nil {
		t.Fatal(err)
	}
	msh, err := m.Surface(t.Context(), tol)
	if err != nil {
		t.Fatal(err)
	}
	return m, msh, data
}

// Every plate is one closed, manifold, outward body within the tolerance of its
// field (a bent one's measured through the thickness: see the package notes).
func TestPlatesAreClosed(t *testing.T) {
	for name, params := range map[string]map[string]spec.Value{
		"flat":      {},
		"relief":    {"style": {Text: styleRelief, Source: spec.Said}},
		"no border": {"border": said(0)},
		"hole":      {"hole": said(5)},
		// Pixels coarser than the tab's ring round the hole: the tab still
		// spans whole pixels round it.
		"hole, coarse pixels":     {"hole": said(1.4), "pixel": said(10)},
		"big hole, coarse pixels": {"hole": said(20), "pixel": said(10)},
		"curved":                  {"arc": {Num: 120, Unit: "deg", Source: spec.Said}}, // pixels of 1.47 mm, cut finer
		"half pipe":               {"arc": {Num: 180, Unit: "deg", Source: spec.Said}, "width": said(40), "pixel": said(0.3)},
		"fine":                    {"width": said(60), "pixel": said(0.1)},
	} {
		t.Run(name, func(t *testing.T) {
			m, msh, _ := build(t, params)
			if err := mesh.Validate(msh); err != nil {
				t.Fatal(err)
			}
			f := mesh.Analyze(msh)
			if len(f.Bodies) != 1 || !f.Watertight || !f.Outward || !(f.Volume > 0) {
				t.Fatalf("bodies %d, watertight %v, outward %v, volume %g", len(f.Bodies), f.Watertight, f.Outward, f.Volume)
			}
			dev, _ := isosurface.Deviation(msh, m.Solid.At, tol)
			limit := tol * 1.001
			if params["arc"].Num > 0 {
				// Through the thickness a bent step between pixels measures up to
				// its slope times its true distance: measure along the normal. A
				// step of 3 mm a pixel wide, bent on a tight radius, strays by
				// a share of the step as well as the chord's sag.
				dev, limit = normalDeviation(msh, m.Solid.At), 2*tol
			}
			if dev > limit {
				t.Errorf("deviation %.4f mm, want at most %g", dev, limit)
			}
			b := msh.Bounds()
			sb := m.Solid.Bounds()
			if !(b.Min.X >= sb.Min.X && b.Max.X <= sb.Max.X && b.Max.Z <= sb.Max.Z) {
				t.Errorf("mesh %v outside the solid's bounds %v", b, sb)
			}
		})
	}
}

// The face's thickness at 200 nodes of the picture matches the mapping
// t = min + (max − min)·(1 − Y) within the tolerance, Y interpolated between
// the picture's pixel centres. The picture's pixels are 0.5 mm on the plate.
func TestThicknessFollowsDarkness(t *testing.T) {
	// 64 × 48 pixels of 0.5 mm in a 3 mm border: 38 × 30 mm.
	m, msh, data := build(t, map[string]spec.Value{"width": said(38), "pixel": said(0.5)})
	pic, err := decode(t.Context(), &catalog.File{Name: "g", Data: data})
	if err != nil {
		t.Fatal(err)
	}
	_ = m
	lum := func(u, v float64) float64 { // bilinear between pixel centres
		u, v = u-0.5, v-0.5
		i, j := int(math.Floor(u)), int(math.Floor(v))
		fu, fv := u-float64(i), v-float64(j)
		at := func(i, j int) float64 { return float64(pic.at(i, j)) }
		return (at(i, j)*(1-fu)+at(i+1, j)*fu)*(1-fv) + (at(i, j+1)*(1-fu)+at(i+1, j+1)*fu)*fv
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		i, j := 6+rng.IntN(64), 6+rng.IntN(48) // nodes within the picture
		x, y := float64(i)*0.5, float64(j)*0.5
		want := 0.8 + (3-0.8)*(1-lum((x-3)*2, 48-(y-3)*2))
		got, ok := faceAt(msh, x, y)
		if !ok {
			t.Fatalf("no face over (%g, %g)", x, y)
		}
		if math.Abs(got-want) > tol+1e-6 {
			t.Errorf("thickness at (%g, %g): got %.4f mm, want %.4f", x, y, got, want)
		}
	}
}

// faceAt returns the height of the upward face of msh over (x, y).
func faceAt(msh *mesh.Mesh, x, y float64) (float64, bool) {
	for _, tr := range msh.Triangles {
		a, b, c := msh.Vertices[tr[0]], msh.Vertices[tr[1]], msh.Vertices[tr[2]]
		n := b.Sub(a).Cross(c.Sub(a))
		if n.Z <= 1e-12 || a.Z == 0 && b.Z == 0 && c.Z == 0 {
			continue
		}
		// Barycentric coordinates in the plane.
		d := (b.X-a.X)*(c.Y-a.Y) - (c.X-a.X)*(b.Y-a.Y)
		l1 := ((x-a.X)*(c.Y-a.Y) - (c.X-a.X)*(y-a.Y)) / d
		l2 := ((b.X-a.X)*(y-a.Y) - (x-a.X)*(b.Y-a.Y)) / d
		if l1 >= -1e-9 && l2 >= -1e-9 && l1+l2 <= 1+1e-9 {
			return a.Z + l1*(b.Z-a.Z) + l2*(c.Z-a.Z), true
		}
	}
	return 0, false
}

// The field's height between nodes is the RTIN's finest mesh: meshed with no
// tolerance, the face lies on the field everywhere.
func TestFieldMatchesFinestMesh(t *testing.T) {
	m, _, _ := build(t, map[string]spec.Value{"width": said(38), "pixel": said(0.5), "border": said(0)})
	msh, err := m.Surface(t.Context(), 1e-9)
	if err != nil {
		t.Fatal(err)
	}
	dev, _ := isosurface.Deviation(msh, m.Solid.At, 1e-6)
	if dev > 1e-5 {
		t.Errorf("the finest mesh strays %.2g mm from the field; the diagonals differ", dev)
	}
}

// A flat picture's face needs few triangles; the frame costs nothing.
func TestFlatIsLean(t *testing.T) {
	data := gradient(t, 64, 48)
	_ = data
	p := &plate{w: 50, h: 40, nx: 100, ny: 80, px: 0.5, py: 0.5, z: make([]float32, 101*81)}
	for i := range p.z {
		p.z[i] = 2
	}
	msh, err := p.surface(t.Context(), tol)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(msh.Triangles); n > 2000 {
		t.Errorf("a flat plate of 100 × 80 cells has %d triangles", n)
	}
	if err := mesh.Validate(msh); err != nil {
		t.Fatal(err)
	}
}

// normalDeviation returns the largest first-order distance |f|/|∇f| from the
// edge middles and centroids of msh to the zero set of f.
func normalDeviation(msh *mesh.Mesh, f func(geom.Vec3) float64) float64 {
	const h = 1e-4
	var worst float64
	at := func(p geom.Vec3) {
		d := f(p)
		g := geom.V(f(p.Add(geom.V(h, 0, 0)))-f(p.Sub(geom.V(h, 0, 0))),
			f(p.Add(geom.V(0, h, 0)))-f(p.Sub(geom.V(0, h, 0))),
			f(p.Add(geom.V(0, 0, h)))-f(p.Sub(geom.V(0, 0, h)))).Scale(1 / (2 * h))
		if l := g.Len(); l > 0 {
			worst = math.Max(worst, math.Abs(d)/l)
		}
	}
	for _, tr := range msh.Triangles {
		a, b, c := msh.Vertices[tr[0]], msh.Vertices[tr[1]], msh.Vertices[tr[2]]
		at(a.Add(b).Scale(0.5))
		at(a.Add(b).Add(c).Scale(1.0 / 3))
	}
	return worst
}

// picturePNG encodes a w × h grey picture whose pixel (x, y) is at(x, y).
func picturePNG(t *testing.T, w, h int, at func(x, y int) uint8) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetGray(x, y, color.Gray{Y: at(x, y)})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The count the model gives before meshing is never below the triangles the
// surface makes, nor over 1.5 times as many (twice under 1000): on a gradient,
// noise, a smooth wave and a blank picture, flat and bent (on the plate's
// lattice and on a finer one), with a tab or none, at tolerances from 0.005 to
// 0.2 mm.
func TestSurfaceTrianglesBound(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	pictures := map[string][]byte{
		"gradient": gradient(t, 64, 48),
		"noise":    picturePNG(t, 80, 60, func(x, y int) uint8 { return uint8(rng.IntN(256)) }),
		"wave": picturePNG(t, 120, 90, func(x, y int) uint8 {
			return uint8(127.5 + 127.5*math.Sin(float64(x)/9)*math.Cos(float64(y)/13))
		}),
		"blank": picturePNG(t, 40, 30, func(x, y int) uint8 { return 200 }),
	}
	arc := func(deg float64) spec.Value { return spec.Value{Num: deg, Unit: "deg", Source: spec.Said} }
	plates := map[string]map[string]spec.Value{
		"flat":                {},
		"relief, no border":   {"style": {Text: styleRelief, Source: spec.Said}, "border": said(0)},
		"hole":                {"hole": said(5)},
		"hole, coarse pixels": {"hole": said(1.4), "pixel": said(10)},
		"curved":              {"arc": arc(120)},
		"half pipe":           {"arc": arc(180), "width": said(40), "pixel": said(0.3)},
		"curved, coarse":      {"arc": arc(90), "pixel": said(4)},
	}
	for pic, data := range pictures {
		in := catalog.Inputs{Image: &catalog.File{Name: pic + ".png", Data: data}}
		for name, params := range plates {
			s, err := resolved(t, in, params)
			if err != nil {
				t.Fatal(err)
			}
			m, err := domain{}.Build(t.Context(), s, in)
			if err != nil {
				t.Fatal(err)
			}
			for _, tol := range []float64{0.005, 0.01, 0.05, 0.2} {
				count := m.SurfaceTriangles(tol)
				msh, err := m.Surface(t.Context(), tol)
				if err != nil {
					t.Fatal(err)
				}
				n := len(msh.Triangles)
				most := 1.5
				if n < 1000 {
					most = 2
				}
				if count < n || float64(count) > most*float64(n) {
					t.Errorf("%s, %s, tol %g: counted %d triangles, made %d", pic, name, tol, count, n)
				}
			}
		}
	}
}
