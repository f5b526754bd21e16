package printcheck

import (
	"cmp"
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
	used := j.usedVertices()
	order := make([]int32, 0, len(pos))
	for v, u := range used {
		if u {
			order = append(order, int32(v))
		}
	}
	slices.SortFunc(order, func(a, b int32) int {
		if c := cmp.Compare(pos[a].Z, pos[b].Z); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	// facing is each vertex's summed triangle area vector along Up: negative
	// where the surface faces down.
	facing := make([]float64, len(pos))
	vbody := make([]int32, len(pos))
	for i, t := range j.m.Triangles {
		if !j.valid[i] {
			continue
		}
		nz := pos[t[1]].Sub(pos[t[0]]).Cross(pos[t[2]].Sub(pos[t[0]])).Z
		for _, v := range t {
			facing[v] += nz
			vbody[v] = j.facts.TriangleBody[i]
		}
	}
	rise := max(2*j.p.LayerMM, j.p.MinWallMM)
	parent := make([]int32, len(pos)) // -1 until swept; a patch's root is the vertex it was born at
	for i := range parent {
		parent[i] = -1
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	earlier := func(a, b int32) bool { return pos[a].Z < pos[b].Z || pos[a].Z == pos[b].Z && a < b }
	var found []int32 // the birth vertices of the minima that count
	for _, v := range order {
		parent[v] = v
		for _, i := range j.around(uint32(v)) {
			for _, w := range j.m.Triangles[i] {
				if parent[w] < 0 {
					continue
				}
				old, young := find(v), find(int32(w))
				if old == young {
					continue
				}
				if earlier(young, old) {
					old, young = young, old
				}
				// The patch born later ends here, having risen pos[v].Z - pos[young].Z.
				if facing[young] < 0 && pos[young].Z > j.bed+j.p.LayerMM && pos[v].Z-pos[young].Z >= rise {
					found = append(found, young)
				}
				parent[young] = old
			}
		}
	}
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
	j.reportIslands(low, found, vbody, j.bodyBoxes(order, vbody))
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
func (j *job) bodyBoxes(order, vbody []int32) []geom.Box {
	box := make([]geom.Box, len(j.facts.Bodies))
	for b := range box {
		box[b] = geom.EmptyBox()
	}
	for _, v := range order {
		box[vbody[v]] = grow(box[vbody[v]], j.pos[v])
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
