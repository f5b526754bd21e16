// Package catalog is the registry of yanchu's domains and the generic model they
// build. A domain lives in its own package (catalog/puzzleball, catalog/vase, ...)
// and registers itself from init, as image formats and database/sql drivers do;
// nothing outside a domain's package names it. Each declares its parameters once
// (a spec.Schema), carries its own words (a lexicon in the format package query
// reads), fills in what was not said (defaults and derived values), refuses what
// cannot work with reasons and the nearest choices that would, and builds the
// solid with its parts named.
//
// A program links the domains it offers with blank imports (see package
// catalog/all).
package catalog

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"

	"yanchu/carve"
	"yanchu/geom"
	"yanchu/mesh"
	"yanchu/sdf"
	"yanchu/spec"
)

// ErrSurface is returned (wrapped) by a Model's Surface that cannot follow its
// closed form within the tolerance: the solid is then meshed on the grid.
var ErrSurface = errors.New("catalog: the surface could not be meshed from its closed form")

// Domain is one kind of object yanchu makes.
type Domain interface {
	// Schema declares the domain's parameters. Schema().Domain is its name.
	Schema() *spec.Schema
	// Lexicon returns the domain's words, in the format package query reads:
	// every entry targets this domain.
	Lexicon() []byte
	// Resolve returns the spec completed with defaults and derived values, or a
	// *badinput.Error saying why it cannot be made and what would work.
	Resolve(s *spec.Spec) (*spec.Spec, error)
	// Build returns the model of a resolved spec. It checks ctx between long
	// steps; in holds what came with the words besides them (a picture).
	Build(ctx context.Context, s *spec.Spec, in Inputs) (*Model, error)
}

// InputResolver is a Domain whose parameters also follow from what comes with
// the words: a lithophane's height follows the picture's proportions. The
// pipeline calls ResolveInputs on the resolved spec before Build; it returns the
// spec completed, or a *badinput.Error when the inputs cannot be used (a picture
// over the limits, or not a picture). It reads no more of them than it needs,
// and returns ctx's error when it is cancelled: a film is carved here, since
// the carved solid's proportions are its parameters.
type InputResolver interface {
	ResolveInputs(ctx context.Context, s *spec.Spec, in Inputs) (*spec.Spec, error)
}

// Sizer is a Domain that knows the size of a model from its resolved spec
// without building it: the sides (mm) of the box the built model's solid
// fills, or a box a little larger. The pipeline asks it first, to refuse a
// model no printer builds before any work.
type Sizer interface {
	Size(s *spec.Spec) geom.Vec3
}

// Assembly is an extension of a model whose parts print apart but fit
// together, such as a box and its lid: for each part, in Parts' order, where
// it stands in the finished object. A film of the model shows it put
// together, each part coming off by its Off and back.
type Assembly struct {
	Parts []Seat
}

// Seat is where a part stands in the finished object, from where it prints:
// turned by Angle (radians) about Axis through the middle of its bounding box,
// then moved by Move (mm). Off is how it comes off (mm): a lid lifts, a
// sliding lid slides out.
type Seat struct {
	Axis  geom.Vec3
	Angle float64
	Move  geom.Vec3
	Off   geom.Vec3
}

// Plate is an extension of a model that is a plate whose thickness varies over
// its face (a lithophane): the printability report states the thinnest and the
// thickest of it, and warns when it is thinner than the printer's least wall.
type Plate struct {
	// Thinnest and Thickest are the least and the greatest thickness (mm) of
	// the picture's part of the plate; ThinWhere and ThickWhere say where they
	// stand, in words ("where the picture is lightest").
	Thinnest, Thickest    float64
	ThinWhere, ThickWhere string
	// Advice says what to say to thicken the thinnest part.
	Advice string
}

// Inputs are what a request brings besides its words.
type Inputs struct {
	// Image is a picture given with the words (make --image), or nil.
	Image *File
	// Film is a turntable film given with the words (yanchu carve FILM), read
	// and checked against its limits, or nil.
	Film *carve.Film
}

// File is a file given with a request: its name, for messages, and its bytes.
type File struct {
	Name string
	Data []byte
}

// Role says what a part does in the finished object.
type Role string

const (
	// Fixed is a part that stands alone, such as a vase or a box.
	Fixed Role = "fixed"
	// Moving is a part that is free to move within or against another once
	// printed: the shells of a puzzle ball, a gear of a pair.
	Moving Role = "moving"
	// Lid is a part that closes another: a box's lid.
	Lid Role = "lid"
)

// Part is one separate body of a model.
type Part struct {
	// Name names the body in files and reports ("layer 1 (outer)", "lid").
	Name string `json:"name"`
	Role Role   `json:"role"`
}

// Clearance is the least gap a design leaves between two parts, which the files
// must keep open: a lid in its box, two gears in mesh. A and B name parts; MinMM
// is the design's gap (mm).
type Clearance struct {
	Name  string  `json:"name"`
	A     string  `json:"a"`
	B     string  `json:"b"`
	MinMM float64 `json:"min_mm"`
}

// Print holds optional hints for printing a model.
type Print struct {
	// Rotation turns the Solid into its print orientation, p -> Rotation·p, with
	// the bed below (-Z). The zero matrix or the identity means the Solid is
	// built in its print orientation.
	Rotation geom.Mat3
	// Note says, in words, how the model prints and why that orientation.
	Note string
	// SpiralVase asks the slicer for its spiral vase mode: the model is the
	// filled outer solid, and the slicer makes one wall and the base.
	SpiralVase bool
	// NoSupports says the model needs no support, whatever the report finds.
	NoSupports bool
}

