package printcheck

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"yanchu/geom"
)

// fitTolMM is how far a model may exceed the build volume and still fit: rounding,
// not a margin.
const fitTolMM = 1e-6

// fit reports a model whose bounds do not fit the build volume, and what would fit.
func (j *job) fit() {
	box, used := j.box, j.used
	if box.Empty() {
		return
	}
	s, v := box.Size(), j.p.BuildMM
	fits := func(w, d, h float64) bool {
		return w <= v[0]+fitTolMM && d <= v[1]+fitTolMM && h <= v[2]+fitTolMM
	}
	if fits(s.X, s.Y, s.Z) {
		return
	}
	size := [3]float64{s.X, s.Y, s.Z}
	worst := 0
	for a := range 3 {
		if size[a]/v[a] > size[worst]/v[worst] {
			worst = a
		}
	}
	hull := footprintHull(j.pos, used)
	what := fmt.Sprintf("the model measures %s x %s x %s mm and %s builds %s x %s x %s mm",
		num1(s.X), num1(s.Y), num1(s.Z), j.p.ID, num(v[0]), num(v[1]), num(v[2]))
	var advice string
	if deg, ok := turnToFit(hull, s.Z, v); ok {
		how := "corner to corner"
		if math.Abs(deg) == 90 {
			how = "a quarter turn"
		}
		advice = fmt.Sprintf("%s: turned %s° about the vertical (%s) it fits", what, num(deg), how)
	} else if sideways(size, v) {
		advice = what + ": laid on another face it fits; or split it"
	} else {
		pc := math.Floor(bestScale(hull, size, v)*100 + 1e-6)
		advice = fmt.Sprintf("%s: scale it to %s%% or less, or split it into parts", what, num(pc))
	}
	j.add(Finding{
		Code: CodeTooLarge, Severity: Blocker, Place: [3]string{"width (X)", "depth (Y)", "height"}[worst],
		Measured: size[worst], Limit: v[worst], Unit: "mm", Body: -1, Advice: advice,
	})
}

// footprintHull returns the convex hull of the used vertices projected on the
// bed, counter-clockwise (Andrew's monotone chain).
func footprintHull(pos []geom.Vec3, used []bool) [][2]float64 {
	var pts [][2]float64
	for v, u := range used {
		if u {
			pts = append(pts, [2]float64{pos[v].X, pos[v].Y})
		}
	}
	slices.SortFunc(pts, func(a, b [2]float64) int {
		if c := cmp.Compare(a[0], b[0]); c != 0 {
			return c
		}
		return cmp.Compare(a[1], b[1])
	})
	pts = slices.Compact(pts)
	if len(pts) < 3 {
		return pts
	}
	cross := func(o, a, b [2]float64) float64 {
		return (a[0]-o[0])*(b[1]-o[1]) - (a[1]-o[1])*(b[0]-o[0])
	}
	hull := make([][2]float64, 0, 2*len(pts))
	for pass := 0; pass < 2; pass++ {
		start := len(hull)
		for _, p := range pts {
			for len(hull) >= start+2 && cross(hull[len(hull)-2], hull[len(hull)-1], p) <= 0 {
				hull = hull[:len(hull)-1]
			}
			hull = append(hull, p)
		}
		hull = hull[:len(hull)-1]
		slices.Reverse(pts)
	}
	return hull
}

// extent returns the width and depth of the hull turned by deg degrees.
func extent(hull [][2]float64, deg float64) (float64, float64) {
	s, c := math.Sincos(deg * math.Pi / 180)
	x0, x1, y0, y1 := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, p := range hull {
		x, y := c*p[0]-s*p[1], s*p[0]+c*p[1]
		x0, x1, y0, y1 = min(x0, x), max(x1, x), min(y0, y), max(y1, y)
	}
	return x1 - x0, y1 - y0
}

// turnToFit returns a turn about the vertical that fits the footprint in the bed,
// when the height fits: a quarter turn if that fits, else the smallest in half
// degrees from -89.5 to 89.5.
func turnToFit(hull [][2]float64, h float64, v [3]float64) (float64, bool) {
	if h > v[2]+fitTolMM || len(hull) == 0 {
		return 0, false
	}
	if w, d := extent(hull, 90); w <= v[0]+fitTolMM && d <= v[1]+fitTolMM {
		return 90, true
	}
	for step := 1; step < 180; step++ {
		for _, deg := range []float64{float64(step) / 2, -float64(step) / 2} {
			w, d := extent(hull, deg)
			if w <= v[0]+fitTolMM && d <= v[1]+fitTolMM {
				return deg, true
			}
		}
	}
	return 0, false
}

