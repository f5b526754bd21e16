package render

import (
	"bytes"
	"math"
	"testing"

	"yanchu/geom"
	"yanchu/mesh"
)

// The shells of R1 are nested: each turns about an axis of its own, every other
// one the other way, the inner ones faster.
func TestMotionsOfNestedShells(t *testing.T) {
	m := r1Mesh
	if m == nil {
		r1(t)
		m = r1Mesh
	}
	mo := Motions(m)
	if len(mo) != 8 {
		t.Fatalf("%d motions for R1's 8 bodies", len(mo))
	}
	axes := map[[3]int]bool{}
	for i, b := range mo {
		axes[[3]int{int(math.Round(b.Axis.X * 100)), int(math.Round(b.Axis.Y * 100)), int(math.Round(b.Axis.Z * 100))}] = true
		if i > 0 && (b.Turns > 0) == (mo[i-1].Turns > 0) {
			t.Errorf("bodies %d and %d turn the same way", i-1, i)
		}
		if i > 0 && math.Abs(b.Turns) <= math.Abs(mo[i-1].Turns) {
			t.Errorf("body %d turns no faster than body %d", i, i-1)
		}
	}
	if len(axes) != 8 {
		t.Errorf("%d distinct axes for 8 shells", len(axes))
	}
}

// Two boxes side by side turn about the vertical like meshing gears: the
// narrower faster, the other way.
func TestMotionsSideBySide(t *testing.T) {
	m := &mesh.Mesh{}
	addBox(m, geom.V(0, 0, 0), geom.V(20, 20, 5))
	addBox(m, geom.V(25, 0, 0), geom.V(35, 10, 5))
	mo := Motions(m)
	if len(mo) != 2 || mo[0].Axis != geom.V(0, 0, 1) || mo[1].Axis != geom.V(0, 0, 1) {
		t.Fatalf("motions %+v", mo)
	}
	if r := mo[1].Turns / mo[0].Turns; math.Abs(r+2) > 1e-9 {
		t.Errorf("the half-width body turns %g times the other, want -2", r)
	}
}

// The film's first frame is the still; later frames move the shells.
func TestBodiesFilm(t *testing.T) {
	p := r1(t)
	opt := Options{Size: 96, Pitch: 0.4, CutAway: true}
	frames, err := p.Bodies(t.Context(), opt, 6, Motions(p.m))
	if err != nil {
		t.Fatal(err)
	}
	if len(frames) != 6 {
		t.Fatalf("%d frames", len(frames))
	}
	if bytes.Equal(frames[0].Pix, frames[3].Pix) {
		t.Errorf("the shells did not move")
	}
	if _, err := p.Bodies(t.Context(), opt, 6, Motions(p.m)[:3]); err == nil {
		t.Errorf("3 motions for 8 bodies: no error")
	}
}

// addBox adds an axis-aligned box as 12 outward triangles.
func addBox(m *mesh.Mesh, lo, hi geom.Vec3) {
	base := uint32(len(m.Vertices))
	for i := range 8 {
		m.Vertices = append(m.Vertices, geom.V(pick(i&1, lo.X, hi.X), pick(i&2, lo.Y, hi.Y), pick(i&4, lo.Z, hi.Z)))
	}
	for _, f := range [][4]uint32{{0, 2, 3, 1}, {4, 5, 7, 6}, {0, 1, 5, 4}, {2, 6, 7, 3}, {0, 4, 6, 2}, {1, 3, 7, 5}} {
		m.Triangles = append(m.Triangles, [3]uint32{base + f[0], base + f[1], base + f[2]}, [3]uint32{base + f[0], base + f[2], base + f[3]})
	}
}
