package vase

import (
	"context"
	"fmt"
	"math"
	"slices"

	"yanchu/mesh"
)

// sliceStep is the largest spacing (mm) of the levels the capacity is measured at.
const sliceStep = 0.25

// cavityVolume measures the volume (mm³) of a closed mesh's holes, as a vase's
// capacity: it cuts the mesh at levels at most sliceStep apart from its lowest
// point to its highest, in the middle of each step (so no level lies on a flat
// floor or rim), and sums each level's hole area times the step (the midpoint
// rule). At a level through a vase's wall the cut is an outer loop,
// counter-clockwise seen from above, and an inner one, clockwise: the hole. A
// vase open at the top is measured to the rim.
func cavityVolume(ctx context.Context, m *mesh.Mesh) (float64, error) {
	b := m.Bounds()
	levels := 0
	if !b.Empty() {
		levels = int(math.Ceil((b.Max.Z - b.Min.Z) / sliceStep))
	}
	if levels == 0 {
		return 0, nil
	}
	dz := (b.Max.Z - b.Min.Z) / float64(levels)
	sl, err := newSlicer(m, b.Min.Z+dz/2, dz, levels)
	if err != nil {
		return 0, err
	}
	total := 0.0
	for k := range levels {
		if k%64 == 0 {
			if err := ctx.Err(); err != nil {
				return 0, err
			}
		}
		areas, err := sl.cut(k)
		if err != nil {
			return 0, err
		}
		for _, a := range areas {
			if a < 0 {
				total -= a * dz
			}
		}
	}
	return total, nil
}

// slicer cuts a closed mesh with horizontal planes at levels z0 + k·dz,
// k = 0, 1, ..., in turn.
type slicer struct {
	m      *mesh.Mesh
	z0, dz float64
	// across[3t+e] is the triangle on the other side of edge e of triangle t,
	// the edge from corner e to corner e+1.
	across []int32
	// first[k] lists the triangles whose lowest point lies just under level k
	// (above level k-1), in order; high is each triangle's highest point.
	first  [][]int32
	high   []float64
	active []int32 // the triangles taken in that may still reach the plane
	seen   []int32 // the cut that last visited each triangle, plus one
}

// newSlicer indexes m for levels cuts: every edge must join exactly two
// triangles, in opposite directions.
func newSlicer(m *mesh.Mesh, z0, dz float64, levels int) (*slicer, error) {
	nt, nv := len(m.Triangles), len(m.Vertices)
	s := &slicer{m: m, z0: z0, dz: dz, across: make([]int32, 3*nt), first: make([][]int32, levels),
		high: make([]float64, nt), seen: make([]int32, nt)}
	// Half-edges by their first vertex (a CSR table), to find each one's twin.
	start := make([]int32, nv+1)
	for i, t := range m.Triangles {
		for _, v := range t {
			if int(v) >= nv {
				return nil, fmt.Errorf("vase: triangle %d names a vertex out of range", i)
			}
			start[v+1]++
		}
	}
	for v := range nv {
		start[v+1] += start[v]
	}
	fill := slices.Clone(start[:nv])
	out := make([]int32, 3*nt) // half-edge 3t+e, listed under its first vertex
	for i, t := range m.Triangles {
		for e, v := range t {
			out[fill[v]] = int32(3*i + e)
			fill[v]++
		}
	}
	for i, t := range m.Triangles {
		for e := range 3 {
			p, q := t[e], t[(e+1)%3]
			twins := 0
			for _, h := range out[start[q]:start[q+1]] {
				if m.Triangles[h/3][(h%3+1)%3] == p {
					s.across[3*i+e] = h / 3
					twins++
				}
			}
			if twins != 1 {
				return nil, fmt.Errorf("vase: the mesh is not closed and 2-manifold at the edge of triangle %d from vertex %d to %d", i, p, q)
			}
		}
		zs := [3]float64{m.Vertices[t[0]].Z, m.Vertices[t[1]].Z, m.Vertices[t[2]].Z}
		lo := min(zs[0], zs[1], zs[2])
		s.high[i] = max(zs[0], zs[1], zs[2])
		k := max(0, int(math.Ceil((lo-z0)/dz)))
		if k < levels && s.high[i] >= z0+float64(k)*dz {
			s.first[k] = append(s.first[k], int32(i))
		}
	}
	return s, nil
}

// cut returns the signed areas of the loops the plane at level k cuts from the
// mesh, positive counter-clockwise seen from above. Levels must be cut in
// order. A vertex on the plane counts as above it, so every crossing lies
// inside an edge with one end below and one above, where the two triangles on
// the edge meet.
func (s *slicer) cut(k int) ([]float64, error) {
	z := s.z0 + float64(k)*s.dz
	keep := s.active[:0]
	for _, t := range s.active {
		if s.high[t] >= z {
			keep = append(keep, t)
		}
	}
	s.active = append(keep, s.first[k]...)
	stamp := int32(k + 1)
	var areas []float64
	for _, start := range s.active {
		if s.seen[start] == stamp {
			continue
		}
		if _, _, ok := s.crossing(start, z); !ok {
			continue
		}
		// Seen from outside with the triangle counter-clockwise, the cut runs
		// from the edge it goes down through to the edge it goes up through,
		// and on into the triangle across that edge.
		area := 0.0
		t := start
		for steps := 0; ; steps++ {
			down, up, ok := s.crossing(t, z)
			if !ok || s.seen[t] == stamp || steps > len(s.active) {
				return nil, fmt.Errorf("vase: the cut at z = %g does not close", z)
			}
			s.seen[t] = stamp
			p, q := s.point(t, down, z), s.point(t, up, z)
			area += p[0]*q[1] - q[0]*p[1]
			t = s.across[3*int(t)+up]
			if t == start {
				break
			}
		}
		areas = append(areas, area/2)
	}
	return areas, nil
}

// crossing returns triangle t's edge going down through the plane at z and its
// edge going up, or ok false when the plane does not cut it.
func (s *slicer) crossing(t int32, z float64) (down, up int, ok bool) {
	tri := s.m.Triangles[t]
	down, up = -1, -1
	for e := range 3 {
		pa, qa := s.m.Vertices[tri[e]].Z >= z, s.m.Vertices[tri[(e+1)%3]].Z >= z
		switch {
		case pa && !qa:
			down = e
		case !pa && qa:
			up = e
		}
	}
	return down, up, down >= 0 && up >= 0
}

// point returns where edge e of triangle t crosses the plane at z, worked out
// from the edge's lower-numbered vertex so both triangles on it agree.
func (s *slicer) point(t int32, e int, z float64) [2]float64 {
	tri := s.m.Triangles[t]
	i, j := tri[e], tri[(e+1)%3]
	if i > j {
		i, j = j, i
	}
	a, b := s.m.Vertices[i], s.m.Vertices[j]
	f := (z - a.Z) / (b.Z - a.Z)
	return [2]float64{a.X + f*(b.X-a.X), a.Y + f*(b.Y-a.Y)}
}
