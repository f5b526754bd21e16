package isosurface

import (
	"context"
	"fmt"
	"math"

	"yanchu/sdf"
)

// Plan is what meshing a solid will take, found before any of it is done: the
// mesher's octree descent, run down to the leaf blocks without sampling them.
type Plan struct {
	// Cell is the grid spacing (mm) and Grid the cells along X, Y and Z.
	Cell float64
	Grid [3]int
	// Leaves is the number of leaf blocks that may hold surface, each sampled
	// at (leafCells+1)³ points when meshed. Where the descent stopped early it is
	// extrapolated from the growth of the last levels, and Exact is false.
	Leaves int
	Exact  bool
}

// LeafCells is the number of cells along a leaf block's side.
const LeafCells = leafCells

// Plan descends the octree of blocks the mesher would visit, level by level,
// keeping the blocks that may hold surface. Once a level keeps more than most
// blocks it stops and extrapolates the leaves; most <= 0 means no bound. It
// evaluates the solid once per block kept, about a thousandth of meshing's
// samples, and fails as Mesh does for a bad cell or an unbounded solid.
func (m Mesher) Plan(ctx context.Context, s sdf.Solid, most int) (Plan, error) {
	b := s.Bounds()
	if b.Empty() {
		return Plan{Exact: true}, nil
	}
	g, err := m.grid(b)
	if err != nil {
		return Plan{}, err
	}
	p := Plan{Cell: g.h, Grid: g.n}
	side := leafCells
	for side < max(g.n[0], g.n[1], g.n[2]) {
		side *= 2
	}
	type block struct {
		lo    [3]int
		solid sdf.Solid
	}
	level := []block{{solid: s}}
	parents := 1
	for ; ; side /= 2 {
		var kept []block
		for i, bl := range level {
			if i%1024 == 0 && ctx.Err() != nil {
				return Plan{}, fmt.Errorf("isosurface: %w", ctx.Err())
			}
			if ps, _, ok := g.holds(bl.solid, bl.lo, side); ok {
				kept = append(kept, block{bl.lo, ps})
			}
		}
		if side <= leafCells {
			p.Leaves, p.Exact = len(kept), true
			return p, nil
		}
		if most > 0 && 8*len(kept) > most {
			// Blocks larger than the features all hold surface, eight for one;
			// blocks smaller than its curvature, four for one: the last
			// ratio goes a quarter of the way to four with each level.
			n, f := float64(len(kept)), math.Min(8, float64(len(kept))/float64(parents))
			for s := side; s > leafCells; s /= 2 {
				f = 4 + (f-4)*3/4
				n *= f
			}
			p.Leaves = int(math.Min(n, math.MaxInt32))
			return p, nil
		}
		parents = max(1, len(kept))
		level = level[:0:0]
		half := side / 2
		for _, bl := range kept {
			for o := 0; o < 8; o++ {
				lo := [3]int{bl.lo[0] + o&1*half, bl.lo[1] + o>>1&1*half, bl.lo[2] + o>>2&1*half}
				if lo[0] < g.n[0] && lo[1] < g.n[1] && lo[2] < g.n[2] {
					level = append(level, block{lo, bl.solid})
				}
			}
		}
	}
}

// holds reports whether the cube of cells from lo with side n, clipped to the
// grid at hi, may hold surface, and returns s pruned to it: no surface lies
// within the block's half-diagonal of its centre when the field there is
// larger, and the whole block is then on one side, strictly. The mesher's
// descent and Plan both decide by it.
func (g *grid) holds(s sdf.Solid, lo [3]int, n int) (sdf.Solid, [3]int, bool) {
	var hi [3]int
	for a := 0; a < 3; a++ {
		hi[a] = min(lo[a]+n, g.n[a])
	}
	p0, p1 := g.point(lo[0], lo[1], lo[2]), g.point(hi[0], hi[1], hi[2])
	c := p0.Add(p1).Scale(0.5)
	r := p1.Sub(p0).Len() / 2
	if v := s.At(c); math.Abs(v) > s.Slope()*r*(1+1e-9)+1e-12 {
		return nil, hi, false
	}
	return s.Prune(c, r), hi, true
}
