package pipeline

import (
	"context"
	"fmt"
	"math"
	"runtime"

	"yanchu/catalog"
	"yanchu/isosurface"
	"yanchu/sdf"
)

// Estimate is what a make will need, worked out before the work starts: the
// grid of a model meshed on one, the triangles of its mesh, its peak memory and
// its time. The figures are bounds fitted to the models measured on the
// benchmark machine (BENCHMARKS.md: 2 cores), where each came out under its
// estimate or close to it; time scales down with more cores and up on a
// slower machine. A model meshed from its surface has an exact bound on its
// triangles; one meshed on a grid, a count of the grid's blocks that hold
// surface, from which the rest follows.
type Estimate struct {
	// Cells is the number of cells along the longest side of the grid, and
	// Cell their size (mm); 0 for a model meshed from its surface.
	Cells     int     `json:"cells,omitempty"`
	Cell      float64 `json:"cell_mm,omitempty"`
	Triangles int     `json:"triangles"`
	MemoryMiB int     `json:"memory_mib"`
	Seconds   float64 `json:"seconds"`
}

// String says the estimate as a person reads it.
func (e Estimate) String() string {
	tris := "at most " + count(e.Triangles)
	grid := ""
	if e.Cells > 0 {
		tris = "about " + count(e.Triangles)
		grid = fmt.Sprintf("a grid of %d cells of %.3g mm along the longest side, ", e.Cells, e.Cell)
	}
	return fmt.Sprintf("%s%s triangles, about %s of memory and %.0f s on %d cores",
		grid, tris, mib(e.MemoryMiB), math.Ceil(e.Seconds), runtime.GOMAXPROCS(0))
}

// Per triangle of a surface mesh, from words to files: the mesh, its facts,
// the deviation measured, the 3MF and STL written and the report.
const (
	surfaceBaseMiB    = 60
	surfaceBytesEach  = 260
	surfaceBaseS      = 0.3
	surfaceSecondEach = 3.2e-6 // on 2 cores
)

// estimateOf returns the estimate of a model meshed from its surface within
// tol, or false when the model gives no count to rest on (one meshed on the
// grid).
func estimateOf(model *catalog.Model, tol float64) (Estimate, bool) {
	if model.Surface == nil || model.SurfaceTriangles == nil {
		return Estimate{}, false
	}
	if tol <= 0 {
		tol = DefaultTolerance // as meshSurface takes it
	}
	n := model.SurfaceTriangles(tol)
	return Estimate{
		Triangles: n,
		MemoryMiB: surfaceBaseMiB + int(math.Ceil(float64(n)*surfaceBytesEach/(1<<20))),
		Seconds:   surfaceBaseS + float64(n)*surfaceSecondEach*coreShare(),
	}, true
}

// coreShare scales a time measured on 2 cores to this machine's.
func coreShare() float64 {
	return 2 / float64(max(1, min(runtime.GOMAXPROCS(0), 8)))
}

// Per leaf block of a grid (8³ cells that may hold surface), measured over
// Gridfinity bins, gears, vases, boxes and tied, flat and mirrored puzzle
// balls, uniform and lean (BENCHMARKS.md). A lean mesh is simplified from the
// uniform one block by block: the blocks' solids, kept to check it, and the
// simplifier's work weigh far more than the triangles it keeps, whose number
// follows the tolerance more than the grid (a mirrored octant's blocks, the
// smooth shells of a ball, keep fewer).
const (
	gridFineEach     = 180    // triangles of the uniform mesh
	gridLeanEach     = 12     // triangles of the lean mesh
	gridUniformBytes = 220    // memory per triangle of a uniform mesh
	gridLeanBytes    = 24_000 // memory per block meshed lean
	gridUniformS     = 150e-6 // seconds per block, uniform, on 2 cores
	gridWriteS       = 1.6e-6 // seconds per triangle of a uniform mesh, checked and written
	gridLeanS        = 800e-6 // seconds per block, lean, on 2 cores
	// A mirrored octant's blocks, lean, each of a smooth solid's.
	gridMirrorBytes = 12_000
	gridMirrorS     = 500e-6
)

// planBudget bounds the blocks a plan keeps on one level before it
// extrapolates: about a tenth of a second at most.
const planBudget = 400_000

// gridEstimate plans meshing solid, or each of mo.Bodies, as Mesh would mesh
// it, and estimates the make from the leaf blocks that may hold surface. A
// mirrored octant's blocks are meshed once and written eight times.
func gridEstimate(ctx context.Context, solid sdf.Solid, mo Options) (Estimate, error) {
	m := isosurface.Mesher{Cell: mo.Cell, Cells: mo.Cells, Mirror: mo.Mirror}
	bodies := mo.Bodies
	if len(bodies) == 0 {
		bodies = []sdf.Solid{solid}
	}
	var e Estimate
	meshed, written := 0, 0
	for _, b := range bodies {
		p, err := m.Plan(ctx, b, planBudget)
		if err != nil {
			return Estimate{}, fmt.Errorf("pipeline: planning the grid: %w", err)
		}
		meshed += p.Leaves
		written += p.Leaves
		if mo.Mirror {
			written += 7 * p.Leaves
		}
		if p.Cell > 0 {
			n := b.Bounds().Size().MaxComp() / p.Cell
			if n > float64(e.Cells) {
				e.Cells, e.Cell = int(math.Ceil(n-1e-9)), round(p.Cell, 4)
			}
		}
	}
	if mo.Tolerance == 0 {
		e.Triangles = written * gridFineEach
		e.MemoryMiB = surfaceBaseMiB + int(math.Ceil(float64(e.Triangles)*gridUniformBytes/(1<<20)))
		e.Seconds = surfaceBaseS + (float64(meshed)*gridUniformS+float64(e.Triangles)*gridWriteS)*coreShare()
		return e, nil
	}
	e.Triangles = meshed * gridLeanEach
	bytes, secs := float64(gridLeanBytes), gridLeanS
	if mo.Mirror {
		e.Triangles *= 2
		bytes, secs = gridMirrorBytes, gridMirrorS
	}
	e.MemoryMiB = surfaceBaseMiB + int(math.Ceil((float64(meshed)*bytes+float64(e.Triangles)*surfaceBytesEach)/(1<<20)))
	e.Seconds = surfaceBaseS + float64(meshed)*secs*coreShare()
	return e, nil
}

// count prints a count the short way, rounded up as an "at most" needs:
// 4.2 million, 245 thousand, 960.
func count(n int) string {
	switch {
	case n >= 1_000_000:
		return fmt.Sprintf("%.1f million", math.Ceil(float64(n)/1e5)/10)
	case n >= 10_000:
		return fmt.Sprintf("%d thousand", (n+999)/1000)
	}
	return fmt.Sprint(n)
}

// mib prints mebibytes as MB or GB.
func mib(n int) string {
	if n >= 1024 {
		return fmt.Sprintf("%.1f GB", float64(n)/1024)
	}
	return fmt.Sprintf("%d MB", n)
}
