package glb

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/qmuntal/gltf"
	"github.com/qmuntal/gltf/modeler"

	"yanchu/geom"
	"yanchu/internal/meshtest"
	"yanchu/mesh"
)

func decode(t testing.TB, b []byte, opt DecodeOptions) *mesh.Mesh {
	t.Helper()
	m, err := Decode(bytes.NewReader(b), int64(len(b)), opt)
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	return m
}

// boxAndTetra returns a 10 mm box and, apart from it, a tetrahedron.
func boxAndTetra() *mesh.Mesh {
	m := &mesh.Mesh{}
	meshtest.AddBox(m, geom.V(-5, 0, 2), geom.V(5, 10, 12), false)
	base := uint32(len(m.Vertices))
	m.Vertices = append(m.Vertices, geom.V(20, 0, 0), geom.V(30, 0, 0), geom.V(20, 10, 0), geom.V(20, 0, 10))
	for _, f := range [][3]uint32{{0, 2, 1}, {0, 1, 3}, {0, 3, 2}, {1, 2, 3}} {
		m.Triangles = append(m.Triangles, [3]uint32{base + f[0], base + f[1], base + f[2]})
	}
	return m
}

// corners returns each triangle of m as its corners, rotated so the smallest
// corner (rounded to 0.01 mm) comes first, which keeps the winding, sorted.
func corners(m *mesh.Mesh) [][3]geom.Vec3 {
	key := func(p geom.Vec3) []float64 {
		return []float64{math.Round(p.X * 100), math.Round(p.Y * 100), math.Round(p.Z * 100)}
	}
	out := make([][3]geom.Vec3, len(m.Triangles))
	for i, tr := range m.Triangles {
		c := [3]geom.Vec3{m.Vertices[tr[0]], m.Vertices[tr[1]], m.Vertices[tr[2]]}
		first := 0
		for k := 1; k < 3; k++ {
			if slices.Compare(key(c[k]), key(c[first])) < 0 {
				first = k
			}
		}
		out[i] = [3]geom.Vec3{c[first], c[(first+1)%3], c[(first+2)%3]}
	}
	slices.SortFunc(out, func(a, b [3]geom.Vec3) int {
		for k := range a {
			if c := slices.Compare(key(a[k]), key(b[k])); c != 0 {
				return c
			}
		}
		return 0
	})
	return out
}

// sameTriangles fails the test unless got and want hold the same triangles,
// with the same winding, within tol mm.
func sameTriangles(t *testing.T, got, want *mesh.Mesh, tol float64) {
	t.Helper()
	g, w := corners(got), corners(want)
	if len(g) != len(w) {
		t.Fatalf("%d triangles, want %d", len(g), len(w))
	}
	for i := range g {
		for k := range g[i] {
			if d := g[i][k].Sub(w[i][k]).Len(); !(d <= tol) {
				t.Fatalf("triangle %v, want %v", g[i], w[i])
			}
		}
	}
}

// closed checks that every edge of m is used once in each direction.
func closed(t *testing.T, m *mesh.Mesh) {
	t.Helper()
	edges := map[[2]uint32]int{}
	for _, tr := range m.Triangles {
		for k := range 3 {
			edges[[2]uint32{tr[k], tr[(k+1)%3]}]++
		}
	}
	for e, n := range edges {
		if n != 1 || edges[[2]uint32{e[1], e[0]}] != 1 {
			t.Fatalf("edge %v is used %d times and %v %d times, want once each", e, n, [2]uint32{e[1], e[0]}, edges[[2]uint32{e[1], e[0]}])
		}
	}
}

func TestDecodeRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		mesh func() *mesh.Mesh
	}{
		{"two cubes", meshtest.TwoCubes},
		{"nested", meshtest.Nested},
		{"box and tetrahedron", boxAndTetra},
		{"grid box", func() *mesh.Mesh { return meshtest.GridBox(6, 30) }},
	} {
		for _, animated := range []bool{false, true} {
			name := tc.name
			if animated {
				name += " turning"
			}
			t.Run(name, func(t *testing.T) {
				m := tc.mesh()
				var opt Options
				if animated {
					for i := range mesh.Analyze(m).Bodies {
						opt.Turns = append(opt.Turns, Turn{Axis: geom.V(1, float64(i), 1), Turns: 1.25})
					}
				}
				got := decode(t, encode(t, m, opt), DecodeOptions{})
				sameTriangles(t, got, m, 1e-3)
				closed(t, got)
				if len(got.Vertices) != len(m.Vertices) {
					t.Errorf("%d vertices, want the %d welded ones", len(got.Vertices), len(m.Vertices))
				}
				if err := mesh.Validate(got); err != nil {
					t.Errorf("the decoded mesh is not valid: %v", err)
				}
				if v, w := got.Volume(), m.Volume(); math.Abs(v-w) > 1e-6*w {
					t.Errorf("volume %g mm³, want %g", v, w)
				}
			})
		}
	}
}

// unitCube returns the corners of the 1 m cube from the origin as 36 separate
// vertices, three a triangle, counter-clockwise seen from outside.
func unitCube() [][3]float32 {
	var out [][3]float32
	for _, f := range meshtest.CubeFaces {
		for _, c := range f {
			out = append(out, [3]float32{float32(c & 1), float32(c >> 1 & 1), float32(c >> 2 & 1)})
		}
	}
	return out
}

// writeDoc encodes doc as a GLB.
func writeDoc(t testing.TB, doc *gltf.Document) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := gltf.NewEncoder(&b).Encode(doc); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// cubeDoc returns a document with one mesh, the unit cube without indices.
func cubeDoc() *gltf.Document {
	doc := gltf.NewDocument()
	doc.Meshes = []*gltf.Mesh{{Primitives: []*gltf.Primitive{{
		Attributes: gltf.PrimitiveAttributes{gltf.POSITION: modeler.WritePosition(doc, unitCube())},
	}}}}
	return doc
}

