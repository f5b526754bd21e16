package box

import (
	"fmt"
	"math"
	"slices"

	"yanchu/geom"
	"yanchu/mesh"
)

// probe is an offset (mm) that keeps measuring lines off the grid's planes and
// the solid's edges, so that a line never passes through a mesh edge exactly.
const probe = 0.137

// crossings returns where the line through o along axis (0 x, 1 y, 2 z) crosses
// the triangles of m, as coordinates along the axis, sorted, with crossings
// closer than 1 µm (a line through a shared edge) counted once.
func crossings(m *mesh.Mesh, o geom.Vec3, axis int) []float64 {
	u, v := (axis+1)%3, (axis+2)%3
	pu, pv := o.Comp(u), o.Comp(v)
	var out []float64
	n := uint32(len(m.Vertices))
	for _, t := range m.Triangles {
		if t[0] >= n || t[1] >= n || t[2] >= n {
			continue
		}
		a, b, c := m.Vertices[t[0]], m.Vertices[t[1]], m.Vertices[t[2]]
		// Barycentric coordinates of the line's foot in the triangle's shadow.
		au, av := a.Comp(u)-pu, a.Comp(v)-pv
		bu, bv := b.Comp(u)-pu, b.Comp(v)-pv
		cu, cv := c.Comp(u)-pu, c.Comp(v)-pv
		wa, wb, wc := bu*cv-bv*cu, cu*av-cv*au, au*bv-av*bu
		if !(wa >= 0 && wb >= 0 && wc >= 0 || wa <= 0 && wb <= 0 && wc <= 0) {
			continue
		}
		sum := wa + wb + wc
		if sum == 0 {
			continue // the triangle stands edge-on to the line
		}
		out = append(out, (wa*a.Comp(axis)+wb*b.Comp(axis)+wc*c.Comp(axis))/sum)
	}
	slices.Sort(out)
	return slices.CompactFunc(out, func(x, y float64) bool { return math.Abs(x-y) < 1e-6 })
}

// line holds the crossings of one measuring line.
type line []float64

// width is the distance between the first and the last crossing.
func (l line) width() float64 { return l[len(l)-1] - l[0] }

// around returns the nearest crossings below and above x: the faces of the
// hollow or the wall the line passes through at x.
func (l line) around(x float64) (lo, hi float64, ok bool) {
	lo, hi = math.Inf(-1), math.Inf(1)
	for _, c := range l {
		if c < x {
			lo = c
		} else if c > x {
			hi = c
			break
		}
	}
	return lo, hi, !math.IsInf(lo, 0) && !math.IsInf(hi, 0)
}

// cross returns the crossings of the line through o along axis with the box
// (lid false) or the lid (lid true) as they lie on the bed, at least two.
func (b *plan) cross(m *mesh.Mesh, o geom.Vec3, axis int, lid bool) (line, error) {
	mid := b.w/2 + layoutGap/2 // between the box and the lid, along y
	var out line
	for _, c := range crossings(m, o, axis) {
		y := o.Y
		if axis == 1 {
			y = c
		}
		if (y > mid) == lid {
			out = append(out, c)
		}
	}
	if len(out) < 2 {
		return nil, fmt.Errorf("box: a line along %c through (%.3f, %.3f, %.3f) crosses the %s %d times, not at least twice",
			"xyz"[axis], o.X, o.Y, o.Z, map[bool]string{false: "box", true: "lid"}[lid], len(out))
	}
	return out, nil
}

// hollow measures the hollow (or, through a wall, the wall) the line through o
// along axis passes at the coordinate x along it.
func (b *plan) hollow(m *mesh.Mesh, o geom.Vec3, axis int, x float64) (lo, hi float64, err error) {
	l, err := b.cross(m, o, axis, false)
	if err != nil {
		return 0, 0, err
	}
	lo, hi, ok := l.around(x)
	if !ok {
		return 0, 0, fmt.Errorf("box: a line along %c through (%.3f, %.3f, %.3f) finds no faces on both sides of %.3f", "xyz"[axis], o.X, o.Y, o.Z, x)
	}
	return lo, hi, nil
}

// measureGap measures the fit gap between the lid and the box on the mesh, as
// the model lies on the bed: half the difference between the opening (or the
// grooves) and the lid across each direction they fit in, and the least of
// them. It reads the faces nearest to where each should be, so a stray
// crossing elsewhere on a line does not matter.
func (b *plan) measureGap(m *mesh.Mesh) (float64, error) {
	y := b.lidY()
	var gaps []float64
	switch b.lid {
	case lidLift:
		// At half the lip's depth, across the width and along the length.
		zb, zl := b.body()-b.lip/2, b.plate()+b.lip/2
		for _, l := range []struct {
			axis     int
			box, lid geom.Vec3
		}{
			{0, geom.V(0, probe, zb), geom.V(0, y+probe, zl)},
			{1, geom.V(probe, 0, zb), geom.V(probe, 0, zl)},
		} {
			lo, hi, err := b.hollow(m, l.box, l.axis, 0)
			if err != nil {
				return 0, err
			}
			lip, err := b.cross(m, l.lid, l.axis, true)
			if err != nil {
				return 0, err
			}
			gaps = append(gaps, ((hi-lo)-lip.width())/2)
		}
	case lidSlide:
		_, wi, _ := b.inner()
		g, p := b.grooveDepth(), b.plate()
		zg := b.grooveZ() + b.grooveHeight()/2
		// Across: the grooves' bottoms against the lid's edges.
		lo, hi, err := b.hollow(m, geom.V(-probe, 0, zg), 1, 0)
		if err != nil {
			return 0, err
		}
		lid, err := b.cross(m, geom.V(-probe, 0, p/2), 1, true)
		if err != nil {
			return 0, err
		}
		gaps = append(gaps, ((hi-lo)-lid.width())/2)
		// Up: the groove's height where the lid's edge lies against the lid's
		// thickness, at -x, away from the notch at the near end.
		if lo, hi, err = b.hollow(m, geom.V(-probe, wi/2+g-b.clearance, 0), 2, zg); err != nil {
			return 0, err
		}
		if lid, err = b.cross(m, geom.V(-probe, y+probe, 0), 2, true); err != nil {
			return 0, err
		}
		gaps = append(gaps, ((hi-lo)-lid.width())/2)
		// Along: from the far groove's end to the near end of the box, against
		// the lid's length.
		far, err := b.cross(m, geom.V(0, probe, zg), 0, false)
		if err != nil {
			return 0, err
		}
		floor, err := b.cross(m, geom.V(0, probe, b.floor/2), 0, false)
		if err != nil {
			return 0, err
		}
		if lid, err = b.cross(m, geom.V(0, y+probe, p/2), 0, true); err != nil {
			return 0, err
		}
		end, _, _ := far.around(0)
		if math.IsInf(end, 0) {
			return 0, fmt.Errorf("box: the mesh shows no end to the far groove")
		}
		gaps = append(gaps, (floor[len(floor)-1]-end)-lid.width())
	default:
		return 0, fmt.Errorf("box: an open box has no lid to measure")
	}
	return slices.Min(gaps), nil
}
