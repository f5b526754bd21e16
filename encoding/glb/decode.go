package glb

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/qmuntal/gltf"
	"github.com/qmuntal/gltf/modeler"

	"yanchu/geom"
	"yanchu/mesh"
)

// DecodeOptions limit what Decode accepts.
type DecodeOptions struct {
	// MaxTriangles caps the triangles of the whole scene (0: 20,000,000).
	MaxTriangles int
}

const (
	defaultMaxTriangles = 20_000_000
	// maxDepth is the deepest node hierarchy Decode follows.
	maxDepth = 64
	// maxJSON caps the JSON chunk, which is parsed whole in memory.
	maxJSON = 64 << 20

	chunkJSON = 0x4E4F534A // "JSON"
	chunkBIN  = 0x004E4942 // "BIN\x00"
)

// unreadable lists the required extensions that change how geometry is stored
// or placed, which Decode does not read.
var unreadable = map[string]string{
	"KHR_draco_mesh_compression": "export without Draco compression",
	"EXT_meshopt_compression":    "export without meshopt compression",
	"EXT_mesh_gpu_instancing":    "export without GPU instancing",
	"KHR_mesh_quantization":      "export without quantization",
}

// Decode reads a GLB file of size bytes from r and returns its scene's
// triangles as one yanchu mesh in millimetres, Z up.
//
// It walks the default scene (the file's scene, else its first, else every root
// node) through the node hierarchy, placing each mesh by its node's matrix or
// translation, rotation and scale, and converts glTF's metres, Y up, to yanchu's
// millimetres, Z up: the inverse of Encode. Primitives of triangles, triangle
// strips and triangle fans are read; points and lines are skipped, as are
// animations, skins and morph targets (the rest pose is read). A node that
// mirrors flips its triangles so they still face out. Vertices at bit-equal
// positions are welded, so a closed model written with split normals comes back
// closed, and triangles whose corners coincide are dropped.
//
// Decode reads only self-contained GLB files: a .gltf JSON file, a buffer with a
// URI (never fetched), sparse or compressed accessors are refused, as are
// accessors outside their buffers, indices out of range, cycles in the node
// graph, hierarchies deeper than 64 nodes, NaN or infinite positions, and more
// triangles than opt.MaxTriangles (or more than three positions a triangle, or
// more primitives placed than that), counted before any are read.
func Decode(r io.ReaderAt, size int64, opt DecodeOptions) (*mesh.Mesh, error) {
	limit := opt.MaxTriangles
	if limit <= 0 {
		limit = defaultMaxTriangles
	}
	limit = min(limit, math.MaxUint32/3) // vertex indices are uint32
	doc, bin, err := readContainer(r, size)
	if err != nil {
		return nil, err
	}
	d := &decoder{doc: doc, weld: map[geom.Vec3]uint32{}, out: &mesh.Mesh{}}
	if err := d.buffers(bin); err != nil {
		return nil, err
	}
	if err := d.scene(); err != nil {
		return nil, err
	}
	if err := d.count(limit); err != nil {
		return nil, err
	}
	for _, in := range d.instances {
		for k, p := range doc.Meshes[in.mesh].Primitives {
			if err := d.primitive(p, in.xf); err != nil {
				return nil, fmt.Errorf("glb: mesh %d primitive %d: %w", in.mesh, k, err)
			}
		}
	}
	if len(d.out.Triangles) == 0 {
		return nil, errors.New("glb: the GLB holds no triangles")
	}
	return d.out, nil
}

