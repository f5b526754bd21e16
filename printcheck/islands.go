package printcheck

import (
	"fmt"
	"math"
	"slices"

	"yanchu/geom"
)

// islands reports bodies that start above the bed and places that start in
// mid-air: local minima of the height above the bed where the surface faces
// down.
//
// The minima are found by sweeping the vertices upward and joining each to the
// patches of lower vertices it touches. A patch is born at a minimum; when two
// patches meet, the younger (higher-born) one ends, and the height it rose before
// meeting the older is its rise. A minimum counts when it faces down, lies more
// than a layer above the bed and rises at least max(2 layers, MinWallMM) before
// joining what holds it: smaller rises are a mesher's jagged edges, or the
// slicer merges them into the layer where they join. A flat patch of equal
// height is one minimum.
func (j *job) islands() {
	pos, nb := j.pos, len(j.facts.Bodies)
	used := j.used
	order, z := byHeight(pos, used)
	facing, vbody := j.facing()
	found := j.sweep(order, z, facing)
	// The patch that never ends holds a body's lowest point.
	low := make([]int32, nb)
	for b := range low {
		low[b] = -1
	}
	for _, v := range order {
		if b := vbody[v]; low[b] < 0 {
			low[b] = v
		}
	}
	slices.Sort(found)
	j.reportIslands(low, found, vbody, j.bodyBoxes(used, vbody))
}

// facing returns each vertex's summed triangle area vector along Up (negative
// where the surface faces down) and the body of each used vertex.
func (j *job) facing() ([]float64, []int32) {
	pos := j.pos
	facing := make([]float64, len(pos))
	vbody := make([]int32, len(pos))
	for i, t := range j.m.Triangles {
		if !j.valid[i] {
			continue
		}
		a, b, c := pos[t[0]], pos[t[1]], pos[t[2]]
		// The Z of (b-a)×(c-a), as geom.Vec3.Cross computes it.
		ux, uy, vx, vy := b.X-a.X, b.Y-a.Y, c.X-a.X, c.Y-a.Y
		nz := ux*vy - uy*vx
		body := j.facts.TriangleBody[i]
		for _, v := range t {
			facing[v] += nz
			vbody[v] = body
		}
	}
	return facing, vbody
}

// sweep visits the vertices in order, lowest first, joining each to the patches
// of the swept vertices it shares a triangle with, and returns the birth vertices
// of the minima that count.
//
// It works on places in order (ranks) rather than vertex indices: neighbours in
// height are close in rank, so the union-find forest, the heights and the
// neighbour lists are read nearly in sequence rather than all over the mesh. A
// patch's root is the rank it was born at, so the older of two roots is the
// smaller, and the root of the visited vertex's patch is kept at hand rather than
// looked up for each neighbour. The minima found do not depend on the order the
// neighbours of a vertex are joined in: every patch but the oldest one met ends
// at that vertex.
func (j *job) sweep(order []int32, z, facing []float64) []int32 {
	rise := max(2*j.p.LayerMM, j.p.MinWallMM)
	floor := j.bed + j.p.LayerMM
	at, nbr := j.rankNeighbours(order)
	parent := make([]int32, len(order))
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	var found []int32
	for r := range int32(len(order)) {
		parent[r] = r
		root := r
		for _, w := range nbr[at[r]:at[r+1]] {
			if w >= r { // not swept yet, or r itself
				continue
			}
			other := find(w)
			if other == root {
				continue
			}
			old, young := min(root, other), max(root, other)
			// The patch born later ends here, having risen z[r] - z[young].
			if z[r]-z[young] >= rise && z[young] > floor && facing[order[young]] < 0 {
				found = append(found, order[young])
			}
			parent[young] = old
			root = old
		}
	}
	return found
}

