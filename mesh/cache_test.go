package mesh

import (
	"testing"

	"yanchu/geom"
)

func TestAnalyzeSeesChanges(t *testing.T) {
	m := &Mesh{
		Vertices:  []geom.Vec3{{X: 0, Y: 0, Z: 0}, {X: 1, Y: 0, Z: 0}, {X: 0, Y: 1, Z: 0}, {X: 0, Y: 0, Z: 1}},
		Triangles: [][3]uint32{{0, 2, 1}, {0, 1, 3}, {0, 3, 2}, {1, 2, 3}},
	}
	if err := Validate(m); err != nil {
		t.Fatalf("tetrahedron: %v", err)
	}
	if a, b := Analyze(m), Analyze(m); a != b {
		t.Errorf("the same mesh analysed twice: got two analyses, want the remembered one")
	}
	// Flip one triangle in place: the remembered facts must not be reused.
	m.Triangles[0] = [3]uint32{0, 1, 2}
	if err := Validate(m); err == nil {
		t.Fatal("flipped triangle: got no error, want one")
	}
	// Move a vertex in place: the volume must change.
	m.Triangles[0] = [3]uint32{0, 2, 1}
	v0 := Analyze(m).Volume
	m.Vertices[3].Z = 2
	if v1 := Analyze(m).Volume; v1 == v0 {
		t.Errorf("moved vertex: volume stayed %g", v1)
	}
}
