package geom

// OnPlanes returns p with the coordinates of the planes through the origin in pl
// set to 0 (bit a for the plane where coordinate a is 0): its projection onto
// them.
func OnPlanes(p Vec3, pl uint8) Vec3 {
	if pl&1 != 0 {
		p.X = 0
	}
	if pl&2 != 0 {
		p.Y = 0
	}
	if pl&4 != 0 {
		p.Z = 0
	}
	return p
}

// Gradient returns the unit gradient of the scalar field f at p, by differences
// over a regular tetrahedron of size eps around it (four values, a third fewer than
// central differences), or the zero vector where f is flat; and the mean of the
// four values, which is f(p) but for a term in eps².
func Gradient(f func(Vec3) float64, p Vec3, eps float64) (Vec3, float64) {
	k := [4]Vec3{{X: 1, Y: -1, Z: -1}, {X: -1, Y: -1, Z: 1}, {X: -1, Y: 1, Z: -1}, {X: 1, Y: 1, Z: 1}}
	var g Vec3
	sum := 0.0
	for _, d := range k {
		v := f(p.Add(d.Scale(eps)))
		g = g.Add(d.Scale(v))
		sum += v
	}
	return g.Unit(), sum / 4
}
