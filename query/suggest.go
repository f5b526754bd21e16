package query

import (
	"sort"
	"strings"
	"unicode/utf8"
	"yanchu/internal/textdist"
)

// maxDist is how far a word may be from a lexicon word to be suggested: one
// character for short words (one substitution in a Chinese word), more for long ones.
func maxDist(w string) int {
	n := utf8.RuneCountInString(w)
	han := lang([]rune(w)) == "zh"
	switch {
	case n <= 1:
		return 0
	case n == 2 && !han:
		return 0
	case n <= 7:
		return 1
	case n <= 11:
		return 2
	}
	return 3
}

// suggestable reports whether e's words are worth suggesting for the domains at hand.
func (p *parser) suggestable(e *entry) bool {
	switch e.kind {
	case kFiller, kApprox, kExample:
		return false
	}
	return !e.scoped() || p.schemaFor(e.domain) != nil
}

// suggest returns up to five lexicon words close to w (normalised), the best
// first, one word per meaning.
func (p *parser) suggest(w string) []string {
	w = strings.ToLower(strings.TrimSpace(w))
	limit := maxDist(w)
	if w == "" || utf8.RuneCountInString(w) > 40 {
		return nil
	}
	type cand struct {
		word string
		d    int
		rank int
	}
	best := map[*entry]cand{}
	if limit == 0 {
		return nil
	}
	for _, lw := range p.lx.all {
		d := textdist.Distance(w, lw)
		ok := d <= limit
		// A word of a phrase (puzzle, ball), or the start of a word (diam).
		if strings.Contains(lw, " ") {
			for _, part := range strings.Split(lw, " ") {
				if pd := textdist.Distance(w, part); utf8.RuneCountInString(part) >= 3 && pd <= limit && (!ok || pd+1 < d) {
					d, ok = pd+1, true
				}
			}
		}
		if !ok && utf8.RuneCountInString(w) >= 3 && strings.HasPrefix(lw, w) {
			d, ok = 1, true
		}
		if !ok || d == 0 {
			continue
		}
		for _, e := range p.lx.words[lw] {
			if !p.suggestable(e) {
				continue
			}
			c := cand{word: lw, d: d, rank: rankOf(e)}
			if old, ok := best[e]; !ok || c.d < old.d || c.d == old.d && p.lx.order[c.word] < p.lx.order[old.word] {
				best[e] = c
			}
		}
	}
	seen := map[string]bool{}
	var cs []cand
	for _, c := range best {
		if !seen[c.word] {
			seen[c.word] = true
			cs = append(cs, c)
		}
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].d != cs[j].d {
			return cs[i].d < cs[j].d
		}
		if cs[i].rank != cs[j].rank {
			return cs[i].rank < cs[j].rank
		}
		return p.lx.order[cs[i].word] < p.lx.order[cs[j].word]
	})
	var out []string
	for _, c := range cs {
		if len(out) == 5 {
			break
		}
		out = append(out, c.word)
	}
	return out
}

// rankOf orders meanings for suggestions: domains first, then parameters and
// choices, then units and the rest.
func rankOf(e *entry) int {
	switch e.kind {
	case kDomain:
		return 0
	case kParam, kMarker, kValue:
		return 1
	case kUnit:
		return 2
	}
	return 3
}
