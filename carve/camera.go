package carve

import (
	"math"

	"yanchu/geom"
)

// The camera model. The object turns about the Z axis; the world turns with
// it, so in the world the camera circles the axis instead. The camera stays
// one unit from the point of the axis it looks at (the origin), raised by the
// pitch, and does not roll: the film has no scale of its own, so the unit is
// the camera's distance, and the hull is scaled to the caller's height last.
// Frame 0 looks along +Y from -Y with +X to the right, as yanchu's renderer
// does at yaw 0. A pixel (i, j) covers [i, i+1) × [j, j+1) of the picture; the
// principal point sits on the axis's column, halfway down.

// view is the camera of one frame.
type view struct {
	eye, fwd, rgt, up geom.Vec3
	f                 float64 // focal length (pixels)
	cx, cy            float64 // principal point (pixels)
}

// rig is what is known of the camera over the film.
type rig struct {
	w, h   int
	f      float64 // focal length (pixels)
	cx, cy float64
	pitch  float64 // radians above the horizon
	step   float64 // the yaw between frames (radians), signed
}

// newRig returns the camera of a w × h film with the field of view fov across
// its width (radians), the axis at column cx, raised by pitch, turning by step
// a frame.
func newRig(w, h int, fov, cx, pitch, step float64) rig {
	return rig{w: w, h: h, f: float64(w) / 2 / math.Tan(fov/2), cx: cx, cy: float64(h) / 2, pitch: pitch, step: step}
}

// view returns the camera of frame i.
func (r rig) view(i int) view {
	yaw := r.step * float64(i)
	cp, sp := math.Cos(r.pitch), math.Sin(r.pitch)
	dir := geom.V(math.Sin(yaw)*cp, -math.Cos(yaw)*cp, sp)
	v := view{eye: dir, fwd: dir.Scale(-1), f: r.f, cx: r.cx, cy: r.cy}
	v.rgt = v.fwd.Cross(geom.V(0, 0, 1)).Unit()
	v.up = v.rgt.Cross(v.fwd)
	return v
}

// nearest is the least depth (in units of the camera's distance) a point may
// have and still be seen; nearer points are treated as outside every mask.
const nearest = 0.05

// project returns p's position in the picture (pixels) and its depth along
// the camera's axis; the position is meaningless when depth < nearest.
func (v *view) project(p geom.Vec3) (x, y, depth float64) {
	q := p.Sub(v.eye)
	depth = q.Dot(v.fwd)
	w := v.f / depth
	return v.cx + q.Dot(v.rgt)*w, v.cy - q.Dot(v.up)*w, depth
}

// ray returns the unit direction from the eye through picture position (x, y).
func (v *view) ray(x, y float64) geom.Vec3 {
	a := (x - v.cx) / v.f
	b := -(y - v.cy) / v.f
	return v.fwd.Add(v.rgt.Scale(a)).Add(v.up.Scale(b)).Unit()
}
