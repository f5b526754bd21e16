package glb

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"yanchu/internal/meshtest"

	"github.com/qmuntal/gltf"
	"github.com/qmuntal/gltf/modeler"

	"yanchu/geom"
	"yanchu/mesh"

	"yanchu/internal/needtool"
)

var cases = []struct {
	name  string
	mesh  func() *mesh.Mesh
	names []string
}{
	{"two cubes", meshtest.TwoCubes, []string{"big", "small"}},
	{"nested", meshtest.Nested, []string{"ball"}},
	// 72,602 vertices in one body: indices must be uint32.
	{"large", func() *mesh.Mesh { return meshtest.GridBox(110, 30) }, nil},
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
func triangleKeys(corners [][3][3]float32) [][9]float32 {
	keys := make([][9]float32, len(corners))
	for i, c := range corners {
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

type primitive struct {
	pos, nrm [][3]float32 // pos from the node's pivot
	idx      []uint32
	min, max []float64
	at       [3]float64 // the node's translation
}

// readPrimitives reads the one primitive of each body's node, in order.
func readPrimitives(t *testing.T, doc *gltf.Document) []primitive {
	t.Helper()
	var out []primitive
	for i, c := range doc.Nodes[0].Children {
		node := doc.Nodes[c]
		if node.Mesh == nil || len(doc.Meshes[*node.Mesh].Primitives) != 1 {
			t.Fatalf("node %d: want one mesh of one primitive", c)
		}
		p := doc.Meshes[*node.Mesh].Primitives[0]
		pr := primitive{at: node.Translation}
		var err error
		posAcc := doc.Accessors[p.Attributes[gltf.POSITION]]
		if pr.pos, err = modeler.ReadPosition(doc, posAcc, nil); err != nil {
			t.Fatalf("primitive %d POSITION: %v", i, err)
		}
		pr.min, pr.max = posAcc.Min, posAcc.Max
		nrmAcc, ok := p.Attributes[gltf.NORMAL]
		if !ok {
			t.Fatalf("primitive %d has no NORMAL", i)
		}
		if pr.nrm, err = modeler.ReadNormal(doc, doc.Accessors[nrmAcc], nil); err != nil {
			t.Fatalf("primitive %d NORMAL: %v", i, err)
		}
		if p.Indices == nil {
			t.Fatalf("primitive %d has no indices", i)
		}
		if pr.idx, err = modeler.ReadIndices(doc, doc.Accessors[*p.Indices], nil); err != nil {
			t.Fatalf("primitive %d indices: %v", i, err)
		}
		out = append(out, pr)
	}
	return out
}

func TestEncodeReadsBackThroughGltf(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.mesh()
			facts := mesh.Analyze(m)
			b := encode(t, m, Options{Names: tc.names})
			var doc gltf.Document
			if err := gltf.NewDecoder(bytes.NewReader(b)).Decode(&doc); err != nil {
				t.Fatalf("gltf decode: %v", err)
			}
			if doc.Asset.Version != "2.0" || doc.Asset.Generator != "yanchu" {
				t.Errorf("asset %+v, want version 2.0 by yanchu", doc.Asset)
			}
			nb := len(facts.Bodies)
			if len(doc.Scenes) != 1 || len(doc.Nodes) != 1+nb || len(doc.Meshes) != nb ||
				doc.Scene == nil || *doc.Scene != 0 || !slices.Equal(doc.Scenes[0].Nodes, []int{0}) ||
				doc.Nodes[0].Mesh != nil || len(doc.Nodes[0].Children) != nb {
				t.Fatalf("want one scene with a root node over a node and a mesh per body (%d); got %d scenes, %d nodes, %d meshes",
					nb, len(doc.Scenes), len(doc.Nodes), len(doc.Meshes))
			}
			for i, c := range doc.Nodes[0].Children {
				if c != i+1 || doc.Nodes[c].Mesh == nil || *doc.Nodes[c].Mesh != i || doc.Nodes[c].Name != doc.Materials[i].Name {
					t.Errorf("node %d: mesh %v, name %q; want mesh %d named as material %d", c, doc.Nodes[c].Mesh, doc.Nodes[c].Name, i, i)
				}
			}
			if n := len(doc.Materials); n != len(facts.Bodies) {
				t.Fatalf("%d materials, want one per body (%d)", n, len(facts.Bodies))
			}
			colours := map[[4]float64]bool{}
			for i, mat := range doc.Materials {
				want := "body " + strconv.Itoa(i+1)
				if i < len(tc.names) {
					want = tc.names[i]
				}
				if mat.Name != want {
					t.Errorf("material %d is named %q, want %q", i, mat.Name, want)
				}
				pbr := mat.PBRMetallicRoughness
				if pbr.MetallicFactorOrDefault() != 0 || pbr.RoughnessFactorOrDefault() != Roughness {
					t.Errorf("material %d: metallic %g, roughness %g; want 0, %g",
						i, pbr.MetallicFactorOrDefault(), pbr.RoughnessFactorOrDefault(), Roughness)
				}
				colours[*pbr.BaseColorFactor] = true
				if p := doc.Meshes[i].Primitives[0]; p.Material == nil || *p.Material != i || p.Mode != gltf.PrimitiveTriangles {
					t.Errorf("primitive %d: material %v, mode %v; want material %d, triangles", i, p.Material, p.Mode, i)
				}
			}
			if len(colours) != len(doc.Materials) {
				t.Errorf("%d distinct colours for %d materials", len(colours), len(doc.Materials))
			}

			var got [][3][3]float32
			box := geom.EmptyBox()
			for i, pr := range readPrimitives(t, &doc) {
				if len(pr.nrm) != len(pr.pos) {
					t.Fatalf("primitive %d: %d normals for %d positions", i, len(pr.nrm), len(pr.pos))
				}
				var lo, hi [3]float64 = [3]float64{math.Inf(1), math.Inf(1), math.Inf(1)}, [3]float64{math.Inf(-1), math.Inf(-1), math.Inf(-1)}
				for _, p := range pr.pos {
					for k := range p {
						lo[k], hi[k] = math.Min(lo[k], float64(p[k])), math.Max(hi[k], float64(p[k]))
					}
					box = box.Include(geom.V(float64(p[0])+pr.at[0], float64(p[1])+pr.at[1], float64(p[2])+pr.at[2]))
				}
				if !slices.Equal(pr.min, lo[:]) || !slices.Equal(pr.max, hi[:]) {
					t.Errorf("primitive %d: POSITION min %v max %v, want %v %v", i, pr.min, pr.max, lo, hi)
				}
				used := make([]bool, len(pr.pos))
				for _, v := range pr.idx {
					used[v] = true
				}
				if slices.Contains(used, false) {
					t.Errorf("primitive %d holds vertices no triangle uses", i)
				}
				for j, n := range pr.nrm {
					if l := math.Sqrt(float64(n[0]*n[0] + n[1]*n[1] + n[2]*n[2])); math.Abs(l-1) > 1e-6 {
						t.Errorf("primitive %d normal %d has length %g", i, j, l)
					}
				}
				world := func(v uint32) [3]float32 {
					p := pr.pos[v]
					// Rounded to 10 µm: a pivot's float32 sum differs in the last bit.
					r := func(x float64) float32 { return float32(math.Round(x*1e5) / 1e5) }
					return [3]float32{r(float64(p[0]) + pr.at[0]), r(float64(p[1]) + pr.at[1]), r(float64(p[2]) + pr.at[2])}
				}
				for k := 0; k < len(pr.idx); k += 3 {
					got = append(got, [3][3]float32{world(pr.idx[k]), world(pr.idx[k+1]), world(pr.idx[k+2])})
				}
			}
			if len(got) != len(m.Triangles) {
				t.Errorf("%d triangles, want %d", len(got), len(m.Triangles))
			}
			var want [][3][3]float32
			for _, tr := range m.Triangles {
				var c [3][3]float32
				for k, v := range tr {
					p := m.Vertices[v]
					// The axis swap written out by hand: (x, y, z) mm -> (x, z, -y) m.
					r := func(x float64) float32 { return float32(math.Round(x*1e5) / 1e5) }
					c[k] = [3]float32{r(p.X / 1000), r(p.Z / 1000), r(-p.Y / 1000)}
				}
				want = append(want, c)
			}
			if !slices.Equal(triangleKeys(got), triangleKeys(want)) {
				t.Errorf("the triangles written are not the mesh's in metres, Y up, with their winding")
			}
			mm := m.Bounds()
			wantBox := geom.Box{
				Min: geom.V(mm.Min.X/1000, mm.Min.Z/1000, -mm.Max.Y/1000),
				Max: geom.V(mm.Max.X/1000, mm.Max.Z/1000, -mm.Min.Y/1000),
			}
			if box.Min.Sub(wantBox.Min).Len() > 1e-6 || box.Max.Sub(wantBox.Max).Len() > 1e-6 {
				t.Errorf("bounds %v m, want %v", box, wantBox)
			}
		})
	}
}

