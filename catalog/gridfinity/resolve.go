package gridfinity

import (
	"fmt"
	"math"
	"strings"

	"yanchu/badinput"
	"yanchu/spec"
)

// Resolve fills what was not said and refuses a bin that cannot be made: grid
// counts that are not whole, a bin too low to have an inside, compartments too
// narrow to use, a label shelf with no room under the lip.
func (domain) Resolve(in *spec.Spec) (*spec.Spec, error) {
	s := in.Clone()
	s.Domain = schema.Domain
	def := func(name string, v spec.Value) {
		if !s.Has(name) {
			v.Source = spec.Default
			s.Params[name] = v
		}
	}
	def("size", spec.Value{Vec: [3]float64{defGridX, defGridY, defGridHeight}, Unit: "mm"})
	def("wall", spec.Value{Num: defWall, Unit: "mm"})
	def("magnets", spec.Value{Text: off})
	def("screws", spec.Value{Text: off})
	def("compartments", spec.Value{Num: 1})
	def("compartments_y", spec.Value{Num: 1})
	def("label", spec.Value{Text: off})
	s.Params["size"] = inUnits(s.Params["size"])
	if err := checkSize(s.Params["size"]); err != nil {
		return nil, err
	}
	if name, msg := spec.Check(schema, s); msg != "" {
		return nil, &badinput.Error{Code: badinput.OutOfRange, Message: "gridfinity: " + msg, Suggestions: []string{name}}
	}
	if err := planOf(s).check(); err != nil {
		return nil, err
	}
	return s, nil
}

// inUnits reads a size said in millimetres (84x84x42mm, or sides too large to
// be grid units) as the nearest grid units, with a note; a size in grid units
// is returned as it is.
func inUnits(v spec.Value) spec.Value {
	g := v.Vec
	v.Unit = spec.GridUnits
	unit := strings.ContainsAny(strings.ToLower(v.Word), "m米分in\"″")
	if v.Source != spec.Said || !(unit || g[0] > maxGrid && g[1] > maxGrid) || g[0] < gridXY/2 || g[1] < gridXY/2 {
		return v
	}
	u := [3]float64{math.Max(1, math.Round(g[0]/gridXY)), math.Max(1, math.Round(g[1]/gridXY)), math.Max(1, math.Round(g[2]/gridZ))}
	v.Note = fmt.Sprintf("%s×%s×%s mm read as %s×%s×%s grid units: %s × %s mm, %s mm tall with the lip",
		mm(g[0]), mm(g[1]), mm(g[2]), spec.FormatNumber(u[0]), spec.FormatNumber(u[1]), spec.FormatNumber(u[2]),
		mm(outer(int(u[0]))), mm(outer(int(u[1]))), mm(gridZ*u[2]+lipHeight))
	v.Vec = u
	return v
}

// checkSize refuses grid counts that are not whole, or beyond what prints.
func checkSize(v spec.Value) error {
	g := v.Vec
	for i, what := range []string{"cells along x", "cells along y", "height units"} {
		if g[i] != math.Trunc(g[i]) || g[i] < 1 {
			return &badinput.Error{Code: badinput.OutOfRange, Suggestions: []string{"size"}, Message: fmt.Sprintf(
				"gridfinity: the size is in grid units, whole numbers of 42 mm cells and 7 mm height units, and %s is %s; say it as 2x3x6 (2 by 3 cells, 6 units high)",
				what, spec.FormatNumber(g[i]))}
		}
	}
	if g[0] > maxGrid || g[1] > maxGrid {
		return &badinput.Error{Code: badinput.OutOfRange, Suggestions: []string{"size"}, Message: fmt.Sprintf(
			"gridfinity: a bin of %sx%s cells is %s x %s mm, and no printer yanchu knows prints over %d cells (%s mm); at most %d cells a side",
			spec.FormatNumber(g[0]), spec.FormatNumber(g[1]), mm(outer(int(g[0]))), mm(outer(int(g[1]))), maxGrid, mm(outer(maxGrid)), maxGrid)}
	}
	if g[2] > maxHeight {
		return &badinput.Error{Code: badinput.OutOfRange, Suggestions: []string{"size"}, Message: fmt.Sprintf(
			"gridfinity: %s height units make a bin %s mm tall with its lip; at most %d units (%s mm)",
			spec.FormatNumber(g[2]), mm(gridZ*g[2]+lipHeight), maxHeight, mm(gridZ*maxHeight+lipHeight))}
	}
	if g[2] < 2 {
		return &badinput.Error{Code: badinput.Infeasible, Suggestions: []string{"size"}, Message: fmt.Sprintf(
			"gridfinity: a bin 1 unit high has no inside: its solid floor reaches %s mm, the whole 7 mm of the unit; 2 units or more, as %sx%sx2",
			mm(floorTop), spec.FormatNumber(g[0]), spec.FormatNumber(g[1]))}
	}
	return nil
}

