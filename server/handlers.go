package server

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"yanchu/badinput"
	"yanchu/catalog"
	"yanchu/pipeline"
	"yanchu/printcheck"
	"yanchu/spec"
)

// defaultFormats are what a make request without formats gets.
var defaultFormats = []string{"3mf", "stl", "glb"}

// contentTypes are the media types of the files a job writes, by format.
var contentTypes = map[string]string{
	"3mf":   "model/3mf",
	"stl":   "model/stl",
	"glb":   "model/gltf-binary",
	"obj":   "model/obj",
	"gcode": "text/x-gcode",
	"png":   "image/png",
	"gif":   "image/gif",
	"apng":  "image/apng",
	"mp4":   "video/mp4",
}

// heartbeat is how often an idle event stream gets a comment, so proxies keep
// it open and a client that has gone is noticed.
const heartbeat = 15 * time.Second

// writeTimeout is the longest one write to an event stream may take.
const writeTimeout = 30 * time.Second

func (s *Server) domains(w http.ResponseWriter, r *http.Request) {
	s.writeJSON(w, http.StatusOK, map[string]any{"domains": catalog.Schemas()})
}

func (s *Server) printers(w http.ResponseWriter, r *http.Request) {
	s.writeJSON(w, http.StatusOK, map[string]any{"printers": printcheck.Printers()})
}

// explainDoc is what yanchu understood of the words.
type explainDoc struct {
	Query     string         `json:"query"`
	Canonical string         `json:"canonical"`
	Spec      *pipeline.Spec `json:"spec"`
	Schema    *spec.Schema   `json:"schema"`
	// Heard is what the words said besides the parameters (the printer they
	// named, what was set aside, the corrections), and Printer the id of the
	// printer the model is for, given or named; both absent when there is none.
	Heard   *spec.Heard `json:"heard,omitempty"`
	Printer string      `json:"printer,omitempty"`
}

func explainOf(u *pipeline.Understanding) *explainDoc {
	d := &explainDoc{Query: u.Words, Canonical: u.Canonical, Spec: pipeline.SpecDoc(u), Schema: u.Schema, Heard: pipeline.HeardDoc(u)}
	if u.Printer != nil {
		d.Printer = u.Printer.ID
	}
	return d
}

// understand reads words for the printer named (none when ""); the printer the
// model is for, given or named in the words, is then u.Printer.
func understand(words, printerName string) (*pipeline.Understanding, error) {
	var p *printcheck.Printer
	if printerName != "" {
		var err error
		if p, err = printcheck.Lookup(printerName); err != nil {
			return nil, err
		}
	}
	return pipeline.UnderstandFor(words, p)
}

