package gridfinity

import (
	"context"
	"fmt"
	"math"

	"yanchu/badinput"
	"yanchu/catalog"
	"yanchu/geom"
	"yanchu/sdf"
	"yanchu/sdf/profile"
	"yanchu/spec"
)

// Build returns the bin as it prints: the bottom of its feet on z = 0, centred
// on the z axis, one body.
func (domain) Build(ctx context.Context, s *spec.Spec, _ catalog.Inputs) (*catalog.Model, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, p := range schema.Params {
		if !s.Has(p.Name) {
			return nil, fmt.Errorf("gridfinity: the spec is not resolved: no %s", p.Name)
		}
	}
	if err := checkSize(s.Params["size"]); err != nil {
		return nil, err
	}
	if name, msg := spec.Check(schema, s); msg != "" {
		return nil, &badinput.Error{Code: badinput.OutOfRange, Message: "gridfinity: " + msg, Suggestions: []string{name}}
	}
	b := planOf(s)
	if err := b.check(); err != nil {
		return nil, err
	}
	m := &catalog.Model{
		Solid: b.solid(),
		Parts: []catalog.Part{{Name: "bin", Role: catalog.Fixed}},
		Cell:  b.cell(),
	}
	b.describe(m)
	return m, nil
}

// sweep returns the solid swept by the section sec around the outline: the
// points whose distance to the outline (centred at c, in the XY plane,
// negative inside) and height, as a point of sec's plane, lie in sec. The
// outline's offsets within sec's reach must be rounded rectangles themselves
// (its corner radius at least the deepest inset), so that the section is the
// same all round. The field is the distance in that plane, 1-Lipschitz as the
// outline's and sec's fields are: a bound. zlo and zhi bound the section's
// heights, and reach how far out of the outline it goes.
func sweep(outline, sec profile.Shape, c profile.Vec2, zlo, zhi, reach float64) sdf.Solid {
	ob := outline.Bounds()
	bounds := geom.Box{
		Min: geom.V(c.X+ob.Min.X-reach, c.Y+ob.Min.Y-reach, zlo),
		Max: geom.V(c.X+ob.Max.X+reach, c.Y+ob.Max.Y+reach, zhi),
	}
	name := fmt.Sprintf("gridfinity.sweep(%s,%s,%g,%g)", outline, sec, c.X, c.Y)
	return sdf.Custom(name, bounds, 1, func(p geom.Vec3) float64 {
		return sec.At(profile.V(outline.At(profile.V(p.X-c.X, p.Y-c.Y)), p.Z))
	})
}

// solid is the bin: the feet, the body with its cavity and lip, the holes,
// the dividers and the shelves.
func (b *plan) solid() sdf.Solid {
	W, L := b.outerX(), b.outerY()
	deep := math.Min(W, L)/2 + 5 // past the middle of the outline: the section's inner side is never nearest
	parts := []sdf.Solid{b.bodyWithout(deep)}
	foot := b.footSection()
	cellOutline := profile.Rect(gridXY-2*clearance, gridXY-2*clearance, cornerR)
	for j := range b.ny {
		for i := range b.nx {
			parts = append(parts, sweep(cellOutline, foot, b.cellCentre(i, j), 0, footHeight+1, 0))
		}
	}
	bin := sdf.Union(parts...)
	if ins := b.inserts(); ins != nil {
		bin = sdf.Union(bin, ins)
	}
	if holes := b.holes(); len(holes) > 0 {
		bin = sdf.Difference(bin, holes...)
	}
	return bin
}

// cellCentre is the centre of cell (i, j) in the XY plane.
func (b *plan) cellCentre(i, j int) profile.Vec2 {
	return profile.V((float64(i)-float64(b.nx-1)/2)*gridXY, (float64(j)-float64(b.ny-1)/2)*gridXY)
}

// footSection is a foot's section: inset from the cell's outline against
// height, the standard's profile from the bottom up to 4.75 mm, then 1 mm on
// into the body so that the two overlap.
func (b *plan) footSection() profile.Shape {
	const deep = gridXY/2 + 5
	return profile.Polygon(
		profile.V(-deep, 0),
		profile.V(-footInset, 0),
		profile.V(-footChamfer2, footChamfer1),
		profile.V(-footChamfer2, footChamfer1+footStraight),
		profile.V(0, footHeight),
		profile.V(0, footHeight+1),
		profile.V(-deep, footHeight+1),
	)
}

// bodySection is the body's section: inset from the bin's outline against
// height, from the top of the feet to the lip's sharp edge on the outer wall,
// hollowed from the floor up: the wall, the 45° ledge that carries the lip,
// the lip's straight inner face under its tip, and the lip's profile above.
func (b *plan) bodySection(deep float64) profile.Shape {
	H, w := b.body(), b.wall
	return profile.Polygon(
		profile.V(-deep, footHeight),
		profile.V(0, footHeight),
		profile.V(0, H+lipHeight),
		profile.V(-lipChamfer2, H+lipChamfer1+lipStraight),
		profile.V(-lipChamfer2, H+lipChamfer1),
		profile.V(-lipInset, H),
		profile.V(-lipInset, H-lipSupport),
		// The ledge rises at 45° from the wall to the tip's straight face.
		profile.V(-w, H-lipSupport-(lipInset-w)),
		profile.V(-w, floorTop),
		profile.V(-deep, floorTop),
	)
}

// bodyWithout is the body, on the feet, hollowed but without dividers,
// shelves or holes.
func (b *plan) bodyWithout(deep float64) sdf.Solid {
	outline := profile.Rect(b.outerX(), b.outerY(), cornerR)
	return sweep(outline, b.bodySection(deep), profile.V(0, 0), footHeight, b.top(), 0)
}

