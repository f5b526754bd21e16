//go:build !unix

package pipeline

// running says every process runs where yanchu cannot ask: stages are then
// never swept, only left.
func running(int) bool { return true }
