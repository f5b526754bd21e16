package query

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"yanchu/badinput"
	"yanchu/internal/textdist"
)

// Printer is a printer the words may name ("用拓竹P1S打", "for my A1 mini"): its
// id, every name it goes by, and its maker's names ("Bambu Lab", "拓竹").
type Printer struct {
	ID     string
	Names  []string
	Brands []string
}

// addPrinters adds the printers' names, and each name with its maker left off
// ("A1 mini" of "Bambu Lab A1 mini"), as printer words; and the makers' names as
// brand words, so that a maker with an unknown model is an unknown printer. A
// name of letters only that is not a maker's full name (mini) is left out: it is
// too like ordinary words.
func (lx *lexicon) addPrinters(printers []Printer) error {
	brands := map[string][]string{}
	var brandOrder []string
	for _, p := range printers {
		if p.ID == "" {
			return fmt.Errorf("query: a printer without an id")
		}
		e := &entry{kind: kPrinter, name: p.ID, file: "printers", line: 0}
		var ws []string
		for _, n := range append([]string{p.ID}, p.Names...) {
			ws = append(ws, n)
			for _, b := range p.Brands {
				if rest, ok := cutPrefixFold(n, b); ok {
					ws = append(ws, rest)
				}
			}
		}
		for _, w := range ws {
			w = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(w), "+"))
			nw := normWord(w)
			if nw == "" || !distinctive(nw) {
				continue
			}
			lx.add(nw, e)
		}
		for _, b := range p.Brands {
			nb := normWord(b)
			if nb == "" {
				continue
			}
			if _, ok := brands[nb]; !ok {
				brandOrder = append(brandOrder, nb)
			}
			brands[nb] = append(brands[nb], p.ID)
		}
	}
	for _, b := range brandOrder {
		lx.add(b, &entry{kind: kBrand, ids: brands[b], file: "printers"})
	}
	return nil
}

// cutPrefixFold cuts prefix p off s, ignoring case, when what is left is a word
// of its own.
func cutPrefixFold(s, p string) (string, bool) {
	if len(s) <= len(p) || !strings.EqualFold(s[:len(p)], p) {
		return "", false
	}
	rest := s[len(p):]
	r := []rune(rest)[0]
	if isLatin(r) && isLatin([]rune(p)[len([]rune(p))-1]) {
		return "", false
	}
	return strings.TrimSpace(rest), true
}

// distinctive reports whether a printer word is unlike ordinary words: it holds
// a digit, a Chinese character, or more than one word.
func distinctive(w string) bool {
	for _, r := range w {
		if unicode.IsDigit(r) || isHan(r) || r == ' ' {
			return true
		}
	}
	return false
}

// brandOf returns the ids of the printers a brand token's maker makes, or nil.
func brandOf(t *token) []string {
	if t.kind != tWord {
		return nil
	}
	for _, e := range t.node {
		if e.kind == kBrand {
			return e.ids
		}
	}
	return nil
}

// printerOf returns the id of the printer a word token names, or "".
func printerOf(t *token) string {
	if t.kind != tWord {
		return ""
	}
	for _, e := range t.node {
		if e.kind == kPrinter {
			return e.name
		}
	}
	return ""
}

// isPrinterWord reports whether t is the word "printer" (打印机).
func isPrinterWord(t *token) bool {
	switch t.text {
	case "打印机", "打印機", "printer", "3d打印机", "3d printer":
		return true
	}
	return false
}

// printers finds the printer the words name. Two different printers are a
// conflict unless a correction stands between them; a maker named without a
// known model, or an unknown word just before "printer" (打印机), is an unknown
// printer, with the nearest known ids.
func (p *parser) printers() (id, word string, err error) {
	var first *token
	for i := range p.toks {
		t := &p.toks[i]
		if ids := brandOf(t); ids != nil {
			if i+1 < len(p.toks) && printerOf(&p.toks[i+1]) != "" {
				continue // 拓竹 P1S said apart
			}
			j := i + 1
			for j < len(p.toks) && (p.toks[j].kind == tUnknown || p.toks[j].kind == tNum) && (j == i+1 || !p.toks[j].separated) {
				j++
			}
			model := ""
			if j > i+1 {
				model = p.orig(p.toks[i+1].start, p.toks[j-1].end)
			}
			return "", "", p.unknownPrinter(p.orig(t.start, p.toks[j-1].end), strings.ToLower(model), ids)
		}
		if t.kind == tUnknown && i+1 < len(p.toks) && isPrinterWord(&p.toks[i+1]) {
			return "", "", p.unknownPrinter(p.orig(t.start, t.end), t.text, nil)
		}
		pid := printerOf(t)
		if pid == "" {
			continue
		}
		if first != nil && printerOf(first) != pid && !p.correctedBetween(first.start, t.start) {
			return "", "", badf(badinput.Conflict, "the words name two printers, %s and %s; name one",
				p.orig(first.start, first.end), p.orig(t.start, t.end))
		}
		first = t
	}
	if first == nil {
		return "", "", nil
	}
	return printerOf(first), p.orig(first.start, first.end), nil
}

// unknownPrinter is the unknown_printer error for the words w: the maker's
// printers (ids) when a maker was named, else every printer, the nearest to
// model first.
func (p *parser) unknownPrinter(w, model string, ids []string) error {
	if ids == nil {
		ids = p.lx.printerIDs()
	}
	sugg := append([]string(nil), ids...)
	if model != "" {
		sort.SliceStable(sugg, func(a, b int) bool {
			return textdist.Distance(model, sugg[a]) < textdist.Distance(model, sugg[b])
		})
	}
	if len(sugg) > 3 {
		sugg = sugg[:3]
	}
	return &badinput.Error{Code: badinput.UnknownPrinter, Suggestions: sugg, Message: fmt.Sprintf(
		"query: yanchu does not know the printer %q; it knows %s (see yanchu printers), or leave the printer out",
		clip(w), strings.Join(ids, ", "))}
}

// printerIDs lists every printer id the lexicon holds, in the order given.
func (lx *lexicon) printerIDs() []string {
	var ids []string
	for _, e := range lx.entries {
		if e.kind == kPrinter {
			ids = append(ids, e.name)
		}
	}
	return ids
}
