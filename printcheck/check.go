package printcheck

import (
	"context"
	"fmt"
	"math"
	"strings"

	"yanchu/geom"
	"yanchu/mesh"
)

// Options tune Check. The zero value checks a model standing on its lowest point
// along +Z, with every body meant to be one fixed part.
type Options struct {
	// Up is the direction away from the bed, in the mesh's coordinates; the zero
	// vector means +Z. The bed is the plane through the mesh's lowest point.
	Up geom.Vec3
	// MovingBodies says the separate bodies are meant to move freely, as the
	// shells of a puzzle ball do: they are then reported as expected.
	MovingBodies bool
	// PartsApart says the separate bodies are separate parts laid out apart on
	// purpose, as a box and its lid are: they are then reported as expected.
	PartsApart bool
	// Ties is the number of thin ties that hold free bodies in place while
	// printing, and TieAreaMM2 their total cross-section (mm²); reported when set.
	Ties       int
	TieAreaMM2 float64
	// Workers is the number of goroutines casting rays; 0 means GOMAXPROCS. The
	// report does not depend on it.
	Workers int
	// MaxRays caps the rays of the wall and gap checks; 0 means DefaultMaxRays.
	MaxRays int
	// Names name the bodies in the order mesh.Analyze lists them, for the places
	// of findings; a body without a name is "body N", counting from 1.
	Names []string
	// Plate, when set, is the designed thickness of a plate whose thickness
	// varies over its face (a lithophane); the report states it.
	Plate *Plate
	// Facts, when set, are the mesh's facts (from mesh.Analyze or mesh.Closed),
	// taken instead of analysing it again.
	Facts *mesh.Facts
}

// Plate is the designed range of a plate's thickness (mm), with where each end
// of it stands in words and what to say to thicken the thinnest part.
type Plate struct {
	Thinnest, Thickest    float64
	ThinWhere, ThickWhere string
	Advice                string
}

// name returns what findings call body b.
func (j *job) name(b int) string {
	if b >= 0 && b < len(j.opt.Names) && j.opt.Names[b] != "" {
		return j.opt.Names[b]
	}
	return fmt.Sprintf("body %d", b+1)
}

// job is the state of one Check call.
type job struct {
	ctx      context.Context
	m        *mesh.Mesh
	p        *Printer
	opt      Options
	workers  int
	maxRays  int
	facts    *mesh.Facts
	frame    [3]geom.Vec3 // the bed's X and Y axes and Up, in mesh coordinates
	pos      []geom.Vec3  // the vertices in the bed's frame, Up along +Z
	valid    []bool       // triangles with indices in range, finite corners and a body
	used     []bool       // the vertices of the valid triangles
	box      geom.Box     // the bounds of the used vertices
	fans     fans         // the usable triangles around each vertex
	bed      float64      // the height of the lowest point (mm)
	diag     float64      // the diagonal of the bounds (mm)
	findings []Finding
}

