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
	// A model meshed on the grid has no count to rest an estimate on.
	v, err := Understand("gridfinity 2x3x6")
	if err != nil {
		t.Fatal(err)
	}
	called := false
	res, err = Make(t.Context(), v, MakeOptions{Dir: filepath.Join(t.TempDir(), "out"), Formats: []string{"stl"},
		Estimated: func(Estimate) { called = true }})
	if err != nil {
		t.Fatal(err)
	}
	if called || res.Estimate != nil {
		t.Errorf("a grid model was estimated: %v", res.Estimate)
	}
}