// sideways reports whether the bounds fit the volume laid on another face.
func sideways(size, v [3]float64) bool {
	for _, p := range [][3]int{{0, 2, 1}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}, {1, 0, 2}} {
		if size[p[0]] <= v[0]+fitTolMM && size[p[1]] <= v[1]+fitTolMM && size[p[2]] <= v[2]+fitTolMM {
			return true
		}
	}
	return false
}

// bestScale returns the largest uniform scale at which the model fits, turned
// about the vertical in half degrees or laid on any face of its bounds.
func bestScale(hull [][2]float64, size, v [3]float64) float64 {
	best := 0.0
	for step := range 360 {
		w, d := extent(hull, float64(step)/2)
		best = max(best, min(v[0]/w, v[1]/d, v[2]/size[2]))
	}
	for _, p := range [][3]int{{0, 2, 1}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}} {
		best = max(best, min(v[0]/size[p[0]], v[1]/size[p[1]], v[2]/size[p[2]]))
	}
	return min(best, 1)
}

// unionFind is a disjoint-set forest over n items; the root of a set is its
// smallest member, so results do not depend on the order of unions.
type unionFind []int32

func newUnionFind(n int) unionFind {
	u := make(unionFind, n)
	for i := range u {
		u[i] = int32(i)
	}
	return u
}

func (u unionFind) find(x int32) int32 {
	for u[x] != x {
		u[x] = u[u[x]]
		x = u[x]
	}
	return x
}

func (u unionFind) union(a, b int32) {
	a, b = u.find(a), u.find(b)
	if a != b {
		u[max(a, b)] = min(a, b)
	}
}

// overhangs reports the surfaces facing down more than the printer's limit.
func (j *job) overhangs() {
	tris, pos := j.m.Triangles, j.pos
	sinLim := math.Sin(j.p.MaxOverhangDeg * math.Pi / 180)
	over := make([]bool, len(tris))
	uf := newUnionFind(len(pos))
	for i, t := range tris {
		if !j.valid[i] {
			continue
		}
		a, b, c := pos[t[0]], pos[t[1]], pos[t[2]]
		if min(a.Z, b.Z, c.Z) <= j.bed+j.p.LayerMM {
			continue
		}
		// The normal as triNormal computes it. One that does not point down
		// cannot pass a limit that is not negative: most triangles are spared
		// the square root.
		cr := b.Sub(a).Cross(c.Sub(a))
		if cr.Z >= 0 && sinLim+1e-9 >= 0 {
			continue
		}
		if n := cr.Unit(); -n.Z > sinLim+1e-9 {
			over[i] = true
			uf.union(int32(t[0]), int32(t[1]))
			uf.union(int32(t[0]), int32(t[2]))
		}
	}
	type patch struct {
		area, foot, steep float64
		low               geom.Vec3
		body              int32
	}
	index := map[int32]int{}
	var patches []patch
	for i, t := range tris {
		if !over[i] {
			continue
		}
		r := uf.find(int32(t[0]))
		k, ok := index[r]
		if !ok {
			k = len(patches)
			index[r] = k
			patches = append(patches, patch{low: pos[t[0]], body: j.facts.TriangleBody[i]})
		}
		p := &patches[k]
		n, area := j.triNormal(i), j.triArea(i)
		p.area += area
		p.foot += area * -n.Z
		p.steep = max(p.steep, math.Asin(min(1, -n.Z))*180/math.Pi)
		for _, v := range t {
			if pos[v].Z < p.low.Z {
				p.low = pos[v]
			}
		}
	}
	minFoot := 4 * j.p.MinWallMM * j.p.MinWallMM
	var total, steep float64
	count, largest := 0, -1
	for k, p := range patches {
		if p.foot < minFoot {
			continue
		}
		count++
		total += p.area
		steep = max(steep, p.steep)
		if largest < 0 || p.area > patches[largest].area {
			largest = k
		}
	}
	if count == 0 {
		return
	}
	p := patches[largest]
	at := j.world(p.low)
	j.add(Finding{
		Code: CodeOverhang, Severity: Warning, Place: j.name(int(p.body)),
		Measured: steep, Limit: j.p.MaxOverhangDeg, Unit: "°", Body: int(p.body), At: &at,
		Advice: fmt.Sprintf("%s of the surface (%s mm² in %s) faces down more than %s° from vertical; the largest patch, %s mm² on %s, starts at %s: print with supports, or turn the model so these faces point up or sideways",
			percent(total, j.facts.Area), num1(total), patchCount(count), num(j.p.MaxOverhangDeg), num1(p.area), j.name(int(p.body)), pt(at)),
	})
}

// patchCount counts patches in words.
func patchCount(n int) string {
	if n == 1 {
		return "1 patch"
	}
	return fmt.Sprintf("%d patches", n)
}
