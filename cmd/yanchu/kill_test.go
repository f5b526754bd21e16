package main

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"yanchu/encoding/stl"
	"yanchu/encoding/threemf"
	"yanchu/mesh"
)

// TestMain lets the test binary run as yanchu itself, for the tests that kill
// it: with YANCHU_MAIN set it runs main with the arguments after "--".
func TestMain(m *testing.M) {
	if os.Getenv("YANCHU_MAIN") != "" {
		for i, a := range os.Args {
			if a == "--" {
				os.Args = append(os.Args[:1], os.Args[i+1:]...)
				break
			}
		}
		main()
	}
	os.Exit(m.Run())
}

// yanchu returns the command that runs yanchu with args in dir.
func yanchu(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^$", "--"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "YANCHU_MAIN=1")
	return cmd
}

// Killed at any moment of a make, 20 times in a row at random moments into the
// same folder, yanchu leaves no file under a final name that is not whole:
// every model.3mf and model.stl there reads back closed, and design.txt holds
// the design. Run once more to the end, it leaves no stage and no temporary
// file behind.
func TestKilledLeavesNoPartialFile(t *testing.T) {
	if testing.Short() {
		t.Skip("runs make 22 times")
	}
	dir := t.TempDir()
	args := []string{"make", "鬼工球 8层 直径80毫米", "--formats", "3mf,stl"}
	t0 := time.Now()
	if out, err := yanchu(dir, args...).CombinedOutput(); err != nil {
		t.Fatalf("make: %v\n%s", err, out)
	}
	whole := time.Since(t0)
	folder := filepath.Join(dir, "out", "puzzleball-8layers-80mm")
	design, err := os.ReadFile(filepath.Join(folder, "design.txt"))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 11))
	for i := range 20 {
		cmd := yanchu(dir, args...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		at := time.Duration(rng.Int64N(int64(whole)))
		time.Sleep(at)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		checkWhole(t, folder, design, i, at)
	}
	if out, err := yanchu(dir, args...).CombinedOutput(); err != nil {
		t.Fatalf("make after the kills: %v\n%s", err, out)
	}
	entries, err := os.ReadDir(folder)
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			left = append(left, e.Name())
		}
	}
	if len(left) > 0 {
		t.Errorf("after a make to the end, left behind: %v", left)
	}
	checkWhole(t, folder, design, 20, 0)
}

// checkWhole checks that every file under a final name in folder is whole.
func checkWhole(t *testing.T, folder string, design []byte, i int, at time.Duration) {
	t.Helper()
	if b, err := os.ReadFile(filepath.Join(folder, "design.txt")); err == nil && !bytes.Equal(b, design) {
		t.Errorf("kill %d at %v: design.txt holds %q", i, at, b)
	}
	for _, name := range []string{"model.3mf", "model.stl"} {
		path := filepath.Join(folder, name)
		f, err := os.Open(path)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		st, _ := f.Stat()
		var m *mesh.Mesh
		if name == "model.3mf" {
			m, err = threemf.Decode(f, st.Size())
		} else {
			m, err = stl.Decode(f, stl.DecodeOptions{})
		}
		f.Close()
		if err == nil {
			err = mesh.Analyze(m).Err()
		}
		if err != nil {
			t.Errorf("kill %d at %v: %s is not whole: %v", i, at, name, err)
		}
	}
}
