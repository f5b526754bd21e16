package sdf

import (
	"math"
	"testing"

	"yanchu/geom"
	"yanchu/sdf/profile"
)

func rect(w, h float64) profile.Shape { return profile.Rect(w, h, 0) }
func circle(r float64) profile.Shape  { return profile.Circle(r) }
func moved(s profile.Shape, x, y float64) profile.Shape {
	return profile.Translate(s, profile.V(x, y))
}

func TestExtrudeRevolveFacts(t *testing.T) {
	half := profile.Polygon(profile.V(0, -1), profile.V(2, -1), profile.V(2, 1), profile.V(0, 1))
	cases := []struct {
		name    string
		s       Solid
		str     string
		exact   Exactness
		bounds  geom.Box
		feature float64
		what    string
	}{
		{"extrude/circle", Extrude(circle(2), 10), "extrude(circle(2),10)", Exact,
			geom.Box{Min: geom.V(-2, -2, -5), Max: geom.V(2, 2, 5)}, 4, "circle diameter"},
		{"extrude/thin", Extrude(rect(6, 4), 0.5), "extrude(rect(6,4,0),0.5)", Exact,
			geom.Box{Min: geom.V(-3, -2, -0.25), Max: geom.V(3, 2, 0.25)}, 0.5, "extrusion height"},
		{"extrude/zigzag", Extrude(profile.Stroke(1, profile.V(0, 0), profile.V(1, 1), profile.V(2, 0)), 2),
			"extrude(stroke(1,[0,0],[1,1],[2,0]),2)", Bound,
			geom.Box{Min: geom.V(-0.5, -0.5, -1), Max: geom.V(2.5, 1.5, 1)}, 1, "stroke width"},
		{"revolve/sphere", Revolve(circle(3)), "revolve(circle(3))", Exact,
			geom.Box{Min: geom.V(-3, -3, -3), Max: geom.V(3, 3, 3)}, 6, "circle diameter"},
		{"revolve/torus", Revolve(moved(circle(1), 4, 0.5)), "revolve(translate(circle(1),[4,0.5]))", Exact,
			geom.Box{Min: geom.V(-5, -5, -0.5), Max: geom.V(5, 5, 1.5)}, 2, "circle diameter"},
		{"revolve/on-axis", Revolve(half), "revolve(polygon([0,-1],[2,-1],[2,1],[0,1]))", Bound,
			geom.Box{Min: geom.V(-2, -2, -1), Max: geom.V(2, 2, 1)}, math.Inf(1), ""},
		{"revolve/across-axis", Revolve(moved(rect(4, 2), 1, 0)), "revolve(translate(rect(4,2,0),[1,0]))", Bound,
			geom.Box{Min: geom.V(-3, -3, -1), Max: geom.V(3, 3, 1)}, 2, "rectangle side"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.s.String(); got != c.str {
				t.Errorf("String() = %q, want %q", got, c.str)
			}
			if got := c.s.Exactness(); got != c.exact {
				t.Errorf("Exactness() = %v, want %v", got, c.exact)
			}
			if got := c.s.Bounds(); got != c.bounds {
				t.Errorf("Bounds() = %v, want %v", got, c.bounds)
			}
			if got := c.s.Slope(); got != 1 {
				t.Errorf("Slope() = %g, want 1", got)
			}
			if f, w := c.s.Feature(); f != c.feature || w != c.what {
				t.Errorf("Feature() = %g %q, want %g %q", f, w, c.feature, c.what)
			}
		})
	}
}

// TestRevolveOnAxisIsOnlyABound shows why a profile with an edge on the axis gives
// a bound: the 2D field sees that edge, the solid has no surface there.
func TestRevolveOnAxisIsOnlyABound(t *testing.T) {
	half := profile.Polygon(profile.V(0, -1), profile.V(2, -1), profile.V(2, 1), profile.V(0, 1))
	got := Revolve(half).At(geom.V(0.1, 0, 0))
	want := Cylinder(2, 2).At(geom.V(0.1, 0, 0)) // the same solid, exact
	if !(math.Abs(got) < math.Abs(want)) || got >= 0 {
		t.Errorf("At on the axis = %g, want negative and smaller in size than the exact %g", got, want)
	}
}

// TestExtrudeMatchesCylinder checks the extruded disc against the exact cylinder,
// which uses the same combination of the 2D and the cap distances.
func TestExtrudeMatchesCylinder(t *testing.T) {
	e, c := Extrude(circle(3), 8), Cylinder(3, 8)
	for _, p := range []geom.Vec3{geom.V(0, 0, 0), geom.V(5, 1, 2), geom.V(1, 1, 7), geom.V(4, -4, -9), geom.V(2.9, 0, 3.9)} {
		if got, want := e.At(p), c.At(p); math.Abs(got-want) > 1e-12 {
			t.Errorf("At(%v) = %g, want the cylinder's %g", p, got, want)
		}
	}
}

func BenchmarkExtrudeEval(b *testing.B) {
	s := Extrude(profile.RegularPolygon(8, 5), 10)
	p := make([]geom.Vec3, 1024)
	for i := range p {
		p[i] = geom.V(float64(i%32)/3-5, float64(i/32)/3-5, float64(i%7)-3)
	}
	d := make([]float64, len(p))
	b.ReportAllocs()
	for b.Loop() {
		s.Eval(p, d)
	}
}
