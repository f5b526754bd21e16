package threemf

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/hpinc/go3mf"

	"yanchu/geom"
	"yanchu/mesh"
)

// maxModelBytes caps the uncompressed size of the model parts Decode reads. A
// triangle takes at least about 30 bytes of XML, so MaxTriangles fit well inside.
const maxModelBytes = 2 << 30

// maxDepth caps how deeply components may nest.
const maxDepth = 32

// maxTriangles is MaxTriangles, lowered by tests.
var maxTriangles = MaxTriangles

// Decode reads the 3MF package of size bytes in r and returns one mesh holding
// every build item: the meshes of the objects the items refer to, through their
// components, with the item and component transforms applied and the units
// converted to millimetres. Objects of type support, surface and other are left
// out. Vertices are not merged across objects or instances. A transform that
// mirrors reverses the triangles so that they still face out.
//
// Decode refuses packages whose model parts uncompress to more than 2 GiB, and
// meshes of more than MaxTriangles triangles. It does not validate the mesh; run
// mesh.Validate or mesh.Analyze on the result.
func Decode(r io.ReaderAt, size int64) (*mesh.Mesh, error) {
	if err := checkSizes(r, size); err != nil {
		return nil, err
	}
	var model go3mf.Model
	err := go3mf.NewDecoder(r, size).Decode(&model)
	var opcErr interface{ Code() int }
	if errors.As(err, &opcErr) && opcErr.Code() == opcMissingContentType {
		// PrusaSlicer 2.5 writes Metadata/*.config parts without declaring their
		// content type, which go3mf's package reader refuses.
		fixed, ferr := declareContentTypes(r, size)
		if ferr != nil {
			return nil, ferr
		}
		model = go3mf.Model{}
		err = go3mf.NewDecoder(bytes.NewReader(fixed), int64(len(fixed))).Decode(&model)
	}
	if err != nil {
		return nil, fmt.Errorf("threemf: %w", err)
	}
	scale, ok := unitScale[model.Units]
	if !ok {
		return nil, fmt.Errorf("threemf: unknown unit %d", model.Units)
	}
	if len(model.Build.Items) == 0 {
		return nil, errors.New("threemf: the build has no items")
	}
	d := decoder{model: &model, out: &mesh.Mesh{}}
	top := affine{{scale, 0, 0, 0}, {0, scale, 0, 0}, {0, 0, scale, 0}}
	for i, item := range model.Build.Items {
		path := item.ObjectPath()
		if path == "" {
			path = model.PathOrDefault()
		}
		if err := d.object(path, item.ObjectID, top.after(toAffine(item.Transform)), 0); err != nil {
			return nil, fmt.Errorf("threemf: build item %d: %w", i, err)
		}
	}
	if len(d.out.Triangles) == 0 {
		return nil, errors.New("threemf: the build holds no triangles")
	}
	return d.out, nil
}

// checkSizes refuses a package whose model parts would uncompress to more than
// maxModelBytes, before anything is decompressed. archive/zip fails a read that
// goes past the size an entry declares.
func checkSizes(r io.ReaderAt, size int64) error {
	z, err := zip.NewReader(r, size)
	if err != nil {
		return fmt.Errorf("threemf: not a 3MF package: %w", err)
	}
	var total uint64
	for _, f := range z.File {
		if strings.HasSuffix(strings.ToLower(f.Name), ".model") {
			total += f.UncompressedSize64
		}
	}
	if total > maxModelBytes {
		return fmt.Errorf("threemf: the model parts uncompress to %d bytes, more than the %d allowed", total, maxModelBytes)
	}
	return nil
}

// opcMissingContentType is the code of github.com/qmuntal/opc's error for a part
// whose content type [Content_Types].xml does not give.
const opcMissingContentType = 208

// contentTypes is the part of [Content_Types].xml that says which parts are typed.
type contentTypes struct {
	Defaults []struct {
		Extension string `xml:"Extension,attr"`
	} `xml:"Default"`
	Overrides []struct {
		PartName string `xml:"PartName,attr"`
	} `xml:"Override"`
}

