package stl

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"

	"yanchu/geom"
	"yanchu/mesh"
)

// DefaultMaxTriangles is the triangle limit Decode applies when DecodeOptions.MaxTriangles
// is zero. Twenty million triangles take about 1 GB as binary STL.
const DefaultMaxTriangles = 20_000_000

// DecodeOptions limits what Decode accepts. The zero value is ready to use.
type DecodeOptions struct {
	// MaxTriangles is the most triangles a file may hold; 0 means DefaultMaxTriangles.
	// Larger counts are refused before anything is allocated for them.
	MaxTriangles int
}

// ErrTooManyTriangles is wrapped by the error Decode returns for a file with more
// triangles than DecodeOptions.MaxTriangles allows.
var ErrTooManyTriangles = errors.New("too many triangles")

// ErrTruncated is wrapped by the error Decode returns for a file that ends early: a
// binary file shorter than its triangle count says, or an ASCII file that stops inside a
// solid.
var ErrTruncated = errors.New("file ends early")

// Error is a problem with the contents of an STL file. Its message starts with "stl: ",
// names the form (binary or ASCII) and, for ASCII, the line.
type Error struct {
	ASCII bool   // the file was read as ASCII STL
	Line  int    // 1-based line of an ASCII file where the problem is, or 0
	Msg   string // what was wrong
	Err   error  // ErrTooManyTriangles, ErrTruncated or nil
}

// Error returns the message, for example "stl: ascii line 7: want \"vertex\", got \"vertx\"".
func (e *Error) Error() string {
	switch {
	case e.ASCII && e.Line > 0:
		return fmt.Sprintf("stl: ascii line %d: %s", e.Line, e.Msg)
	case e.ASCII:
		return "stl: ascii: " + e.Msg
	}
	return "stl: binary: " + e.Msg
}

// Unwrap returns e.Err.
func (e *Error) Unwrap() error { return e.Err }

// DecodeFile reads the STL file at path with Decode.
func DecodeFile(path string, opt DecodeOptions) (*mesh.Mesh, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("stl: %w", err)
	}
	m, err := Decode(f, opt)
	if cerr := f.Close(); cerr != nil && err == nil {
		return nil, fmt.Errorf("stl: closing %s: %w", path, cerr)
	}
	return m, err
}

// Decode reads a binary or ASCII STL file from r into an indexed mesh, in millimetres.
//
// A file is read as binary when its size is known (r is an io.Seeker or has a Len
// method) and equals 84 + 50 × the triangle count of its header, even if it begins with
// "solid". Otherwise it is read as ASCII when it begins with "solid" followed on a later
// line by "facet" or "endsolid" and its first bytes are text, and as binary in every
// other case. Keywords of ASCII files may be in any case; several solids in one file
// are joined.
//
// Corners with the same float32 coordinates become one vertex (-0 and +0 are the same),
// numbered in order of first use; triangles keep their order and corner order. Facet
// normals and the attribute bytes of binary files are ignored. Degenerate triangles
// are kept. A non-finite coordinate, a count beyond opt.MaxTriangles and a file that ends
// early are errors of type *Error; a failure of r is returned wrapped.
func Decode(r io.Reader, opt DecodeOptions) (*mesh.Mesh, error) {
	d := decoder{max: opt.MaxTriangles}
	if d.max <= 0 {
		d.max = DefaultMaxTriangles
	}
	size := int64(-1)
	switch s := r.(type) {
	case io.Seeker:
		if cur, err := s.Seek(0, io.SeekCurrent); err == nil {
			if end, err := s.Seek(0, io.SeekEnd); err == nil {
				if _, err := s.Seek(cur, io.SeekStart); err != nil {
					return nil, fmt.Errorf("stl: reading: %w", err)
				}
				size = end - cur
			}
		}
	case interface{ Len() int }:
		size = int64(s.Len())
	}
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(sniffBytes)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, fmt.Errorf("stl: reading: %w", err)
	}
	if len(head) == 0 {
		return nil, &Error{Msg: "the input is empty", Err: ErrTruncated}
	}
	if size >= 84 && len(head) >= 84 {
		n := int64(binary.LittleEndian.Uint32(head[80:]))
		if n <= int64(d.max) && size == 84+50*n {
			return d.binary(br, size)
		}
	}
	if looksASCII(head) {
		return d.ascii(br)
	}
	return d.binary(br, size)
}

// sniffBytes is how much of the input is looked at to tell ASCII from binary.
const sniffBytes = 512

