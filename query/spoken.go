package query

import (
	"fmt"
	"slices"
	"strings"

	"yanchu/badinput"
	"yanchu/spec"
)

// What speech adds to a request: chatter set aside, corrections and negations.

// fix is a correction word: where it stands and whether it corrected a value.
type fix struct {
	start, end int
	used       bool
}

// findFixes records the correction words of the words, in order.
func (p *parser) findFixes() {
	for i := range p.toks {
		t := &p.toks[i]
		if t.kind != tWord {
			continue
		}
		for _, e := range t.node {
			if e.kind == kCorrect && !e.negates {
				p.fixes = append(p.fixes, fix{start: t.start, end: t.end})
				break
			}
		}
	}
}

// correctionAfter returns the index of the first correction word said after
// rune offset at, or -1.
func (p *parser) correctionAfter(at int) int {
	for i, f := range p.fixes {
		if f.start > at {
			return i
		}
	}
	return -1
}

// correctedBetween reports whether a correction word stands between offsets a < b.
func (p *parser) correctedBetween(a, b int) bool {
	i := p.correctionAfter(a)
	return i >= 0 && p.fixes[i].start < b
}

// noteCorrection records that the value earlier of prm was replaced by later,
// through the correction word fixes[i].
func (p *parser) noteCorrection(prm *spec.Param, earlier, later spec.Value, i int) {
	f := &p.fixes[i]
	f.used = true
	p.out.Heard.Corrections = append(p.out.Heard.Corrections, spec.Correction{
		Param: prm.Name, From: said(prm, earlier), To: said(prm, later), Word: p.orig(f.start, f.end)})
}

// negations turns off what each negation names: the parameter or choice after it
// (不要云纹, no ties, without a hub), or before it when nothing follows (ties
// none). 不是 negates only what was not said before it; else it is a correction.
// A negation before a number corrects it instead ("80mm, no, 90mm").
func (p *parser) negations(items []item) error {
	for k := range items {
		it := &items[k]
		if it.kind != iNeg {
			continue
		}
		word := p.orig(it.start, it.end)
		target := -1
		switch {
		case k+1 < len(items) && isOption(&items[k+1]):
			if !it.fix || !saidBefore(items, k, items[k+1].param) {
				target = k + 1
			}
		case it.fix || k+1 < len(items) && items[k+1].kind == iQty:
			// 10层 不是 12层, 80mm no 90mm: a correction.
		case k > 0 && isOption(&items[k-1]) && (items[k-1].kind == iValue || items[k-1].param.Kind == spec.Choice):
			target = k - 1 // ties none
		default:
			return badf(badinput.UnknownWord, "%q needs what to leave out after it, such as 不要云纹 or no ties", word)
		}
		if target < 0 {
			p.fixes = append(p.fixes, fix{start: it.start, end: it.end})
			slices.SortFunc(p.fixes, func(a, b fix) int { return a.start - b.start })
			it.kind = 0
			continue
		}
		opt := &items[target]
		v, err := p.off(opt, word, it.start, it.end)
		if err != nil {
			return err
		}
		opt.used, opt.kind = true, 0
		it.kind = 0
		start, end := min(it.start, opt.start), max(it.end, opt.end)
		v.Source, v.Word = spec.Said, p.orig(start, end)
		if err := p.setAt(opt.param, v, start); err != nil {
			return err
		}
	}
	return nil
}

// isOption reports whether an item names a parameter or a choice that a negation
// may turn off.
func isOption(it *item) bool {
	return (it.kind == iParam || it.kind == iValue) && !it.used && it.param != nil
}

// saidBefore reports whether an item before k names prm.
func saidBefore(items []item, k int, prm *spec.Param) bool {
	for j := 0; j < k; j++ {
		if (items[j].kind == iParam || items[j].kind == iValue || items[j].kind == iSet) && items[j].param == prm {
			return true
		}
	}
	return false
}

// offChoices are the choices that mean "none of it".
var offChoices = []string{"none", "no", "off"}

