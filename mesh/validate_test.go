package mesh

import (
	"errors"
	"math"
	"strings"
	"testing"

	"yanchu/geom"
)

func TestValidate(t *testing.T) {
	unit := cube(geom.V(0, 0, 0), geom.V(1, 1, 1))
	oneFlipped := func() *Mesh {
		m := cube(geom.V(0, 0, 0), geom.V(1, 1, 1))
		t := &m.Triangles[5]
		t[1], t[2] = t[2], t[1]
		return m
	}()
	holed := &Mesh{Vertices: unit.Vertices, Triangles: unit.Triangles[1:]}
	// Two tetrahedra sharing only the origin: the second is the first mirrored.
	bowtie := func() *Mesh {
		m := merged(tetra(1), transformed(tetra(1), func(v geom.Vec3) geom.Vec3 { return v.Scale(-1) }, true))
		for i := range m.Triangles {
			for k, v := range m.Triangles[i] {
				if v == 4 {
					m.Triangles[i][k] = 0
				}
			}
		}
		return m
	}()
	// A fin: a third triangle on the tetrahedron's edge 0-1.
	fin := func() *Mesh {
		m := tetra(1)
		m.Vertices = append(m.Vertices, geom.V(0.5, -1, -1))
		m.Triangles = append(m.Triangles, [3]uint32{0, 1, 4})
		return m
	}()
	// Two tetrahedra on one edge: the edge is used four times, twice each way.
	hinge := func() *Mesh {
		m := tetra(1)
		m.Vertices = append(m.Vertices, geom.V(0, -1, 0), geom.V(0, 0, -1))
		// The second tetrahedron 0, 1, 4, 5 is the first rotated half a turn about X.
		m.Triangles = append(m.Triangles, [3]uint32{0, 4, 1}, [3]uint32{0, 1, 5}, [3]uint32{0, 5, 4}, [3]uint32{1, 4, 5})
		return m
	}()
	repeated := func() *Mesh {
		m := tetra(1)
		m.Triangles = append(m.Triangles, [3]uint32{1, 1, 2})
		return m
	}()
	// A tetrahedron with its apex pushed into the base plane, on the base's long edge.
	flat := &Mesh{
		Vertices:  []geom.Vec3{{}, {X: 1}, {Y: 1}, {X: 0.5, Y: 0.5}},
		Triangles: tetra(1).Triangles,
	}
	outOfRange := func() *Mesh {
		m := tetra(1)
		m.Triangles = append(m.Triangles, [3]uint32{0, 1, 99})
		return m
	}()
	notANumber := func() *Mesh {
		m := tetra(1)
		m.Vertices = append([]geom.Vec3(nil), m.Vertices...)
		m.Vertices[3].Z = math.NaN()
		return m
	}()
	unused := func() *Mesh {
		m := tetra(1)
		m.Vertices = append(m.Vertices, geom.V(7, 7, 7))
		return m
	}()

	tests := []struct {
		name string
		m    *Mesh
		want string // a piece of the error; "" for a valid mesh
		// The flags Analyze must report.
		watertight, manifold, outward bool
	}{
		{"tetrahedron", tetra(2), "", true, true, true},
		{"cube", unit, "", true, true, true},
		{"unused vertex", unused, "", true, true, true},
		{"sphere with big fans at the poles", uvSphere(geom.V(1, 2, 3), 5, 40, 100), "", true, true, true},
		{"one triangle flipped", oneFlipped, "twice in the same direction", false, false, false},
		{"triangle removed", holed, "is open", false, false, false},
		{"bowtie", bowtie, "vertex 0 at (0, 0, 0) is non-manifold: its 6 triangles form 2 separate fans", true, false, true},
		{"fin", fin, "edge 0-1 from (0, 0, 0) to (1, 0, 0) is used by 3 triangles", false, false, false},
		{"hinge", hinge, "edge 0-1 from (0, 0, 0) to (1, 0, 0) is used by 4 triangles", false, false, false},
		{"repeated vertex", repeated, "triangle 4 is degenerate: it repeats a vertex (1, 1, 2)", true, true, true},
		{"flat tetrahedron", flat, "triangle 3 (1, 2, 3) at (1, 0, 0) is degenerate: it has no area", true, true, false},
		{"inside-out cube", flipped(unit), "faces the wrong way: it is an outer skin", true, true, false},
		{"cavity facing out", merged(box(geom.V(0, 0, 0), 2), box(geom.V(0, 0, 0), 1)), "it is a cavity", true, true, false},
		{"index out of range", outOfRange, "triangle 4 has vertex index 99, out of range for 4 vertices", false, false, false},
		{"NaN coordinate", notANumber, "vertex 3 has a non-finite coordinate (0, 0, NaN)", true, true, false},
		{"empty", &Mesh{}, "mesh has no triangles", false, false, false},
		{"no vertices", &Mesh{Triangles: [][3]uint32{{0, 1, 2}}}, "out of range for 0 vertices", false, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Validate(tc.m)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("Validate: got %v, want nil", err)
			case tc.want != "" && err == nil:
				t.Fatalf("Validate: got nil, want an error with %q", tc.want)
			case tc.want != "":
				var ve *ValidationError
				if !errors.As(err, &ve) {
					t.Fatalf("Validate: got error of type %T, want *ValidationError", err)
				}
				if !strings.HasPrefix(err.Error(), "mesh: ") {
					t.Errorf("Validate: got message %q, want it to start with \"mesh: \"", err)
				}
				if !strings.Contains(strings.Join(ve.Problems, "\n"), tc.want) {
					t.Errorf("Validate: got problems %q, want one with %q", ve.Problems, tc.want)
				}
			}
			f := Analyze(tc.m)
			if f.Watertight != tc.watertight || f.Manifold != tc.manifold || f.Outward != tc.outward {
				t.Errorf("watertight, manifold, outward: got %v %v %v, want %v %v %v",
					f.Watertight, f.Manifold, f.Outward, tc.watertight, tc.manifold, tc.outward)
			}
			if len(f.TriangleBody) != len(tc.m.Triangles) && len(tc.m.Triangles) > 0 {
				t.Errorf("len(TriangleBody): got %d, want %d", len(f.TriangleBody), len(tc.m.Triangles))
			}
		})
	}
}

