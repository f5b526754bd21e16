package sdf

import (
	"fmt"
	"math"

	"yanchu/geom"
)

// Directions returns n unit vectors spread evenly over the sphere, for drilling
// holes through a ball: 6 (the axes: cube faces), 8 (the cube diagonals: octahedron
// faces), 12 (dodecahedron faces), 14 (axes and diagonals, the puzzle ball's
// classic), 20 (icosahedron faces). Each set is symmetric: with every direction
// its opposite is in the set too. It panics for any other n.
func Directions(n int) []geom.Vec3 {
	var out []geom.Vec3
	switch n {
	case 6:
		out = axes()
	case 8:
		out = diagonals()
	case 14:
		out = append(axes(), diagonals()...)
	case 12:
		// Dodecahedron face centres are the icosahedron's vertices:
		// cyclic permutations of (0, ±1, ±φ).
		phi := (1 + math.Sqrt(5)) / 2
		for _, s1 := range []float64{1, -1} {
			for _, s2 := range []float64{1, -1} {
				out = append(out, geom.V(0, s1, s2*phi), geom.V(s1, s2*phi, 0), geom.V(s2*phi, 0, s1))
			}
		}
	case 20:
		// Icosahedron face centres are the dodecahedron's vertices: (±1, ±1, ±1) and
		// cyclic permutations of (0, ±1/φ, ±φ).
		phi := (1 + math.Sqrt(5)) / 2
		out = diagonals()
		for _, s1 := range []float64{1, -1} {
			for _, s2 := range []float64{1, -1} {
				out = append(out, geom.V(0, s1/phi, s2*phi), geom.V(s1/phi, s2*phi, 0), geom.V(s2*phi, 0, s1/phi))
			}
		}
	default:
		panic(fmt.Sprintf("sdf.Directions: no even set of %d directions; use 6, 8, 12, 14 or 20", n))
	}
	for i, d := range out {
		out[i] = d.Unit()
	}
	return out
}

func axes() []geom.Vec3 {
	return []geom.Vec3{geom.V(1, 0, 0), geom.V(-1, 0, 0), geom.V(0, 1, 0), geom.V(0, -1, 0), geom.V(0, 0, 1), geom.V(0, 0, -1)}
}

func diagonals() []geom.Vec3 {
	var out []geom.Vec3
	for _, z := range []float64{1, -1} {
		for _, y := range []float64{1, -1} {
			for _, x := range []float64{1, -1} {
				out = append(out, geom.V(x, y, z))
			}
		}
	}
	return out
}

// Lines returns one direction of each opposite pair in Directions(n), so that a
// hole drilled right through the centre along each gives the n holes.
func Lines(n int) []geom.Vec3 {
	var out []geom.Vec3
	for _, d := range Directions(n) {
		dup := false
		for _, e := range out {
			if d.Add(e).Len() < 1e-9 {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, d)
		}
	}
	return out
}