// readContainer checks the GLB header and chunks against size and returns the
// parsed JSON document and the BIN chunk (nil when there is none). It parses
// the container itself rather than through gltf.Decoder, which allocates each
// buffer's byteLength, as the JSON claims it, before looking at the BIN chunk.
func readContainer(r io.ReaderAt, size int64) (*gltf.Document, []byte, error) {
	if size < 0 {
		return nil, nil, fmt.Errorf("glb: a file of %d bytes", size)
	}
	head := make([]byte, 12)
	n, _ := r.ReadAt(head[:min(size, 12)], 0)
	if text := strings.TrimLeft(string(head[:n]), " \t\r\n\ufeff"); strings.HasPrefix(text, "{") {
		return nil, nil, errors.New("glb: this is a .gltf JSON file, not a GLB; export the model as binary glTF (.glb)")
	}
	if n < 12 || string(head[:4]) != "glTF" {
		return nil, nil, errors.New(`glb: not a GLB file: it does not start with "glTF"`)
	}
	if v := binary.LittleEndian.Uint32(head[4:]); v != 2 {
		return nil, nil, fmt.Errorf("glb: GLB version %d, want 2", v)
	}
	length := int64(binary.LittleEndian.Uint32(head[8:]))
	if length > size {
		return nil, nil, fmt.Errorf("glb: the file is truncated: its header says %d bytes, it has %d", length, size)
	}
	typ, text, err := readChunk(r, 12, length, maxJSON)
	if err != nil {
		return nil, nil, err
	}
	if typ != chunkJSON {
		return nil, nil, errors.New("glb: the first chunk is not JSON")
	}
	var bin []byte
	if at := 20 + int64(len(text)); at < length {
		// The BIN chunk, when there is one, comes second.
		if typ, bin, err = readChunk(r, at, length, length); err != nil || typ != chunkBIN {
			bin = nil
		}
		if err != nil {
			return nil, nil, err
		}
	}
	doc := new(gltf.Document)
	if err := json.Unmarshal(text, doc); err != nil {
		return nil, nil, fmt.Errorf("glb: the JSON chunk is malformed: %w", err)
	}
	if !strings.HasPrefix(doc.Asset.Version, "2.") {
		return nil, nil, fmt.Errorf("glb: glTF version %q, want 2.x", doc.Asset.Version)
	}
	for _, ext := range doc.ExtensionsRequired {
		if how, ok := unreadable[ext]; ok {
			return nil, nil, fmt.Errorf("glb: the file requires extension %s, which yanchu does not read; %s", ext, how)
		}
	}
	return doc, bin, nil
}

// readChunk returns the type and bytes of the chunk at byte at of a file of end
// bytes, refusing one that runs past the end or holds more than most bytes.
func readChunk(r io.ReaderAt, at, end, most int64) (uint32, []byte, error) {
	h := make([]byte, 8)
	if at+8 > end {
		return 0, nil, fmt.Errorf("glb: the file ends inside the chunk header at byte %d (truncated?)", at)
	}
	if _, err := r.ReadAt(h, at); err != nil {
		return 0, nil, fmt.Errorf("glb: reading the chunk at byte %d: %w", at, err)
	}
	n := int64(binary.LittleEndian.Uint32(h))
	switch {
	case at+8+n > end:
		return 0, nil, fmt.Errorf("glb: the chunk at byte %d runs past the end of the file (truncated?)", at)
	case n > most:
		return 0, nil, fmt.Errorf("glb: a chunk of %d bytes, more than the %d read", n, most)
	}
	data := make([]byte, n)
	if _, err := r.ReadAt(data, at+8); err != nil {
		return 0, nil, fmt.Errorf("glb: reading the chunk at byte %d: %w", at, err)
	}
	return binary.LittleEndian.Uint32(h[4:]), data, nil
}

// affine is a transform p ↦ m·p + t in glTF's frame.
type affine struct {
	m geom.Mat3
	t geom.Vec3
}

func (a affine) apply(p geom.Vec3) geom.Vec3 { return a.m.MulVec(p).Add(a.t) }

func (a affine) then(b affine) affine { return affine{a.m.Mul(b.m), a.apply(b.t)} }

func (a affine) det() float64 {
	m := a.m
	return m[0][0]*(m[1][1]*m[2][2]-m[1][2]*m[2][1]) -
		m[0][1]*(m[1][0]*m[2][2]-m[1][2]*m[2][0]) +
		m[0][2]*(m[1][0]*m[2][1]-m[1][1]*m[2][0])
}

// local returns the transform of node n: its matrix (column-major) when set,
// else its translation, rotation (a quaternion, normalised here) and scale.
func local(n *gltf.Node) (affine, error) {
	if mx := n.MatrixOrDefault(); mx != gltf.DefaultMatrix {
		var a affine
		for r := 0; r < 3; r++ {
			a.m[r] = [3]float64{mx[r], mx[4+r], mx[8+r]}
		}
		a.t = geom.V(mx[12], mx[13], mx[14])
		return a, nil
	}
	q, s, t := n.RotationOrDefault(), n.ScaleOrDefault(), n.TranslationOrDefault()
	l := math.Sqrt(q[0]*q[0] + q[1]*q[1] + q[2]*q[2] + q[3]*q[3])
	if !(l > 0) || math.IsInf(l, 0) {
		return affine{}, fmt.Errorf("rotation %v is not a quaternion", q)
	}
	x, y, z, w := q[0]/l, q[1]/l, q[2]/l, q[3]/l
	rot := geom.Mat3{
		{1 - 2*(y*y+z*z), 2 * (x*y - z*w), 2 * (x*z + y*w)},
		{2 * (x*y + z*w), 1 - 2*(x*x+z*z), 2 * (y*z - x*w)},
		{2 * (x*z - y*w), 2 * (y*z + x*w), 1 - 2*(x*x+y*y)},
	}
	for r := range rot {
		for c := range rot[r] {
			rot[r][c] *= s[c]
		}
	}
	return affine{rot, geom.V(t[0], t[1], t[2])}, nil
}