// off returns the value that turns off what opt names: the choice "none" (or
// "no", "off"); of two choices, the other one; a number that may be 0, 0. Else
// it says why it cannot be turned off.
func (p *parser) off(opt *item, word string, negStart, negEnd int) (spec.Value, error) {
	prm := opt.param
	if prm.Kind == spec.Choice {
		for _, c := range offChoices {
			if slices.Contains(prm.Choices, c) && c != opt.choice {
				return spec.Value{Text: c}, nil
			}
		}
		if opt.kind == iValue && len(prm.Choices) == 2 {
			other := prm.Choices[0]
			if other == opt.choice {
				other = prm.Choices[1]
			}
			return spec.Value{Text: other}, nil
		}
		if opt.kind == iValue && slices.Contains(offChoices, opt.choice) {
			return spec.Value{}, badf(badinput.UnknownWord, "%q leaves out what is already left out; say what you want, such as %s", word, p.examples())
		}
		return spec.Value{}, badf(badinput.Infeasible, "%s cannot be left out of %s; choose one of %s",
			prm.Name, describe(p.sc), strings.Join(prm.Choices, ", "))
	}
	if prm.Kind != spec.Size && prm.Min <= 0 && prm.Max >= 0 {
		return spec.Value{Num: 0, Unit: prm.Kind.Unit()}, nil
	}
	why := prm.Needed
	if why == "" {
		why = fmt.Sprintf("its %s must be between %s and %s%s", prm.Name, spec.FormatNumber(prm.Min), spec.FormatNumber(prm.Max), unitSuffix(prm.Kind))
	}
	return spec.Value{}, badf(badinput.Infeasible, "%q asks for no %s, and a %s needs them: %s; say how many or how large instead, such as %s",
		p.orig(min(opt.start, negStart), max(opt.end, negEnd)), prm.Name, p.sc.Domain, why, exampleFor(prm))
}

// exampleFor returns a way to say a value of prm, for messages: "holes=14".
func exampleFor(prm *spec.Param) string {
	return prm.Name + "=" + exampleValue(prm)
}

// asideOf returns why a token is set aside, or "": chatter, an approximation,
// or a correction word that corrected nothing.
func (p *parser) asideOf(t *token) string {
	if t.kind != tWord {
		return ""
	}
	for _, e := range t.node {
		if e.scoped() && p.sc != nil && e.domain == p.sc.Domain {
			return "" // the domain's own meaning comes first
		}
	}
	for _, e := range t.node {
		switch e.kind {
		case kChatter:
			return e.why
		case kApprox:
			return spec.AsideApproximation
		case kCorrect:
			for _, f := range p.fixes {
				if f.start == t.start {
					if f.used {
						return ""
					}
					return spec.AsideCorrection
				}
			}
			return "" // 不是 that negated
		}
	}
	return ""
}

// isPlainFiller reports whether t is a shared filler (的, for, my).
func isPlainFiller(t *token) bool {
	if t.kind != tWord {
		return false
	}
	for _, e := range t.node {
		if e.kind == kFiller && e.domain == "" {
			return true
		}
	}
	return false
}

// leadsPurpose are the fillers that lead a purpose: 给 in 给孩子玩, "for my"
// in "for my son".
var leadsPurpose = map[string]bool{
	"给": true, "給": true, "当": true, "當": true, "为": true, "為": true, "帮": true, "幫": true, "帮我": true, "幫我": true, "我": true,
	"for": true, "my": true, "as": true, "a": true, "an": true, "the": true, "to": true, "our": true,
	"his": true, "her": true, "their": true,
}

// setAside lists what was set aside, in the order said. A purpose takes in the
// fillers just before it and joins the purpose words around it (送给我爸, for my
// son, as a gift); other chatter is listed word by word.
func (p *parser) setAside() {
	var out []spec.Aside
	lastPurpose := -1 // index in out of the purpose being built
	lastEnd := -1     // token index after which it may continue
	for i := range p.toks {
		t := &p.toks[i]
		why := p.asideOf(t)
		if why == "" {
			if !isPlainFiller(t) {
				lastPurpose = -1
			}
			continue
		}
		if why == spec.AsidePurpose {
			if lastPurpose >= 0 {
				out[lastPurpose].Word = p.orig(p.toks[lastEnd].start, t.end)
				continue
			}
			j := i
			for j > 0 && leadsPurpose[p.toks[j-1].text] && p.asideOf(&p.toks[j-1]) == "" {
				j--
			}
			out = append(out, spec.Aside{Word: p.orig(p.toks[j].start, t.end), Why: why})
			lastPurpose, lastEnd = len(out)-1, j
			continue
		}
		lastPurpose = -1
		out = append(out, spec.Aside{Word: p.orig(t.start, t.end), Why: why})
	}
	p.out.Heard.Aside = out
}
