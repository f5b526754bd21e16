package query

import (
	"fmt"
	"math"
	"strings"
	"yanchu/internal/textdist"

	"yanchu/badinput"
	"yanchu/spec"
)

// itemKind is what a meaningful piece of the words is, once its domain is known.
type itemKind uint8

const (
	iQty    itemKind = iota + 1 // a number with its unit, or a size
	iParam                      // a parameter word
	iValue                      // a choice word
	iAxis                       // a side of a size (长 宽 高)
	iDomain                     // the domain word
	iSet                        // name=value, already read
	iNeg                        // a negation (不要, no, none), or 不是
)

// item is one meaningful piece of the words.
type item struct {
	kind       itemKind
	start, end int // normalised rune offsets
	// iQty
	unit   spec.Kind // "" for a bare number, else Length, Volume, Angle, Percent or Size
	num    float64
	factor float64 // of the unit said, 1 for none
	vec    [3]float64
	bound  bool
	// iParam, iValue, iSet
	param  *spec.Param
	marker bool
	used   bool
	choice string
	val    spec.Value // iSet
	axis   int        // iAxis
	// double says a radius word named the parameter (iParam); object is the thing
	// of standard size a length was compared with (iQty); fix says a negation
	// may also be a correction (不是).
	double bool
	object *entry
	fix    bool
}

// badf returns a *badinput.Error with a "query: " message.
func badf(code, format string, args ...any) error {
	return &badinput.Error{Code: code, Message: "query: " + fmt.Sprintf(format, args...)}
}

// roundCanon rounds a value to 6 decimals, as spec.FormatNumber prints it, so
// that the canonical form reads back equal.
func roundCanon(x float64) float64 {
	if math.Abs(x) < 1e9 {
		return math.Round(x*1e6) / 1e6
	}
	return x
}

// resolve gives a word token its meaning in domain sc. keep is false for words
// that are understood and ignored.
func (p *parser) resolve(t *token, sc *spec.Schema) (it item, keep bool, err error) {
	base := item{start: t.start, end: t.end}
	for _, e := range t.node {
		if !e.scoped() || e.domain != sc.Domain {
			continue
		}
		switch e.kind {
		case kDomain:
			base.kind = iDomain
			return base, true, nil
		case kParam, kMarker, kRadius:
			if prm, ok := sc.Param(e.param); ok {
				base.kind, base.param, base.marker, base.double = iParam, prm, e.kind == kMarker, e.kind == kRadius
				return base, true, nil
			}
		case kValue:
			if prm, ok := sc.Param(e.param); ok && prm.Kind == spec.Choice {
				base.kind, base.param, base.choice = iValue, prm, e.choice
				return base, true, nil
			}
		}
	}
	for _, e := range t.node {
		switch e.kind {
		case kRadius:
			if e.domain != "" {
				continue // another domain's radius word
			}
			prm := diameterOf(sc)
			if prm == nil {
				return base, false, badf(badinput.UnknownWord, "%s has no diameter for the radius %q to give; give its sizes as %s",
					describe(sc), p.orig(t.start, t.end), p.examples())
			}
			base.kind, base.param, base.double = iParam, prm, true
			return base, true, nil
		case kSizeAxis:
			base.kind, base.axis = iAxis, e.axis
			return base, true, nil
		case kNegate:
			base.kind = iNeg
			return base, true, nil
		case kCorrect:
			if e.negates {
				base.kind, base.fix = iNeg, true
				return base, true, nil
			}
			return base, false, nil
		case kObject:
			base.kind, base.unit, base.num, base.factor, base.object = iQty, spec.Length, e.num, 1, e
			return base, true, nil
		case kChatter, kPrinter, kBrand, kDecimal:
			return base, false, nil
		case kFiller, kApprox:
			if e.domain == "" || e.domain == sc.Domain {
				return base, false, nil
			}
		}
	}
	if ignorable(t) {
		return base, false, nil
	}
	if prm, ok := sc.Param(t.text); ok {
		// A parameter's own name, which another domain's lexicon also holds.
		base.kind, base.param = iParam, prm
		return base, true, nil
	}
	word := p.orig(t.start, t.end)
	for _, e := range t.node {
		if e.kind == kUnit {
			return base, false, badf(badinput.UnknownWord, "the unit %q needs a number before it, such as 80%s", word, word)
		}
		if e.kind == kDomain {
			// Another domain's name while this one is being made.
			return base, false, badf(badinput.UnknownWord, "%q is not something yanchu can make here; it knows %s", word, p.domainNames())
		}
	}
	return base, false, badf(badinput.UnknownWord, "%q means nothing for %s; try %s", word, describe(sc), p.examples())
}

