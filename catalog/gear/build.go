package gear

import (
	"context"
	"fmt"
	"math"

	"yanchu/badinput"
	"yanchu/catalog"
	"yanchu/geom"
	"yanchu/mesh"
	"yanchu/sdf"
	"yanchu/sdf/profile"
	"yanchu/spec"
)

// plan is a gear or a pair in numbers, read from a spec.
type plan struct {
	z1, z2   int     // teeth; z2 is 0 for one gear
	m, alpha float64 // module (mm), pressure angle (rad)
	h        float64 // face width (mm)
	bore     float64 // bore diameter (mm), 0 for none
	hub      float64 // hub diameter (mm), 0 for none
	hubLen   float64 // how far the hub stands above the face (mm)
	backlash float64 // extra centre distance of a pair (mm)
	a        float64 // centre distance of a pair (mm)
	x2       float64 // where gear 2's centre lies on +X: a, or clear of gear 1 when apart
	apart    bool    // the pair lies side by side to print, not in mesh
	t1, t2   *tooth  // t2 is nil for one gear
	o1, o2   *outline
}

// apartGap is how far apart (mm) the tip circles of a pair laid out to print lie.
const apartGap = 5.0

// planOf reads the plan of a spec that holds at least teeth, module and
// pressure_angle; a tooth that cannot be drawn is an infeasible input.
func planOf(s *spec.Spec) (*plan, error) {
	p := &plan{
		z1: int(s.Num("teeth")), m: s.Num("module"), alpha: s.Num("pressure_angle") * math.Pi / 180,
		h: s.Num("thickness"), bore: s.Num("bore"), hub: s.Num("hub"), hubLen: s.Num("hub_length"),
		backlash: s.Num("backlash"),
	}
	var err error
	if p.t1, err = newTooth(p.z1, p.m, p.alpha); err != nil {
		return nil, infeasible(err)
	}
	if s.Text("pair") != "yes" {
		step := 2 * math.Pi / float64(p.z1)
		phi := 0.0
		if p.z1%4 != 0 {
			// Half of what is left of a quarter turn after whole pitches: the
			// teeth then lie alike about both diagonals, and the box is as wide
			// as it is deep.
			phi = math.Mod(math.Pi/2, step) / 2
		}
		p.o1 = newOutline(p.t1, phi)
		return p, nil
	}
	p.z2 = int(s.Num("teeth2"))
	if p.t2, err = newTooth(p.z2, p.m, p.alpha); err != nil {
		return nil, infeasible(err)
	}
	p.a = p.m*float64(p.z1+p.z2)/2 + p.backlash
	p.x2, p.apart = p.a, s.Text("layout") == "apart"
	if p.apart {
		// Tip circles apartGap clear of each other: nothing for a slicer to fuse.
		p.x2 = p.t1.ra + p.t2.ra + apartGap
	}
	// Gear 1 has a space centred on +X, gear 2 a tooth on −X, pointing into it.
	p.o1 = newOutline(p.t1, math.Pi/float64(p.z1))
	p.o2 = newOutline(p.t2, math.Pi)
	return p, nil
}

func infeasible(err error) error {
	return badinput.New(badinput.Infeasible, "gear: %v; more teeth or a smaller pressure angle would work", err)
}

// teeth returns the plan's teeth, one or two.
func (p *plan) teeth() []*tooth {
	if p.t2 == nil {
		return []*tooth{p.t1}
	}
	return []*tooth{p.t1, p.t2}
}

// span returns the longest side (mm) of the plan's box in the XY plane.
func (p *plan) span() float64 {
	if p.t2 == nil {
		return 2 * p.t1.ra
	}
	return math.Max(p.x2+p.t1.ra+p.t2.ra, 2*math.Max(p.t1.ra, p.t2.ra))
}

// rootRadius returns the smaller root radius of the plan's gears (mm).
func (p *plan) rootRadius() float64 {
	rf := p.t1.rf
	if p.t2 != nil {
		rf = math.Min(rf, p.t2.rf)
	}
	return rf
}

// cell returns the largest grid cell (mm) that keeps every wall and slot open:
// half the thinnest of the tip lands, the spaces at the roots (bounded by the
// fillet circles), the face width, the rim, the bore and the hub's wall, and at
// most a quarter module so the flanks keep their shape; never under 0.05 mm.
func (p *plan) cell() float64 {
	c := p.m / 4
	for _, t := range p.teeth() {
		c = min(c, t.tipLand()/2, t.rootSpace()/2)
	}
	c = min(c, p.h/2)
	if p.bore > 0 {
		c = min(c, p.bore/2, (p.rootRadius()-p.bore/2)/2)
	}
	if p.hub > 0 {
		c = min(c, (p.hub-p.bore)/4, p.hubLen/2)
	}
	return math.Max(0.05, c)
}

