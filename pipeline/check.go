package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"yanchu/badinput"
	"yanchu/encoding/glb"
	"yanchu/encoding/stl"
	"yanchu/encoding/threemf"
	"yanchu/mesh"
	"yanchu/printcheck"
)

// MaxCheckBytes is the largest mesh file `check` reads.
const MaxCheckBytes = 1 << 30

// CheckResult is the document of `yanchu check`: the file, the facts of its mesh
// and the printability report.
type CheckResult struct {
	File    string             `json:"file"`
	Mesh    CheckFacts         `json:"mesh"`
	Report  *printcheck.Report `json:"report"`
	Timings map[string]float64 `json:"timings_ms"`
}

// CheckFacts are what the validator found in a mesh read from a file, which may be
// broken.
type CheckFacts struct {
	Triangles  int  `json:"triangles"`
	Vertices   int  `json:"vertices"`
	Components int  `json:"components"`
	Watertight bool `json:"watertight"`
	Manifold   bool `json:"manifold"`
	Outward    bool `json:"outward"`
	BBox       Box  `json:"bbox_mm"`
}

// ReadMesh reads an STL, 3MF or GLB file. A file that is missing, too large, of another
// kind or unreadable is a *badinput.Error with the code bad_mesh.
func ReadMesh(path string) (*mesh.Mesh, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, badinput.New(badinput.BadMesh, "cannot read %s: %v", path, errors.Unwrap(err))
	}
	if st.IsDir() {
		return nil, badinput.New(badinput.BadMesh, "%s is a folder; give an .stl, .3mf or .glb file", path)
	}
	if st.Size() > MaxCheckBytes {
		return nil, badinput.New(badinput.BadMesh, "%s is %d MB, over the limit of %d MB", path, st.Size()>>20, MaxCheckBytes>>20)
	}
	var m *mesh.Mesh
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".stl":
		m, err = stl.DecodeFile(path, stl.DecodeOptions{})
	case ".3mf", ".glb":
		var f *os.File
		if f, err = os.Open(path); err == nil {
			if ext == ".3mf" {
				m, err = threemf.Decode(f, st.Size())
			} else {
				m, err = glb.Decode(f, st.Size(), glb.DecodeOptions{})
			}
			if cerr := f.Close(); err == nil && cerr != nil {
				err = cerr
			}
		}
	default:
		return nil, badinput.New(badinput.BadMesh, "cannot tell the kind of %s from its extension %q; give an .stl, .3mf or .glb file", path, ext)
	}
	if err != nil {
		return nil, badinput.New(badinput.BadMesh, "%s is not a mesh yanchu can read: %v", path, err)
	}
	if len(m.Triangles) == 0 {
		return nil, badinput.New(badinput.BadMesh, "%s holds no triangles", path)
	}
	return m, nil
}

// Check reads the mesh at path and makes its printability report for printer p.
func Check(ctx context.Context, path string, p *printcheck.Printer) (*CheckResult, error) {
	t0 := time.Now()
	m, err := ReadMesh(path)
	if err != nil {
		return nil, err
	}
	read := time.Since(t0)
	t0 = time.Now()
	f := mesh.Analyze(m)
	res := &CheckResult{File: path, Mesh: CheckFacts{
		Triangles: len(m.Triangles), Vertices: len(m.Vertices), Components: len(f.Bodies),
		Watertight: f.Watertight, Manifold: f.Manifold, Outward: f.Outward, BBox: box(m.Bounds()),
	}}
	rep, err := printcheck.Check(ctx, m, p, printcheck.Options{})
	if err != nil {
		return nil, fmt.Errorf("pipeline: checking %s: %w", path, err)
	}
	res.Report = rep
	res.Timings = map[string]float64{"read": ms(read), "check": ms(time.Since(t0))}
	return res, nil
}
