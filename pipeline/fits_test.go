package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"yanchu/badinput"
	"yanchu/catalog"
	"yanchu/geom"
)

// A model larger than every printer, at a size yanchu worked out, is refused
// before any work, in the words' own terms: the size they make, the largest
// printer, and the most of what was said that fits it; and that most fits, one
// more does not.
func TestRefusesWhatNoPrinterBuilds(t *testing.T) {
	for _, c := range []struct {
		words, says, suggestion, over string
	}{
		{"鬼工球 100层", "410 × 410 × 410 mm（外径 410mm）", "puzzleball layers=62", "puzzleball layers=63"},
		{"puzzle ball 100 layers", "at most 62 layers", "puzzleball layers=62", "puzzleball layers=63"},
		{"puzzle ball 100 layers wall 1mm", "at most 88 layers", "puzzleball layers=88 wall=1mm", "puzzleball layers=89 wall=1mm"},
	} {
		u, err := Understand(c.words)
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(t.TempDir(), "out")
		_, err = Make(t.Context(), u, MakeOptions{Dir: dir})
		e := badinput.As(err)
		if e == nil || e.Code != badinput.OverLimit {
			t.Fatalf("%s: got %v, want over_limit", c.words, err)
		}
		if !strings.Contains(e.Message, c.says) || !strings.Contains(e.Message, "X1 Carbon") {
			t.Errorf("%s: %q does not say %q and the largest printer", c.words, e.Message, c.says)
		}
		if len(e.Suggestions) != 1 || e.Suggestions[0] != c.suggestion {
			t.Errorf("%s: suggestions %q, want %q", c.words, e.Suggestions, c.suggestion)
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("%s: the folder was made", c.words)
		}
		for _, w := range []string{c.suggestion, c.over} {
			_, _, size := sized(t, w)
			if fit := fits(size, largestPrinter().BuildMM); fit != (w == c.suggestion) {
				t.Errorf("%s: %v fits the largest printer: %v", w, size, fit)
			}
		}
	}
}

// A side said outright larger than every printer is taken as meant, and a
// model that fits is never refused.
func TestTakesWhatWasAskedFor(t *testing.T) {
	for _, words := range []string{"box 300x200x100", "puzzle ball 3 layers diameter 300mm", "鬼工球 60层"} {
		u, d, size := sized(t, words)
		if err := fitsAPrinter(t.Context(), d, u, size, catalog.Inputs{}); err != nil {
			t.Errorf("%s: %v", words, err)
		}
	}
}

// sized understands the words and sizes the model they make.
func sized(t *testing.T, words string) (*Understanding, catalog.Domain, geom.Vec3) {
	t.Helper()
	u, err := Understand(words)
	if err != nil {
		t.Fatal(err)
	}
	d := mustDomain(u)
	size, err := sizeOf(t.Context(), d, u.Spec, catalog.Inputs{})
	if err != nil {
		t.Fatal(err)
	}
	return u, d, size
}

// The puzzle ball's size from its spec is the box its built solid fills, or a
// little more: a flat base takes a little off the bottom.
func TestPuzzleBallSize(t *testing.T) {
	for _, words := range []string{"鬼工球 8层 直径80毫米", "鬼工球 8层 直径80毫米 连接点 平底", "鬼工球 40层 树脂", "鬼工球 12层 直径80毫米 云纹"} {
		u, err := Understand(words)
		if err != nil {
			t.Fatal(err)
		}
		d, _ := catalog.Get(u.Spec.Domain)
		m, err := d.Build(t.Context(), u.Spec, catalog.Inputs{})
		if err != nil {
			t.Fatal(err)
		}
		built := m.Solid.Bounds().Size()
		size := d.(catalog.Sizer).Size(u.Spec)
		for a := range 3 {
			if b, s := built.Comp(a), size.Comp(a); !(b <= s+1e-9 && b >= 0.97*s) {
				t.Errorf("%s: the solid is %v, the size says %v", words, built, size)
				break
			}
		}
	}
}
