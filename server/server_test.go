package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/qmuntal/gltf"

	_ "yanchu/catalog/all"
	"yanchu/encoding/stl"
	"yanchu/encoding/threemf"
	"yanchu/mesh"
	"yanchu/pipeline"
)

// start serves s on a loopback server, closed with the test.
func start(t testing.TB, s *Server) (*Server, *httptest.Server) {
	t.Helper()
	if s.Logger == nil {
		s.Logger = slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	if s.Dir == "" {
		s.Dir = t.TempDir()
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := s.Close(ctx); err != nil {
			t.Errorf("Close: %v", err)
		}
		ts.Close()
	})
	return s, ts
}

// answer is a JSON answer: its status, headers and document.
type answer struct {
	status int
	header http.Header
	body   []byte
	doc    map[string]any
}

func (a answer) code() string {
	e, _ := a.doc["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

func (a answer) message() string {
	e, _ := a.doc["error"].(map[string]any)
	m, _ := e["message"].(string)
	return m
}

func do(t testing.TB, method, url, body string) answer {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading: %v", method, url, err)
	}
	a := answer{status: resp.StatusCode, header: resp.Header, body: b}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(b, &a.doc); err != nil {
			t.Fatalf("%s %s: the answer is not JSON: %v\n%s", method, url, err, b)
		}
	}
	return a
}

// makeJob posts a make request that must be queued and returns the job id.
func makeJob(t testing.TB, ts *httptest.Server, body string) string {
	t.Helper()
	a := do(t, "POST", ts.URL+"/api/v1/make", body)
	if a.status != http.StatusAccepted {
		t.Fatalf("make %s: status %d, want 202: %s", body, a.status, a.body)
	}
	id, _ := a.doc["job"].(string)
	if id == "" || a.doc["events"] != "/api/v1/jobs/"+id+"/events" || a.header.Get("Location") != a.doc["events"] {
		t.Fatalf("make %s: answer %s", body, a.body)
	}
	return id
}

// event is one server-sent event.
type event struct {
	name string
	data []byte
}

// readEvents reads server-sent events from r until it ends, handing each to
// seen (when set), which may stop the reading by returning false.
func readEvents(t testing.TB, r io.Reader, seen func(event) bool) []event {
	t.Helper()
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 8<<20)
	var out []event
	var cur event
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if cur.name != "" {
				out = append(out, cur)
				if seen != nil && !seen(cur) {
					return out
				}
			}
			cur = event{}
		case strings.HasPrefix(line, ":"):
		case strings.HasPrefix(line, "event: "):
			cur.name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			cur.data = append(cur.data, strings.TrimPrefix(line, "data: ")...)
		default:
			t.Errorf("a line that is not server-sent events: %q", line)
		}
	}
	return out
}

