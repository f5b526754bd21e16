package slicer

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// fakeExecutable writes a shell script named name into dir and returns its path.
func fakeExecutable(t *testing.T, dir, name, script string) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the fake prusa-slicer is a shell script")
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestFind(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("PATH", dir)
	t.Setenv(EnvExecutable, "")
	_, err := Find()
	if !errors.Is(err, ErrNotInstalled) {
		t.Fatalf("Find with an empty PATH = %v, want ErrNotInstalled", err)
	}
	for _, want := range []string{"sudo apt-get install prusa-slicer", "the other files are still written", EnvExecutable} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}

	// The second name is found on PATH, and the variable wins over PATH.
	onPath := fakeExecutable(t, dir, "PrusaSlicer", "exit 0")
	if got, err := Find(); err != nil || got != onPath {
		t.Errorf("Find = %q, %v; want %q", got, err, onPath)
	}
	other := fakeExecutable(t, t.TempDir(), "my-slicer", "exit 0")
	t.Setenv(EnvExecutable, other)
	if got, err := Find(); err != nil || got != other {
		t.Errorf("Find with %s set = %q, %v; want %q", EnvExecutable, got, err, other)
	}
	t.Setenv(EnvExecutable, filepath.Join(dir, "missing"))
	if _, err := Find(); !errors.Is(err, ErrNotInstalled) || !strings.Contains(err.Error(), EnvExecutable) {
		t.Errorf("Find with a missing %s = %v, want ErrNotInstalled naming the variable", EnvExecutable, err)
	}
}

func TestProfilesDir(t *testing.T) {
	// An installation under a prefix: bin/prusa-slicer and share/PrusaSlicer/profiles.
	prefix := t.TempDir()
	profiles := filepath.Join(prefix, "share", "PrusaSlicer", "profiles")
	if err := os.MkdirAll(profiles, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(prefix, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	exe := fakeExecutable(t, filepath.Join(prefix, "bin"), "prusa-slicer", "exit 0")
	t.Setenv(EnvExecutable, exe)
	t.Setenv(EnvProfiles, "")
	if got, err := ProfilesDir(); err != nil || got != profiles {
		t.Errorf("ProfilesDir next to %s = %q, %v; want %q", exe, got, err, profiles)
	}

	other := t.TempDir()
	t.Setenv(EnvProfiles, other)
	if got, err := ProfilesDir(); err != nil || got != other {
		t.Errorf("ProfilesDir with %s set = %q, %v", EnvProfiles, got, err)
	}
	t.Setenv(EnvProfiles, exe)
	if _, err := ProfilesDir(); !errors.Is(err, ErrNotInstalled) || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("ProfilesDir with a file in %s = %v", EnvProfiles, err)
	}
}
