// Package ballcheck measures a mesh of concentric bodies around the origin, such as
// a puzzle ball, from the mesh alone: how far each body reaches from the centre,
// the openings of each shell as seen from the centre, the widest circle each
// opening lets through, the material left between openings, how far an opening is
// from convex, and the least distance between neighbouring bodies. It never uses
// the numbers a mesh was made from, so tests can check a generator's rules with it.
// Lengths are in millimetres, angles in radians.
package ballcheck

import (
	"fmt"
	"math"
	"sync"

	"yanchu/geom"
	"yanchu/mesh"
)

// Ball is a mesh split into its bodies, in the order mesh.Analyze gives them:
// largest bounding box first, so for nested shells body 0 is the outermost.
type Ball struct {
	m      *mesh.Mesh
	tris   [][]int32    // triangles of each body
	radius [][2]float64 // least and greatest vertex distance from the origin
	near   []float64    // least distance of the surface from the origin

	polarOnce sync.Once
	polarDirs [][2]float64 // polar angle and azimuth of each vertex, NaN at the origin
}

// New splits m into bodies with mesh.Analyze. Triangles Analyze cannot place (bad
// indices, isolated degenerate ones) are left out. It fails for a mesh with no body.
func New(m *mesh.Mesh) (*Ball, error) {
	f := mesh.Analyze(m)
	if len(f.Bodies) == 0 {
		return nil, fmt.Errorf("ballcheck: the mesh has no body")
	}
	b := &Ball{m: m, tris: make([][]int32, len(f.Bodies)), radius: make([][2]float64, len(f.Bodies))}
	for i, body := range f.TriangleBody {
		if body >= 0 {
			b.tris[body] = append(b.tris[body], int32(i))
		}
	}
	for k, ts := range b.tris {
		lo, hi := math.Inf(1), 0.0
		for _, t := range ts {
			for _, v := range m.Triangles[t] {
				d := m.Vertices[v].Len()
				lo, hi = math.Min(lo, d), math.Max(hi, d)
			}
		}
		b.radius[k] = [2]float64{lo, hi}
		// The surface's least distance from the origin can fall inside a triangle.
		near := lo
		for _, t := range ts {
			p0, p1, p2 := b.tri(t)
			near = math.Min(near, pointTriangle(geom.Vec3{}, p0, p1, p2))
		}
		b.near = append(b.near, near)
	}
	return b, nil
}

// Bodies returns the number of bodies.
func (b *Ball) Bodies() int { return len(b.tris) }

// Radii returns the least and the greatest distance (mm) from the origin of the
// vertices of body k: a shell's inner and outer radius.
func (b *Ball) Radii(k int) (inner, outer float64) { return b.radius[k][0], b.radius[k][1] }

// polar returns the polar angle (from +Z) and azimuth of every vertex's direction
// from the origin, computed once.
func (b *Ball) polar() [][2]float64 {
	b.polarOnce.Do(func() {
		b.polarDirs = make([][2]float64, len(b.m.Vertices))
		for i, p := range b.m.Vertices {
			l := p.Len()
			if l == 0 {
				b.polarDirs[i] = [2]float64{math.NaN(), math.NaN()}
				continue
			}
			b.polarDirs[i] = [2]float64{math.Acos(math.Max(-1, math.Min(1, p.Z/l))), math.Atan2(p.Y, p.X)}
		}
	})
	return b.polarDirs
}

// tri returns the corners of triangle t.
func (b *Ball) tri(t int32) (geom.Vec3, geom.Vec3, geom.Vec3) {
	v := b.m.Triangles[t]
	return b.m.Vertices[v[0]], b.m.Vertices[v[1]], b.m.Vertices[v[2]]
}
