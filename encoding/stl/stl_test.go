package stl

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"yanchu/geom"
	"yanchu/mesh"
)

// outward flips every triangle of a convex mesh whose normal points towards the centroid.
func outward(m *mesh.Mesh) *mesh.Mesh {
	var c geom.Vec3
	for _, v := range m.Vertices {
		c = c.Add(v)
	}
	c = c.Scale(1 / float64(len(m.Vertices)))
	for i, t := range m.Triangles {
		a, b, d := m.Vertices[t[0]], m.Vertices[t[1]], m.Vertices[t[2]]
		if b.Sub(a).Cross(d.Sub(a)).Dot(a.Sub(c)) < 0 {
			m.Triangles[i] = [3]uint32{t[0], t[2], t[1]}
		}
	}
	return m
}

// cube returns a closed cube of side s (mm) with its corner at o.
func cube(o geom.Vec3, s float64) *mesh.Mesh {
	m := &mesh.Mesh{}
	for i := range 8 {
		m.Vertices = append(m.Vertices, o.Add(geom.V(float64(i&1), float64(i>>1&1), float64(i>>2&1)).Scale(s)))
	}
	for _, q := range [][4]uint32{{0, 1, 3, 2}, {4, 5, 7, 6}, {0, 1, 5, 4}, {2, 3, 7, 6}, {0, 2, 6, 4}, {1, 3, 7, 5}} {
		m.Triangles = append(m.Triangles, [3]uint32{q[0], q[1], q[2]}, [3]uint32{q[0], q[2], q[3]})
	}
	return outward(m)
}

// tetrahedron returns a closed tetrahedron whose vertices are first used in index order.
func tetrahedron() *mesh.Mesh {
	return &mesh.Mesh{
		Vertices:  []geom.Vec3{{X: 0, Y: 0, Z: 0}, {X: 10, Y: 0, Z: 0}, {X: 0, Y: 10, Z: 0}, {X: 0, Y: 0, Z: -10}},
		Triangles: [][3]uint32{{0, 1, 2}, {0, 3, 1}, {1, 3, 2}, {0, 2, 3}},
	}
}

// torus returns a closed torus with u×v quads, 2uv triangles, radii 40 and 10 mm.
func torus(u, v int) *mesh.Mesh {
	const R, r = 40, 10
	m := &mesh.Mesh{Vertices: make([]geom.Vec3, 0, u*v), Triangles: make([][3]uint32, 0, 2*u*v)}
	for i := range u {
		th := 2 * math.Pi * float64(i) / float64(u)
		for j := range v {
			ph := 2 * math.Pi * float64(j) / float64(v)
			m.Vertices = append(m.Vertices, geom.V((R+r*math.Cos(ph))*math.Cos(th), (R+r*math.Cos(ph))*math.Sin(th), r*math.Sin(ph)))
		}
	}
	id := func(i, j int) uint32 { return uint32(i%u*v + j%v) }
	for i := range u {
		for j := range v {
			a, b, c, d := id(i, j), id(i+1, j), id(i+1, j+1), id(i, j+1)
			m.Triangles = append(m.Triangles, [3]uint32{a, b, c}, [3]uint32{a, c, d})
		}
	}
	return m
}

// renumber returns m with its vertices rounded to float32 and numbered in order of
// first use, which is what Decode gives back for it.
func renumber(m *mesh.Mesh) *mesh.Mesh {
	out := &mesh.Mesh{}
	idx := map[uint32]uint32{}
	for _, t := range m.Triangles {
		var u [3]uint32
		for k, i := range t {
			j, ok := idx[i]
			if !ok {
				j = uint32(len(out.Vertices))
				idx[i] = j
				v := m.Vertices[i]
				out.Vertices = append(out.Vertices, geom.V(float64(float32(v.X)), float64(float32(v.Y)), float64(float32(v.Z))))
			}
			u[k] = j
		}
		out.Triangles = append(out.Triangles, u)
	}
	return out
}

