package mesh

import (
	"math"

	"yanchu/geom"
)

// tetra returns the outward tetrahedron with corners at the origin and on the axes at s.
func tetra(s float64) *Mesh {
	return &Mesh{
		Vertices:  []geom.Vec3{{}, {X: s}, {Y: s}, {Z: s}},
		Triangles: [][3]uint32{{0, 2, 1}, {0, 1, 3}, {0, 3, 2}, {1, 2, 3}},
	}
}

// cube returns the outward box from lo to hi, made of 12 triangles.
func cube(lo, hi geom.Vec3) *Mesh {
	m := &Mesh{}
	for i := range 8 {
		p := lo
		if i&1 != 0 {
			p.X = hi.X
		}
		if i&2 != 0 {
			p.Y = hi.Y
		}
		if i&4 != 0 {
			p.Z = hi.Z
		}
		m.Vertices = append(m.Vertices, p)
	}
	// Each face as a quad, counter-clockwise seen from outside.
	quads := [6][4]uint32{
		{0, 2, 3, 1}, // -Z
		{4, 5, 7, 6}, // +Z
		{0, 1, 5, 4}, // -Y
		{2, 6, 7, 3}, // +Y
		{0, 4, 6, 2}, // -X
		{1, 3, 7, 5}, // +X
	}
	for _, q := range quads {
		m.Triangles = append(m.Triangles, [3]uint32{q[0], q[1], q[2]}, [3]uint32{q[0], q[2], q[3]})
	}
	return m
}

// box is cube for the box from -h to h around c.
func box(c geom.Vec3, h float64) *Mesh {
	d := geom.V(h, h, h)
	return cube(c.Sub(d), c.Add(d))
}

// flipped returns m with every triangle turned the other way.
func flipped(m *Mesh) *Mesh {
	out := &Mesh{Vertices: m.Vertices}
	for _, t := range m.Triangles {
		out.Triangles = append(out.Triangles, [3]uint32{t[0], t[2], t[1]})
	}
	return out
}

// merged returns the meshes side by side in one mesh, with no vertex shared.
func merged(ms ...*Mesh) *Mesh {
	out := &Mesh{}
	for _, m := range ms {
		off := uint32(len(out.Vertices))
		out.Vertices = append(out.Vertices, m.Vertices...)
		for _, t := range m.Triangles {
			out.Triangles = append(out.Triangles, [3]uint32{t[0] + off, t[1] + off, t[2] + off})
		}
	}
	return out
}

// transformed returns m with every vertex mapped by f. When f turns the space
// inside out (reflect true) the triangles are turned too, so m stays outward.
func transformed(m *Mesh, f func(geom.Vec3) geom.Vec3, reflect bool) *Mesh {
	out := &Mesh{Triangles: m.Triangles}
	if reflect {
		out = flipped(m)
	}
	out.Vertices = make([]geom.Vec3, len(m.Vertices))
	for i, v := range m.Vertices {
		out.Vertices[i] = f(v)
	}
	return out
}

// voxels returns the welded, outward surface of the unit cubes (i, j, k) in
// [0,n)³ for which filled is true: each cube face with an empty neighbour becomes
// two triangles. Cubes that touch only along an edge give a non-manifold mesh.
func voxels(n int, filled func(i, j, k int) bool) *Mesh {
	in := func(i, j, k int) bool {
		return i >= 0 && j >= 0 && k >= 0 && i < n && j < n && k < n && filled(i, j, k)
	}
	m := &Mesh{}
	index := map[[3]int]uint32{}
	vertex := func(p [3]int) uint32 {
		if v, ok := index[p]; ok {
			return v
		}
		v := uint32(len(m.Vertices))
		index[p] = v
		m.Vertices = append(m.Vertices, geom.V(float64(p[0]), float64(p[1]), float64(p[2])))
		return v
	}
	// For each face direction: the outward axis and sign, and the two edge axes u, v
	// of the face with u×v pointing out.
	faces := []struct{ axis, sign, u, v int }{
		{0, 1, 1, 2}, {0, -1, 2, 1},
		{1, 1, 2, 0}, {1, -1, 0, 2},
		{2, 1, 0, 1}, {2, -1, 1, 0},
	}
	for i := range n {
		for j := range n {
			for k := range n {
				if !in(i, j, k) {
					continue
				}
				c := [3]int{i, j, k}
				for _, f := range faces {
					nb := c
					nb[f.axis] += f.sign
					if in(nb[0], nb[1], nb[2]) {
						continue
					}
					p0 := c
					if f.sign > 0 {
						p0[f.axis]++
					}
					p1, p3 := p0, p0
					p1[f.u]++
					p3[f.v]++
					p2 := p1
					p2[f.v]++
					a, b, cc, d := vertex(p0), vertex(p1), vertex(p2), vertex(p3)
					m.Triangles = append(m.Triangles, [3]uint32{a, b, cc}, [3]uint32{a, cc, d})
				}
			}
		}
	}
	return m
}

// uvSphere returns an outward latitude-longitude sphere of radius r around c with
// rings-1 rings of segs vertices between two poles: 2·rings·segs - 2·segs triangles.
func uvSphere(c geom.Vec3, r float64, rings, segs int) *Mesh {
	m := &Mesh{Vertices: make([]geom.Vec3, 0, 2+(rings-1)*segs),
		Triangles: make([][3]uint32, 0, 2*rings*segs)}
	m.Vertices = append(m.Vertices, c.Add(geom.V(0, 0, r)))
	for i := 1; i < rings; i++ {
		th := math.Pi * float64(i) / float64(rings)
		for j := range segs {
			ph := 2 * math.Pi * float64(j) / float64(segs)
			m.Vertices = append(m.Vertices, c.Add(geom.V(r*math.Sin(th)*math.Cos(ph), r*math.Sin(th)*math.Sin(ph), r*math.Cos(th))))
		}
	}
	south := uint32(len(m.Vertices))
	m.Vertices = append(m.Vertices, c.Add(geom.V(0, 0, -r)))
	at := func(ring, seg int) uint32 { return uint32(1 + (ring-1)*segs + seg%segs) }
	for j := range segs {
		m.Triangles = append(m.Triangles, [3]uint32{at(1, j), at(1, j+1), 0})
	}
	for i := 1; i < rings-1; i++ {
		for j := range segs {
			up0, up1, lo0, lo1 := at(i, j), at(i, j+1), at(i+1, j), at(i+1, j+1)
			m.Triangles = append(m.Triangles, [3]uint32{lo0, lo1, up1}, [3]uint32{lo0, up1, up0})
		}
	}
	for j := range segs {
		m.Triangles = append(m.Triangles, [3]uint32{south, at(rings-1, j+1), at(rings-1, j)})
	}
	return m
}
