package query

import (
	_ "embed"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"yanchu/spec"
)

//go:embed lexicon/common.tsv
var commonLexicon []byte

//go:embed lexicon/sizes.tsv
var sizesTable []byte

// entryKind is what a lexicon word means.
type entryKind uint8

const (
	kDomain   entryKind = iota + 1 // names a domain
	kParam                         // names a parameter, before or after its value
	kMarker                        // names a parameter, only after its value (12层)
	kValue                         // one choice of a Choice parameter
	kUnit                          // a unit of measure
	kNumber                        // an English number word
	kSizeAxis                      // one side of a size (长 宽 高)
	kApprox                        // a word of approximation, ignored
	kFiller                        // a word understood and ignored
	kExample                       // words that work, for messages
	kChatter                       // spoken chatter, set aside and listed (嗯, 谢谢, 送给我爸)
	kCorrect                       // a correction: a later value replaces an earlier one
	kNegate                        // turns the option after it off (不要, without)
	kRadius                        // a radius, doubled into a diameter parameter
	kDecimal                       // "point" in "three point five"
	kObject                        // a thing of standard size (网球: 67 mm)
	kPrinter                       // a printer's name
	kBrand                         // a printer maker's name, without a model
)

var kindNames = map[string]entryKind{
	"domain": kDomain, "param": kParam, "marker": kMarker, "value": kValue,
	"unit": kUnit, "number": kNumber, "sizeaxis": kSizeAxis, "approx": kApprox,
	"filler": kFiller, "example": kExample, "chatter": kChatter, "correct": kCorrect,
	"negate": kNegate, "radius": kRadius, "decimal": kDecimal,
}

// entry is one meaning of a lexicon word.
type entry struct {
	kind   entryKind
	domain string // domain, param, marker, value, example
	param  string // param, marker, value
	choice string // value
	// unit
	unitKind spec.Kind
	factor   float64
	before   bool
	num      float64  // number; object: its size in mm
	add      bool     // number: added to the number before it (and a half)
	mult     bool     // number: multiplies the number before it (hundred, dozen)
	axis     int      // sizeaxis: 0 x, 1 y, 2 z
	why      string   // chatter: spec.AsideFiller, AsidePoliteness or AsidePurpose
	negates  bool     // correct: also negates what follows when nothing came before (不是树脂)
	name     string   // object: its English name; printer: the id
	note     string   // object: where its size comes from
	ids      []string // brand: the printers of the maker
	file     string   // where it was declared, for messages
	line     int
}

// scoped reports whether the entry belongs to one domain.
func (e *entry) scoped() bool { return e.domain != "" && e.kind != kExample }

// trieNode is a node of the lexicon trie over normalised runes. A space in a
// word is stored as ' ' and matches any run of spaces, hyphens or underscores.
type trieNode struct {
	next    map[rune]*trieNode
	entries []*entry
	word    string
}

// lexicon is the parsed, embedded word list.
type lexicon struct {
	root     *trieNode
	words    map[string][]*entry // normalised word to its meanings
	all      []string            // every word, sorted, for suggestions
	entries  []*entry            // in file order
	wordsOf  map[*entry][]string // each entry's words in file order
	order    map[string]int      // each word's place in the files
	examples map[string][]string // domain to example phrasings
}

// source is one lexicon file: the shared words, or a domain's.
type source struct {
	name string
	data []byte
	// schema, when set, is the only domain the file's entries may name, and
	// every parameter and choice they name must be in it.
	schema *spec.Schema
}

// loadLexicon parses the lexicon files in order, then the table of things of
// standard size and the printers' names.
func loadLexicon(srcs []source, printers []Printer) (*lexicon, error) {
	lx := &lexicon{root: &trieNode{}, words: map[string][]*entry{}, examples: map[string][]string{}, wordsOf: map[*entry][]string{}, order: map[string]int{}}
	for _, src := range srcs {
		for i, line := range strings.Split(string(src.data), "\n") {
			line = strings.TrimRight(line, "\r")
			if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
				continue
			}
			if err := lx.addLine(src, i+1, line); err != nil {
				return nil, err
			}
		}
	}
	if err := lx.addSizes("sizes.tsv", sizesTable); err != nil {
		return nil, err
	}
	if err := lx.addPrinters(printers); err != nil {
		return nil, err
	}
	for w := range lx.words {
		lx.all = append(lx.all, w)
	}
	sort.Strings(lx.all)
	return lx, nil
}

