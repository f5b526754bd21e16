package mesh

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"yanchu/geom"
)

// soup returns a mesh of separate triangles, each given by its three corners.
func soup(tris ...[3]geom.Vec3) *Mesh {
	m := &Mesh{}
	for _, t := range tris {
		n := uint32(len(m.Vertices))
		m.Vertices = append(m.Vertices, t[0], t[1], t[2])
		m.Triangles = append(m.Triangles, [3]uint32{n, n + 1, n + 2})
	}
	return m
}

// crossBodies reports whether every pair has A in the first n triangles and B after.
func crossBodies(got []Intersection, n int) bool {
	for _, p := range got {
		if p.A >= n || p.B < n {
			return false
		}
	}
	return true
}

func TestSelfIntersections(t *testing.T) {
	o := geom.V(0, 0, 0)
	v := geom.V
	// pushed is the unit cube with corner 7 at p; the -Z face is triangles 0 and 1.
	pushed := func(p geom.Vec3) *Mesh {
		m := cube(o, v(1, 1, 1))
		m.Vertices[7] = p
		return m
	}
	// pair is two triangles sharing vertex 0 (and 1, and 2 when given).
	pair := func(vs []geom.Vec3, a, b [3]uint32) *Mesh { return &Mesh{Vertices: vs, Triangles: [][3]uint32{a, b}} }
	cases := []struct {
		name string
		m    *Mesh
		// want lists pairs that must be found; none means the answer is empty.
		want []Intersection
		// some asks for at least one pair.
		some bool
		// only, when > 0, requires every pair to join the first only triangles to the rest.
		only int
	}{
		{name: "cube", m: box(o, 1)},
		{name: "uv sphere", m: uvSphere(o, 10, 24, 48)},
		{name: "fine uv sphere", m: uvSphere(o, 10, 200, 400)},
		{name: "cube with a dent", m: pushed(v(0.5, 0.5, 0.5))},
		{name: "nested spheres", m: merged(uvSphere(o, 10, 30, 60), flipped(uvSphere(o, 9.9, 30, 60)))},
		{name: "overlapping cubes", m: merged(box(o, 1), box(v(1, 0.5, 0.3), 1)),
			some: true, only: 12},
		{name: "cubes face to face", m: merged(cube(o, v(1, 1, 1)), cube(v(1, 0, 0), v(2, 1, 1))),
			want: []Intersection{{10, 20}, {10, 21}, {11, 20}, {11, 21}}, only: 12},
		{name: "cubes touching at a corner", m: merged(cube(o, v(1, 1, 1)), cube(v(1, 1, 1), v(2, 2, 2))),
			want: []Intersection{{2, 12}, {11, 21}}, only: 12}, // triangles at the shared corner
		{name: "cubes 0.01 apart", m: merged(cube(o, v(1, 1, 1)), cube(v(1.01, 0, 0), v(2, 1, 1)))},
		{name: "corner pushed through the opposite face", m: pushed(v(0.5, 0.5, -0.5)),
			want: []Intersection{{0, 3}, {1, 2}}}, // -Z face against the +Z face's triangles
		{name: "sharp fold that does not cross",
			m: pair([]geom.Vec3{o, v(1, 0, 0), v(0.5, 1, 0), v(0.5, 1, 0.02)}, [3]uint32{0, 1, 2}, [3]uint32{1, 0, 3})},
		{name: "edge neighbours folded flat",
			m:    pair([]geom.Vec3{o, v(1, 0, 0), v(0.5, 1, 0), v(0.2, 0.5, 0)}, [3]uint32{0, 1, 2}, [3]uint32{1, 0, 3}),
			want: []Intersection{{0, 1}}},
		{name: "vertex neighbours crossing",
			m:    pair([]geom.Vec3{o, v(1, 0, 0), v(0, 1, 0), v(0.3, 0.3, 1), v(0.3, 0.3, -1)}, [3]uint32{0, 1, 2}, [3]uint32{0, 3, 4}),
			want: []Intersection{{0, 1}}},
		{name: "vertex neighbours meeting only there",
			m: pair([]geom.Vec3{o, v(1, 0, 0), v(0, 1, 0), v(-0.3, -0.3, 1), v(-0.3, -0.3, -1)}, [3]uint32{0, 1, 2}, [3]uint32{0, 3, 4})},
		{name: "vertex neighbours along an edge of one",
			m: pair([]geom.Vec3{o, v(1, 0, 0), v(0, 1, 0), v(0, -1, 1), v(0, 0, 1)}, [3]uint32{0, 1, 2}, [3]uint32{0, 3, 4})},
		{name: "coplanar vertex neighbours overlapping",
			m:    pair([]geom.Vec3{o, v(1, 0, 0), v(0, 1, 0), v(1, 0.2, 0), v(1, 1, 0)}, [3]uint32{0, 1, 2}, [3]uint32{0, 3, 4}),
			want: []Intersection{{0, 1}}},
		{name: "coplanar vertex neighbours apart",
			m: pair([]geom.Vec3{o, v(1, 0, 0), v(0, 1, 0), v(-1, 0.2, 0), v(-1, -1, 0)}, [3]uint32{0, 1, 2}, [3]uint32{0, 3, 4})},
		{name: "duplicate triangle",
			m:    pair([]geom.Vec3{o, v(1, 0, 0), v(0, 1, 0)}, [3]uint32{0, 1, 2}, [3]uint32{0, 2, 1}),
			want: []Intersection{{0, 1}}},
		{name: "needle through a triangle",
			m:    soup([3]geom.Vec3{o, v(1, 0, 0), v(0, 1, 0)}, [3]geom.Vec3{v(0.2, 0.2, -1), v(0.2, 0.2, 1), v(0.2, 0.2, 0.5)}),
			want: []Intersection{{0, 1}}},
		{name: "point on a triangle",
			m:    soup([3]geom.Vec3{o, v(1, 0, 0), v(0, 1, 0)}, [3]geom.Vec3{v(0.2, 0.2, 0), v(0.2, 0.2, 0), v(0.2, 0.2, 0)}),
			want: []Intersection{{0, 1}}},
		{name: "edges crossing",
			m:    soup([3]geom.Vec3{o, v(1, 0, 0), v(0, 1, 0)}, [3]geom.Vec3{v(0.5, -0.5, 0), v(0.5, 0.5, 0), v(0.5, 0, 1)}),
			want: []Intersection{{0, 1}}},
		{name: "edges passing close",
			m: soup([3]geom.Vec3{o, v(1, 0, 0), v(0, 1, 0)}, [3]geom.Vec3{v(0.5, -0.5, 1e-6), v(0.5, 0.5, 1e-6), v(0.5, 0, 1)})},
		{name: "broken triangles are skipped",
			m: &Mesh{Vertices: []geom.Vec3{o, v(1, 0, 0), v(0, 1, 0), v(math.NaN(), 0, 0), v(math.Inf(1), 0, 0)},
				Triangles: [][3]uint32{{0, 1, 2}, {0, 1, 9}, {0, 1, 3}, {1, 2, 4}, {0, 0, 1}, {2, 2, 2}}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := SelfIntersections(c.m, 0)
			if c.some && len(got) == 0 {
				t.Fatal("got none, want some pairs")
			}
			if len(c.want) == 0 && !c.some && len(got) != 0 {
				t.Fatalf("got %d pairs %v, want none", len(got), got[:min(len(got), 10)])
			}
			for _, w := range c.want {
				if !slices.Contains(got, w) {
					t.Errorf("got %v, want it to hold %v", got, w)
				}
			}
			if c.only > 0 && !crossBodies(got, c.only) {
				t.Errorf("got %v, want only pairs across the two bodies", got)
			}
			if !slices.IsSortedFunc(got, cmpPair) || slices.ContainsFunc(got, func(p Intersection) bool { return p.A >= p.B }) {
				t.Errorf("got %v, want sorted pairs with A < B", got)
			}
		})
	}
}