// instance is a mesh placed in the scene by its node's world transform.
type instance struct {
	mesh int
	xf   affine
}

type decoder struct {
	doc       *gltf.Document
	instances []instance
	state     []uint8 // per node: 0 unseen, 1 on the path being walked, 2 done
	weld      map[geom.Vec3]uint32
	out       *mesh.Mesh
}

// buffers refuses buffers that live outside the file and gives buffer 0 the
// bytes of the BIN chunk; the others hold none.
func (d *decoder) buffers(bin []byte) error {
	for i, b := range d.doc.Buffers {
		if b == nil {
			return fmt.Errorf("glb: buffer %d is null", i)
		}
		if b.URI != "" {
			return fmt.Errorf("glb: buffer %d refers to %.40q outside the GLB; yanchu reads only self-contained GLB files (export as GLB)", i, b.URI)
		}
		if i == 0 {
			if bin == nil || b.ByteLength < 0 || b.ByteLength > len(bin) {
				return fmt.Errorf("glb: buffer 0 needs %d bytes but the BIN chunk holds %d", b.ByteLength, len(bin))
			}
			b.Data = bin[:b.ByteLength]
		}
	}
	return nil
}

// scene walks the default scene's node trees and lists the mesh instances.
func (d *decoder) scene() error {
	doc := d.doc
	d.state = make([]uint8, len(doc.Nodes))
	var roots []int
	switch {
	case doc.Scene != nil:
		if *doc.Scene < 0 || *doc.Scene >= len(doc.Scenes) || doc.Scenes[*doc.Scene] == nil {
			return fmt.Errorf("glb: the default scene %d does not exist", *doc.Scene)
		}
		roots = doc.Scenes[*doc.Scene].Nodes
	case len(doc.Scenes) > 0 && doc.Scenes[0] != nil:
		roots = doc.Scenes[0].Nodes
	default:
		child := make([]bool, len(doc.Nodes))
		for i, n := range doc.Nodes {
			if n == nil {
				return fmt.Errorf("glb: node %d is null", i)
			}
			for _, c := range n.Children {
				if c < 0 || c >= len(doc.Nodes) {
					return fmt.Errorf("glb: node %d has child %d, which does not exist", i, c)
				}
				child[c] = true
			}
		}
		for i := range doc.Nodes {
			if !child[i] {
				roots = append(roots, i)
			}
		}
	}
	for _, n := range roots {
		if err := d.visit(n, affine{m: geom.Identity()}, 1); err != nil {
			return err
		}
	}
	return nil
}

// visit adds node n, under a parent placed by parent, and its descendants.
func (d *decoder) visit(n int, parent affine, depth int) error {
	doc := d.doc
	switch {
	case n < 0 || n >= len(doc.Nodes) || doc.Nodes[n] == nil:
		return fmt.Errorf("glb: node %d does not exist", n)
	case depth > maxDepth:
		return fmt.Errorf("glb: the node hierarchy is deeper than %d at node %d", maxDepth, n)
	case d.state[n] == 1:
		return fmt.Errorf("glb: the node hierarchy has a cycle through node %d", n)
	case d.state[n] == 2:
		return fmt.Errorf("glb: node %d is reached twice, but a glTF node has at most one parent", n)
	}
	d.state[n] = 1
	node := doc.Nodes[n]
	l, err := local(node)
	if err != nil {
		return fmt.Errorf("glb: node %d: %w", n, err)
	}
	xf := parent.then(l)
	if node.Mesh != nil {
		m := *node.Mesh
		if m < 0 || m >= len(doc.Meshes) || doc.Meshes[m] == nil {
			return fmt.Errorf("glb: node %d uses mesh %d, which does not exist", n, m)
		}
		d.instances = append(d.instances, instance{m, xf})
	}
	for _, c := range node.Children {
		if err := d.visit(c, xf, depth+1); err != nil {
			return err
		}
	}
	d.state[n] = 2
	return nil
}