// diameterOf returns the parameter a shared radius word doubles into: the
// schema's Length parameter when it is a diameter, else its first diameter.
func diameterOf(sc *spec.Schema) *spec.Param {
	if prm, ok := sc.Param(sc.Length); ok && prm.Diameter {
		return prm
	}
	for i := range sc.Params {
		if sc.Params[i].Diameter {
			return &sc.Params[i]
		}
	}
	return nil
}

// describe names a domain for people.
func describe(sc *spec.Schema) string {
	switch {
	case sc.Zh != "" && sc.En != "":
		return sc.Zh + " / " + sc.En
	case sc.En != "":
		return sc.En
	}
	return sc.Domain
}

// assign reads a name=value token.
func (p *parser) assign(t *token, sc *spec.Schema) (item, error) {
	prm, ok := sc.Param(t.name)
	if !ok {
		if nw := normWord(t.name); nw != "" {
			for _, e := range p.lx.words[nw] {
				if (e.kind == kParam || e.kind == kMarker) && e.domain == sc.Domain {
					prm, ok = sc.Param(e.param)
				}
			}
		}
	}
	if !ok {
		var names []string
		for _, q := range sc.Params {
			names = append(names, q.Name)
		}
		var sugg []string
		for _, n := range names {
			if textdist.Distance(t.name, n) <= maxDist(t.name) || strings.HasPrefix(n, t.name) && len(t.name) >= 3 {
				sugg = append(sugg, n)
			}
		}
		return item{}, &badinput.Error{Code: badinput.UnknownWord, Suggestions: sugg, Message: fmt.Sprintf(
			"query: %s has no parameter %q; its parameters are %s", describe(sc), t.name, strings.Join(names, ", "))}
	}
	raw := p.orig(t.rawStart, t.end)
	v := spec.Value{Unit: prm.Kind.Unit(), Source: spec.Said, Word: raw}
	bad := func() error {
		return badf(badinput.UnknownWord, "cannot read %q as a value of %s; write it as %s=%s", raw, prm.Name, prm.Name, exampleValue(prm))
	}
	if prm.Kind == spec.Choice {
		text := string(p.rs[t.rawStart:t.end])
		for _, e := range p.lx.words[normWord(text)] {
			if e.kind == kValue && e.domain == sc.Domain && e.param == prm.Name {
				text = e.choice
			}
		}
		if text == "" {
			return item{}, bad()
		}
		v.Text = text
		return item{kind: iSet, param: prm, val: v, start: t.start, end: t.end}, nil
	}
	vt, ok := scan(p.lx, p.rs[:t.end], t.rawStart)
	if !ok {
		return item{}, bad()
	}
	for _, s := range vt {
		if s.kind == tUnknown || s.kind == tAssign {
			return item{}, bad()
		}
	}
	its, err := p.items(vt, sc)
	if err != nil {
		return item{}, err
	}
	if len(its) != 1 || its[0].kind != iQty || !compatible(prm, &its[0]) {
		return item{}, bad()
	}
	v.Num, v.Vec = its[0].num, its[0].vec
	return item{kind: iSet, param: prm, val: v, start: t.start, end: t.end}, nil
}

