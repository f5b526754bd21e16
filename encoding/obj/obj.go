// Package obj writes Wavefront OBJ files of yanchu's meshes. OBJ has no unit; yanchu
// writes millimetres and says so in a comment at the top of every file.
package obj

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"unicode"
	"unicode/utf8"

	"yanchu/mesh"
)

// Encode writes m to w as OBJ in millimetres: a comment header, one "v x y z" line per
// vertex, then one "f a b c" line per triangle with 1-based indices in the mesh's
// counter-clockwise order. Coordinates are written with strconv's shortest decimal
// form without exponent ('f', -1), so a reader recovers every float64 exactly. It
// refuses a mesh that mesh.Validate rejects and then writes nothing.
func Encode(w io.Writer, m *mesh.Mesh) error {
	return EncodeGroups(w, m, nil, nil)
}

// EncodeGroups is Encode with the triangles split into named objects: it writes an
// "o name" line before the triangles of each group, groups in the order of names and
// triangles in mesh order within a group; groups without triangles are left out.
// groupOf gives the group of every triangle, an index into names (for example
// mesh.Facts.TriangleBody). Names are written as UTF-8 with white space, control
// characters and invalid bytes replaced by '_'.
// With a nil groupOf and names it writes one unnamed group, as Encode does.
func EncodeGroups(w io.Writer, m *mesh.Mesh, groupOf []int32, names []string) error {
	if err := check(m); err != nil {
		return err
	}
	if groupOf != nil || names != nil {
		if len(groupOf) != len(m.Triangles) {
			return fmt.Errorf("obj: %d group numbers for %d triangles", len(groupOf), len(m.Triangles))
		}
		for i, g := range groupOf {
			if g < 0 || int(g) >= len(names) {
				return fmt.Errorf("obj: triangle %d is in group %d, but there are %d names", i, g, len(names))
			}
		}
	}
	e := encoder{w: w, buf: make([]byte, 0, flushAt+256)}
	e.buf = fmt.Appendf(e.buf, "# yanchu OBJ, units: millimetres\n# %d vertices, %d triangles\n",
		len(m.Vertices), len(m.Triangles))
	for _, v := range m.Vertices {
		e.buf = append(e.buf, 'v', ' ')
		e.buf = strconv.AppendFloat(e.buf, v.X, 'f', -1, 64)
		e.buf = append(e.buf, ' ')
		e.buf = strconv.AppendFloat(e.buf, v.Y, 'f', -1, 64)
		e.buf = append(e.buf, ' ')
		e.buf = strconv.AppendFloat(e.buf, v.Z, 'f', -1, 64)
		e.buf = append(e.buf, '\n')
		e.flush(false)
	}
	if groupOf == nil && names == nil {
		for _, t := range m.Triangles {
			e.face(t)
		}
		return e.flush(true)
	}
	// Order the triangles by group with a counting sort, which keeps mesh order within
	// each group.
	start := make([]int, len(names)+1)
	for _, g := range groupOf {
		start[g+1]++
	}
	for g := range names {
		start[g+1] += start[g]
	}
	order := make([]int, len(groupOf))
	next := append([]int(nil), start[:len(names)]...)
	for i, g := range groupOf {
		order[next[g]] = i
		next[g]++
	}
	for g, name := range names {
		if start[g] == start[g+1] {
			continue
		}
		e.buf = append(e.buf, "o "...)
		e.buf = appendName(e.buf, name)
		e.buf = append(e.buf, '\n')
		for _, i := range order[start[g]:start[g+1]] {
			e.face(m.Triangles[i])
		}
	}
	return e.flush(true)
}

// flushAt is the buffered size at which the encoder writes to w.
const flushAt = 64 << 10

// encoder buffers the text of an OBJ file and remembers the first write error.
type encoder struct {
	w   io.Writer
	buf []byte
	err error
}

// face appends the line of triangle t.
func (e *encoder) face(t [3]uint32) {
	e.buf = append(e.buf, 'f', ' ')
	e.buf = strconv.AppendUint(e.buf, uint64(t[0])+1, 10)
	e.buf = append(e.buf, ' ')
	e.buf = strconv.AppendUint(e.buf, uint64(t[1])+1, 10)
	e.buf = append(e.buf, ' ')
	e.buf = strconv.AppendUint(e.buf, uint64(t[2])+1, 10)
	e.buf = append(e.buf, '\n')
	e.flush(false)
}

// flush writes the buffer when it is full, or always when final is true, and returns
// the first write error.
func (e *encoder) flush(final bool) error {
	if e.err == nil && (final || len(e.buf) >= flushAt) {
		if _, err := e.w.Write(e.buf); err != nil {
			e.err = fmt.Errorf("obj: writing: %w", err)
		}
	}
	if len(e.buf) >= flushAt || final {
		e.buf = e.buf[:0]
	}
	return e.err
}

// appendName appends name with white space, control characters and invalid UTF-8
// replaced by '_', or "body" when name is empty.
func appendName(b []byte, name string) []byte {
	if name == "" {
		return append(b, "body"...)
	}
	for _, r := range name {
		if r == utf8.RuneError || unicode.IsSpace(r) || !unicode.IsPrint(r) {
			r = '_'
		}
		b = utf8.AppendRune(b, r)
	}
	return b
}

// finite reports whether x is neither infinite nor NaN.
func finite(x float64) bool { return math.Abs(x) <= math.MaxFloat64 }

// check returns an error for a mesh that yanchu must not write: one with a vertex
// index out of range, a coordinate that is not finite, or one that mesh.Validate
// rejects.
func check(m *mesh.Mesh) error {
	const prefix = "obj: refusing to write an invalid mesh (this is a bug in yanchu): "
	for i, t := range m.Triangles {
		for _, k := range t {
			if uint64(k) >= uint64(len(m.Vertices)) {
				return fmt.Errorf(prefix+"triangle %d refers to vertex %d of %d", i, k, len(m.Vertices))
			}
		}
	}
	for i, v := range m.Vertices {
		if !finite(v.X) || !finite(v.Y) || !finite(v.Z) {
			return fmt.Errorf(prefix+"vertex %d is %v, not finite", i, v)
		}
	}
	if err := mesh.Validate(m); err != nil {
		return fmt.Errorf(prefix+"%w", err)
	}
	return nil
}
