package puzzleball

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"yanchu/badinput"
	"yanchu/catalog"
	"yanchu/geom"
	"yanchu/mesh"
)

// The ball's surface in closed form. Every opening is a cone from the centre
// (see openwork.go), so a shell is the directions outside its openings between
// two radii: a domain on the unit sphere, pushed out radially. The domain is
// meshed once a shell from a geodesic sphere whose triangles keep within the
// tolerance of the sphere, clipped exactly along the openings' rims
// (surface_clip.go), so the rims are exact circles and the outline's corners
// are vertices. The outer and the inner sphere of a shell are that mesh scaled,
// and the walls join their rims with flat quads (two rim points and the centre
// lie in one plane, so the quads lie on the cone). The result is lean
// (triangles as large as the tolerance allows, anywhere), crisp at every rim,
// closed and manifold by construction, with a body a shell.

// maxSurfaceTriangles caps a ball's surface mesh: 60 layers of 250 mm within
// 0.01 mm take about 4.2 million.
const maxSurfaceTriangles = 16_000_000

// surface meshes the ball whose shells are carved with works (one for each
// shell but the core), every body in Parts' order, within tol (mm) of the solid.
func (b *ballPlan) surface(ctx context.Context, tol float64, works []*openwork) (*mesh.Mesh, error) {
	tris := b.surfaceTriangles(tol)
	if tris > maxSurfaceTriangles {
		return nil, badinput.New(badinput.OverLimit,
			"puzzle ball: a surface within %g mm of this ball needs about %.0f million triangles, more than the %d million allowed; ask for a tolerance of at least %.2g mm",
			tol, tris/1e6, maxSurfaceTriangles/1_000_000, tol*tris/maxSurfaceTriangles*1.05)
	}
	// A shell to a core at a time, each taking the next: a stop waits for the
	// shells in hand only. Each shell is made alone, so the order does not
	// change the result.
	parts := make([]*mesh.Mesh, b.n)
	errs := make([]error, b.n)
	var next atomic.Int32
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), b.n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1))
				if k > b.n {
					return
				}
				if err := ctx.Err(); err != nil {
					errs[k-1] = err
					return
				}
				if k == b.n {
					parts[k-1] = sphereMesh(b.r0, tol)
					continue
				}
				ro, ri := b.radius(k)
				var ok bool
				if parts[k-1], ok = shellMesh(ro, ri, tol, works[k-1]); !ok {
					errs[k-1] = fmt.Errorf("puzzle ball: layer %d: %w", k, catalog.ErrSurface)
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	nv, nt := 0, 0
	for _, p := range parts {
		nv, nt = nv+len(p.Vertices), nt+len(p.Triangles)
	}
	out := &mesh.Mesh{Vertices: make([]geom.Vec3, 0, nv), Triangles: make([][3]uint32, 0, nt)}
	for _, p := range parts {
		base := uint32(len(out.Vertices))
		out.Vertices = append(out.Vertices, p.Vertices...)
		for _, t := range p.Triangles {
			out.Triangles = append(out.Triangles, [3]uint32{t[0] + base, t[1] + base, t[2] + base})
		}
	}
	return out, nil
}

// surfaceTriangles is how many triangles the ball's surface within tol has at
// most, worked out before anything is made: each shell is two geodesic spheres
// of 20·n² triangles, less its openings, and the core one.
func (b *ballPlan) surfaceTriangles(tol float64) float64 {
	var tris float64
	for k := 1; k <= b.n; k++ {
		r, spheres := b.r0, 1.0
		if k < b.n {
			r, _ = b.radius(k)
			spheres = 2
		}
		n := float64(frequency(r, tol))
		tris += spheres * 20 * n * n
	}
	return tris
}

// sphereMesh is a sphere of radius r within tol of it.
func sphereMesh(r, tol float64) *mesh.Mesh {
	g := geodesicWithin(r, tol, 0)
	m := &mesh.Mesh{Vertices: make([]geom.Vec3, len(g.verts)), Triangles: g.tris}
	for i, v := range g.verts {
		m.Vertices[i] = v.Scale(r)
	}
	return m
}

