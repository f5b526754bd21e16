package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a buffer that the server's goroutines may log to while the test
// reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serve runs `yanchu serve` on a free port until the returned stop is called,
// which returns its exit status.
func serve(t *testing.T, args ...string) (url string, stderr *syncBuffer, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	stderr = &syncBuffer{}
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), io.Discard, stderr)
	}()
	re := regexp.MustCompile(`url=(http://127\.0\.0\.1:\d+)/`)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if m := re.FindStringSubmatch(stderr.String()); m != nil {
			url = m[1]
			break
		}
		select {
		case c := <-code:
			t.Fatalf("serve ended with %d before listening:\n%s", c, stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve did not log its url:\n%s", stderr.String())
		}
	}
	return url, stderr, func() int {
		cancel()
		select {
		case c := <-code:
			return c
		case <-time.After(30 * time.Second):
			t.Fatalf("serve did not stop:\n%s", stderr.String())
			return -1
		}
	}
}

// serve listens, answers, makes a model, and on its context's end stops,
// removing its job files.
func TestServe(t *testing.T) {
	dir := t.TempDir()
	url, stderr, stop := serve(t, "--dir", dir, "--workers", "1")

	for _, path := range []string{"/", "/static/app.js"} {
		resp, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("%s: status %d, want the page", path, resp.StatusCode)
		}
	}

	resp, err := http.Get(url + "/api/v1/domains")
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 || !bytes.Contains(b, []byte(`"puzzleball"`)) {
		t.Fatalf("domains: %d %v %.100s", resp.StatusCode, err, b)
	}

	resp, err = http.Post(url+"/api/v1/make", "application/json", strings.NewReader(`{"words": "spur gear 12 teeth module 1", "preview": true}`))
	if err != nil {
		t.Fatal(err)
	}
	var ans struct{ Job, Events string }
	err = json.NewDecoder(resp.Body).Decode(&ans)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusAccepted {
		t.Fatalf("make: %d %v", resp.StatusCode, err)
	}
	resp, err = http.Get(url + ans.Events)
	if err != nil {
		t.Fatal(err)
	}
	var last string
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 8<<20)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
			last = v
		}
	}
	resp.Body.Close()
	if last != "result" {
		t.Fatalf("the last event is %q, want result", last)
	}
	if entries, err := os.ReadDir(dir); err != nil || len(entries) != 1 {
		t.Errorf("job files: %v %v, want the server's one folder", entries, err)
	}

	if code := stop(); code != 0 {
		t.Fatalf("serve ended with %d, want 0:\n%s", code, stderr.String())
	}
	if entries, err := os.ReadDir(dir); err != nil || len(entries) != 0 {
		t.Errorf("after stopping, %s holds %v (%v)", dir, entries, err)
	}
	for _, want := range []string{"yanchu serving", "job done", "yanchu stopped"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("the log lacks %q:\n%s", want, stderr.String())
		}
	}
}

func TestServeBadFlags(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
		code int
	}{
		{"unknown flag", []string{"serve", "--port", "80"}, 2},
		{"words", []string{"serve", "gear"}, 2},
		{"negative workers", []string{"serve", "--workers", "-1"}, 2},
		{"bad address", []string{"serve", "--addr", "127.0.0.1:notaport"}, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			var errb bytes.Buffer
			if got := run(t.Context(), c.args, io.Discard, &errb); got != c.code {
				t.Errorf("exit %d, want %d: %s", got, c.code, errb.String())
			}
		})
	}
}