func sameMesh(t *testing.T, got, want *mesh.Mesh) {
	t.Helper()
	if !slices.Equal(got.Vertices, want.Vertices) {
		t.Errorf("vertices: got %d %v, want %d %v", len(got.Vertices), clipV(got.Vertices), len(want.Vertices), clipV(want.Vertices))
	}
	if !slices.Equal(got.Triangles, want.Triangles) {
		t.Errorf("triangles: got %d %v, want %d %v", len(got.Triangles), clipT(got.Triangles), len(want.Triangles), clipT(want.Triangles))
	}
}

func clipV(v []geom.Vec3) []geom.Vec3 { return v[:min(len(v), 8)] }
func clipT(v [][3]uint32) [][3]uint32 { return v[:min(len(v), 8)] }

// noSeek hides every method of a reader but Read, so Decode cannot learn its size.
type noSeek struct{ r io.Reader }

func (n noSeek) Read(p []byte) (int, error) { return n.r.Read(p) }

func encodeBoth(t *testing.T, m *mesh.Mesh) map[string][]byte {
	t.Helper()
	var bin, asc bytes.Buffer
	if err := Encode(&bin, m); err != nil {
		t.Fatalf("Encode: %v", err)
	}
	if err := EncodeASCII(&asc, m, "test part"); err != nil {
		t.Fatalf("EncodeASCII: %v", err)
	}
	return map[string][]byte{"binary": bin.Bytes(), "ascii": asc.Bytes()}
}

func TestRoundTrip(t *testing.T) {
	meshes := map[string]*mesh.Mesh{
		"tetrahedron":        tetrahedron(),
		"cube":               cube(geom.V(-1.5, 2.25, 1e-3), 3.1),
		"torus 40x30":        torus(40, 30),
		"two cubes":          twoCubes(),
		"rounded to float32": cube(geom.V(123.456, -0.1, 3.3333333), 0.7),
	}
	for name, m := range meshes {
		if err := mesh.Validate(m); err != nil {
			t.Fatalf("%s: test mesh is invalid: %v", name, err)
		}
		want := renumber(m)
		for form, data := range encodeBoth(t, m) {
			for _, how := range []string{"sized", "stream"} {
				t.Run(name+"/"+form+"/"+how, func(t *testing.T) {
					var r io.Reader = bytes.NewReader(data)
					if how == "stream" {
						r = noSeek{r}
					}
					got, err := Decode(r, DecodeOptions{})
					if err != nil {
						t.Fatalf("Decode: %v", err)
					}
					sameMesh(t, got, want)
					if gv, wv := got.Volume(), want.Volume(); gv != wv {
						t.Errorf("volume: got %g, want %g", gv, wv)
					}
				})
			}
		}
	}
}

func twoCubes() *mesh.Mesh {
	a, b := cube(geom.V(0, 0, 0), 1), cube(geom.V(5, 0, 0), 2)
	for _, t := range b.Triangles {
		a.Triangles = append(a.Triangles, [3]uint32{t[0] + 8, t[1] + 8, t[2] + 8})
	}
	a.Vertices = append(a.Vertices, b.Vertices...)
	return a
}

func TestTetrahedronExactIndices(t *testing.T) {
	m := tetrahedron()
	for form, data := range encodeBoth(t, m) {
		got, err := Decode(bytes.NewReader(data), DecodeOptions{})
		if err != nil {
			t.Fatalf("%s: %v", form, err)
		}
		sameMesh(t, got, m)
		if got.Volume() != 1000.0/6 {
			t.Errorf("%s: volume %g, want %g", form, got.Volume(), 1000.0/6)
		}
	}
}

