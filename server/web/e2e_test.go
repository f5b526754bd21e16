package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	_ "yanchu/catalog/all"
	"yanchu/encoding/stl"
	"yanchu/internal/filmtest"
	"yanchu/mesh"
	"yanchu/pipeline"
	"yanchu/server"
	"yanchu/server/web"

	"yanchu/internal/needtool"
)

// chromium is Debian's browser; the test never downloads one.
const chromium = "/usr/bin/chromium"

// typedToModelLimit is how soon after typing stops the first model must be drawn.
const typedToModelLimit = 500 * time.Millisecond

// TestPage drives the real page on the real server in headless Chromium: words in, a model
// drawn, the form, the languages, the downloads, the errors, the microphone's stand-in and
// a phone-sized screen.
func TestPage(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test in a browser; not with -short")
	}
	if _, err := os.Stat(chromium); err != nil {
		needtool.Skip(t, "the end-to-end test needs %s (apt-get install chromium): %v", chromium, err)
	}

	srv := &server.Server{Assets: web.Assets, Dir: t.TempDir(), Logger: slog.New(slog.DiscardHandler)}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Close(ctx); err != nil {
			t.Errorf("closing the server: %v", err)
		}
	})

	b := startBrowser(t, 1200, 800)
	start := time.Now()
	step := func(name string, f func()) {
		t0 := time.Now()
		f()
		t.Logf("%-52s %6.0f ms", name, float64(time.Since(t0).Microseconds())/1000)
	}

	// The page opened with words in its address rebuilds that model; this also starts the
	// server's pipeline and the page's model loading before anything is timed.
	const opened = "puzzleball layers=5 diameter=50mm"
	step("0 open the page with ?words=: it rebuilds that model", func() {
		b.do(chromedp.Navigate(ts.URL + "/?words=" + url.QueryEscape(opened)))
		b.wait(`window.yanchu && document.querySelectorAll("#printer option").length > 0`, 20*time.Second)
		b.waitModel(opened, 20*time.Second)
		if got := b.str(`document.getElementById("words").value`); got != opened {
			t.Errorf("words box holds %q, want %q from the address", got, opened)
		}
		t.Logf("opened → model (a fresh server and page): %s", b.timeline(b.marks()))
	})

	const ball = "鬼工球 6层 直径60毫米"
	var first pixels
	step("1-3 type a puzzle ball; model within 500 ms", func() {
		// The machine is shared, so a slow try is repeated, with other words of
		// the same size so that each try makes a fresh model; the best counts.
		var best time.Duration
		var last string
		for _, words := range []string{ball, "鬼工球 6层 直径62毫米", "鬼工球 6层 直径64毫米"} {
			b.typeWords(words)
			b.waitModel(words, 20*time.Second)
			last = words
			marks := b.marks()
			t.Logf("typed → model: %.0f ms (typed at %.0f ms, debounce settled at %.0f ms, model drawn at %.0f ms, page clock)",
				marks.Model-marks.Typed, marks.Typed, marks.Settled, marks.Model)
			t.Logf("page timeline after typing stopped: %s", b.timeline(marks))
			got := time.Duration((marks.Model - marks.Typed) * float64(time.Millisecond))
			if got <= 0 {
				t.Fatalf("the page's marks are out of order: %s", b.timeline(marks))
			}
			if best == 0 || got < best {
				best = got
			}
			if got <= typedToModelLimit {
				break
			}
		}
		if best > typedToModelLimit {
			t.Errorf("the first model came %v after typing stopped at best of three; want within %v (GLB fetches [start, response start, end ms; bytes]: %s)",
				best, typedToModelLimit, b.str(`JSON.stringify(performance.getEntriesByType("resource").filter(e => e.name.endsWith(".glb"))
				.map(e => [Math.round(e.startTime), Math.round(e.responseStart - e.startTime), Math.round(e.responseEnd - e.startTime), e.encodedBodySize]))`))
		}
		if last != ball {
			b.typeWords(ball)
			b.waitModel(ball, 20*time.Second)
		}
		if got := b.str(`document.getElementById("words").value`); got != ball {
			t.Errorf("words box holds %q, want %q", got, ball)
		}
		b.waitFull(ball, 60*time.Second)
		first = b.pixels()
		if first.Model < 0.02 {
			t.Errorf("the canvas is blank: %.2f%% of it shows the model, want at least 2%%", first.Model*100)
		}
		if got := b.str(`new URLSearchParams(location.search).get("words")`); got != "puzzleball layers=6 diameter=60mm" {
			t.Errorf("the address carries words=%q, want the canonical %q", got, "puzzleball layers=6 diameter=60mm")
		}
		if n := b.num(`document.querySelectorAll("#understood li").length`); n < 2 {
			t.Errorf("%v parameters shown as understood, want them all", n)
		}
		if got := b.str(`document.querySelector('#understood li[data-param="layers"] .value').textContent`); got != "6" {
			t.Errorf("layers understood as %q, want 6", got)
		}
		if b.str(`document.getElementById("cut-row").hidden ? "hidden" : "shown"`) != "shown" {
			t.Errorf("a puzzle ball's nested shells offer no cut-away slider")
		}
	})

	step("4 change the layers in the form", func() {
		b.eval(`(() => { const n = document.getElementById("f-layers"); n.value = "4"; n.dispatchEvent(new Event("change", {bubbles: true})); })()`)
		const want = "puzzleball layers=4 diameter=60mm"
		b.wait(fmt.Sprintf(`document.getElementById("words").value === %q`, want), 5*time.Second)
		b.waitFull(want, 60*time.Second)
		second := b.pixels()
		if d := first.diff(second); d < 0.3 {
			t.Errorf("the canvas hardly changed after 6 → 4 layers: mean difference %.2f of 255, want at least 0.3", d)
		} else {
			t.Logf("canvas difference 6 → 4 layers: %.2f of 255", d)
		}
		if got := b.str(`new URLSearchParams(location.search).get("words")`); got != want {
			t.Errorf("the address carries words=%q, want %q", got, want)
		}
		// The cut-away slider shows the inner shells.
		b.eval(`(() => { const c = document.getElementById("cut"); c.value = "50"; c.dispatchEvent(new Event("input")); })()`)
		b.wait(`new Promise(ok => requestAnimationFrame(() => requestAnimationFrame(() => ok(true))))`, 5*time.Second)
		cut := b.pixels()
		if d := second.diff(cut); d < 0.3 {
			t.Errorf("cutting the ball open hardly changed the canvas: mean difference %.2f of 255", d)
		}
		// The GLB carries the shells' motion: the play button moves them, and
		// pressing it again stops them.
		if b.str(`String(document.getElementById("play").hidden)`) != "false" {
			t.Fatalf("a puzzle ball's moving shells offer no play button")
		}
		b.eval(`document.getElementById("play").click()`)
		b.wait(`document.getElementById("play").getAttribute("aria-pressed") === "true"`, 5*time.Second)
		b.wait(`new Promise(ok => setTimeout(() => ok(true), 700))`, 5*time.Second)
		if d := cut.diff(b.pixels()); d < 0.3 {
			t.Errorf("playing the shells' motion hardly changed the canvas: mean difference %.2f of 255", d)
		}
		b.eval(`document.getElementById("play").click()`)
		b.wait(`document.getElementById("play").getAttribute("aria-pressed") === "false"`, 5*time.Second)
	})

	for _, words := range []string{"spur gear 24 teeth module 2", "花瓶 高20厘米 六瓣 扭转90度"} {
		step("5 make "+words, func() {
			b.typeWords(words)
			b.waitFull(words, 60*time.Second)
			if p := b.pixels(); p.Model < 0.02 {
				t.Errorf("%q: the canvas is blank: %.2f%% shows the model", words, p.Model*100)
			}
		})
	}

	step("6 switch the interface language", func() {
		before := b.labels()
		other := map[string]string{"zh": "en", "en": "zh"}[b.str(`document.getElementById("lang").value`)]
		b.eval(fmt.Sprintf(`(() => { const s = document.getElementById("lang"); s.value = %q; s.dispatchEvent(new Event("change")); })()`, other))
		after := b.labels()
		if before.Params == after.Params || before.Source == after.Source || before.Label == after.Label {
			t.Errorf("labels did not change with the language: before %+v, after %+v", before, after)
		}
		zh := map[string]labels{"zh": after, "en": before}[other]
		if zh.Params != "参数" || zh.Source != "你说的" {
			t.Errorf("Chinese labels are %+v, want 参数 and 你说的", zh)
		}
		if got := b.str(`document.documentElement.lang`); !strings.HasPrefix(got, other) {
			t.Errorf("<html lang=%q> after switching to %s", got, other)
		}
	})

	step("7 download the STL and check it is closed", func() {
		href := b.str(`document.querySelector('#downloads a[data-format="stl"]').getAttribute("href")`)
		for _, f := range []string{"3mf", "glb"} {
			if b.num(fmt.Sprintf(`document.querySelectorAll('#downloads a[data-format=%q]').length`, f)) != 1 {
				t.Errorf("no %s download link", f)
			}
		}
		res, err := http.Get(ts.URL + href)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %s", href, res.Status)
		}
		m, err := stl.Decode(res.Body, stl.DecodeOptions{})
		if err != nil {
			t.Fatalf("decoding %s: %v", href, err)
		}
		if f := mesh.Analyze(m); !f.Watertight {
			t.Errorf("the STL from %s is not closed: %+v", href, f)
		} else {
			t.Logf("STL %s: %d triangles, watertight", href, f.Triangles)
		}
	})

	step("7b make the film and download it", func() {
		b.eval(`document.getElementById("make-film").click()`)
		b.wait(`document.querySelector('#downloads a[data-format="gif"]') !== null || (window.yanchu.state.film && window.yanchu.state.film.error) !== undefined && window.yanchu.state.film.error !== null`, 3*time.Minute)
		if msg := b.str(`String(window.yanchu.state.film && window.yanchu.state.film.error ? window.yanchu.state.film.error.message : "")`); msg != "" {
			t.Fatalf("the film failed: %s", msg)
		}
		href := b.str(`document.querySelector('#downloads a[data-format="gif"]').getAttribute("href")`)
		res, err := http.Get(ts.URL + href)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/gif" {
			t.Fatalf("GET %s: %s, %s", href, res.Status, res.Header.Get("Content-Type"))
		}
		g, err := gif.DecodeAll(res.Body)
		if err != nil {
			t.Fatalf("decoding %s: %v", href, err)
		}
		if len(g.Image) != pipeline.DefaultFrames {
			t.Errorf("the film has %d frames, want %d", len(g.Image), pipeline.DefaultFrames)
		}
		t.Logf("film %s: %d frames of %v", href, len(g.Image), g.Image[0].Bounds().Size())
	})

	step("8 bad words show their error", func() {
		b.typeWords("asdfgh qwerty")
		b.wait(`!document.getElementById("error").hidden && document.getElementById("error").textContent.includes("asdfgh")`, 10*time.Second)
		if code := b.str(`window.yanchu.state.error.code`); code != "unknown_word" {
			t.Errorf("error code %q, want unknown_word", code)
		}
	})

	// As speech recognition writes it: a filler, a correction, politeness.
	const heard = "嗯，鬼工球 4层 直径60毫米，不对，直径50毫米，谢谢"
	step("9 a heard sentence runs the flow and shows what was set aside", func() {
		b.eval(fmt.Sprintf(`window.yanchu.hear(%q)`, heard))
		b.wait(fmt.Sprintf(`document.getElementById("words").value === %q`, heard), 5*time.Second)
		b.waitModel(heard, 20*time.Second)
		aside := b.str(`(document.getElementById("set-aside") || {}).textContent || ""`)
		if !strings.Contains(aside, "嗯") || !strings.Contains(aside, "谢谢") {
			t.Errorf("set aside shows %q, want 嗯 and 谢谢 listed", aside)
		}
		if fixed := b.str(`(document.querySelector(".heard.corrected") || {}).textContent || ""`); !strings.Contains(fixed, "50") || !strings.Contains(fixed, "不对") {
			t.Errorf("the correction shows %q, want 60 → 50 (不对)", fixed)
		}
		if d := b.num(`window.yanchu.state.explain.spec.params.diameter.value`); d != 50 {
			t.Errorf("diameter %v, want 50 (the corrected value)", d)
		}
		t.Logf("heard → model: %s", b.timeline(b.marks()))
		if !b.boolean(`document.getElementById("error").hidden`) {
			t.Errorf("the error stayed after good words were heard: %q", b.str(`document.getElementById("error").textContent`))
		}
	})

	// A lithophane is made from a picture: without one the page says so and makes nothing;
	// with one chosen in the file input, the model comes back.
	const lith = "透光浮雕 宽80毫米"
	step("10 a lithophane from a picture", func() {
		b.typeWords(lith)
		b.wait(`!document.getElementById("error").hidden && yanchu.state.error && yanchu.state.error.code === "missing_image"`, 10*time.Second)
		if b.boolean(`document.getElementById("picture-row").hidden`) {
			t.Errorf("no file input for a domain made from a picture")
		}
		if got := b.str(`document.getElementById("picture").accept`); got != "image/png,image/jpeg" {
			t.Errorf("the file input accepts %q, want image/png,image/jpeg", got)
		}
		if got := b.str(`Array.from(document.getElementById("picture").labels).map(l => l.textContent).join()`); !strings.Contains(got, "PNG") {
			t.Errorf("the file input is labelled %q, want a label naming PNG", got)
		}
		// The server refused every make request of these words at once: no job started.
		made := b.str(`JSON.stringify(performance.getEntriesByType("resource")
			.filter(e => e.name.endsWith("/api/v1/make") && e.startTime >= performance.getEntriesByName("yanchu:settled", "mark").at(-1).startTime)
			.map(e => e.responseStatus))`)
		if made != "[400]" || b.num(`yanchu.state.jobs.size`) != 0 {
			t.Errorf("without a picture the page's make requests were answered %s and %v jobs run; want one refused with 400 and none", made, b.num(`yanchu.state.jobs.size`))
		}

		pic := filepath.Join(t.TempDir(), "rings.png")
		writePicture(t, pic, 120, 90)
		b.do(chromedp.SetUploadFiles(chromedp.ID("picture"), []string{pic}))
		b.waitFull(lith, 60*time.Second)
		if !b.boolean(`document.getElementById("error").hidden`) {
			t.Errorf("the error stayed after a picture was chosen: %q", b.str(`document.getElementById("error").textContent`))
		}
		if got := b.str(`yanchu.state.result.spec.domain`); got != "lithophane" {
			t.Errorf("made a %q, want a lithophane", got)
		}
		if w := b.num(`(() => { const i = document.getElementById("thumb"); return i.hidden ? 0 : i.naturalWidth; })()`); w != 120 {
			t.Errorf("the thumbnail shows a picture %v px wide, want the chosen one, 120 px", w)
		}
		if p := b.pixels(); p.Model < 0.02 {
			t.Errorf("the lithophane's canvas is blank: %.2f%% shows the model", p.Model*100)
		}
		if h := b.num(`yanchu.state.result.spec.params.height.value`); h != (80-6)*0.75+6 {
			t.Errorf("the plate is %v mm high, want %v from the picture's proportions", h, (80-6)*0.75+6)
		}
		if got := b.str(`document.getElementById("f-height").value + " " + document.querySelector('.row[data-param="height"]').dataset.source`); got != "61.5 derived" {
			t.Errorf("the form's height shows %q, want 61.5 derived from the picture", got)
		}
	})

	// A copy is carved from a turntable film: without one the page says so; with a GIF
	// chosen in the same file input, the worker carves it and the copy comes back, its
	// width derived from the film.
	const carved = "视频建模 高45毫米"
	step("10b a copy carved from a film", func() {
		b.typeWords(carved)
		b.wait(`!document.getElementById("error").hidden && yanchu.state.error && yanchu.state.error.code === "missing_video"`, 10*time.Second)
		if got := b.str(`document.getElementById("picture").accept`); !strings.Contains(got, "video/mp4") || !strings.Contains(got, "image/gif") {
			t.Errorf("the file input accepts %q for a film, want video/mp4 and image/gif", got)
		}
		if got := b.str(`Array.from(document.getElementById("picture").labels).map(l => l.textContent).join()`); !strings.Contains(got, "MP4") {
			t.Errorf("the file input is labelled %q, want a label naming MP4", got)
		}
		gif := filepath.Join(t.TempDir(), "tower.gif")
		writeFilm(t, gif)
		b.do(chromedp.SetUploadFiles(chromedp.ID("picture"), []string{gif}))
		b.waitFull(carved, 90*time.Second)
		if got := b.str(`yanchu.state.result.spec.domain`); got != "carved" {
			t.Errorf("made a %q, want a carved copy", got)
		}
		if h := b.num(`yanchu.state.result.spec.params.height.value`); h != 45 {
			t.Errorf("the copy is %v mm high, want 45 as said", h)
		}
		if got := b.str(`document.querySelector('.row[data-param="width"]').dataset.source`); got != "derived" {
			t.Errorf("the form's width is %q, want derived from the film", got)
		}
		if p := b.pixels(); p.Model < 0.02 {
			t.Errorf("the copy's canvas is blank: %.2f%% shows the model", p.Model*100)
		}
	})

	step("11 no horizontal scrolling at 390 px", func() {
		b.do(chromedp.EmulateViewport(390, 844))
		b.wait(`window.innerWidth === 390`, 5*time.Second)
		b.wait(`new Promise(ok => requestAnimationFrame(() => requestAnimationFrame(() => ok(true))))`, 5*time.Second)
		if w := b.num(`document.documentElement.scrollWidth`); w > 390 {
			t.Errorf("at 390 px the page is %v px wide: it scrolls sideways", w)
		}
		if w := b.num(`document.getElementById("viewer").getBoundingClientRect().width`); w < 340 {
			t.Errorf("at 390 px the viewer is %v px wide, want nearly the full width", w)
		}
	})

	b.checkConsole()
	t.Logf("whole test in the browser: %.1f s", time.Since(start).Seconds())
}

