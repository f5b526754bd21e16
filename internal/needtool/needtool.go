// Package needtool is for tests that need a tool from outside Go, such as
// PrusaSlicer, or a file from outside the repository. Where it is missing the
// test is skipped, except under CI, which installs every such tool: there a
// missing one fails the test, so no skip can hide it.
package needtool

import (
	"fmt"
	"os"
	"testing"
)

// CI reports whether the tests run under CI: the CI variable set to anything
// but "", "0" or "false" (CI services set it to "true"; .ci/run does too). It is
// the one rule every test follows.
func CI() bool {
	switch os.Getenv("CI") {
	case "", "0", "false":
		return false
	}
	return true
}

// Skip skips t with the message, or fails it under CI.
func Skip(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if CI() {
		t.Fatalf("%s; CI installs it (.ci/run)", msg)
	}
	t.Skip(msg)
}
