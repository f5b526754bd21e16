package sdf

import (
	"math"
	"math/rand/v2"

	"yanchu/geom"
	"yanchu/sdf/profile"
)

// named is one solid of the test corpus.
type named struct {
	name string
	s    Solid
}

// namedShape is one profile used to build the corpus's extrusions and revolutions.
type namedShape struct {
	name string
	s    profile.Shape
}

// corpusSeed fixes the corpus: every run tests the same solids.
const corpusSeed = 0x5d_f0_0d

// corpus returns a solid made by every constructor of package sdf, with sizes drawn
// from a seeded source, and the puzzle ball as a deep tree.
func corpus() []named {
	r := rand.New(rand.NewPCG(corpusSeed, 1))
	u := func(lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }
	v := func(lo, hi float64) geom.Vec3 { return geom.V(u(lo, hi), u(lo, hi), u(lo, hi)) }
	dir := func() geom.Vec3 {
		for {
			if d := v(-1, 1); d.Len() > 0.2 && d.Len() <= 1 {
				return d.Unit()
			}
		}
	}
	var c []named
	add := func(name string, s Solid) { c = append(c, named{name, s}) }

	add("sphere", Sphere(u(3, 10)))
	add("box", Box(v(4, 16), 0))
	bs := v(4, 16)
	add("box/round", Box(bs, u(0.2, bs.MinComp()/2)))
	add("cylinder", Cylinder(u(2, 8), u(4, 16)))
	add("cone/widening", Cone(u(1, 4), u(5, 9), u(4, 16)))
	add("cone/narrowing", Cone(u(5, 9), u(1, 4), u(4, 16)))
	add("cone/pointed-up", Cone(u(3, 8), 0, u(4, 16)))
	add("cone/pointed-down", Cone(0, u(3, 8), u(4, 16)))
	add("torus", Torus(u(6, 10), u(1, 4)))
	add("capsule", Capsule(v(-6, 6), v(-6, 6), u(1, 3)))
	add("capsule/ball", Capsule(geom.V(1, 2, 3), geom.V(1, 2, 3), u(1, 3)))
	add("halfspace∩box", Intersection(HalfSpace(dir(), u(-2, 2)), Box(v(8, 16), 0)))
	add("halfspace/axis∩box", Intersection(HalfSpace(geom.V(0, 0, -1), u(0, 3)), Box(v(8, 16), 0)))
	add("gyroid∩box", Intersection(Gyroid(u(6, 10), u(0.8, 1.5)), Box(v(16, 24), 0)))

	for _, p := range extrusionProfiles(u) {
		add("extrude/"+p.name, Extrude(p.s, u(2, 12)))
	}
	for _, p := range revolutionProfiles(u) {
		add("revolve/"+p.name, Revolve(p.s))
	}

	parts := func() []Solid {
		return []Solid{
			Sphere(u(5, 8)),
			Translate(Box(v(4, 10), 0.5), v(-4, 4)),
			Rotate(Cylinder(u(2, 4), u(14, 20)), dir(), u(0, math.Pi)),
		}
	}
	add("union", Union(parts()...))
	add("intersection", Intersection(parts()...))
	add("difference", Difference(Box(v(10, 16), 0), Sphere(u(6, 8)), Cylinder(u(2, 3), 30)))
	add("smoothunion", SmoothUnion(u(1, 3), parts()...))
	add("smoothintersection", SmoothIntersection(u(1, 3), parts()...))
	add("smoothdifference", SmoothDifference(u(1, 3), Box(v(10, 16), 1), Sphere(u(6, 8)), Cylinder(u(2, 3), 30)))
	add("shell/sphere", Shell(Sphere(u(6, 10)), u(0.8, 2)))
	add("shell/box", Shell(Box(v(8, 16), 1), u(0.8, 2)))
	add("offset/grow", Offset(Box(v(4, 10), 0), u(0.5, 2)))
	add("offset/shrink", Offset(Box(v(8, 14), 0), -u(0.5, 2)))
	add("offset/grow-union", Offset(Union(parts()...), u(0.5, 2)))
	add("translate", Translate(Torus(u(5, 8), u(1, 2)), v(-10, 10)))
	add("rotate", Rotate(Cone(u(2, 5), u(0, 2), u(6, 12)), dir(), u(0, 2*math.Pi)))
	add("alignz", AlignZ(Cylinder(u(1, 3), u(10, 20)), dir()))
	add("scale/up", Scale(Capsule(v(-3, 3), v(-3, 3), 1), u(1.5, 3)))
	add("scale/down", Scale(Box(v(10, 30), 1), u(0.2, 0.7)))
	add("scalexyz", ScaleXYZ(Sphere(5), v(0.4, 2.5)))
	add("mirror", Mirror(Translate(Cone(u(2, 5), 0, u(6, 12)), v(-5, 5)), dir()))
	add("linearrepeat", LinearRepeat(Sphere(u(1, 2)), v(-4, 4), 4))
	add("polarrepeat", PolarRepeat(Translate(Box(v(2, 4), 0), geom.V(u(6, 10), 0, 0)), 6))
	add("twist", Twist(Box(geom.V(u(6, 10), u(2, 4), u(10, 20)), 0), u(-0.2, 0.2)))
	add("complement∩box", Intersection(Box(v(12, 20), 0), Complement(Sphere(u(6, 9)))))
	add("puzzleball", puzzleBall())
	return c
}

