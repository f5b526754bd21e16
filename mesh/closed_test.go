package mesh

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"yanchu/geom"
)

// soundMeshes are closed, manifold meshes of one or many surfaces, some nested,
// one facing the wrong way and one with a vertex no triangle uses.
func soundMeshes() map[string]*Mesh {
	o := geom.V(0, 0, 0)
	caged := []*Mesh{box(o, 20), flipped(box(o, 19))}
	for i := range 3 {
		for j := range 3 {
			caged = append(caged, box(geom.V(float64(i*8-8), float64(j*8-8), 0), 1))
		}
	}
	spare := tetra(2)
	spare.Vertices = append(spare.Vertices, geom.V(9, 9, 9))
	ball := func(r float64) *Mesh { return uvSphere(o, r, 40, 80) }
	return map[string]*Mesh{
		"tetrahedron":   tetra(2),
		"cube":          box(geom.V(1, 2, 3), 0.5),
		"hollow cube":   merged(box(o, 2), flipped(box(o, 1))),
		"caged cubes":   merged(caged...),
		"puzzle ball":   merged(ball(40), flipped(ball(38)), ball(30), flipped(ball(28)), ball(20)),
		"inside out":    flipped(box(o, 3)),
		"unused vertex": spare,
		"apart, shuffled": func() *Mesh {
			m := merged(box(o, 1), box(geom.V(5, 0, 0), 2), ball(1))
			r := rand.New(rand.NewPCG(1, 2))
			r.Shuffle(len(m.Triangles), func(i, j int) { m.Triangles[i], m.Triangles[j] = m.Triangles[j], m.Triangles[i] })
			return m
		}(),
	}
}

func TestClosedMatchesAnalyze(t *testing.T) {
	for name, m := range soundMeshes() {
		want := Analyze(m)
		got := Closed(m, Shells(m))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: Closed gave\n%+v\nAnalyze gave\n%+v", name, got, want)
		}
	}
}

func TestShellsLabels(t *testing.T) {
	o := geom.V(0, 0, 0)
	m := merged(box(geom.V(5, 0, 0), 1), box(o, 2), box(geom.V(0, 9, 0), 1))
	m.Vertices = append(m.Vertices, o) // used by no triangle
	got := Shells(m)
	want := make([]int32, len(m.Vertices))
	for v := range want {
		want[v] = int32(v / 8) // box gives 8 corners each
	}
	want[len(want)-1] = -1
	if !slices.Equal(got, want) {
		t.Errorf("labels %v, want %v", got, want)
	}
	// The labels depend on the vertices, not on the order of the triangles.
	slices.Reverse(m.Triangles)
	if again := Shells(m); !slices.Equal(again, want) {
		t.Errorf("triangles reversed: labels %v, want %v", again, want)
	}
}

// TestClosedDoubts checks that labels or triangles contradicting the trust give
// Analyze's facts, which name what is wrong.
func TestClosedDoubts(t *testing.T) {
	o := geom.V(0, 0, 0)
	two := func() *Mesh { return merged(box(o, 1), box(geom.V(5, 0, 0), 1)) }
	cases := []struct {
		name    string
		m       *Mesh
		surface func(m *Mesh) []int32
	}{
		{"too few labels", two(), func(m *Mesh) []int32 { return Shells(m)[1:] }},
		{"one surface split in two", two(), func(m *Mesh) []int32 {
			s := Shells(m)
			s[3] = 1
			return s
		}},
		{"labels out of order", two(), func(m *Mesh) []int32 {
			s := Shells(m)
			for i := range s {
				s[i] = 1 - s[i]
			}
			return s
		}},
		{"a label below -1", two(), func(m *Mesh) []int32 {
			s := Shells(m)
			s[0] = -7
			return s
		}},
		{"index out of range", func() *Mesh {
			m := two()
			m.Triangles[4][1] = 99
			return m
		}(), func(m *Mesh) []int32 { return make([]int32, len(m.Vertices)) }},
		{"repeated index", func() *Mesh {
			m := two()
			m.Triangles[0][1] = m.Triangles[0][0]
			return m
		}(), Shells},
		{"no triangles", &Mesh{Vertices: []geom.Vec3{o}}, func(*Mesh) []int32 { return []int32{-1} }},
	}
	for _, c := range cases {
		got := Closed(c.m, c.surface(c.m))
		if want := Analyze(c.m); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: Closed gave\n%+v\nwant Analyze's\n%+v", c.name, got, want)
		}
	}
}

// TestClosedTrusts checks that Closed takes the edges on trust, which is where its
// speed comes from: a box missing a triangle, labelled right, passes as closed,
// while Analyze finds the open edges.
func TestClosedTrusts(t *testing.T) {
	m := box(geom.V(0, 0, 0), 1)
	m.Triangles = m.Triangles[1:]
	if f := Closed(m, Shells(m)); !f.Watertight || len(f.Bodies) != 1 {
		t.Errorf("Closed: watertight %v, %d bodies; want the claim taken: watertight, 1 body", f.Watertight, len(f.Bodies))
	}
	if f := Analyze(m); f.Watertight || f.OpenEdges != 3 {
		t.Errorf("Analyze: watertight %v, %d open edges; want not watertight, 3 open edges", f.Watertight, f.OpenEdges)
	}
}
