package server

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"yanchu/badinput"
	"yanchu/carve"
	"yanchu/catalog"
	"yanchu/pipeline"
)

// A job's states: waiting in the queue, running on a worker, or ended (with a
// result or an error, kept until it expires).
const (
	waiting = iota
	running
	ended
)

// job is one make request, from the queue to its last event.
type job struct {
	id        string
	u         *pipeline.Understanding
	opt       pipeline.MakeOptions // without Dir and Progress, which the worker sets
	gridLater bool                 // the worker checks the grid first (see Server.checkCell)
	film      *catalog.File        // a film sent with the words, decoded by the worker
	dir       string               // the job's own folder: the server's root and the id
	ctx       context.Context
	cancel    context.CancelCauseFunc
	done      chan struct{} // closed when the job ends; final and files are then set

	mu        sync.Mutex
	state     int
	last      *pipeline.Event // the latest progress, for listeners who come late
	estimate  *pipeline.Event // the estimate, likewise
	listeners map[*listener]struct{}
	final     []byte           // the last event, whole: "event: result\ndata: ...\n\n"
	files     map[string]*file // by name; a finished job's only
	expire    *time.Timer      // forgets the job when Keep has passed
}

// file is one file a job wrote.
type file struct {
	format, path string
}

// newID returns a fresh job id: 26 random base32 letters and digits.
func newID() string { return strings.ToLower(rand.Text()) }

// take moves a waiting job to state to, and reports whether it was waiting.
func (j *job) take(to int) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.state != waiting {
		return false
	}
	j.state = to
	return true
}

// progress passes e to every listener; it never waits for one.
func (j *job) progress(e pipeline.Event) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if e.Estimate != nil {
		j.estimate = &e
	} else {
		j.last = &e
	}
	for l := range j.listeners {
		l.push(e)
	}
}

// subscribe adds a listener, or returns nil when the job has ended or is
// ending: its last event is then read once done is closed.
func (j *job) subscribe() *listener {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.state == ended {
		return nil
	}
	l := &listener{wake: make(chan struct{}, 1)}
	if j.estimate != nil {
		l.push(*j.estimate)
	}
	if j.last != nil {
		l.push(*j.last)
	}
	j.listeners[l] = struct{}{}
	return l
}

// unsubscribe removes l and reports whether it was the last listener of a job
// that has not ended.
func (j *job) unsubscribe(l *listener) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	delete(j.listeners, l)
	return len(j.listeners) == 0 && j.state != ended
}

// finish ends the job with its last event and files. A kept job holds no
// picture or film: each may be up to pipeline.MaxImageBytes.
func (j *job) finish(final []byte, files map[string]*file) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.state, j.final, j.files = ended, final, files
	j.opt.Inputs, j.film = catalog.Inputs{}, nil
	close(j.done)
}

// fileNamed returns the job's file called name.
func (j *job) fileNamed(name string) (*file, []string, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	f, ok := j.files[name]
	var names []string
	for n := range j.files {
		names = append(names, n)
	}
	slices.Sort(names)
	return f, names, ok && j.state == ended
}

// maxPending is the most progress events a listener holds unsent.
const maxPending = 8

// listener is one event stream of a job. The job pushes progress without
// waiting; a listener that falls behind keeps only the latest event of each
// stage, so it skips intermediate progress but never the end, which it reads
// from the job itself.
type listener struct {
	mu      sync.Mutex
	pending []pipeline.Event
	wake    chan struct{} // holds one token when pending has news
}

func (l *listener) push(e pipeline.Event) {
	l.mu.Lock()
	if n := len(l.pending); n > 0 && l.pending[n-1].Stage == e.Stage {
		l.pending[n-1] = e
	} else {
		if n == maxPending {
			l.pending = slices.Delete(l.pending, 0, 1)
		}
		l.pending = append(l.pending, e)
	}
	l.mu.Unlock()
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// take returns the pending events and clears them.
func (l *listener) take() []pipeline.Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	p := l.pending
	l.pending = nil
	return p
}

// work runs jobs from the queue until the server closes.
func (s *Server) work() {
	for {
		select {
		case <-s.ctx.Done():
			return
		case j := <-s.queue:
			s.run(j)
		}
	}
}

// run makes one job, unless it was cancelled while it waited.
func (s *Server) run(j *job) {
	if !j.take(running) {
		return
	}
	ctx, cancel := context.WithTimeoutCause(j.ctx, s.lim.jobTimeout, badinput.New(badinput.OverLimit,
		"the job ran past this server's limit of %s; ask for a smaller model, a coarser cell or a preview", s.lim.jobTimeout))
	defer cancel()
	s.log.Info("job started", "job", j.id)
	t0 := time.Now()
	opt := j.opt
	opt.Dir, opt.Progress = j.dir, j.progress
	opt.Limits = pipeline.Limits{MemoryMiB: s.lim.memoryMiB, Time: s.lim.jobTimeout, Server: true}
	res, err := s.safeMake(ctx, j, opt)
	if err != nil && ctx.Err() != nil {
		// Whatever the pipeline said, the job was stopped: say why.
		err = context.Cause(ctx)
	}
	s.end(j, res, err, time.Since(t0))
}

