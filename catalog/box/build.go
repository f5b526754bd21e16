package box

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

// Build returns the box and its lid laid out for printing: the box with its
// floor on z = 0, centred on the z axis, and the lid beside it at +y, 10 mm
// away, also on z = 0 (a lift-off lid upside down, its lip up).
func (domain) Build(ctx context.Context, s *spec.Spec, _ catalog.Inputs) (*catalog.Model, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, name := range []string{"size", "wall", "floor", "corner", "lid", "dividers"} {
		if !s.Has(name) {
			return nil, fmt.Errorf("box: the spec is not resolved: no %s", name)
		}
	}
	if name, msg := spec.Check(schema, s); msg != "" {
		return nil, &badinput.Error{Code: badinput.OutOfRange, Message: "box: " + msg, Suggestions: []string{name}}
	}
	b := planOf(s)
	if b.lid != lidNone && !s.Has("clearance") || b.lid == lidLift && !s.Has("lip") {
		return nil, fmt.Errorf("box: the spec is not resolved: no clearance or lip for %s", lidWords[b.lid])
	}
	if err := b.check(); err != nil {
		return nil, err
	}
	m := &catalog.Model{Cell: b.cell()}
	body := b.bodySolid()
	lid, lidSize := b.lidSolid()
	bodySize := geom.V(b.l, b.w, b.body())
	lidFirst := false
	switch {
	case lid == nil:
		m.Parts = []catalog.Part{{Name: "box", Role: catalog.Fixed}}
		m.Bodies = []sdf.Solid{body}
	case lidSize.Len() > bodySize.Len():
		// mesh.Analyze lists the larger bounding box first: here the lid's.
		lidFirst = true
		m.Parts = []catalog.Part{{Name: "lid", Role: catalog.Lid}, {Name: "box", Role: catalog.Fixed}}
		m.Bodies = []sdf.Solid{lid, body}
	default:
		m.Parts = []catalog.Part{{Name: "box", Role: catalog.Fixed}, {Name: "lid", Role: catalog.Lid}}
		m.Bodies = []sdf.Solid{body, lid}
	}
	if len(m.Bodies) == 1 {
		m.Solid = body
	} else {
		m.Solid = sdf.Union(m.Bodies...)
		// Each on its own grid: the short lid does not pay for the box's
		// height (a quarter less time for the 100x60x40 box at 1 mm).
		m.BodiesApart = true
		m.Clearances = []catalog.Clearance{{Name: "lid / box", A: "lid", B: "box", MinMM: b.clearance}}
		m.Measures = []catalog.Measure{{Name: "lid fit gap", Unit: "mm", Of: b.measureGap}}
	}
	if lid != nil {
		seats := []catalog.Seat{{}, b.lidSeat()}
		if lidFirst {
			seats[0], seats[1] = seats[1], seats[0]
		}
		m.Extensions = append(m.Extensions, catalog.Assembly{Parts: seats})
	}
	if b.hasSurface() {
		m.Surface = func(ctx context.Context, tol float64) (*mesh.Mesh, error) {
			return b.surface(ctx, tol, lidFirst)
		}
		m.SurfaceTriangles = b.triangles
	}
	b.describe(m)
	return m, nil
}

// rect is profile.Rect with the corner radius kept within half the shorter
// side, which rounding in the sizes could otherwise pass by a hair.
func rect(w, h, r float64) profile.Shape {
	return profile.Rect(w, h, math.Max(0, math.Min(r, math.Min(w, h)/2)))
}

// prism is the shape pushed along z from z0 to z1.
func prism(s profile.Shape, z0, z1 float64) sdf.Solid {
	return sdf.Translate(sdf.Extrude(s, z1-z0), geom.V(0, 0, (z0+z1)/2))
}

// block is the axis-aligned box from lo to hi.
func block(lo, hi geom.Vec3) sdf.Solid {
	return sdf.Translate(sdf.Box(hi.Sub(lo), 0), lo.Add(hi).Scale(0.5))
}

