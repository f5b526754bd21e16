// Package catalog holds yanchu's domains. Each declares its parameters once (a
// spec.Schema), fills in what was not said (defaults and derived values), refuses
// what cannot work with reasons and the nearest choices that would, and builds the
// solid with its bodies named.
package catalog

import (
	"sort"

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
	// Bodies, when set, are the separate bodies themselves, in Parts' order: their
	// union is Solid and no two touch, so each may be meshed on its own.
	Bodies []sdf.Solid
	// Cell is the largest cell (mm) that keeps every gap and wall open: half the
	// smallest of them.
	Cell float64
	// Notes are facts worth telling the person, such as a derived choice.
	Notes []string
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
