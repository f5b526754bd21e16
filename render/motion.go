package render

import (
	"context"
	"fmt"
	"image"
	"math"

	"yanchu/geom"
	"yanchu/mesh"
)

// BodyMotion is how one body of a mesh moves through a film: it turns Turns
// whole turns about Axis through Pivot, and is lifted by Lift · sin(π t) as
// the film runs from t = 0 to 1, so it comes back where it started. When
// SeatAngle or SeatMove is set, the body first takes its seat in the finished
// object (a lid on its box): turned by SeatAngle about SeatAxis through Pivot,
// then moved by SeatMove; it turns and lifts from there.
type BodyMotion struct {
	Pivot, Axis geom.Vec3
	Turns       float64
	Lift        geom.Vec3
	SeatAxis    geom.Vec3
	SeatAngle   float64
	SeatMove    geom.Vec3
}

// seat returns the rotation of the body's seat.
func (mo *BodyMotion) seat() geom.Mat3 {
	if mo.SeatAngle == 0 || mo.SeatAxis == (geom.Vec3{}) {
		return geom.Identity()
	}
	return geom.RotationAxis(mo.SeatAxis.Unit(), mo.SeatAngle)
}

// Motions returns a motion for every body of m, in mesh.Analyze's order, from
// the mesh alone: bodies nested one in another (a puzzle ball's shells) each
// turn about an axis of their own, tilted a little further for each shell, the
// inner ones faster and every other one the other way; bodies side by side (a
// gear pair) turn about the vertical, each at a rate inverse to its width and
// the other way from its neighbour, as meshing gears do; a lone body turns once
// about the vertical.
func Motions(m *mesh.Mesh) []BodyMotion { return MotionsOf(mesh.Analyze(m)) }

// MotionsOf is Motions from the mesh's facts, for a caller that has them.
func MotionsOf(f *mesh.Facts) []BodyMotion {
	out := make([]BodyMotion, len(f.Bodies))
	nested := len(f.Bodies) > 1
	for i := 1; i < len(f.Bodies); i++ {
		a, b := f.Bodies[0].Bounds, f.Bodies[i].Bounds
		nested = nested && a.Min.X <= b.Min.X && a.Min.Y <= b.Min.Y && a.Min.Z <= b.Min.Z &&
			a.Max.X >= b.Max.X && a.Max.Y >= b.Max.Y && a.Max.Z >= b.Max.Z
	}
	for i, b := range f.Bodies {
		c := b.Bounds.Center()
		switch {
		case nested:
			tilt := 0.5 * float64(i)
			axis := geom.V(math.Sin(tilt)*math.Cos(1.3*float64(i)), math.Sin(tilt)*math.Sin(1.3*float64(i)), math.Cos(tilt))
			turns := 0.5 + 0.25*float64(i)
			if i%2 == 1 {
				turns = -turns
			}
			out[i] = BodyMotion{Pivot: c, Axis: axis, Turns: turns}
		default:
			w := math.Max(b.Bounds.Size().X, b.Bounds.Size().Y)
			w0 := math.Max(f.Bodies[0].Bounds.Size().X, f.Bodies[0].Bounds.Size().Y)
			turns := w0 / math.Max(w, 1e-9)
			if i%2 == 1 {
				turns = -turns
			}
			out[i] = BodyMotion{Pivot: c, Axis: geom.V(0, 0, 1), Turns: turns}
		}
	}
	return out
}

// Bodies draws frames of a film in which each body moves as motion says, from
// a fixed camera, all framed alike; motion has one entry a body of the mesh,
// in mesh.Analyze's order.
func (p *Prepared) Bodies(ctx context.Context, opt Options, frames int, motion []BodyMotion) ([]*image.NRGBA, error) {
	if frames < 1 || frames > MaxFrames {
		return nil, fmt.Errorf("render: a film has 1 to %d frames, got %d", MaxFrames, frames)
	}
	f := mesh.Analyze(p.m)
	if len(motion) != len(f.Bodies) {
		return nil, fmt.Errorf("render: %d motions for %d bodies", len(motion), len(f.Bodies))
	}
	// The frame holds every body wherever it turns and lifts: the sphere
	// round each body's pivot, seated and lifted, or unlifted.
	spheres := make([]float64, len(motion))
	for t, b := range f.TriangleBody {
		b = max(b, 0)
		for _, v := range p.m.Triangles[t] {
			spheres[b] = math.Max(spheres[b], p.m.Vertices[v].Sub(motion[b].Pivot).Len())
		}
	}
	all := geom.EmptyBox()
	for b, mo := range motion {
		c := mo.Pivot.Add(mo.SeatMove)
		r := geom.V(spheres[b], spheres[b], spheres[b])
		for _, at := range []geom.Vec3{c, c.Add(mo.Lift)} {
			all = all.Union(geom.Box{Min: at.Sub(r), Max: at.Add(r)})
		}
	}
	// The camera frames a box by the sphere round it: a cube whose sphere
	// holds every body's.
	c := all.Center()
	var rad float64
	for b, mo := range motion {
		at := mo.Pivot.Add(mo.SeatMove)
		rad = math.Max(rad, math.Max(at.Sub(c).Len(), at.Add(mo.Lift).Sub(c).Len())+spheres[b])
	}
	h := 1.1 * rad / math.Sqrt(3)
	frame := geom.Box{Min: c.Sub(geom.V(h, h, h)), Max: c.Add(geom.V(h, h, h))}
	frame.Min.Z = p.box.Min.Z // the ground stays under the model
	opt.Frame = &frame
	vbody := make([]int32, len(p.m.Vertices))
	for t, b := range f.TriangleBody {
		for _, v := range p.m.Triangles[t] {
			vbody[v] = max(b, 0) // a stray triangle of a broken mesh moves with the first body
		}
	}
	tbody := make([]int32, len(f.TriangleBody))
	for t, b := range f.TriangleBody {
		tbody[t] = max(b, 0)
	}
	pivots := make([]geom.Vec3, len(motion))
	for b, mo := range motion {
		pivots[b] = mo.Pivot
	}
	// pose places the bodies at time t (0 to 1 over the film).
	pose := func(t float64) moment {
		turn := make([]geom.Mat3, len(motion))
		shift := make([]geom.Vec3, len(motion))
		for b, mo := range motion {
			turn[b] = mo.seat()
			if mo.Turns != 0 {
				turn[b] = geom.RotationAxis(mo.Axis.Unit(), 2*math.Pi*mo.Turns*t).Mul(turn[b])
			}
			shift[b] = mo.Lift.Scale(math.Abs(math.Sin(math.Pi * t))).Add(mo.SeatMove)
		}
		pos := make([]geom.Vec3, len(p.m.Vertices))
		parallelChunks(bandsOf(len(pos), opt.Workers), func(_, i0, i1 int) {
			for v := i0; v < i1; v++ {
				b := vbody[v]
				mo := motion[b]
				pos[v] = turn[b].MulVec(p.m.Vertices[v].Sub(mo.Pivot)).Add(mo.Pivot).Add(shift[b])
			}
		})
		return moment{yaw: opt.Yaw, pos: pos, turn: turn, shift: shift, pivot: pivots, body: tbody}
	}
	if err := check(&opt); err != nil {
		return nil, err
	}
	// The lifts rise and fall once over the film; a moment just outside it
	// (a blurred frame reaches a little past both ends) lifts as far as one
	// just inside.
	return p.film(ctx, opt, frames, frame, func(t float64) moment {
		m := pose(t / float64(frames))
		return m
	})
}
