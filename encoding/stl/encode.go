package stl

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strconv"

	"yanchu/geom"
	"yanchu/mesh"
)

// Header is the text at the start of the 80-byte header of every binary STL file that
// Encode writes; the rest of the header is zero bytes. It never begins with "solid", so
// no reader mistakes the file for ASCII STL.
const Header = "yanchu binary STL, millimetres"

// chunkTriangles is how many 50-byte facet records are encoded before each Write.
const chunkTriangles = 1 << 12

// Encode writes m to w as binary STL in millimetres: an 80-byte header starting with
// Header, the triangle count, then for every triangle its unit normal computed from the
// geometry (zero for a degenerate triangle) and its three corners in the mesh's
// counter-clockwise order, all as little-endian float32. It refuses a mesh that
// mesh.Validate rejects and then writes nothing.
func Encode(w io.Writer, m *mesh.Mesh) error {
	return EncodeKnown(w, m, nil)
}

// EncodeKnown is Encode for a mesh whose facts f are known (from mesh.Analyze or
// mesh.Closed): it refuses m when f lists a problem, without analysing m again.
// A nil f, or facts of another mesh, are found by analysing m.
func EncodeKnown(w io.Writer, m *mesh.Mesh, f *mesh.Facts) error {
	if err := check(m, f); err != nil {
		return err
	}
	return encodeBinary(w, m)
}

// EncodeAhead is EncodeKnown for a writer whose output is thrown away when it
// fails, such as a temporary file renamed only on success: it writes m while its
// facts are still being found, and takes them from facts only at the end, to
// refuse m then if they list a problem, or to fail with facts' error (the file
// is no longer wanted). It refuses at once a vertex index out of range or a
// coordinate beyond float32.
func EncodeAhead(w io.Writer, m *mesh.Mesh, facts func() (*mesh.Facts, error)) error {
	if err := checkWritable(m); err != nil {
		return err
	}
	if err := encodeBinary(w, m); err != nil {
		return err
	}
	f, err := facts()
	if err != nil {
		return fmt.Errorf("stl: %w", err)
	}
	if err := mesh.Known(m, f).Err(); err != nil {
		return fmt.Errorf("stl: refusing to write an invalid mesh (this is a bug in yanchu): %w", err)
	}
	return nil
}

// check returns an error for a mesh that yanchu must not write: one with a vertex
// index out of range or one whose facts (f, or mesh.Analyze's) list a problem.
func check(m *mesh.Mesh, f *mesh.Facts) error {
	if err := checkWritable(m); err != nil {
		return err
	}
	if err := mesh.Known(m, f).Err(); err != nil {
		return fmt.Errorf("stl: refusing to write an invalid mesh (this is a bug in yanchu): %w", err)
	}
	return nil
}

// checkWritable refuses a vertex index out of range and a coordinate that is not
// finite in float32, which encodeBinary cannot write.
func checkWritable(m *mesh.Mesh) error {
	n := uint32(len(m.Vertices))
	if uint64(len(m.Vertices)) > math.MaxUint32 {
		n = math.MaxUint32
	}
	for i, t := range m.Triangles {
		if t[0] >= n || t[1] >= n || t[2] >= n {
			return fmt.Errorf("stl: refusing to write an invalid mesh (this is a bug in yanchu): triangle %d refers to vertex %d of %d",
				i, max(t[0], t[1], t[2]), len(m.Vertices))
		}
	}
	for i, v := range m.Vertices {
		if !fits32(v.X) || !fits32(v.Y) || !fits32(v.Z) {
			return fmt.Errorf("stl: refusing to write an invalid mesh (this is a bug in yanchu): vertex %d is %v, not finite in float32", i, v)
		}
	}
	return nil
}

// fits32 reports whether x is finite and stays finite as a float32.
func fits32(x float64) bool { return math.Abs(x) <= math.MaxFloat32 }

