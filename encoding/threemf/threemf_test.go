package threemf

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"yanchu/internal/meshtest"

	"github.com/hpinc/go3mf"

	"yanchu/geom"
	"yanchu/mesh"

	"yanchu/internal/needtool"
)

// cases are the meshes every test writes. parts is the number of connected
// pieces of triangles, which is what PrusaSlicer's --info calls number_of_parts.
var cases = []struct {
	name  string
	mesh  func() *mesh.Mesh
	names []string
	parts int
}{
	{"two cubes", meshtest.TwoCubes, []string{"big", "small"}, 2},
	{"nested", meshtest.Nested, []string{"ball"}, 3},
}

func encode(t testing.TB, m *mesh.Mesh, opt Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Encode(&b, m, opt); err != nil {
		t.Fatalf("Encode: %v", err)
	}
	return b.Bytes()
}

// triangleKeys returns each triangle as its corners, rotated so the smallest
// corner comes first (which keeps the winding), sorted.
func triangleKeys(vs []geom.Vec3, ts [][3]uint32) [][9]float32 {
	keys := make([][9]float32, len(ts))
	for i, t := range ts {
		var c [3][3]float32
		for k, v := range t {
			p := vs[v]
			c[k] = [3]float32{float32(p.X), float32(p.Y), float32(p.Z)}
		}
		first := 0
		for k := 1; k < 3; k++ {
			if slices.Compare(c[k][:], c[first][:]) < 0 {
				first = k
			}
		}
		for k := 0; k < 3; k++ {
			copy(keys[i][3*k:], c[(first+k)%3][:])
		}
	}
	slices.SortFunc(keys, func(a, b [9]float32) int { return slices.Compare(a[:], b[:]) })
	return keys
}

func fromGo3mf(gm *go3mf.Mesh) *mesh.Mesh {
	m := &mesh.Mesh{}
	for _, v := range gm.Vertices.Vertex {
		m.Vertices = append(m.Vertices, geom.V(float64(v[0]), float64(v[1]), float64(v[2])))
	}
	for _, t := range gm.Triangles.Triangle {
		m.Triangles = append(m.Triangles, [3]uint32{t.V1, t.V2, t.V3})
	}
	return m
}

// prusaVolumes is the part of PrusaSlicer's model configuration the tests read.
type prusaVolumes struct {
	Objects []struct {
		ID      int `xml:"id,attr"`
		Volumes []struct {
			First int `xml:"firstid,attr"`
			Last  int `xml:"lastid,attr"`
			Meta  []struct {
				Key   string `xml:"key,attr"`
				Value string `xml:"value,attr"`
			} `xml:"metadata"`
		} `xml:"volume"`
	} `xml:"object"`
}

// volumes returns the triangle ranges and names of the parts of object 1 in the
// PrusaSlicer configuration inside the 3MF package b, and whether there is one.
func volumes(t *testing.T, b []byte) (ranges [][2]int, names []string, ok bool) {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := z.Open(strings.TrimPrefix(prusaConfigPath, "/"))
	if err != nil {
		return nil, nil, false
	}
	defer f.Close()
	var cfg prusaVolumes
	if err := xml.NewDecoder(f).Decode(&cfg); err != nil {
		t.Fatalf("PrusaSlicer configuration: %v", err)
	}
	if len(cfg.Objects) != 1 || cfg.Objects[0].ID != 1 {
		t.Fatalf("PrusaSlicer configuration has objects %+v, want one with id 1", cfg.Objects)
	}
	for _, v := range cfg.Objects[0].Volumes {
		ranges = append(ranges, [2]int{v.First, v.Last})
		name := ""
		for _, md := range v.Meta {
			if md.Key == "name" {
				name = md.Value
			}
		}
		names = append(names, name)
	}
	return ranges, names, true
}