// listen reads a job's events to the end; the last is its final event.
func listen(t testing.TB, ts *httptest.Server, id string) []event {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", ts.URL+"/api/v1/jobs/"+id+"/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("events of %s: %v", id, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("events of %s: status %d, %s", id, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	evs := readEvents(t, resp.Body, nil)
	if len(evs) == 0 {
		t.Fatalf("events of %s: none", id)
	}
	for i, e := range evs {
		last := i == len(evs)-1
		estimate := i == 0 && !last && e.name == "estimate"
		if last != (e.name == "result" || e.name == "error") || (!last && e.name != "progress" && !estimate) {
			t.Fatalf("events of %s: event %d of %d is %q", id, i+1, len(evs), e.name)
		}
		if estimate {
			var doc pipeline.Estimate
			if err := json.Unmarshal(e.data, &doc); err != nil || doc.MemoryMiB <= 0 || !(doc.Seconds > 0) || doc.Triangles <= 0 {
				t.Fatalf("events of %s: the estimate %s (%v)", id, e.data, err)
			}
		}
	}
	return evs
}

// errorOf decodes the data of an error event.
func errorOf(t testing.TB, e event) (code, msg string) {
	t.Helper()
	var d struct {
		Error struct{ Code, Message string }
	}
	if e.name != "error" {
		t.Fatalf("got %s event, want error: %s", e.name, e.data)
	}
	if err := json.Unmarshal(e.data, &d); err != nil {
		t.Fatalf("error event: %v: %s", err, e.data)
	}
	return d.Error.Code, d.Error.Message
}

// result is the part of the result document the tests read.
type result struct {
	Query     string `json:"query"`
	Canonical string `json:"canonical"`
	Spec      struct {
		Domain string `json:"domain"`
	} `json:"spec"`
	Mesh struct {
		Triangles  int  `json:"triangles"`
		Components int  `json:"components"`
		Watertight bool `json:"watertight"`
	} `json:"mesh"`
	Report *struct {
		Printer string `json:"printer"`
	} `json:"report"`
	Files []struct {
		Format    string `json:"format"`
		Path      string `json:"path"`
		Bytes     int64  `json:"bytes"`
		Triangles int    `json:"triangles"`
		URL       string `json:"url"`
	} `json:"files"`
}

func resultOf(t testing.TB, e event) result {
	t.Helper()
	if e.name != "result" {
		t.Fatalf("got %s event, want result: %s", e.name, e.data)
	}
	var r result
	if err := json.Unmarshal(e.data, &r); err != nil {
		t.Fatalf("result event: %v: %s", err, e.data)
	}
	return r
}

// jobDir is where the server writes a job's files.
func jobDir(s *Server, id string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return filepath.Join(s.root, id)
}

func gone(t testing.TB, path string) {
	t.Helper()
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s is still there (%v)", path, err)
	}
}

// checkMesh decodes a downloaded mesh file and checks that it is closed.
func checkMesh(t testing.TB, format string, b []byte) {
	t.Helper()
	var m *mesh.Mesh
	var err error
	switch format {
	case "stl":
		m, err = stl.Decode(bytes.NewReader(b), stl.DecodeOptions{})
	case "3mf":
		m, err = threemf.Decode(bytes.NewReader(b), int64(len(b)))
	case "glb":
		var doc gltf.Document
		if err := gltf.NewDecoder(bytes.NewReader(b)).Decode(&doc); err != nil {
			t.Errorf("glb: %v", err)
		} else if len(doc.Meshes) == 0 || len(doc.Meshes[0].Primitives) == 0 {
			t.Errorf("glb: no mesh")
		}
		return
	case "obj":
		if !bytes.Contains(b, []byte("\nf ")) {
			t.Errorf("obj: no faces")
		}
		return
	default:
		t.Fatalf("no check for %s", format)
	}
	if err != nil {
		t.Errorf("%s: %v", format, err)
		return
	}
	f := mesh.Analyze(m)
	if err := f.Err(); err != nil || !f.Watertight || len(m.Triangles) == 0 {
		t.Errorf("%s: %d triangles, watertight %v: %v", format, len(m.Triangles), f.Watertight, err)
	}
}

// The whole round: make, events, result, and every file downloaded and read.
func TestMakeEndToEnd(t *testing.T) {
	s, ts := start(t, &Server{})
	for _, c := range []struct {
		name, body string
		formats    []string
		report     string // the report's printer; "" for none
	}{
		{"gear", `{"words": "spur gear 12 teeth module 1", "formats": ["3mf", "stl", "glb", "obj", "stl"]}`, []string{"3mf", "stl", "glb", "obj"}, "generic-fdm"},
		{"box for a printer", `{"words": "box with lid 40x30x20", "printer": "mk3s"}`, []string{"3mf", "stl", "glb"}, "mk3s"},
		{"ball preview", `{"words": "鬼工球 3层 直径30毫米", "preview": true}`, []string{"glb"}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			id := makeJob(t, ts, c.body)
			evs := listen(t, ts, id)
			r := resultOf(t, evs[len(evs)-1])
			if len(evs) < 3 || evs[0].name != "estimate" {
				t.Errorf("no estimate and progress before the result")
			}
			if !r.Mesh.Watertight || r.Mesh.Triangles == 0 || r.Canonical == "" || r.Spec.Domain == "" {
				t.Errorf("result: %+v", r)
			}
			if got := r.Report != nil; got != (c.report != "") || (got && r.Report.Printer != c.report) {
				t.Errorf("report %+v, want printer %q", r.Report, c.report)
			}
			if len(r.Files) != len(c.formats) {
				t.Fatalf("got %d files, want %v: %+v", len(r.Files), c.formats, r.Files)
			}
			for i, f := range r.Files {
				name := "model." + c.formats[i]
				if f.Format != c.formats[i] || f.Path != name || f.URL != "/api/v1/jobs/"+id+"/files/"+name {
					t.Errorf("file %d: %+v, want %s", i, f, name)
					continue
				}
				a := do(t, "GET", ts.URL+f.URL, "")
				if a.status != http.StatusOK || int64(len(a.body)) != f.Bytes {
					t.Errorf("%s: status %d, %d bytes, want 200 and %d bytes", f.URL, a.status, len(a.body), f.Bytes)
					continue
				}
				if ct := a.header.Get("Content-Type"); ct != contentTypes[f.Format] {
					t.Errorf("%s: Content-Type %q, want %q", f.URL, ct, contentTypes[f.Format])
				}
				if cd := a.header.Get("Content-Disposition"); cd != "attachment; filename="+r.Spec.Domain+"-"+id[:8]+"."+f.Format {
					t.Errorf("%s: Content-Disposition %q", f.URL, cd)
				}
				checkMesh(t, f.Format, a.body)
			}
			if !strings.HasPrefix(jobDir(s, id), s.Dir) {
				t.Errorf("job files in %s, outside %s", jobDir(s, id), s.Dir)
			}
			// A listener who comes after the end hears the end at once.
			again := listen(t, ts, id)
			if len(again) != 1 || !bytes.Equal(again[0].data, evs[len(evs)-1].data) {
				t.Errorf("replay: %d events, want the result alone", len(again))
			}
		})
	}
}

