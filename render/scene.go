package render

import (
	"math"

	"yanchu/geom"
)

// creaseCos: faces that meet at more than this angle (35°) keep their own
// normals at the shared vertex, so edges stay sharp and curves smooth.
var creaseCos = math.Cos(35 * math.Pi / 180)

// camera is where a picture is seen from: the eye and its axes, the focal
// length in samples, and the sample lattice it draws.
type camera struct {
	s   int     // the side of the sample grid: Size × Samples
	f   float64 // the focal length in samples
	off [2]float64
	eye geom.Vec3
	fwd geom.Vec3
	rgt geom.Vec3
	up  geom.Vec3
	mid geom.Vec3 // the centre of the frame
	r   float64   // the radius of the framed box's sphere
}

// newCamera frames box from yaw and opt.Pitch, shifted by opt.Shift pixels and
// by off samples more.
func newCamera(opt *Options, box geom.Box, yaw float64, off [2]float64) camera {
	c := camera{s: opt.Size * opt.Samples, mid: box.Center(), r: box.Size().Len() / 2}
	d := c.r / math.Sin(opt.FOV/2) * 1.02
	cp, sp := math.Cos(opt.Pitch), math.Sin(opt.Pitch)
	dir := geom.V(math.Sin(yaw)*cp, -math.Cos(yaw)*cp, sp)
	c.eye = c.mid.Add(dir.Scale(d))
	c.fwd = dir.Scale(-1).Unit()
	c.rgt = c.fwd.Cross(geom.V(0, 0, 1)).Unit()
	c.up = c.rgt.Cross(c.fwd)
	c.f = float64(c.s) / 2 / math.Tan(opt.FOV/2)
	n := float64(opt.Samples)
	c.off = [2]float64{opt.Shift[0]*n + off[0], opt.Shift[1]*n + off[1]}
	return c
}

// project returns p's screen position (samples, y down) and 1/depth.
func (c *camera) project(p geom.Vec3) screen {
	q := p.Sub(c.eye)
	w := 1 / q.Dot(c.fwd)
	return screen{
		x: float64(c.s)/2 + q.Dot(c.rgt)*c.f*w + c.off[0],
		y: float64(c.s)/2 - q.Dot(c.up)*c.f*w + c.off[1],
		w: w,
	}
}

// ray returns the direction from the eye through sample position (x, y).
func (c *camera) ray(x, y float64) geom.Vec3 {
	a := (x - float64(c.s)/2 - c.off[0]) / c.f
	b := -(y - float64(c.s)/2 - c.off[1]) / c.f
	return c.fwd.Add(c.rgt.Scale(a)).Add(c.up.Scale(b))
}

// lights are the unit directions towards the key and fill lights, which ride
// with the camera as they would stand round a turntable, and the cut-away's
// plane normal (pointing at what is removed), which faces the camera turned 40°
// about the vertical to show depth.
type lights struct {
	key, fill, cut geom.Vec3
}

func newLights(c *camera) lights {
	var l lights
	l.key = c.rgt.Scale(-0.55).Add(c.up.Scale(0.75)).Add(c.fwd.Scale(-0.5)).Unit()
	l.fill = c.rgt.Scale(0.8).Add(c.up.Scale(0.1)).Add(c.fwd.Scale(-0.6)).Unit()
	h := geom.V(-c.fwd.X, -c.fwd.Y, 0).Unit()
	cs, sn := math.Cos(40*math.Pi/180), math.Sin(40*math.Pi/180)
	l.cut = geom.V(h.X*cs-h.Y*sn, h.X*sn+h.Y*cs, 0)
	return l
}

// screen is a vertex on screen: its position in samples and 1/depth.
type screen struct{ x, y, w float64 }

// cornerNormals returns a unit normal at each corner of each triangle: the
// area-weighted mean of the normals of the faces round its vertex that bend
// from its own face by less than the crease angle. It also tells whether the
// mesh is closed and faces outward: every edge met once each way and a
// positive volume, so that a face turned from the eye is always hidden.
func cornerNormals(verts []geom.Vec3, tris [][3]uint32) (normals []geom.Vec3, closed bool) {
	nt := len(tris)
	face := make([]geom.Vec3, nt) // area-weighted
	unit := make([]geom.Vec3, nt)
	count := make([]int32, len(verts)+1)
	var vol float64
	for i, t := range tris {
		a, b, c := verts[t[0]], verts[t[1]], verts[t[2]]
		face[i] = b.Sub(a).Cross(c.Sub(a))
		vol += a.Dot(b.Cross(c))
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
	for i, t := range tris {
		for _, v := range t {
			around[fill[v]] = int32(i)
			fill[v]++
		}
	}
	closed = vol > 0
	normals = make([]geom.Vec3, 3*nt)
	for i, t := range tris {
		for k, v := range t {
			var n geom.Vec3
			back := 0 // the faces round v with the edge v → next the other way
			next := t[(k+1)%3]
			for _, j := range around[count[v]:count[v+1]] {
				if unit[j].Dot(unit[i]) >= creaseCos {
					n = n.Add(face[j])
				}
				u := tris[j]
				if u[0] == next && u[1] == v || u[1] == next && u[2] == v || u[2] == next && u[0] == v {
					back++
				}
			}
			closed = closed && back == 1
			if l := n.Len(); l > 0 {
				normals[3*i+k] = n.Scale(1 / l)
			} else {
				normals[3*i+k] = unit[i]
			}
		}
	}
	return normals, closed
}