// solid returns one gear: the outline o pushed up from z = 0 to the face width,
// centred at (cx, 0), with the hub on top and the bore through both.
func (p *plan) solid(o *outline, cx float64) sdf.Solid {
	body := sdf.Translate(sdf.Extrude(o, p.h), geom.V(cx, 0, p.h/2))
	top := p.h
	if p.hub > 0 {
		top += p.hubLen
		body = sdf.Union(body, sdf.Translate(sdf.Cylinder(p.hub/2, top), geom.V(cx, 0, top/2)))
	}
	if p.bore > 0 {
		body = sdf.Difference(body, sdf.Translate(sdf.Cylinder(p.bore/2, top+2), geom.V(cx, 0, top/2)))
	}
	return body
}

// diag returns the diagonal (mm) of the box around the gear of outline o, as
// mesh.Analyze ranks bodies.
func (p *plan) diag(o *outline) float64 {
	w := o.extent(profile.Vec2{X: 1}) + o.extent(profile.Vec2{X: -1})
	d := o.extent(profile.Vec2{Y: 1}) + o.extent(profile.Vec2{Y: -1})
	h := p.h + p.hubLen
	return math.Sqrt(w*w + d*d + h*h)
}

// samples returns points along the outline o centred at (cx, 0): every
// polyline point of every tooth and points 0.02 mm apart on the arcs.
func samples(o *outline, cx float64) []profile.Vec2 {
	t := o.t
	var half []profile.Vec2
	half = append(half, t.pts...)
	arc := func(r, a0, a1 float64) {
		n := int(math.Ceil(r * (a1 - a0) / 0.02))
		for k := 0; k <= n; k++ {
			s, c := math.Sincos(a0 + (a1-a0)*float64(k)/float64(max(n, 1)))
			half = append(half, profile.Vec2{X: r * c, Y: r * s})
		}
	}
	arc(t.ra, 0, t.tipHalf)
	arc(t.rf, t.rootHalf, math.Pi/float64(t.z))
	out := make([]profile.Vec2, 0, 2*t.z*len(half))
	for k := range t.z {
		c, s := o.cos[k], o.sin[k]
		for _, q := range half {
			for _, y := range []float64{q.Y, -q.Y} {
				out = append(out, profile.Vec2{X: cx + q.X*c - y*s, Y: q.X*s + y*c})
			}
		}
	}
	return out
}

// leastGap returns the least distance (mm) between the outlines of a pair as
// laid out, negative where they overlap. Two polylines are nearest at a vertex
// of one of them, so each outline's points are measured in the other's exact
// field; the arcs are sampled 0.02 mm apart.
func (p *plan) leastGap() float64 {
	g := math.Inf(1)
	for _, q := range samples(p.o2, p.a) {
		if q.Len() < p.t1.ra+1 {
			g = math.Min(g, p.o1.At(q))
		}
	}
	for _, q := range samples(p.o1, -p.a) {
		if q.Len() < p.t2.ra+1 {
			g = math.Min(g, p.o2.At(q))
		}
	}
	return g
}

