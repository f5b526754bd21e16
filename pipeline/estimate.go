package pipeline

import (
	"fmt"
	"math"
	"runtime"

	"yanchu/catalog"
)

// Estimate is what a make will need, worked out before the work starts: the
// triangles of its mesh (at most), its peak memory and its time. The memory
// and time are bounds fitted to the puzzle balls measured on the benchmark
// machine (BENCHMARKS.md: 2 cores), where each came out under its estimate;
// time scales down with more cores and up on a slower machine.
type Estimate struct {
	Triangles int     `json:"triangles"`
	MemoryMiB int     `json:"memory_mib"`
	Seconds   float64 `json:"seconds"`
}

// String says the estimate as a person reads it.
func (e Estimate) String() string {
	return fmt.Sprintf("at most %s triangles, about %s of memory and %.0f s on %d cores",
		count(e.Triangles), mib(e.MemoryMiB), math.Ceil(e.Seconds), runtime.GOMAXPROCS(0))
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
	cores := float64(max(1, min(runtime.GOMAXPROCS(0), 8)))
	return Estimate{
		Triangles: n,
		MemoryMiB: surfaceBaseMiB + int(math.Ceil(float64(n)*surfaceBytesEach/(1<<20))),
		Seconds:   surfaceBaseS + float64(n)*surfaceSecondEach*2/cores,
	}, true
}

// count prints a count the short way: 4.2 million, 244 thousand, 960.
func count(n int) string {
	switch {
	case n >= 1_000_000:
		return fmt.Sprintf("%.1f million", float64(n)/1e6)
	case n >= 10_000:
		return fmt.Sprintf("%d thousand", n/1000)
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
