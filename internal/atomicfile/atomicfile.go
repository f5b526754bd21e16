// Package atomicfile writes files so that an interrupted or failed write leaves no half
// file behind: the bytes go to a temporary file in the same directory, which is synced
// and then renamed over the destination.
package atomicfile

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// bufferSize is the size of the buffer between write and the temporary file (1 MiB).
const bufferSize = 1 << 20

// WriteFile calls write with a buffered writer to a new temporary file in the directory
// of path, named "."+base+".tmp" followed by random digits, then flushes, syncs and
// closes it and renames it to path, replacing any file there. The file gets mode 0644.
//
// If write returns an error or panics, or any later step fails, the temporary file is
// removed, a file already at path is left untouched, and no file is created at path.
// The error of write is returned as it is; the others are wrapped with the step that
// failed. The directory itself is not synced, so the rename may be lost in a power cut.
func WriteFile(path string, write func(w io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp")
	if err != nil {
		return fmt.Errorf("atomicfile: creating a temporary file for %s: %w", path, err)
	}
	tmp := f.Name()
	closed, done := false, false
	defer func() {
		if done {
			return
		}
		if !closed {
			// The write already failed; the error of Close adds nothing to it.
			_ = f.Close()
		}
		_ = os.Remove(tmp)
	}()
	bw := bufio.NewWriterSize(f, bufferSize)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("atomicfile: writing %s: %w", tmp, err)
	}
	if err := f.Chmod(0o644); err != nil {
		return fmt.Errorf("atomicfile: setting the mode of %s: %w", tmp, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("atomicfile: syncing %s: %w", tmp, err)
	}
	closed = true
	if err := f.Close(); err != nil {
		return fmt.Errorf("atomicfile: closing %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("atomicfile: renaming %s to %s: %w", tmp, path, err)
	}
	done = true
	return nil
}
