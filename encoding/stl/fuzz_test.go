package stl

import (
	"bytes"
	"io"
	"testing"

	"yanchu/mesh"
)

func FuzzDecode(f *testing.F) {
	var bin, asc bytes.Buffer
	if err := Encode(&bin, tetrahedron()); err != nil {
		f.Fatal(err)
	}
	if err := EncodeASCII(&asc, tetrahedron(), "tet"); err != nil {
		f.Fatal(err)
	}
	solidBin := bytes.Clone(bin.Bytes())
	copy(solidBin, "solid tet\n")
	f.Add(bin.Bytes())
	f.Add(asc.Bytes())
	f.Add(solidBin)
	f.Add(bin.Bytes()[:100])
	f.Add(asc.Bytes()[:150])
	f.Add([]byte("solid \nendsolid\n"))
	f.Add([]byte("solid x\nfacet normal 0 0 0 outer loop vertex 1 2 3 vertex 1 2 3 vertex 1 2 3 endloop endfacet endsolid"))
	f.Add([]byte("\x00\x01garbage\xff"))
	f.Add(make([]byte, 84))
	f.Fuzz(func(t *testing.T, data []byte) {
		// A small limit keeps the fuzzer from spending its time on big allocations; the
		// limit itself is what stops them.
		opt := DecodeOptions{MaxTriangles: 10_000}
		for _, how := range []string{"sized", "stream"} {
			var r io.Reader = bytes.NewReader(data)
			if how == "stream" {
				r = noSeek{r}
			}
			m, err := Decode(r, opt)
			if err != nil {
				continue
			}
			checkIndices(t, m)
			if 50*len(m.Triangles) > len(data) { // a facet takes 50 bytes or more in either form
				t.Fatalf("%s: %d triangles from %d bytes", how, len(m.Triangles), len(data))
			}
			valid := mesh.Validate(m) == nil
			var b, a bytes.Buffer
			if valid {
				if err := Encode(&b, m); err != nil {
					t.Fatalf("Encode of a valid decoded mesh: %v", err)
				}
				if err := EncodeASCII(&a, m, "again"); err != nil {
					t.Fatalf("EncodeASCII of a valid decoded mesh: %v", err)
				}
			} else {
				if err := encodeBinary(&b, m); err != nil {
					t.Fatal(err)
				}
				if err := encodeASCII(&a, m, "again"); err != nil {
					t.Fatal(err)
				}
			}
			for form, again := range map[string][]byte{"binary": b.Bytes(), "ascii": a.Bytes()} {
				m2, err := Decode(bytes.NewReader(again), opt)
				if err != nil {
					t.Fatalf("%s: decoding the %s re-encoding: %v", how, form, err)
				}
				sameMesh(t, m2, m)
			}
		}
	})
}

// checkIndices fails unless every index of m names a vertex and every vertex is used.
func checkIndices(t *testing.T, m *mesh.Mesh) {
	t.Helper()
	used := make([]bool, len(m.Vertices))
	for i, tr := range m.Triangles {
		for _, k := range tr {
			if int(k) >= len(m.Vertices) {
				t.Fatalf("triangle %d refers to vertex %d of %d", i, k, len(m.Vertices))
			}
			used[k] = true
		}
	}
	for i, u := range used {
		if !u {
			t.Fatalf("vertex %d is unused", i)
		}
	}
}