func cmpPair(a, b Intersection) int {
	if a.A != b.A {
		return a.A - b.A
	}
	return a.B - b.B
}

// TestSelfIntersectionsLimit checks that the limit keeps the first pairs and that
// the answer does not depend on the worker count.
func TestSelfIntersectionsLimit(t *testing.T) {
	m := merged(uvSphere(geom.V(0, 0, 0), 10, 60, 120), uvSphere(geom.V(5, 1, 2), 10, 60, 120))
	all := SelfIntersectionsWorkers(m, 0, 1)
	if len(all) < 100 {
		t.Fatalf("got %d pairs for two overlapping spheres, want at least 100", len(all))
	}
	for _, c := range []struct{ limit, workers int }{{0, 4}, {0, 0}, {1, 1}, {7, 3}, {len(all) - 1, 4}, {len(all) + 5, 2}} {
		t.Run(fmt.Sprint("limit=", c.limit, ",workers=", c.workers), func(t *testing.T) {
			got := SelfIntersectionsWorkers(m, c.limit, c.workers)
			want := all
			if c.limit > 0 && c.limit < len(all) {
				want = all[:c.limit]
			}
			if !slices.Equal(got, want) {
				t.Errorf("got %d pairs, want the first %d of %d", len(got), len(want), len(all))
			}
		})
	}
}

