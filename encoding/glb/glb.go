// Package glb writes yanchu meshes as binary glTF 2.0 (GLB) files for viewers and
// game engines, through github.com/qmuntal/gltf.
//
// glTF measures in metres with Y up; yanchu in millimetres with Z up. A point
// (x, y, z) mm becomes (x, z, -y)/1000 m, a rotation that keeps handedness, so
// triangles stay counter-clockwise seen from outside. Each body of the mesh is
// one primitive of a single mesh, with its own vertices, smooth normals and a
// metallic-roughness material.
package glb

import (
	"bytes"
	"fmt"
	"io"
	"math"

	"github.com/qmuntal/gltf"
	"github.com/qmuntal/gltf/modeler"

	"yanchu/geom"
	"yanchu/mesh"
)

// Options say what Encode writes besides the geometry. The zero value is useful.
type Options struct {
	// Names names the bodies, in the order of mesh.Analyze's Bodies (largest first);
	// each becomes the name of the body's material. Missing or empty names are
	// "body N" (N counting from 1). More names than bodies is an error.
	Names []string
	// Colors are the base colours of the bodies as sRGB components from 0 to 1, in
	// the order of Names. Bodies without one take the next colour of Palette.
	Colors [][3]float64
	// Turns, when set, animates the bodies, one Turn a body in the order of
	// Names: an animation of Seconds (4 unless set) that loops, each body's node
	// turning about its pivot.
	Turns   []Turn
	Seconds float64
	// Facts, when set, are m's facts (from mesh.Analyze or mesh.Closed), taken
	// instead of analysing m again.
	Facts *mesh.Facts
}

// Turn is a body's motion in the animation: Turns whole turns about Axis (in
// yanchu's frame, Z up) through the body's pivot. When SeatAngle or SeatMove
// is set, the body first takes its seat in the finished object (a lid on its
// box): turned by SeatAngle about SeatAxis through its pivot, then moved by
// SeatMove (mm); it turns from there, and is lifted by Lift · |sin(π t)| as
// the animation runs from t = 0 to 1.
type Turn struct {
	Axis      geom.Vec3
	Turns     float64
	SeatAxis  geom.Vec3
	SeatAngle float64
	SeatMove  geom.Vec3
	Lift      geom.Vec3
}

// Palette holds the sRGB base colours (components 0 to 1) given to bodies without
// a colour of their own, used in turn: terracotta, blue, sage, sand, violet, teal,
// amber, rose.
var Palette = [][3]float64{
	{0xE0 / 255.0, 0x7A / 255.0, 0x5F / 255.0},
	{0x3D / 255.0, 0x85 / 255.0, 0xC6 / 255.0},
	{0x81 / 255.0, 0xB2 / 255.0, 0x9A / 255.0},
	{0xF2 / 255.0, 0xCC / 255.0, 0x8F / 255.0},
	{0x9C / 255.0, 0x6A / 255.0, 0xDE / 255.0},
	{0x5F / 255.0, 0xB7 / 255.0, 0xC9 / 255.0},
	{0xE6 / 255.0, 0xA2 / 255.0, 0x3C / 255.0},
	{0xD4 / 255.0, 0x6A / 255.0, 0x92 / 255.0},
}

// Roughness is the roughness factor of every material (0 mirror, 1 matte); the
// metallic factor is 0.
const Roughness = 0.6

