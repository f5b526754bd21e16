package lithophane

import (
	"context"
	"fmt"
	"math"
	"sync"

	"yanchu/geom"
	"yanchu/sdf"
)

// plate is a lithophane or a relief laid flat: x across the width, y up the
// picture, z through the thickness, the back on z = 0. Its thickness is given at
// the nodes of a lattice of nx × ny cells, px × py mm each; the picture fills
// the lattice but for a border, where the plate is the frame's thickness.
type plate struct {
	w, h   float64 // mm, the tab left out
	nx, ny int
	px, py float64
	z      []float32 // thickness at node (i, j), row j
	// tab is the hanging tab above the top edge, or nil.
	tab *tab
	// arc is the angle (radians) the plate is bent through about a vertical
	// axis, 0 for a flat plate.
	arc float64
	// thin and thick are the least and greatest thickness of the picture's
	// part, and lightest and darkest its nodes' luminance there.
	thin, thick float64
	// net is the RTIN of the lattice, made once (see network).
	once sync.Once
	net  *rtin
}

// tab is a flat tab above the plate's top edge with a hole to hang it by: a
// half disc of radius r on a rectangle r high, between nodes a and b of the top
// edge, t thick, the hole of radius hole at the half disc's centre.
type tab struct {
	a, b    int
	r, hole float64
	t       float64
}

// node returns the thickness at node (i, j), clamped into the lattice.
func (p *plate) node(i, j int) float64 {
	i = min(max(i, 0), p.nx)
	j = min(max(j, 0), p.ny)
	return float64(p.z[j*(p.nx+1)+i])
}

// height returns the thickness at (x, y) on the flat plate: the linear
// interpolant on the lattice's half cells, cut along the diagonal through each
// cell's odd corner, as the RTIN's smallest triangles are.
func (p *plate) height(x, y float64) float64 {
	u := min(max(x/p.px, 0), float64(p.nx))
	v := min(max(y/p.py, 0), float64(p.ny))
	i := min(int(u), p.nx-1)
	j := min(int(v), p.ny-1)
	s, t := u-float64(i), v-float64(j)
	h00, h10 := p.node(i, j), p.node(i+1, j)
	h01, h11 := p.node(i, j+1), p.node(i+1, j+1)
	if i%2 == j%2 { // the odd corner is (i, j) or (i+1, j+1): the diagonal rises
		if s >= t {
			return h00 + s*(h10-h00) + t*(h11-h10)
		}
		return h00 + t*(h01-h00) + s*(h11-h01)
	}
	if s+t <= 1 {
		return h00 + s*(h10-h00) + t*(h01-h00)
	}
	return h11 + (1-s)*(h01-h11) + (1-t)*(h10-h11)
}

// slope returns the steepest rise of the thickness between neighbouring nodes,
// per mm: the Lipschitz constant of height.
func (p *plate) slope() float64 {
	var g float64
	for j := 0; j <= p.ny; j++ {
		for i := 0; i <= p.nx; i++ {
			h := p.node(i, j)
			if i < p.nx {
				g = max(g, math.Abs(p.node(i+1, j)-h)/p.px)
			}
			if j < p.ny {
				g = max(g, math.Abs(p.node(i, j+1)-h)/p.py)
			}
		}
	}
	// Along a half cell's diagonal the rises add up.
	return 2 * g
}

// radius returns the radius of the back of a bent plate.
func (p *plate) radius() float64 { return p.w / p.arc }

// flat turns a point of the bent plate's space into the flat plate's (x along
// the back's arc, y up, z out from the back), or returns it for a flat plate.
func (p *plate) flat(q geom.Vec3) geom.Vec3 {
	if p.arc == 0 {
		return q
	}
	r := p.radius()
	// The bent plate stands on its bottom edge: y is up (Z), the back's middle
	// at the origin, bulging towards -Y.
	dx, dy := q.X, r-q.Y
	return geom.V(r*math.Atan2(dx, dy)+p.w/2, q.Z, math.Hypot(dx, dy)-r)
}

