package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"yanchu/encoding/stl"
	"yanchu/geom"

	"yanchu/catalog"
	"yanchu/internal/examples"
)

type resultDoc struct {
	Canonical string `json:"canonical"`
	Spec      struct {
		Domain string `json:"domain"`
		Params map[string]struct {
			Value  any    `json:"value"`
			Source string `json:"source"`
		} `json:"params"`
	} `json:"spec"`
	Mesh struct {
		Components int  `json:"components"`
		Watertight bool `json:"watertight"`
		BBox       struct {
			Min [3]float64 `json:"min"`
			Max [3]float64 `json:"max"`
		} `json:"bbox_mm"`
		Parts []struct {
			Name string `json:"name"`
			BBox struct {
				Min [3]float64 `json:"min"`
				Max [3]float64 `json:"max"`
			} `json:"bbox_mm"`
		} `json:"parts"`
	} `json:"mesh"`
	Files []struct {
		Path  string `json:"path"`
		Bytes int64  `json:"bytes"`
	} `json:"files"`
	Report *struct {
		Printer string `json:"printer"`
	} `json:"report"`
	Print *struct {
		Rotation *geom.Mat3 `json:"rotation"`
	} `json:"print"`
	Error *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func runJSON(t *testing.T, args ...string) (resultDoc, int, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(t.Context(), args, &out, &errb)
	var doc resultDoc
	if out.Len() > 0 {
		if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
			t.Fatalf("%v: stdout is not JSON: %v\n%s", args, err, out.String())
		}
	}
	return doc, code, errb.String()
}