// looksASCII reports whether head, the start of a file, reads as ASCII STL: optional
// white space, "solid", a rest of line without NUL bytes, then text only, whose first
// word is "facet" or "endsolid".
func looksASCII(head []byte) bool {
	b := bytes.TrimLeft(head, " \t\r\n")
	if len(b) < 5 || !bytes.EqualFold(b[:5], []byte("solid")) {
		return false
	}
	nl := bytes.IndexByte(b, '\n')
	if nl < 0 || bytes.IndexByte(b[:nl], 0) >= 0 {
		return false
	}
	b = b[nl+1:]
	for _, c := range b {
		if (c < ' ' || c > '~') && !isSpace(c) {
			return false
		}
	}
	b = bytes.TrimLeft(b, " \t\r\n\v\f")
	end := len(b)
	for i, c := range b {
		if isSpace(c) {
			end = i
			break
		}
	}
	word := b[:end]
	if end == len(b) { // the sniffed bytes end inside the first word, or there is none
		return hasFoldPrefix("facet", word) || hasFoldPrefix("endsolid", word)
	}
	return bytes.EqualFold(word, []byte("facet")) || bytes.EqualFold(word, []byte("endsolid"))
}

// hasFoldPrefix reports whether p is a prefix of s, ignoring case.
func hasFoldPrefix(s string, p []byte) bool {
	return len(p) <= len(s) && bytes.EqualFold([]byte(s[:len(p)]), p)
}

// isSpace reports whether c is ASCII white space.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// decoder welds corners into an indexed mesh.
type decoder struct {
	max  int // triangle limit
	m    mesh.Mesh
	seen map[[3]uint32]uint32
}

// reserve sizes the mesh for n triangles.
func (d *decoder) reserve(n int) {
	d.m.Triangles = make([][3]uint32, 0, n)
	d.m.Vertices = make([]geom.Vec3, 0, n/2+4)
	d.seen = make(map[[3]uint32]uint32, n/2+4)
}

// vertex returns the index of the corner with float32 bits x, y, z, adding it if new.
// The caller has checked that the coordinates are finite.
func (d *decoder) vertex(x, y, z uint32) uint32 {
	const negZero = 1 << 31
	if x == negZero {
		x = 0
	}
	if y == negZero {
		y = 0
	}
	if z == negZero {
		z = 0
	}
	k := [3]uint32{x, y, z}
	if i, ok := d.seen[k]; ok {
		return i
	}
	i := uint32(len(d.m.Vertices))
	d.seen[k] = i
	d.m.Vertices = append(d.m.Vertices, geom.Vec3{
		X: float64(math.Float32frombits(x)),
		Y: float64(math.Float32frombits(y)),
		Z: float64(math.Float32frombits(z)),
	})
	return i
}

// finite32 reports whether the float32 with bits b is finite.
func finite32(b uint32) bool { return b&0x7f800000 != 0x7f800000 }

// binary reads a binary STL file from br; size is the number of bytes left in it, or
// -1 when unknown.
func (d *decoder) binary(br *bufio.Reader, size int64) (*mesh.Mesh, error) {
	var head [84]byte
	if k, err := io.ReadFull(br, head[:]); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil, &Error{Msg: fmt.Sprintf("%d bytes are too few: a binary STL file has an 84-byte header", k), Err: ErrTruncated}
		}
		return nil, fmt.Errorf("stl: reading: %w", err)
	}
	n64 := int64(binary.LittleEndian.Uint32(head[80:]))
	if n64 > int64(d.max) {
		return nil, &Error{Msg: fmt.Sprintf("the header claims %d triangles, more than the limit of %d", n64, d.max), Err: ErrTooManyTriangles}
	}
	n := int(n64)
	truncated := func(got int64) error {
		return &Error{Msg: fmt.Sprintf("the header claims %d triangles (%d bytes) but the file holds %d bytes", n, 84+50*n64, got), Err: ErrTruncated}
	}
	if size >= 0 {
		if size < 84+50*n64 {
			return nil, truncated(size)
		}
		d.reserve(n)
	} else {
		d.reserve(min(n, 1<<16))
	}
	le := binary.LittleEndian
	buf := make([]byte, 50*min(n, chunkTriangles))
	for done := 0; done < n; {
		k := min(n-done, chunkTriangles)
		got, err := io.ReadFull(br, buf[:50*k])
		if err != nil {
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				return nil, truncated(84 + 50*int64(done) + int64(got))
			}
			return nil, fmt.Errorf("stl: reading: %w", err)
		}
		for j := range k {
			r := buf[50*j+12 : 50*j+48]
			var t [3]uint32
			for c := range 3 {
				x, y, z := le.Uint32(r[12*c:]), le.Uint32(r[12*c+4:]), le.Uint32(r[12*c+8:])
				if !finite32(x) || !finite32(y) || !finite32(z) {
					return nil, &Error{Msg: fmt.Sprintf("triangle %d has a coordinate that is not finite (%v, %v, %v)",
						done+j, math.Float32frombits(x), math.Float32frombits(y), math.Float32frombits(z))}
				}
				t[c] = d.vertex(x, y, z)
			}
			d.m.Triangles = append(d.m.Triangles, t)
		}
		done += k
	}
	return &d.m, nil
}

// asciiParser splits an ASCII STL file into words, line by line.
type asciiParser struct {
	br   *bufio.Reader
	line int    // number of the line in rest
	rest []byte // unread part of the current line, valid until the next read
	eof  bool
}

