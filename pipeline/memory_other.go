//go:build !linux

package pipeline

// machineMiB returns 0: the memory is read on Linux only.
func machineMiB() int { return 0 }