// writePicture writes a w × h PNG of light and dark rings to path.
// writeFilm writes a turntable GIF of filmtest.Tower (30 mm tall and 20
// across): 36 frames of 112² pixels from 25° above.
func writeFilm(t *testing.T, path string) {
	t.Helper()
	b, err := filmtest.GIF(t.Context(), filmtest.Tower(), 112, 36, 25*math.Pi/180)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func writePicture(t *testing.T, path string, w, h int) {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			r := math.Hypot(float64(x-w/2), float64(y-h/2))
			img.SetGray(x, y, color.Gray{Y: uint8(128 + 120*math.Cos(r/4))})
		}
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// browser is one headless Chromium tab, failing the test on any error.
type browser struct {
	t   *testing.T
	ctx context.Context

	mu      sync.Mutex
	console []string // console errors and uncaught exceptions of the page
}

func startBrowser(t *testing.T, width, height int) *browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.Flag("lang", "en-US"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil { // starts the browser, with no timeout
		t.Fatalf("starting %s: %v", chromium, err)
	}
	b := &browser{t: t, ctx: ctx}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			// The browser's own log reports each 4xx answer, which bad words are meant to get.
			if m.IsException() || (m.Type == chromedp.ConsoleError && m.Source == "") {
				b.mu.Lock()
				b.console = append(b.console, fmt.Sprintf("%s (%s:%d)", m, m.URL, m.Line+1))
				b.mu.Unlock()
			}
		}
	}()
	return b
}

