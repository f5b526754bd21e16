package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"yanchu/badinput"
	"yanchu/catalog"
)

func TestParseMemory(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{{"4G", 4096}, {"4gb", 4096}, {"1.5GiB", 1536}, {"512M", 512}, {"512mb", 512}, {"800", 800}, {" 2 G ", 2048}} {
		got, err := ParseMemory(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseMemory(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "G", "lots", "-1G", "10M", "NaN", "Inf", "1e30G", "4T"} {
		if _, err := ParseMemory(bad); badinput.As(err) == nil {
			t.Errorf("ParseMemory(%q) = %v; want an input error", bad, err)
		}
	}
}

func TestDefaultMemory(t *testing.T) {
	if m := DefaultMemoryMiB(); m < 256 {
		t.Errorf("the default memory limit is %d MiB", m)
	}
}

// makeIn makes words into a fresh folder, and returns the folder.
func makeIn(t *testing.T, words string, opt MakeOptions) (*Result, string, error) {
	t.Helper()
	u, err := Understand(words)
	if err != nil {
		t.Fatal(err)
	}
	opt.Dir = filepath.Join(t.TempDir(), "out")
	if opt.Formats == nil {
		opt.Formats = []string{"stl"}
	}
	res, err := Make(t.Context(), u, opt)
	return res, opt.Dir, err
}

// refused checks err is over_limit, says each of want, and that nothing was
// written in dir.
func refused(t *testing.T, err error, dir string, want ...string) *badinput.Error {
	t.Helper()
	e := badinput.As(err)
	if e == nil || e.Code != badinput.OverLimit {
		t.Fatalf("got %v; want over_limit", err)
	}
	for _, w := range want {
		if !strings.Contains(e.Message, w) {
			t.Errorf("%q does not say %q", e.Message, w)
		}
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refused make left %s", dir)
	}
	return e
}

// More cells than the limit are refused at once with the most that fit, in
// cells or in millimetres as they were asked for; under a memory limit the
// most that fit is what the estimate fits, and a little more does not.
func TestRefusesCellsOverTheLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: it meshes puzzle balls; the plain run has it")
	}
	t0 := time.Now()
	_, dir, err := makeIn(t, "鬼工球 8层 直径80毫米", MakeOptions{Cells: 5000})
	e := refused(t, err, dir, "5000 cells", "over the limit of 2000", "the most that fits is 2000 cells")
	if len(e.Suggestions) != 1 || e.Suggestions[0] != "--cells 2000" {
		t.Errorf("suggestions %q", e.Suggestions)
	}
	if took := time.Since(t0); took > 5*time.Second {
		t.Errorf("the refusal took %v", took)
	}
	_, dir, err = makeIn(t, "鬼工球 8层 直径80毫米", MakeOptions{Cell: 0.01})
	e = refused(t, err, dir, "a 0.01 mm cell", "the finest that fits is a 0.04 mm cell")
	if len(e.Suggestions) != 1 || e.Suggestions[0] != "--cell 0.04" {
		t.Errorf("suggestions %q", e.Suggestions)
	}

	lim := Limits{MemoryMiB: 400}
	_, dir, err = makeIn(t, "鬼工球 8层 直径80毫米", MakeOptions{Cells: 1500, Limits: lim})
	e = refused(t, err, dir, "at 1500 cells", "more than the 400 MB yanchu may use here", "the most that fits is")
	var n int
	if len(e.Suggestions) != 1 {
		t.Fatalf("suggestions %q", e.Suggestions)
	}
	if _, err := fmt.Sscanf(e.Suggestions[0], "--cells %d", &n); err != nil || n < 4 || n >= 1500 {
		t.Fatalf("suggestion %q", e.Suggestions[0])
	}
	for _, c := range []struct {
		cells int
		fits  bool
	}{{n, true}, {n + n/10, false}} {
		_, dir, err = makeIn(t, "鬼工球 8层 直径80毫米", MakeOptions{Cells: c.cells, Limits: lim, Formats: []string{"glb"}})
		if c.fits && err != nil {
			t.Errorf("%d cells, said to fit: %v", c.cells, err)
		}
		if !c.fits {
			refused(t, err, dir)
		}
	}
}

