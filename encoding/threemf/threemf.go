// Package threemf writes and reads yanchu meshes as 3MF files (3D Manufacturing
// Format, core specification) through github.com/hpinc/go3mf.
//
// A written file holds exactly one object whose single mesh contains every body,
// and one build item. Slicers split separate objects, and even the components of
// one object, apart on the bed, which pulls nested shells such as a puzzle ball to
// pieces; one mesh stays nested. The bodies are still named as parts through
// PrusaSlicer's own metadata (Metadata/Slic3r_PE_model.config), which lists the
// triangle range of each part: the triangles of each body are written contiguously.
// PrusaSlicer 2.5 then reports one object and keeps every part, its name and its
// place; when a body does not enclose a positive volume on its own, the ranges are
// left out (see Encode).
package threemf

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/hpinc/go3mf"

	"yanchu/mesh"
)

// MaxTriangles is the most triangles Decode accepts, counted after build items and
// components are expanded.
const MaxTriangles = 20_000_000

// Options say what Encode writes besides the geometry. The zero value is useful.
type Options struct {
	// Names names the bodies, in the order of mesh.Analyze's Bodies (largest first).
	// It may be shorter than the list of bodies or hold empty strings; those bodies
	// are called "body N" (N counting from 1). More names than bodies is an error.
	Names []string
	// Title is the model's title metadata and the object's name; "yanchu" when empty.
	Title string
}

// prusaConfigPath is where PrusaSlicer looks for its per-object and per-volume
// settings inside a 3MF package.
const prusaConfigPath = "/Metadata/Slic3r_PE_model.config"

// Encode writes m to w as a 3MF package in millimetres. It refuses a mesh that
// mesh.Validate rejects. Coordinates are written as the float32 nearest to each
// vertex, in the shortest decimal form that reads back to that float32; Encode
// fails if that rounding makes two corners of a triangle coincide.
//
// The bodies are named as parts in Metadata/Slic3r_PE_model.config only when
// each body, as mesh.Analyze groups them, encloses a positive volume: PrusaSlicer
// turns a part that is only a cavity inside out. Otherwise the file holds the
// same single mesh without part names.
//
// The bytes depend only on m and opt: relationship ids are fixed, the zip entries
// carry 1980-01-01 00:00 as their time and no extra fields, and the content types
// are sorted (see normalizeZip).
func Encode(w io.Writer, m *mesh.Mesh, opt Options) error {
	if err := mesh.Validate(m); err != nil {
		return fmt.Errorf("threemf: refusing to write an invalid mesh (this is a bug in yanchu): %w", err)
	}
	facts := mesh.Analyze(m)
	if len(opt.Names) > len(facts.Bodies) {
		return fmt.Errorf("threemf: %d names given for %d bodies", len(opt.Names), len(facts.Bodies))
	}
	title := opt.Title
	if title == "" {
		title = "yanchu"
	}

	gm, ranges, err := bodyOrderedMesh(m, facts)
	if err != nil {
		return err
	}
	model := &go3mf.Model{
		Units:    go3mf.UnitMillimeter,
		Language: "en-US",
		Metadata: []go3mf.Metadata{
			{Name: xml.Name{Local: "Title"}, Value: title},
			{Name: xml.Name{Local: "Application"}, Value: "yanchu"},
		},
		Resources: go3mf.Resources{Objects: []*go3mf.Object{{
			ID:   1,
			Name: title,
			Type: go3mf.ObjectTypeModel,
			Mesh: gm,
		}}},
		Build: go3mf.Build{Items: []*go3mf.Item{{ObjectID: 1}}},
	}
	if partsAreSolid(gm, ranges) {
		names := make([]string, len(ranges))
		for i := range names {
			if i < len(opt.Names) && opt.Names[i] != "" {
				names[i] = opt.Names[i]
			} else {
				names[i] = "body " + strconv.Itoa(i+1)
			}
		}
		model.Attachments = []go3mf.Attachment{{
			Path:        prusaConfigPath,
			ContentType: "application/xml",
			Stream:      bytes.NewReader(prusaConfig(1, title, names, ranges)),
		}}
	}

	// go3mf adds its own relationship to the root model part only when none of the
	// same type and target is there, so this one, with its fixed id, replaces it.
	model.RootRelationships = []go3mf.Relationship{{
		ID:   "rel0",
		Type: go3mf.RelType3DModel,
		Path: model.PathOrDefault(),
	}}

	var buf bytes.Buffer
	enc := go3mf.NewEncoder(&buf)
	enc.FloatPrecision = -1
	if err := enc.Encode(model); err != nil {
		return fmt.Errorf("threemf: %w", err)
	}
	if err := normalizeZip(w, buf.Bytes()); err != nil {
		return fmt.Errorf("threemf: %w", err)
	}
	return nil
}