// shellMesh is the shell between radii ro and ri carved with w, within tol;
// ok is false when no sphere tried let the outline be followed within it.
func shellMesh(ro, ri, tol float64, w *openwork) (m *mesh.Mesh, ok bool) {
	// Edges short enough for the sphere, and a few to the narrowest opening
	// or ligament. Moving points onto the rims widens a few triangles, and
	// corners close together can share a nearest point: then start from a
	// finer sphere.
	var d *domain
	aim := tol
	for try := 0; ; try++ {
		d, ok = clip(geodesicWithin(ro, aim, w.feature/3*aim/tol), w)
		ok = d.splitRims(w, ro, tol) && ok && d.stray(ro) <= tol
		if ok || try == 8 {
			break
		}
		aim *= 0.9
	}
	n := uint32(len(d.verts))
	m = &mesh.Mesh{Vertices: make([]geom.Vec3, 0, 2*n)}
	for _, v := range d.verts {
		m.Vertices = append(m.Vertices, v.Scale(ro))
	}
	for _, v := range d.verts {
		m.Vertices = append(m.Vertices, v.Scale(ri))
	}
	m.Triangles = make([][3]uint32, 0, 2*len(d.tris)+len(d.tris)/4)
	for _, t := range d.tris {
		m.Triangles = append(m.Triangles, t, [3]uint32{t[0] + n, t[2] + n, t[1] + n})
	}
	edges := indexEdges(len(d.verts), d.tris)
	// The walls: along every rim edge a → b of the outer surface (one no
	// triangle uses the other way), a quad down to the inner sphere.
	for _, t := range d.tris {
		for k := range 3 {
			a, b := t[k], t[(k+1)%3]
			if edges.has(b, a) {
				continue
			}
			m.Triangles = append(m.Triangles, [3]uint32{b, a, a + n}, [3]uint32{b, a + n, b + n})
		}
	}
	return m, ok
}

// geodesic is a mesh of the unit sphere: unit vertices and outward triangles.
type geodesic struct {
	verts []geom.Vec3
	tris  [][3]uint32
	edge  float64 // the longest edge as an angle, once known
	sag   float64 // the most a triangle strays from the unit sphere, once known
	once  sync.Once
}

// geodesicWithin returns the geodesic sphere of the least frequency whose flat
// triangles, on a sphere of radius r, stray at most tol from it, and whose
// edges are no longer than the angle most (radians) when most > 0.
func geodesicWithin(r, tol, most float64) *geodesic {
	// Start from the measured constants, and cut finer should it not hold.
	n := frequency(r, tol)
	if most > 0 {
		n = max(n, int(math.Ceil(1.3232/most)))
	}
	for {
		g := geodesicSphere(n)
		if g.stray(r) <= tol && (most <= 0 || g.longest() <= most) || n > 4096 {
			return g
		}
		n = int(math.Ceil(float64(n) * 1.1))
	}
}

// frequency returns the least n for which the icosahedron's faces cut n times
// stray within tol of a sphere of radius r: they stray about 0.2918/n² from the
// unit sphere and have edges up to about 1.3232/n (measured, and the same from
// n = 10 on to three places).
func frequency(r, tol float64) int {
	return max(1, int(math.Ceil(math.Sqrt(0.2918*r/tol))))
}

// stray returns how far the flat triangles of g, on a sphere of radius r,
// stray from it at most.
func (g *geodesic) stray(r float64) float64 {
	g.measure()
	return r * g.sag
}

// longest returns the longest edge of g as an angle.
func (g *geodesic) longest() float64 {
	g.measure()
	return g.edge
}

// measure finds g's longest edge and its largest stray from the unit sphere,
// once.
func (g *geodesic) measure() {
	g.once.Do(func() {
		for _, t := range g.tris {
			a, b, c := g.verts[t[0]], g.verts[t[1]], g.verts[t[2]]
			n := b.Sub(a).Cross(c.Sub(a)).Unit()
			g.sag = math.Max(g.sag, 1-math.Abs(n.Dot(a)))
			for k := range 3 {
				g.edge = math.Max(g.edge, angleBetween(g.verts[t[k]], g.verts[t[(k+1)%3]]))
			}
		}
	})
}

func angleBetween(a, b geom.Vec3) float64 {
	return math.Atan2(a.Cross(b).Len(), a.Dot(b))
}

