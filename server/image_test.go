package server

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"yanchu/pipeline"
)

// testPicture returns a small picture, w × h, dark in the middle and light at
// the edges, encoded as format (png or jpeg).
func testPicture(t testing.TB, format string, w, h int) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			dx, dy := float64(x-w/2)/float64(w), float64(y-h/2)/float64(h)
			img.SetGray(x, y, color.Gray{Y: uint8(min(255, 40+600*(dx*dx+dy*dy)))})
		}
	}
	var b bytes.Buffer
	var err error
	if format == "jpeg" {
		err = jpeg.Encode(&b, img, nil)
	} else {
		err = png.Encode(&b, img)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pngHeader returns the signature and IHDR chunk of an 8-bit grey PNG of
// w × h, followed by pad zero bytes: a header any reader of headers accepts,
// and a file no decoder can read.
func pngHeader(w, h uint32, pad int) []byte {
	ihdr := binary.BigEndian.AppendUint32([]byte("IHDR"), w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 0, 0, 0, 0) // depth 8, grey, deflate, no filter, not interlaced
	b := []byte("\x89PNG\r\n\x1a\n")
	b = binary.BigEndian.AppendUint32(b, 13)
	b = append(b, ihdr...)
	b = binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(ihdr))
	return append(b, make([]byte, pad)...)
}

// withImage returns a make request's body with a picture.
func withImage(t testing.TB, fields map[string]any, name string, data []byte) string {
	t.Helper()
	return withFile(t, fields, "image", name, data)
}

