package render

import (
	"yanchu/geom"
)

// moment is one instant of a frame: the camera's yaw, and where the mesh's
// vertices and corner normals are then (nil: where the prepared mesh has them).
type moment struct {
	yaw float64
	pos []geom.Vec3
	// turn, when set, is each body's turn at the moment and shift its move:
	// a point q of body b stands at turn[b]·(q − pivot[b]) + pivot[b] +
	// shift[b]. body is the body of each mesh triangle: its corner normals turn
	// with it.
	turn  []geom.Mat3
	shift []geom.Vec3
	pivot []geom.Vec3
	body  []int32
}

// carry returns where the point p of body b at moment m stands at moment to:
// a body takes its light and shade with it.
func carry(p geom.Vec3, b int32, m, to *moment) geom.Vec3 {
	q := m.turn[b].Transpose().MulVec(p.Sub(m.pivot[b]).Sub(m.shift[b]))
	return to.turn[b].MulVec(q).Add(to.pivot[b]).Add(to.shift[b])
}

// scene is the mesh at one moment set up for drawing into one lattice of
// samples: the camera, the lights, and the triangles to draw.
type scene struct {
	opt     *Options
	workers int // the goroutines that set it up and draw it
	cam     camera
	lit     lights
	lat     lattice
	zlo     float64 // the ground's height
	shad    *shadowMap
	// The triangles on screen: the mesh's, or with the cut-away the parts of
	// them behind the cut, whose vertices follow the mesh's.
	mesh2d
	// src is the mesh triangle each drawn triangle comes from (nil: the same
	// index), and cut, for a drawn triangle cut from it, its index in cutN.
	src []int32
	cut []int32
	// pos are the vertices in space (on screen they are mesh2d's); normals
	// are the mesh's corner normals and cutN those of the cut pieces.
	pos     []geom.Vec3
	normals []geom.Vec3
	cutN    [][3]geom.Vec3
	turn    []geom.Mat3
	body    []int32
	// now is the scene's moment, and centre the one its frame is lit at,
	// which casts the shadows.
	now, centre *moment
}

// newScene sets up the prepared mesh at moment m for the samples of lat, lit
// by lit (a frame's moments share its lights).
func newScene(p *Prepared, opt *Options, box geom.Box, m moment, lit lights, lat lattice, workers int) *scene {
	sc := &scene{opt: opt, workers: workers, lit: lit, lat: lat, zlo: box.Min.Z, pos: m.pos, normals: p.normals, turn: m.turn, body: m.body, now: &m}
	sc.cam = newCamera(opt, box, m.yaw, [2]float64{})
	if sc.pos == nil {
		sc.pos = p.m.Vertices
	}
	sc.project(sc.pos)
	if opt.CutAway {
		sc.cutTriangles(p.m.Triangles)
	} else {
		sc.idx = p.m.Triangles
		if p.closed {
			sc.cull = 1 // faces turned from the eye are hidden
		}
	}
	return sc
}

// face returns drawn triangle id's corners, the mesh triangle it comes from,
// and whether it faces the eye.
func (sc *scene) face(id int32) (v [3]uint32, src int32, front bool) {
	v = sc.idx[id]
	a, b, c := sc.fix[v[0]], sc.fix[v[1]], sc.fix[v[2]]
	front = int64(b.x-a.x)*int64(c.y-a.y)-int64(c.x-a.x)*int64(b.y-a.y) < 0
	src = id
	if sc.src != nil {
		src = sc.src[id]
	}
	return v, src, front
}

// normal returns the normal at corner k of drawn triangle id, which comes
// from mesh triangle src.
func (sc *scene) normal(id, src int32, k int) geom.Vec3 {
	if sc.cut != nil && sc.cut[id] >= 0 {
		return sc.cutN[sc.cut[id]][k]
	}
	n := sc.normals[3*int(src)+k]
	if sc.turn != nil {
		n = sc.turn[sc.body[src]].MulVec(n)
	}
	return n
}

// cutTriangles keeps the part of each mesh triangle behind the cut-away
// plane: none, all, or one or two triangles of it. Chunks of the mesh are cut
// at once; the vertices the cut adds are numbered after the mesh's, chunk by
// chunk.
func (sc *scene) cutTriangles(mt [][3]uint32) {
	type piece struct {
		idx   [][3]uint32
		src   []int32
		cut   []int32
		verts []geom.Vec3
		norms [][3]geom.Vec3
	}
	chunks := bandsOf(len(mt), sc.workers)
	parts := make([]piece, len(chunks))
	mid, plane := sc.cam.mid, sc.lit.cut
	nv0 := uint32(len(sc.pos))
	const added = 1 << 31 // marks a vertex the cut adds, by its place in the chunk
	parallelChunks(chunks, func(c, i0, i1 int) {
		var pc piece
		for i := i0; i < i1; i++ {
			t := mt[i]
			var d [3]float64
			in := 0
			for k := range 3 {
				d[k] = sc.pos[t[k]].Sub(mid).Dot(plane)
				if d[k] <= 0 {
					in++
				}
			}
			switch in {
			case 0:
				continue
			case 3:
				pc.idx, pc.src, pc.cut = append(pc.idx, t), append(pc.src, int32(i)), append(pc.cut, -1)
				continue
			}
			var vs [4]uint32
			var ns [4]geom.Vec3
			nv := 0
			for k := range 3 {
				j := (k + 1) % 3
				nk, nj := sc.normals[3*i+k], sc.normals[3*i+j]
				if sc.turn != nil {
					r := sc.turn[sc.body[i]]
					nk, nj = r.MulVec(nk), r.MulVec(nj)
				}
				if d[k] <= 0 {
					vs[nv], ns[nv] = t[k], nk
					nv++
				}
				if (d[k] <= 0) != (d[j] <= 0) {
					f := d[k] / (d[k] - d[j])
					vs[nv], ns[nv] = added|uint32(len(pc.verts)), nk.Lerp(nj, f).Unit()
					pc.verts = append(pc.verts, sc.pos[t[k]].Lerp(sc.pos[t[j]], f))
					nv++
				}
			}
			for k := 1; k+1 < nv; k++ {
				pc.norms = append(pc.norms, [3]geom.Vec3{ns[0], ns[k], ns[k+1]})
				pc.idx = append(pc.idx, [3]uint32{vs[0], vs[k], vs[k+1]})
				pc.src, pc.cut = append(pc.src, int32(i)), append(pc.cut, int32(len(pc.norms)-1))
			}
		}
		parts[c] = pc
	})
	// Number the added vertices and normals after the mesh's, chunk by chunk.
	pos := append([]geom.Vec3(nil), sc.pos...)
	for _, pc := range parts {
		vbase, nbase := uint32(len(pos)), int32(len(sc.cutN))
		pos = append(pos, pc.verts...)
		sc.cutN = append(sc.cutN, pc.norms...)
		for j, t := range pc.idx {
			for k, v := range t {
				if v&added != 0 {
					t[k] = vbase + v&^added
				}
			}
			sc.idx = append(sc.idx, t)
			cut := pc.cut[j]
			if cut >= 0 {
				cut += nbase
			}
			sc.cut = append(sc.cut, cut)
		}
		sc.src = append(sc.src, pc.src...)
	}
	for _, p := range pos[nv0:] {
		v := sc.cam.project(p)
		sc.fix = append(sc.fix, toFixed(v.x, v.y))
		sc.depth = append(sc.depth, v.w)
	}
	sc.pos = pos
}
