package server

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"math"
	"net/http"
	"strings"
	"testing"

	"yanchu/internal/filmtest"
)

// towerGIF is a turntable GIF of filmtest.Tower (20 mm across, 30 mm tall):
// 36 frames of 112² pixels from 25° above.
func towerGIF(t *testing.T) []byte {
	t.Helper()
	b, err := filmtest.GIF(t.Context(), filmtest.Tower(), 112, 36, 25*math.Pi/180)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// withFilm returns a make request's body with a film.
func withFilm(t *testing.T, fields map[string]any, name string, data []byte) string {
	t.Helper()
	return withFile(t, fields, "film", name, data)
}

// A copy carved over HTTP from a film sent in the body: the worker decodes
// and carves it, and the result has the height said, the width from the
// film and closed meshes to download.
func TestMakeWithFilm(t *testing.T) {
	s, ts := start(t, &Server{})
	a := do(t, "POST", ts.URL+"/api/v1/make", withFilm(t, map[string]any{"words": "视频建模 高45毫米"}, "tower.gif", towerGIF(t)))
	if a.status != http.StatusAccepted {
		t.Fatalf("make: %d %s", a.status, a.body)
	}
	var acc struct{ Job string }
	if err := json.Unmarshal(a.body, &acc); err != nil {
		t.Fatal(err)
	}
	evs := listen(t, ts, acc.Job)
	last := evs[len(evs)-1]
	r := resultOf(t, last)
	var doc struct {
		Spec struct {
			Params map[string]struct {
				Value  any
				Source string
			}
		}
		Mesh struct {
			BBox struct{ Min, Max [3]float64 } `json:"bbox_mm"`
		}
	}
	if err := json.Unmarshal(last.data, &doc); err != nil {
		t.Fatal(err)
	}
	w, h := doc.Spec.Params["width"], doc.Spec.Params["height"]
	size := [3]float64{}
	for i := range 3 {
		size[i] = doc.Mesh.BBox.Max[i] - doc.Mesh.BBox.Min[i]
	}
	if r.Spec.Domain != "carved" || !r.Mesh.Watertight || r.Mesh.Components != 1 || w.Source != "derived" || h.Value != 45.0 ||
		math.Abs(size[2]-45) > 0.45 || math.Abs(size[0]-30) > 1.5 {
		t.Errorf("result: %s, watertight %v, %d bodies, width %v (%s), height %v, mesh %v; want a closed copy 45 mm tall, about 30 wide",
			r.Spec.Domain, r.Mesh.Watertight, r.Mesh.Components, w.Value, w.Source, h.Value, size)
	}
	for _, f := range r.Files {
		a := do(t, "GET", ts.URL+f.URL, "")
		if a.status != http.StatusOK {
			t.Errorf("%s: status %d", f.URL, a.status)
			continue
		}
		checkMesh(t, f.Format, a.body)
	}
	j, err := s.lookup(acc.Job)
	if err != nil {
		t.Fatal(err)
	}
	j.mu.Lock()
	kept := j.film != nil || j.opt.Inputs.Film != nil
	j.mu.Unlock()
	if kept {
		t.Error("the ended job still holds its film")
	}
}

// A film that is wrong is refused: at once where the request shows it, and as
// the job's error event where only decoding it does; nothing is written.
func TestFilmErrors(t *testing.T) {
	_, ts := start(t, &Server{})
	gif := towerGIF(t)
	for _, c := range []struct {
		name, body string
		status     int
		code, says string
	}{
		{"no film", `{"words": "视频建模 高15厘米"}`, 400, "missing_video", "film"},
		{"a film for a vase", withFilm(t, map[string]any{"words": "花瓶"}, "tower.gif", gif), 400, "bad_request", "takes no film"},
		{"bad base64", `{"words": "视频建模", "film": {"name": "t.gif", "data": "not base64!"}}`, 400, "bad_video", "base64"},
		{"empty", `{"words": "视频建模", "film": {"name": "t.gif", "data": ""}}`, 400, "bad_video", "empty"},
		{"a picture too", strings.Replace(withFilm(t, map[string]any{"words": "视频建模"}, "tower.gif", gif), `"film"`,
			`"image": {"name": "p.png", "data": "`+base64.StdEncoding.EncodeToString(testPicture(t, "png", 8, 8))+`"}, "film"`, 1), 400, "bad_request", "takes no picture"},
	} {
		a := do(t, "POST", ts.URL+"/api/v1/make", c.body)
		var doc struct {
			Error struct{ Code, Message string }
		}
		_ = json.Unmarshal(a.body, &doc)
		if a.status != c.status || doc.Error.Code != c.code || !strings.Contains(doc.Error.Message, c.says) {
			t.Errorf("%s: %d %s; want %d %s saying %q", c.name, a.status, a.body, c.status, c.code, c.says)
		}
	}
	// Text is no film: the worker finds it, and the job ends with bad_video.
	a := do(t, "POST", ts.URL+"/api/v1/make", withFilm(t, map[string]any{"words": "视频建模"}, "notes.gif", []byte("these are words")))
	if a.status != http.StatusAccepted {
		t.Fatalf("text as a film: %d %s", a.status, a.body)
	}
	var acc struct{ Job string }
	if err := json.Unmarshal(a.body, &acc); err != nil {
		t.Fatal(err)
	}
	evs := listen(t, ts, acc.Job)
	last := evs[len(evs)-1]
	if last.name != "error" || !bytes.Contains(last.data, []byte(`"bad_video"`)) {
		t.Errorf("text as a film: %s %s, want an error event with bad_video", last.name, last.data)
	}
}
