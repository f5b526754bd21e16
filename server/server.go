package server

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"sync"
	"time"

	"yanchu/pipeline"
)

// Defaults of the Server's limits, used where a field is zero.
const (
	DefaultWorkers    = 2
	DefaultQueue      = 16
	DefaultJobTimeout = 2 * time.Minute
	DefaultKeep       = 15 * time.Minute
	DefaultKeepJobs   = 100
	DefaultMaxBody    = 64 << 10
	DefaultMaxCells   = 500
)

// Server is yanchu's HTTP API and page. Its fields are its configuration; every
// zero value means the default named beside it. Set them before the first call
// of Handler and leave them alone after. A Server must not be copied once used.
type Server struct {
	// Dir is where job files are written: each server makes its own folder in
	// it, one folder per job below, and removes them on Close. "" means the
	// system's temporary folder.
	Dir string
	// Workers is how many jobs run at once (DefaultWorkers). Each job meshes on
	// every core; the files are the same bytes whatever the number of cores.
	Workers int
	// Queue is how many jobs may wait for a worker (DefaultQueue); a make
	// request beyond that is refused with busy (503).
	Queue int
	// JobTimeout is the longest a job may run, from when a worker takes it
	// (DefaultJobTimeout); past it the job ends with over_limit.
	JobTimeout time.Duration
	// Keep is how long a finished job's result and files stay (DefaultKeep);
	// KeepJobs is the most finished jobs kept (DefaultKeepJobs): past it the
	// oldest go first.
	Keep     time.Duration
	KeepJobs int
	// MaxBody is the largest request body in bytes (DefaultMaxBody), besides
	// the base64 of a make request's picture, which may add that of
	// pipeline.MaxImageBytes.
	MaxBody int64
	// MaxCells is the most cells along the longest side of the model that a
	// make request may ask for through its "cell" field (DefaultMaxCells).
	MaxCells int
	// MemoryMiB is the most memory (MiB) one job's estimate may need: a job
	// over it is refused with over_limit before any work, as is one whose
	// estimate is longer than JobTimeout. 0 means the command line's default
	// (pipeline.DefaultMemoryMiB) shared among the workers.
	MemoryMiB int
	// Assets is the page: index.html at its root, served at /, and its other
	// files under static/, served at /static/. nil serves a placeholder page.
	Assets fs.FS
	// Logger receives what the operator reads: jobs started and ended, and
	// failures with their details. nil means slog.Default().
	Logger *slog.Logger

	// makeFn replaces pipeline.Make in tests.
	makeFn func(context.Context, *pipeline.Understanding, pipeline.MakeOptions) (*pipeline.Result, error)

	once    sync.Once
	handler http.Handler
	log     *slog.Logger
	lim     limits
	queue   chan *job
	ctx     context.Context // every job's context derives from it
	stop    context.CancelCauseFunc
	workers sync.WaitGroup

	mu     sync.Mutex
	closed bool
	root   string          // this server's folder of job files, made on first use
	jobs   map[string]*job // by id: waiting, running and kept
	ended  []*job          // kept jobs, oldest first
}

// limits are the configuration with its defaults filled in.
type limits struct {
	workers, queue, keepJobs, maxCells int
	memoryMiB                          int
	jobTimeout, keep                   time.Duration
	maxBody                            int64
}

func orDefault[T int | int64 | time.Duration](v, def T) T {
	if v > 0 {
		return v
	}
	return def
}

// init fills in the defaults, starts the workers and declares the routes.
func (s *Server) init() {
	s.once.Do(func() {
		s.lim = limits{
			workers:    orDefault(s.Workers, DefaultWorkers),
			queue:      orDefault(s.Queue, DefaultQueue),
			keepJobs:   orDefault(s.KeepJobs, DefaultKeepJobs),
			maxCells:   orDefault(s.MaxCells, DefaultMaxCells),
			jobTimeout: orDefault(s.JobTimeout, DefaultJobTimeout),
			keep:       orDefault(s.Keep, DefaultKeep),
			maxBody:    orDefault(s.MaxBody, DefaultMaxBody),
		}
		s.lim.memoryMiB = orDefault(s.MemoryMiB, pipeline.DefaultMemoryMiB()/s.lim.workers)
		s.log = s.Logger
		if s.log == nil {
			s.log = slog.Default()
		}
		if s.makeFn == nil {
			s.makeFn = pipeline.Make
		}
		s.jobs = map[string]*job{}
		s.queue = make(chan *job, s.lim.queue)
		s.ctx, s.stop = context.WithCancelCause(context.Background())
		for range s.lim.workers {
			s.workers.Go(s.work)
		}
		s.handler = s.routes()
	})
}