// Build returns the gear, or the pair, of a resolved spec.
func (domain) Build(ctx context.Context, s *spec.Spec, _ catalog.Inputs) (*catalog.Model, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, name := range []string{"teeth", "module", "pressure_angle", "thickness", "bore", "hub", "hub_length", "backlash", "pair"} {
		if !s.Has(name) {
			return nil, fmt.Errorf("gear: the spec is not resolved: it has no %s", name)
		}
	}
	p, err := planOf(s)
	if err != nil {
		return nil, err
	}
	m := &catalog.Model{Cell: p.cell()}
	m.Print = catalog.Print{Rotation: geom.Identity(), NoSupports: true,
		Note: "prints as built, flat on one face; nothing overhangs, so no support"}
	if p.hub > 0 {
		m.Print.Note = "prints as built, flat on one face with the hub up; nothing overhangs, so no support"
	}
	g1 := p.solid(p.o1, 0)
	// The gears in Parts' order, for the surface: outline and centre.
	type placed struct {
		o  *outline
		cx float64
	}
	order := []placed{{p.o1, 0}}
	if p.t2 == nil {
		m.Solid = g1
		m.Parts = []catalog.Part{{Name: "gear", Role: catalog.Fixed}}
		m.Measures = []catalog.Measure{{Name: "tip diameter", Unit: "mm", Of: tipDiameter}}
	} else {
		g2 := p.solid(p.o2, p.x2)
		n1 := catalog.Part{Name: fmt.Sprintf("gear 1 (%d teeth)", p.z1), Role: catalog.Moving}
		n2 := catalog.Part{Name: fmt.Sprintf("gear 2 (%d teeth)", p.z2), Role: catalog.Moving}
		if p.diag(p.o2) > p.diag(p.o1) {
			m.Parts, m.Bodies = []catalog.Part{n2, n1}, []sdf.Solid{g2, g1}
			order = []placed{{p.o2, p.x2}, {p.o1, 0}}
		} else {
			m.Parts, m.Bodies = []catalog.Part{n1, n2}, []sdf.Solid{g1, g2}
			order = append(order, placed{p.o2, p.x2})
		}
		m.BodiesApart = !p.apart
		m.Solid = sdf.Union(g1, g2)
		if p.apart {
			m.Clearances = []catalog.Clearance{{Name: "laid apart", A: n1.Name, B: n2.Name, MinMM: apartGap}}
			m.Measures = []catalog.Measure{{Name: "spacing", Unit: "mm", Of: centreDistance}}
		} else {
			m.Clearances = []catalog.Clearance{{Name: "flank play", A: n1.Name, B: n2.Name, MinMM: round(p.leastGap(), 0.001)}}
			m.Measures = []catalog.Measure{{Name: "centre distance", Unit: "mm", Of: centreDistance}}
		}
	}
	// Below a ten-thousandth of a millimetre the outline's own polyline
	// (polyTol) is the limit anyway; the floor keeps the mesh finite.
	const leastTol = 1e-4
	m.Surface = func(ctx context.Context, tol float64) (*mesh.Mesh, error) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		tol = math.Max(tol, leastTol)
		out := &mesh.Mesh{}
		for _, g := range order {
			p.surfaceOf(out, g.o, g.cx, tol)
		}
		return out, nil
	}
	m.SurfaceTriangles = func(tol float64) int {
		tol = math.Max(tol, leastTol)
		n := 0
		for _, g := range order {
			n += p.trianglesOf(g.o, tol)
		}
		return n
	}
	m.Facts = p.facts()
	m.Notes = p.notes(s)
	m.Warnings = p.warnings()
	if p.t2 != nil && !p.apart {
		m.Warnings = append(m.Warnings, fmt.Sprintf(
			"the gears lie in mesh to show how they engage, their flanks %s mm apart: printed like this they fuse (an FDM printer keeps about 0.4 mm open); to print them, say 分开摆放 (layout apart) and they lie side by side",
			spec.FormatNumber(m.Clearances[0].MinMM)))
	}
	return m, nil
}

// facts returns the figures of the design.
func (p *plan) facts() []catalog.Fact {
	var out []catalog.Fact
	add := func(name string, v float64, unit, note string) {
		out = append(out, catalog.Fact{Name: name, Value: round(v, 0.001), Unit: unit, Source: "derived", Note: note})
	}
	for i, t := range p.teeth() {
		suffix := ""
		if p.t2 != nil {
			suffix = fmt.Sprintf(" (gear %d)", i+1)
		}
		add("pitch diameter"+suffix, 2*t.r, "mm", "module × teeth")
		add("tip diameter"+suffix, 2*t.ra, "mm", "pitch diameter + 2 modules")
		add("root diameter"+suffix, 2*t.rf, "mm", "pitch diameter − 2.5 modules")
		add("base diameter"+suffix, 2*t.rb, "mm", "pitch diameter × cos(pressure angle): the involute starts here")
		add("tip land"+suffix, t.tipLand(), "mm", "the tooth's width across its tip")
	}
	add("circular pitch", math.Pi*p.m, "mm", "π × module: tooth to tooth on the pitch circle")
	if p.t2 != nil {
		add("centre distance", p.a, "mm", "module × (teeth 1 + teeth 2) / 2 + backlash")
		add("ratio", float64(p.z2)/float64(p.z1), "", "teeth of gear 2 over teeth of gear 1")
	}
	return out
}