// bend turns a point of the flat plate into the bent one's space.
func (p *plate) bend(q geom.Vec3) geom.Vec3 {
	if p.arc == 0 {
		return q
	}
	r := p.radius()
	phi := (q.X - p.w/2) / r
	rr := r + q.Z
	return geom.V(rr*math.Sin(phi), r-rr*math.Cos(phi), q.Y)
}

// field returns the flat plate's field at q: the plate's and the tab's. On the
// face it is the thickness the mesh must follow less the height, which
// overstates the distance to the face; elsewhere a bound.
func (p *plate) field(q geom.Vec3) float64 {
	// The picture plate: a box in x and y, cut by 0 <= z <= height.
	dx := max(-q.X, q.X-p.w)
	dy := max(-q.Y, q.Y-p.h)
	f := max(dx, dy, -q.Z, q.Z-p.height(q.X, q.Y))
	if t := p.tab; t != nil {
		f = min(f, t.field(p, q))
	}
	return f
}

// field is the tab's: a half disc on a rectangle, reaching a millimetre into
// the plate so the two overlap, less the hole, between z = 0 and z = t.
func (t *tab) field(p *plate, q geom.Vec3) float64 {
	x0, x1 := float64(t.a)*p.px, float64(t.b)*p.px
	cx, cy := (x0+x1)/2, p.h+t.r
	y0 := p.h - 1
	rect := box2(q.X-cx, q.Y-(y0+cy)/2, (x1-x0)/2, (cy-y0)/2)
	disc := math.Hypot(q.X-cx, q.Y-cy) - t.r
	d := max(min(rect, disc), t.hole-math.Hypot(q.X-cx, q.Y-cy))
	return max(d, -q.Z, q.Z-t.t)
}

// box2 is the distance to a rectangle of half sides hx, hy centred at the
// origin, from the point (x, y).
func box2(x, y, hx, hy float64) float64 {
	dx, dy := math.Abs(x)-hx, math.Abs(y)-hy
	return math.Hypot(max(dx, 0), max(dy, 0)) + min(max(dx, dy), 0)
}

// bounds returns the box of the plate as it stands (bent or flat).
func (p *plate) bounds() geom.Box {
	top := p.h
	if p.tab != nil {
		top += 2 * p.tab.r
	}
	zmax := p.thick
	for _, v := range p.z {
		zmax = max(zmax, float64(v))
	}
	if p.tab != nil {
		zmax = max(zmax, p.tab.t)
	}
	if p.arc == 0 {
		return geom.Box{Min: geom.V(0, 0, 0), Max: geom.V(p.w, top, zmax)}
	}
	r := p.radius()
	half := p.arc / 2
	// The arc's extremes: its ends, and its middle on the outside.
	b := geom.Box{Min: geom.V(math.Inf(1), math.Inf(1), 0), Max: geom.V(math.Inf(-1), math.Inf(-1), p.h)}
	for _, rr := range []float64{r, r + zmax} {
		for _, phi := range []float64{-half, 0, half} {
			x, y := rr*math.Sin(phi), r-rr*math.Cos(phi)
			b.Min.X, b.Max.X = min(b.Min.X, x), max(b.Max.X, x)
			b.Min.Y, b.Max.Y = min(b.Min.Y, y), max(b.Max.Y, y)
		}
	}
	return b
}

// solid returns the plate as a solid, as it stands.
func (p *plate) solid(name string) sdf.Solid {
	slope := math.Hypot(1, p.slope())
	f := func(q geom.Vec3) float64 { return p.field(q) }
	if p.arc != 0 {
		// Bent, a millimetre of arc at the back's radius r is r'/r mm at radius
		// r'; inside the box, r' is at least r less the plate's depth.
		r := p.radius()
		b := p.bounds()
		depth := math.Max(b.Max.Y-b.Min.Y, 1)
		slope *= r / math.Max(r-depth, r/4)
		f = func(q geom.Vec3) float64 { return p.field(p.flat(q)) }
	}
	b := p.bounds()
	return sdf.Custom(name, geom.Box{Min: b.Min.Sub(geom.V(0.01, 0.01, 0.01)), Max: b.Max.Add(geom.V(0.01, 0.01, 0.01))}, slope, f)
}

// check is called between long steps.
func check(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("lithophane: %w", err)
	}
	return nil
}