// do runs actions within 30 s.
func (b *browser) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

// eval evaluates a JavaScript expression, awaiting a promise, and returns its JSON.
func (b *browser) eval(expr string) []byte {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

func (b *browser) str(expr string) string {
	b.t.Helper()
	var s string
	if err := json.Unmarshal(b.eval(expr), &s); err != nil {
		b.t.Fatalf("%s: want a string: %v", expr, err)
	}
	return s
}

func (b *browser) num(expr string) float64 {
	b.t.Helper()
	var x float64
	if err := json.Unmarshal(b.eval(expr), &x); err != nil {
		b.t.Fatalf("%s: want a number: %v", expr, err)
	}
	return x
}

func (b *browser) boolean(expr string) bool {
	b.t.Helper()
	var x bool
	if err := json.Unmarshal(b.eval(expr), &x); err != nil {
		b.t.Fatalf("%s: want true or false: %v", expr, err)
	}
	return x
}

// wait polls a JavaScript predicate until it is true, failing the test after timeout.
func (b *browser) wait(predicate string, timeout time.Duration) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, timeout+5*time.Second)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](predicate,
		chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(timeout)))
	if err != nil {
		state, _ := chromedp.Run(b.ctx, chromedp.Evaluate[[]byte](
			`JSON.stringify({words: document.getElementById("words").value, phase: yanchu.state.phase, model: yanchu.state.model, error: yanchu.state.error, progress: yanchu.state.progress})`))
		b.t.Fatalf("waiting %v for %s: %v\npage state: %s", timeout, predicate, err, state)
	}
}

