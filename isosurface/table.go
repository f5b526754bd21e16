package isosurface

import "fmt"

// The marching-cubes table is built at start-up from one rule rather than typed in,
// so it is consistent by construction:
//
//   - corner c of a cube sits at (c&1, c>>1&1, c>>2&1) cells from its lowest corner;
//     corner bit c of a case is set when that corner is inside (field < 0);
//   - on every face, walking its corners counter-clockwise as seen from outside the
//     cube, each outside-to-inside crossing is joined to the next inside-to-outside
//     crossing. Inside corners on an ambiguous face are therefore kept apart, and the
//     two cubes sharing a face draw the same segments in opposite directions, so the
//     surface closes across every face;
//   - the segments chain into loops, and each loop is split into triangles whose
//     inner diagonals never join two edges of one face (such a diagonal could also be
//     drawn by the neighbouring cube and be used four times).
//
// Inside corners are joined only through cube edges (6-connectivity), so two
// bodies sampled apart by a cell never merge.

// edgeCorners lists the two corners of each cube edge, lower corner first. Edge
// e runs along axis e/4.
var edgeCorners = [12][2]int{
	{0, 1}, {2, 3}, {4, 5}, {6, 7}, // along X
	{0, 2}, {1, 3}, {4, 6}, {5, 7}, // along Y
	{0, 4}, {1, 5}, {2, 6}, {3, 7}, // along Z
}

// faceCorners lists each face's corners counter-clockwise seen from outside.
var faceCorners = [6][4]int{
	{0, 4, 6, 2}, // x = 0
	{1, 3, 7, 5}, // x = 1
	{0, 1, 5, 4}, // y = 0
	{2, 6, 7, 3}, // y = 1
	{0, 2, 3, 1}, // z = 0
	{4, 5, 7, 6}, // z = 1
}

// triTable[c] lists the triangles of case c as triples of cube edges, each
// triangle counter-clockwise seen from outside the solid.
var triTable [256][]uint8

func init() {
	for c := 0; c < 256; c++ {
		t, err := buildCase(c)
		if err != nil {
			panic("isosurface: building the marching-cubes table: " + err.Error())
		}
		triTable[c] = t
	}
}

func edgeOf(a, b int) int {
	if a > b {
		a, b = b, a
	}
	for e, ec := range edgeCorners {
		if ec[0] == a && ec[1] == b {
			return e
		}
	}
	panic(fmt.Sprintf("isosurface: corners %d and %d share no edge", a, b))
}

// faceEdges[e] is the bit set of faces that edge e lies on.
var faceEdges = func() (fe [12]uint8) {
	for f, fc := range faceCorners {
		for i := 0; i < 4; i++ {
			fe[edgeOf(fc[i], fc[(i+1)%4])] |= 1 << f
		}
	}
	return fe
}()

func buildCase(c int) ([]uint8, error) {
	inside := func(k int) bool { return c>>k&1 == 1 }
	next := map[int]int{} // segment start edge -> end edge
	for _, fc := range faceCorners {
		var cross []int // edges crossed in walk order
		var entering []bool
		for i := 0; i < 4; i++ {
			a, b := fc[i], fc[(i+1)%4]
			if inside(a) != inside(b) {
				cross = append(cross, edgeOf(a, b))
				entering = append(entering, inside(b))
			}
		}
		for i := range cross {
			if !entering[i] {
				continue
			}
			j := (i + 1) % len(cross) // the next crossing leaves the inside
			if _, dup := next[cross[i]]; dup {
				return nil, fmt.Errorf("case %d: edge %d starts two segments", c, cross[i])
			}
			next[cross[i]] = cross[j]
		}
	}
	var tris []uint8
	for len(next) > 0 {
		start := -1
		for e := range next {
			if start < 0 || e < start {
				start = e
			}
		}
		loop := []int{start}
		for e := next[start]; e != start; e = next[e] {
			loop = append(loop, e)
			if len(loop) > 12 {
				return nil, fmt.Errorf("case %d: open loop", c)
			}
		}
		for _, e := range loop {
			delete(next, e)
		}
		t, ok := triangulate(loop)
		if !ok {
			return nil, fmt.Errorf("case %d: loop %v has no safe triangulation", c, loop)
		}
		tris = append(tris, t...)
	}
	return tris, nil
}

// triangulate splits a loop of edges into triangles keeping its orientation,
// using no diagonal between two edges of one face.
func triangulate(loop []int) ([]uint8, bool) {
	n := len(loop)
	if n == 3 {
		return []uint8{uint8(loop[0]), uint8(loop[1]), uint8(loop[2])}, true
	}
	ok := func(a, b int) bool { return faceEdges[a]&faceEdges[b] == 0 }
	// Ear at vertex 0 over (0, 1, k): diagonals 1-k (unless adjacent) and k-0
	// (unless adjacent) must be safe; recurse on the two remaining polygons.
	for k := 2; k < n; k++ {
		if k != 2 && !ok(loop[1], loop[k]) {
			continue
		}
		if k != n-1 && !ok(loop[k], loop[0]) {
			continue
		}
		out := []uint8{uint8(loop[0]), uint8(loop[1]), uint8(loop[k])}
		if k > 2 {
			t, good := triangulate(loop[1 : k+1])
			if !good {
				continue
			}
			out = append(out, t...)
		}
		if k < n-1 {
			rest := append([]int{loop[0]}, loop[k:]...)
			t, good := triangulate(rest)
			if !good {
				continue
			}
			out = append(out, t...)
		}
		return out, true
	}
	return nil, false
}
