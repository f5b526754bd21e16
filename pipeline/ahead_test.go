package pipeline

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"yanchu/encoding/stl"
	"yanchu/sdf"
)

// A binary STL is written while the facts are found, and kept only when Mesh
// goes on to write: a stop after meshing leaves no file, and no temporary one.
func TestSTLAheadAbandoned(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	opt := Options{Cell: 0.3, Outputs: []Output{{Format: "stl", Path: filepath.Join(dir, "m.stl")}},
		Progress: func(e Event) {
			if e.Stage == "write" {
				cancel()
			}
		}}
	if _, err := Mesh(ctx, sdf.Sphere(8), opt); !errors.Is(err, context.Canceled) {
		t.Fatalf("got error %v, want the cancellation", err)
	}
	if left, _ := os.ReadDir(dir); len(left) > 0 {
		t.Errorf("%d files left after a stop, the first %q; want none", len(left), left[0].Name())
	}
}

// The STL written ahead is the STL written after: same bytes as stl.Encode.
func TestSTLAheadSameBytes(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.stl")
	res, err := Mesh(t.Context(), sdf.Union(sdf.Shell(sdf.Sphere(10), 1), sdf.Sphere(8.6)),
		Options{Cell: 0.3, Outputs: []Output{{Format: "stl", Path: path}}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := stl.Encode(&want, res.mesh); err != nil {
		t.Fatal(err)
	}
	if string(got) != want.String() {
		t.Errorf("the STL written ahead (%d bytes) differs from stl.Encode's (%d bytes)", len(got), want.Len())
	}
}
