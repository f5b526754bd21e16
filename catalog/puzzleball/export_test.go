package puzzleball

import (
	"math"

	"yanchu/sdf"
	"yanchu/spec"
)

// ExactVolumes returns the volume of each body of the plain ball s, from its
// closed form: a shell is the spherical shell less its holes' caps (which do
// not overlap), the core a sphere.
func ExactVolumes(s *spec.Spec) []float64 {
	b := planOf(s)
	caps := float64(2*len(sdf.Lines(b.holes))) * 2 * math.Pi * (1 - math.Cos(b.angle))
	var v []float64
	for k := 1; k < b.n; k++ {
		ro, ri := b.radius(k)
		v = append(v, (ro*ro*ro-ri*ri*ri)/3*(4*math.Pi-caps))
	}
	return append(v, 4*math.Pi/3*b.r0*b.r0*b.r0)
}
