package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func names(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var ns []string
	for _, e := range es {
		ns = append(ns, e.Name())
	}
	return ns
}

func TestWriteFileSuccess(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "model.stl")
	big := strings.Repeat("yanchu ", 400_000) // more than the 1 MiB buffer
	err := WriteFile(path, func(w io.Writer) error {
		_, err := io.WriteString(w, big)
		return err
	})
	if err != nil {
		t.Fatalf("WriteFile: %v", err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != big {
		t.Errorf("got %d bytes, want %d", len(got), len(big))
	}
	if ns := names(t, dir); len(ns) != 1 || ns[0] != "model.stl" {
		t.Errorf("directory holds %q, want only model.stl", ns)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", st.Mode().Perm())
	}
}

func TestWriteFileReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.obj")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "new" {
		t.Errorf("got %q, want %q", got, "new")
	}
	if ns := names(t, dir); len(ns) != 1 {
		t.Errorf("directory holds %q, want only a.obj", ns)
	}
}

func TestWriteFileWriterErrorLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "model.stl")
	boom := errors.New("boom")
	err := WriteFile(path, func(w io.Writer) error {
		if _, err := io.WriteString(w, strings.Repeat("x", 3<<20)); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("got error %v, want %v", err, boom)
	}
	if ns := names(t, dir); len(ns) != 0 {
		t.Errorf("directory holds %q, want nothing", ns)
	}
}

func TestWriteFileFailureKeepsExisting(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "model.stl")
	if err := os.WriteFile(path, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := WriteFile(path, func(w io.Writer) error {
		io.WriteString(w, "half a fi")
		return errors.New("interrupted")
	})
	if err == nil {
		t.Fatal("WriteFile succeeded, want an error")
	}
	if got, _ := os.ReadFile(path); string(got) != "precious" {
		t.Errorf("existing file holds %q, want %q", got, "precious")
	}
	if ns := names(t, dir); len(ns) != 1 || ns[0] != "model.stl" {
		t.Errorf("directory holds %q, want only model.stl", ns)
	}
}

func TestWriteFilePanicLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "model.stl")
	func() {
		defer func() {
			if r := recover(); r != "kaput" {
				t.Errorf("recovered %v, want the writer's panic", r)
			}
		}()
		WriteFile(path, func(w io.Writer) error {
			io.WriteString(w, "some")
			panic("kaput")
		})
	}()
	if ns := names(t, dir); len(ns) != 0 {
		t.Errorf("directory holds %q, want nothing", ns)
	}
}

func TestWriteFileMissingDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "model.stl")
	called := false
	err := WriteFile(path, func(w io.Writer) error { called = true; return nil })
	if err == nil || !strings.HasPrefix(err.Error(), "atomicfile: ") {
		t.Errorf("got error %v, want an atomicfile error", err)
	}
	if called {
		t.Error("write was called although no temporary file could be made")
	}
}
