package pipeline

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"yanchu/badinput"
	"yanchu/carve"
	"yanchu/catalog"
	"yanchu/internal/filmtest"
	"yanchu/spec"
)

// The sweep draws random specs from every domain's schema, the ends of each
// range among them, and runs each through the whole pipeline: words as the
// canonical form prints them, understood, built, meshed, checked and written.
// Each either is refused as bad input (a *badinput.Error with a code and a
// message) or gives files whose mesh is closed, manifold and outward, with as
// many bodies as the design has parts, and a puzzle ball no wider than its
// diameter (catalog.Sizer). A failure prints the words that make it again.
//
// YANCHU_SWEEP sets how many specs (default 20; CI runs 300), YANCHU_SWEEP_SEED
// the seed (default 1), YANCHU_SWEEP_LIMIT the time a make may take before it
// is stopped and counted as too slow for the sweep (default 20s): a stop must
// still end cleanly.
func TestSweep(t *testing.T) {
	if testing.Short() {
		t.Skip("makes many models")
	}
	n := envInt(t, "YANCHU_SWEEP", 20)
	seed := envInt(t, "YANCHU_SWEEP_SEED", 1)
	limit := 20 * time.Second
	if v := os.Getenv("YANCHU_SWEEP_LIMIT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatal(err)
		}
		limit = d
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 2026))
	domains := catalog.All()
	picture := gradientPNG(t)
	film := towerFilm(t)
	made, refused, slow := 0, 0, 0
	codes := map[string]int{}
	t0 := time.Now()
	for i := range n {
		d := domains[i%len(domains)]
		sc := d.Schema()
		words := drawWords(rng, sc)
		var in catalog.Inputs
		if sc.Image {
			in.Image = &catalog.File{Name: "gradient.png", Data: picture}
		}
		if sc.Film {
			in.Film = film
		}
		how, err := sweepOne(t, words, in, limit)
		switch {
		case err != nil:
			t.Errorf("spec %d: yanchu make %q%s: %v", i, words, imageFlag(sc), err)
		case how == "made":
			made++
		case how == "slow":
			slow++
			t.Logf("stopped at the limit: %q", words)
		default:
			refused++
			codes[how]++
			if testing.Verbose() {
				t.Logf("refused %q: %s", words, how)
			}
		}
	}
	t.Logf("%d specs in %v (seed %d): %d made, %d refused %v, %d stopped at the %v limit",
		n, time.Since(t0).Round(time.Second), seed, made, refused, codes, slow, limit)
	if made < n/3 {
		t.Errorf("only %d of %d specs made a model: the sweep draws too few that work", made, n)
	}
}

func imageFlag(sc *spec.Schema) string {
	if sc.Image {
		return " --image a 64×48 gradient"
	}
	if sc.Film {
		return " --film a tower turning, 48 frames of 128²"
	}
	return ""
}

