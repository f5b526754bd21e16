package main

import (
	"bytes"
	"strings"
	"testing"

	"yanchu/catalog"
	"yanchu/query"
)

// Every registered domain explains its own examples, in Chinese and in English:
// the header in the language of the words, then every parameter of the schema
// with its value and source, then canonical words that explain the same again.
func TestExplainEveryDomain(t *testing.T) {
	for _, d := range catalog.All() {
		sc := d.Schema()
		r, err := query.NewReader([]query.Domain{{Schema: sc, Lexicon: d.Lexicon()}})
		if err != nil {
			t.Fatal(err)
		}
		langs := map[bool]bool{}
		for _, words := range r.Examples(sc.Domain) {
			zh := strings.ContainsFunc(words, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff })
			langs[zh] = true
			t.Run(sc.Domain+"/"+words, func(t *testing.T) {
				var out, errb bytes.Buffer
				if code := run(t.Context(), []string{"explain", words}, &out, &errb); code != 0 {
					t.Fatalf("exit %d: %s", code, errb.String())
				}
				text := out.String()
				head := "understood: " + sc.En
				if zh {
					head = "理解为：" + sc.Zh
				}
				if !strings.HasPrefix(text, head) {
					t.Errorf("explain %q starts %q, want %q", words, firstLine(text), head)
				}
				for _, p := range sc.Params {
					if !strings.Contains(text, "\n  "+p.Name+" ") {
						t.Errorf("explain %q does not list %s:\n%s", words, p.Name, text)
					}
				}
				doc, code, stderr := runJSON(t, "explain", words, "--json")
				if code != 0 {
					t.Fatalf("--json: exit %d: %s", code, stderr)
				}
				again, code, stderr := runJSON(t, "explain", doc.Canonical, "--json")
				if code != 0 || again.Canonical != doc.Canonical {
					t.Errorf("canonical %q explains as %q (exit %d, %s)", doc.Canonical, again.Canonical, code, stderr)
				}
			})
		}
		if !langs[true] || !langs[false] {
			t.Errorf("%s: the lexicon needs an example in each language", sc.Domain)
		}
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
