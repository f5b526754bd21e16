// Package textdist measures how far apart two words are, for did-you-mean
// suggestions.
package textdist

// Distance returns the edit distance between a and b in runes, counting an
// insertion, a deletion, a substitution or a swap of two neighbours as one.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	w := len(rb) + 1
	d := make([]int, (len(ra)+1)*w)
	for i := range len(ra) + 1 {
		d[i*w] = i
	}
	for j := range w {
		d[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			v := min(d[(i-1)*w+j-1]+c, d[(i-1)*w+j]+1, d[i*w+j-1]+1)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, d[(i-2)*w+j-2]+1)
			}
			d[i*w+j] = v
		}
	}
	return d[len(ra)*w+len(rb)]
}
