package query

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// normalize maps full-width ASCII to half-width, the ideographic space to a space,
// × to x and Latin letters to lower case, rune for rune. It returns the runes and,
// for each rune and one past the last, its byte offset in s.
func normalize(s string) ([]rune, []int) {
	rs := make([]rune, 0, len(s))
	offs := make([]int, 0, len(s)+1)
	for i, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == 0x3000:
			r = ' '
		case r == '×' || r == '✕' || r == '✖':
			r = '×'
		case r == '’' || r == '‘':
			r = '\''
		case r == '。' || r == '．':
			r = '。'
		}
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
		} else if unicode.IsUpper(r) {
			r = unicode.ToLower(r)
		}
		rs = append(rs, r)
		offs = append(offs, i)
	}
	offs = append(offs, len(s))
	return rs, offs
}

// isLatin reports whether r is a letter of an alphabet (not Han, not a digit).
func isLatin(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r) && !isHan(r)
}

// isHan reports whether r is a Chinese character.
func isHan(r rune) bool { return r >= 0x2E80 && unicode.Is(unicode.Han, r) }

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

// tokKind is what a scanned token is.
type tokKind uint8

const (
	tWord    tokKind = iota + 1 // a lexicon word
	tNum                        // a number
	tTimes                      // x, × or * (between the sides of a size)
	tAssign                     // name=value, as Canonical prints it
	tUnknown                    // a word in no lexicon entry
)

// token is one scanned piece of the words. start and end index the normalised runes.
type token struct {
	kind       tokKind
	start, end int
	text       string   // normalised text
	node       []*entry // tWord: the meanings
	num        float64  // tNum
	huge       bool     // tNum: beyond float64
	name, raw  string   // tAssign
	rawStart   int      // tAssign: where raw starts
	separated  bool     // a separator (space, punctuation) came before it
	chineseNum bool     // tNum written in Chinese numerals
	frac       bool     // tNum: a fraction alone (1/2, ½), added to a number before it
}

// maxTokens caps the tokens read from one prompt.
const maxTokens = 100

// scan splits normalised runes rs[from:] into tokens. It returns false when there
// are more than maxTokens tokens.
func scan(lx *lexicon, rs []rune, from int) ([]token, bool) {
	var toks []token
	sep := true
	push := func(t token) bool {
		t.separated = sep
		sep = false
		toks = append(toks, t)
		return len(toks) <= maxTokens
	}
	for i := from; i < len(rs); {
		r := rs[i]
		// name=value
		if isLatin(r) && r < utf8.RuneSelf {
			j := i
			for j < len(rs) && (rs[j] < utf8.RuneSelf && (isLatin(rs[j]) || isDigit(rs[j]) || rs[j] == '_')) {
				j++
			}
			if j < len(rs) && rs[j] == '=' {
				k := j + 1
				for k < len(rs) && !unicode.IsSpace(rs[k]) && rs[k] != ',' && rs[k] != '，' {
					k++
				}
				if !push(token{kind: tAssign, start: i, end: k, name: string(rs[i:j]), raw: string(rs[j+1 : k]), rawStart: j + 1, text: string(rs[i:k])}) {
					return toks, false
				}
				i = k
				continue
			}
		}
		if r == 'x' && i > from && isDigit(rs[i-1]) && i+1 < len(rs) && isDigit(rs[i+1]) {
			// Between two digits x is a size's times sign, whatever word it
			// starts ("1x1x3", where x1 names a printer).
			if !push(token{kind: tTimes, start: i, end: i + 1, text: "x"}) {
				return toks, false
			}
			i++
			continue
		}
		wEnd, node := lx.match(rs, i)
		if wEnd > i && wEnd < len(rs) && rs[wEnd] == '=' {
			// The word ran into a name=value ("gear pair=yes"): the name is its own token.
			k := wEnd
			for k > i && rs[k-1] < utf8.RuneSelf && (isLatin(rs[k-1]) || isDigit(rs[k-1]) || rs[k-1] == '_') {
				k--
			}
			wEnd, node = lx.match(rs[:k], i)
		}
		nEnd, num, huge, chinese := scanNumber(rs, i)
		switch {
		case nEnd > i && nEnd > wEnd:
			if !push(token{kind: tNum, start: i, end: nEnd, text: string(rs[i:nEnd]), num: num, huge: huge, chineseNum: chinese, frac: isFraction(rs[i:nEnd])}) {
				return toks, false
			}
			i = nEnd
		case wEnd > i:
			if !push(token{kind: tWord, start: i, end: wEnd, text: node.word, node: node.entries}) {
				return toks, false
			}
			i = wEnd
		case r == '×' || r == '*' || (r == 'x' && (i+1 == len(rs) || !isLatin(rs[i+1])) && (i == 0 || !isLatin(rs[i-1]))):
			if !push(token{kind: tTimes, start: i, end: i + 1, text: "x"}) {
				return toks, false
			}
			i++
		case isLatin(r):
			j := i + 1
			for j < len(rs) && (isLatin(rs[j]) || rs[j] == '\'' && j+1 < len(rs) && isLatin(rs[j+1])) {
				j++
			}
			if !push(token{kind: tUnknown, start: i, end: j, text: string(rs[i:j])}) {
				return toks, false
			}
			i = j
		case isHan(r):
			// Unknown Chinese runs to the next place a word or number starts.
			j := i + 1
			for j < len(rs) && isHan(rs[j]) {
				if e, _ := lx.match(rs, j); e > j {
					break
				}
				if e, _, _, _ := scanNumber(rs, j); e > j {
					break
				}
				j++
			}
			if !push(token{kind: tUnknown, start: i, end: j, text: string(rs[i:j])}) {
				return toks, false
			}
			i = j
		default:
			if !(unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsControl(r) || r == utf8.RuneError) && unicode.IsPrint(r) && !unicode.IsMark(r) {
				// Some other script's digit or character.
				if !push(token{kind: tUnknown, start: i, end: i + 1, text: string(r)}) {
					return toks, false
				}
				i++
				continue
			}
			sep = true
			i++
		}
	}
	return toks, true
}