// exampleValue returns a value of prm as Canonical prints it, for messages.
func exampleValue(prm *spec.Param) string {
	switch prm.Kind {
	case spec.Choice:
		if len(prm.Choices) > 0 {
			return prm.Choices[0]
		}
		return "?"
	case spec.Size:
		return "100x60x40mm"
	}
	x := prm.Default
	switch {
	case x != 0 && x >= prm.Min && x <= prm.Max:
	case prm.Min < 0 && prm.Max > 0:
		x = math.Round(prm.Max / 4) // a twist of 180deg, not of -720deg
	default:
		x = prm.Min
	}
	if len(prm.Values) > 0 {
		x = prm.Values[0]
	}
	return spec.FormatValue(prm.Kind, spec.Value{Num: x})
}

// compatible reports whether quantity q can be a value of prm.
func compatible(prm *spec.Param, q *item) bool {
	switch q.unit {
	case "":
		switch prm.Kind {
		case spec.Count, spec.Number, spec.Length, spec.Angle, spec.Volume, spec.Percent:
			return true
		}
		return false
	case spec.Size:
		return prm.Kind == spec.Size
	}
	return q.unit == prm.Kind
}

// setAt gives prm the value v said at rune offset start, or reports a conflict.
// A second, different value replaces the first when a correction word (不对,
// actually) was said after the first: the later one wins. Else, for a parameter
// with spec.Param.Then, it is the next parameter's, in the order the words say
// them, whatever order they were bound in.
func (p *parser) setAt(prm *spec.Param, v spec.Value, start int) error {
	if p.at == nil {
		p.at = map[string]int{}
	}
	if old, ok := p.out.Params[prm.Name]; ok {
		if old.Num == v.Num && old.Text == v.Text && old.Vec == v.Vec {
			return nil
		}
		at := p.at[prm.Name]
		if fix := p.correctionAfter(min(at, start)); fix >= 0 {
			earlier, later, laterAt := old, v, start
			if at > start {
				earlier, later, laterAt = v, old, at
			}
			p.out.Params[prm.Name], p.at[prm.Name] = later, laterAt
			p.noteCorrection(prm, earlier, later, fix)
			return nil
		}
		if then, ok := p.sc.Param(prm.Then); ok && !p.out.Has(then.Name) {
			if at > start {
				p.out.Params[then.Name], p.out.Params[prm.Name] = old, v
				p.at[then.Name], p.at[prm.Name] = at, start
				return nil
			}
			p.out.Params[then.Name] = v
			p.at[then.Name] = start
			return nil
		}
		return badf(badinput.Conflict, "%s is said twice with different values, %s and %s; say it once, or say which is meant with a correction such as 不对 or actually",
			prm.Name, said(prm, old), said(prm, v))
	}
	p.out.Params[prm.Name] = v
	p.at[prm.Name] = start
	return nil
}

// said prints a value with the words that said it: "80mm (80毫米)".
func said(prm *spec.Param, v spec.Value) string {
	s := spec.FormatValue(prm.Kind, v)
	if v.Word != "" && v.Word != s {
		s = v.Word + " (" + s + ")"
	}
	return s
}

// bindQty binds quantity q to prm, doubled when a radius word named prm; the
// words span [start, end). A length compared with a thing of standard size is
// derived, with a note naming the thing.
func (p *parser) bindQty(prm *spec.Param, q *item, start, end int, double bool) error {
	q.bound = true
	v := spec.Value{Num: q.num, Vec: q.vec, Unit: prm.Kind.Unit(), Source: spec.Said, Word: p.orig(start, end)}
	if double {
		v.Num = roundCanon(2 * v.Num)
		v.Note = "radius " + spec.FormatNumber(q.num) + prm.Kind.Unit() + ", doubled"
	}
	if o := q.object; o != nil {
		v.Source = spec.Derived
		v.Note = fmt.Sprintf("the size of %s, %s mm (%s)", o.name, spec.FormatNumber(o.num), o.note)
		if double {
			v.Note = "twice " + v.Note
		}
	}
	return p.setAt(prm, v, start)
}