// Every error the API answers with, and the status it comes with. Nothing is
// queued for any of them.
func TestErrors(t *testing.T) {
	s, ts := start(t, &Server{})
	gear := "spur gear 12 teeth module 1"
	for _, c := range []struct {
		name, method, path, body string
		status                   int
		code, says               string
	}{
		{"bad json", "POST", "/api/v1/make", `{"words": `, 400, "bad_request", "JSON"},
		{"not an object", "POST", "/api/v1/make", `["gear"]`, 400, "bad_request", "JSON"},
		{"two objects", "POST", "/api/v1/make", `{"words": "gear"} {}`, 400, "bad_request", "nothing after"},
		{"unknown field", "POST", "/api/v1/make", `{"word": "gear"}`, 400, "bad_request", "word"},
		{"body too large", "POST", "/api/v1/make", `{"words": "` + strings.Repeat("齿轮 ", 30000) + `"}`, 413, "over_limit", "65536"},
		{"empty words", "POST", "/api/v1/make", `{"words": "  "}`, 400, "empty", "nothing to make"},
		{"no words", "POST", "/api/v1/make", `{}`, 400, "empty", ""},
		{"too long", "POST", "/api/v1/make", `{"words": "` + strings.Repeat("鬼工球 ", 600) + `"}`, 400, "too_long", ""},
		{"unknown word", "POST", "/api/v1/make", `{"words": "flurble 3"}`, 400, "unknown_word", "flurble"},
		{"out of range", "POST", "/api/v1/make", `{"words": "鬼工球 2000层"}`, 400, "out_of_range", "2000"},
		{"conflict", "POST", "/api/v1/make", `{"words": "鬼工球 8层 10层"}`, 400, "conflict", "8层"},
		{"infeasible", "POST", "/api/v1/make", `{"words": "鬼工球 50层 直径30毫米"}`, 400, "infeasible", "7"},
		{"infeasible on the printer", "POST", "/api/v1/make", `{"words": "鬼工球 40层 树脂", "printer": "mars5ultra"}`, 400, "infeasible", "77.76"},
		{"unknown printer", "POST", "/api/v1/make", `{"words": "` + gear + `", "printer": "mk9"}`, 400, "unknown_printer", "mk9"},
		{"unknown format", "POST", "/api/v1/make", `{"words": "` + gear + `", "formats": ["stl", "step"]}`, 400, "bad_request", "step"},
		{"cell over the limit", "POST", "/api/v1/make", `{"words": "` + gear + `", "cell": 0.001}`, 400, "over_limit", "at least 0.028 mm"},
		{"cell too coarse", "POST", "/api/v1/make", `{"words": "` + gear + `", "cell": 10}`, 400, "out_of_range", "at most"},
		{"negative cell", "POST", "/api/v1/make", `{"words": "` + gear + `", "cell": -1}`, 400, "out_of_range", "positive"},
		{"cell and preview", "POST", "/api/v1/make", `{"words": "` + gear + `", "cell": 0.2, "preview": true}`, 400, "conflict", "preview"},
		{"model over the cells", "POST", "/api/v1/make", `{"words": "鬼工球 30层 直径130毫米 连接点"}`, 400, "over_limit", "cells along its 130 mm side"},
		{"explain without words", "GET", "/api/v1/explain", "", 400, "empty", ""},
		{"explain unknown printer", "GET", "/api/v1/explain?words=gear&printer=zz", "", 400, "unknown_printer", ""},
		{"events of no job", "GET", "/api/v1/jobs/nosuchjob/events", "", 404, "not_found", "nosuchjob"},
		{"file of no job", "GET", "/api/v1/jobs/nosuchjob/files/model.stl", "", 404, "not_found", ""},
		{"delete no job", "DELETE", "/api/v1/jobs/nosuchjob", "", 404, "not_found", ""},
		{"nothing there", "GET", "/api/v2/make", "", 404, "not_found", ""},
		{"page file not there", "GET", "/static/app.js", "", 404, "not_found", ""},
		{"get make", "GET", "/api/v1/make", "", 405, "bad_request", "POST"},
		{"post domains", "POST", "/api/v1/domains", "{}", 405, "bad_request", "GET"},
		{"put events", "PUT", "/api/v1/jobs/x/events", "", 405, "bad_request", "GET"},
		{"get job", "GET", "/api/v1/jobs/x", "", 405, "bad_request", "DELETE"},
		{"delete page", "DELETE", "/", "", 405, "bad_request", "GET"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := do(t, c.method, ts.URL+c.path, c.body)
			if a.status != c.status || a.code() != c.code || !strings.Contains(a.message(), c.says) {
				t.Errorf("got %d %s %q, want %d %s saying %q", a.status, a.code(), a.message(), c.status, c.code, c.says)
			}
			if c.status == 405 && !strings.Contains(a.header.Get("Allow"), c.says) {
				t.Errorf("Allow: %q, want %s", a.header.Get("Allow"), c.says)
			}
		})
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.jobs) != 0 || len(s.queue) != 0 || s.root != "" {
		t.Errorf("bad requests left %d jobs, %d queued, folder %q", len(s.jobs), len(s.queue), s.root)
	}
}

