package isosurface

// joined gathers the connected surfaces of the merged mesh: each piece's own
// surfaces take fresh numbers, and a vertex on a task's rim that two pieces share
// joins their numbers in a union-find. Pieces are merged in task order, so the
// labels do not depend on scheduling.
type joined struct {
	of     []int32 // the provisional number of every merged vertex
	parent []int32 // union-find over provisional numbers
}

// add numbers the surfaces of a piece, labelled from 0 within it, and returns the
// number its label 0 becomes.
func (j *joined) add(local []int32) int32 {
	base := int32(len(j.parent))
	n := int32(0)
	for _, l := range local {
		n = max(n, l+1)
	}
	for i := range n {
		j.parent = append(j.parent, base+i)
	}
	return base
}

func (j *joined) find(x int32) int32 {
	for j.parent[x] != x {
		j.parent[x] = j.parent[j.parent[x]]
		x = j.parent[x]
	}
	return x
}

// join makes the surface of merged vertex v and provisional number id one.
func (j *joined) join(v uint32, id int32) {
	a, b := j.find(j.of[v]), j.find(id)
	if a < b {
		j.parent[b] = a
	} else if b < a {
		j.parent[a] = b
	}
}

// labels returns the surface of every merged vertex, numbered from 0 in order of
// each surface's lowest vertex, as mesh.Closed takes them. It reuses j's memory.
func (j *joined) labels() []int32 {
	label := make([]int32, len(j.parent))
	for i := range label {
		label[i] = -1
	}
	n := int32(0)
	for v, id := range j.of {
		r := j.find(id)
		if label[r] < 0 {
			label[r] = n
			n++
		}
		j.of[v] = label[r]
	}
	return j.of
}