// Handler returns the server's routes (see the package comment).
func (s *Server) Handler() http.Handler {
	s.init()
	return s.handler
}

// routes declares every route in one place. Each path also answers the methods
// it does not take with 405, and any other path with 404, both as JSON.
func (s *Server) routes() http.Handler {
	routes := []struct {
		method, path string
		h            http.HandlerFunc
	}{
		{"GET", "/{$}", s.page},
		{"GET", "/static/", s.static},
		{"GET", "/api/v1/domains", s.domains},
		{"GET", "/api/v1/printers", s.printers},
		{"GET", "/api/v1/explain", s.explain},
		{"POST", "/api/v1/make", s.makeModel},
		{"GET", "/api/v1/jobs/{id}/events", s.events},
		{"DELETE", "/api/v1/jobs/{id}", s.deleteJob},
		{"GET", "/api/v1/jobs/{id}/files/{name}", s.file},
	}
	mux := http.NewServeMux()
	var paths []string
	allowed := map[string][]string{}
	for _, rt := range routes {
		mux.HandleFunc(rt.method+" "+rt.path, rt.h)
		if _, ok := allowed[rt.path]; !ok {
			paths = append(paths, rt.path)
		}
		allowed[rt.path] = append(allowed[rt.path], rt.method)
		if rt.method == "GET" {
			allowed[rt.path] = append(allowed[rt.path], "HEAD")
		}
	}
	for _, p := range paths {
		mux.Handle(p, s.wrongMethod(allowed[p]))
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, notFound("nothing at %s; the API is under /api/v1/", r.URL.Path))
	})
	return headers(mux)
}

// headers sets what every answer carries.
func headers(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		h.ServeHTTP(w, r)
	})
}

func (s *Server) wrongMethod(methods []string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, &methodError{method: r.Method, path: r.URL.Path, allow: slices.Clone(methods)})
	}
}

// errShutdown is why jobs end when the server closes.
var errShutdown = cancelled("the server is shutting down; try again when it is back")

// Close stops the server: make requests are refused from now on, every waiting
// or running job is cancelled (its listeners get the cancelled event), and once
// the workers are done, or ctx is, every job file is removed. It returns ctx's
// error when the workers did not stop in time. Call it before, or alongside,
// http.Server.Shutdown, which waits for the event streams that Close ends.
func (s *Server) Close(ctx context.Context) error {
	s.init()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	var all []*job
	for _, j := range s.jobs {
		all = append(all, j)
	}
	s.mu.Unlock()

	s.stop(errShutdown)
	for _, j := range all {
		s.cancel(j, errShutdown)
	}
	// Jobs still in the queue were ended by cancel; drop them.
	for drained := false; !drained; {
		select {
		case <-s.queue:
		default:
			drained = true
		}
	}
	done := make(chan struct{})
	go func() {
		s.workers.Wait()
		close(done)
	}()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		err = ctx.Err()
	}

	s.mu.Lock()
	root := s.root
	for _, j := range s.ended {
		j.expire.Stop()
	}
	s.ended, s.jobs = nil, map[string]*job{}
	s.mu.Unlock()
	if root != "" {
		if rerr := os.RemoveAll(root); rerr != nil {
			err = errors.Join(err, rerr)
		}
	}
	if err != nil {
		s.log.Warn("server: close", "err", err)
		return err
	}
	s.log.Info("server: closed; job files removed", "dir", root)
	return nil
}

// rootLocked returns the server's folder of job files, making it on first use.
// s.mu is held.
func (s *Server) rootLocked() (string, error) {
	if s.root == "" {
		dir, err := os.MkdirTemp(s.Dir, "yanchu-jobs-")
		if err != nil {
			return "", err
		}
		s.root = dir
		s.log.Info("server: job files go to "+dir, "dir", dir)
	}
	return s.root, nil
}