// safeMake decodes the film sent with the job, if any, checks the job's grid
// when it was left to the worker, and runs the pipeline, turning a panic into
// an error so one job cannot take the server down.
func (s *Server) safeMake(ctx context.Context, j *job, opt pipeline.MakeOptions) (res *pipeline.Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, fmt.Errorf("server: the pipeline panicked: %v\n%s", p, debug.Stack())
		}
	}()
	u := j.u
	j.mu.Lock()
	film := j.film
	j.film = nil // decoded below: its bytes are no longer needed
	j.mu.Unlock()
	if film != nil {
		// The film is decoded and carved here, in the job's time.
		f, err := carve.Decode(ctx, film.Name, film.Data)
		if err != nil {
			return nil, err
		}
		opt.Inputs.Film = f
		if u, err = pipeline.WithInputs(ctx, u, opt.Inputs); err != nil {
			return nil, err
		}
	}
	if j.gridLater {
		if err := s.checkCell(ctx, u, opt.Cell, opt.Inputs); err != nil {
			return nil, err
		}
	}
	return s.makeFn(ctx, u, opt)
}

// end finishes a job with its result or error: a failed job's files are removed
// before its listeners hear of it, and a finished job is kept for Keep.
func (s *Server) end(j *job, res *pipeline.Result, err error, took time.Duration) {
	var final []byte
	var files map[string]*file
	if err == nil {
		var doc *resultDoc
		doc, files = s.resultOf(j, res)
		final, err = sse("result", doc)
	}
	if err != nil {
		files = nil
		if rerr := os.RemoveAll(j.dir); rerr != nil {
			s.log.Error("job: removing its files", "job", j.id, "err", rerr)
		}
		_, doc := statusOf(err)
		if final, err = sse("error", errorDoc{doc}); err != nil {
			final = []byte("event: error\ndata: {\"error\":{\"code\":\"internal\",\"message\":\"yanchu failed to encode the error\"}}\n\n")
		}
		switch doc.Code {
		case codeInternal:
			s.log.Error("job failed", "job", j.id, "ms", took.Milliseconds(), "err", err)
		default:
			s.log.Info("job ended", "job", j.id, "ms", took.Milliseconds(), "code", doc.Code, "message", doc.Message)
		}
	} else {
		s.log.Info("job done", "job", j.id, "ms", took.Milliseconds(), "files", len(files))
	}
	j.finish(final, files)
	s.keep(j)
}

// resultOf is the result document of a finished job, with every file's url,
// and the job's files by name. A file's path is its name: the server's folders
// are its own business.
func (s *Server) resultOf(j *job, res *pipeline.Result) (*resultDoc, map[string]*file) {
	doc := &resultDoc{Result: res, Files: []fileDoc{}}
	files := map[string]*file{}
	for _, f := range res.Files {
		name := filepath.Base(f.Path)
		files[name] = &file{format: f.Format, path: f.Path}
		f.Path = name
		doc.Files = append(doc.Files, fileDoc{File: f, URL: "/api/v1/jobs/" + j.id + "/files/" + name})
	}
	return doc, files
}

// resultDoc is the result document of `yanchu make --json`, its files with urls.
type resultDoc struct {
	*pipeline.Result
	Files []fileDoc `json:"files"`
}

type fileDoc struct {
	pipeline.File
	URL string `json:"url"`
}

// sse returns one server-sent event whose data is v as JSON.
func sse(event string, v any) ([]byte, error) {
	b, err := marshal(v)
	if err != nil {
		return nil, err
	}
	return fmt.Appendf(nil, "event: %s\ndata: %s\n\n", event, b), nil
}

// cancel stops j with cause: a waiting job ends at once, a running one when
// the pipeline sees its context end; an ended job is left as it is.
func (s *Server) cancel(j *job, cause error) {
	j.cancel(cause)
	if j.take(ended) {
		// The worker that takes it from the queue will skip it.
		s.end(j, nil, cause, 0)
	}
}

// keep keeps an ended job for Keep, and at most KeepJobs of them.
func (s *Server) keep(j *job) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.jobs[j.id] != j {
		return
	}
	j.mu.Lock()
	j.expire = time.AfterFunc(s.lim.keep, func() { s.forget(j) })
	j.mu.Unlock()
	s.ended = append(s.ended, j)
	for len(s.ended) > s.lim.keepJobs {
		old := s.ended[0]
		go s.forget(old)
		s.ended = s.ended[1:]
	}
}

// forget drops an ended job and removes its files.
func (s *Server) forget(j *job) {
	s.mu.Lock()
	if s.jobs[j.id] == j {
		delete(s.jobs, j.id)
	}
	if i := slices.Index(s.ended, j); i >= 0 {
		s.ended = slices.Delete(s.ended, i, i+1)
	}
	s.mu.Unlock()
	j.mu.Lock()
	if j.expire != nil {
		j.expire.Stop()
	}
	j.mu.Unlock()
	if err := os.RemoveAll(j.dir); err != nil {
		s.log.Error("job: removing its files", "job", j.id, "err", err)
		return
	}
	s.log.Debug("job forgotten", "job", j.id)
}

// lookup returns the job with id.
func (s *Server) lookup(id string) (*job, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if j, ok := s.jobs[id]; ok {
		return j, nil
	}
	return nil, notFound("no job %q: it never was, or it ended more than %s ago", id, s.lim.keep)
}

// enqueue queues j, or says why not.
func (s *Server) enqueue(j *job) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errClosing
	}
	root, err := s.rootLocked()
	if err != nil {
		return fmt.Errorf("server: the folder for job files: %w", err)
	}
	j.dir = filepath.Join(root, j.id)
	select {
	case s.queue <- j:
		s.jobs[j.id] = j
		return nil
	default:
		return busy("the server is busy: %d jobs running and %d waiting; try again in a few seconds", s.lim.workers, s.lim.queue)
	}
}

// errClosing refuses make requests once Close has begun.
var errClosing = busy("the server is shutting down; try again when it is back")
