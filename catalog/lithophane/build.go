package lithophane

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"

	"yanchu/catalog"
	"yanchu/mesh"
	"yanchu/spec"
)

// Build samples the picture on the plate's lattice and returns the plate.
func (domain) Build(ctx context.Context, s *spec.Spec, in catalog.Inputs) (*catalog.Model, error) {
	if !s.Has("height") || !s.Has("width") || !s.Has("pixel") {
		return nil, fmt.Errorf("lithophane: the spec has no height, width or pixel; ResolveInputs completes it from the picture")
	}
	pic, err := decode(ctx, in.Image)
	if err != nil {
		return nil, err
	}
	p, crop := sample(s, pic)
	if err := check(ctx); err != nil {
		return nil, err
	}
	style := s.Text("style")
	h := fnv.New64a()
	h.Write(in.Image.Data)
	name := fmt.Sprintf("lithophane(%s, picture %016x, %s)", style, h.Sum64(), spec.Canonical(schema, s))
	m := &catalog.Model{
		Solid: p.solid(name),
		Parts: []catalog.Part{{Name: "plate", Role: catalog.Fixed}},
		// Half the thinnest keeps the plate whole on a grid.
		Cell:             p.thin / 2,
		Surface:          func(ctx context.Context, tol float64) (*mesh.Mesh, error) { return p.surface(ctx, tol) },
		SurfaceTriangles: p.triangles,
	}
	// The plate is thin where the picture is light, unless it is raised where
	// light (a relief, or an inverted lithophane), as sample has it.
	light, dark := "where the picture is lightest", "where it is darkest"
	if (style == styleRelief) != (s.Text("invert") == "yes") {
		light, dark = "where the picture is darkest", "where it is lightest"
	}
	m.Extensions = append(m.Extensions, &catalog.Plate{Thinnest: round2(p.thin), Thickest: round2(p.thick), ThinWhere: light, ThickWhere: dark,
		Advice: "say a greater least thickness (最薄1毫米, min thickness 1)"})
	m.Facts = append(m.Facts,
		catalog.Fact{Name: "thinnest", Value: round2(p.thin), Unit: "mm", Source: "derived", Note: light},
		catalog.Fact{Name: "thickest", Value: round2(p.thick), Unit: "mm", Source: "derived", Note: dark},
		catalog.Fact{Name: "points", Value: float64((p.nx + 1) * (p.ny + 1)), Unit: "", Source: "derived",
			Note: fmt.Sprintf("%d×%d, %s×%s mm apart, from a %d×%d picture", p.nx+1, p.ny+1, mm(p.px), mm(p.py), pic.w, pic.h)},
	)
	if crop != "" {
		m.Notes = append(m.Notes, crop)
	}
	if p.arc == 0 {
		m.Print.Note = "lies flat, the back on the bed and the picture's face up"
	} else {
		m.Print.Note = "stands on its bottom edge, bent about the vertical, so every layer follows the curve"
	}
	m.Print.NoSupports = true
	return m, nil
}