func TestEncodeReadsBackThroughGo3mf(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.mesh()
			b := encode(t, m, Options{Names: tc.names, Title: tc.name})

			var model go3mf.Model
			if err := go3mf.NewDecoder(bytes.NewReader(b), int64(len(b))).Decode(&model); err != nil {
				t.Fatalf("go3mf decode: %v", err)
			}
			if err := model.Validate(); err != nil {
				t.Errorf("go3mf Validate: %v", err)
			}
			if err := model.ValidateCoherency(); err != nil {
				t.Errorf("go3mf ValidateCoherency: %v", err)
			}
			if model.Units != go3mf.UnitMillimeter {
				t.Errorf("unit %v, want millimeter", model.Units)
			}
			if n := len(model.Resources.Objects); n != 1 {
				t.Fatalf("%d objects, want 1", n)
			}
			if n := len(model.Build.Items); n != 1 || model.Build.Items[0].ObjectID != 1 || model.Build.Items[0].HasTransform() {
				t.Fatalf("build items %+v, want one plain item of object 1", model.Build.Items)
			}
			obj := model.Resources.Objects[0]
			if obj.Mesh == nil || obj.Components != nil {
				t.Fatalf("object 1 holds no mesh, or components")
			}
			if obj.Name != tc.name {
				t.Errorf("object name %q, want %q", obj.Name, tc.name)
			}
			title := ""
			for _, md := range model.Metadata {
				if md.Name.Local == "Title" {
					title = md.Value
				}
			}
			if title != tc.name {
				t.Errorf("title %q, want %q", title, tc.name)
			}
			got := fromGo3mf(obj.Mesh)
			if len(got.Vertices) != len(m.Vertices) || len(got.Triangles) != len(m.Triangles) {
				t.Errorf("%d vertices, %d triangles; want %d, %d",
					len(got.Vertices), len(got.Triangles), len(m.Vertices), len(m.Triangles))
			}
			if got.Bounds() != m.Bounds() {
				t.Errorf("bounds %v, want %v", got.Bounds(), m.Bounds())
			}
			if !slices.Equal(triangleKeys(got.Vertices, got.Triangles), triangleKeys(m.Vertices, m.Triangles)) {
				t.Errorf("the triangles written differ from the mesh's")
			}

			facts := mesh.Analyze(got)
			ranges, names, ok := volumes(t, b)
			solid := true
			for _, r := range ranges {
				sub := &mesh.Mesh{Vertices: got.Vertices, Triangles: got.Triangles[r[0] : r[1]+1]}
				solid = solid && sub.Volume() > 0
			}
			if !ok {
				// Allowed only when a body is not solid on its own (see partsAreSolid).
				for _, v := range bodyVolumes(m, mesh.Analyze(m)) {
					solid = solid && v > 0
				}
				if solid {
					t.Fatalf("no PrusaSlicer part configuration although every body is solid")
				}
				return
			}
			if !solid {
				t.Errorf("a PrusaSlicer part encloses no positive volume: PrusaSlicer would turn it inside out")
			}
			if len(ranges) != len(facts.Bodies) {
				t.Fatalf("%d parts, want one per body (%d)", len(ranges), len(facts.Bodies))
			}
			next := 0
			for i, r := range ranges {
				if r[0] != next || r[1] < r[0] {
					t.Fatalf("part %d covers triangles %d to %d, want to start at %d", i, r[0], r[1], next)
				}
				body := facts.TriangleBody[r[0]]
				for k := r[0]; k <= r[1]; k++ {
					if facts.TriangleBody[k] != body {
						t.Fatalf("part %d mixes bodies %d and %d", i, body, facts.TriangleBody[k])
					}
				}
				next = r[1] + 1
				want := "body " + strconv.Itoa(i+1)
				if i < len(tc.names) {
					want = tc.names[i]
				}
				if names[i] != want {
					t.Errorf("part %d is named %q, want %q", i, names[i], want)
				}
			}
			if next != len(got.Triangles) {
				t.Errorf("parts end at triangle %d of %d", next, len(got.Triangles))
			}
		})
	}
}

// bodyVolumes returns the signed volume of each body of m (mm³).
func bodyVolumes(m *mesh.Mesh, f *mesh.Facts) []float64 {
	v := make([]float64, len(f.Bodies))
	for i, t := range m.Triangles {
		a, b, c := m.Vertices[t[0]], m.Vertices[t[1]], m.Vertices[t[2]]
		v[f.TriangleBody[i]] += a.Dot(b.Cross(c)) / 6
	}
	return v
}

func TestDecodeRoundTrip(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.mesh()
			b := encode(t, m, Options{})
			got, err := Decode(bytes.NewReader(b), int64(len(b)))
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if err := mesh.Validate(got); err != nil {
				t.Errorf("decoded mesh: %v", err)
			}
			if len(got.Vertices) != len(m.Vertices) || len(got.Triangles) != len(m.Triangles) {
				t.Errorf("%d vertices, %d triangles; want %d, %d",
					len(got.Vertices), len(got.Triangles), len(m.Vertices), len(m.Triangles))
			}
			if got.Bounds() != m.Bounds() {
				t.Errorf("bounds %v, want %v", got.Bounds(), m.Bounds())
			}
			if g, w := got.Volume(), m.Volume(); math.Abs(g-w) > 1e-9*w {
				t.Errorf("volume %g mm³, want %g", g, w)
			}
		})
	}
}

