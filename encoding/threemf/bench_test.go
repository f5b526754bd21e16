package threemf

import (
	"bytes"
	"math"
	"testing"

	"yanchu/geom"
	"yanchu/mesh"
)

// addSphere appends a UV sphere of radius r (mm) around c to m, with rings+1
// rings of latitude from pole to pole and segments vertices on each ring between
// the poles: 2·segments·(rings-1) triangles, facing out, or in when cavity is set.
func addSphere(m *mesh.Mesh, c geom.Vec3, r float64, rings, segments int, cavity bool) {
	base := uint32(len(m.Vertices))
	m.Vertices = append(m.Vertices, c.Add(geom.V(0, 0, r)))
	for i := 1; i < rings; i++ {
		th := math.Pi * float64(i) / float64(rings)
		for j := range segments {
			ph := 2 * math.Pi * float64(j) / float64(segments)
			m.Vertices = append(m.Vertices, c.Add(geom.V(r*math.Sin(th)*math.Cos(ph), r*math.Sin(th)*math.Sin(ph), r*math.Cos(th))))
		}
	}
	south := uint32(len(m.Vertices))
	m.Vertices = append(m.Vertices, c.Add(geom.V(0, 0, -r)))
	at := func(i, j int) uint32 { return base + 1 + uint32((i-1)*segments+j%segments) }
	add := func(a, b, c uint32) {
		if cavity {
			b, c = c, b
		}
		m.Triangles = append(m.Triangles, [3]uint32{a, b, c})
	}
	for j := range segments {
		add(base, at(1, j), at(1, j+1))
		for i := 1; i < rings-1; i++ {
			add(at(i, j), at(i+1, j), at(i+1, j+1))
			add(at(i, j), at(i+1, j+1), at(i, j+1))
		}
		add(at(rings-1, j), south, at(rings-1, j+1))
	}
}

// nestedShells returns shells hollow spheres nested inside one another like a
// puzzle ball, each of 4·segments·(rings-1) triangles, around a solid core.
func nestedShells(shells, rings, segments int) *mesh.Mesh {
	m := &mesh.Mesh{}
	r := 40.0
	for range shells {
		addSphere(m, geom.V(0, 0, 0), r, rings, segments, false)
		addSphere(m, geom.V(0, 0, 0), r-2, rings, segments, true)
		r -= 3
	}
	addSphere(m, geom.V(0, 0, 0), r, rings, segments, false)
	return m
}

func TestNestedShellsAreValid(t *testing.T) {
	m := nestedShells(2, 20, 40)
	if err := mesh.Validate(m); err != nil {
		t.Fatal(err)
	}
	if n := len(mesh.Analyze(m).Bodies); n != 3 {
		t.Errorf("%d bodies, want 3", n)
	}
	b := encode(t, m, Options{})
	got, err := Decode(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Triangles) != len(m.Triangles) {
		t.Errorf("%d triangles read back, want %d", len(got.Triangles), len(m.Triangles))
	}
}

// BenchmarkEncode writes five nested shells around a core, 4.4 million
// triangles, as a puzzle ball of eight shells at 400 cells is written. The bytes
// per second are those of the 3MF file.
func BenchmarkEncode(b *testing.B) {
	m := nestedShells(5, 400, 500)
	if err := mesh.Validate(m); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var size uint64
	for b.Loop() {
		var c counter
		if err := Encode(&c, m, Options{}); err != nil {
			b.Fatal(err)
		}
		size = c.n
	}
	b.SetBytes(int64(size))
	b.ReportMetric(float64(len(m.Triangles)), "tris/op")
}

// counter counts the bytes written to it.
type counter struct{ n uint64 }

func (c *counter) Write(p []byte) (int, error) {
	c.n += uint64(len(p))
	return len(p), nil
}
