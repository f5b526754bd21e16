package sharpen_test

import (
	"math"
	"testing"

	"yanchu/geom"
	"yanchu/isosurface"
	"yanchu/mesh"
	"yanchu/sdf"
	"yanchu/sdf/profile"
	"yanchu/sharpen"
)

// deviation returns the largest |f| at the vertices, edge midpoints and
// centroids, and how many of those points lie farther than tol.
func deviation(m *mesh.Mesh, f func(geom.Vec3) float64, tol float64) (float64, int) {
	worst, over := 0.0, 0
	for _, t := range m.Triangles {
		a, b, c := m.Vertices[t[0]], m.Vertices[t[1]], m.Vertices[t[2]]
		for _, p := range [7]geom.Vec3{a, b, c, a.Add(b).Scale(0.5), b.Add(c).Scale(0.5), c.Add(a).Scale(0.5), a.Add(b).Add(c).Scale(1.0 / 3)} {
			d := math.Abs(f(p))
			worst = math.Max(worst, d)
			if d > tol {
				over++
			}
		}
	}
	return worst, over
}

// gear is an extruded outline of 24 trapezoid teeth, with a crease at each edge
// of each tooth's flanks and top.
func gear() sdf.Solid {
	var pts []profile.Vec2
	for i := 0; i < 24; i++ {
		c := float64(i) * math.Pi / 12
		for _, p := range [4][2]float64{{8.3, -4.5}, {10.1, -2}, {10.1, 2}, {8.3, 4.5}} {
			a := c + p[1]*math.Pi/180
			pts = append(pts, profile.V(p[0]*math.Cos(a), p[0]*math.Sin(a)))
		}
	}
	return sdf.Extrude(profile.Polygon(pts...), 4.37)
}

func uniform(t *testing.T, s sdf.Solid) *mesh.Mesh {
	t.Helper()
	r, err := isosurface.Mesher{Cell: 0.2}.Mesh(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	return r.Mesh
}

// The grid cuts a box's edges and a gear's teeth by up to half a cell;
// sharpened, every point of the box's mesh lies within the tolerance of the
// surface, and all but a few of the gear's (next to the corners where a tooth's
// flank meets the root and an end face), and the meshes stay closed and
// manifold with nothing crossing.
func TestCreasesComeBack(t *testing.T) {
	for _, c := range []struct {
		name    string
		s       sdf.Solid
		corners int
		left    float64 // the most points over 0.01 mm after, as a share of those before
	}{
		{"box", sdf.Translate(sdf.Box(geom.V(10.13, 6.07, 4.31), 0), geom.V(0.031, 0.017, 0.053)), 8, 0},
		{"gear", gear(), 0, 0.02},
	} {
		m := uniform(t, c.s)
		before, overBefore := deviation(m, c.s.At, 0.01)
		r := sharpen.Mesh(sharpen.Input{Vertices: m.Vertices, Triangles: m.Triangles}, sharpen.Options{Field: c.s.At, Tol: 0.005, Untangle: true})
		out := &mesh.Mesh{Vertices: r.Vertices, Triangles: r.Triangles}
		if err := mesh.Validate(out); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if x := mesh.SelfIntersections(out, 1); len(x) > 0 {
			t.Errorf("%s: triangles %d and %d cross", c.name, x[0].A, x[0].B)
		}
		after, overAfter := deviation(out, c.s.At, 0.01)
		t.Logf("%s: %d edges split, %d corners, %d -> %d triangles, deviation %.4f -> %.4f mm, points over 0.01 mm %d -> %d",
			c.name, r.Split, r.Corners, len(m.Triangles), len(r.Triangles), before, after, overBefore, overAfter)
		if before < 0.05 {
			t.Errorf("%s: the grid cut the creases by only %.4f mm; the test needs a solid it cuts", c.name, before)
		}
		if float64(overAfter) > c.left*float64(overBefore) || after > before {
			t.Errorf("%s: %d points over 0.01 mm after sharpening (%d before), deviation %.4f mm (%.4f before)", c.name, overAfter, overBefore, after, before)
		}
		if c.corners > 0 && r.Corners < c.corners {
			t.Errorf("%s: %d corners restored, want %d", c.name, r.Corners, c.corners)
		}
		if len(r.Normals) != len(r.Vertices) || len(r.Second) != len(r.Vertices) || len(r.Fixed) != len(r.Vertices) {
			t.Errorf("%s: %d vertices but %d normals, %d second normals, %d fixed marks", c.name, len(r.Vertices), len(r.Normals), len(r.Second), len(r.Fixed))
		}
		for v := len(m.Vertices); v < len(r.Vertices); v++ {
			if r.Second[v] == (geom.Vec3{}) && !r.Fixed[v] {
				t.Fatalf("%s: new vertex %d is on no crease and not a corner", c.name, v)
			}
		}
	}
}

// A smooth solid has no crease: nothing is split, and no triangle changes.
func TestSmoothStays(t *testing.T) {
	s := sdf.Sphere(6)
	m := uniform(t, s)
	r := sharpen.Mesh(sharpen.Input{Vertices: m.Vertices, Triangles: m.Triangles}, sharpen.Options{Field: s.At, Tol: 0.005})
	if r.Split != 0 || r.Corners != 0 || len(r.Triangles) != len(m.Triangles) {
		t.Fatalf("sphere: %d splits, %d corners, %d triangles from %d", r.Split, r.Corners, len(r.Triangles), len(m.Triangles))
	}
	for i, tr := range r.Triangles {
		if tr != m.Triangles[i] {
			t.Fatalf("triangle %d changed", i)
		}
	}
}

// The result does not depend on the number of workers, and Avoid leaves places
// as they are.
func TestWorkersAndAvoid(t *testing.T) {
	s := gear()
	m := uniform(t, s)
	in := sharpen.Input{Vertices: m.Vertices, Triangles: m.Triangles}
	one := sharpen.Mesh(in, sharpen.Options{Field: s.At, Tol: 0.005, Workers: 1, Untangle: true})
	three := sharpen.Mesh(in, sharpen.Options{Field: s.At, Tol: 0.005, Workers: 3, Untangle: true})
	if len(one.Vertices) != len(three.Vertices) || len(one.Triangles) != len(three.Triangles) {
		t.Fatalf("1 worker: %d/%d vertices/triangles, 3 workers: %d/%d", len(one.Vertices), len(one.Triangles), len(three.Vertices), len(three.Triangles))
	}
	for i := range one.Vertices {
		if one.Vertices[i] != three.Vertices[i] {
			t.Fatalf("vertex %d differs", i)
		}
	}
	for i := range one.Triangles {
		if one.Triangles[i] != three.Triangles[i] {
			t.Fatalf("triangle %d differs", i)
		}
	}
	in.Avoid = func(p geom.Vec3) bool { return p.X > 0 }
	half := sharpen.Mesh(in, sharpen.Options{Field: s.At, Tol: 0.005})
	if !(half.Split > 0 && half.Split < one.Split) {
		t.Fatalf("avoiding x > 0: %d splits, against %d", half.Split, one.Split)
	}
	for v := len(m.Vertices); v < len(half.Vertices); v++ {
		if half.Vertices[v].X > 0.3 {
			t.Fatalf("point %v made where it was to be avoided", half.Vertices[v])
		}
	}
}
