package simplify

import (
	"math"

	"yanchu/geom"
)

// quadric is the sum of squared distances to a set of planes, as the symmetric
// 4×4 matrix's upper triangle.
type quadric [10]float64

func planeQuadric(n geom.Vec3, d, w float64) quadric {
	return quadric{
		w * n.X * n.X, w * n.X * n.Y, w * n.X * n.Z, w * n.X * d,
		w * n.Y * n.Y, w * n.Y * n.Z, w * n.Y * d,
		w * n.Z * n.Z, w * n.Z * d,
		w * d * d,
	}
}

func (q *quadric) add(r *quadric) {
	for i := range q {
		q[i] += r[i]
	}
}

func (q *quadric) eval(p geom.Vec3) float64 {
	x, y, z := p.X, p.Y, p.Z
	return q[0]*x*x + 2*q[1]*x*y + 2*q[2]*x*z + 2*q[3]*x +
		q[4]*y*y + 2*q[5]*y*z + 2*q[6]*y +
		q[7]*z*z + 2*q[8]*z + q[9]
}

// minimum returns the point minimising q, if the system is well conditioned.
func (q *quadric) minimum() (geom.Vec3, bool) {
	a, b, c := q[0], q[1], q[2]
	d, e, f := q[4], q[5], q[7]
	det := a*(d*f-e*e) - b*(b*f-e*c) + c*(b*e-d*c)
	scale := (a + d + f) * (a + d + f) * (a + d + f)
	if math.Abs(det) <= 1e-9*math.Abs(scale) || det == 0 {
		return geom.Vec3{}, false
	}
	r := [3]float64{-q[3], -q[6], -q[8]}
	x := (r[0]*(d*f-e*e) - b*(r[1]*f-e*r[2]) + c*(r[1]*e-d*r[2])) / det
	y := (a*(r[1]*f-e*r[2]) - r[0]*(b*f-e*c) + c*(b*r[2]-r[1]*c)) / det
	z := (a*(d*r[2]-r[1]*e) - b*(b*r[2]-r[1]*c) + r[0]*(b*e-d*c)) / det
	return geom.Vec3{X: x, Y: y, Z: z}, true
}