// Encode writes m to w as a GLB file: one scene with a root node and, under it,
// a node, a mesh and a material per body. It refuses a mesh that mesh.Validate
// rejects. Positions are float32 metres with their bounds, normals are the
// area-weighted average of the faces around each vertex, and indices are uint16
// where a body has fewer than 65,535 vertices and uint32 otherwise. The same mesh
// and options always give the same bytes.
func Encode(w io.Writer, m *mesh.Mesh, opt Options) error {
	facts := mesh.Known(m, opt.Facts)
	if err := facts.Err(); err != nil {
		return fmt.Errorf("glb: refusing to write an invalid mesh (this is a bug in yanchu): %w", err)
	}
	nb := len(facts.Bodies)
	if len(opt.Names) > nb {
		return fmt.Errorf("glb: %d names given for %d bodies", len(opt.Names), nb)
	}
	if len(opt.Colors) > nb {
		return fmt.Errorf("glb: %d colours given for %d bodies", len(opt.Colors), nb)
	}
	for i, c := range opt.Colors {
		for _, v := range c {
			if !(v >= 0 && v <= 1) {
				return fmt.Errorf("glb: colour %d is %v, want sRGB components from 0 to 1", i, c)
			}
		}
	}

	bodyTris := make([][]int, nb)
	for i, b := range facts.TriangleBody {
		bodyTris[b] = append(bodyTris[b], i)
	}
	doc := gltf.NewDocument()
	doc.Asset.Generator = "yanchu"
	doc.Scenes[0].Name = "yanchu"
	root := &gltf.Node{Name: "yanchu"}
	doc.Nodes = []*gltf.Node{root}
	palette := 0
	for b, tris := range bodyTris {
		name := fmt.Sprintf("body %d", b+1)
		if b < len(opt.Names) && opt.Names[b] != "" {
			name = opt.Names[b]
		}
		var srgb [3]float64
		if b < len(opt.Colors) {
			srgb = opt.Colors[b]
		} else {
			srgb = Palette[palette%len(Palette)]
			palette++
		}
		doc.Materials = append(doc.Materials, &gltf.Material{
			Name: name,
			PBRMetallicRoughness: &gltf.PBRMetallicRoughness{
				BaseColorFactor: &[4]float64{linear(srgb[0]), linear(srgb[1]), linear(srgb[2]), 1},
				MetallicFactor:  gltf.Float(0),
				RoughnessFactor: gltf.Float(Roughness),
			},
		})
		// The body's pivot is the middle of its box: a shell, a gear or a lid
		// turns about it, and an engine turns the node.
		pivot := facts.Bodies[b].Bounds.Center()
		pos, nrm, idx := body(m, tris, pivot)
		doc.Meshes = append(doc.Meshes, &gltf.Mesh{Name: name, Primitives: []*gltf.Primitive{{
			Mode:     gltf.PrimitiveTriangles,
			Material: gltf.Index(b),
			Indices:  gltf.Index(modeler.WriteIndices(doc, idx)),
			Attributes: gltf.PrimitiveAttributes{
				gltf.POSITION: modeler.WritePosition(doc, pos),
				gltf.NORMAL:   modeler.WriteNormal(doc, nrm),
			},
		}}})
		t := toGLTF(pivot, 0.001)
		root.Children = append(root.Children, len(doc.Nodes))
		doc.Nodes = append(doc.Nodes, &gltf.Node{Name: name, Mesh: gltf.Index(len(doc.Meshes) - 1),
			Translation: [3]float64{float64(t[0]), float64(t[1]), float64(t[2])}})
	}
	doc.Scenes[0].Nodes = []int{0}
	if len(opt.Turns) > 0 {
		if len(opt.Turns) != nb {
			return fmt.Errorf("glb: %d turns given for %d bodies", len(opt.Turns), nb)
		}
		seconds := opt.Seconds
		if seconds == 0 {
			seconds = 4
		}
		if !(seconds > 0) || math.IsInf(seconds, 0) {
			return fmt.Errorf("glb: an animation of %g seconds", seconds)
		}
		animate(doc, opt.Turns, seconds)
	}

	// gltf's encoder ignores some write errors, so encode in memory first.
	var buf bytes.Buffer
	if err := gltf.NewEncoder(&buf).Encode(doc); err != nil {
		return fmt.Errorf("glb: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("glb: %w", err)
	}
	return nil
}

// body returns the glTF positions (m, from the pivot), unit normals and indices
// of the triangles tris of m, with the vertices they use numbered in order of first use. Indices
// are []uint16 or []uint32.
func body(m *mesh.Mesh, tris []int, pivot geom.Vec3) (pos, nrm [][3]float32, indices any) {
	local := make(map[uint32]uint32, len(tris)/2+3)
	var verts []uint32
	idx := make([]uint32, 0, 3*len(tris))
	for _, t := range tris {
		for _, v := range m.Triangles[t] {
			l, ok := local[v]
			if !ok {
				l = uint32(len(verts))
				local[v] = l
				verts = append(verts, v)
			}
			idx = append(idx, l)
		}
	}
	sum := make([]geom.Vec3, len(verts))
	fallback := make([]geom.Vec3, len(verts))
	for k, t := range tris {
		tri := m.Triangles[t]
		a, b, c := m.Vertices[tri[0]], m.Vertices[tri[1]], m.Vertices[tri[2]]
		n := b.Sub(a).Cross(c.Sub(a)) // twice the area times the unit normal
		for j := 0; j < 3; j++ {
			l := idx[3*k+j]
			sum[l] = sum[l].Add(n)
			if fallback[l] == (geom.Vec3{}) {
				fallback[l] = m.Normal(t)
			}
		}
	}
	pos = make([][3]float32, len(verts))
	nrm = make([][3]float32, len(verts))
	for l, v := range verts {
		pos[l] = toGLTF(m.Vertices[v].Sub(pivot), 0.001)
		n := unit(sum[l])
		if n == (geom.Vec3{}) {
			n = unit(fallback[l])
		}
		if n == (geom.Vec3{}) {
			n = geom.V(0, 0, 1)
		}
		nrm[l] = toGLTF(n, 1)
	}
	if len(verts) < math.MaxUint16 {
		small := make([]uint16, len(idx))
		for i, v := range idx {
			small[i] = uint16(v)
		}
		return pos, nrm, small
	}
	return pos, nrm, idx
}

// unit returns v scaled to length 1, or zero when v has no usable length.
func unit(v geom.Vec3) geom.Vec3 {
	l := v.Len()
	if !(l > 0) || math.IsInf(l, 0) {
		return geom.Vec3{}
	}
	return v.Scale(1 / l)
}

// quatMul returns the quaternion product p·q (x, y, z, w): q's turn, then p's.
func quatMul(p, q [4]float64) [4]float64 {
	return [4]float64{
		p[3]*q[0] + p[0]*q[3] + p[1]*q[2] - p[2]*q[1],
		p[3]*q[1] - p[0]*q[2] + p[1]*q[3] + p[2]*q[0],
		p[3]*q[2] + p[0]*q[1] - p[1]*q[0] + p[2]*q[3],
		p[3]*q[3] - p[0]*q[0] - p[1]*q[1] - p[2]*q[2],
	}
}

// toGLTF turns a Z-up vector into glTF's Y-up axes and scales it by s.
func toGLTF(v geom.Vec3, s float64) [3]float32 {
	return [3]float32{float32(v.X * s), float32(v.Z * s), float32(-v.Y * s)}
}

// linear converts an sRGB component (0 to 1) to linear light, as glTF's base
// colour factor wants.
func linear(c float64) float64 {
	if c <= 0.04045 {
		return c / 12.92
	}
	return math.Pow((c+0.055)/1.055, 2.4)
}

// keysPerTurn is how many keyframes a whole turn takes: linear interpolation
// of quaternions a sixteenth of a turn apart strays under 0.2° from the turn.
const keysPerTurn = 16

// liftKeys is how many keyframes a lift takes: |sin| sampled 32 times a
// half wave strays under 0.5% of the lift from it.
const liftKeys = 33

// animate adds one animation in which body node b+1 moves as turns[b] says.
func animate(doc *gltf.Document, turns []Turn, seconds float64) {
	an := &gltf.Animation{Name: "bodies"}
	channel := func(b int, path gltf.TRSProperty, times []float32, values any) {
		in := modeler.WriteAccessor(doc, gltf.TargetNone, times)
		doc.Accessors[in].Min = []float64{0}
		doc.Accessors[in].Max = []float64{float64(times[len(times)-1])}
		out := modeler.WriteAccessor(doc, gltf.TargetNone, values)
		an.Samplers = append(an.Samplers, &gltf.AnimationSampler{Input: in, Output: out, Interpolation: gltf.InterpolationLinear})
		an.Channels = append(an.Channels, &gltf.AnimationChannel{Sampler: len(an.Samplers) - 1,
			Target: gltf.AnimationChannelTarget{Node: gltf.Index(b + 1), Path: path}})
	}
	for b, t := range turns {
		axis := unit(t.Axis)
		seated := t.SeatAngle != 0 && unit(t.SeatAxis) != (geom.Vec3{})
		spins := axis != (geom.Vec3{}) && t.Turns != 0
		if spins || seated {
			// The seat's turn, then the spin: q = spin · seat.
			seat := [4]float64{0, 0, 0, 1}
			if seated {
				a := toGLTF(unit(t.SeatAxis), 1)
				s := math.Sin(t.SeatAngle / 2)
				seat = [4]float64{float64(a[0]) * s, float64(a[1]) * s, float64(a[2]) * s, math.Cos(t.SeatAngle / 2)}
			}
			n := 2
			if spins {
				n = int(math.Ceil(math.Abs(t.Turns)*keysPerTurn)) + 1
			}
			a := toGLTF(axis, 1)
			times := make([]float32, n)
			rot := make([][4]float32, n)
			for k := range n {
				f := float64(k) / float64(n-1)
				times[k] = float32(f * seconds)
				spin := [4]float64{0, 0, 0, 1}
				if spins {
					half := math.Pi * t.Turns * f
					s := math.Sin(half)
					spin = [4]float64{float64(a[0]) * s, float64(a[1]) * s, float64(a[2]) * s, math.Cos(half)}
				}
				q := quatMul(spin, seat)
				rot[k] = [4]float32{float32(q[0]), float32(q[1]), float32(q[2]), float32(q[3])}
			}
			channel(b, gltf.TRSRotation, times, rot)
		}
		if t.SeatMove != (geom.Vec3{}) || t.Lift != (geom.Vec3{}) {
			// The node stands at the body's pivot; it moves to its seat and
			// lifts from there.
			rest := doc.Nodes[b+1].Translation
			times := make([]float32, liftKeys)
			at := make([][3]float32, liftKeys)
			for k := range liftKeys {
				f := float64(k) / float64(liftKeys-1)
				times[k] = float32(f * seconds)
				d := toGLTF(t.SeatMove.Add(t.Lift.Scale(math.Abs(math.Sin(math.Pi*f)))), 0.001)
				at[k] = [3]float32{float32(rest[0]) + d[0], float32(rest[1]) + d[1], float32(rest[2]) + d[2]}
			}
			channel(b, gltf.TRSTranslation, times, at)
		}
	}
	if len(an.Channels) > 0 {
		doc.Animations = append(doc.Animations, an)
	}
}