// notes returns what was worked out for the person.
func (p *plan) notes(s *spec.Spec) []string {
	var out []string
	if s.Params["module"].Source == spec.Derived {
		out = append(out, fmt.Sprintf("module %s, from the %s mm pitch diameter over %d teeth",
			spec.FormatNumber(p.m), spec.FormatNumber(s.Num("pitch_diameter")), p.z1))
	}
	if s.Params["bore"].Source == spec.Derived {
		if p.bore > 0 {
			out = append(out, fmt.Sprintf("a %s mm bore, about a quarter of the root diameter; say bore 0 for none", spec.FormatNumber(p.bore)))
		} else {
			out = append(out, "no bore: the gear is too small to keep a rim of 1.5 modules around one")
		}
	}
	switch {
	case p.t2 != nil && p.apart:
		out = append(out, fmt.Sprintf("the gears lie side by side, %s mm apart at the tips, to print; mount them on shafts %s mm apart (%s mm of backlash on the centre distance)",
			spec.FormatNumber(apartGap), spec.FormatNumber(round(p.a, 0.001)), spec.FormatNumber(p.backlash)))
	case p.t2 != nil:
		out = append(out, fmt.Sprintf("the gears lie in mesh, %s mm apart (%s mm of backlash on the centre distance): mount them on shafts that far apart",
			spec.FormatNumber(round(p.a, 0.001)), spec.FormatNumber(p.backlash)))
	}
	return out
}

// warnings returns what the person should know before printing.
func (p *plan) warnings() []string {
	var out []string
	sin := math.Sin(p.alpha)
	limit := int(math.Round(2 / (sin * sin)))
	deg := spec.FormatNumber(round(p.alpha*180/math.Pi, 0.01))
	for i, t := range p.teeth() {
		which := "the gear has"
		if p.t2 != nil {
			which = fmt.Sprintf("gear %d has", i+1)
		}
		if t.z < limit {
			better := ""
			for _, a := range []float64{25, 30} {
				s := math.Sin(a * math.Pi / 180)
				if n := int(math.Round(2 / (s * s))); a*math.Pi/180 > p.alpha+1e-9 && n <= t.z {
					better = fmt.Sprintf(", or a pressure angle of %g° (which needs only %d)", a, n)
					break
				}
			}
			out = append(out, fmt.Sprintf(
				"%s %d teeth, fewer than the %d a rack cutter needs at %s° to cut them without undercut; this profile is drawn, not cut, so it is not undercut, but below the base circle (%s mm) the flank is a straight radial line, not an involute, and a mating gear's tips may bind near the roots; use %d or more teeth%s",
				which, t.z, limit, deg, spec.FormatNumber(round(2*t.rb, 0.01)), limit, better))
		}
		if tl := t.tipLand(); tl < minTip {
			need := math.Ceil(20*p.m*minTip/tl) / 20
			out = append(out, fmt.Sprintf(
				"%s tooth tips %s mm across, under the %s mm (two 0.4 mm nozzle widths) an FDM printer draws cleanly; module %s or more keeps them that wide, or print it on resin",
				which, spec.FormatNumber(round(tl, 0.01)), spec.FormatNumber(minTip), spec.FormatNumber(need)))
		}
	}
	return out
}

// tipDiameter measures twice the largest distance of a vertex from the Z axis.
func tipDiameter(m *mesh.Mesh) (float64, error) {
	r := 0.0
	for _, v := range m.Vertices {
		r = math.Max(r, math.Hypot(v.X, v.Y))
	}
	if r == 0 {
		return 0, fmt.Errorf("gear: an empty mesh")
	}
	return 2 * r, nil
}

// centreDistance measures the distance between the centroids of the two bodies
// of a pair's mesh.
func centreDistance(m *mesh.Mesh) (float64, error) {
	f := mesh.Analyze(m)
	if len(f.Bodies) != 2 {
		return 0, fmt.Errorf("gear: a pair's mesh has %d bodies, not 2", len(f.Bodies))
	}
	var mom [2]geom.Vec3
	var vol [2]float64
	for i, tr := range m.Triangles {
		b := f.TriangleBody[i]
		if b < 0 {
			continue
		}
		a, bb, c := m.Vertices[tr[0]], m.Vertices[tr[1]], m.Vertices[tr[2]]
		v := a.Dot(bb.Cross(c)) / 6
		vol[b] += v
		mom[b] = mom[b].Add(a.Add(bb).Add(c).Scale(v / 4))
	}
	if vol[0] == 0 || vol[1] == 0 {
		return 0, fmt.Errorf("gear: a body of the pair has no volume")
	}
	return mom[0].Scale(1 / vol[0]).Sub(mom[1].Scale(1 / vol[1])).Len(), nil
}
