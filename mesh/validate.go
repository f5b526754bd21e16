package mesh

import "fmt"

// Validate reports whether m is closed, 2-manifold and outward-facing. This first
// version checks edge use only; the full validator replaces it.
func Validate(m *Mesh) error {
	seen := make(map[[2]uint32]int, 3*len(m.Triangles))
	for _, t := range m.Triangles {
		for k := 0; k < 3; k++ {
			seen[[2]uint32{t[k], t[(k+1)%3]}]++
		}
	}
	for e, n := range seen {
		if n != 1 || seen[[2]uint32{e[1], e[0]}] != 1 {
			return fmt.Errorf("mesh: edge %d-%d is not shared by exactly two opposite triangles", e[0], e[1])
		}
	}
	if len(m.Triangles) == 0 {
		return fmt.Errorf("mesh: no triangles")
	}
	if m.Volume() <= 0 {
		return fmt.Errorf("mesh: volume %g is not positive: normals point inward", m.Volume())
	}
	return nil
}
