package isosurface_test

import (
	"testing"

	"yanchu/geom"
	"yanchu/isosurface"
	"yanchu/mesh"
	"yanchu/sdf"
)

// DeviationOf measures what Deviation measures, pruned or not: the same
// largest value and the same share over the tolerance, on a mesh of nested
// shells with holes where pruning drops most of the solid, with a vertex no
// triangle names.
func TestDeviationOf(t *testing.T) {
	var bodies []sdf.Solid
	for k := range 4 {
		r := 30 - 4*float64(k)
		bodies = append(bodies, sdf.Difference(sdf.Shell(sdf.Sphere(r), 2), sdf.DoubleCone(geom.V(0, 0, 1), 0.4), sdf.DoubleCone(geom.V(1, 0, 0), 0.4)))
	}
	s := sdf.Union(bodies...)
	res, err := isosurface.Mesher{Cell: 0.5}.Mesh(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	lone := &mesh.Mesh{Vertices: append(res.Mesh.Vertices[:len(res.Mesh.Vertices):len(res.Mesh.Vertices)], geom.V(50, 0, 0)), Triangles: res.Mesh.Triangles}
	for _, m := range []*mesh.Mesh{res.Mesh, lone} {
		for _, tol := range []float64{0.001, 0.01} {
			dev, over := isosurface.Deviation(m, s.At, tol)
			got, gotOver, err := isosurface.DeviationOf(t.Context(), m, s, tol)
			if err != nil {
				t.Fatal(err)
			}
			if got != dev || gotOver != over {
				t.Errorf("tol %g: DeviationOf %g (%.4f over), Deviation %g (%.4f over)", tol, got, gotOver, dev, over)
			}
			if m == res.Mesh && (dev <= 0 || dev > 0.5 || over <= 0) {
				t.Errorf("tol %g: deviation %g (%.4f over): not a grid mesh's", tol, dev, over)
			}
			if m == lone && dev < 19 {
				t.Errorf("tol %g: the stray vertex 20 mm off is not measured (%g)", tol, dev)
			}
		}
	}
}
