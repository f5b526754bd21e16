package query

import (
	"math"
	"slices"

	"yanchu/badinput"
	"yanchu/spec"
)

// numberAt reads a number at toks[i]: digits, Chinese numerals or English number
// words ("twenty four", "one hundred and twenty", "a dozen", "three point five"),
// with a fraction after it ("3 1/2", "three and a half"). It returns the value
// and the index after it, or ok false.
func numberAt(toks []token, i int) (v float64, next int, huge, ok bool) {
	t := &toks[i]
	switch {
	case t.kind == tNum:
		v, next, huge = t.num, i+1, t.huge
	case isOne(toks, i):
		v, next = 1, i+1
	default:
		if v, next, ok = englishNumber(toks, i); !ok {
			return 0, i, false, false
		}
	}
	if huge {
		return v, next, true, true
	}
	// A decimal point in words: three point five, 3 point 5.
	if next+1 < len(toks) && isDecimal(&toks[next]) && v == math.Trunc(v) {
		scale, k := 0.1, next+1
		for k < len(toks) {
			d, isD := digitAt(&toks[k])
			if !isD {
				break
			}
			v += d * scale
			scale /= 10
			k++
		}
		if k > next+1 {
			next = k
		}
	}
	// A fraction after it: 3 1/2, three and a half.
	if next < len(toks) && !t.frac {
		if f := &toks[next]; f.kind == tNum && f.frac && !f.huge {
			v, next = v+f.num, next+1
		} else if a, isAdd := addOf(f); isAdd {
			v, next = v+a, next+1
		}
	}
	return v, next, false, true
}

// englishNumber reads number words: units and tens (twenty four), hundreds and
// thousands (one hundred and twenty, two thousand five hundred), dozens.
func englishNumber(toks []token, i int) (float64, int, bool) {
	var total, cur float64
	have := false
	j := i
	for j < len(toks) {
		e := numberEntry(&toks[j])
		if e == nil {
			// "and" inside a number: one hundred and twenty.
			if toks[j].text == "and" && have && cur >= 100 && j+1 < len(toks) {
				if n := numberEntry(&toks[j+1]); n != nil && !n.mult && !n.add && n.num >= 1 && n.num < 100 {
					j++
					continue
				}
			}
			break
		}
		switch {
		case e.add:
			if !have {
				return 0, i, false
			}
			// and a half: left to numberAt.
			return total + cur, j, true
		case e.mult:
			if !have {
				cur = 1
			}
			if cur == 0 {
				cur = 1
			}
			cur *= e.num
			if e.num >= 1000 {
				total, cur = total+cur, 0
			}
		case !have:
			cur = e.num
		case e.num < 10 && e.num == math.Trunc(e.num) && e.num >= 1 && int(cur)%10 == 0 && int(cur)%100 >= 20:
			cur += e.num // twenty four
		case e.num < 100 && e.num >= 1 && e.num == math.Trunc(e.num) && int(cur)%100 == 0 && cur >= 100:
			cur += e.num // two hundred (and) five
		default:
			return total + cur, j, true
		}
		have = true
		j++
		if e.num < 1 && !e.mult {
			break // a half, a quarter: a number of its own
		}
	}
	if !have {
		return 0, i, false
	}
	return total + cur, j, true
}

// numberEntry returns the number meaning of a word token, if it has one.
func numberEntry(t *token) *entry {
	if t.kind != tWord {
		return nil
	}
	for _, e := range t.node {
		if e.kind == kNumber {
			return e
		}
	}
	return nil
}

// wordNumber returns the value of a plain number word (not one that adds or
// multiplies).
func wordNumber(t *token) (float64, bool) {
	if e := numberEntry(t); e != nil && !e.add && !e.mult {
		return e.num, true
	}
	return 0, false
}

// addOf returns the value of a word that adds to the number before it (and a half).
func addOf(t *token) (float64, bool) {
	if e := numberEntry(t); e != nil && e.add {
		return e.num, true
	}
	return 0, false
}

// isOne reports whether toks[i] is "one", a filler elsewhere, used as the number
// 1: before a unit, a fraction, a multiplier or a decimal point (one inch, one
// and a half, one point five).
func isOne(toks []token, i int) bool {
	if toks[i].text != "one" {
		return false
	}
	if i > 0 && toks[i-1].kind == tWord && slices.ContainsFunc(toks[i-1].node, func(e *entry) bool { return e.kind == kParam }) {
		return true // module one
	}
	if i+1 >= len(toks) {
		return false
	}
	n := &toks[i+1]
	if unitOf(n, false) != nil || isDecimal(n) {
		return true
	}
	if e := numberEntry(n); e != nil && (e.add || e.mult) {
		return true
	}
	return n.kind == tNum && n.frac
}

// isDecimal reports whether t is "point" of a number said in words.
func isDecimal(t *token) bool {
	if t.kind != tWord {
		return false
	}
	for _, e := range t.node {
		if e.kind == kDecimal {
			return true
		}
	}
	return false
}

