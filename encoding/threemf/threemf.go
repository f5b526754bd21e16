// Package threemf writes and reads yanchu meshes as 3MF files (3D Manufacturing
// Format, core specification). Encode writes the package itself; Decode reads
// through github.com/hpinc/go3mf, which the tests also use to check Encode.
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
	"strings"

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
	// Facts, when set, are m's facts (from mesh.Analyze or mesh.Closed), taken
	// instead of analysing m again.
	Facts *mesh.Facts
}

// prusaConfigPath is where PrusaSlicer looks for its per-object and per-volume
// settings inside a 3MF package.
const prusaConfigPath = "/Metadata/Slic3r_PE_model.config"

// Encode writes m to w as a 3MF package in millimetres. It refuses a mesh that
// mesh.Validate rejects, before writing anything. Coordinates are written as the
// float32 nearest to each vertex, in the shortest decimal form that reads back to
// that float32; Encode fails if that rounding makes two corners of a triangle
// coincide.
//
// The bodies are named as parts in Metadata/Slic3r_PE_model.config only when
// each body, as mesh.Analyze groups them, encloses a positive volume: PrusaSlicer
// turns a part that is only a cavity inside out. Otherwise the file holds the
// same single mesh without part names.
//
// The package is streamed to w; its bytes depend only on m and opt (see
// writePackage).
func Encode(w io.Writer, m *mesh.Mesh, opt Options) error {
	facts := mesh.Known(m, opt.Facts)
	if err := facts.Err(); err != nil {
		return fmt.Errorf("threemf: refusing to write an invalid mesh (this is a bug in yanchu): %w", err)
	}
	if len(opt.Names) > len(facts.Bodies) {
		return fmt.Errorf("threemf: %d names given for %d bodies", len(opt.Names), len(facts.Bodies))
	}
	title := opt.Title
	if title == "" {
		title = "yanchu"
	}
	l, err := layOut(m, facts)
	if err != nil {
		return err
	}
	var config string
	if l.partsAreSolid() {
		names := make([]string, len(l.ranges))
		for i := range names {
			if i < len(opt.Names) && opt.Names[i] != "" {
				names[i] = opt.Names[i]
			} else {
				names[i] = "body " + strconv.Itoa(i+1)
			}
		}
		config = prusaConfig(1, title, names, l.ranges)
	}
	if err := writePackage(w, config, func(w io.Writer) error { return l.writeModel(w, title) }); err != nil {
		return fmt.Errorf("threemf: %w", err)
	}
	return nil
}

// layout is the order in which Encode writes a mesh: its triangles grouped by
// body in the order of mesh.Analyze's Bodies, keeping their order within a body,
// and its vertices numbered in order of first use by those triangles.
type layout struct {
	m      *mesh.Mesh
	order  []uint32  // the mesh's triangle written k-th
	verts  []uint32  // the mesh's vertex written i-th
	index  []uint32  // the written number of each mesh vertex
	ranges [][2]int  // first and last written triangle of each body
	volume []float64 // six times the signed volume of each body, at float32 precision (mm³)
}

// layOut orders m by the bodies of facts. It fails if rounding the vertices to
// float32 makes two corners of a triangle coincide.
func layOut(m *mesh.Mesh, facts *mesh.Facts) (*layout, error) {
	nb := len(facts.Bodies)
	start := make([]int, nb+1)
	for _, b := range facts.TriangleBody {
		start[b+1]++
	}
	for i := 1; i <= nb; i++ {
		start[i] += start[i-1]
	}
	l := &layout{
		m:      m,
		order:  make([]uint32, len(m.Triangles)),
		verts:  make([]uint32, 0, len(m.Vertices)),
		index:  make([]uint32, len(m.Vertices)),
		ranges: make([][2]int, nb),
		volume: make([]float64, nb),
	}
	for i := range l.ranges {
		l.ranges[i] = [2]int{start[i], start[i+1] - 1}
	}
	next := append([]int(nil), start[:nb]...)
	for i, b := range facts.TriangleBody {
		l.order[next[b]] = uint32(i)
		next[b]++
	}

	const unset = math.MaxUint32
	for i := range l.index {
		l.index[i] = unset
	}
	for b, r := range l.ranges {
		var sum float64
		for _, i := range l.order[r[0] : r[1]+1] {
			var c [3][3]float32
			for k, v := range m.Triangles[i] {
				if l.index[v] == unset {
					l.index[v] = uint32(len(l.verts))
					l.verts = append(l.verts, v)
				}
				p := m.Vertices[v]
				c[k] = [3]float32{float32(p.X), float32(p.Y), float32(p.Z)}
			}
			if c[0] == c[1] || c[1] == c[2] || c[2] == c[0] {
				return nil, fmt.Errorf("threemf: two corners of triangle %d coincide at float32 precision", i)
			}
			ax, ay, az := float64(c[0][0]), float64(c[0][1]), float64(c[0][2])
			bx, by, bz := float64(c[1][0]), float64(c[1][1]), float64(c[1][2])
			cx, cy, cz := float64(c[2][0]), float64(c[2][1]), float64(c[2][2])
			sum += ax*(by*cz-bz*cy) + ay*(bz*cx-bx*cz) + az*(bx*cy-by*cx)
		}
		l.volume[b] = sum
	}
	return l, nil
}

