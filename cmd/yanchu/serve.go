package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"yanchu/badinput"
	"yanchu/server"
	"yanchu/server/web"
)

// shutdownGrace is how long serve waits for jobs and requests to end once told
// to stop.
const shutdownGrace = 10 * time.Second

// runServe is `yanchu serve`: the HTTP API and the page, until ctx ends.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve")
	addr := fs.String("addr", "127.0.0.1:8080", "host:port to listen on")
	workers := fs.Int("workers", 0, "jobs at once (0: 2)")
	dir := fs.String("dir", "", "folder for job files (default: the system's temporary folder)")
	words, err := parseFlags(fs, args)
	if err != nil {
		return fail(stdout, stderr, false, err)
	}
	if len(words) > 0 {
		return fail(stdout, stderr, false, badinput.New(badinput.BadRequest, "serve takes no words, got %q (see yanchu help)", words[0]))
	}
	if *workers < 0 {
		return fail(stdout, stderr, false, badinput.New(badinput.OutOfRange, "--workers must be 0 or more, got %d", *workers))
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	s := &server.Server{Dir: *dir, Workers: *workers, Assets: web.Assets, Logger: log}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fail(stdout, stderr, false, err)
	}
	hs := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	log.Info("yanchu serving", "url", "http://"+ln.Addr().String()+"/")

	var serveErr error
	select {
	case serveErr = <-served:
	case <-ctx.Done():
		log.Info("yanchu stopping", "grace", shutdownGrace)
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	// Close first: it ends the jobs, and with them the event streams that
	// Shutdown would otherwise wait for.
	if err := errors.Join(serveErr, s.Close(sctx), hs.Shutdown(sctx)); err != nil {
		return fail(stdout, stderr, false, err)
	}
	log.Info("yanchu stopped")
	return 0
}