func TestNormalsPointOut(t *testing.T) {
	m := &mesh.Mesh{}
	meshtest.AddBox(m, geom.V(0, 0, 0), geom.V(10, 20, 30), false)
	b := encode(t, m, Options{})
	var doc gltf.Document
	if err := gltf.NewDecoder(bytes.NewReader(b)).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	pr := readPrimitives(t, &doc)[0]
	centre := [3]float32{} // the box's pivot is its middle
	for i, p := range pr.pos {
		var dot float32
		for k := range p {
			dot += (p[k] - centre[k]) * pr.nrm[i][k]
		}
		if dot <= 0 {
			t.Errorf("normal %v at corner %v points in", pr.nrm[i], p)
		}
	}
}

func TestDeterministic(t *testing.T) {
	opt := Options{Names: []string{"a"}}
	first := encode(t, meshtest.Nested(), opt)
	for range 3 {
		if !bytes.Equal(encode(t, meshtest.Nested(), opt), first) {
			t.Fatal("two encodings of the same mesh differ")
		}
	}
}

func TestColours(t *testing.T) {
	b := encode(t, meshtest.TwoCubes(), Options{Colors: [][3]float64{{1, 0.5, 0}}})
	var doc gltf.Document
	if err := gltf.NewDecoder(bytes.NewReader(b)).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	got := *doc.Materials[0].PBRMetallicRoughness.BaseColorFactor
	want := [4]float64{1, 0.21404114048223255, 0, 1} // sRGB 0.5 is linear 0.214
	for k := range got {
		if math.Abs(got[k]-want[k]) > 1e-9 {
			t.Errorf("base colour %v, want %v", got, want)
			break
		}
	}
	second := *doc.Materials[1].PBRMetallicRoughness.BaseColorFactor
	if p := Palette[0]; math.Abs(second[1]-linear(p[1])) > 1e-12 {
		t.Errorf("the body without a colour has %v, want the palette's first %v in linear light", second, p)
	}
}