func TestBinaryLayout(t *testing.T) {
	m := cube(geom.V(0, 0, 0), 2)
	var b bytes.Buffer
	if err := Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	if len(data) != 84+50*12 {
		t.Fatalf("got %d bytes, want %d", len(data), 84+50*12)
	}
	if !bytes.HasPrefix(data, []byte("yanchu binary STL, millimetres")) {
		t.Errorf("header %q", data[:80])
	}
	if n := binary.LittleEndian.Uint32(data[80:]); n != 12 {
		t.Errorf("count %d, want 12", n)
	}
	for i := range m.Triangles {
		r := data[84+50*i:]
		f := func(k int) float64 { return float64(math.Float32frombits(binary.LittleEndian.Uint32(r[4*k:]))) }
		n := m.Normal(i)
		if got := geom.V(f(0), f(1), f(2)); got != n {
			t.Errorf("triangle %d: normal %v, want %v", i, got, n)
		}
		for c := range 3 {
			v := m.Vertices[m.Triangles[i][c]]
			if got := geom.V(f(3+3*c), f(4+3*c), f(5+3*c)); got != v {
				t.Errorf("triangle %d corner %d: %v, want %v", i, c, got, v)
			}
		}
	}
}

func TestBinaryStartingWithSolid(t *testing.T) {
	m := cube(geom.V(0, 0, 0), 2)
	var b bytes.Buffer
	if err := Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	// Many CAD programs write binary files whose header starts like ASCII STL.
	h := []byte("solid cube\nfacet normal exported by some CAD program")
	copy(data, append(h, make([]byte, 80-len(h))...))
	for _, how := range []string{"sized", "stream"} {
		var r io.Reader = bytes.NewReader(data)
		if how == "stream" {
			r = noSeek{r}
		}
		got, err := Decode(r, DecodeOptions{})
		if err != nil {
			t.Fatalf("%s: %v", how, err)
		}
		sameMesh(t, got, renumber(m))
	}
}

func TestTruncated(t *testing.T) {
	m := cube(geom.V(0, 0, 0), 2)
	files := encodeBoth(t, m)
	cases := []struct {
		name string
		data []byte
	}{
		{"binary mid-triangle", files["binary"][:84+50*5+17]},
		{"binary between triangles", files["binary"][:84+50*11]},
		{"binary header", files["binary"][:40]},
		{"ascii mid-facet", files["ascii"][:len(files["ascii"])/2]},
		{"ascii without endsolid", files["ascii"][:bytes.LastIndex(files["ascii"], []byte("endsolid"))]},
		{"empty", nil},
	}
	for _, c := range cases {
		for _, how := range []string{"sized", "stream"} {
			var r io.Reader = bytes.NewReader(c.data)
			if how == "stream" {
				r = noSeek{r}
			}
			_, err := Decode(r, DecodeOptions{})
			if !errors.Is(err, ErrTruncated) {
				t.Errorf("%s/%s: got error %v, want ErrTruncated", c.name, how, err)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "stl: ") {
				t.Errorf("%s/%s: error %q lacks the stl: prefix", c.name, how, err)
			}
		}
	}
}

