package query

import (
	"math"
	"strings"
	"testing"

	"yanchu/badinput"
	"yanchu/internal/examples"
)

func FuzzParse(f *testing.F) {
	for _, c := range okCases {
		f.Add(c.words)
	}
	// Speech: chatter, corrections, negation, radius, comparisons, numbers in
	// words, fractions and printers.
	for _, c := range spokenCases {
		f.Add(c.words)
	}
	f.Add(spoken40)
	f.Add("puzzle ball 3⅞ in, 1/0 mm, one point, and a half, half an inch, 不是 不要 none")
	for _, c := range errCases {
		if len(c.words) < 2000 {
			f.Add(c.words)
		}
	}
	// Every domain's words: the example files, and each lexicon's examples.
	for _, name := range []string{"prompts.tsv", "bad-prompts.tsv", "spoken.tsv"} {
		for _, row := range examples.Rows(f, "..", name) {
			if w := examples.Words(row[0]); len(w) < 2000 {
				f.Add(w)
			}
		}
	}
	for _, d := range both.domains {
		for _, ex := range both.Examples(d.Domain) {
			f.Add(ex)
		}
	}
	f.Fuzz(func(t *testing.T, words string) {
		// Speed lives in BenchmarkParse; here only the caps are checked: input over
		// the limits is refused before any work.
		s, err := both.Parse(words)
		if e := badinput.As(err); len([]rune(words)) > MaxRunes && (e == nil || e.Code != badinput.TooLong) {
			t.Fatalf("Parse of %d runes: got %v, want too_long", len([]rune(words)), err)
		}
		lower := strings.ToLower(words)
		if err != nil {
			e := badinput.As(err)
			if e == nil {
				t.Fatalf("Parse(%q): %v is not a *badinput.Error", words, err)
			}
			if e.Code == "" || e.Message == "" {
				t.Fatalf("Parse(%q): error without code or message: %+v", words, e)
			}
			if !strings.Contains(lower, "inf") && !strings.Contains(lower, "nan") &&
				(strings.Contains(e.Message, "Inf") || strings.Contains(e.Message, "NaN")) {
				t.Fatalf("Parse(%q): message leaks Inf or NaN: %s", words, e.Message)
			}
			return
		}
		for k, v := range s.Params {
			if math.IsInf(v.Num, 0) || math.IsNaN(v.Num) {
				t.Fatalf("Parse(%q): %s = %v", words, k, v.Num)
			}
		}
		// What was heard besides the parameters holds only the words' own text.
		for _, a := range s.Heard.Aside {
			if a.Word == "" || a.Why == "" || !strings.Contains(words, strings.Fields(a.Word)[0]) && !strings.Contains(lower, strings.ToLower(strings.Fields(a.Word)[0])) {
				t.Fatalf("Parse(%q): set aside %+v is not in the words", words, a)
			}
		}
		roundTrip(t, words, s)
	})
}