// addSizes reads the table of things of standard size, one a line:
//
//	mm<TAB>word|word|...<TAB>English name<TAB>where the size comes from
func (lx *lexicon) addSizes(file string, data []byte) error {
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 4 {
			return fmt.Errorf("query: %s:%d: want mm<TAB>words<TAB>name<TAB>source, got %d columns", file, i+1, len(cols))
		}
		mm, err := strconv.ParseFloat(cols[0], 64)
		if err != nil || !(mm > 0 && mm < 1e4) || cols[2] == "" || cols[3] == "" {
			return fmt.Errorf("query: %s:%d: bad size %q, name or source", file, i+1, cols[0])
		}
		e := &entry{kind: kObject, num: mm, name: cols[2], note: cols[3], file: file, line: i + 1}
		for _, w := range strings.Split(cols[1], "|") {
			nw := normWord(w)
			if nw == "" {
				return fmt.Errorf("query: %s:%d: empty word", file, i+1)
			}
			lx.add(nw, e)
		}
	}
	return nil
}

func (lx *lexicon) addLine(src source, n int, line string) error {
	file := src.name
	cols := strings.Split(line, "\t")
	if len(cols) != 3 {
		return fmt.Errorf("query: %s:%d: want kind<TAB>target<TAB>words, got %d columns", file, n, len(cols))
	}
	kind, ok := kindNames[cols[0]]
	if !ok {
		return fmt.Errorf("query: %s:%d: unknown kind %q", file, n, cols[0])
	}
	e := &entry{kind: kind, file: file, line: n}
	target := cols[1]
	bad := func() error { return fmt.Errorf("query: %s:%d: bad target %q for %s", file, n, target, cols[0]) }
	switch kind {
	case kDomain, kExample:
		e.domain = target
	case kFiller:
		// A domain's own filler is ignored only in that domain (水 in 能装一升水).
		if target != "-" {
			e.domain = target
		}
	case kChatter:
		switch target {
		case spec.AsideFiller, spec.AsidePoliteness, spec.AsidePurpose:
			e.why = target
		default:
			return bad()
		}
	case kCorrect:
		switch target {
		case "-":
		case "not":
			e.negates = true
		default:
			return bad()
		}
	case kNegate, kDecimal:
		if target != "-" {
			return bad()
		}
	case kRadius:
		// A shared radius word names the schema's diameter parameter; a domain's
		// own names the parameter it doubles into.
		if target != "-" {
			d, p, ok := strings.Cut(target, ".")
			if !ok || d == "" || p == "" {
				return bad()
			}
			e.domain, e.param = d, p
		}
	case kParam, kMarker:
		d, p, ok := strings.Cut(target, ".")
		if !ok || d == "" || p == "" {
			return bad()
		}
		e.domain, e.param = d, p
	case kValue:
		d, rest, ok := strings.Cut(target, ".")
		p, c, ok2 := strings.Cut(rest, "=")
		if !ok || !ok2 || d == "" || p == "" || c == "" {
			return bad()
		}
		e.domain, e.param, e.choice = d, p, c
	case kUnit:
		parts := strings.Split(target, ":")
		if len(parts) < 2 || len(parts) > 3 {
			return bad()
		}
		e.unitKind = spec.Kind(parts[0])
		switch e.unitKind {
		case spec.Length, spec.Volume, spec.Angle, spec.Percent:
		default:
			return bad()
		}
		f, err := strconv.ParseFloat(parts[1], 64)
		if err != nil || !(f > 0) {
			return bad()
		}
		e.factor = f
		if len(parts) == 3 {
			if parts[2] != "before" {
				return bad()
			}
			e.before = true
		}
	case kNumber:
		// +0.5 is added to the number before (and a half), *100 multiplies it
		// (hundred, dozen).
		t := target
		switch {
		case strings.HasPrefix(t, "+"):
			e.add, t = true, t[1:]
		case strings.HasPrefix(t, "*"):
			e.mult, t = true, t[1:]
		}
		f, err := strconv.ParseFloat(t, 64)
		if err != nil || f < 0 || (e.mult && f < 2) {
			return bad()
		}
		e.num = f
	case kSizeAxis:
		i := strings.Index("xyz", target)
		if len(target) != 1 || i < 0 {
			return bad()
		}
		e.axis = i
	case kApprox:
		if target != "-" {
			return bad()
		}
	}
	if sc := src.schema; sc != nil {
		if e.domain != sc.Domain {
			return fmt.Errorf("query: %s:%d: a domain's lexicon may only name its own domain %q, got %q", file, n, sc.Domain, target)
		}
		if e.param != "" {
			prm, ok := sc.Param(e.param)
			if !ok {
				return fmt.Errorf("query: %s:%d: %s has no parameter %q", file, n, sc.Domain, e.param)
			}
			if kind == kValue && !slices.Contains(prm.Choices, e.choice) {
				return fmt.Errorf("query: %s:%d: %s.%s has no choice %q (it has %s)", file, n, sc.Domain, e.param, e.choice, strings.Join(prm.Choices, ", "))
			}
		}
	}
	for _, w := range strings.Split(cols[2], "|") {
		if kind == kExample {
			if w = strings.TrimSpace(w); w != "" {
				lx.examples[e.domain] = append(lx.examples[e.domain], w)
			}
			continue
		}
		nw := normWord(w)
		if nw == "" {
			return fmt.Errorf("query: %s:%d: empty word", file, n)
		}
		lx.add(nw, e)
	}
	return nil
}