// outer is the outside of a bin n cells across (mm): 42n less the clearance
// on both sides.
func outer(n int) float64 { return gridXY*float64(n) - 2*clearance }

// mm prints a length rounded to 0.01 mm, without its unit.
func mm(x float64) string { return spec.FormatNumber(math.Round(x*100) / 100) }

// plan is a resolved bin in numbers: counts, and lengths in millimetres.
type plan struct {
	nx, ny, nh             int // cells along x and y, height units
	wall                   float64
	magnets, screws, label bool
	cx, cy                 int // compartments along x and y
}

// planOf reads a resolved spec.
func planOf(s *spec.Spec) *plan {
	g := s.Params["size"].Vec
	return &plan{
		nx: int(g[0]), ny: int(g[1]), nh: int(g[2]),
		wall:    s.Num("wall"),
		magnets: s.Text("magnets") == on, screws: s.Text("screws") == on, label: s.Text("label") == on,
		cx: int(s.Num("compartments")), cy: int(s.Num("compartments_y")),
	}
}

// outerX and outerY are the bin's outside across x and y; body the height of
// the body from the bottom of the feet, top the height with the lip.
func (b *plan) outerX() float64 { return outer(b.nx) }
func (b *plan) outerY() float64 { return outer(b.ny) }
func (b *plan) body() float64   { return gridZ * float64(b.nh) }
func (b *plan) top() float64    { return b.body() + lipHeight }

// innerX and innerY are the inside across, between the walls.
func (b *plan) innerX() float64 { return b.outerX() - 2*b.wall }
func (b *plan) innerY() float64 { return b.outerY() - 2*b.wall }

// insertTop is the height of the dividers' and shelves' tops.
func (b *plan) insertTop() float64 { return b.body() - insertDrop }

// compX and compY are a compartment's length along x and y.
func (b *plan) compX() float64 { return (b.innerX() - float64(b.cx-1)*divider) / float64(b.cx) }
func (b *plan) compY() float64 { return (b.innerY() - float64(b.cy-1)*divider) / float64(b.cy) }

// dividerAt returns the centre of divider i (0-based) along an inside of
// length in split into n compartments of length c.
func dividerAt(i int, in, c float64) float64 {
	return -in/2 + float64(i+1)*c + (float64(i)+0.5)*divider
}

// shelf returns the depth of a label shelf (mm): 12 mm, or less where the
// compartment is shallow or the bin low, keeping 1 mm above the floor under
// its 45° support and half the compartment's depth in front of it.
func (b *plan) shelf() float64 {
	room := b.insertTop() - shelfEdge - floorTop - 1
	return math.Min(shelfDepth, math.Min(room, b.compY()/2))
}

// cell is the largest grid cell (mm) that keeps the thinnest wall open: half
// of it, the wall or a divider.
func (b *plan) cell() float64 {
	t := b.wall
	if b.cx > 1 || b.cy > 1 {
		t = math.Min(t, divider)
	}
	return math.Min(1, t/2)
}

// check refuses a plan that cannot be built, saying what would work.
func (b *plan) check() error {
	for _, ax := range []struct {
		name, param string
		n, cells    int
		in          float64
	}{{"x", "compartments", b.cx, b.nx, b.innerX()}, {"y", "compartments_y", b.cy, b.ny, b.innerY()}} {
		c := (ax.in - float64(ax.n-1)*divider) / float64(ax.n)
		if c < minCompart-1e-9 {
			most := int(math.Floor((ax.in + divider) / (minCompart + divider)))
			least := int(math.Ceil((float64(ax.n)*(minCompart+divider) - divider + 2*b.wall + 2*clearance) / gridXY))
			return &badinput.Error{Code: badinput.Infeasible, Suggestions: []string{ax.param}, Message: fmt.Sprintf(
				"gridfinity: %d compartments along %s leave each %s mm in %s mm inside, and the least is %s mm; at most %d compartments, or a bin of %d cells along %s",
				ax.n, ax.name, mm(c), mm(ax.in), mm(minCompart), most, least, ax.name)}
		}
	}
	if b.label {
		if d := b.shelf(); d < minShelf-1e-9 {
			msg := fmt.Sprintf("gridfinity: a label shelf here would be %s mm deep, and the least is %s mm", mm(math.Max(d, 0)), mm(minShelf))
			if b.insertTop()-shelfEdge-floorTop-1 < minShelf {
				msg += fmt.Sprintf(": a bin %d units high leaves too little room under the lip; 3 units or more, or no label", b.nh)
			} else {
				msg += "; fewer compartments along y, or no label"
			}
			return &badinput.Error{Code: badinput.Infeasible, Suggestions: []string{"label"}, Message: msg}
		}
	}
	return nil
}
