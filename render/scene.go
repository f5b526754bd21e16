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
	// pos and scr are the vertices, the mesh's and those the cut-away adds, in
	// space and on screen; normals are the mesh's corner normals and cutN those
	// of the cut pieces.
	pos     []geom.Vec3
	scr     []screen
	normals []geom.Vec3
	cutN    [][3]geom.Vec3
}

// tri is a triangle to draw: its corners (indices into the scene's vertices),
// where its normals come from, and its corners on screen (samples, y down) with
// 1/depth.
type tri struct {
	v     [3]int32
	src   int32 // the mesh's triangle for its normals, or -1-k for the scene's cut piece k
	sx    [3]float64
	sy    [3]float64
	w     [3]float64 // 1 / depth along the view
	front bool       // it faces the camera
	// y0 and y1 are the first and last sample rows it may cover.
	y0, y1 int32
}

// screen is a vertex on screen: its position in samples and 1/depth.
type screen struct{ x, y, w float64 }

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
		sc.shad = newShadowMap(sc, box)
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

// triangles projects the mesh's vertices, a chunk per worker, and returns its
// triangles set up for drawing, in mesh order; with the cut-away, the part of
// each behind the cut.
func (sc *scene) triangles(m *mesh.Mesh, normals []geom.Vec3) []tri {
	sc.normals = normals
	sc.pos = m.Vertices
	sc.scr = make([]screen, len(m.Vertices))
	parallelChunks(bandsOf(len(m.Vertices), sc.opt.Workers), func(_ int, i0, i1 int) {
		for i := i0; i < i1; i++ {
			x, y, w := sc.project(m.Vertices[i])
			sc.scr[i] = screen{x, y, w}
		}
	})
	if sc.opt.CutAway {
		sc.pos = append([]geom.Vec3(nil), m.Vertices...)
		var out []tri
		for i, t := range m.Triangles {
			out = sc.clip(out, int32(i), [3]int32{int32(t[0]), int32(t[1]), int32(t[2])})
		}
		return out
	}
	out := make([]tri, len(m.Triangles))
	parallelChunks(bandsOf(len(m.Triangles), sc.opt.Workers), func(_ int, i0, i1 int) {
		for i := i0; i < i1; i++ {
			t := m.Triangles[i]
			out[i] = tri{v: [3]int32{int32(t[0]), int32(t[1]), int32(t[2])}, src: int32(i)}
			sc.setup(&out[i])
		}
	})
	return out
}

// normal returns the normal at corner k of t.
func (sc *scene) normal(t *tri, k int) geom.Vec3 {
	if t.src >= 0 {
		return sc.normals[3*int(t.src)+k]
	}
	return sc.cutN[-1-t.src][k]
}

// setup copies tr's corners on screen and finds which way it faces and the
// rows it may cover.
func (sc *scene) setup(tr *tri) {
	for k := range 3 {
		v := sc.scr[tr.v[k]]
		tr.sx[k], tr.sy[k], tr.w[k] = v.x, v.y, v.w
	}
	p0, p1, p2 := sc.pos[tr.v[0]], sc.pos[tr.v[1]], sc.pos[tr.v[2]]
	face := p1.Sub(p0).Cross(p2.Sub(p0))
	tr.front = face.Dot(sc.eye.Sub(p0)) > 0
	tr.y0 = int32(math.Ceil(min(tr.sy[0], tr.sy[1], tr.sy[2]) - 0.5))
	tr.y1 = int32(math.Floor(max(tr.sy[0], tr.sy[1], tr.sy[2]) - 0.5))
}

// vertex adds a vertex made by the cut and returns its index.
func (sc *scene) vertex(p geom.Vec3) int32 {
	x, y, w := sc.project(p)
	sc.pos = append(sc.pos, p)
	sc.scr = append(sc.scr, screen{x, y, w})
	return int32(len(sc.pos) - 1)
}

// clip keeps the part of mesh triangle i (corners v) behind the cut-away
// plane: none, all, or one or two triangles of it.
func (sc *scene) clip(out []tri, i int32, v [3]int32) []tri {
	var d [3]float64
	in := 0
	for k := range 3 {
		d[k] = sc.pos[v[k]].Sub(sc.mid).Dot(sc.cut)
		if d[k] <= 0 {
			in++
		}
	}
	switch in {
	case 0:
		return out
	case 3:
		t := tri{v: v, src: i}
		sc.setup(&t)
		return append(out, t)
	}
	// Walk the corners; keep those behind, and add the crossings.
	var vs []int32
	var ns []geom.Vec3
	for k := range 3 {
		j := (k + 1) % 3
		nk, nj := sc.normals[3*int(i)+k], sc.normals[3*int(i)+j]
		if d[k] <= 0 {
			vs, ns = append(vs, v[k]), append(ns, nk)
		}
		if (d[k] <= 0) != (d[j] <= 0) {
			f := d[k] / (d[k] - d[j])
			vs = append(vs, sc.vertex(sc.pos[v[k]].Lerp(sc.pos[v[j]], f)))
			ns = append(ns, nk.Lerp(nj, f).Unit())
		}
	}
	for k := 1; k+1 < len(vs); k++ {
		sc.cutN = append(sc.cutN, [3]geom.Vec3{ns[0], ns[k], ns[k+1]})
		t := tri{v: [3]int32{vs[0], vs[k], vs[k+1]}, src: int32(-len(sc.cutN))}
		sc.setup(&t)
		out = append(out, t)
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
