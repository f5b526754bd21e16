package sdf

import (
	"testing"

	"yanchu/geom"
)

// Offsets and blends of fields that understate the distance outside their bounds
// (a stretched sphere, a twisted box) must still grow their bounds far enough.
func TestBoundsReachBeyondUnderstatingFields(t *testing.T) {
	e := ScaleXYZ(Sphere(5), geom.V(1, 1, 3))
	cases := []struct {
		name string
		s    Solid
	}{
		{"offset of stretched sphere", Offset(e, 1)},
		{"offset of twisted box", Offset(Twist(Box(geom.V(10, 10, 10), 0), 0.5), 1)},
		{"blend of stretched spheres", SmoothUnion(4, e, Translate(e, geom.V(0, 0, 0.01)))},
		{"blend inside an intersection", SmoothUnion(3, Intersection(Sphere(5), Box(geom.V(8, 8, 8), 0)), Translate(Sphere(2), geom.V(0, 0, 5)))},
	}
	for _, c := range cases {
		b := c.s.Bounds()
		// Walk out along every axis in small steps: no point beyond the box is inside.
		for _, dir := range Directions(6) {
			for d := 0.0; d < 60; d += 0.01 {
				p := dir.Scale(d)
				if !b.Contains(p) && c.s.At(p) <= 0 {
					t.Fatalf("%s: %v is inside the solid (field %g) but outside its bounds %v", c.name, p, c.s.At(p), b)
				}
			}
		}
	}
}