func TestLimits(t *testing.T) {
	// A 100-byte file whose header claims four billion triangles must fail at once.
	data := make([]byte, 100)
	binary.LittleEndian.PutUint32(data[80:], math.MaxUint32)
	for _, r := range []io.Reader{bytes.NewReader(data), noSeek{bytes.NewReader(data)}} {
		if _, err := Decode(r, DecodeOptions{}); !errors.Is(err, ErrTooManyTriangles) {
			t.Errorf("got error %v, want ErrTooManyTriangles", err)
		}
	}
	// Within the limit, but more than the data holds.
	binary.LittleEndian.PutUint32(data[80:], 1_000_000)
	for _, r := range []io.Reader{bytes.NewReader(data), noSeek{bytes.NewReader(data)}} {
		if _, err := Decode(r, DecodeOptions{}); !errors.Is(err, ErrTruncated) {
			t.Errorf("got error %v, want ErrTruncated", err)
		}
	}
	files := encodeBoth(t, cube(geom.V(0, 0, 0), 1))
	for form, data := range files {
		_, err := Decode(bytes.NewReader(data), DecodeOptions{MaxTriangles: 11})
		if !errors.Is(err, ErrTooManyTriangles) {
			t.Errorf("%s with 12 triangles, limit 11: got error %v, want ErrTooManyTriangles", form, err)
		}
		if _, err := Decode(bytes.NewReader(data), DecodeOptions{MaxTriangles: 12}); err != nil {
			t.Errorf("%s with 12 triangles, limit 12: %v", form, err)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	good := "solid x\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 1 0 0\nvertex 0 1 0\nendloop\nendfacet\nendsolid x\n"
	cases := []struct{ name, in, want string }{
		{"nan", strings.Replace(good, "vertex 1 0 0", "vertex 1 nan 0", 1), "stl: ascii line 5: y coordinate \"nan\" is not finite"},
		{"overflow", strings.Replace(good, "vertex 1 0 0", "vertex 1 0 1e39", 1), "stl: ascii line 5: z coordinate \"1e39\" is not finite"},
		{"word", strings.Replace(good, "vertex 1 0 0", "vertex 1 zero 0", 1), "stl: ascii line 5: y coordinate \"zero\" is not a number"},
		{"four corners", strings.Replace(good, "endloop", "vertex 1 1 1\nendloop", 1), "stl: ascii line 7: a facet has more than 3 vertices"},
		{"misspelt", strings.Replace(good, "outer loop", "outer lop", 1), "stl: ascii line 3: want \"loop\", got \"lop\""},
		{"trailing", good + "garbage\n", "stl: ascii line 10: want \"solid\", got \"garbage\""},
	}
	for _, c := range cases {
		_, err := Decode(strings.NewReader(c.in), DecodeOptions{})
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s: got error %v, want %q", c.name, err, c.want)
		}
	}
	var b bytes.Buffer
	Encode(&b, tetrahedron())
	data := b.Bytes()
	binary.LittleEndian.PutUint32(data[84+50*2+12+4:], math.Float32bits(float32(math.Inf(-1))))
	_, err := Decode(bytes.NewReader(data), DecodeOptions{})
	if want := "stl: binary: triangle 2 has a coordinate that is not finite"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("infinite binary coordinate: got error %v, want %q", err, want)
	}
}