// Check measures how m prints on p and returns the report. Every number in it is
// measured on the mesh itself:
//
//   - open_mesh (blocker): the mesh is not closed, manifold and outward, as
//     mesh.Analyze finds it; walls and gaps are then not measured.
//   - too_large (blocker): the bounds do not fit p.BuildMM. The advice says
//     whether turning the model about the vertical fits it, else the largest
//     uniform scale that fits.
//   - thin_wall: rays cast inward from sample points spread evenly over the
//     surface measure the wall to the opposite face. A body whose walls measure
//     under p.MinWallMM over at least MinWallMM² of surface is reported: a
//     blocker when such a patch measures under 75% of the minimum (a single
//     line or nothing prints), else a warning.
//   - narrow_gap: rays cast outward measure the clearance to the surface facing
//     back across it. Under p.MinGapMM over at least MinGapMM² it is a blocker
//     between two bodies (they fuse) and a warning within one body (a slot closes).
//   - island (warning): a body whose lowest point is more than a layer above the
//     bed, and surfaces that start in mid-air: downward-facing local minima of
//     the height above the bed.
//   - overhang (warning): surfaces facing down more than p.MaxOverhangDeg from
//     vertical, leaving out those that start within a layer of the bed and
//     patches whose footprint is under (2·MinWallMM)².
//   - bodies: how many separate bodies there are; a warning when there are
//     several and opt.MovingBodies is false.
//   - ties (info): the ties opt describes.
//   - thickness (info): a plate's designed thickness, as opt.Plate gives it;
//     thin_wall (warning) when its thinnest part is under p.MinWallMM and the
//     rays found no thin wall.
//
// Walls and gaps within 0.025 mm of the limit pass, the accuracy of a lean mesh.
// Ray hits count only where the surface met faces back within 30° of the one left,
// so the rims of wedges and the floors of grooves are not taken for walls, and
// rays neither start nor end within one sample spacing of a sharp edge (where
// neighbouring triangles turn by more than 25°), where a mesher's surface strays
// from the solid's. Sample points are spread at about half the smaller of
// MinWallMM and MinGapMM, fewer when opt.MaxRays caps them. Check
// builds one bounding-volume hierarchy and casts at most opt.MaxRays rays;
// BenchmarkCheck measured 0.43 s for R1 and 0.37 s for R2, meshed to a million
// triangles each, and 190 MB for each, on one core of a 2-vCPU AMD EPYC. The
// report is the same whatever opt.Workers is. It returns ctx.Err() when ctx is
// cancelled, and an error for an Up that is zero or not finite. It panics when m
// or p is nil.
func Check(ctx context.Context, m *mesh.Mesh, p *Printer, opt Options) (*Report, error) {
	if m == nil || p == nil {
		panic("printcheck.Check: nil mesh or printer")
	}
	j := &job{ctx: ctx, m: m, p: p, opt: opt, workers: opt.Workers, maxRays: opt.MaxRays}
	if j.maxRays <= 0 {
		j.maxRays = DefaultMaxRays
	}
	if err := j.setFrame(opt.Up); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	j.facts = mesh.Known(m, opt.Facts)
	closed := false
	for _, step := range []func(){j.prepare, j.buildFans, func() { closed = j.openMesh() }, j.fit, j.bodies, j.ties} {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		step()
	}
	if closed {
		if err := j.walls(); err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, step := range []func(){j.islands, j.overhangs, j.plate} {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		step()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sortFindings(j.findings)
	r := &Report{Printer: p.ID, Printable: true, Findings: j.findings}
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
	r.Printable = r.Count(Blocker) == 0
	return r, nil
}

// add appends a finding.
func (j *job) add(f Finding) { j.findings = append(j.findings, f) }

// setFrame picks the bed's axes for the direction up and computes the vertices
// in that frame.
func (j *job) setFrame(up geom.Vec3) error {
	if up == (geom.Vec3{}) {
		up = geom.V(0, 0, 1)
	}
	l := up.Len()
	if !(l > 0) || math.IsInf(l, 0) || math.IsNaN(l) {
		return fmt.Errorf("printcheck: the up direction must be a non-zero finite vector, got %v", up)
	}
	up = up.Scale(1 / l)
	if up == geom.V(0, 0, 1) {
		j.frame = [3]geom.Vec3{geom.V(1, 0, 0), geom.V(0, 1, 0), up}
		j.pos = j.m.Vertices
		return nil
	}
	ref := geom.V(1, 0, 0)
	if math.Abs(up.X) > 0.9 {
		ref = geom.V(0, 1, 0)
	}
	x := ref.Cross(up).Unit()
	y := up.Cross(x)
	j.frame = [3]geom.Vec3{x, y, up}
	j.pos = make([]geom.Vec3, len(j.m.Vertices))
	for i, v := range j.m.Vertices {
		j.pos[i] = geom.V(v.Dot(x), v.Dot(y), v.Dot(up))
	}
	return nil
}

// world returns the mesh coordinates of a point of the bed's frame.
func (j *job) world(p geom.Vec3) geom.Vec3 {
	f := j.frame
	return f[0].Scale(p.X).Add(f[1].Scale(p.Y)).Add(f[2].Scale(p.Z))
}

// prepare marks the usable triangles and their vertices, and finds the bed and
// the bounds. The bounds are grown by each used vertex once rather than by every
// corner of every triangle: the same box for a sixth of the work.
func (j *job) prepare() {
	tris, nv := j.m.Triangles, uint32(len(j.pos))
	j.valid = make([]bool, len(tris))
	j.used = make([]bool, len(j.pos))
	if len(j.facts.TriangleBody) == len(tris) { // else Analyze stopped early: an empty or oversized mesh
		for i, t := range tris {
			if t[0] >= nv || t[1] >= nv || t[2] >= nv || j.facts.TriangleBody[i] < 0 {
				continue
			}
			if !finite(j.pos[t[0]]) || !finite(j.pos[t[1]]) || !finite(j.pos[t[2]]) {
				continue
			}
			j.valid[i] = true
			j.used[t[0]], j.used[t[1]], j.used[t[2]] = true, true, true
		}
	}
	j.box = geom.EmptyBox()
	for v, u := range j.used {
		if u {
			j.box = grow(j.box, j.pos[v])
		}
	}
	j.bed = j.box.Min.Z
	if !j.box.Empty() {
		j.diag = j.box.Size().Len()
	}
}

// finite reports whether every coordinate of v is a finite number.
func finite(v geom.Vec3) bool { return v.X-v.X == 0 && v.Y-v.Y == 0 && v.Z-v.Z == 0 }

// triArea returns the area of triangle i (mm²).
func (j *job) triArea(i int) float64 {
	t := j.m.Triangles[i]
	a, b, c := j.pos[t[0]], j.pos[t[1]], j.pos[t[2]]
	return b.Sub(a).Cross(c.Sub(a)).Len() / 2
}

// triNormal returns the unit outward normal of triangle i in the bed's frame.
func (j *job) triNormal(i int) geom.Vec3 {
	t := j.m.Triangles[i]
	a, b, c := j.pos[t[0]], j.pos[t[1]], j.pos[t[2]]
	return b.Sub(a).Cross(c.Sub(a)).Unit()
}

// openMesh reports a mesh that is not a closed, outward surface and says whether
// the mesh is sound enough to cast rays in.
func (j *job) openMesh() bool {
	err := j.facts.Err()
	if err == nil {
		return true
	}
	f := j.facts
	var what []string
	for _, c := range []struct {
		n         int
		one, many string
	}{
		{f.OpenEdges, "open edge", "open edges"},
		{f.OverusedEdges, "edge used by more than two triangles", "edges used by more than two triangles"},
		{f.FlippedEdges, "edge used twice in the same direction", "edges used twice in the same direction"},
		{f.NonManifoldVertices, "non-manifold vertex", "non-manifold vertices"},
		{f.BadIndices, "triangle with a vertex index out of range", "triangles with a vertex index out of range"},
		{f.NonFinite, "vertex with a non-finite coordinate", "vertices with a non-finite coordinate"},
		{f.Degenerate, "degenerate triangle", "degenerate triangles"},
	} {
		switch {
		case c.n == 1:
			what = append(what, "1 "+c.one)
		case c.n > 1:
			what = append(what, fmt.Sprintf("%d %s", c.n, c.many))
		}
	}
	if len(what) == 0 && f.Watertight && !f.Outward {
		what = append(what, "surfaces facing inward")
	}
	summary := strings.Join(what, ", ")
	if summary != "" {
		summary += "; "
	}
	closed := f.Watertight && f.Outward
	advice := "the mesh is not a closed, outward surface, so a slicer may fill or drop parts of it: " + summary +
		"first: " + f.Problems[0] + "; repair it before printing"
	if !closed {
		advice += "; walls and gaps were not measured"
	}
	j.add(Finding{
		Code: CodeOpenMesh, Severity: Blocker, Place: "mesh", Body: -1,
		Measured: float64(f.OpenEdges + f.OverusedEdges + f.FlippedEdges + f.NonManifoldVertices + f.BadIndices + f.NonFinite + f.Degenerate),
		Advice:   advice,
	})
	return closed
}

// bodies reports how many separate bodies the mesh holds.
func (j *job) bodies() {
	n := len(j.facts.Bodies)
	f := Finding{Code: CodeBodies, Severity: Info, Measured: float64(n), Body: -1}
	switch {
	case n == 0:
		return
	case n == 1:
		f.Advice = "one body"
	case j.opt.MovingBodies:
		f.Advice = fmt.Sprintf("%d separate bodies, free to move as intended", n)
	case j.opt.PartsApart:
		f.Advice = fmt.Sprintf("%d separate parts, laid out apart to print together", n)
	default:
		f.Severity = Warning
		f.Advice = fmt.Sprintf("%d separate bodies: they print as loose pieces; join them if they should be one part", n)
	}
	j.add(f)
}

// ties reports the ties the options describe.
func (j *job) ties() {
	if j.opt.Ties <= 0 && j.opt.TieAreaMM2 <= 0 {
		return
	}
	j.add(Finding{
		Code: CodeTies, Severity: Info, Measured: j.opt.TieAreaMM2, Unit: "mm²", Body: -1,
		Advice: fmt.Sprintf("%d ties with %s mm² of cross-section in all hold the free bodies while printing; cut or snap them afterwards",
			j.opt.Ties, num(j.opt.TieAreaMM2)),
	})
}

// plate states a plate's designed thickness, and warns when its thinnest part
// is under the printer's least wall and the rays found nothing (a patch smaller
// than they count, or a wall just under the limit).
func (j *job) plate() {
	pl := j.opt.Plate
	if pl == nil {
		return
	}
	j.add(Finding{
		Code: CodeThickness, Severity: Info, Measured: pl.Thinnest, Limit: j.p.MinWallMM, Unit: "mm", Body: -1,
		Advice: fmt.Sprintf("the plate is %s mm thick %s and %s mm %s", num(pl.Thinnest), pl.ThinWhere, num(pl.Thickest), pl.ThickWhere),
	})
	if pl.Thinnest >= j.p.MinWallMM-slackMM {
		return
	}
	for _, f := range j.findings {
		if f.Code == CodeThinWall {
			return
		}
	}
	j.add(Finding{
		Code: CodeThinWall, Severity: Warning, Measured: pl.Thinnest, Limit: j.p.MinWallMM, Unit: "mm", Body: -1,
		Advice: fmt.Sprintf("the plate is %s mm thick %s, under the %s mm this printer prints reliably; %s",
			num(pl.Thinnest), pl.ThinWhere, num(j.p.MinWallMM), pl.Advice),
	})
}

// grow returns b grown to hold p, as geom.Box.Include does, with the builtin
// min and max: the hot loops over every vertex run several times faster.
func grow(b geom.Box, p geom.Vec3) geom.Box {
	return geom.Box{
		Min: geom.Vec3{X: min(b.Min.X, p.X), Y: min(b.Min.Y, p.Y), Z: min(b.Min.Z, p.Z)},
		Max: geom.Vec3{X: max(b.Max.X, p.X), Y: max(b.Max.Y, p.Y), Z: max(b.Max.Z, p.Z)},
	}
}