// File names are looked up among the job's files; nothing else is served.
func TestFileNames(t *testing.T) {
	s, ts := start(t, &Server{})
	secret := filepath.Join(s.Dir, "secret.stl")
	if err := os.WriteFile(secret, []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	id := makeJob(t, ts, `{"words": "box with lid 40x30x20", "formats": ["stl"]}`)
	evs := listen(t, ts, id)
	resultOf(t, evs[len(evs)-1])
	prefix := ts.URL + "/api/v1/jobs/" + id + "/files/"
	for _, name := range []string{
		"model.3mf", // not asked for
		"..%2F..%2Fsecret.stl",
		"..%2Fmodel.stl",
		"%2E%2E",
		"../model.stl",
		"../../../secret.stl",
		"model.stl%00",
		"MODEL.STL",
	} {
		a := do(t, "GET", prefix+name, "")
		if a.status != http.StatusNotFound || a.code() != "not_found" || bytes.Contains(a.body, []byte("solid")) || bytes.Contains(a.body, []byte("secret\n")) {
			t.Errorf("%s: %d %s %q, want 404 not_found", name, a.status, a.code(), a.body)
		}
	}
	if a := do(t, "GET", prefix+"model.stl", ""); a.status != http.StatusOK {
		t.Errorf("model.stl: status %d", a.status)
	}
}

// A panic in the pipeline fails the job with internal, and the server goes on.
func TestPanic(t *testing.T) {
	_, ts := start(t, &Server{Logger: slog.New(slog.DiscardHandler), makeFn: func(context.Context, *pipeline.Understanding, pipeline.MakeOptions) (*pipeline.Result, error) {
		panic("boom")
	}})
	for range 2 {
		id := makeJob(t, ts, small)
		code, msg := errorOf(t, listen(t, ts, id)[0])
		if code != "internal" || strings.Contains(msg, "boom") {
			t.Errorf("got %s %q, want internal saying nothing of the server", code, msg)
		}
	}
}

func TestDomainsPrintersExplain(t *testing.T) {
	_, ts := start(t, &Server{})
	a := do(t, "GET", ts.URL+"/api/v1/domains", "")
	var d struct {
		Domains []struct {
			Domain string            `json:"domain"`
			Params []json.RawMessage `json:"params"`
		} `json:"domains"`
	}
	if err := json.Unmarshal(a.body, &d); err != nil || a.status != 200 {
		t.Fatalf("domains: %d %v", a.status, err)
	}
	var names []string
	for _, x := range d.Domains {
		names = append(names, x.Domain)
		if len(x.Params) == 0 {
			t.Errorf("domain %s has no parameters", x.Domain)
		}
	}
	if !strings.Contains(strings.Join(names, " "), "gear") || !strings.Contains(strings.Join(names, " "), "puzzleball") {
		t.Errorf("domains: %v", names)
	}

	a = do(t, "GET", ts.URL+"/api/v1/printers", "")
	if a.status != 200 || !bytes.Contains(a.body, []byte(`"mk3s"`)) || !bytes.Contains(a.body, []byte(`"a1mini"`)) {
		t.Errorf("printers: %d %.200s", a.status, a.body)
	}

	for _, c := range []struct{ query, domain, param, value string }{
		{"words=spur+gear+12+teeth+module+1", "gear", "teeth", "12"},
		{"words=" + "%E9%AC%BC%E5%B7%A5%E7%90%83+3%E5%B1%82+%E7%9B%B4%E5%BE%8430%E6%AF%AB%E7%B1%B3", "puzzleball", "process", `"fdm"`},
		{"words=" + "%E9%AC%BC%E5%B7%A5%E7%90%83+3%E5%B1%82+%E7%9B%B4%E5%BE%8430%E6%AF%AB%E7%B1%B3&printer=saturn4ultra", "puzzleball", "process", `"resin"`},
	} {
		a := do(t, "GET", ts.URL+"/api/v1/explain?"+c.query, "")
		var e struct {
			Query, Canonical string
			Spec             struct {
				Domain string
				Params map[string]struct {
					Value  json.RawMessage
					Source string
				}
			}
			Schema struct{ Domain string }
		}
		if err := json.Unmarshal(a.body, &e); err != nil || a.status != 200 {
			t.Errorf("explain %s: %d %v", c.query, a.status, err)
			continue
		}
		if e.Spec.Domain != c.domain || e.Schema.Domain != c.domain || e.Canonical == "" || e.Query == "" ||
			string(e.Spec.Params[c.param].Value) != c.value {
			t.Errorf("explain %s: %s", c.query, a.body)
		}
	}
}

func TestPage(t *testing.T) {
	t.Run("placeholder", func(t *testing.T) {
		_, ts := start(t, &Server{})
		a := do(t, "GET", ts.URL+"/", "")
		if a.status != 200 || !strings.HasPrefix(a.header.Get("Content-Type"), "text/html") || !bytes.Contains(a.body, []byte("/api/v1/domains")) {
			t.Errorf("page: %d %s %.100s", a.status, a.header.Get("Content-Type"), a.body)
		}
	})
	t.Run("assets", func(t *testing.T) {
		assets := fstest.MapFS{
			"index.html":            {Data: []byte("<!doctype html><title>yanchu</title>")},
			"static/app.js":         {Data: []byte("console.log(1)")},
			"static/vendor/x/a.css": {Data: []byte("p{}")},
		}
		_, ts := start(t, &Server{Assets: assets})
		for _, c := range []struct {
			path   string
			status int
			ctype  string
			body   string
		}{
			{"/", 200, "text/html; charset=utf-8", "<!doctype html>"},
			{"/static/app.js", 200, "text/javascript; charset=utf-8", "console"},
			{"/static/vendor/x/a.css", 200, "text/css; charset=utf-8", "p{}"},
			{"/static/", 404, "application/json; charset=utf-8", "not_found"},
			{"/static/vendor/", 404, "application/json; charset=utf-8", "not_found"},
			{"/static/nothing.js", 404, "application/json; charset=utf-8", "not_found"},
			{"/index.html", 404, "application/json; charset=utf-8", "not_found"},
		} {
			a := do(t, "GET", ts.URL+c.path, "")
			if a.status != c.status || a.header.Get("Content-Type") != c.ctype || !bytes.Contains(a.body, []byte(c.body)) {
				t.Errorf("%s: %d %q %.60q, want %d %q %q", c.path, a.status, a.header.Get("Content-Type"), a.body, c.status, c.ctype, c.body)
			}
		}
	})
}
