package box_test

import (
	"math"
	"testing"

	"yanchu/catalog"
	"yanchu/geom"
	"yanchu/mesh"
)

// Each lid, placed where its Seat says, stands on the box as in the finished
// object: none of it inside the box's walls, resting on them (within the
// clearance and a little), over the box's footprint. Taken off by Off, it is
// clear of the box.
func TestLidSeat(t *testing.T) {
	for _, words := range []string{"box with lid 100x60x40 wall 2", "带盖收纳盒 120x80x50 滑盖", "box 80x80x30 lift lid 3 compartments"} {
		t.Run(words, func(t *testing.T) {
			s := understand(t, words)
			d, _ := theDomain(t)
			model, err := d.Build(t.Context(), s, catalog.Inputs{})
			if err != nil {
				t.Fatal(err)
			}
			as, ok := catalog.Extension[catalog.Assembly](model)
			if !ok || len(as.Parts) != 2 {
				t.Fatalf("no assembly of two parts: %+v", as)
			}
			m := exported(t, model)
			f := mesh.Analyze(m)
			lid, box := 0, 1
			if model.Parts[0].Role != catalog.Lid {
				lid, box = 1, 0
			}
			seat := as.Parts[lid]
			if as.Parts[box] != (catalog.Seat{}) {
				t.Errorf("the box moves: %+v", as.Parts[box])
			}
			pivot := f.Bodies[lid].Bounds.Center()
			turn := geom.Identity()
			if seat.Angle != 0 {
				turn = geom.RotationAxis(seat.Axis.Unit(), seat.Angle)
			}
			place := func(p, off geom.Vec3) geom.Vec3 {
				return turn.MulVec(p.Sub(pivot)).Add(pivot).Add(seat.Move).Add(off)
			}
			bb := model.Bodies[box].Bounds()
			inside, closest := 0.0, math.Inf(1)
			seated := geom.EmptyBox()
			for tr, b := range f.TriangleBody {
				if int(b) != lid {
					continue
				}
				// The corners, the edges' middles and the middle of each
				// triangle: a face resting on the rim has its corners on the
				// rim's edges, its middles over the rim.
				a, b, c := m.Vertices[m.Triangles[tr][0]], m.Vertices[m.Triangles[tr][1]], m.Vertices[m.Triangles[tr][2]]
				for _, q := range []geom.Vec3{a, b, c, a.Lerp(b, 0.5), b.Lerp(c, 0.5), c.Lerp(a, 0.5), a.Add(b).Add(c).Scale(1.0 / 3)} {
					p := place(q, geom.Vec3{})
					seated = seated.Include(p)
					d := model.Bodies[box].At(p)
					inside = math.Min(inside, d)
					closest = math.Min(closest, d)
					if off := model.Bodies[box].At(place(q, seat.Off)); off < 0.5 {
						t.Fatalf("taken off, the lid's %v is %.2f mm from the box", q, off)
					}
				}
			}
			clearance := s.Num("clearance")
			if inside < -0.02 {
				t.Errorf("seated, the lid reaches %.3f mm into the box", -inside)
			}
			if closest > clearance+0.05 {
				t.Errorf("seated, the lid is %.3f mm from the box at the nearest: it does not rest on it", closest)
			}
			if seated.Min.X < bb.Min.X-0.02 || seated.Max.X > bb.Max.X+0.02 || seated.Min.Y < bb.Min.Y-0.02 || seated.Max.Y > bb.Max.Y+0.02 {
				t.Errorf("seated, the lid spans %v, past the box's %v", seated, bb)
			}
			if h := s.Params["size"].Vec[2]; seated.Max.Z > h+0.05 {
				t.Errorf("seated, the lid's top is at %.2f mm, over the box's height %g", seated.Max.Z, h)
			}
		})
	}
}
