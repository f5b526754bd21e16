package printcheck

import (
	"math"
	"strings"
	"testing"

	"yanchu/geom"
	"yanchu/mesh"
	"yanchu/sdf"
)

// TestSharpFeaturesAreNotWalls checks solids whose sharp edges make short rays:
// the acute rim of a conical hole and the rims of holes through a spherical
// shell. Neither holds a thin wall, a narrow gap or a place in mid-air.
func TestSharpFeaturesAreNotWalls(t *testing.T) {
	cone := sdf.Difference(block(geom.V(-15, -15, 0), geom.V(15, 15, 5)),
		at(sdf.Cone(1.5, 4, 5.2), geom.V(-4, -4, -0.1)))
	shell := sdf.Shell(sdf.Sphere(15), 2)
	var holes []sdf.Solid
	for _, d := range sdf.Lines(14) {
		holes = append(holes, sdf.AlignZ(sdf.Cylinder(5, 40), d))
	}
	ball := at(sdf.Difference(shell, holes...), geom.V(-15, -15, 0))
	for name, s := range map[string]sdf.Solid{"conical hole": cone, "holed shell": ball} {
		r := check(t, meshed(t, s, 0.25), "mk3s", Options{})
		for _, code := range []string{CodeThinWall, CodeNarrowGap, CodeIsland} {
			if fs := r.Find(code); len(fs) > 0 {
				t.Errorf("%s: %s", name, fs[0].line())
			}
		}
	}
}

// TestUpDirection checks a tee modelled with +Y up: the overhang is found as it
// is with +Z up, and placed in the mesh's own coordinates.
func TestUpDirection(t *testing.T) {
	m := tee()
	yUp := &mesh.Mesh{Triangles: m.Triangles}
	for _, v := range m.Vertices {
		yUp.Vertices = append(yUp.Vertices, geom.V(v.X, v.Z, -v.Y))
	}
	r := check(t, yUp, "mk3s", Options{Up: geom.V(0, 2, 0)})
	f := one(t, r, CodeOverhang)
	near(t, "steepest overhang", f.Measured, 90, 1e-9)
	near(t, "height of the overhang along Y", f.At.Y, 10, 1e-9)
	noneBut(t, r, CodeOverhang, CodeBodies)
	// Read with +Z up, the same mesh lies on the slab's edge and the post
	// sticks out sideways: its 4 x 10 mm underside hangs.
	r = check(t, yUp, "mk3s", Options{})
	if f := one(t, r, CodeOverhang); !strings.Contains(f.Advice, "40.0 mm²") {
		t.Errorf("with +Z up: %s, want the post's 40 mm² underside", f.line())
	}
}

// TestBrokenMeshes checks meshes that mesh.Analyze rejects: Check reports them
// as open and does not fail.
func TestBrokenMeshes(t *testing.T) {
	good := tee()
	badIndex := &mesh.Mesh{Vertices: good.Vertices, Triangles: append([][3]uint32{{0, 1, 99999}}, good.Triangles...)}
	nan := &mesh.Mesh{Vertices: append([]geom.Vec3{}, good.Vertices...), Triangles: good.Triangles}
	nan.Vertices[3].Z = math.NaN()
	flipped := &mesh.Mesh{Vertices: good.Vertices}
	for _, tr := range good.Triangles {
		flipped.Triangles = append(flipped.Triangles, [3]uint32{tr[0], tr[2], tr[1]})
	}
	degenerate := &mesh.Mesh{Vertices: good.Vertices, Triangles: append([][3]uint32{{0, 0, 1}}, good.Triangles...)}
	for name, m := range map[string]*mesh.Mesh{"bad index": badIndex, "NaN": nan, "inside out": flipped, "degenerate": degenerate} {
		for _, up := range []geom.Vec3{{}, geom.V(0, 0, -1)} {
			r := check(t, m, "generic-fdm", Options{Up: up})
			if f := one(t, r, CodeOpenMesh); f.Severity != Blocker || r.Printable {
				t.Errorf("%s: %s", name, f.line())
			}
		}
	}
}
