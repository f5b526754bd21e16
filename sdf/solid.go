// Package sdf holds yanchu's solids: immutable signed-distance fields in millimetres,
// Z up, negative inside. A Solid is data, a tree of operations that prints as a
// canonical expression, so it can be hashed, compared and compiled elsewhere.
//
// Every constructor documents its field's exactness:
//   - Exact: the value is the signed Euclidean distance to the surface.
//   - Bound: |value| never exceeds the true distance, and the slope is at most 1.
//   - Slope k: neither; the field changes by at most k per millimetre, so samplers
//     divide by k before trusting it as a distance.
//
// Samplers rely on two promises of every Solid: the field is positive outside
// Bounds, and it is Lipschitz with constant Slope. Pruning (Solid.Prune) uses them to
// drop sub-trees that cannot change the value in a region, without changing a bit of
// the result there.
package sdf

import (
	"math"
	"sync"

	"yanchu/geom"
)

// Exactness says how a field's value relates to the true distance.
type Exactness int

const (
	// Exact fields give the signed Euclidean distance.
	Exact Exactness = iota
	// Bound fields never overstate the distance and have slope at most 1.
	Bound
	// Sloped fields are only Lipschitz, with the constant Solid.Slope.
	Sloped
)

func (e Exactness) String() string {
	switch e {
	case Exact:
		return "exact"
	case Bound:
		return "bound"
	}
	return "sloped"
}

// Solid is an immutable signed-distance solid, safe for concurrent use.
type Solid interface {
	// At returns the field at p (mm): negative inside, positive outside.
	At(p geom.Vec3) float64
	// Eval writes the field at every point of p into d[:len(p)]. It equals At
	// bit for bit and allocates nothing in the steady state.
	Eval(p []geom.Vec3, d []float64)
	// Bounds returns a box holding every point where the field is not positive.
	// Unbounded solids (a half-space, a gyroid) return infinite components.
	Bounds() geom.Box
	// Slope returns the field's Lipschitz constant: 1 for exact and bound fields.
	Slope() float64
	// Exactness says whether the field is exact, a bound, or only sloped.
	Exactness() Exactness
	// Feature returns the smallest feature the solid declares (mm) and its name,
	// such as a shell wall or a hole diameter; +Inf when it declares none.
	Feature() (size float64, what string)
	// Prune returns a solid whose field equals this one's, bit for bit, at every
	// point within distance r of c, dropping what cannot matter there.
	Prune(c geom.Vec3, r float64) Solid
	// String returns the canonical expression of the solid.
	String() string
	// reach is the factor by which the field may understate the distance to the
	// bounds outside them (see props.rch).
	reach() float64
}

// props holds the facts every node carries.
type props struct {
	bounds  geom.Box
	slope   float64
	exact   Exactness
	feature float64
	what    string
	// rch is the reach: outside the bounds the field is at least the distance to
	// them divided by rch. 0 stands for 1, as for every exact field. Offsets and
	// blends use it to grow the bounds far enough.
	rch float64
}

func (p *props) Bounds() geom.Box           { return p.bounds }
func (p *props) Slope() float64             { return p.slope }
func (p *props) Exactness() Exactness       { return p.exact }
func (p *props) Feature() (float64, string) { return p.feature, p.what }
func (p *props) reach() float64 {
	if p.rch == 0 {
		return 1
	}
	return p.rch
}
func newProps(b geom.Box, f float64, what string) props {
	return props{bounds: b, slope: 1, exact: Exact, feature: f, what: what}
}

// infBox is the box of an unbounded solid.
func infBox() geom.Box {
	inf := math.Inf(1)
	return geom.Box{Min: geom.Vec3{X: -inf, Y: -inf, Z: -inf}, Max: geom.Vec3{X: inf, Y: inf, Z: inf}}
}

// Scratch buffers for batch evaluation, reused through pools so the hot loop
// allocates nothing.
var (
	floatPool sync.Pool
	vecPool   sync.Pool
)

func getFloats(n int) *[]float64 {
	if b, ok := floatPool.Get().(*[]float64); ok && cap(*b) >= n {
		*b = (*b)[:n]
		return b
	}
	b := make([]float64, n, max(n, 1024))
	return &b
}

func putFloats(b *[]float64) { floatPool.Put(b) }

func getVecs(n int) *[]geom.Vec3 {
	if b, ok := vecPool.Get().(*[]geom.Vec3); ok && cap(*b) >= n {
		*b = (*b)[:n]
		return b
	}
	b := make([]geom.Vec3, n, max(n, 1024))
	return &b
}

func putVecs(b *[]geom.Vec3) { vecPool.Put(b) }

// minFeature returns the smaller of the features of the solids.
func minFeature(ss []Solid) (float64, string) {
	f, what := math.Inf(1), ""
	for _, s := range ss {
		if g, w := s.Feature(); g < f {
			f, what = g, w
		}
	}
	return f, what
}

// maxSlope returns the largest slope of the solids, and the weakest exactness.
func maxSlope(ss []Solid) (float64, Exactness) {
	k, e := 0.0, Bound
	for _, s := range ss {
		k = math.Max(k, s.Slope())
		if s.Exactness() > e {
			e = s.Exactness()
		}
	}
	return k, e
}