// vulgar maps the fraction characters to their values.
var vulgar = map[rune]float64{'½': 0.5, '¼': 0.25, '¾': 0.75, '⅓': 1.0 / 3, '⅔': 2.0 / 3, '⅛': 0.125, '⅜': 0.375, '⅝': 0.625, '⅞': 0.875}

// isFraction reports whether a number's text is a fraction alone, less than
// one: 1/2 or ½.
func isFraction(rs []rune) bool {
	if len(rs) == 1 {
		_, ok := vulgar[rs[0]]
		return ok
	}
	slash := strings.IndexRune(string(rs), '/')
	if slash <= 0 {
		return false
	}
	a, err1 := strconv.Atoi(string(rs)[:slash])
	b, err2 := strconv.Atoi(string(rs)[slash+1:])
	return err1 == nil && err2 == nil && a < b
}

// hanDigits maps Chinese digits to their values.
var hanDigits = map[rune]float64{
	'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '兩': 2, '三': 3, '四': 4,
	'五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
}

// hanUnits maps Chinese numeral units to their values.
var hanUnits = map[rune]float64{'十': 10, '拾': 10, '百': 100, '佰': 100, '千': 1000, '仟': 1000, '万': 1e4, '萬': 1e4, '亿': 1e8, '億': 1e8}

func isHanPoint(r rune) bool { return r == '点' || r == '點' }

// scanNumber reads a number at rs[i]: Arabic digits with an optional sign, decimal
// point and exponent, or Chinese numerals. It returns the end (i when there is
// none), the value, whether it overflowed, and whether it was Chinese.
func scanNumber(rs []rune, i int) (end int, v float64, huge, chinese bool) {
	if i >= len(rs) {
		return i, 0, false, false
	}
	r := rs[i]
	if isDigit(r) || r == '.' || r == '-' || r == '+' || r == '−' {
		return scanArabic(rs, i)
	}
	if f, ok := vulgar[r]; ok {
		return i + 1, f, false, false
	}
	if _, ok := hanDigits[r]; ok || r == '十' || r == '百' || r == '千' || r == '拾' {
		return scanHan(rs, i)
	}
	return i, 0, false, false
}

