// Package reference builds the reference solids that benchmarks and acceptance
// tests measure: R1 (a puzzle ball), R2 (a sphere) and R3 (a gyroid cube).
package reference

import (
	"fmt"

	"yanchu/geom"
	"yanchu/sdf"
)

// Names lists the reference solids in order.
var Names = []string{"r1", "r2", "r3"}

// Get returns the reference solid with the given name ("r1", "r2" or "r3") and its
// description.
func Get(name string) (sdf.Solid, string, error) {
	switch name {
	case "r1":
		return R1(), "R1: 8-shell puzzle ball, outer radius 40 mm, 14 holes", nil
	case "r2":
		return R2(), "R2: sphere of radius 40 mm", nil
	case "r3":
		return R3(), "R3: gyroid sheet, period 10 mm, thickness 1 mm, in a 60 mm cube", nil
	}
	return nil, "", fmt.Errorf("reference: no example %q; use r1, r2 or r3", name)
}

// R1 is the puzzle ball: 8 concentric spherical shells, outer radius 40 mm, each
// 2.5 mm thick with a 1 mm radial gap, so shell k (k = 0..7) spans radii
// 40-3.5k-2.5 to 40-3.5k. Each shell is pierced by 14 cylindrical holes through the
// centre, along the 6 axes and the 8 cube diagonals, of radius 35% of that shell's
// outer radius.
func R1() sdf.Solid {
	const outer, wall, gap = 40.0, 2.5, 1.0
	lines := sdf.Lines(14)
	shells := make([]sdf.Solid, 8)
	for k := range shells {
		ro := outer - float64(k)*(wall+gap)
		holes := make([]sdf.Solid, len(lines))
		for i, d := range lines {
			holes[i] = sdf.AlignZ(sdf.Cylinder(0.35*ro, 2*ro+2), d)
		}
		shells[k] = sdf.Difference(sdf.Shell(sdf.Sphere(ro), wall), holes...)
	}
	return sdf.Union(shells...)
}

// R2 is a sphere of radius 40 mm.
func R2() sdf.Solid { return sdf.Sphere(40) }

// R3 is a gyroid sheet of period 10 mm and thickness 1 mm clipped to a 60 mm cube.
func R3() sdf.Solid {
	return sdf.Intersection(sdf.Gyroid(10, 1), sdf.Box(geom.V(60, 60, 60), 0))
}
