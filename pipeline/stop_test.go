package pipeline

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// stopWithin is how soon a stop must take effect. The machine is shared, so a
// stop that takes longer is tried once more at the same moment: a step that
// never looks at the stop fails both times.
const stopWithin = 500 * time.Millisecond

// A make stopped at 20 moments spread over its run (10 for the second) stops
// within stopWithin each time, with the context's error, and leaves nothing: not a file, not its
// stage, not the folder it made. Two makes: a puzzle ball meshed from its
// surface, its files written alongside the report, and a Gridfinity bin
// meshed on the grid, simplified and its creases made sharp.
func TestStopsPromptly(t *testing.T) {
	if testing.Short() {
		t.Skip("makes each model 11 to 21 times")
	}
	for _, c := range []struct {
		words   string
		moments int
	}{{"鬼工球 30层 直径130毫米", 20}, {"gridfinity 2x2x4 磁铁孔 3格 标签", 10}} {
		words := c.words
		u, err := Understand(words)
		if err != nil {
			t.Fatal(err)
		}
		t0 := time.Now()
		if _, err := Make(t.Context(), u, MakeOptions{Dir: filepath.Join(t.TempDir(), "out")}); err != nil {
			t.Fatal(err)
		}
		whole := time.Since(t0)
		for i := 1; i <= c.moments; i++ {
			at := whole * time.Duration(i) / time.Duration(c.moments+1)
			took, err := stopAt(t, u, at)
			if took > stopWithin && err == nil {
				took, err = stopAt(t, u, at)
			}
			if err != nil {
				t.Fatalf("%s stopped %v in: %v", words, at, err)
			}
			if took > stopWithin {
				t.Errorf("%s stopped %v in (of %v): took %v, want at most %v", words, at, whole, took, stopWithin)
			}
		}
	}
}

// stopAt makes u, stops it at the moment given, and returns how long the stop
// took; an error when the make did not end with the stop's error or left
// something behind. A make that ended before the stop is fine.
func stopAt(t *testing.T, u *Understanding, at time.Duration) (time.Duration, error) {
	dir := filepath.Join(t.TempDir(), "out")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := Make(ctx, u, MakeOptions{Dir: dir})
		done <- err
	}()
	var err error
	select {
	case err = <-done:
		return 0, nil // finished first
	case <-time.After(at):
	}
	stopped := time.Now()
	cancel()
	err = <-done
	took := time.Since(stopped)
	if err == nil {
		return took, nil // finished as it was stopped
	}
	if !errors.Is(err, context.Canceled) {
		return took, err
	}
	if _, serr := os.Stat(dir); !os.IsNotExist(serr) {
		entries, _ := os.ReadDir(dir)
		return took, errors.New("the folder is still there, with " + names(entries))
	}
	return took, nil
}

func names(entries []os.DirEntry) string {
	s := ""
	for _, e := range entries {
		s += e.Name() + " "
	}
	return s
}
