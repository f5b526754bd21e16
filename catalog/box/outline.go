package box

import (
	"cmp"
	"math"
	"slices"

	"yanchu/sdf/profile"
)

// rrect is a rounded rectangle centred on the origin: half its sides, hx and
// hy, and its corner radius r (mm), as rect makes it.
type rrect struct{ hx, hy, r float64 }

// rrectOf is the rounded rectangle of rect(w, h, r), the radius kept within
// half the shorter side as rect keeps it. A radius under leastRadius, left by
// rounding where two lengths cancel, is taken as none: the corner stands
// within leastRadius of the arc.
func rrectOf(w, h, r float64) rrect {
	r = math.Max(0, math.Min(r, math.Min(w, h)/2))
	if r < leastRadius {
		r = 0
	}
	return rrect{w / 2, h / 2, r}
}

// leastRadius is the least corner radius an outline rounds (mm).
const leastRadius = 1e-10

// centre returns the centre of the corner arc in the first quadrant: the
// corner itself when the rectangle is sharp.
func (r rrect) centre() (cx, cy float64) { return r.hx - r.r, r.hy - r.r }

// An outline runs counter-clockwise through eight sections, from (hx, cy): the
// arc of quadrant 0 (+x, +y), the top side, the arc of quadrant 1, the left
// side, the arc of quadrant 2, the bottom side, the arc of quadrant 3 and the
// right side; section 2q is the arc of quadrant q, 2q+1 the side after it. A
// spot is a place on it: a section and how far along it, the angle from the
// arc's start (rad) or the distance from the side's start (mm).
type spot struct {
	sec int
	t   float64
}

// Places closer than these along a section are one point.
const (
	sideEps = 1e-10 // mm
	arcEps  = 1e-12 // rad
)

func epsOf(sec int) float64 {
	if sec%2 == 0 {
		return arcEps
	}
	return sideEps
}

// length returns how long section sec is: π/2 for an arc of a rounded
// rectangle, 0 for a sharp one's, a side's length in mm.
func (r rrect) length(sec int) float64 {
	cx, cy := r.centre()
	switch {
	case sec%2 == 0 && r.r > 0:
		return math.Pi / 2
	case sec%2 == 0:
		return 0
	case sec%4 == 1:
		return 2 * cx
	}
	return 2 * cy
}

// normal returns s where its point is emitted: the end of a section (or any
// place on one too short to hold a point) is the start of the next.
func (r rrect) normal(s spot) spot {
	s.t = math.Max(s.t, 0)
	for s.t >= r.length(s.sec)-epsOf(s.sec) {
		s = spot{(s.sec + 1) % 8, 0}
	}
	return s
}

// quarter turns (x, y) by q quarter turns counter-clockwise.
func quarter(q int, x, y float64) (float64, float64) {
	switch q {
	case 1:
		return -y, x
	case 2:
		return -x, -y
	case 3:
		return y, -x
	}
	return x, y
}

// at returns the point of a spot. An arc's start is put exactly on its side's
// line.
func (r rrect) at(s spot) profile.Vec2 {
	cx, cy := r.centre()
	switch s.sec {
	case 1:
		return profile.V(cx-s.t, r.hy)
	case 3:
		return profile.V(-r.hx, cy-s.t)
	case 5:
		return profile.V(s.t-cx, -r.hy)
	case 7:
		return profile.V(r.hx, s.t-cy)
	}
	q := s.sec / 2
	if s.t == 0 {
		// The start of arc q: on the side before, exactly.
		switch q {
		case 0:
			return profile.V(r.hx, cy)
		case 1:
			return profile.V(-cx, r.hy)
		case 2:
			return profile.V(-r.hx, -cy)
		}
		return profile.V(cx, -r.hy)
	}
	sin, cos := math.Sincos(s.t)
	ux, uy := quarter(q, cos, sin)
	sg := quadrantSign[q]
	return profile.V(sg[0]*cx+r.r*ux, sg[1]*cy+r.r*uy)
}

// quadrantSign holds the signs of x and y in each quadrant.
var quadrantSign = [4][2]float64{{1, 1}, {-1, 1}, {-1, -1}, {1, -1}}