// TestSelfIntersectionsBrute compares the hierarchy with testing every pair, on
// seeded soups of small triangles, some of them welded into neighbours.
func TestSelfIntersectionsBrute(t *testing.T) {
	for seed := range uint64(5) {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 1))
			m := &Mesh{}
			for range 300 {
				m.Vertices = append(m.Vertices, geom.V(r.Float64()*10, r.Float64()*10, r.Float64()*10))
			}
			for range 400 {
				a := r.IntN(len(m.Vertices))
				p := m.Vertices[a]
				// Two new corners near a, or reuse nearby old ones.
				var t3 [3]uint32
				t3[0] = uint32(a)
				for k := 1; k < 3; k++ {
					if r.IntN(3) == 0 {
						t3[k] = uint32(r.IntN(len(m.Vertices)))
						continue
					}
					t3[k] = uint32(len(m.Vertices))
					m.Vertices = append(m.Vertices, p.Add(geom.V(r.Float64()*2-1, r.Float64()*2-1, r.Float64()*2-1)))
				}
				m.Triangles = append(m.Triangles, t3)
			}
			var want []Intersection
			for i, ti := range m.Triangles {
				for j := i + 1; j < len(m.Triangles); j++ {
					if trianglesMeet(m.Vertices, ti, m.Triangles[j]) {
						want = append(want, Intersection{i, j})
					}
				}
			}
			got := SelfIntersectionsWorkers(m, 0, 2)
			if len(want) == 0 || !slices.Equal(got, want) {
				t.Errorf("got %d pairs, want %d (brute force)", len(got), len(want))
			}
		})
	}
}

// TestTrianglesMeetSymmetric checks that the pair test gives the same answer for
// either order and any rotation of the corners.
func TestTrianglesMeetSymmetric(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	vs := make([]geom.Vec3, 8)
	for range 2000 {
		for i := range vs {
			vs[i] = geom.V(r.Float64(), r.Float64(), r.Float64())
		}
		a := [3]uint32{0, 1, 2}
		b := [3]uint32{uint32(r.IntN(8)), uint32(r.IntN(8)), 3 + uint32(r.IntN(5))}
		if b[0] == b[1] {
			continue
		}
		want := trianglesMeet(vs, a, b)
		for _, p := range [][2][3]uint32{{b, a}, {{1, 2, 0}, b}, {a, {b[1], b[2], b[0]}}, {{2, 0, 1}, {b[2], b[0], b[1]}}} {
			if got := trianglesMeet(vs, p[0], p[1]); got != want {
				t.Fatalf("triangles %v %v at %v: got %v, want %v as for %v %v", p[0], p[1], vs, got, want, a, b)
			}
		}
	}
}

func BenchmarkSelfIntersections(b *testing.B) {
	o := geom.V(0, 0, 0)
	cases := []struct {
		name    string
		m       *Mesh
		workers int
	}{
		// One sphere of 2 million triangles.
		{"sphere/workers=1", uvSphere(o, 40, 1000, 1000), 1},
		{"sphere/workers=0", uvSphere(o, 40, 1000, 1000), 0},
		// 27 000 separate cubes, 324 000 triangles, many coplanar neighbours.
		{"cubes/workers=1", cubeGrid(30), 1},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if got := SelfIntersectionsWorkers(c.m, 0, c.workers); len(got) != 0 {
					b.Fatalf("got %d pairs, want none", len(got))
				}
			}
			b.ReportMetric(float64(len(c.m.Triangles)), "tris/op")
		})
	}
}

// cubeGrid returns n³ unit-half-size cubes spaced 2.5 apart.
func cubeGrid(n int) *Mesh {
	var ms []*Mesh
	for i := range n {
		for j := range n {
			for k := range n {
				ms = append(ms, box(geom.V(2.5*float64(i), 2.5*float64(j), 2.5*float64(k)), 1))
			}
		}
	}
	return merged(ms...)
}
