package printcheck

import (
	"math"

	"yanchu/geom"
)

// byHeight returns the vertices marked in used sorted by height (Z), lowest
// first, vertices of equal height by index: the order the island sweep visits
// them in; and their heights in that order (with -0 as +0). It sorts by radix on
// the heights' bits, which runs several times faster than a comparison sort on
// the half million vertices of a lean mesh.
func byHeight(pos []geom.Vec3, used []bool) ([]int32, []float64) {
	n := 0
	for _, u := range used {
		if u {
			n++
		}
	}
	keys, order := make([]uint64, 0, n), make([]int32, 0, n)
	for v, u := range used {
		if u {
			keys = append(keys, heightKey(pos[v].Z))
			order = append(order, int32(v))
		}
	}
	radixSortPairs(keys, order)
	z := make([]float64, len(keys))
	for r, k := range keys {
		z[r] = keyHeight(k)
	}
	return order, z
}

// heightKey maps a finite height to a key whose unsigned order is the order of
// the heights: negative numbers have their bits flipped, the others their sign
// set. -0 counts as +0, as comparisons of float64 do.
func heightKey(z float64) uint64 {
	if z == 0 {
		z = 0
	}
	b := math.Float64bits(z)
	if b>>63 != 0 {
		return ^b
	}
	return b | 1<<63
}

// keyHeight is the inverse of heightKey.
func keyHeight(k uint64) float64 {
	if k>>63 != 0 {
		return math.Float64frombits(k &^ (1 << 63))
	}
	return math.Float64frombits(^k)
}

// The digits of radixSortPairs: eight passes of 8 bits cover 64. Wider digits
// save passes but scatter over more places at once, and ran no faster.
const (
	radixBits   = 8
	radixDigits = 1 << radixBits
	radixPasses = (64 + radixBits - 1) / radixBits
)

// radixSortPairs sorts keys in increasing order, stably, and moves vals with
// them. It counts every digit in one read, and skips a digit all keys share.
func radixSortPairs(keys []uint64, vals []int32) {
	n := len(keys)
	if n < 2 {
		return
	}
	count := make([][radixDigits]int, radixPasses)
	for _, k := range keys {
		for p := range radixPasses {
			count[p][(k>>(p*radixBits))&(radixDigits-1)]++
		}
	}
	src, srcV := keys, vals
	dst, dstV := make([]uint64, n), make([]int32, n)
	for p := range radixPasses {
		c := &count[p]
		shift := p * radixBits
		if c[(src[0]>>shift)&(radixDigits-1)] == n {
			continue
		}
		at := 0
		for d := range c {
			c[d], at = at, at+c[d]
		}
		for i, k := range src {
			d := (k >> shift) & (radixDigits - 1)
			dst[c[d]], dstV[c[d]] = k, srcV[i]
			c[d]++
		}
		src, dst, srcV, dstV = dst, src, dstV, srcV
	}
	if &src[0] != &keys[0] {
		copy(keys, src)
		copy(vals, srcV)
	}
}