// sample makes the plate of s from the picture: the thickness at each node of
// the lattice, the frame's in the border. It returns a note when the picture
// is cropped to the plate's proportions.
func sample(s *spec.Spec, pic *picture) (*plate, string) {
	nx, ny, px, py := lattice(s)
	w, h, b := s.Num("width"), s.Num("height"), s.Num("border")
	tmin, tmax, frame := s.Num("min_thickness"), s.Num("max_thickness"), s.Num("frame")
	light := s.Text("style") == styleRelief // raised where light
	if s.Text("invert") == "yes" {
		light = !light
	}
	p := &plate{w: w, h: h, nx: nx, ny: ny, px: px, py: py, z: make([]float32, (nx+1)*(ny+1)),
		arc: s.Num("arc") * math.Pi / 180, thin: math.Inf(1), thick: math.Inf(-1)}
	aw, ah := w-2*b, h-2*b
	k := math.Min(float64(pic.w)/aw, float64(pic.h)/ah) // picture pixels per mm: the picture covers the area
	foot := px * k                                      // a node's footprint, in picture pixels
	sat := newSummed(pic)
	const eps = 1e-9
	for j := 0; j <= ny; j++ {
		y := float64(j) * py
		for i := 0; i <= nx; i++ {
			x := float64(i) * px
			t := frame
			if x > b-eps && x < w-b+eps && y > b-eps && y < h-b+eps {
				u := float64(pic.w)/2 + (x-w/2)*k
				v := float64(pic.h)/2 - (y-h/2)*k
				var lum float64
				if foot > 1 {
					lum = sat.mean(u-foot/2, v-foot/2, u+foot/2, v+foot/2)
				} else {
					lum = bilinear(pic, u-0.5, v-0.5)
				}
				d := 1 - lum
				if light {
					d = lum
				}
				t = tmin + (tmax-tmin)*d
				p.thin, p.thick = math.Min(p.thin, t), math.Max(p.thick, t)
			}
			p.z[j*(nx+1)+i] = float32(t)
		}
	}
	if hole := s.Num("hole"); hole > 0 {
		// The tab spans whole pixels of the top edge, at least its ring round
		// the hole: with pixels coarser than the ring, rounding to the nearest
		// would leave a tab no wider than the hole, or none.
		r := hole/2 + tabWall
		a := max(0, int(math.Floor((w/2-r)/px+1e-9)))
		c := min(nx, int(math.Ceil((w/2+r)/px-1e-9)))
		p.tab = &tab{a: a, b: c, r: float64(c-a) * px / 2, hole: hole / 2, t: frame}
	}
	var note string
	if cw, ch := aw*k, ah*k; float64(pic.w)-cw > 1 || float64(pic.h)-ch > 1 {
		note = fmt.Sprintf("the %d×%d picture is cropped about its middle to the plate's proportions: %d×%d pixels of it are used",
			pic.w, pic.h, int(math.Round(cw)), int(math.Round(ch)))
	}
	return p, note
}

// bilinear interpolates the picture's luminance at (x, y), in pixels from the
// first pixel's centre.
func bilinear(p *picture, x, y float64) float64 {
	x0, y0 := math.Floor(x), math.Floor(y)
	fx, fy := x-x0, y-y0
	i, j := int(x0), int(y0)
	a := float64(p.at(i, j))*(1-fx) + float64(p.at(i+1, j))*fx
	c := float64(p.at(i, j+1))*(1-fx) + float64(p.at(i+1, j+1))*fx
	return a*(1-fy) + c*fy
}

// summed is a summed-area table of a picture's luminance, for the mean over a
// node's footprint in constant time.
type summed struct {
	w, h int
	s    []float64 // (w+1)×(h+1): the sum over pixels [0, x) × [0, y)
}

func newSummed(p *picture) *summed {
	t := &summed{w: p.w, h: p.h, s: make([]float64, (p.w+1)*(p.h+1))}
	for y := 0; y < p.h; y++ {
		var row float64
		for x := 0; x < p.w; x++ {
			row += float64(p.lum[y*p.w+x])
			t.s[(y+1)*(p.w+1)+x+1] = t.s[y*(p.w+1)+x+1] + row
		}
	}
	return t
}

// mean returns the mean luminance over the whole pixels in [x0, x1) × [y0, y1),
// rounded to whole pixels and clamped into the picture; at least one pixel.
func (t *summed) mean(x0, y0, x1, y1 float64) float64 {
	i0 := min(max(int(math.Round(x0)), 0), t.w-1)
	j0 := min(max(int(math.Round(y0)), 0), t.h-1)
	i1 := min(max(int(math.Round(x1)), i0+1), t.w)
	j1 := min(max(int(math.Round(y1)), j0+1), t.h)
	at := func(i, j int) float64 { return t.s[j*(t.w+1)+i] }
	sum := at(i1, j1) - at(i0, j1) - at(i1, j0) + at(i0, j0)
	return sum / float64((i1-i0)*(j1-j0))
}
