package isosurface

import (
	"reflect"
	"slices"
	"testing"

	"yanchu/mesh"
	"yanchu/reference"
	"yanchu/sdf"
)

// TestSurfacesKnown checks the surfaces the mesher hands over against the
// independent validator: the facts mesh.Closed makes from them equal
// mesh.Analyze's, on the corpus, the reference solids and a mirrored mesh, and
// the labels are the same for any number of workers.
func TestSurfacesKnown(t *testing.T) {
	type job struct {
		name string
		m    Mesher
		s    sdf.Solid
	}
	var jobs []job
	for _, c := range corpus() {
		for _, cell := range []float64{0.7, 0.13} {
			jobs = append(jobs, job{c.name, Mesher{Cell: cell}, c.s})
		}
	}
	for _, name := range reference.Names {
		s, _, _ := reference.Get(name)
		jobs = append(jobs, job{name, Mesher{Cells: 150}, s})
	}
	jobs = append(jobs, job{"mirrored r1", Mesher{Cell: 0.3, Mirror: true}, sdf.Scale(reference.R1(), 0.25)})
	for _, j := range jobs {
		var first []int32
		for _, w := range []int{1, 2} {
			j.m.Workers = w
			r, err := j.m.Mesh(t.Context(), j.s)
			if err != nil {
				t.Fatalf("%s: %v", j.name, err)
			}
			if len(r.Mesh.Triangles) == 0 {
				continue
			}
			want := validate(t, j.name, r.Mesh)
			if !slices.Equal(r.Surfaces, mesh.Shells(r.Mesh)) {
				t.Fatalf("%s, %d workers: the mesher's surfaces differ from those a union-find over its triangles finds", j.name, w)
			}
			if got := mesh.Closed(r.Mesh, r.Surfaces); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s, %d workers: the facts from the mesher's surfaces\n%+v\ndiffer from the validator's\n%+v", j.name, w, got, want)
			}
			if first == nil {
				first = r.Surfaces
			} else if !slices.Equal(first, r.Surfaces) {
				t.Errorf("%s: the surfaces differ between 1 and 2 workers", j.name)
			}
		}
	}
}

// A lean mesh's simplifying is checked by the validator, not trusted.
func TestLeanHasNoSurfaces(t *testing.T) {
	r, err := Mesher{Cell: 0.5, Tolerance: 0.05}.Mesh(t.Context(), sdf.Sphere(6))
	if err != nil {
		t.Fatal(err)
	}
	if r.Surfaces != nil {
		t.Errorf("a lean mesh came with %d surface labels, want none", len(r.Surfaces))
	}
}