// writeModel encodes a hand-built go3mf model.
func writeModel(t *testing.T, model *go3mf.Model) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := go3mf.NewEncoder(&b).Encode(model); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func cubeObject(id uint32, typ go3mf.ObjectType) *go3mf.Object {
	m := &mesh.Mesh{}
	meshtest.AddBox(m, geom.V(0, 0, 0), geom.V(1, 2, 3), false)
	gm := &go3mf.Mesh{}
	for _, v := range m.Vertices {
		gm.Vertices.Vertex = append(gm.Vertices.Vertex, go3mf.Point3D{float32(v.X), float32(v.Y), float32(v.Z)})
	}
	for _, t := range m.Triangles {
		gm.Triangles.Triangle = append(gm.Triangles.Triangle, go3mf.Triangle{V1: t[0], V2: t[1], V3: t[2]})
	}
	return &go3mf.Object{ID: id, Type: typ, Mesh: gm}
}

// matrix returns the 3MF transform x' = diag(s)·x + d.
func matrix(s, d [3]float32) go3mf.Matrix {
	return go3mf.Matrix{s[0], 0, 0, 0, 0, s[1], 0, 0, 0, 0, s[2], 0, d[0], d[1], d[2], 1}
}

func TestDecodeTransformsAndUnits(t *testing.T) {
	model := &go3mf.Model{
		Units: go3mf.UnitCentimeter,
		Resources: go3mf.Resources{Objects: []*go3mf.Object{
			cubeObject(1, go3mf.ObjectTypeModel),
			cubeObject(2, go3mf.ObjectTypeSupport),
			{ID: 3, Components: &go3mf.Components{Component: []*go3mf.Component{
				{ObjectID: 1, Transform: matrix([3]float32{1, 1, 1}, [3]float32{10, 0, 0})},
				{ObjectID: 2},
			}}},
		}},
		Build: go3mf.Build{Items: []*go3mf.Item{
			{ObjectID: 1},
			{ObjectID: 3, Transform: matrix([3]float32{-1, 1, 1}, [3]float32{100, 0, 0})},
		}},
	}
	b := writeModel(t, model)
	got, err := Decode(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if len(got.Triangles) != 24 {
		t.Fatalf("%d triangles, want 24: the support object must be left out", len(got.Triangles))
	}
	want := geom.Box{Min: geom.V(0, 0, 0), Max: geom.V(900, 20, 30)}
	if got.Bounds() != want {
		t.Errorf("bounds %v mm, want %v", got.Bounds(), want)
	}
	// Item 2 holds the cube 0..1 cm, moved to 10..11 cm by its component, mirrored
	// to -11..-10 cm and moved to 89..90 cm by the item.
	second := &mesh.Mesh{Vertices: got.Vertices[8:], Triangles: slices.Clone(got.Triangles[12:])}
	for i := range second.Triangles {
		for k := range second.Triangles[i] {
			second.Triangles[i][k] -= 8
		}
	}
	if wantBox := (geom.Box{Min: geom.V(890, 0, 0), Max: geom.V(900, 20, 30)}); second.Bounds() != wantBox {
		t.Errorf("mirrored cube at %v mm, want %v", second.Bounds(), wantBox)
	}
	if err := mesh.Validate(got); err != nil {
		t.Errorf("the mirrored cube must still face out: %v", err)
	}
	if v := second.Volume(); math.Abs(v-6000) > 1e-6 {
		t.Errorf("mirrored cube volume %g mm³, want 6000", v)
	}
}

func TestDecodeErrors(t *testing.T) {
	good := encode(t, meshtest.TwoCubes(), Options{})
	recursive := writeModel(t, &go3mf.Model{
		Resources: go3mf.Resources{Objects: []*go3mf.Object{
			{ID: 1, Components: &go3mf.Components{Component: []*go3mf.Component{{ObjectID: 2}}}},
			{ID: 2, Components: &go3mf.Components{Component: []*go3mf.Component{{ObjectID: 1}}}},
		}},
		Build: go3mf.Build{Items: []*go3mf.Item{{ObjectID: 1}}},
	})
	outOfRange := cubeObject(1, go3mf.ObjectTypeModel)
	outOfRange.Mesh.Triangles.Triangle[5].V2 = 99
	badIndex := writeModel(t, &go3mf.Model{
		Resources: go3mf.Resources{Objects: []*go3mf.Object{outOfRange}},
		Build:     go3mf.Build{Items: []*go3mf.Item{{ObjectID: 1}}},
	})
	noBuild := writeModel(t, &go3mf.Model{
		Resources: go3mf.Resources{Objects: []*go3mf.Object{cubeObject(1, go3mf.ObjectTypeModel)}},
	})
	for _, tc := range []struct {
		name  string
		data  []byte
		limit int
		want  string
	}{
		{"not a zip", []byte("solid cube\nendsolid\n"), 0, "not a 3MF package"},
		{"empty zip", emptyZip(t), 0, "threemf: "},
		{"truncated", good[:len(good)/2], 0, "not a 3MF package"},
		{"too many triangles", good, 23, "more than 23 triangles"},
		{"recursive components", recursive, 0, "nest deeper"},
		{"vertex index out of range", badIndex, 0, "beyond the 8"},
		{"no build items", noBuild, 0, "no items"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.limit != 0 {
				old := maxTriangles
				maxTriangles = tc.limit
				defer func() { maxTriangles = old }()
			}
			_, err := Decode(bytes.NewReader(tc.data), int64(len(tc.data)))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "threemf: ") {
				t.Errorf("error %v, want one starting %q containing %q", err, "threemf: ", tc.want)
			}
		})
	}
}