// bodySolid is the box without its lid: the outer prism less the inside (the
// dividers left standing in it) and, for a sliding lid, the grooves and the
// notch in the near end wall, which takes the rounded corners of that end
// down to the grooves too.
func (b *plan) bodySolid() sdf.Solid {
	li, wi, _ := b.inner()
	ri := b.innerCorner()
	top := b.body()
	outer := prism(rect(b.l, b.w, b.corner), 0, top)
	cavity := prism(rect(li, wi, ri), b.floor, top+1)
	if b.n > 0 {
		walls := make([]sdf.Solid, b.n)
		for i := range walls {
			x := b.dividerX(i)
			walls[i] = block(geom.V(x-b.wall/2, -wi/2-1, b.floor-1), geom.V(x+b.wall/2, wi/2+1, b.dividerTop()))
		}
		cavity = sdf.Difference(cavity, walls...)
	}
	cuts := []sdf.Solid{cavity}
	if b.lid == lidSlide {
		g, zg := b.grooveDepth(), b.grooveZ()
		cuts = append(cuts,
			b.groove(),
			block(geom.V(li/2-ri, -wi/2-g, zg), geom.V(b.l/2+1, wi/2+g, b.h+1)))
		if b.corner > 0 {
			// Beside the notch the rails would thin to nothing where the outer
			// corners round: above the grooves' bottom the near end is cut
			// back to where the corners begin.
			cuts = append(cuts, block(geom.V(b.l/2-b.corner, -b.w/2-1, zg), geom.V(b.l/2+1, b.w/2+1, b.h+1)))
		}
	}
	return sdf.Difference(outer, cuts...)
}

// groove returns the grooves of a sliding lid: the inside's outline offset
// outward by the groove depth g, from the grooves' bottom up to where their top
// closes in, at 60° from the horizontal, to the inside's outline, so that it
// prints without support. At the lid's edge, a clearance in from the grooves'
// bottom, they are the lid's thickness and two clearances tall. The field is
// the largest of four 1-Lipschitz terms, each zero on its face: a bound.
func (b *plan) groove() sdf.Solid {
	li, wi, _ := b.inner()
	ri, g, zg := b.innerCorner(), b.grooveDepth(), b.grooveZ()
	z1 := zg + b.grooveHeight() - chamferRise*b.clearance // where the top begins to close in
	outline := rect(li, wi, ri)
	bounds := geom.Box{Min: geom.V(-li/2-g, -wi/2-g, zg), Max: geom.V(li/2+g, wi/2+g, z1+chamferRise*g)}
	name := fmt.Sprintf("box.groove(%s,%g,%g,%g,%g)", outline, g, zg, z1, chamferRise)
	norm := math.Sqrt(1 + 1/(chamferRise*chamferRise))
	return sdf.Custom(name, bounds, 1, func(p geom.Vec3) float64 {
		d := outline.At(profile.V(p.X, p.Y)) - g
		return math.Max(math.Max(zg-p.Z, d), math.Max((d+(p.Z-z1)/chamferRise)/norm, p.Z-bounds.Max.Z))
	})
}

// lidSize returns the lid's bounding box size as it lies on the bed.
func (b *plan) lidSize() geom.Vec3 {
	switch b.lid {
	case lidLift:
		return geom.V(b.l, b.w, b.plate()+b.lip)
	case lidSlide:
		li, wi, _ := b.inner()
		g := b.grooveDepth()
		return geom.V(b.l/2+li/2+g-b.clearance, wi+2*g-2*b.clearance, b.plate())
	}
	return geom.Vec3{}
}

// lidY is the centre of the lid along y on the bed.
func (b *plan) lidY() float64 { return b.w/2 + layoutGap + b.lidSize().Y/2 }

// lidSeat is where the lid stands on the box, from where it prints beside it.
// A lift-off lid turns over (a half turn about x through its middle) and its
// plate comes down on the rim, the lip in the opening; it lifts off upward. A
// sliding lid rests in the grooves, its far end in the far end's groove, and
// slides out past the +x end.
func (b *plan) lidSeat() catalog.Seat {
	size := b.lidSize()
	switch b.lid {
	case lidLift:
		// Printed, the lid spans z from 0 to plate+lip; turned over about its
		// middle it spans the same, the plate on top; the plate's underside,
		// at z = lip, comes down to the box's top.
		return catalog.Seat{Axis: geom.V(1, 0, 0), Angle: math.Pi, Move: geom.V(0, -b.lidY(), b.body()-b.lip),
			Off: geom.V(0, 0, b.lip+0.6*b.body())}
	case lidSlide:
		li, _, _ := b.inner()
		g := b.grooveDepth()
		far := -li/2 - g + b.clearance // the lid's far end, in the far groove
		return catalog.Seat{Move: geom.V(far+size.X/2, -b.lidY(), b.grooveZ()+b.clearance),
			Off: geom.V(size.X+5, 0, 0)}
	}
	return catalog.Seat{}
}