// typeWords replaces the words in the box by typing them, key by key.
func (b *browser) typeWords(words string) {
	b.t.Helper()
	b.eval(`(() => { const w = document.getElementById("words"); w.focus(); w.select(); })()`) // typing replaces it
	b.do(chromedp.SendKeys(chromedp.ID("words"), words))
}

// waitModel waits until a model of words is drawn (the preview or the full one).
func (b *browser) waitModel(words string, timeout time.Duration) {
	b.t.Helper()
	b.wait(fmt.Sprintf(`yanchu.state.model.words === %q && !yanchu.state.awaitingModel`, words), timeout)
}

// waitFull waits until the full model of words is drawn and its files are listed.
func (b *browser) waitFull(words string, timeout time.Duration) {
	b.t.Helper()
	b.wait(fmt.Sprintf(`yanchu.state.model.words === %q && yanchu.state.model.kind === "full" && document.querySelector('#downloads a[data-format="stl"]') !== null`, words), timeout)
}

type marks struct{ Typed, Settled, Model float64 }

// marks reads the page's own performance marks of the last typing and model.
func (b *browser) marks() marks {
	b.t.Helper()
	var m marks
	raw := b.eval(`(() => {
		const last = (n) => { const e = performance.getEntriesByName(n, "mark"); return e.length ? e[e.length - 1].startTime : -1; };
		return {Typed: last("yanchu:typed"), Settled: last("yanchu:settled"), Model: last("yanchu:model")};
	})()`)
	if err := json.Unmarshal(raw, &m); err != nil {
		b.t.Fatal(err)
	}
	if m.Typed < 0 || m.Model < 0 {
		b.t.Fatalf("the page set no yanchu:typed or yanchu:model mark: %+v", m)
	}
	return m
}