// A model whose own cell needs more than the limits is meshed a little
// coarser, with a note, where that keeps its gaps open; else refused.
func TestCoarsensItsOwnCell(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: it meshes puzzle balls; the plain run has it")
	}
	const words = "鬼工球 4层 直径40毫米 flat base"
	whole, _, err := makeIn(t, words, MakeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	need := whole.Estimate.MemoryMiB
	res, _, err := makeIn(t, words, MakeOptions{Limits: Limits{MemoryMiB: need * 9 / 10}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Mesh.CellMM <= whole.Mesh.CellMM || res.Mesh.CellMM > coarsestCell*whole.Mesh.CellMM*1.001 {
		t.Errorf("meshed at %g mm, its own cell %g", res.Mesh.CellMM, whole.Mesh.CellMM)
	}
	if res.Estimate.MemoryMiB > need*9/10 || res.Mesh.Components != whole.Mesh.Components {
		t.Errorf("estimate %+v, %d bodies (%d at its own cell)", res.Estimate, res.Mesh.Components, whole.Mesh.Components)
	}
	noted := false
	for _, n := range res.Notes {
		noted = noted || strings.Contains(n, "coarser than the")
	}
	if !noted {
		t.Errorf("no note of the coarser cell: %q", res.Notes)
	}
	_, dir, err := makeIn(t, words, MakeOptions{Limits: Limits{MemoryMiB: 70}})
	refused(t, err, dir, "would lose its gaps and walls")
}

// An estimate over the time limit is refused before the work; a make that
// runs past it is stopped with over_limit and leaves nothing.
func TestTimeLimit(t *testing.T) {
	// Estimated at several seconds, built in milliseconds (a tenth of a
	// second under the race detector): refused by the estimate, not the clock.
	_, dir, err := makeIn(t, "鬼工球 30层 直径130毫米", MakeOptions{Limits: Limits{Time: 2 * time.Second}})
	refused(t, err, dir, "longer than the limit of 2s (--timeout)")

	lim := Limits{Time: time.Minute}
	ctx, cancel := context.WithTimeoutCause(t.Context(), 0, errOverTime)
	defer cancel()
	<-ctx.Done()
	err = lim.overTime(ctx, ctx.Err(), &Estimate{Seconds: 12})
	if e := badinput.As(err); e == nil || e.Code != badinput.OverLimit || !strings.Contains(e.Message, "the estimate was 12 s") {
		t.Errorf("stopped at the limit: %v", err)
	}
	if err := lim.overTime(t.Context(), context.Canceled, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("a stop not at the limit became %v", err)
	}
}

// A surface over the memory limit is refused with the finest tolerance at
// which its estimate fits; a little finer does not.
func TestRefusesASurfaceWithTheToleranceThatFits(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: it meshes puzzle balls; the plain run has it")
	}
	const words = "鬼工球 20层"
	whole, _, err := makeIn(t, words, MakeOptions{Formats: []string{"glb"}})
	if err != nil {
		t.Fatal(err)
	}
	lim := Limits{MemoryMiB: whole.Estimate.MemoryMiB * 2 / 3}
	_, dir, err := makeIn(t, words, MakeOptions{Limits: lim})
	e := refused(t, err, dir, "this model needs about", "of its surface it fits (--tolerance ")
	var tol float64
	if len(e.Suggestions) != 1 {
		t.Fatalf("suggestions %q", e.Suggestions)
	}
	if _, err := fmt.Sscanf(e.Suggestions[0], "--tolerance %g", &tol); err != nil || !(tol > DefaultTolerance) {
		t.Fatalf("suggestion %q", e.Suggestions[0])
	}
	u, err := Understand(words)
	if err != nil {
		t.Fatal(err)
	}
	model, err := mustDomain(u).Build(t.Context(), u.Spec, catalog.Inputs{})
	if err != nil {
		t.Fatal(err)
	}
	if at, _ := estimateOf(model, tol); !lim.fit(at) {
		t.Errorf("at the tolerance said to fit, %g mm, the estimate is %+v", tol, at)
	}
	if finer, _ := estimateOf(model, tol-0.002); lim.fit(finer) {
		t.Errorf("a little finer than %g mm fits too: %+v", tol, finer)
	}
}