func (s *Server) explain(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	u, err := understand(q.Get("words"), q.Get("printer"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, explainOf(u))
}

// makeRequest is the body of POST /api/v1/make.
type makeRequest struct {
	Words   string   `json:"words"`
	Printer string   `json:"printer"`
	Formats []string `json:"formats"`
	Preview bool     `json:"preview"`
	// Cell is the cell size (mm); 0 means the domain's own.
	Cell float64 `json:"cell"`
	// Spec, instead of words, gives the domain and parameter values directly,
	// as the result document's spec does (see specWords).
	Spec *specRequest `json:"spec"`
	// Image is the picture a domain such as lithophane is made from; nil for
	// none.
	Image *imageRequest `json:"image"`
	// Film is the turntable film a domain such as carved is carved from, in
	// the same form as a picture; nil for none.
	Film *imageRequest `json:"film"`
}

// imageRequest is a picture sent with a make request: its file name, for
// messages only, and its bytes in standard base64.
type imageRequest struct {
	Name string `json:"name"`
	Data string `json:"data"`
}

// imageAllowance is what a picture of pipeline.MaxImageBytes adds to a make
// request's body at most: its bytes in standard base64.
var imageAllowance = int64(base64.StdEncoding.EncodedLen(pipeline.MaxImageBytes))

// makeAnswer is the answer to a make request that was queued.
type makeAnswer struct {
	Job     string      `json:"job"`
	Events  string      `json:"events"`
	Explain *explainDoc `json:"explain"`
}

// makeModel understands the words, checks everything the request asks for, and
// queues the job: nothing is queued for a request that cannot be made.
func (s *Server) makeModel(w http.ResponseWriter, r *http.Request) {
	req, err := s.readMake(w, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	img, err := imageOf(req.Image)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	film, err := filmOf(req.Film)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	req.Image, req.Film = nil, nil // their base64 is no longer needed
	formats, err := formatsOf(req.Formats)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if req.Spec != nil {
		if req.Words != "" {
			s.fail(w, r, badinput.New(badinput.Conflict, "give words or a spec, not both"))
			return
		}
		if req.Words, err = specWords(req.Spec); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	u, err := understand(req.Words, req.Printer)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := catalog.Inputs{Image: img}
	if err := pipeline.InputsFit(u.Schema, img, film != nil); err != nil {
		s.fail(w, r, err)
		return
	}
	if !u.Schema.Film {
		// A film is decoded and carved by the worker, which is where the
		// work of a job is bounded; a picture's header is read here.
		if u, err = pipeline.WithInputs(r.Context(), u, in); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	gridLater, err := s.checkGrid(r.Context(), u, req, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	j := &job{
		id:        newID(),
		u:         u,
		opt:       pipeline.MakeOptions{Formats: formats, Printer: u.Printer, Preview: req.Preview, Cell: req.Cell, Inputs: in},
		film:      film,
		gridLater: gridLater,
		done:      make(chan struct{}),
		listeners: map[*listener]struct{}{},
	}
	j.ctx, j.cancel = context.WithCancelCause(s.ctx)
	if err := s.enqueue(j); err != nil {
		j.cancel(err)
		s.fail(w, r, err)
		return
	}
	s.log.Info("job queued", "job", j.id, "canonical", u.Canonical, "printer", printerID(u), "formats", formats, "preview", req.Preview, "cell", req.Cell, "image_bytes", imageBytes(img), "film_bytes", imageBytes(film))
	events := "/api/v1/jobs/" + j.id + "/events"
	w.Header().Set("Location", events)
	s.writeJSON(w, http.StatusAccepted, makeAnswer{Job: j.id, Events: events, Explain: explainOf(u)})
}

// readMake reads the body: one JSON object with no field that makeRequest
// lacks, of at most MaxBody bytes besides the base64 of a picture of at most
// pipeline.MaxImageBytes. A body declared or found larger than both together is
// refused before the rest of it is read.
func (s *Server) readMake(w http.ResponseWriter, r *http.Request) (*makeRequest, error) {
	limit := s.lim.maxBody + imageAllowance
	tooLarge := &bodyTooLarge{limit: s.lim.maxBody, image: pipeline.MaxImageBytes, encoded: imageAllowance}
	if r.ContentLength > limit {
		return nil, tooLarge
	}
	// A body that trickles in must not hold a handler for long.
	if err := http.NewResponseController(w).SetReadDeadline(time.Now().Add(30 * time.Second)); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return nil, fmt.Errorf("server: %w", err)
	}
	body := &countingReader{r: http.MaxBytesReader(w, r.Body, limit)}
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	var req makeRequest
	if err := dec.Decode(&req); err != nil {
		if mb := (*http.MaxBytesError)(nil); errors.As(err, &mb) {
			return nil, tooLarge
		}
		return nil, badinput.New(badinput.BadRequest,
			`the body must be one JSON object such as {"words": "spur gear 12 teeth module 1", "formats": ["3mf", "stl"]}: %v`, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		if mb := (*http.MaxBytesError)(nil); errors.As(err, &mb) {
			return nil, tooLarge
		}
		return nil, badinput.New(badinput.BadRequest, "the body must be one JSON object, with nothing after it")
	}
	rest := body.n
	if req.Image != nil {
		rest -= int64(len(req.Image.Data))
	}
	if req.Film != nil {
		rest -= int64(len(req.Film.Data))
	}
	if rest > s.lim.maxBody {
		return nil, tooLarge
	}
	return &req, nil
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// maxImageName is the longest picture name kept for messages (bytes).
const maxImageName = 200

// imageOf decodes the picture of a make request, or returns nil for none.
// Whether it is a PNG or JPEG within the limits of pixels is for the domain
// to judge; here its base64 and its size are checked.
func imageOf(ir *imageRequest) (*catalog.File, error) {
	return uploadOf(ir, "picture", badinput.BadImage, "give a PNG or JPEG file", "give a smaller PNG or JPEG")
}

// filmOf decodes the film of a make request, or returns nil for none: its
// base64 and its size (at most pipeline.MaxImageBytes, as a picture's) are
// checked here, what it holds by the worker that carves it.
func filmOf(fr *imageRequest) (*catalog.File, error) {
	return uploadOf(fr, "film", badinput.BadVideo, "send an MP4, GIF or animated PNG", "send a shorter or smaller film")
}

// uploadOf decodes a file sent in a make request, a picture or a film as
// kind says, or returns nil for none: its base64 is checked, with the error
// code bad, and its size, at most pipeline.MaxImageBytes. works says what
// would work in place of an empty one, smaller what in place of one too large.
func uploadOf(ir *imageRequest, kind, bad, works, smaller string) (*catalog.File, error) {
	if ir == nil {
		return nil, nil
	}
	name := imageName(ir.Name)
	if strings.HasPrefix(ir.Data, "data:") {
		return nil, badinput.New(bad, "the %s %s is a data: URL; send its base64 alone, the part after the comma", kind, name)
	}
	if ir.Data == "" {
		return nil, badinput.New(bad, "the %s %s is empty; %s", kind, name, works)
	}
	data, err := base64.StdEncoding.DecodeString(ir.Data)
	if err != nil {
		return nil, badinput.New(bad, "the %s %s is not standard base64 (%v); send the file's bytes in base64 with padding", kind, name, err)
	}
	if len(data) > pipeline.MaxImageBytes {
		return nil, badinput.New(badinput.OverLimit, "the %s %s is over the limit of %d MB; %s", kind, name, pipeline.MaxImageBytes>>20, smaller)
	}
	return &catalog.File{Name: name, Data: data}, nil
}

// imageName is a picture's name fit for messages: its last path element,
// without control characters, at most maxImageName bytes; "upload" when none.
func imageName(s string) string {
	s = s[strings.LastIndexAny(s, `/\`)+1:]
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
	for len(s) > maxImageName {
		_, n := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-n]
	}
	if s = strings.TrimSpace(s); s == "" {
		return "upload"
	}
	return s
}

func imageBytes(f *catalog.File) int {
	if f == nil {
		return 0
	}
	return len(f.Data)
}

// formatsOf checks the formats asked for, without repeats; none means the
// default ones.
func formatsOf(asked []string) ([]string, error) {
	if len(asked) == 0 {
		return defaultFormats, nil
	}
	known := append(append(slices.Clone(pipeline.Formats), "gcode"), pipeline.Pictures...)
	var out []string
	for _, f := range asked {
		f = strings.ToLower(strings.TrimSpace(f))
		if !slices.Contains(known, f) {
			return nil, badinput.New(badinput.BadRequest, "unknown format %q; use %s", f, strings.Join(known, ", "))
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out, nil
}

// checkGrid checks the cell of a make request, and the grid of the model it
// gives (checkCell). A preview picks its own coarse grid. The grid of a model
// made from a picture is known once the picture is read, which is the job's
// work: later reports that the worker checks it before meshing.
func (s *Server) checkGrid(ctx context.Context, u *pipeline.Understanding, req *makeRequest, in catalog.Inputs) (later bool, err error) {
	if req.Cell == 0 && req.Preview {
		return false, nil
	}
	if req.Preview {
		return false, badinput.New(badinput.Conflict, "a preview picks its own coarse cell; leave out cell or preview")
	}
	if req.Cell != 0 && (!(req.Cell > 0) || math.IsInf(req.Cell, 0)) {
		return false, badinput.New(badinput.OutOfRange, "the cell must be a positive number of millimetres, got %g", req.Cell)
	}
	if u.Schema.Image || u.Schema.Film {
		return true, nil
	}
	return false, s.checkCell(ctx, u, req.Cell, in)
}

// checkCell refuses, before any meshing, a grid of more than MaxCells cells
// along the longest side of the model, or fewer than 4, saying what fits: the
// cell asked for (0 for none), or else the model's own (a model meshed from its
// surface needs no grid). It builds the model's solid to know its size, which
// takes milliseconds for words alone, not the meshing; a model made from a
// picture reads the picture. The cells bound the triangles and the memory of a
// job.
func (s *Server) checkCell(ctx context.Context, u *pipeline.Understanding, cell float64, in catalog.Inputs) error {
	d, ok := catalog.Get(u.Spec.Domain)
	if !ok {
		return fmt.Errorf("server: no domain %q after understanding", u.Spec.Domain)
	}
	model, err := d.Build(ctx, u.Spec, in)
	if err != nil {
		return err
	}
	size := model.Solid.Bounds().Size().MaxComp()
	if cell == 0 {
		if model.Surface != nil || !(model.Cell > 0) {
			return nil
		}
		if n := size / model.Cell; n > float64(s.lim.maxCells) {
			return badinput.New(badinput.OverLimit,
				"this model needs %.0f cells along its %.4g mm side (a %g mm cell keeps its gaps and walls open), over this server's limit of %d; a model of at most %.0f mm fits, or make it with the command line",
				n, size, model.Cell, s.lim.maxCells, math.Floor(size*float64(s.lim.maxCells)/n))
		}
		return nil
	}
	n := size / cell
	if n > float64(s.lim.maxCells) {
		return badinput.New(badinput.OverLimit,
			"a %g mm cell gives %.0f cells along the %.4g mm side, over this server's limit of %d; use a cell of at least %g mm",
			cell, n, size, s.lim.maxCells, math.Ceil(1000*size/float64(s.lim.maxCells))/1000)
	}
	if n < 4 {
		return badinput.New(badinput.OutOfRange,
			"a %g mm cell gives %.1f cells along the %.4g mm side, too few to hold the shape; use a cell of at most %g mm",
			cell, n, size, math.Floor(1000*size/4)/1000)
	}
	return nil
}

// progressDoc is the data of a progress event.
type progressDoc struct {
	Stage string `json:"stage"`
	Done  int    `json:"done"`
	Total int    `json:"total"`
}

// events streams a job's progress and then its last event. A client that comes
// after the end gets the last event at once. When the last listener of a job
// that has not ended goes away, the job is cancelled.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	j, err := s.lookup(r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return
	}
	rc := http.NewResponseController(w)
	// The deadlines of write stay on the connection, which may serve more
	// requests: clear them.
	defer func() {
		if err := rc.SetWriteDeadline(time.Time{}); err != nil && !errors.Is(err, http.ErrNotSupported) {
			s.log.Debug("server: event stream", "err", err)
		}
	}()
	l := j.subscribe()
	if l == nil {
		<-j.done
		w.WriteHeader(http.StatusOK)
		s.write(w, rc, j.final)
		return
	}
	defer func() {
		if j.unsubscribe(l) {
			s.cancel(j, cancelled("every listener left before the job finished"))
		}
	}()
	w.WriteHeader(http.StatusOK)
	if !s.write(w, rc, []byte(": yanchu job "+j.id+"\n\n")) {
		return
	}
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-l.wake:
			if !s.write(w, rc, progressEvents(l.take())) {
				return
			}
		case <-j.done:
			s.write(w, rc, append(progressEvents(l.take()), j.final...))
			return
		case <-r.Context().Done():
			return
		case <-tick.C:
			if !s.write(w, rc, []byte(": still working\n\n")) {
				return
			}
		}
	}
}

// progressEvents returns the events as server-sent events.
func progressEvents(es []pipeline.Event) []byte {
	var b []byte
	for _, e := range es {
		if e.Estimate != nil {
			if ev, err := sse("estimate", e.Estimate); err == nil {
				b = append(b, ev...)
			}
			continue
		}
		ev, err := sse("progress", progressDoc{e.Stage, e.Done, e.Total})
		if err == nil {
			b = append(b, ev...)
		}
	}
	return b
}

// write sends b on an event stream at once; false means the client has gone.
func (s *Server) write(w http.ResponseWriter, rc *http.ResponseController, b []byte) bool {
	if len(b) == 0 {
		return true
	}
	// A client that stops reading must not hold the handler for ever.
	if err := rc.SetWriteDeadline(time.Now().Add(writeTimeout)); err != nil && !errors.Is(err, http.ErrNotSupported) {
		s.log.Debug("server: event stream", "err", err)
		return false
	}
	if _, err := w.Write(b); err != nil {
		s.log.Debug("server: event stream", "err", err)
		return false
	}
	if err := rc.Flush(); err != nil {
		s.log.Debug("server: event stream", "err", err)
		return false
	}
	return true
}

// deleteJob cancels a job that waits or runs; its files are removed and its
// listeners get the cancelled event. A job that has ended is left as it is.
func (s *Server) deleteJob(w http.ResponseWriter, r *http.Request) {
	j, err := s.lookup(r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.cancel(j, cancelled("the job was cancelled by DELETE"))
	w.WriteHeader(http.StatusNoContent)
}

// file sends one of a finished job's files. The name is looked up among the
// job's own files and never joined to a path.
func (s *Server) file(w http.ResponseWriter, r *http.Request) {
	j, err := s.lookup(r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name := r.PathValue("name")
	f, names, ok := j.fileNamed(name)
	if !ok {
		if len(names) == 0 {
			s.fail(w, r, notFound("job %s has no files: it has not finished, or it failed", j.id))
			return
		}
		s.fail(w, r, notFound("job %s has no file %q; its files are %s", j.id, name, strings.Join(names, ", ")))
		return
	}
	fh, err := os.Open(f.path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			s.fail(w, r, notFound("the files of job %s are gone: they are kept %s", j.id, s.lim.keep))
			return
		}
		s.fail(w, r, err)
		return
	}
	defer func() {
		if err := fh.Close(); err != nil {
			s.log.Warn("server: closing a job file", "job", j.id, "err", err)
		}
	}()
	st, err := fh.Stat()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Saved as the domain and the job, so two downloads keep apart: gear-3xk7xwiw.stl.
	download := pipeline.Slug(j.u.Spec.Domain) + "-" + j.id[:8] + strings.TrimPrefix(name, "model")
	w.Header().Set("Content-Type", contentTypes[f.format])
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": download}))
	http.ServeContent(w, r, name, st.ModTime(), fh)
}

// printerID returns the id of the printer the model is for, or "".
func printerID(u *pipeline.Understanding) string {
	if u.Printer == nil {
		return ""
	}
	return u.Printer.ID
}