// count checks the accessors each primitive names and refuses a scene of more
// than limit triangles, or more than three vertices a triangle, counted from
// the accessors' counts, or more than limit primitives placed.
func (d *decoder) count(limit int) error {
	total, verts, prims := 0, 0, 0
	for _, in := range d.instances {
		if prims += len(d.doc.Meshes[in.mesh].Primitives); prims > limit {
			return fmt.Errorf("glb: the scene places more than %d primitives", limit)
		}
		for k, p := range d.doc.Meshes[in.mesh].Primitives {
			tris, nv, err := d.size(p)
			if err != nil {
				return fmt.Errorf("glb: mesh %d primitive %d: %w", in.mesh, k, err)
			}
			if tris > limit-total {
				return fmt.Errorf("glb: the scene holds more than %d triangles", limit)
			}
			if nv > 3*limit-verts {
				return fmt.Errorf("glb: the scene holds more than %d vertices", 3*limit)
			}
			total += tris
			if tris > 0 {
				verts += nv
			}
		}
	}
	return nil
}

// size returns how many triangles primitive p makes and how many positions it
// has, from its accessors' counts, after checking that they exist. Both are 0
// for points, lines and a primitive without positions.
func (d *decoder) size(p *gltf.Primitive) (tris, verts int, err error) {
	if p == nil {
		return 0, 0, errors.New("the primitive is null")
	}
	pos, ok := p.Attributes[gltf.POSITION]
	if !ok {
		return 0, 0, nil
	}
	corners := pos
	if p.Indices != nil {
		corners = *p.Indices
	}
	for _, a := range []int{pos, corners} {
		if a < 0 || a >= len(d.doc.Accessors) || d.doc.Accessors[a] == nil {
			return 0, 0, fmt.Errorf("accessor %d does not exist", a)
		}
	}
	n := max(d.doc.Accessors[corners].Count, 0)
	switch p.Mode {
	case gltf.PrimitiveTriangles:
		tris = n / 3
	case gltf.PrimitiveTriangleStrip, gltf.PrimitiveTriangleFan:
		tris = max(n-2, 0)
	}
	return tris, max(d.doc.Accessors[pos].Count, 0), nil
}

// span checks that accessor a, of elements of size bytes, lies inside its
// buffer view and its buffer, so that gltf's modeler reads it without
// allocating more than the file holds or reading past its end.
func (d *decoder) span(a, size int) error {
	acc := d.doc.Accessors[a]
	switch {
	case acc.Sparse != nil:
		return fmt.Errorf("accessor %d is sparse, which yanchu does not read", a)
	case acc.BufferView == nil:
		return fmt.Errorf("accessor %d has no buffer view (compressed data is not read)", a)
	case acc.Count < 0 || acc.ByteOffset < 0:
		return fmt.Errorf("accessor %d has a negative count or offset", a)
	}
	v := *acc.BufferView
	if v < 0 || v >= len(d.doc.BufferViews) || d.doc.BufferViews[v] == nil {
		return fmt.Errorf("accessor %d uses buffer view %d, which does not exist", a, v)
	}
	bv := d.doc.BufferViews[v]
	if bv.Buffer < 0 || bv.Buffer >= len(d.doc.Buffers) {
		return fmt.Errorf("buffer view %d uses buffer %d, which does not exist", v, bv.Buffer)
	}
	n := len(d.doc.Buffers[bv.Buffer].Data)
	if bv.ByteOffset < 0 || bv.ByteLength < 0 || bv.ByteLength > n-bv.ByteOffset {
		return fmt.Errorf("buffer view %d lies outside buffer %d of %d bytes", v, bv.Buffer, n)
	}
	stride := bv.ByteStride
	if stride == 0 {
		stride = size
	}
	if stride < size || stride > 252 {
		return fmt.Errorf("buffer view %d has a stride of %d bytes for elements of %d", v, stride, size)
	}
	room := bv.ByteLength - acc.ByteOffset - size
	if acc.ByteOffset > bv.ByteLength || acc.Count > 0 && (room < 0 || (acc.Count-1) > room/stride) {
		return fmt.Errorf("accessor %d (%d elements) runs past the end of buffer view %d", a, acc.Count, v)
	}
	return nil
}

