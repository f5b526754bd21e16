// Package catalog holds yanchu's domains. Each declares its parameters once (a
// spec.Schema), fills in what was not said (defaults and derived values), refuses
// what cannot work with reasons and the nearest choices that would, and builds the
// solid with its bodies named.
package catalog

import (
	"sort"

	"yanchu/geom"
	"yanchu/sdf"
	"yanchu/spec"
)

// Domain is one kind of object yanchu makes.
type Domain interface {
	// Schema declares the domain's parameters.
	Schema() *spec.Schema
	// Resolve returns the spec completed with defaults and derived values, or a
	// *badinput.Error saying why it cannot be made and what would work.
	Resolve(s *spec.Spec) (*spec.Spec, error)
	// Build returns the solid of a resolved spec.
	Build(s *spec.Spec) (*Model, error)
}

// Model is a built solid and what the mesher and the files need to know of it.
type Model struct {
	Solid sdf.Solid
	// Parts names the separate bodies, largest first, as the mesh lists them.
	Parts []string
	// Symmetric, when set, is the solid in a frame where it is symmetric under
	// reflection in each coordinate plane through the origin, and Frame the
	// rotation that turns it into Solid (p -> Frame·p). A mesher may then mesh one
	// octant of Symmetric and reflect it, and turn the mesh by Frame.
	Symmetric sdf.Solid
	Frame     geom.Mat3
	// Bodies, when set, are the separate bodies themselves, in Parts' order: their
	// union is Solid and no two touch, so each may be meshed on its own.
	Bodies []sdf.Solid
	// Cell is the largest cell (mm) that keeps every gap and wall open: half the
	// smallest of them.
	Cell float64
	// Notes are facts worth telling the person, such as a derived choice.
	Notes []string

	// The facts below are in the Solid's frame, in millimetres.

	// Gaps are the clearances between nested bodies, outermost first: gap i lies
	// between body i and body i+1 of Parts (before any ties join them).
	Gaps []Gap
	// Ties are breakaway tabs across the gaps that hold the bodies together while
	// the model prints. A model with ties is one body: Parts has one name and
	// Bodies is nil.
	Ties []Tie
	// Poles are the bottom poles of the inner bodies, in Gaps' order (Poles[i] is
	// the lowest point of body i+1's outer sphere once turned by PrintRotation).
	// A pole lies in an opening when the model prints with a column of openings
	// down, and on solid material when it prints with ties or a flat base.
	Poles []geom.Vec3
	// PrintRotation turns the Solid into its print orientation, p -> PrintRotation·p,
	// with the bed below (-Z). The identity, or the zero matrix, means the Solid is
	// built in its print orientation.
	PrintRotation geom.Mat3
	// PrintNote says, in words, how the model prints and why that orientation.
	PrintNote string
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
	// Gap is the index in Model.Gaps of the gap the tab crosses.
	Gap int
}

var domains = map[string]Domain{}

func register(d Domain) { domains[d.Schema().Domain] = d }

// Get returns the named domain.
func Get(name string) (Domain, bool) {
	d, ok := domains[name]
	return d, ok
}

// Schemas returns every domain's schema, by name.
func Schemas() []*spec.Schema {
	var out []*spec.Schema
	for _, d := range domains {
		out = append(out, d.Schema())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Domain < out[j].Domain })
	return out
}