// Every example row, typed (prompts.tsv) or spoken (spoken.tsv), gives its
// domain, bodies, box and checked values. A row whose domain is not registered
// fails, naming the domain. The puzzle ball is
// meshed at a cell coarser than its default (still under the gap, so shells stay
// apart) to keep the suite quick; the real tools check default-resolution files
// in CI.
func TestMakeExamples(t *testing.T) {
	rows := examples.Rows(t, "../..", "prompts.tsv")
	spoken := examples.Rows(t, "../..", "spoken.tsv")
	if len(spoken) == 0 {
		t.Fatal("spoken.tsv has no rows")
	}
	previews := loadPreviews(t)
	for _, row := range append(rows, spoken...) {
		words, image, domain := row[0], row[1], row[2]
		t.Run(words, func(t *testing.T) {
			if _, ok := catalog.Get(domain); !ok {
				t.Fatalf("the %s domain is not registered", domain)
			}
			dir := t.TempDir()
			args := []string{"make", words, "--json", "-o", dir, "--formats", "stl"}
			if domain == "puzzleball" {
				args = append(args, "--cell", "0.35")
			}
			if image != "-" {
				args = append(args, "--image", filepath.Join("..", "..", "..", "shared", "examples", "images", image))
			}
			doc, code, stderr := runJSON(t, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if doc.Spec.Domain != domain {
				t.Errorf("domain: got %q, want %q", doc.Spec.Domain, domain)
			}
			if want, _ := strconv.Atoi(row[3]); doc.Mesh.Components != want || len(doc.Mesh.Parts) != want {
				t.Errorf("bodies: got %d (%d parts), want %d", doc.Mesh.Components, len(doc.Mesh.Parts), want)
			}
			if !doc.Mesh.Watertight {
				t.Errorf("mesh is not watertight")
			}
			tol, _ := strconv.ParseFloat(row[7], 64)
			size := designSize(t, doc)
			for a := 0; a < 3; a++ {
				if row[4+a] == "-" {
					continue
				}
				want, _ := strconv.ParseFloat(row[4+a], 64)
				if got := size[a]; math.Abs(got-want) > tol {
					t.Errorf("size along %c: got %.3f mm, want %g ± %g", 'x'+a, got, want, tol)
				}
			}
			checkExampleRow(t, doc, row[8])
			if len(doc.Files) != 1 || doc.Files[0].Bytes == 0 {
				t.Fatalf("files: got %+v, want one non-empty STL", doc.Files)
			}
			previews.check(t, words, doc.Files[0].Path)
		})
	}
}

// designSize returns the size of the model as designed: the mesh's box, or,
// when the files were turned to stand as a printer prints them (a puzzle ball
// with a hole straight down, whose box is then cut by the hole rims), the box of
// the file turned back.
func designSize(t *testing.T, doc resultDoc) [3]float64 {
	t.Helper()
	var size [3]float64
	if doc.Print == nil || doc.Print.Rotation == nil {
		for a := range size {
			size[a] = doc.Mesh.BBox.Max[a] - doc.Mesh.BBox.Min[a]
		}
		return size
	}
	m, err := stl.DecodeFile(doc.Files[0].Path, stl.DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	back := doc.Print.Rotation.Transpose()
	lo, hi := geom.Vec3{X: math.Inf(1), Y: math.Inf(1), Z: math.Inf(1)}, geom.Vec3{X: math.Inf(-1), Y: math.Inf(-1), Z: math.Inf(-1)}
	for _, v := range m.Vertices {
		p := back.MulVec(v)
		lo = geom.Vec3{X: math.Min(lo.X, p.X), Y: math.Min(lo.Y, p.Y), Z: math.Min(lo.Z, p.Z)}
		hi = geom.Vec3{X: math.Max(hi.X, p.X), Y: math.Max(hi.Y, p.Y), Z: math.Max(hi.Z, p.Z)}
	}
	return [3]float64{hi.X - lo.X, hi.Y - lo.Y, hi.Z - lo.Z}
}

// checkExampleRow applies the checks column of prompts.tsv: param:NAME=V±T reads
// spec.params.NAME.value, part:NAME:size_x=V±T that part's box, printer:ID the
// report's printer.
func checkExampleRow(t *testing.T, doc resultDoc, checks string) {
	t.Helper()
	for _, check := range strings.Fields(checks) {
		if check == "-" {
			continue
		}
		if id, ok := strings.CutPrefix(check, "printer:"); ok {
			if doc.Report == nil || doc.Report.Printer != id {
				t.Errorf("printer: got report %+v, want printer %s", doc.Report, id)
			}
			continue
		}
		what, rest, ok := strings.Cut(check, "=")
		val, tolText, ok2 := strings.Cut(rest, "±")
		want, err1 := strconv.ParseFloat(val, 64)
		tol, err2 := strconv.ParseFloat(tolText, 64)
		if !ok || !ok2 || err1 != nil || err2 != nil {
			t.Errorf("check %q: cannot read it", check)
			continue
		}
		switch {
		case strings.HasPrefix(what, "param:"):
			name := strings.TrimPrefix(what, "param:")
			got, ok := doc.Spec.Params[name].Value.(float64)
			if !ok || math.Abs(got-want) > tol {
				t.Errorf("param %s: got %v, want %g ± %g", name, doc.Spec.Params[name].Value, want, tol)
			}
		case strings.HasPrefix(what, "part:"):
			name, axis, _ := strings.Cut(strings.TrimPrefix(what, "part:"), ":size_")
			a := strings.Index("xyz", axis)
			found := false
			for _, p := range doc.Mesh.Parts {
				if p.Name != name || a < 0 || len(axis) != 1 {
					continue
				}
				found = true
				if got := p.BBox.Max[a] - p.BBox.Min[a]; math.Abs(got-want) > tol {
					t.Errorf("part %s size along %s: got %.3f mm, want %g ± %g", name, axis, got, want, tol)
				}
			}
			if !found {
				t.Errorf("check %q: no part %q (parts %v)", check, name, doc.Mesh.Parts)
			}
		default:
			t.Errorf("check %q: unknown kind", check)
		}
	}
}

// Every bad example fails with its code, exit status 2, a message, and no file
// written. A row that names a domain not registered fails, naming it.
func TestMakeBadExamples(t *testing.T) {
	missing := map[string]bool{}
	for _, row := range examples.Rows(t, "../..", "prompts.tsv") {
		if _, ok := catalog.Get(row[2]); !ok {
			missing[row[2]] = true
		}
	}
	for _, row := range examples.Rows(t, "../..", "bad-prompts.tsv") {
		words, image, code := examples.Words(row[0]), row[1], row[2]
		name := words
		if r := []rune(name); len(r) > 20 {
			name = string(r[:20])
		}
		t.Run(name, func(t *testing.T) {
			for d := range missing {
				if strings.Contains(strings.ToLower(words), d) {
					t.Fatalf("the %s domain is not registered", d)
				}
			}
			dir := filepath.Join(t.TempDir(), "out")
			args := []string{"make", words, "--json", "-o", dir}
			if image != "-" {
				args = append(args, "--image", filepath.Join("..", "..", "..", "shared", "examples", "images", image))
			}
			doc, exit, stderr := runJSON(t, args...)
			if exit != 2 {
				t.Fatalf("exit: got %d, want 2 (%s)", exit, stderr)
			}
			if doc.Error == nil || doc.Error.Code != code {
				t.Fatalf("error: got %+v, want code %q", doc.Error, code)
			}
			if len(doc.Error.Message) < 10 {
				t.Errorf("message %q is too short to help", doc.Error.Message)
			}
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Errorf("output folder exists after bad input: %v", err)
			}
		})
	}
}

func TestMakeCanonicalRoundTrip(t *testing.T) {
	doc, code, stderr := runJSON(t, "explain", "帮我做一个八层的鬼工球，大概八公分", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	again, code, stderr := runJSON(t, "explain", doc.Canonical, "--json")
	if code != 0 {
		t.Fatalf("canonical %q: exit %d: %s", doc.Canonical, code, stderr)
	}
	if again.Canonical != doc.Canonical {
		t.Errorf("canonical round trip: got %q, want %q", again.Canonical, doc.Canonical)
	}
	if src := doc.Spec.Params["diameter"].Source; src != "said" {
		t.Errorf("diameter source: got %q, want said", src)
	}
	if src := doc.Spec.Params["wall"].Source; src != "derived" {
		t.Errorf("wall source: got %q, want derived", src)
	}
}

// A cell coarser than the gaps between a model's parts is refused before any
// work, in the person's terms, instead of failing when the files are written.
func TestMakeRefusesAFusingCell(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	doc, code, stderr := runJSON(t, "make", "鬼工球 6层 直径60毫米", "--cell", "1", "--json", "-o", dir)
	if code != 2 || doc.Error == nil || doc.Error.Code != "out_of_range" {
		t.Fatalf("exit %d, error %+v (%s); want 2 and out_of_range", code, doc.Error, stderr)
	}
	for _, want := range []string{"fuse", "at most 0.4 mm"} {
		if !strings.Contains(doc.Error.Message, want) {
			t.Errorf("message %q lacks %q", doc.Error.Message, want)
		}
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("output folder exists after bad input: %v", err)
	}
}

// Limits from the command line: more cells than fit are refused at once with
// the most that do, a memory or time limit that the estimate passes is refused
// before any work, and a bad limit is bad input; each exits 2 and writes
// nothing.
func TestMakeLimits(t *testing.T) {
	for _, c := range []struct {
		args []string
		code string
		want string
	}{
		{[]string{"鬼工球 8层 直径80毫米", "--cells", "5000"}, "over_limit", "the most that fits is 2000 cells"},
		{[]string{"鬼工球 8层 直径80毫米", "--cells", "1000", "--memory", "300M"}, "over_limit", "more than the 300 MB yanchu may use here (--memory); the most that fits is"},
		{[]string{"鬼工球 30层 直径130毫米", "--timeout", "2s"}, "over_limit", "longer than the limit of 2s (--timeout)"},
		{[]string{"鬼工球 8层 直径80毫米", "--memory", "lots"}, "out_of_range", "write it as 4G or 512M"},
		{[]string{"鬼工球 8层 直径80毫米", "--timeout", "-5s"}, "out_of_range", "the timeout must be positive"},
	} {
		dir := filepath.Join(t.TempDir(), "out")
		doc, code, stderr := runJSON(t, append(append([]string{"make"}, c.args...), "--json", "-o", dir)...)
		if code != 2 || doc.Error == nil || doc.Error.Code != c.code || !strings.Contains(doc.Error.Message, c.want) {
			t.Errorf("%q: exit %d, error %+v (%s); want 2, %s and %q", c.args, code, doc.Error, stderr, c.code, c.want)
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("%q: output folder exists after a refusal: %v", c.args, err)
		}
	}
}
