// Package nested is the model extension of bodies nested one inside another with
// spherical clearances between them, as the shells of a puzzle ball are: the
// gaps, the breakaway ties across them, and the bottom poles of the inner bodies.
// The G-code fusion check reads it; a domain whose parts are not nested spheres
// never carries it.
package nested

import "yanchu/geom"

// Spheres is the extension: the facts below are in the model Solid's frame, in
// millimetres.
type Spheres struct {
	// Gaps are the clearances between nested bodies, outermost first: gap i lies
	// between body i and body i+1 of the model's Parts (before ties join them).
	Gaps []Gap
	// Ties are breakaway tabs across the gaps that hold the bodies together while
	// the model prints. A model with ties is one body.
	Ties []Tie
	// Poles are the bottom poles of the inner bodies, in Gaps' order (Poles[i] is
	// the lowest point of body i+1's outer sphere once turned to print).
	Poles []geom.Vec3
}

// Gap is the clearance between two nested bodies: the spherical layer between the
// inner body's outside and the outer body's inside, around Centre.
type Gap struct {
	// Name names the gap and its two bodies: "gap 1 (layer 1 / layer 2)".
	Name   string
	Centre geom.Vec3
	// Inner is the radius of the inner body's outside and Outer that of the outer
	// body's inside (mm).
	Inner, Outer float64
}

// Tie is a breakaway tab across a gap: a round pillar joining the inner body to
// the body outside it while the model prints, snapped afterwards.
type Tie struct {
	// Middle is the middle of the tab's span across the gap (mm).
	Middle geom.Vec3
	// Axis is the tab's direction, a unit vector from the outer body's wall into
	// the inner body.
	Axis geom.Vec3
	// Diameter is the tab's width (mm) and Area its cross-section (mm²).
	Diameter, Area float64
	// Span is how far the tab crosses the gap along Axis (mm); the tab reaches a
	// little further into each wall so that it joins both.
	Span float64
	// Gap is the index in Gaps of the gap the tab crosses.
	Gap int
}

// Turn returns the extension turned by r (p -> r·p).
func (s *Spheres) Turn(r geom.Mat3) *Spheres {
	out := &Spheres{}
	for _, g := range s.Gaps {
		g.Centre = r.MulVec(g.Centre)
		out.Gaps = append(out.Gaps, g)
	}
	for _, t := range s.Ties {
		t.Middle, t.Axis = r.MulVec(t.Middle), r.MulVec(t.Axis)
		out.Ties = append(out.Ties, t)
	}
	for _, p := range s.Poles {
		out.Poles = append(out.Poles, r.MulVec(p))
	}
	return out
}

// TieArea returns the number of ties and their total cross-section (mm²).
func (s *Spheres) TieArea() (n int, area float64) {
	for _, t := range s.Ties {
		area += t.Area
	}
	return len(s.Ties), area
}