// rankNeighbours lists, for each rank r of order, the ranks of the other two
// corners of each usable triangle around order[r]: nbr[at[r]:at[r+1]]. (The
// corners of a triangle with a repeated vertex may list r itself.) The lists are
// filled walking the vertices in index order, where the fans lie in sequence.
func (j *job) rankNeighbours(order []int32) ([]int32, []int32) {
	rank := make([]int32, len(j.pos))
	at := make([]int32, len(order)+1)
	for r, v := range order {
		rank[v] = int32(r)
		at[r+1] = at[r] + 2*int32(len(j.around(uint32(v))))
	}
	nbr := make([]int32, at[len(order)])
	tris := j.m.Triangles
	for v, u := range j.used {
		if !u {
			continue
		}
		k := at[rank[v]]
		for _, i := range j.around(uint32(v)) {
			t := tris[i]
			// The two corners that follow v around the triangle.
			p, q := t[1], t[2]
			if int(t[1]) == v {
				p, q = t[2], t[0]
			} else if int(t[2]) == v {
				p, q = t[0], t[1]
			}
			nbr[k], nbr[k+1] = rank[p], rank[q]
			k += 2
		}
	}
	return at, nbr
}

// reportIslands writes one island finding per body: for a body that starts above
// the bed, its lowest point, else its lowest place that starts in mid-air.
func (j *job) reportIslands(low, found, vbody []int32, box []geom.Box) {
	pos, nb := j.pos, len(low)
	count := make([]int, nb)
	lowest := make([]int32, nb)
	for _, v := range found {
		b := vbody[v]
		if count[b] == 0 || pos[v].Z < pos[lowest[b]].Z {
			lowest[b] = v
		}
		count[b]++
	}
	for b := range nb {
		if low[b] < 0 {
			continue
		}
		if above := pos[low[b]].Z - j.bed; above > j.p.LayerMM {
			at := j.world(pos[low[b]])
			advice := fmt.Sprintf("%s starts %s mm above the bed", j.name(b), num1(above))
			if count[b] > 0 {
				advice += fmt.Sprintf(", and %s on it start in mid-air", places(count[b], "more place"))
			}
			if c := j.encloser(b, box); c < 0 {
				advice += ": it needs supports under it, or ties to the rest"
			} else if j.facts.Bodies[c].Genus > 0 {
				advice += fmt.Sprintf(", inside %s: supports can reach it only through the openings of %s; add them there, or tie it to %s while printing", j.name(c), j.name(c), j.name(c))
			} else {
				advice += fmt.Sprintf(", sealed inside %s: tie it to %s while printing, or open %s", j.name(c), j.name(c), j.name(c))
			}
			j.add(Finding{Code: CodeIsland, Severity: Warning, Place: j.name(b),
				Measured: above, Limit: j.p.LayerMM, Unit: "mm", Body: b, At: &at, Advice: advice})
			continue
		}
		if count[b] == 0 {
			continue
		}
		at := j.world(pos[lowest[b]])
		verb := "starts"
		if count[b] > 1 {
			verb = "start"
		}
		j.add(Finding{Code: CodeIsland, Severity: Warning, Place: j.name(b),
			Measured: pos[lowest[b]].Z - j.bed, Limit: j.p.LayerMM, Unit: "mm", Body: b, At: &at,
			Advice: fmt.Sprintf("%s on %s %s in mid-air, the lowest %s mm above the bed at %s: support them, or turn the model so they rest on what is below",
				places(count[b], "place"), j.name(b), verb, num1(pos[lowest[b]].Z-j.bed), pt(at))})
	}
}

// places counts places in words.
func places(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// bodyBoxes returns each body's bounds in the bed's frame, from the body of each
// used vertex.
func (j *job) bodyBoxes(used []bool, vbody []int32) []geom.Box {
	box := make([]geom.Box, len(j.facts.Bodies))
	for b := range box {
		box[b] = geom.EmptyBox()
	}
	for v, u := range used {
		if u {
			box[vbody[v]] = grow(box[vbody[v]], j.pos[v])
		}
	}
	return box
}

// encloser returns the body other than b with the smallest bounds that hold b's
// (the first of equals), or -1.
func (j *job) encloser(b int, box []geom.Box) int {
	best, size := -1, math.Inf(1)
	for c := range box {
		if c != b && !box[c].Empty() && box[c].Contains(box[b].Min) && box[c].Contains(box[b].Max) {
			if s := box[c].Size().Len(); s < size {
				best, size = c, s
			}
		}
	}
	return best
}