// across returns the spots where the line x = a, -hx < a < hx, crosses r's
// outline, above and below.
func (r rrect) across(a float64) (up, down spot) {
	cx, _ := r.centre()
	switch {
	case a > cx:
		phi := math.Acos(math.Min(1, (a-cx)/r.r))
		return spot{0, phi}, spot{6, math.Pi/2 - phi}
	case a < -cx:
		phi := math.Asin(math.Min(1, (-cx-a)/r.r))
		return spot{2, phi}, spot{4, math.Pi/2 - phi}
	}
	return spot{1, cx - a}, spot{5, a + cx}
}

// outline is a rounded rectangle's outline cut into points, counter-clockwise,
// each point once, and the index of the point at each mark.
type outline struct {
	r   rrect
	pts []profile.Vec2
	at  map[int]int
}

// Marks every outline carries: the ends of each corner's arc, and of its
// chain (see chainMarks). Dividers' marks follow from markSplit.
const (
	markArcStart   = 0  // + q
	markArcEnd     = 4  // + q
	markChainStart = 8  // + q
	markChainEnd   = 12 // + q
	markSplit      = 16 // + 2j above, + 2j+1 below
)

// cut returns r's outline: each arc cut into n equal steps and at the angles
// extra[q] (quadrant q), each side at its ends, and a point at each mark.
// Outlines cut with the same n and extra have the same angles on their arcs.
func (r rrect) cut(n int, extra [4][]float64, marks map[int]spot) *outline {
	type entry struct {
		t      float64
		labels []int
	}
	var secs [8][]entry
	add := func(s spot, labels ...int) { secs[s.sec] = append(secs[s.sec], entry{s.t, labels}) }
	for sec := range 8 {
		if r.length(sec) <= epsOf(sec) {
			continue
		}
		if sec%2 == 1 {
			add(spot{sec, 0})
			continue
		}
		for k := range n {
			add(spot{sec, float64(k) * math.Pi / 2 / float64(n)})
		}
		for _, a := range extra[sec/2] {
			add(r.normal(spot{sec, a}))
		}
	}
	for q := range 4 {
		add(r.normal(spot{2 * q, 0}), markArcStart+q)
		add(r.normal(spot{2 * q, math.Pi / 2}), markArcEnd+q)
	}
	for label, s := range marks {
		add(r.normal(s), label)
	}
	o := &outline{r: r, at: map[int]int{}}
	for sec, es := range secs {
		slices.SortStableFunc(es, func(a, b entry) int { return cmp.Compare(a.t, b.t) })
		for i := 0; i < len(es); {
			j := i + 1
			for j < len(es) && es[j].t-es[i].t < epsOf(sec) {
				j++
			}
			for _, e := range es[i:j] {
				for _, l := range e.labels {
					o.at[l] = len(o.pts)
				}
			}
			o.pts = append(o.pts, r.at(spot{sec, es[i].t}))
			i = j
		}
	}
	return o
}

// span returns the indices from the point at mark from to the point at mark
// to, counter-clockwise, both included.
func (o *outline) span(from, to int) []int {
	i, j, n := o.at[from], o.at[to], len(o.pts)
	out := []int{i}
	for i != j {
		i = (i + 1) % n
		out = append(out, i)
	}
	return out
}

// chainMarks returns the marks of the corners' chains of outer, for the flat
// ring between it and inner: the pieces of outer's outline about each corner
// that face inner's corner, cut where the lines through inner's arc centres
// meet outer's sides. Around a rounded inner corner, the chain is outer's arc,
// on the same centre; around a sharp one, it runs from outer's side through
// its arc to the next side.
func chainMarks(outer, inner rrect) map[int]spot {
	marks := map[int]spot{}
	if inner.r > 0 {
		for q := range 4 {
			marks[markChainStart+q] = spot{2 * q, 0}
			marks[markChainEnd+q] = spot{2 * q, math.Pi / 2}
		}
		return marks
	}
	cx, cy := outer.centre()
	kx, ky := inner.centre()
	dx, dy := cx-kx, cy-ky // from where outer's arcs begin back to the cut
	lx, ly := outer.length(1), outer.length(3)
	marks[markChainStart+0], marks[markChainEnd+0] = spot{7, ly - dy}, spot{1, dx}
	marks[markChainStart+1], marks[markChainEnd+1] = spot{1, lx - dx}, spot{3, dy}
	marks[markChainStart+2], marks[markChainEnd+2] = spot{3, ly - dy}, spot{5, dx}
	marks[markChainStart+3], marks[markChainEnd+3] = spot{5, lx - dx}, spot{7, dy}
	return marks
}