// lidSolid returns the lid as it lies on the bed and its bounding box size, or
// nil for an open box.
func (b *plan) lidSolid() (sdf.Solid, geom.Vec3) {
	size := b.lidSize()
	li, wi, _ := b.inner()
	p, c := b.plate(), b.clearance
	var lid sdf.Solid
	switch b.lid {
	case lidLift:
		// The lip's outside is the opening's outline offset inward by the
		// clearance; its inside, that offset by the wall again.
		lo, wo, ro := li-2*c, wi-2*c, math.Max(b.innerCorner()-c, 0)
		ring := sdf.Difference(prism(rect(lo, wo, ro), p/2, p+b.lip),
			prism(rect(lo-2*b.wall, wo-2*b.wall, math.Max(ro-b.wall, 0)), p, p+b.lip+1))
		lid = sdf.Union(prism(rect(b.l, b.w, b.corner), 0, p), ring)
	case lidSlide:
		// The grooves' outline offset inward by the clearance, at the far end.
		g := b.grooveDepth()
		lid = prism(rect(size.X, size.Y, b.innerCorner()+g-c), 0, p)
	default:
		return nil, size
	}
	return sdf.Translate(lid, geom.V(0, b.lidY(), 0)), size
}

// describe fills the model's facts, notes, warnings and print hints.
func (b *plan) describe(m *catalog.Model) {
	li, wi, hi := b.inner()
	fact := func(name string, v float64, unit, note string) {
		m.Facts = append(m.Facts, catalog.Fact{Name: name, Value: math.Round(v*100) / 100, Unit: unit, Source: "derived", Note: note})
	}
	fact("inner length", li, "mm", "")
	fact("inner width", wi, "mm", "")
	fact("inner height", hi, "mm", "from the floor to the underside of the lid")
	fact("usable volume", b.volume()/1000, "ml", "the inside less the dividers and the lid's lip")
	switch b.lid {
	case lidLift:
		fact("lid thickness", b.plate(), "mm", "lift-off lid: a plate with a lip that drops into the opening")
		fact("lip depth", b.lip, "mm", "")
		m.Notes = append(m.Notes, fmt.Sprintf("the lid prints upside down beside the box, its %s mm lip pointing up; the box stands %s mm tall without it", mm(b.lip), mm(b.body())))
		m.Print = catalog.Print{NoSupports: true, Note: "box open side up, lid upside down beside it: no overhangs, no support"}
	case lidSlide:
		g := b.grooveDepth()
		fact("lid thickness", b.plate(), "mm", "sliding lid: slides in along the length, in grooves of the long walls and the far end")
		fact("groove depth", g, "mm", "")
		m.Notes = append(m.Notes, "the lid slides in from the +x end, where the end wall is cut down to the grooves")
		m.Print = catalog.Print{NoSupports: true,
			Note: "box upright, lid flat beside it: the grooves' tops slope at 60°, so nothing needs support"}
	default:
		m.Print = catalog.Print{NoSupports: true, Note: "open side up: no overhangs, no support"}
	}
	if b.n > 0 {
		fact("compartment length", b.compartment(), "mm", fmt.Sprintf("%d compartments", b.n+1))
	}
	if b.corner > 0 && b.corner <= b.wall {
		m.Notes = append(m.Notes, fmt.Sprintf("the inside corners are sharp: the %s mm corner radius is no more than the %s mm wall", mm(b.corner), mm(b.wall)))
	}
	if b.lid != lidNone {
		switch {
		case b.clearance < 0.15:
			m.Warnings = append(m.Warnings, fmt.Sprintf("a %s mm clearance is tighter than most FDM printers hold: the lid may need sanding to fit; 0.2 mm is usual", mm(b.clearance)))
		case b.clearance > 0.5:
			m.Warnings = append(m.Warnings, fmt.Sprintf("a %s mm clearance makes a loose lid; 0.2 mm is usual", mm(b.clearance)))
		}
	}
}
