package mesh

import (
	"fmt"
	"strings"

	"yanchu/geom"
)

// Validate returns nil when m is fit to print: it has triangles, every index is in
// range and every coordinate finite, every edge is used by exactly two triangles in
// opposite directions, every vertex has a single fan of triangles, no triangle is
// degenerate, every surface faces out of the material and the total volume is
// positive. Otherwise it returns a *ValidationError listing the problems. It costs
// one Analyze.
func Validate(m *Mesh) error {
	return Analyze(m).Err()
}

// ValidationError lists what is wrong with a mesh, as Facts.Problems does.
type ValidationError struct {
	Problems []string
}

// Error names the first few problems and counts the rest.
func (e *ValidationError) Error() string {
	const shown = 3
	var b strings.Builder
	b.WriteString("mesh: ")
	if len(e.Problems) == 0 {
		b.WriteString("invalid mesh")
	}
	for i, p := range e.Problems {
		if i == shown {
			fmt.Fprintf(&b, "; and %d more", len(e.Problems)-shown)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p)
	}
	return b.String()
}

// kind is a kind of problem; Facts.Problems lists them in this order.
type kind int

const (
	kEmpty kind = iota
	kSize
	kIndex
	kNonFinite
	kOpen
	kOverused
	kFlipped
	kVertex
	kDegenerate
	kNesting
	kOrientation
	kVolume
	numKinds
)

// kindPlural names many problems of one kind, for the line counting the unnamed ones.
var kindPlural = [numKinds]string{
	kEmpty:       "empty meshes",
	kSize:        "size limits exceeded",
	kIndex:       "triangles with an index out of range",
	kNonFinite:   "vertices with a non-finite coordinate",
	kOpen:        "open edges",
	kOverused:    "edges used by more than two triangles",
	kFlipped:     "edges used twice in the same direction",
	kVertex:      "non-manifold vertices",
	kDegenerate:  "degenerate triangles",
	kNesting:     "surfaces whose nesting is undecided",
	kOrientation: "surfaces facing the wrong way",
	kVolume:      "volume problems",
}

// maxNamed is how many problems of each kind are named.
const maxNamed = 10

// problems collects the problems found, naming the first few of each kind.
type problems struct {
	count [numKinds]int
	named [numKinds][]string
}

// add counts one problem of kind k and reports whether it should be named; the
// caller then formats it, so problems beyond the first few cost no formatting.
func (p *problems) add(k kind) bool {
	p.count[k]++
	return p.count[k] <= maxNamed
}

// name records the description of a problem that add said to name.
func (p *problems) name(k kind, s string) { p.named[k] = append(p.named[k], s) }

// list returns the named problems in order of kind, each kind followed by a count of
// its unnamed ones.
func (p *problems) list() []string {
	var out []string
	for k := range numKinds {
		out = append(out, p.named[k]...)
		if rest := p.count[k] - len(p.named[k]); rest > 0 {
			out = append(out, fmt.Sprintf("and %d more %s (%d in all)", rest, kindPlural[k], p.count[k]))
		}
	}
	return out
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// pt formats a point for a problem report.
func pt(v geom.Vec3) string { return fmt.Sprintf("(%.6g, %.6g, %.6g)", v.X, v.Y, v.Z) }