func TestDecodeNodeHierarchy(t *testing.T) {
	doc := cubeDoc()
	s := math.Sqrt(0.5)
	doc.Nodes = []*gltf.Node{
		{Name: "parent", Translation: [3]float64{1, 0, 0}, Children: []int{1}},
		// 90° about glTF's Y: (x, y, z) -> (z, y, -x), then doubled.
		{Name: "child", Mesh: gltf.Index(0), Rotation: [4]float64{0, s, 0, s}, Scale: [3]float64{2, 2, 2}},
		{Name: "mirror", Mesh: gltf.Index(0), Scale: [3]float64{-1, 1, 1}, Translation: [3]float64{0, 0, 5}},
		// A column-major matrix: scale 0.5 and move 10 m along X.
		{Name: "matrix", Mesh: gltf.Index(0), Matrix: [16]float64{0.5, 0, 0, 0, 0, 0.5, 0, 0, 0, 0, 0.5, 0, 10, 0, 0, 1}},
	}
	doc.Scenes[0].Nodes = []int{0, 2, 3}
	m := decode(t, writeDoc(t, doc), DecodeOptions{})

	want := &mesh.Mesh{}
	// Child: glTF (1+2z, 2y, -2x) m is yanchu (1000+2000z, 2000x, 2000y) mm.
	meshtest.AddBox(want, geom.V(1000, 0, 0), geom.V(3000, 2000, 2000), false)
	// Mirror: glTF (-x, y, z+5) m is yanchu (-1000x, -1000z-5000, 1000y) mm.
	meshtest.AddBox(want, geom.V(-1000, -6000, 0), geom.V(0, -5000, 1000), false)
	// Matrix: glTF (10+x/2, y/2, z/2) m is yanchu (10000+500x, -500z, 500y) mm.
	meshtest.AddBox(want, geom.V(10000, -500, 0), geom.V(10500, 0, 500), false)

	// Each cube face's diagonal may differ from AddBox's, so compare vertices,
	// areas and volumes rather than triangles.
	if len(m.Vertices) != 24 || len(m.Triangles) != 36 {
		t.Fatalf("%d vertices and %d triangles, want 24 and 36 (three welded cubes)", len(m.Vertices), len(m.Triangles))
	}
	key := func(p geom.Vec3) [3]float64 { return [3]float64{math.Round(p.X), math.Round(p.Y), math.Round(p.Z)} }
	var got, wantV [][3]float64
	for _, v := range m.Vertices {
		got = append(got, key(v))
	}
	for _, v := range want.Vertices {
		wantV = append(wantV, key(v))
	}
	cmp := func(a, b [3]float64) int { return slices.Compare(a[:], b[:]) }
	slices.SortFunc(got, cmp)
	slices.SortFunc(wantV, cmp)
	if !slices.Equal(got, wantV) {
		t.Errorf("vertices %v, want %v", got, wantV)
	}
	for _, v := range m.Vertices {
		if d := geom.V(math.Round(v.X), math.Round(v.Y), math.Round(v.Z)).Sub(v).Len(); d > 1e-6 {
			t.Errorf("vertex %v is %g mm off its corner", v, d)
		}
	}
	closed(t, m)
	// Each cube on its own must enclose a positive volume: the mirrored one
	// keeps its winding outward.
	for _, c := range []struct {
		name   string
		in     func(geom.Vec3) bool
		volume float64
	}{
		{"child", func(p geom.Vec3) bool { return p.X > 500 && p.X < 5000 }, 8e9},
		{"mirror", func(p geom.Vec3) bool { return p.X < 500 }, 1e9},
		{"matrix", func(p geom.Vec3) bool { return p.X > 5000 }, 1.25e8},
	} {
		part := &mesh.Mesh{Vertices: m.Vertices}
		for _, tr := range m.Triangles {
			if c.in(m.Vertices[tr[0]]) {
				part.Triangles = append(part.Triangles, tr)
			}
		}
		if len(part.Triangles) != 12 {
			t.Errorf("%s: %d triangles, want 12", c.name, len(part.Triangles))
		}
		if v := part.Volume(); math.Abs(v-c.volume) > 1e-6*c.volume {
			t.Errorf("%s: signed volume %g mm³, want %g", c.name, v, c.volume)
		}
	}
	if err := mesh.Validate(m); err != nil {
		t.Errorf("the decoded mesh is not valid: %v", err)
	}
}

