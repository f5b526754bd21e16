package needtool

import "testing"

// One rule: CI set to anything but "", "0" or "false" is CI.
func TestCI(t *testing.T) {
	for v, want := range map[string]bool{"": false, "0": false, "false": false, "true": true, "1": true, "yes": true} {
		t.Setenv("CI", v)
		if CI() != want {
			t.Errorf("CI=%q: CI() is %v, want %v", v, CI(), want)
		}
	}
}
