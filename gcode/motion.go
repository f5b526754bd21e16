package gcode

import (
	"fmt"
	"math"

	"yanchu/geom"
)

// maxArcPieces caps the pieces of one arc, so a huge radius cannot stall Parse.
const maxArcPieces = 4096

// axis returns the index of an axis letter in parser.pos, or -1.
func axis(l byte) int {
	switch l {
	case 'X':
		return 0
	case 'Y':
		return 1
	case 'Z':
		return 2
	case 'E':
		return 3
	}
	return -1
}

// target works out where a move's X, Y, Z and E words go, and reads its other
// words (I, J, R for arcs) into extra.
func (p *parser) target(args []word, extra map[byte]float64) ([4]float64, error) {
	to := p.pos
	for _, w := range args {
		a := axis(w.letter)
		if a < 0 && extra == nil {
			continue
		}
		if a < 0 {
			switch w.letter {
			case 'I', 'J', 'R':
			default:
				continue
			}
		}
		x, err := w.number()
		if err != nil {
			return to, err
		}
		switch {
		case a < 0:
			extra[w.letter] = x * p.unit
		case a == 3 && (p.relE || p.relXYZ):
			to[3] = p.pos[3] + x*p.unit
		case a == 3:
			to[3] = x * p.unit
		case p.relXYZ:
			to[a] = p.pos[a] + x*p.unit
		default:
			to[a] = x * p.unit
		}
	}
	return to, nil
}

// machine returns the machine position of stated coordinates.
func (p *parser) machine(q [4]float64) geom.Vec3 {
	return geom.Vec3{X: q[0] + p.off[0], Y: q[1] + p.off[1], Z: q[2] + p.off[2]}
}

// move handles G0 and G1.
func (p *parser) move(args []word) error {
	to, err := p.target(args, nil)
	if err != nil {
		return err
	}
	a, b := p.machine(p.pos), p.machine(to)
	de := to[3] - p.pos[3]
	p.pos = to
	if de > 0 && (a.X != b.X || a.Y != b.Y) {
		return p.extrude(de, [][2]geom.Vec3{{a, b}})
	}
	return nil
}

// arc handles G2 (clockwise, cw set) and G3 in the XY plane, with the centre
// given by I and J (relative to the start) or by the radius R (negative for the
// longer way round). Z moves evenly along the arc, making a helix.
func (p *parser) arc(args []word, cw bool) error {
	extra := map[byte]float64{}
	to, err := p.target(args, extra)
	if err != nil {
		return err
	}
	a, b := p.machine(p.pos), p.machine(to)
	de := to[3] - p.pos[3]
	p.pos = to
	ci, hasI := extra['I']
	cj, hasJ := extra['J']
	r, hasR := extra['R']
	var cx, cy float64
	switch {
	case hasI || hasJ:
		cx, cy = a.X+ci, a.Y+cj
	case hasR && r != 0:
		// The centre lies on the perpendicular bisector of the chord, on the side
		// that makes the arc turn the right way and, for R < 0, the long way.
		dx, dy := b.X-a.X, b.Y-a.Y
		chord := math.Hypot(dx, dy)
		if chord == 0 || chord > 2*math.Abs(r)*(1+1e-9) {
			return fmt.Errorf("arc of radius %g cannot join points %g mm apart", r, chord)
		}
		h := math.Sqrt(math.Max(0, r*r-chord*chord/4))
		side := 1.0
		if cw {
			side = -1
		}
		if r < 0 {
			side = -side
		}
		cx = (a.X+b.X)/2 - side*h*dy/chord
		cy = (a.Y+b.Y)/2 + side*h*dx/chord
	default:
		return fmt.Errorf("arc without I, J or R")
	}
	if !(de > 0) {
		return nil
	}
	radius := math.Hypot(a.X-cx, a.Y-cy)
	a0 := math.Atan2(a.Y-cy, a.X-cx)
	a1 := math.Atan2(b.Y-cy, b.X-cx)
	sweep := a1 - a0
	if cw {
		for sweep >= 0 {
			sweep -= 2 * math.Pi
		}
	} else {
		for sweep <= 0 {
			sweep += 2 * math.Pi
		}
	}
	if radius == 0 {
		return nil
	}
	n := int(math.Ceil(math.Abs(sweep) * radius / p.arcStep))
	n = max(1, min(n, maxArcPieces))
	pieces := make([][2]geom.Vec3, 0, n)
	prev := a
	for k := 1; k <= n; k++ {
		t := float64(k) / float64(n)
		ang := a0 + sweep*t
		q := geom.Vec3{X: cx + radius*math.Cos(ang), Y: cy + radius*math.Sin(ang), Z: a.Z + (b.Z-a.Z)*t}
		if k == n {
			q = b
		}
		pieces = append(pieces, [2]geom.Vec3{prev, q})
		prev = q
	}
	return p.extrude(de, pieces)
}

// extrude records an extrusion of de mm of filament along pieces.
func (p *parser) extrude(de float64, pieces [][2]geom.Vec3) error {
	st := p.st
	st.ExtrudedMM += de
	st.Extrusions++
	var length float64
	for _, pc := range pieces {
		length += pc[1].Sub(pc[0]).Len()
		st.Bounds = st.Bounds.Include(pc[0]).Include(pc[1])
	}
	z := pieces[len(pieces)-1][1].Z
	if !p.zs[z] {
		if len(p.zs) < 1<<20 {
			p.zs[z] = true
		}
		if z != p.curZ {
			p.lastZ, p.curZ = p.curZ, z
		}
	}
	if !p.opt.Segments || !(length > 0) {
		return nil
	}
	layer := p.layerH
	if layer == 0 {
		layer = p.curZ - p.lastZ
		if !(layer > 0) {
			layer = math.Abs(p.curZ)
		}
	}
	h := p.height
	if h == 0 {
		h = layer
	}
	w := p.width
	if w == 0 && h > 0 {
		// The bead is a rectangle with semicircular sides: area (w - h)·h + π h²/4.
		area := de * p.filArea / length
		w = area/h + h*(1-math.Pi/4)
	}
	if len(st.Segments)+len(pieces) > p.maxSeg {
		return fmt.Errorf("more than %d extrusion segments; raise Options.MaxSegments", p.maxSeg)
	}
	for _, pc := range pieces {
		st.Segments = append(st.Segments, Segment{A: pc[0], B: pc[1], WidthMM: w, HeightMM: h, LayerMM: layer, Type: p.typ})
	}
	return nil
}

// home handles G28: the axes named, or all when none is, go to 0.
func (p *parser) home(args []word) error {
	named := false
	for _, w := range args {
		if a := axis(w.letter); a >= 0 && a < 3 {
			p.pos[a], p.off[a] = 0, 0
			named = true
		}
	}
	if !named {
		p.pos[0], p.pos[1], p.pos[2] = 0, 0, 0
		p.off = [3]float64{}
	}
	return nil
}

// setPosition handles G92: the axes named, or all when none is, are declared to be
// at the given values (0 when none) without moving.
func (p *parser) setPosition(args []word) error {
	named := false
	for _, w := range args {
		a := axis(w.letter)
		if a < 0 {
			continue
		}
		x := 0.0
		if w.text != "" {
			var err error
			if x, err = w.number(); err != nil {
				return err
			}
		}
		x *= p.unit
		if a < 3 {
			p.off[a] += p.pos[a] - x
		}
		p.pos[a] = x
		named = true
	}
	if !named {
		for a := 0; a < 3; a++ {
			p.off[a] += p.pos[a]
		}
		p.pos = [4]float64{}
	}
	return nil
}
