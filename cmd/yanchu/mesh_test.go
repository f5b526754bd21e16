package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestMeshExample(t *testing.T) {
	dir := t.TempDir()
	for _, ext := range []string{"stl", "3mf", "glb", "obj"} {
		path := filepath.Join(dir, "r1."+ext)
		doc, code, stderr := runJSON(t, "mesh", "--example", "r1", "--cells", "80", "-o", path, "--json")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", ext, code, stderr)
		}
		if doc.Mesh.Components != 8 || !doc.Mesh.Watertight {
			t.Errorf("%s: got %d bodies, watertight %v; want 8, true", ext, doc.Mesh.Components, doc.Mesh.Watertight)
		}
		if st, err := os.Stat(path); err != nil || st.Size() == 0 {
			t.Errorf("%s: file missing or empty: %v", ext, err)
		}
	}
}

func TestMeshBadInput(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name string
		args []string
		code string
	}{
		{"unknown example", []string{"mesh", "--example", "r9", "-o", filepath.Join(dir, "a.stl"), "--json"}, "unknown_word"},
		{"no output", []string{"mesh", "--example", "r1", "--json"}, "bad_request"},
		{"bad extension", []string{"mesh", "--example", "r1", "-o", filepath.Join(dir, "a.xyz"), "--json"}, "bad_request"},
		{"zero cells", []string{"mesh", "--example", "r1", "--cells", "0", "-o", filepath.Join(dir, "a.stl"), "--json"}, "over_limit"},
		{"too many cells", []string{"mesh", "--example", "r1", "--cells", "100000", "-o", filepath.Join(dir, "a.stl"), "--json"}, "over_limit"},
		{"tiny cell", []string{"mesh", "--example", "r1", "--cell", "0.0001", "-o", filepath.Join(dir, "a.stl"), "--json"}, "over_limit"},
		{"bad flag", []string{"mesh", "--bogus", "--json"}, "bad_request"},
	}
	for _, c := range cases {
		doc, code, _ := runJSON(t, c.args...)
		if code != 2 || doc.Error == nil || doc.Error.Code != c.code {
			t.Errorf("%s: got exit %d, error %+v; want 2 and %q", c.name, code, doc.Error, c.code)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("bad input wrote %d files", len(entries))
	}
}