// fits reports whether the quantity q lies in prm's range, in prm's unit.
func fits(prm *spec.Param, q *item) bool {
	return q.num >= prm.Min && q.num <= prm.Max
}

// freeQty reports whether items[k] is a quantity not yet bound that fits prm.
func freeQty(items []item, k int, prm *spec.Param) bool {
	return k >= 0 && k < len(items) && items[k].kind == iQty && !items[k].bound && compatible(prm, &items[k])
}

// bind binds the quantities, choices and sides to parameters. The rules, in order:
// a marker word (层, 孔) takes the number before it; a parameter word takes the
// number before it when the number after it does not fit it (first for counts,
// then for all, until nothing changes); a parameter word takes the number after
// it; a side word (长 宽 高) takes the number after or before it; what is left
// goes to the schema's Length, Volume or Size parameter.
func (p *parser) bind(items []item) error {
	// Negations first, so the words they turn off take no number: 不要孔, no ties.
	if err := p.negations(items); err != nil {
		return err
	}
	// Marker words: 12层, 6孔.
	for k := range items {
		it := &items[k]
		if it.kind == iParam && it.marker && freeQty(items, k-1, it.param) {
			it.used = true
			if err := p.bindQty(it.param, &items[k-1], items[k-1].start, it.end, it.double); err != nil {
				return err
			}
		}
	}
	// Parameter words after their number: 5 layers, 80mm diameter.
	for _, countsOnly := range []bool{true, false} {
		for changed := true; changed; {
			changed = false
			for k := range items {
				it := &items[k]
				if it.kind != iParam || it.used || countsOnly && it.param.Kind != spec.Count {
					continue
				}
				if freeQty(items, k-1, it.param) && !freeQty(items, k+1, it.param) &&
					(it.param.Alone == 0 || fits(it.param, &items[k-1])) {
					it.used, changed = true, true
					if err := p.bindQty(it.param, &items[k-1], items[k-1].start, it.end, it.double); err != nil {
						return err
					}
				}
			}
		}
	}
	// Parameter words before their value: 直径80毫米, layers 12, process resin.
	for k := range items {
		it := &items[k]
		if it.kind != iParam || it.used {
			continue
		}
		if freeQty(items, k+1, it.param) {
			it.used = true
			start := items[k+1].start
			if it.double {
				start = it.start // 半径30毫米: the radius word is part of what was said
			}
			if err := p.bindQty(it.param, &items[k+1], start, items[k+1].end, it.double); err != nil {
				return err
			}
		}
	}
	// Choices and name=value.
	for k := range items {
		it := &items[k]
		switch it.kind {
		case iValue:
			v := spec.Value{Text: it.choice, Source: spec.Said, Word: p.orig(it.start, it.end)}
			if err := p.setAt(it.param, v, it.start); err != nil {
				return err
			}
		case iSet:
			if err := p.setAt(it.param, it.val, it.start); err != nil {
				return err
			}
		}
	}
	if err := p.bindSides(items); err != nil {
		return err
	}
	return p.bindLeftovers(items)
}