// withFile returns a make request's body with a file, a picture or a film as
// field says, in base64.
func withFile(t testing.TB, fields map[string]any, field, name string, data []byte) string {
	t.Helper()
	fields[field] = map[string]string{"name": name, "data": base64.StdEncoding.EncodeToString(data)}
	b, err := json.Marshal(fields)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A lithophane made over HTTP from a picture sent in the body: its domain, its
// side taken from the picture's proportions, and closed meshes to download.
func TestMakeWithPicture(t *testing.T) {
	s, ts := start(t, &Server{})
	for _, c := range []struct {
		name, words, format string
		preview             bool
		height              float64 // the derived height (mm) of a 100 × 50 picture, 0 to skip
		formats             []string
	}{
		{"png", "lithophane 100mm", "png", false, (100-6)*0.5 + 6, []string{"3mf", "stl", "glb"}},
		{"jpeg", "浮雕 宽80毫米", "jpeg", false, (80-6)*0.5 + 6, []string{"3mf", "stl", "glb"}},
		{"preview", "透光浮雕 宽120毫米", "png", true, 0, []string{"glb"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			fields := map[string]any{"words": c.words}
			if c.preview {
				fields["preview"] = true
			}
			a := do(t, "POST", ts.URL+"/api/v1/make", withImage(t, fields, "gradient."+c.format, testPicture(t, c.format, 100, 50)))
			if a.status != http.StatusAccepted {
				t.Fatalf("make %s: %d %s", c.words, a.status, a.body)
			}
			var acc struct {
				Job     string
				Explain struct {
					Spec struct {
						Domain string
						Params map[string]struct {
							Value  any
							Source string
						}
					}
				}
			}
			if err := json.Unmarshal(a.body, &acc); err != nil {
				t.Fatal(err)
			}
			h := acc.Explain.Spec.Params["height"]
			if v, _ := h.Value.(float64); acc.Explain.Spec.Domain != "lithophane" || h.Source != "derived" || (c.height != 0 && v != c.height) {
				t.Errorf("explained as %s with height %v (%s), want lithophane with the height %v derived from the picture", acc.Explain.Spec.Domain, h.Value, h.Source, c.height)
			}
			evs := listen(t, ts, acc.Job)
			r := resultOf(t, evs[len(evs)-1])
			if r.Spec.Domain != "lithophane" || !r.Mesh.Watertight || r.Mesh.Triangles == 0 {
				t.Errorf("result: domain %q, %d triangles, watertight %v; want a closed lithophane", r.Spec.Domain, r.Mesh.Triangles, r.Mesh.Watertight)
			}
			var got []string
			for _, f := range r.Files {
				got = append(got, f.Format)
				if f.Format == "glb" && len(r.Files) > 1 {
					continue
				}
				a := do(t, "GET", ts.URL+f.URL, "")
				if a.status != http.StatusOK {
					t.Errorf("%s: status %d", f.URL, a.status)
					continue
				}
				checkMesh(t, f.Format, a.body)
			}
			if strings.Join(got, " ") != strings.Join(c.formats, " ") {
				t.Errorf("files %v, want %v", got, c.formats)
			}
			j, err := s.lookup(acc.Job)
			if err != nil {
				t.Fatal(err)
			}
			j.mu.Lock()
			kept := j.opt.Inputs.Image
			j.mu.Unlock()
			if kept != nil {
				t.Errorf("the ended job still holds its picture of %d bytes", len(kept.Data))
			}
		})
	}
}

// Every way a picture can be wrong is answered at once with its error, and
// nothing is queued.
func TestPictureErrors(t *testing.T) {
	s, ts := start(t, &Server{})
	good := testPicture(t, "png", 40, 30)
	lith := map[string]any{"words": "lithophane 100mm"}
	b64 := func(data string) string {
		return `{"words": "lithophane 100mm", "image": {"name": "lotus.png", "data": "` + data + `"}}`
	}
	for _, c := range []struct {
		name, body string
		status     int
		code, says string
	}{
		{"no picture", `{"words": "lithophane 100mm"}`, 400, "missing_image", "picture"},
		{"no picture, in Chinese", `{"words": "透光浮雕 宽120毫米", "preview": true}`, 400, "missing_image", "picture"},
		{"null picture", `{"words": "lithophane 100mm", "image": null}`, 400, "missing_image", "picture"},
		{"bad base64", b64("not base64!"), 400, "bad_image", "base64"},
		{"base64 cut short", b64(base64.StdEncoding.EncodeToString(good)[:101]), 400, "bad_image", "base64"},
		{"a data URL", b64("data:image/png;base64," + base64.StdEncoding.EncodeToString(good)), 400, "bad_image", "data: URL"},
		{"empty", b64(""), 400, "bad_image", "empty"},
		{"not a picture", withImage(t, lith, "notes.png", []byte("these are words, not a PNG")), 400, "bad_image", "notes.png"},
		{"a PNG cut short", withImage(t, lith, "cut.png", good[:20]), 400, "bad_image", "cut.png"},
		{"a GIF", withImage(t, lith, "anim.gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;")), 400, "bad_image", "PNG or JPEG"},
		{"too many pixels", withImage(t, lith, "huge.png", pngHeader(6000, 5000, 0)), 400, "over_limit", "megapixels"},
		{"too many bytes", withImage(t, lith, "big.png", pngHeader(100, 100, pipeline.MaxImageBytes)), 400, "over_limit", "32 MB"},
		{"the name is only for messages", withImage(t, lith, "../../etc/\x00passwd", []byte("x")), 400, "bad_image", "passwd is not"},
		{"a picture for a gear", withImage(t, map[string]any{"words": "spur gear 12 teeth module 1"}, "lotus.png", good), 400, "bad_request", "takes no picture"},
		{"unknown field of the picture", `{"words": "lithophane 100mm", "image": {"name": "a.png", "data": "", "type": "png"}}`, 400, "bad_request", "type"},
		{"a picture and a preview cell", withImage(t, map[string]any{"words": "lithophane 100mm", "preview": true, "cell": 0.5}, "a.png", good), 400, "conflict", "preview"},
		{"words beside a picture over the limit", withImage(t, map[string]any{"words": strings.Repeat("浮雕 ", 30000)}, "a.png", good), 413, "over_limit", "65536"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := do(t, "POST", ts.URL+"/api/v1/make", c.body)
			if a.status != c.status || a.code() != c.code || !strings.Contains(a.message(), c.says) {
				t.Errorf("got %d %s %q, want %d %s saying %q", a.status, a.code(), a.message(), c.status, c.code, c.says)
			}
		})
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.jobs) != 0 || len(s.queue) != 0 || s.root != "" {
		t.Errorf("bad pictures left %d jobs, %d queued, folder %q", len(s.jobs), len(s.queue), s.root)
	}
}

