package slicer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// A condition is a compatible_printers_condition or compatible_prints_condition
// of a vendor bundle, in the part of PrusaSlicer's macro language those use:
//
//	printer_notes=~/.*PRINTER_MODEL_MK3.*/ and nozzle_diameter[0]==0.4 and ! (num_extruders > 1)
//
// with and, or, not, !, &&, ||, parentheses; == != < > <= >= on numbers and
// strings; =~ and !~ with a /regex/ matched against the whole value (. matches a
// line break, as in Boost); a bare variable is true when its value is 1 or true.
// Variables are option values, vectors indexed as name[i]; num_extruders is the
// length of nozzle_diameter. An empty condition is true.
func evalCondition(cond string, vars map[string]string) (bool, error) {
	if strings.TrimSpace(cond) == "" {
		return true, nil
	}
	e := &condParser{s: cond, vars: vars}
	v, err := e.or()
	if err == nil {
		e.space()
		if e.i < len(e.s) {
			err = fmt.Errorf("unexpected %q", clip(e.s[e.i:], 20))
		}
	}
	if err != nil {
		return false, fmt.Errorf("slicer: condition %q: %w", clip(cond, 80), err)
	}
	return v.truth(), nil
}

// maxCondDepth bounds the nesting of parentheses and negations.
const maxCondDepth = 100

type condParser struct {
	s     string
	i     int
	depth int
	vars  map[string]string
}

// value is a number (isNum) or a string.
type value struct {
	s     string
	n     float64
	isNum bool
}

func (v value) truth() bool {
	if v.isNum {
		return v.n != 0
	}
	return v.s == "true" || v.s == "1"
}

func boolValue(b bool) value {
	if b {
		return value{n: 1, isNum: true}
	}
	return value{isNum: true}
}

func (e *condParser) space() {
	for e.i < len(e.s) && (e.s[e.i] == ' ' || e.s[e.i] == '\t') {
		e.i++
	}
}

// word consumes the keyword w when it comes next as a whole word.
func (e *condParser) word(w string) bool {
	e.space()
	if !strings.HasPrefix(e.s[e.i:], w) {
		return false
	}
	if j := e.i + len(w); j < len(e.s) && isIdent(e.s[j]) && isIdent(w[len(w)-1]) {
		return false
	}
	e.i += len(w)
	return true
}

