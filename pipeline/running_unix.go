//go:build unix

package pipeline

import (
	"errors"
	"syscall"
)

// running reports whether a process with the id runs: signal 0 checks without
// sending. A process of another user is running too.
func running(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