// Fact is a figure of the design worth telling the person: a gear's pitch
// diameter, a vase's capacity as designed.
type Fact struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
	Unit  string  `json:"unit"`
	// Source is "derived" for a figure worked out from the parameters and
	// "measured" for one measured on the mesh.
	Source string `json:"source"`
	Note   string `json:"note,omitempty"`
}

// Measure is a figure the domain measures on the finished mesh, as it stands in
// the Solid's frame (the pipeline passes the mesh before any print turn).
type Measure struct {
	Name string
	Unit string
	// Of measures m; the pipeline reports it as a Fact with Source "measured".
	Of func(m *mesh.Mesh) (float64, error)
}

// Model is a built design and what the mesher, the files and the reports need
// to know of it.
type Model struct {
	Solid sdf.Solid
	// Parts are the separate bodies, in the order mesh.Analyze lists them
	// (largest bounding box first).
	Parts []Part
	// Bodies, when set, are the separate bodies themselves, in Parts' order:
	// their union is Solid and no two touch, so each may be meshed on its own.
	Bodies []sdf.Solid
	// BodiesApart asks for each of Bodies to be meshed on its own, for parts
	// that stand closer together than a cell (two gears in mesh): a grid fine
	// enough to keep them apart everywhere would cost far more.
	BodiesApart bool
	// Symmetric, when set, is the solid in a frame where it is symmetric under
	// reflection in each coordinate plane through the origin, and Frame the
	// rotation that turns it into Solid (p -> Frame·p). A mesher may then mesh
	// one octant of Symmetric and reflect it, and turn the mesh by Frame.
	Symmetric sdf.Solid
	Frame     geom.Mat3
	// Cell is the largest cell (mm) that keeps every gap and wall open.
	Cell float64
	// Tolerance, when set, is the least tolerance (mm) that means anything
	// for a lean mesh of the solid, used when none is asked for: a hull
	// carved from a film's pixels is known only to about a pixel, and a mesh
	// held closer to its field keeps the voxels' facets and not the object.
	Tolerance float64
	// Surface, when set, meshes the solid directly from a closed form of its
	// surface, within tol (mm) of it, closed and manifold, with a body per part
	// in Parts' order: far faster and leaner than sampling a grid, for a domain
	// that knows its surface (a vase turned about its axis, a height field). The
	// mesh is in the Solid's frame. The pipeline measures its deviation on the
	// Solid and validates it as any mesh; a grid is used instead when a cell is
	// asked for, or when Surface returns ErrSurface.
	Surface func(ctx context.Context, tol float64) (*mesh.Mesh, error)
	// SurfaceTriangles, with Surface, says about how many triangles (at most)
	// Surface makes within tol, worked out without making them: what the
	// pipeline's estimate before the work starts rests on.
	SurfaceTriangles func(tol float64) int
	// Clearances are the gaps between parts the design keeps.
	Clearances []Clearance
	// Print holds hints for the slicer and the report.
	Print Print
	// Facts are figures of the design; Measures, figures to measure on the mesh.
	Facts    []Fact
	Measures []Measure
	// Notes are facts worth telling the person, such as a derived choice, and
	// Warnings what the person should know before printing (a gear that a rack
	// would undercut).
	Notes    []string
	Warnings []string
	// Extensions hold what only one kind of model carries, such as the
	// spherical gaps of nested shells (package catalog/nested); Extension finds
	// one by type.
	Extensions []any
}

// PartNames returns the names of the parts, in order.
func (m *Model) PartNames() []string {
	out := make([]string, len(m.Parts))
	for i, p := range m.Parts {
		out[i] = p.Name
	}
	return out
}

// Moving reports whether some part is meant to move.
func (m *Model) Moving() bool {
	for _, p := range m.Parts {
		if p.Role == Moving {
			return true
		}
	}
	return false
}

// Extension returns the model's extension of type T, if it has one.
func Extension[T any](m *Model) (T, bool) {
	for _, e := range m.Extensions {
		if t, ok := e.(T); ok {
			return t, true
		}
	}
	var zero T
	return zero, false
}

var (
	mu      sync.RWMutex
	domains = map[string]Domain{}
)

// Register makes a domain available under its schema's name. It panics when the
// name is empty or taken: two domains of one name are a programming error.
func Register(d Domain) {
	name := d.Schema().Domain
	mu.Lock()
	defer mu.Unlock()
	if name == "" {
		panic("catalog.Register: a domain without a name")
	}
	if _, dup := domains[name]; dup {
		panic(fmt.Sprintf("catalog.Register: domain %q registered twice", name))
	}
	domains[name] = d
}

// Get returns the named domain.
func Get(name string) (Domain, bool) {
	mu.RLock()
	defer mu.RUnlock()
	d, ok := domains[name]
	return d, ok
}

// All returns every registered domain, by name.
func All() []Domain {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]Domain, 0, len(domains))
	for _, d := range domains {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Schema().Domain < out[j].Schema().Domain })
	return out
}

// Schemas returns every domain's schema, by name.
func Schemas() []*spec.Schema {
	var out []*spec.Schema
	for _, d := range All() {
		out = append(out, d.Schema())
	}
	return out
}
