// Package meshtest builds small closed meshes with known answers for the tests of
// the mesh writers and readers: boxes, boxes with cavities, Nested bodies.
package meshtest

import (
	"math"

	"yanchu/geom"
	"yanchu/mesh"
)

// CubeFaces lists the triangles of a box whose corner i is at bit 0 = x, bit 1 = y,
// bit 2 = z, counter-clockwise seen from outside.
var CubeFaces = [12][3]uint32{
	{0, 2, 3}, {0, 3, 1}, {4, 5, 7}, {4, 7, 6}, {0, 1, 5}, {0, 5, 4},
	{2, 6, 7}, {2, 7, 3}, {0, 4, 6}, {0, 6, 2}, {1, 3, 7}, {1, 7, 5},
}

// AddBox appends the box from lo to hi to m, facing out, or in when cavity is set.
func AddBox(m *mesh.Mesh, lo, hi geom.Vec3, cavity bool) {
	base := uint32(len(m.Vertices))
	for i := 0; i < 8; i++ {
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
	for _, f := range CubeFaces {
		if cavity {
			f[1], f[2] = f[2], f[1]
		}
		m.Triangles = append(m.Triangles, [3]uint32{base + f[0], base + f[1], base + f[2]})
	}
}

// TwoCubes returns two disjoint cubes; the second one's triangles come first so
// that writing by body must reorder them.
func TwoCubes() *mesh.Mesh {
	m := &mesh.Mesh{}
	AddBox(m, geom.V(30, 0, 0), geom.V(40, 10, 10), false)
	AddBox(m, geom.V(0, 0, 0), geom.V(20, 20, 20), false)
	return m
}

// Nested returns a hollow cube (a 20 mm skin around a 16 mm cavity) holding a
// 10 mm cube free inside the cavity, with the triangles of the parts interleaved.
func Nested() *mesh.Mesh {
	m := &mesh.Mesh{}
	AddBox(m, geom.V(0, 0, 0), geom.V(20, 20, 20), false)
	AddBox(m, geom.V(5, 5, 5), geom.V(15, 15, 15), false)
	AddBox(m, geom.V(2, 2, 2), geom.V(18, 18, 18), true)
	n := len(m.Triangles)
	tris := make([][3]uint32, 0, n)
	for i := 0; i < 12; i++ {
		tris = append(tris, m.Triangles[i], m.Triangles[24+i], m.Triangles[12+i])
	}
	m.Triangles = tris
	return m
}

// GridBox returns the box from 0 to size mm with each face cut into n×n squares,
// two triangles each: 6n²+2 vertices.
func GridBox(n int, size float64) *mesh.Mesh {
	m := &mesh.Mesh{}
	index := map[[3]int]uint32{}
	vertex := func(p [3]int) uint32 {
		if i, ok := index[p]; ok {
			return i
		}
		i := uint32(len(m.Vertices))
		index[p] = i
		s := size / float64(n)
		m.Vertices = append(m.Vertices, geom.V(float64(p[0])*s, float64(p[1])*s, float64(p[2])*s))
		return i
	}
	for f := 0; f < 6; f++ {
		// The two triangles of face f of the unit cube share one fixed axis bit.
		t0, t1 := CubeFaces[2*f], CubeFaces[2*f+1]
		var fixed int
		for a := 0; a < 3; a++ {
			bit := uint32(1) << a
			if t0[0]&bit == t0[1]&bit && t0[1]&bit == t0[2]&bit && t1[0]&bit == t0[0]&bit && t1[1]&bit == t0[0]&bit && t1[2]&bit == t0[0]&bit {
				fixed = a
			}
		}
		for u := 0; u < n; u++ {
			for v := 0; v < n; v++ {
				cell := [3]int{}
				free := 0
				for a := 0; a < 3; a++ {
					if a == fixed {
						continue
					}
					if free == 0 {
						cell[a] = u
					} else {
						cell[a] = v
					}
					free++
				}
				for _, tri := range [2][3]uint32{t0, t1} {
					var out [3]uint32
					for k, c := range tri {
						var p [3]int
						for a := 0; a < 3; a++ {
							bit := int(c>>a) & 1
							if a == fixed {
								p[a] = bit * n
							} else {
								p[a] = cell[a] + bit
							}
						}
						out[k] = vertex(p)
					}
					m.Triangles = append(m.Triangles, out)
				}
			}
		}
	}
	return m
}

// RayHit returns where the ray o + t·dir crosses the triangle abc (Möller–
// Trumbore): t, and false when it misses or runs along the triangle's plane.
// Tests use it to measure meshes independently of the code under test.
func RayHit(a, b, c, o, dir geom.Vec3) (float64, bool) {
	e1, e2 := b.Sub(a), c.Sub(a)
	p := dir.Cross(e2)
	det := e1.Dot(p)
	if math.Abs(det) < 1e-12 {
		return 0, false
	}
	s := o.Sub(a)
	u := s.Dot(p) / det
	q := s.Cross(e1)
	v := dir.Dot(q) / det
	if u < 0 || v < 0 || u+v > 1 {
		return 0, false
	}
	return e2.Dot(q) / det, true
}