// TestDecodeStripAndFan reads a square as a triangle strip and as a fan, and a
// degenerate triangle that is dropped.
func TestDecodeStripAndFan(t *testing.T) {
	doc := gltf.NewDocument()
	pos := modeler.WritePosition(doc, [][3]float32{{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {1, 1, 0}})
	strip := modeler.WriteIndices(doc, []uint16{0, 1, 2, 3})
	fan := modeler.WriteIndices(doc, []uint16{0, 1, 3, 2})
	degenerate := modeler.WriteIndices(doc, []uint16{0, 1, 1})
	doc.Meshes = []*gltf.Mesh{{Primitives: []*gltf.Primitive{
		{Mode: gltf.PrimitiveTriangleStrip, Indices: gltf.Index(strip), Attributes: gltf.PrimitiveAttributes{gltf.POSITION: pos}},
		{Mode: gltf.PrimitiveTriangleFan, Indices: gltf.Index(fan), Attributes: gltf.PrimitiveAttributes{gltf.POSITION: pos}},
		{Indices: gltf.Index(degenerate), Attributes: gltf.PrimitiveAttributes{gltf.POSITION: pos}},
		{Mode: gltf.PrimitiveLines, Attributes: gltf.PrimitiveAttributes{gltf.POSITION: pos}},
	}}}
	doc.Nodes = []*gltf.Node{{Mesh: gltf.Index(0)}}
	doc.Scenes[0].Nodes = []int{0}
	m := decode(t, writeDoc(t, doc), DecodeOptions{})
	if len(m.Vertices) != 4 || len(m.Triangles) != 4 {
		t.Fatalf("%d vertices and %d triangles, want 4 and 4", len(m.Vertices), len(m.Triangles))
	}
	for i := range m.Triangles {
		// glTF's +Z (toward the viewer) is yanchu's -Y.
		if n := m.Normal(i); n.Sub(geom.V(0, -1, 0)).Len() > 1e-12 {
			t.Errorf("triangle %d faces %v, want (0, -1, 0)", i, n)
		}
	}
	if a := m.Area(); math.Abs(a-2e6) > 1e-3 {
		t.Errorf("area %g mm², want two squares of 1e6", a)
	}
}

// container wraps text and bin as the chunks of a GLB file.
func container(text string, bin []byte) []byte {
	for len(text)%4 != 0 {
		text += " "
	}
	var b bytes.Buffer
	w := func(v uint32) { _ = binary.Write(&b, binary.LittleEndian, v) }
	total := 12 + 8 + len(text)
	if bin != nil {
		total += 8 + len(bin)
	}
	b.WriteString("glTF")
	w(2)
	w(uint32(total))
	w(uint32(len(text)))
	w(chunkJSON)
	b.WriteString(text)
	if bin != nil {
		w(uint32(len(bin)))
		w(chunkBIN)
		b.Write(bin)
	}
	return b.Bytes()
}

// triangleJSON is a document of one triangle whose indices are three uint16 at
// byte 36 of a 44-byte buffer, after three float positions, with %s spliced in
// at the end of its top level.
const triangleJSON = `{"asset":{"version":"2.0"},"scene":0,"scenes":[{"nodes":[0]}],"nodes":[{"mesh":0}],
"meshes":[{"primitives":[{"attributes":{"POSITION":0},"indices":1}]}],
"accessors":[{"bufferView":0,"componentType":5126,"count":3,"type":"VEC3"},
{"bufferView":1,"componentType":5123,"count":3,"type":"SCALAR"}],
"bufferViews":[{"buffer":0,"byteLength":36},{"buffer":0,"byteOffset":36,"byteLength":6}],
"buffers":[{"byteLength":44}]%s}`

// triangleBin returns the buffer of triangleJSON with the indices given.
func triangleBin(idx [3]uint16, x float32) []byte {
	var b bytes.Buffer
	for _, v := range []float32{0, 0, 0, x, 0, 0, 0, 1, 0} {
		_ = binary.Write(&b, binary.LittleEndian, v)
	}
	_ = binary.Write(&b, binary.LittleEndian, idx)
	b.Write([]byte{0, 0})
	return b.Bytes()
}

func TestDecodeTriangle(t *testing.T) {
	m := decode(t, container(strings.Replace(triangleJSON, "%s", "", 1), triangleBin([3]uint16{0, 1, 2}, 1)), DecodeOptions{})
	want := []geom.Vec3{geom.V(0, 0, 0), geom.V(1000, 0, 0), geom.V(0, 0, 1000)}
	if !slices.Equal(m.Vertices, want) || len(m.Triangles) != 1 {
		t.Errorf("vertices %v, triangles %v; want %v and one triangle", m.Vertices, m.Triangles, want)
	}
}

func TestDecodeRefuses(t *testing.T) {
	good := encode(t, meshtest.TwoCubes(), Options{})
	rnd := make([]byte, 500)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range rnd {
		rnd[i] = byte(r.Uint32())
	}
	stl := append([]byte("solid cube exported by a slicer"), make([]byte, 54)...)
	badVersion := slices.Clone(good)
	badVersion[4] = 1
	long := slices.Clone(good)
	binary.LittleEndian.PutUint32(long[8:], uint32(len(good)+100))
	tri := func(extra string, idx [3]uint16, x float32) []byte {
		return container(strings.Replace(triangleJSON, "%s", extra, 1), triangleBin(idx, x))
	}
	cycle := cubeDoc()
	cycle.Nodes = []*gltf.Node{{Children: []int{1}}, {Mesh: gltf.Index(0), Children: []int{0}}}
	cycle.Scenes[0].Nodes = []int{0}
	deep := cubeDoc()
	for i := range 70 {
		deep.Nodes = append(deep.Nodes, &gltf.Node{Children: []int{i + 1}})
	}
	deep.Nodes = append(deep.Nodes, &gltf.Node{Mesh: gltf.Index(0)})
	deep.Scenes[0].Nodes = []int{0}
	twoParents := cubeDoc()
	twoParents.Nodes = []*gltf.Node{{Children: []int{2}}, {Children: []int{2}}, {Mesh: gltf.Index(0)}}
	twoParents.Scenes[0].Nodes = []int{0, 1}
	huge := cubeDoc()
	huge.Nodes = []*gltf.Node{{Mesh: gltf.Index(0), Scale: [3]float64{1e306, 1e306, 1e306}}}
	huge.Scenes[0].Nodes = []int{0}
	points := cubeDoc()
	points.Meshes[0].Primitives[0].Mode = gltf.PrimitivePoints
	points.Nodes = []*gltf.Node{{Mesh: gltf.Index(0)}}
	points.Scenes[0].Nodes = []int{0}
	for _, tc := range []struct {
		name string
		b    []byte
		opt  DecodeOptions
		want string
	}{
		{"empty file", nil, DecodeOptions{}, "not a GLB file"},
		{"random bytes", rnd, DecodeOptions{}, "not a GLB file"},
		{"STL", stl, DecodeOptions{}, "not a GLB file"},
		{"gltf JSON", []byte(" \n{\"asset\":{\"version\":\"2.0\"},\"buffers\":[{\"uri\":\"cube.bin\",\"byteLength\":44}]}"), DecodeOptions{}, "export the model as binary glTF (.glb)"},
		{"version 1", badVersion, DecodeOptions{}, "GLB version 1, want 2"},
		{"header only", good[:12], DecodeOptions{}, "truncated"},
		{"truncated", good[:len(good)/2], DecodeOptions{}, "truncated"},
		{"truncated chunk", long, DecodeOptions{}, "truncated"},
		{"too many triangles", good, DecodeOptions{MaxTriangles: 23}, "more than 23 triangles"},
		{"index out of range", tri("", [3]uint16{0, 1, 3}, 1), DecodeOptions{}, "index 3 at 2 of accessor 1 is out of range: there are 3 vertices"},
		{"NaN position", tri("", [3]uint16{0, 1, 2}, float32(math.NaN())), DecodeOptions{}, "NaN or infinite"},
		{"infinite position", tri("", [3]uint16{0, 1, 2}, float32(math.Inf(1))), DecodeOptions{}, "NaN or infinite"},
		{"overflow once placed", writeDoc(t, huge), DecodeOptions{}, "vertex 1 of POSITION accessor 0 is NaN or infinite"},
		{"degenerate", tri("", [3]uint16{0, 1, 1}, 1), DecodeOptions{}, "the GLB holds no triangles"},
		{"points only", writeDoc(t, points), DecodeOptions{}, "the GLB holds no triangles"},
		{"external buffer", container(`{"asset":{"version":"2.0"},"buffers":[{"uri":"cube.bin","byteLength":44}]}`, nil), DecodeOptions{}, `buffer 0 refers to "cube.bin" outside the GLB`},
		{"data URI", container(`{"asset":{"version":"2.0"},"buffers":[{"uri":"data:application/octet-stream;base64,AAAA","byteLength":3}]}`, nil), DecodeOptions{}, "outside the GLB"},
		{"no BIN chunk", container(`{"asset":{"version":"2.0"},"buffers":[{"byteLength":44}]}`, nil), DecodeOptions{}, "buffer 0 needs 44 bytes but the BIN chunk holds 0"},
		{"accessor past its view", container(strings.Replace(strings.Replace(triangleJSON, "%s", "", 1), `"count":3,"type":"VEC3"`, `"count":4,"type":"VEC3"`, 1), triangleBin([3]uint16{0, 1, 2}, 1)), DecodeOptions{}, "accessor 0 (4 elements) runs past the end of buffer view 0"},
		{"view past its buffer", container(strings.Replace(strings.Replace(triangleJSON, "%s", "", 1), `"byteLength":36}`, `"byteLength":360}`, 1), triangleBin([3]uint16{0, 1, 2}, 1)), DecodeOptions{}, "buffer view 0 lies outside buffer 0"},
		{"empty accessor past its view", container(strings.Replace(strings.Replace(triangleJSON, "%s", "", 1), `"bufferView":0,"componentType":5126,"count":3`, `"bufferView":0,"byteOffset":1000,"componentType":5126,"count":0`, 1), triangleBin([3]uint16{0, 1, 2}, 1)), DecodeOptions{}, "accessor 0 (0 elements) runs past the end of buffer view 0"},
		{"huge count", container(strings.Replace(strings.Replace(triangleJSON, "%s", "", 1), `"count":3,"type":"SCALAR"`, `"count":9000000000000000000,"type":"SCALAR"`, 1), triangleBin([3]uint16{0, 1, 2}, 1)), DecodeOptions{}, "more than 20000000 triangles"},
		{"draco", tri(`,"extensionsRequired":["KHR_draco_mesh_compression"]`, [3]uint16{0, 1, 2}, 1), DecodeOptions{}, "requires extension KHR_draco_mesh_compression"},
		{"cycle", writeDoc(t, cycle), DecodeOptions{}, "cycle through node 0"},
		{"too deep", writeDoc(t, deep), DecodeOptions{}, "deeper than 64"},
		{"two parents", writeDoc(t, twoParents), DecodeOptions{}, "node 2 is reached twice"},
		{"bad JSON", container(`{"asset":`, nil), DecodeOptions{}, "the JSON chunk is malformed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := Decode(bytes.NewReader(tc.b), int64(len(tc.b)), tc.opt)
			if err == nil || m != nil {
				t.Fatalf("got %v, %v; want an error", m, err)
			}
			if !strings.HasPrefix(err.Error(), "glb: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want one containing %q", err, tc.want)
			}
		})
	}
}