// bindSides reads 长100宽60高40 into the schema's size parameter.
func (p *parser) bindSides(items []item) error {
	var vec [3]float64
	var have [3]bool
	var sideAt [3]int
	var start, end = -1, -1
	var axisWords []string
	for k := range items {
		it := &items[k]
		if it.kind != iAxis {
			continue
		}
		word := p.orig(it.start, it.end)
		axisWords = append(axisWords, word)
		if p.sc.Size == "" && p.sc.Sides[it.axis] != "" {
			// A domain without a size reads a side as one of its lengths (a
			// vase's 高 is its height).
			prm, ok := p.sc.Param(p.sc.Sides[it.axis])
			if !ok {
				return fmt.Errorf("query: schema %s names side parameter %q, which it does not declare", p.sc.Domain, p.sc.Sides[it.axis])
			}
			qk, err := sideQty(items, k, prm, word)
			if err != nil {
				return err
			}
			start, end := min(it.start, items[qk].start), max(it.end, items[qk].end)
			if err := p.bindQty(prm, &items[qk], start, end, false); err != nil {
				return err
			}
			axisWords = axisWords[:len(axisWords)-1]
			continue
		}
		if p.sc.Size == "" {
			return badf(badinput.UnknownWord, "%q (a side of a box) means nothing for %s; try %s", word, describe(p.sc), p.examples())
		}
		qk, err := sideQty(items, k, &spec.Param{Kind: spec.Length}, word)
		if err != nil {
			return err
		}
		q := &items[qk]
		q.bound = true
		if have[it.axis] && vec[it.axis] != q.num {
			fix := p.correctionAfter(min(sideAt[it.axis], q.start))
			if fix < 0 {
				return badf(badinput.Conflict, "%q is said twice with different values, %s and %s; say it once",
					word, spec.FormatNumber(vec[it.axis])+"mm", spec.FormatNumber(q.num)+"mm")
			}
			side := &spec.Param{Name: word, Kind: spec.Length}
			p.noteCorrection(side, spec.Value{Num: vec[it.axis]}, spec.Value{Num: q.num}, fix)
		}
		vec[it.axis], have[it.axis], sideAt[it.axis] = q.num, true, q.start
		if start < 0 || min(it.start, q.start) < start {
			start = min(it.start, q.start)
		}
		end = max(end, it.end, q.end)
	}
	if len(axisWords) == 0 {
		return nil
	}
	if !have[0] || !have[1] || !have[2] {
		return badf(badinput.OutOfRange, "a size needs all three sides, 长 宽 高 (length, width, height); got only %s",
			strings.Join(axisWords, " "))
	}
	prm, ok := p.sc.Param(p.sc.Size)
	if !ok {
		return fmt.Errorf("query: schema %s names size parameter %q, which it does not declare", p.sc.Domain, p.sc.Size)
	}
	// A size parameter's word just before the sides takes them (内尺寸 长90宽50高30).
	for k := range items {
		if items[k].kind != iAxis {
			continue
		}
		if k > 0 && items[k-1].kind == iParam && !items[k-1].used && items[k-1].param.Kind == spec.Size {
			items[k-1].used = true
			prm = items[k-1].param
			start = min(start, items[k-1].start)
		}
		break
	}
	return p.setAt(prm, spec.Value{Vec: vec, Unit: "mm", Source: spec.Said, Word: p.orig(start, end)}, start)
}

// sideQty returns the index of the quantity a side word at items[k] takes for
// prm: the one after it, or else the one before it.
func sideQty(items []item, k int, prm *spec.Param, word string) (int, error) {
	switch {
	case freeQty(items, k+1, prm):
		return k + 1, nil
	case freeQty(items, k-1, prm):
		return k - 1, nil
	}
	return -1, badf(badinput.UnknownWord, "%q needs a length after it, such as %s100毫米", word, word)
}