func isIdent(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func (e *condParser) or() (value, error) {
	v, err := e.and()
	for err == nil && (e.word("or") || e.word("||")) {
		var w value
		if w, err = e.and(); err == nil {
			v = boolValue(v.truth() || w.truth())
		}
	}
	return v, err
}

func (e *condParser) and() (value, error) {
	v, err := e.unary()
	for err == nil && (e.word("and") || e.word("&&")) {
		var w value
		if w, err = e.unary(); err == nil {
			v = boolValue(v.truth() && w.truth())
		}
	}
	return v, err
}

func (e *condParser) unary() (value, error) {
	if e.depth++; e.depth > maxCondDepth {
		return value{}, fmt.Errorf("nested deeper than %d", maxCondDepth)
	}
	defer func() { e.depth-- }()
	neg := e.word("not")
	if !neg && e.i < len(e.s) && e.s[e.i] == '!' && !strings.HasPrefix(e.s[e.i:], "!=") && !strings.HasPrefix(e.s[e.i:], "!~") {
		e.i++
		neg = true
	}
	if neg {
		v, err := e.unary()
		return boolValue(!v.truth()), err
	}
	return e.compare()
}

func (e *condParser) compare() (value, error) {
	left, err := e.term()
	if err != nil {
		return left, err
	}
	e.space()
	for _, op := range []string{"=~", "!~", "==", "!=", "<>", "<=", ">=", "<", ">"} {
		if !strings.HasPrefix(e.s[e.i:], op) {
			continue
		}
		e.i += len(op)
		if op == "=~" || op == "!~" {
			re, err := e.regex()
			if err != nil {
				return value{}, err
			}
			m := re.MatchString(left.text())
			return boolValue(m == (op == "=~")), nil
		}
		right, err := e.term()
		if err != nil {
			return value{}, err
		}
		return boolValue(compareValues(left, right, op)), nil
	}
	return left, nil
}

func (v value) text() string {
	if v.isNum && v.s == "" {
		return strconv.FormatFloat(v.n, 'g', -1, 64)
	}
	return v.s
}

func compareValues(a, b value, op string) bool {
	var c int
	if a.isNum && b.isNum {
		switch {
		case a.n < b.n:
			c = -1
		case a.n > b.n:
			c = 1
		}
	} else {
		c = strings.Compare(a.text(), b.text())
	}
	switch op {
	case "==":
		return c == 0
	case "!=", "<>":
		return c != 0
	case "<":
		return c < 0
	case ">":
		return c > 0
	case "<=":
		return c <= 0
	}
	return c >= 0
}

// regex reads /.../ and compiles it to match a whole value.
func (e *condParser) regex() (*regexp.Regexp, error) {
	e.space()
	if e.i >= len(e.s) || e.s[e.i] != '/' {
		return nil, fmt.Errorf("expected /regex/ at %d", e.i)
	}
	var b strings.Builder
	j := e.i + 1
	for ; j < len(e.s) && e.s[j] != '/'; j++ {
		if e.s[j] == '\\' && j+1 < len(e.s) {
			if e.s[j+1] != '/' {
				b.WriteByte('\\')
			}
			j++
		}
		b.WriteByte(e.s[j])
	}
	if j >= len(e.s) {
		return nil, fmt.Errorf("unterminated /regex/")
	}
	e.i = j + 1
	re, err := regexp.Compile(`(?s)^(?:` + b.String() + `)$`)
	if err != nil {
		return nil, fmt.Errorf("regex: %w", err)
	}
	return re, nil
}

func (e *condParser) term() (value, error) {
	e.space()
	if e.i >= len(e.s) {
		return value{}, fmt.Errorf("unexpected end")
	}
	c := e.s[e.i]
	switch {
	case c == '(':
		e.i++
		e.depth++
		defer func() { e.depth-- }()
		if e.depth > maxCondDepth {
			return value{}, fmt.Errorf("nested deeper than %d", maxCondDepth)
		}
		v, err := e.or()
		if err != nil {
			return v, err
		}
		e.space()
		if e.i >= len(e.s) || e.s[e.i] != ')' {
			return v, fmt.Errorf("missing )")
		}
		e.i++
		return v, nil
	case c == '"':
		j := strings.IndexByte(e.s[e.i+1:], '"')
		if j < 0 {
			return value{}, fmt.Errorf("unterminated string")
		}
		v := value{s: e.s[e.i+1 : e.i+1+j]}
		e.i += j + 2
		return v, nil
	case c >= '0' && c <= '9' || c == '.' || c == '-':
		j := e.i + 1
		for j < len(e.s) && (e.s[j] >= '0' && e.s[j] <= '9' || e.s[j] == '.' || e.s[j] == 'e' || e.s[j] == 'E') {
			j++
		}
		n, err := strconv.ParseFloat(e.s[e.i:j], 64)
		if err != nil {
			return value{}, fmt.Errorf("bad number %q", e.s[e.i:j])
		}
		e.i = j
		return value{n: n, isNum: true}, nil
	case isIdent(c):
		j := e.i
		for j < len(e.s) && isIdent(e.s[j]) {
			j++
		}
		name := e.s[e.i:j]
		e.i = j
		index := 0
		if e.i < len(e.s) && e.s[e.i] == '[' {
			k := strings.IndexByte(e.s[e.i:], ']')
			if k < 0 {
				return value{}, fmt.Errorf("missing ]")
			}
			n, err := strconv.Atoi(strings.TrimSpace(e.s[e.i+1 : e.i+k]))
			if err != nil || n < 0 {
				return value{}, fmt.Errorf("bad index in %s", name)
			}
			index = n
			e.i += k + 1
		}
		return e.variable(name, index)
	}
	return value{}, fmt.Errorf("unexpected %q", clip(e.s[e.i:], 20))
}

// variable returns item index of the option name.
func (e *condParser) variable(name string, index int) (value, error) {
	switch name {
	case "true":
		return boolValue(true), nil
	case "false":
		return boolValue(false), nil
	case "num_extruders":
		items := strings.Split(e.vars["nozzle_diameter"], ",")
		return value{n: float64(len(items)), isNum: true}, nil
	}
	raw, ok := e.vars[name]
	if !ok {
		return value{}, fmt.Errorf("unknown variable %s", name)
	}
	var items []string
	if strings.HasPrefix(strings.TrimSpace(raw), `"`) {
		items, ok = unescapeList(raw)
		if !ok {
			items = []string{raw}
		}
	} else if strings.Contains(raw, ",") && !strings.Contains(raw, " ") {
		items = strings.Split(raw, ",")
	} else {
		items = []string{strings.ReplaceAll(raw, `\n`, "\n")}
	}
	if index >= len(items) {
		return value{}, fmt.Errorf("%s[%d] is out of range", name, index)
	}
	s := strings.TrimSpace(items[index])
	if n, err := strconv.ParseFloat(s, 64); err == nil {
		return value{s: s, n: n, isNum: true}, nil
	}
	return value{s: s}, nil
}