// next returns the next word, or nil at the end of the input. The word is valid until
// the following call.
func (p *asciiParser) next() ([]byte, error) {
	for {
		i := 0
		for i < len(p.rest) && isSpace(p.rest[i]) {
			i++
		}
		p.rest = p.rest[i:]
		if len(p.rest) > 0 {
			j := 0
			for j < len(p.rest) && !isSpace(p.rest[j]) {
				j++
			}
			w := p.rest[:j]
			p.rest = p.rest[j:]
			return w, nil
		}
		if p.eof {
			return nil, nil
		}
		line, err := p.br.ReadSlice('\n')
		p.line++
		switch err {
		case nil:
		case io.EOF:
			p.eof = true
		case bufio.ErrBufferFull:
			return nil, p.errorf(nil, "line is longer than %d bytes", p.br.Size())
		default:
			return nil, fmt.Errorf("stl: reading: %w", err)
		}
		p.rest = line
	}
}

// skipLine drops the rest of the current line.
func (p *asciiParser) skipLine() { p.rest = nil }

// errorf returns an *Error at the current line.
func (p *asciiParser) errorf(sentinel error, format string, args ...any) error {
	return &Error{ASCII: true, Line: p.line, Msg: fmt.Sprintf(format, args...), Err: sentinel}
}

// expect reads the next word and checks that it is want, ignoring case.
func (p *asciiParser) expect(want string) error {
	w, err := p.next()
	if err != nil {
		return err
	}
	if w == nil {
		return p.errorf(ErrTruncated, "the file ends where %q should be", want)
	}
	if !bytes.EqualFold(w, []byte(want)) {
		return p.errorf(nil, "want %q, got %q", want, clip(w))
	}
	return nil
}

// number reads the next word as a float32 and returns its bits; what names it in errors.
func (p *asciiParser) number(what string) (uint32, error) {
	w, err := p.next()
	if err != nil {
		return 0, err
	}
	if w == nil {
		return 0, p.errorf(ErrTruncated, "the file ends where the %s should be", what)
	}
	f, err := strconv.ParseFloat(string(w), 32)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, p.errorf(nil, "%s %q is not a number", what, clip(w))
	}
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, p.errorf(nil, "%s %q is not finite as a float32", what, clip(w))
	}
	return math.Float32bits(float32(f)), nil
}

// clip shortens a word for an error message.
func clip(w []byte) string {
	if len(w) > 40 {
		return string(w[:40]) + "..."
	}
	return string(w)
}

// ascii reads an ASCII STL file from br.
func (d *decoder) ascii(br *bufio.Reader) (*mesh.Mesh, error) {
	p := &asciiParser{br: br}
	d.reserve(64)
	for solids := 0; ; solids++ {
		w, err := p.next()
		if err != nil {
			return nil, err
		}
		if w == nil && solids > 0 {
			return &d.m, nil
		}
		if w == nil || !bytes.EqualFold(w, []byte("solid")) {
			return nil, p.errorf(nil, "want %q, got %q", "solid", clip(w))
		}
		p.skipLine() // the name
		for {
			w, err := p.next()
			if err != nil {
				return nil, err
			}
			if w == nil {
				return nil, p.errorf(ErrTruncated, "the file ends inside a solid, before %q", "endsolid")
			}
			if bytes.EqualFold(w, []byte("endsolid")) {
				p.skipLine()
				break
			}
			if !bytes.EqualFold(w, []byte("facet")) {
				return nil, p.errorf(nil, "want %q or %q, got %q", "facet", "endsolid", clip(w))
			}
			if len(d.m.Triangles) >= d.max {
				return nil, p.errorf(ErrTooManyTriangles, "more than the limit of %d triangles", d.max)
			}
			if err := p.expect("normal"); err != nil {
				return nil, err
			}
			for range 3 { // the normal is recomputed from the corners, so any words do
				if w, err := p.next(); err != nil || w == nil {
					if err == nil {
						err = p.errorf(ErrTruncated, "the file ends inside a facet normal")
					}
					return nil, err
				}
			}
			if err := p.expect("outer"); err != nil {
				return nil, err
			}
			if err := p.expect("loop"); err != nil {
				return nil, err
			}
			var t [3]uint32
			for c := range 3 {
				if err := p.expect("vertex"); err != nil {
					return nil, err
				}
				var xyz [3]uint32
				for k, what := range [3]string{"x coordinate", "y coordinate", "z coordinate"} {
					if xyz[k], err = p.number(what); err != nil {
						return nil, err
					}
				}
				t[c] = d.vertex(xyz[0], xyz[1], xyz[2])
			}
			w, err = p.next()
			if err != nil {
				return nil, err
			}
			if bytes.EqualFold(w, []byte("vertex")) {
				return nil, p.errorf(nil, "a facet has more than 3 vertices")
			}
			if w == nil {
				return nil, p.errorf(ErrTruncated, "the file ends where %q should be", "endloop")
			}
			if !bytes.EqualFold(w, []byte("endloop")) {
				return nil, p.errorf(nil, "want %q, got %q", "endloop", clip(w))
			}
			if err := p.expect("endfacet"); err != nil {
				return nil, err
			}
			d.m.Triangles = append(d.m.Triangles, t)
		}
	}
}
