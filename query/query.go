package query

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"yanchu/badinput"
	"yanchu/spec"
)

// MaxRunes is the most characters Parse reads; longer words are refused with
// code too_long before any other work.
const MaxRunes = 500

// MaxTokens is the most words and numbers Parse reads from one prompt.
const MaxTokens = maxTokens

// Domain is what the reader needs of a domain: its schema and its words, in the
// lexicon format (see the package comment). Every entry of the lexicon must name
// the domain.
type Domain struct {
	Schema  *spec.Schema
	Lexicon []byte
}

// Reader reads words for a fixed set of domains. It is safe for concurrent use.
type Reader struct {
	lx      *lexicon
	domains []*spec.Schema
}

// NewReader returns a reader for the domains, with the shared words every domain
// understands (units, numbers, sides of a size, fillers). It fails when a lexicon
// is malformed, names another domain, or names a parameter or choice its domain's
// schema does not declare.
//
// The printers are those the words may name ("用拓竹P1S打", "for my A1 mini").
func NewReader(domains []Domain, printers ...Printer) (*Reader, error) {
	srcs := []source{{name: "common.tsv", data: commonLexicon}}
	r := &Reader{}
	for _, d := range domains {
		if d.Schema == nil || d.Schema.Domain == "" {
			return nil, fmt.Errorf("query: a domain without a schema or a name")
		}
		srcs = append(srcs, source{name: d.Schema.Domain + "/lexicon.tsv", data: d.Lexicon, schema: d.Schema})
		r.domains = append(r.domains, d.Schema)
	}
	lx, err := loadLexicon(srcs, printers)
	if err != nil {
		return nil, err
	}
	r.lx = lx
	return r, nil
}

// Parse reads words as a request for one of the reader's domains and returns a
// Spec with the values that were said (Source spec.Said, Word the original text)
// and Lang "zh" when the words hold any Chinese character, else "en". Numbers are
// in the canonical unit of their kind. Parse also reads the canonical form that
// spec.Canonical prints ("puzzleball layers=12 diameter=80mm"). Errors about the
// words are *badinput.Error with codes empty, too_long, unknown_word,
// out_of_range or conflict.
func (r *Reader) Parse(words string) (*spec.Spec, error) {
	if tooLong(words) {
		return nil, &badinput.Error{Code: badinput.TooLong, Message: fmt.Sprintf(
			"query: the words are longer than %d characters; say what to make in a few words, such as %q", MaxRunes, "鬼工球 8层 直径80毫米")}
	}
	rs, offs := normalize(words)
	toks, ok := scan(r.lx, rs, 0)
	if !ok {
		return nil, &badinput.Error{Code: badinput.TooLong, Message: fmt.Sprintf(
			"query: the words hold more than %d words and numbers; say what to make in a few words, such as %q", MaxTokens, "鬼工球 8层 直径80毫米")}
	}
	p := &parser{lx: r.lx, words: words, rs: rs, offs: offs, toks: toks, domains: r.domains}
	return p.parse()
}

// Examples returns the example phrasings a domain's lexicon gives.
func (r *Reader) Examples(domain string) []string {
	return append([]string(nil), r.lx.examples[domain]...)
}

// tooLong reports whether s has more than MaxRunes runes, reading at most that many.
func tooLong(s string) bool {
	if len(s) <= MaxRunes {
		return false
	}
	n := 0
	for i := 0; i < len(s); {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		n++
		if n > MaxRunes {
			return true
		}
	}
	return false
}

// parser holds the state of one Parse.
type parser struct {
	lx      *lexicon
	words   string
	rs      []rune
	offs    []int
	toks    []token
	domains []*spec.Schema
	sc      *spec.Schema
	out     *spec.Spec
	// at is where in the words each parameter's value was said (rune offset).
	at map[string]int
	// fixes are the correction words, in order.
	fixes []fix
}

// orig returns the original text of normalised runes [start, end).
func (p *parser) orig(start, end int) string {
	return strings.TrimSpace(p.words[p.offs[start]:p.offs[end]])
}

func (p *parser) parse() (*spec.Spec, error) {
	if p.isEmpty() {
		return nil, &badinput.Error{Code: badinput.Empty, Message: "query: nothing to make: say what to make, such as " + p.examples()}
	}
	p.findFixes()
	printer, printerWord, err := p.printers()
	if err != nil {
		return nil, err
	}
	if err := p.findDomain(); err != nil {
		return nil, err
	}
	p.out = &spec.Spec{Domain: p.sc.Domain, Params: map[string]spec.Value{}, Lang: lang(p.rs)}
	p.out.Heard.Printer, p.out.Heard.PrinterWord = printer, printerWord
	items, err := p.items(p.toks, p.sc)
	if err != nil {
		return nil, err
	}
	if err := p.bind(items); err != nil {
		return nil, err
	}
	if err := p.check(); err != nil {
		return nil, err
	}
	p.setAside()
	return p.out, nil
}

// lang returns "zh" when rs holds a Chinese character, else "en".
func lang(rs []rune) string {
	for _, r := range rs {
		if isHan(r) {
			return "zh"
		}
	}
	return "en"
}

// ignorable reports whether a word token means nothing to bind: a filler, an
// approximation or a stray quote mark.
func ignorable(t *token) bool {
	if t.kind != tWord {
		return false
	}
	for _, e := range t.node {
		switch e.kind {
		case kFiller, kApprox, kChatter, kCorrect:
			return true
		}
	}
	return t.text == `"` || t.text == "″"
}

func (p *parser) isEmpty() bool {
	for i := range p.toks {
		if !ignorable(&p.toks[i]) {
			return false
		}
	}
	return true
}