func TestASCIILeniency(t *testing.T) {
	in := "  SOLID  A Name With Spaces\r\n" +
		"FACET NORMAL -nan -nan -nan OUTER LOOP\r\n   VERTEX 0 0 0 VERTEX 1e1 0 -0\tvertex 0 +10.0 0\r\n ENDLOOP ENDFACET\r\n" +
		"ENDSOLID\nsolid second\nfacet normal 0 0 0 outer loop vertex 0 0 0 vertex 0 10 0 vertex 0 0 10 endloop endfacet endsolid second"
	got, err := Decode(strings.NewReader(in), DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := &mesh.Mesh{
		Vertices:  []geom.Vec3{{}, {X: 10}, {Y: 10}, {Z: 10}},
		Triangles: [][3]uint32{{0, 1, 2}, {0, 2, 3}},
	}
	sameMesh(t, got, want)
}

func TestEncodeRefusesInvalid(t *testing.T) {
	open := cube(geom.V(0, 0, 0), 1)
	open.Triangles = open.Triangles[1:]
	inward := tetrahedron()
	for i, tr := range inward.Triangles {
		inward.Triangles[i] = [3]uint32{tr[0], tr[2], tr[1]}
	}
	outOfRange := tetrahedron()
	outOfRange.Vertices = outOfRange.Vertices[:3]
	notFinite := tetrahedron()
	notFinite.Vertices[3].Z = 1e300
	for name, m := range map[string]*mesh.Mesh{"open": open, "inward": inward, "index out of range": outOfRange, "beyond float32": notFinite, "empty": {}} {
		var b bytes.Buffer
		err := Encode(&b, m)
		errA := EncodeASCII(&b, m, "x")
		// Facts given say what is wrong; facts of another mesh are not taken.
		errK := EncodeKnown(&b, m, mesh.Analyze(m))
		errO := EncodeKnown(&b, m, mesh.Analyze(cube(geom.V(0, 0, 0), 2)))
		// Written ahead, the refusal comes at the end: the bytes are thrown away.
		var ahead bytes.Buffer
		errH := EncodeAhead(&ahead, m, func() (*mesh.Facts, error) { return mesh.Analyze(m), nil })
		for _, err := range []error{err, errA, errK, errO, errH} {
			if err == nil || !strings.HasPrefix(err.Error(), "stl: refusing to write an invalid mesh (this is a bug in yanchu): ") {
				t.Errorf("%s: got error %v, want a refusal", name, err)
			}
		}
		if b.Len() != 0 {
			t.Errorf("%s: %d bytes written, want none", name, b.Len())
		}
	}
}

func TestEncodeWriteError(t *testing.T) {
	boom := errors.New("disk full")
	m := torus(100, 100)
	if err := Encode(failWriter{boom}, m); !errors.Is(err, boom) {
		t.Errorf("Encode: got error %v, want %v", err, boom)
	}
	if err := EncodeASCII(failWriter{boom}, m, "x"); !errors.Is(err, boom) {
		t.Errorf("EncodeASCII: got error %v, want %v", err, boom)
	}
}

type failWriter struct{ err error }

func (f failWriter) Write(p []byte) (int, error) { return 0, f.err }

func TestDecodeFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.stl")
	var b bytes.Buffer
	if err := Encode(&b, tetrahedron()); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := DecodeFile(path, DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sameMesh(t, got, tetrahedron())
	if _, err := DecodeFile(path+".missing", DecodeOptions{}); err == nil || !strings.HasPrefix(err.Error(), "stl: ") {
		t.Errorf("missing file: got error %v", err)
	}
}

// Normals are computed from the corners as stored (float32), so a checker that
// recomputes them from the file agrees even for tiny triangles far from the origin.
func TestNormalsMatchStoredCorners(t *testing.T) {
	a := geom.V(49.123456789, -47.987654321, 33.3)
	p := a.Add(geom.V(0.0016, 0.0000003, 0))
	q := a.Add(geom.V(0.0000007, 0.0016, 0.0000011))
	nx, ny, nz := facetNormal(a, p, q)
	f := func(v geom.Vec3) [3]float32 { return [3]float32{float32(v.X), float32(v.Y), float32(v.Z)} }
	fa, fp, fq := f(a), f(p), f(q)
	u := [3]float32{fp[0] - fa[0], fp[1] - fa[1], fp[2] - fa[2]}
	v := [3]float32{fq[0] - fa[0], fq[1] - fa[1], fq[2] - fa[2]}
	c := [3]float32{u[1]*v[2] - u[2]*v[1], u[2]*v[0] - u[0]*v[2], u[0]*v[1] - u[1]*v[0]}
	l := float32(math.Sqrt(float64(c[0]*c[0] + c[1]*c[1] + c[2]*c[2])))
	for i, got := range [3]float64{nx, ny, nz} {
		if want := float64(c[i] / l); math.Abs(got-want) > 1e-4 {
			t.Errorf("normal component %d: got %g, want %g as recomputed from the stored corners", i, got, want)
		}
	}
}

// EncodeAhead writes Encode's bytes, and fails with the error its facts give.
func TestEncodeAhead(t *testing.T) {
	m := cube(geom.V(0, 0, 0), 1)
	var want, got bytes.Buffer
	if err := Encode(&want, m); err != nil {
		t.Fatal(err)
	}
	if err := EncodeAhead(&got, m, func() (*mesh.Facts, error) { return mesh.Analyze(m), nil }); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Errorf("EncodeAhead wrote %d bytes unlike Encode's %d", got.Len(), want.Len())
	}
	stop := errors.New("not wanted")
	if err := EncodeAhead(io.Discard, m, func() (*mesh.Facts, error) { return nil, stop }); !errors.Is(err, stop) {
		t.Errorf("got error %v, want the facts' own", err)
	}
}
