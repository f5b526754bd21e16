package render

import (
	"context"
	"math"

	"yanchu/geom"
)

// shadowRes is the shadow map's side (texels), and pcf the half width of the
// texels it averages for a soft edge.
const (
	shadowRes = 1024
	pcf       = 2
)

// shadowMap is the model's depth as seen from the key light, looking along it
// (an orthographic view: the light is far away).
type shadowMap struct {
	key, a, b geom.Vec3 // the light's direction, and the map's axes
	u0, v0, k float64   // the map's origin and texels per mm
	depth     []float32 // the nearest p·key at each texel, -Inf where none
	bias      float64
}

// newShadowMap draws the mesh's triangles tris, its vertices at pos, as the
// key light sees them, over the box. With the cut-away, the triangles wholly
// in front of the cut (normal cut through mid) cast no shadow; a closed mesh
// drawn whole casts its shadow from the faces turned to the light alone.
func newShadowMap(pos []geom.Vec3, tris [][3]uint32, box geom.Box, key geom.Vec3, cut *[2]geom.Vec3, closed bool, workers int) *shadowMap {
	a := key.Cross(geom.V(0, 0, 1))
	if a.Len() < 1e-9 {
		a = geom.V(1, 0, 0)
	}
	a = a.Unit()
	b := key.Cross(a).Unit()
	sm := &shadowMap{key: key, a: a, b: b}
	// The map covers the box's corners as seen along the light.
	umin, vmin, umax, vmax := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for i := range 8 {
		p := geom.V(pick(i&1, box.Min.X, box.Max.X), pick(i&2, box.Min.Y, box.Max.Y), pick(i&4, box.Min.Z, box.Max.Z))
		u, v := p.Dot(a), p.Dot(b)
		umin, umax, vmin, vmax = math.Min(umin, u), math.Max(umax, u), math.Min(vmin, v), math.Max(vmax, v)
	}
	span := math.Max(umax-umin, vmax-vmin) * 1.04
	sm.k = shadowRes / span
	sm.u0, sm.v0 = (umin+umax)/2-span/2, (vmin+vmax)/2-span/2
	sm.bias = 2.5 / sm.k
	// The vertices in the map, and their depth along the light.
	m2 := mesh2d{fix: make([]fixed, len(pos)), depth: make([]float64, len(pos)), idx: tris}
	parallelChunks(bandsOf(len(pos), workers), func(_ int, i0, i1 int) {
		for i := i0; i < i1; i++ {
			p := pos[i]
			m2.fix[i] = toFixed((p.Dot(a)-sm.u0)*sm.k, (p.Dot(b)-sm.v0)*sm.k)
			m2.depth[i] = p.Dot(key)
		}
	})
	if cut != nil {
		m2.idx = nil
		for _, t := range tris {
			if pos[t[0]].Sub(cut[0]).Dot(cut[1]) <= 0 || pos[t[1]].Sub(cut[0]).Dot(cut[1]) <= 0 || pos[t[2]].Sub(cut[0]).Dot(cut[1]) <= 0 {
				m2.idx = append(m2.idx, t)
			}
		}
	} else if closed {
		// Seen along the light, a face turned to it has a positive area in
		// the map (whose axes a, b and the light's direction are
		// left-handed): the others are hidden.
		m2.cull = -1
	}
	buf := newVbuf(shadowRes, 1)
	buf.reset(float32(math.Inf(-1)))
	m2.draw(context.Background(), lattice{step: 1}, buf, workers)
	sm.depth = buf.w
	return sm
}

func pick(bit int, lo, hi float64) float64 {
	if bit != 0 {
		return hi
	}
	return lo
}

// lit returns the share of the key light that reaches p: 1 in the open, 0 in
// full shadow, between at a shadow's soft edge.
func (sm *shadowMap) lit(p geom.Vec3) float64 {
	u := (p.Dot(sm.a)-sm.u0)*sm.k - 0.5
	v := (p.Dot(sm.b)-sm.v0)*sm.k - 0.5
	i, j := int(math.Round(u)), int(math.Round(v))
	d := float32(p.Dot(sm.key) + sm.bias)
	if i-pcf < 0 || j-pcf < 0 || i+pcf >= shadowRes || j+pcf >= shadowRes {
		return sm.litEdge(i, j, d)
	}
	open := 0
	for y := j - pcf; y <= j+pcf; y++ {
		row := sm.depth[y*shadowRes+i-pcf : y*shadowRes+i+pcf+1]
		for _, z := range row {
			if z <= d {
				open++
			}
		}
	}
	return float64(open) / ((2*pcf + 1) * (2*pcf + 1))
}

// litEdge is lit near or past the map's edge, where texels outside are open.
func (sm *shadowMap) litEdge(i, j int, d float32) float64 {
	n, open := 0, 0
	for y := j - pcf; y <= j+pcf; y++ {
		for x := i - pcf; x <= i+pcf; x++ {
			n++
			if x < 0 || y < 0 || x >= shadowRes || y >= shadowRes || sm.depth[y*shadowRes+x] <= d {
				open++
			}
		}
	}
	return float64(open) / float64(n)
}
