package obj

import (
	"bufio"
	"bytes"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"yanchu/geom"
	"yanchu/mesh"
)

// parsed is what the test's own OBJ reader finds in a file.
type parsed struct {
	m       mesh.Mesh
	objects []string // names of "o" lines, in order
	starts  []int    // index of the first triangle of each object
	header  []string // comment lines
}

// parse reads the subset of OBJ that Encode writes and fails the test on anything else.
func parse(t *testing.T, data []byte) *parsed {
	t.Helper()
	p := &parsed{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		f := strings.Fields(line)
		switch {
		case strings.HasPrefix(line, "#"):
			p.header = append(p.header, line)
		case len(f) == 4 && f[0] == "v":
			var v [3]float64
			for k := range 3 {
				if strings.ContainsAny(f[k+1], "eE") {
					t.Fatalf("line %d: %q uses an exponent", n, line)
				}
				x, err := strconv.ParseFloat(f[k+1], 64)
				if err != nil {
					t.Fatalf("line %d: %v", n, err)
				}
				v[k] = x
			}
			p.m.Vertices = append(p.m.Vertices, geom.V(v[0], v[1], v[2]))
		case len(f) == 4 && f[0] == "f":
			var tr [3]uint32
			for k := range 3 {
				i, err := strconv.ParseUint(f[k+1], 10, 32)
				if err != nil || i == 0 || int(i) > len(p.m.Vertices) {
					t.Fatalf("line %d: bad index %q", n, f[k+1])
				}
				tr[k] = uint32(i - 1)
			}
			p.m.Triangles = append(p.m.Triangles, tr)
		case len(f) == 2 && f[0] == "o":
			p.objects = append(p.objects, f[1])
			p.starts = append(p.starts, len(p.m.Triangles))
		default:
			t.Fatalf("line %d: unexpected %q", n, line)
		}
	}
	return p
}

// octahedron returns a closed octahedron with awkward coordinates.
func octahedron(c geom.Vec3, r float64) *mesh.Mesh {
	m := &mesh.Mesh{Vertices: []geom.Vec3{
		c.Add(geom.V(r, 0, 0)), c.Add(geom.V(-r, 0, 0)), c.Add(geom.V(0, r, 0)),
		c.Add(geom.V(0, -r, 0)), c.Add(geom.V(0, 0, r)), c.Add(geom.V(0, 0, -r)),
	}}
	for _, x := range []uint32{0, 1} {
		for _, y := range []uint32{2, 3} {
			for _, z := range []uint32{4, 5} {
				tr := [3]uint32{x, y, z}
				if (x == 1) != (y == 3) != (z == 5) { // an odd number of negative axes
					tr = [3]uint32{x, z, y}
				}
				m.Triangles = append(m.Triangles, tr)
			}
		}
	}
	return m
}

