package pipeline

import (
	"path/filepath"
	"testing"
)

// A ball meshed from its surface is estimated before the work starts: the
// estimate comes before the first progress event and is kept in the result,
// and the triangles made are no more than it says. (Its memory and time are
// measured against it in BENCHMARKS.md: a timed test would fail on a busy
// machine.)
func TestEstimateBeforeWork(t *testing.T) {
	u, err := Understand("鬼工球 8层 直径80毫米")
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	var got Estimate
	res, err := Make(t.Context(), u, MakeOptions{Dir: filepath.Join(t.TempDir(), "out"), Formats: []string{"stl"},
		Estimated: func(e Estimate) { got = e; order = append(order, "estimate") },
		Progress:  func(e Event) { order = append(order, e.Stage) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(order) < 2 || order[0] != "estimate" {
		t.Fatalf("events %v: want the estimate first", order)
	}
	if res.Estimate == nil || *res.Estimate != got {
		t.Fatalf("result's estimate %v, said %v", res.Estimate, got)
	}
	if n := res.Mesh.Triangles; n > got.Triangles || n < got.Triangles/2 {
		t.Errorf("%d triangles made, estimated at most %d", n, got.Triangles)
	}
	if got.MemoryMiB <= 0 || !(got.Seconds > 0) {
		t.Errorf("estimate %+v", got)
	}
	// A model meshed on a grid is estimated from the blocks its grid's descent
	// keeps, lean and uniform.
	v, err := Understand("gridfinity 2x3x6")
	if err != nil {
		t.Fatal(err)
	}
	for _, uniform := range []bool{false, true} {
		var said *Estimate
		res, err = Make(t.Context(), v, MakeOptions{Dir: filepath.Join(t.TempDir(), "out"), Formats: []string{"stl"}, Uniform: uniform,
			Estimated: func(e Estimate) { said = &e }})
		if err != nil {
			t.Fatal(err)
		}
		if said == nil || res.Estimate == nil || *said != *res.Estimate {
			t.Fatalf("uniform %v: estimate said %v, kept %v", uniform, said, res.Estimate)
		}
		n := float64(res.Mesh.Triangles)
		if e := float64(said.Triangles); e < n/2 || e > 3*n {
			t.Errorf("uniform %v: %g triangles made, %g estimated", uniform, n, e)
		}
		if said.Cells != max(res.Mesh.Grid[0], res.Mesh.Grid[1], res.Mesh.Grid[2])-2 || said.Cell != round(res.Mesh.CellMM, 4) {
			t.Errorf("uniform %v: estimated %d cells of %g mm, meshed on %v of %g", uniform, said.Cells, said.Cell, res.Mesh.Grid, res.Mesh.CellMM)
		}
	}
}
