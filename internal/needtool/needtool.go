// Package needtool is for tests that need a tool from outside Go, such as
// PrusaSlicer. Where the tool is missing the test is skipped, except under CI
// (CI set in the environment), which installs every such tool: there a missing
// tool fails the test, so no skip can hide it.
package needtool

import (
	"fmt"
	"os"
	"testing"
)

// Skip skips t with the message, or fails it under CI.
func Skip(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") != "" {
		t.Fatalf("%s; CI installs it (.ci/run)", msg)
	}
	t.Skip(msg)
}
