package render

import (
	"math"

	"yanchu/geom"
	"yanchu/mesh"
)

// fov is the camera's field of view across the picture (radians).
const fov = 30 * math.Pi / 180

// creaseCos: faces that meet at more than this angle (35°) keep their own
// normals at the shared vertex, so edges stay sharp and curves smooth.
var creaseCos = math.Cos(35 * math.Pi / 180)

// scene is a mesh set up for one picture: the camera, the lights and the
// triangles to draw, in world and screen space.
type scene struct {
	opt  *Options
	s    int     // the side of the sample grid: Size × Samples
	f    float64 // the focal length in samples
	eye  geom.Vec3
	fwd  geom.Vec3 // the camera's axes
	rgt  geom.Vec3
	up   geom.Vec3
	key  geom.Vec3 // unit directions towards the lights
	fill geom.Vec3
	cut  geom.Vec3 // the cut-away plane's normal, pointing at what is removed
	mid  geom.Vec3 // the centre of the frame
	zlo  float64   // the ground's height
	tris []tri
	shad *shadowMap
}

// tri is a triangle to draw: its corners in world space with their normals, and
// in screen space (samples, y down) with 1/depth.
type tri struct {
	p     [3]geom.Vec3
	n     [3]geom.Vec3
	sx    [3]float64
	sy    [3]float64
	w     [3]float64 // 1 / depth along the view
	front bool       // it faces the camera
	// y0 and y1 are the first and last sample rows it may cover.
	y0, y1 int32
}

func newScene(pr *Prepared, opt *Options) *scene {
	box := pr.box
	if opt.Frame != nil {
		box = *opt.Frame
	}
	sc := &scene{opt: opt, s: opt.Size * opt.Samples, mid: box.Center(), zlo: box.Min.Z}
	r := box.Size().Len() / 2
	d := r / math.Sin(fov/2) * 1.02
	cp, sp := math.Cos(opt.Pitch), math.Sin(opt.Pitch)
	off := geom.V(math.Sin(opt.Yaw)*cp, -math.Cos(opt.Yaw)*cp, sp)
	sc.eye = sc.mid.Add(off.Scale(d))
	sc.fwd = off.Scale(-1).Unit()
	sc.rgt = sc.fwd.Cross(geom.V(0, 0, 1)).Unit()
	sc.up = sc.rgt.Cross(sc.fwd)
	sc.f = float64(sc.s) / 2 / math.Tan(fov/2)
	// The lights ride with the camera, as they would stand round a turntable.
	sc.key = sc.rgt.Scale(-0.55).Add(sc.up.Scale(0.75)).Add(sc.fwd.Scale(-0.5)).Unit()
	sc.fill = sc.rgt.Scale(0.8).Add(sc.up.Scale(0.1)).Add(sc.fwd.Scale(-0.6)).Unit()
	// The cut faces the camera, turned 40° about the vertical to show depth.
	h := geom.V(off.X, off.Y, 0).Unit()
	c, s := math.Cos(40*math.Pi/180), math.Sin(40*math.Pi/180)
	sc.cut = geom.V(h.X*c-h.Y*s, h.X*s+h.Y*c, 0)
	sc.tris = sc.triangles(pr.m, pr.normals)
	if opt.Ground {
		sc.shad = newShadowMap(sc.tris, sc.key, box)
	}
	return sc
}

// project returns p's screen position (samples) and 1/depth.
func (sc *scene) project(p geom.Vec3) (x, y, w float64) {
	q := p.Sub(sc.eye)
	z := q.Dot(sc.fwd)
	w = 1 / z
	x = float64(sc.s)/2 + q.Dot(sc.rgt)*sc.f*w + sc.opt.Shift[0]*float64(sc.opt.Samples)
	y = float64(sc.s)/2 - q.Dot(sc.up)*sc.f*w + sc.opt.Shift[1]*float64(sc.opt.Samples)
	return x, y, w
}

// ray returns the unit direction from the eye through sample position (x, y).
func (sc *scene) ray(x, y float64) geom.Vec3 {
	a := (x - float64(sc.s)/2 - sc.opt.Shift[0]*float64(sc.opt.Samples)) / sc.f
	b := -(y - float64(sc.s)/2 - sc.opt.Shift[1]*float64(sc.opt.Samples)) / sc.f
	return sc.fwd.Add(sc.rgt.Scale(a)).Add(sc.up.Scale(b))
}