func emptyZip(t *testing.T) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestEncodeRefuses(t *testing.T) {
	open := meshtest.TwoCubes()
	open.Triangles = open.Triangles[1:]
	inside := meshtest.TwoCubes()
	for i := range inside.Triangles {
		inside.Triangles[i][1], inside.Triangles[i][2] = inside.Triangles[i][2], inside.Triangles[i][1]
	}
	for _, tc := range []struct {
		name string
		m    *mesh.Mesh
		opt  Options
		want string
	}{
		{"open mesh", open, Options{}, "threemf: refusing to write an invalid mesh (this is a bug in yanchu): "},
		{"inside out", inside, Options{}, "threemf: refusing to write an invalid mesh (this is a bug in yanchu): "},
		{"empty", &mesh.Mesh{}, Options{}, "threemf: refusing to write an invalid mesh"},
		{"too many names", meshtest.TwoCubes(), Options{Names: []string{"a", "b", "c"}}, "threemf: 3 names given for 2 bodies"},
		// Facts given are taken: an open mesh whose facts say so is refused.
		{"open, facts given", open, Options{Facts: mesh.Analyze(open)}, "threemf: refusing to write an invalid mesh (this is a bug in yanchu): "},
		// Facts of another mesh are not this one's: the mesh is analysed.
		{"open, facts of another", open, Options{Facts: mesh.Analyze(meshtest.Nested())}, "threemf: refusing to write an invalid mesh (this is a bug in yanchu): "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			err := Encode(&b, tc.m, tc.opt)
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error %v, want one starting %q", err, tc.want)
			}
			if b.Len() != 0 {
				t.Errorf("wrote %d bytes for a refused mesh", b.Len())
			}
		})
	}
}

func TestEncodeEscapesNames(t *testing.T) {
	name := `a "ring" <&> 球`
	b := encode(t, meshtest.TwoCubes(), Options{Names: []string{name}, Title: name})
	_, names, ok := volumes(t, b)
	if !ok || names[0] != name || names[1] != "body 2" {
		t.Errorf("part names %q, want [%q %q]", names, name, "body 2")
	}
}