// partsAreSolid reports whether every body encloses a positive volume on its own.
// PrusaSlicer repairs each part on its own and turns a part that is only a cavity
// inside out, filling it (measured with PrusaSlicer 2.5: a 16 mm cavity written as
// its own part raised the --info volume from 4904 to 13096 mm³). A body as
// mesh.Analyze defines it holds its cavities, so this holds for a correct analysis;
// when it does not, no part ranges are written and the mesh is one part.
func (l *layout) partsAreSolid() bool {
	for _, v := range l.volume {
		if !(v > 0) {
			return false
		}
	}
	return true
}

// modelHead opens the model part up to the object's name attribute.
const modelHead = xml.Header + `<model xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02"` +
	` unit="millimeter" xml:lang="en-US">`

// chunk is how many bytes of XML writeModel gathers before handing them to w.
const chunk = 64 << 10

// writeModel writes the 3D model part to w: the title and application metadata,
// one object named title holding the whole mesh, and one build item.
func (l *layout) writeModel(w io.Writer, title string) error {
	esc := attr(title)
	b := make([]byte, 0, chunk+256)
	b = append(b, modelHead...)
	b = append(b, `<metadata name="Title">`...)
	b = append(b, esc...)
	b = append(b, `</metadata><metadata name="Application">yanchu</metadata><resources><object id="1" name="`...)
	b = append(b, esc...)
	b = append(b, `"><mesh><vertices>`...)
	for _, v := range l.verts {
		p := l.m.Vertices[v]
		b = append(b, `<vertex x="`...)
		b = strconv.AppendFloat(b, float64(float32(p.X)), 'f', -1, 32)
		b = append(b, `" y="`...)
		b = strconv.AppendFloat(b, float64(float32(p.Y)), 'f', -1, 32)
		b = append(b, `" z="`...)
		b = strconv.AppendFloat(b, float64(float32(p.Z)), 'f', -1, 32)
		b = append(b, `"/>`...)
		if len(b) >= chunk {
			if _, err := w.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
	}
	b = append(b, `</vertices><triangles>`...)
	for _, i := range l.order {
		t := l.m.Triangles[i]
		b = append(b, `<triangle v1="`...)
		b = strconv.AppendUint(b, uint64(l.index[t[0]]), 10)
		b = append(b, `" v2="`...)
		b = strconv.AppendUint(b, uint64(l.index[t[1]]), 10)
		b = append(b, `" v3="`...)
		b = strconv.AppendUint(b, uint64(l.index[t[2]]), 10)
		b = append(b, `"/>`...)
		if len(b) >= chunk {
			if _, err := w.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
	}
	b = append(b, `</triangles></mesh></object></resources><build><item objectid="1"/></build></model>`...)
	_, err := w.Write(b)
	return err
}

// prusaConfig returns PrusaSlicer's model configuration naming each triangle
// range of object id as a part (a "volume" in PrusaSlicer's terms).
func prusaConfig(id uint32, title string, names []string, ranges [][2]int) string {
	var b strings.Builder
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
	return b.String()
}

// attr escapes s for use inside a double-quoted XML attribute or as character data.
func attr(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s)) // writes to a bytes.Buffer cannot fail
	return b.String()
}