func TestLargeBodyUsesUint32(t *testing.T) {
	m := &mesh.Mesh{}
	const n = 70000
	tris := make([]int, 0, n)
	for i := 0; i < n; i++ {
		m.Vertices = append(m.Vertices, geom.V(float64(i), float64(i%7), float64(i%13)))
	}
	for i := 0; i+2 < n; i++ {
		m.Triangles = append(m.Triangles, [3]uint32{uint32(i), uint32(i + 1), uint32(i + 2)})
		tris = append(tris, i)
	}
	if _, _, idx := body(m, tris, geom.Vec3{}); func() bool { _, ok := idx.([]uint32); return !ok }() {
		t.Errorf("indices of %d vertices are %T, want []uint32", n, idx)
	}
	if _, _, idx := body(m, tris[:100], geom.Vec3{}); func() bool { _, ok := idx.([]uint16); return !ok }() {
		t.Errorf("indices of 102 vertices are %T, want []uint16", idx)
	}
}

func TestEncodeRefuses(t *testing.T) {
	open := meshtest.TwoCubes()
	open.Triangles = open.Triangles[1:]
	for _, tc := range []struct {
		name string
		m    *mesh.Mesh
		opt  Options
		want string
	}{
		{"open mesh", open, Options{}, "glb: refusing to write an invalid mesh (this is a bug in yanchu): "},
		{"empty", &mesh.Mesh{}, Options{}, "glb: refusing to write an invalid mesh"},
		{"too many names", meshtest.TwoCubes(), Options{Names: []string{"a", "b", "c"}}, "glb: 3 names given for 2 bodies"},
		{"colour out of range", meshtest.TwoCubes(), Options{Colors: [][3]float64{{0, 2, 0}}}, "glb: colour 0 is"},
		{"colour NaN", meshtest.TwoCubes(), Options{Colors: [][3]float64{{0, math.NaN(), 0}}}, "glb: colour 0 is"},
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

func TestEncodeWriteError(t *testing.T) {
	if err := Encode(failingWriter{}, meshtest.TwoCubes(), Options{}); err == nil || !strings.HasPrefix(err.Error(), "glb: ") {
		t.Errorf("error %v, want the writer's error", err)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, io.ErrShortWrite }

// validatorReport is the summary tools/gltfcheck/validate.mjs prints.
type validatorReport struct {
	NumErrors, NumWarnings, NumInfos, NumHints int
	Messages                                   []struct{ Code, Severity, Pointer, Message string }
}

// TestKhronosValidator runs the Khronos glTF validator on each written file and
// requires no errors and no warnings.
func TestKhronosValidator(t *testing.T) {
	_, here, _, _ := runtime.Caller(0)
	tool := filepath.Join(filepath.Dir(here), "..", "..", "tools", "gltfcheck")
	_, errMod := os.Stat(filepath.Join(tool, "node_modules", "gltf-validator"))
	node, errNode := exec.LookPath("node")
	if errMod != nil || errNode != nil {
		needtool.Skip(t, "the glTF validator needs node, and npm install in tools/gltfcheck: %v %v", errNode, errMod)
	}
	validate := func(t *testing.T, b []byte) {
		file := filepath.Join(t.TempDir(), "m.glb")
		if err := os.WriteFile(file, b, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.CommandContext(t.Context(), node, filepath.Join(tool, "validate.mjs"), file).Output()
		var rep validatorReport
		if jerr := json.Unmarshal(out, &rep); jerr != nil {
			t.Fatalf("validator: %v %v\n%s", err, jerr, out)
		}
		if err != nil || rep.NumErrors != 0 || rep.NumWarnings != 0 {
			t.Errorf("validator: %v; %d errors, %d warnings:\n%s", err, rep.NumErrors, rep.NumWarnings, out)
		}
		t.Logf("validator: %d errors, %d warnings, %d infos, %d hints", rep.NumErrors, rep.NumWarnings, rep.NumInfos, rep.NumHints)
		for _, msg := range rep.Messages {
			t.Logf("  %s %s %s: %s", msg.Severity, msg.Code, msg.Pointer, msg.Message)
		}
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			validate(t, encode(t, tc.mesh(), Options{Names: tc.names}))
		})
	}
	t.Run("a lid seated and lifted, a body turning", func(t *testing.T) {
		m, turns := lidAndBox()
		turns[0] = Turn{Axis: geom.V(0, 0, 1), Turns: 1}
		validate(t, encode(t, m, Options{Turns: turns}))
	})
}

// lidAndBox returns a box and a lid printed beside it, and the lid's turn:
// over about x, down onto the box, lifting 10 mm.
func lidAndBox() (*mesh.Mesh, []Turn) {
	m := &mesh.Mesh{}
	meshtest.AddBox(m, geom.V(-20, -10, 0), geom.V(20, 10, 15), false)
	meshtest.AddBox(m, geom.V(-20, 15, 0), geom.V(20, 35, 3), false)
	return m, []Turn{{}, {SeatAxis: geom.V(1, 0, 0), SeatAngle: math.Pi, SeatMove: geom.V(0, -25, 15), Lift: geom.V(0, 0, 10)}}
}

// A seated body's node turns to its seat and moves there at the start, lifts
// by the whole Lift halfway through, and comes back: its vertices, posed by
// the first keys, stand where the seat puts them.
func TestSeatedAnimation(t *testing.T) {
	m, turns := lidAndBox()
	b := encode(t, m, Options{Turns: turns, Seconds: 2})
	var doc gltf.Document
	if err := gltf.NewDecoder(bytes.NewReader(b)).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Animations) != 1 || len(doc.Animations[0].Channels) != 2 {
		t.Fatalf("want one animation of two channels (the lid's turn and move), got %+v", doc.Animations)
	}
	an := doc.Animations[0]
	keys := map[gltf.TRSProperty]any{}
	for _, ch := range an.Channels {
		if *ch.Target.Node != 2 {
			t.Errorf("a channel moves node %d, not the lid's", *ch.Target.Node)
		}
		out, err := modeler.ReadAccessor(&doc, doc.Accessors[an.Samplers[ch.Sampler].Output], nil)
		if err != nil {
			t.Fatal(err)
		}
		keys[ch.Target.Path] = out
	}
	rot, _ := keys[gltf.TRSRotation].([][4]float32)
	move, _ := keys[gltf.TRSTranslation].([][3]float32)
	if len(rot) == 0 || len(move) == 0 {
		t.Fatalf("no rotation or translation keys: %v", keys)
	}
	// The lid's vertices as the node places them at the first key, back in
	// yanchu's millimetres, against the seat's own placing.
	q, tr := rot[0], move[0]
	turnQ := func(v [3]float64) [3]float64 {
		x, y, z, w := float64(q[0]), float64(q[1]), float64(q[2]), float64(q[3])
		// v + 2w(u×v) + 2u×(u×v)
		cx, cy, cz := y*v[2]-z*v[1], z*v[0]-x*v[2], x*v[1]-y*v[0]
		return [3]float64{
			v[0] + 2*w*cx + 2*(y*cz-z*cy),
			v[1] + 2*w*cy + 2*(z*cx-x*cz),
			v[2] + 2*w*cz + 2*(x*cy-y*cx),
		}
	}
	prims := readPrimitives(t, &doc)
	lid := prims[1]
	facts := mesh.Analyze(m)
	pivot := facts.Bodies[1].Bounds.Center()
	seat := geom.RotationAxis(geom.V(1, 0, 0), math.Pi)
	for _, v := range lid.pos {
		{
			g := turnQ([3]float64{float64(v[0]), float64(v[1]), float64(v[2])})
			world := geom.V(g[0]+float64(tr[0]), -(g[2] + float64(tr[2])), g[1]+float64(tr[1])).Scale(1000)
			local := geom.V(float64(v[0]), -float64(v[2]), float64(v[1])).Scale(1000) // from the pivot
			want := seat.MulVec(local).Add(pivot).Add(turns[1].SeatMove)
			if d := world.Sub(want).Len(); d > 1e-3 {
				t.Fatalf("a lid vertex stands at %v, want %v", world, want)
			}
		}
	}
	mid := move[len(move)/2]
	if d := float64(mid[1]-move[0][1]) * 1000; math.Abs(d-10) > 1e-3 {
		t.Errorf("halfway the lid is %g mm above its seat, want 10", d)
	}
	if move[len(move)-1] != move[0] {
		t.Errorf("the lid ends at %v, not back on its seat %v", move[len(move)-1], move[0])
	}
}

// Turns become an animation: a rotation channel a body, its keys spread over
// the seconds, unit quaternions that end the given turns about the axis.
func TestAnimation(t *testing.T) {
	m := meshtest.Nested()
	nb := len(mesh.Analyze(m).Bodies)
	turns := make([]Turn, nb)
	for i := range turns {
		turns[i] = Turn{Axis: geom.V(0, 0, 1), Turns: float64(i + 1)}
	}
	b := encode(t, m, Options{Turns: turns, Seconds: 3})
	var doc gltf.Document
	if err := gltf.NewDecoder(bytes.NewReader(b)).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Animations) != 1 || len(doc.Animations[0].Channels) != nb {
		t.Fatalf("want one animation of %d channels, got %d animations", nb, len(doc.Animations))
	}
	for i, ch := range doc.Animations[0].Channels {
		if ch.Target.Node == nil || *ch.Target.Node != i+1 || ch.Target.Path != gltf.TRSRotation {
			t.Errorf("channel %d targets %v %v, want node %d rotation", i, ch.Target.Node, ch.Target.Path, i+1)
		}
		s := doc.Animations[0].Samplers[ch.Sampler]
		times, err := modeler.ReadAccessor(&doc, doc.Accessors[s.Input], nil)
		if err != nil {
			t.Fatal(err)
		}
		ts := times.([]float32)
		if ts[0] != 0 || ts[len(ts)-1] != 3 || len(ts) != 16*(i+1)+1 {
			t.Errorf("channel %d: %d keys from %g to %g, want %d from 0 to 3", i, len(ts), ts[0], ts[len(ts)-1], 16*(i+1)+1)
		}
		out, err := modeler.ReadAccessor(&doc, doc.Accessors[s.Output], nil)
		if err != nil {
			t.Fatal(err)
		}
		qs := out.([][4]float32)
		last := qs[len(qs)-1]
		// i+1 whole turns end at ±identity, turning about glTF's Y (yanchu's Z).
		if math.Abs(math.Abs(float64(last[3]))-1) > 1e-5 || last[0] != 0 || last[2] != 0 {
			t.Errorf("channel %d ends at %v, want a whole number of turns about Y", i, last)
		}
		for _, q := range qs {
			if l := math.Sqrt(float64(q[0]*q[0] + q[1]*q[1] + q[2]*q[2] + q[3]*q[3])); math.Abs(l-1) > 1e-5 {
				t.Errorf("channel %d has a quaternion of length %g", i, l)
			}
		}
	}
	if err := Encode(&bytes.Buffer{}, m, Options{Turns: turns[:1]}); nb > 1 && err == nil {
		t.Errorf("one turn for %d bodies: no error", nb)
	}
}
