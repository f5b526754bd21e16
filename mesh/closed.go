package mesh

import (
	"math"

	"yanchu/geom"
)

// Closed returns the facts of m, a mesh whose maker knows its topology sound by
// construction: every edge used by exactly two triangles in opposite directions and
// a single fan of triangles around every vertex, as the grid mesher's welded cells
// give. surface names the connected surface of every vertex, numbered from 0 in order
// of each surface's lowest vertex index, or -1 for a vertex no triangle uses.
//
// Closed takes the edges and fans on trust, which is what makes it cheap: it does
// not build the buckets of triangles around every vertex that Analyze builds. It
// computes everything else as Analyze does, with the same results to the bit for a
// sound mesh: the bounds, degenerate triangles, each surface's volume and area, the
// nesting and orientation of the surfaces, and the bodies. Where what it can check
// cheaply contradicts the trust (an index out of range, a repeated index, a label
// that does not fit, a triangle whose corners lie on different surfaces), it
// returns Analyze's facts instead, so a wrong claim is still found and named.
// The tests compare the two on every mesher's output.
func Closed(m *Mesh, surface []int32) *Facts {
	nv := len(m.Vertices)
	if len(m.Triangles) == 0 || nv > maxVertices || len(m.Triangles) > maxTriangles || len(surface) != nv {
		return Analyze(m)
	}
	// The labels: every used vertex labelled, numbered in order of first use by
	// vertex index, and every triangle within one surface.
	n := int32(0)
	for _, s := range surface {
		switch {
		case s == n:
			n++
		case s > n || s < -1:
			return Analyze(m)
		}
	}
	for _, t := range m.Triangles {
		if t[0] >= uint32(nv) || t[1] >= uint32(nv) || t[2] >= uint32(nv) || t[0] == t[1] || t[1] == t[2] || t[0] == t[2] {
			return Analyze(m)
		}
		s := surface[t[0]]
		if s < 0 || surface[t[1]] != s || surface[t[2]] != s {
			return Analyze(m)
		}
	}

	a := &analysis{m: m, f: &Facts{Triangles: len(m.Triangles), Vertices: nv}}
	a.vertices()
	a.comp = surface
	a.shells = make([]shell, n)
	for i := range a.shells {
		a.shells[i] = shell{first: -1, parent: -1, box: geom.Box{
			Min: geom.V(math.Inf(1), math.Inf(1), math.Inf(1)), Max: geom.V(math.Inf(-1), math.Inf(-1), math.Inf(-1))}}
	}
	for v, s := range surface {
		if s < 0 {
			a.f.UnusedVertices++
			continue
		}
		sh := &a.shells[s]
		sh.verts++
		if a.bad != nil && a.bad[v] {
			continue
		}
		p := m.Vertices[v]
		sh.box.Min = geom.V(min(sh.box.Min.X, p.X), min(sh.box.Min.Y, p.Y), min(sh.box.Min.Z, p.Z))
		sh.box.Max = geom.V(max(sh.box.Max.X, p.X), max(sh.box.Max.Y, p.Y), max(sh.box.Max.Z, p.Z))
	}
	a.f.Shells = len(a.shells)
	a.geometry()
	for i := range a.shells {
		sh := &a.shells[i]
		sh.edges = 3 * sh.faces / 2
	}
	a.f.Watertight = true
	a.f.Manifold = a.f.Watertight
	decided := a.nest()
	wrong := a.orientation()
	a.f.Outward = a.f.Watertight && decided && wrong == 0
	a.bodies()
	if !(a.f.Volume > 0) {
		a.p.add(kVolume)
		a.p.name(kVolume, sprintf("total volume %.6g mm³ is not positive", a.f.Volume))
	}
	a.f.Problems = a.p.list()
	return a.f
}

// Shells labels the connected surfaces of m as Closed wants them: the surface of
// every vertex, numbered from 0 in order of each surface's lowest vertex index, or
// -1 for a vertex no triangle uses. Triangles with an index out of range are
// skipped. It joins the corners of every triangle in a union-find over the
// vertices, in time linear in the size of m.
func Shells(m *Mesh) []int32 {
	nv := uint32(len(m.Vertices))
	parent := make([]int32, nv)
	for i := range parent {
		parent[i] = -1 // unused until a triangle names it
	}
	for _, t := range m.Triangles {
		if t[0] >= nv || t[1] >= nv || t[2] >= nv {
			continue
		}
		r := root(parent, t[0])
		for _, v := range t[1:] {
			if q := root(parent, v); q != r {
				// The lower index becomes the root, so roots are each surface's
				// lowest vertex.
				if q < r {
					parent[r], r = q, q
				} else {
					parent[q] = r
				}
			}
		}
	}
	return relabel(parent)
}

// root returns the root of v, making v a root first if it is unused, and halves
// the path on the way.
func root(parent []int32, v uint32) int32 {
	x := int32(v)
	if parent[x] < 0 {
		parent[x] = x
		return x
	}
	for parent[x] != x {
		parent[x] = parent[parent[x]]
		x = parent[x]
	}
	return x
}

// relabel turns a union-find forest over the vertices, in which every root is the
// lowest index of its tree and -1 marks an unused vertex, into the labels Shells
// returns. It works in place and returns parent.
func relabel(parent []int32) []int32 {
	n := int32(0)
	for v, p := range parent {
		switch {
		case p < 0:
		case p == int32(v):
			parent[v] = -2 - n // a root: its label, kept apart from indices
			n++
		default:
			// Every parent has a lower index than its child, so p holds its
			// surface's label already.
			parent[v] = parent[p]
		}
	}
	for v, p := range parent {
		if p <= -2 {
			parent[v] = -2 - p
		}
	}
	return parent
}

// Known returns f when it is m's facts, as a caller that analysed m, or had its
// mesher hand them over, passes them along with m; else it analyses m. Facts whose
// counts of triangles and vertices differ from m's are not m's.
func Known(m *Mesh, f *Facts) *Facts {
	if f != nil && f.Triangles == len(m.Triangles) && f.Vertices == len(m.Vertices) {
		return f
	}
	return Analyze(m)
}
