package slicer

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// ErrNotInstalled is wrapped by the errors of Find and ProfilesDir when
// PrusaSlicer, or its vendor profiles, cannot be found.
var ErrNotInstalled = errors.New("slicer: PrusaSlicer is not installed")

// Environment variables that point yanchu at a PrusaSlicer installed elsewhere.
const (
	// EnvExecutable names the prusa-slicer executable to use.
	EnvExecutable = "YANCHU_PRUSA_SLICER"
	// EnvProfiles names the folder of vendor bundles (PrusaResearch.ini, ...).
	EnvProfiles = "YANCHU_PRUSA_PROFILES"
)

// SystemProfiles is where Debian's prusa-slicer package installs the vendor
// bundles.
const SystemProfiles = "/usr/share/PrusaSlicer/profiles"

// installHint ends the error when PrusaSlicer is missing.
const installHint = "install it with `sudo apt-get install prusa-slicer` (or set " + EnvExecutable +
	" to its executable); the other files are still written, only the G-code is missing"

// Find returns the path of the PrusaSlicer executable: the one $YANCHU_PRUSA_SLICER
// names when it is set, else prusa-slicer or PrusaSlicer on $PATH. When none is
// found the error wraps ErrNotInstalled and says how to install it.
func Find() (string, error) {
	if p := os.Getenv(EnvExecutable); p != "" {
		path, err := exec.LookPath(p)
		if err != nil {
			return "", fmt.Errorf("%w: %s=%s is not an executable (%v); %s", ErrNotInstalled, EnvExecutable, p, err, installHint)
		}
		return path, nil
	}
	for _, name := range []string{"prusa-slicer", "PrusaSlicer"} {
		if path, err := exec.LookPath(name); err == nil {
			return path, nil
		}
	}
	return "", fmt.Errorf("%w: neither prusa-slicer nor PrusaSlicer is on PATH; %s", ErrNotInstalled, installHint)
}

// ProfilesDir returns the folder of PrusaSlicer's installed vendor bundles: the one
// $YANCHU_PRUSA_PROFILES names when it is set; else share/PrusaSlicer/profiles
// next to the executable Find returns (../share/PrusaSlicer/profiles from its
// real location); else SystemProfiles. The bundles are read from there at run
// time; yanchu carries no copy. When none exists the error wraps ErrNotInstalled.
func ProfilesDir() (string, error) {
	if p := os.Getenv(EnvProfiles); p != "" {
		if !isDir(p) {
			return "", fmt.Errorf("%w: %s=%s is not a folder", ErrNotInstalled, EnvProfiles, p)
		}
		return p, nil
	}
	if exe, err := Find(); err == nil {
		if real, err := filepath.EvalSymlinks(exe); err == nil {
			exe = real
		}
		p := filepath.Join(filepath.Dir(exe), "..", "share", "PrusaSlicer", "profiles")
		if isDir(p) {
			return filepath.Clean(p), nil
		}
	}
	if isDir(SystemProfiles) {
		return SystemProfiles, nil
	}
	return "", fmt.Errorf("%w: no vendor profiles in %s or next to the executable; %s", ErrNotInstalled, SystemProfiles, installHint)
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}
