package query

import (
	"math"
	"strings"
	"testing"
	"time"

	"yanchu/badinput"
)

func FuzzParse(f *testing.F) {
	for _, c := range okCases {
		f.Add(c.words)
	}
	for _, c := range errCases {
		if len(c.words) < 2000 {
			f.Add(c.words)
		}
	}
	f.Fuzz(func(t *testing.T, words string) {
		start := time.Now()
		s, err := Parse(words, both)
		// A generous cap that only an accidental blow-up (quadratic work on
		// long input, a loop that does not end) would pass.
		if d := time.Since(start); d > 200*time.Millisecond {
			t.Fatalf("Parse(%q) took %v", words, d)
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
		roundTrip(t, words, s)
	})
}