// declareContentTypes returns a copy of the package in r whose [Content_Types].xml
// gives every part a content type, application/octet-stream for those it lacked.
// The other entries are copied without being decompressed.
func declareContentTypes(r io.ReaderAt, size int64) ([]byte, error) {
	z, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("threemf: not a 3MF package: %w", err)
	}
	const ctName = "[Content_Types].xml"
	var ctFile *zip.File
	for _, f := range z.File {
		if strings.EqualFold(f.Name, ctName) {
			ctFile = f
		}
	}
	if ctFile == nil || ctFile.UncompressedSize64 > 1<<20 {
		return nil, errors.New("threemf: the package's [Content_Types].xml is missing or too large")
	}
	rc, err := ctFile.Open()
	if err != nil {
		return nil, fmt.Errorf("threemf: %w", err)
	}
	raw, err := io.ReadAll(rc)
	if cerr := rc.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("threemf: reading %s: %w", ctName, err)
	}
	var ct contentTypes
	if err := xml.Unmarshal(raw, &ct); err != nil {
		return nil, fmt.Errorf("threemf: reading %s: %w", ctName, err)
	}
	typed := map[string]bool{}
	for _, d := range ct.Defaults {
		typed["."+strings.ToLower(d.Extension)] = true
	}
	for _, o := range ct.Overrides {
		typed[strings.ToLower(o.PartName)] = true
	}
	var extra strings.Builder
	for _, f := range z.File {
		name := "/" + f.Name
		ext := strings.ToLower(path.Ext(name))
		if f == ctFile || strings.HasSuffix(name, "/") || ext == ".rels" || typed[ext] || typed[strings.ToLower(name)] {
			continue
		}
		if ext != "" && ext != "." {
			typed[ext] = true
			fmt.Fprintf(&extra, `<Default Extension="%s" ContentType="application/octet-stream"/>`, attr(ext[1:]))
		} else {
			typed[strings.ToLower(name)] = true
			fmt.Fprintf(&extra, `<Override PartName="%s" ContentType="application/octet-stream"/>`, attr(name))
		}
	}
	end := bytes.LastIndex(raw, []byte("</"))
	if end < 0 {
		return nil, fmt.Errorf("threemf: reading %s: no closing element", ctName)
	}
	fixedCT := slices.Concat(raw[:end], []byte(extra.String()), raw[end:])

	var out bytes.Buffer
	w := zip.NewWriter(&out)
	for _, f := range z.File {
		if f == ctFile {
			fw, err := w.Create(ctName)
			if err == nil {
				_, err = fw.Write(fixedCT)
			}
			if err != nil {
				return nil, fmt.Errorf("threemf: %w", err)
			}
			continue
		}
		fr, err := f.OpenRaw()
		if err != nil {
			return nil, fmt.Errorf("threemf: %w", err)
		}
		fw, err := w.CreateRaw(&f.FileHeader)
		if err == nil {
			_, err = io.Copy(fw, fr)
		}
		if err != nil {
			return nil, fmt.Errorf("threemf: copying %s: %w", f.Name, err)
		}
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("threemf: %w", err)
	}
	return out.Bytes(), nil
}

// unitScale converts each 3MF unit to millimetres.
var unitScale = map[go3mf.Units]float64{
	go3mf.UnitMillimeter: 1,
	go3mf.UnitMicrometer: 0.001,
	go3mf.UnitCentimeter: 10,
	go3mf.UnitInch:       25.4,
	go3mf.UnitFoot:       304.8,
	go3mf.UnitMeter:      1000,
}

// decoder gathers the meshes of a model into out.
type decoder struct {
	model *go3mf.Model
	out   *mesh.Mesh
}