// patterned is n bytes of one repeated byte, read without holding them. The
// client's transport reads it on its own goroutine, which may still be
// sending when the answer comes: read counts atomically.
type patterned struct {
	n    int64
	read atomic.Int64
}

func (p *patterned) Read(b []byte) (int, error) {
	r := p.read.Load()
	if r >= p.n {
		return 0, io.EOF
	}
	k := int(min(int64(len(b)), p.n-r))
	for i := range k {
		b[i] = 'A'
	}
	p.read.Add(int64(k))
	return k, nil
}

// The body fits a picture of pipeline.MaxImageBytes in base64, and no more: a
// larger one is refused with over_limit, before it is read in full when its
// length is declared.
func TestPictureBodyLimit(t *testing.T) {
	s, ts := start(t, &Server{})
	limit := DefaultMaxBody + int64(base64.StdEncoding.EncodedLen(pipeline.MaxImageBytes))

	t.Run("a 32 MB picture fits", func(t *testing.T) {
		// A header that passes, and a body no decoder reads: the job is
		// queued, and its end says the picture cannot be read.
		data := pngHeader(100, 80, pipeline.MaxImageBytes-33)
		if len(data) != pipeline.MaxImageBytes {
			t.Fatalf("the picture is %d bytes, want %d", len(data), pipeline.MaxImageBytes)
		}
		id := makeJob(t, ts, withImage(t, map[string]any{"words": "lithophane 100mm", "preview": true}, "big.png", data))
		code, msg := errorOf(t, listen(t, ts, id)[0])
		if code != "bad_image" || !strings.Contains(msg, "big.png") {
			t.Errorf("got %s %q, want bad_image naming big.png", code, msg)
		}
		gone(t, jobDir(s, id))
	})

	for _, c := range []struct {
		name     string
		declared bool // the length is in Content-Length; else the body is chunked
	}{
		{"declared", true},
		{"chunked", false},
	} {
		t.Run("larger, "+c.name, func(t *testing.T) {
			prefix := `{"words": "lithophane 100mm", "image": {"name": "a.png", "data": "`
			body := &patterned{n: limit + 1 - int64(len(prefix)) - 3}
			r := io.MultiReader(strings.NewReader(prefix), body, strings.NewReader(`"}}`))
			req, err := http.NewRequestWithContext(context.Background(), "POST", ts.URL+"/api/v1/make", r)
			if err != nil {
				t.Fatal(err)
			}
			if c.declared {
				req.ContentLength = limit + 1
			}
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatalf("make: %v", err)
			}
			defer resp.Body.Close()
			var doc struct {
				Error struct{ Code, Message string }
			}
			if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
				t.Fatalf("the answer is not JSON: %v", err)
			}
			if resp.StatusCode != http.StatusRequestEntityTooLarge || doc.Error.Code != "over_limit" || !strings.Contains(doc.Error.Message, "32 MB") {
				t.Errorf("got %d %s %q, want 413 over_limit saying 32 MB", resp.StatusCode, doc.Error.Code, doc.Error.Message)
			}
			if read := body.read.Load(); c.declared && read > limit/2 {
				t.Errorf("the server read %d bytes of a body declared %d bytes long, over its limit of %d", read, limit+1, limit)
			}
		})
	}
}

// A cell asked for with a picture is checked by the worker, which reads the
// picture to know the model's size: too fine a cell ends the job with
// over_limit before any meshing.
func TestPictureCell(t *testing.T) {
	_, ts := start(t, &Server{})
	pic := testPicture(t, "png", 60, 40)
	id := makeJob(t, ts, withImage(t, map[string]any{"words": "lithophane 100mm", "cell": 0.01}, "a.png", pic))
	evs := listen(t, ts, id)
	if code, msg := errorOf(t, evs[len(evs)-1]); code != "over_limit" || !strings.Contains(msg, "cell of at least") {
		t.Errorf("got %s %q, want over_limit saying what cell fits", code, msg)
	}
	for _, e := range evs {
		if e.name == "progress" && bytes.Contains(e.data, []byte(`"mesh"`)) {
			t.Errorf("the job meshed before its grid was checked: %s", e.data)
		}
	}
}