// bindLeftovers binds quantities no word claimed to the schema's default
// parameters, and reports parameter words left without a value.
func (p *parser) bindLeftovers(items []item) error {
	var bare []int
	for k := range items {
		q := &items[k]
		if q.kind != iQty || q.bound {
			continue
		}
		word := p.orig(q.start, q.end)
		if q.num < 0 {
			return badf(badinput.OutOfRange, "%s: a negative number fits nothing here; sizes and counts are positive", word)
		}
		target := ""
		switch q.unit {
		case "":
			bare = append(bare, k)
			continue
		case spec.Length:
			target = p.sc.Length
		case spec.Volume:
			target = p.sc.Volume
		case spec.Size:
			target = p.sc.Size
		}
		prm, ok := p.sc.Param(target)
		if target == "" || !ok {
			return p.unplaced(q, word)
		}
		if err := p.bindQty(prm, q, q.start, q.end, false); err != nil {
			return err
		}
	}
	if len(bare) > 0 {
		prm, ok := p.sc.Param(p.sc.Length)
		if len(bare) == 1 && ok && !p.out.Has(prm.Name) {
			// A length without a unit is in millimetres.
			q := &items[bare[0]]
			if err := p.bindQty(prm, q, q.start, q.end, false); err != nil {
				return err
			}
		} else {
			q := &items[bare[0]]
			word := p.orig(q.start, q.end)
			return badf(badinput.UnknownWord, "%s what? say which parameter it is, such as %s", word, p.hint(word))
		}
	}
	for k := range items {
		it := &items[k]
		if it.kind == iParam && !it.used && !p.out.Has(it.param.Name) {
			word := p.orig(it.start, it.end)
			if it.param.Alone != 0 {
				v := spec.Value{Num: it.param.Alone, Unit: it.param.Kind.Unit(), Source: spec.Said, Word: word,
					Note: "said without a value: " + spec.FormatNumber(it.param.Alone) + it.param.Kind.Unit()}
				if err := p.setAt(it.param, v, it.start); err != nil {
					return err
				}
				it.used = true
				continue
			}
			if it.marker {
				return badf(badinput.UnknownWord, "%q needs a number before it, such as %s%s", word, exampleValue(it.param), word)
			}
			return badf(badinput.UnknownWord, "%q needs a value, such as %s %s", word, word, exampleValue(it.param))
		}
	}
	return nil
}

// unplaced reports a quantity with a unit that no word claimed and that has no
// default parameter: it names the parameters of its kind, or says there are none.
func (p *parser) unplaced(q *item, word string) error {
	var names []string
	for _, prm := range p.sc.Params {
		if compatible(&prm, q) {
			names = append(names, prm.Name)
		}
	}
	what := map[spec.Kind]string{spec.Length: "a length", spec.Volume: "a volume", spec.Angle: "an angle",
		spec.Percent: "a percentage", spec.Size: "a size (three sides)"}[q.unit]
	if len(names) == 0 {
		return badf(badinput.UnknownWord, "%s is %s, and %s takes none; try %s", word, what, describe(p.sc), p.examples())
	}
	return badf(badinput.UnknownWord, "%s is %s; say which parameter it is for (%s), such as %s %s",
		word, what, strings.Join(names, ", "), names[0], word)
}

// hint returns ways to say what number n is for: "12层 or 12 layers".
func (p *parser) hint(n string) string {
	var out []string
	for _, prm := range p.sc.Params {
		if prm.Kind != spec.Count {
			continue
		}
		zh, en := p.paramWords(prm.Name)
		if zh != "" {
			out = append(out, n+zh)
		}
		if en != "" {
			out = append(out, n+" "+en)
		}
		if len(out) >= 2 {
			break
		}
	}
	if prm, ok := p.sc.Param(p.sc.Length); ok && !p.out.Has(prm.Name) {
		zh, en := p.paramWords(prm.Name)
		if zh != "" {
			out = append(out, zh+n+"毫米")
		}
		if en != "" {
			out = append(out, en+" "+n+"mm")
		}
	}
	if len(out) == 0 {
		return p.examples()
	}
	return strings.Join(out, " or ")
}

// paramWords returns the first Chinese and the first Latin lexicon word for a
// parameter of the current domain, preferring marker words for Chinese.
func (p *parser) paramWords(name string) (zh, en string) {
	for _, kind := range []entryKind{kMarker, kParam} {
		for _, w := range p.lx.byParam(p.sc.Domain, name, kind) {
			if zh == "" && lang([]rune(w)) == "zh" {
				zh = w
			}
			if en == "" && lang([]rune(w)) == "en" && kind == kParam {
				en = w
			}
		}
	}
	return zh, en
}