var geodesics sync.Map // frequency → *geodesic

// geodesicSphere returns the icosahedron with each face cut into n² triangles,
// its points pushed out onto the unit sphere.
func geodesicSphere(n int) *geodesic {
	if g, ok := geodesics.Load(n); ok {
		return g.(*geodesic)
	}
	ico := icosahedron()
	g := &geodesic{}
	index := map[[3]int64]uint32{}
	vertex := func(p geom.Vec3) uint32 {
		p = p.Unit()
		key := [3]int64{int64(math.Round(p.X * 1e9)), int64(math.Round(p.Y * 1e9)), int64(math.Round(p.Z * 1e9))}
		if i, ok := index[key]; ok {
			return i
		}
		i := uint32(len(g.verts))
		index[key] = i
		g.verts = append(g.verts, p)
		return i
	}
	for _, f := range ico.tris {
		a, b, c := ico.verts[f[0]], ico.verts[f[1]], ico.verts[f[2]]
		at := func(i, j int) uint32 {
			// Exact at the corners and along the edges whichever face builds
			// them; inside a face, a point of its own.
			switch {
			case i == 0 && j == 0:
				return vertex(a)
			case i == n:
				return vertex(b)
			case j == n:
				return vertex(c)
			}
			u, v := float64(i)/float64(n), float64(j)/float64(n)
			p := a.Scale(1 - u - v).Add(b.Scale(u)).Add(c.Scale(v))
			if i == 0 || j == 0 || i+j == n {
				return vertex(p)
			}
			g.verts = append(g.verts, p.Unit())
			return uint32(len(g.verts) - 1)
		}
		row := make([][]uint32, n+1)
		for i := 0; i <= n; i++ {
			row[i] = make([]uint32, n+1-i)
			for j := 0; i+j <= n; j++ {
				row[i][j] = at(i, j)
			}
		}
		// The triangles in tiles of tile × tile points, so that neighbours
		// in the list stand near one another on the sphere.
		const tile = 4
		for ti := 0; ti < n; ti += tile {
			for tj := 0; ti+tj < n; tj += tile {
				for i := ti; i < min(n, ti+tile); i++ {
					for j := tj; j < min(n-i, tj+tile); j++ {
						g.tris = append(g.tris, [3]uint32{row[i][j], row[i+1][j], row[i][j+1]})
						if i+j < n-1 {
							g.tris = append(g.tris, [3]uint32{row[i+1][j], row[i+1][j+1], row[i][j+1]})
						}
					}
				}
			}
		}
	}
	got, _ := geodesics.LoadOrStore(n, g)
	return got.(*geodesic)
}

// icosahedron returns the regular icosahedron on the unit sphere, its faces
// found as the triples of vertices at the edge's length from one another and
// turned outward.
func icosahedron() *geodesic {
	phi := (1 + math.Sqrt(5)) / 2
	g := &geodesic{}
	for _, s := range [][2]float64{{1, 1}, {1, -1}, {-1, 1}, {-1, -1}} {
		g.verts = append(g.verts,
			geom.V(0, s[0], s[1]*phi).Unit(), geom.V(s[0], s[1]*phi, 0).Unit(), geom.V(s[1]*phi, 0, s[0]).Unit())
	}
	edge := math.Inf(1)
	for i := range g.verts {
		for j := i + 1; j < len(g.verts); j++ {
			edge = math.Min(edge, g.verts[i].Sub(g.verts[j]).Len())
		}
	}
	near := func(i, j int) bool { return math.Abs(g.verts[i].Sub(g.verts[j]).Len()-edge) < 1e-9 }
	for i := range g.verts {
		for j := i + 1; j < len(g.verts); j++ {
			for k := j + 1; k < len(g.verts); k++ {
				if !near(i, j) || !near(j, k) || !near(i, k) {
					continue
				}
				a, b, c := g.verts[i], g.verts[j], g.verts[k]
				if b.Sub(a).Cross(c.Sub(a)).Dot(a) > 0 {
					g.tris = append(g.tris, [3]uint32{uint32(i), uint32(j), uint32(k)})
				} else {
					g.tris = append(g.tris, [3]uint32{uint32(i), uint32(k), uint32(j)})
				}
			}
		}
	}
	return g
}
