package printcheck

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"yanchu/geom"
)

// TestByHeight compares byHeight with a comparison sort by height, then index,
// on heights with repeats, both zeros and both signs.
func TestByHeight(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	pos := make([]geom.Vec3, 20000)
	used := make([]bool, len(pos))
	for i := range pos {
		switch rng.IntN(5) {
		case 0:
			pos[i].Z = math.Copysign(0, -1)
		case 1:
			pos[i].Z = float64(rng.IntN(7) - 3)
		default:
			pos[i].Z = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(9)-4))
		}
		used[i] = rng.IntN(4) > 0
	}
	var want []int32
	for v, u := range used {
		if u {
			want = append(want, int32(v))
		}
	}
	slices.SortFunc(want, func(a, b int32) int {
		if c := cmp.Compare(pos[a].Z, pos[b].Z); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	got, z := byHeight(pos, used)
	if !slices.Equal(got, want) {
		t.Fatalf("byHeight differs from a comparison sort")
	}
	for r, v := range got {
		if z[r] != pos[v].Z {
			t.Fatalf("height %d: got %g, want %g", r, z[r], pos[v].Z)
		}
	}
}