func TestEncodeWriteError(t *testing.T) {
	err := Encode(failingWriter{}, meshtest.TwoCubes(), Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "threemf: ") {
		t.Errorf("error %v, want the writer's error", err)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, io.ErrShortWrite }

// infoLine matches a "key = value" line of PrusaSlicer's --info report.
var infoLine = regexp.MustCompile(`(?m)^(\w+) = +(.*)$`)

// TestPrusaSlicer opens each written file in PrusaSlicer: --info must report one
// object, manifold, with the pieces, bounds and volume of the mesh, and a round
// trip through --export-3mf must keep the parts and their names in place.
func TestPrusaSlicer(t *testing.T) {
	exe, err := exec.LookPath("prusa-slicer")
	if err != nil {
		needtool.Skip(t, "prusa-slicer is not installed (apt-get install -y prusa-slicer): %v", err)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			m := tc.mesh()
			b := encode(t, m, Options{Names: tc.names, Title: tc.name})
			in := filepath.Join(dir, "in.3mf")
			if err := os.WriteFile(in, b, 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.CommandContext(t.Context(), exe, "--info", in).CombinedOutput()
			if err != nil {
				t.Fatalf("prusa-slicer --info: %v\n%s", err, out)
			}
			report := string(out)
			if n := strings.Count(report, "["+filepath.Base(in)+"]"); n != 1 {
				t.Fatalf("--info lists %d objects, want 1:\n%s", n, report)
			}
			info := map[string]string{}
			for _, sm := range infoLine.FindAllStringSubmatch(report, -1) {
				info[sm[1]] = sm[2]
			}
			for _, bad := range []string{"open_edges", "facets_reversed", "backwards_edges"} {
				if _, ok := info[bad]; ok {
					t.Errorf("--info reports %s:\n%s", bad, report)
				}
			}
			if info["manifold"] != "yes" {
				t.Errorf("manifold = %q, want yes", info["manifold"])
			}
			if got := info["number_of_parts"]; got != strconv.Itoa(tc.parts) {
				t.Errorf("number_of_parts = %q, want %d", got, tc.parts)
			}
			if got := info["number_of_facets"]; got != strconv.Itoa(len(m.Triangles)) {
				t.Errorf("number_of_facets = %q, want %d", got, len(m.Triangles))
			}
			bounds := m.Bounds()
			for key, want := range map[string]float64{
				"min_x": bounds.Min.X, "min_y": bounds.Min.Y, "min_z": bounds.Min.Z,
				"max_x": bounds.Max.X, "max_y": bounds.Max.Y, "max_z": bounds.Max.Z,
				"volume": m.Volume(),
			} {
				got, err := strconv.ParseFloat(info[key], 64)
				if err != nil || math.Abs(got-want) > 1e-3+1e-6*math.Abs(want) {
					t.Errorf("%s = %q, want %g", key, info[key], want)
				}
			}

			wantRanges, wantNames, ok := volumes(t, b)
			if !ok {
				return
			}
			rt := filepath.Join(dir, "rt.3mf")
			out, err = exec.CommandContext(t.Context(), exe, "--export-3mf", "--dont-arrange", "-o", rt, in).CombinedOutput()
			if err != nil {
				t.Fatalf("prusa-slicer --export-3mf: %v\n%s", err, out)
			}
			rb, err := os.ReadFile(rt)
			if err != nil {
				t.Fatal(err)
			}
			gotRanges, gotNames, ok := volumes(t, rb)
			if !ok || !slices.Equal(gotRanges, wantRanges) || !slices.Equal(gotNames, wantNames) {
				t.Errorf("PrusaSlicer kept parts %v named %q, want %v named %q", gotRanges, gotNames, wantRanges, wantNames)
			}
			back, err := Decode(bytes.NewReader(rb), int64(len(rb)))
			if err != nil {
				t.Fatalf("Decode PrusaSlicer's file: %v", err)
			}
			if got := back.Bounds(); got.Min.Sub(bounds.Min).Len() > 1e-3 || got.Max.Sub(bounds.Max).Len() > 1e-3 {
				t.Errorf("PrusaSlicer moved the mesh to %v, want %v", got, bounds)
			}
			if g, w := back.Volume(), m.Volume(); math.Abs(g-w) > 1e-6*w {
				t.Errorf("PrusaSlicer's file encloses %g mm³, want %g", g, w)
			}
		})
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(encode(f, meshtest.TwoCubes(), Options{}))
	f.Add(encode(f, meshtest.Nested(), Options{Names: []string{"a"}}))
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Decode(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "threemf: ") {
				t.Errorf("error %q lacks the package name", err)
			}
			return
		}
		n := uint32(len(m.Vertices))
		for i, tr := range m.Triangles {
			if tr[0] >= n || tr[1] >= n || tr[2] >= n {
				t.Fatalf("triangle %d refers beyond the %d vertices", i, n)
			}
		}
	})
}

// Facts handed over give the same bytes as facts found by analysing the mesh.
func TestEncodeWithFacts(t *testing.T) {
	for _, m := range []*mesh.Mesh{meshtest.TwoCubes(), meshtest.Nested()} {
		want := encode(t, m, Options{Names: []string{"a"}})
		got := encode(t, m, Options{Names: []string{"a"}, Facts: mesh.Closed(m, mesh.Shells(m))})
		if !bytes.Equal(got, want) {
			t.Errorf("%d bytes with the facts given, %d without, and they differ", len(got), len(want))
		}
	}
}
