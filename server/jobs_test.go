package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "yanchu/catalog/all"
	"yanchu/pipeline"
)

// blockingMake stands in for the pipeline: it writes a file in the job's
// folder, says which job started, and waits for the job's context to end.
func blockingMake(started chan<- string) func(context.Context, *pipeline.Understanding, pipeline.MakeOptions) (*pipeline.Result, error) {
	return func(ctx context.Context, u *pipeline.Understanding, opt pipeline.MakeOptions) (*pipeline.Result, error) {
		if err := os.MkdirAll(opt.Dir, 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(opt.Dir, "model.stl"), []byte("half"), 0o644); err != nil {
			return nil, err
		}
		opt.Progress(pipeline.Event{Stage: "mesh", Done: 1, Total: 10})
		started <- filepath.Base(opt.Dir)
		<-ctx.Done()
		return nil, fmt.Errorf("pipeline: %w", ctx.Err())
	}
}

func waitStarted(t testing.TB, started <-chan string, id string) {
	t.Helper()
	select {
	case got := <-started:
		if got != id {
			t.Fatalf("job %s started, want %s", got, id)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("job %s did not start", id)
	}
}

const small = `{"words": "spur gear 12 teeth module 1"}`

// A full queue refuses more work with busy and Retry-After; a job cancelled
// while it waits ends at once and never runs.
func TestBusyAndDeleteWaiting(t *testing.T) {
	started := make(chan string, 4)
	s, ts := start(t, &Server{Workers: 1, Queue: 1, makeFn: blockingMake(started)})
	first := makeJob(t, ts, small)
	waitStarted(t, started, first)
	second := makeJob(t, ts, small)
	a := do(t, "POST", ts.URL+"/api/v1/make", small)
	if a.status != http.StatusServiceUnavailable || a.code() != "busy" || a.header.Get("Retry-After") == "" {
		t.Fatalf("third job: %d %s, Retry-After %q; want 503 busy", a.status, a.code(), a.header.Get("Retry-After"))
	}
	if a := do(t, "DELETE", ts.URL+"/api/v1/jobs/"+second, ""); a.status != http.StatusNoContent {
		t.Fatalf("DELETE: status %d", a.status)
	}
	if code, msg := errorOf(t, listen(t, ts, second)[0]); code != "cancelled" || !strings.Contains(msg, "DELETE") {
		t.Errorf("the deleted waiting job: %s %q", code, msg)
	}
	if a := do(t, "DELETE", ts.URL+"/api/v1/jobs/"+first, ""); a.status != http.StatusNoContent {
		t.Fatalf("DELETE: status %d", a.status)
	}
	evs := listen(t, ts, first)
	if code, _ := errorOf(t, evs[len(evs)-1]); code != "cancelled" {
		t.Errorf("the deleted running job: %s", code)
	}
	// The worker is free again, and skips the job deleted from the queue. The
	// deleted job keeps its place in the queue until the worker takes it out, a
	// moment after the first job's last event: until then the queue is full.
	var third string
	for deadline := time.Now().Add(5 * time.Second); ; {
		a := do(t, "POST", ts.URL+"/api/v1/make", small)
		if a.status == http.StatusAccepted {
			third, _ = a.doc["job"].(string)
			break
		}
		if a.code() != "busy" || time.Now().After(deadline) {
			t.Fatalf("third job: %d %s, want 202 once the worker took the deleted job out", a.status, a.body)
		}
		time.Sleep(10 * time.Millisecond)
	}
	waitStarted(t, started, third)
	select {
	case id := <-started:
		t.Errorf("job %s ran", id)
	default:
	}
	gone(t, jobDir(s, second))
}

// DELETE cancels a running job: its listener hears cancelled and its files go.
func TestDeleteRunning(t *testing.T) {
	started := make(chan string, 1)
	s, ts := start(t, &Server{makeFn: blockingMake(started)})
	id := makeJob(t, ts, small)
	waitStarted(t, started, id)
	if _, err := os.Stat(filepath.Join(jobDir(s, id), "model.stl")); err != nil {
		t.Fatalf("the job wrote nothing: %v", err)
	}
	evs := make(chan []event)
	go func() { evs <- listen(t, ts, id) }()
	time.Sleep(50 * time.Millisecond) // the listener is in
	if a := do(t, "DELETE", ts.URL+"/api/v1/jobs/"+id, ""); a.status != http.StatusNoContent {
		t.Fatalf("DELETE: status %d", a.status)
	}
	got := <-evs
	if got[0].name != "progress" {
		t.Errorf("the first event is %s, want the progress so far", got[0].name)
	}
	if code, _ := errorOf(t, got[len(got)-1]); code != "cancelled" {
		t.Errorf("got %s, want cancelled", code)
	}
	gone(t, jobDir(s, id))
	// DELETE of an ended job changes nothing.
	if a := do(t, "DELETE", ts.URL+"/api/v1/jobs/"+id, ""); a.status != http.StatusNoContent {
		t.Errorf("second DELETE: status %d", a.status)
	}
	if code, _ := errorOf(t, listen(t, ts, id)[0]); code != "cancelled" {
		t.Errorf("after a second DELETE: %s", code)
	}
}

// When the only listener goes away, the job is cancelled and its files go.
// This runs the real pipeline on a model that takes seconds.
func TestListenerGone(t *testing.T) {
	s, ts := start(t, &Server{})
	id := makeJob(t, ts, `{"words": "鬼工球 8层 直径80毫米", "formats": ["3mf", "stl"]}`)
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, "GET", ts.URL+"/api/v1/jobs/"+id+"/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	evs := readEvents(t, resp.Body, func(e event) bool { return e.name == "estimate" })
	cancel()
	resp.Body.Close()
	if len(evs) != 2 || evs[0].name != "estimate" || evs[1].name != "progress" {
		t.Fatalf("got %d events (%v) before leaving, want the estimate and one progress", len(evs), evs)
	}
	j, err := s.lookup(id)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	select {
	case <-j.done:
	case <-time.After(60 * time.Second):
		t.Fatal("the job did not stop when its listener left")
	}
	t.Logf("the pipeline stopped %v after the listener left", time.Since(t0).Round(time.Millisecond))
	if code, msg := errorOf(t, listen(t, ts, id)[0]); code != "cancelled" || !strings.Contains(msg, "listener") {
		t.Errorf("got %s %q, want cancelled", code, msg)
	}
	gone(t, jobDir(s, id))
}

// A job past its time ends with over_limit, its files gone. The real pipeline
// stops when its context ends.
func TestJobTimeout(t *testing.T) {
	s, ts := start(t, &Server{JobTimeout: 20 * time.Millisecond})
	id := makeJob(t, ts, `{"words": "鬼工球 8层 直径80毫米"}`)
	evs := listen(t, ts, id)
	if code, msg := errorOf(t, evs[len(evs)-1]); code != "over_limit" || !strings.Contains(msg, "20ms") {
		t.Errorf("got %s %q, want over_limit naming the limit", code, msg)
	}
	gone(t, jobDir(s, id))
}

// A listener that never reads does not hold the job up: it keeps the latest
// progress of each stage, at most maxPending events, and the end comes from the
// job itself.
func TestSlowListener(t *testing.T) {
	const n = 200_000
	hold := make(chan struct{})
	s, ts := start(t, &Server{makeFn: func(ctx context.Context, u *pipeline.Understanding, opt pipeline.MakeOptions) (*pipeline.Result, error) {
		<-hold // the listener below is in before any progress
		for i := range n {
			opt.Progress(pipeline.Event{Stage: "mesh", Done: i + 1, Total: n})
		}
		opt.Progress(pipeline.Event{Stage: "write", Done: 0, Total: 1})
		return &pipeline.Result{Query: u.Words, Canonical: u.Canonical}, nil
	}})
	id := makeJob(t, ts, small)
	j, err := s.lookup(id)
	if err != nil {
		t.Fatal(err)
	}
	l := j.subscribe() // never reads
	close(hold)
	select {
	case <-j.done:
	case <-time.After(30 * time.Second):
		t.Fatal("a listener that does not read held the job up")
	}
	p := l.take()
	if len(p) != 2 || p[0] != (pipeline.Event{Stage: "mesh", Done: n, Total: n}) || p[1].Stage != "write" {
		t.Errorf("the idle listener holds %v, want the last mesh and write events", p)
	}
	r := resultOf(t, listen(t, ts, id)[0])
	if r.Query != "spur gear 12 teeth module 1" || len(r.Files) != 0 {
		t.Errorf("result %+v", r)
	}
}

// Close cancels running jobs, ends their streams, removes every job file and
// refuses new work.
func TestClose(t *testing.T) {
	started := make(chan string, 1)
	s := &Server{makeFn: blockingMake(started), Dir: t.TempDir(), Logger: slog.New(slog.DiscardHandler)}
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	id := makeJob(t, ts, small)
	waitStarted(t, started, id)
	evs := make(chan []event)
	go func() { evs <- listen(t, ts, id) }()
	time.Sleep(50 * time.Millisecond)
	root := filepath.Dir(jobDir(s, id))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
	got := <-evs
	if code, msg := errorOf(t, got[len(got)-1]); code != "cancelled" || !strings.Contains(msg, "shutting down") {
		t.Errorf("got %s %q, want cancelled", code, msg)
	}
	gone(t, root)
	if a := do(t, "POST", ts.URL+"/api/v1/make", small); a.status != http.StatusServiceUnavailable || a.code() != "busy" {
		t.Errorf("make after Close: %d %s, want 503 busy", a.status, a.code())
	}
	if err := s.Close(ctx); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// Finished jobs are forgotten after Keep, and beyond KeepJobs, files and all.
func TestKeep(t *testing.T) {
	done := func(ctx context.Context, u *pipeline.Understanding, opt pipeline.MakeOptions) (*pipeline.Result, error) {
		if err := os.MkdirAll(opt.Dir, 0o755); err != nil {
			return nil, err
		}
		path := filepath.Join(opt.Dir, "model.stl")
		if err := os.WriteFile(path, []byte("solid"), 0o644); err != nil {
			return nil, err
		}
		return &pipeline.Result{Files: []pipeline.File{{Format: "stl", Path: path, Bytes: 5}}}, nil
	}
	t.Run("time", func(t *testing.T) {
		s, ts := start(t, &Server{Keep: 100 * time.Millisecond, makeFn: done})
		id := makeJob(t, ts, small)
		resultOf(t, listen(t, ts, id)[0])
		if a := do(t, "GET", ts.URL+"/api/v1/jobs/"+id+"/files/model.stl", ""); a.status != http.StatusOK || string(a.body) != "solid" {
			t.Fatalf("the file before Keep: %d %q", a.status, a.body)
		}
		deadline := time.Now().Add(10 * time.Second)
		for {
			if _, err := s.lookup(id); err != nil {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the job is still kept")
			}
			time.Sleep(20 * time.Millisecond)
		}
		if a := do(t, "GET", ts.URL+"/api/v1/jobs/"+id+"/events", ""); a.status != http.StatusNotFound {
			t.Errorf("events after Keep: status %d", a.status)
		}
		gone(t, jobDir(s, id))
	})
	t.Run("count", func(t *testing.T) {
		s, ts := start(t, &Server{KeepJobs: 2, makeFn: done})
		var ids []string
		for range 3 {
			id := makeJob(t, ts, small)
			resultOf(t, listen(t, ts, id)[0])
			ids = append(ids, id)
		}
		deadline := time.Now().Add(10 * time.Second)
		for {
			if _, err := s.lookup(ids[0]); err != nil {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the oldest job is still kept")
			}
			time.Sleep(20 * time.Millisecond)
		}
		for _, id := range ids[1:] {
			if _, err := s.lookup(id); err != nil {
				t.Errorf("job %s was forgotten: %v", id, err)
			}
		}
		time.Sleep(20 * time.Millisecond)
		gone(t, jobDir(s, ids[0]))
	})
}

// Every listener hears the job; one leaving does not cancel it while another
// stays.
func TestTwoListeners(t *testing.T) {
	release := make(chan struct{})
	s, ts := start(t, &Server{makeFn: func(ctx context.Context, u *pipeline.Understanding, opt pipeline.MakeOptions) (*pipeline.Result, error) {
		opt.Progress(pipeline.Event{Stage: "mesh", Done: 1, Total: 2})
		select {
		case <-release:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		opt.Progress(pipeline.Event{Stage: "mesh", Done: 2, Total: 2})
		return &pipeline.Result{Query: u.Words}, nil
	}})
	id := makeJob(t, ts, small)
	j, err := s.lookup(id)
	if err != nil {
		t.Fatal(err)
	}
	listeners := func() int {
		j.mu.Lock()
		defer j.mu.Unlock()
		return len(j.listeners)
	}
	waitFor := func(n int) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); listeners() != n; time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%d listeners, want %d", listeners(), n)
			}
		}
	}
	stays := make(chan []event)
	go func() { stays <- listen(t, ts, id) }()
	waitFor(1)

	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, "GET", ts.URL+"/api/v1/jobs/"+id+"/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if evs := readEvents(t, resp.Body, func(event) bool { return false }); len(evs) != 1 || evs[0].name != "progress" {
		t.Errorf("the second listener heard %v first, want the progress so far", evs)
	}
	waitFor(2)
	cancel()
	resp.Body.Close()
	waitFor(1)
	if err := j.ctx.Err(); err != nil {
		t.Fatalf("the job was cancelled while a listener stayed: %v", context.Cause(j.ctx))
	}
	close(release)
	evs := <-stays
	resultOf(t, evs[len(evs)-1])
}

// A job whose estimate needs more memory than the server allows a job ends
// with over_limit before any meshing, saying so without the command line's
// flags, after its estimate event.
func TestJobOverMemory(t *testing.T) {
	s, ts := start(t, &Server{MemoryMiB: 70})
	id := makeJob(t, ts, `{"words": "鬼工球 8层 直径80毫米"}`)
	evs := listen(t, ts, id)
	code, msg := errorOf(t, evs[len(evs)-1])
	if code != "over_limit" || !strings.Contains(msg, "more than the 70 MB this server allows a job") || strings.Contains(msg, "--") {
		t.Errorf("got %s %q, want over_limit naming the server's limit", code, msg)
	}
	if len(evs) != 1 {
		t.Errorf("events %v before the refusal", evs)
	}
	gone(t, jobDir(s, id))
}
