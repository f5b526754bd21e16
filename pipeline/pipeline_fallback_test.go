package pipeline_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"yanchu/catalog"
	"yanchu/mesh"
	"yanchu/pipeline"
	"yanchu/sdf"
)

// A surface that cannot follow its closed form hands the solid to the grid:
// the mesh is still made, closed, and within the tolerance.
func TestSurfaceFallsBackToTheGrid(t *testing.T) {
	called := false
	res, err := pipeline.Mesh(t.Context(), sdf.Sphere(10), pipeline.Options{Cell: 0.5, Tolerance: 0.01,
		Surface: func(context.Context, float64) (*mesh.Mesh, error) {
			called = true
			return nil, fmt.Errorf("test: %w", catalog.ErrSurface)
		}})
	if err != nil {
		t.Fatal(err)
	}
	if !called {
		t.Fatal("the surface was not tried")
	}
	if !res.Mesh.Watertight || !res.Mesh.Manifold || res.Mesh.Triangles == 0 {
		t.Errorf("mesh %+v: not a closed mesh", res.Mesh)
	}
	if res.Mesh.DeviationMM > 0.05 {
		t.Errorf("the grid's mesh strays %g mm from the sphere", res.Mesh.DeviationMM)
	}
	// Another error is the caller's to see.
	_, err = pipeline.Mesh(t.Context(), sdf.Sphere(10), pipeline.Options{Cell: 0.5,
		Surface: func(context.Context, float64) (*mesh.Mesh, error) { return nil, context.Canceled }})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want the surface's own error", err)
	}
}