// bodyOrderedMesh converts m to a go3mf mesh whose triangles are grouped by body
// in the order of facts.Bodies, keeping their order within a body, and whose
// vertices are numbered in order of first use. It returns the first and last
// triangle index of each body.
func bodyOrderedMesh(m *mesh.Mesh, facts *mesh.Facts) (*go3mf.Mesh, [][2]int, error) {
	nb := len(facts.Bodies)
	start := make([]int, nb+1)
	for _, b := range facts.TriangleBody {
		start[b+1]++
	}
	for i := 1; i <= nb; i++ {
		start[i] += start[i-1]
	}
	ranges := make([][2]int, nb)
	for i := range ranges {
		ranges[i] = [2]int{start[i], start[i+1] - 1}
	}
	order := make([]int, len(m.Triangles))
	next := append([]int(nil), start[:nb]...)
	for i, b := range facts.TriangleBody {
		order[next[b]] = i
		next[b]++
	}

	const unset = math.MaxUint32
	newIndex := make([]uint32, len(m.Vertices))
	for i := range newIndex {
		newIndex[i] = unset
	}
	gm := &go3mf.Mesh{}
	gm.Vertices.Vertex = make([]go3mf.Point3D, 0, len(m.Vertices))
	gm.Triangles.Triangle = make([]go3mf.Triangle, len(m.Triangles))
	for k, i := range order {
		var t [3]uint32
		for c, v := range m.Triangles[i] {
			if newIndex[v] == unset {
				p := m.Vertices[v]
				newIndex[v] = uint32(len(gm.Vertices.Vertex))
				gm.Vertices.Vertex = append(gm.Vertices.Vertex,
					go3mf.Point3D{float32(p.X), float32(p.Y), float32(p.Z)})
			}
			t[c] = newIndex[v]
		}
		vs := gm.Vertices.Vertex
		if vs[t[0]] == vs[t[1]] || vs[t[1]] == vs[t[2]] || vs[t[2]] == vs[t[0]] {
			return nil, nil, fmt.Errorf("threemf: two corners of triangle %d coincide at float32 precision", i)
		}
		gm.Triangles.Triangle[k] = go3mf.Triangle{V1: t[0], V2: t[1], V3: t[2]}
	}
	return gm, ranges, nil
}

// partsAreSolid reports whether every triangle range encloses a positive volume.
// PrusaSlicer repairs each part on its own and turns a part that is only a cavity
// inside out, filling it (measured with PrusaSlicer 2.5: a 16 mm cavity written as
// its own part raised the --info volume from 4904 to 13096 mm³). A body as
// mesh.Analyze defines it holds its cavities, so this holds for a correct analysis;
// when it does not, no part ranges are written and the mesh is one part.
func partsAreSolid(gm *go3mf.Mesh, ranges [][2]int) bool {
	vs := gm.Vertices.Vertex
	for _, r := range ranges {
		var sum float64
		for _, t := range gm.Triangles.Triangle[r[0] : r[1]+1] {
			a, b, c := vs[t.V1], vs[t.V2], vs[t.V3]
			ax, ay, az := float64(a[0]), float64(a[1]), float64(a[2])
			bx, by, bz := float64(b[0]), float64(b[1]), float64(b[2])
			cx, cy, cz := float64(c[0]), float64(c[1]), float64(c[2])
			sum += ax*(by*cz-bz*cy) + ay*(bz*cx-bx*cz) + az*(bx*cy-by*cx)
		}
		if !(sum > 0) {
			return false
		}
	}
	return true
}

// prusaConfig returns PrusaSlicer's model configuration naming each triangle
// range of object id as a part (a "volume" in PrusaSlicer's terms).
func prusaConfig(id uint32, title string, names []string, ranges [][2]int) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString("<config>\n")
	fmt.Fprintf(&b, " <object id=\"%d\" instances_count=\"1\">\n", id)
	fmt.Fprintf(&b, "  <metadata type=\"object\" key=\"name\" value=\"%s\"/>\n", attr(title))
	for i, r := range ranges {
		fmt.Fprintf(&b, "  <volume firstid=\"%d\" lastid=\"%d\">\n", r[0], r[1])
		fmt.Fprintf(&b, "   <metadata type=\"volume\" key=\"name\" value=\"%s\"/>\n", attr(names[i]))
		b.WriteString("   <metadata type=\"volume\" key=\"volume_type\" value=\"ModelPart\"/>\n")
		b.WriteString("  </volume>\n")
	}
	b.WriteString(" </object>\n</config>\n")
	return b.Bytes()
}

// attr escapes s for use inside a double-quoted XML attribute.
func attr(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s)) // writes to a bytes.Buffer cannot fail
	return b.String()
}
