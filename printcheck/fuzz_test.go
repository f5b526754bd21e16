package printcheck

import (
	"slices"
	"testing"

	"yanchu/badinput"
)

// FuzzLookup checks that Lookup never panics, that what it finds is a known
// printer, and that what it does not find is an unknown_printer error whose
// suggestions are ids.
func FuzzLookup(f *testing.F) {
	for _, s := range []string{"mk3s", "拓竹A1mini", "Ａ１ ｍｉｎｉ", "ender3", "", "\xff", "+-_ ", "爱乐酷"} {
		f.Add(s)
	}
	ids := IDs()
	f.Fuzz(func(t *testing.T, name string) {
		p, err := Lookup(name)
		if err == nil {
			if p == nil || !slices.Contains(ids, p.ID) {
				t.Fatalf("Lookup(%q) = %v without an error", name, p)
			}
			return
		}
		e := badinput.As(err)
		if p != nil || e == nil || e.Code != badinput.UnknownPrinter {
			t.Fatalf("Lookup(%q) = %v, %v", name, p, err)
		}
		for _, s := range e.Suggestions {
			if !slices.Contains(ids, s) {
				t.Fatalf("Lookup(%q) suggests %q, not an id", name, s)
			}
		}
	})
}
