package mesh

import "yanchu/geom"

// Facts are what yanchu knows about a mesh after analysing it.
type Facts struct {
	Triangles, Vertices int
	// Watertight: every edge is used by exactly two triangles in opposite directions.
	Watertight bool
	// Manifold: watertight and every vertex has a single fan of triangles around it.
	Manifold bool
	// Outward: every surface faces out of the material (outer skins have positive
	// volume, cavities negative).
	Outward    bool
	Degenerate int     // triangles of zero area or with a repeated vertex
	Volume     float64 // mm³, signed
	Area       float64 // mm²
	Bounds     geom.Box
	// Bodies are the separate solid pieces, largest bounding box first. A body is an
	// outer skin together with the cavities directly inside it.
	Bodies []Body
	// TriangleBody gives the index into Bodies of every triangle.
	TriangleBody []int32
	// Problems names the first defects found, at most a few dozen; empty for a good mesh.
	Problems []string
}

// Body is one separate closed piece of a mesh.
type Body struct {
	Triangles int
	Volume    float64 // mm³
	Area      float64 // mm²
	Bounds    geom.Box
	Shells    int // closed surfaces: the outer skin plus its cavities
	Euler     int // Euler characteristic V - E + F summed over the shells
	Genus     int // number of handles (through-holes) of the outer skin
}

// Analyze computes the facts of m. It never fails: problems are listed in Facts.Problems.
// This first version finds bodies as connected sets of triangles.
func Analyze(m *Mesh) *Facts {
	f := &Facts{Triangles: len(m.Triangles), Vertices: len(m.Vertices), Bounds: m.Bounds(),
		Volume: m.Volume(), Area: m.Area()}
	err := Validate(m)
	f.Watertight, f.Manifold, f.Outward = err == nil, err == nil, err == nil
	if err != nil {
		f.Problems = append(f.Problems, err.Error())
	}
	parent := make([]int32, len(m.Vertices))
	for i := range parent {
		parent[i] = int32(i)
	}
	var find func(int32) int32
	find = func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, t := range m.Triangles {
		a := find(int32(t[0]))
		for k := 1; k < 3; k++ {
			if b := find(int32(t[k])); b != a {
				parent[b] = a
			}
		}
	}
	ids := map[int32]int32{}
	f.TriangleBody = make([]int32, len(m.Triangles))
	for i, t := range m.Triangles {
		r := find(int32(t[0]))
		id, ok := ids[r]
		if !ok {
			id = int32(len(f.Bodies))
			ids[r] = id
			f.Bodies = append(f.Bodies, Body{Bounds: geom.EmptyBox(), Shells: 1})
		}
		f.TriangleBody[i] = id
		b := &f.Bodies[id]
		b.Triangles++
		for _, v := range t {
			b.Bounds = b.Bounds.Include(m.Vertices[v])
		}
	}
	return f
}