// block is the axis-aligned box from lo to hi.
func block(lo, hi geom.Vec3) sdf.Solid {
	return sdf.Translate(sdf.Box(hi.Sub(lo), 0), lo.Add(hi).Scale(0.5))
}

// inserts returns the dividers and the label shelves, clipped to the bin's
// outline so that none reaches out of the rounded corners, or nil for none.
func (b *plan) inserts() sdf.Solid {
	var ins []sdf.Solid
	ix, iy := b.innerX(), b.innerY()
	zt := b.insertTop()
	// From inside the floor to their top; across the inside and half into the
	// walls.
	reachX, reachY := ix/2+b.wall/2, iy/2+b.wall/2
	for i := range b.cx - 1 {
		x := dividerAt(i, ix, b.compX())
		ins = append(ins, block(geom.V(x-divider/2, -reachY, floorTop-1), geom.V(x+divider/2, reachY, zt)))
	}
	for j := range b.cy - 1 {
		y := dividerAt(j, iy, b.compY())
		ins = append(ins, block(geom.V(-reachX, y-divider/2, floorTop-1), geom.V(reachX, y+divider/2, zt)))
	}
	if b.label {
		for j := range b.cy {
			// The face the shelf stands out from: the back wall, or the
			// divider behind the row.
			back := iy / 2
			if j < b.cy-1 {
				back = dividerAt(j, iy, b.compY()) - divider/2
			}
			ins = append(ins, b.shelfSolid(back, reachX, zt))
		}
	}
	if len(ins) == 0 {
		return nil
	}
	clip := sdf.Translate(sdf.Extrude(profile.Rect(b.outerX(), b.outerY(), cornerR), zt), geom.V(0, 0, zt/2))
	return sdf.Intersection(sdf.Union(ins...), clip)
}

// shelfSolid is a label shelf standing out toward -y from the face at y = back,
// its top at zt, across x from -reach to reach: a flat top shelfDepth deep (or
// less, see plan.shelf), a straight front edge of 1.2 mm, and under it a 45°
// support back to the face. Its section reaches 1 mm into the face.
func (b *plan) shelfSolid(back, reach, zt float64) sdf.Solid {
	d := b.shelf()
	sec := profile.Polygon(
		profile.V(back+1, zt),
		profile.V(back-d, zt),
		profile.V(back-d, zt-shelfEdge),
		profile.V(back, zt-shelfEdge-d),
		profile.V(back+1, zt-shelfEdge-d),
	)
	bounds := geom.Box{Min: geom.V(-reach, back-d, zt-shelfEdge-d), Max: geom.V(reach, back+1, zt)}
	name := fmt.Sprintf("gridfinity.shelf(%s,%g)", sec, reach)
	return sdf.Custom(name, bounds, 1, func(p geom.Vec3) float64 {
		return math.Max(sec.At(profile.V(p.Y, p.Z)), math.Abs(p.X)-reach)
	})
}

// holes returns the magnet and screw holes, four to a cell, each from below
// the bottom up to its depth.
func (b *plan) holes() []sdf.Solid {
	var out []sdf.Solid
	for j := range b.ny {
		for i := range b.nx {
			c := b.cellCentre(i, j)
			for _, s := range [4][2]float64{{-1, -1}, {1, -1}, {-1, 1}, {1, 1}} {
				x, y := c.X+s[0]*holeOffset, c.Y+s[1]*holeOffset
				if b.magnets {
					out = append(out, hole(x, y, magnetD, magnetDepth))
				}
				if b.screws {
					out = append(out, hole(x, y, screwD, screwDepth))
				}
			}
		}
	}
	return out
}

// hole is a round hole d across, from 1 mm below the bottom up to depth.
func hole(x, y, d, depth float64) sdf.Solid {
	return sdf.Translate(sdf.Extrude(profile.Circle(d/2), depth+1), geom.V(x, y, (depth-1)/2))
}

// describe fills the model's facts, notes and print hints.
func (b *plan) describe(m *catalog.Model) {
	fact := func(name string, v float64, unit, note string) {
		m.Facts = append(m.Facts, catalog.Fact{Name: name, Value: math.Round(v*100) / 100, Unit: unit, Source: "derived", Note: note})
	}
	fact("outer length", b.outerX(), "mm", fmt.Sprintf("%d × 42 mm less 0.5 mm clearance", b.nx))
	fact("outer width", b.outerY(), "mm", fmt.Sprintf("%d × 42 mm less 0.5 mm clearance", b.ny))
	fact("body height", b.body(), "mm", fmt.Sprintf("%d × 7 mm, from the bottom of the feet", b.nh))
	fact("height with lip", b.top(), "mm", "the stacking lip adds 4.4 mm")
	fact("inside depth", b.body()-floorTop, "mm", "from the 7 mm floor to the top of the body, under the lip")
	if b.cx > 1 || b.cy > 1 {
		fact("compartment length", b.compX(), "mm", "")
		fact("compartment width", b.compY(), "mm", "")
	}
	if b.label {
		fact("label shelf depth", b.shelf(), "mm", "")
	}
	m.Notes = append(m.Notes, fmt.Sprintf("Gridfinity %dx%dx%d: seats in any standard baseplate; walls %s mm", b.nx, b.ny, b.nh, mm(b.wall)))
	if b.magnets {
		m.Notes = append(m.Notes, fmt.Sprintf("%d magnet holes for 6×2 mm disc magnets; glue them in", 4*b.nx*b.ny))
	}
	m.Print = catalog.Print{NoSupports: true,
		Note: "as built, feet down: the lip and any label shelf stand on 45° slopes, and the holes' ceilings bridge, so nothing needs support"}
}
