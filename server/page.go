package server

import (
	"bytes"
	"html/template"
	"io/fs"
	"net/http"
	"strings"

	"yanchu/catalog"
)

// page serves index.html from Assets, or the placeholder page when there are
// no assets.
func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	if s.Assets == nil {
		s.placeholder(w, r)
		return
	}
	if _, err := fs.Stat(s.Assets, "index.html"); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeFileFS(w, r, s.Assets, "index.html")
}

// static serves the page's files: /static/NAME is static/NAME in Assets.
// Folders are not listed.
func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/")
	if s.Assets == nil || !fs.ValidPath(name) {
		s.fail(w, r, notFound("no page file %s", r.URL.Path))
		return
	}
	st, err := fs.Stat(s.Assets, name)
	if err != nil || st.IsDir() {
		s.fail(w, r, notFound("no page file %s", r.URL.Path))
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeFileFS(w, r, s.Assets, name)
}

var placeholderPage = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>yanchu 言出</title></head>
<body>
<h1>yanchu 言出</h1>
<p>Say it, print it. This server has no page yet; its API is at <code>/api/v1/</code>:</p>
<ul>
<li><a href="/api/v1/domains">GET /api/v1/domains</a></li>
<li><a href="/api/v1/printers">GET /api/v1/printers</a></li>
<li>GET /api/v1/explain?words=…{{range .}} such as <a href="/api/v1/explain?words={{.}}">{{.}}</a>{{end}}</li>
<li>POST /api/v1/make <code>{"words": "…", "formats": ["3mf", "stl", "glb"]}</code>, then GET /api/v1/jobs/ID/events</li>
</ul>
</body></html>
`))

// placeholder is the page served until the real one is wired in (see Assets).
func (s *Server) placeholder(w http.ResponseWriter, r *http.Request) {
	var examples []string
	for _, sc := range catalog.Schemas() {
		examples = append(examples, sc.Domain)
	}
	var b bytes.Buffer
	if err := placeholderPage.Execute(&b, examples); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if _, err := w.Write(b.Bytes()); err != nil {
		s.log.Debug("server: writing the page", "err", err)
	}
}
