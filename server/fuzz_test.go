package server

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"yanchu/pipeline"
)

// FuzzMakeRequest sends any body to POST /api/v1/make and any words to GET
// /api/v1/explain. Each answer is JSON: a job accepted (202), or an error
// document with a code and a message, 4xx or busy (503); never a 500, a
// panic or a hang. The make itself is stubbed: what is fuzzed is everything the
// server does with the request before a job runs.
func FuzzMakeRequest(f *testing.F) {
	png := base64.StdEncoding.EncodeToString([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"))
	for _, body := range []string{
		`{"words": "spur gear 12 teeth module 1", "formats": ["3mf", "stl"]}`,
		`{"words": "鬼工球 8层 直径80毫米", "printer": "a1mini", "preview": true}`,
		`{"words": "鬼工球 6层 直径60毫米", "cell": 1}`,
		`{"words": "鬼工球 100层"}`,
		`{"spec": {"domain": "puzzleball", "params": {"layers": {"value": 8}, "diameter": {"value": 80, "unit": "mm"}}}}`,
		`{"spec": {"domain": "gear", "params": {"teeth": {"value": "x"}}}, "words": "gear"}`,
		`{"words": "lithophane 100mm", "image": {"name": "a.png", "data": "` + png + `"}}`,
		`{"words": "lithophane 100mm", "image": {"name": "../../etc/passwd", "data": "!!!"}}`,
		`{"words": "视频建模 高15厘米", "film": {"name": "turn.gif", "data": "R0lGODlhAQABAAAAACw="}}`,
		`{"words": "视频建模", "film": {"name": "turn.mp4", "data": "` + png + `"}, "image": {"name": "a.png", "data": "` + png + `"}}`,
		`{"words": "box 100x60x40", "formats": ["3mf", "exe"]}`,
		`{"words": "box", "cell": -1e309}`,
		`{"words": "box"} {"words": "box"}`,
		`{"words": 12}`,
		`[]`,
		``,
		`{"unknown": 1}`,
	} {
		f.Add([]byte(body), "spur gear 24 teeth module 2")
	}
	f.Add([]byte(`{}`), "鬼工球 1e308层")
	f.Add([]byte(`null`), "")
	s := &Server{Dir: f.TempDir(), Logger: slog.New(slog.DiscardHandler), Queue: 1000, KeepJobs: 10,
		makeFn: func(ctx context.Context, u *pipeline.Understanding, opt pipeline.MakeOptions) (*pipeline.Result, error) {
			return &pipeline.Result{Canonical: u.Canonical}, nil
		}}
	f.Cleanup(func() { s.Close(context.Background()) })
	h := s.Handler()
	f.Fuzz(func(t *testing.T, body []byte, words string) {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("POST", "/api/v1/make", bytes.NewReader(body)))
		answerOK(t, "make "+string(body), w, http.StatusAccepted)
		w = httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", "/api/v1/explain?words="+url.QueryEscape(words), nil))
		answerOK(t, "explain "+words, w, http.StatusOK)
	})
}

// answerOK checks one answer: ok, or a JSON error document with a code and a
// message and a status of 4xx or 503.
func answerOK(t *testing.T, what string, w *httptest.ResponseRecorder, ok int) {
	t.Helper()
	var doc struct {
		Error *struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatalf("%s: %d, not JSON: %v: %q", what, w.Code, err, w.Body.String())
	}
	switch {
	case w.Code == ok && doc.Error == nil:
	case doc.Error != nil && doc.Error.Code != "" && doc.Error.Message != "" &&
		(w.Code >= 400 && w.Code < 500 || w.Code == http.StatusServiceUnavailable):
	default:
		t.Fatalf("%s: %d %s", what, w.Code, w.Body.String())
	}
}