func scanArabic(rs []rune, i int) (int, float64, bool, bool) {
	j := i
	if rs[j] == '-' || rs[j] == '+' || rs[j] == '−' {
		// A sign only where a number starts, not between two numbers or in a word.
		if i > 0 && (isDigit(rs[i-1]) || isLatin(rs[i-1])) {
			return i, 0, false, false
		}
		j++
	}
	digits := 0
	for j < len(rs) && isDigit(rs[j]) {
		j++
		digits++
	}
	if j+1 < len(rs) && rs[j] == '.' && isDigit(rs[j+1]) {
		j++
		for j < len(rs) && isDigit(rs[j]) {
			j++
			digits++
		}
	}
	if digits == 0 {
		return i, 0, false, false
	}
	if f, ok := vulgar[rs[min(j, len(rs)-1)]]; ok && j < len(rs) && isDigit(rs[j-1]) {
		// 3½
		end, v, huge, _ := scanArabic(rs[:j], i)
		if end == j && !huge {
			return j + 1, v + f, false, false
		}
	}
	if k := j; k+1 < len(rs) && rs[k] == '/' && isDigit(rs[k+1]) && !strings.ContainsRune(string(rs[i:j]), '.') {
		// A fraction: 1/2, 3/4.
		k++
		for k < len(rs) && isDigit(rs[k]) {
			k++
		}
		a, _ := strconv.ParseFloat(string(rs[i:j]), 64)
		b, _ := strconv.ParseFloat(string(rs[j+1:k]), 64)
		if b == 0 || math.IsInf(a/b, 0) || math.IsNaN(a/b) {
			return k, 0, true, false
		}
		return k, a / b, false, false
	}
	if j < len(rs) && rs[j] == 'e' {
		k := j + 1
		if k < len(rs) && (rs[k] == '+' || rs[k] == '-') {
			k++
		}
		if k < len(rs) && isDigit(rs[k]) {
			for k < len(rs) && isDigit(rs[k]) {
				k++
			}
			// 2em is not a number with an exponent.
			if !(k < len(rs) && isLatin(rs[k])) {
				j = k
			}
		}
	}
	text := strings.Map(func(r rune) rune {
		if r == '−' {
			return '-'
		}
		return r
	}, string(rs[i:j]))
	v, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		// Only a range error can happen here: the text is digits we chose.
		return j, 0, true, false
	}
	return j, v, false, false
}

func scanHan(rs []rune, i int) (int, float64, bool, bool) {
	j := i
	for j < len(rs) {
		r := rs[j]
		if _, ok := hanDigits[r]; ok {
			j++
			continue
		}
		if _, ok := hanUnits[r]; ok {
			j++
			continue
		}
		if isHanPoint(r) && j+1 < len(rs) && j > i {
			if _, ok := hanDigits[rs[j+1]]; ok {
				j++
				continue
			}
		}
		break
	}
	// A point is followed by digits only.
	for k := i; k < j; k++ {
		if isHanPoint(rs[k]) {
			m := k + 1
			for m < j {
				if _, ok := hanDigits[rs[m]]; !ok {
					break
				}
				m++
			}
			j = m
			break
		}
	}
	v := hanValue(rs[i:j])
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return j, 0, true, true
	}
	return j, v, false, true
}

// hanValue reads Chinese numerals: 十二=12, 一百零五=105, 一百二=120,
// 八十五点五=85.5, 二〇二四=2024.
func hanValue(rs []rune) float64 {
	intPart, frac := rs, []rune(nil)
	for k, r := range rs {
		if isHanPoint(r) {
			intPart, frac = rs[:k], rs[k+1:]
			break
		}
	}
	var v float64
	hasUnit := false
	for _, r := range intPart {
		if _, ok := hanUnits[r]; ok {
			hasUnit = true
		}
	}
	if !hasUnit {
		for _, r := range intPart {
			v = v*10 + hanDigits[r]
		}
	} else {
		var total, section float64
		digit := -1.0
		lastUnit := 0.0 // the unit just passed, for 一百二 = 120
		for _, r := range intPart {
			if d, ok := hanDigits[r]; ok {
				if r == '零' || r == '〇' {
					lastUnit = 0
					digit = -1
					continue
				}
				digit = d
				continue
			}
			u := hanUnits[r]
			if u >= 1e4 {
				if digit >= 0 {
					section += digit
				}
				if section == 0 && total == 0 {
					section = 1
				}
				total = (total + section) * u
				section, digit, lastUnit = 0, -1, u
				continue
			}
			if digit < 0 {
				digit = 1
			}
			section += digit * u
			digit, lastUnit = -1, u
		}
		if digit >= 0 {
			if lastUnit >= 100 {
				section += digit * lastUnit / 10
			} else {
				section += digit
			}
		}
		v = total + section
	}
	scale := 0.1
	for _, r := range frac {
		v += hanDigits[r] * scale
		scale /= 10
	}
	return v
}