// primitive adds the triangles of p, placed by xf, to the mesh.
func (d *decoder) primitive(p *gltf.Primitive, xf affine) error {
	if tris, _, err := d.size(p); err != nil || tris == 0 {
		return err
	}
	a := p.Attributes[gltf.POSITION]
	acc := d.doc.Accessors[a]
	if acc.ComponentType != gltf.ComponentFloat || acc.Type != gltf.AccessorVec3 {
		return fmt.Errorf("POSITION accessor %d holds %v %v, want FLOAT VEC3 (quantized meshes are not read)", a, acc.ComponentType, acc.Type)
	}
	if err := d.span(a, 12); err != nil {
		return err
	}
	raw, err := modeler.ReadPosition(d.doc, acc, nil)
	if err != nil {
		return fmt.Errorf("POSITION accessor %d: %w", a, err)
	}
	var idx []uint32
	if p.Indices == nil {
		idx = make([]uint32, len(raw))
		for i := range idx {
			idx[i] = uint32(i)
		}
	} else if idx, err = d.indices(*p.Indices, len(raw)); err != nil {
		return err
	}
	// glTF (X, Y, Z) m is yanchu's (X, -Z, Y) mm: a rotation, so the winding holds.
	pos := make([]geom.Vec3, len(raw))
	for i, q := range raw {
		w := xf.apply(geom.V(float64(q[0]), float64(q[1]), float64(q[2])))
		pos[i] = geom.V(w.X*1000, -w.Z*1000, w.Y*1000)
		if !finite(pos[i]) {
			return fmt.Errorf("vertex %d of POSITION accessor %d is NaN or infinite (once placed by its node)", i, a)
		}
	}
	flip := xf.det() < 0
	step := 1
	if p.Mode == gltf.PrimitiveTriangles {
		step = 3
	}
	for k := 0; k+2 < len(idx); k += step {
		var t [3]uint32
		switch p.Mode {
		case gltf.PrimitiveTriangles:
			t = [3]uint32{idx[k], idx[k+1], idx[k+2]}
		case gltf.PrimitiveTriangleStrip:
			t = [3]uint32{idx[k], idx[k+1+k%2], idx[k+2-k%2]}
		default:
			t = [3]uint32{idx[k+1], idx[k+2], idx[0]}
		}
		a, b, c := pos[t[0]], pos[t[1]], pos[t[2]]
		if a == b || b == c || a == c {
			continue
		}
		if flip {
			b, c = c, b
		}
		d.out.Triangles = append(d.out.Triangles, [3]uint32{d.vertex(a), d.vertex(b), d.vertex(c)})
	}
	return nil
}

// indices returns the indices of accessor a, checking that each is below n.
func (d *decoder) indices(a, n int) ([]uint32, error) {
	acc := d.doc.Accessors[a]
	switch {
	case acc.Type != gltf.AccessorScalar:
		return nil, fmt.Errorf("index accessor %d is %v, want SCALAR", a, acc.Type)
	case acc.ComponentType != gltf.ComponentUbyte && acc.ComponentType != gltf.ComponentUshort && acc.ComponentType != gltf.ComponentUint:
		return nil, fmt.Errorf("index accessor %d holds %v, want unsigned integers", a, acc.ComponentType)
	}
	size := acc.ComponentType.ByteSize()
	if err := d.span(a, size); err != nil {
		return nil, err
	}
	if s := d.doc.BufferViews[*acc.BufferView].ByteStride; s != 0 && s != size {
		return nil, fmt.Errorf("index accessor %d has a stride of %d bytes; indices must be packed", a, s)
	}
	idx, err := modeler.ReadIndices(d.doc, acc, nil)
	if err != nil {
		return nil, fmt.Errorf("index accessor %d: %w", a, err)
	}
	for i, v := range idx {
		if int64(v) >= int64(n) {
			return nil, fmt.Errorf("index %d at %d of accessor %d is out of range: there are %d vertices", v, i, a, n)
		}
	}
	return idx, nil
}

// vertex returns the index of the mesh vertex at p, adding it when new.
func (d *decoder) vertex(p geom.Vec3) uint32 {
	if i, ok := d.weld[p]; ok {
		return i
	}
	i := uint32(len(d.out.Vertices))
	d.weld[p] = i
	d.out.Vertices = append(d.out.Vertices, p)
	return i
}

func finite(v geom.Vec3) bool { return v.X-v.X == 0 && v.Y-v.Y == 0 && v.Z-v.Z == 0 }
