package web_test

import (
	"encoding/json"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"testing"

	"yanchu/server/web"
)

// The page's files are embedded where the server looks for them.
func TestAssetsLayout(t *testing.T) {
	for _, name := range []string{
		"index.html", "static/app.js", "static/viewer.js", "static/i18n.js", "static/style.css",
		"static/crease.js", "static/vendor/three/LICENSE", "static/vendor/three/README.md",
	} {
		if _, err := fs.Stat(web.Assets, name); err != nil {
			t.Errorf("Assets lacks %s: %v", name, err)
		}
	}
}

var (
	importMapRE = regexp.MustCompile(`(?s)<script type="importmap">(.*?)</script>`)
	// static imports and re-exports: import x from "m"; import "m"; export {x} from "m".
	importRE = regexp.MustCompile(`(?m)^\s*(?:import|export)\s+(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]`)
	remoteRE = regexp.MustCompile(`(?i)\b(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}/`)
)

// Every module the page loads resolves to an embedded file, through the import map or a
// relative path, so the page works with no network.
func TestModulesResolveOffline(t *testing.T) {
	html := read(t, "index.html")
	m := importMapRE.FindStringSubmatch(html)
	if m == nil {
		t.Fatal("index.html has no import map")
	}
	var importMap struct {
		Imports map[string]string `json:"imports"`
	}
	if err := json.Unmarshal([]byte(m[1]), &importMap); err != nil {
		t.Fatalf("import map: %v", err)
	}
	for spec, target := range importMap.Imports {
		p := path.Clean(strings.TrimPrefix(target, "./"))
		if strings.HasSuffix(spec, "/") {
			if fi, err := fs.Stat(web.Assets, p); err != nil || !fi.IsDir() {
				t.Errorf("import map %q → %q: no such folder embedded", spec, target)
			}
		} else if _, err := fs.Stat(web.Assets, p); err != nil {
			t.Errorf("import map %q → %q: no such file embedded", spec, target)
		}
	}
	resolve := func(from, spec string) (string, bool) {
		switch {
		case strings.HasPrefix(spec, "./"), strings.HasPrefix(spec, "../"):
			return path.Join(path.Dir(from), spec), true
		case importMap.Imports[spec] != "":
			return path.Clean(strings.TrimPrefix(importMap.Imports[spec], "./")), true
		}
		for prefix, target := range importMap.Imports {
			if strings.HasSuffix(prefix, "/") && strings.HasPrefix(spec, prefix) {
				return path.Join(strings.TrimPrefix(target, "./"), strings.TrimPrefix(spec, prefix)), true
			}
		}
		return "", false
	}

	// Walk the module graph from the page's entry point.
	seen := map[string]bool{}
	queue := []string{"static/app.js"}
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		if seen[name] {
			continue
		}
		seen[name] = true
		for _, im := range importRE.FindAllStringSubmatch(read(t, name), -1) {
			target, ok := resolve(name, im[1])
			if !ok {
				t.Errorf("%s imports %q, which neither a relative path nor the import map resolves", name, im[1])
				continue
			}
			if _, err := fs.Stat(web.Assets, target); err != nil {
				t.Errorf("%s imports %q: %s is not embedded", name, im[1], target)
				continue
			}
			queue = append(queue, target)
		}
	}
	for _, want := range []string{
		"static/vendor/three/build/three.module.js", "static/vendor/three/build/three.core.js",
		"static/vendor/three/examples/jsm/controls/OrbitControls.js",
		"static/vendor/three/examples/jsm/loaders/GLTFLoader.js",
	} {
		if !seen[want] {
			t.Errorf("the page never loads %s", want)
		}
	}
}

// The page's own files name no other host: no CDN, no fonts, no analytics.
func TestNoRemoteReferences(t *testing.T) {
	for _, name := range []string{"index.html", "static/app.js", "static/viewer.js", "static/i18n.js", "static/crease.js", "static/style.css"} {
		if m := remoteRE.FindString(read(t, name)); m != "" {
			t.Errorf("%s refers to %q: everything the page needs must be embedded", name, m)
		}
	}
}

func read(t *testing.T, name string) string {
	t.Helper()
	b, err := fs.ReadFile(web.Assets, name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