// object appends object id of the model part at path, placed by a.
func (d *decoder) object(path string, id uint32, a affine, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("components nest deeper than %d levels", maxDepth)
	}
	obj, ok := d.model.FindObject(path, id)
	if !ok {
		return fmt.Errorf("object %d in %s does not exist", id, path)
	}
	switch {
	case obj.Mesh != nil:
		if obj.Type != go3mf.ObjectTypeModel && obj.Type != go3mf.ObjectTypeSolidSupport {
			return nil
		}
		if err := d.mesh(obj.Mesh, a); err != nil {
			return fmt.Errorf("object %d: %w", id, err)
		}
	case obj.Components != nil:
		for i, c := range obj.Components.Component {
			if err := d.object(c.ObjectPath(path), c.ObjectID, a.after(toAffine(c.Transform)), depth+1); err != nil {
				return fmt.Errorf("object %d component %d: %w", id, i, err)
			}
		}
	}
	return nil
}

// mesh appends gm placed by a.
func (d *decoder) mesh(gm *go3mf.Mesh, a affine) error {
	vs, ts := gm.Vertices.Vertex, gm.Triangles.Triangle
	if len(d.out.Triangles)+len(ts) > maxTriangles {
		return fmt.Errorf("more than %d triangles", maxTriangles)
	}
	if len(d.out.Vertices)+len(vs) > 3*maxTriangles {
		return fmt.Errorf("more than %d vertices", 3*maxTriangles)
	}
	base := uint32(len(d.out.Vertices))
	for _, v := range vs {
		d.out.Vertices = append(d.out.Vertices, a.apply(geom.V(float64(v[0]), float64(v[1]), float64(v[2]))))
	}
	flip := a.det() < 0
	n := uint32(len(vs))
	for i, t := range ts {
		if t.V1 >= n || t.V2 >= n || t.V3 >= n {
			return fmt.Errorf("triangle %d refers to a vertex beyond the %d there are", i, n)
		}
		if flip {
			t.V2, t.V3 = t.V3, t.V2
		}
		d.out.Triangles = append(d.out.Triangles, [3]uint32{base + t.V1, base + t.V2, base + t.V3})
	}
	return nil
}

// affine maps p to (r·p + t) with r the left 3×3 block and t the last column.
type affine [3][4]float64

// toAffine converts a 3MF matrix, whose points are row vectors multiplied from the
// left (x' = x·m00 + y·m10 + z·m20 + m30), to an affine. The zero matrix, which
// go3mf returns for a missing transform, is the identity.
func toAffine(m go3mf.Matrix) affine {
	if m == (go3mf.Matrix{}) {
		m = go3mf.Identity()
	}
	var a affine
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			a[i][j] = float64(m[4*j+i])
		}
		a[i][3] = float64(m[12+i])
	}
	return a
}

// apply returns a applied to p.
func (a affine) apply(p geom.Vec3) geom.Vec3 {
	return geom.V(
		a[0][0]*p.X+a[0][1]*p.Y+a[0][2]*p.Z+a[0][3],
		a[1][0]*p.X+a[1][1]*p.Y+a[1][2]*p.Z+a[1][3],
		a[2][0]*p.X+a[2][1]*p.Y+a[2][2]*p.Z+a[2][3],
	)
}

// after returns the map that applies b first and then a.
func (a affine) after(b affine) affine {
	var c affine
	for i := 0; i < 3; i++ {
		for j := 0; j < 4; j++ {
			var s float64
			for k := 0; k < 3; k++ {
				s += a[i][k] * b[k][j]
			}
			if j == 3 {
				s += a[i][3]
			}
			c[i][j] = s
		}
	}
	return c
}

// det returns the determinant of the linear part of a.
func (a affine) det() float64 {
	return a[0][0]*(a[1][1]*a[2][2]-a[1][2]*a[2][1]) -
		a[0][1]*(a[1][0]*a[2][2]-a[1][2]*a[2][0]) +
		a[0][2]*(a[1][0]*a[2][1]-a[1][1]*a[2][0])
}