func FuzzDecode(f *testing.F) {
	var b bytes.Buffer
	if err := Encode(&b, meshtest.TwoCubes(), Options{Turns: []Turn{{Axis: geom.V(0, 0, 1), Turns: 1}, {}}}); err != nil {
		f.Fatal(err)
	}
	good := b.Bytes()
	f.Add(good)
	f.Add(good[:len(good)-40])
	flipped := slices.Clone(good)
	flipped[100] ^= 0x10
	f.Add(flipped)
	f.Add(container(strings.Replace(triangleJSON, "%s", "", 1), triangleBin([3]uint16{0, 1, 2}, 1)))
	f.Add(container(`{"asset":{"version":"2.0"},"nodes":[{"children":[1]},{"children":[0],"mesh":0}]}`, nil))
	f.Add(container(strings.Replace(strings.Replace(triangleJSON, "%s", "", 1), `"count":3,"type":"VEC3"`, `"count":0,"type":"VEC3"`, 1), triangleBin([3]uint16{0, 1, 2}, 1)))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Decode(bytes.NewReader(data), int64(len(data)), DecodeOptions{MaxTriangles: 100000})
		if err != nil {
			return
		}
		for _, tr := range m.Triangles {
			for _, v := range tr {
				if int(v) >= len(m.Vertices) {
					t.Fatalf("index %d of %d vertices", v, len(m.Vertices))
				}
			}
		}
	})
}