// extrusionProfiles returns one shape of every profile constructor.
func extrusionProfiles(u func(lo, hi float64) float64) []namedShape {
	w, h := u(4, 10), u(4, 10)
	return []namedShape{
		{"circle", profile.Circle(u(2, 8))},
		{"rect", profile.Rect(u(4, 10), u(4, 10), 0)},
		{"rect/round", profile.Rect(w, h, u(0.2, math.Min(w, h)/2))},
		{"regularpolygon/5", profile.RegularPolygon(5, u(3, 8))},
		{"regularpolygon/6", profile.RegularPolygon(6, u(3, 8))},
		{"polygon/star", star(u)},
		{"polyline/l", profile.Polyline(
			profile.V(-5, -5), profile.V(5, -5), profile.V(5, -1), profile.V(-1, -1),
			profile.V(-1, 6), profile.V(-5, 6), profile.V(-5, -5))},
		{"stroke/segment", profile.Stroke(u(1, 2), profile.V(-5, -2), profile.V(4, 3))},
		{"stroke/zigzag", profile.Stroke(u(1, 2), profile.V(-6, -4), profile.V(-2, 4), profile.V(2, -4), profile.V(6, 4))},
		{"translate/circle", profile.Translate(profile.Circle(u(2, 4)), profile.V(u(-3, 3), u(-3, 3)))},
	}
}

// revolutionProfiles returns shapes that turn into exact solids (at x > 0 or
// symmetric about the Y axis) and bound ones (crossing or touching the axis).
func revolutionProfiles(u func(lo, hi float64) float64) []namedShape {
	return []namedShape{
		{"circle", profile.Circle(u(3, 8))},
		{"rect", profile.Rect(u(4, 10), u(4, 10), u(0, 1))},
		{"regularpolygon", profile.RegularPolygon(6, u(3, 8))},
		{"translate/circle", profile.Translate(profile.Circle(u(1, 3)), profile.V(u(5, 8), u(-2, 2)))},
		{"translate/rect", profile.Translate(profile.Rect(u(2, 4), u(4, 10), 0.5), profile.V(u(4, 6), 0))},
		{"polygon/c", profile.Polygon(
			profile.V(2, -6), profile.V(9, -6), profile.V(9, -3), profile.V(5, -3),
			profile.V(5, 3), profile.V(9, 3), profile.V(9, 6), profile.V(2, 6))},
		{"polygon/star", star(u)},
		{"polygon/half-disc", halfDisc(u(4, 8))},
		{"stroke/zigzag", profile.Stroke(1.5, profile.V(3, -6), profile.V(8, -2), profile.V(3, 2), profile.V(8, 6))},
	}
}

// star returns a concave ten-pointed outline around the origin, its corners jittered.
func star(u func(lo, hi float64) float64) profile.Shape {
	var pts []profile.Vec2
	for k := 0; k < 10; k++ {
		rr := u(6, 8)
		if k%2 == 1 {
			rr = u(2, 3)
		}
		s, c := math.Sincos(2*math.Pi*float64(k)/10 + u(-0.1, 0.1))
		pts = append(pts, profile.V(rr*c, rr*s))
	}
	return profile.Polygon(pts...)
}

// halfDisc returns the half of a disc of radius r at x >= 0, its flat side on the
// Y axis.
func halfDisc(r float64) profile.Shape {
	var pts []profile.Vec2
	for k := 0; k <= 32; k++ {
		s, c := math.Sincos(-math.Pi/2 + math.Pi*float64(k)/32)
		pts = append(pts, profile.V(r*c, r*s))
	}
	pts[0].X, pts[32].X = 0, 0
	return profile.Polygon(pts...)
}

// puzzleBall returns three nested spherical shells, each drilled by seven
// cylinders through the centre along Lines(14).
func puzzleBall() Solid {
	var shells []Solid
	for i, rr := range []float64{20, 16, 12} {
		var holes []Solid
		for _, d := range Lines(14) {
			holes = append(holes, AlignZ(Cylinder(2.5-0.5*float64(i), 2.2*rr), d))
		}
		shells = append(shells, Difference(Shell(Sphere(rr), 2), holes...))
	}
	return Union(shells...)
}
