package printcheck

import (
	"math"
	"math/rand/v2"
	"testing"

	"yanchu/geom"
	"yanchu/sdf"
)

// TestBVHMatchesBruteForce casts random rays at a meshed torus and compares the
// nearest hit with a test of every triangle.
func TestBVHMatchesBruteForce(t *testing.T) {
	m := meshed(t, sdf.Torus(8, 3), 0.7)
	tree := buildBVH(t.Context(), m.Vertices, m.Triangles, nil, geom.EmptyBox())
	if len(tree.tris) != len(m.Triangles) {
		t.Fatalf("%d triangles in the tree, want %d", len(tree.tris), len(m.Triangles))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	hits := 0
	for range 2000 {
		o := geom.V(rng.Float64()*30-15, rng.Float64()*30-15, rng.Float64()*10-5)
		d := geom.V(rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()).Unit()
		tmax := rng.Float64() * 20
		skip := int32(rng.IntN(len(m.Triangles)))
		got := tree.first(o, d, tmax, skip)
		want, wantID := tmax, int32(-1)
		for i, tr := range m.Triangles {
			if int32(i) == skip {
				continue
			}
			a := m.Vertices[tr[0]].Sub(tree.centre)
			bt := btri{a: f32(a), e1: f32(m.Vertices[tr[1]].Sub(m.Vertices[tr[0]])), e2: f32(m.Vertices[tr[2]].Sub(m.Vertices[tr[0]]))}
			if d, ok := intersect(&bt, o.Sub(tree.centre), d); ok && d < want {
				want, wantID = d, int32(i)
			}
		}
		gotID := int32(-1)
		if got.k >= 0 {
			gotID = tree.tris[got.k].id
			hits++
		}
		if gotID != wantID || math.Abs(got.t-want) > 1e-9 {
			t.Fatalf("ray from %v along %v to %g: got triangle %d at %g, want %d at %g", o, d, tmax, gotID, got.t, wantID, want)
		}
	}
	if hits < 200 {
		t.Errorf("only %d of 2000 rays hit: the test is too weak", hits)
	}
}

func TestBVHEmptyAndNormals(t *testing.T) {
	tree := buildBVH(t.Context(), nil, nil, nil, geom.EmptyBox())
	if h := tree.first(geom.V(0, 0, 0), geom.V(0, 0, 1), 10, -1); h.k != -1 {
		t.Errorf("an empty tree hit %d", h.k)
	}
	m := meshed(t, sdf.Sphere(5), 0.5)
	tree = buildBVH(t.Context(), m.Vertices, m.Triangles, nil, geom.EmptyBox())
	// From the centre every ray leaves through an outward-facing triangle.
	rng := rand.New(rand.NewPCG(5, 6))
	for range 200 {
		d := geom.V(rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()).Unit()
		h := tree.first(geom.V(0, 0, 0), d, 10, -1)
		if h.k < 0 {
			t.Fatalf("the ray along %v missed the sphere", d)
		}
		near(t, "distance to the sphere", h.t, 5, 0.05)
		if n := tree.normal(h.k); n.Dot(d) < 0.9 {
			t.Errorf("the triangle met along %v faces %v", d, n)
		}
	}
}

func TestRadixSortHigh(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	keys := make([]uint64, 5000)
	for i := range keys {
		keys[i] = uint64(rng.IntN(300))<<32 | uint64(i)
	}
	radixSortHigh(keys)
	for i := 1; i < len(keys); i++ {
		if keys[i-1] > keys[i] {
			t.Fatalf("keys %d and %d out of order: %x > %x", i-1, i, keys[i-1], keys[i])
		}
	}
}

// TestNextafter32 checks down32 and up32 against math.Nextafter32.
func TestNextafter32(t *testing.T) {
	inf := float32(math.Inf(1))
	xs := []float32{0, float32(math.Copysign(0, -1)), 1, -1, 1e-40, -1e-40, math.MaxFloat32, -math.MaxFloat32,
		math.SmallestNonzeroFloat32, -math.SmallestNonzeroFloat32, inf, -inf, 3.25, -7.5e10}
	rng := rand.New(rand.NewPCG(7, 8))
	for range 1000 {
		xs = append(xs, math.Float32frombits(rng.Uint32()))
	}
	for _, x := range xs {
		for _, c := range []struct {
			got, want float32
		}{{down32(x), math.Nextafter32(x, -inf)}, {up32(x), math.Nextafter32(x, inf)}} {
			if math.Float32bits(c.got) != math.Float32bits(c.want) {
				t.Fatalf("next of %g (%#x): got %g (%#x), want %g (%#x)", x, math.Float32bits(x), c.got, math.Float32bits(c.got), c.want, math.Float32bits(c.want))
			}
		}
	}
}