// schemaFor returns the schema of the named domain among p.domains.
func (p *parser) schemaFor(name string) *spec.Schema {
	for _, s := range p.domains {
		if s != nil && s.Domain == name {
			return s
		}
	}
	return nil
}

// findDomain finds the one domain the words name, then reports unknown words.
// A domain's own name and its parameters' names always work, lexicon or not.
func (p *parser) findDomain() error {
	var first *token
	var firstSc *spec.Schema
	firstUnknown := -1
	for i := range p.toks {
		t := &p.toks[i]
		if t.kind == tUnknown {
			if sc := p.schemaFor(t.text); sc != nil {
				t.kind = tWord
				t.node = []*entry{{kind: kDomain, domain: sc.Domain}}
			} else if firstUnknown < 0 {
				firstUnknown = i
			}
		}
		if t.kind != tWord {
			continue
		}
		for _, e := range t.node {
			if e.kind != kDomain {
				continue
			}
			sc := p.schemaFor(e.domain)
			if sc == nil {
				continue
			}
			if firstSc == nil {
				first, firstSc = t, sc
			} else if sc != firstSc {
				return &badinput.Error{Code: badinput.Conflict, Message: fmt.Sprintf(
					"query: the words name two things, %s (%s) and %s (%s); make one at a time",
					p.orig(first.start, first.end), firstSc.Domain, p.orig(t.start, t.end), sc.Domain)}
			}
		}
	}
	if firstSc != nil {
		for i := range p.toks {
			t := &p.toks[i]
			if t.kind != tUnknown {
				continue
			}
			if _, ok := firstSc.Param(t.text); !ok {
				return p.unknown(i)
			}
			t.kind = tWord
			t.node = []*entry{{kind: kParam, domain: firstSc.Domain, param: t.text}}
		}
	}
	if firstSc == nil && firstUnknown >= 0 {
		return p.unknown(firstUnknown)
	}
	if firstSc == nil {
		return &badinput.Error{Code: badinput.UnknownWord, Message: fmt.Sprintf(
			"query: the words do not say what to make; name one of: %s (for example %s)", p.domainNames(), p.examples())}
	}
	p.sc = firstSc
	return nil
}

// domainNames lists the domains as "鬼工球 / puzzle ball (puzzleball)".
func (p *parser) domainNames() string {
	var names []string
	for _, s := range p.domains {
		if s == nil {
			continue
		}
		n := s.Domain
		switch {
		case s.Zh != "" && s.En != "":
			n = s.Zh + " / " + s.En + " (" + s.Domain + ")"
		case s.En != "":
			n = s.En + " (" + s.Domain + ")"
		}
		names = append(names, n)
	}
	if len(names) == 0 {
		return "(no domains are available)"
	}
	return strings.Join(names, ", ")
}

// examples returns phrasings that work, quoted, for messages.
func (p *parser) examples() string {
	var ex []string
	for _, s := range p.domains {
		if s == nil {
			continue
		}
		for _, e := range p.lx.examples[s.Domain] {
			ex = append(ex, fmt.Sprintf("%q", e))
		}
	}
	if len(ex) == 0 {
		return "a domain and a few numbers"
	}
	return strings.Join(ex, " or ")
}

// unknown returns the unknown_word error for the unknown token at i, merged
// with the unknown tokens right after it ("puzzle bal").
func (p *parser) unknown(i int) error {
	j := i + 1
	for j < len(p.toks) && p.toks[j].kind == tUnknown && p.schemaFor(p.toks[j].text) == nil {
		j++
	}
	start, end := p.toks[i].start, p.toks[j-1].end
	word := clip(p.orig(start, end))
	var parts []string
	for k := i; k < j; k++ {
		parts = append(parts, p.toks[k].text)
	}
	sugg := p.suggest(strings.Join(parts, " "))
	if len(sugg) == 0 && j-i > 1 {
		for k := i; k < j && len(sugg) == 0; k++ {
			sugg = p.suggest(p.toks[k].text)
		}
	}
	msg := fmt.Sprintf("query: unknown word %q", word)
	if len(sugg) > 0 {
		msg += fmt.Sprintf("; did you mean %s?", quoteList(sugg, " or "))
	} else {
		msg += fmt.Sprintf("; yanchu knows %s, for example %s", p.domainNames(), p.examples())
	}
	return &badinput.Error{Code: badinput.UnknownWord, Message: msg, Suggestions: sugg}
}

func quoteList(ws []string, sep string) string {
	q := make([]string, len(ws))
	for i, w := range ws {
		q[i] = fmt.Sprintf("%q", w)
	}
	return strings.Join(q, sep)
}

// check reports huge values and values outside their range or choices.
func (p *parser) check() error {
	for _, prm := range p.sc.Params {
		v, ok := p.out.Params[prm.Name]
		if !ok {
			continue
		}
		big := math.Abs(v.Num) >= 1e12 || math.IsNaN(v.Num)
		for _, x := range v.Vec {
			big = big || math.Abs(x) >= 1e12 || math.IsNaN(x)
		}
		if big {
			return &badinput.Error{Code: badinput.OutOfRange, Message: fmt.Sprintf(
				"query: %s must be between %s and %s%s, got %s", prm.Name,
				spec.FormatNumber(prm.Min), spec.FormatNumber(prm.Max), unitSuffix(prm.Kind), clip(v.Word))}
		}
	}
	if name, msg := spec.Check(p.sc, p.out); msg != "" {
		_ = name
		return &badinput.Error{Code: badinput.OutOfRange, Message: "query: " + msg}
	}
	return nil
}

func unitSuffix(k spec.Kind) string {
	if u := k.Unit(); u != "" {
		return " " + u
	}
	return ""
}

// clip shortens s to at most 40 characters for a message.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	return string([]rune(s)[:39]) + "…"
}
