package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"yanchu/badinput"
)

// Codes the server adds to those of package badinput.
const (
	codeCancelled = "cancelled"
	codeInternal  = "internal"
)

// retryAfter is what a busy answer tells the client to wait (seconds).
const retryAfter = "5"

// methodError is a request with a method its path does not take.
type methodError struct {
	method, path string
	allow        []string
}

func (e *methodError) Error() string {
	return fmt.Sprintf("%s is not allowed on %s; use %s", e.method, e.path, strings.Join(e.allow, " or "))
}

// bodyTooLarge is a make request's body over the limits: limit bytes besides
// the picture, which adds at most encoded bytes of base64 for image bytes.
type bodyTooLarge struct {
	limit, image, encoded int64
}

func (e *bodyTooLarge) Error() string {
	return fmt.Sprintf("the request body is over the limit of %d bytes besides the picture, which may add at most %d MB (%d bytes of base64); send the words, printer and formats, and at most one picture",
		e.limit, e.image>>20, e.encoded)
}

func notFound(format string, args ...any) error {
	return badinput.New(badinput.NotFound, format, args...)
}

func busy(format string, args ...any) error {
	return badinput.New(badinput.Busy, format, args...)
}

func cancelled(msg string) error {
	return &badinput.Error{Code: codeCancelled, Message: msg}
}

// statusOf is the one mapping from errors to answers: the HTTP status and the
// error document. Anything not about the input is internal, with a message that
// shows nothing of the server; the log has the details.
func statusOf(err error) (int, *badinput.Error) {
	var mb *http.MaxBytesError
	var me *methodError
	var tl *bodyTooLarge
	switch {
	case errors.As(err, &tl):
		return http.StatusRequestEntityTooLarge, badinput.New(badinput.OverLimit, "%s", tl.Error())
	case errors.As(err, &mb):
		return http.StatusRequestEntityTooLarge, badinput.New(badinput.OverLimit,
			"the request body is over the limit of %d bytes; send the words, printer and formats only", mb.Limit)
	case errors.As(err, &me):
		return http.StatusMethodNotAllowed, badinput.New(badinput.BadRequest, "%s", me.Error())
	}
	e := badinput.As(err)
	if e == nil {
		return http.StatusInternalServerError, &badinput.Error{Code: codeInternal,
			Message: "yanchu failed on the server; the operator's log has the details"}
	}
	switch e.Code {
	case badinput.NotFound:
		return http.StatusNotFound, e
	case badinput.Busy:
		return http.StatusServiceUnavailable, e
	case codeCancelled:
		// Only ever sent as the last event of a job; a status is for completeness.
		return http.StatusConflict, e
	}
	return http.StatusBadRequest, e
}

// fail answers with the error document of err.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, doc := statusOf(err)
	switch status {
	case http.StatusServiceUnavailable:
		w.Header().Set("Retry-After", retryAfter)
	case http.StatusMethodNotAllowed:
		var me *methodError
		if errors.As(err, &me) {
			w.Header().Set("Allow", strings.Join(me.allow, ", "))
		}
	case http.StatusInternalServerError:
		s.log.Error("server: request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	s.writeJSON(w, status, errorDoc{doc})
}

// errorDoc is the JSON error document.
type errorDoc struct {
	Error *badinput.Error `json:"error"`
}

// writeJSON answers with v as JSON. An error writing it means the client has
// gone; it is logged for the operator at debug level.
func (s *Server) writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := marshal(v)
	if err != nil {
		s.log.Error("server: encoding an answer", "err", err)
		status, b = http.StatusInternalServerError, []byte(`{"error":{"code":"internal","message":"yanchu failed to encode its answer"}}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if _, err := w.Write(append(b, '\n')); err != nil {
		s.log.Debug("server: writing an answer", "err", err)
	}
}

// marshal encodes v as compact JSON on one line, leaving <, > and & as they are.
func marshal(v any) ([]byte, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return []byte(strings.TrimSuffix(b.String(), "\n")), nil
}