// triangles returns the mesh's triangles with smooth normals within creases,
// cut by the cut-away plane when asked, projected.
// Chunks of the mesh are set up at once and joined in mesh order.
func (sc *scene) triangles(m *mesh.Mesh, normals []geom.Vec3) []tri {
	chunks := bandsOf(len(m.Triangles), sc.opt.Workers)
	if !sc.opt.CutAway {
		// One triangle each: set them up in place.
		out := make([]tri, len(m.Triangles))
		parallelChunks(chunks, func(_ int, i0, i1 int) {
			for i := i0; i < i1; i++ {
				t := m.Triangles[i]
				tr := &out[i]
				for k := range 3 {
					tr.p[k] = m.Vertices[t[k]]
					tr.n[k] = normals[3*i+k]
				}
				sc.setup(tr)
			}
		})
		return out
	}
	parts := make([][]tri, len(chunks))
	parallelChunks(chunks, func(c int, i0, i1 int) {
		out := make([]tri, 0, i1-i0)
		for i := i0; i < i1; i++ {
			t := m.Triangles[i]
			var tr tri
			for k := range 3 {
				tr.p[k] = m.Vertices[t[k]]
				tr.n[k] = normals[3*i+k]
			}
			if !sc.opt.CutAway {
				out = sc.add(out, tr)
				continue
			}
			out = sc.clip(out, tr)
		}
		parts[c] = out
	})
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	out := make([]tri, 0, n)
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// add projects tr and appends it.
func (sc *scene) add(out []tri, tr tri) []tri {
	sc.setup(&tr)
	return append(out, tr)
}

// setup projects tr and finds which way it faces and the rows it may cover.
func (sc *scene) setup(tr *tri) {
	for k := range 3 {
		tr.sx[k], tr.sy[k], tr.w[k] = sc.project(tr.p[k])
	}
	face := tr.p[1].Sub(tr.p[0]).Cross(tr.p[2].Sub(tr.p[0]))
	tr.front = face.Dot(sc.eye.Sub(tr.p[0])) > 0
	tr.y0 = int32(math.Ceil(min(tr.sy[0], tr.sy[1], tr.sy[2]) - 0.5))
	tr.y1 = int32(math.Floor(max(tr.sy[0], tr.sy[1], tr.sy[2]) - 0.5))
}

// clip keeps the part of tr behind the cut-away plane: none, all, or one or
// two triangles of it.
func (sc *scene) clip(out []tri, tr tri) []tri {
	var d [3]float64
	in := 0
	for k := range 3 {
		d[k] = tr.p[k].Sub(sc.mid).Dot(sc.cut)
		if d[k] <= 0 {
			in++
		}
	}
	switch in {
	case 0:
		return out
	case 3:
		return sc.add(out, tr)
	}
	// Walk the corners; keep those behind, and add the crossings.
	var ps, ns []geom.Vec3
	for k := range 3 {
		j := (k + 1) % 3
		if d[k] <= 0 {
			ps, ns = append(ps, tr.p[k]), append(ns, tr.n[k])
		}
		if (d[k] <= 0) != (d[j] <= 0) {
			t := d[k] / (d[k] - d[j])
			ps = append(ps, tr.p[k].Lerp(tr.p[j], t))
			ns = append(ns, tr.n[k].Lerp(tr.n[j], t).Unit())
		}
	}
	for k := 1; k+1 < len(ps); k++ {
		out = sc.add(out, tri{p: [3]geom.Vec3{ps[0], ps[k], ps[k+1]}, n: [3]geom.Vec3{ns[0], ns[k], ns[k+1]}})
	}
	return out
}

// cornerNormals returns a unit normal at each corner of each triangle: the
// area-weighted mean of the normals of the faces round its vertex that bend
// from its own face by less than the crease angle.
func cornerNormals(m *mesh.Mesh) []geom.Vec3 {
	nt := len(m.Triangles)
	face := make([]geom.Vec3, nt) // area-weighted
	unit := make([]geom.Vec3, nt)
	count := make([]int32, len(m.Vertices)+1)
	for i, t := range m.Triangles {
		a, b, c := m.Vertices[t[0]], m.Vertices[t[1]], m.Vertices[t[2]]
		face[i] = b.Sub(a).Cross(c.Sub(a))
		if l := face[i].Len(); l > 0 {
			unit[i] = face[i].Scale(1 / l)
		}
		for _, v := range t {
			count[v+1]++
		}
	}
	for v := 1; v < len(count); v++ {
		count[v] += count[v-1]
	}
	around := make([]int32, 3*nt)
	fill := append([]int32(nil), count[:len(count)-1]...)
	for i, t := range m.Triangles {
		for _, v := range t {
			around[fill[v]] = int32(i)
			fill[v]++
		}
	}
	out := make([]geom.Vec3, 3*nt)
	for i, t := range m.Triangles {
		for k, v := range t {
			var n geom.Vec3
			for _, j := range around[count[v]:count[v+1]] {
				if unit[j].Dot(unit[i]) >= creaseCos {
					n = n.Add(face[j])
				}
			}
			if l := n.Len(); l > 0 {
				out[3*i+k] = n.Scale(1 / l)
			} else {
				out[3*i+k] = unit[i]
			}
		}
	}
	return out
}