// sweepOne makes the words and checks what comes out. It returns "made", the
// error code of a refusal, or "slow" for a make stopped at the limit, and an
// error for anything else.
func sweepOne(t *testing.T, words string, in catalog.Inputs, limit time.Duration) (string, error) {
	u, err := Understand(words)
	if err == nil {
		u, err = WithInputs(t.Context(), u, in)
	}
	if err != nil {
		return refusal(err, true)
	}
	ctx, cancel := context.WithTimeout(t.Context(), limit)
	defer cancel()
	dir := filepath.Join(t.TempDir(), "out")
	res, err := Make(ctx, u, MakeOptions{Dir: dir, Formats: []string{"3mf", "stl"}, Inputs: in})
	if errors.Is(err, context.DeadlineExceeded) {
		if _, serr := os.Stat(dir); !os.IsNotExist(serr) {
			return "", errors.New("stopped at the limit, it left its folder")
		}
		return "slow", nil
	}
	if err != nil {
		return refusal(err, false)
	}
	m := res.Mesh
	if !m.Watertight || !m.Manifold || !m.Outward {
		return "", errors.New("the mesh is not closed, manifold and outward")
	}
	for _, w := range append(m.Warnings, res.Warnings...) {
		if strings.Contains(w, "separate bodies") {
			return "", errors.New(w)
		}
	}
	if len(res.Files) != 2 {
		return "", errors.New("not every file was written")
	}
	for _, f := range res.Files {
		if st, err := os.Stat(f.Path); err != nil || st.Size() != f.Bytes || f.Bytes == 0 {
			return "", errors.New("file " + f.Path + " is missing or not as reported")
		}
	}
	if sz, ok := mustDomain(u).(catalog.Sizer); ok {
		want := sz.Size(u.Spec)
		got := [3]float64{m.BBox.Max[0] - m.BBox.Min[0], m.BBox.Max[1] - m.BBox.Min[1], m.BBox.Max[2] - m.BBox.Min[2]}
		// The size is a bound: a flat base takes a little off the bottom, and an
		// opening where the ball is widest a cap off that side.
		for a := range 3 {
			w := want.Comp(a)
			if got[a] > w+0.02 || got[a] < 0.5*w {
				return "", errors.New("the model is " + strconv.FormatFloat(got[a], 'f', 2, 64) + " mm across, the design " + strconv.FormatFloat(w, 'f', 2, 64))
			}
		}
	}
	return "made", nil
}

// refusal returns the code of a refusal that is bad input with a code and a
// message; anything else is an error. Words the canonical form printed from
// values in range are never unknown.
func refusal(err error, understanding bool) (string, error) {
	e := badinput.As(err)
	if e == nil || e.Code == "" || e.Message == "" {
		return "", err
	}
	if understanding && (e.Code == badinput.UnknownWord || e.Code == badinput.TooLong || e.Code == badinput.Empty) {
		return "", err
	}
	return e.Code, nil
}

func mustDomain(u *Understanding) catalog.Domain {
	d, _ := catalog.Get(u.Spec.Domain)
	return d
}

// drawWords draws a spec of the schema as canonical words: each parameter said
// three times in ten, a number at either end of its range one time in ten
// each, else anywhere in it (a count or a length on a round value).
func drawWords(rng *rand.Rand, sc *spec.Schema) string {
	words := []string{sc.Domain}
	for _, p := range sc.Params {
		if rng.IntN(10) >= 3 {
			continue
		}
		v := spec.Value{Unit: p.Unit, Source: spec.Said}
		pick := func() float64 {
			switch r := rng.IntN(10); {
			case r < 1:
				return p.Min
			case r < 2:
				return p.Max
			}
			x := p.Min + rng.Float64()*(p.Max-p.Min)
			switch p.Kind {
			case spec.Count:
				return math.Round(x)
			case spec.Number:
				return math.Round(x*100) / 100
			}
			return math.Round(x*10) / 10
		}
		switch p.Kind {
		case spec.Choice:
			if len(p.Choices) == 0 {
				continue
			}
			v.Text = p.Choices[rng.IntN(len(p.Choices))]
		case spec.Size:
			v.Vec = [3]float64{pick(), pick(), pick()}
		default:
			if len(p.Values) > 0 {
				v.Num = p.Values[rng.IntN(len(p.Values))]
			} else {
				v.Num = pick()
			}
		}
		words = append(words, p.Name+"="+spec.FormatValue(p.Kind, v))
	}
	return strings.Join(words, " ")
}

// gradientPNG is a 64×48 picture, dark to light, for the domains made from one.
// towerFilm is a turntable film of filmtest.Tower: 48 frames of 128 × 128
// pixels from 25° above.
func towerFilm(t *testing.T) *carve.Film {
	f, err := filmtest.Film(t.Context(), filmtest.Tower(), 128, 48, 25*math.Pi/180)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func gradientPNG(t *testing.T) []byte {
	img := image.NewGray(image.Rect(0, 0, 64, 48))
	for y := range 48 {
		for x := range 64 {
			img.SetGray(x, y, color.Gray{uint8(x*4 + y)})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func envInt(t *testing.T, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		t.Fatalf("%s=%q: want a whole number", name, v)
	}
	return n
}