func TestRoundTrip(t *testing.T) {
	for name, m := range map[string]*mesh.Mesh{
		"unit":    octahedron(geom.V(0, 0, 0), 1),
		"awkward": octahedron(geom.V(1.0/3, -1e-7, 12345.678901234567), math.Pi),
		"tiny":    octahedron(geom.V(1e-20, 0, 0), 1e-22),
	} {
		if err := mesh.Validate(m); err != nil {
			t.Fatalf("%s: test mesh is invalid: %v", name, err)
		}
		var b bytes.Buffer
		if err := Encode(&b, m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		p := parse(t, b.Bytes())
		if !slices.Equal(p.m.Vertices, m.Vertices) {
			t.Errorf("%s: vertices %v, want %v", name, p.m.Vertices, m.Vertices)
		}
		if !slices.Equal(p.m.Triangles, m.Triangles) {
			t.Errorf("%s: triangles %v, want %v", name, p.m.Triangles, m.Triangles)
		}
		if len(p.objects) != 0 {
			t.Errorf("%s: objects %q, want none", name, p.objects)
		}
		if len(p.header) == 0 || !strings.Contains(p.header[0], "millimetres") {
			t.Errorf("%s: header %q does not name the unit", name, p.header)
		}
	}
}

func TestEncodeGroups(t *testing.T) {
	a, b := octahedron(geom.V(0, 0, 0), 10), octahedron(geom.V(0, 0, 0), 5)
	// b sits inside a as a cavity: reverse it so it faces into the gap.
	m := &mesh.Mesh{Vertices: append(slices.Clone(a.Vertices), b.Vertices...)}
	var groupOf []int32
	for i := range 8 {
		ta, tb := a.Triangles[i], b.Triangles[i]
		m.Triangles = append(m.Triangles, [3]uint32{tb[0] + 6, tb[2] + 6, tb[1] + 6}, ta)
		groupOf = append(groupOf, 2, 0)
	}
	names := []string{"shell 1 (outer)", "unused", "空腔\n"}
	if err := mesh.Validate(m); err != nil {
		t.Fatalf("test mesh is invalid: %v", err)
	}
	var buf bytes.Buffer
	if err := EncodeGroups(&buf, m, groupOf, names); err != nil {
		t.Fatal(err)
	}
	p := parse(t, buf.Bytes())
	if want := []string{"shell_1_(outer)", "空腔_"}; !slices.Equal(p.objects, want) {
		t.Errorf("objects %q, want %q", p.objects, want)
	}
	if want := []int{0, 8}; !slices.Equal(p.starts, want) {
		t.Errorf("objects start at triangles %v, want %v", p.starts, want)
	}
	if !slices.Equal(p.m.Vertices, m.Vertices) {
		t.Errorf("vertices differ")
	}
	var want [][3]uint32
	for _, g := range []int32{0, 2} {
		for i, tr := range m.Triangles {
			if groupOf[i] == g {
				want = append(want, tr)
			}
		}
	}
	if !slices.Equal(p.m.Triangles, want) {
		t.Errorf("triangles %v, want %v", p.m.Triangles, want)
	}
	if got, wantV := p.m.Volume(), m.Volume(); got != wantV {
		t.Errorf("volume %g, want %g", got, wantV)
	}

	for name, c := range map[string]struct {
		groupOf []int32
		names   []string
	}{
		"short":        {groupOf[1:], names},
		"out of range": {slices.Repeat([]int32{3}, 16), names},
		"negative":     {slices.Repeat([]int32{-1}, 16), names},
		"no names":     {groupOf, nil},
	} {
		var b bytes.Buffer
		if err := EncodeGroups(&b, m, c.groupOf, c.names); err == nil || !strings.HasPrefix(err.Error(), "obj: ") {
			t.Errorf("%s: got error %v, want an obj error", name, err)
		}
		if b.Len() != 0 {
			t.Errorf("%s: %d bytes written, want none", name, b.Len())
		}
	}
}

func TestEncodeRefusesInvalid(t *testing.T) {
	open := octahedron(geom.V(0, 0, 0), 1)
	open.Triangles = open.Triangles[1:]
	bad := octahedron(geom.V(0, 0, 0), 1)
	bad.Triangles[0][0] = 6
	nan := octahedron(geom.V(0, 0, 0), 1)
	nan.Vertices[0].Y = math.NaN()
	for name, m := range map[string]*mesh.Mesh{"open": open, "index out of range": bad, "NaN": nan} {
		var b bytes.Buffer
		err := Encode(&b, m)
		if err == nil || !strings.HasPrefix(err.Error(), "obj: refusing to write an invalid mesh (this is a bug in yanchu): ") {
			t.Errorf("%s: got error %v, want a refusal", name, err)
		}
		if b.Len() != 0 {
			t.Errorf("%s: %d bytes written, want none", name, b.Len())
		}
	}
}

type failWriter struct{ n int }

func (f *failWriter) Write(p []byte) (int, error) {
	f.n++
	return 0, errors.New("disk full")
}

func TestWriteError(t *testing.T) {
	// Many separate octahedra, so that the buffer fills several times.
	m := &mesh.Mesh{}
	for i := range 3000 {
		o := octahedron(geom.V(3*float64(i), 0.1, 0.2), 1)
		for _, tr := range o.Triangles {
			n := uint32(len(m.Vertices))
			m.Triangles = append(m.Triangles, [3]uint32{tr[0] + n, tr[1] + n, tr[2] + n})
		}
		m.Vertices = append(m.Vertices, o.Vertices...)
	}
	w := &failWriter{}
	if err := Encode(w, m); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("got error %v, want the write error", err)
	}
	if w.n != 1 {
		t.Errorf("%d writes after the first failure, want none", w.n-1)
	}
}
