// Package examples reads the shared example files (../shared/examples beside the
// repository) for the tests that check yanchu against them.
package examples

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"yanchu/internal/needtool"
)

// Rows returns the tab-separated rows of the named example file, comments and blank
// lines left out. dir is the repository root relative to the calling test's
// package. A missing file fails the test under CI and skips it elsewhere
// (needtool.Skip).
func Rows(t testing.TB, dir, name string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "..", "shared", "examples", name))
	if errors.Is(err, os.ErrNotExist) {
		needtool.Skip(t, "examples: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		rows = append(rows, strings.Split(line, "\t"))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// Image returns the bytes of the named picture in the examples' images folder,
// under the same rule as Rows for a missing file.
func Image(t testing.TB, dir, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "..", "shared", "examples", "images", name))
	if errors.Is(err, os.ErrNotExist) {
		needtool.Skip(t, "examples: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Words expands the placeholders of the bad-prompts file: <EMPTY> is the empty
// string and <REPEAT:S:N> is S repeated N times. Anything else is returned as is.
func Words(w string) string {
	if w == "<EMPTY>" {
		return ""
	}
	if strings.HasPrefix(w, "<REPEAT:") && strings.HasSuffix(w, ">") {
		body := strings.TrimSuffix(strings.TrimPrefix(w, "<REPEAT:"), ">")
		i := strings.LastIndex(body, ":")
		if i < 0 {
			return w
		}
		n, err := strconv.Atoi(body[i+1:])
		if err != nil || n < 0 {
			return w
		}
		return strings.Repeat(body[:i], n)
	}
	return w
}