// digitAt returns the value of a single digit said after "point": a digit
// word (five) or one Arabic digit.
func digitAt(t *token) (float64, bool) {
	if t.kind == tNum && len(t.text) == 1 && isDigit(rune(t.text[0])) {
		return t.num, true
	}
	if t.text == "one" {
		return 1, true
	}
	if n, ok := wordNumber(t); ok && n < 10 && n == math.Trunc(n) {
		return n, true
	}
	return 0, false
}

// unitOf returns the unit meaning of a word token, if it has one.
func unitOf(t *token, before bool) *entry {
	if t.kind != tWord {
		return nil
	}
	for _, e := range t.node {
		if e.kind == kUnit && e.before == before {
			return e
		}
	}
	return nil
}

// items turns tokens into meaningful items for domain sc, reading numbers with
// their units and sizes (100x60x40mm), dropping fillers.
func (p *parser) items(toks []token, sc *spec.Schema) ([]item, error) {
	var out []item
	for i := 0; i < len(toks); {
		t := &toks[i]
		// 百分之五十
		if u := unitOf(t, true); u != nil && i+1 < len(toks) {
			if v, next, huge, ok := numberAt(toks, i+1); ok {
				q, err := p.qty(v, huge, u, t.start, toks[next-1].end)
				if err != nil {
					return nil, err
				}
				out = append(out, q)
				i = next
				continue
			}
		}
		if v, next, huge, ok := numberAt(toks, i); ok {
			end := toks[next-1].end
			var u *entry
			if next+1 < len(toks) && (toks[next].text == "a" || toks[next].text == "an") && unitOf(&toks[next+1], false) != nil && v < 1 {
				next++ // half an inch
			}
			if next < len(toks) {
				if u = unitOf(&toks[next], false); u != nil {
					end = toks[next].end
					next++
					// 一米半: a half after the unit is half of that unit.
					if next < len(toks) && toks[next].text == "半" && !toks[next].separated {
						v += 0.5
						end = toks[next].end
						next++
					}
				}
			}
			q, err := p.qty(v, huge, u, t.start, end)
			if err != nil {
				return nil, err
			}
			out = append(out, q)
			i = next
			continue
		}
		switch t.kind {
		case tTimes:
			out = append(out, item{kind: iQty, unit: "x", start: t.start, end: t.end})
			i++
			continue
		case tAssign:
			it, err := p.assign(t, sc)
			if err != nil {
				return nil, err
			}
			out = append(out, it)
			i++
			continue
		case tUnknown:
			// Only inside name=value; Parse reports unknown words before.
			return nil, badf(badinput.UnknownWord, "cannot read %q", t.text)
		}
		it, keep, err := p.resolve(t, sc)
		if err != nil {
			return nil, err
		}
		if keep {
			out = append(out, it)
		}
		i++
	}
	return p.sizes(out)
}

// qty makes a quantity item of v in unit u (nil for none).
func (p *parser) qty(v float64, huge bool, u *entry, start, end int) (item, error) {
	word := clip(p.orig(start, end))
	if huge {
		return item{}, badf(badinput.OutOfRange, "%s is far too large a number", word)
	}
	q := item{kind: iQty, start: start, end: end, num: v, factor: 1}
	if u != nil {
		q.unit, q.factor = u.unitKind, u.factor
		q.num = v * u.factor
		if math.IsInf(q.num, 0) || math.IsNaN(q.num) {
			return item{}, badf(badinput.OutOfRange, "%s is far too large", word)
		}
	}
	q.num = roundCanon(q.num)
	return q, nil
}

// sizes merges quantity x quantity x quantity into one size quantity. A unit
// said once, at the end (100x60x40mm), applies to every side.
func (p *parser) sizes(in []item) ([]item, error) {
	isX := func(k int) bool { return k < len(in) && in[k].kind == iQty && in[k].unit == "x" }
	isSide := func(k int) bool {
		return k < len(in) && in[k].kind == iQty && (in[k].unit == "" || in[k].unit == spec.Length)
	}
	var out []item
	for i := 0; i < len(in); i++ {
		if isX(i) {
			return nil, badf(badinput.UnknownWord, "%q stands between the three sides of a size, such as 100x60x40mm", p.orig(in[i].start, in[i].end))
		}
		if !isSide(i) || !isX(i+1) {
			out = append(out, in[i])
			continue
		}
		j := i
		for isSide(j) && isX(j+1) {
			j += 2
		}
		if !isSide(j) || (j-i)/2+1 != 3 {
			end := min(j, len(in)-1)
			return nil, badf(badinput.UnknownWord, "%q is not a size; give three sides, such as 100x60x40mm",
				p.orig(in[i].start, in[end].end))
		}
		sides := []*item{&in[i], &in[i+2], &in[i+4]}
		scale := 1.0
		if sides[2].unit == spec.Length {
			scale = sides[2].factor
		}
		q := item{kind: iQty, unit: spec.Size, start: in[i].start, end: in[j].end}
		for k, s := range sides {
			if s.unit == "" {
				q.vec[k] = roundCanon(s.num * scale)
			} else {
				q.vec[k] = s.num
			}
			if math.IsInf(q.vec[k], 0) || math.IsNaN(q.vec[k]) {
				return nil, badf(badinput.OutOfRange, "%s is far too large", p.orig(q.start, q.end))
			}
		}
		out = append(out, q)
		i = j
	}
	return out, nil
}