// encodeBinary is Encode without validation. It still refuses more triangles than the
// 32-bit count of the format holds, and it panics on a vertex index out of range.
func encodeBinary(w io.Writer, m *mesh.Mesh) error {
	if uint64(len(m.Triangles)) > math.MaxUint32 {
		return fmt.Errorf("stl: %d triangles are more than binary STL can hold (%d)", len(m.Triangles), uint32(math.MaxUint32))
	}
	le := binary.LittleEndian
	n := min(len(m.Triangles), chunkTriangles)
	buf := make([]byte, max(84, 50*n))
	copy(buf, Header)
	le.PutUint32(buf[80:], uint32(len(m.Triangles)))
	if _, err := w.Write(buf[:84]); err != nil {
		return fmt.Errorf("stl: writing: %w", err)
	}
	vs, ts := m.Vertices, m.Triangles
	for len(ts) > 0 {
		chunk := ts[:min(len(ts), chunkTriangles)]
		ts = ts[len(chunk):]
		b := buf[:50*len(chunk)]
		for _, t := range chunk {
			a, p, q := vs[t[0]], vs[t[1]], vs[t[2]]
			nx, ny, nz := facetNormal(a, p, q)
			r := b[:50:50]
			le.PutUint32(r[0:], math.Float32bits(float32(nx)))
			le.PutUint32(r[4:], math.Float32bits(float32(ny)))
			le.PutUint32(r[8:], math.Float32bits(float32(nz)))
			le.PutUint32(r[12:], math.Float32bits(float32(a.X)))
			le.PutUint32(r[16:], math.Float32bits(float32(a.Y)))
			le.PutUint32(r[20:], math.Float32bits(float32(a.Z)))
			le.PutUint32(r[24:], math.Float32bits(float32(p.X)))
			le.PutUint32(r[28:], math.Float32bits(float32(p.Y)))
			le.PutUint32(r[32:], math.Float32bits(float32(p.Z)))
			le.PutUint32(r[36:], math.Float32bits(float32(q.X)))
			le.PutUint32(r[40:], math.Float32bits(float32(q.Y)))
			le.PutUint32(r[44:], math.Float32bits(float32(q.Z)))
			r[48], r[49] = 0, 0
			b = b[50:]
		}
		if _, err := w.Write(buf[:50*len(chunk)]); err != nil {
			return fmt.Errorf("stl: writing: %w", err)
		}
	}
	return nil
}

// EncodeASCII writes m to w as ASCII STL in millimetres, with facet normals computed
// from the geometry. Every number is the shortest decimal that reads back as the same
// float32, so Decode recovers exactly what Encode would have written. name is written
// after "solid" and "endsolid"; characters other than printable ASCII become '_', and an
// empty name becomes "yanchu". It refuses a mesh that mesh.Validate rejects and then
// writes nothing.
func EncodeASCII(w io.Writer, m *mesh.Mesh, name string) error {
	if err := check(m, nil); err != nil {
		return err
	}
	return encodeASCII(w, m, name)
}

// encodeASCII is EncodeASCII without validation; it panics on a vertex index out of range.
func encodeASCII(w io.Writer, m *mesh.Mesh, name string) error {
	nb := []byte(name)
	for i, c := range nb {
		if c <= ' ' || c > '~' {
			nb[i] = '_'
		}
	}
	if len(nb) == 0 {
		nb = []byte("yanchu")
	}
	const flushAt = 60 << 10
	buf := make([]byte, 0, flushAt+1024)
	buf = append(append(append(buf, "solid "...), nb...), '\n')
	vs := m.Vertices
	for _, t := range m.Triangles {
		nx, ny, nz := facetNormal(vs[t[0]], vs[t[1]], vs[t[2]])
		buf = append(buf, "  facet normal "...)
		buf = appendXYZ(buf, float32(nx), float32(ny), float32(nz))
		buf = append(buf, "    outer loop\n"...)
		for _, k := range t {
			v := vs[k]
			buf = append(buf, "      vertex "...)
			buf = appendXYZ(buf, float32(v.X), float32(v.Y), float32(v.Z))
		}
		buf = append(buf, "    endloop\n  endfacet\n"...)
		if len(buf) >= flushAt {
			if _, err := w.Write(buf); err != nil {
				return fmt.Errorf("stl: writing: %w", err)
			}
			buf = buf[:0]
		}
	}
	buf = append(append(append(buf, "endsolid "...), nb...), '\n')
	if _, err := w.Write(buf); err != nil {
		return fmt.Errorf("stl: writing: %w", err)
	}
	return nil
}

// facetNormal returns the unit normal of the triangle a, p, q, counter-clockwise seen
// from the side it points to, or zero when the triangle is degenerate or its size
// overflows. It is computed from the corners as the file stores them, rounded to
// float32, so a checker that recomputes normals from the file (admesh does, to
// within 0.001) agrees even for the smallest triangles.
func facetNormal(a, p, q geom.Vec3) (x, y, z float64) {
	a, p, q = round32(a), round32(p), round32(q)
	ux, uy, uz := p.X-a.X, p.Y-a.Y, p.Z-a.Z
	vx, vy, vz := q.X-a.X, q.Y-a.Y, q.Z-a.Z
	x, y, z = uy*vz-uz*vy, uz*vx-ux*vz, ux*vy-uy*vx
	if l := math.Sqrt(x*x + y*y + z*z); l > 0 && l <= math.MaxFloat64 {
		return x / l, y / l, z / l
	}
	return 0, 0, 0
}

func round32(v geom.Vec3) geom.Vec3 {
	return geom.Vec3{X: float64(float32(v.X)), Y: float64(float32(v.Y)), Z: float64(float32(v.Z))}
}

// appendXYZ appends three float32 values separated by spaces and a newline.
func appendXYZ(b []byte, x, y, z float32) []byte {
	b = strconv.AppendFloat(b, float64(x), 'e', -1, 32)
	b = append(b, ' ')
	b = strconv.AppendFloat(b, float64(y), 'e', -1, 32)
	b = append(b, ' ')
	b = strconv.AppendFloat(b, float64(z), 'e', -1, 32)
	return append(b, '\n')
}