// normWord normalises a lexicon word the way input is normalised, with runs of
// separators inside it made one space.
func normWord(w string) string {
	rs, _ := normalize(w)
	var b strings.Builder
	space := false
	for _, r := range rs {
		if isJoiner(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// add records word w with meaning e, once.
func (lx *lexicon) add(w string, e *entry) {
	for _, old := range lx.words[w] {
		if old == e {
			return
		}
	}
	lx.words[w] = append(lx.words[w], e)
	if _, ok := lx.order[w]; !ok {
		lx.order[w] = len(lx.order)
	}
	if lx.wordsOf[e] == nil {
		lx.entries = append(lx.entries, e)
	}
	lx.wordsOf[e] = append(lx.wordsOf[e], w)
	n := lx.root
	for _, r := range w {
		if n.next == nil {
			n.next = map[rune]*trieNode{}
		}
		c := n.next[r]
		if c == nil {
			c = &trieNode{}
			n.next[r] = c
		}
		n = c
	}
	n.word = w
	n.entries = append(n.entries, e)
}

// isJoiner reports whether r may stand between the words of a lexicon phrase.
func isJoiner(r rune) bool { return r == ' ' || r == '-' || r == '_' || r == '\t' }

// match returns the end of the longest lexicon word starting at rs[i], and its
// node, or -1. A word ending in a Latin letter must not be followed by one. A
// space in a lexicon word matches a run of spaces, hyphens or underscores, and
// between runes that are not both Latin letters it may be left out; there, too,
// a run of them in the words may stand where the lexicon word has none. So
// "拓竹 A1 mini" matches 拓竹A1mini, while "puzzle ball" needs its space.
func (lx *lexicon) match(rs []rune, i int) (int, *trieNode) {
	best, bestNode := -1, (*trieNode)(nil)
	var walk func(n *trieNode, j int)
	walk = func(n *trieNode, j int) {
		for j < len(rs) {
			r := rs[j]
			if isJoiner(r) && j > i {
				k := j
				for k < len(rs) && isJoiner(rs[k]) {
					k++
				}
				if k < len(rs) && !(isLatin(rs[j-1]) && isLatin(rs[k])) && n.next[rs[k]] != nil {
					walk(n, k)
				}
				c := n.next[' ']
				if c == nil {
					return
				}
				n, j = c, k
				continue
			}
			if c := n.next[' ']; c != nil && j > i && !(isLatin(rs[j-1]) && isLatin(r)) {
				walk(c, j)
			}
			c := n.next[r]
			if c == nil {
				return
			}
			n = c
			j++
			if n.entries != nil && j > best && !(isLatin(rs[j-1]) && j < len(rs) && isLatin(rs[j])) {
				best, bestNode = j, n
			}
		}
	}
	walk(lx.root, i)
	return best, bestNode
}

// byParam returns the words of kind naming domain.param, in file order.
func (lx *lexicon) byParam(domain, param string, kind entryKind) []string {
	var out []string
	for _, e := range lx.entries {
		if e.kind == kind && e.domain == domain && e.param == param {
			out = append(out, lx.wordsOf[e]...)
		}
	}
	return out
}