func TestAnalyzeCounts(t *testing.T) {
	unit := cube(geom.V(0, 0, 0), geom.V(1, 1, 1))
	oneFlipped := cube(geom.V(0, 0, 0), geom.V(1, 1, 1))
	oneFlipped.Triangles[5][1], oneFlipped.Triangles[5][2] = oneFlipped.Triangles[5][2], oneFlipped.Triangles[5][1]
	tests := []struct {
		name                          string
		m                             *Mesh
		open, overused, flip, nmv, dg int
	}{
		{"cube", unit, 0, 0, 0, 0, 0},
		{"triangle removed", &Mesh{Vertices: unit.Vertices, Triangles: unit.Triangles[1:]}, 3, 0, 0, 0, 0},
		{"one triangle flipped", oneFlipped, 0, 0, 3, 0, 0},
		{"two repeated-vertex triangles", &Mesh{Vertices: unit.Vertices,
			Triangles: append(append([][3]uint32{}, unit.Triangles...), [3]uint32{0, 0, 1}, [3]uint32{2, 2, 2})}, 0, 0, 0, 0, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := Analyze(tc.m)
			got := [5]int{f.OpenEdges, f.OverusedEdges, f.FlippedEdges, f.NonManifoldVertices, f.Degenerate}
			want := [5]int{tc.open, tc.overused, tc.flip, tc.nmv, tc.dg}
			if got != want {
				t.Errorf("open, overused, flipped edges, non-manifold vertices, degenerate: got %v, want %v", got, want)
			}
		})
	}
}

func TestProblemsCapped(t *testing.T) {
	// 200 separate triangles: 600 open edges, and each one's volume is 0.
	m := &Mesh{}
	for i := range 200 {
		x := float64(i)
		m = merged(m, &Mesh{Vertices: []geom.Vec3{{X: x}, {X: x + 1}, {X: x, Y: 1}}, Triangles: [][3]uint32{{0, 1, 2}}})
	}
	f := Analyze(m)
	if f.OpenEdges != 600 {
		t.Errorf("OpenEdges: got %d, want 600", f.OpenEdges)
	}
	open := 0
	for _, p := range f.Problems {
		if strings.Contains(p, "is open") {
			open++
		}
	}
	if open != maxNamed {
		t.Errorf("open edges named: got %d, want %d", open, maxNamed)
	}
	want := "and 590 more open edges (600 in all)"
	if !strings.Contains(strings.Join(f.Problems, "\n"), want) {
		t.Errorf("Problems: got %q, want a line %q", f.Problems, want)
	}
	if n := len(f.Problems); n > 25 {
		t.Errorf("len(Problems): got %d, want at most 25", n)
	}
	err := Validate(m).Error()
	if !strings.HasPrefix(err, "mesh: edge 0-1 from (0, 0, 0) to (1, 0, 0) is open") || !strings.Contains(err, "more") {
		t.Errorf("Error: got %q, want it to name the first open edge and count the rest", err)
	}
}

func TestNeverPanics(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		name string
		m    *Mesh
	}{
		{"all indices out of range", &Mesh{Vertices: []geom.Vec3{{}}, Triangles: [][3]uint32{{5, 6, 7}, {math.MaxUint32, 0, 0}}}},
		{"infinite vertices", &Mesh{Vertices: []geom.Vec3{{X: inf}, {Y: -inf}, {Z: inf}}, Triangles: [][3]uint32{{0, 1, 2}, {0, 2, 1}}}},
		{"all triangles repeat a vertex", &Mesh{Vertices: []geom.Vec3{{}, {X: 1}}, Triangles: [][3]uint32{{0, 0, 1}, {1, 1, 1}}}},
		{"NaN inside a nested pair", merged(box(geom.V(0, 0, 0), 2), flipped(box(geom.V(0, 0, 0), 1)),
			&Mesh{Vertices: []geom.Vec3{{X: math.NaN()}, {}, {Y: 1}}, Triangles: [][3]uint32{{0, 1, 2}}})},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := Analyze(tc.m)
			if len(f.Problems) == 0 {
				t.Fatalf("Problems: got none, want some")
			}
			if err := Validate(tc.m); err == nil {
				t.Errorf("Validate: got nil, want an error")
			}
		})
	}
}
