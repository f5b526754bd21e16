package printcheck

import (
	"math"

	"yanchu/geom"
)

// sharpCos is the cosine of the turn between two neighbouring triangles' normals
// beyond which their common edge is sharp: 25°, well above the turn between the
// triangles of a mesher's curved surface and below the steps of a mesher's
// chamfer along a right-angled edge.
var sharpCos = math.Cos(25 * math.Pi / 180)

// fans lists the usable triangles around each vertex: tris[at[v]:at[v+1]].
type fans struct {
	at   []int32
	tris []int32
}

// buildFans lists the usable triangles around every vertex, in triangle order.
func (j *job) buildFans() {
	at := make([]int32, len(j.pos)+1)
	for i, t := range j.m.Triangles {
		if j.valid[i] {
			at[t[0]+1]++
			at[t[1]+1]++
			at[t[2]+1]++
		}
	}
	for v := range len(j.pos) {
		at[v+1] += at[v]
	}
	fill := make([]int32, len(j.pos))
	copy(fill, at)
	tris := make([]int32, at[len(j.pos)])
	for i, t := range j.m.Triangles {
		if j.valid[i] {
			for _, v := range t {
				tris[fill[v]] = int32(i)
				fill[v]++
			}
		}
	}
	j.fans = fans{at: at, tris: tris}
}

// around returns the usable triangles around vertex v.
func (j *job) around(v uint32) []int32 { return j.fans.tris[j.fans.at[v]:j.fans.at[v+1]] }

// sharpEdge reports whether edge e of triangle i, from corner e to corner e+1,
// is sharp: its neighbour's normal turns from n, the triangle's own, by more
// than 25°, or it has no single neighbour.
func (j *job) sharpEdge(i int32, n geom.Vec3, e int) bool {
	t := j.m.Triangles[i]
	a, b := t[e], t[(e+1)%3]
	other := int32(-1)
	for _, k := range j.around(a) {
		u := j.m.Triangles[k]
		if k != i && (u[0] == b || u[1] == b || u[2] == b) {
			if other >= 0 {
				return true
			}
			other = k
		}
	}
	return other < 0 || j.triNormal(int(other)).Dot(n) < sharpCos
}

// nearSharp reports whether point p of triangle i lies within d of one of the
// triangle's sharp edges. There a mesher's surface is least like the solid's and
// a ray's length measures the corner, not a wall or a gap. Only the edges
// within d are looked at for sharpness, the costlier test.
func (j *job) nearSharp(i int32, p geom.Vec3, d float64) bool {
	t := j.m.Triangles[i]
	var n geom.Vec3
	for e := range 3 {
		if !(segmentDist(p, j.pos[t[e]], j.pos[t[(e+1)%3]]) < d) {
			continue
		}
		if n == (geom.Vec3{}) {
			n = j.triNormal(int(i))
		}
		if j.sharpEdge(i, n, e) {
			return true
		}
	}
	return false
}

// segmentDist returns the distance from p to the segment from a to b.
func segmentDist(p, a, b geom.Vec3) float64 {
	ab := b.Sub(a)
	l2 := ab.Dot(ab)
	s := 0.0
	if l2 > 0 {
		s = min(1, max(0, p.Sub(a).Dot(ab)/l2))
	}
	return p.Sub(a.Add(ab.Scale(s))).Len()
}
