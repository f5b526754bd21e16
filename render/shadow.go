package render

import (
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

func newShadowMap(sc *scene, box geom.Box) *shadowMap {
	key := sc.key
	a := key.Cross(geom.V(0, 0, 1))
	if a.Len() < 1e-9 {
		a = geom.V(1, 0, 0)
	}
	a = a.Unit()
	b := key.Cross(a).Unit()
	sm := &shadowMap{key: key, a: a, b: b, depth: make([]float32, shadowRes*shadowRes)}
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
	for i := range sm.depth {
		sm.depth[i] = float32(math.Inf(-1))
	}
	for i := range sc.tris {
		t := &sc.tris[i]
		var sx, sy [3]float64
		var d [3]float64
		for k := range 3 {
			p := sc.pos[t.v[k]]
			sx[k], sy[k] = (p.Dot(a)-sm.u0)*sm.k, (p.Dot(b)-sm.v0)*sm.k
			d[k] = p.Dot(key)
		}
		fillTri(sx, sy, 0, shadowRes, shadowRes, func(x, y int, l0, l1, l2 float64) {
			z := float32(l0*d[0] + l1*d[1] + l2*d[2])
			if k := y*shadowRes + x; z > sm.depth[k] {
				sm.depth[k] = z
			}
		})
	}
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
