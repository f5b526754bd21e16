package textdist

import "testing"

func TestDistance(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{{"", "", 0}, {"mk3s", "mk3s", 0}, {"mk3", "mk3s", 1}, {"a1mnii", "a1mini", 1}, {"拓竹", "拓木", 1}, {"abc", "", 3}, {"kitten", "sitting", 3}}
	for _, c := range cases {
		if got := Distance(c.a, c.b); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}