// timeline lists the page's marks from typing to the model, in ms after typing stopped.
func (b *browser) timeline(m marks) string {
	b.t.Helper()
	return b.str(fmt.Sprintf(`performance.getEntriesByType("mark")
		.filter(m => m.name.startsWith("yanchu:") && m.startTime >= %v && m.startTime <= %v)
		.map(m => m.name.slice(7) + " +" + Math.round(m.startTime - %[1]v)).join(", ")`, m.Typed, m.Model))
}

// pixels is a small picture of the canvas.
type pixels struct {
	Model float64   // the share of the canvas in strong colour: the model, not the grey ground
	Small []float64 // 64 × 48 RGB, averaged
}

func (b *browser) pixels() pixels {
	b.t.Helper()
	var p pixels
	raw := b.eval(`(() => {
		const c = document.querySelector("#viewer canvas");
		const full = document.createElement("canvas");
		full.width = c.width; full.height = c.height;
		const g = full.getContext("2d", {willReadFrequently: true});
		g.drawImage(c, 0, 0);
		const d = g.getImageData(0, 0, c.width, c.height).data;
		let strong = 0;
		for (let i = 0; i < d.length; i += 4) {
			if (Math.max(d[i], d[i+1], d[i+2]) - Math.min(d[i], d[i+1], d[i+2]) > 40) strong++;
		}
		const s = document.createElement("canvas");
		s.width = 64; s.height = 48;
		const h = s.getContext("2d", {willReadFrequently: true});
		h.drawImage(c, 0, 0, 64, 48);
		const e = h.getImageData(0, 0, 64, 48).data;
		const small = [];
		for (let i = 0; i < e.length; i += 4) small.push(e[i], e[i+1], e[i+2]);
		return {Model: strong / (d.length / 4), Small: small};
	})()`)
	if err := json.Unmarshal(raw, &p); err != nil {
		b.t.Fatal(err)
	}
	return p
}

// diff is the mean absolute difference of two pictures, 0 to 255.
func (p pixels) diff(q pixels) float64 {
	if len(p.Small) != len(q.Small) || len(p.Small) == 0 {
		return math.Inf(1)
	}
	var sum float64
	for i := range p.Small {
		sum += math.Abs(p.Small[i] - q.Small[i])
	}
	return sum / float64(len(p.Small))
}

type labels struct{ Params, Source, Label string }

// labels reads three labels that follow the interface language.
func (b *browser) labels() labels {
	b.t.Helper()
	var l labels
	raw := b.eval(`({
		Params: document.querySelector('h2[data-i18n="params"]').textContent,
		Source: document.querySelector("#understood li.src-said .source").textContent,
		Label: document.querySelector("#words").labels[0].textContent,
	})`)
	if err := json.Unmarshal(raw, &l); err != nil {
		b.t.Fatal(err)
	}
	return l
}

// checkConsole fails the test on any console error or uncaught exception of the page.
func (b *browser) checkConsole() {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, m := range b.console {
		b.t.Errorf("page console: %s", m)
	}
}
