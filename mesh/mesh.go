// Package mesh holds yanchu's indexed triangle mesh and the facts about it: the
// validator (edge use, orientation, separate bodies, Euler characteristic and genus),
// volume, area, bounds and the list of bodies. Lengths are in millimetres.
package mesh

import (
	"math"

	"yanchu/geom"
)

// Mesh is an indexed triangle mesh. Each triangle lists three vertex indices in
// counter-clockwise order seen from outside, so normals point out of the solid.
type Mesh struct {
	Vertices  []geom.Vec3
	Triangles [][3]uint32
}

// Bounds returns the box holding every vertex; it is empty for an empty mesh.
func (m *Mesh) Bounds() geom.Box {
	b := geom.EmptyBox()
	for _, v := range m.Vertices {
		b = b.Include(v)
	}
	return b
}

// Volume returns the signed volume enclosed by the triangles (mm³), positive for
// a closed mesh whose normals point outward.
func (m *Mesh) Volume() float64 {
	var sum float64
	for _, t := range m.Triangles {
		a, b, c := m.Vertices[t[0]], m.Vertices[t[1]], m.Vertices[t[2]]
		sum += a.Dot(b.Cross(c))
	}
	return sum / 6
}

// Area returns the total surface area of the triangles (mm²).
func (m *Mesh) Area() float64 {
	var sum float64
	for _, t := range m.Triangles {
		a, b, c := m.Vertices[t[0]], m.Vertices[t[1]], m.Vertices[t[2]]
		sum += b.Sub(a).Cross(c.Sub(a)).Len()
	}
	return sum / 2
}

// Normal returns the unit normal of triangle i, or the zero vector when it is degenerate.
func (m *Mesh) Normal(i int) geom.Vec3 {
	t := m.Triangles[i]
	a, b, c := m.Vertices[t[0]], m.Vertices[t[1]], m.Vertices[t[2]]
	n := b.Sub(a).Cross(c.Sub(a))
	l := n.Len()
	if l == 0 || math.IsNaN(l) {
		return geom.Vec3{}
	}
	return n.Scale(1 / l)
}
