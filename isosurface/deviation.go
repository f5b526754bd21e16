package isosurface

import (
	"context"
	"math"
	"runtime"
	"slices"
	"sync"

	"yanchu/geom"
	"yanchu/mesh"
	"yanchu/sdf"
)

// deviationChunk is how many triangles DeviationOf measures at once: few
// enough that they stand close together on a mesh made in order, so pruning
// the solid to their ball leaves little of it.
const deviationChunk = 64

// deviationRun is how many chunks a worker takes at once.
const deviationRun = 16

// DeviationOf is Deviation for a solid: the same points, measured a chunk of
// triangles at a time against the solid pruned to the chunk's ball and in
// batches. A hard union or intersection prunes without changing any value, so
// the answer is Deviation's for s.At, in a fraction of the time on a mesh whose
// neighbouring triangles lie close together. It stops, with ctx's error, soon
// after ctx is done.
func DeviationOf(ctx context.Context, m *mesh.Mesh, s sdf.Solid, tol float64) (float64, float64, error) {
	nt := len(m.Triangles)
	chunks := (nt + deviationChunk - 1) / deviationChunk
	w := min(runtime.GOMAXPROCS(0), max(1, chunks))
	worst := make([]float64, w)
	over := make([]int, w)
	// Vertices are measured with the first triangle that names them.
	owner := make([]int32, len(m.Vertices))
	for i := range owner {
		owner[i] = -1
	}
	for ti, t := range m.Triangles {
		for _, v := range t {
			if owner[v] < 0 {
				owner[v] = int32(ti)
			}
		}
	}
	lone := 0 // vertices no triangle names
	for _, o := range owner {
		if o < 0 {
			lone++
		}
	}
	var wg sync.WaitGroup
	for i := range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pts := make([]geom.Vec3, 0, 8*deviationChunk)
			d := make([]float64, 8*deviationChunk)
			measure := func(s sdf.Solid) {
				s.Eval(pts, d[:len(pts)])
				for _, x := range d[:len(pts)] {
					x = math.Abs(x)
					worst[i] = math.Max(worst[i], x)
					if x > tol {
						over[i]++
					}
				}
				pts = pts[:0]
			}
			// A run of chunks prunes the solid first, and each chunk prunes
			// what is left.
			ball := func(lo, hi int) (geom.Vec3, float64) {
				box := geom.EmptyBox()
				for _, t := range m.Triangles[lo:hi] {
					for _, v := range t {
						box.Min, box.Max = box.Min.Min(m.Vertices[v]), box.Max.Max(m.Vertices[v])
					}
				}
				centre := box.Min.Add(box.Max).Scale(0.5)
				return centre, box.Max.Sub(centre).Len()
			}
			for run := i; run*deviationRun < chunks; run += w {
				if ctx.Err() != nil {
					return
				}
				first, last := run*deviationRun, min(chunks, (run+1)*deviationRun)
				rs := s.Prune(ball(first*deviationChunk, min(nt, last*deviationChunk)))
				for c := first; c < last; c++ {
					lo, hi := c*deviationChunk, min(nt, (c+1)*deviationChunk)
					for ti := lo; ti < hi; ti++ {
						t := m.Triangles[ti]
						a, b, cc := m.Vertices[t[0]], m.Vertices[t[1]], m.Vertices[t[2]]
						for _, v := range t {
							if owner[v] == int32(ti) {
								pts = append(pts, m.Vertices[v])
							}
						}
						pts = append(pts, a.Add(b).Scale(0.5), b.Add(cc).Scale(0.5), cc.Add(a).Scale(0.5), a.Add(b).Add(cc).Scale(1.0/3))
					}
					measure(rs.Prune(ball(lo, hi)))
				}
			}
			if i == 0 && lone > 0 {
				for v, o := range owner {
					if o < 0 {
						pts = append(pts, m.Vertices[v])
						if len(pts) == cap(pts) {
							measure(s)
						}
					}
				}
				measure(s)
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return 0, 0, err
	}
	total := 0
	for _, n := range over {
		total += n
	}
	if points := len(m.Vertices) + 4*nt; points > 0 {
		return slices.Max(worst), float64(total) / float64(points), nil
	}
	return 0, 0, nil
}
